/* bench-sale-wait.c — sales rung in one process on an existing store while
 * something else writes it (bench-sync-pull.sh runs it beside a pull):
 * each sale's cart is built from data/demo/sale.json, then its commit —
 * which is where a sale waits for the store's write lock — is timed.
 * Usage: bench-sale-wait STORE STOPFILE; rings a sale every 50 ms (busier
 * than any counter; back to back, with no gap, one process would take the
 * lock again before a waiting writer's busy handler wakes) until STOPFILE
 * exists, and prints the commits' median, p99 and max. */
#include "bench-util.h"
#include "cart-json.h"
#include "clock.h"
#include "sale.h"

#include <stdio.h>

static gboolean
ring_one (MposStore *store, const char *doc, gsize length, GArray *samples, GError **error)
{
  g_autoptr (MposCart) cart = mpos_cart_from_json (store, doc, length, mpos_clock_now (), error);
  MposSaleResult result;
  int64_t start;

  if (cart == NULL)
    return FALSE;
  start = bench_now_ns ();
  if (!mpos_sale_commit (cart, &result, error))
    return FALSE;
  g_array_append_vals (samples, (int64_t[]) { bench_now_ns () - start }, 1);
  return TRUE;
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (BenchStore) bs = NULL;
  g_autoptr (GArray) samples = g_array_new (FALSE, FALSE, sizeof (int64_t));
  g_autofree char *doc = NULL;
  gsize length = 0;
  BenchStats stats;

  if (argc != 3)
    {
      fprintf (stderr, "usage: bench-sale-wait STORE STOPFILE\n");
      return 2;
    }
  if ((bs = bench_store_open (argv[1], &error)) == NULL
      || (doc = bench_demo_file (NULL, "sale.json", &length, &error)) == NULL)
    {
      fprintf (stderr, "bench-sale-wait: %s\n", error->message);
      return 1;
    }
  while (!g_file_test (argv[2], G_FILE_TEST_EXISTS))
    {
      if (!ring_one (bs->store, doc, length, samples, &error))
        {
          fprintf (stderr, "bench-sale-wait: a sale failed: %s\n", error->message);
          return 1;
        }
      g_usleep (50 * 1000);
    }
  stats = bench_stats (samples);
  printf ("%u sales, commit median %.1f ms, p99 %.1f ms, max %.1f ms\n", stats.n,
          stats.median_us / 1000, stats.p99_us / 1000, stats.max_us / 1000);
  return 0;
}
