/* ui-bench-ready.h — what a window started by the ui benchmarks does to say
 * it is ready: once its first frame is painted, it prints one line on
 * stdout, "MALLPOS-READY rss_kib=N", with its resident memory then, and
 * flushes. ui-bench-util.c starts the program and waits for that line. The
 * bare baseline (bench-ui-bare.c) and the cashier window (when started with
 * MALLPOS_BENCH_READY=1) both use it, so both are measured the same way. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define UI_BENCH_READY_PREFIX "MALLPOS-READY"

/* Prints the ready line after the window's next painted frame. */
void ui_bench_report_ready_after_paint (GtkWidget *window);

/* Resident memory of this process now (VmRSS), KiB; 0 if unreadable. */
long ui_bench_rss_kib (void);

G_END_DECLS
