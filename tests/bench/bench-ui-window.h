/* bench-ui-window.h — what the parts of bench-ui-window share: the window
 * under measure, its frame clock read (ui-bench-frames.h) and the waits
 * between events. bench-ui-scan.c times scans; bench-ui-window.c starts the
 * window, times searches and the scroll, and reports. */
#pragma once

#include "bench-util.h"
#include "mpos-till.h"
#include "mpos-window.h"
#include "ui-bench-frames.h"

G_BEGIN_DECLS

typedef struct
{
  MposWindow *window;
  MposTill *till;
  GtkWidget *list;    /* the sale page's items list */
  GtkWidget *results; /* the sale page's search results */
  GtkEditable *entry; /* the sale page's code entry */
  UiFrameProbe frames;
  guint64 n_skus;
  guint64 n_members; /* synthetic members (bench-members.h): half the sales have one */
} BenchUi;

/* Runs the main loop for `ms`, asleep between events as a window waits for
 * the next key: a busy loop would take a core from the X server and the
 * other processes and make every figure worse on a shared machine. */
void bench_ui_spin_ms (guint ms);

/* Runs the main loop until a frame after the `frames`-th is painted and
 * `shown` holds (or 5 s pass); TRUE when it holds. */
gboolean bench_ui_wait_frame_showing (BenchUi *b, guint64 frames,
                                      gboolean (*shown) (BenchUi *, gconstpointer),
                                      gconstpointer what);

/* Is a row of the items list fully in view with this text in its first label? */
gboolean bench_ui_line_shown (BenchUi *b, gconstpointer prefix);

void bench_ui_add_sample (GArray *samples, gint64 from_us, gint64 to_us);

/* Prints the summary and whether median and p99 are under target_ms. */
void bench_ui_print_latency (const char *what, GArray *samples, double target_ms);

/* The scan → drawn figures: 300 scans injected as wedge bursts (bench-ui-scan.c). */
gboolean bench_ui_time_scans (BenchUi *b);

G_END_DECLS
