/* test-util.h — what the unit tests share, so each test file holds only what it
 * proves: temp stores (empty or with data/demo), the pinned clock, reads of the
 * tables, catalog fixtures, and carts, sales and returns with every step asserted. */
#pragma once

#include <gio/gio.h>
#include <glib.h>
#include <sqlite3.h>
#include "cart.h"
#include "catalog-import.h"
#include "catalog.h"
#include "sale.h"
#include "staff.h"
#include "store.h"
#include "test-dir.h"

G_BEGIN_DECLS

/* ---- temp stores and files ------------------------------------------------ */

typedef struct
{
  char *dir;
  char *path;
  MposStore *store;
} TestStore;

/* A new store in a fresh temp dir, identity S001/T01/Asia/Shanghai. */
TestStore *test_store_new (void);
/* The same, loaded with data/demo. */
TestStore *test_store_new_demo (void);
void test_store_free (TestStore *ts);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestStore, test_store_free)

/* Reopens the store (drops the connection and opens it again). */
void test_store_reopen (TestStore *ts);
/* Sets the identity of test_store_new () again, with a cash rounding step
 * and a scale layout (NULL: the default). */
void test_set_store_options (MposStore *store, int64_t cash_rounding_step,
                             const char *scale_layout);

/* A fresh temp dir; the caller removes it with test_remove_dir (). */
char *test_make_temp_dir (void);

/* A whole file as a string (aborts the test if it cannot be read). */
char *test_file_contents (const char *path, gsize *length);
/* A file of data/demo as a string (aborts the test if missing). */
char *test_demo_file (const char *name, gsize *length);
/* The file `name` of `dir` as a string, or NULL and `error` (the caller decides). */
char *test_read_dir_file (const char *dir, const char *name, gsize *length, GError **error);

/* Imports the members (levels), optionally the catalog, and the promotions of
 * the demo data in `dir`, as test_store_new_demo () does. */
gboolean test_load_demo (MposStore *store, const char *dir, gboolean with_catalog, GError **error);
/* Imports data/demo/catalog.csv, all or nothing, and asserts it went in.
 * `report` (initialised here) may be NULL. */
void test_import_demo_catalog (MposStore *store, MposImportReport *report);

/* Asserts `check` finds nothing wrong. */
void test_assert_consistent (MposStore *store);
/* The problems `check` finds (char*), asserting it could run. */
GPtrArray *test_check (MposStore *store);

/* The sentence `check` writes for a chained row changed after it was sealed
 * (src/row-chain.c): the row is `key` of `table`, named `name` ("sale
 * S001-…", "points ledger row 3"); `fields` says what changed ("field total"). */
char *test_chain_changed (MposStore *store, const char *table, const char *key, const char *name,
                          const char *fields);

/* ---- staff ------------------------------------------------------------- */

/* The approvers of the unit tests: manager 9001 (PIN TEST_MANAGER_PIN, may
 * do everything), supervisor 2001 (TEST_SUPERVISOR_PIN, the default
 * supervisor permissions) and cashier 1001 (TEST_CASHIER_PIN). */
#define TEST_MANAGER_PIN "135790"
#define TEST_SUPERVISOR_PIN "246801"
#define TEST_CASHIER_PIN "1111"

/* Adds them to the store when it has no staff 9001 yet (the PIN hashes are
 * made once per test program), and returns the manager's credential. */
const MposStaffCredential *test_manager (MposStore *store);
/* The same for the supervisor. */
const MposStaffCredential *test_supervisor (MposStore *store);
/* Supervisor 2001 signs on to the cart (its price overrides, discounts). */
void test_cart_approve (MposCart *cart);

/* ---- waiting for an async call ------------------------------------------- */

/* A GAsyncReadyCallback that keeps a ref of the result in *(GAsyncResult **)data. */
void test_keep_result (GObject *source, GAsyncResult *result, gpointer data);
/* Runs the default main context until *slot holds a result; returns it. */
GAsyncResult *test_wait_result (GAsyncResult **slot);

/* ---- the pinned clock ---------------------------------------------------- */

/* The instant the tests pin MALLPOS_NOW to. */
#define TEST_NOW_ISO "2026-11-23T10:00:00+08:00"

/* An ISO 8601 time in Unix seconds (asserts it parses). */
int64_t test_time (const char *iso8601);
/* TEST_NOW_ISO in Unix seconds (1795399200). */
int64_t test_pinned_now (void);
/* Pins MALLPOS_NOW, the time commits, receipt numbers and imports go by. */
void test_pin_now (const char *iso8601);

/* ---- reading and writing the tables ------------------------------------- */

/* Runs `sql` on the store's connection (a tampering, a fault to inject, …). */
void test_exec (MposStore *store, const char *sql);

/* A raw connection to the file at `path` (created if missing), as another
 * program or another mallposctl would have; the caller closes it. */
sqlite3 *test_db_open (const char *path);
/* Runs `sql` on a raw connection; aborts the test with SQLite's message if it fails. */
void test_db_exec (sqlite3 *db, const char *sql);
/* The first column of the first row of `sql` (asserts there is a row). */
int64_t test_db_int (sqlite3 *db, const char *sql);
char *test_db_text (sqlite3 *db, const char *sql);
/* The same on the store's own connection. */
int64_t test_query_int (MposStore *store, const char *sql);
char *test_query_text (MposStore *store, const char *sql);
/* SELECT count(*) FROM `table`. */
int64_t test_count_rows (MposStore *store, const char *table);
/* The stock_qty column of a SKU, read from the table. */
/* Stock now (src/stock.h: folded sum plus pending movements). */
int64_t test_stock_of (MposStore *store, const char *sku_code);
int64_t test_sku_stock (MposStore *store, const MposSku *sku);
/* "item=value …" for each item, a table name (its row count) or a SELECT
 * (its value): equal snapshots before and after show nothing was written. */
char *test_snapshot (MposStore *store, const char *item, ...) G_GNUC_NULL_TERMINATED;

/* ---- catalog, members and promotions ------------------------------------- */

/* One SKU of product "P<code>" with a list price from the start of time;
 * `spec` and `plu` may be NULL. */
typedef struct
{
  const char *code;
  const char *name;
  const char *spec;
  const char *category;
  MposUnit unit;
  int tax_rate_bp;
  MposMoney price;
  int64_t stock;
  const char *plu;
} TestSku;

/* Adds `sku` and its price in one transaction at the pinned now; returns its id. */
int64_t test_add_sku_full (MposStore *store, const TestSku *sku);
void test_add_skus (MposStore *store, const TestSku *skus, gsize n);
/* A piece SKU at 13% VAT with 500 in stock. */
int64_t test_add_sku (MposStore *store, const char *code, const char *name, const char *category,
                      MposMoney price);
/* Upserts `record` in its own transaction, as an import does; returns its id. */
int64_t test_upsert_sku (MposStore *store, const MposSkuRecord *record, int64_t now);
/* Adds a price (`level` NULL: the list price) for [from, to), 0 meaning open. */
void test_add_price (MposStore *store, int64_t sku_id, const char *level, MposMoney price,
                     int64_t from, int64_t to);
MposSku *test_find_sku (MposStore *store, const char *code);
/* The price of a SKU for `level` (NULL: none) at `when`. */
MposSkuPrice test_price_at (MposStore *store, int64_t sku_id, const char *level, int64_t when);
/* A GS1 code: 12 digits and their check digit. */
char *test_with_check_digit (const char *twelve);

/* Imports a members document (levels and members). */
void test_import_members (MposStore *store, const char *json);
/* Imports one promotion, given as the body of its JSON object (no braces). */
void test_add_promotion (MposStore *store, const char *body);

/* ---- carts --------------------------------------------------------------- */

/* A cart priced at `now`, with no cashier. */
MposCart *test_cart_new_at (MposStore *store, int64_t now);
/* A cart at the store clock (MALLPOS_NOW), rung up by cashier 1001. */
MposCart *test_cart_new (MposStore *store);
/* data/demo/sale.json as a cart priced at `now`. */
MposCart *test_cart_new_demo (MposStore *store, int64_t now);
MposCartLine *test_cart_add_sku (MposCart *cart, const char *sku, int64_t qty);
/* Adds a tender: cash as it is, a mobile payment confirmed "cashier-confirmed",
 * anything else confirmed by "cashier". */
void test_cart_pay (MposCart *cart, MposTenderType type, MposMoney amount, const char *reference);

const MposAdjustment *test_adjustment (const MposCartLine *line, guint index);
void test_assert_adjustment (const MposCartLine *line, guint index, MposAdjustmentKind kind,
                             const char *source, MposMoney amount);
/* The sum of a line's adjustments of one kind. */
MposMoney test_sum_adjustments (const MposCartLine *line, MposAdjustmentKind kind);
/* The invariant every priced cart keeps: net == gross + Σ adjustments (none
 * of them 0) for each line, the total is the sum of nets, the subtotal the
 * sum of gross and the tax total the sum of line taxes. */
void test_assert_cart_adds_up (MposCart *cart);

/* ---- sales and returns --------------------------------------------------- */

void test_commit_sale (MposCart *cart, MposSaleResult *result);
/* Commits data/demo/sale.json (7 lines, 152.55, cash 200.00) at the store clock. */
void test_commit_demo_sale (MposStore *store, MposSaleResult *result);
MposSaleRecord *test_sale_load (MposStore *store, const char *receipt_no);
const MposSaleLine *test_sale_line_at (const MposSaleRecord *record, guint index);
const MposSaleTender *test_sale_tender_at (const MposSaleRecord *record, guint index);

/* Returns `lines` (NULL: all that remains) of a sale, by cashier 1001 with no reason. */
void test_return_sale (MposStore *store, const char *receipt_no, GArray *lines,
                       MposSaleResult *result);
/* The same return is refused with MPOS_SALE_ERROR `code`. */
void test_assert_return_refused (MposStore *store, const char *receipt_no, GArray *lines, int code);

/* A return request for `qty` (0: all) of line `line_no`, and one more line of it. */
GArray *test_return_request_new (int line_no, int64_t qty);
void test_return_request_add (GArray *lines, int line_no, int64_t qty);

G_END_DECLS
