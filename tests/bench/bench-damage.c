/* bench-damage.c — what noticing a damaged store costs (src/store-damage.c):
 * the cheap checks every open runs, the damage test every write transaction
 * runs, and SQLite's quick_check a terminal runs at start-up, on the store
 * given with --store (e.g. the 1,000,000-SKU store `bench-scan --store PATH`
 * keeps) or, without it, a new store with the demo data. quick_check reads
 * every page: its time grows with the store, which is why a sale does not run it. */
#include "core.h"
#include "bench-util.h"
#include "catalog.h"
#include "integrity.h"
#include "store-private.h"

#include <glib/gstdio.h>
#include <stdio.h>

#define OPENS 20
#define PROBES 2000
#define SELLABLE_CALLS 100000
#define QUICK_CHECKS 3

typedef struct
{
  char *store_path;
  gboolean full_check;
} Options;

typedef gboolean (*Timed) (MposStore *store, gpointer data, GError **error);

/* Times `n` calls of fn; the samples go to a new array. */
static GArray *
time_calls (MposStore *store, guint n, Timed fn, gpointer data, GError **error)
{
  g_autoptr (GArray) samples = g_array_sized_new (FALSE, FALSE, sizeof (int64_t), n);

  for (guint i = 0; i < n; i++)
    {
      int64_t started = bench_now_ns ();
      int64_t took;

      if (!fn (store, data, error))
        return NULL;
      took = bench_now_ns () - started;
      g_array_append_val (samples, took);
    }
  return g_steal_pointer (&samples);
}

static gboolean
open_once (MposStore *unused, gpointer path, GError **error)
{
  mpos_core_init ();
  MposStore *store = mpos_store_open (path, NULL, error);

  mpos_store_close (store);
  return store != NULL;
}

static gboolean
probe_once (MposStore *store, gpointer unused, GError **error)
{
  return mpos_store_probe_damage (store, FALSE, error);
}

static gboolean
sellable_once (MposStore *store, gpointer unused, GError **error)
{
  return mpos_store_sellable (store, error);
}

static gboolean
verify_once (MposStore *store, gpointer unused, GError **error)
{
  return mpos_store_verify (store, error);
}

static gboolean
check_once (MposStore *store, gpointer unused, GError **error)
{
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);

  return mpos_integrity_check (store, problems, error);
}

static gint64
file_bytes (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (gint64) st.st_size : 0;
}

static BenchStore *
prepare_store (const Options *o, GError **error)
{
  BenchStore *bs;

  if (o->store_path)
    return bench_store_open (o->store_path, error);
  bs = bench_store_new (error);
  /* Reopened as a terminal finds it: the file, not the WAL, holds the pages. */
  if (bs != NULL
      && (!bench_load_demo (bs->store, NULL, TRUE, error) || !bench_store_reopen (bs, error)))
    g_clear_pointer (&bs, bench_store_free);
  return bs;
}

static void
print_seconds (const char *label, GArray *samples, double megabytes)
{
  BenchStats stats = bench_stats (samples);

  printf ("  %-44s n=%u  median %.2f s  max %.2f s  (%.0f MB/s)\n", label, stats.n,
          stats.median_us / 1e6, stats.max_us / 1e6, megabytes / (stats.median_us / 1e6));
}

static int
run (const Options *o, GError **error)
{
  g_autoptr (BenchStore) bs = prepare_store (o, error);
  g_autoptr (GArray) opens = NULL, probes = NULL, sellable = NULL, verifies = NULL;
  g_autoptr (GArray) checks = NULL;
  BenchStats open_stats, probe_stats, sellable_stats;
  double megabytes;

  if (bs == NULL)
    return 1;
  megabytes = file_bytes (bs->path) / 1e6;
  if (!(opens = time_calls (NULL, OPENS, open_once, bs->path, error))
      || !(probes = time_calls (bs->store, PROBES, probe_once, NULL, error))
      || !(sellable = time_calls (bs->store, SELLABLE_CALLS, sellable_once, NULL, error))
      || !(verifies = time_calls (bs->store, QUICK_CHECKS, verify_once, NULL, error))
      || (o->full_check && !(checks = time_calls (bs->store, 1, check_once, NULL, error))))
    return 1;
  open_stats = bench_stats (opens);
  probe_stats = bench_stats (probes);
  sellable_stats = bench_stats (sellable);

  printf ("bench-damage: noticing a damaged store\n");
  printf ("  store: %s, %.0f MB, %" G_GINT64_FORMAT " SKUs\n",
          o->store_path ? o->store_path : "new, demo data", megabytes,
          (gint64) mpos_catalog_sku_count (bs->store));
  bench_print_stats ("mpos_store_open (with the cheap checks)", &open_stats);
  bench_print_stats ("cheap checks alone (every open)", &probe_stats);
  bench_print_stats ("mpos_store_sellable (every write)", &sellable_stats);
  print_seconds ("quick_check (mpos_store_verify, start-up)", verifies, megabytes);
  if (checks)
    print_seconds ("mallposctl check (integrity_check + all)", checks, megabytes);
  printf ("RESULT damage_open_checks=%.1f us\n", probe_stats.median_us);
  printf ("RESULT damage_quick_check=%.2f s\n", bench_stats (verifies).median_us / 1e6);
  return 0;
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GOptionContext) context = g_option_context_new ("- time damage detection");
  Options o = { 0 };
  GOptionEntry entries[] = {
    { "store", 's', 0, G_OPTION_ARG_FILENAME, &o.store_path,
      "an existing store to measure (e.g. kept by bench-scan --store)", "PATH" },
    { "full-check", 0, 0, G_OPTION_ARG_NONE, &o.full_check, "also time the whole `check`", NULL },
    { NULL },
  };
  int status;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "bench-damage: %s\n", error->message);
      return 2;
    }
  status = run (&o, &error);
  if (status != 0)
    fprintf (stderr, "bench-damage: %s\n", error ? error->message : "failed");
  g_free (o.store_path);
  return status;
}
