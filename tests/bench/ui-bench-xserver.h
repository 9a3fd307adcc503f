/* ui-bench-xserver.h — the X server side of the window benchmarks (they run
 * under xvfb-run): keys typed through the server as a keyboard-wedge scanner
 * types them (XTest), so a measured scan starts where a real one does, at
 * the key event of the burst's end, and passes through the window's own
 * wedge recogniser; the server caught up with every drawing request sent so
 * far (what "presented" means on a display without a compositor); and the
 * server's CPU time, since with GSK_RENDERER=cairo part of each frame is
 * drawn by the X server, not by the window's process. */
#pragma once

#include <gtk/gtk.h>
#include <stdint.h>

G_BEGIN_DECLS

/* Presses and releases the key of `keysym` on the window's display and
 * flushes it to the server (Shift held for a shifted symbol). */
void ui_bench_x_key (GtkWidget *widget, guint keysym);

/* Types `text` (ASCII) then Enter as one burst handed to the server at
 * once, the server spacing the keys `gap_ms` apart (XTest's delay), as a
 * scanner's keys come whatever the window's process is doing. */
void ui_bench_x_burst (GtkWidget *widget, const char *text, guint gap_ms);

/* From now on, notes each Enter key press as it reaches the window, before
 * any of the window's own handlers (an emission hook on GdkSurface::event). */
void ui_bench_x_watch_enter (void);

/* The last Enter noted: the server's time stamp of the key event (the X
 * server's clock is the monotonic one, in ms: converted to µs, rounded
 * down, so a latency from it is never understated) and when the window's
 * process received it (µs, monotonic). FALSE before any. */
gboolean ui_bench_x_last_enter (gint64 *event_us, gint64 *received_us);

/* Waits until the X server has handled every request the window sent. */
void ui_bench_x_sync (GtkWidget *widget);

/* CPU time (user + system) of the X server of $DISPLAY, found among this
 * machine's processes as "Xvfb :N"; -1 when it is not found. Its
 * resolution is the kernel's clock tick (10 ms): sum it over many frames. */
int64_t ui_bench_x_server_cpu_ns (void);

G_END_DECLS
