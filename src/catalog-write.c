/* catalog-write.c — creating and updating categories, products, SKUs,
 * barcodes, prices and stock. Callers (import, tests) wrap these in one
 * transaction; each function validates what it stores and names the problem. */
#include "catalog.h"
#include "fail.h"
#include "pinyin.h"
#include "stock.h"
#include "store-private.h"

#include <string.h>

#define MAX_NAME_CHARS 200
#define MAX_SPEC_CHARS 100

#define SQL_CATEGORY_ID "SELECT id FROM categories WHERE path = :path"
#define SQL_CATEGORY_INSERT                                                                        \
  "INSERT INTO categories (parent_id, name, path) VALUES (:parent_id, :name, :path) RETURNING id"
#define SQL_PRODUCT_UPSERT                                                                         \
  "INSERT INTO products (code, name, category_id, unit, tax_rate_bp, pinyin) "                    \
  "VALUES (:code, :name, :category_id, :unit, :tax_rate_bp, :pinyin) "                            \
  "ON CONFLICT (code) DO UPDATE SET name = excluded.name, category_id = excluded.category_id, "   \
  "unit = excluded.unit, tax_rate_bp = excluded.tax_rate_bp, pinyin = excluded.pinyin "           \
  "RETURNING id"
#define SQL_SKU_UPSERT                                                                             \
  "INSERT INTO skus (code, product_id, spec, plu) VALUES (:code, :product_id, :spec, :plu) "      \
  "ON CONFLICT (code) DO UPDATE SET product_id = excluded.product_id, spec = excluded.spec, "     \
  "plu = excluded.plu, active = 1 RETURNING id, stock_qty"
#define SQL_BARCODE_OWNER                                                                          \
  "SELECT s.code FROM barcodes b JOIN skus s ON s.id = b.sku_id "                                 \
  "WHERE b.code = :code AND b.sku_id <> :sku_id"
#define SQL_BARCODES_DELETE "DELETE FROM barcodes WHERE sku_id = :sku_id"
#define SQL_BARCODE_INSERT "INSERT INTO barcodes (code, sku_id) VALUES (:code, :sku_id)"
#define SQL_PLU_OWNER "SELECT code FROM skus WHERE plu = :plu AND code <> :code"
#define SQL_PRICE_INSERT                                                                           \
  "INSERT INTO prices (sku_id, level_code, price, effective_from, effective_to, created_at) "      \
  "VALUES (:sku_id, :level, :price, :from, :to, :now)"
#define SQL_PRICE_SAME                                                                             \
  "SELECT 1 FROM prices WHERE sku_id = :sku_id AND level_code IS :level AND price = :price "      \
  "AND effective_from = :from AND effective_to IS :to"

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

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    ;
  return rc;
}

static gboolean
find_category (MposStore *store, const char *path, int64_t *id, gboolean *found, GError **error)
{
  sqlite3_stmt *stmt = mpos_store_stmt (store, SQL_CATEGORY_ID, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":path", path);
  rc = sqlite3_step (stmt);
  *found = rc == SQLITE_ROW;
  if (*found)
    *id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return mpos_store_fail (store, rc, "looking up a category", error);
  return TRUE;
}

static gboolean
insert_category (MposStore *store, int64_t parent_id, const char *name, const char *path,
                 int64_t *id, GError **error)
{
  sqlite3_stmt *stmt = mpos_store_stmt (store, SQL_CATEGORY_INSERT, error);

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
static gboolean
ensure_category (MposStore *store, const char *path, int64_t *id, GError **error)
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

static gboolean
upsert_product (MposStore *store, const MposSkuRecord *r, int64_t category_id, int64_t *id,
                GError **error)
{
  sqlite3_stmt *stmt = mpos_store_stmt (store, SQL_PRODUCT_UPSERT, error);
  g_autofree char *pinyin = NULL;

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
  return mpos_store_step_returning (store, stmt, "saving a product", id, error);
}

/* The first column of a one-row query keyed by :code (+ optional second key), or NULL. */
static char *
lookup_owner (MposStore *store, const char *sql, const char *key_name, const char *key,
              const char *other_name, const char *other_text, int64_t other_id, GError **error)
{
  sqlite3_stmt *stmt = mpos_store_stmt (store, sql, error);
  char *owner = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  mpos_bind_text (stmt, key_name, key);
  if (other_text)
    mpos_bind_text (stmt, other_name, other_text);
  else
    mpos_bind_int64 (stmt, other_name, other_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    owner = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  else if (rc != SQLITE_DONE)
    mpos_store_fail (store, rc, "checking codes", error);
  sqlite3_reset (stmt);
  return owner;
}

static gboolean
check_plu_free (MposStore *store, const MposSkuRecord *r, GError **error)
{
  g_autofree char *owner = NULL;
  GError *local = NULL;

  if (r->plu == NULL)
    return TRUE;
  owner = lookup_owner (store, SQL_PLU_OWNER, ":plu", r->plu, ":code", r->sku_code, 0, &local);
  if (local)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  if (owner)
    return invalid (error, "plu %s already belongs to SKU %s", r->plu, owner);
  return TRUE;
}

static gboolean
upsert_sku_row (MposStore *store, const MposSkuRecord *r, int64_t product_id, int64_t *id,
                int64_t *stock, GError **error)
{
  sqlite3_stmt *stmt = mpos_store_stmt (store, SQL_SKU_UPSERT, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":code", r->sku_code);
  mpos_bind_int64 (stmt, ":product_id", product_id);
  mpos_bind_text (stmt, ":spec", r->spec ? r->spec : "");
  mpos_bind_text (stmt, ":plu", r->plu);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *id = sqlite3_column_int64 (stmt, 0);
      *stock = sqlite3_column_int64 (stmt, 1);
      rc = step_to_done (stmt);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return mpos_store_fail (store, rc, "saving a SKU", error);
  return TRUE;
}

static gboolean
insert_barcode (MposStore *store, int64_t sku_id, const char *code, GError **error)
{
  g_autofree char *owner = NULL;
  GError *local = NULL;
  sqlite3_stmt *stmt;

  owner = lookup_owner (store, SQL_BARCODE_OWNER, ":code", code, ":sku_id", NULL, sku_id, &local);
  if (local)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  if (owner)
    return invalid (error, "barcode %s already belongs to SKU %s", code, owner);
  stmt = mpos_store_stmt (store, SQL_BARCODE_INSERT, error);
  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":code", code);
  mpos_bind_int64 (stmt, ":sku_id", sku_id);
  return mpos_store_step_done (store, stmt, "saving a barcode", error);
}

static gboolean
replace_barcodes (MposStore *store, int64_t sku_id, const char *const *barcodes, GError **error)
{
  sqlite3_stmt *stmt = mpos_store_stmt (store, SQL_BARCODES_DELETE, error);

  if (stmt == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":sku_id", sku_id);
  if (!mpos_store_step_done (store, stmt, "replacing barcodes", error))
    return FALSE;
  for (guint i = 0; barcodes && barcodes[i]; i++)
    {
      MposBarcode parsed;
      /* Stored normalised: a UPC-A is found by its EAN-13 form. */
      if (!mpos_barcode_parse (barcodes[i], NULL, &parsed, NULL)
          || !insert_barcode (store, sku_id, parsed.code, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
mpos_catalog_upsert_sku (MposStore *store, const MposSkuRecord *record, int64_t now,
                         int64_t *sku_id_out, GError **error)
{
  int64_t category_id = 0, product_id = 0, sku_id = 0, stock = 0;

  /* Folded first, the SKU row's stock is its stock now: a count sets the difference. */
  if (!validate_record (record, error) || !check_plu_free (store, record, error)
      || (record->set_stock && !mpos_stock_fold (store, error))
      || !ensure_category (store, record->category_path, &category_id, error)
      || !upsert_product (store, record, category_id, &product_id, error)
      || !upsert_sku_row (store, record, product_id, &sku_id, &stock, error)
      || !replace_barcodes (store, sku_id, record->barcodes, error))
    return FALSE;
  if (record->set_stock && record->stock_qty != stock
      && !mpos_stock_move (store, sku_id, record->stock_qty - stock, "import", NULL, now, error))
    return FALSE;
  if (sku_id_out)
    *sku_id_out = sku_id;
  return TRUE;
}

static gboolean
price_row_exists (MposStore *store, int64_t sku_id, const char *level, MposMoney price,
                  int64_t from, int64_t to, gboolean *exists, GError **error)
{
  sqlite3_stmt *stmt = mpos_store_stmt (store, SQL_PRICE_SAME, error);
  int rc;

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
  rc = sqlite3_step (stmt);
  *exists = rc == SQLITE_ROW;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return mpos_store_fail (store, rc, "checking prices", error);
  return TRUE;
}

gboolean
mpos_catalog_add_price (MposStore *store, int64_t sku_id, const char *level_code, MposMoney price,
                        int64_t effective_from, int64_t effective_to, int64_t now, GError **error)
{
  sqlite3_stmt *stmt;
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
  stmt = mpos_store_stmt (store, SQL_PRICE_INSERT, error);
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
  return mpos_store_step_done (store, stmt, "saving a price", error);
}
