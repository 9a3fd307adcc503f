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

/* ---- fixtures ------------------------------------------------------------------ */

/* A: 4.00 (13%), X: 60.00, Y: 40.00, apples 12.80/kg (9%) */
static TestStore *
store_new (void)
{
  static const TestSku skus[] = {
    { "100001", "甲", NULL, "食品/杂货", MPOS_UNIT_PIECE, 1300, 400, 100, NULL },
    { "100002", "乙", NULL, "食品/杂货", MPOS_UNIT_PIECE, 1300, 333, 100, NULL },
    { "100060", "X", NULL, "食品/杂货", MPOS_UNIT_PIECE, 1300, 6000, 100, NULL },
    { "100040", "Y", NULL, "食品/杂货", MPOS_UNIT_PIECE, 1300, 4000, 100, NULL },
    { "100237", "红富士苹果", NULL, "生鲜/水果", MPOS_UNIT_WEIGHT, 900, 1280, 100000, NULL },
  };
  TestStore *ts = test_store_new ();

  test_add_skus (ts->store, skus, G_N_ELEMENTS (skus));
  return ts;
}

static char *
snapshot (MposStore *store)
{
  return test_snapshot (store, "sales", "sale_lines", "tenders", "stock_movements",
                        "SELECT coalesce(sum(stock_qty), 0) FROM skus", "audit", "journal",
                        "SELECT coalesce(sum(value), 0) FROM counters", NULL);
}

/* ---- with a receipt ------------------------------------------------------------ */

static void
test_return_whole_sale (void)
{
  g_autoptr (TestStore) ts = store_new ();
  g_autoptr (MposCart) cart = test_cart_new (ts->store);
  g_autoptr (GError) error = NULL;
  g_autoptr (MposSaleRecord) ret = NULL;
  g_autoptr (MposReceipt) receipt = NULL;
  MposSaleResult sale, result;
  const MposSaleLine *line;

  /* A × 2 = 8.00; apples 1250 g = 16.00; 24.00 for 50.00 cash, 26.00 change */
  test_cart_add_sku (cart, "100001", 2);
  test_cart_add_sku (cart, "100237", 1250);
  test_cart_pay (cart, MPOS_TENDER_CASH, 5000, NULL);
  test_commit_sale (cart, &sale);
  g_assert_cmpint (test_stock_of (ts->store, "100001"), ==, 98);

  g_assert_true (mpos_sale_return (ts->store, sale.receipt_no, NULL, "1002", "质量问题", &result,
                                   &error));
  g_assert_no_error (error);
  g_assert_cmpint (result.total, ==, -2400);
  g_assert_cmpstr (result.receipt_no, ==, "S001-T01-20261123-0002");
  g_assert_cmpint (result.journal_seq, ==, 2);

  ret = test_sale_load (ts->store, result.receipt_no);
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
  line = test_sale_line_at (ret, 0);
  g_assert_cmpint (line->original_line_no, ==, 1);
  g_assert_cmpint (line->qty, ==, 2);
  g_assert_cmpint (line->net, ==, -800);
  g_assert_cmpint (line->tax, ==, -92);
  line = test_sale_line_at (ret, 1);
  g_assert_cmpint (line->original_line_no, ==, 2);
  g_assert_cmpint (line->qty, ==, 1250);
  g_assert_cmpint (line->gross, ==, -1600);
  g_assert_cmpint (line->net, ==, -1600);
  /* the cash that paid (50.00 less 26.00 change) goes back */
  g_assert_cmpuint (ret->tenders->len, ==, 1);
  g_assert_cmpint (test_sale_tender_at (ret, 0)->tender->type, ==, MPOS_TENDER_CASH);
  g_assert_cmpint (test_sale_tender_at (ret, 0)->tender->amount, ==, -2400);
  g_assert_cmpint (test_sale_tender_at (ret, 0)->original_seq, ==, 1);
  /* stock is back */
  g_assert_cmpint (test_stock_of (ts->store, "100001"), ==, 100);
  g_assert_cmpint (test_stock_of (ts->store, "100237"), ==, 100000);
  g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM stock_movements "
                                              "WHERE reason = 'return'"),
                   ==, 2);
  g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM journal WHERE kind = 'return'"),
                   ==, 1);
  g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM audit WHERE action = 'return' "
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
  g_autoptr (MposCart) cart = test_cart_new (ts->store);
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

  line = test_cart_add_sku (cart, "100001", 3);
  test_cart_add_sku (cart, "100040", 1);
  g_assert_true (mpos_cart_set_line_discount (cart, line->line_no, MPOS_DISCOUNT_AMOUNT, 200,
                                              NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (line->net, ==, 1000);
  g_assert_cmpint (line->tax, ==, 115);
  test_cart_approve (cart); /* 2.00 off 12.00 is above the store's 10 % */
  test_cart_pay (cart, MPOS_TENDER_CASH, 10000, NULL);
  test_commit_sale (cart, &sale);

  for (guint k = 0; k < G_N_ELEMENTS (refunds); k++)
    {
      g_autoptr (GArray) lines = test_return_request_new (1, 1);
      g_autoptr (MposSaleRecord) ret = NULL;

      test_return_sale (ts->store, sale.receipt_no, lines, &result);
      g_assert_cmpint (result.total, ==, refunds[k]);
      ret = test_sale_load (ts->store, result.receipt_no);
      g_assert_cmpuint (ret->lines->len, ==, 1);
      g_assert_cmpint (test_sale_line_at (ret, 0)->qty, ==, 1);
      g_assert_cmpint (test_sale_line_at (ret, 0)->gross, ==, -400);
      g_assert_cmpint (test_sale_line_at (ret, 0)->net, ==, refunds[k]);
      g_assert_cmpint (test_sale_line_at (ret, 0)->tax, ==, taxes[k]);
      g_assert_cmpint (test_sale_tender_at (ret, 0)->tender->amount, ==, refunds[k]);
      refunded += result.total;
      g_assert_cmpint (test_stock_of (ts->store, "100001"), ==, 97 + k + 1);
      test_assert_consistent (ts->store);
    }
  /* the three refunds add up to what the line cost, to the fen */
  g_assert_cmpint (refunded, ==, -1000);

  /* a fourth unit does not exist */
  before = snapshot (ts->store);
  {
    g_autoptr (GArray) lines = test_return_request_new (1, 1);
    test_assert_return_refused (ts->store, sale.receipt_no, lines,
                                MPOS_SALE_ERROR_ALREADY_RETURNED);
  }
  after = snapshot (ts->store);
  g_assert_cmpstr (after, ==, before);
  /* the rest of the sale can still go back: Y, 40.00 */
  test_return_sale (ts->store, sale.receipt_no, NULL, &result);
  g_assert_cmpint (result.total, ==, -4000);
  test_assert_consistent (ts->store);
}

static void
test_return_partial_qty_then_rest (void)
{
  g_autoptr (TestStore) ts = store_new ();
  g_autoptr (MposCart) cart = test_cart_new (ts->store);
  g_autoptr (GError) error = NULL;
  MposSaleResult sale, result;

  /* 乙 3.33 × 3 + 乙 3.33 + 乙 3.33 = 16.65, order discount 1.00 over 999 : 333 : 333:
   * exactly 60, 20, 20; nets 9.39, 3.13, 3.13 = 15.65 */
  test_cart_add_sku (cart, "100002", 3);
  test_cart_add_sku (cart, "100002", 1);
  test_cart_add_sku (cart, "100002", 1);
  g_assert_true (mpos_cart_set_order_discount (cart, MPOS_DISCOUNT_AMOUNT, 100, "9002", &error));
  g_assert_no_error (error);
  test_cart_pay (cart, MPOS_TENDER_CASH, 2000, NULL);
  test_commit_sale (cart, &sale);
  g_assert_cmpint (sale.total, ==, 1565);
  {
    /* 2 of the 3 on line 1: round(939 × 2/3) = 626 */
    g_autoptr (GArray) lines = test_return_request_new (1, 2);
    test_return_request_add (lines, 3, 0); /* 0: all of line 3 */
    test_return_sale (ts->store, sale.receipt_no, lines, &result);
    g_assert_cmpint (result.total, ==, -(626 + 313));
  }
  test_assert_consistent (ts->store);
  {
    /* everything left: the last unit of line 1 (939 − 626 = 313) and line 2 (313) */
    g_autoptr (MposSaleRecord) ret = NULL;
    test_return_sale (ts->store, sale.receipt_no, NULL, &result);
    g_assert_cmpint (result.total, ==, -(313 + 313));
    ret = test_sale_load (ts->store, result.receipt_no);
    g_assert_cmpuint (ret->lines->len, ==, 2);
    g_assert_cmpint (test_sale_line_at (ret, 0)->original_line_no, ==, 1);
    g_assert_cmpint (test_sale_line_at (ret, 0)->qty, ==, 1);
    g_assert_cmpint (test_sale_line_at (ret, 1)->original_line_no, ==, 2);
  }
  /* all refunds together are the sale's total */
  g_assert_cmpint (test_query_int (ts->store, "SELECT sum(total) FROM sales WHERE kind = 'return'"),
                   ==, -1565);
  g_assert_cmpint (test_stock_of (ts->store, "100002"), ==, 100);
  test_assert_consistent (ts->store);
}

static void
test_return_weighed_by_grams (void)
{
  g_autoptr (TestStore) ts = store_new ();
  g_autoptr (MposCart) cart = test_cart_new (ts->store);
  MposSaleResult sale, result;

  test_cart_add_sku (cart, "100237", 1250); /* 16.00 */
  test_cart_pay (cart, MPOS_TENDER_CASH, 1600, NULL);
  test_commit_sale (cart, &sale);
  {
    /* 500 of 1250 g: round(1600 × 500/1250) = 640 */
    g_autoptr (GArray) lines = test_return_request_new (1, 500);
    test_return_sale (ts->store, sale.receipt_no, lines, &result);
    g_assert_cmpint (result.total, ==, -640);
    g_assert_cmpint (test_stock_of (ts->store, "100237"), ==, 100000 - 750);
  }
  {
    g_autoptr (GArray) lines = test_return_request_new (1, 751);
    test_assert_return_refused (ts->store, sale.receipt_no, lines, MPOS_SALE_ERROR_INVALID);
  }
  test_return_sale (ts->store, sale.receipt_no, NULL, &result);
  g_assert_cmpint (result.total, ==, -960);
  g_assert_cmpint (test_stock_of (ts->store, "100237"), ==, 100000);
  test_assert_consistent (ts->store);
}

static void
test_return_more_than_remains_refused (void)
{
  g_autoptr (TestStore) ts = store_new ();
  g_autoptr (MposCart) cart = test_cart_new (ts->store);
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

  test_cart_add_sku (cart, "100001", 3);
  test_cart_add_sku (cart, "100040", 1);
  test_cart_pay (cart, MPOS_TENDER_CASH, 5200, NULL);
  test_commit_sale (cart, &sale);
  before = snapshot (ts->store);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GArray) lines = test_return_request_new (bad[i].line_no, bad[i].qty);
      g_autofree char *after = NULL;

      test_assert_return_refused (ts->store, sale.receipt_no, lines, MPOS_SALE_ERROR_INVALID);
      after = snapshot (ts->store);
      g_assert_cmpstr (after, ==, before);
    }
  {
    /* the same line twice in one return may not add up to more than was sold */
    g_autoptr (GArray) lines = test_return_request_new (1, 2);
    g_autofree char *after = NULL;

    test_return_request_add (lines, 1, 2);
    test_assert_return_refused (ts->store, sale.receipt_no, lines, MPOS_SALE_ERROR_INVALID);
    after = snapshot (ts->store);
    g_assert_cmpstr (after, ==, before);
  }
  {
    /* … while two requests within what remains are one return: 1 + 2 units, 12.00 */
    g_autoptr (GArray) lines = test_return_request_new (1, 1);
    g_autoptr (MposSaleRecord) ret = NULL;

    test_return_request_add (lines, 1, 2);
    test_return_sale (ts->store, sale.receipt_no, lines, &result);
    g_assert_cmpint (result.total, ==, -1200);
    ret = test_sale_load (ts->store, result.receipt_no);
    g_assert_cmpint (test_sale_line_at (ret, 0)->net + test_sale_line_at (ret, 1)->net, ==, -1200);
  }
  {
    /* 2 more of line 1, when none remain */
    g_autoptr (GArray) lines = test_return_request_new (1, 2);
    test_assert_return_refused (ts->store, sale.receipt_no, lines,
                                MPOS_SALE_ERROR_ALREADY_RETURNED);
  }
  /* an unknown receipt */
  test_assert_return_refused (ts->store, "S001-T01-20261123-0099", NULL, MPOS_SALE_ERROR_NOT_FOUND);
  test_assert_consistent (ts->store);
}

static void
test_return_of_returned_sale_refused (void)
{
  g_autoptr (TestStore) ts = store_new ();
  g_autoptr (MposCart) cart = test_cart_new (ts->store);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  MposSaleResult sale, result, first;

  test_cart_add_sku (cart, "100001", 2);
  test_cart_pay (cart, MPOS_TENDER_CASH, 800, NULL);
  test_commit_sale (cart, &sale);
  test_return_sale (ts->store, sale.receipt_no, NULL, &first);
  before = snapshot (ts->store);
  /* the whole sale again */
  test_assert_return_refused (ts->store, sale.receipt_no, NULL, MPOS_SALE_ERROR_ALREADY_RETURNED);
  {
    /* or a line of it */
    g_autoptr (GArray) lines = test_return_request_new (1, 0);
    test_assert_return_refused (ts->store, sale.receipt_no, lines,
                                MPOS_SALE_ERROR_ALREADY_RETURNED);
  }
  /* a return of the return */
  test_assert_return_refused (ts->store, first.receipt_no, NULL, MPOS_SALE_ERROR_INVALID);
  after = snapshot (ts->store);
  g_assert_cmpstr (after, ==, before);
  /* the next receipt number was not used up */
  {
    g_autoptr (MposCart) next = test_cart_new (ts->store);
    test_cart_add_sku (next, "100001", 1);
    test_cart_pay (next, MPOS_TENDER_CASH, 400, NULL);
    test_commit_sale (next, &result);
    g_assert_cmpstr (result.receipt_no, ==, "S001-T01-20261123-0003");
  }
  test_assert_consistent (ts->store);
}

static void
test_return_refunds_last_tender_first_cash_capped (void)
{
  g_autoptr (TestStore) ts = store_new ();
  MposSaleResult sale, result;

  {
    /* X 60.00 + Y 40.00 = 100.00, paid card 30.00, WeChat 20.00, cash 60.00:
     * 10.00 change, so the cash really paid 50.00 */
    g_autoptr (MposCart) cart = test_cart_new (ts->store);
    test_cart_add_sku (cart, "100060", 1);
    test_cart_add_sku (cart, "100040", 1);
    test_cart_pay (cart, MPOS_TENDER_BANK_CARD, 3000, "000123");
    test_cart_pay (cart, MPOS_TENDER_MOBILE, 2000, "wechat-****6789");
    test_cart_pay (cart, MPOS_TENDER_CASH, 6000, NULL);
    test_commit_sale (cart, &sale);
    g_assert_cmpint (sale.change, ==, 1000);
  }
  {
    /* Y back: 40.00 from the last tender, the cash */
    g_autoptr (GArray) lines = test_return_request_new (2, 1);
    g_autoptr (MposSaleRecord) ret = NULL;

    test_return_sale (ts->store, sale.receipt_no, lines, &result);
    ret = test_sale_load (ts->store, result.receipt_no);
    g_assert_cmpuint (ret->tenders->len, ==, 1);
    g_assert_cmpint (test_sale_tender_at (ret, 0)->tender->type, ==, MPOS_TENDER_CASH);
    g_assert_cmpint (test_sale_tender_at (ret, 0)->tender->amount, ==, -4000);
    g_assert_cmpint (test_sale_tender_at (ret, 0)->original_seq, ==, 3);
  }
  test_assert_consistent (ts->store);
  {
    /* X back: 60.00 = the 10.00 of cash left, then WeChat 20.00, then card 30.00 */
    g_autoptr (MposSaleRecord) ret = NULL;

    test_return_sale (ts->store, sale.receipt_no, NULL, &result);
    ret = test_sale_load (ts->store, result.receipt_no);
    g_assert_cmpuint (ret->tenders->len, ==, 3);
    g_assert_cmpint (test_sale_tender_at (ret, 0)->tender->type, ==, MPOS_TENDER_CASH);
    g_assert_cmpint (test_sale_tender_at (ret, 0)->tender->amount, ==, -1000);
    g_assert_cmpint (test_sale_tender_at (ret, 0)->original_seq, ==, 3);
    g_assert_cmpint (test_sale_tender_at (ret, 1)->tender->type, ==, MPOS_TENDER_MOBILE);
    g_assert_cmpint (test_sale_tender_at (ret, 1)->tender->amount, ==, -2000);
    g_assert_cmpint (test_sale_tender_at (ret, 1)->original_seq, ==, 2);
    /* the refund goes to the same payment */
    g_assert_cmpstr (test_sale_tender_at (ret, 1)->tender->reference, ==, "wechat-****6789");
    g_assert_cmpint (test_sale_tender_at (ret, 2)->tender->type, ==, MPOS_TENDER_BANK_CARD);
    g_assert_cmpint (test_sale_tender_at (ret, 2)->tender->amount, ==, -3000);
    g_assert_cmpint (test_sale_tender_at (ret, 2)->original_seq, ==, 1);
    g_assert_cmpstr (test_sale_tender_at (ret, 2)->tender->reference, ==, "000123");
  }
  /* per original tender, never more back than it paid */
  g_assert_cmpint (
      test_query_int (ts->store, "SELECT -sum(amount) FROM tenders WHERE original_seq = 3"), ==,
      5000);
  test_assert_consistent (ts->store);

  {
    /* cash first, card last: X + Y paid cash 50.00 and card 60.00, 10.00 change:
     * everything back is card 60.00, then cash 40.00 (50.00 less the change) */
    g_autoptr (MposCart) cart = test_cart_new (ts->store);
    g_autoptr (MposSaleRecord) ret = NULL;

    test_cart_add_sku (cart, "100060", 1);
    test_cart_add_sku (cart, "100040", 1);
    test_cart_pay (cart, MPOS_TENDER_CASH, 5000, NULL);
    test_cart_pay (cart, MPOS_TENDER_BANK_CARD, 6000, "000999");
    test_commit_sale (cart, &sale);
    g_assert_cmpint (sale.change, ==, 1000);
    test_return_sale (ts->store, sale.receipt_no, NULL, &result);
    ret = test_sale_load (ts->store, result.receipt_no);
    g_assert_cmpuint (ret->tenders->len, ==, 2);
    g_assert_cmpint (test_sale_tender_at (ret, 0)->tender->type, ==, MPOS_TENDER_BANK_CARD);
    g_assert_cmpint (test_sale_tender_at (ret, 0)->tender->amount, ==, -6000);
    g_assert_cmpint (test_sale_tender_at (ret, 1)->tender->type, ==, MPOS_TENDER_CASH);
    g_assert_cmpint (test_sale_tender_at (ret, 1)->tender->amount, ==, -4000);
  }
  test_assert_consistent (ts->store);
}

/* ---- without a receipt ---------------------------------------------------------------- */

static void
test_return_without_receipt_pending_then_approved (void)
{
  g_autoptr (TestStore) ts = store_new ();
  const MposStaffCredential nobody = { "2001", "000000", NULL };
  const MposStaffCredential cashier = { "1001", TEST_CASHIER_PIN, NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (MposSaleRecord) pending = NULL;
  g_autoptr (MposSaleRecord) approved = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  MposSaleResult result;

  {
    g_autoptr (MposCart) empty = test_cart_new (ts->store);
    g_autoptr (MposCart) cart = test_cart_new (ts->store);

    g_assert_false (mpos_sale_return_without_receipt (empty, "坏了", NULL, &result, &error));
    g_assert_error (error, MPOS_SALE_ERROR, MPOS_SALE_ERROR_INVALID);
    g_clear_error (&error);
    test_cart_add_sku (cart, "100001", 2);
    /* a reason is required */
    g_assert_false (mpos_sale_return_without_receipt (cart, "", NULL, &result, &error));
    g_assert_error (error, MPOS_SALE_ERROR, MPOS_SALE_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_cmpint (test_count_rows (ts->store, "sales"), ==, 0);
    /* no supervisor: stored, but waiting */
    g_assert_true (mpos_sale_return_without_receipt (cart, "无小票退货", NULL, &result, &error));
    g_assert_no_error (error);
    g_assert_cmpint (result.total, ==, -800);
    g_assert_cmpstr (result.receipt_no, ==, "S001-T01-20261123-0001");
  }
  pending = test_sale_load (ts->store, result.receipt_no);
  g_assert_cmpstr (pending->kind, ==, "return");
  g_assert_cmpstr (pending->status, ==, "pending_approval");
  g_assert_null (pending->original_sale_id);
  g_assert_null (pending->approved_by);
  g_assert_cmpstr (pending->reason, ==, "无小票退货");
  g_assert_cmpint (pending->total, ==, -800);
  g_assert_cmpint (pending->tendered, ==, 0);
  /* no money out, no goods in yet */
  g_assert_cmpuint (pending->tenders->len, ==, 0);
  g_assert_cmpint (test_stock_of (ts->store, "100001"), ==, 100);
  g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM stock_movements "
                                              "WHERE reason = 'return'"),
                   ==, 0);
  g_assert_cmpint (test_count_rows (ts->store, "journal"), ==, 1);
  test_assert_consistent (ts->store);

  /* approval needs a supervisor, and nothing happens without one */
  before = g_strdup_printf ("%" G_GINT64_FORMAT, test_count_rows (ts->store, "journal"));
  test_supervisor (ts->store); /* the store's staff: 2001 and cashier 1001 */
  g_assert_false (mpos_sale_approve_return (ts->store, result.receipt_no, &nobody, &error));
  g_assert_error (error, MPOS_STAFF_ERROR, MPOS_STAFF_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_false (mpos_sale_approve_return (ts->store, result.receipt_no, &cashier, &error));
  g_assert_error (error, MPOS_STAFF_ERROR, MPOS_STAFF_ERROR_NOT_PERMITTED);
  g_clear_error (&error);
  g_assert_false (mpos_sale_approve_return (ts->store, result.receipt_no, NULL, &error));
  g_assert_error (error, MPOS_SALE_ERROR, MPOS_SALE_ERROR_NEEDS_APPROVAL);
  g_clear_error (&error);

  g_assert_true (mpos_sale_approve_return (ts->store, result.receipt_no, test_supervisor (ts->store),
                                            &error));
  g_assert_no_error (error);
  approved = test_sale_load (ts->store, result.receipt_no);
  g_assert_cmpstr (approved->status, ==, "completed");
  g_assert_cmpstr (approved->approved_by, ==, "2001");
  g_assert_cmpint (approved->tendered, ==, -800);
  g_assert_cmpuint (approved->tenders->len, ==, 1);
  g_assert_cmpint (test_sale_tender_at (approved, 0)->tender->type, ==, MPOS_TENDER_CASH);
  g_assert_cmpint (test_sale_tender_at (approved, 0)->tender->amount, ==, -800);
  g_assert_cmpint (test_stock_of (ts->store, "100001"), ==, 102);
  /* both names: the return's cashier acts, the supervisor approves */
  g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM journal "
                                              "WHERE kind = 'return_approved' "
                                              "AND payload ->> '$.cashier' = '1001' "
                                              "AND payload ->> '$.approved_by' = '2001'"),
                   ==, 1);
  g_assert_cmpint (test_query_int (ts->store,
                                   "SELECT count(*) FROM audit "
                                   "WHERE action = 'return_approved' AND actor = '1001' "
                                   "AND approved_by = '2001'"),
                   ==, 1);
  test_assert_consistent (ts->store);

  /* approving twice refunds nothing more */
  g_free (before);
  before = snapshot (ts->store);
  g_assert_false (mpos_sale_approve_return (ts->store, result.receipt_no, test_supervisor (ts->store),
                                            &error));
  g_assert_error (error, MPOS_SALE_ERROR, MPOS_SALE_ERROR_INVALID);
  g_clear_error (&error);
  after = snapshot (ts->store);
  g_assert_cmpstr (after, ==, before);
  /* a pending blind return is no sale to return against */
  test_assert_return_refused (ts->store, result.receipt_no, NULL, MPOS_SALE_ERROR_INVALID);
  test_assert_consistent (ts->store);
}

/* The blind return of half a kilo of 100237 (12.80 × 0.5 kg = 6.40) was
 * written at once, signed by supervisor 2001; returns its record. */
static MposSaleRecord *
assert_blind_return_completed (TestStore *ts, const char *receipt_no)
{
  MposSaleRecord *ret = test_sale_load (ts->store, receipt_no);

  g_assert_cmpstr (ret->status, ==, "completed");
  g_assert_cmpstr (ret->approved_by, ==, "2001");
  g_assert_cmpint (ret->total, ==, -640);
  return ret;
}

static void
test_return_without_receipt_approved_at_once (void)
{
  g_autoptr (TestStore) ts = store_new ();
  g_autoptr (MposCart) cart = test_cart_new (ts->store);
  g_autoptr (GError) error = NULL;
  g_autoptr (MposSaleRecord) ret = NULL;
  MposSaleResult result;

  test_cart_add_sku (cart, "100237", 500); /* 12.80 × 0.5 kg = 6.40 */
  g_assert_true (mpos_sale_return_without_receipt (cart, "顾客退货", test_supervisor (ts->store), &result,
                                                   &error));
  g_assert_no_error (error);
  ret = assert_blind_return_completed (ts, result.receipt_no);
  g_assert_cmpuint (ret->tenders->len, ==, 1);
  g_assert_cmpint (test_sale_tender_at (ret, 0)->tender->type, ==, MPOS_TENDER_CASH);
  g_assert_cmpint (test_sale_tender_at (ret, 0)->tender->amount, ==, -640);
  g_assert_cmpint (test_stock_of (ts->store, "100237"), ==, 100500);
  /* already completed: no approval to give */
  g_assert_false (mpos_sale_approve_return (ts->store, result.receipt_no, test_supervisor (ts->store),
                                            &error));
  g_assert_error (error, MPOS_SALE_ERROR, MPOS_SALE_ERROR_INVALID);
  test_assert_consistent (ts->store);
}

/* The window checks the supervisor's PIN off its main loop and signs them
 * on to the sale (mpos_cart_set_approver); the core then takes no
 * credential, signs the return with that supervisor and asks their role
 * again: a cashier signed on is refused and nothing is written. */
static void
test_return_without_receipt_by_the_signed_on_supervisor (void)
{
  g_autoptr (TestStore) ts = store_new ();
  g_autoptr (MposCart) cart = test_cart_new (ts->store);
  g_autoptr (GError) error = NULL;
  g_autoptr (MposSaleRecord) ret = NULL;
  MposSaleResult result;

  test_cart_add_sku (cart, "100237", 500); /* 12.80 × 0.5 kg = 6.40 */
  test_supervisor (ts->store);             /* staff 9001, 2001 and 1001 in the store */
  g_assert_true (mpos_cart_set_approver (cart, "1001", &error));
  g_assert_false (mpos_sale_return_without_receipt (cart, "顾客退货", NULL, &result, &error));
  g_assert_error (error, MPOS_STAFF_ERROR, MPOS_STAFF_ERROR_NOT_PERMITTED);
  g_assert_null (mpos_sale_last_receipt_no (ts->store, "return", NULL));
  g_clear_error (&error);

  g_assert_true (mpos_cart_set_approver (cart, "2001", &error));
  g_assert_true (mpos_sale_return_without_receipt (cart, "顾客退货", NULL, &result, &error));
  g_assert_no_error (error);
  ret = assert_blind_return_completed (ts, result.receipt_no);
  test_assert_consistent (ts->store);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  test_pin_now (TEST_NOW_ISO);

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
  g_test_add_func ("/sale-return/without-receipt-by-the-signed-on-supervisor",
                   test_return_without_receipt_by_the_signed_on_supervisor);
  g_test_add_func ("/sale-return/without-receipt-approved-at-once",
                   test_return_without_receipt_approved_at_once);

  return g_test_run ();
}
