/* ui-bench-frames.h — where a window's frames go, read from its frame
 * clock: each frame's start (before-paint), the end of its layout (after
 * the last of the layout passes the clock ran: GTK runs the phase again
 * while widgets still ask for it, up to four times), the end of its paint
 * (snapshot and render) and its after-paint. A benchmark waits for the
 * frame that shows what it did and reads that frame's times. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct
{
  gint64 start_us;      /* monotonic: before-paint */
  gint64 layout_end_us; /* the last layout pass done (start_us without one) */
  gint64 paint_end_us;  /* the render done (layout_end_us without a paint) */
  gint64 painted_us;    /* after-paint */
  guint layouts;        /* layout passes in this frame */
} UiFrame;

typedef struct
{
  GdkFrameClock *clock;
  guint64 frames; /* frames painted since attached */
  UiFrame current;
  UiFrame last; /* the last frame painted */
  gulong handlers[4];
} UiFrameProbe;

/* Starts reading the frame clock of `widget` (mapped). */
void ui_frame_probe_attach (UiFrameProbe *probe, GtkWidget *widget);
void ui_frame_probe_detach (UiFrameProbe *probe);

G_END_DECLS
