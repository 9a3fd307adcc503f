/* receipt-no.c — receipt numbers for sales and for the records that are not
 * sales (top-ups, exchanges): one format, one counter per kind and day; the
 * day is the business day of business-day.h, which never runs backwards. */
#include "receipt-no.h"

gboolean
mpos_receipt_no_stamp (MposStore *store, int64_t now, const char *counter, const char *prefix,
                       char *receipt_no, gsize size, MposBusinessDay *day, GError **error)
{
  const MposStoreIdentity *identity = mpos_store_get_identity (store, error);
  g_autofree char *name = NULL;
  int64_t seq = 0;

  if (identity == NULL || !mpos_business_day_stamp (store, now, NULL, day, error))
    return FALSE;
  name = g_strconcat (counter, ":", day->business_day, NULL);
  if (!mpos_store_next_counter (store, name, &seq, error))
    return FALSE;
  g_snprintf (receipt_no, size, "%s-%s-%s-%s%04" G_GINT64_FORMAT, identity->store_code,
              identity->terminal_code, day->business_day, prefix, seq);
  return TRUE;
}

gboolean
mpos_receipt_no_next (MposStore *store, int64_t now, const char *counter, const char *prefix,
                      char *receipt_no, gsize size, char **day_out, GError **error)
{
  MposBusinessDay day;

  if (!mpos_receipt_no_stamp (store, now, counter, prefix, receipt_no, size, &day, error))
    return FALSE;
  if (day_out)
    *day_out = g_strdup (day.business_day);
  return TRUE;
}
