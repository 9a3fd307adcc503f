/* report-pdf.c — the A4 report. The pages are laid out twice with the same
 * code: once on a recording surface to count them, once on the PDF with
 * "page n of N" known. A table is measured once (every cell through one
 * pango layout) and then drawn row by row, breaking to a new page with its
 * title (续) and headings whenever the next row would not fit. */
#include "report-pdf.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <pango/pangocairo.h>
#include <unistd.h>

#include "fd-write.h"
#include "receipt-words.h"
#include "report-chart.h"
#include "report-format.h"

#define MARGIN 42.0
#define BODY_SIZE 9.0
#define ROW_HEIGHT 15.0
#define CELL_PAD 5.0
#define CHART_HEIGHT 190.0
#define FOOT 28.0 /* the page number's band at the bottom */
#define CONTENT_WIDTH (MPOS_REPORT_PDF_WIDTH - 2 * MARGIN)
#define BOTTOM (MPOS_REPORT_PDF_HEIGHT - MARGIN - FOOT)

/* clang-format off */
G_DEFINE_QUARK (mpos-report-render-error-quark, mpos_report_render_error)
/* clang-format on */

typedef struct
{
  cairo_t *cr;
  PangoLayout *layout; /* reused for every text: measuring 10,000 rows stays cheap */
  const MposReport *report;
  const MposReportRenderOptions *options;
  GTimeZone *zone; /* the options', else the report's; NULL: UTC */
  double y;
  guint page;  /* the page being drawn, from 1 */
  guint pages; /* the count, 0 while it is not known yet */
} Pen;

/* A table's columns as drawn: x and width of each, figures right-aligned. */
typedef struct
{
  const MposReportTable *table;
  double *x, *width;
  double size;  /* font size, smaller when the columns would not fit */
  GStrv *cells; /* the formatted texts, row by row */
} Grid;

static const char *
word (const Pen *pen, MposReceiptWord w)
{
  return mpos_receipt_word (pen->options->language, w);
}

/* ---- text ---- */

static void
set_font (Pen *pen, double size, gboolean bold)
{
  PangoFontDescription *font = pango_font_description_from_string (MPOS_REPORT_FONT);

  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  pango_font_description_set_weight (font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (pen->layout, font);
  pango_font_description_free (font);
}

static double
measure (Pen *pen, const char *text)
{
  int w, h;

  pango_layout_set_width (pen->layout, -1);
  pango_layout_set_text (pen->layout, text, -1);
  pango_layout_get_pixel_size (pen->layout, &w, &h);
  return w;
}

/* Text at (x, y) aligned left/centre/right (0, 0.5, 1) of `room`, cut with
 * an ellipsis when wider than room. */
static void
show (Pen *pen, const char *text, double x, double y, double room, double align)
{
  double w = MIN (measure (pen, text), room);

  pango_layout_set_ellipsize (pen->layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_width (pen->layout, (int)(room * PANGO_SCALE));
  cairo_move_to (pen->cr, x + (room - w) * align, y);
  pango_cairo_show_layout (pen->cr, pen->layout);
  pango_layout_set_ellipsize (pen->layout, PANGO_ELLIPSIZE_NONE);
}

static void
rule (Pen *pen, double y, double width)
{
  cairo_set_line_width (pen->cr, width);
  cairo_move_to (pen->cr, MARGIN, y);
  cairo_line_to (pen->cr, MARGIN + CONTENT_WIDTH, y);
  cairo_stroke (pen->cr);
}

/* ---- page frame ---- */

static void
put_training (Pen *pen)
{
  const char *banner = word (pen, MPOS_WORD_TRAINING_REPORT);

  cairo_set_line_width (pen->cr, 1.5);
  cairo_rectangle (pen->cr, MARGIN, pen->y, CONTENT_WIDTH, 20);
  cairo_stroke (pen->cr);
  set_font (pen, 11, TRUE);
  show (pen, banner, MARGIN, pen->y + 3, CONTENT_WIDTH, 0.5);
  pen->y += 26;
}

/* "终端: T01   营业日: 2026-12-07   报表号: 12   生成时间: …" */
static char *
info_line (Pen *pen)
{
  const MposReport *r = pen->report;
  g_autofree char *period = mpos_report_format_days (r, pen->zone);
  g_autofree char *number = mpos_report_format_number (r);
  g_autofree char *made
      = r->generated_at ? mpos_report_format_time (r->generated_at, pen->zone) : NULL;
  GString *out = g_string_new (NULL);
  const struct
  {
    MposReceiptWord word;
    const char *value;
  } fields[] = {
    { MPOS_WORD_TERMINAL, r->terminal },
    { r->business_day != NULL ? MPOS_WORD_BUSINESS_DAY : MPOS_WORD_PERIOD, period },
    { MPOS_WORD_REPORT_NO, number },
    { MPOS_WORD_GENERATED, made },
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (fields[i].value != NULL && fields[i].value[0] != '\0')
      g_string_append_printf (out, "%s%s %s", out->len > 0 ? "    " : "",
                              word (pen, fields[i].word), fields[i].value);
  return g_string_free (out, FALSE);
}

static void
put_header (Pen *pen)
{
  g_autofree char *info = info_line (pen);
  gboolean first = pen->page == 1;

  pen->y = MARGIN;
  cairo_set_source_rgb (pen->cr, 0, 0, 0);
  set_font (pen, first ? 15 : 10, TRUE);
  show (pen, pen->report->store_name != NULL ? pen->report->store_name : "", MARGIN, pen->y,
        CONTENT_WIDTH, first ? 0.5 : 0);
  if (!first)
    show (pen, pen->report->title, MARGIN, pen->y, CONTENT_WIDTH, 1);
  pen->y += first ? 22 : 15;
  if (first)
    {
      set_font (pen, 13, TRUE);
      show (pen, pen->report->title, MARGIN, pen->y, CONTENT_WIDTH, 0.5);
      pen->y += 21;
      set_font (pen, BODY_SIZE, FALSE);
      show (pen, info, MARGIN, pen->y, CONTENT_WIDTH, 0.5);
      pen->y += 16;
    }
  if (pen->report->training)
    put_training (pen);
  rule (pen, pen->y, first ? 1.2 : 0.6);
  pen->y += 8;
}

static void
put_footer (Pen *pen)
{
  g_autofree char *page = g_strdup_printf ("%u", pen->page);
  g_autofree char *pages = g_strdup_printf ("%u", pen->pages);
  g_autoptr (GString) text = g_string_new (word (pen, MPOS_WORD_PAGE));

  if (pen->pages == 0)
    return;
  g_string_replace (text, "{page}", page, 1);
  g_string_replace (text, "{pages}", pages, 1);
  cairo_set_source_rgb (pen->cr, 0, 0, 0);
  set_font (pen, 8, FALSE);
  show (pen, text->str, MARGIN, MPOS_REPORT_PDF_HEIGHT - MARGIN - 10, CONTENT_WIDTH, 0.5);
}

static void
new_page (Pen *pen)
{
  if (pen->page > 0)
    {
      put_footer (pen);
      cairo_show_page (pen->cr);
    }
  pen->page++;
  put_header (pen);
}

/* ---- tables ---- */

static void
grid_clear (Grid *grid)
{
  for (guint i = 0; grid->cells != NULL && i < grid->table->rows->len + 1; i++)
    g_strfreev (grid->cells[i]);
  g_free (grid->cells);
  g_free (grid->x);
  g_free (grid->width);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Grid, grid_clear)

/* cells[0] are the headings, cells[1 + i] row i. */
static void
grid_format (Grid *grid)
{
  const MposReportTable *t = grid->table;
  guint n = t->columns->len;

  grid->cells = g_new0 (GStrv, t->rows->len + 1);
  grid->cells[0] = g_new0 (char *, n + 1);
  for (guint j = 0; j < n; j++)
    grid->cells[0][j] = mpos_report_column_heading (t, j);
  for (guint i = 0; i < t->rows->len; i++)
    {
      grid->cells[i + 1] = g_new0 (char *, n + 1);
      for (guint j = 0; j < n; j++)
        grid->cells[i + 1][j] = mpos_report_cell_format (mpos_report_table_cell (t, i, j));
    }
}

/* The column that takes the page's slack: the widest text column (a
 * product's name rather than its code), else the first. */
static guint
flexible_column (const Grid *grid)
{
  guint flex = 0;

  for (guint j = 1; j < grid->table->columns->len; j++)
    if (g_array_index (grid->table->columns, MposReportColumn, j).kind == MPOS_REPORT_TEXT
        && grid->width[j] > grid->width[flex])
      flex = j;
  return flex;
}

/* Columns as wide as their widest text; the flexible column takes the rest
 * (at least a quarter of the page), and the type shrinks (down to 6
 * points) when the others alone would not fit. */
static void
grid_measure (Grid *grid, Pen *pen)
{
  guint n = grid->table->columns->len, flex;
  double figures = 0, label = 0, x = MARGIN;

  grid->x = g_new0 (double, n);
  grid->width = g_new0 (double, n);
  grid->size = BODY_SIZE;
  set_font (pen, BODY_SIZE, TRUE); /* bold is the widest a cell is drawn */
  for (guint i = 0; i < grid->table->rows->len + 1; i++)
    for (guint j = 0; j < n; j++)
      grid->width[j] = MAX (grid->width[j], measure (pen, grid->cells[i][j]) + 2 * CELL_PAD);
  flex = flexible_column (grid);
  for (guint j = 0; j < n; j++)
    figures += j == flex ? 0 : grid->width[j];
  label = MAX (CONTENT_WIDTH - figures, CONTENT_WIDTH / 4);
  if (figures + label > CONTENT_WIDTH)
    grid->size = MAX (6.0, BODY_SIZE * (CONTENT_WIDTH - label) / figures);
  for (guint j = 0; j < n; j++)
    {
      grid->width[j] = j == flex ? label : grid->width[j] * grid->size / BODY_SIZE;
      grid->x[j] = x;
      x += grid->width[j];
    }
}

static void
put_row (Pen *pen, const Grid *grid, guint index, gboolean heading)
{
  const MposReportTable *t = grid->table;
  const MposReportRow *row = heading ? NULL : &g_array_index (t->rows, MposReportRow, index - 1);
  gboolean total = row != NULL && row->style == MPOS_REPORT_ROW_TOTAL;

  if (total)
    rule (pen, pen->y, 0.9);
  else if (row != NULL && index % 2 == 0)
    {
      cairo_set_source_rgb (pen->cr, 0.94, 0.94, 0.94);
      cairo_rectangle (pen->cr, MARGIN, pen->y, CONTENT_WIDTH, ROW_HEIGHT);
      cairo_fill (pen->cr);
    }
  cairo_set_source_rgb (pen->cr, 0, 0, 0);
  set_font (pen, grid->size, heading || total);
  for (guint j = 0; j < t->columns->len; j++)
    {
      MposReportKind kind = heading ? g_array_index (t->columns, MposReportColumn, j).kind
                                    : row->cells[j].kind;
      /* a heading sits as its column's cells do: over text on the left */
      gboolean right = j > 0 && kind != MPOS_REPORT_TEXT;

      show (pen, grid->cells[index][j], grid->x[j] + CELL_PAD,
            pen->y + (ROW_HEIGHT - grid->size * 1.25) / 2, grid->width[j] - 2 * CELL_PAD,
            right ? 1 : 0);
    }
  pen->y += ROW_HEIGHT;
  if (heading)
    rule (pen, pen->y, 0.6);
}

static void
put_title (Pen *pen, const MposReportTable *table, gboolean continued)
{
  g_autofree char *title = g_strconcat (table->title != NULL ? table->title : "",
                                        continued ? word (pen, MPOS_WORD_CONTINUED) : "", NULL);

  cairo_set_source_rgb (pen->cr, 0, 0, 0);
  set_font (pen, 11, TRUE);
  show (pen, title, MARGIN, pen->y, CONTENT_WIDTH, 0);
  pen->y += 18;
}

/* Room for n more lines of the table on this page, else a new page with the
 * table's title (续) and headings. */
static void
ensure_rows (Pen *pen, const Grid *grid, guint n)
{
  if (pen->y + n * ROW_HEIGHT <= BOTTOM)
    return;
  new_page (pen);
  put_title (pen, grid->table, TRUE);
  put_row (pen, grid, 0, TRUE);
}

static void
put_chart (Pen *pen, const MposReportTable *table)
{
  cairo_save (pen->cr);
  cairo_translate (pen->cr, MARGIN, pen->y);
  mpos_report_chart_draw (pen->cr, table, CONTENT_WIDTH, CHART_HEIGHT);
  cairo_restore (pen->cr);
  pen->y += CHART_HEIGHT + 8;
}

/* The note laid out across the page, wrapped (a CJK sentence between any
 * two characters); the rows of ROW_HEIGHT it takes. */
static guint
lay_out_note (Pen *pen, const char *note)
{
  int height;

  set_font (pen, 8, FALSE);
  pango_layout_set_text (pen->layout, note, -1);
  pango_layout_set_width (pen->layout, (int)(CONTENT_WIDTH * PANGO_SCALE));
  pango_layout_set_wrap (pen->layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_get_pixel_size (pen->layout, NULL, &height);
  return MAX (1, (guint)((height + ROW_HEIGHT - 1) / ROW_HEIGHT));
}

/* A note says what to do (待审批退货未计入：日结前请审批…): never cut, it
 * wraps onto as many lines as it needs. */
static void
put_note (Pen *pen, const Grid *grid, const char *note)
{
  guint rows = lay_out_note (pen, note);

  ensure_rows (pen, grid, rows); /* a new page draws its headings: lay out again */
  lay_out_note (pen, note);
  cairo_set_source_rgb (pen->cr, 0.2, 0.2, 0.2);
  cairo_move_to (pen->cr, MARGIN, pen->y + 3);
  pango_cairo_show_layout (pen->cr, pen->layout);
  pango_layout_set_width (pen->layout, -1);
  pango_layout_set_wrap (pen->layout, PANGO_WRAP_WORD);
  pen->y += rows * ROW_HEIGHT;
}

static void
put_table (Pen *pen, const MposReportTable *table)
{
  g_auto (Grid) grid = { table, NULL, NULL, BODY_SIZE, NULL };
  g_autofree char *note = mpos_report_table_note_text (table);
  guint empty_at;
  const char *empty = mpos_report_table_empty_text (table, &empty_at);
  gboolean chart = mpos_report_chart_drawable (table);
  double head = 18 + (chart ? CHART_HEIGHT + 8 : 0) + 3 * ROW_HEIGHT;

  if (table->columns->len == 0)
    return;
  grid_format (&grid);
  grid_measure (&grid, pen);
  /* The title never stands alone at a page's foot: it goes with its chart,
   * its headings and a first row or two. */
  if (pen->y + head > BOTTOM)
    new_page (pen);
  put_title (pen, table, FALSE);
  if (chart)
    put_chart (pen, table);
  put_row (pen, &grid, 0, TRUE);
  for (guint i = 1; i <= table->rows->len; i++)
    {
      if (empty != NULL && i - 1 == empty_at) /* 无 where the rows would be, above the totals */
        put_note (pen, &grid, empty);
      ensure_rows (pen, &grid, 1);
      put_row (pen, &grid, i, FALSE);
    }
  if (empty != NULL && empty_at == table->rows->len)
    put_note (pen, &grid, empty);
  if (note != NULL)
    put_note (pen, &grid, note);
  pen->y += 12;
}

static guint
draw_pages (const MposReport *report, const MposReportRenderOptions *options,
            cairo_surface_t *surface, guint pages)
{
  cairo_t *cr = cairo_create (surface);
  g_autoptr (GTimeZone) zone = options->zone != NULL ? g_time_zone_ref (options->zone)
                                                     : mpos_report_time_zone (report);
  Pen pen = { cr, pango_cairo_create_layout (cr), report, options, zone, 0, 0, pages };

  new_page (&pen);
  for (guint i = 0; i < report->tables->len; i++)
    put_table (&pen, g_ptr_array_index (report->tables, i));
  put_footer (&pen);
  cairo_show_page (cr);
  g_object_unref (pen.layout);
  cairo_destroy (cr);
  return pen.page;
}

guint
mpos_report_pdf_draw (const MposReport *report, const MposReportRenderOptions *options,
                      cairo_surface_t *surface)
{
  cairo_rectangle_t page = { 0, 0, MPOS_REPORT_PDF_WIDTH, MPOS_REPORT_PDF_HEIGHT };
  cairo_surface_t *count = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, &page);
  guint pages = draw_pages (report, options, count, 0);

  cairo_surface_destroy (count);
  return draw_pages (report, options, surface, pages);
}

/* ---- the file ---- */

static cairo_status_t
write_bytes (void *closure, const unsigned char *data, unsigned int length)
{
  return mpos_fd_write_all (GPOINTER_TO_INT (closure), data, length) ? CAIRO_STATUS_SUCCESS
                                                                       : CAIRO_STATUS_WRITE_ERROR;
}

/* A report names the store's takings: the file is its maker's only, never
 * written through a link someone planted nor over a file (cairo's own file
 * API would follow the link and truncate the file). */
static int
open_new (const char *path, GError **error)
{
  int fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  int saved = errno;

  if (fd >= 0)
    return fd;
  if (saved == EEXIST || saved == ELOOP)
    g_set_error (error, MPOS_REPORT_RENDER_ERROR, MPOS_REPORT_RENDER_ERROR_EXISTS,
                 "%s already exists: a report is never written over a file; give a new name, or "
                 "move the old file away first",
                 path);
  else
    g_set_error (error, MPOS_REPORT_RENDER_ERROR, MPOS_REPORT_RENDER_ERROR_IO,
                 "cannot make %s: %s (check that the folder exists and you may write in it)", path,
                 g_strerror (saved));
  return -1;
}

gboolean
mpos_report_pdf_save (const MposReport *report, const MposReportRenderOptions *options,
                      const char *path, GError **error)
{
  int fd = open_new (path, error);
  cairo_surface_t *surface;
  cairo_status_t status;

  if (fd < 0)
    return FALSE;
  surface = cairo_pdf_surface_create_for_stream (write_bytes, GINT_TO_POINTER (fd),
                                                 MPOS_REPORT_PDF_WIDTH, MPOS_REPORT_PDF_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE,
                                  report->title != NULL ? report->title : "");
  mpos_report_pdf_draw (report, options, surface);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if ((fsync (fd) != 0 || close (fd) != 0) && status == CAIRO_STATUS_SUCCESS)
    status = CAIRO_STATUS_WRITE_ERROR;
  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  g_unlink (path);
  g_set_error (error, MPOS_REPORT_RENDER_ERROR, MPOS_REPORT_RENDER_ERROR_IO,
               "cannot write %s: %s (is the disk full? nothing was kept; try again)", path,
               cairo_status_to_string (status));
  return FALSE;
}
