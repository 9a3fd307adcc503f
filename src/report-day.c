/* report-day.c — the figures of one business day, as the X report shows
 * them now and the Z report keeps them: sales, discounts, tax and tenders
 * from the day's summaries (report-summary.c); cash, stored value, points,
 * coupons and gift cards from the ledgers of the day; cash from the drawer
 * ledger of the day's shifts (shift.h); the unsynced count. */
#include "business-day.h"
#include "report-private.h"
#include "shift.h"
#include "sync-state.h"

#include <string.h>

static MposSql SQL_TOP_UPS = MPOS_SQL (
    "report-day: top-ups",
    "SELECT coalesce (sum (kind = 'top_up'), 0), "
    "coalesce (sum (CASE WHEN kind = 'top_up' THEN principal END), 0), "
    "coalesce (sum (CASE WHEN kind = 'top_up' THEN bonus END), 0), "
    "coalesce (sum (CASE WHEN kind = 'refund' THEN principal END), 0), "
    "coalesce (sum (CASE WHEN kind = 'top_up' AND tender_type = 'cash' THEN principal END), 0), "
    "coalesce (sum (CASE WHEN kind = 'refund' AND tender_type = 'cash' THEN principal END), 0) "
    "FROM sv_top_ups WHERE business_day = :day");
static MposSql SQL_EXCHANGES = MPOS_SQL (
    "report-day: points exchanges",
    "SELECT coalesce (sum (points), 0), "
    "coalesce (sum (CASE WHEN tender_type = 'cash' THEN cash END), 0) "
    "FROM points_exchanges WHERE business_day = :day");
static MposSql SQL_EXPIRED = MPOS_SQL (
    "report-day: points expired",
    "SELECT coalesce (-sum (available + pending), 0) FROM points_ledger "
    "WHERE kind = 'expire' AND created_at >= :from AND created_at < :to");
static MposSql SQL_COUPONS = MPOS_SQL (
    "report-day: coupons",
    "SELECT coalesce (sum (kind = 'issue'), 0), "
    "coalesce (sum (kind = 'redeem'), 0) - coalesce (sum (kind = 'restore'), 0) "
    "FROM coupon_events WHERE created_at >= :from AND created_at < :to");
static MposSql SQL_GIFT_CARDS = MPOS_SQL (
    "report-day: gift cards sold",
    "SELECT coalesce (sum (kind = 'activate'), 0) - coalesce (sum (kind = 'deactivate'), 0), "
    "coalesce (sum (CASE WHEN kind = 'activate' OR kind = 'deactivate' THEN amount END), 0) "
    "FROM gift_card_ledger WHERE created_at >= :from AND created_at < :to");

static MposSql SQL_PENDING_RETURNS = MPOS_SQL (
    "report-day: returns awaiting approval",
    "SELECT count (*) FROM sales s WHERE business_day = :day AND status = 'pending_approval' "
    "AND NOT EXISTS (SELECT 1 FROM return_rejections r WHERE r.sale_id = s.id)");

#define TENDERS mpos_report_tenders

typedef struct
{
  MposStore *store;
  MposReport *report;
  const char *day;
  int64_t from, to;
  GArray *total_sales, *total_returns;     /* "total" rows by kind */
  GArray *tender_sales, *tender_returns;   /* "tender" rows by kind */
} Day;

static void
day_clear (Day *d)
{
  g_clear_pointer (&d->total_sales, g_array_unref);
  g_clear_pointer (&d->total_returns, g_array_unref);
  g_clear_pointer (&d->tender_sales, g_array_unref);
  g_clear_pointer (&d->tender_returns, g_array_unref);
}

static GArray *
read_day (Day *d, const char *dimension, const char *kind, GError **error)
{
  return mpos_report_summary_read (d->store, dimension, d->day, d->day, kind, error);
}

/* Runs a one-row statement of the day (binding whichever of :day, :from,
 * :to it names) and reads its first n columns. */
static gboolean
read_ledger (Day *d, MposSql *sql, int64_t *out, int n, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (d->store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_bind_parameter_index (stmt, ":day") > 0)
    mpos_bind_text (stmt, ":day", d->day);
  if (sqlite3_bind_parameter_index (stmt, ":from") > 0)
    {
      mpos_bind_int64 (stmt, ":from", d->from);
      mpos_bind_int64 (stmt, ":to", d->to);
    }
  rc = mpos_store_step (stmt);
  if (rc != SQLITE_ROW)
    return mpos_store_fail (d->store, rc, "reading the day's figures", error);
  for (int i = 0; i < n; i++)
    out[i] = sqlite3_column_int64 (stmt, i);
  return TRUE;
}

static int64_t
average (int64_t amount, int64_t count)
{
  if (count <= 0)
    return 0;
  return (amount + (amount >= 0 ? count / 2 : -count / 2)) / count; /* half away from zero */
}

/* A figure table titled for what all its figures are (积分, 笔数); one
 * that mixes money with counts is titled 数值 as its figures are added
 * (mpos_report_table_add_figure). */
static void
retitle_values (MposReportTable *t, const char *title)
{
  MposReportColumn *column = &g_array_index (t->columns, MposReportColumn, 1);

  g_free (column->title);
  column->title = g_strdup (title);
}

static MposReportTable *
add_sales (Day *d)
{
  MposSummaryRow s = mpos_summary_row_find (d->total_sales, "");
  MposSummaryRow r = mpos_summary_row_find (d->total_returns, "");
  MposReportTable *t = mpos_report_add_figures (d->report, "sales", "销售");

  mpos_report_table_add_figure (t, MPOS_REPORT_SALES_COUNT, MPOS_REPORT_COUNT, s.records);
  mpos_report_table_add_figure (t, MPOS_REPORT_RETURNS_COUNT, MPOS_REPORT_COUNT, r.records);
  mpos_report_table_add_figure (t, MPOS_REPORT_ITEMS, MPOS_REPORT_COUNT, s.quantity + r.quantity);
  mpos_report_table_add_figure (t, MPOS_REPORT_GROSS, MPOS_REPORT_MONEY, s.gross);
  /* a record's discount_total is negative: what came off */
  mpos_report_table_add_figure (t, MPOS_REPORT_DISCOUNTS, MPOS_REPORT_MONEY, -s.discount);
  mpos_report_table_add_figure (t, MPOS_REPORT_ROUNDING, MPOS_REPORT_MONEY, s.rounding);
  mpos_report_table_add_figure (t, MPOS_REPORT_RETURNS, MPOS_REPORT_MONEY, -r.net);
  mpos_report_table_add_figure (t, MPOS_REPORT_NET_SALES, MPOS_REPORT_MONEY, s.net + r.net);
  mpos_report_table_add_figure (t, MPOS_REPORT_TAX, MPOS_REPORT_MONEY, s.tax + r.tax);
  mpos_report_table_add_figure (t, MPOS_REPORT_AVERAGE_BASKET, MPOS_REPORT_MONEY,
                                average (s.net, s.records));
  return t;
}

/* A return made without a receipt waits for a supervisor: not in the
 * figures until approved, and never once the day has its Z report (the
 * approval is refused then: the return is made again in the new day).
 * A rejected one waits no more (sale-return-reject.c). The note says what
 * to do: before the Z, approve or reject; after it, only reject. X and Z
 * carry the same note (a Z shows the X's tables). */
static gboolean
add_pending_returns (Day *d, MposReportTable *t, GError **error)
{
  int64_t pending;

  if (!read_ledger (d, &SQL_PENDING_RETURNS, &pending, 1, error))
    return FALSE;
  if (pending > 0)
    {
      mpos_report_table_add_figure (t, MPOS_REPORT_RETURNS_PENDING, MPOS_REPORT_COUNT, pending);
      /* the manager's words: where at the till (F10, then F2), not a command */
      mpos_report_table_set_note (t,
                                  "待审批退货未计入：日结前请主管在收银机退货页（F10，再按 "
                                  "F2）审批或驳回；日结后只能驳回，顾客须在新营业日重新办理退货");
    }
  return TRUE;
}

static gboolean
add_discounts (Day *d, GError **error)
{
  static const char *const KINDS[][2] = { { "member", MPOS_REPORT_MEMBER },
                                          { "promotion", MPOS_REPORT_PROMOTION },
                                          { "coupon", MPOS_REPORT_COUPON },
                                          { "manual", MPOS_REPORT_MANUAL } };
  g_autoptr (GArray) rows = read_day (d, "discount", "sale", error);
  MposReportTable *t;
  int64_t total = 0;

  if (rows == NULL)
    return FALSE;
  t = mpos_report_add_table (d->report, "discounts", "折扣");
  mpos_report_table_add_column (t, "kind", "类别", MPOS_REPORT_TEXT);
  mpos_report_table_add_column (t, "amount", "金额", MPOS_REPORT_MONEY);
  for (guint i = 0; i < G_N_ELEMENTS (KINDS); i++)
    {
      int64_t amount = mpos_summary_row_find (rows, KINDS[i][0]).discount;
      mpos_report_table_add_figure (t, KINDS[i][1], MPOS_REPORT_MONEY, amount);
      total += amount;
    }
  mpos_report_table_set_value (t, mpos_report_table_add_row (t, MPOS_REPORT_ROW_TOTAL), 1,
                               MPOS_REPORT_MONEY, total);
  mpos_report_table_set_text (t, t->rows->len - 1, 0, MPOS_REPORT_TOTAL);
  return TRUE;
}

static gboolean
add_tax (Day *d, GError **error)
{
  g_autoptr (GArray) rows = read_day (d, "tax", NULL, error);
  MposReportTable *t;
  int64_t net = 0, tax = 0;
  guint row;

  if (rows == NULL)
    return FALSE;
  t = mpos_report_add_table (d->report, "tax", "税额");
  mpos_report_table_add_column (t, "rate", "税率", MPOS_REPORT_TEXT);
  mpos_report_table_add_column (t, "net", "销售额", MPOS_REPORT_MONEY);
  mpos_report_table_add_column (t, "tax", "税额", MPOS_REPORT_MONEY);
  for (guint i = 0; i < rows->len; i++)
    {
      const MposSummaryRow *r = &g_array_index (rows, MposSummaryRow, i);
      int64_t bp = g_ascii_strtoll (r->key, NULL, 10);
      g_autofree char *rate = bp % 100 ? g_strdup_printf ("%.2f%%", bp / 100.0)
                                       : g_strdup_printf ("%" G_GINT64_FORMAT "%%", bp / 100);
      row = mpos_report_table_add_row (t, MPOS_REPORT_ROW_ITEM);
      mpos_report_table_set_text (t, row, 0, rate);
      mpos_report_table_set_value (t, row, 1, MPOS_REPORT_MONEY, r->net);
      mpos_report_table_set_value (t, row, 2, MPOS_REPORT_MONEY, r->tax);
      net += r->net;
      tax += r->tax;
    }
  row = mpos_report_table_add_row (t, MPOS_REPORT_ROW_TOTAL);
  mpos_report_table_set_text (t, row, 0, MPOS_REPORT_TOTAL);
  mpos_report_table_set_value (t, row, 1, MPOS_REPORT_MONEY, net);
  mpos_report_table_set_value (t, row, 2, MPOS_REPORT_MONEY, tax);
  return TRUE;
}

static void
add_tender_row (MposReportTable *t, guint style, const char *label, int64_t sales,
                int64_t refunds)
{
  guint row = mpos_report_table_add_row (t, style);

  mpos_report_table_set_text (t, row, 0, label);
  mpos_report_table_set_value (t, row, 1, MPOS_REPORT_MONEY, sales);
  mpos_report_table_set_value (t, row, 2, MPOS_REPORT_MONEY, refunds);
  mpos_report_table_set_value (t, row, 3, MPOS_REPORT_MONEY, sales + refunds);
}

/* Cash counts what the drawer kept: tendered less change. */
static void
add_tenders (Day *d)
{
  MposReportTable *t = mpos_report_add_table (d->report, "tenders", "支付方式");
  int64_t change = mpos_summary_row_find (d->total_sales, "").change
                   + mpos_summary_row_find (d->total_returns, "").change;
  int64_t sales = 0, refunds = 0;

  mpos_report_table_add_column (t, "tender", "支付方式", MPOS_REPORT_TEXT);
  mpos_report_table_add_column (t, "sales", "收款", MPOS_REPORT_MONEY);
  mpos_report_table_add_column (t, "refunds", "退款", MPOS_REPORT_MONEY);
  mpos_report_table_add_column (t, "net", "净额", MPOS_REPORT_MONEY);
  for (guint i = 0; i < MPOS_REPORT_N_TENDERS; i++)
    {
      int64_t s = mpos_summary_row_find (d->tender_sales, TENDERS[i].type).net;
      int64_t r = mpos_summary_row_find (d->tender_returns, TENDERS[i].type).net;
      if (i == 0)
        s -= change;
      add_tender_row (t, MPOS_REPORT_ROW_ITEM, TENDERS[i].label, s, r);
      sales += s;
      refunds += r;
    }
  add_tender_row (t, MPOS_REPORT_ROW_TOTAL, MPOS_REPORT_TOTAL, sales, refunds);
  mpos_report_table_set_chart (t, MPOS_REPORT_CHART_SHARE, 3);
  mpos_report_table_set_note (t, "优惠券按折扣计入，见“折扣”");
}

/* The drawer's ledger of the day's shifts (shift.h): what each kind of
 * movement put in or took out, what the drawer should hold, and, once every
 * shift of the day is counted, what was counted and the over/short. */
static const struct
{
  MposCashKind kind;
  const char *label;
} CASH_ROWS[] = {
  { MPOS_CASH_FLOAT, MPOS_REPORT_FLOAT },
  { MPOS_CASH_SALE, MPOS_REPORT_CASH_SALES },
  { MPOS_CASH_CHANGE, MPOS_REPORT_CASH_CHANGE },
  { MPOS_CASH_REFUND, MPOS_REPORT_CASH_REFUNDS },
  { MPOS_CASH_TOP_UP, MPOS_REPORT_CASH_TOP_UPS },
  { MPOS_CASH_TOP_UP_REFUND, MPOS_REPORT_CASH_TOP_UP_REFUNDS },
  { MPOS_CASH_EXCHANGE, MPOS_REPORT_CASH_EXCHANGES },
  { MPOS_CASH_GIFT_CARD, MPOS_REPORT_CASH_GIFT_CARDS },
  { MPOS_CASH_PAY_IN, MPOS_REPORT_PAID_IN },
  { MPOS_CASH_PAY_OUT, MPOS_REPORT_PAID_OUT },
  { MPOS_CASH_DROP, MPOS_REPORT_DROPS },
};

static gboolean
add_cash (Day *d, GError **error)
{
  g_autoptr (GPtrArray) shifts = mpos_shift_list (d->store, d->day, d->day, error);
  MposCashExpectation sum = { 0 };
  MposReportTable *t;
  int64_t counted = 0, over_short = 0;
  gboolean all_counted = TRUE;

  if (shifts == NULL)
    return FALSE;
  for (guint i = 0; i < shifts->len; i++)
    {
      const MposShift *shift = g_ptr_array_index (shifts, i);
      for (int k = 0; k < MPOS_CASH_KIND_COUNT; k++)
        sum.by_kind[k] += shift->cash.by_kind[k];
      sum.expected += shift->cash.expected;
      all_counted = all_counted && shift->status != MPOS_SHIFT_OPEN;
      counted += shift->counted;
      over_short += shift->over_short;
    }
  t = mpos_report_add_figures (d->report, "cash", "现金");
  for (guint i = 0; i < G_N_ELEMENTS (CASH_ROWS); i++)
    mpos_report_table_add_figure (t, CASH_ROWS[i].label, MPOS_REPORT_MONEY,
                                  sum.by_kind[CASH_ROWS[i].kind]);
  mpos_report_table_add_figure (t, MPOS_REPORT_CASH_EXPECTED, MPOS_REPORT_MONEY, sum.expected);
  if (shifts->len > 0 && all_counted)
    {
      mpos_report_table_add_figure (t, MPOS_REPORT_CASH_COUNTED, MPOS_REPORT_MONEY, counted);
      mpos_report_table_add_figure (t, MPOS_REPORT_OVER_SHORT, MPOS_REPORT_MONEY, over_short);
    }
  else
    mpos_report_table_set_note (t, "班次未清点完：无实点现金与长短款");
  return TRUE;
}

static void
add_stored_value (Day *d, const int64_t top_ups[6])
{
  MposReportTable *t = mpos_report_add_figures (d->report, "stored_value", "储值");

  int64_t spent = mpos_summary_row_find (d->tender_sales, "stored_value").net
                  + mpos_summary_row_find (d->tender_returns, "stored_value").net;

  mpos_report_table_add_figure (t, MPOS_REPORT_TOP_UPS_COUNT, MPOS_REPORT_COUNT, top_ups[0]);
  mpos_report_table_add_figure (t, MPOS_REPORT_TOP_UPS, MPOS_REPORT_MONEY, top_ups[1]);
  mpos_report_table_add_figure (t, MPOS_REPORT_BONUS_ISSUED, MPOS_REPORT_MONEY, top_ups[2]);
  mpos_report_table_add_figure (t, MPOS_REPORT_TOP_UP_REFUNDS, MPOS_REPORT_MONEY, top_ups[3]);
  mpos_report_table_add_figure (t, MPOS_REPORT_SV_SPENT, MPOS_REPORT_MONEY, spent);
}

static gboolean
add_points (Day *d, const int64_t exchanges[2], GError **error)
{
  g_autoptr (GArray) rows = read_day (d, "points", NULL, error);
  int64_t expired = 0;
  MposReportTable *t;

  if (rows == NULL || !read_ledger (d, &SQL_EXPIRED, &expired, 1, error))
    return FALSE;
  t = mpos_report_add_figures (d->report, "points", "积分");
  retitle_values (t, "积分");
  mpos_report_table_add_figure (t, MPOS_REPORT_POINTS_EARNED, MPOS_REPORT_POINTS,
                                mpos_summary_row_find (rows, "earned").quantity);
  mpos_report_table_add_figure (t, MPOS_REPORT_POINTS_BURNED, MPOS_REPORT_POINTS,
                                mpos_summary_row_find (rows, "burned").quantity);
  mpos_report_table_add_figure (t, MPOS_REPORT_POINTS_EXPIRED, MPOS_REPORT_POINTS, expired);
  mpos_report_table_add_figure (t, MPOS_REPORT_POINTS_EXCHANGED, MPOS_REPORT_POINTS,
                                exchanges[0]);
  return TRUE;
}

static gboolean
add_coupons_and_gift_cards (Day *d, GError **error)
{
  g_autoptr (GArray) discounts = NULL;
  int64_t coupons[2], cards[2];
  MposReportTable *t;

  if (!read_ledger (d, &SQL_COUPONS, coupons, 2, error)
      || !read_ledger (d, &SQL_GIFT_CARDS, cards, 2, error)
      || (discounts = read_day (d, "discount", NULL, error)) == NULL)
    return FALSE;
  t = mpos_report_add_figures (d->report, "coupons", "优惠券");
  mpos_report_table_add_figure (t, MPOS_REPORT_COUPONS_ISSUED, MPOS_REPORT_COUNT, coupons[0]);
  mpos_report_table_add_figure (t, MPOS_REPORT_COUPONS_REDEEMED, MPOS_REPORT_COUNT, coupons[1]);
  mpos_report_table_add_figure (t, MPOS_REPORT_COUPON_DISCOUNT, MPOS_REPORT_MONEY,
                                mpos_summary_row_find (discounts, "coupon").discount);
  t = mpos_report_add_figures (d->report, "gift_cards", "购物卡");
  mpos_report_table_add_figure (t, MPOS_REPORT_GIFT_CARDS_SOLD, MPOS_REPORT_COUNT, cards[0]);
  mpos_report_table_add_figure (t, MPOS_REPORT_GIFT_CARDS_SOLD_VALUE, MPOS_REPORT_MONEY,
                                cards[1]);
  mpos_report_table_add_figure (
      t, MPOS_REPORT_GIFT_CARDS_REDEEMED, MPOS_REPORT_MONEY,
      mpos_summary_row_find (d->tender_sales, "gift_card").net
          + mpos_summary_row_find (d->tender_returns, "gift_card").net);
  return TRUE;
}

static gboolean
add_sync (Day *d, GError **error)
{
  g_auto (MposSyncStatus) status = { 0 };
  MposReportTable *t;

  if (!mpos_sync_status_load (d->store, &status, error))
    return FALSE;
  t = mpos_report_add_figures (d->report, "sync", "同步");
  retitle_values (t, "笔数");
  mpos_report_table_add_figure (t, MPOS_REPORT_UNSYNCED, MPOS_REPORT_COUNT,
                                MAX (status.journal_seq - status.pushed_seq, 0));
  return TRUE;
}

static gboolean
add_ledger_tables (Day *d, GError **error)
{
  int64_t top_ups[6], exchanges[2];

  return read_ledger (d, &SQL_TOP_UPS, top_ups, 6, error)
         && read_ledger (d, &SQL_EXCHANGES, exchanges, 2, error)
         && add_cash (d, error)
         && (add_stored_value (d, top_ups), add_points (d, exchanges, error))
         && add_coupons_and_gift_cards (d, error) && add_sync (d, error);
}

gboolean
mpos_report_add_day_tables (MposStore *store, MposReport *report, const char *day,
                            GError **error)
{
  Day d = { store, report, day, report->from, report->to, NULL, NULL, NULL, NULL };
  gboolean ok = (d.total_sales = read_day (&d, "total", "sale", error)) != NULL
                && (d.total_returns = read_day (&d, "total", "return", error)) != NULL
                && (d.tender_sales = read_day (&d, "tender", "sale", error)) != NULL
                && (d.tender_returns = read_day (&d, "tender", "return", error)) != NULL;

  if (ok)
    ok = add_pending_returns (&d, add_sales (&d), error) && add_discounts (&d, error)
         && add_tax (&d, error);
  if (ok)
    {
      add_tenders (&d);
      ok = add_ledger_tables (&d, error);
    }
  day_clear (&d);
  return ok;
}

/* ---- the X report ------------------------------------------------------- */

MposReport *
mpos_report_x (MposStore *store, const MposStaffCredential *staff, int64_t now, GError **error)
{
  MposBusinessDay day;
  g_autoptr (MposReport) report = NULL;
  gboolean began;

  if (!mpos_report_authorize (store, staff, NULL, NULL, error)
      || !mpos_business_day_peek (store, now, &day, error)
      || (report = mpos_report_begin (store, "x", "X 报表 · 班中", day.business_day,
                                      day.business_day, now, error))
             == NULL
      || !mpos_report_summary_catch_up (store, error))
    return NULL;
  began = mpos_store_read_begin (store);
  if (!mpos_report_add_day_tables (store, report, day.business_day, error))
    g_clear_pointer (&report, mpos_report_free);
  mpos_store_read_end (store, began);
  return g_steal_pointer (&report);
}
