/* test-util.c — temp stores with or without the demo data. */
#include "test-util.h"
#include "catalog-import.h"
#include "integrity.h"
#include "member.h"
#include "promotion.h"

#include <glib/gstdio.h>

static const char *
demo_dir (void)
{
  const char *dir = g_getenv ("MALLPOS_DEMO_DIR");

  g_assert_nonnull (dir);
  return dir;
}

char *
test_demo_file (const char *name, gsize *length)
{
  g_autofree char *path = g_build_filename (demo_dir (), name, NULL);
  g_autoptr (GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, length, &error);
  g_assert_no_error (error);
  return contents;
}

TestStore *
test_store_new (void)
{
  TestStore *ts = g_new0 (TestStore, 1);
  g_autoptr (GError) error = NULL;
  MposStoreOptions options = { TRUE, 200 };
  MposStoreIdentity identity = { 0 };

  ts->dir = g_dir_make_tmp ("mallpos-test-XXXXXX", &error);
  g_assert_no_error (error);
  ts->path = g_build_filename (ts->dir, "store.db", NULL);
  ts->store = mpos_store_open (ts->path, &options, &error);
  g_assert_no_error (error);
  identity.store_code = "S001";
  identity.terminal_code = "T01";
  identity.time_zone = "Asia/Shanghai";
  identity.store_name = "惠民会员超市";
  identity.business_day_cutoff_hour = 4;
  mpos_store_set_identity (ts->store, &identity, &error);
  g_assert_no_error (error);
  return ts;
}

TestStore *
test_store_new_demo (void)
{
  TestStore *ts = test_store_new ();
  g_autoptr (GError) error = NULL;
  g_auto (MposImportReport) report = { 0 };
  gsize length = 0;
  g_autofree char *members = test_demo_file ("members.json", &length);
  g_autofree char *catalog = NULL;
  g_autofree char *promotions = NULL;

  mpos_member_import_json (ts->store, members, length, NULL, &error);
  g_assert_no_error (error);
  catalog = test_demo_file ("catalog.csv", &length);
  mpos_import_report_init (&report);
  mpos_import_csv (ts->store, MPOS_IMPORT_CATALOG, catalog, length, MPOS_IMPORT_ALL_OR_NOTHING,
                   &report, &error);
  g_assert_no_error (error);
  promotions = test_demo_file ("promotions.json", &length);
  mpos_promotions_import_json (ts->store, promotions, length, NULL, &error);
  g_assert_no_error (error);
  return ts;
}

static void
remove_tree (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

void
test_store_free (TestStore *ts)
{
  if (ts == NULL)
    return;
  mpos_store_close (ts->store);
  remove_tree (ts->dir);
  g_free (ts->dir);
  g_free (ts->path);
  g_free (ts);
}

void
test_store_reopen (TestStore *ts)
{
  g_autoptr (GError) error = NULL;
  MposStoreOptions options = { FALSE, 200 };

  mpos_store_close (ts->store);
  ts->store = mpos_store_open (ts->path, &options, &error);
  g_assert_no_error (error);
}

void
test_assert_consistent (MposStore *store)
{
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;

  mpos_integrity_check (store, problems, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < problems->len; i++)
    g_printerr ("integrity: %s\n", (const char *) g_ptr_array_index (problems, i));
  g_assert_cmpuint (problems->len, ==, 0);
}
