/* bench-import.c — issue 10 target "importing 1,000,000 SKU rows, however
 * they group into products, takes under a minute". Generates catalogs in
 * memory in two shapes — every SKU its own product, and 1000 SKUs per
 * product (sizes, colours) — imports each through mpos_import_csv into a
 * fresh temp store, prints rows per second, and checks that product search
 * (trigram and pinyin initials) finds what was imported.
 * MALLPOS_BENCH_IMPORT_ROWS=100000 makes a quick run. */
#include "bench-util.h"
#include "catalog-import.h"
#include "product-search.h"
#include "store-private.h"

#include <inttypes.h>
#include <stdio.h>
#include <time.h>

#define DEFAULT_ROWS 1000000
#define TARGET_SECONDS 60.0

static const char *const names[] = { "康师傅红烧牛肉面", "农夫山泉饮用天然水", "伊利纯牛奶",
                                     "蓝月亮洗衣液",     "青岛啤酒经典",       "可口可乐",
                                     "金龙鱼调和油",     "维达抽纸" };

/* A valid EAN-13 unique per row: prefix 690, 9 digits from i, check digit. */
static void
append_ean13 (GString *out, uint64_t i)
{
  char code[14];

  g_snprintf (code, sizeof code, "690%09" PRIu64, (uint64_t) ((i * 654435761ULL + 12345) % 1000000000ULL));
  code[12] = (char) ('0' + mpos_barcode_gs1_check_digit (code, 12));
  code[13] = '\0';
  g_string_append (out, code);
}

static char *
make_catalog (uint64_t rows, uint64_t per_product, gsize *length)
{
  GString *out = g_string_sized_new (rows * 110);

  g_string_append (out, "sku,product,name,spec,category,unit,barcodes,plu,price,member_prices,"
                        "tax_rate,stock\n");
  for (uint64_t i = 0; i < rows; i++)
    {
      uint64_t product = i / per_product;

      g_string_append_printf (out, "%" G_GUINT64_FORMAT ",P%08" G_GUINT64_FORMAT ",%s%" G_GUINT64_FORMAT ",规格%" G_GUINT64_FORMAT
                              ",食品/方便食品/方便面,piece,",
                              1000000 + i, product, names[product % G_N_ELEMENTS (names)], product,
                              i % per_product);
      append_ean13 (out, i);
      g_string_append_printf (out, ",,%" PRIu64 ".50,%s,13,%" PRIu64 "\n", 1 + i % 90,
                              i % 20 == 3 ? "gold:1.20" : "", i % 500);
    }
  *length = out->len;
  return g_string_free (out, FALSE);
}

/* CPU seconds of this process: on a machine shared with other work the
 * wall time also counts the time this benchmark waited for a core. */
static double
cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static guint
search_count (MposStore *store, const char *query)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) found = mpos_product_search (store, query, 200, &error);

  return found ? found->len : 0;
}

/* Imports one shape; FALSE (with the reason) if anything is off. */
static gboolean
run_shape (const char *label, uint64_t rows, uint64_t per_product, double *rows_per_second,
           GError **error)
{
  g_autoptr (BenchStore) bs = bench_store_new (error);
  g_auto (MposImportReport) report = { 0 };
  g_autofree char *csv = NULL;
  gsize length = 0;
  int64_t t0, t1;
  double seconds, cpu0, cpu;
  char query[64];

  if (bs == NULL)
    return FALSE;
  csv = make_catalog (rows, per_product, &length);
  mpos_import_report_init (&report);
  t0 = bench_now_ns ();
  cpu0 = cpu_seconds ();
  if (!mpos_import_csv (bs->store, MPOS_IMPORT_CATALOG, csv, length, MPOS_IMPORT_ALL_OR_NOTHING,
                        &report, error))
    return FALSE;
  t1 = bench_now_ns ();
  cpu = cpu_seconds () - cpu0;
  seconds = (t1 - t0) / 1e9;
  *rows_per_second = rows / seconds;
  printf ("  %-28s %8" PRIu64 " rows  %6.1f s wall %8.0f rows/s  %6.1f s CPU %8.0f rows/s  "
          "(created %u, %.1f MiB CSV)\n",
          label, rows, seconds, *rows_per_second, cpu, rows / cpu, report.created,
          length / 1048576.0);
  /* Search must find what was imported: the last product by name, and by pinyin initials. */
  g_snprintf (query, sizeof query, "%s%" PRIu64, names[((rows - 1) / per_product) % G_N_ELEMENTS (names)],
              (rows - 1) / per_product);
  if (report.created != rows || search_count (bs->store, query) == 0
      || search_count (bs->store, "ksfhsnrm") == 0)
    {
      g_set_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_FAILED,
                   "%s: created %u of %" PRIu64 " rows, search “%s” found %u, pinyin found %u",
                   label, report.created, rows, query, search_count (bs->store, query),
                   search_count (bs->store, "ksfhsnrm"));
      return FALSE;
    }
  return TRUE;
}

int
main (void)
{
  g_autoptr (GError) error = NULL;
  uint64_t rows = bench_env_count ("MALLPOS_BENCH_IMPORT_ROWS", DEFAULT_ROWS);
  double distinct = 0, grouped = 0;

  g_setenv ("MALLPOS_NOW", "2026-11-23T10:00:00+08:00", TRUE);
  setvbuf (stdout, NULL, _IOLBF, 0); /* each shape's line as soon as it is measured */
  printf ("catalog import (mpos_import_csv, one transaction), target: %" PRIu64
          " rows in < %.0f s in either shape\n",
          rows, TARGET_SECONDS);
  if (!run_shape ("every SKU its own product", rows, 1, &distinct, &error)
      || !run_shape ("1000 SKUs per product", rows, 1000, &grouped, &error))
    {
      fprintf (stderr, "bench-import: %s\n", error->message);
      return 1;
    }
  printf ("RESULT import_distinct_rows_per_s=%.0f rows/s\n", distinct);
  printf ("RESULT import_grouped_rows_per_s=%.0f rows/s\n", grouped);
  return 0;
}
