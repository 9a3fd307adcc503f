/* bench-util.h — what every benchmark needs: a temp store on the disk the
 * terminal would use, the demo data, a nanosecond clock and the summary
 * (median, p99, max) of a run of samples. */
#pragma once

#include <glib.h>
#include <stdint.h>
#include "store.h"
#include "test-util.h"

G_BEGIN_DECLS

/* A temp directory (under $TMPDIR, on the same disk as the other files the
 * benchmark writes there) and an initialised store S001/T01 in it: the unit
 * tests' TestStore (dir, path, store), made and freed the benchmarks' way. */
typedef TestStore BenchStore;

BenchStore *bench_store_new (GError **error);
/* Opens (and initialises if new) the store at `path`; the file is kept. */
BenchStore *bench_store_open (const char *path, GError **error);
/* Closes and opens the store again, as a terminal does when it starts. */
gboolean bench_store_reopen (BenchStore *bs, GError **error);
void bench_store_free (BenchStore *bs);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BenchStore, bench_store_free)

/* A file of the demo data: `demo_dir` if given (relative paths are taken from
 * the source root), else $MALLPOS_DEMO_DIR, else <source root>/data/demo. */
char *bench_demo_file (const char *demo_dir, const char *name, gsize *length, GError **error);
/* Imports the demo members (levels) and promotions; `with_catalog` adds the demo catalog. */
gboolean bench_load_demo (MposStore *store, const char *demo_dir, gboolean with_catalog,
                          GError **error);

/* CLOCK_MONOTONIC in nanoseconds. */
int64_t bench_now_ns (void);
/* CPU time of this process (every thread) in nanoseconds: on a shared
 * machine, what the work itself cost beside the wall time it took. */
int64_t bench_cpu_ns (void);

typedef struct
{
  guint n;
  double median_us;
  double p99_us;
  double max_us;
  double mean_us;
} BenchStats;

/* Summarises samples (int64_t nanoseconds); sorts them in place. */
BenchStats bench_stats (GArray *samples_ns);
void bench_print_stats (const char *label, const BenchStats *stats);

/* A positive count from the environment, or `fallback`. */
guint64 bench_env_count (const char *name, guint64 fallback);

G_END_DECLS
