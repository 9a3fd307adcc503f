/* receipt-no.c — receipt numbers for sales and for the records that are not
 * sales (top-ups, exchanges): one format, one counter per kind and day. */
#include "receipt-no.h"

gboolean
mpos_receipt_no_next (MposStore *store, int64_t now, const char *counter, const char *prefix,
                      char *receipt_no, gsize size, char **day_out, GError **error)
{
  const MposStoreIdentity *identity = mpos_store_get_identity (store, error);
  g_autofree char *day = NULL;
  g_autofree char *name = NULL;
  int64_t seq = 0;

  if (identity == NULL)
    return FALSE;
  day = mpos_store_business_day (store, now);
  name = g_strconcat (counter, ":", day, NULL);
  if (!mpos_store_next_counter (store, name, &seq, error))
    return FALSE;
  g_snprintf (receipt_no, size, "%s-%s-%s-%s%04" G_GINT64_FORMAT, identity->store_code,
              identity->terminal_code, day, prefix, seq);
  if (day_out)
    *day_out = g_steal_pointer (&day);
  return TRUE;
}
