/* test-sale-return.c — tests for src/sale-return.c: returns with a receipt
 * refund exactly what was paid for the units returned (the k-th of n units
 * refunds round(net·k/n) − round(net·(k−1)/n)), back to the original tenders
 * last first; returns without a receipt wait for a supervisor. The store is
 * checked for consistency after every step. */
#include <glib.h>
#include <string.h>

#include "cart.h"
#include "catalog.h"
#include "clock.h"
#include "sale.h"
#include "store-private.h"
#include "test-util.h"

#define NOW_TEXT "2026-11-23T10:00:00+08:00"

static int64_t
test_now (void)
{
  int64_t t = 0;

  g_assert_true (mpos_clock_parse_iso8601 (NOW_TEXT, &t));
  return t;
}

/* ---- fixtures ------------------------------------------------------------------ */

static void
add_sku (MposStore *store, const char *code, const char *name, MposUnit unit, int tax_bp,
         MposMoney price, int64_t stock)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *product = g_strconcat ("P", code, NULL);
  MposSkuRecord r = { 0 };
  int64_t id = 0;

  r.sku_code = code;
  r.product_code = product;
  r.name = name;
  r.category_path = unit == MPOS_UNIT_WEIGHT ? "生鲜/水果" : "食品/杂货";
  r.unit = unit;
  r.tax_rate_bp = tax_bp;
  r.set_stock = TRUE;
  r.stock_qty = stock;
  g_assert_true (mpos_store_begin (store, &error));
  g_assert_true (mpos_catalog_upsert_sku (store, &r, test_now (), &id, &error));
  g_assert_true (mpos_catalog_add_price (store, id, NULL, price, 0, 0, test_now (), &error));
  g_assert_true (mpos_store_commit (store, &error));
  g_assert_no_error (error);
}

/* A: 4.00 (13%), X: 60.00, Y: 40.00, apples 12.80/kg (9%) */
static TestStore *
store_new (void)
{
  TestStore *ts = test_store_new ();

  add_sku (ts->store, "100001", "甲", MPOS_UNIT_PIECE, 1300, 400, 100);
  add_sku (ts->store, "100002", "乙", MPOS_UNIT_PIECE, 1300, 333, 100);
  add_sku (ts->store, "100060", "X", MPOS_UNIT_PIECE, 1300, 6000, 100);
  add_sku (ts->store, "100040", "Y", MPOS_UNIT_PIECE, 1300, 4000, 100);
  add_sku (ts->store, "100237", "红富士苹果", MPOS_UNIT_WEIGHT, 900, 1280, 100000);
  return ts;
}

static int64_t
query_int (MposStore *store, const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  int64_t value;

  g_assert_cmpint (sqlite3_prepare_v2 (mpos_store_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static int64_t
stock_of (MposStore *store, const char *sku)
{
  g_autofree char *sql = g_strdup_printf ("SELECT stock_qty FROM skus WHERE code = '%s'", sku);

  return query_int (store, sql);
}

static char *
snapshot (MposStore *store)
{
  return g_strdup_printf (
      "sales=%" G_GINT64_FORMAT " lines=%" G_GINT64_FORMAT " tenders=%" G_GINT64_FORMAT
      " movements=%" G_GINT64_FORMAT " stock=%" G_GINT64_FORMAT " audit=%" G_GINT64_FORMAT
      " journal=%" G_GINT64_FORMAT " counters=%" G_GINT64_FORMAT,
      query_int (store, "SELECT count(*) FROM sales"),
      query_int (store, "SELECT count(*) FROM sale_lines"),
      query_int (store, "SELECT count(*) FROM tenders"),
      query_int (store, "SELECT count(*) FROM stock_movements"),
      query_int (store, "SELECT coalesce(sum(stock_qty), 0) FROM skus"),
      query_int (store, "SELECT count(*) FROM audit"),
      query_int (store, "SELECT count(*) FROM journal"),
      query_int (store, "SELECT coalesce(sum(value), 0) FROM counters"));
}

static MposCart *
new_cart (MposStore *store)
{
  g_autoptr (GError) error = NULL;
  MposCart *cart = mpos_cart_new (store, mpos_clock_now (), &error);

  g_assert_no_error (error);
  mpos_cart_set_cashier (cart, "1001");
  return cart;
}

static MposCartLine *
add (MposCart *cart, const char *sku, int64_t qty)
{
  g_autoptr (GError) error = NULL;
  MposCartLine *line = mpos_cart_add_sku (cart, sku, qty, &error);

  g_assert_no_error (error);
  return line;
}

static void
pay (MposCart *cart, MposTenderType type, MposMoney amount, const char *reference)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposTender) tender = mpos_tender_new (
      type, amount, reference,
      type == MPOS_TENDER_CASH ? NULL : type == MPOS_TENDER_MOBILE ? "cashier-confirmed" : "cashier");

  g_assert_true (mpos_cart_add_tender (cart, tender, &error));
  g_assert_no_error (error);
}

static void
commit (MposCart *cart, MposSaleResult *result)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (mpos_sale_commit (cart, result, &error));
  g_assert_no_error (error);
}

static GArray *
request (int line_no, int64_t qty)
{
  GArray *lines = g_array_new (FALSE, TRUE, sizeof (MposReturnRequest));
  MposReturnRequest req = { line_no, qty };

  g_array_append_val (lines, req);
  return lines;
}

static void
request_add (GArray *lines, int line_no, int64_t qty)
{
  MposReturnRequest req = { line_no, qty };

  g_array_append_val (lines, req);
}

static MposSaleRecord *
load (MposStore *store, const char *receipt_no)
{
  g_autoptr (GError) error = NULL;
  MposSaleRecord *record = mpos_sale_load (store, receipt_no, &error);

  g_assert_no_error (error);
  return record;
}

static const MposSaleTender *
tender_at (const MposSaleRecord *record, guint i)
{
  g_assert_cmpuint (i, <, record->tenders->len);
  return g_ptr_array_index (record->tenders, i);
}

static const MposSaleLine *
line_at (const MposSaleRecord *record, guint i)
{
  g_assert_cmpuint (i, <, record->lines->len);
  return g_ptr_array_index (record->lines, i);
}

/* ---- with a receipt ------------------------------------------------------------ */

static void
test_return_whole_sale (void)
{
  g_autoptr (TestStore) ts = store_new ();
  g_autoptr (MposCart) cart = new_cart (ts->store);
  g_autoptr (GError) error = NULL;
  g_autoptr (MposSaleRecord) ret = NULL;
  g_autoptr (MposReceipt) receipt = NULL;
  MposSaleResult sale, result;
  const MposSaleLine *line;

  /* A × 2 = 8.00; apples 1250 g = 16.00; 24.00 for 50.00 cash, 26.00 change */
  add (cart, "100001", 2);
  add (cart, "100237", 1250);
  pay (cart, MPOS_TENDER_CASH, 5000, NULL);
  commit (cart, &sale);
  g_assert_cmpint (stock_of (ts->store, "100001"), ==, 98);

  g_assert_true (mpos_sale_return (ts->store, sale.receipt_no, NULL, "1002", "质量问题", &result,
                                   &error));
  g_assert_no_error (error);
  g_assert_cmpint (result.total, ==, -2400);
  g_assert_cmpstr (result.receipt_no, ==, "S001-T01-20261123-0002");
  g_assert_cmpint (result.journal_seq, ==, 2);

  ret = load (ts->store, result.receipt_no);
  g_assert_cmpstr (ret->kind, ==, "return");
  g_assert_cmpstr (ret->status, ==, "completed");
  g_assert_cmpstr (ret->original_sale_id, ==, sale.sale_id);
  g_assert_cmpstr (ret->original_receipt_no, ==, sale.receipt_no);
  g_assert_cmpstr (ret->cashier, ==, "1002");
  g_assert_cmpstr (ret->reason, ==, "质量问题");
  g_assert_cmpint (ret->subtotal, ==, -2400);
  g_assert_cmpint (ret->total, ==, -2400);
  g_assert_cmpint (ret->tendered, ==, -2400);
  g_assert_cmpint (ret->change, ==, 0);
  /* 2 pieces and 1 weighed line */
  g_assert_cmpint (ret->item_count, ==, -3);
  /* tax: 800 × 13/113 = 92.04 → 92; 1600 × 9/109 = 132.11 → 132 */
  g_assert_cmpint (ret->tax_total, ==, -(92 + 132));
  g_assert_cmpuint (ret->lines->len, ==, 2);
  line = line_at (ret, 0);
  g_assert_cmpint (line->original_line_no, ==, 1);
  g_assert_cmpint (line->qty, ==, 2);
  g_assert_cmpint (line->net, ==, -800);
  g_assert_cmpint (line->tax, ==, -92);
  line = line_at (ret, 1);
  g_assert_cmpint (line->original_line_no, ==, 2);
  g_assert_cmpint (line->qty, ==, 1250);
  g_assert_cmpint (line->gross, ==, -1600);
  g_assert_cmpint (line->net, ==, -1600);
  /* the cash that paid (50.00 less 26.00 change) goes back */
  g_assert_cmpuint (ret->tenders->len, ==, 1);
  g_assert_cmpint (tender_at (ret, 0)->tender->type, ==, MPOS_TENDER_CASH);
  g_assert_cmpint (tender_at (ret, 0)->tender->amount, ==, -2400);
  g_assert_cmpint (tender_at (ret, 0)->original_seq, ==, 1);
  /* stock is back */
  g_assert_cmpint (stock_of (ts->store, "100001"), ==, 100);
  g_assert_cmpint (stock_of (ts->store, "100237"), ==, 100000);
  g_assert_cmpint (query_int (ts->store, "SELECT count(*) FROM stock_movements "
                                         "WHERE reason = 'return'"),
                   ==, 2);
  g_assert_cmpint (query_int (ts->store, "SELECT count(*) FROM journal WHERE kind = 'return'"), ==,
                   1);
  g_assert_cmpint (query_int (ts->store, "SELECT count(*) FROM audit WHERE action = 'return' "
                                         "AND actor = '1002'"),
                   ==, 1);
  /* the return's receipt */
  receipt = mpos_sale_record_to_receipt (ts->store, ret, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (receipt->kind, ==, MPOS_RECEIPT_RETURN);
  g_assert_cmpstr (receipt->original_receipt_no, ==, sale.receipt_no);
  g_assert_cmpint (receipt->total, ==, -2400);
  g_assert_cmpint (((MposReceiptLine *) g_ptr_array_index (receipt->lines, 0))->qty, ==, -2);
  test_assert_consistent (ts->store);
}

static void
test_return_one_by_one_refunds_sum_to_line_net (void)
{
  g_autoptr (TestStore) ts = store_new ();
  g_autoptr (MposCart) cart = new_cart (ts->store);
  g_autoptr (GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  MposSaleResult sale, result;
  MposCartLine *line;
  /* A × 3 = 12.00 less a 2.00 line discount: net 10.00, tax 1000 × 13/113 = 115.04 → 1.15.
   * Unit k refunds round(1000·k/3) − round(1000·(k−1)/3): 333 − 0, 667 − 333, 1000 − 667;
   * tax 38 − 0, 77 − 38, 115 − 77; gross 400 each. */
  static const MposMoney refunds[] = { -333, -334, -333 };
  static const MposMoney taxes[] = { -38, -39, -38 };
  MposMoney refunded = 0;

  line = add (cart, "100001", 3);
  add (cart, "100040", 1);
  g_assert_true (mpos_cart_set_line_discount (cart, line->line_no, MPOS_DISCOUNT_AMOUNT, 200,
                                              "9001", &error));
  g_assert_cmpint (line->net, ==, 1000);
  g_assert_cmpint (line->tax, ==, 115);
  pay (cart, MPOS_TENDER_CASH, 10000, NULL);
  commit (cart, &sale);

  for (guint k = 0; k < G_N_ELEMENTS (refunds); k++)
    {
      g_autoptr (GArray) lines = request (1, 1);
      g_autoptr (MposSaleRecord) ret = NULL;

      g_assert_true (mpos_sale_return (ts->store, sale.receipt_no, lines, "1001", NULL, &result,
                                       &error));
      g_assert_no_error (error);
      g_assert_cmpint (result.total, ==, refunds[k]);
      ret = load (ts->store, result.receipt_no);
      g_assert_cmpuint (ret->lines->len, ==, 1);
      g_assert_cmpint (line_at (ret, 0)->qty, ==, 1);
      g_assert_cmpint (line_at (ret, 0)->gross, ==, -400);
      g_assert_cmpint (line_at (ret, 0)->net, ==, refunds[k]);
      g_assert_cmpint (line_at (ret, 0)->tax, ==, taxes[k]);
      g_assert_cmpint (tender_at (ret, 0)->tender->amount, ==, refunds[k]);
      refunded += result.total;
      g_assert_cmpint (stock_of (ts->store, "100001"), ==, 97 + k + 1);
      test_assert_consistent (ts->store);
    }
  /* the three refunds add up to what the line cost, to the fen */
  g_assert_cmpint (refunded, ==, -1000);

  /* a fourth unit does not exist */
  before = snapshot (ts->store);
  {
    g_autoptr (GArray) lines = request (1, 1);
    g_assert_false (mpos_sale_return (ts->store, sale.receipt_no, lines, "1001", NULL, &result,
                                      &error));
    g_assert_error (error, MPOS_SALE_ERROR, MPOS_SALE_ERROR_ALREADY_RETURNED);
    g_clear_error (&error);
  }
  after = snapshot (ts->store);
  g_assert_cmpstr (after, ==, before);
  /* the rest of the sale can still go back: Y, 40.00 */
  g_assert_true (mpos_sale_return (ts->store, sale.receipt_no, NULL, "1001", NULL, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (result.total, ==, -4000);
  test_assert_consistent (ts->store);
}

static void
test_return_partial_qty_then_rest (void)
{
  g_autoptr (TestStore) ts = store_new ();
  g_autoptr (MposCart) cart = new_cart (ts->store);
  g_autoptr (GError) error = NULL;
  MposSaleResult sale, result;

  /* 乙 3.33 × 3 + 乙 3.33 + 乙 3.33 = 16.65, order discount 1.00 over 999 : 333 : 333:
   * exactly 60, 20, 20; nets 9.39, 3.13, 3.13 = 15.65 */
  add (cart, "100002", 3);
  add (cart, "100002", 1);
  add (cart, "100002", 1);
  g_assert_true (mpos_cart_set_order_discount (cart, MPOS_DISCOUNT_AMOUNT, 100, "9002", &error));
  pay (cart, MPOS_TENDER_CASH, 2000, NULL);
  commit (cart, &sale);
  g_assert_cmpint (sale.total, ==, 1565);
  {
    /* 2 of the 3 on line 1: round(939 × 2/3) = 626 */
    g_autoptr (GArray) lines = request (1, 2);
    request_add (lines, 3, 0); /* 0: all of line 3 */
    g_assert_true (mpos_sale_return (ts->store, sale.receipt_no, lines, "1001", NULL, &result,
                                     &error));
    g_assert_no_error (error);
    g_assert_cmpint (result.total, ==, -(626 + 313));
  }
  test_assert_consistent (ts->store);
  {
    /* everything left: the last unit of line 1 (939 − 626 = 313) and line 2 (313) */
    g_autoptr (MposSaleRecord) ret = NULL;
    g_assert_true (mpos_sale_return (ts->store, sale.receipt_no, NULL, "1001", NULL, &result,
                                     &error));
    g_assert_no_error (error);
    g_assert_cmpint (result.total, ==, -(313 + 313));
    ret = load (ts->store, result.receipt_no);
    g_assert_cmpuint (ret->lines->len, ==, 2);
    g_assert_cmpint (line_at (ret, 0)->original_line_no, ==, 1);
    g_assert_cmpint (line_at (ret, 0)->qty, ==, 1);
    g_assert_cmpint (line_at (ret, 1)->original_line_no, ==, 2);
  }
  /* all refunds together are the sale's total */
  g_assert_cmpint (query_int (ts->store, "SELECT sum(total) FROM sales WHERE kind = 'return'"), ==,
                   -1565);
  g_assert_cmpint (stock_of (ts->store, "100002"), ==, 100);
  test_assert_consistent (ts->store);
}

static void
test_return_weighed_by_grams (void)
{
  g_autoptr (TestStore) ts = store_new ();
  g_autoptr (MposCart) cart = new_cart (ts->store);
  g_autoptr (GError) error = NULL;
  MposSaleResult sale, result;

  add (cart, "100237", 1250); /* 16.00 */
  pay (cart, MPOS_TENDER_CASH, 1600, NULL);
  commit (cart, &sale);
  {
    /* 500 of 1250 g: round(1600 × 500/1250) = 640 */
    g_autoptr (GArray) lines = request (1, 500);
    g_assert_true (mpos_sale_return (ts->store, sale.receipt_no, lines, "1001", NULL, &result,
                                     &error));
    g_assert_no_error (error);
    g_assert_cmpint (result.total, ==, -640);
    g_assert_cmpint (stock_of (ts->store, "100237"), ==, 100000 - 750);
  }
  {
    g_autoptr (GArray) lines = request (1, 751);
    g_assert_false (mpos_sale_return (ts->store, sale.receipt_no, lines, "1001", NULL, &result,
                                      &error));
    g_assert_error (error, MPOS_SALE_ERROR, MPOS_SALE_ERROR_INVALID);
    g_clear_error (&error);
  }
  g_assert_true (mpos_sale_return (ts->store, sale.receipt_no, NULL, "1001", NULL, &result, &error));
  g_assert_cmpint (result.total, ==, -960);
  g_assert_cmpint (stock_of (ts->store, "100237"), ==, 100000);
  test_assert_consistent (ts->store);
}

static void
test_return_more_than_remains_refused (void)
{
  g_autoptr (TestStore) ts = store_new ();
  g_autoptr (MposCart) cart = new_cart (ts->store);
  g_autoptr (GError) error = NULL;
  g_autofree char *before = NULL;
  MposSaleResult sale, result;
  static const struct
  {
    int line_no;
    int64_t qty;
  } bad[] = {
    { 1, 4 },  /* 3 were sold */
    { 1, -1 }, /* a negative quantity */
    { 3, 1 },  /* no line 3 */
    { 0, 1 },  /* no line 0 */
  };

  add (cart, "100001", 3);
  add (cart, "100040", 1);
  pay (cart, MPOS_TENDER_CASH, 5200, NULL);
  commit (cart, &sale);
  before = snapshot (ts->store);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GArray) lines = request (bad[i].line_no, bad[i].qty);
      g_autofree char *after = NULL;

      g_assert_false (mpos_sale_return (ts->store, sale.receipt_no, lines, "1001", NULL, &result,
                                        &error));
      g_assert_error (error, MPOS_SALE_ERROR, MPOS_SALE_ERROR_INVALID);
      g_clear_error (&error);
      after = snapshot (ts->store);
      g_assert_cmpstr (after, ==, before);
    }
  {
    /* the same line twice in one return may not add up to more than was sold */
    g_autoptr (GArray) lines = request (1, 2);
    g_autofree char *after = NULL;

    request_add (lines, 1, 2);
    g_assert_false (mpos_sale_return (ts->store, sale.receipt_no, lines, "1001", NULL, &result,
                                      &error));
    g_assert_error (error, MPOS_SALE_ERROR, MPOS_SALE_ERROR_INVALID);
    g_clear_error (&error);
    after = snapshot (ts->store);
    g_assert_cmpstr (after, ==, before);
  }
  {
    /* … while two requests within what remains are one return: 1 + 2 units, 12.00 */
    g_autoptr (GArray) lines = request (1, 1);
    g_autoptr (MposSaleRecord) ret = NULL;

    request_add (lines, 1, 2);
    g_assert_true (mpos_sale_return (ts->store, sale.receipt_no, lines, "1001", NULL, &result,
                                     &error));
    g_assert_no_error (error);
    g_assert_cmpint (result.total, ==, -1200);
    ret = load (ts->store, result.receipt_no);
    g_assert_cmpint (line_at (ret, 0)->net + line_at (ret, 1)->net, ==, -1200);
  }
  {
    /* 2 more of line 1, when none remain */
    g_autoptr (GArray) lines = request (1, 2);
    g_assert_false (mpos_sale_return (ts->store, sale.receipt_no, lines, "1001", NULL, &result,
                                      &error));
    g_assert_error (error, MPOS_SALE_ERROR, MPOS_SALE_ERROR_ALREADY_RETURNED);
    g_clear_error (&error);
  }
  /* an unknown receipt */
  g_assert_false (mpos_sale_return (ts->store, "S001-T01-20261123-0099", NULL, "1001", NULL,
                                    &result, &error));
  g_assert_error (error, MPOS_SALE_ERROR, MPOS_SALE_ERROR_NOT_FOUND);
  test_assert_consistent (ts->store);
}

static void
test_return_of_returned_sale_refused (void)
{
  g_autoptr (TestStore) ts = store_new ();
  g_autoptr (MposCart) cart = new_cart (ts->store);
  g_autoptr (GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  MposSaleResult sale, result, first;

  add (cart, "100001", 2);
  pay (cart, MPOS_TENDER_CASH, 800, NULL);
  commit (cart, &sale);
  g_assert_true (mpos_sale_return (ts->store, sale.receipt_no, NULL, "1001", NULL, &first, &error));
  g_assert_no_error (error);
  before = snapshot (ts->store);
  /* the whole sale again */
  g_assert_false (mpos_sale_return (ts->store, sale.receipt_no, NULL, "1001", NULL, &result,
                                    &error));
  g_assert_error (error, MPOS_SALE_ERROR, MPOS_SALE_ERROR_ALREADY_RETURNED);
  g_clear_error (&error);
  {
    /* or a line of it */
    g_autoptr (GArray) lines = request (1, 0);
    g_assert_false (mpos_sale_return (ts->store, sale.receipt_no, lines, "1001", NULL, &result,
                                      &error));
    g_assert_error (error, MPOS_SALE_ERROR, MPOS_SALE_ERROR_ALREADY_RETURNED);
    g_clear_error (&error);
  }
  /* a return of the return */
  g_assert_false (mpos_sale_return (ts->store, first.receipt_no, NULL, "1001", NULL, &result,
                                    &error));
  g_assert_error (error, MPOS_SALE_ERROR, MPOS_SALE_ERROR_INVALID);
  after = snapshot (ts->store);
  g_assert_cmpstr (after, ==, before);
  /* the next receipt number was not used up */
  g_clear_error (&error);
  {
    g_autoptr (MposCart) next = new_cart (ts->store);
    add (next, "100001", 1);
    pay (next, MPOS_TENDER_CASH, 400, NULL);
    commit (next, &result);
    g_assert_cmpstr (result.receipt_no, ==, "S001-T01-20261123-0003");
  }
  test_assert_consistent (ts->store);
}

static void
test_return_refunds_last_tender_first_cash_capped (void)
{
  g_autoptr (TestStore) ts = store_new ();
  g_autoptr (GError) error = NULL;
  MposSaleResult sale, result;

  {
    /* X 60.00 + Y 40.00 = 100.00, paid card 30.00, WeChat 20.00, cash 60.00:
     * 10.00 change, so the cash really paid 50.00 */
    g_autoptr (MposCart) cart = new_cart (ts->store);
    add (cart, "100060", 1);
    add (cart, "100040", 1);
    pay (cart, MPOS_TENDER_BANK_CARD, 3000, "000123");
    pay (cart, MPOS_TENDER_MOBILE, 2000, "wechat-****6789");
    pay (cart, MPOS_TENDER_CASH, 6000, NULL);
    commit (cart, &sale);
    g_assert_cmpint (sale.change, ==, 1000);
  }
  {
    /* Y back: 40.00 from the last tender, the cash */
    g_autoptr (GArray) lines = request (2, 1);
    g_autoptr (MposSaleRecord) ret = NULL;

    g_assert_true (mpos_sale_return (ts->store, sale.receipt_no, lines, "1001", NULL, &result,
                                     &error));
    g_assert_no_error (error);
    ret = load (ts->store, result.receipt_no);
    g_assert_cmpuint (ret->tenders->len, ==, 1);
    g_assert_cmpint (tender_at (ret, 0)->tender->type, ==, MPOS_TENDER_CASH);
    g_assert_cmpint (tender_at (ret, 0)->tender->amount, ==, -4000);
    g_assert_cmpint (tender_at (ret, 0)->original_seq, ==, 3);
  }
  test_assert_consistent (ts->store);
  {
    /* X back: 60.00 = the 10.00 of cash left, then WeChat 20.00, then card 30.00 */
    g_autoptr (MposSaleRecord) ret = NULL;

    g_assert_true (mpos_sale_return (ts->store, sale.receipt_no, NULL, "1001", NULL, &result,
                                     &error));
    g_assert_no_error (error);
    ret = load (ts->store, result.receipt_no);
    g_assert_cmpuint (ret->tenders->len, ==, 3);
    g_assert_cmpint (tender_at (ret, 0)->tender->type, ==, MPOS_TENDER_CASH);
    g_assert_cmpint (tender_at (ret, 0)->tender->amount, ==, -1000);
    g_assert_cmpint (tender_at (ret, 0)->original_seq, ==, 3);
    g_assert_cmpint (tender_at (ret, 1)->tender->type, ==, MPOS_TENDER_MOBILE);
    g_assert_cmpint (tender_at (ret, 1)->tender->amount, ==, -2000);
    g_assert_cmpint (tender_at (ret, 1)->original_seq, ==, 2);
    /* the refund goes to the same payment */
    g_assert_cmpstr (tender_at (ret, 1)->tender->reference, ==, "wechat-****6789");
    g_assert_cmpint (tender_at (ret, 2)->tender->type, ==, MPOS_TENDER_BANK_CARD);
    g_assert_cmpint (tender_at (ret, 2)->tender->amount, ==, -3000);
    g_assert_cmpint (tender_at (ret, 2)->original_seq, ==, 1);
    g_assert_cmpstr (tender_at (ret, 2)->tender->reference, ==, "000123");
  }
  /* per original tender, never more back than it paid */
  g_assert_cmpint (query_int (ts->store, "SELECT -sum(amount) FROM tenders WHERE original_seq = 3"),
                   ==, 5000);
  test_assert_consistent (ts->store);

  {
    /* cash first, card last: X + Y paid cash 50.00 and card 60.00, 10.00 change:
     * everything back is card 60.00, then cash 40.00 (50.00 less the change) */
    g_autoptr (MposCart) cart = new_cart (ts->store);
    g_autoptr (MposSaleRecord) ret = NULL;

    add (cart, "100060", 1);
    add (cart, "100040", 1);
    pay (cart, MPOS_TENDER_CASH, 5000, NULL);
    pay (cart, MPOS_TENDER_BANK_CARD, 6000, "000999");
    commit (cart, &sale);
    g_assert_cmpint (sale.change, ==, 1000);
    g_assert_true (mpos_sale_return (ts->store, sale.receipt_no, NULL, "1001", NULL, &result,
                                     &error));
    g_assert_no_error (error);
    ret = load (ts->store, result.receipt_no);
    g_assert_cmpuint (ret->tenders->len, ==, 2);
    g_assert_cmpint (tender_at (ret, 0)->tender->type, ==, MPOS_TENDER_BANK_CARD);
    g_assert_cmpint (tender_at (ret, 0)->tender->amount, ==, -6000);
    g_assert_cmpint (tender_at (ret, 1)->tender->type, ==, MPOS_TENDER_CASH);
    g_assert_cmpint (tender_at (ret, 1)->tender->amount, ==, -4000);
  }
  test_assert_consistent (ts->store);
}

/* ---- without a receipt ---------------------------------------------------------------- */

static void
test_return_without_receipt_pending_then_approved (void)
{
  g_autoptr (TestStore) ts = store_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (MposSaleRecord) pending = NULL;
  g_autoptr (MposSaleRecord) approved = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  MposSaleResult result;

  {
    g_autoptr (MposCart) empty = new_cart (ts->store);
    g_autoptr (MposCart) cart = new_cart (ts->store);

    g_assert_false (mpos_sale_return_without_receipt (empty, "坏了", NULL, &result, &error));
    g_assert_error (error, MPOS_SALE_ERROR, MPOS_SALE_ERROR_INVALID);
    g_clear_error (&error);
    add (cart, "100001", 2);
    /* a reason is required */
    g_assert_false (mpos_sale_return_without_receipt (cart, "", NULL, &result, &error));
    g_assert_error (error, MPOS_SALE_ERROR, MPOS_SALE_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_cmpint (query_int (ts->store, "SELECT count(*) FROM sales"), ==, 0);
    /* no supervisor: stored, but waiting */
    g_assert_true (mpos_sale_return_without_receipt (cart, "无小票退货", NULL, &result, &error));
    g_assert_no_error (error);
    g_assert_cmpint (result.total, ==, -800);
    g_assert_cmpstr (result.receipt_no, ==, "S001-T01-20261123-0001");
  }
  pending = load (ts->store, result.receipt_no);
  g_assert_cmpstr (pending->kind, ==, "return");
  g_assert_cmpstr (pending->status, ==, "pending_approval");
  g_assert_null (pending->original_sale_id);
  g_assert_null (pending->approved_by);
  g_assert_cmpstr (pending->reason, ==, "无小票退货");
  g_assert_cmpint (pending->total, ==, -800);
  g_assert_cmpint (pending->tendered, ==, 0);
  /* no money out, no goods in yet */
  g_assert_cmpuint (pending->tenders->len, ==, 0);
  g_assert_cmpint (stock_of (ts->store, "100001"), ==, 100);
  g_assert_cmpint (query_int (ts->store, "SELECT count(*) FROM stock_movements "
                                         "WHERE reason = 'return'"),
                   ==, 0);
  g_assert_cmpint (query_int (ts->store, "SELECT count(*) FROM journal"), ==, 1);
  test_assert_consistent (ts->store);

  /* approval needs a supervisor, and nothing happens without one */
  before = g_strdup_printf ("%" G_GINT64_FORMAT,
                            query_int (ts->store, "SELECT count(*) FROM journal"));
  g_assert_false (mpos_sale_approve_return (ts->store, result.receipt_no, "", &error));
  g_assert_error (error, MPOS_SALE_ERROR, MPOS_SALE_ERROR_NEEDS_APPROVAL);
  g_clear_error (&error);
  g_assert_false (mpos_sale_approve_return (ts->store, result.receipt_no, NULL, &error));
  g_assert_error (error, MPOS_SALE_ERROR, MPOS_SALE_ERROR_NEEDS_APPROVAL);
  g_clear_error (&error);

  g_assert_true (mpos_sale_approve_return (ts->store, result.receipt_no, "9001", &error));
  g_assert_no_error (error);
  approved = load (ts->store, result.receipt_no);
  g_assert_cmpstr (approved->status, ==, "completed");
  g_assert_cmpstr (approved->approved_by, ==, "9001");
  g_assert_cmpint (approved->tendered, ==, -800);
  g_assert_cmpuint (approved->tenders->len, ==, 1);
  g_assert_cmpint (tender_at (approved, 0)->tender->type, ==, MPOS_TENDER_CASH);
  g_assert_cmpint (tender_at (approved, 0)->tender->amount, ==, -800);
  g_assert_cmpint (stock_of (ts->store, "100001"), ==, 102);
  g_assert_cmpint (query_int (ts->store, "SELECT count(*) FROM journal "
                                         "WHERE kind = 'return_approved'"),
                   ==, 1);
  g_assert_cmpint (query_int (ts->store, "SELECT count(*) FROM audit "
                                         "WHERE action = 'return_approved' AND actor = '9001'"),
                   ==, 1);
  test_assert_consistent (ts->store);

  /* approving twice refunds nothing more */
  g_free (before);
  before = snapshot (ts->store);
  g_assert_false (mpos_sale_approve_return (ts->store, result.receipt_no, "9001", &error));
  g_assert_error (error, MPOS_SALE_ERROR, MPOS_SALE_ERROR_INVALID);
  g_clear_error (&error);
  after = snapshot (ts->store);
  g_assert_cmpstr (after, ==, before);
  /* a pending blind return is no sale to return against */
  g_assert_false (mpos_sale_return (ts->store, result.receipt_no, NULL, "1001", NULL, &result,
                                    &error));
  g_assert_error (error, MPOS_SALE_ERROR, MPOS_SALE_ERROR_INVALID);
  test_assert_consistent (ts->store);
}

static void
test_return_without_receipt_approved_at_once (void)
{
  g_autoptr (TestStore) ts = store_new ();
  g_autoptr (MposCart) cart = new_cart (ts->store);
  g_autoptr (GError) error = NULL;
  g_autoptr (MposSaleRecord) ret = NULL;
  MposSaleResult result;

  add (cart, "100237", 500); /* 12.80 × 0.5 kg = 6.40 */
  g_assert_true (mpos_sale_return_without_receipt (cart, "顾客退货", "9001", &result, &error));
  g_assert_no_error (error);
  ret = load (ts->store, result.receipt_no);
  g_assert_cmpstr (ret->status, ==, "completed");
  g_assert_cmpstr (ret->approved_by, ==, "9001");
  g_assert_cmpint (ret->total, ==, -640);
  g_assert_cmpuint (ret->tenders->len, ==, 1);
  g_assert_cmpint (tender_at (ret, 0)->tender->type, ==, MPOS_TENDER_CASH);
  g_assert_cmpint (tender_at (ret, 0)->tender->amount, ==, -640);
  g_assert_cmpint (stock_of (ts->store, "100237"), ==, 100500);
  /* already completed: no approval to give */
  g_assert_false (mpos_sale_approve_return (ts->store, result.receipt_no, "9001", &error));
  g_assert_error (error, MPOS_SALE_ERROR, MPOS_SALE_ERROR_INVALID);
  test_assert_consistent (ts->store);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_setenv ("MALLPOS_NOW", NOW_TEXT, TRUE);

  g_test_add_func ("/sale-return/whole-sale", test_return_whole_sale);
  g_test_add_func ("/sale-return/one-by-one-refunds-sum-to-line-net",
                   test_return_one_by_one_refunds_sum_to_line_net);
  g_test_add_func ("/sale-return/partial-qty-then-rest", test_return_partial_qty_then_rest);
  g_test_add_func ("/sale-return/weighed-by-grams", test_return_weighed_by_grams);
  g_test_add_func ("/sale-return/more-than-remains-refused", test_return_more_than_remains_refused);
  g_test_add_func ("/sale-return/returned-sale-and-return-of-return-refused",
                   test_return_of_returned_sale_refused);
  g_test_add_func ("/sale-return/refunds-last-tender-first-cash-capped",
                   test_return_refunds_last_tender_first_cash_capped);
  g_test_add_func ("/sale-return/without-receipt-pending-then-approved",
                   test_return_without_receipt_pending_then_approved);
  g_test_add_func ("/sale-return/without-receipt-approved-at-once",
                   test_return_without_receipt_approved_at_once);

  return g_test_run ();
}
