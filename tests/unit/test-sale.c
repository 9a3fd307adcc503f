/* test-sale.c — tests for committing sales (src/sale.c, src/sale-write.c),
 * reading them back (src/sale-record.c), their receipts (src/sale-receipt.c)
 * and suspend/resume (src/suspend.c). What a commit wrote is read straight
 * from the store file's tables, so the tests see what the centre and the
 * integrity check will see. */
#include <glib.h>
#include <string.h>

#include "cart-json.h"
#include "cart.h"
#include "catalog.h"
#include "clock.h"
#include "journal-read.h"
#include "json-fields.h"
#include "member.h"
#include "promotion.h"
#include "sale.h"
#include "store-private.h"
#include "suspend.h"
#include "test-util.h"

#define WINDOW "\"starts\":\"2026-01-01T00:00:00+08:00\",\"ends\":\"2030-01-01T00:00:00+08:00\""

/* ---- store fixtures ----------------------------------------------------------- */

/* 100001 noodles 4.50 (13%, 500 in stock, 10% off), 100237 apples 12.80/kg (9%, 100 kg) */
static void
add_small_catalog (MposStore *store)
{
  static const TestSku skus[] = {
    { "100001", "康师傅红烧牛肉面", NULL, "食品/方便面", MPOS_UNIT_PIECE, 1300, 450, 500, NULL },
    { "100237", "红富士苹果", NULL, "生鲜/水果", MPOS_UNIT_WEIGHT, 900, 1280, 100000, NULL },
  };

  test_add_skus (store, skus, G_N_ELEMENTS (skus));
  test_add_promotion (store,
                      "\"code\":\"PCT10\",\"name\":\"方便面九折\",\"type\":\"time_discount\","
                      "\"percent_off\":\"10%\",\"scope\":{\"skus\":[\"100001\"]}," WINDOW);
  test_import_members (
      store, "{\"levels\":[{\"code\":\"gold\",\"name\":\"金卡会员\",\"discount\":\"5%\"}],"
             "\"members\":[{\"card\":\"8800000000017\",\"phone\":\"13800138000\","
             "\"name\":\"张伟\",\"level\":\"gold\"}]}");
}

/* Row counts (and the stock and counter sums) of every table a sale touches, as
 * one comparable string. */
static char *
snapshot (MposStore *store)
{
  return test_snapshot (store, "sales", "sale_lines", "line_adjustments", "tenders",
                        "stock_movements", "SELECT coalesce(sum(stock_qty), 0) FROM skus", "audit",
                        "journal", "SELECT coalesce(sum(value), 0) FROM counters",
                        "suspended_carts", NULL);
}

/* Noodles × 2 (9.00 − 10% = 8.10) and apples 1250 g (16.00) for 50.00 cash. */
static void
commit_small_sale (MposStore *store, MposSaleResult *result)
{
  g_autoptr (MposCart) cart = test_cart_new (store);

  test_cart_add_sku (cart, "100001", 2);
  test_cart_add_sku (cart, "100237", 1250);
  test_cart_pay (cart, MPOS_TENDER_CASH, 5000, NULL);
  test_commit_sale (cart, result);
}

/* ---- commit -------------------------------------------------------------------------- */

static void
test_sale_commit_writes_everything_once (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  g_autoptr (cJSON) payload = NULL;
  g_autofree char *text = NULL;
  g_autofree char *sql = NULL;
  MposSaleResult result;
  const cJSON *item;

  add_small_catalog (ts->store);
  commit_small_sale (ts->store, &result);

  /* 8.10 + 16.00 = 24.10; 50.00 cash, 25.90 change */
  g_assert_cmpstr (result.receipt_no, ==, "S001-T01-20261123-0001");
  g_assert_cmpuint (strlen (result.sale_id), ==, 36);
  g_assert_cmpint (result.total, ==, 2410);
  g_assert_cmpint (result.change, ==, 2590);
  g_assert_cmpint (result.journal_seq, ==, 1);

  /* the header: tax 810 × 13/113 = 93.19 → 93 plus 1600 × 9/109 = 132.11 → 132 */
  sql = g_strdup_printf ("SELECT kind || '|' || status || '|' || business_day || '|' || created_at "
                         "|| '|' || cashier || '|' || item_count || '|' || subtotal || '|' || "
                         "discount_total || '|' || total || '|' || tax_total || '|' || rounding "
                         "|| '|' || tendered || '|' || change || '|' || receipt_no "
                         "FROM sales WHERE id = '%s'",
                         result.sale_id);
  text = test_query_text (ts->store, sql);
  g_assert_cmpstr (text, ==,
                   "sale|completed|20261123|1795399200|1001|3|2500|-90|2410|225|0|5000|2590|"
                   "S001-T01-20261123-0001");
  g_assert_cmpint (test_pinned_now (), ==, 1795399200);

  /* lines, their steps and the payment */
  g_assert_cmpint (test_count_rows (ts->store, "sale_lines"), ==, 2);
  g_assert_cmpint (test_query_int (ts->store, "SELECT net FROM sale_lines WHERE line_no = 1"), ==,
                   810);
  g_assert_cmpint (test_query_int (ts->store, "SELECT qty FROM sale_lines WHERE line_no = 2"), ==,
                   1250);
  g_assert_cmpint (test_query_int (ts->store, "SELECT weighed FROM sale_lines WHERE line_no = 2"),
                   ==, 1);
  g_assert_cmpint (test_count_rows (ts->store, "line_adjustments"), ==, 1);
  g_assert_cmpint (test_query_int (ts->store,
                                   "SELECT amount FROM line_adjustments WHERE line_no = 1 "
                                   "AND kind = 'promotion' AND source = 'PCT10'"),
                   ==, -90);
  g_assert_cmpint (test_count_rows (ts->store, "tenders"), ==, 1);
  g_assert_cmpint (test_query_int (ts->store, "SELECT amount FROM tenders WHERE seq = 1 "
                                              "AND type = 'cash'"),
                   ==, 5000);

  /* stock: one movement per line, the cache follows */
  g_free (sql);
  sql = g_strdup_printf ("SELECT count(*) FROM stock_movements WHERE reason = 'sale' AND ref = '%s'",
                         result.sale_id);
  g_assert_cmpint (test_query_int (ts->store, sql), ==, 2);
  g_assert_cmpint (test_stock_of (ts->store, "100001"), ==, 498);
  g_assert_cmpint (test_stock_of (ts->store, "100237"), ==, 100000 - 1250);

  /* audit and exactly one journal entry, which carries the sale */
  g_assert_cmpint (test_query_int (ts->store,
                                   "SELECT count(*) FROM audit WHERE action = 'sale' AND "
                                   "ref = 'S001-T01-20261123-0001' AND actor = '1001'"),
                   ==, 1);
  g_assert_cmpint (test_count_rows (ts->store, "journal"), ==, 1);
  g_free (sql);
  sql = g_strdup_printf ("SELECT seq FROM journal WHERE kind = 'sale' AND ref_id = '%s'",
                         result.sale_id);
  g_assert_cmpint (test_query_int (ts->store, sql), ==, 1);
  /* a sale's payload is derived from its never-updated rows when read */
  g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM journal WHERE payload IS NULL"),
                   ==, 1);
  entries = mpos_journal_read (ts->store, 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpint (entries->len, ==, 1);
  payload = mpos_journal_entry_payload (g_ptr_array_index (entries, 0));
  g_assert_nonnull (payload);
  item = cJSON_GetObjectItemCaseSensitive (payload, "receipt_no");
  g_assert_cmpstr (cJSON_GetStringValue (item), ==, "S001-T01-20261123-0001");
  /* money travels as strings */
  item = cJSON_GetObjectItemCaseSensitive (payload, "total");
  g_assert_true (cJSON_IsString (item));
  g_assert_cmpstr (cJSON_GetStringValue (item), ==, "24.10");
  item = cJSON_GetObjectItemCaseSensitive (payload, "lines");
  g_assert_cmpint (cJSON_GetArraySize (item), ==, 2);
  test_assert_consistent (ts->store);
}

static void
test_sale_receipt_numbers_per_business_day (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  MposSaleResult result;
  static const struct
  {
    const char *now;
    const char *receipt_no;
    int64_t journal_seq;
  } cases[] = {
    { "2026-11-23T10:00:00+08:00", "S001-T01-20261123-0001", 1 },
    { "2026-11-23T10:05:00+08:00", "S001-T01-20261123-0002", 2 },
    /* before the 04:00 cut-off a sale still belongs to the day before */
    { "2026-11-24T03:59:59+08:00", "S001-T01-20261123-0003", 3 },
    /* the new business day starts again at 0001 */
    { "2026-11-24T04:00:00+08:00", "S001-T01-20261124-0001", 4 },
    /* UTC 23:30 on the 24th is 07:30 on the 25th in Shanghai */
    { "2026-11-24T23:30:00Z", "S001-T01-20261125-0001", 5 },
  };

  add_small_catalog (ts->store);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      test_pin_now (cases[i].now);
      commit_small_sale (ts->store, &result);
      g_assert_cmpstr (result.receipt_no, ==, cases[i].receipt_no);
      g_assert_cmpint (result.journal_seq, ==, cases[i].journal_seq);
    }
  test_pin_now (TEST_NOW_ISO);
  /* the journal is contiguous from 1 */
  g_assert_cmpint (test_query_int (ts->store, "SELECT min(seq) FROM journal"), ==, 1);
  g_assert_cmpint (test_query_int (ts->store, "SELECT max(seq) FROM journal"), ==, 5);
  g_assert_cmpint (test_count_rows (ts->store, "journal"), ==, 5);
  test_assert_consistent (ts->store);
}

static void
test_sale_failed_commit_writes_nothing (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  MposSaleResult result;

  add_small_catalog (ts->store);
  before = snapshot (ts->store);
  {
    /* 24.10 due, 20.00 paid */
    g_autoptr (MposCart) cart = test_cart_new (ts->store);
    test_cart_add_sku (cart, "100001", 2);
    test_cart_add_sku (cart, "100237", 1250);
    test_cart_pay (cart, MPOS_TENDER_CASH, 2000, NULL);
    g_assert_false (mpos_sale_commit (cart, &result, &error));
    g_assert_error (error, MPOS_CART_ERROR, MPOS_CART_ERROR_TENDER);
    g_assert_cmpstr (result.receipt_no, ==, "");
    g_clear_error (&error);
  }
  {
    /* an empty cart */
    g_autoptr (MposCart) cart = test_cart_new (ts->store);
    g_assert_false (mpos_sale_commit (cart, &result, &error));
    g_assert_error (error, MPOS_CART_ERROR, MPOS_CART_ERROR_EMPTY);
    g_clear_error (&error);
  }
  {
    /* fails inside the transaction, after the sale, its lines and stock
     * were written: resuming a suspended sale that does not exist */
    g_autoptr (MposCart) cart = test_cart_new (ts->store);
    test_cart_add_sku (cart, "100001", 1);
    test_cart_pay (cart, MPOS_TENDER_CASH, 500, NULL);
    mpos_cart_set_resumed_from (cart, 42);
    g_assert_false (mpos_sale_commit (cart, &result, &error));
    g_assert_error (error, MPOS_SALE_ERROR, MPOS_SALE_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }
  {
    /* a fault at the very end, when the audit record is written after the
     * sale, its lines, stock and payments: all of it is rolled back */
    g_autoptr (MposCart) cart = test_cart_new (ts->store);
    test_cart_add_sku (cart, "100001", 1);
    test_cart_pay (cart, MPOS_TENDER_CASH, 500, NULL);
    test_exec (ts->store, "CREATE TEMP TRIGGER inject_fault BEFORE INSERT ON main.audit "
                          "WHEN NEW.action = 'sale' "
                          "BEGIN SELECT RAISE (ABORT, 'injected fault'); END");
    g_assert_false (mpos_sale_commit (cart, &result, &error));
    g_assert_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_CONSTRAINT);
    g_clear_error (&error);
    test_exec (ts->store, "DROP TRIGGER temp.inject_fault");
  }
  after = snapshot (ts->store);
  g_assert_cmpstr (after, ==, before);
  test_assert_consistent (ts->store);
  /* no receipt number and no journal sequence was used up */
  commit_small_sale (ts->store, &result);
  g_assert_cmpstr (result.receipt_no, ==, "S001-T01-20261123-0001");
  g_assert_cmpint (result.journal_seq, ==, 1);
  test_assert_consistent (ts->store);
}

/* ---- reading back ---------------------------------------------------------------------- */

static void
test_sale_load_and_receipt_match_the_commit (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (MposCart) cart = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (MposSaleRecord) record = NULL;
  g_autoptr (MposSaleRecord) by_id = NULL;
  g_autoptr (MposReceipt) receipt = NULL;
  g_autoptr (MposTender) mobile = NULL;
  MposSaleResult result;
  const MposSaleLine *line;
  const MposReceiptLine *rline;
  const MposReceiptTender *rtender;

  add_small_catalog (ts->store);
  cart = test_cart_new (ts->store);
  g_assert_true (mpos_cart_set_member (cart, "8800000000017", &error));
  test_cart_add_sku (cart, "100001", 2);
  test_cart_add_sku (cart, "100237", 1250);
  g_assert_true (mpos_cart_set_order_discount (cart, MPOS_DISCOUNT_AMOUNT, 100, "9002", &error));
  /* noodles 9.00: gold 5% −0.45 → 8.55, 10% → 85.5 → −0.86 → 7.69
   * apples 16.00: gold 5% −0.80 → 15.20
   * order 1.00 over 769 : 1520 → 33.60 → 33 (.60), 66.40 → 66 (.40); +1 → 34, 66
   * nets 7.35 + 14.54 = 21.89 */
  mobile = mpos_tender_new_mobile (mpos_payment_provider_cashier_confirmed (),
                                   "134567890123456789", 1000, &error);
  g_assert_no_error (error);
  g_assert_true (mpos_cart_add_tender (cart, mobile, &error));
  test_cart_pay (cart, MPOS_TENDER_CASH, 2000, NULL);
  g_assert_true (mpos_sale_commit (cart, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (result.total, ==, 2189);
  /* 30.00 − 21.89 = 8.11, all from the cash */
  g_assert_cmpint (result.change, ==, 811);

  record = test_sale_load (ts->store, result.receipt_no);
  by_id = test_sale_load (ts->store, result.sale_id);
  g_assert_cmpstr (by_id->receipt_no, ==, record->receipt_no);
  g_assert_cmpstr (record->id, ==, result.sale_id);
  g_assert_cmpstr (record->kind, ==, "sale");
  g_assert_cmpstr (record->status, ==, "completed");
  g_assert_cmpstr (record->cashier, ==, "1001");
  g_assert_cmpstr (record->member_level, ==, "gold");
  g_assert_cmpint (record->member_id, ==, mpos_cart_get_member (cart)->id);
  g_assert_null (record->original_sale_id);
  g_assert_cmpint (record->subtotal, ==, 2500);
  g_assert_cmpint (record->total, ==, 2189);
  g_assert_cmpint (record->discount_total, ==, 2189 - 2500);
  g_assert_cmpint (record->rounding, ==, 0);
  g_assert_cmpint (record->tendered, ==, 3000);
  g_assert_cmpint (record->change, ==, 811);
  g_assert_cmpint (record->item_count, ==, 3);
  g_assert_cmpint (record->created_at, ==, test_pinned_now ());
  g_assert_cmpuint (record->lines->len, ==, 2);
  line = test_sale_line_at (record, 0);
  g_assert_cmpint (line->qty, ==, 2);
  g_assert_cmpint (line->unit_price, ==, 450);
  g_assert_cmpint (line->gross, ==, 900);
  g_assert_cmpint (line->net, ==, 735);
  g_assert_cmpuint (line->adjustments->len, ==, 3);
  line = test_sale_line_at (record, 1);
  g_assert_cmpint (line->net, ==, 1454);
  g_assert_true (line->weighed);
  /* each loaded line still adds up */
  for (guint i = 0; i < record->lines->len; i++)
    {
      const MposSaleLine *l = g_ptr_array_index (record->lines, i);
      MposMoney sum = l->gross;
      for (guint k = 0; k < l->adjustments->len; k++)
        sum += ((MposSaleAdjustment *) g_ptr_array_index (l->adjustments, k))->amount;
      g_assert_cmpint (sum, ==, l->net);
    }
  g_assert_cmpuint (record->tenders->len, ==, 2);
  g_assert_cmpint (test_sale_tender_at (record, 0)->tender->type, ==, MPOS_TENDER_MOBILE);

  receipt = mpos_sale_record_to_receipt (ts->store, record, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (receipt->kind, ==, MPOS_RECEIPT_SALE);
  g_assert_false (receipt->reprint);
  g_assert_cmpstr (receipt->receipt_no, ==, result.receipt_no);
  g_assert_cmpstr (receipt->store_name, ==, "惠民会员超市");
  g_assert_cmpstr (receipt->time_local, ==, "2026-11-23 10:00:00");
  g_assert_cmpstr (receipt->cashier, ==, "1001");
  /* masked in the middle, length kept: 13 digits → 4 + 5 stars + 4 */
  g_assert_cmpstr (receipt->member, ==, "8800*****0017 金卡会员");
  g_assert_cmpint (receipt->subtotal, ==, record->subtotal);
  g_assert_cmpint (receipt->discount_total, ==, record->discount_total);
  g_assert_cmpint (receipt->total, ==, record->total);
  g_assert_cmpint (receipt->tax_total, ==, record->tax_total);
  g_assert_cmpint (receipt->change, ==, 811);
  g_assert_cmpint (receipt->rounding, ==, 0);
  g_assert_cmpint (receipt->item_count, ==, 3);
  g_assert_cmpuint (receipt->lines->len, ==, 2);
  rline = g_ptr_array_index (receipt->lines, 0);
  g_assert_cmpint (rline->net, ==, 735);
  /* the order-level promotion shows once under the goods, not on the line */
  g_assert_cmpuint (rline->adjustments->len, ==, 2);
  g_assert_cmpuint (receipt->order_adjustments->len, ==, 1);
  rtender = g_ptr_array_index (receipt->tenders, 0);
  g_assert_cmpstr (rtender->label, ==, "微信支付");
  g_assert_cmpint (rtender->amount, ==, 1000);
  rtender = g_ptr_array_index (receipt->tenders, 1);
  g_assert_cmpstr (rtender->label, ==, "现金");
  g_assert_cmpint (rtender->amount, ==, 2000);
  test_assert_consistent (ts->store);

  /* an unknown receipt */
  g_assert_null (mpos_sale_load (ts->store, "S001-T01-20261123-9999", &error));
  g_assert_error (error, MPOS_SALE_ERROR, MPOS_SALE_ERROR_NOT_FOUND);
}

static void
test_sale_cash_rounding_is_stored_and_shown (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (MposCart) cart = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (MposSaleRecord) record = NULL;
  g_autoptr (MposReceipt) receipt = NULL;
  MposSaleResult result;
  const MposReceiptLine *rline;
  static const TestSku sku
      = { "100001", "甲", NULL, "食品/杂货", MPOS_UNIT_PIECE, 1300, 617, 100, NULL };

  test_set_store_options (ts->store, 10, NULL);
  test_add_sku_full (ts->store, &sku);
  cart = test_cart_new (ts->store);
  test_cart_add_sku (cart, "100001", 1);
  test_cart_add_sku (cart, "100001", 1);
  test_cart_pay (cart, MPOS_TENDER_CASH, 2000, NULL);
  test_commit_sale (cart, &result);
  /* 12.34 rounded to 12.30 in cash: −0.04 split −0.02 / −0.02 */
  g_assert_cmpint (result.total, ==, 1230);
  g_assert_cmpint (result.change, ==, 770);
  record = test_sale_load (ts->store, result.receipt_no);
  g_assert_cmpint (record->rounding, ==, -4);
  g_assert_cmpint (record->discount_total, ==, 0);
  g_assert_cmpint (record->subtotal, ==, 1234);
  g_assert_cmpint (record->total, ==, 1230);
  g_assert_cmpint (test_query_int (ts->store, "SELECT sum(amount) FROM line_adjustments "
                                              "WHERE kind = 'cash_rounding'"),
                   ==, -4);
  receipt = mpos_sale_record_to_receipt (ts->store, record, FALSE, &error);
  g_assert_no_error (error);
  /* the receipt shows 12.34, then 抹零 −0.04, and no rounding on the lines */
  g_assert_cmpint (receipt->total, ==, 1234);
  g_assert_cmpint (receipt->rounding, ==, -4);
  rline = g_ptr_array_index (receipt->lines, 0);
  g_assert_cmpuint (rline->adjustments->len, ==, 0);
  g_assert_cmpint (rline->net, ==, 615);
  test_assert_consistent (ts->store);
}

static void
test_sale_reprint_is_audited_and_marked (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (MposReceipt) receipt = NULL;
  g_autofree char *text = NULL;
  MposSaleResult result;
  int64_t audit_before, journal_before;

  add_small_catalog (ts->store);
  commit_small_sale (ts->store, &result);
  audit_before = test_count_rows (ts->store, "audit");
  journal_before = test_count_rows (ts->store, "journal");
  receipt = mpos_sale_reprint (ts->store, result.receipt_no, "9001", &error);
  g_assert_no_error (error);
  g_assert_true (receipt->reprint);
  g_assert_cmpstr (receipt->receipt_no, ==, result.receipt_no);
  g_assert_cmpint (receipt->total, ==, 2410);
  text = mpos_receipt_render_text (receipt, 42);
  g_assert_nonnull (strstr (text, "*** 重印 ***"));
  g_assert_cmpint (test_count_rows (ts->store, "audit"), ==, audit_before + 1);
  g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM audit WHERE action = 'reprint' "
                                              "AND actor = '9001' "
                                              "AND ref = 'S001-T01-20261123-0001'"),
                   ==, 1);
  /* a reprint is no sale: the journal is unchanged */
  g_assert_cmpint (test_count_rows (ts->store, "journal"), ==, journal_before);
  /* reprinting something that does not exist audits nothing */
  g_assert_null (mpos_sale_reprint (ts->store, "S001-T01-20261123-0099", "9001", &error));
  g_assert_error (error, MPOS_SALE_ERROR, MPOS_SALE_ERROR_NOT_FOUND);
  g_assert_cmpint (test_count_rows (ts->store, "audit"), ==, audit_before + 1);
  test_assert_consistent (ts->store);
}

static void
test_sale_voids_are_audited (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *detail = NULL;
  MposSaleResult result;

  add_small_catalog (ts->store);
  {
    /* a line voided before payment is recorded with the sale */
    g_autoptr (MposCart) cart = test_cart_new (ts->store);
    test_cart_add_sku (cart, "100001", 1);
    test_cart_add_sku (cart, "100001", 3);
    g_assert_true (mpos_cart_void_line (cart, 2, &error));
    test_cart_pay (cart, MPOS_TENDER_CASH, 500, NULL);
    g_assert_true (mpos_sale_commit (cart, &result, &error));
    g_assert_no_error (error);
    detail = test_query_text (ts->store, "SELECT detail FROM audit WHERE action = 'void_line' "
                                         "AND ref = 'S001-T01-20261123-0001'");
    g_assert_cmpstr (detail, ==, "1 line(s) voided before payment");
    g_assert_cmpint (test_count_rows (ts->store, "sale_lines"), ==, 1);
    g_assert_cmpint (test_stock_of (ts->store, "100001"), ==, 499);
  }
  {
    /* a whole sale voided: audited, nothing sold, no stock moved */
    g_autoptr (MposCart) cart = test_cart_new (ts->store);
    g_autofree char *before = NULL;
    g_autofree char *after = NULL;

    test_cart_add_sku (cart, "100001", 2);
    before = snapshot (ts->store);
    /* A cashier alone may not void a whole sale. */
    g_assert_false (mpos_sale_void (cart, "顾客不要了", &error));
    g_assert_error (error, MPOS_STAFF_ERROR, MPOS_STAFF_ERROR_REQUIRED);
    g_clear_error (&error);
    test_cart_approve (cart);
    g_assert_true (mpos_sale_void (cart, "顾客不要了", &error));
    g_assert_no_error (error);
    after = snapshot (ts->store);
    g_assert_cmpint (test_count_rows (ts->store, "sales"), ==, 1);
    g_assert_cmpint (test_stock_of (ts->store, "100001"), ==, 499);
    g_free (detail);
    detail = test_query_text (ts->store, "SELECT detail FROM audit WHERE action = 'void_sale'");
    /* 2 × 4.50 − 10% = 8.10 */
    g_assert_cmpstr (detail, ==, "1 line(s), total 8.10: 顾客不要了");
    g_free (detail);
    detail = test_query_text (ts->store,
                              "SELECT approved_by FROM audit WHERE action = 'void_sale'");
    g_assert_cmpstr (detail, ==, "2001");
    g_assert_cmpstr (before, !=, after);
  }
  test_assert_consistent (ts->store);
}

/* ---- suspend and resume ------------------------------------------------------------------- */

static void
test_sale_resume_removes_suspended_in_same_commit (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) list = NULL;
  g_autoptr (MposSuspended) suspended = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  MposSaleResult result;
  int64_t id = 0;

  add_small_catalog (ts->store);
  {
    g_autoptr (MposCart) cart = test_cart_new (ts->store);
    g_autoptr (MposCart) empty = test_cart_new (ts->store);

    g_assert_false (mpos_suspend_cart (empty, "nothing", &id, &error));
    g_assert_error (error, MPOS_CART_ERROR, MPOS_CART_ERROR_EMPTY);
    g_clear_error (&error);
    g_assert_true (mpos_cart_set_member (cart, "13800138000", &error));
    test_cart_add_sku (cart, "100001", 2);
    test_cart_add_sku (cart, "100237", 1250);
    g_assert_true (mpos_cart_set_line_discount (cart, 2, MPOS_DISCOUNT_AMOUNT, 100, "9001",
                                                &error));
    g_assert_true (mpos_suspend_cart (cart, "顾客去拿东西", &id, &error));
    g_assert_no_error (error);
    g_assert_cmpint (id, >, 0);
  }
  list = mpos_suspend_list (ts->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((MposSuspended *) g_ptr_array_index (list, 0))->note, ==, "顾客去拿东西");
  g_assert_cmpint (
      test_query_int (ts->store, "SELECT count(*) FROM audit WHERE action = 'suspend'"), ==, 1);
  /* suspending sells nothing */
  g_assert_cmpint (test_count_rows (ts->store, "sales"), ==, 0);

  suspended = mpos_suspend_get (ts->store, id, &error);
  g_assert_no_error (error);
  {
    /* the document rebuilds the cart: gold 5%, 10% promotion, line discount 1.00:
     * noodles 7.69 (as in the load test), apples 16.00 − 0.80 − 1.00 = 14.20 */
    g_autoptr (MposCart) cart = mpos_cart_from_json (
        ts->store, suspended->document, strlen (suspended->document), test_pinned_now (), &error);
    g_assert_no_error (error);
    g_assert_cmpint (mpos_cart_total (cart), ==, 769 + 1420);
    g_assert_cmpstr (mpos_cart_get_member (cart)->card_no, ==, "8800000000017");
    mpos_cart_set_resumed_from (cart, id);
    g_assert_cmpint (mpos_cart_get_resumed_from (cart), ==, id);
    test_cart_pay (cart, MPOS_TENDER_CASH, 2189, NULL);
    test_commit_sale (cart, &result);
    g_assert_cmpint (result.total, ==, 2189);
  }
  g_assert_cmpint (test_count_rows (ts->store, "suspended_carts"), ==, 0);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = mpos_suspend_list (ts->store, &error);
  g_assert_cmpuint (list->len, ==, 0);
  {
    /* the same suspended sale a second time (say, from a stale screen): refused, nothing written */
    g_autoptr (MposCart) cart = mpos_cart_from_json (
        ts->store, suspended->document, strlen (suspended->document), test_pinned_now (), &error);
    g_assert_no_error (error);
    mpos_cart_set_resumed_from (cart, id);
    test_cart_pay (cart, MPOS_TENDER_CASH, 2189, NULL);
    before = snapshot (ts->store);
    g_assert_false (mpos_sale_commit (cart, &result, &error));
    g_assert_error (error, MPOS_SALE_ERROR, MPOS_SALE_ERROR_NOT_FOUND);
    g_clear_error (&error);
    after = snapshot (ts->store);
    g_assert_cmpstr (after, ==, before);
  }
  g_assert_null (mpos_suspend_get (ts->store, id, &error));
  g_assert_error (error, MPOS_SALE_ERROR, MPOS_SALE_ERROR_NOT_FOUND);
  g_assert_cmpint (test_count_rows (ts->store, "sales"), ==, 1);
  g_assert_cmpint (test_count_rows (ts->store, "journal"), ==, 1);
  test_assert_consistent (ts->store);
}

/* ---- the demo sale -------------------------------------------------------------------------- */

/* A line's adjustments are kept as a JSON array on the line (0010): a
 * promotion name with quotes and a backslash comes back as it was, through
 * the record and the line_adjustments view. */
static void
test_sale_adjustment_labels_survive_json (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (MposSaleRecord) record = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *stored = NULL;
  const MposSaleLine *noodles;
  const MposSaleAdjustment *adj;
  MposSaleResult result;

  add_small_catalog (ts->store);
  test_add_promotion (ts->store,
                      "\"code\":\"QUOTE\",\"name\":\"买\\\"一\\\"送\\\\一\","
                      "\"type\":\"time_discount\",\"priority\":9,\"percent_off\":\"5%\","
                      "\"scope\":{\"skus\":[\"100001\"]}," WINDOW);
  commit_small_sale (ts->store, &result);

  g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM sale_lines WHERE "
                                              "adjustments IS NOT NULL AND NOT json_valid (adjustments)"),
                   ==, 0);
  stored = test_query_text (ts->store, "SELECT group_concat (label, '|') FROM line_adjustments "
                                       "WHERE source = 'QUOTE'");
  g_assert_nonnull (strstr (stored, "买\"一\"送\\一"));
  record = mpos_sale_load (ts->store, result.receipt_no, &error);
  g_assert_no_error (error);
  noodles = g_ptr_array_index (record->lines, 0);
  g_assert_cmpuint (noodles->adjustments->len, >=, 1);
  for (guint k = 0; k < noodles->adjustments->len; k++)
    {
      adj = g_ptr_array_index (noodles->adjustments, k);
      g_assert_cmpint (adj->seq, ==, (int) k + 1);
      if (g_strcmp0 (adj->source, "QUOTE") == 0)
        g_assert_nonnull (strstr (adj->label, "买\"一\"送\\一"));
    }
  /* the apples have no adjustment: NULL, not an empty array */
  g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM sale_lines "
                                              "WHERE line_no = 2 AND adjustments IS NULL"),
                   ==, 1);
}

/* Tenders are kept on the sale row as JSON (0012): a bank card reference
 * with a quote and a backslash, and the split, come back as they were. */
static void
test_sale_tenders_survive_json (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (MposCart) cart = NULL;
  g_autoptr (MposSaleRecord) record = NULL;
  g_autoptr (GError) error = NULL;
  const MposSaleTender *card, *cash;
  MposSaleResult result;

  add_small_catalog (ts->store);
  cart = test_cart_new (ts->store);
  test_cart_add_sku (cart, "100001", 2);
  test_cart_pay (cart, MPOS_TENDER_BANK_CARD, 500, "RRN\"12\\34");
  test_cart_pay (cart, MPOS_TENDER_CASH, 1000, NULL);
  test_commit_sale (cart, &result);

  record = mpos_sale_load (ts->store, result.receipt_no, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (record->tenders->len, ==, 2);
  card = g_ptr_array_index (record->tenders, 0);
  cash = g_ptr_array_index (record->tenders, 1);
  g_assert_cmpint (card->seq, ==, 1);
  g_assert_cmpint (card->tender->type, ==, MPOS_TENDER_BANK_CARD);
  g_assert_cmpint (card->tender->amount, ==, 500);
  g_assert_cmpstr (card->tender->reference, ==, "RRN\"12\\34");
  g_assert_cmpint (cash->seq, ==, 2);
  g_assert_cmpint (cash->tender->amount, ==, 1000);
  g_assert_null (cash->tender->reference);
  g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM tenders WHERE original_seq "
                                              "IS NULL AND reference IS NULL"),
                   ==, 1);
  test_assert_consistent (ts->store);
}

/* A payment type this program does not know (a damaged byte, a newer
 * version's tender) is refused when the sale is read, not shown as "other". */
static void
test_sale_unknown_tender_type_refused (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (MposCart) cart = NULL;
  g_autoptr (MposSaleRecord) record = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *sql = NULL;
  MposSaleResult result;

  add_small_catalog (ts->store);
  cart = test_cart_new (ts->store);
  test_cart_add_sku (cart, "100001", 1);
  test_cart_pay (cart, MPOS_TENDER_CASH, 1000, NULL);
  test_commit_sale (cart, &result);
  sql = g_strdup_printf ("UPDATE sales SET tenders = replace (tenders, '\"cash\"', '\"cosh\"') "
                         "WHERE receipt_no = '%s'", result.receipt_no);
  test_exec (ts->store, sql);

  record = mpos_sale_load (ts->store, result.receipt_no, &error);
  g_assert_null (record);
  g_assert_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "“cosh”"));
}

static void
test_sale_demo_sale_commits_consistently (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autoptr (GError) error = NULL;
  g_autoptr (MposSaleRecord) record = NULL;
  g_autoptr (MposReceipt) receipt = NULL;
  g_autofree char *text = NULL;
  MposSaleResult result;
  int64_t beer_before = test_stock_of (ts->store, "100211");
  int64_t apples_before = test_stock_of (ts->store, "100237");

  test_assert_consistent (ts->store);
  test_commit_demo_sale (ts->store, &result);
  /* 152.55 as worked out line by line in test-pricing; 200.00 cash, 47.45 change */
  g_assert_cmpint (result.total, ==, 15255);
  g_assert_cmpint (result.change, ==, 4745);
  g_assert_cmpstr (result.receipt_no, ==, "S001-T01-20261123-0001");
  g_assert_cmpint (result.journal_seq, ==, 1);
  g_assert_cmpint (test_stock_of (ts->store, "100211"), ==, beer_before - 3);
  g_assert_cmpint (test_stock_of (ts->store, "100237"), ==, apples_before - 1250);

  record = test_sale_load (ts->store, result.receipt_no);
  g_assert_cmpuint (record->lines->len, ==, 7);
  g_assert_cmpint (record->subtotal, ==, 18230);
  g_assert_cmpint (record->total, ==, 15255);
  g_assert_cmpint (record->discount_total, ==, 15255 - 18230);
  g_assert_cmpint (record->tendered, ==, 20000);
  /* 2 + 3 + 1 (weighed) + 1 + 2 + 1 + 1 */
  g_assert_cmpint (record->item_count, ==, 11);
  receipt = mpos_sale_record_to_receipt (ts->store, record, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (receipt->total, ==, 15255);
  g_assert_cmpint (receipt->change, ==, 4745);
  text = mpos_receipt_render_text (receipt, 42);
  g_assert_nonnull (strstr (text, "S001-T01-20261123-0001"));
  g_assert_nonnull (strstr (text, "152.55"));
  test_assert_consistent (ts->store);
  /* the store reopens with the sale intact */
  test_store_reopen (ts);
  g_clear_pointer (&record, mpos_sale_record_free);
  record = test_sale_load (ts->store, "S001-T01-20261123-0001");
  g_assert_cmpint (record->total, ==, 15255);
  test_assert_consistent (ts->store);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* Receipt numbers and business days follow the pinned clock. */
  test_pin_now (TEST_NOW_ISO);

  g_test_add_func ("/sale/commit-writes-everything-once", test_sale_commit_writes_everything_once);
  g_test_add_func ("/sale/receipt-numbers-per-business-day",
                   test_sale_receipt_numbers_per_business_day);
  g_test_add_func ("/sale/failed-commit-writes-nothing", test_sale_failed_commit_writes_nothing);
  g_test_add_func ("/sale/load-and-receipt-match-the-commit",
                   test_sale_load_and_receipt_match_the_commit);
  g_test_add_func ("/sale/cash-rounding-is-stored-and-shown",
                   test_sale_cash_rounding_is_stored_and_shown);
  g_test_add_func ("/sale/reprint-is-audited-and-marked", test_sale_reprint_is_audited_and_marked);
  g_test_add_func ("/sale/voids-are-audited", test_sale_voids_are_audited);
  g_test_add_func ("/sale/resume-removes-suspended-in-same-commit",
                   test_sale_resume_removes_suspended_in_same_commit);
  g_test_add_func ("/sale/demo-sale-commits-consistently", test_sale_demo_sale_commits_consistently);
  g_test_add_func ("/sale/adjustment-labels-survive-json", test_sale_adjustment_labels_survive_json);
  g_test_add_func ("/sale/tenders-survive-json", test_sale_tenders_survive_json);
  g_test_add_func ("/sale/unknown-tender-type-refused", test_sale_unknown_tender_type_refused);

  return g_test_run ();
}
