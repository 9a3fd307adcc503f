/* report-chart.c — bars and shares of a report table, drawn with cairo and
 * laid out with pango (hanzi labels). Scales are integer: ticks are 1, 2 or
 * 5 × 10^k of the figure's own unit (fen, counts, basis points), labelled
 * with the report's formatter; doubles only place ink on the page. */
#include "report-chart.h"

#include <math.h>
#include <pango/pangocairo.h>

#include "report-format.h"
#include "text-width.h"

#define FONT_SIZE 9.0
#define SMALL_SIZE 7.5
#define PAD 6.0
#define TICKS 4
#define MAX_PARTS 10 /* a share chart shows the largest parts, the rest as one */

typedef struct
{
  char *label;
  int64_t value;
} Point;

typedef struct
{
  GArray *points; /* of Point */
  MposReportKind kind;
} Series;

/* Colours of distinct lightness, so that their greys differ on paper too. */
static const double PALETTE[][3] = {
  { 0.12, 0.34, 0.62 }, { 0.93, 0.55, 0.17 }, { 0.30, 0.62, 0.32 }, { 0.80, 0.22, 0.22 },
  { 0.58, 0.45, 0.75 }, { 0.55, 0.36, 0.30 }, { 0.90, 0.75, 0.35 }, { 0.45, 0.45, 0.45 },
  { 0.55, 0.80, 0.85 }, { 0.20, 0.20, 0.20 }, { 0.85, 0.60, 0.75 },
};

static void
point_clear (gpointer data)
{
  g_free (((Point *)data)->label);
}

static void
series_clear (Series *series)
{
  g_clear_pointer (&series->points, g_array_unref);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Series, series_clear)

static gboolean
chart_column_ok (const MposReportTable *table)
{
  return table->chart != MPOS_REPORT_CHART_NONE && table->columns->len >= 2
         && table->chart_column >= 1 && table->chart_column < table->columns->len;
}

static void
series_collect (Series *series, const MposReportTable *table)
{
  series->points = g_array_new (FALSE, TRUE, sizeof (Point));
  g_array_set_clear_func (series->points, point_clear);
  series->kind = g_array_index (table->columns, MposReportColumn, table->chart_column).kind;
  for (guint i = 0; i < table->rows->len; i++)
    {
      const MposReportRow *row = &g_array_index (table->rows, MposReportRow, i);
      const MposReportCell *value = &row->cells[table->chart_column];
      Point point;

      if (row->style == MPOS_REPORT_ROW_TOTAL || value->kind == MPOS_REPORT_TEXT)
        continue;
      point.label = mpos_report_cell_format (&row->cells[0]);
      point.value = value->value;
      series->kind = value->kind;
      g_array_append_val (series->points, point);
    }
}

gboolean
mpos_report_chart_drawable (const MposReportTable *table)
{
  g_auto (Series) series = { 0 };

  if (!chart_column_ok (table))
    return FALSE;
  series_collect (&series, table);
  return series.points->len > 0;
}

/* ---- ink ---- */

/* Writes text with its left, centre or right (align 0, 0.5, 1) at x and its
 * top at y; returns its width. */
static double
put_text (cairo_t *cr, const char *text, double x, double y, double size, double align,
          gboolean bold)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string (MPOS_REPORT_FONT);
  int w, h;

  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  pango_font_description_set_weight (font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  if (align >= 0)
    {
      cairo_move_to (cr, x - w * align, y);
      pango_cairo_show_layout (cr, layout);
    }
  pango_font_description_free (font);
  g_object_unref (layout);
  return w;
}

static double
text_width (cairo_t *cr, const char *text, double size)
{
  return put_text (cr, text, 0, 0, size, -1, FALSE);
}

/* Fills the current path with part i's colour and hatch, then outlines it. */
static void
fill_part (cairo_t *cr, guint i)
{
  const double *rgb = PALETTE[i % G_N_ELEMENTS (PALETTE)];
  guint hatch = i % 5;
  double x1, y1, x2, y2;

  cairo_set_source_rgb (cr, rgb[0], rgb[1], rgb[2]);
  cairo_fill_preserve (cr);
  cairo_save (cr);
  cairo_fill_extents (cr, &x1, &y1, &x2, &y2);
  cairo_clip_preserve (cr);
  cairo_new_path (cr);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.45);
  cairo_set_line_width (cr, 0.6);
  for (double d = -(y2 - y1); hatch > 0 && d < (x2 - x1) + (y2 - y1); d += 4.0)
    {
      if (hatch == 1 || hatch == 4)
        {
          cairo_move_to (cr, x1 + d, y2);
          cairo_line_to (cr, x1 + d + (y2 - y1), y1);
        }
      if (hatch == 2 || hatch == 4)
        {
          cairo_move_to (cr, x1 + d, y1);
          cairo_line_to (cr, x1 + d + (y2 - y1), y2);
        }
      if (hatch == 3 && d >= 0 && d <= y2 - y1)
        {
          cairo_move_to (cr, x1, y1 + d);
          cairo_line_to (cr, x2, y1 + d);
        }
    }
  cairo_stroke (cr);
  cairo_restore (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_set_line_width (cr, 0.5);
  cairo_stroke (cr);
}

static char *
format_value (MposReportKind kind, int64_t value)
{
  MposReportCell cell = { kind, NULL, value };

  return mpos_report_cell_format (&cell);
}

/* ---- scale ---- */

typedef struct
{
  int64_t lo, hi, step; /* lo and hi are multiples of step, lo <= 0 <= hi */
} Scale;

/* The smallest of 1, 2, 5 × 10^k that is at least `raw`. */
static int64_t
nice_step (int64_t raw)
{
  for (int64_t base = 1; base <= G_MAXINT64 / 10; base *= 10)
    for (int m = 1; m <= 5; m += m == 1 ? 1 : 3)
      if (base * m >= raw)
        return base * m;
  return G_MAXINT64 / 10;
}

static Scale
scale_for (const Series *series)
{
  int64_t lo = 0, hi = 0;
  Scale scale;

  for (guint i = 0; i < series->points->len; i++)
    {
      int64_t v = g_array_index (series->points, Point, i).value;

      lo = MIN (lo, v);
      hi = MAX (hi, v);
    }
  /* Halves first: hi - lo of two extreme figures would overflow. */
  scale.step = nice_step ((hi / 2 - lo / 2) / TICKS * 2 + 1);
  scale.lo = lo < 0 ? -((-(lo / scale.step)) + (lo % scale.step != 0)) * scale.step : 0;
  scale.hi = hi > 0 ? (hi / scale.step + (hi % scale.step != 0)) * scale.step : 0;
  if (scale.lo == scale.hi)
    scale.hi = scale.lo + scale.step;
  return scale;
}

/* Where value v sits between top and bottom of the plot. */
static double
scale_y (const Scale *scale, int64_t v, double top, double bottom)
{
  double span = (double)scale->hi - (double)scale->lo;

  return bottom - ((double)v - (double)scale->lo) / span * (bottom - top);
}

/* ---- bars ---- */

static double
widest_tick (cairo_t *cr, const Series *series, const Scale *scale)
{
  double widest = 0;

  for (int64_t v = scale->lo; v <= scale->hi; v += scale->step)
    {
      g_autofree char *text = format_value (series->kind, v);

      widest = MAX (widest, text_width (cr, text, SMALL_SIZE));
    }
  return widest;
}

static void
draw_grid (cairo_t *cr, const Series *series, const Scale *scale, double left, double right,
           double top, double bottom)
{
  for (int64_t v = scale->lo; v <= scale->hi; v += scale->step)
    {
      g_autofree char *text = format_value (series->kind, v);
      double y = scale_y (scale, v, top, bottom);

      cairo_set_source_rgb (cr, v == 0 ? 0 : 0.75, v == 0 ? 0 : 0.75, v == 0 ? 0 : 0.75);
      cairo_set_line_width (cr, v == 0 ? 0.8 : 0.4);
      cairo_move_to (cr, left, y);
      cairo_line_to (cr, right, y);
      cairo_stroke (cr);
      cairo_set_source_rgb (cr, 0, 0, 0);
      put_text (cr, text, left - 3, y - SMALL_SIZE * 0.7, SMALL_SIZE, 1.0, FALSE);
    }
}

/* A bar's figure above (or under, when negative) its end; turned on its
 * side when the bar is narrower than the figure. */
static void
put_bar_value (cairo_t *cr, const char *text, double x, double y, double slot, gboolean negative)
{
  double w = text_width (cr, text, SMALL_SIZE);

  if (w + 2 <= slot)
    {
      put_text (cr, text, x, negative ? y + 1 : y - SMALL_SIZE * 1.4, SMALL_SIZE, 0.5, FALSE);
      return;
    }
  cairo_save (cr);
  cairo_translate (cr, x - SMALL_SIZE * 0.7, negative ? y + 2 + w : y - 2);
  cairo_rotate (cr, -G_PI / 2);
  put_text (cr, text, 0, 0, SMALL_SIZE, 0, FALSE);
  cairo_restore (cr);
}

/* "单位：元" above the tick labels: a manager reads "4.00" on an axis as a
 * figure of no unit. Money only: counts and points label themselves. */
static void
put_unit (cairo_t *cr, const Series *series)
{
  if (series->kind != MPOS_REPORT_MONEY)
    return;
  cairo_set_source_rgb (cr, 0, 0, 0);
  put_text (cr, "单位：元", 0, 1, SMALL_SIZE, 0, FALSE);
}

static void
draw_columns (cairo_t *cr, const Series *series, double width, double height)
{
  Scale scale = scale_for (series);
  double left = widest_tick (cr, series, &scale) + PAD;
  double top = 4 * SMALL_SIZE + PAD, bottom = height - FONT_SIZE * 1.6 - PAD;
  double slot = (width - left - PAD) / series->points->len;
  double zero = scale_y (&scale, 0, top, bottom);

  put_unit (cr, series);
  draw_grid (cr, series, &scale, left, width - PAD, top, bottom);
  for (guint i = 0; i < series->points->len; i++)
    {
      const Point *p = &g_array_index (series->points, Point, i);
      g_autofree char *value = format_value (series->kind, p->value);
      double x = left + slot * i, end = scale_y (&scale, p->value, top, bottom);

      cairo_rectangle (cr, x + slot * 0.15, MIN (end, zero), slot * 0.7, fabs (zero - end));
      fill_part (cr, 0);
      cairo_set_source_rgb (cr, 0, 0, 0);
      if (p->value != 0) /* an hour of nothing: no "0.00" over the axis */
        put_bar_value (cr, value, x + slot / 2, end, slot, p->value < 0);
      put_text (cr, p->label, x + slot / 2, bottom + 3, FONT_SIZE, 0.5, FALSE);
    }
}

static void
draw_rows (cairo_t *cr, const Series *series, double width, double height)
{
  Scale scale = scale_for (series);
  double label_w = 0, value_w = 0, pitch, left, right, span;

  for (guint i = 0; i < series->points->len; i++)
    {
      const Point *p = &g_array_index (series->points, Point, i);
      g_autofree char *value = format_value (series->kind, p->value);

      label_w = MAX (label_w, text_width (cr, p->label, FONT_SIZE));
      value_w = MAX (value_w, text_width (cr, value, SMALL_SIZE));
    }
  label_w = MIN (label_w, width * 0.35);
  left = label_w + PAD;
  right = width - value_w - 2 * PAD;
  span = (double)scale.hi - (double)scale.lo;
  pitch = MIN ((height - PAD) / series->points->len, FONT_SIZE * 2.6);
  for (guint i = 0; i < series->points->len; i++)
    {
      const Point *p = &g_array_index (series->points, Point, i);
      g_autofree char *value = format_value (series->kind, p->value);
      double y = PAD / 2 + pitch * i;
      double x0 = left + (0 - (double)scale.lo) / span * (right - left);
      double x1 = left + ((double)p->value - (double)scale.lo) / span * (right - left);

      cairo_save (cr);
      cairo_rectangle (cr, 0, y, label_w, pitch);
      cairo_clip (cr);
      cairo_set_source_rgb (cr, 0, 0, 0);
      put_text (cr, p->label, label_w, y + (pitch - FONT_SIZE * 1.3) / 2, FONT_SIZE, 1.0, FALSE);
      cairo_restore (cr);
      cairo_rectangle (cr, MIN (x0, x1), y + pitch * 0.15, fabs (x1 - x0), pitch * 0.7);
      fill_part (cr, 0);
      cairo_set_source_rgb (cr, 0, 0, 0);
      put_text (cr, value, MAX (x0, x1) + 3, y + (pitch - SMALL_SIZE * 1.3) / 2, SMALL_SIZE, 0,
                FALSE);
    }
}

/* Hours ("09") stand side by side; names read better as rows. */
static gboolean
labels_are_short (const Series *series)
{
  for (guint i = 0; i < series->points->len; i++)
    if (mpos_text_width (g_array_index (series->points, Point, i).label) > 5)
      return FALSE;
  return TRUE;
}

/* ---- share ---- */

/* The parts above zero, largest first, at most MAX_PARTS (the rest as one
 * part labelled "… (N)"); *total their sum. */
static GArray *
share_parts (const Series *series, int64_t *total, guint *rest_count)
{
  GArray *parts = g_array_new (FALSE, TRUE, sizeof (Point));
  int64_t rest = 0;

  *total = 0;
  for (guint i = 0; i < series->points->len; i++)
    {
      const Point *p = &g_array_index (series->points, Point, i);

      if (p->value <= 0)
        continue;
      *total += p->value;
      if (parts->len < MAX_PARTS - 1)
        g_array_append_val (parts, *p);
      else
        {
          rest += p->value;
          (*rest_count)++;
        }
    }
  if (*rest_count > 0)
    {
      Point other = { NULL, rest };

      g_array_append_val (parts, other);
    }
  return parts;
}

static char *
share_text (int64_t part, int64_t total)
{
  /* basis points, rounded half up; parts and total are far below 2^63 / 10^4 */
  int64_t bp = total > 0 ? (part * 20000 / total + 1) / 2 : 0;

  return format_value (MPOS_REPORT_SHARE, bp);
}

static void
draw_share (cairo_t *cr, const Series *series, double width, double height)
{
  int64_t total = 0, done = 0;
  guint rest_count = 0;
  g_autoptr (GArray) parts = share_parts (series, &total, &rest_count);
  double radius = MIN (height - 2 * PAD, width * 0.4) / 2;
  double cx = PAD + radius, cy = height / 2;
  double legend_x = cx + radius + 3 * PAD;
  double pitch = MIN ((height - PAD) / MAX (parts->len, 1u), FONT_SIZE * 2.2);

  if (total <= 0)
    {
      /* a period with no takings: said, not a blank box */
      cairo_set_source_rgb (cr, 0.35, 0.35, 0.35);
      put_text (cr, MPOS_REPORT_CHART_NOTHING, width / 2, height / 2 - FONT_SIZE, FONT_SIZE * 1.2,
                0.5, FALSE);
      return;
    }
  put_unit (cr, series); /* the legend's figures */
  for (guint i = 0; i < parts->len && total > 0; i++)
    {
      const Point *p = &g_array_index (parts, Point, i);
      double a0 = -G_PI / 2 + 2 * G_PI * ((double)done / (double)total);
      double a1 = -G_PI / 2 + 2 * G_PI * ((double)(done + p->value) / (double)total);
      g_autofree char *share = share_text (p->value, total);
      g_autofree char *value = format_value (series->kind, p->value);
      g_autofree char *other = NULL;
      double y = PAD / 2 + pitch * i;

      cairo_new_path (cr);
      cairo_arc (cr, cx, cy, radius, a0, a1);
      cairo_arc_negative (cr, cx, cy, radius * 0.55, a1, a0);
      cairo_close_path (cr);
      fill_part (cr, i);
      cairo_rectangle (cr, legend_x, y + 1, FONT_SIZE * 1.2, FONT_SIZE * 1.2);
      fill_part (cr, i);
      cairo_set_source_rgb (cr, 0, 0, 0);
      other = p->label == NULL ? g_strdup_printf ("… (%u)", rest_count) : NULL;
      put_text (cr, p->label != NULL ? p->label : other, legend_x + FONT_SIZE * 1.8, y, FONT_SIZE,
                0, FALSE);
      put_text (cr, value, width - PAD - 5.5 * FONT_SIZE, y, FONT_SIZE, 1.0, FALSE);
      put_text (cr, share, width - PAD, y, FONT_SIZE, 1.0, TRUE);
      done += p->value;
    }
}

void
mpos_report_chart_draw (cairo_t *cr, const MposReportTable *table, double width, double height)
{
  g_auto (Series) series = { 0 };

  if (!chart_column_ok (table))
    return;
  series_collect (&series, table);
  if (series.points->len == 0 || width < 40 || height < 40)
    return;
  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  if (table->chart == MPOS_REPORT_CHART_SHARE)
    draw_share (cr, &series, width, height);
  else if (labels_are_short (&series))
    draw_columns (cr, &series, width, height);
  else
    draw_rows (cr, &series, width, height);
  cairo_restore (cr);
}
