/* bench-ui-scan.c — scan event → the new line drawn (DESIGN.md: < 16 ms,
 * one frame, median and p99), timed the way a cashier meets it: each code
 * is typed through the X server as a keyboard-wedge scanner types it (a key
 * every 2 ms, then Enter), so it passes the window's wedge recogniser, and
 * the clock runs from sending the burst's Enter to the X server having
 * drawn the frame that shows the new line (its number and name in view),
 * not to a paint merely asked for. A scan about every 100 ms (a fast
 * cashier), sales of 50 lines, every other sale with a member of the
 * synthetic base on it (the member panel is then filled from the store).
 * Beside the wall time: where it went (the scan's work up to the till's
 * "changed", the wait for the frame, the frame's layout and paint), the
 * process's CPU and the X server's (with the cairo renderer the server
 * draws part of each frame), extra frames and layout passes. */
#include "bench-catalog.h"
#include "bench-members.h"
#include "bench-ui-window.h"
#include "ui-bench-xserver.h"

#include <X11/keysym.h>
#include <stdio.h>

#define SCANS 300
#define SALE_LINES 50
#define KEY_GAP_MS 2 /* a wedge scanner's keys come a few ms apart */
#define BETWEEN_SCANS_MS 60
#define TARGET_SCAN_MS 16.0

typedef struct
{
  BenchUi *b;
  GArray *drawn;            /* Enter → after-paint of the frame showing the line */
  GArray *presented;        /* Enter → the X server done with that frame */
  GArray *presented_member; /* the same, in sales with a member */
  GArray *transport;        /* the Enter's server time stamp → the window received it */
  GArray *work;             /* Enter → the till's "changed" handled */
  GArray *to_frame;         /* "changed" handled → that frame's start */
  GArray *layout;           /* the frame's layout passes */
  GArray *paint;            /* the frame's snapshot and render */
  GArray *cpu;              /* the process's CPU, first key → presented */
  gint64 changed_us;        /* the till's last "changed", its handlers done */
  guint extra_frames;       /* frames painted between Enter and the one showing the line */
  guint layouts, most_layouts;
  guint split; /* bursts the machine's load split (not samples) */
  int64_t server_cpu_ns;
  guint64 all_frames; /* painted during the run, between scans too (animations) */
  gboolean with_member;
  guint lines_rung; /* scans tried: a split one is tried again without a new sale */
} ScanRun;

static void
on_till_changed (MposTill *till, ScanRun *run)
{
  run->changed_us = g_get_monotonic_time ();
}

/* Voids the open sale (supervisor 8001 of ui-store.sh signs, as on the
 * screen); every other sale gets a member of the synthetic base. */
static gboolean
new_sale (ScanRun *run, guint sale, GRand *rand)
{
  BenchUi *b = run->b;
  g_autoptr (GError) error = NULL;
  char card[16];

  if (g_list_model_get_n_items (mpos_till_get_lines (b->till)) > 0
      && (!mpos_cart_set_approver (mpos_till_get_cart (b->till), "8001", &error)
          || !mpos_till_void_sale (b->till, "benchmark", &error)))
    {
      fprintf (stderr, "bench-ui-window: voiding the sale: %s\n", error->message);
      return FALSE;
    }
  run->with_member = b->n_members > 0 && sale % 2 == 1;
  if (!run->with_member)
    return TRUE;
  bench_member_card ((int64_t) g_rand_double_range (rand, 0, (double) b->n_members), card);
  if (!mpos_till_set_member (b->till, card, &error))
    {
      fprintf (stderr, "bench-ui-window: member %s: %s\n", card, error->message);
      return FALSE;
    }
  return TRUE;
}

static void
add_frame (ScanRun *run, gint64 enter_us, gint64 presented_us)
{
  const UiFrame *frame = &run->b->frames.last;

  bench_ui_add_sample (run->drawn, enter_us, frame->painted_us);
  bench_ui_add_sample (run->presented, enter_us, presented_us);
  if (run->with_member)
    bench_ui_add_sample (run->presented_member, enter_us, presented_us);
  bench_ui_add_sample (run->work, enter_us, run->changed_us);
  bench_ui_add_sample (run->to_frame, run->changed_us, frame->start_us);
  bench_ui_add_sample (run->layout, frame->start_us, frame->layout_end_us);
  bench_ui_add_sample (run->paint, frame->layout_end_us, frame->paint_end_us);
  run->layouts += frame->layouts;
  run->most_layouts = MAX (run->most_layouts, frame->layouts);
}

/* A burst the machine's load split (the X server stalled between two keys
 * longer than a scanner's gap): the window rightly took its head for typing
 * and the rest for an unknown code. Not a sample; the entry is cleared. */
static gboolean
split_burst (ScanRun *run, guint lines_before)
{
  if (g_list_model_get_n_items (mpos_till_get_lines (run->b->till)) != lines_before)
    return FALSE;
  run->split++;
  gtk_editable_set_text (run->b->entry, "");
  return TRUE;
}

/* One scan: the code and Enter typed as a burst; waits for the frame that
 * shows the new line and the X server's having drawn it. 1: a sample;
 * 0: a split burst; -1: the scan failed. */
static int
scan_once (ScanRun *run, const char *code)
{
  BenchUi *b = run->b;
  guint n = g_list_model_get_n_items (mpos_till_get_lines (b->till));
  guint64 frames = b->frames.frames;
  int64_t c0 = bench_cpu_ns ();
  gint64 enter_us, received_us, presented_us;
  char prefix[16];

  g_snprintf (prefix, sizeof prefix, "%u. ", n + 1);
  ui_bench_x_burst (GTK_WIDGET (b->window), code, KEY_GAP_MS);
  if (!bench_ui_wait_frame_showing (b, frames, bench_ui_line_shown, prefix))
    {
      if (split_burst (run, n))
        return 0;
      fprintf (stderr, "bench-ui-window: the line of scan %s never came into view (%s)\n", code,
               mpos_window_get_notice (b->window));
      return -1;
    }
  ui_bench_x_sync (GTK_WIDGET (b->window));
  presented_us = g_get_monotonic_time ();
  bench_ui_add_sample (run->cpu, 0, (bench_cpu_ns () - c0) / 1000);
  if (!ui_bench_x_last_enter (&enter_us, &received_us))
    {
      fprintf (stderr, "bench-ui-window: the Enter of scan %s was never seen\n", code);
      return -1;
    }
  bench_ui_add_sample (run->transport, enter_us, received_us);
  add_frame (run, enter_us, presented_us);
  /* frames painted since Enter reached the window, before the one showing the line */
  run->extra_frames += (guint) (b->frames.frames - frames - 1);
  return 1;
}

static gboolean
run_scans (ScanRun *run)
{
  BenchUi *b = run->b;
  g_autoptr (GRand) rand = g_rand_new_with_seed (20261207);
  int64_t server0 = ui_bench_x_server_cpu_ns ();
  guint64 frames0 = b->frames.frames;

  for (guint k = 0; k < SCANS;)
    {
      char code[14];
      int done;

      if (k % SALE_LINES == 0 && run->lines_rung == k && !new_sale (run, k / SALE_LINES, rand))
        return FALSE;
      run->lines_rung = k + 1;
      bench_ui_spin_ms (BETWEEN_SCANS_MS);
      bench_catalog_scan_code (&bench_catalog_beside_demo,
                               (uint64_t) g_rand_double_range (rand, 0, (double) b->n_skus), rand,
                               code);
      if ((done = scan_once (run, code)) < 0 || run->split > SCANS)
        return FALSE;
      k += (guint) done;
    }
  run->server_cpu_ns = server0 < 0 ? -1 : ui_bench_x_server_cpu_ns () - server0;
  run->all_frames = b->frames.frames - frames0;
  return new_sale (run, 0, rand);
}

static void
print_part (const char *what, GArray *samples)
{
  BenchStats st = bench_stats (samples);

  bench_print_stats (what, &st);
}

static void
report (ScanRun *run)
{
  BenchStats st;

  bench_ui_print_latency ("scan (Enter key event) → X server drew the line", run->presented,
                          TARGET_SCAN_MS);
  print_part ("  the same, sales with a member", run->presented_member);
  print_part ("  scan → after-paint of that frame", run->drawn);
  print_part ("  of which the key event reaching the window", run->transport);
  print_part ("  Enter → the scan's work done (till \"changed\")", run->work);
  print_part ("  then waiting for the frame to start", run->to_frame);
  print_part ("  then the frame's layout", run->layout);
  print_part ("  then its snapshot and render", run->paint);
  print_part ("  CPU of the process per scan (13 keys, Enter)", run->cpu);
  if (run->server_cpu_ns >= 0)
    printf ("  CPU of the X server per scan (mean over %u, 10 ms ticks) %9.2f µs\n", SCANS,
            run->server_cpu_ns / 1000.0 / SCANS);
  printf ("  frames painted before the one showing the line: %u in %u scans; layout passes a "
          "frame: %.2f mean, %u most; frames painted in all: %.2f a scan\n",
          run->extra_frames, SCANS, (double) run->layouts / SCANS, run->most_layouts,
          (double) run->all_frames / SCANS);
  if (run->split > 0)
    printf ("  (%u bursts were split by the machine's load: the X server stalled longer than a "
            "scanner's gap; scanned again, not counted)\n",
            run->split);
  st = bench_stats (run->presented);
  printf ("RESULT scan_to_drawn_median=%.2f ms\nRESULT scan_to_drawn_p99=%.2f ms\n",
          st.median_us / 1000, st.p99_us / 1000);
  st = bench_stats (run->cpu);
  printf ("RESULT scan_cpu_median=%.2f ms\n", st.median_us / 1000);
}

gboolean
bench_ui_time_scans (BenchUi *b)
{
  ScanRun run = { .b = b };
  GArray **arrays[] = { &run.drawn,    &run.presented, &run.presented_member,
                        &run.transport, &run.work,    &run.to_frame,
                        &run.layout,   &run.paint,    &run.cpu };
  gulong till_id;
  gboolean ok;

  for (guint i = 0; i < G_N_ELEMENTS (arrays); i++)
    *arrays[i] = g_array_new (FALSE, FALSE, sizeof (int64_t));
  till_id = g_signal_connect_after (b->till, "changed", G_CALLBACK (on_till_changed), &run);
  ui_bench_x_watch_enter ();
  ok = run_scans (&run);
  g_signal_handler_disconnect (b->till, till_id);
  if (ok)
    report (&run);
  for (guint i = 0; i < G_N_ELEMENTS (arrays); i++)
    g_array_unref (*arrays[i]);
  return ok;
}
