/* test-permissions.c — the store's policy, enforced in the core for every
 * caller (src/cart-approval.c, staff-policy.c, member-proof.c): a zero
 * price or a 100 % discount does not commit without an approval of the
 * right role; a discount within the store's limit needs none; the approver
 * is recorded on the line and no document text stands as an approval; a
 * grant by hand stays within the day's cap; a transfer needs the giving
 * member's proof; a payment PIN is changed only with the old one or an ID
 * check. */
#include <string.h>

#include "payment-pin.h"
#include "points.h"
#include "staff-permission.h"
#include "staff-policy.h"
#include "test-points-util.h"

static MposCart *
noodles (TestStore *ts)
{
  MposCart *cart = test_cart_new (ts->store);

  test_cart_add_sku (cart, "100002", 2); /* 15.90 each, no promotion */
  return cart;
}

static void
assert_commit_refused (MposCart *cart, int code)
{
  g_autoptr (GError) error = NULL;
  MposSaleResult r;

  g_assert_false (mpos_sale_commit (cart, &r, &error));
  g_assert_error (error, MPOS_STAFF_ERROR, code);
}

static void
test_permissions_zero_price_needs_price_override (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autoptr (MposCart) cart = noodles (ts);
  const MposStaffCredential cashier = { "1001", TEST_CASHIER_PIN, NULL };
  g_autoptr (GError) error = NULL;
  int64_t sales = 0;
  MposSaleResult r;

  test_supervisor (ts->store);
  /* A document may name anyone as approver: it is not an approval. */
  g_assert_true (mpos_cart_override_price (cart, 1, 0, "9001", &error));
  sales = test_count_rows (ts->store, "sales");
  assert_commit_refused (cart, MPOS_STAFF_ERROR_REQUIRED);
  /* A cashier's own PIN approves nothing their role may not. */
  g_assert_true (mpos_cart_approve (cart, &cashier, &error));
  assert_commit_refused (cart, MPOS_STAFF_ERROR_NOT_PERMITTED);
  g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM audit WHERE action = "
                                              "'permission_refused' AND ref = 'line 1'"),
                   ==, 1);
  g_assert_cmpint (test_count_rows (ts->store, "sales"), ==, sales);
  test_cart_approve (cart);
  g_assert_true (mpos_sale_commit (cart, &r, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (mpos_cart_get_line (cart, 1)->override_by, ==, "2001");
  test_assert_consistent (ts->store);
}

/* A supervisor signed in elsewhere (the window checks the PIN in a worker)
 * is set on the cart by number: the role is read from the store, so a
 * cashier's number approves nothing their role may not, an unknown or
 * disabled number is refused, and the supervisor's number approves. */
static void
test_permissions_approver_by_number (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autoptr (MposCart) cart = noodles (ts);
  g_autoptr (GError) error = NULL;
  MposSaleResult r;

  test_supervisor (ts->store);
  g_assert_true (mpos_cart_override_price (cart, 1, 0, NULL, &error));
  g_assert_true (mpos_cart_set_approver (cart, "1001", &error));
  assert_commit_refused (cart, MPOS_STAFF_ERROR_NOT_PERMITTED);
  g_assert_false (mpos_cart_set_approver (cart, "7777", &error));
  g_clear_error (&error);
  g_assert_false (mpos_cart_set_approver (cart, NULL, &error));
  g_assert_error (error, MPOS_STAFF_ERROR, MPOS_STAFF_ERROR_REQUIRED);
  g_clear_error (&error);
  g_assert_true (mpos_staff_disable (ts->store, "2001", test_manager (ts->store), &error));
  g_assert_false (mpos_cart_set_approver (cart, "2001", &error));
  g_assert_error (error, MPOS_STAFF_ERROR, MPOS_STAFF_ERROR_REFUSED);
  g_clear_error (&error);
  assert_commit_refused (cart, MPOS_STAFF_ERROR_NOT_PERMITTED); /* still the cashier */
  g_assert_true (mpos_cart_set_approver (cart, "9001", &error)); /* the manager */
  g_assert_true (mpos_sale_commit (cart, &r, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (mpos_cart_get_line (cart, 1)->override_by, ==, "9001");
  test_assert_consistent (ts->store);
}

static void
test_permissions_discount_limit (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autoptr (GError) error = NULL;
  MposSaleResult r;

  {
    /* 10 % is the default limit: the cashier alone. */
    g_autoptr (MposCart) cart = noodles (ts);

    g_assert_true (mpos_cart_set_line_discount (cart, 1, MPOS_DISCOUNT_PERCENT, 1000, NULL, &error));
    test_cart_pay (cart, MPOS_TENDER_CASH, 10000, NULL);
    g_assert_true (mpos_sale_commit (cart, &r, &error));
    g_assert_no_error (error);
  }
  {
    /* 100 % off, as a line discount or as the order's: refused. */
    g_autoptr (MposCart) cart = noodles (ts);

    g_assert_true (mpos_cart_set_line_discount (cart, 1, MPOS_DISCOUNT_PERCENT, 10000, "S", &error));
    assert_commit_refused (cart, MPOS_STAFF_ERROR_REQUIRED);
    g_assert_true (mpos_cart_set_line_discount (cart, 1, MPOS_DISCOUNT_NONE, 0, NULL, &error));
    g_assert_true (mpos_cart_set_order_discount (cart, MPOS_DISCOUNT_AMOUNT, 3180, "S", &error));
    assert_commit_refused (cart, MPOS_STAFF_ERROR_REQUIRED);
    test_cart_approve (cart);
    g_assert_true (mpos_sale_commit (cart, &r, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (mpos_cart_get_order_discount (cart)->approved_by, ==, "2001");
  }
  {
    /* The store lowers its limit to 5 %: 10 % now needs approval. */
    g_autoptr (MposCart) cart = noodles (ts);

    g_assert_true (mpos_policy_set (ts->store, MPOS_POLICY_DISCOUNT_LIMIT, 500,
                                    test_manager (ts->store), &error));
    g_assert_true (mpos_cart_set_line_discount (cart, 1, MPOS_DISCOUNT_PERCENT, 1000, NULL, &error));
    test_cart_pay (cart, MPOS_TENDER_CASH, 10000, NULL);
    assert_commit_refused (cart, MPOS_STAFF_ERROR_REQUIRED);
  }
  test_assert_consistent (ts->store);
}

static gboolean
needs (MposCart *cart, MposDiscountKind kind, int64_t value)
{
  g_autoptr (GError) error = NULL;
  gboolean needed = FALSE;

  g_assert_true (mpos_cart_discount_needs_approval (cart, 1, kind, value, &needed, &error));
  g_assert_no_error (error);
  return needed;
}

/* The window asks before it shows the supervisor's fields: within the
 * store's limit no approval, above it one; the line is left as it was. */
static void
test_permissions_discount_needs_approval_asks_the_limit (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autoptr (MposCart) cart = noodles (ts); /* 2 × 15.90 = 31.80 */
  g_autoptr (GError) error = NULL;
  gboolean needed = FALSE;
  MposCartLine *line;

  g_assert_false (needs (cart, MPOS_DISCOUNT_PERCENT, 1000));
  g_assert_true (needs (cart, MPOS_DISCOUNT_PERCENT, 1100));
  g_assert_false (needs (cart, MPOS_DISCOUNT_AMOUNT, 318)); /* exactly 10 % */
  g_assert_true (needs (cart, MPOS_DISCOUNT_AMOUNT, 319));
  g_assert_true (mpos_cart_set_line_discount (cart, 1, MPOS_DISCOUNT_AMOUNT, 200, NULL, &error));
  g_assert_true (needs (cart, MPOS_DISCOUNT_PERCENT, 5000));
  line = mpos_cart_get_line (cart, 1);
  g_assert_cmpint (line->discount.kind, ==, MPOS_DISCOUNT_AMOUNT);
  g_assert_cmpint (line->discount.value, ==, 200);
  g_assert_cmpint (line->net, ==, 3180 - 200);
  g_assert_false (mpos_cart_discount_needs_approval (cart, 9, MPOS_DISCOUNT_PERCENT, 500, &needed,
                                                     &error));
  g_assert_error (error, MPOS_CART_ERROR, MPOS_CART_ERROR_NO_LINE);
  g_clear_error (&error);
  g_assert_true (mpos_policy_set (ts->store, MPOS_POLICY_DISCOUNT_LIMIT, 500,
                                  test_manager (ts->store), &error));
  g_assert_true (needs (cart, MPOS_DISCOUNT_PERCENT, 1000));
}

static void
test_permissions_points_grant_by_hand_capped (void)
{
  g_autoptr (TestStore) ts = tp_store_new ();
  g_autoptr (GError) error = NULL;
  int64_t a;

  tp_rules (ts->store, NULL, NULL);
  a = tp_member (ts->store, CARD_A);
  g_assert_false (mpos_points_grant_by_hand (ts->store, a, "campaign", 100, NULL, "活动", "1001",
                                             test_supervisor (ts->store), mpos_clock_now (), NULL,
                                             &error));
  g_assert_error (error, MPOS_STAFF_ERROR, MPOS_STAFF_ERROR_NOT_PERMITTED);
  g_clear_error (&error);
  g_assert_false (mpos_points_grant_by_hand (ts->store, a, "campaign", 100, NULL, NULL, "1001",
                                             test_manager (ts->store), mpos_clock_now (), NULL,
                                             &error));
  g_assert_error (error, MPOS_POINTS_ERROR, MPOS_POINTS_ERROR_INVALID);
  g_clear_error (&error);
  /* 10,000 a day by default: 6,000 and 4,000 go, one more point does not. */
  g_assert_true (mpos_points_grant_by_hand (ts->store, a, "campaign", 6000, NULL, "活动", "1001",
                                            test_manager (ts->store), mpos_clock_now (), NULL,
                                            &error));
  g_assert_true (mpos_points_grant_by_hand (ts->store, a, "campaign", 4000, NULL, "活动", "1001",
                                            test_manager (ts->store), mpos_clock_now (), NULL,
                                            &error));
  g_assert_no_error (error);
  g_assert_false (mpos_points_grant_by_hand (ts->store, a, "campaign", 1, NULL, "活动", "1001",
                                             test_manager (ts->store), mpos_clock_now (), NULL,
                                             &error));
  g_assert_error (error, MPOS_STAFF_ERROR, MPOS_STAFF_ERROR_NOT_PERMITTED);
  g_clear_error (&error);
  g_assert_cmpint (tp_points (ts->store, CARD_A).available, ==, 10000);
  g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM audit WHERE action = "
                                              "'points_grant' AND approved_by = '9001'"),
                   ==, 2);
  test_assert_consistent (ts->store);
}

static void
test_permissions_transfer_needs_the_giving_members_proof (void)
{
  g_autoptr (TestStore) ts = tp_store_new ();
  g_autoptr (GError) error = NULL;
  MposMemberProof none = { 0 };
  MposMemberProof wrong = { .payment_pin = "000000" };
  MposMemberProof pin = { .payment_pin = "123456" };
  MposMemberProof id_checked = { .supervisor = test_supervisor (ts->store) };
  int64_t a, b;

  tp_rules (ts->store, NULL, NULL);
  a = tp_member (ts->store, CARD_A);
  b = tp_member (ts->store, CARD_B);
  tp_adjust (ts->store, CARD_A, 300);
  g_assert_false (mpos_points_transfer (ts->store, a, b, 100, "家人", "1001", &none,
                                        mpos_clock_now (), &error));
  g_assert_error (error, MPOS_STAFF_ERROR, MPOS_STAFF_ERROR_REQUIRED);
  g_clear_error (&error);
  g_assert_true (mpos_payment_pin_set (ts->store, a, "123456", &id_checked, "1001",
                                       mpos_clock_now (), &error));
  g_assert_false (mpos_points_transfer (ts->store, a, b, 100, "家人", "1001", &wrong,
                                        mpos_clock_now (), &error));
  g_assert_error (error, MPOS_PAYMENT_PIN_ERROR, MPOS_PAYMENT_PIN_ERROR_WRONG);
  g_clear_error (&error);
  g_assert_true (mpos_points_transfer (ts->store, a, b, 100, "家人", "1001", &pin,
                                       mpos_clock_now (), &error));
  g_assert_no_error (error);
  g_assert_cmpint (tp_points (ts->store, CARD_B).available, ==, 100);
  test_assert_consistent (ts->store);
}

static void
test_permissions_payment_pin_change_needs_old_pin_or_id_check (void)
{
  g_autoptr (TestStore) ts = tp_store_new ();
  g_autoptr (GError) error = NULL;
  MposMemberProof none = { 0 };
  MposMemberProof old = { .payment_pin = "123456" };
  MposMemberProof cashier_only = { 0 };
  const MposStaffCredential cashier = { "1001", TEST_CASHIER_PIN, NULL };
  MposMemberProof id_checked = { .supervisor = test_supervisor (ts->store) };
  int64_t a = tp_member (ts->store, CARD_A);

  tp_rules (ts->store, NULL, NULL);
  cashier_only.supervisor = &cashier;
  g_assert_false (mpos_payment_pin_set (ts->store, a, "123456", &none, "1001", 0, &error));
  g_assert_error (error, MPOS_STAFF_ERROR, MPOS_STAFF_ERROR_REQUIRED);
  g_clear_error (&error);
  g_assert_true (mpos_payment_pin_set (ts->store, a, "123456", &id_checked, "1001", 0, &error));
  g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM audit WHERE action = "
                                              "'payment_pin_set' AND approved_by = '2001'"),
                   ==, 1);
  /* A cashier's word is not an ID check; the old PIN is enough. */
  g_assert_false (mpos_payment_pin_set (ts->store, a, "654321", &cashier_only, "1001", 0, &error));
  g_assert_error (error, MPOS_STAFF_ERROR, MPOS_STAFF_ERROR_NOT_PERMITTED);
  g_clear_error (&error);
  g_assert_true (mpos_payment_pin_set (ts->store, a, "654321", &old, "1001", 0, &error));
  g_assert_no_error (error);
  g_assert_true (mpos_payment_pin_verify (ts->store, a, "654321", 5, 0, &error));
  g_assert_no_error (error);
}

/* Every action has its word in the store's table and a title a refusal
 * can say (a missing title printed "(null)" to the cashier), and each
 * word reads back as its action. */
static void
test_permissions_every_action_named_and_titled (void)
{
  for (guint i = 0; i < MPOS_ACTION_COUNT; i++)
    {
      MposStaffAction back = MPOS_ACTION_COUNT;
      const char *name = mpos_staff_action_name ((MposStaffAction)i);
      const char *title = mpos_staff_action_title ((MposStaffAction)i);

      g_assert_nonnull (name);
      g_assert_nonnull (title);
      g_assert_cmpstr (title, !=, "");
      g_assert_true (mpos_staff_action_parse (name, &back));
      g_assert_cmpint (back, ==, i);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  test_pin_now (TEST_NOW_ISO);
  g_test_add_func ("/permissions/every-action-named-and-titled",
                   test_permissions_every_action_named_and_titled);
  g_test_add_func ("/permissions/zero-price", test_permissions_zero_price_needs_price_override);
  g_test_add_func ("/permissions/discount-limit", test_permissions_discount_limit);
  g_test_add_func ("/permissions/approver-by-number", test_permissions_approver_by_number);
  g_test_add_func ("/permissions/discount-needs-approval",
                   test_permissions_discount_needs_approval_asks_the_limit);
  g_test_add_func ("/permissions/points-grant-cap", test_permissions_points_grant_by_hand_capped);
  g_test_add_func ("/permissions/transfer-proof",
                   test_permissions_transfer_needs_the_giving_members_proof);
  g_test_add_func ("/permissions/payment-pin-change",
                   test_permissions_payment_pin_change_needs_old_pin_or_id_check);
  return g_test_run ();
}
