/* percent.c — basis points share the money grammar (two decimals at most),
 * so the money parser does the digits and this file the range and '%'. */
#include "percent.h"
#include "money.h"

#include <string.h>

/* clang-format off */
G_DEFINE_QUARK (mpos-percent-error-quark, mpos_percent_error)
/* clang-format on */

gboolean
mpos_percent_parse (const char *text, int *basis_points, GError **error)
{
  g_autofree char *digits = g_strstrip (g_strdup (text ? text : ""));
  size_t len = strlen (digits);
  MposMoney value = 0;

  if (len > 0 && digits[len - 1] == '%')
    digits[len - 1] = '\0';
  if (!mpos_money_parse (digits, MPOS_MONEY_PARSE_DEFAULT, &value, NULL) || value > 10000)
    {
      g_set_error (error, MPOS_PERCENT_ERROR, 0,
                   "“%s” is not a percentage from 0%% to 100%% (like 10%% or 9.5%%)",
                   text ? text : "");
      return FALSE;
    }
  *basis_points = (int) value;
  return TRUE;
}

char *
mpos_percent_format (int basis_points)
{
  if (basis_points % 100 == 0)
    return g_strdup_printf ("%d%%", basis_points / 100);
  if (basis_points % 10 == 0)
    return g_strdup_printf ("%d.%d%%", basis_points / 100, (basis_points % 100) / 10);
  return g_strdup_printf ("%d.%02d%%", basis_points / 100, basis_points % 100);
}
