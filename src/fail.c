/* fail.c — the shared error helper behind every module's `…_fail`: one
 * place that formats a message into a GError and returns FALSE. */
#include "fail.h"

#include <glib/gi18n-lib.h>

/* Set once by the window before any refusal is made, read by every thread
 * after: a process-wide choice as gettext's own binding is. */
static gint speak_refusals;

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

const char *
mpos_refusal_words (const char *msgid)
{
  return g_atomic_int_get (&speak_refusals) ? g_dgettext (GETTEXT_PACKAGE, msgid) : msgid;
}

void
mpos_refusals_speak (void)
{
  g_atomic_int_set (&speak_refusals, 1);
}
