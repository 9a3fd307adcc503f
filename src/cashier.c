/* cashier.c — the cashier of an action that prints a receipt: named by the
 * caller or the terminal's default (settings key terminal.default_cashier).
 * Nothing here prints "unknown": an action without a cashier is refused. */
#include "cashier.h"
#include "store-private.h"

#include <string.h>

#define DEFAULT_CASHIER_KEY "terminal.default_cashier"

/* clang-format off */
G_DEFINE_QUARK (mpos-cashier-error-quark, mpos_cashier_error)
/* clang-format on */

static gboolean
check_id (const char *cashier, GError **error)
{
  gsize length = strlen (cashier);

  if (length == 0 || length > MPOS_CASHIER_MAX_BYTES || !g_utf8_validate (cashier, -1, NULL))
    {
      g_set_error (error, MPOS_CASHIER_ERROR, MPOS_CASHIER_ERROR_INVALID,
                   "a cashier id is 1 to %d bytes of text", MPOS_CASHIER_MAX_BYTES);
      return FALSE;
    }
  for (const char *p = cashier; *p; p++)
    if (g_ascii_iscntrl (*p))
      {
        g_set_error (error, MPOS_CASHIER_ERROR, MPOS_CASHIER_ERROR_INVALID,
                     "a cashier id has no control characters (tabs, line breaks)");
        return FALSE;
      }
  return TRUE;
}

char *
mpos_cashier_get_default (MposStore *store)
{
  char *value = mpos_store_get_setting (store, DEFAULT_CASHIER_KEY);

  if (value != NULL && value[0] == '\0')
    g_clear_pointer (&value, g_free);
  return value;
}

gboolean
mpos_cashier_set_default (MposStore *store, const char *cashier, GError **error)
{
  if (cashier != NULL && cashier[0] != '\0' && !check_id (cashier, error))
    return FALSE;
  return mpos_store_put_setting (store, DEFAULT_CASHIER_KEY, cashier ? cashier : "", error);
}

char *
mpos_cashier_resolve (MposStore *store, const char *given, const char *action, GError **error)
{
  char *fallback;

  if (given != NULL)
    return check_id (given, error) ? g_strdup (given) : NULL;
  fallback = mpos_cashier_get_default (store);
  if (fallback == NULL)
    g_set_error (error, MPOS_CASHIER_ERROR, MPOS_CASHIER_ERROR_MISSING,
                 "%s needs a cashier, whom its receipt names: give --cashier ID, or set this "
                 "terminal's default cashier once with mallposctl init --default-cashier ID",
                 action);
  return fallback;
}
