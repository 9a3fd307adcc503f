/* test-product-search.c — tests for src/product-search.c over the demo
 * catalog: Chinese names by trigram (3+ characters) and by substring (1–2),
 * pinyin initials, spec text, and queries that carry SQL LIKE wildcards or
 * FTS5 syntax, which must be taken literally and never fail; the order the
 * results come in, and that it is read from an index, not sorted. */
#include <glib.h>
#include <sqlite3.h>
#include <string.h>

#include "catalog.h"
#include "product-search.h"
#include "store-private.h"
#include "test-util.h"

typedef struct
{
  TestStore *ts;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->ts = test_store_new_demo ();
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  test_store_free (f->ts);
}

/* The SKU codes found, space-separated, in the order returned. */
static char *
search_codes (MposStore *store, const char *query, guint limit)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) found = mpos_product_search (store, query, limit, &error);
  g_autoptr (GString) codes = g_string_new (NULL);

  g_assert_no_error (error);
  g_assert_nonnull (found);
  for (guint i = 0; i < found->len; i++)
    {
      const MposSku *sku = g_ptr_array_index (found, i);
      g_string_append_printf (codes, "%s%s", i ? " " : "", sku->sku_code);
    }
  return g_string_free (g_steal_pointer (&codes), FALSE);
}

static void
assert_finds (MposStore *store, const char *query, const char *expected)
{
  g_autofree char *codes = search_codes (store, query, 200);

  if (g_strcmp0 (codes, expected) != 0)
    g_error ("search “%s” found “%s”, expected “%s”", query, codes, expected);
}

static void
test_search_chinese_trigram (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) found = NULL;
  const MposSku *oil;

  assert_finds (f->ts->store, "金龙鱼", "100055");
  /* From the middle of a name, too. */
  assert_finds (f->ts->store, "黄金比例", "100055");
  /* Every variant of 可口可乐 and 可口可乐零度, by SKU code. */
  assert_finds (f->ts->store, "可口可乐", "100094 100095 100096 100103");
  assert_finds (f->ts->store, "洗衣液", "100141 100142 100143");

  /* The result carries the whole SKU. */
  found = mpos_product_search (f->ts->store, "金龙鱼", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  oil = g_ptr_array_index (found, 0);
  g_assert_cmpstr (oil->name, ==, "金龙鱼黄金比例食用植物调和油");
  g_assert_cmpstr (oil->spec, ==, "5L");
  g_assert_cmpstr (oil->category_path, ==, "食品/粮油调味/食用油");
  g_assert_cmpint (test_sku_stock (f->ts->store, oil), ==, 60);
  g_assert_true (oil->active);
}

static void
test_search_two_characters_by_substring (Fixture *f, gconstpointer data)
{
  /* 可乐 is too short for a trigram: 百事可乐 (100097) is found as well. */
  assert_finds (f->ts->store, "可乐", "100094 100095 100096 100097 100103");
  assert_finds (f->ts->store, "五连", "100002");
  /* A single character works the same way. */
  {
    g_autofree char *codes = search_codes (f->ts->store, "奶", 200);
    g_auto (GStrv) list = g_strsplit (codes, " ", 0);
    g_assert_cmpuint (g_strv_length (list), ==, 21);
  }
}

static void
test_search_pinyin_initials_prefix (Fixture *f, gconstpointer data)
{
  assert_finds (f->ts->store, "kkkl", "100094 100095 100096 100103");
  assert_finds (f->ts->store, "KKKL", "100094 100095 100096 100103");
  assert_finds (f->ts->store, "kkklld", "100103"); /* 可口可乐零度 */
  assert_finds (f->ts->store, "jly", "100055");
  /* 农夫山泉, but not NFC农夫山泉 (whose initials start "nfc"); in the
   * order of their initials: nfsqcb…, nfsqdf…, nfsqyy… */
  assert_finds (f->ts->store, "nfsq", "100112 100121 100104 100105 100106");
  /* Blanks around the query are ignored. */
  assert_finds (f->ts->store, "  jly\t", "100055");
}

static void
test_search_spec_text (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) found = mpos_product_search (f->ts->store, "500ml", 200, &error);

  assert_finds (f->ts->store, "五连包", "100002");
  assert_finds (f->ts->store, "330ml", "100094 100101 100103 100212 100219");
  /* Name and spec together, as the receipt shows them. */
  assert_finds (f->ts->store, "可口可乐 330", "100094");

  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 36);
  for (guint i = 0; i < found->len; i++)
    {
      const MposSku *sku = g_ptr_array_index (found, i);
      g_autofree char *text = mpos_sku_display_name (sku);
      g_autofree char *lower = g_utf8_strdown (text, -1);

      g_assert_nonnull (strstr (lower, "500ml"));
      if (i > 0)
        g_assert_cmpstr (((const MposSku *)g_ptr_array_index (found, i - 1))->sku_code, <,
                         sku->sku_code);
    }
}

static void
test_search_no_match_is_empty (Fixture *f, gconstpointer data)
{
  assert_finds (f->ts->store, "不存在的商品", "");
  assert_finds (f->ts->store, "榴", "");
  assert_finds (f->ts->store, "zzzzqx", "");
}

static void
test_search_empty_query_finds_nothing (Fixture *f, gconstpointer data)
{
  assert_finds (f->ts->store, "", "");
  assert_finds (f->ts->store, "   ", "");
  assert_finds (f->ts->store, NULL, "");
  /* Invalid UTF-8 is no query either. */
  assert_finds (f->ts->store, "\xe5\x8f", "");
}

static void
test_search_like_wildcards_are_literal (Fixture *f, gconstpointer data)
{
  /* Unescaped, "%" and "_" would match every product. */
  assert_finds (f->ts->store, "%", "100113 100115 100117");
  assert_finds (f->ts->store, "0%", "100113 100115 100117");
  assert_finds (f->ts->store, "_", "");
  assert_finds (f->ts->store, "可_", "");
  assert_finds (f->ts->store, "\\", "");
  /* Through the trigram path as well. */
  assert_finds (f->ts->store, "100%", "100113 100117");
  assert_finds (f->ts->store, "%橙汁", "100113 100117");
}

static void
test_search_fts5_syntax_is_literal_and_never_fails (Fixture *f, gconstpointer data)
{
  const char *odd[] = { "*",           "可口*",
                        "\"\"\"",      "((",
                        "可口)",       "NEAR(",
                        "a OR b",      "可口 AND 可乐",
                        "-可乐",       "^可口",
                        "text:可口",   "{可口 可乐}",
                        "可口\"可乐",  "'; DROP TABLE skus; --",
                        "\"可口可乐\"" };

  /* Quotes are part of two demo names and are found as text. */
  assert_finds (f->ts->store, "\"", "100020 100038");
  assert_finds (f->ts->store, "\"派\"", "100020");
  assert_finds (f->ts->store, "派\"巧", "100020");
  for (guint i = 0; i < G_N_ELEMENTS (odd); i++)
    {
      g_autofree char *codes = search_codes (f->ts->store, odd[i], 50);

      /* None of them is in a product's name or spec. */
      if (*codes != '\0')
        g_error ("search “%s” found “%s”", odd[i], codes);
    }
  g_assert_cmpint (mpos_catalog_sku_count (f->ts->store), ==, 256);
}

static void
test_search_limit_and_delisted (Fixture *f, gconstpointer data)
{
  g_autofree char *two = search_codes (f->ts->store, "kkkl", 2);
  g_autofree char *one = search_codes (f->ts->store, "kkkl", 0);

  g_assert_cmpstr (two, ==, "100094 100095");
  g_assert_cmpstr (one, ==, "100094"); /* the limit is at least 1 */

  test_exec (f->ts->store, "UPDATE skus SET active = 0 WHERE code IN ('100094', '100097')");
  assert_finds (f->ts->store, "kkkl", "100095 100096 100103");
  assert_finds (f->ts->store, "可口可乐", "100095 100096 100103");
  assert_finds (f->ts->store, "可乐", "100095 100096 100103");
}

static MposSkuRecord
new_cola (const char *sku_code, const char *product_code)
{
  MposSkuRecord r = { 0 };

  r.sku_code = sku_code;
  r.product_code = product_code;
  r.name = "可口可乐新品";
  r.spec = "500ml";
  r.category_path = "饮料/碳酸饮料";
  r.unit = MPOS_UNIT_PIECE;
  r.tax_rate_bp = 1300;
  return r;
}

static void
refresh_index (MposStore *store)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (mpos_store_begin (store, &error));
  g_assert_true (mpos_catalog_search_refresh (store, &error));
  g_assert_true (mpos_store_commit (store, &error));
  g_assert_no_error (error);
}

/* Name matches come in catalog order (the order the SKUs were added), not in
 * code order: a SKU added last is found last, whether its search entry is
 * made yet or not, even with a code that sorts first. */
static void
test_search_names_in_catalog_order (Fixture *f, gconstpointer data)
{
  MposSkuRecord r = new_cola ("000001", "P9001");

  test_upsert_sku (f->ts->store, &r, 0);
  assert_finds (f->ts->store, "可口可乐", "100094 100095 100096 100103 000001");
  assert_finds (f->ts->store, "可乐", "100094 100095 100096 100097 100103 000001");
  refresh_index (f->ts->store);
  assert_finds (f->ts->store, "可口可乐", "100094 100095 100096 100103 000001");
  assert_finds (f->ts->store, "可乐", "100094 100095 100096 100097 100103 000001");
  /* pinyin initials: 可口可乐 (kkkl), 可口可乐零度 (kkklld), 可口可乐新品 (kkklxp) */
  assert_finds (f->ts->store, "kkkl", "100094 100095 100096 100103 000001");
}

/* A limit takes the first results of the whole order, for every path. */
static void
test_search_limit_takes_the_first (Fixture *f, gconstpointer data)
{
  const char *queries[] = { "kkkl", "nfsq", "可口可乐", "可乐", "奶", "500ml", "n" };
  MposSkuRecord r = new_cola ("000002", "P9002");

  test_upsert_sku (f->ts->store, &r, 0); /* one SKU still waiting for its entry */
  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      g_autofree char *all = search_codes (f->ts->store, queries[q], 200);

      for (guint limit = 1; limit <= 8; limit++)
        {
          g_autofree char *some = search_codes (f->ts->store, queries[q], limit);
          g_auto (GStrv) words = g_strsplit (all, " ", limit + 1);
          g_autofree char *first = NULL;

          if (g_strv_length (words) > limit)
            g_clear_pointer (&words[limit], g_free);
          first = g_strjoinv (" ", words);
          if (g_strcmp0 (some, first) != 0)
            g_error ("search “%s” limit %u found “%s”, the first of all are “%s”", queries[q],
                     limit, some, first);
        }
    }
}

/* The results are read in the order shown, from an index, and reading stops
 * at the limit: no statement of the search sorts its matches (a sort reads
 * every match first: hundreds of thousands for one letter over a million
 * SKUs). */
static void
test_search_never_sorts_its_matches (Fixture *f, gconstpointer data)
{
  const char *queries[] = { "k", "kkkl", "可", "可乐", "可口可乐", "500ml" };
  sqlite3 *db = mpos_store_db (f->ts->store);
  guint checked = 0;

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    g_free (search_codes (f->ts->store, queries[q], 3));
  for (sqlite3_stmt *stmt = sqlite3_next_stmt (db, NULL); stmt; stmt = sqlite3_next_stmt (db, stmt))
    {
      const char *sql = sqlite3_sql (stmt);

      if (strstr (sql, "sku_search") == NULL && strstr (sql, "pinyin >=") == NULL)
        continue;
      checked++;
      if (sqlite3_stmt_status (stmt, SQLITE_STMTSTATUS_SORT, 0) != 0)
        g_error ("this search statement sorts its matches: %s", sql);
    }
  g_assert_cmpuint (checked, >=, 4); /* trigram, substring, pending, pinyin */
}

static void
test_search_follows_catalog_changes (Fixture *f, gconstpointer data)
{
  MposSkuRecord r = { 0 };

  r.sku_code = "100094";
  r.product_code = "P0090";
  r.name = "可口可乐经典";
  r.spec = "罐装330ml";
  r.category_path = "饮料/碳酸饮料";
  r.unit = MPOS_UNIT_PIECE;
  r.tax_rate_bp = 1300;
  test_upsert_sku (f->ts->store, &r, 0);

  /* The rename reaches every variant of the product, in the index too. */
  assert_finds (f->ts->store, "可口可乐经典", "100094 100095 100096");
  assert_finds (f->ts->store, "罐装", "100094");
  assert_finds (f->ts->store, "kkkljd", "100094 100095 100096");
  assert_finds (f->ts->store, "可口可乐 330", "");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/product-search/chinese-trigram", test_search_chinese_trigram);
  ADD ("/product-search/two-characters-by-substring", test_search_two_characters_by_substring);
  ADD ("/product-search/pinyin-initials-prefix", test_search_pinyin_initials_prefix);
  ADD ("/product-search/spec-text", test_search_spec_text);
  ADD ("/product-search/no-match-is-empty", test_search_no_match_is_empty);
  ADD ("/product-search/empty-query-finds-nothing", test_search_empty_query_finds_nothing);
  ADD ("/product-search/like-wildcards-are-literal", test_search_like_wildcards_are_literal);
  ADD ("/product-search/fts5-syntax-is-literal-and-never-fails",
       test_search_fts5_syntax_is_literal_and_never_fails);
  ADD ("/product-search/limit-and-delisted", test_search_limit_and_delisted);
  ADD ("/product-search/follows-catalog-changes", test_search_follows_catalog_changes);
  ADD ("/product-search/names-in-catalog-order", test_search_names_in_catalog_order);
  ADD ("/product-search/limit-takes-the-first", test_search_limit_takes_the_first);
  ADD ("/product-search/never-sorts-its-matches", test_search_never_sorts_its_matches);
#undef ADD

  return g_test_run ();
}
