/* mpos-report-view.c — a report's tables as GTK widgets. Figures are
 * formatted by the core's report formatter, so the screen shows exactly what
 * the paper and the PDF show; charts are the PDF's own drawing. */
#include "mpos-report-view.h"

#include <glib/gi18n.h>

#include "report-chart.h"
#include "report-format.h"

#define CHART_HEIGHT 260
/* The chart is laid out in points for paper: on screen it is drawn larger
 * and no wider than a reader's eye takes in at once. */
#define SCREEN_SCALE 1.5
#define MAX_CHART_WIDTH 760.0
#define TABLE_WIDTH 640

static void
draw_chart (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
  const MposReportTable *table = data;

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, SCREEN_SCALE, SCREEN_SCALE);
  mpos_report_chart_draw (cr, table, MIN (width / SCREEN_SCALE, MAX_CHART_WIDTH),
                          height / SCREEN_SCALE);
}

static GtkWidget *
chart_for (const MposReport *report, guint index)
{
  GtkWidget *area = gtk_drawing_area_new ();
  /* The area keeps its own copy: the report on screen may be replaced. */
  MposReport *copy = mpos_report_copy (report);

  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area), CHART_HEIGHT);
  gtk_widget_add_css_class (area, "report-chart");
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_chart,
                                  g_ptr_array_index (copy->tables, index), NULL);
  g_object_set_data_full (G_OBJECT (area), "report", copy, (GDestroyNotify)mpos_report_free);
  return area;
}

static GtkWidget *
cell_label (const char *text, gboolean figure, gboolean strong)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), figure ? 1.0f : 0.0f);
  gtk_widget_set_hexpand (label, !figure);
  if (strong)
    gtk_widget_add_css_class (label, "report-strong");
  return label;
}

static GtkWidget *
grid_for (const MposReportTable *table)
{
  GtkWidget *grid = gtk_grid_new ();
  guint shown = MIN (table->rows->len, (guint)MPOS_REPORT_VIEW_MAX_ROWS);
  guint empty_at;
  const char *empty = mpos_report_table_empty_text (table, &empty_at);

  /* figures near their labels: the eye does not cross a 1366-wide gap */
  gtk_widget_set_halign (grid, GTK_ALIGN_START);
  gtk_widget_set_size_request (grid, TABLE_WIDTH, -1);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 18);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 2);
  gtk_widget_add_css_class (grid, "report-table");
  for (guint j = 0; j < table->columns->len; j++)
    {
      g_autofree char *heading = mpos_report_column_heading (table, j);

      gtk_grid_attach (GTK_GRID (grid), cell_label (heading, j > 0, TRUE), (int)j, 0, 1, 1);
    }
  /* 无 where the rows would be: under the headings, above the totals */
  if (empty != NULL)
    gtk_grid_attach (GTK_GRID (grid), cell_label (empty, FALSE, FALSE), 0, (int)empty_at + 1,
                     (int)table->columns->len, 1);
  for (guint i = 0; i < shown; i++)
    {
      const MposReportRow *row = &g_array_index (table->rows, MposReportRow, i);
      gboolean total = row->style == MPOS_REPORT_ROW_TOTAL;
      int at = (int)i + 1 + (empty != NULL && i >= empty_at);

      for (guint j = 0; j < table->columns->len; j++)
        {
          g_autofree char *text = mpos_report_cell_format (&row->cells[j]);
          GtkWidget *label
              = cell_label (text, j > 0 && row->cells[j].kind != MPOS_REPORT_TEXT, total);

          if (total)
            gtk_widget_add_css_class (label, "report-total");
          gtk_grid_attach (GTK_GRID (grid), label, (int)j, at, 1, 1);
        }
    }
  return grid;
}

static void
add_table (GtkBox *box, const MposReport *report, guint index)
{
  const MposReportTable *table = g_ptr_array_index (report->tables, index);
  GtkWidget *title = gtk_label_new (table->title);
  g_autofree char *note = mpos_report_table_note_text (table);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "report-table-title");
  gtk_box_append (box, title);
  if (mpos_report_chart_drawable (table))
    gtk_box_append (box, chart_for (report, index));
  if (table->columns->len > 0)
    gtk_box_append (box, grid_for (table));
  if (table->rows->len > MPOS_REPORT_VIEW_MAX_ROWS)
    {
      g_autofree char *more = g_strdup_printf (
          _ ("%u more rows: print the report or save it as a PDF to see them all."),
          table->rows->len - MPOS_REPORT_VIEW_MAX_ROWS);

      gtk_box_append (box, cell_label (more, FALSE, FALSE));
    }
  if (note != NULL)
    gtk_box_append (box, cell_label (note, FALSE, FALSE));
}

void
mpos_report_view_fill (GtkBox *box, const MposReport *report)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
  if (report == NULL)
    return;
  for (guint i = 0; i < report->tables->len; i++)
    add_table (box, report, i);
}
