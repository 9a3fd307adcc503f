/* test-suspend.c — tests src/suspend-resume.c: a resumed sale keeps the
 * suspended lines first, adds the new document's lines after them, takes
 * the new document's other keys (tenders, member) and remembers what it
 * resumes, so the sale that commits it removes the suspended one. */
#include "cart-json.h"
#include "clock.h"
#include "json-fields.h"
#include "suspend.h"
#include "test-util.h"

#include <string.h>

#define SUSPENDED                                                                                  \
  "{\"cashier\": \"1001\", \"member\": \"8800000000017\", \"lines\": [{\"code\": "                 \
  "\"6982959570664\", \"qty\": 2}], \"tenders\": [{\"type\": \"cash\", \"amount\": \"1.00\"}]}"
#define MORE                                                                                       \
  "{\"lines\": [{\"code\": \"69176548\", \"qty\": 1}], \"tenders\": [{\"type\": \"cash\", "        \
  "\"amount\": \"500.00\"}]}"

static int64_t
suspend_document (TestStore *ts, const char *document)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposCart) cart
      = mpos_cart_from_json (ts->store, document, strlen (document), mpos_clock_now (), &error);
  int64_t id = 0;

  g_assert_no_error (error);
  g_assert_true (mpos_suspend_cart (cart, "fetching rice", &id, &error));
  g_assert_no_error (error);
  return id;
}

static void
test_suspend_resume_appends_lines_and_takes_the_new_tenders (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autoptr (GError) error = NULL;
  int64_t id = suspend_document (ts, SUSPENDED);
  g_autoptr (MposCart) cart
      = mpos_suspend_resume (ts->store, id, MORE, strlen (MORE), mpos_clock_now (), &error);
  GPtrArray *lines, *tenders;

  g_assert_no_error (error);
  lines = mpos_cart_get_lines (cart);
  g_assert_cmpint (lines->len, ==, 2);
  g_assert_cmpstr (((MposCartLine *)g_ptr_array_index (lines, 0))->code, ==, "6982959570664");
  g_assert_cmpint (((MposCartLine *)g_ptr_array_index (lines, 0))->qty, ==, 2);
  g_assert_cmpstr (((MposCartLine *)g_ptr_array_index (lines, 1))->code, ==, "69176548");
  /* The new tenders replace the suspended ones; the member stays. */
  tenders = mpos_cart_get_tenders (cart);
  g_assert_cmpint (tenders->len, ==, 1);
  g_assert_cmpint (((MposTender *)g_ptr_array_index (tenders, 0))->amount, ==, 50000);
  g_assert_nonnull (mpos_cart_get_member (cart));
  g_assert_cmpint (mpos_cart_get_resumed_from (cart), ==, id);
  /* Resuming is only reading: the sale stays suspended until one commits it. */
  g_assert_cmpint (test_count_rows (ts->store, "suspended_carts"), ==, 1);
}

/* Parked, taken back, parked again: one suspended sale (the new one), not
 * two copies of it that could each be sold. */
static void
test_suspend_again_replaces_the_resumed_one (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autoptr (GError) error = NULL;
  int64_t id = suspend_document (ts, SUSPENDED), again = 0;
  g_autoptr (MposCart) cart
      = mpos_suspend_resume (ts->store, id, MORE, strlen (MORE), mpos_clock_now (), &error);
  g_autoptr (MposCart) stale
      = mpos_suspend_resume (ts->store, id, MORE, strlen (MORE), mpos_clock_now (), &error);
  g_autoptr (GPtrArray) parked = NULL;

  g_assert_true (mpos_suspend_cart (cart, NULL, &again, &error));
  g_assert_no_error (error);
  g_assert_cmpint (again, !=, id);
  parked = mpos_suspend_list (ts->store, &error);
  g_assert_cmpuint (parked->len, ==, 1);
  g_assert_cmpint (((MposSuspended *)g_ptr_array_index (parked, 0))->id, ==, again);
  /* another till's copy of the same parking: refused, nothing parked */
  g_assert_false (mpos_suspend_cart (stale, NULL, NULL, &error));
  g_assert_error (error, MPOS_SALE_ERROR, MPOS_SALE_ERROR_NOT_FOUND);
  g_assert_cmpint (test_count_rows (ts->store, "suspended_carts"), ==, 1);
}

static void
test_suspend_merge_keeps_suspended_keys_the_document_lacks (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *merged = mpos_suspend_merge_document (SUSPENDED, "{\"lines\": []}",
                                                         strlen ("{\"lines\": []}"), &error);

  g_assert_no_error (error);
  g_assert_nonnull (strstr (merged, "\"member\":\"8800000000017\""));
  g_assert_nonnull (strstr (merged, "\"amount\":\"1.00\""));
  g_assert_nonnull (strstr (merged, "6982959570664"));
}

static void
test_suspend_resume_refuses_a_bad_document_or_unknown_id (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autoptr (GError) error = NULL;
  int64_t id = suspend_document (ts, SUSPENDED);
  g_autoptr (MposCart) none = NULL;

  none = mpos_suspend_resume (ts->store, id, "{\"lines\": [", 11, mpos_clock_now (), &error);
  g_assert_null (none);
  g_assert_error (error, MPOS_JSON_ERROR, MPOS_JSON_ERROR_SYNTAX);
  g_clear_error (&error);
  none = mpos_suspend_resume (ts->store, id + 1, MORE, strlen (MORE), mpos_clock_now (), &error);
  g_assert_null (none);
  g_assert_nonnull (error);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  test_pin_now (TEST_NOW_ISO);
  g_test_add_func ("/suspend/resume/appends-lines-takes-new-tenders",
                   test_suspend_resume_appends_lines_and_takes_the_new_tenders);
  g_test_add_func ("/suspend/again-replaces-the-resumed-one",
                   test_suspend_again_replaces_the_resumed_one);
  g_test_add_func ("/suspend/merge/keeps-suspended-keys",
                   test_suspend_merge_keeps_suspended_keys_the_document_lacks);
  g_test_add_func ("/suspend/resume/refusals",
                   test_suspend_resume_refuses_a_bad_document_or_unknown_id);
  return g_test_run ();
}
