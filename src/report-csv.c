/* report-csv.c — an MposReport as one RFC 4180 file (report-csv.h): every
 * record as wide as the widest table, the table's id first, so a
 * spreadsheet or a script reads every table of the report from one file.
 * For Excel the file starts with the UTF-8 byte order mark (without it,
 * Excel on a Chinese Windows reads the file as GBK and shows 乱码) and text
 * cells Excel would change are written so it keeps them. */
#include "report-csv.h"
#include "report-format.h"

#include <string.h>

#define UTF8_BOM "\xEF\xBB\xBF"

static void
append_field (GString *out, const char *text, gboolean first)
{
  if (!first)
    g_string_append_c (out, ',');
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *c = text; *c; c++)
    {
      if (*c == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *c);
    }
  g_string_append_c (out, '"');
}

/* TRUE when Excel would read text as a number and lose what it says: a
 * barcode or card number of 12 digits or more (shown as 6.90123E+12), or
 * digits with a leading zero (00123 becomes 123). */
static gboolean
excel_would_renumber (const char *text)
{
  size_t n = strspn (text, "0123456789");

  return n > 0 && text[n] == '\0' && (n >= 12 || (text[0] == '0' && n > 1));
}

/* A text cell as Excel should show it: codes as ="00123" (a formula giving
 * the text), text that would start a formula (= + - @) after an
 * apostrophe, so an imported product name cannot run as one; NULL when
 * the text is fine as it is. */
char *
mpos_report_csv_excel_text (const char *text)
{
  if (excel_would_renumber (text))
    return g_strdup_printf ("=\"%s\"", text);
  if (text[0] != '\0' && strchr ("=+-@\t\r", text[0]) != NULL)
    return g_strconcat ("'", text, NULL);
  return NULL;
}

/* One record: id, then fields, padded with empty fields to `width`. */
static void
append_record (GString *out, const char *id, const char *const *fields, guint n, guint width)
{
  append_field (out, id, TRUE);
  for (guint i = 0; i < width; i++)
    append_field (out, i < n ? fields[i] : "", FALSE);
  g_string_append (out, "\r\n");
}

static guint
widest (const MposReport *report)
{
  guint width = 2;

  for (guint i = 0; i < report->tables->len; i++)
    {
      const MposReportTable *table = g_ptr_array_index (report->tables, i);
      width = MAX (width, table->columns->len);
    }
  return width;
}

/* Times as the store's clock reads them ("2026-12-07 04:00", " UTC" when
 * the report names no zone this machine knows): a manager reads the period
 * in the spreadsheet, not Unix seconds. The Excel file is read by people:
 * its header rows say their labels in the report's words (营业日, 练习模式 是);
 * the plain file keeps the English keys scripts read (business_day, true). */
static void
append_report_header (GString *out, const MposReport *report, guint width,
                      MposReportCsvFlavour flavour)
{
  g_autoptr (GTimeZone) zone = mpos_report_time_zone (report);
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, report->number);
  g_autofree char *from = mpos_report_format_time (report->from, zone);
  g_autofree char *to = mpos_report_format_time (report->to, zone);
  g_autofree char *generated = mpos_report_format_time (report->generated_at, zone);
  gboolean people = flavour == MPOS_REPORT_CSV_EXCEL;
  const char *training
      = people ? (report->training ? "是" : "否") : (report->training ? "true" : "false");
  const char *const rows[][3] = {
    { "field", "项目", "value" },
    { "kind", "类型", report->kind },
    { "title", "标题", report->title ? report->title : "" },
    { "store", "门店", report->store_name ? report->store_name : "" },
    { "terminal", "终端", report->terminal ? report->terminal : "" },
    { "time_zone", "时区", report->time_zone ? report->time_zone : "" },
    { "business_day", "营业日", report->business_day ? report->business_day : "" },
    { "from", "开始", from },
    { "to", "结束", to },
    { "number", "编号", number },
    { "generated_at", "生成时间", generated },
    { "training", "练习模式", training },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      const char *value = i == 0 && people ? "内容" : rows[i][2];

      append_record (out, people ? "报表" : "report",
                     (const char *const[]){ rows[i][people ? 1 : 0], value }, 2, width);
    }
}

/* A cell's CSV text: as the plain file has it, or as Excel should show it. */
static char *
cell_text (const MposReportCell *cell, MposReportCsvFlavour flavour)
{
  char *text = mpos_report_cell_data (cell), *excel;

  if (flavour != MPOS_REPORT_CSV_EXCEL || cell->kind != MPOS_REPORT_TEXT
      || (excel = mpos_report_csv_excel_text (text)) == NULL)
    return text;
  g_free (text);
  return excel;
}

static void
append_table (GString *out, const MposReportTable *t, guint width, MposReportCsvFlavour flavour)
{
  g_autofree const char **fields = g_new0 (const char *, t->columns->len + 1);
  g_autofree char *total_id = g_strconcat (t->id, ":total", NULL);

  for (guint c = 0; c < t->columns->len; c++)
    fields[c] = g_array_index (t->columns, MposReportColumn, c).title;
  append_record (out, t->id, fields, t->columns->len, width);
  for (guint r = 0; r < t->rows->len; r++)
    {
      g_auto (GStrv) cells = g_new0 (char *, t->columns->len + 1);
      gboolean total = g_array_index (t->rows, MposReportRow, r).style == MPOS_REPORT_ROW_TOTAL;
      for (guint c = 0; c < t->columns->len; c++)
        cells[c] = cell_text (mpos_report_table_cell (t, r, c), flavour);
      append_record (out, total ? total_id : t->id, (const char *const *)cells, t->columns->len,
                     width);
    }
}

char *
mpos_report_to_csv (const MposReport *report, MposReportCsvFlavour flavour)
{
  GString *out = g_string_new (flavour == MPOS_REPORT_CSV_EXCEL ? UTF8_BOM : NULL);
  guint width = widest (report);

  append_report_header (out, report, width, flavour);
  for (guint i = 0; i < report->tables->len; i++)
    append_table (out, g_ptr_array_index (report->tables, i), width, flavour);
  return g_string_free (out, FALSE);
}
