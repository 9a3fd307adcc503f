/* bench-ui-fill.c — makes the window benchmarks' big store: adds the
 * synthetic catalog (beside the demo one, bench-catalog.h) and member base
 * (bench-members.h) to a store that tests/ui/ui-store.sh made, so the
 * window starts on a real store with staff, a shift, promotions and
 * 1,000,000 SKUs and 5,000,000 members behind them.
 *
 *   bench-ui-fill --store PATH [--skus N] [--members N] */
#include "bench-catalog.h"
#include "bench-members.h"
#include "clock.h"

#include <stdio.h>

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GOptionContext) context = g_option_context_new ("- fill the window benchmarks' store");
  g_autoptr (BenchStore) bs = NULL;
  g_autofree char *path = NULL;
  gint64 skus = 1000000, members = 5000000;
  BenchCatalogInfo info = { 0 };
  GOptionEntry entries[] = {
    { "store", 0, 0, G_OPTION_ARG_FILENAME, &path, "the store ui-store.sh made", "PATH" },
    { "skus", 0, 0, G_OPTION_ARG_INT64, &skus, "synthetic SKUs (1000000)", "N" },
    { "members", 0, 0, G_OPTION_ARG_INT64, &members, "synthetic members (5000000)", "N" },
    { NULL },
  };
  int64_t t0, now = mpos_clock_now ();

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || path == NULL || skus < 1
      || members < 1)
    {
      fprintf (stderr, "bench-ui-fill: %s\n",
               error ? error->message : "give --store PATH and positive counts");
      return 2;
    }
  t0 = bench_now_ns ();
  if ((bs = bench_store_open (path, &error)) == NULL
      || !bench_catalog_build (bs->store, &bench_catalog_beside_demo, (uint64_t) skus, now, &info,
                               &error)
      || !bench_members_fill (bs->store, members, &error))
    {
      fprintf (stderr, "bench-ui-fill: %s\n", error->message);
      return 1;
    }
  printf ("bench-ui-fill: %" G_GINT64_FORMAT " SKUs and %" G_GINT64_FORMAT
          " members added to %s in %.0f s\n",
          skus, members, path, (bench_now_ns () - t0) / 1e9);
  return 0;
}
