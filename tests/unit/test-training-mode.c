/* test-training-mode.c — 练习模式 (src/training-mode.c, src/clock.c): the
 * pinned clock counts while only training stores are open, a production
 * store makes the process read the real clock until it is closed, and a
 * production store cannot become a training store. */
#include "core.h"
#include "clock.h"
#include "test-util.h"

#include <string.h>

static MposStore *
production_store (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "production.db", NULL);
  MposStoreOptions options = { TRUE, 200 };
  MposStoreIdentity identity = { .store_code = "S002", .terminal_code = "T01",
                                 .time_zone = "Asia/Shanghai" };
  g_autoptr (GError) error = NULL;
  mpos_core_init ();
  MposStore *store = mpos_store_open (path, &options, &error);

  g_assert_no_error (error);
  g_assert_true (mpos_store_set_identity (store, &identity, &error));
  g_assert_false (mpos_store_is_training (store));
  return store;
}

static void
test_training_pinned_clock_only_without_production_store (void)
{
  g_autoptr (TestStore) training = test_store_new ();
  MposStore *production;

  g_assert_true (mpos_store_is_training (training->store));
  g_assert_cmpint (mpos_clock_now (), ==, test_pinned_now ());
  production = production_store (training->dir);
  g_assert_cmpint (mpos_clock_now (), !=, test_pinned_now ());
  g_assert_false (mpos_clock_pinned ());
  mpos_store_close (production);
  g_assert_cmpint (mpos_clock_now (), ==, test_pinned_now ());
}

static void
test_training_production_store_stays_production (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  MposStore *production = production_store (ts->dir);
  g_autoptr (GError) error = NULL;

  g_assert_false (mpos_store_make_training (production, test_pinned_now (), &error));
  g_assert_nonnull (strstr (error->message, "only a new store can become a training store"));
  g_assert_false (mpos_store_is_training (production));
  mpos_store_close (production);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  test_pin_now (TEST_NOW_ISO);
  g_test_add_func ("/training-mode/pinned-clock-only-without-production-store",
                   test_training_pinned_clock_only_without_production_store);
  g_test_add_func ("/training-mode/production-store-stays-production",
                   test_training_production_store_stays_production);
  return g_test_run ();
}
