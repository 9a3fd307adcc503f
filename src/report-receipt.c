/* report-receipt.c — MposReport → MposReceipt (kind REPORT): the header as
 * the receipt's banner and rows, each table as a receipt table whose cells
 * are formatted once here (report-format.c); receipt-table.c lays them out
 * for the paper. */
#include "report-receipt.h"

#include "receipt-words.h"
#include "report-format.h"

static void
add_row (MposReceipt *receipt, MposReceiptWord word, const char *value)
{
  if (value != NULL)
    mpos_receipt_add_row (receipt, mpos_receipt_word (receipt->language, word), value);
}

static GStrv
row_texts (const MposReportTable *table, guint row)
{
  GStrv cells = g_new0 (char *, table->columns->len + 1);

  for (guint j = 0; j < table->columns->len; j++)
    cells[j] = mpos_report_cell_format (mpos_report_table_cell (table, row, j));
  return cells;
}

MposReceiptTable *
mpos_report_receipt_table (const MposReportTable *table)
{
  g_autoptr (GPtrArray) headings = g_ptr_array_new ();
  MposReceiptTable *out;

  for (guint j = 0; j < table->columns->len; j++)
    g_ptr_array_add (headings, g_array_index (table->columns, MposReportColumn, j).title);
  g_ptr_array_add (headings, NULL);
  out = mpos_receipt_table_new (table->title, (const char *const *)headings->pdata);
  for (guint i = 0; i < table->rows->len; i++)
    {
      g_auto (GStrv) cells = row_texts (table, i);
      const MposReportRow *row = &g_array_index (table->rows, MposReportRow, i);

      mpos_receipt_table_add_row (out, row->style == MPOS_REPORT_ROW_TOTAL,
                                  (const char *const *)cells);
    }
  mpos_receipt_table_set_note (out, table->note);
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
