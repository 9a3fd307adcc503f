/* test-cart-model.c — tests src/cart-model.c: a screen watching the cart
 * hears exactly which rows were added, removed or repriced (position,
 * removed, added), once per change, and when the totals and the member
 * change; nothing is heard for what did not change. */
#include "cart-model.h"
#include "test-util.h"

typedef struct
{
  guint position, removed, added;
} Change;

typedef struct
{
  GArray *changes; /* of Change */
  guint totals;
  guint member;
} Heard;

static void
on_items_changed (GListModel *list, guint position, guint removed, guint added, Heard *heard)
{
  Change change = { position, removed, added };

  g_array_append_val (heard->changes, change);
}

static void
on_totals (MposCartModel *model, Heard *heard)
{
  heard->totals++;
}

static void
on_member (MposCartModel *model, Heard *heard)
{
  heard->member++;
}

static void
listen (MposCartModel *model, Heard *heard)
{
  heard->changes = g_array_new (FALSE, TRUE, sizeof (Change));
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), heard);
  g_signal_connect (model, "totals-changed", G_CALLBACK (on_totals), heard);
  g_signal_connect (model, "member-changed", G_CALLBACK (on_member), heard);
}

static void
stop_listening (MposCartModel *model, Heard *heard)
{
  g_signal_handlers_disconnect_by_data (model, heard);
  g_array_unref (heard->changes);
}

/* Asserts the one change heard since the last call, then forgets it. */
static void
assert_heard (Heard *heard, guint position, guint removed, guint added)
{
  const Change *change;

  g_assert_cmpuint (heard->changes->len, ==, 1);
  change = &g_array_index (heard->changes, Change, 0);
  g_assert_cmpuint (change->position, ==, position);
  g_assert_cmpuint (change->removed, ==, removed);
  g_assert_cmpuint (change->added, ==, added);
  g_array_set_size (heard->changes, 0);
}

static guint
line_no_at (MposCartModel *model, guint position)
{
  g_autoptr (MposCartRow) row = g_list_model_get_item (G_LIST_MODEL (model), position);

  return mpos_cart_row_get_line_no (row);
}

static TestStore *
three_skus (void)
{
  TestStore *ts = test_store_new ();

  test_add_sku (ts->store, "A1", "苹果汁", "drinks", 350);
  test_add_sku (ts->store, "B1", "面包", "bakery", 800);
  test_add_sku (ts->store, "C1", "牛奶", "dairy", 1200);
  return ts;
}

static const MposCartLine *
line_at (MposCartModel *model, guint position)
{
  g_autoptr (MposCartRow) row = g_list_model_get_item (G_LIST_MODEL (model), position);

  return mpos_cart_row_get_line (row);
}

static void
test_cart_model_tells_each_row_added_repriced_and_removed (void)
{
  g_autoptr (TestStore) ts = three_skus ();
  g_autoptr (MposCart) cart = test_cart_new (ts->store);
  g_autoptr (GError) error = NULL;
  MposCartModel *model = mpos_cart_get_model (cart);
  g_autoptr (MposCartRow) first = NULL;
  Heard heard = { 0 };

  listen (model, &heard);
  test_cart_add_sku (cart, "A1", 1);
  assert_heard (&heard, 0, 0, 1);
  test_cart_add_sku (cart, "B1", 1);
  assert_heard (&heard, 1, 0, 1);
  test_cart_add_sku (cart, "C1", 2);
  assert_heard (&heard, 2, 0, 1);
  g_assert_cmpuint (heard.totals, ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 3);

  /* A quantity changes one row: that row alone is replaced. */
  g_assert_true (mpos_cart_set_qty (cart, 2, 3, &error));
  assert_heard (&heard, 1, 1, 1);
  g_assert_cmpuint (heard.totals, ==, 4);
  g_assert_cmpint (line_at (model, 1)->qty, ==, 3);
  g_assert_cmpint (line_at (model, 1)->net, ==, 2400);

  /* The same quantity again changes nothing: nothing is heard. */
  g_assert_true (mpos_cart_set_qty (cart, 2, 3, &error));
  g_assert_cmpuint (heard.changes->len, ==, 0);
  g_assert_cmpuint (heard.totals, ==, 4);

  /* Voiding the first line removes row 0; the others move up. */
  first = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_nonnull (mpos_cart_row_get_line (first));
  g_assert_true (mpos_cart_void_line (cart, 1, &error));
  assert_heard (&heard, 0, 1, 0);
  g_assert_null (mpos_cart_row_get_line (first));
  g_assert_cmpuint (line_no_at (model, 0), ==, 2);
  g_assert_cmpuint (line_no_at (model, 1), ==, 3);
  g_assert_cmpuint (heard.totals, ==, 5);
  g_assert_cmpuint (heard.member, ==, 0);
  stop_listening (model, &heard);
}

/* An order discount reprices every line: each row is replaced, in order. */
static void
test_cart_model_order_discount_replaces_every_row (void)
{
  g_autoptr (TestStore) ts = three_skus ();
  g_autoptr (MposCart) cart = test_cart_new (ts->store);
  g_autoptr (GError) error = NULL;
  MposCartModel *model;
  Heard heard = { 0 };

  test_cart_add_sku (cart, "A1", 1);
  test_cart_add_sku (cart, "B1", 1);
  /* Asked for late, the model starts from the cart as it is: no past heard. */
  model = mpos_cart_get_model (cart);
  listen (model, &heard);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2);
  g_assert_true (mpos_cart_set_order_discount (cart, MPOS_DISCOUNT_PERCENT, 1000, "9001", &error));
  g_assert_cmpuint (heard.changes->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      const Change *change = &g_array_index (heard.changes, Change, i);
      g_assert_cmpuint (change->position, ==, i);
      g_assert_cmpuint (change->removed, ==, 1);
      g_assert_cmpuint (change->added, ==, 1);
    }
  g_assert_cmpuint (heard.totals, ==, 1);
  stop_listening (model, &heard);
}

/* A payment moves the totals (what is still due), not the rows. */
static void
test_cart_model_tender_changes_totals_only (void)
{
  g_autoptr (TestStore) ts = three_skus ();
  g_autoptr (MposCart) cart = test_cart_new (ts->store);
  MposCartModel *model = mpos_cart_get_model (cart);
  Heard heard = { 0 };

  test_cart_add_sku (cart, "C1", 1);
  listen (model, &heard);
  test_cart_pay (cart, MPOS_TENDER_CASH, 2000, NULL);
  g_assert_cmpuint (heard.changes->len, ==, 0);
  g_assert_cmpuint (heard.totals, ==, 1);
  stop_listening (model, &heard);
}

static void
test_cart_model_member_changed_once (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autoptr (MposCart) cart = test_cart_new (ts->store);
  g_autoptr (GError) error = NULL;
  MposCartModel *model = mpos_cart_get_model (cart);
  Heard heard = { 0 };

  listen (model, &heard);
  g_assert_true (mpos_cart_set_member (cart, "8800000000017", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (heard.member, ==, 1);
  g_assert_true (mpos_cart_set_member (cart, "8800000000017", &error));
  g_assert_cmpuint (heard.member, ==, 1);
  stop_listening (model, &heard);
}

/* A screen may keep the model past the cart: it is then empty, and says so. */
static void
test_cart_model_outlives_the_cart_empty (void)
{
  g_autoptr (TestStore) ts = three_skus ();
  MposCart *cart = test_cart_new (ts->store);
  g_autoptr (MposCartModel) model = g_object_ref (mpos_cart_get_model (cart));
  g_autoptr (MposCartRow) row = NULL;
  Heard heard = { 0 };

  test_cart_add_sku (cart, "A1", 1);
  row = g_list_model_get_item (G_LIST_MODEL (model), 0);
  listen (model, &heard);
  mpos_cart_free (cart);
  assert_heard (&heard, 0, 1, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  g_assert_null (mpos_cart_model_get_cart (model));
  g_assert_null (mpos_cart_row_get_line (row));
  stop_listening (model, &heard);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  test_pin_now (TEST_NOW_ISO);
  g_test_add_func ("/cart-model/rows-added-repriced-removed",
                   test_cart_model_tells_each_row_added_repriced_and_removed);
  g_test_add_func ("/cart-model/order-discount-replaces-every-row",
                   test_cart_model_order_discount_replaces_every_row);
  g_test_add_func ("/cart-model/tender-changes-totals-only",
                   test_cart_model_tender_changes_totals_only);
  g_test_add_func ("/cart-model/member-changed-once", test_cart_model_member_changed_once);
  g_test_add_func ("/cart-model/outlives-the-cart-empty", test_cart_model_outlives_the_cart_empty);
  return g_test_run ();
}
