/* bench-search.c — the core half of DESIGN.md's "product search keystroke →
 * results < 50 ms, 1,000,000 SKUs": mpos_product_search for every prefix a
 * cashier types of Chinese names (character by character, as an input
 * method commits them) and of pinyin initials (letter by letter), on the
 * synthetic catalog. Wall time and the process's CPU time per keystroke are
 * printed side by side, since the machine may be shared. bench-ui-window
 * times the same keystrokes through the window. */
#include "bench-catalog.h"
#include "catalog.h"
#include "clock.h"
#include "product-search.h"

#include <inttypes.h>
#include <stdio.h>

#define DEFAULT_SKUS 1000000
#define ROUNDS 5
#define RESULTS 8 /* what the sale page asks for */
#define TARGET_MS 50.0

/* The window benchmark's words (bench-ui-window.c), and a few short ones. */
static const char *const words[] = { "康师傅红烧牛肉面",
                                     "农夫山泉矿泉水",
                                     "蓝月亮洗衣液",
                                     "伊利纯牛奶",
                                     "ksf",
                                     "nfsq",
                                     "ylymtl",
                                     "hsnrm",
                                     "qdpj",
                                     "zyfgl",
                                     "500ml",
                                     "可乐",
                                     "面",
                                     NULL };

static void
append_ns (GArray *samples, int64_t ns)
{
  g_array_append_val (samples, ns);
}

/* Every prefix of every word, ROUNDS times; the slowest prefix is named. */
static gboolean
time_keystrokes (MposStore *store, GArray *wall, GArray *cpu, GError **error)
{
  int64_t worst = 0;
  g_autofree char *worst_query = NULL;
  guint worst_found = 0;

  for (guint round = 0; round < ROUNDS; round++)
    for (guint w = 0; words[w]; w++)
      for (const char *end = g_utf8_next_char (words[w]);; end = g_utf8_next_char (end))
        {
          g_autofree char *typed = g_strndup (words[w], end - words[w]);
          int64_t t0 = bench_now_ns (), c0 = bench_cpu_ns ();
          g_autoptr (GPtrArray) found = mpos_product_search (store, typed, RESULTS, error);
          int64_t t1 = bench_now_ns (), c1 = bench_cpu_ns ();

          if (found == NULL)
            return FALSE;
          append_ns (wall, t1 - t0);
          append_ns (cpu, c1 - c0);
          if (t1 - t0 > worst)
            {
              worst = t1 - t0;
              g_free (worst_query);
              worst_query = g_strdup (typed);
              worst_found = found->len;
            }
          if (*end == '\0')
            break;
        }
  printf ("  slowest keystroke: “%s” %.2f ms (%u results)\n", worst_query, worst / 1e6,
          worst_found);
  return TRUE;
}

static void
print_matches (MposStore *store, const char *query)
{
  g_autoptr (GPtrArray) found = mpos_product_search (store, query, RESULTS, NULL);

  printf ("  “%s”:", query);
  for (guint i = 0; found && i < found->len; i++)
    {
      MposSku *sku = g_ptr_array_index (found, i);
      printf (" %s %s%s", sku->sku_code, sku->name, i + 1 < found->len ? "," : "");
    }
  printf ("\n");
}

static BenchStore *
open_catalog (const char *path, gint64 skus, GError **error)
{
  g_autoptr (BenchStore) bs = path ? bench_store_open (path, error) : bench_store_new (error);
  BenchCatalogInfo info = { 0 };
  int64_t now = 0;

  if (bs == NULL)
    return NULL;
  if (mpos_catalog_sku_count (bs->store) == skus)
    printf ("  catalog of %" G_GINT64_FORMAT " SKUs reused from %s\n", skus, path);
  else if (mpos_catalog_sku_count (bs->store) != 0)
    {
      g_set_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_FAILED,
                   "%s holds another catalog: give a new path", path);
      return NULL;
    }
  else
    {
      mpos_clock_parse_iso8601 ("2026-11-23T10:00:00+08:00", &now);
      if (!bench_catalog_build (bs->store, &bench_catalog_default, (uint64_t)skus, now, &info,
                                error))
        return NULL;
      printf ("  catalog of %" G_GINT64_FORMAT " SKUs built in %.0f s\n", skus, info.build_seconds);
    }
  /* search a freshly opened store, as a terminal does after its start */
  return bench_store_reopen (bs, error) ? g_steal_pointer (&bs) : NULL;
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GOptionContext) context = g_option_context_new ("- time product search keystrokes");
  g_autoptr (BenchStore) bs = NULL;
  g_autoptr (GArray) wall = g_array_new (FALSE, FALSE, sizeof (int64_t));
  g_autoptr (GArray) cpu = g_array_new (FALSE, FALSE, sizeof (int64_t));
  g_autofree char *store_path = NULL;
  gint64 skus = (gint64)bench_env_count ("MALLPOS_BENCH_SKUS", DEFAULT_SKUS);
  GOptionEntry entries[] = {
    { "skus", 'n', 0, G_OPTION_ARG_INT64, &skus,
      "SKUs in the catalog (default $MALLPOS_BENCH_SKUS or 1000000)", "N" },
    { "store", 's', 0, G_OPTION_ARG_FILENAME, &store_path,
      "keep the catalog in this store and reuse it next time", "PATH" },
    { NULL },
  };
  BenchStats w, c;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || skus < 1)
    {
      fprintf (stderr, "bench-search: %s\n", error ? error->message : "--skus must be positive");
      return 2;
    }
  printf ("bench-search: mpos_product_search, %d results, every prefix typed\n", RESULTS);
  bs = open_catalog (store_path, skus, &error);
  if (bs == NULL || !time_keystrokes (bs->store, wall, cpu, &error))
    {
      fprintf (stderr, "bench-search: %s\n", error ? error->message : "failed");
      return 1;
    }
  print_matches (bs->store, "ksf");
  print_matches (bs->store, "可乐");
  w = bench_stats (wall);
  c = bench_stats (cpu);
  bench_print_stats ("search keystroke, wall", &w);
  bench_print_stats ("search keystroke, CPU of this process", &c);
  printf ("  target < %.0f ms (p99): %s\n", TARGET_MS,
          w.p99_us < TARGET_MS * 1000 ? "met" : "MISSED");
  printf ("RESULT search_median=%.2f ms\nRESULT search_p99=%.2f ms\n", w.median_us / 1000,
          w.p99_us / 1000);
  return 0;
}
