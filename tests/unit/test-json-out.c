/* test-json-out.c — tests for src/json-out.c: what it writes parses back
 * (SQLite's json functions, as the store's views read it) to the same values. */
#include <glib.h>
#include <sqlite3.h>
#include <stdint.h>
#include <string.h>

#include "json-out.h"
#include "json-fields.h"

static char *
sqlite_text (const char *sql, const char *bound)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *out = NULL;

  g_assert_cmpint (sqlite3_open (":memory:", &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, bound, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
    out = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return out;
}

static void
test_json_out_strings_round_trip (void)
{
  static const char *texts[] = { "", "plain", "买\"一\"送\\一", "tab\there\nnew line",
                                 "\x01\x1f control", "会员价 Member price" };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr (GString) out = g_string_new ("[");
      g_autofree char *back = NULL;

      mpos_json_out_string (out, texts[i]);
      g_string_append_c (out, ']');
      back = sqlite_text ("SELECT CASE WHEN json_valid (?1) THEN ?1 ->> 0 END", out->str);
      g_assert_cmpstr (back, ==, texts[i]);
    }
}

static void
test_json_out_null_and_optional (void)
{
  g_autoptr (GString) out = g_string_new (NULL);

  mpos_json_out_string (out, NULL);
  g_string_append_c (out, ',');
  mpos_json_out_optional_string (out, "");
  g_string_append_c (out, ',');
  mpos_json_out_optional_string (out, "x");
  g_string_append_c (out, ',');
  mpos_json_out_int_or_null (out, 0);
  g_string_append_c (out, ',');
  mpos_json_out_int_or_null (out, 7);
  g_assert_cmpstr (out->str, ==, "null,null,\"x\",null,7");
}

/* Integers exactly, to both ends of int64: money is never a double. */
static void
test_json_out_integers_exact (void)
{
  static const int64_t values[] = { 0, 1, -1, 9, 10, -570, 123456789012345, G_MAXINT64,
                                    G_MININT64, (int64_t) 1 << 53, ((int64_t) 1 << 53) + 1 };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autoptr (GString) out = g_string_new ("[");
      g_autofree char *expected = g_strdup_printf ("%" G_GINT64_FORMAT, values[i]);
      g_autofree char *written = g_strdup_printf ("[%s]", expected);
      g_autofree char *back = NULL;

      mpos_json_out_int (out, values[i]);
      g_string_append_c (out, ']');
      g_assert_cmpstr (out->str, ==, written);
      back = sqlite_text ("SELECT CAST (?1 ->> 0 AS TEXT)", out->str);
      g_assert_cmpstr (back, ==, expected);
    }
}

/* A whole tree reads back as the same tree (nesting, text with escapes and
 * non-ASCII, fractions, true, false, null), and whole numbers to 2^53 come
 * out digit for digit — where cJSON_PrintUnformatted writes
 * 9007199254740991 as 9.00719925474099e+15, a sequence number lost. */
static void
test_json_out_tree_as_cjson (void)
{
  static const char *const documents[] = {
    "{}",
    "[]",
    "{\"a\":[1,-2,0,9007199254740991,-9007199254740991,1.5,-0.25,3.14159265358979,1e300,"
    "123456789.125],\"b\":{\"c\":\"王芳 \\\"引号\\\" \\\\ \\n\\t\\u0001\",\"d\":null,"
    "\"e\":true,\"f\":false,\"g\":[[],{}]}}",
    "[9007199254740992,18014398509481984,0.1,100000000000000000000]",
  };

  for (guint i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      g_autoptr (cJSON) json = cJSON_Parse (documents[i]);
      g_autoptr (GString) out = g_string_new (NULL);
      g_autoptr (cJSON) back = NULL;

      mpos_json_out_tree (out, json);
      back = cJSON_Parse (out->str);
      g_assert_nonnull (back);
      g_assert_true (cJSON_Compare (json, back, TRUE));
      if (i == 2)
        g_assert_nonnull (strstr (out->str, "[1,-2,0,9007199254740991,-9007199254740991,1.5,"));
      if (i == 3)
        g_assert_nonnull (strstr (out->str, "[9007199254740992,18014398509481984,0.1,1e+20]"));
    }
}

/* Points and counts of 10^15 and beyond 2^53 come out to the digit from
 * both printers (a cJSON number is printed 9.00719925474099e+15 for 2^53,
 * and a double rounds 2^53 + 1 to 2^53). */
static void
test_json_out_add_int_exact_beyond_2_53 (void)
{
  static const int64_t values[]
      = { 1000000000000000, 9007199254740992, 9007199254740993, INT64_MAX, INT64_MIN,
          -9007199254740993 };
  static const char *const digits[]
      = { "1000000000000000",    "9007199254740992",     "9007199254740993",
          "9223372036854775807", "-9223372036854775808", "-9007199254740993" };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autoptr (cJSON) json = cJSON_CreateObject ();
      g_autoptr (GString) out = g_string_new (NULL);
      g_autofree char *printed = NULL, *expected = NULL, *back = NULL;

      mpos_json_add_int (json, "points", values[i]);
      expected = g_strdup_printf ("{\"points\":%s}", digits[i]);
      printed = cJSON_PrintUnformatted (json);
      mpos_json_out_tree (out, json);
      g_assert_cmpstr (printed, ==, expected);
      g_assert_cmpstr (out->str, ==, expected);
      back = sqlite_text ("SELECT CAST (?1 ->> '$.points' AS TEXT)", out->str);
      g_assert_cmpstr (back, ==, digits[i]);
    }
}

/* Below 10^15 it is the cJSON number it always was. */
static void
test_json_out_add_int_small_is_a_number (void)
{
  g_autoptr (cJSON) json = cJSON_CreateObject ();
  g_autofree char *printed = NULL;

  mpos_json_add_int (json, "qty", 42);
  mpos_json_add_int (json, "edge", -999999999999999);
  g_assert_true (cJSON_IsNumber (cJSON_GetObjectItem (json, "qty")));
  g_assert_true (cJSON_IsNumber (cJSON_GetObjectItem (json, "edge")));
  printed = cJSON_PrintUnformatted (json);
  g_assert_cmpstr (printed, ==, "{\"qty\":42,\"edge\":-999999999999999}");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/json-out/strings-round-trip", test_json_out_strings_round_trip);
  g_test_add_func ("/json-out/null-and-optional", test_json_out_null_and_optional);
  g_test_add_func ("/json-out/integers-exact", test_json_out_integers_exact);
  g_test_add_func ("/json-out/tree-as-cjson", test_json_out_tree_as_cjson);
  g_test_add_func ("/json-out/add-int-exact-beyond-2^53", test_json_out_add_int_exact_beyond_2_53);
  g_test_add_func ("/json-out/add-int-small-is-a-number", test_json_out_add_int_small_is_a_number);
  return g_test_run ();
}
