/* mpos-format.c — pieces, weights, times and business days as the window shows them. */
#include "mpos-format.h"

#include <glib/gi18n.h>
#include <string.h>

char *
mpos_format_qty (int64_t qty, gboolean weighed)
{
  if (weighed)
    return g_strdup_printf ("%" G_GINT64_FORMAT ".%03" G_GINT64_FORMAT " kg", qty / 1000,
                            qty % 1000);
  return g_strdup_printf ("×%" G_GINT64_FORMAT, qty);
}

char *
mpos_format_money (MposMoney amount)
{
  return mpos_money_format (amount, MPOS_MONEY_FORMAT_SYMBOL);
}

char *
mpos_format_store_time (MposStore *store, int64_t utc_seconds, const char *format)
{
  const MposStoreIdentity *identity = mpos_store_get_identity (store, NULL);
  g_autoptr (GTimeZone) zone
      = identity && identity->time_zone ? g_time_zone_new_identifier (identity->time_zone) : NULL;
  g_autoptr (GDateTime) utc = utc_seconds > 0 ? g_date_time_new_from_unix_utc (utc_seconds) : NULL;
  g_autoptr (GDateTime) local = NULL;

  if (utc == NULL)
    return g_strdup ("");
  local = zone ? g_date_time_to_timezone (utc, zone) : g_date_time_to_local (utc);
  return g_date_time_format (local, format);
}

char *
mpos_format_business_day (const char *day)
{
  guint64 ymd = 0;
  g_autoptr (GDateTime) date = NULL;

  if (day == NULL || strlen (day) != 8
      || !g_ascii_string_to_unsigned (day, 10, 10000101, 99991231, &ymd, NULL))
    return g_strdup (day ? day : "");
  date
      = g_date_time_new_utc ((int)(ymd / 10000), (int)(ymd / 100 % 100), (int)(ymd % 100), 0, 0, 0);
  if (date == NULL)
    return g_strdup (day); /* no such date */
  /* TRANSLATORS: a business day as g_date_time_format writes it; zh: "%Y年%-m月%-d日" */
  return g_date_time_format (date, _ ("%Y-%m-%d"));
}
