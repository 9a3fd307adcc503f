/* fail.c — the shared error helper behind every module's `…_fail`: one
 * place that formats a message into a GError and returns FALSE. */
#include "fail.h"

gboolean
mpos_fail (GError **error, GQuark domain, int code, const char *format, ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, domain, code, message);
  return FALSE;
}
