/* report-period.c — business days as the periods reports cover, the header
 * every report document carries, and the permission to read reports. */
#include "json-fields.h"
#include "report-private.h"
#include "staff-permission.h"
#include "tender.h"

#include <stdio.h>
#include <string.h>

/* clang-format off */
G_DEFINE_QUARK (mpos-report-error-quark, mpos_report_error)
/* clang-format on */

/* Every tender type has its row here, or its takings would be missing from
 * the X/Z reports' tender table: adding a tender (tender.h) fails to compile
 * until its row is added and this names the new last type. */
G_STATIC_ASSERT (MPOS_REPORT_N_TENDERS == MPOS_TENDER_GIFT_CARD + 1);

const MposReportTender mpos_report_tenders[MPOS_REPORT_N_TENDERS] = {
  { "cash", "现金" },         { "bank_card", "银行卡" }, { "mobile", "移动支付" },
  { "stored_value", "储值" }, { "points", "积分" },      { "gift_card", "购物卡" },
  { "other", "其他" },
};

gboolean
mpos_report_day_parse (const char *text, const char *what, char *out, GError **error)
{
  unsigned y = 0, m = 0, d = 0;
  char tail = 0;
  gboolean ok = text != NULL
                && (sscanf (text, "%4u-%2u-%2u%c", &y, &m, &d, &tail) == 3
                    || (strlen (text) == 8 && strspn (text, "0123456789") == 8
                        && sscanf (text, "%4u%2u%2u", &y, &m, &d) == 3))
                && strlen (text) <= 10 && y >= 2000 && y <= 2099 && g_date_valid_dmy (d, m, y);

  if (!ok)
    {
      g_set_error (error, MPOS_REPORT_ERROR, MPOS_REPORT_ERROR_INVALID,
                   "%s “%s” is not a business day: write it as 2026-12-07 (year 2000 to 2099)",
                   what, text ? text : "");
      return FALSE;
    }
  g_snprintf (out, 9, "%04u%02u%02u", y, m, d);
  return TRUE;
}

int64_t
mpos_report_day_start (MposStore *store, const char *day)
{
  const MposStoreIdentity *identity = mpos_store_get_identity (store, NULL);
  int cutoff = identity ? identity->business_day_cutoff_hour : 0;
  unsigned y = 2000, m = 1, d = 1;
  g_autoptr (GDateTime) start = NULL;

  sscanf (day, "%4u%2u%2u", &y, &m, &d);
  start = g_date_time_new (store->time_zone ? store->time_zone : g_time_zone_new_utc (), (int)y,
                           (int)m, (int)d, cutoff, 0, 0);
  return start ? g_date_time_to_unix (start) : 0;
}

static char *
next_day (const char *day)
{
  unsigned y, m, d;
  g_autoptr (GDate) date = NULL;
  char text[16];

  sscanf (day, "%4u%2u%2u", &y, &m, &d);
  date = g_date_new_dmy (d, m, y);
  g_date_add_days (date, 1);
  g_date_strftime (text, sizeof text, "%Y%m%d", date);
  return g_strdup (text);
}

MposReport *
mpos_report_begin (MposStore *store, const char *kind, const char *title, const char *day_from,
                   const char *day_to, int64_t now, GError **error)
{
  const MposStoreIdentity *identity = mpos_store_get_identity (store, error);
  g_autofree char *after = NULL;
  MposReport *report;

  if (identity == NULL)
    return NULL;
  after = next_day (day_to);
  report = mpos_report_new (kind, title);
  report->store_name = g_strdup (identity->store_name ? identity->store_name
                                                      : identity->store_code);
  report->terminal = g_strdup_printf ("%s-%s", identity->store_code, identity->terminal_code);
  report->time_zone = g_strdup (identity->time_zone);
  if (strcmp (day_from, day_to) == 0)
    report->business_day = g_strdup_printf ("%.4s-%.2s-%.2s", day_from, day_from + 4,
                                            day_from + 6);
  report->from = mpos_report_day_start (store, day_from);
  report->to = mpos_report_day_start (store, after);
  report->generated_at = now;
  report->training = mpos_store_is_training (store);
  return report;
}

gboolean
mpos_report_authorize (MposStore *store, const MposStaffCredential *staff,
                       const char *audit_action, const char *ref, GError **error)
{
  MposStaff approver = { 0 };
  gboolean ok = mpos_staff_authorize (store, staff, MPOS_ACTION_REPORT_ACCESS,
                                      staff ? staff->number : NULL, audit_action, ref, &approver,
                                      error);

  mpos_staff_clear (&approver);
  return ok;
}

MposReportTable *
mpos_report_add_figures (MposReport *report, const char *id, const char *title)
{
  MposReportTable *table = mpos_report_add_table (report, id, title);

  mpos_report_table_add_column (table, "label", "项目", MPOS_REPORT_TEXT);
  mpos_report_table_add_column (table, "value", "金额", MPOS_REPORT_MONEY);
  return table;
}
