/* bench-scan.c — DESIGN.md target "barcode → priced cart line, 1,000,000
 * SKUs: < 50 µs median in the core". Builds a large synthetic catalog in a
 * temp store, then times mpos_cart_add_code on realistic carts against a bare
 * prepared SQLite barcode lookup on the same store, in the same run. */
#include "bench-catalog.h"
#include "cart.h"
#include "catalog.h"
#include "clock.h"
#include "store-private.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_SKUS 1000000
#define DEFAULT_LOOKUPS 100000
#define WARMUP_LOOKUPS 5000
#define LINES_PER_CART 50
#define TARGET_MEDIAN_US 50.0
#define MEMBER_CARD "8800000000017" /* 张伟, gold, from the demo members */
/* Prices and promotions are decided at a fixed time inside the demo
 * promotions' window, so every run prices the same way. */
#define PRICING_TIME "2026-11-23T10:00:00+08:00"

static guint
count_rows (MposStore *store, MposSql *sql)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, sql, NULL);
  guint count = 0;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    count = (guint)sqlite3_column_int64 (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);
  return count;
}

/* ---- what is scanned --------------------------------------------------------- */

typedef char Code[14]; /* an EAN-13 or scale label and its NUL */

/* Random SKUs, 1 in 200 weighed (a scale label with a random weight); piece
 * goods with two barcodes are scanned by either. */
static Code *
make_scan_codes (uint64_t n_skus, guint count, GRand *rand)
{
  Code *codes = g_new (Code, count);

  for (guint k = 0; k < count; k++)
    {
      uint64_t i = (uint64_t)g_rand_double_range (rand, 0, (double)n_skus);
      bench_catalog_scan_code (&bench_catalog_default, i, rand, codes[k]);
    }
  return codes;
}

/* Random piece goods' barcodes: what the bare SQLite lookup reads. */
static Code *
make_barcode_codes (uint64_t n_skus, guint count, GRand *rand)
{
  Code *codes = g_new (Code, count);

  for (guint k = 0; k < count; k++)
    {
      uint64_t i;
      do
        i = (uint64_t)g_rand_double_range (rand, 0, (double)n_skus);
      while (bench_catalog_is_weighed (&bench_catalog_default, i));
      bench_catalog_barcode (&bench_catalog_default, i, codes[k]);
    }
  return codes;
}

/* ---- timing ------------------------------------------------------------------ */

static MposCart *
fresh_cart (MposStore *store, int64_t now, gboolean with_member, GError **error)
{
  g_autoptr (MposCart) cart = mpos_cart_new (store, now, error);

  if (cart == NULL)
    return NULL;
  mpos_cart_set_cashier (cart, "1001");
  if (with_member && !mpos_cart_set_member (cart, MEMBER_CARD, error))
    return NULL;
  return g_steal_pointer (&cart);
}

/* Times each mpos_cart_add_code; a fresh cart (made outside the timed part)
 * every LINES_PER_CART lines keeps carts the size of real ones. */
static gboolean
time_scans (MposStore *store, Code *codes, guint count, int64_t now, gboolean with_member,
            GArray *samples, GError **error)
{
  g_autoptr (MposCart) cart = NULL;

  for (guint k = 0; k < count; k++)
    {
      MposCartLine *line;
      int64_t t0, t1;

      if (cart == NULL || mpos_cart_get_lines (cart)->len >= LINES_PER_CART)
        {
          g_clear_pointer (&cart, mpos_cart_free);
          cart = fresh_cart (store, now, with_member, error);
          if (cart == NULL)
            return FALSE;
        }
      t0 = bench_now_ns ();
      line = mpos_cart_add_code (cart, codes[k], 0, error);
      t1 = bench_now_ns ();
      if (line == NULL)
        {
          g_prefix_error (error, "scanning %s: ", codes[k]);
          return FALSE;
        }
      if (samples != NULL)
        {
          int64_t ns = t1 - t0;
          g_array_append_val (samples, ns);
        }
    }
  return TRUE;
}

/* The floor: one prepared statement, one B-tree probe, same connection and cache. */
static gboolean
time_bare_lookups (MposStore *store, Code *codes, guint count, GArray *samples, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v3 (mpos_store_db (store), "SELECT sku_id FROM barcodes WHERE code = ?",
                               -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  int64_t found = 0;

  if (rc != SQLITE_OK)
    return mpos_store_fail (store, rc, "preparing the bare lookup", error);
  for (guint k = 0; k < count; k++)
    {
      int64_t t0 = bench_now_ns (), t1;

      sqlite3_bind_text (stmt, 1, codes[k], 13, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        found += sqlite3_column_int64 (stmt, 0) > 0;
      sqlite3_reset (stmt);
      t1 = bench_now_ns ();
      if (samples != NULL)
        {
          int64_t ns = t1 - t0;
          g_array_append_val (samples, ns);
        }
    }
  sqlite3_finalize (stmt);
  if (found != count)
    {
      g_set_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_FAILED,
                   "bare lookup found %" G_GINT64_FORMAT " of %u barcodes", found, count);
      return FALSE;
    }
  return TRUE;
}

/* ---- main ---------------------------------------------------------------------- */

typedef struct
{
  gint64 skus;
  gint lookups;
  char *demo_dir;
  char *store_path;
  gboolean no_member;
} Options;

static gboolean
parse_options (int *argc, char ***argv, Options *o, GError **error)
{
  GOptionEntry entries[] = {
    { "skus", 'n', 0, G_OPTION_ARG_INT64, &o->skus,
      "SKUs in the catalog (default $MALLPOS_BENCH_SKUS or 1000000)", "N" },
    { "lookups", 'l', 0, G_OPTION_ARG_INT, &o->lookups, "timed scans (default 100000)", "N" },
    { "demo-dir", 'd', 0, G_OPTION_ARG_FILENAME, &o->demo_dir,
      "demo data (relative to the source root; default $MALLPOS_DEMO_DIR)", "DIR" },
    { "store", 's', 0, G_OPTION_ARG_FILENAME, &o->store_path,
      "keep the catalog in this store and reuse it when it already has N SKUs", "PATH" },
    { "no-member", 0, 0, G_OPTION_ARG_NONE, &o->no_member, "scan without a member on the cart",
      NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("- time barcode -> priced cart line");

  o->skus = (gint64)bench_env_count ("MALLPOS_BENCH_SKUS", DEFAULT_SKUS);
  o->lookups = DEFAULT_LOOKUPS;
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, argc, argv, error))
    return FALSE;
  /* A bare positional number is the SKU count (`bench-scan 10000`). */
  if (*argc > 1 && !g_ascii_string_to_signed ((*argv)[1], 10, 1, G_MAXINT32, &o->skus, error))
    return FALSE;
  if (o->skus < 1 || o->lookups < 1)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "counts must be positive");
      return FALSE;
    }
  return TRUE;
}

static MposSql SQL_PREPARE_STORE
    = MPOS_SQL ("bench-scan: prepare store", "SELECT count(*) FROM skus WHERE plu IS NOT NULL");

static MposSql SQL_PREPARE_STORE_4
    = MPOS_SQL ("bench-scan: prepare store", "SELECT count(*) FROM categories");

static MposSql SQL_PREPARE_STORE_2
    = MPOS_SQL ("bench-scan: prepare store",
                "SELECT count(DISTINCT sku_id) FROM prices WHERE level_code IS NOT NULL");

static MposSql SQL_PREPARE_STORE_3
    = MPOS_SQL ("bench-scan: prepare store", "SELECT count(*) FROM barcodes");

static BenchStore *
prepare_store (const Options *o, int64_t now, BenchCatalogInfo *info, GError **error)
{
  g_autoptr (BenchStore) bs
      = o->store_path ? bench_store_open (o->store_path, error) : bench_store_new (error);
  int64_t existing;

  if (bs == NULL)
    return NULL;
  existing = mpos_catalog_sku_count (bs->store);
  if (existing == o->skus)
    {
      info->n_skus = (guint64)existing;
      info->method = "reused from --store";
      info->n_weighed = count_rows (bs->store, &SQL_PREPARE_STORE);
      info->n_member_prices = count_rows (bs->store, &SQL_PREPARE_STORE_2);
      info->n_barcodes = count_rows (bs->store, &SQL_PREPARE_STORE_3);
    }
  else if (existing != 0)
    {
      g_set_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_FAILED,
                   "%s already holds %" G_GINT64_FORMAT " SKUs, not %" G_GINT64_FORMAT, bs->path,
                   existing, o->skus);
      return NULL;
    }
  else if (!bench_load_demo (bs->store, o->demo_dir, FALSE, error)
           || !bench_catalog_build (bs->store, &bench_catalog_default, (uint64_t)o->skus, now,
                                   info, error))
    return NULL;
  info->n_categories = count_rows (bs->store, &SQL_PREPARE_STORE_4);
  /* Scan against a freshly opened store, as a terminal does after start-up. */
  if (!bench_store_reopen (bs, error))
    return NULL;
  return g_steal_pointer (&bs);
}

static int
run (const Options *o, GError **error)
{
  g_autoptr (BenchStore) bs = NULL;
  g_autoptr (GRand) rand = g_rand_new_with_seed (20261123);
  g_autoptr (GArray) scans = g_array_sized_new (FALSE, FALSE, sizeof (int64_t), (guint)o->lookups);
  g_autoptr (GArray) bare = g_array_sized_new (FALSE, FALSE, sizeof (int64_t), (guint)o->lookups);
  g_autofree Code *scan_codes = NULL;
  g_autofree Code *bare_codes = NULL;
  g_autofree Code *warm_codes = NULL;
  BenchCatalogInfo info = { 0 };
  BenchStats scan_stats, bare_stats;
  int64_t now = 0;
  gboolean with_member = !o->no_member;

  mpos_clock_parse_iso8601 (PRICING_TIME, &now);
  bs = prepare_store (o, now, &info, error);
  if (bs == NULL)
    return 1;
  warm_codes = make_scan_codes (info.n_skus, WARMUP_LOOKUPS, rand);
  scan_codes = make_scan_codes (info.n_skus, (guint)o->lookups, rand);
  bare_codes = make_barcode_codes (info.n_skus, (guint)o->lookups, rand);

  /* Warm both paths alike, then time them back to back on the same connection. */
  if (!time_scans (bs->store, warm_codes, WARMUP_LOOKUPS, now, with_member, NULL, error)
      || !time_bare_lookups (bs->store, bare_codes, MIN ((guint)o->lookups, WARMUP_LOOKUPS), NULL,
                             error)
      || !time_scans (bs->store, scan_codes, (guint)o->lookups, now, with_member, scans, error)
      || !time_bare_lookups (bs->store, bare_codes, (guint)o->lookups, bare, error))
    return 1;
  scan_stats = bench_stats (scans);
  bare_stats = bench_stats (bare);

  printf ("bench-scan: barcode → priced cart line\n");
  printf ("  catalog: %" PRIu64 " SKUs, %u categories, %" PRIu64 " barcodes, %" PRIu64
          " weighed (PLU), %" PRIu64 " with member prices, demo promotions\n",
          info.n_skus, info.n_categories, info.n_barcodes, info.n_weighed, info.n_member_prices);
  if (info.build_seconds > 0)
    printf ("  built through %s in %.1f s (%.1f µs/SKU)\n", info.method, info.build_seconds,
            info.build_seconds * 1e6 / (double)info.n_skus);
  else
    printf ("  catalog %s\n", info.method);
  printf ("  carts: ≤ %d lines, %s, priced at %s\n", LINES_PER_CART,
          with_member ? "gold member " MEMBER_CARD : "no member", PRICING_TIME);
  bench_print_stats ("mpos_cart_add_code", &scan_stats);
  bench_print_stats ("bare SELECT sku_id FROM barcodes WHERE code=?", &bare_stats);
  printf ("  ratio of medians (cart line / bare lookup): %.1f×\n",
          scan_stats.median_us / bare_stats.median_us);
  printf ("  target median < %.0f µs: %s\n", TARGET_MEDIAN_US,
          scan_stats.median_us < TARGET_MEDIAN_US ? "met" : "MISSED");
  printf ("RESULT scan_median=%.2f us\n", scan_stats.median_us);
  return 0;
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  Options o = { 0 };
  int status;

  if (!parse_options (&argc, &argv, &o, &error))
    {
      fprintf (stderr, "bench-scan: %s\n", error->message);
      return 2;
    }
  status = run (&o, &error);
  if (status != 0)
    fprintf (stderr, "bench-scan: %s\n", error ? error->message : "failed");
  g_free (o.demo_dir);
  g_free (o.store_path);
  return status;
}
