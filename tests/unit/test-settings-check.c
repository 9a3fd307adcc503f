/* test-settings-check.c — tests for src/settings-check.c: `check` names
 * every settings row that can no longer be read or used (a garbled time
 * zone, day cut-off, scale layout, loyalty rules, invalid UTF-8, a blob),
 * by its key; a healthy store's settings pass. */
#include <glib.h>
#include <string.h>

#include "integrity.h"
#include "loyalty-rules.h"
#include "store-private.h"
#include "test-util.h"

static GPtrArray *
check (MposStore *store)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *problems = g_ptr_array_new_with_free_func (g_free);

  g_assert_true (mpos_integrity_check (store, problems, &error));
  g_assert_no_error (error);
  return problems;
}

/* The only problem `check` reports names `key` and says `why`. */
static void
assert_only_problem (MposStore *store, const char *key, const char *why)
{
  g_autoptr (GPtrArray) problems = check (store);
  g_autofree char *named = g_strdup_printf ("setting %s ", key);
  const char *problem;

  for (guint i = 0; i < problems->len; i++)
    g_test_message ("PROBLEM: %s", (const char *) problems->pdata[i]);
  g_assert_cmpuint (problems->len, ==, 1);
  problem = problems->pdata[0];
  g_assert_true (g_str_has_prefix (problem, named));
  g_assert_nonnull (strstr (problem, why));
}

static TestStore *
store_with_rules (void)
{
  TestStore *ts = test_store_new_demo ();
  g_autoptr (GError) error = NULL;
  g_autofree char *rules = NULL;
  gsize length = 0;

  rules = test_demo_file ("loyalty-rules.json", &length);
  g_assert_true (mpos_loyalty_rules_import (ts->store, rules, length, "9001", test_pinned_now (),
                                            &error));
  g_assert_no_error (error);
  return ts;
}

static void
test_settings_check_healthy_settings_pass (void)
{
  g_autoptr (TestStore) ts = store_with_rules ();
  g_autoptr (GPtrArray) problems = check (ts->store);

  g_assert_cmpuint (problems->len, ==, 0);
}

typedef struct
{
  const char *key;
  const char *sql_value; /* SQL expression of the garbled value */
  const char *why;
} Garble;

static void
test_settings_check_garbled_rows_are_named (void)
{
  static const Garble garbles[] = {
    { "time_zone", "'Asia/Shangh\x01i'", "not a time zone" },
    { "business_day_cutoff_hour", "'4x'", "0–23" },
    { "cash_rounding_step", "'7'", "cash rounding" },
    { "store_code", "'S0 1'", "letters or digits" },
    { "scale_layout", "'garbage'", "cannot be used" },
    { "loyalty_rules", "'{\"points\": {\"earn\": '", "cannot be used" },
    { "member.level_period_months", "'twelve'", "whole number" },
    { "store_name", "CAST(x'e683a0ff' AS TEXT)", "not valid UTF-8" },
    { "receipt_footer", "x'00ff'", "blob data" },
    { "terminal.language", "'fr'", "not zh_CN, zh_TW or en" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (garbles); i++)
    {
      g_autoptr (TestStore) ts = store_with_rules ();
      g_autofree char *sql = g_strdup_printf (
          "INSERT INTO settings (key, value) VALUES ('%s', %s) "
          "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
          garbles[i].key, garbles[i].sql_value);

      g_test_message ("garbling %s", garbles[i].key);
      test_exec (ts->store, sql);
      assert_only_problem (ts->store, garbles[i].key, garbles[i].why);
    }
}

int
main (int argc, char **argv)
{
  test_pin_now (TEST_NOW_ISO);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/settings-check/healthy-settings-pass",
                   test_settings_check_healthy_settings_pass);
  g_test_add_func ("/settings-check/garbled-rows-are-named",
                   test_settings_check_garbled_rows_are_named);
  return g_test_run ();
}
