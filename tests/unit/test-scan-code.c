/* test-scan-code.c — src/scan-code.c: each kind of code a cashier scans is
 * told apart by asking the store, and an unknown code is named in words. */
#include "clock.h"
#include "coupon.h"
#include "scan-code.h"
#include "test-util.h"

#include <string.h>

static void
assert_kind (MposStore *store, const char *code, MposScanKind expected)
{
  g_autoptr (GError) error = NULL;

  g_assert_cmpstr (mpos_scan_kind_name (mpos_scan_classify (store, code, &error)), ==,
                   mpos_scan_kind_name (expected));
  g_assert_no_error (error);
}

static void
test_scan_goods_and_scale_labels (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();

  assert_kind (ts->store, "6982959570664", MPOS_SCAN_PRODUCT);
  assert_kind (ts->store, "  69176548 ", MPOS_SCAN_PRODUCT);
  assert_kind (ts->store, "2000101012504", MPOS_SCAN_SCALE_LABEL);
}

/* 8800000000017 passes the EAN-13 check: it is a card because the catalog has no such code. */
static void
test_scan_member_card_and_qr (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();

  assert_kind (ts->store, "8800000000017", MPOS_SCAN_MEMBER_CARD);
  assert_kind (ts->store, "MP1.1.59846640.7579a38370895c0639a1", MPOS_SCAN_MEMBER_QR);
  assert_kind (ts->store, "mp1.1.2.3", MPOS_SCAN_MEMBER_QR);
}

static void
test_scan_receipt_of_a_sale (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  MposSaleResult result;

  test_commit_demo_sale (ts->store, &result);
  assert_kind (ts->store, result.receipt_no, MPOS_SCAN_RECEIPT);
}

static void
test_scan_coupon (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  gsize length = 0;
  g_autofree char *templates = test_demo_file ("coupons.json", &length);

  g_assert_true (mpos_coupon_templates_import (ts->store, templates, length, "it",
                                               mpos_clock_now (), NULL, &error));
  g_assert_no_error (error);
  g_assert_true (mpos_coupon_issue (ts->store, "MJ100-10", 0, 1, "it", test_supervisor (ts->store), "test", mpos_clock_now (),
                                    codes, &error));
  g_assert_no_error (error);
  assert_kind (ts->store, g_ptr_array_index (codes, 0), MPOS_SCAN_COUPON);
}

static void
test_scan_payment_code (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();

  assert_kind (ts->store, "134567890123456789", MPOS_SCAN_PAYMENT_CODE);
}

static void
test_scan_unknown_is_named_in_words (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) empty = NULL;

  g_assert_cmpint (mpos_scan_classify (ts->store, "6901234567892", &error), ==, MPOS_SCAN_UNKNOWN);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "“6901234567892” is not a product"));
  g_assert_nonnull (strstr (error->message, "search it by name"));
  g_assert_cmpint (mpos_scan_classify (ts->store, "  ", &empty), ==, MPOS_SCAN_UNKNOWN);
  g_assert_error (empty, MPOS_BARCODE_ERROR, MPOS_BARCODE_ERROR_EMPTY);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  test_pin_now (TEST_NOW_ISO);
  g_test_add_func ("/scan-code/goods-and-scale-labels", test_scan_goods_and_scale_labels);
  g_test_add_func ("/scan-code/member-card-and-qr", test_scan_member_card_and_qr);
  g_test_add_func ("/scan-code/receipt-of-a-sale", test_scan_receipt_of_a_sale);
  g_test_add_func ("/scan-code/coupon", test_scan_coupon);
  g_test_add_func ("/scan-code/payment-code", test_scan_payment_code);
  g_test_add_func ("/scan-code/unknown-in-words", test_scan_unknown_is_named_in_words);
  return g_test_run ();
}
