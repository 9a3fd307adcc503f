/* ui-bench-ready.c — the ready line (ui-bench-ready.h). */
#include "ui-bench-ready.h"

#include <stdio.h>
#include <string.h>

long
ui_bench_rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL)
      || (line = strstr (status, "VmRSS:")) == NULL)
    return 0;
  return strtol (line + strlen ("VmRSS:"), NULL, 10);
}

/* Once per process: the first frame is what is measured. */
static gulong after_paint_id;

static void
after_paint (GdkFrameClock *clock, gpointer unused)
{
  printf ("%s rss_kib=%ld\n", UI_BENCH_READY_PREFIX, ui_bench_rss_kib ());
  fflush (stdout);
  g_signal_handler_disconnect (clock, after_paint_id);
}

static void
on_map (GtkWidget *window, gpointer unused)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  if (after_paint_id == 0)
    after_paint_id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint), NULL);
  gtk_widget_queue_draw (window);
}

void
ui_bench_report_ready_after_paint (GtkWidget *window)
{
  if (gtk_widget_get_mapped (window))
    on_map (window, NULL);
  else
    g_signal_connect (window, "map", G_CALLBACK (on_map), NULL);
}
