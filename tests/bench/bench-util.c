/* bench-util.c — temp stores, demo data, clock and statistics shared by the
 * benchmarks, so each benchmark file holds only what it measures. The demo
 * data is loaded, and temp dirs removed, as the unit tests do (test-util). */
#include "core.h"
#include "bench-util.h"
#include "shift.h"
#include "clock.h"
#include "test-util.h"

#include <math.h>
#include <stdio.h>
#include <time.h>

#ifndef MPOS_SOURCE_ROOT
#define MPOS_SOURCE_ROOT "."
#endif

static gboolean
set_identity (MposStore *store, GError **error)
{
  MposStoreIdentity identity = { 0 };

  identity.store_code = "S001";
  identity.terminal_code = "T01";
  identity.time_zone = "Asia/Shanghai";
  identity.store_name = "惠民会员超市(中山路店)";
  identity.business_day_cutoff_hour = 4;
  mpos_scale_layout_init_default (&identity.scale_layout);
  /* a training store (练习模式): only it goes by MALLPOS_NOW */
  /* …selling from an open shift (no sale without one). */
  return mpos_store_make_training (store, mpos_clock_now (), error)
         && mpos_store_set_identity (store, &identity, error)
         && mpos_shift_open (store, "1001", 0, NULL, error);
}

static BenchStore *
open_in (BenchStore *bs, GError **error)
{
  MposStoreOptions options = { TRUE, 0 };
  g_autoptr (GError) local = NULL;

  mpos_core_init ();
  bs->store = mpos_store_open (bs->path, &options, error);
  if (bs->store == NULL)
    {
      bench_store_free (bs);
      return NULL;
    }
  if (mpos_store_get_identity (bs->store, &local) == NULL && !set_identity (bs->store, error))
    {
      bench_store_free (bs);
      return NULL;
    }
  return bs;
}

BenchStore *
bench_store_new (GError **error)
{
  BenchStore *bs = g_new0 (BenchStore, 1);

  bs->dir = g_dir_make_tmp ("mallpos-bench-XXXXXX", error);
  if (bs->dir == NULL)
    {
      bench_store_free (bs);
      return NULL;
    }
  bs->path = g_build_filename (bs->dir, "store.db", NULL);
  return open_in (bs, error);
}

BenchStore *
bench_store_open (const char *path, GError **error)
{
  BenchStore *bs = g_new0 (BenchStore, 1);

  bs->path = g_strdup (path);
  return open_in (bs, error);
}

gboolean
bench_store_reopen (BenchStore *bs, GError **error)
{
  MposStoreOptions options = { FALSE, 0 };

  g_clear_pointer (&bs->store, mpos_store_close);
  mpos_core_init ();
  bs->store = mpos_store_open (bs->path, &options, error);
  return bs->store != NULL;
}

void
bench_store_free (BenchStore *bs)
{
  if (bs == NULL)
    return;
  g_clear_pointer (&bs->store, mpos_store_close);
  if (bs->dir != NULL)
    test_remove_dir (bs->dir); /* only directories we made ourselves */
  g_free (bs->dir);
  g_free (bs->path);
  g_free (bs);
}

/* `demo_dir` if given (relative paths are taken from the source root), else
 * $MALLPOS_DEMO_DIR, else <source root>/data/demo. */
static char *
resolve_demo_dir (const char *demo_dir)
{
  if (demo_dir != NULL)
    return g_path_is_absolute (demo_dir) ? g_strdup (demo_dir)
                                         : g_build_filename (MPOS_SOURCE_ROOT, demo_dir, NULL);
  if (g_getenv ("MALLPOS_DEMO_DIR") != NULL)
    return g_strdup (g_getenv ("MALLPOS_DEMO_DIR"));
  return g_build_filename (MPOS_SOURCE_ROOT, "data", "demo", NULL);
}

char *
bench_demo_file (const char *demo_dir, const char *name, gsize *length, GError **error)
{
  g_autofree char *dir = resolve_demo_dir (demo_dir);

  return test_read_dir_file (dir, name, length, error);
}

gboolean
bench_load_demo (MposStore *store, const char *demo_dir, gboolean with_catalog, GError **error)
{
  g_autofree char *dir = resolve_demo_dir (demo_dir);

  return test_load_demo (store, dir, with_catalog, error);
}

int64_t
bench_now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int64_t
bench_cpu_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static gint
compare_int64 (gconstpointer a, gconstpointer b)
{
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

  return x < y ? -1 : x > y;
}

/* Nearest-rank percentile of sorted samples, in µs. */
static double
percentile_us (GArray *sorted, double p)
{
  guint rank = (guint)ceil (p / 100.0 * sorted->len);

  rank = CLAMP (rank, 1, sorted->len);
  return g_array_index (sorted, int64_t, rank - 1) / 1000.0;
}

BenchStats
bench_stats (GArray *samples_ns)
{
  BenchStats stats = { 0 };
  double sum = 0;
  guint n = samples_ns->len;

  if (n == 0)
    return stats;
  g_array_sort (samples_ns, compare_int64);
  for (guint i = 0; i < n; i++)
    sum += (double)g_array_index (samples_ns, int64_t, i);
  stats.n = n;
  /* The median of an even count is the mean of the two middle samples. */
  stats.median_us = n % 2 ? g_array_index (samples_ns, int64_t, n / 2) / 1000.0
                          : (g_array_index (samples_ns, int64_t, n / 2 - 1)
                             + g_array_index (samples_ns, int64_t, n / 2))
                                / 2000.0;
  stats.p99_us = percentile_us (samples_ns, 99.0);
  stats.max_us = g_array_index (samples_ns, int64_t, n - 1) / 1000.0;
  stats.mean_us = sum / n / 1000.0;
  return stats;
}

void
bench_print_stats (const char *label, const BenchStats *stats)
{
  printf ("  %-44s n=%-7u median %9.2f µs  p99 %9.2f µs  max %10.1f µs  mean %9.2f µs\n", label,
          stats->n, stats->median_us, stats->p99_us, stats->max_us, stats->mean_us);
}

guint64
bench_env_count (const char *name, guint64 fallback)
{
  const char *value = g_getenv (name);
  guint64 n = 0;

  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 1, G_MAXUINT32, &n, NULL))
    return fallback;
  return n;
}
