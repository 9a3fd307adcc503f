/* test-hotlist.c — the mall's hotlist at the counter (src/hotlist.c): every
 * way the counter finds a member (any key, card, phone, QR) meets it, and a
 * sale whose member was blocked after being attached is refused before any
 * tender settles, writing nothing. */
#include <glib.h>
#include <string.h>
#include "cart.h"
#include "hotlist.h"
#include "member-qr.h"
#include "member.h"
#include "sale.h"
#include "test-util.h"

#define CARD "8800000000017"
#define PHONE "13800138000"

static void
hotlist_set (MposStore *store, MposHotlistKind kind, const char *value, gboolean blocked)
{
  g_autoptr (GError) error = NULL;
  static int64_t cursor = 0;
  MposHotlistItem item = { kind, value, blocked, "挂失待核实" };

  g_assert_true (mpos_hotlist_apply (store, &item, 1, ++cursor, 1764043200, &error));
  g_assert_no_error (error);
}

static void
assert_blocked (MposStore *store, MposMemberKey kind, const char *key)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposMember) member = mpos_member_lookup_as (store, kind, key, &error);

  g_assert_null (member);
  g_assert_error (error, MPOS_MEMBER_ERROR, MPOS_MEMBER_ERROR_BLOCKED);
  g_assert_nonnull (strstr (error->message, "挂失待核实"));
}

static void
assert_found (MposStore *store, MposMemberKey kind, const char *key)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposMember) member = mpos_member_lookup_as (store, kind, key, &error);

  g_assert_no_error (error);
  g_assert_nonnull (member);
}

static void
test_hotlist_blocked_card_refused_by_every_card_path (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();

  hotlist_set (ts->store, MPOS_HOTLIST_CARD, CARD, TRUE);
  assert_blocked (ts->store, MPOS_MEMBER_KEY_ANY, CARD);
  assert_blocked (ts->store, MPOS_MEMBER_KEY_CARD, CARD);
  /* only the card is blocked: the member is still found by phone */
  assert_found (ts->store, MPOS_MEMBER_KEY_PHONE, PHONE);
  hotlist_set (ts->store, MPOS_HOTLIST_CARD, CARD, FALSE);
  assert_found (ts->store, MPOS_MEMBER_KEY_CARD, CARD);
}

static void
test_hotlist_blocked_member_refused_however_found (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autoptr (GError) error = NULL;
  g_autoptr (MposMember) member = mpos_member_lookup_card (ts->store, CARD, &error);
  g_autofree char *token = NULL;

  g_assert_no_error (error);
  token = mpos_member_qr_token (ts->store, member->id, test_pinned_now (), &error);
  g_assert_no_error (error);
  hotlist_set (ts->store, MPOS_HOTLIST_MEMBER, member->uid, TRUE);
  assert_blocked (ts->store, MPOS_MEMBER_KEY_ANY, PHONE);
  assert_blocked (ts->store, MPOS_MEMBER_KEY_CARD, CARD);
  assert_blocked (ts->store, MPOS_MEMBER_KEY_PHONE, PHONE);
  assert_blocked (ts->store, MPOS_MEMBER_KEY_QR, token);
  assert_blocked (ts->store, MPOS_MEMBER_KEY_ANY, token);
}

static void
test_hotlist_sale_refused_when_member_blocked_after_attach (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autoptr (MposCart) cart = test_cart_new (ts->store);
  g_autoptr (GError) error = NULL;
  MposSaleResult result;
  int64_t sales = test_count_rows (ts->store, "sales");

  g_assert_true (mpos_cart_set_member (cart, CARD, &error));
  g_assert_no_error (error);
  test_cart_add_sku (cart, "100001", 1);
  test_cart_pay (cart, MPOS_TENDER_CASH, 10000, NULL);
  hotlist_set (ts->store, MPOS_HOTLIST_MEMBER, mpos_cart_get_member (cart)->uid, TRUE);
  g_assert_false (mpos_sale_commit (cart, &result, &error));
  g_assert_error (error, MPOS_MEMBER_ERROR, MPOS_MEMBER_ERROR_BLOCKED);
  g_assert_cmpint (test_count_rows (ts->store, "sales"), ==, sales);
  test_assert_consistent (ts->store);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  test_pin_now (TEST_NOW_ISO);
  g_test_add_func ("/hotlist/blocked-card-refused-by-every-card-path",
                   test_hotlist_blocked_card_refused_by_every_card_path);
  g_test_add_func ("/hotlist/blocked-member-refused-however-found",
                   test_hotlist_blocked_member_refused_however_found);
  g_test_add_func ("/hotlist/sale-refused-when-member-blocked-after-attach",
                   test_hotlist_sale_refused_when_member_blocked_after_attach);
  return g_test_run ();
}
