/* report-receipt.c — MposReport → MposReceipt (kind REPORT): the header as
 * the receipt's banner and rows, each table as a receipt table whose cells
 * are formatted once here (report-format.c); receipt-table.c lays them out
 * for the paper. Leading text columns (a product's code and name) make one
 * label there. */
#include "report-receipt.h"

#include "receipt-words.h"
#include "report-format.h"

static void
add_row (MposReceipt *receipt, MposReceiptWord word, const char *value)
{
  if (value != NULL)
    mpos_receipt_add_row (receipt, mpos_receipt_word (receipt->language, word), value);
}

/* How many columns from the first are text: on paper they are one label
 * ("100055 金龙鱼…调和油 5L"), so the figures keep a line of their own
 * and a product ranking reads as one or two lines a product, not five. */
static guint
leading_text_columns (const MposReportTable *table)
{
  guint n = 1;

  while (n < table->columns->len
         && g_array_index (table->columns, MposReportColumn, n).kind == MPOS_REPORT_TEXT)
    n++;
  return n;
}

/* The texts of a row (row < 0: the headings), the first `lead` joined. */
static GStrv
row_texts (const MposReportTable *table, int row, guint lead)
{
  guint n = table->columns->len - lead + 1;
  GStrv cells = g_new0 (char *, n + 1);
  g_autoptr (GString) label = g_string_new (NULL);

  for (guint j = 0; j < table->columns->len; j++)
    {
      char *text = row < 0 ? mpos_report_column_heading (table, j)
                           : mpos_report_cell_format (mpos_report_table_cell (table, row, j));
      if (j >= lead)
        {
          cells[j - lead + 1] = text;
          continue;
        }
      if (text[0] != '\0')
        g_string_append_printf (label, "%s%s", label->len > 0 ? " " : "", text);
      g_free (text);
    }
  cells[0] = g_strdup (label->str);
  return cells;
}

MposReceiptTable *
mpos_report_receipt_table (const MposReportTable *table)
{
  guint lead = leading_text_columns (table);
  g_auto (GStrv) headings = row_texts (table, -1, lead);
  g_autofree char *note = mpos_report_table_note_text (table);
  MposReceiptTable *out;

  out = mpos_receipt_table_new (table->title, (const char *const *)headings);
  for (guint i = 0; i < table->rows->len; i++)
    {
      g_auto (GStrv) cells = row_texts (table, (int)i, lead);
      const MposReportRow *row = &g_array_index (table->rows, MposReportRow, i);

      mpos_receipt_table_add_row (out, row->style == MPOS_REPORT_ROW_TOTAL,
                                  (const char *const *)cells);
    }
  mpos_receipt_table_set_note (out, note);
  mpos_receipt_table_set_empty (out, mpos_report_table_empty_text (table, &(guint){ 0 }));
  return out;
}

MposReceipt *
mpos_report_receipt (const MposReport *report, MposReceiptLanguage language, GTimeZone *given)
{
  g_autoptr (GTimeZone) zone = given != NULL ? g_time_zone_ref (given)
                                             : mpos_report_time_zone (report);
  MposReceipt *receipt = mpos_receipt_new (MPOS_RECEIPT_REPORT);
  g_autofree char *period = mpos_report_format_days (report, zone);
  g_autofree char *number = mpos_report_format_number (report);
  g_autofree char *generated = NULL;

  receipt->language = language;
  receipt->training = report->training;
  receipt->store_name = g_strdup (report->store_name);
  receipt->terminal = g_strdup (report->terminal);
  receipt->notice = g_strdup (report->title);
  if (report->generated_at != 0)
    generated = mpos_report_format_time (report->generated_at, zone);
  add_row (receipt, report->business_day != NULL ? MPOS_WORD_BUSINESS_DAY : MPOS_WORD_PERIOD,
           period);
  add_row (receipt, MPOS_WORD_REPORT_NO, number);
  add_row (receipt, MPOS_WORD_GENERATED, generated);
  for (guint i = 0; i < report->tables->len; i++)
    {
      const MposReportTable *table = g_ptr_array_index (report->tables, i);

      if (table->columns->len > 0) /* a table of nothing prints nothing */
        g_ptr_array_add (receipt->tables, mpos_report_receipt_table (table));
    }
  return receipt;
}
