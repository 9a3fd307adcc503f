/* report-text.c — an MposReport as aligned plain text (report-text.h): the
 * header, then each table under its title, columns sized by display width
 * (text-width.h: a CJK character takes two columns), figures right-aligned,
 * a rule above each total row. */
#include "report-text.h"
#include "report-format.h"
#include "text-width.h"

#include <string.h>

#define GAP 2

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
      g_autofree char *from = local_time (report, report->from, "%Y-%m-%d %H:%M");
      g_autofree char *to = local_time (report, report->to, "%Y-%m-%d %H:%M");
      g_string_append_printf (out, "期间: %s 至 %s\n", from, to);
    }
  if (report->number > 0)
    g_string_append_printf (out, "编号: %" G_GINT64_FORMAT "\n", report->number);
  g_string_append_printf (out, "生成时间: %s\n", made);
}

/* Each column's width: the widest of its title and cells. */
static guint *
column_widths (const MposReportTable *t, char ***cells)
{
  guint *widths = g_new0 (guint, t->columns->len);

  for (guint c = 0; c < t->columns->len; c++)
    widths[c] = mpos_text_width (g_array_index (t->columns, MposReportColumn, c).title);
  for (guint r = 0; r < t->rows->len; r++)
    for (guint c = 0; c < t->columns->len; c++)
      widths[c] = MAX (widths[c], mpos_text_width (cells[r][c]));
  return widths;
}

static void
append_line (GString *out, const MposReportTable *t, char *const *texts, const guint *widths,
             gboolean wrap)
{
  guint c0 = 0;

  if (wrap) /* the label on a line of its own, the figures under it */
    {
      g_string_append_printf (out, "%s\n", texts[0]);
      g_string_append_printf (out, "%*s", (int)widths[0] > 0 ? 2 : 0, "");
      c0 = 1;
    }
  for (guint c = c0; c < t->columns->len; c++)
    {
      if (c > c0)
        g_string_append_printf (out, "%*s", GAP, "");
      mpos_text_append_padded (
          out, texts[c], widths[c],
          g_array_index (t->columns, MposReportColumn, c).kind != MPOS_REPORT_TEXT);
    }
  while (out->len > 0 && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);
  g_string_append_c (out, '\n');
}

static void
append_table (GString *out, const MposReportTable *t, guint width)
{
  g_autofree char ***cells = g_new0 (char **, t->rows->len + 1);
  g_autofree char **titles = g_new0 (char *, t->columns->len + 1);
  g_autofree guint *widths = NULL;
  guint total = 0;
  gboolean wrap;

  for (guint r = 0; r < t->rows->len; r++)
    {
      cells[r] = g_new0 (char *, t->columns->len + 1);
      for (guint c = 0; c < t->columns->len; c++)
        cells[r][c] = mpos_report_cell_format (mpos_report_table_cell (t, r, c));
    }
  widths = column_widths (t, cells);
  for (guint c = 0; c < t->columns->len; c++)
    {
      titles[c] = g_array_index (t->columns, MposReportColumn, c).title;
      total += widths[c] + (c ? GAP : 0);
    }
  wrap = width > 0 && total > width && t->columns->len > 1;
  if (width > total && t->columns->len == 2) /* a figure table spans the paper */
    {
      widths[1] += width - total;
      total = width;
    }
  else if (wrap)
    widths[0] = 2;
  g_string_append_printf (out, "\n== %s ==\n", t->title ? t->title : t->id);
  if (t->columns->len > 2)
    append_line (out, t, titles, widths, wrap);
  for (guint r = 0; r < t->rows->len; r++)
    {
      if (g_array_index (t->rows, MposReportRow, r).style == MPOS_REPORT_ROW_TOTAL)
        {
          guint rule = wrap ? width : MIN (width ? width : G_MAXUINT, total);
          for (guint i = 0; i < rule; i++)
            g_string_append_c (out, '-');
          g_string_append_c (out, '\n');
        }
      append_line (out, t, cells[r], widths, wrap);
      g_strfreev (cells[r]);
    }
  if (t->note)
    g_string_append_printf (out, "%s\n", t->note);
}

char *
mpos_report_to_text (const MposReport *report, guint width)
{
  GString *out = g_string_new (NULL);

  append_header (out, report, width);
  for (guint i = 0; i < report->tables->len; i++)
    append_table (out, g_ptr_array_index (report->tables, i), width);
  return g_string_free (out, FALSE);
}
