/* test-util.c — temp stores with or without the demo data, and the helpers
 * the unit tests share to fill a store, ring up carts, commit sales and read
 * the tables back. Each asserts every step, so a test reads as what it proves. */
#include "core.h"
#include "test-util.h"

#include <sys/stat.h>
#include "cart-json.h"
#include "clock.h"
#include "integrity.h"
#include "member.h"
#include "promotion.h"
#include "stock.h"
#include "store-private.h"

#include <sodium.h>

#include <glib/gstdio.h>
#include <stdarg.h>
#include <string.h>

/* ---- temp stores and files ------------------------------------------------ */

static const char *
demo_dir (void)
{
  const char *dir = g_getenv ("MALLPOS_DEMO_DIR");

  g_assert_nonnull (dir);
  return dir;
}

char *
test_file_contents (const char *path, gsize *length)
{
  g_autoptr (GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, length, &error);
  g_assert_no_error (error);
  return contents;
}

char *
test_demo_file (const char *name, gsize *length)
{
  g_autofree char *path = g_build_filename (demo_dir (), name, NULL);

  return test_file_contents (path, length);
}

char *
test_make_temp_dir (void)
{
  g_autoptr (GError) error = NULL;
  char *dir;

  /* Files a test makes by hand (a copy, garbage) are private like a store:
   * the store refuses a file other users can read. */
  umask (077);
  dir = g_dir_make_tmp ("mallpos-test-XXXXXX", &error);
  g_assert_no_error (error);
  return dir;
}

/* The identity every test store starts with. */
static const MposStoreIdentity default_identity = {
  .store_code = "S001",
  .terminal_code = "T01",
  .time_zone = "Asia/Shanghai",
  .store_name = "惠民会员超市",
  .business_day_cutoff_hour = 4,
};

TestStore *
test_store_new (void)
{
  TestStore *ts = g_new0 (TestStore, 1);
  g_autoptr (GError) error = NULL;
  MposStoreOptions options = { TRUE, 200 };
  MposStoreIdentity identity = default_identity;

  ts->dir = test_make_temp_dir ();
  ts->path = g_build_filename (ts->dir, "store.db", NULL);
  mpos_core_init ();
  ts->store = mpos_store_open (ts->path, &options, &error);
  g_assert_no_error (error);
  /* A training store (练习模式): only it goes by the pinned MALLPOS_NOW. */
  mpos_store_make_training (ts->store, test_pinned_now (), &error);
  g_assert_no_error (error);
  mpos_store_set_identity (ts->store, &identity, &error);
  g_assert_no_error (error);
  /* No sale without a shift: every test store sells from one, float 0,
   * put there as a row (as ensure_staff puts staff) so that no journal
   * entry, audit row, counter or business day of the tests moves
   * (test-shift.c closes it, and opens others, through the core). */
  test_exec (ts->store, "INSERT INTO shifts (id, shift_no, status, business_day, opened_by, "
                        "opened_at, opening_float) VALUES ('00000000-0000-7000-8000-000000000000', "
                        "'TEST-H0000', 'open', '00000000', '1001', 0, 0)");
  return ts;
}

char *
test_read_dir_file (const char *dir, const char *name, gsize *length, GError **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  char *contents = NULL;

  if (!g_file_get_contents (path, &contents, length, error))
    return NULL;
  return contents;
}

gboolean
test_load_demo (MposStore *store, const char *dir, gboolean with_catalog, GError **error)
{
  gsize length = 0;
  g_autofree char *members = test_read_dir_file (dir, "members.json", &length, error);
  g_autofree char *promotions = NULL;

  if (members == NULL || !mpos_member_import_json (store, members, length, NULL, error))
    return FALSE;
  if (with_catalog)
    {
      g_auto (MposImportReport) report = { 0 };
      g_autofree char *catalog = test_read_dir_file (dir, "catalog.csv", &length, error);

      if (catalog == NULL)
        return FALSE;
      mpos_import_report_init (&report);
      if (!mpos_import_csv (store, MPOS_IMPORT_CATALOG, catalog, length, MPOS_IMPORT_ALL_OR_NOTHING,
                            &report, error))
        return FALSE;
    }
  promotions = test_read_dir_file (dir, "promotions.json", &length, error);
  return promotions != NULL && mpos_promotions_import_json (store, promotions, length, NULL, error);
}

TestStore *
test_store_new_demo (void)
{
  TestStore *ts = test_store_new ();
  g_autoptr (GError) error = NULL;

  test_load_demo (ts->store, demo_dir (), TRUE, &error);
  g_assert_no_error (error);
  return ts;
}

void
test_import_demo_catalog (MposStore *store, MposImportReport *report)
{
  g_autoptr (GError) error = NULL;
  g_auto (MposImportReport) own = { 0 };
  gsize length = 0;
  g_autofree char *catalog = test_demo_file ("catalog.csv", &length);

  if (report == NULL)
    report = &own;
  mpos_import_report_init (report);
  g_assert_true (mpos_import_csv (store, MPOS_IMPORT_CATALOG, catalog, length,
                                  MPOS_IMPORT_ALL_OR_NOTHING, report, &error));
  g_assert_no_error (error);
}

void
test_store_free (TestStore *ts)
{
  if (ts == NULL)
    return;
  mpos_store_close (ts->store);
  test_remove_dir (ts->dir);
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
  mpos_core_init ();
  ts->store = mpos_store_open (ts->path, &options, &error);
  g_assert_no_error (error);
}

void
test_set_store_options (MposStore *store, int64_t cash_rounding_step, const char *scale_layout)
{
  g_autoptr (GError) error = NULL;
  MposStoreIdentity identity = default_identity;

  identity.cash_rounding_step = cash_rounding_step;
  mpos_scale_layout_init_default (&identity.scale_layout);
  if (scale_layout)
    {
      mpos_scale_layout_parse (scale_layout, &identity.scale_layout, &error);
      g_assert_no_error (error);
    }
  mpos_store_set_identity (store, &identity, &error);
  g_assert_no_error (error);
}

GPtrArray *
test_check (MposStore *store)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *problems = g_ptr_array_new_with_free_func (g_free);

  g_assert_true (mpos_integrity_check (store, problems, &error));
  g_assert_no_error (error);
  return problems;
}

void
test_assert_consistent (MposStore *store)
{
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;

  mpos_integrity_check (store, problems, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < problems->len; i++)
    g_printerr ("integrity: %s\n", (const char *)g_ptr_array_index (problems, i));
  g_assert_cmpuint (problems->len, ==, 0);
}

char *
test_chain_changed (MposStore *store, const char *table, const char *key, const char *name,
                    const char *fields)
{
  g_autofree char *sql = g_strdup_printf ("SELECT max (seq) FROM row_chain WHERE tbl = '%s' "
                                          "AND CAST (row_key AS TEXT) = '%s'",
                                          table, key);

  return g_strdup_printf ("%s was changed after it was written (%s; hash chain link %" G_GINT64_FORMAT
                          "): the store is damaged or was edited; restore it from a backup",
                          name, fields, test_query_int (store, sql));
}

/* ---- waiting for an async call ------------------------------------------- */

void
test_keep_result (GObject *source, GAsyncResult *result, gpointer data)
{
  (void)source;
  *(GAsyncResult **)data = g_object_ref (result);
}

GAsyncResult *
test_wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

/* ---- the pinned clock ---------------------------------------------------- */

int64_t
test_time (const char *iso8601)
{
  int64_t t = 0;

  g_assert_true (mpos_clock_parse_iso8601 (iso8601, &t));
  return t;
}

int64_t
test_pinned_now (void)
{
  return test_time (TEST_NOW_ISO);
}

void
test_pin_now (const char *iso8601)
{
  g_setenv ("MALLPOS_NOW", iso8601, TRUE);
}

/* ---- reading and writing the tables ------------------------------------- */

void
test_exec (MposStore *store, const char *sql)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (mpos_store_exec (store, sql, &error));
  g_assert_no_error (error);
}

sqlite3 *
test_db_open (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL),
                   ==, SQLITE_OK);
  return db;
}

void
test_db_exec (sqlite3 *db, const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/* Prepares `sql` and steps to its first row. */
static sqlite3_stmt *
first_row (sqlite3 *db, const char *sql)
{
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return stmt;
}

int64_t
test_db_int (sqlite3 *db, const char *sql)
{
  sqlite3_stmt *stmt = first_row (db, sql);
  int64_t value = sqlite3_column_int64 (stmt, 0);

  sqlite3_finalize (stmt);
  return value;
}

char *
test_db_text (sqlite3 *db, const char *sql)
{
  sqlite3_stmt *stmt = first_row (db, sql);
  char *value = g_strdup ((const char *)sqlite3_column_text (stmt, 0));

  sqlite3_finalize (stmt);
  return value;
}

int64_t
test_query_int (MposStore *store, const char *sql)
{
  return test_db_int (mpos_store_db (store), sql);
}

char *
test_query_text (MposStore *store, const char *sql)
{
  return test_db_text (mpos_store_db (store), sql);
}

int64_t
test_count_rows (MposStore *store, const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", table);

  return test_query_int (store, sql);
}

int64_t
test_stock_of (MposStore *store, const char *sku_code)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM skus WHERE code = '%s'", sku_code);
  g_autoptr (GError) error = NULL;
  int64_t qty = 0;

  g_assert_true (mpos_stock_of (store, test_query_int (store, sql), &qty, &error));
  g_assert_no_error (error);
  return qty;
}

int64_t
test_sku_stock (MposStore *store, const MposSku *sku)
{
  g_autoptr (GError) error = NULL;
  int64_t qty = 0;

  g_assert_true (mpos_stock_of (store, sku->sku_id, &qty, &error));
  g_assert_no_error (error);
  return qty;
}

char *
test_snapshot (MposStore *store, const char *item, ...)
{
  g_autoptr (GString) out = g_string_new (NULL);
  va_list args;

  va_start (args, item);
  for (; item != NULL; item = va_arg (args, const char *))
    {
      int64_t value = g_str_has_prefix (item, "SELECT ") ? test_query_int (store, item)
                                                         : test_count_rows (store, item);

      g_string_append_printf (out, "%s%s=%" G_GINT64_FORMAT, out->len ? " " : "", item, value);
    }
  va_end (args);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ---- catalog, members and promotions ------------------------------------- */

int64_t
test_add_sku_full (MposStore *store, const TestSku *sku)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *product = g_strconcat ("P", sku->code, NULL);
  MposSkuRecord r = { 0 };
  int64_t id = 0;

  r.sku_code = sku->code;
  r.product_code = product;
  r.name = sku->name;
  r.spec = sku->spec;
  r.category_path = sku->category;
  r.unit = sku->unit;
  r.tax_rate_bp = sku->tax_rate_bp;
  r.plu = sku->plu;
  r.set_stock = TRUE;
  r.stock_qty = sku->stock;
  g_assert_true (mpos_store_begin (store, &error));
  g_assert_true (mpos_catalog_upsert_sku (store, &r, test_pinned_now (), &id, &error));
  g_assert_no_error (error);
  g_assert_true (
      mpos_catalog_add_price (store, id, NULL, sku->price, 0, 0, test_pinned_now (), &error));
  g_assert_no_error (error);
  g_assert_true (mpos_store_commit (store, &error));
  g_assert_no_error (error);
  return id;
}

void
test_add_skus (MposStore *store, const TestSku *skus, gsize n)
{
  for (gsize i = 0; i < n; i++)
    test_add_sku_full (store, &skus[i]);
}

int64_t
test_add_sku (MposStore *store, const char *code, const char *name, const char *category,
              MposMoney price)
{
  TestSku sku = { code, name, NULL, category, MPOS_UNIT_PIECE, 1300, price, 500, NULL };

  return test_add_sku_full (store, &sku);
}

int64_t
test_upsert_sku (MposStore *store, const MposSkuRecord *record, int64_t now)
{
  g_autoptr (GError) error = NULL;
  int64_t sku_id = 0;

  g_assert_true (mpos_store_begin (store, &error));
  mpos_catalog_upsert_sku (store, record, now, &sku_id, &error);
  g_assert_no_error (error);
  g_assert_true (mpos_store_commit (store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sku_id, >, 0);
  return sku_id;
}

void
test_add_price (MposStore *store, int64_t sku_id, const char *level, MposMoney price, int64_t from,
                int64_t to)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (
      mpos_catalog_add_price (store, sku_id, level, price, from, to, test_pinned_now (), &error));
  g_assert_no_error (error);
}

MposSku *
test_find_sku (MposStore *store, const char *code)
{
  g_autoptr (GError) error = NULL;
  MposSku *sku = mpos_catalog_find_sku (store, code, &error);

  g_assert_no_error (error);
  g_assert_nonnull (sku);
  return sku;
}

MposSkuPrice
test_price_at (MposStore *store, int64_t sku_id, const char *level, int64_t when)
{
  g_autoptr (GError) error = NULL;
  MposSkuPrice price;

  g_assert_true (mpos_catalog_price (store, sku_id, level, when, &price, &error));
  g_assert_no_error (error);
  return price;
}

char *
test_with_check_digit (const char *twelve)
{
  int check = mpos_barcode_gs1_check_digit (twelve, 12);

  g_assert_cmpint (check, >=, 0);
  return g_strdup_printf ("%s%d", twelve, check);
}

void
test_import_members (MposStore *store, const char *json)
{
  g_autoptr (GError) error = NULL;

  mpos_member_import_json (store, json, strlen (json), NULL, &error);
  g_assert_no_error (error);
}

void
test_add_promotion (MposStore *store, const char *body)
{
  g_autofree char *doc = g_strdup_printf ("{\"promotions\":[{%s}]}", body);
  g_autoptr (GError) error = NULL;

  mpos_promotions_import_json (store, doc, strlen (doc), NULL, &error);
  g_assert_no_error (error);
}

/* ---- carts --------------------------------------------------------------- */

MposCart *
test_cart_new_at (MposStore *store, int64_t now)
{
  g_autoptr (GError) error = NULL;
  MposCart *cart = mpos_cart_new (store, now, &error);

  g_assert_no_error (error);
  g_assert_nonnull (cart);
  return cart;
}

MposCart *
test_cart_new (MposStore *store)
{
  MposCart *cart = test_cart_new_at (store, mpos_clock_now ());

  mpos_cart_set_cashier (cart, "1001");
  return cart;
}

MposCart *
test_cart_new_demo (MposStore *store, int64_t now)
{
  g_autoptr (GError) error = NULL;
  gsize length = 0;
  g_autofree char *doc = test_demo_file ("sale.json", &length);
  MposCart *cart = mpos_cart_from_json (store, doc, length, now, &error);

  g_assert_no_error (error);
  g_assert_nonnull (cart);
  return cart;
}

MposCartLine *
test_cart_add_sku (MposCart *cart, const char *sku, int64_t qty)
{
  g_autoptr (GError) error = NULL;
  MposCartLine *line = mpos_cart_add_sku (cart, sku, qty, &error);

  g_assert_no_error (error);
  g_assert_nonnull (line);
  return line;
}

void
test_cart_pay (MposCart *cart, MposTenderType type, MposMoney amount, const char *reference)
{
  g_autoptr (GError) error = NULL;
  const char *confirmed_by = type == MPOS_TENDER_CASH     ? NULL
                             : type == MPOS_TENDER_MOBILE ? "cashier-confirmed"
                                                          : "cashier";
  g_autoptr (MposTender) tender = mpos_tender_new (type, amount, reference, confirmed_by);

  g_assert_true (mpos_cart_add_tender (cart, tender, &error));
  g_assert_no_error (error);
}

const MposAdjustment *
test_adjustment (const MposCartLine *line, guint index)
{
  g_assert_cmpuint (index, <, line->adjustments->len);
  return g_ptr_array_index (line->adjustments, index);
}

void
test_assert_adjustment (const MposCartLine *line, guint index, MposAdjustmentKind kind,
                        const char *source, MposMoney amount)
{
  const MposAdjustment *adj = test_adjustment (line, index);

  g_assert_cmpint (adj->kind, ==, kind);
  g_assert_cmpstr (adj->source, ==, source);
  g_assert_cmpint (adj->amount, ==, amount);
}

MposMoney
test_sum_adjustments (const MposCartLine *line, MposAdjustmentKind kind)
{
  MposMoney sum = 0;

  for (guint k = 0; k < line->adjustments->len; k++)
    if (test_adjustment (line, k)->kind == kind)
      sum += test_adjustment (line, k)->amount;
  return sum;
}

void
test_assert_cart_adds_up (MposCart *cart)
{
  GPtrArray *lines = mpos_cart_get_lines (cart);
  MposMoney gross = 0, net = 0, tax = 0;

  for (guint i = 0; i < lines->len; i++)
    {
      const MposCartLine *line = g_ptr_array_index (lines, i);
      MposMoney sum = line->gross;

      for (guint k = 0; k < line->adjustments->len; k++)
        {
          g_assert_cmpint (test_adjustment (line, k)->amount, !=, 0);
          sum += test_adjustment (line, k)->amount;
        }
      g_assert_cmpint (line->net, ==, sum);
      g_assert_cmpint (line->net, >=, 0);
      gross += line->gross;
      net += line->net;
      tax += line->tax;
    }
  g_assert_cmpint (mpos_cart_subtotal (cart), ==, gross);
  g_assert_cmpint (mpos_cart_total (cart), ==, net);
  g_assert_cmpint (mpos_cart_tax_total (cart), ==, tax);
}

/* ---- sales and returns --------------------------------------------------- */

void
test_commit_sale (MposCart *cart, MposSaleResult *result)
{
  g_autoptr (GError) error = NULL;

  gboolean ok = mpos_sale_commit (cart, result, &error);

  g_assert_no_error (error);
  g_assert_true (ok);
}

void
test_commit_demo_sale (MposStore *store, MposSaleResult *result)
{
  g_autoptr (MposCart) cart = test_cart_new_demo (store, mpos_clock_now ());

  test_commit_sale (cart, result);
}

MposSaleRecord *
test_sale_load (MposStore *store, const char *receipt_no)
{
  g_autoptr (GError) error = NULL;
  MposSaleRecord *record = mpos_sale_load (store, receipt_no, &error);

  g_assert_no_error (error);
  g_assert_nonnull (record);
  return record;
}

const MposSaleLine *
test_sale_line_at (const MposSaleRecord *record, guint index)
{
  g_assert_cmpuint (index, <, record->lines->len);
  return g_ptr_array_index (record->lines, index);
}

const MposSaleTender *
test_sale_tender_at (const MposSaleRecord *record, guint index)
{
  g_assert_cmpuint (index, <, record->tenders->len);
  return g_ptr_array_index (record->tenders, index);
}

void
test_return_sale (MposStore *store, const char *receipt_no, GArray *lines, MposSaleResult *result)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (mpos_sale_return (store, receipt_no, lines, "1001", NULL, result, &error));
  g_assert_no_error (error);
}

void
test_assert_return_refused (MposStore *store, const char *receipt_no, GArray *lines, int code)
{
  g_autoptr (GError) error = NULL;
  MposSaleResult result;

  g_assert_false (mpos_sale_return (store, receipt_no, lines, "1001", NULL, &result, &error));
  g_assert_error (error, MPOS_SALE_ERROR, code);
}

GArray *
test_return_request_new (int line_no, int64_t qty)
{
  GArray *lines = g_array_new (FALSE, TRUE, sizeof (MposReturnRequest));

  test_return_request_add (lines, line_no, qty);
  return lines;
}

void
test_return_request_add (GArray *lines, int line_no, int64_t qty)
{
  MposReturnRequest req = { line_no, qty };

  g_array_append_val (lines, req);
}

/* ---- staff ------------------------------------------------------------- */

/* With argon2id's least cost: a verify reads the cost from the hash, so
 * the tests' many approvals take microseconds. The staff the core adds
 * itself are hashed with the interactive limits (test-staff.c). */
static char *
hash_once (const char *pin)
{
  char hash[crypto_pwhash_STRBYTES];

  g_assert_cmpint (sodium_init (), >=, 0);
  g_assert_cmpint (crypto_pwhash_str_alg (hash, pin, strlen (pin), crypto_pwhash_OPSLIMIT_MIN,
                                          crypto_pwhash_MEMLIMIT_MIN, crypto_pwhash_ALG_ARGON2ID13),
                   ==, 0);
  return g_strdup (hash);
}

static void
ensure_staff (MposStore *store)
{
  static char *manager_hash, *supervisor_hash, *cashier_hash;
  g_autofree char *sql = NULL;

  if (test_query_int (store, "SELECT count(*) FROM staff WHERE number = '9001'") > 0)
    return;
  if (manager_hash == NULL)
    {
      manager_hash = hash_once (TEST_MANAGER_PIN);
      supervisor_hash = hash_once (TEST_SUPERVISOR_PIN);
      cashier_hash = hash_once (TEST_CASHIER_PIN);
    }
  sql = g_strdup_printf ("INSERT INTO staff (number, name, role, pin_hash, created_at, updated_at) "
                         "VALUES ('9001', '王经理', 'manager', '%s', 0, 0), "
                         "('2001', '李主管', 'supervisor', '%s', 0, 0), "
                         "('1001', '张三', 'cashier', '%s', 0, 0)",
                         manager_hash, supervisor_hash, cashier_hash);
  test_exec (store, sql);
}

const MposStaffCredential *
test_manager (MposStore *store)
{
  static const MposStaffCredential manager = { "9001", TEST_MANAGER_PIN, NULL };

  ensure_staff (store);
  return &manager;
}

const MposStaffCredential *
test_supervisor (MposStore *store)
{
  static const MposStaffCredential supervisor = { "2001", TEST_SUPERVISOR_PIN, NULL };

  ensure_staff (store);
  return &supervisor;
}

void
test_cart_approve (MposCart *cart)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (mpos_cart_approve (cart, test_supervisor (mpos_cart_get_store (cart)), &error));
  g_assert_no_error (error);
}
