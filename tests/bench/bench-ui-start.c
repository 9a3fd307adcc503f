/* bench-ui-start.c — DESIGN.md target "`mallpos` cold start to a ready sale
 * screen < 1 s, first frame ≤ bare + 500 ms, RSS ≤ bare + 60 MB", measured
 * beside a bare GTK 4 window (bench-ui-bare: one entry, one list) started
 * the same way in the same run, with each renderer (cairo; GL in software).
 * Each figure is the median of --runs cold starts, the two programs taking
 * turns so both see the same machine.
 *
 *   bench-ui-start [--runs N] --bare PATH [-- WINDOW ARGS…]
 *
 * Without a window command only the baseline is measured. The window is
 * started with MALLPOS_BENCH_READY=1 and must then print the ready line
 * (tests/bench/ui-bench-ready.h) once its sale screen has drawn its first
 * frame. Prints figures, never fails on them. Needs a display: meson runs
 * it under xvfb-run. */
#include "ui-bench-util.h"

#include <stdio.h>

#define DEFAULT_RUNS 5
#define TARGET_READY_MS 1000.0
#define TARGET_FRAME_OVER_BARE_MS 500.0
#define TARGET_RSS_OVER_BARE_KIB (60 * 1024)

static const char *const window_env[] = { "MALLPOS_BENCH_READY=1", NULL };

static void
print_start (const char *who, const char *renderer, const UiStart *s)
{
  printf ("  %-14s %-14s first frame %8.1f ms   RSS %7.1f MiB\n", who, renderer, s->ready_ms,
          s->rss_kib / 1024.0);
}

static void
print_against_bare (const char *renderer, const UiStart *bare, const UiStart *window)
{
  double frame_over = window->ready_ms - bare->ready_ms;
  double rss_over = (double) (window->rss_kib - bare->rss_kib);

  printf ("  %-14s window − bare: first frame %+8.1f ms (target ≤ %+.0f: %s), RSS %+7.1f MiB "
          "(target ≤ %+.0f: %s); ready < %.0f ms: %s\n",
          renderer, frame_over, TARGET_FRAME_OVER_BARE_MS,
          frame_over <= TARGET_FRAME_OVER_BARE_MS ? "met" : "MISSED", rss_over / 1024.0,
          TARGET_RSS_OVER_BARE_KIB / 1024.0,
          rss_over <= TARGET_RSS_OVER_BARE_KIB ? "met" : "MISSED", TARGET_READY_MS,
          window->ready_ms < TARGET_READY_MS ? "met" : "MISSED");
  printf ("RESULT start_over_bare_%s=%.1f ms\n", renderer[0] == 'c' ? "cairo" : "gl", frame_over);
}

static gboolean
run_renderer (const UiRenderer *renderer, const char *const *bare, const char *const *window,
              guint runs, GError **error)
{
  UiStart bare_start, window_start;

  if (!ui_bench_start_median (bare, renderer, NULL, runs, &bare_start, error))
    return FALSE;
  print_start ("bare window", renderer->name, &bare_start);
  printf ("RESULT bare_first_frame_%s=%.1f ms\n", renderer->name[0] == 'c' ? "cairo" : "gl",
          bare_start.ready_ms);
  if (window == NULL)
    return TRUE;
  if (!ui_bench_start_median (window, renderer, window_env, runs, &window_start, error))
    return FALSE;
  print_start ("mallpos", renderer->name, &window_start);
  print_against_bare (renderer->name, &bare_start, &window_start);
  return TRUE;
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GOptionContext) context = g_option_context_new ("[-- WINDOW ARGS…]");
  g_autofree char *bare_path = NULL;
  gint runs = DEFAULT_RUNS;
  const char *bare[2] = { NULL, NULL };
  const char *const *window = NULL;
  GOptionEntry entries[] = {
    { "runs", 'n', 0, G_OPTION_ARG_INT, &runs, "cold starts per program and renderer (5)", "N" },
    { "bare", 0, 0, G_OPTION_ARG_FILENAME, &bare_path, "the bare window (bench-ui-bare)", "PATH" },
    { NULL },
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || runs < 1 || bare_path == NULL)
    {
      fprintf (stderr, "bench-ui-start: %s\n",
               error ? error->message : "give --bare PATH and a positive --runs");
      return 2;
    }
  bare[0] = bare_path;
  if (argc > 1)
    window = (const char *const *) argv + (g_strcmp0 (argv[1], "--") == 0 ? 2 : 1);
  printf ("bench-ui-start: cold start to the first frame, median of %d, display %s\n", runs,
          g_getenv ("DISPLAY") ? g_getenv ("DISPLAY") : "(none)");
  if (window == NULL)
    printf ("  no window command given: the bare baseline only\n");
  for (const UiRenderer *r = ui_bench_renderers (); r->name != NULL; r++)
    if (!run_renderer (r, bare, window, (guint) runs, &error))
      {
        fprintf (stderr, "bench-ui-start: %s\n", error->message);
        return 1;
      }
  return 0;
}
