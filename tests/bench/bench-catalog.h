/* bench-catalog.h — the synthetic catalog of the benchmarks: SKU i of N is
 * made from i alone (name, category, spec, price, member prices, barcodes;
 * every 200th weighed with a PLU), so a benchmark can build a catalog of a
 * million SKUs through the catalog's own write API and then name the codes a
 * scanner would read. The shape places the codes, so the catalog can sit
 * beside the demo catalog without taking its SKU numbers, PLUs or barcodes. */
#pragma once

#include "bench-util.h"

G_BEGIN_DECLS

typedef struct
{
  guint64 first_sku;         /* SKU i is numbered first_sku + i */
  guint first_plu;           /* weighed SKU i has PLU first_plu + i / 200 */
  const char *prefix;        /* 3-digit prefix of every piece good's barcode */
  const char *second_prefix; /* … and of the second barcode every 50th has */
} BenchCatalogShape;

/* SKUs from 100001, PLUs from 00001, barcodes 690…/695… */
extern const BenchCatalogShape bench_catalog_default;
/* SKUs from 3000001, PLUs from 00201, barcodes 692…/693…: beside the demo
 * catalog (data/demo) in one store, as the window's benchmarks need it. */
extern const BenchCatalogShape bench_catalog_beside_demo;

typedef struct
{
  guint64 n_skus;
  guint64 n_weighed;
  guint64 n_member_prices;
  guint64 n_barcodes;
  guint n_categories;
  double build_seconds;
  const char *method;
} BenchCatalogInfo;

/* Builds SKUs 0…n-1 in one transaction, prices valid from `now`, then the
 * search entries; progress on stderr. */
gboolean bench_catalog_build (MposStore *store, const BenchCatalogShape *shape, uint64_t n,
                              int64_t now, BenchCatalogInfo *info, GError **error);
gboolean bench_catalog_is_weighed (const BenchCatalogShape *shape, uint64_t i);
/* What a scanner reads for SKU i: a scale label with a random weight for a
 * weighed SKU, else either of its barcodes. */
void bench_catalog_scan_code (const BenchCatalogShape *shape, uint64_t i, GRand *rand,
                              char out[14]);
/* The first barcode of piece good i. */
void bench_catalog_barcode (const BenchCatalogShape *shape, uint64_t i, char out[14]);

G_END_DECLS
