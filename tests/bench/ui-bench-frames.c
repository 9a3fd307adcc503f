/* ui-bench-frames.c — a frame clock's phases timed (ui-bench-frames.h). The
 * layout, paint and after-paint handlers run after GTK's own (connected
 * after), so their times are those phases' ends. */
#include "ui-bench-frames.h"

static void
on_before_paint (GdkFrameClock *clock, UiFrameProbe *probe)
{
  gint64 now = g_get_monotonic_time ();

  probe->current = (UiFrame){ .start_us = now, .layout_end_us = now, .paint_end_us = now };
}

static void
on_layout (GdkFrameClock *clock, UiFrameProbe *probe)
{
  probe->current.layout_end_us = g_get_monotonic_time ();
  probe->current.paint_end_us = probe->current.layout_end_us;
  probe->current.layouts++;
}

static void
on_paint (GdkFrameClock *clock, UiFrameProbe *probe)
{
  probe->current.paint_end_us = g_get_monotonic_time ();
}

static void
on_after_paint (GdkFrameClock *clock, UiFrameProbe *probe)
{
  probe->current.painted_us = g_get_monotonic_time ();
  probe->last = probe->current;
  probe->frames++;
}

void
ui_frame_probe_attach (UiFrameProbe *probe, GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);

  g_return_if_fail (clock != NULL);
  *probe = (UiFrameProbe){ .clock = g_object_ref (clock) };
  probe->handlers[0]
      = g_signal_connect (clock, "before-paint", G_CALLBACK (on_before_paint), probe);
  probe->handlers[1] = g_signal_connect_after (clock, "layout", G_CALLBACK (on_layout), probe);
  probe->handlers[2] = g_signal_connect_after (clock, "paint", G_CALLBACK (on_paint), probe);
  probe->handlers[3]
      = g_signal_connect_after (clock, "after-paint", G_CALLBACK (on_after_paint), probe);
}

void
ui_frame_probe_detach (UiFrameProbe *probe)
{
  for (guint i = 0; probe->clock && i < G_N_ELEMENTS (probe->handlers); i++)
    g_clear_signal_handler (&probe->handlers[i], probe->clock);
  g_clear_object (&probe->clock);
}
