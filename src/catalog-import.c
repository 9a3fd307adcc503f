/* catalog-import.c — one import driver for CSV and JSON rows: each row is
 * applied under a savepoint, problems are collected with their line, and the
 * whole file commits in one transaction (or not at all). */
#include "catalog-import.h"
#include "fail.h"
#include "catalog.h"
#include "clock.h"
#include "csv.h"
#include "json-fields.h"
#include "percent.h"
#include "stock.h"
#include "store-private.h"
#include "text-width.h"

#include <cjson/cJSON.h>
#include <string.h>

/* clang-format off */
G_DEFINE_QUARK (mpos-import-error-quark, mpos_import_error)
/* clang-format on */

#define MAX_BARCODES_PER_SKU 16

/* A row as named text fields, whatever file it came from. */
typedef struct
{
  char **names;  /* header */
  char **values; /* may be shorter than names */
} ImportRow;

/* {"skus":[…]}: an item's keys are the CSV's columns; member_prices is keyed by level. */
static const MposJsonKey sku_keys[]
    = { { "sku", NULL },
        { "product", NULL },
        { "name", NULL },
        { "spec", NULL },
        { "category", NULL },
        { "unit", NULL },
        { "barcodes", NULL },
        { "plu", NULL },
        { "price", NULL },
        { "member_prices", &(const MposJsonShape){ .what = "member prices", .any_keys = TRUE } },
        { "tax_rate", NULL },
        { "stock", NULL },
        { "pinyin", NULL },
        { NULL } };
static const MposJsonShape sku_shape = { .what = "a SKU", .keys = sku_keys };
static const MposJsonShape catalog_shape = {
  .what = "a catalog document",
  .keys
  = (const MposJsonKey[]){ { "skus", &(const MposJsonShape){ .items = &sku_shape } }, { NULL } },
};

/* The catalog's columns (CSV) are the SKU's keys (JSON); caller frees the array only. */
static char **
catalog_columns (void)
{
  char **names = g_new0 (char *, G_N_ELEMENTS (sku_keys));

  for (guint i = 0; sku_keys[i].key; i++)
    names[i] = (char *)sku_keys[i].key;
  return names;
}

typedef struct _ImportRun ImportRun;

typedef gboolean (*RowHandler) (ImportRun *run, const ImportRow *row, guint line, GError **error);

void
mpos_import_report_init (MposImportReport *report)
{
  memset (report, 0, sizeof *report);
  report->problems = g_ptr_array_new ();
  report->scheduled = g_ptr_array_new ();
}

static void
problem_free (gpointer data)
{
  MposImportProblem *problem = data;

  g_free (problem->message);
  g_free (problem);
}

void
mpos_import_report_clear (MposImportReport *report)
{
  if (report->problems)
    g_ptr_array_free (report->problems, TRUE);
  report->problems = NULL;
  if (report->scheduled)
    g_ptr_array_free (report->scheduled, TRUE);
  report->scheduled = NULL;
}

static void
add_line_note (GPtrArray *notes, guint line, const char *message)
{
  MposImportProblem *problem = g_new0 (MposImportProblem, 1);

  problem->line = line;
  problem->message = g_strdup (message);
  g_ptr_array_set_free_func (notes, problem_free);
  g_ptr_array_add (notes, problem);
}

static void
report_problem (MposImportReport *report, guint line, const char *message)
{
  add_line_note (report->problems, line, message);
  report->rows_rejected++;
}

static const char *
row_get (const ImportRow *row, const char *name)
{
  guint n_values = g_strv_length (row->values);

  for (guint i = 0; row->names[i] && i < n_values; i++)
    if (strcmp (row->names[i], name) == 0)
      return *row->values[i] ? row->values[i] : NULL;
  return NULL;
}

#define row_fail(error, ...)                                                                       \
  mpos_fail (error, MPOS_IMPORT_ERROR, MPOS_IMPORT_ERROR_FORMAT, __VA_ARGS__)

static gboolean
parse_price_field (const char *name, const char *text, MposMoney *out, GError **error)
{
  g_autoptr (GError) local = NULL;

  if (text == NULL)
    return row_fail (error, "%s is missing", name);
  if (!mpos_money_parse (text, MPOS_MONEY_PARSE_DEFAULT, out, &local))
    return row_fail (error, "%s “%s”: %s", name, text, local->message);
  return TRUE;
}

static gboolean
parse_unit (const char *text, MposUnit *unit, GError **error)
{
  if (text && strcmp (text, "piece") == 0)
    *unit = MPOS_UNIT_PIECE;
  else if (text && strcmp (text, "weight") == 0)
    *unit = MPOS_UNIT_WEIGHT;
  else
    return row_fail (error, "unit must be “piece” or “weight”, not “%s”", text ? text : "");
  return TRUE;
}

static gboolean
parse_tax (const char *text, int *bp, GError **error)
{
  g_autoptr (GError) local = NULL;

  if (text == NULL)
    {
      *bp = 1300; /* China's standard VAT rate */
      return TRUE;
    }
  if (!mpos_percent_parse (text, bp, &local))
    return row_fail (error, "tax_rate: %s", local->message);
  return TRUE;
}

static gboolean
parse_count (const char *name, const char *text, int64_t *out, GError **error)
{
  guint64 value = 0;

  if (!g_ascii_string_to_unsigned (text, 10, 0, (guint64) MPOS_MONEY_MAX, &value, NULL))
    return row_fail (error, "%s must be a whole number of 0 or more, not “%s”", name, text);
  *out = (int64_t) value;
  return TRUE;
}

static gboolean
check_barcode_list (char **codes, GError **error)
{
  guint n = g_strv_length (codes);

  if (n > MAX_BARCODES_PER_SKU)
    return row_fail (error, "more than %d barcodes", MAX_BARCODES_PER_SKU);
  for (guint i = 0; i < n; i++)
    {
      g_strstrip (codes[i]);
      for (guint j = 0; j < i; j++)
        if (strcmp (codes[i], codes[j]) == 0)
          return row_fail (error, "barcode %s is listed twice", codes[i]);
    }
  return TRUE;
}

/* ---- one row's outcome, counted once the row is in ------------------------ */

typedef struct
{
  guint created, updated, unchanged;
  guint stock_opened, stock_adjusted, stock_ignored;
  guint prices_added, prices_scheduled;
  char *scheduled; /* the note for a price row that takes effect later */
  char *product_code; /* a product first written by this row, with its id and attributes */
  int64_t product_id;
  char *product_attributes;
} RowTally;

struct _ImportRun
{
  MposStore *store;
  RowHandler handler;
  MposImportReport *report;
  MposImportMode mode;
  GHashTable *seen;     /* sku code → first line, for duplicate detection (catalog only) */
  GHashTable *products; /* product code → ProductSeen: written once per import */
  char **levels;        /* the store's member level codes, read once */
  int64_t now;
  RowTally tally;
};

typedef struct
{
  int64_t id;
  guint line;
  char *attributes;
} ProductSeen;

static void
product_seen_free (gpointer data)
{
  ProductSeen *seen = data;

  g_free (seen->attributes);
  g_free (seen);
}

static void
tally_clear (RowTally *t)
{
  g_free (t->scheduled);
  g_free (t->product_code);
  g_free (t->product_attributes);
  memset (t, 0, sizeof *t);
}

static void
tally_add (ImportRun *run, guint line)
{
  MposImportReport *r = run->report;
  RowTally *t = &run->tally;

  r->created += t->created;
  r->updated += t->updated;
  r->unchanged += t->unchanged;
  r->stock_opened += t->stock_opened;
  r->stock_adjusted += t->stock_adjusted;
  r->stock_ignored += t->stock_ignored;
  r->prices_added += t->prices_added;
  r->prices_scheduled += t->prices_scheduled;
  if (t->scheduled)
    add_line_note (r->scheduled, line, t->scheduled);
  if (t->product_code && run->products)
    {
      ProductSeen *seen = g_new0 (ProductSeen, 1);

      seen->id = t->product_id;
      seen->line = line;
      seen->attributes = g_steal_pointer (&t->product_attributes);
      g_hash_table_insert (run->products, g_steal_pointer (&t->product_code), seen);
    }
}

/* ---- member levels ---------------------------------------------------------- */

static MposSql SQL_READ_LEVELS = MPOS_SQL ("catalog-import: read levels",
                                           "SELECT code FROM member_levels ORDER BY rank, code");

static char **
read_levels (MposStore *store, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_READ_LEVELS, error);
  GPtrArray *codes;
  int rc;

  if (stmt == NULL)
    return NULL;
  codes = g_ptr_array_new ();
  while ((rc = mpos_store_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (codes, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  g_ptr_array_add (codes, NULL);
  if (rc != SQLITE_DONE)
    {
      g_strfreev ((char **) g_ptr_array_free (codes, FALSE));
      mpos_store_fail (store, rc, "reading the member levels", error);
      return NULL;
    }
  return (char **) g_ptr_array_free (codes, FALSE);
}

/* A price for a level the store does not have would never be charged:
 * a misspelt "glod" is refused, naming the levels there are. A file
 * imported before the members (the store has no levels yet) keeps its
 * member prices: there is nothing to check them against. */
static gboolean
check_level (ImportRun *run, const char *level, GError **error)
{
  g_autofree char *known = NULL;

  if (run->levels == NULL && (run->levels = read_levels (run->store, error)) == NULL)
    return FALSE;
  if (run->levels[0] == NULL)
    return TRUE;
  if (g_strv_contains ((const char *const *) run->levels, level))
    return TRUE;
  known = g_strjoinv (", ", run->levels);
  return row_fail (error, "unknown member level “%s”; the store's levels are %s", level, known);
}

/* ---- catalog rows ------------------------------------------------------------ */

static gboolean
apply_member_prices (ImportRun *run, int64_t sku_id, const char *text, gboolean *changed,
                     GError **error)
{
  g_auto (GStrv) pairs = g_strsplit (text, "|", 0);

  for (guint i = 0; pairs[i]; i++)
    {
      g_auto (GStrv) kv = g_strsplit (pairs[i], ":", 2);
      gboolean added = FALSE;
      MposMoney price;

      if (g_strv_length (kv) != 2 || *g_strstrip (kv[0]) == '\0')
        return row_fail (error, "member_prices must look like silver:3.30|gold:3.20");
      if (!check_level (run, kv[0], error)
          || !parse_price_field ("member price", kv[1], &price, error)
          || !mpos_catalog_set_price (run->store, sku_id, kv[0], price, run->now, &added, error))
        return FALSE;
      *changed = *changed || added;
    }
  return TRUE;
}

/* What every SKU row of one product must agree on. */
static char *
product_attributes (const MposSkuRecord *r)
{
  return g_strdup_printf ("%s\x1f%s\x1f%d\x1f%d\x1f%s", r->name ? r->name : "",
                          r->category_path ? r->category_path : "", r->unit, r->tax_rate_bp,
                          r->pinyin ? r->pinyin : "");
}

/* A product is written by the first of its rows in the file; the others
 * must describe it the same way (else the last row would silently win,
 * and each row rewrite the product and its SKUs' search entries). */
static gboolean
check_product (ImportRun *run, MposSkuRecord *record, guint line, GError **error)
{
  g_autofree char *attributes = product_attributes (record);
  ProductSeen *seen = g_hash_table_lookup (run->products, record->product_code);

  (void) line;
  if (seen == NULL)
    {
      run->tally.product_code = g_strdup (record->product_code);
      run->tally.product_attributes = g_steal_pointer (&attributes);
      return TRUE;
    }
  if (strcmp (seen->attributes, attributes) != 0)
    return row_fail (error, "product %s is described differently on line %u (name, category, "
                            "unit, tax rate or pinyin); every SKU row of a product must carry "
                            "the same", record->product_code, seen->line);
  record->product_id = seen->id;
  return TRUE;
}

static void
tally_sku (RowTally *t, const MposSkuWrite *written, gboolean changed)
{
  t->created = written->origin == MPOS_SKU_CREATED;
  t->updated = written->origin == MPOS_SKU_EXISTED && changed;
  t->unchanged = written->origin == MPOS_SKU_EXISTED && !changed;
  t->stock_opened = written->stock == MPOS_SKU_STOCK_OPENED;
  t->stock_adjusted = written->stock == MPOS_SKU_STOCK_ADJUSTED;
  t->stock_ignored = written->stock == MPOS_SKU_STOCK_IGNORED;
  t->product_id = written->product_id;
}

static gboolean
import_catalog_row (ImportRun *run, const ImportRow *row, guint line, GError **error)
{
  MposSkuRecord record = { 0 };
  g_auto (GStrv) barcodes = g_strsplit (row_get (row, "barcodes") ? row_get (row, "barcodes") : "", "|", 0);
  const char *stock = row_get (row, "stock");
  const char *member_prices = row_get (row, "member_prices");
  MposSkuWrite written;
  gboolean price_changed = FALSE;
  MposMoney price;

  record.sku_code = row_get (row, "sku");
  record.product_code = row_get (row, "product") ? row_get (row, "product") : record.sku_code;
  record.name = row_get (row, "name");
  record.spec = row_get (row, "spec");
  record.category_path = row_get (row, "category");
  record.plu = row_get (row, "plu");
  record.pinyin = row_get (row, "pinyin");
  record.barcodes = (const char *const *) barcodes;
  record.set_stock = stock != NULL;
  record.stock_for_new_only = !(run->mode & MPOS_IMPORT_SET_STOCK);
  if (!parse_unit (row_get (row, "unit"), &record.unit, error)
      || !parse_tax (row_get (row, "tax_rate"), &record.tax_rate_bp, error)
      || !parse_price_field ("price", row_get (row, "price"), &price, error)
      || (stock && !parse_count ("stock", stock, &record.stock_qty, error))
      || !check_barcode_list (barcodes, error)
      || (record.product_code && !check_product (run, &record, line, error)))
    return FALSE;
  if (!mpos_catalog_write_sku (run->store, &record, run->now, &written, error)
      || !mpos_catalog_set_price (run->store, written.sku_id, NULL, price, run->now, &price_changed,
                               error)
      || (member_prices && !apply_member_prices (run, written.sku_id, member_prices,
                                                 &price_changed, error)))
    return FALSE;
  tally_sku (&run->tally, &written, written.changed || price_changed);
  return TRUE;
}

static gboolean
parse_time_field (const char *name, const char *text, int64_t *out, GError **error)
{
  if (text == NULL)
    {
      *out = 0;
      return TRUE;
    }
  if (!mpos_clock_parse_iso8601 (text, out))
    return row_fail (error, "%s “%s” is not an ISO 8601 time with a zone "
                            "(like 2026-12-01T00:00:00+08:00)", name, text);
  return TRUE;
}

/* A row that takes effect later is listed in the report, so IT sees what
 * is scheduled rather than wondering why the price has not changed. */
static void
note_schedule (ImportRun *run, const char *sku_code, const char *level, MposMoney price,
               int64_t from)
{
  g_autofree char *when = NULL;
  char money[MPOS_MONEY_BUF];

  if (from <= run->now)
    {
      run->tally.prices_added = 1;
      return;
    }
  when = mpos_store_local_time (run->store, from);
  run->tally.prices_scheduled = 1;
  run->tally.scheduled = g_strdup_printf ("SKU %s%s%s%s %s takes effect at %s", sku_code,
                                          level ? " (level " : "", level ? level : "",
                                          level ? ")" : "", mpos_money_to_buf (price, money), when);
}

static gboolean
import_price_row (ImportRun *run, const ImportRow *row, guint line, GError **error)
{
  const char *sku_code = row_get (row, "sku");
  const char *level = row_get (row, "level");
  g_autoptr (MposSku) sku = NULL;
  MposMoney price;
  int64_t from = 0, to = 0;

  (void) line;
  if (!parse_price_field ("price", row_get (row, "price"), &price, error)
      || !parse_time_field ("effective_from", row_get (row, "effective_from"), &from, error)
      || !parse_time_field ("effective_to", row_get (row, "effective_to"), &to, error)
      || (level && !check_level (run, level, error)))
    return FALSE;
  if (from == 0)
    return row_fail (error, "effective_from is missing");
  sku = mpos_catalog_find_sku (run->store, sku_code ? sku_code : "", error);
  if (sku == NULL
      || !mpos_catalog_add_price (run->store, sku->sku_id, level, price, from, to, run->now, error))
    return FALSE;
  note_schedule (run, sku->sku_code, level, price, from);
  return TRUE;
}

/* ---- the driver ---------------------------------------------------------- */

/* Prepared once: a savepoint per row is most of what a row costs otherwise. */
static gboolean
savepoint (MposStore *store, MposSql *sql, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, sql, error);

  return stmt != NULL && mpos_store_step_done (store, stmt, "importing a row", error);
}

static gboolean
check_duplicate (ImportRun *run, const ImportRow *row, guint line, GError **error)
{
  const char *sku = row_get (row, "sku");
  gpointer first;

  if (run->seen == NULL || sku == NULL)
    return TRUE;
  first = g_hash_table_lookup (run->seen, sku);
  if (first != NULL)
    return row_fail (error, "SKU %s appears twice (first on line %u)", sku, GPOINTER_TO_UINT (first));
  g_hash_table_insert (run->seen, g_strdup (sku), GUINT_TO_POINTER (line));
  return TRUE;
}

static MposSql SQL_APPLY_ROW_2 = MPOS_SQL ("catalog-import: apply row", "RELEASE import_row");

static MposSql SQL_APPLY_ROW_4 = MPOS_SQL ("catalog-import: apply row", "RELEASE import_row");

static MposSql SQL_APPLY_ROW = MPOS_SQL ("catalog-import: apply row", "SAVEPOINT import_row");

static MposSql SQL_APPLY_ROW_3 = MPOS_SQL ("catalog-import: apply row", "ROLLBACK TO import_row");

/* A store error (full disk, lock) aborts the file; a row error is reported. */
static gboolean
apply_row (ImportRun *run, const ImportRow *row, guint line, GError **error)
{
  g_autoptr (GError) row_error = NULL;

  if (!savepoint (run->store, &SQL_APPLY_ROW, error))
    return FALSE;
  tally_clear (&run->tally);
  if (check_duplicate (run, row, line, &row_error) && run->handler (run, row, line, &row_error))
    {
      run->report->rows_imported++;
      tally_add (run, line);
      return savepoint (run->store, &SQL_APPLY_ROW_2, error);
    }
  if (row_error->domain == MPOS_STORE_ERROR && row_error->code != MPOS_STORE_ERROR_CONSTRAINT)
    {
      g_propagate_error (error, g_steal_pointer (&row_error));
      return FALSE;
    }
  report_problem (run->report, line, row_error->message);
  return savepoint (run->store, &SQL_APPLY_ROW_3, error)
         && savepoint (run->store, &SQL_APPLY_ROW_4, error);
}

static gboolean
finish_run (ImportRun *run, MposImportMode mode, GError **error)
{
  MposImportReport *report = run->report;

  if (report->rows_rejected > 0 && !(mode & MPOS_IMPORT_SKIP_BAD_ROWS))
    {
      mpos_store_rollback (run->store);
      report->rows_imported = 0;
      g_set_error (error, MPOS_IMPORT_ERROR, MPOS_IMPORT_ERROR_BAD_ROWS,
                   "%u bad row(s); nothing was imported", report->rows_rejected);
      return FALSE;
    }
  /* Once per import: the opening stock movements into the SKU rows, and
   * the search entries of every SKU written (product-search-index.c). */
  return mpos_stock_fold (run->store, error) && mpos_catalog_search_refresh (run->store, error)
         && mpos_store_commit (run->store, error);
}

static const char *const catalog_required[] = { "sku", "name", "category", "unit", "price", NULL };
static const char *const prices_columns[]
    = { "sku", "price", "level", "effective_from", "effective_to", NULL };
static const char *const prices_required[] = { "sku", "price", "effective_from", NULL };

static gboolean
check_size (gsize length, GError **error)
{
  if (length > MPOS_IMPORT_MAX_BYTES)
    {
      g_set_error (error, MPOS_IMPORT_ERROR, MPOS_IMPORT_ERROR_TOO_LARGE,
                   "the file is larger than %zu MiB", MPOS_IMPORT_MAX_BYTES >> 20);
      return FALSE;
    }
  return TRUE;
}

static void
run_init (ImportRun *run, MposStore *store, MposImportKind kind, MposImportMode mode,
          MposImportReport *report)
{
  gboolean catalog = kind == MPOS_IMPORT_CATALOG;

  run->store = store;
  run->report = report;
  run->mode = mode;
  run->now = mpos_clock_now ();
  run->handler = catalog ? import_catalog_row : import_price_row;
  run->seen = catalog ? g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL) : NULL;
  run->products = catalog ? g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                   product_seen_free)
                          : NULL;
}

/* A big import touches far more pages than the default cache holds (2 MiB:
 * some 2000 pages of 1 KiB), and every page pushed out mid-transaction is
 * written to the WAL, read back, and written again as a new WAL frame each
 * time it changes (a million-row import wrote gigabytes so). For the
 * import's transaction the cache may grow to IMPORT_CACHE_KIB (pages are
 * taken as needed: a small import uses little); run_clear gives the memory
 * back. */
#define IMPORT_CACHE_KIB 1048576
#define DEFAULT_CACHE_KIB 2000

static gboolean
import_begin (MposStore *store, GError **error)
{
  g_autofree char *pragma = g_strdup_printf ("PRAGMA cache_size = -%d", IMPORT_CACHE_KIB);

  return mpos_store_exec (store, pragma, error) && mpos_store_begin (store, error);
}

static void
run_clear (ImportRun *run)
{
  g_autofree char *pragma = g_strdup_printf ("PRAGMA cache_size = -%d", DEFAULT_CACHE_KIB);

  if (run->store)
    mpos_store_exec (run->store, pragma, NULL);
  g_clear_pointer (&run->seen, g_hash_table_destroy);
  g_clear_pointer (&run->products, g_hash_table_destroy);
  g_clear_pointer (&run->levels, g_strfreev);
  tally_clear (&run->tally);
}

static gboolean
csv_rows (ImportRun *run, MposCsvReader *reader, char **header, GError **error)
{
  char **values = NULL;
  guint line = 0;
  GError *csv_error = NULL;

  for (;;)
    {
      gboolean go_on;

      if (mpos_csv_reader_next (reader, &values, &line, &csv_error))
        {
          ImportRow row = { header, values };
          gboolean ok = apply_row (run, &row, line, error);

          g_strfreev (values);
          if (!ok)
            return FALSE;
          continue;
        }
      if (csv_error == NULL)
        return TRUE;
      /* A bad byte or width spoils its row only; a broken quote leaves the
       * rest of the file unreadable: report it and stop. */
      report_problem (run->report, line, csv_error->message);
      go_on = mpos_csv_error_spoils_record_only (csv_error);
      g_clear_error (&csv_error);
      if (!go_on)
        return TRUE;
    }
}

/* The header's refusals are the file's format, named by its line. */
static gboolean
read_header (MposCsvReader *reader, MposImportKind kind, char ***header, GError **error)
{
  g_autofree char **catalog = catalog_columns ();
  g_autoptr (GError) local = NULL;
  guint line = 0;

  if (mpos_csv_reader_read_header (
          reader, kind == MPOS_IMPORT_CATALOG ? (const char *const *)catalog : prices_columns,
          kind == MPOS_IMPORT_CATALOG ? catalog_required : prices_required, header, &line, &local))
    return TRUE;
  if (g_error_matches (local, MPOS_CSV_ERROR, MPOS_CSV_ERROR_HEADER))
    g_set_error (error, MPOS_IMPORT_ERROR, MPOS_IMPORT_ERROR_FORMAT, "line %u: %s", line,
                 local->message);
  else
    g_propagate_prefixed_error (error, g_steal_pointer (&local), "line %u: ", line);
  return FALSE;
}

gboolean
mpos_import_csv (MposStore *store, MposImportKind kind, const char *data, gsize length,
                 MposImportMode mode, MposImportReport *report, GError **error)
{
  g_autoptr (MposCsvReader) reader = NULL;
  g_auto (GStrv) header = NULL;
  ImportRun run = { 0 };
  gboolean ok;

  if (!check_size (length, error))
    return FALSE;
  reader = mpos_csv_reader_new (data, length);
  if (!read_header (reader, kind, &header, error)
      || !mpos_store_exec (store, "PRAGMA cache_size = -262144; PRAGMA temp_store = MEMORY", error)
      || !import_begin (store, error))
    return FALSE;
  run_init (&run, store, kind, mode, report);
  ok = csv_rows (&run, reader, header, error) && finish_run (&run, mode, error);
  if (!ok)
    {
      /* A store error (full disk, lock) undid every row counted so far. */
      mpos_store_rollback (store);
      report->rows_imported = 0;
    }
  run_clear (&run);
  return ok;
}

/* ---- JSON ---------------------------------------------------------------- */

static char *
json_join (const cJSON *item, gboolean pairs)
{
  g_autoptr (GString) out = g_string_new (NULL);
  const cJSON *child;

  cJSON_ArrayForEach (child, item)
    {
      if (!cJSON_IsString (child))
        return NULL;
      if (out->len > 0)
        g_string_append_c (out, '|');
      if (pairs)
        g_string_append_printf (out, "%s:", child->string);
      g_string_append (out, child->valuestring);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* What to add when a member has the wrong type: a number where money was
 * due (also inside member_prices) gets told that money is a string. */
static const char *
type_hint (const char *name, const cJSON *item)
{
  gboolean number = cJSON_IsNumber (item);
  const cJSON *child;

  if (cJSON_IsObject (item) && strcmp (name, "member_prices") == 0)
    cJSON_ArrayForEach (child, item)
      number = number || cJSON_IsNumber (child);
  if (!number)
    return "";
  if (strcmp (name, "price") == 0 || strcmp (name, "member_prices") == 0)
    return " (money is written as a string like \"3.50\")";
  return strcmp (name, "stock") == 0 ? " (stock is a whole number)" : " (write it as a string)";
}

/* Field text of a JSON member: strings as they are, whole numbers only for
 * stock, arrays/objects for barcodes and member prices. */
static gboolean
json_field_text (const char *name, const cJSON *item, char **out, GError **error)
{
  if (item == NULL || cJSON_IsNull (item))
    *out = g_strdup ("");
  else if (cJSON_IsString (item) && mpos_text_find_control (item->valuestring) != NULL)
    return row_fail (error,
                     "“%s” holds a line break, a tab or another control character: "
                     "write it on one line",
                     name);
  else if (cJSON_IsString (item))
    *out = g_strdup (item->valuestring);
  else if (cJSON_IsNumber (item) && strcmp (name, "stock") == 0
           && item->valuedouble == (double) (int64_t) item->valuedouble)
    *out = g_strdup_printf ("%" G_GINT64_FORMAT, (int64_t) item->valuedouble);
  else if (cJSON_IsArray (item) && strcmp (name, "barcodes") == 0)
    *out = json_join (item, FALSE);
  else if (cJSON_IsObject (item) && strcmp (name, "member_prices") == 0)
    *out = json_join (item, TRUE);
  else
    *out = NULL;
  if (*out == NULL)
    return row_fail (error, "“%s” has the wrong type%s", name, type_hint (name, item));
  return TRUE;
}

static gboolean
json_row_values (const cJSON *object, char ***values, GError **error)
{
  guint n = G_N_ELEMENTS (sku_keys) - 1;
  g_auto (GStrv) out = g_new0 (char *, n + 1);

  if (!cJSON_IsObject (object))
    return row_fail (error, "each item must be an object");
  for (guint i = 0; i < n; i++)
    if (!json_field_text (sku_keys[i].key,
                          cJSON_GetObjectItemCaseSensitive (object, sku_keys[i].key), &out[i],
                          error))
      return FALSE;
  *values = g_steal_pointer (&out);
  return TRUE;
}

static gboolean
json_rows (ImportRun *run, const cJSON *items, GError **error)
{
  g_autofree char **names = catalog_columns ();
  const cJSON *item;
  guint index = 0;

  cJSON_ArrayForEach (item, items)
    {
      g_auto (GStrv) values = NULL;
      g_autoptr (GError) shape_error = NULL;
      ImportRow row;

      index++;
      if (!json_row_values (item, &values, &shape_error))
        {
          report_problem (run->report, index, shape_error->message);
          continue;
        }
      row.names = names;
      row.values = values;
      if (!apply_row (run, &row, index, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
mpos_import_catalog_json (MposStore *store, const char *data, gsize length, MposImportMode mode,
                          MposImportReport *report, GError **error)
{
  g_autoptr (cJSON) root = NULL;
  const cJSON *items;
  ImportRun run = { 0 };
  gboolean ok;

  if (!check_size (length, error))
    return FALSE;
  root = mpos_json_parse (data, length, &catalog_shape, error);
  if (root == NULL)
    return FALSE;
  items = cJSON_GetObjectItemCaseSensitive (root, "skus");
  if (!cJSON_IsArray (items))
    {
      g_set_error (error, MPOS_IMPORT_ERROR, MPOS_IMPORT_ERROR_FORMAT,
                   "not a catalog document: expected {\"skus\": [ … ]}");
      return FALSE;
    }
  if (!import_begin (store, error))
    return FALSE;
  run_init (&run, store, MPOS_IMPORT_CATALOG, mode, report);
  ok = json_rows (&run, items, error) && finish_run (&run, mode, error);
  if (!ok)
    {
      /* A store error (full disk, lock) undid every row counted so far. */
      mpos_store_rollback (store);
      report->rows_imported = 0;
    }
  run_clear (&run);
  return ok;
}
