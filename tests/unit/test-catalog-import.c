/* test-catalog-import.c — tests for src/catalog-import.c and src/csv.c: the
 * demo catalog imports whole and re-imports as a no-op; every broken file of
 * data/demo/bad is refused whole, naming its line, or yields exactly its good
 * rows on request; the CSV dialect (BOM, CRLF, quoting) and its failures;
 * JSON catalogs; scheduled price files. */
#include <glib.h>
#include <string.h>

#include "catalog-import.h"
#include "catalog.h"
#include "clock.h"
#include "json-fields.h"
#include "product-search.h"
#include "stock.h"
#include "store-private.h"
#include "test-util.h"

#define HEADER "sku,product,name,spec,category,unit,barcodes,plu,price,member_prices,tax_rate,stock"

/* MALLPOS_NOW for every test: TEST_NOW_ISO, 2026-11-23T10:00:00+08:00. */
#define NOW ((int64_t)1795399200)
#define TOMORROW_MIDNIGHT ((int64_t)1795449600) /* 2026-11-24T00:00:00+08:00 */

/* ---- helpers ------------------------------------------------------------- */

/* Everything an import may touch, as one comparable string. */
static char *
fingerprint (MposStore *store)
{
  return test_snapshot (store, "skus", "products", "categories", "barcodes", "prices",
                        "stock_movements", "SELECT coalesce(sum(stock_qty), 0) FROM skus",
                        "sku_search", NULL);
}

static gboolean
import_text (MposStore *store, MposImportKind kind, const char *text, MposImportMode mode,
             MposImportReport *report, GError **error)
{
  return mpos_import_csv (store, kind, text, strlen (text), mode, report, error);
}

static char *
sku_codes (MposStore *store, const char *like)
{
  sqlite3_stmt *stmt = NULL;
  g_autoptr (GString) out = g_string_new (NULL);

  g_assert_cmpint (sqlite3_prepare_v2 (mpos_store_db (store),
                                       "SELECT code FROM skus WHERE code LIKE ? ORDER BY code", -1,
                                       &stmt, NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, like, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (out, "%s%s", out->len ? " " : "", sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static const MposImportProblem *
problem (const MposImportReport *report, guint index)
{
  g_assert_cmpuint (index, <, report->problems->len);
  return g_ptr_array_index (report->problems, index);
}

/* One problem, on `line`, mentioning `needle`, and not saying the line again. */
static void
assert_one_problem (const MposImportReport *report, guint line, const char *needle)
{
  const MposImportProblem *p;

  g_assert_cmpuint (report->problems->len, ==, 1);
  g_assert_cmpuint (report->rows_rejected, ==, 1);
  p = problem (report, 0);
  g_assert_cmpuint (p->line, ==, line);
  g_assert_true (g_utf8_validate (p->message, -1, NULL));
  if (needle != NULL && strstr (p->message, needle) == NULL)
    g_error ("problem on line %u, “%s”, does not mention “%s”", p->line, p->message, needle);
  if (g_str_has_prefix (p->message, "line "))
    g_error ("the problem repeats its line number: “%s”", p->message);
}

static MposSkuPrice
price_at (MposStore *store, const char *code, const char *level, int64_t when)
{
  g_autoptr (MposSku) sku = test_find_sku (store, code);

  return test_price_at (store, sku->sku_id, level, when);
}

/* ---- the demo catalog ---------------------------------------------------- */

static guint
distinct_products_in_demo_file (void)
{
  gsize length = 0;
  g_autofree char *catalog = test_demo_file ("catalog.csv", &length);
  g_auto (GStrv) lines = g_strsplit (catalog, "\n", 0);
  g_autoptr (GHashTable) products = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  /* sku and product come before the first field that may be quoted. */
  for (guint i = 1; lines[i]; i++)
    {
      g_auto (GStrv) fields = g_strsplit (lines[i], ",", 3);
      if (g_strv_length (fields) == 3)
        g_hash_table_add (products, g_strdup (fields[1]));
    }
  return g_hash_table_size (products);
}

static void
test_import_demo_catalog_imports_fully (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_auto (MposImportReport) report = { 0 };
  g_autoptr (MposSku) pie = NULL;
  g_autoptr (MposSku) chips = NULL;
  g_autoptr (MposSku) apple = NULL;
  g_autoptr (MposSku) wings = NULL;
  MposSkuPrice price;

  test_import_demo_catalog (ts->store, &report);
  g_assert_cmpuint (report.rows_imported, ==, 256);
  g_assert_cmpuint (report.rows_rejected, ==, 0);
  g_assert_cmpuint (report.problems->len, ==, 0);

  g_assert_cmpint (mpos_catalog_sku_count (ts->store), ==, 256);
  g_assert_cmpint (test_count_rows (ts->store, "products"), ==, distinct_products_in_demo_file ());
  g_assert_cmpint (test_count_rows (ts->store, "barcodes"), ==, 241);
  g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM skus WHERE plu IS NOT NULL"),
                   ==, 20);
  g_assert_cmpint (
      test_query_int (ts->store, "SELECT count(*) FROM products WHERE unit = 'weight'"), ==, 20);
  g_assert_cmpint (test_query_int (ts->store,
                                   "SELECT count(*) FROM categories c WHERE NOT EXISTS "
                                   "(SELECT 1 FROM categories k WHERE k.parent_id = c.id)"),
                   ==, 39);
  g_assert_cmpint (
      test_query_int (ts->store, "SELECT count(*) FROM categories WHERE parent_id IS NULL"), ==, 5);
  g_assert_cmpint (
      test_query_int (ts->store, "SELECT count(*) FROM prices WHERE level_code IS NULL"), ==, 256);
  g_assert_cmpint (test_query_int (ts->store, "SELECT count(DISTINCT sku_id) FROM prices "
                                              "WHERE level_code IS NOT NULL"),
                   ==, 32);
  g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM skus WHERE stock_qty = 0"), ==,
                   3);

  /* Quoted names come through with their commas and quotes. */
  pie = test_find_sku (ts->store, "100020");
  g_assert_cmpstr (pie->name, ==, "好丽友\"派\"巧克力派");
  chips = test_find_sku (ts->store, "100027");
  g_assert_cmpstr (chips->name, ==, "乐事薯片(美国经典原味,大包装)");
  g_assert_cmpstr (chips->spec, ==, "135g");
  g_assert_cmpstr (chips->category_path, ==, "食品/休闲零食/膨化食品");

  apple = test_find_sku (ts->store, "100237");
  g_assert_cmpint (apple->unit, ==, MPOS_UNIT_WEIGHT);
  g_assert_cmpint (apple->tax_rate_bp, ==, 900);
  g_assert_cmpint (test_sku_stock (ts->store, apple), ==, 58000);
  g_assert_cmpint (price_at (ts->store, "100237", NULL, NOW).list_price, ==, 1280);
  wings = test_find_sku (ts->store, "100255");
  g_assert_cmpint (test_sku_stock (ts->store, wings), ==, 0);

  price = price_at (ts->store, "100002", "gold", NOW);
  g_assert_cmpint (price.list_price, ==, 1590);
  g_assert_true (price.has_member_price);
  g_assert_cmpint (price.member_price, ==, 1490);
  price = price_at (ts->store, "100002", "silver", NOW);
  g_assert_cmpint (price.member_price, ==, 1550);
  price = price_at (ts->store, "100002", "normal", NOW);
  g_assert_false (price.has_member_price);
  test_assert_consistent (ts->store);
}

static void
test_import_reimport_changes_nothing (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_auto (MposImportReport) first = { 0 };
  g_auto (MposImportReport) again = { 0 };
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  test_import_demo_catalog (ts->store, &first);
  before = fingerprint (ts->store);
  test_import_demo_catalog (ts->store, &again);
  after = fingerprint (ts->store);
  g_assert_cmpuint (again.rows_imported, ==, 256);
  g_assert_cmpuint (again.rows_rejected, ==, 0);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (price_at (ts->store, "100095", NULL, NOW).list_price, ==, 350);
  test_assert_consistent (ts->store);
}

static void
test_import_changed_price_adds_one_price_row (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (GError) error = NULL;
  g_auto (MposImportReport) first = { 0 };
  g_auto (MposImportReport) report = { 0 };
  int64_t prices;

  test_import_demo_catalog (ts->store, &first);
  prices = test_count_rows (ts->store, "prices");
  /* An hour later, IT sends the same row with a new price. */
  test_pin_now ("2026-11-23T11:00:00+08:00");
  mpos_import_report_init (&report);
  g_assert_true (import_text (ts->store, MPOS_IMPORT_CATALOG,
                              HEADER "\n"
                                     "100095,P0090,可口可乐,500ml,饮料/碳酸饮料,piece,"
                                     "6982959570664,,3.80,,13,420\n",
                              MPOS_IMPORT_ALL_OR_NOTHING, &report, &error));
  test_pin_now (TEST_NOW_ISO);
  g_assert_no_error (error);
  g_assert_cmpint (test_count_rows (ts->store, "prices"), ==, prices + 1);
  g_assert_cmpint (price_at (ts->store, "100095", NULL, NOW + 3600).list_price, ==, 380);
  /* The old price stays in the history: what applied before the change. */
  g_assert_cmpint (price_at (ts->store, "100095", NULL, NOW + 3599).list_price, ==, 350);
}

/* ---- data/demo/bad ------------------------------------------------------- */

typedef struct
{
  const char *file;
  guint line;         /* the bad line (data/demo/README.md) */
  const char *needle; /* what the message must name */
  const char *good;   /* SKUs --skip-bad-rows imports */
} BadFile;

static const BadFile bad_files[] = {
  { "bad-check-digit.csv", 3, "6946593760240", "900001 900003" },
  { "negative-price.csv", 4, "-3.50", "900011 900012" },
  { "duplicate-barcode.csv", 4, "6906953936868", "900021 900022" },
  { "missing-column.csv", 1, "“price”", "" },
  { "bad-unit.csv", 3, "box", "900041" },
  { "bad-price-format.csv", 2, "1e3", "900052" },
  { "overlong-name.csv", 3, "name", "900061" },
  { "bad-utf8.csv", 3, "UTF-8", "900071 900073" },
};

static char *
bad_file (const char *name, gsize *length)
{
  g_autofree char *path = g_build_filename ("bad", name, NULL);

  return test_demo_file (path, length);
}

static void
test_import_bad_files_are_all_covered (void)
{
  const char *demo = g_getenv ("MALLPOS_DEMO_DIR");
  g_autofree char *dir = g_build_filename (demo, "bad", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GDir) d = g_dir_open (dir, 0, &error);
  const char *name;
  guint count = 0;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      gboolean known = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (bad_files); i++)
        known = known || strcmp (bad_files[i].file, name) == 0;
      if (!known)
        g_error ("data/demo/bad/%s has no entry in this test", name);
      count++;
    }
  g_assert_cmpuint (count, ==, G_N_ELEMENTS (bad_files));
}

static void
test_import_bad_files_refused_whole_naming_the_line (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_auto (MposImportReport) demo = { 0 };

  test_import_demo_catalog (ts->store, &demo);
  for (guint i = 0; i < G_N_ELEMENTS (bad_files); i++)
    {
      const BadFile *bad = &bad_files[i];
      g_autoptr (GError) error = NULL;
      g_auto (MposImportReport) report = { 0 };
      gsize length = 0;
      g_autofree char *data = bad_file (bad->file, &length);
      g_autofree char *before = fingerprint (ts->store);
      g_autofree char *after = NULL;
      gboolean ok;

      g_test_message ("%s", bad->file);
      mpos_import_report_init (&report);
      ok = mpos_import_csv (ts->store, MPOS_IMPORT_CATALOG, data, length,
                            MPOS_IMPORT_ALL_OR_NOTHING, &report, &error);
      g_assert_false (ok);
      g_assert_cmpuint (report.rows_imported, ==, 0);
      after = fingerprint (ts->store);
      g_assert_cmpstr (after, ==, before);
      g_assert_cmpint (mpos_catalog_sku_count (ts->store), ==, 256);
      if (bad->line == 1)
        {
          /* A bad header is the file's problem, not a row's: no row was read. */
          g_assert_error (error, MPOS_IMPORT_ERROR, MPOS_IMPORT_ERROR_FORMAT);
          g_assert_true (g_str_has_prefix (error->message, "line 1: "));
          g_assert_nonnull (strstr (error->message, bad->needle));
          g_assert_cmpuint (report.problems->len, ==, 0);
          continue;
        }
      g_assert_error (error, MPOS_IMPORT_ERROR, MPOS_IMPORT_ERROR_BAD_ROWS);
      g_assert_nonnull (strstr (error->message, "nothing was imported"));
      assert_one_problem (&report, bad->line, bad->needle);
    }
  test_assert_consistent (ts->store);
}

static void
test_import_bad_files_skip_bad_rows_imports_the_good_rows (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_files); i++)
    {
      const BadFile *bad = &bad_files[i];
      g_autoptr (TestStore) ts = test_store_new ();
      g_autoptr (GError) error = NULL;
      g_auto (MposImportReport) report = { 0 };
      gsize length = 0;
      g_autofree char *data = bad_file (bad->file, &length);
      g_autofree char *imported = NULL;
      gboolean ok;

      g_test_message ("%s", bad->file);
      mpos_import_report_init (&report);
      ok = mpos_import_csv (ts->store, MPOS_IMPORT_CATALOG, data, length, MPOS_IMPORT_SKIP_BAD_ROWS,
                            &report, &error);
      imported = sku_codes (ts->store, "%");
      if (bad->line == 1)
        {
          /* Without a price column no row can be imported. */
          g_assert_false (ok);
          g_assert_error (error, MPOS_IMPORT_ERROR, MPOS_IMPORT_ERROR_FORMAT);
          g_assert_cmpstr (imported, ==, "");
          continue;
        }
      g_assert_no_error (error);
      g_assert_true (ok);
      g_assert_cmpstr (imported, ==, bad->good);
      {
        g_auto (GStrv) good = g_strsplit (bad->good, " ", 0);
        g_assert_cmpuint (report.rows_imported, ==, g_strv_length (good));
      }
      assert_one_problem (&report, bad->line, bad->needle);
      test_assert_consistent (ts->store);
    }
}

/* ---- the CSV dialect ----------------------------------------------------- */

static void
test_import_missing_header_column_refused (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (GError) error = NULL;
  g_auto (MposImportReport) report = { 0 };

  mpos_import_report_init (&report);
  g_assert_false (import_text (ts->store, MPOS_IMPORT_CATALOG,
                               "sku,product,name,spec,category,barcodes,price\n"
                               "900101,P9101,矿泉水,550ml,饮料/饮用水,,2.00\n",
                               MPOS_IMPORT_ALL_OR_NOTHING, &report, &error));
  g_assert_error (error, MPOS_IMPORT_ERROR, MPOS_IMPORT_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "“unit”"));
  g_assert_cmpint (mpos_catalog_sku_count (ts->store), ==, 0);
  g_clear_error (&error);

  /* A price file needs its effective_from. */
  g_assert_false (import_text (ts->store, MPOS_IMPORT_PRICES, "sku,price\n100001,4.00\n",
                               MPOS_IMPORT_ALL_OR_NOTHING, &report, &error));
  g_assert_error (error, MPOS_IMPORT_ERROR, MPOS_IMPORT_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "“effective_from”"));
  g_clear_error (&error);

  /* Header names are matched after trimming blanks; order does not matter. */
  g_assert_true (
      import_text (ts->store, MPOS_IMPORT_CATALOG,
                   " price , unit ,category,name , sku\n2.00,piece,饮料/饮用水,矿泉水,900101\n",
                   MPOS_IMPORT_ALL_OR_NOTHING, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpint (price_at (ts->store, "900101", NULL, NOW).list_price, ==, 200);
}

static void
test_import_empty_file_refused (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  const char *empty[] = { "", "\n\n", "\r\n", "\xEF\xBB\xBF" };
  g_autoptr (GError) error = NULL;
  g_auto (MposImportReport) report = { 0 };

  mpos_import_report_init (&report);
  for (guint i = 0; i < G_N_ELEMENTS (empty); i++)
    {
      g_assert_false (import_text (ts->store, MPOS_IMPORT_CATALOG, empty[i],
                                   MPOS_IMPORT_ALL_OR_NOTHING, &report, &error));
      g_assert_error (error, MPOS_IMPORT_ERROR, MPOS_IMPORT_ERROR_FORMAT);
      g_assert_nonnull (strstr (error->message, "empty"));
      g_clear_error (&error);
    }
  /* A header and no rows is a valid file of nothing. */
  g_assert_true (import_text (ts->store, MPOS_IMPORT_CATALOG, HEADER "\n",
                              MPOS_IMPORT_ALL_OR_NOTHING, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.rows_imported, ==, 0);
  g_assert_cmpuint (report.rows_rejected, ==, 0);
  g_assert_cmpint (mpos_catalog_sku_count (ts->store), ==, 0);
}

static void
test_import_crlf_and_utf8_bom (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (GError) error = NULL;
  g_auto (MposImportReport) report = { 0 };
  g_autoptr (MposSku) water = NULL;
  g_autoptr (MposSku) milk = NULL;
  const char *text
      = "\xEF\xBB\xBF" HEADER "\r\n"
        "900101,P9101,怡宝纯净水,555ml,饮料/饮用水,piece,6904613243424,,2.00,,13,24\r\n"
        "900102,P9102,伊利纯牛奶,250ml,食品/乳制品,box,,,3.50,,13,10\r\n"
        "900103,P9103,蒙牛纯牛奶,250ml,食品/乳制品,piece,,,3.50,gold:3.20,13,12\r\n";

  mpos_import_report_init (&report);
  g_assert_true (import_text (ts->store, MPOS_IMPORT_CATALOG, text, MPOS_IMPORT_SKIP_BAD_ROWS,
                              &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.rows_imported, ==, 2);
  /* Line numbers count CRLF lines like LF lines. */
  assert_one_problem (&report, 3, "box");

  /* The BOM is not part of the first column's name, and no \r sticks to the last field. */
  water = test_find_sku (ts->store, "900101");
  g_assert_cmpstr (water->name, ==, "怡宝纯净水");
  g_assert_cmpint (test_sku_stock (ts->store, water), ==, 24);
  milk = test_find_sku (ts->store, "900103");
  g_assert_cmpint (test_sku_stock (ts->store, milk), ==, 12);
  g_assert_cmpint (price_at (ts->store, "900103", "gold", NOW).member_price, ==, 320);
  g_assert_cmpint (
      test_query_int (ts->store, "SELECT count(*) FROM barcodes WHERE code = '6904613243424'"), ==,
      1);

  /* A lone CR ends a line too (old Mac exports). */
  mpos_import_report_clear (&report);
  mpos_import_report_init (&report);
  g_assert_true (import_text (ts->store, MPOS_IMPORT_CATALOG,
                              HEADER
                              "\r900104,P9104,光明纯牛奶,250ml,食品/乳制品,piece,,,3.80,,13,5\r",
                              MPOS_IMPORT_ALL_OR_NOTHING, &report, &error));
  g_assert_no_error (error);
  g_clear_pointer (&milk, mpos_sku_free);
  milk = test_find_sku (ts->store, "900104");
  g_assert_cmpint (test_sku_stock (ts->store, milk), ==, 5);
}

static void
test_import_quoted_fields_with_commas_and_doubled_quotes (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (GError) error = NULL;
  g_auto (MposImportReport) report = { 0 };
  g_autoptr (MposSku) a = NULL;
  g_autoptr (MposSku) b = NULL;
  const char *text
      = HEADER "\n"
               "900201,P9201,\"乐事薯片(原味,大包装)\",\"135g\",食品/膨化食品,piece,,,12.90,,13,5\n"
               "900202,P9202,\"好丽友\"\"派\"\"\",\"6枚, \"\"礼盒\"\"\",食品/饼干,piece,,,"
               "\"12.90\",\"silver:12.50|gold:12.00\",13,\"7\"\n"
               "900203,P9203,\"多行\n商品\",,食品/饼干,piece,,,1.00,,13,1\n"
               "900204,P9204,坏单位,,食品/饼干,crate,,,1.00,,13,1\n"
               "900205,P9205,,,食品/饼干,piece,,,1.00,,13,1\n";

  mpos_import_report_init (&report);
  g_assert_true (import_text (ts->store, MPOS_IMPORT_CATALOG, text, MPOS_IMPORT_SKIP_BAD_ROWS,
                              &report, &error));
  g_assert_no_error (error);
  a = test_find_sku (ts->store, "900201");
  g_assert_cmpstr (a->name, ==, "乐事薯片(原味,大包装)");
  g_assert_cmpstr (a->spec, ==, "135g");
  b = test_find_sku (ts->store, "900202");
  g_assert_cmpstr (b->name, ==, "好丽友\"派\"");
  g_assert_cmpstr (b->spec, ==, "6枚, \"礼盒\"");
  g_assert_cmpint (test_sku_stock (ts->store, b), ==, 7);
  g_assert_cmpint (price_at (ts->store, "900202", "gold", NOW).member_price, ==, 1200);
  /* A quoted line break is good CSV but would break the receipt: 900203
   * (lines 4–5) is refused by its first line, and 900204 is on line 6. */
  g_assert_cmpuint (report.problems->len, ==, 3);
  g_assert_cmpuint (problem (&report, 0)->line, ==, 4);
  g_assert_cmpstr (problem (&report, 0)->message, ==,
                   "“name” (field 3) holds a line break, a tab or another control character: "
                   "write it on one line");
  g_assert_null (mpos_catalog_find_sku (ts->store, "900203", NULL));
  g_assert_cmpuint (problem (&report, 1)->line, ==, 6);
  g_assert_nonnull (strstr (problem (&report, 1)->message, "crate"));
  g_assert_cmpuint (problem (&report, 2)->line, ==, 7);
  g_assert_nonnull (strstr (problem (&report, 2)->message, "name"));
}

static void
test_import_unterminated_quote_names_its_line (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (GError) error = NULL;
  g_auto (MposImportReport) report = { 0 };
  const char *text = HEADER "\n"
                            "900301,P9301,矿泉水,550ml,饮料/饮用水,piece,,,2.00,,13,5\n"
                            "900302,P9302,\"没有结束的引号,550ml,饮料/饮用水,piece,,,2.00,,13,5\n"
                            "900303,P9303,纯净水,550ml,饮料/饮用水,piece,,,2.00,,13,5\n"
                            "900304,P9304,苏打水,550ml,饮料/饮用水,piece,,,2.00,,13,5\n";

  mpos_import_report_init (&report);
  g_assert_false (import_text (ts->store, MPOS_IMPORT_CATALOG, text, MPOS_IMPORT_ALL_OR_NOTHING,
                               &report, &error));
  g_assert_error (error, MPOS_IMPORT_ERROR, MPOS_IMPORT_ERROR_BAD_ROWS);
  assert_one_problem (&report, 3, "never closed");
  g_assert_cmpint (mpos_catalog_sku_count (ts->store), ==, 0);
  g_clear_error (&error);

  /* Skipping bad rows keeps what came before; the rest is unreadable. */
  mpos_import_report_clear (&report);
  mpos_import_report_init (&report);
  g_assert_true (import_text (ts->store, MPOS_IMPORT_CATALOG, text, MPOS_IMPORT_SKIP_BAD_ROWS,
                              &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.rows_imported, ==, 1);
  assert_one_problem (&report, 3, "never closed");
  {
    g_autofree char *codes = sku_codes (ts->store, "%");
    g_assert_cmpstr (codes, ==, "900301");
  }

  /* Text after a closing quote is refused on its line too. */
  mpos_import_report_clear (&report);
  mpos_import_report_init (&report);
  g_assert_false (import_text (ts->store, MPOS_IMPORT_CATALOG,
                               HEADER "\n\n900305,P9305,\"汽水\"x,,饮料,piece,,,2.00,,13,5\n",
                               MPOS_IMPORT_ALL_OR_NOTHING, &report, &error));
  g_assert_error (error, MPOS_IMPORT_ERROR, MPOS_IMPORT_ERROR_BAD_ROWS);
  assert_one_problem (&report, 3, "closing quote");
}

static void
test_import_duplicate_sku_names_the_first_line (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (GError) error = NULL;
  g_auto (MposImportReport) report = { 0 };
  const char *text = HEADER "\n"
                            "900401,P9401,矿泉水,550ml,饮料/饮用水,piece,,,2.00,,13,5\n"
                            "900402,P9402,纯净水,550ml,饮料/饮用水,piece,,,2.00,,13,5\n"
                            "900401,P9401,矿泉水,1.5L,饮料/饮用水,piece,,,4.00,,13,5\n";

  mpos_import_report_init (&report);
  g_assert_false (import_text (ts->store, MPOS_IMPORT_CATALOG, text, MPOS_IMPORT_ALL_OR_NOTHING,
                               &report, &error));
  g_assert_error (error, MPOS_IMPORT_ERROR, MPOS_IMPORT_ERROR_BAD_ROWS);
  assert_one_problem (&report, 4, "first on line 2");
  g_assert_nonnull (strstr (problem (&report, 0)->message, "900401"));
  g_assert_cmpint (mpos_catalog_sku_count (ts->store), ==, 0);
}

/* A row of 11 of 12 fields used to import with stock silently 0, a 13th
 * field was ignored: each is a bad row now, named by its line. */
static void
test_import_row_of_the_wrong_width_refused (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (GError) error = NULL;
  g_auto (MposImportReport) report = { 0 };

  mpos_import_report_init (&report);
  g_assert_true (import_text (ts->store, MPOS_IMPORT_CATALOG,
                              HEADER "\n900501,P9501,矿泉水,550ml,饮料/饮用水,piece,,,2.00,,13\n"
                                     "900502,P9502,纯净水,550ml,饮料/饮用水,piece,,,2.00,,13,5,9\n"
                                     "900503,P9503,苏打水,550ml,饮料/饮用水,piece,,,2.00,,13,5\n",
                              MPOS_IMPORT_SKIP_BAD_ROWS, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.rows_imported, ==, 1);
  g_assert_cmpuint (report.problems->len, ==, 2);
  g_assert_cmpuint (problem (&report, 0)->line, ==, 2);
  g_assert_cmpstr (problem (&report, 0)->message, ==,
                   "11 fields where the header has 12: nothing for “stock” (a comma missing?)");
  g_assert_cmpuint (problem (&report, 1)->line, ==, 3);
  g_assert_cmpstr (problem (&report, 1)->message, ==,
                   "13 fields where the header has 12 (a comma in a field that should be "
                   "quoted?)");
  g_assert_null (mpos_catalog_find_sku (ts->store, "900501", NULL));
  g_assert_null (mpos_catalog_find_sku (ts->store, "900502", NULL));
  /* The same in a price file. */
  g_assert_false (import_text (ts->store, MPOS_IMPORT_PRICES,
                               "sku,price,effective_from\n900503,3.00\n",
                               MPOS_IMPORT_ALL_OR_NOTHING, &report, &error));
  g_assert_error (error, MPOS_IMPORT_ERROR, MPOS_IMPORT_ERROR_BAD_ROWS);
  g_assert_nonnull (strstr (problem (&report, 2)->message, "nothing for “effective_from”"));
}

/* A header naming a column twice dropped one of them; an unknown (misspelt)
 * column was ignored: the file is refused, naming the column. */
static void
test_import_header_twice_or_unknown_refused (void)
{
  static const struct
  {
    MposImportKind kind;
    const char *text, *says;
  } bad[] = {
    { MPOS_IMPORT_CATALOG, "sku,name,category,unit,price,price\n900601,水,饮料,piece,1.00,2.00\n",
      "line 1: the header names “price” twice (the columns are: sku, product, name, spec, "
      "category, unit, barcodes, plu, price, member_prices, tax_rate, stock, pinyin)" },
    { MPOS_IMPORT_CATALOG, "sku,name,category,unit,price,stok\n900601,水,饮料,piece,1.00,5\n",
      "line 1: the header names “stok”, which is no column" },
    { MPOS_IMPORT_PRICES, "sku,price,effective_from,level,level\n",
      "the header names “level” twice (the columns are: sku, price, level, effective_from, "
      "effective_to)" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (TestStore) ts = test_store_new ();
      g_autoptr (GError) error = NULL;
      g_auto (MposImportReport) report = { 0 };

      mpos_import_report_init (&report);
      g_assert_false (import_text (ts->store, bad[i].kind, bad[i].text, MPOS_IMPORT_SKIP_BAD_ROWS,
                                   &report, &error));
      g_assert_error (error, MPOS_IMPORT_ERROR, MPOS_IMPORT_ERROR_FORMAT);
      g_assert_nonnull (strstr (error->message, bad[i].says));
      g_assert_cmpint (mpos_catalog_sku_count (ts->store), ==, 0);
    }
}

/* Control characters in any field (a tab, a NUL byte) are refused like a line break. */
static void
test_import_control_characters_refused (void)
{
  static const char text[] = HEADER "\n900701,P9701,矿泉\t水,550ml,饮料/饮用水,piece,,,2.00,,13,5\n"
                                    "900702,P9702,纯净\0水,550ml,饮料/饮用水,piece,,,2.00,,13,5\n"
                                    "900703,P9703,苏打水,550ml,饮料/饮用水,piece,,,2.00,,13,5\n";
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (GError) error = NULL;
  g_auto (MposImportReport) report = { 0 };

  mpos_import_report_init (&report);
  g_assert_true (mpos_import_csv (ts->store, MPOS_IMPORT_CATALOG, text, sizeof text - 1,
                                  MPOS_IMPORT_SKIP_BAD_ROWS, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.rows_imported, ==, 1);
  g_assert_cmpuint (report.problems->len, ==, 2);
  g_assert_cmpuint (problem (&report, 0)->line, ==, 2);
  g_assert_nonnull (
      strstr (problem (&report, 0)->message, "“name” (field 3) holds a line break, a tab"));
  g_assert_cmpuint (problem (&report, 1)->line, ==, 3);
  g_assert_nonnull (strstr (problem (&report, 1)->message, "“name” (field 3)"));
}

/* ---- JSON ---------------------------------------------------------------- */

static gboolean
import_json (MposStore *store, const char *text, MposImportMode mode, MposImportReport *report,
             GError **error)
{
  return mpos_import_catalog_json (store, text, strlen (text), mode, report, error);
}

static void
test_import_json_catalog (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (GError) error = NULL;
  g_auto (MposImportReport) report = { 0 };
  g_autoptr (MposSku) cola = NULL;
  g_autoptr (MposSku) pear = NULL;
  g_autoptr (MposSku) by_upc = NULL;
  MposSkuPrice price;
  const char *text
      = "{\"skus\": ["
        " {\"sku\": \"900601\", \"product\": \"P9601\", \"name\": \"百事可乐\", \"spec\": "
        "\"330ml\","
        "  \"category\": \"饮料/碳酸饮料\", \"unit\": \"piece\", \"price\": \"2.50\","
        "  \"barcodes\": [\"6904613243424\", \"038000123450\"],"
        "  \"member_prices\": {\"silver\": \"2.40\", \"gold\": \"2.30\"},"
        "  \"tax_rate\": \"13%\", \"stock\": 120},"
        " {\"sku\": \"900602\", \"name\": \"砀山酥梨\", \"category\": \"生鲜/水果\","
        "  \"unit\": \"weight\", \"plu\": \"00150\", \"price\": \"6.80\", \"tax_rate\": \"9%\","
        "  \"stock\": 20000, \"spec\": null}"
        "]}";

  mpos_import_report_init (&report);
  g_assert_true (import_json (ts->store, text, MPOS_IMPORT_ALL_OR_NOTHING, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.rows_imported, ==, 2);
  g_assert_cmpuint (report.rows_rejected, ==, 0);

  cola = test_find_sku (ts->store, "900601");
  g_assert_cmpstr (cola->name, ==, "百事可乐");
  g_assert_cmpstr (cola->product_code, ==, "P9601");
  g_assert_cmpint (test_sku_stock (ts->store, cola), ==, 120);
  g_assert_cmpint (cola->tax_rate_bp, ==, 1300);
  price = price_at (ts->store, "900601", "gold", NOW);
  g_assert_cmpint (price.list_price, ==, 250);
  g_assert_cmpint (price.member_price, ==, 230);
  by_upc = mpos_catalog_resolve_code (ts->store, "0038000123450", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (by_upc->sku_code, ==, "900601");

  pear = test_find_sku (ts->store, "900602");
  g_assert_cmpstr (pear->product_code, ==, "900602"); /* no product: the SKU is its own */
  g_assert_cmpint (pear->unit, ==, MPOS_UNIT_WEIGHT);
  g_assert_cmpint (pear->tax_rate_bp, ==, 900);
  g_assert_cmpint (test_sku_stock (ts->store, pear), ==, 20000);
  g_assert_cmpint (price_at (ts->store, "900602", NULL, NOW).list_price, ==, 680);
  test_assert_consistent (ts->store);
}

static void
test_import_json_money_as_number_refused (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (GError) error = NULL;
  g_auto (MposImportReport) report = { 0 };
  const char *price_number
      = "{\"skus\": ["
        " {\"sku\": \"900701\", \"name\": \"矿泉水\", \"category\": \"饮料\", \"unit\": \"piece\","
        "  \"price\": \"2.00\"},"
        " {\"sku\": \"900702\", \"name\": \"纯净水\", \"category\": \"饮料\", \"unit\": \"piece\","
        "  \"price\": 3.5}"
        "]}";
  const char *member_number
      = "{\"skus\": ["
        " {\"sku\": \"900703\", \"name\": \"苏打水\", \"category\": \"饮料\", \"unit\": \"piece\","
        "  \"price\": \"3.50\", \"member_prices\": {\"gold\": 3.2}}"
        "]}";

  mpos_import_report_init (&report);
  g_assert_false (
      import_json (ts->store, price_number, MPOS_IMPORT_ALL_OR_NOTHING, &report, &error));
  g_assert_error (error, MPOS_IMPORT_ERROR, MPOS_IMPORT_ERROR_BAD_ROWS);
  /* JSON problems are numbered by item. */
  assert_one_problem (&report, 2, "price");
  g_assert_nonnull (strstr (problem (&report, 0)->message, "as a string"));
  g_assert_cmpint (mpos_catalog_sku_count (ts->store), ==, 0);
  g_clear_error (&error);

  mpos_import_report_clear (&report);
  mpos_import_report_init (&report);
  g_assert_false (
      import_json (ts->store, member_number, MPOS_IMPORT_ALL_OR_NOTHING, &report, &error));
  g_assert_error (error, MPOS_IMPORT_ERROR, MPOS_IMPORT_ERROR_BAD_ROWS);
  assert_one_problem (&report, 1, "member_prices");
  g_assert_nonnull (strstr (problem (&report, 0)->message, "as a string"));
  g_clear_error (&error);

  /* Skipping bad rows imports the good item. */
  mpos_import_report_clear (&report);
  mpos_import_report_init (&report);
  g_assert_true (import_json (ts->store, price_number, MPOS_IMPORT_SKIP_BAD_ROWS, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.rows_imported, ==, 1);
  {
    g_autofree char *codes = sku_codes (ts->store, "%");
    g_assert_cmpstr (codes, ==, "900701");
  }
}

/* A JSON name with a line break or a tab is a bad row, as in CSV; \u0000,
 * a key given twice or an unknown key refuses the document, with the place. */
static void
test_import_json_ambiguous_or_broken_text_refused (void)
{
  static const char rows[]
      = "{\"skus\":[{\"sku\":\"900801\",\"name\":\"多行\\n商品\",\"category\":\"食品\","
        "\"unit\":\"piece\",\"price\":\"1.00\"},{\"sku\":\"900802\",\"name\":\"制表\\t符\","
        "\"category\":\"食品\",\"unit\":\"piece\",\"price\":\"1.00\"}]}";
  static const struct
  {
    const char *text;
    int code;
    const char *says;
  } documents[] = {
    { "{\"skus\":[{\"sku\":\"1\",\"name\":\"水\\u0000x\"}]}", MPOS_JSON_ERROR_NUL,
      "skus[0].name (line 1, column 30)" },
    { "{\"skus\":[{\"sku\":\"1\",\"stock\":1,\"stock\":100}]}", MPOS_JSON_ERROR_DUPLICATE,
      "skus[0] (line 1, column 31): “stock” is given twice" },
    { "{\"skus\":[{\"sku\":\"1\",\"member_prices\":{\"gold\":\"1\",\"gold\":\"2\"}}]}",
      MPOS_JSON_ERROR_DUPLICATE, "skus[0].member_prices" },
    { "{\"skus\":[{\"sku\":\"1\",\"stok\":5}]}", MPOS_JSON_ERROR_UNKNOWN,
      "unknown field “stok”; a SKU may have: sku, product" },
  };
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (GError) error = NULL;
  g_auto (MposImportReport) report = { 0 };

  mpos_import_report_init (&report);
  g_assert_true (import_json (ts->store, rows, MPOS_IMPORT_SKIP_BAD_ROWS, &report, &error));
  g_assert_cmpuint (report.problems->len, ==, 2);
  g_assert_cmpstr (problem (&report, 0)->message, ==,
                   "“name” holds a line break, a tab or another control character: write it on "
                   "one line");
  g_assert_cmpuint (problem (&report, 1)->line, ==, 2);
  g_assert_cmpint (mpos_catalog_sku_count (ts->store), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      g_assert_false (
          import_json (ts->store, documents[i].text, MPOS_IMPORT_SKIP_BAD_ROWS, &report, &error));
      g_assert_error (error, MPOS_JSON_ERROR, documents[i].code);
      g_assert_nonnull (strstr (error->message, documents[i].says));
      g_clear_error (&error);
    }
}

static void
test_import_json_not_a_catalog_refused (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (GError) error = NULL;
  g_auto (MposImportReport) report = { 0 };

  mpos_import_report_init (&report);
  g_assert_false (
      import_json (ts->store, "{\"promotions\": []}", MPOS_IMPORT_ALL_OR_NOTHING, &report, &error));
  g_assert_error (error, MPOS_JSON_ERROR, MPOS_JSON_ERROR_UNKNOWN);
  g_clear_error (&error);
  g_assert_false (import_json (ts->store, "{}", MPOS_IMPORT_ALL_OR_NOTHING, &report, &error));
  g_assert_error (error, MPOS_IMPORT_ERROR, MPOS_IMPORT_ERROR_FORMAT);
  g_clear_error (&error);
  g_assert_false (
      import_json (ts->store, "{\"skus\": [", MPOS_IMPORT_ALL_OR_NOTHING, &report, &error));
  g_assert_error (error, MPOS_JSON_ERROR, MPOS_JSON_ERROR_SYNTAX);
  g_clear_error (&error);
  g_assert_false (import_json (ts->store, "{\"skus\": [\"100001\"]}", MPOS_IMPORT_ALL_OR_NOTHING,
                               &report, &error));
  g_assert_error (error, MPOS_IMPORT_ERROR, MPOS_IMPORT_ERROR_BAD_ROWS);
  assert_one_problem (&report, 1, "object");
  g_assert_cmpint (mpos_catalog_sku_count (ts->store), ==, 0);
}

/* ---- scheduled prices ---------------------------------------------------- */

static void
test_import_prices_scheduled_in_the_future (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (GError) error = NULL;
  g_auto (MposImportReport) demo = { 0 };
  g_auto (MposImportReport) report = { 0 };
  g_auto (MposImportReport) again = { 0 };
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const char *text = "sku,price,level,effective_from,effective_to\n"
                     "100095,3.20,,2026-11-24T00:00:00+08:00,\n"
                     "100095,3.00,gold,2026-11-24T00:00:00+08:00,\n"
                     "100096,7.90,,2026-11-24T00:00:00+08:00,2026-11-27T00:00:00+08:00\n";

  test_import_demo_catalog (ts->store, &demo);
  mpos_import_report_init (&report);
  g_assert_true (import_text (ts->store, MPOS_IMPORT_PRICES, text, MPOS_IMPORT_ALL_OR_NOTHING,
                              &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.rows_imported, ==, 3);

  /* Today the old prices apply; from midnight the new ones. */
  g_assert_cmpint (price_at (ts->store, "100095", NULL, NOW).list_price, ==, 350);
  g_assert_false (price_at (ts->store, "100095", "gold", NOW).has_member_price);
  g_assert_cmpint (price_at (ts->store, "100095", NULL, TOMORROW_MIDNIGHT - 1).list_price, ==, 350);
  g_assert_cmpint (price_at (ts->store, "100095", NULL, TOMORROW_MIDNIGHT).list_price, ==, 320);
  g_assert_cmpint (price_at (ts->store, "100095", "gold", TOMORROW_MIDNIGHT).member_price, ==, 300);
  /* A three-day special ends by itself. */
  g_assert_cmpint (price_at (ts->store, "100096", NULL, TOMORROW_MIDNIGHT).list_price, ==, 790);
  g_assert_cmpint (price_at (ts->store, "100096", NULL, TOMORROW_MIDNIGHT + 3 * 86400).list_price,
                   ==, 850);

  /* The same file again changes nothing. */
  before = fingerprint (ts->store);
  mpos_import_report_init (&again);
  g_assert_true (import_text (ts->store, MPOS_IMPORT_PRICES, text, MPOS_IMPORT_ALL_OR_NOTHING,
                              &again, &error));
  g_assert_no_error (error);
  after = fingerprint (ts->store);
  g_assert_cmpstr (after, ==, before);
}

static void
test_import_prices_bad_rows_refused (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (GError) error = NULL;
  g_auto (MposImportReport) demo = { 0 };
  g_auto (MposImportReport) report = { 0 };
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const char *text = "sku,price,effective_from,effective_to\n"
                     "199999,3.20,2026-11-24T00:00:00+08:00,\n"                          /* 2 */
                     "100095,3.20,2026-11-24 00:00:00,\n"                                /* 3 */
                     "100095,3.20,,\n"                                                   /* 4 */
                     "100095,3.2x,2026-11-24T00:00:00+08:00,\n"                          /* 5 */
                     "100095,3.20,2026-11-24T00:00:00+08:00,2026-11-24T00:00:00+08:00\n" /* 6 */
                     "100095,3.30,2026-11-25T00:00:00+08:00,\n";                         /* 7 */

  test_import_demo_catalog (ts->store, &demo);
  before = fingerprint (ts->store);
  mpos_import_report_init (&report);
  g_assert_false (import_text (ts->store, MPOS_IMPORT_PRICES, text, MPOS_IMPORT_ALL_OR_NOTHING,
                               &report, &error));
  g_assert_error (error, MPOS_IMPORT_ERROR, MPOS_IMPORT_ERROR_BAD_ROWS);
  after = fingerprint (ts->store);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpuint (report.problems->len, ==, 5);
  g_assert_cmpuint (problem (&report, 0)->line, ==, 2);
  g_assert_nonnull (strstr (problem (&report, 0)->message, "199999"));
  g_assert_cmpuint (problem (&report, 1)->line, ==, 3);
  g_assert_nonnull (strstr (problem (&report, 1)->message, "ISO 8601"));
  g_assert_cmpuint (problem (&report, 2)->line, ==, 4);
  g_assert_nonnull (strstr (problem (&report, 2)->message, "effective_from"));
  g_assert_cmpuint (problem (&report, 3)->line, ==, 5);
  g_assert_nonnull (strstr (problem (&report, 3)->message, "3.2x"));
  g_assert_cmpuint (problem (&report, 4)->line, ==, 6);
  g_assert_nonnull (strstr (problem (&report, 4)->message, "end after it starts"));
  g_assert_cmpint (price_at (ts->store, "100095", NULL, TOMORROW_MIDNIGHT + 86400).list_price, ==,
                   350);
}


/* ---- re-import, grouped products, prices from the start (issues 10, 16) ----- */

/* Importing the catalog again never undoes the sales since the last one;
 * --set-stock counts stock to the file's figures by adjustment movements. */
static void
test_import_again_keeps_stock_sales_left (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (GError) error = NULL;
  g_auto (MposImportReport) first = { 0 };
  g_auto (MposImportReport) again = { 0 };
  g_auto (MposImportReport) counted = { 0 };
  g_autofree char *csv = test_demo_file ("catalog.csv", NULL);
  g_autoptr (MposSku) noodles = NULL;

  test_import_demo_catalog (ts->store, &first);
  g_assert_cmpuint (first.created, ==, 256);
  g_assert_cmpuint (first.stock_opened, ==, 253);
  noodles = test_find_sku (ts->store, "100001");
  g_assert_true (mpos_store_begin (ts->store, &error));
  g_assert_true (mpos_stock_record (ts->store, noodles->sku_id, -5, "sale", "test", NOW, &error));
  g_assert_true (mpos_store_commit (ts->store, &error));
  g_assert_cmpint (test_stock_of (ts->store, "100001"), ==, 315);

  mpos_import_report_init (&again);
  g_assert_true (import_text (ts->store, MPOS_IMPORT_CATALOG, csv, MPOS_IMPORT_ALL_OR_NOTHING,
                              &again, &error));
  g_assert_cmpint (test_stock_of (ts->store, "100001"), ==, 315);
  g_assert_cmpuint (again.created, ==, 0);
  g_assert_cmpuint (again.updated, ==, 0);
  g_assert_cmpuint (again.unchanged, ==, 256);
  g_assert_cmpuint (again.stock_ignored, ==, 1);
  g_assert_cmpuint (again.stock_adjusted, ==, 0);

  mpos_import_report_init (&counted);
  g_assert_true (import_text (ts->store, MPOS_IMPORT_CATALOG, csv, MPOS_IMPORT_SET_STOCK,
                              &counted, &error));
  g_assert_cmpuint (counted.stock_adjusted, ==, 1);
  g_assert_cmpint (test_stock_of (ts->store, "100001"), ==, 320);
  g_assert_cmpint (test_query_int (ts->store, "SELECT qty FROM stock_movements WHERE reason = "
                                              "'adjust'"),
                   ==, 5);
  test_assert_consistent (ts->store);
}

/* Rows of one product in one import: written once, searchable by name and
 * pinyin after the import, and a row describing the product otherwise is
 * refused (it would silently rename the product per row). */
static void
test_import_grouped_product_written_once_and_searchable (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (GError) error = NULL;
  g_auto (MposImportReport) report = { 0 };
  g_auto (MposImportReport) bad = { 0 };
  g_autoptr (GString) csv = g_string_new (HEADER "\n");
  g_autoptr (GPtrArray) found = NULL;

  for (int i = 0; i < 1500; i++)
    g_string_append_printf (csv, "%d,P1,康师傅红烧牛肉面,规格%d,食品/方便食品/方便面,piece,,,4.50,,13,%d\n",
                            200000 + i, i, i % 7);
  mpos_import_report_init (&report);
  g_assert_true (import_text (ts->store, MPOS_IMPORT_CATALOG, csv->str, MPOS_IMPORT_ALL_OR_NOTHING,
                              &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.created, ==, 1500);
  g_assert_cmpint (test_count_rows (ts->store, "products"), ==, 1);
  g_assert_cmpint (test_count_rows (ts->store, "sku_search"), ==, 1500);
  g_assert_cmpint (test_count_rows (ts->store, "sku_search_pending"), ==, 0);
  found = mpos_product_search (ts->store, "红烧牛肉面 规格1499", 200, &error);
  g_assert_cmpuint (found->len, ==, 1);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = mpos_product_search (ts->store, "ksfhsnrm", 200, &error);
  g_assert_cmpuint (found->len, ==, 200);

  g_string_append (csv, "299999,P1,康师傅老坛酸菜面,x,食品/方便食品/方便面,piece,,,4.50,,13,1\n");
  mpos_import_report_init (&bad);
  g_assert_false (import_text (ts->store, MPOS_IMPORT_CATALOG, csv->str,
                               MPOS_IMPORT_ALL_OR_NOTHING, &bad, &error));
  assert_one_problem (&bad, 1502, "product P1 is described differently on line 2");
}

/* The catalog's list price holds from the beginning of time; scheduled
 * rows take over at their dates, the newest date in effect winning; a
 * catalog imported again does not override them. */
static void
test_import_prices_from_the_start_and_scheduled (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (GError) error = NULL;
  g_auto (MposImportReport) prices = { 0 };
  g_auto (MposImportReport) again = { 0 };
  g_autofree char *csv = test_demo_file ("catalog.csv", NULL);
  const char *text = "sku,price,level,effective_from,effective_to\n"
                     "100095,3.20,,2026-12-01T00:00:00+08:00,\n"
                     "100095,3.00,,2026-12-05T00:00:00+08:00,\n"
                     "100095,2.50,,2026-12-02T00:00:00+08:00,2026-12-03T00:00:00+08:00\n";
  const int64_t day = 86400, dec1 = NOW + 8 * day - 36000; /* 2026-12-01T00:00+08:00 */

  test_import_demo_catalog (ts->store, NULL);
  g_assert_cmpint (price_at (ts->store, "100095", NULL, NOW - 365 * day).list_price, ==, 350);
  mpos_import_report_init (&prices);
  g_assert_true (import_text (ts->store, MPOS_IMPORT_PRICES, text, MPOS_IMPORT_ALL_OR_NOTHING,
                              &prices, &error));
  g_assert_cmpuint (prices.prices_scheduled, ==, 3);
  g_assert_cmpuint (prices.scheduled->len, ==, 3);
  g_assert_cmpuint (((MposImportProblem *) g_ptr_array_index (prices.scheduled, 0))->line, ==, 2);
  g_assert_cmpint (price_at (ts->store, "100095", NULL, dec1 - 1).list_price, ==, 350);
  g_assert_cmpint (price_at (ts->store, "100095", NULL, dec1).list_price, ==, 320);
  g_assert_cmpint (price_at (ts->store, "100095", NULL, dec1 + day + 10).list_price, ==, 250);
  g_assert_cmpint (price_at (ts->store, "100095", NULL, dec1 + 2 * day).list_price, ==, 320);
  g_assert_cmpint (price_at (ts->store, "100095", NULL, dec1 + 4 * day).list_price, ==, 300);
  mpos_import_report_init (&again);
  g_assert_true (import_text (ts->store, MPOS_IMPORT_CATALOG, csv, MPOS_IMPORT_ALL_OR_NOTHING,
                              &again, &error));
  g_assert_cmpint (price_at (ts->store, "100095", NULL, dec1 + 4 * day).list_price, ==, 300);
}

static void
test_import_prices_unknown_level_refused (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autoptr (GError) error = NULL;
  g_auto (MposImportReport) report = { 0 };
  const char *text = "sku,price,level,effective_from,effective_to\n"
                     "100095,3.20,gold,2026-12-01T00:00:00+08:00,\n"
                     "100095,3.10,glod,2026-12-01T00:00:00+08:00,\n";

  mpos_import_report_init (&report);
  g_assert_false (import_text (ts->store, MPOS_IMPORT_PRICES, text, MPOS_IMPORT_ALL_OR_NOTHING,
                               &report, &error));
  assert_one_problem (&report, 3, "unknown member level “glod”; the store's levels are normal, "
                                  "silver, gold, diamond");
}

int
main (int argc, char **argv)
{
  test_pin_now (TEST_NOW_ISO);
  g_test_init (&argc, &argv, NULL);
  g_assert_cmpint (mpos_clock_now (), ==, NOW);

  g_test_add_func ("/catalog-import/demo-catalog-imports-fully",
                   test_import_demo_catalog_imports_fully);
  g_test_add_func ("/catalog-import/reimport-changes-nothing",
                   test_import_reimport_changes_nothing);
  g_test_add_func ("/catalog-import/changed-price-adds-one-price-row",
                   test_import_changed_price_adds_one_price_row);
  g_test_add_func ("/catalog-import/bad-files/all-covered", test_import_bad_files_are_all_covered);
  g_test_add_func ("/catalog-import/bad-files/refused-whole-naming-the-line",
                   test_import_bad_files_refused_whole_naming_the_line);
  g_test_add_func ("/catalog-import/bad-files/skip-bad-rows-imports-the-good-rows",
                   test_import_bad_files_skip_bad_rows_imports_the_good_rows);
  g_test_add_func ("/catalog-import/csv/missing-header-column-refused",
                   test_import_missing_header_column_refused);
  g_test_add_func ("/catalog-import/csv/empty-file-refused", test_import_empty_file_refused);
  g_test_add_func ("/catalog-import/csv/crlf-and-utf8-bom", test_import_crlf_and_utf8_bom);
  g_test_add_func ("/catalog-import/csv/quoted-fields-with-commas-and-doubled-quotes",
                   test_import_quoted_fields_with_commas_and_doubled_quotes);
  g_test_add_func ("/catalog-import/csv/unterminated-quote-names-its-line",
                   test_import_unterminated_quote_names_its_line);
  g_test_add_func ("/catalog-import/csv/duplicate-sku-names-the-first-line",
                   test_import_duplicate_sku_names_the_first_line);
  g_test_add_func ("/catalog-import/csv/row-of-the-wrong-width-refused",
                   test_import_row_of_the_wrong_width_refused);
  g_test_add_func ("/catalog-import/csv/header-twice-or-unknown-refused",
                   test_import_header_twice_or_unknown_refused);
  g_test_add_func ("/catalog-import/csv/control-characters-refused",
                   test_import_control_characters_refused);
  g_test_add_func ("/catalog-import/json/catalog", test_import_json_catalog);
  g_test_add_func ("/catalog-import/json/money-as-number-refused",
                   test_import_json_money_as_number_refused);
  g_test_add_func ("/catalog-import/json/ambiguous-or-broken-text-refused",
                   test_import_json_ambiguous_or_broken_text_refused);
  g_test_add_func ("/catalog-import/json/not-a-catalog-refused",
                   test_import_json_not_a_catalog_refused);
  g_test_add_func ("/catalog-import/prices/scheduled-in-the-future",
                   test_import_prices_scheduled_in_the_future);
  g_test_add_func ("/catalog-import/prices/bad-rows-refused", test_import_prices_bad_rows_refused);
  g_test_add_func ("/catalog-import/again-keeps-stock-sales-left",
                   test_import_again_keeps_stock_sales_left);
  g_test_add_func ("/catalog-import/grouped-product-written-once-and-searchable",
                   test_import_grouped_product_written_once_and_searchable);
  g_test_add_func ("/catalog-import/prices/from-the-start-and-scheduled",
                   test_import_prices_from_the_start_and_scheduled);
  g_test_add_func ("/catalog-import/prices/unknown-level-refused",
                   test_import_prices_unknown_level_refused);

  return g_test_run ();
}
