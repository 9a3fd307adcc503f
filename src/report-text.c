/* report-text.c — an MposReport as aligned plain text (report-text.h): the
 * header, then each table laid out by receipt-table.c, the one layout of a
 * report's columns (display width: a CJK character takes two columns;
 * figures right-aligned; a rule above each total row), so the text of
 * `mallposctl report --width 32` is what the 58 mm printer prints. */
#include "report-text.h"
#include "report-format.h"
#include "report-receipt.h"
#include "text-width.h"

static void
append_centred (GString *out, const char *text, guint width)
{
  guint w = mpos_text_width (text);

  if (width > w)
    g_string_append_printf (out, "%*s", (int)((width - w) / 2), "");
  g_string_append (out, text);
  g_string_append_c (out, '\n');
}

/* A time of the report in the store's zone. */
static char *
local_time (const MposReport *report, int64_t at, const char *format)
{
  g_autoptr (GTimeZone) zone = report->time_zone ? g_time_zone_new_identifier (report->time_zone)
                                                 : NULL;
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (at);
  g_autoptr (GDateTime) t = NULL;

  if (utc == NULL)
    return g_strdup ("");
  t = zone ? g_date_time_to_timezone (utc, zone) : g_date_time_ref (utc);
  return g_date_time_format (t, format);
}

static void
append_header (GString *out, const MposReport *report, guint width)
{
  g_autofree char *made = local_time (report, report->generated_at, "%Y-%m-%d %H:%M:%S");

  append_centred (out, report->title ? report->title : report->kind, width ? width : 40);
  if (report->training)
    append_centred (out, "*** 练习模式 非营业数据 ***", width ? width : 40);
  if (report->store_name)
    g_string_append_printf (out, "门店: %s\n", report->store_name);
  if (report->terminal)
    g_string_append_printf (out, "终端: %s\n", report->terminal);
  if (report->business_day)
    g_string_append_printf (out, "营业日: %s\n", report->business_day);
  else
    {
      g_autoptr (GTimeZone) zone = mpos_report_time_zone (report);
      g_autofree char *days = mpos_report_format_days (report, zone);

      if (days != NULL)
        g_string_append_printf (out, "期间: %s\n", days);
    }
  if (report->number > 0)
    g_string_append_printf (out, "编号: %" G_GINT64_FORMAT "\n", report->number);
  g_string_append_printf (out, "生成时间: %s\n", made);
}

/* Every table laid out as on receipt paper (receipt-table.c), `width`
 * columns wide; on a screen (0) as wide as the widest table needs, so the
 * tables line up as on paper. */
static void
append_tables (GString *out, const MposReport *report, guint width)
{
  g_autoptr (GPtrArray) tables = g_ptr_array_new_with_free_func (
      (GDestroyNotify)mpos_receipt_table_free);
  guint columns = width;

  for (guint i = 0; i < report->tables->len; i++)
    {
      MposReceiptTable *table = mpos_report_receipt_table (report->tables->pdata[i]);
      g_ptr_array_add (tables, table);
      if (width == 0)
        columns = MAX (columns, mpos_receipt_table_natural_width (table, NULL));
    }
  for (guint i = 0; i < tables->len; i++)
    {
      g_string_append_c (out, '\n');
      mpos_receipt_table_render (tables->pdata[i], out, columns, NULL);
    }
}

char *
mpos_report_to_text (const MposReport *report, guint width)
{
  GString *out = g_string_new (NULL);

  append_header (out, report, width);
  append_tables (out, report, width);
  return g_string_free (out, FALSE);
}
