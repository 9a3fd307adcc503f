/* catalog-write.c — creating and updating categories, products, SKUs,
 * barcodes, prices and stock. Callers (import, tests) wrap these in one
 * transaction; each function validates what it stores and names the problem. */
#include "catalog-private.h"
#include "fail.h"
#include "pinyin.h"
#include "stock.h"
#include "store-private.h"

#include <string.h>

#define MAX_NAME_CHARS 200
#define MAX_SPEC_CHARS 100

static MposSql SQL_CATEGORY_ID
    = MPOS_SQL ("catalog-write: category id", "SELECT id FROM categories WHERE path = :path");
static MposSql SQL_CATEGORY_INSERT
    = MPOS_SQL ("catalog-write: category insert", "INSERT INTO categories (parent_id, name, path) "
                                                  "VALUES (:parent_id, :name, :path) RETURNING id");
static MposSql SQL_PRODUCT_UPSERT = MPOS_SQL (
    "catalog-write: product upsert",
    "INSERT INTO products (code, name, category_id, unit, tax_rate_bp, pinyin) "
    "VALUES (:code, :name, :category_id, :unit, :tax_rate_bp, :pinyin) "
    "ON CONFLICT (code) DO UPDATE SET name = excluded.name, category_id = excluded.category_id, "
    "unit = excluded.unit, tax_rate_bp = excluded.tax_rate_bp, pinyin = excluded.pinyin "
    "WHERE (name, category_id, unit, tax_rate_bp, pinyin) IS NOT (excluded.name, "
    "excluded.category_id, excluded.unit, excluded.tax_rate_bp, excluded.pinyin) RETURNING id");
static MposSql SQL_PRODUCT_ID
    = MPOS_SQL ("catalog-write: product id", "SELECT id FROM products WHERE code = :code");
static MposSql SQL_SKU_FIND
    = MPOS_SQL ("catalog-write: sku find", "SELECT id, stock_qty FROM skus WHERE code = :code");
static MposSql SQL_SKU_INSERT = MPOS_SQL (
    "catalog-write: sku insert",
    "INSERT INTO skus (code, product_id, spec, plu) VALUES (:code, :product_id, :spec, :plu) "
    "RETURNING id");
static MposSql SQL_SKU_UPDATE = MPOS_SQL (
    "catalog-write: sku update",
    "UPDATE skus SET product_id = :product_id, spec = :spec, plu = :plu, active = 1 "
    "WHERE id = :id AND (product_id, spec, plu, active) IS NOT (:product_id, :spec, :plu, 1)");
static MposSql SQL_BARCODES_OF = MPOS_SQL (
    "catalog-write: barcodes of", "SELECT code FROM barcodes WHERE sku_id = :sku_id ORDER BY code");
static MposSql SQL_BARCODE_OWNER = MPOS_SQL (
    "catalog-write: barcode owner", "SELECT s.code FROM barcodes b JOIN skus s ON s.id = b.sku_id "
                                    "WHERE b.code = :code AND b.sku_id <> :sku_id");
static MposSql SQL_BARCODES_DELETE
    = MPOS_SQL ("catalog-write: barcodes delete", "DELETE FROM barcodes WHERE sku_id = :sku_id");
static MposSql SQL_BARCODE_INSERT = MPOS_SQL (
    "catalog-write: barcode insert", "INSERT INTO barcodes (code, sku_id) VALUES (:code, :sku_id)");
static MposSql SQL_PLU_OWNER = MPOS_SQL (
    "catalog-write: plu owner", "SELECT code FROM skus WHERE plu = :plu AND code <> :code");
static MposSql SQL_PRICE_INSERT = MPOS_SQL (
    "catalog-write: price insert",
    "INSERT INTO prices (sku_id, level_code, price, effective_from, effective_to, created_at, "
    "source) VALUES (:sku_id, :level, :price, :from, :to, :now, :source)");
static MposSql SQL_CATALOG_PRICE
    = MPOS_SQL ("catalog-write: catalog price",
                "SELECT price FROM prices WHERE sku_id = :sku_id AND level_code IS :level "
                "AND source = 'catalog' ORDER BY id DESC LIMIT 1");
static MposSql SQL_PRICE_SAME = MPOS_SQL (
    "catalog-write: price same",
    "SELECT 1 FROM prices WHERE sku_id = :sku_id AND level_code IS :level AND price = :price "
    "AND effective_from = :from AND effective_to IS :to");

#define invalid(error, ...)                                                                        \
  mpos_fail (error, MPOS_CATALOG_ERROR, MPOS_CATALOG_ERROR_INVALID, __VA_ARGS__)

static gboolean
is_code_char (char c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '_';
}

static gboolean
validate_code (const char *what, const char *code, gsize max_len, GError **error)
{
  gsize len = code ? strlen (code) : 0;

  if (len == 0 || len > max_len)
    return invalid (error, "%s must be 1–%zu characters", what, max_len);
  for (gsize i = 0; i < len; i++)
    if (!is_code_char (code[i]))
      return invalid (error, "%s “%s” may only hold letters, digits, '-' and '_'", what, code);
  return TRUE;
}

static gboolean
validate_text (const char *what, const char *text, glong max_chars, gboolean required,
               GError **error)
{
  if (text == NULL || *text == '\0')
    return required ? invalid (error, "%s is missing", what) : TRUE;
  if (!g_utf8_validate (text, -1, NULL))
    return invalid (error, "%s is not valid UTF-8 text", what);
  if (g_utf8_strlen (text, -1) > max_chars)
    return invalid (error, "%s is longer than %ld characters", what, max_chars);
  return TRUE;
}

static gboolean
validate_barcodes (const char *const *barcodes, GError **error)
{
  for (guint i = 0; barcodes && barcodes[i]; i++)
    {
      MposBarcode parsed;
      g_autoptr (GError) parse_error = NULL;

      if (!mpos_barcode_parse (barcodes[i], NULL, &parsed, &parse_error))
        return invalid (error, "barcode %s: %s", barcodes[i], parse_error->message);
      if (parsed.kind == MPOS_BARCODE_WEIGHT_EMBEDDED || parsed.kind == MPOS_BARCODE_PRICE_EMBEDDED)
        return invalid (error, "barcode %s is a scale code (prefix 20–29); give weighed goods a plu",
                        barcodes[i]);
    }
  return TRUE;
}

static gboolean
validate_record (const MposSkuRecord *r, GError **error)
{
  return validate_code ("SKU code", r->sku_code, 32, error)
         && validate_code ("product code", r->product_code, 32, error)
         && validate_text ("name", r->name, MAX_NAME_CHARS, TRUE, error)
         && validate_text ("spec", r->spec, MAX_SPEC_CHARS, FALSE, error)
         && validate_text ("category", r->category_path, MAX_NAME_CHARS, TRUE, error)
         && (r->plu == NULL || validate_code ("plu", r->plu, 10, error))
         && (r->tax_rate_bp >= 0 && r->tax_rate_bp <= 10000
                 ? TRUE
                 : invalid (error, "tax rate must be between 0%% and 100%%"))
         && (!r->set_stock || (r->stock_qty >= 0 && r->stock_qty <= MPOS_MONEY_MAX)
                 ? TRUE
                 : invalid (error, "stock must be 0 or more"))
         && validate_barcodes (r->barcodes, error);
}

/* A RETURNING statement hands out its row before it has finished: a trigger's
 * work (the FTS index) can still fail, e.g. with SQLITE_FULL, and SQLite may
 * then roll the whole transaction back. Only SQLITE_DONE means it was written. */
static int
step_to_done (sqlite3_stmt *stmt)
{
  int rc;

  while ((rc = mpos_store_step (stmt)) == SQLITE_ROW)
    ;
  return rc;
}

static gboolean
find_category (MposStore *store, const char *path, int64_t *id, gboolean *found, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_CATEGORY_ID, error);

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":path", path);
  return mpos_store_read_int64 (store, stmt, id, found, "looking up a category", error);
}

static gboolean
insert_category (MposStore *store, int64_t parent_id, const char *name, const char *path,
                 int64_t *id, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_CATEGORY_INSERT, error);

  if (stmt == NULL)
    return FALSE;
  if (parent_id > 0)
    mpos_bind_int64 (stmt, ":parent_id", parent_id);
  else
    mpos_bind_null (stmt, ":parent_id");
  mpos_bind_text (stmt, ":name", name);
  mpos_bind_text (stmt, ":path", path);
  return mpos_store_step_returning (store, stmt, "adding a category", id, error);
}

/* Makes every level of "a/b/c" exist; *id is the leaf's. Paths are
 * normalised: parts trimmed, empty parts refused. */
gboolean
mpos_catalog_ensure_category (MposStore *store, const char *path, int64_t *id, GError **error)
{
  g_auto (GStrv) parts = g_strsplit (path, "/", 0);
  g_autoptr (GString) prefix = g_string_new (NULL);
  int64_t parent_id = 0;

  for (guint i = 0; parts[i]; i++)
    {
      gboolean found = FALSE;
      char *name = g_strstrip (parts[i]);

      if (*name == '\0')
        return invalid (error, "category “%s” has an empty level", path);
      if (prefix->len > 0)
        g_string_append_c (prefix, '/');
      g_string_append (prefix, name);
      if (!find_category (store, prefix->str, id, &found, error))
        return FALSE;
      if (!found && !insert_category (store, parent_id, name, prefix->str, id, error))
        return FALSE;
      parent_id = *id;
    }
  return TRUE;
}

/* One-row lookup by :code of an integer (and a second one when asked);
 * *found says whether there was a row. */
static gboolean
find_by_code (MposStore *store, MposSql *sql, const char *code, int64_t *first, int64_t *second,
              gboolean *found, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":code", code);
  rc = mpos_store_step (stmt);
  *found = rc == SQLITE_ROW;
  if (*found)
    {
      *first = sqlite3_column_int64 (stmt, 0);
      if (second)
        *second = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return mpos_store_fail (store, rc, "looking up the catalog", error);
  return TRUE;
}

/* Written only when something differs: an unchanged product is no write
 * (and its SKUs' search entries stay as they are). */
static gboolean
upsert_product (MposStore *store, const MposSkuRecord *r, int64_t category_id, int64_t *id,
                GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_PRODUCT_UPSERT, error);
  g_autofree char *pinyin = NULL;
  gboolean found = FALSE;
  int rc;

  if (stmt == NULL)
    return FALSE;
  pinyin = r->pinyin && *r->pinyin ? g_ascii_strdown (r->pinyin, -1)
                                   : mpos_pinyin_initials (r->name);
  mpos_bind_text (stmt, ":code", r->product_code);
  mpos_bind_text (stmt, ":name", r->name);
  mpos_bind_int64 (stmt, ":category_id", category_id);
  mpos_bind_text (stmt, ":unit", r->unit == MPOS_UNIT_WEIGHT ? "weight" : "piece");
  mpos_bind_int64 (stmt, ":tax_rate_bp", r->tax_rate_bp);
  mpos_bind_text (stmt, ":pinyin", pinyin);
  rc = mpos_store_step (stmt);
  if (rc == SQLITE_ROW)
    {
      found = TRUE;
      *id = sqlite3_column_int64 (stmt, 0);
      rc = step_to_done (stmt);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return mpos_store_fail (store, rc, "saving a product", error);
  if (found)
    return TRUE;
  return find_by_code (store, &SQL_PRODUCT_ID, r->product_code, id, NULL, &found, error);
}

/* The first column of a one-row query keyed by :code (+ optional second key), or NULL. */
static char *
lookup_owner (MposStore *store, MposSql *sql, const char *key_name, const char *key,
              const char *other_name, const char *other_text, int64_t other_id, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, sql, error);
  char *owner = NULL;

  if (stmt == NULL)
    return NULL;
  mpos_bind_text (stmt, key_name, key);
  if (other_text)
    mpos_bind_text (stmt, other_name, other_text);
  else
    mpos_bind_int64 (stmt, other_name, other_id);
  mpos_store_read_text (store, stmt, &owner, "checking codes", error);
  return owner;
}

static gboolean
check_plu_free (MposStore *store, const MposSkuRecord *r, GError **error)
{
  g_autofree char *owner = NULL;
  GError *local = NULL;

  if (r->plu == NULL)
    return TRUE;
  owner = lookup_owner (store, &SQL_PLU_OWNER, ":plu", r->plu, ":code", r->sku_code, 0, &local);
  if (local)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  if (owner)
    return invalid (error, "plu %s already belongs to SKU %s", r->plu, owner);
  return TRUE;
}

static void
bind_sku (sqlite3_stmt *stmt, const MposSkuRecord *r, int64_t product_id)
{
  mpos_bind_int64 (stmt, ":product_id", product_id);
  mpos_bind_text (stmt, ":spec", r->spec ? r->spec : "");
  mpos_bind_text (stmt, ":plu", r->plu);
}

/* Inserts a new SKU, or updates an existing one where it differs. */
static gboolean
upsert_sku_row (MposStore *store, const MposSkuRecord *r, MposSkuWrite *w, int64_t *stock,
                GError **error)
{
  gboolean found = FALSE;
  g_autoptr (MposStmt) stmt = NULL;

  if (!find_by_code (store, &SQL_SKU_FIND, r->sku_code, &w->sku_id, stock, &found, error))
    return FALSE;
  w->origin = found ? MPOS_SKU_EXISTED : MPOS_SKU_CREATED;
  stmt = mpos_store_stmt (store, found ? &SQL_SKU_UPDATE : &SQL_SKU_INSERT, error);
  if (stmt == NULL)
    return FALSE;
  bind_sku (stmt, r, w->product_id);
  if (found)
    {
      mpos_bind_int64 (stmt, ":id", w->sku_id);
      return mpos_store_step_done (store, stmt, "saving a SKU", error);
    }
  mpos_bind_text (stmt, ":code", r->sku_code);
  return mpos_store_step_returning (store, stmt, "saving a SKU", &w->sku_id, error);
}

static gboolean
insert_barcode (MposStore *store, int64_t sku_id, const char *code, GError **error)
{
  g_autofree char *owner = NULL;
  GError *local = NULL;
  g_autoptr (MposStmt) stmt = NULL;

  owner = lookup_owner (store, &SQL_BARCODE_OWNER, ":code", code, ":sku_id", NULL, sku_id, &local);
  if (local)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  if (owner)
    return invalid (error, "barcode %s already belongs to SKU %s", code, owner);
  stmt = mpos_store_stmt (store, &SQL_BARCODE_INSERT, error);
  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":code", code);
  mpos_bind_int64 (stmt, ":sku_id", sku_id);
  return mpos_store_step_done (store, stmt, "saving a barcode", error);
}

static gint
compare_codes (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* The barcodes as stored: normalised (a UPC-A is found by its EAN-13
 * form), sorted, in a NULL-terminated array. */
static char **
normalised_barcodes (const char *const *barcodes)
{
  GPtrArray *out = g_ptr_array_new ();

  for (guint i = 0; barcodes && barcodes[i]; i++)
    {
      MposBarcode parsed;
      if (mpos_barcode_parse (barcodes[i], NULL, &parsed, NULL))
        g_ptr_array_add (out, g_strdup (parsed.code));
    }
  g_ptr_array_sort (out, compare_codes);
  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (out, FALSE);
}

static gboolean
barcodes_equal (MposStore *store, int64_t sku_id, char **wanted, gboolean *equal, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_BARCODES_OF, error);
  guint i = 0;
  int rc;

  if (stmt == NULL)
    return FALSE;
  *equal = TRUE;
  mpos_bind_int64 (stmt, ":sku_id", sku_id);
  while ((rc = mpos_store_step (stmt)) == SQLITE_ROW)
    {
      if (wanted[i] == NULL || strcmp (wanted[i], (const char *) sqlite3_column_text (stmt, 0)) != 0)
        *equal = FALSE;
      if (wanted[i] != NULL)
        i++;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return mpos_store_fail (store, rc, "reading barcodes", error);
  *equal = *equal && wanted[i] == NULL;
  return TRUE;
}

static gboolean
replace_barcodes (MposStore *store, const MposSkuWrite *w, const char *const *barcodes,
                  GError **error)
{
  g_auto (GStrv) wanted = normalised_barcodes (barcodes);
  gboolean equal = FALSE;
  g_autoptr (MposStmt) stmt = NULL;

  if (w->origin == MPOS_SKU_EXISTED)
    {
      if (!barcodes_equal (store, w->sku_id, wanted, &equal, error))
        return FALSE;
      if (equal)
        return TRUE;
      stmt = mpos_store_stmt (store, &SQL_BARCODES_DELETE, error);
      if (stmt == NULL)
        return FALSE;
      mpos_bind_int64 (stmt, ":sku_id", w->sku_id);
      if (!mpos_store_step_done (store, stmt, "replacing barcodes", error))
        return FALSE;
    }
  for (guint i = 0; wanted[i]; i++)
    if (!insert_barcode (store, w->sku_id, wanted[i], error))
      return FALSE;
  return TRUE;
}

/* The record's stock figure: a new SKU's opening stock, or a count that
 * adjusts an existing SKU's stock by the difference (stock.h: movements
 * are the truth). Without a count, an existing SKU's stock is its own. */
static gboolean
apply_stock (MposStore *store, const MposSkuRecord *r, int64_t row_stock, int64_t now,
             MposSkuWrite *w, GError **error)
{
  int64_t current = row_stock;

  w->stock = MPOS_SKU_STOCK_KEPT;
  if (!r->set_stock)
    return TRUE;
  if (w->origin == MPOS_SKU_CREATED && r->stock_for_new_only)
    {
      w->stock = r->stock_qty != 0 ? MPOS_SKU_STOCK_OPENED : MPOS_SKU_STOCK_KEPT;
      return r->stock_qty == 0
             || mpos_stock_record (store, w->sku_id, r->stock_qty, "import", NULL, now, error);
    }
  if (w->origin == MPOS_SKU_EXISTED && !mpos_stock_of (store, w->sku_id, &current, error))
    return FALSE;
  if (current == r->stock_qty)
    return TRUE;
  if (r->stock_for_new_only)
    {
      w->stock = MPOS_SKU_STOCK_IGNORED;
      return TRUE;
    }
  w->stock = w->origin == MPOS_SKU_CREATED ? MPOS_SKU_STOCK_OPENED : MPOS_SKU_STOCK_ADJUSTED;
  return mpos_stock_move (store, w->sku_id, r->stock_qty - current,
                          w->origin == MPOS_SKU_CREATED ? "import" : "adjust", NULL, now, error);
}

gboolean
mpos_catalog_write_sku (MposStore *store, const MposSkuRecord *record, int64_t now,
                        MposSkuWrite *out, GError **error)
{
  sqlite3_int64 before = sqlite3_total_changes64 (mpos_store_db (store));
  int64_t category_id = 0, stock = 0;

  memset (out, 0, sizeof *out);
  out->product_id = record->product_id;
  if (!validate_record (record, error) || !check_plu_free (store, record, error))
    return FALSE;
  if (out->product_id <= 0
      && (!mpos_catalog_ensure_category (store, record->category_path, &category_id, error)
          || !upsert_product (store, record, category_id, &out->product_id, error)))
    return FALSE;
  if (!upsert_sku_row (store, record, out, &stock, error)
      || !replace_barcodes (store, out, record->barcodes, error))
    return FALSE;
  out->changed = sqlite3_total_changes64 (mpos_store_db (store)) != before;
  return apply_stock (store, record, stock, now, out, error);
}

gboolean
mpos_catalog_upsert_sku (MposStore *store, const MposSkuRecord *record, int64_t now,
                         int64_t *sku_id_out, GError **error)
{
  MposSkuWrite written;

  if (!mpos_catalog_write_sku (store, record, now, &written, error))
    return FALSE;
  if (sku_id_out)
    *sku_id_out = written.sku_id;
  return TRUE;
}

static gboolean
price_row_exists (MposStore *store, int64_t sku_id, const char *level, MposMoney price,
                  int64_t from, int64_t to, gboolean *exists, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_PRICE_SAME, error);

  if (stmt == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":sku_id", sku_id);
  mpos_bind_text (stmt, ":level", level);
  mpos_bind_int64 (stmt, ":price", price);
  mpos_bind_int64 (stmt, ":from", from);
  if (to > 0)
    mpos_bind_int64 (stmt, ":to", to);
  else
    mpos_bind_null (stmt, ":to");
  return mpos_store_read_exists (store, stmt, exists, "checking prices", error);
}

static gboolean
insert_price (MposStore *store, int64_t sku_id, const char *level_code, MposMoney price,
              int64_t effective_from, int64_t effective_to, int64_t now, const char *source,
              GError **error)
{
  g_autoptr (MposStmt) stmt = NULL;
  gboolean exists = FALSE;

  if (price < 0 || price > MPOS_MONEY_MAX)
    return invalid (error, "price must be between 0 and %" G_GINT64_FORMAT " fen", MPOS_MONEY_MAX);
  if (effective_to > 0 && effective_to <= effective_from)
    return invalid (error, "a price must end after it starts");
  if (!price_row_exists (store, sku_id, level_code, price, effective_from, effective_to, &exists,
                         error))
    return FALSE;
  if (exists)
    return TRUE; /* re-importing the same schedule changes nothing */
  stmt = mpos_store_stmt (store, &SQL_PRICE_INSERT, error);
  if (stmt == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":sku_id", sku_id);
  mpos_bind_text (stmt, ":level", level_code);
  mpos_bind_int64 (stmt, ":price", price);
  mpos_bind_int64 (stmt, ":from", effective_from);
  if (effective_to > 0)
    mpos_bind_int64 (stmt, ":to", effective_to);
  else
    mpos_bind_null (stmt, ":to");
  mpos_bind_int64 (stmt, ":now", now);
  mpos_bind_text (stmt, ":source", source);
  return mpos_store_step_done (store, stmt, "saving a price", error);
}

gboolean
mpos_catalog_add_price (MposStore *store, int64_t sku_id, const char *level_code, MposMoney price,
                        int64_t effective_from, int64_t effective_to, int64_t now, GError **error)
{
  return insert_price (store, sku_id, level_code, price, effective_from, effective_to, now,
                       "schedule", error);
}

gboolean
mpos_catalog_set_price (MposStore *store, int64_t sku_id, const char *level_code, MposMoney price,
                        int64_t now, gboolean *changed, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_CATALOG_PRICE, error);
  gboolean found;
  MposMoney last = 0;

  if (changed)
    *changed = FALSE;
  if (stmt == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":sku_id", sku_id);
  mpos_bind_text (stmt, ":level", level_code);
  if (!mpos_store_read_int64 (store, stmt, &last, &found, "reading the catalog price", error))
    return FALSE;
  if (found && last == price)
    return TRUE;
  if (changed)
    *changed = TRUE;
  /* The first price holds from the beginning of time: a sale whose clock
   * reads a time before the import still has a price. */
  return insert_price (store, sku_id, level_code, price, found ? now : 0, 0, now, "catalog", error);
}
