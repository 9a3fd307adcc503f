/* receipt-table.c — a report's table laid out on receipt paper. The layout
 * is picked once per table so that every row of one table reads the same
 * way: ROW (label and figures on one line), STACK (label above, figures on
 * the next line) or LIST (label above, one "heading  figure" line per
 * figure). Lines never end in blanks and never pass the paper's width. */
#include "receipt-table.h"

#include "text-width.h"

#define GAP 1       /* blank columns left of every figure */
#define MIN_LABEL 8 /* a label narrower than four hanzi reads badly: stack instead */
#define INDENT 2    /* LIST figures sit under their label */

typedef enum
{
  LAYOUT_ROW,
  LAYOUT_STACK,
  LAYOUT_LIST,
} Layout;

typedef struct
{
  GString *out;
  guint columns;
  MposTextCodec *codec;
  guint *widths; /* per figure column (index 0 unused): widest heading or cell */
  guint figures; /* columns all figures take with their gaps */
  Layout layout;
} Sheet;

static void
row_free (gpointer data)
{
  MposReceiptTableRow *row = data;

  g_strfreev (row->cells);
  g_free (row);
}

static GStrv
clean_cells (const char *const *cells, guint n)
{
  GStrv out = g_new0 (char *, n + 1);

  for (guint i = 0; i < n; i++)
    out[i] = mpos_text_clean (cells != NULL ? cells[i] : NULL);
  return out;
}

MposReceiptTable *
mpos_receipt_table_new (const char *title, const char *const *headings)
{
  MposReceiptTable *table;

  g_return_val_if_fail (headings != NULL && headings[0] != NULL, NULL);
  table = g_new0 (MposReceiptTable, 1);
  table->title = title != NULL ? mpos_text_clean (title) : NULL;
  table->n_columns = g_strv_length ((GStrv)headings);
  table->headings = clean_cells (headings, table->n_columns);
  table->rows = g_ptr_array_new_with_free_func (row_free);
  return table;
}

void
mpos_receipt_table_free (MposReceiptTable *table)
{
  if (table == NULL)
    return;
  g_free (table->title);
  g_strfreev (table->headings);
  g_clear_pointer (&table->rows, g_ptr_array_unref);
  g_free (table->note);
  g_free (table->empty);
  g_free (table);
}

void
mpos_receipt_table_add_row (MposReceiptTable *table, gboolean total, const char *const *cells)
{
  MposReceiptTableRow *row = g_new0 (MposReceiptTableRow, 1);

  row->total = total;
  row->cells = clean_cells (cells, table->n_columns);
  g_ptr_array_add (table->rows, row);
}

static void
set_clean (char **field, const char *text)
{
  g_free (*field);
  *field = text != NULL ? mpos_text_clean (text) : NULL;
}

void
mpos_receipt_table_set_note (MposReceiptTable *table, const char *note)
{
  set_clean (&table->note, note);
}

void
mpos_receipt_table_set_empty (MposReceiptTable *table, const char *empty)
{
  set_clean (&table->empty, empty);
}

/* ---- layout ---- */

static guint
width_of (const Sheet *sheet, const char *text)
{
  return mpos_text_width_in (sheet->codec, text);
}

static void
end_line (Sheet *sheet)
{
  gsize len = sheet->out->len;

  while (len > 0 && sheet->out->str[len - 1] == ' ')
    len--;
  g_string_truncate (sheet->out, len);
  g_string_append_c (sheet->out, '\n');
}

static void
put_rule (Sheet *sheet)
{
  for (guint i = 0; i < sheet->columns; i++)
    g_string_append_c (sheet->out, '-');
  end_line (sheet);
}

/* Writes `text` wrapped at `room` after `indent` blanks; the last line is
 * left open (padded to `room`) when `open_last`, so figures can follow it. */
static void
put_wrapped (Sheet *sheet, guint indent, const char *text, guint room, gboolean open_last)
{
  const char *rest = mpos_text_skip_break (text);

  do
    {
      gsize n = *rest != '\0' ? mpos_text_next_line (sheet->codec, rest, room) : 0;
      g_autofree char *chunk = g_strndup (rest, n);
      gboolean last;

      rest = mpos_text_skip_break (rest + n);
      last = *rest == '\0';
      for (guint i = 0; i < indent; i++)
        g_string_append_c (sheet->out, ' ');
      mpos_text_append_padded_in (sheet->codec, sheet->out, chunk, room, FALSE);
      if (!(last && open_last))
        end_line (sheet);
    }
  while (*rest != '\0');
}

static guint
widest_label (const Sheet *sheet, const MposReceiptTable *table)
{
  guint w = width_of (sheet, table->headings[0]);

  for (guint i = 0; i < table->rows->len; i++)
    {
      const MposReceiptTableRow *row = g_ptr_array_index (table->rows, i);

      w = MAX (w, width_of (sheet, row->cells[0]));
    }
  return w;
}

static void
measure (Sheet *sheet, const MposReceiptTable *table)
{
  sheet->figures = 0;
  for (guint j = 1; j < table->n_columns; j++)
    {
      guint w = width_of (sheet, table->headings[j]);

      for (guint i = 0; i < table->rows->len; i++)
        {
          const MposReceiptTableRow *row = g_ptr_array_index (table->rows, i);

          w = MAX (w, width_of (sheet, row->cells[j]));
        }
      sheet->widths[j] = MIN (w, sheet->columns - GAP);
      sheet->figures += sheet->widths[j] + GAP;
    }
  /* beside the figures only when every label fits there whole: a label
   * broken into a narrow column ("100055 金龙 / 鱼黄金…") reads worse
   * than a label line above its figures */
  if (sheet->figures + MAX (widest_label (sheet, table), MIN_LABEL) <= sheet->columns)
    sheet->layout = LAYOUT_ROW;
  else if (sheet->figures <= sheet->columns)
    sheet->layout = LAYOUT_STACK;
  else
    sheet->layout = LAYOUT_LIST;
}

/* The figure columns of one line, right-aligned, flush with the right edge. */
static void
put_figures (Sheet *sheet, const MposReceiptTable *table, const char *const *cells)
{
  for (guint j = 1; j < table->n_columns; j++)
    {
      g_string_append_c (sheet->out, ' ');
      mpos_text_append_padded_in (sheet->codec, sheet->out, cells[j], sheet->widths[j], TRUE);
    }
  end_line (sheet);
}

/* One figure of a LIST row: "  heading     value" when both fit on the
 * line; else the heading, then the value wrapped under it, indented once
 * more. Nothing is ever cut: a long product name wraps, whole. */
static void
put_list_item (Sheet *sheet, const char *heading, const char *value)
{
  guint room = sheet->columns - INDENT;
  guint value_width = width_of (sheet, value);
  guint heading_width = width_of (sheet, heading);

  if (heading_width + GAP + value_width <= room)
    {
      g_string_append (sheet->out, "  ");
      mpos_text_append_padded_in (sheet->codec, sheet->out, heading, room - value_width - GAP,
                                  FALSE);
      g_string_append_c (sheet->out, ' ');
      mpos_text_append_padded_in (sheet->codec, sheet->out, value, value_width, TRUE);
      end_line (sheet);
      return;
    }
  put_wrapped (sheet, INDENT, heading, room, FALSE);
  put_wrapped (sheet, 2 * INDENT, value, sheet->columns - 2 * INDENT, FALSE);
}

static void
put_line (Sheet *sheet, const MposReceiptTable *table, const char *const *cells)
{
  guint label_room = sheet->columns - sheet->figures;

  if (sheet->layout == LAYOUT_ROW)
    {
      put_wrapped (sheet, 0, cells[0], label_room, TRUE);
      put_figures (sheet, table, cells);
      return;
    }
  if (cells[0][0] != '\0')
    put_wrapped (sheet, 0, cells[0], sheet->columns, FALSE);
  if (sheet->layout == LAYOUT_STACK)
    {
      for (guint i = 0; i < label_room; i++)
        g_string_append_c (sheet->out, ' ');
      put_figures (sheet, table, cells);
      return;
    }
  for (guint j = 1; j < table->n_columns; j++)
    put_list_item (sheet, table->headings[j], cells[j]);
}

guint
mpos_receipt_table_natural_width (const MposReceiptTable *table, MposTextCodec *codec)
{
  g_autofree guint *widths = g_new0 (guint, table->n_columns);
  Sheet sheet = { NULL, G_MAXUINT / 2, codec, widths, 0, LAYOUT_ROW };
  guint label = width_of (&sheet, table->headings[0]);

  measure (&sheet, table);
  for (guint i = 0; i < table->rows->len; i++)
    {
      const MposReceiptTableRow *row = g_ptr_array_index (table->rows, i);

      label = MAX (label, width_of (&sheet, row->cells[0]));
    }
  return MAX (label, MIN_LABEL) + sheet.figures;
}

/* "无" once, where the rows would be: before the first total, else at the end. */
static void
put_empty (Sheet *sheet, const MposReceiptTable *table, gboolean *placed)
{
  if (*placed || table->empty == NULL || table->empty[0] == '\0')
    return;
  put_wrapped (sheet, 0, table->empty, sheet->columns, FALSE);
  *placed = TRUE;
}

void
mpos_receipt_table_render (const MposReceiptTable *table, GString *out, guint columns,
                           MposTextCodec *codec)
{
  g_autofree guint *widths = g_new0 (guint, table->n_columns);
  Sheet sheet = { out, MAX (columns, MIN_LABEL + GAP + 1), codec, widths, 0, LAYOUT_ROW };
  gboolean ruled = FALSE, emptied = FALSE;

  measure (&sheet, table);
  put_rule (&sheet);
  if (table->title != NULL && table->title[0] != '\0')
    put_wrapped (&sheet, 0, table->title, sheet.columns, FALSE);
  if (sheet.layout != LAYOUT_LIST)
    put_line (&sheet, table, (const char *const *)table->headings);
  for (guint i = 0; i < table->rows->len; i++)
    {
      const MposReceiptTableRow *row = g_ptr_array_index (table->rows, i);

      if (row->total)
        put_empty (&sheet, table, &emptied);
      if (row->total && !ruled)
        put_rule (&sheet);
      ruled = row->total;
      put_line (&sheet, table, (const char *const *)row->cells);
    }
  put_empty (&sheet, table, &emptied);
  if (table->note != NULL && table->note[0] != '\0')
    put_wrapped (&sheet, 0, table->note, sheet.columns, FALSE);
}
