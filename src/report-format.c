/* report-format.c — cell and heading texts of a report for people: grouped
 * thousands, two decimals for money and shares, a quantity's thousandths
 * without trailing zeros. Every figure goes through int64 digits. */
#include "report-format.h"

#include <stdlib.h>

/* |value| in uint64 (|INT64_MIN| does not fit an int64). */
static uint64_t
magnitude_of (int64_t value)
{
  return value < 0 ? (uint64_t)0 - (uint64_t)value : (uint64_t)value;
}

/* Unsigned digits, grouped by three when asked. */
static void
append_digits (GString *out, uint64_t magnitude, gboolean grouped)
{
  char digits[24];
  int n = g_snprintf (digits, sizeof digits, "%" G_GUINT64_FORMAT, magnitude);

  for (int i = 0; i < n; i++)
    {
      if (grouped && i > 0 && (n - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }
}

/* value / scale with `decimals` digits after the point (trailing zeros
 * dropped when `trim`), the whole part grouped when asked, the sign in
 * front: "1,234.50", "1234.50", "1.5", "-0.250". */
static char *
format_fixed (int64_t value, uint64_t scale, int decimals, gboolean grouped, gboolean trim)
{
  uint64_t magnitude = magnitude_of (value);
  GString *out = g_string_new (value < 0 ? "-" : "");
  char fraction[8];
  int len;

  append_digits (out, magnitude / scale, grouped);
  len = decimals > 0 ? g_snprintf (fraction, sizeof fraction, "%0*" G_GUINT64_FORMAT, decimals,
                                   magnitude % scale)
                     : 0;
  while (trim && len > 0 && fraction[len - 1] == '0')
    fraction[--len] = '\0';
  if (len > 0)
    g_string_append_printf (out, ".%s", fraction);
  return g_string_free (out, FALSE);
}

char *
mpos_report_format_grouped (int64_t value)
{
  return format_fixed (value, 1, 0, TRUE, FALSE);
}

/* For people (grouped, a share with its %, a quantity without trailing
 * zeros) or for data (plain digits, a share's number, three decimals). */
static char *
format_cell (const MposReportCell *cell, gboolean people)
{
  switch (cell->kind)
    {
    case MPOS_REPORT_TEXT:
      return g_strdup (cell->text != NULL ? cell->text : "");
    case MPOS_REPORT_MONEY:
      return format_fixed (cell->value, 100, 2, people, FALSE);
    case MPOS_REPORT_SHARE:
      {
        g_autofree char *number = format_fixed (cell->value, 100, 2, people, FALSE);

        return people ? g_strconcat (number, "%", NULL) : g_steal_pointer (&number);
      }
    case MPOS_REPORT_QUANTITY:
      return format_fixed (cell->value, 1000, 3, people, people);
    case MPOS_REPORT_COUNT:
    case MPOS_REPORT_POINTS:
    default:
      return format_fixed (cell->value, 1, 0, people, FALSE);
    }
}

char *
mpos_report_cell_format (const MposReportCell *cell)
{
  return format_cell (cell, TRUE);
}

char *
mpos_report_cell_data (const MposReportCell *cell)
{
  return format_cell (cell, FALSE);
}

/* A money column holding a count or points (a mixed summary's 数值) says no unit. */
static gboolean
all_money (const MposReportTable *table, guint column)
{
  if (g_array_index (table->columns, MposReportColumn, column).kind != MPOS_REPORT_MONEY)
    return FALSE;
  for (guint r = 0; r < table->rows->len; r++)
    if (mpos_report_table_cell (table, r, column)->kind != MPOS_REPORT_MONEY)
      return FALSE;
  return TRUE;
}

char *
mpos_report_column_heading (const MposReportTable *table, guint column)
{
  const char *title = g_array_index (table->columns, MposReportColumn, column).title;

  /* The unit in the titles' language (the report's words are Chinese), with
   * no space: a CJK heading keeps its width predictable on paper. */
  return all_money (table, column) ? g_strconcat (title, "(元)", NULL) : g_strdup (title);
}

static char *
format_at (int64_t utc_seconds, GTimeZone *zone, const char *format)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (utc_seconds);
  g_autoptr (GDateTime) local = NULL;
  g_autofree char *text = NULL;

  if (utc == NULL)
    return g_strdup ("?");
  local = zone != NULL ? g_date_time_to_timezone (utc, zone) : g_date_time_ref (utc);
  text = g_date_time_format (local, format);
  return zone != NULL ? g_steal_pointer (&text) : g_strconcat (text, " UTC", NULL);
}

char *
mpos_report_format_time (int64_t utc_seconds, GTimeZone *zone)
{
  return format_at (utc_seconds, zone, "%Y-%m-%d %H:%M");
}

char *
mpos_report_format_iso (int64_t utc_seconds, GTimeZone *zone)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (utc_seconds);
  g_autoptr (GDateTime) local = NULL;

  if (utc == NULL)
    return NULL;
  if (zone == NULL)
    return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
  local = g_date_time_to_timezone (utc, zone);
  return g_date_time_format (local, "%Y-%m-%dT%H:%M:%S%:z");
}

char *
mpos_report_format_period (const MposReport *report, GTimeZone *zone)
{
  g_autofree char *from = NULL, *to = NULL;

  if (report->business_day != NULL && report->business_day[0] != '\0')
    return g_strdup (report->business_day);
  if (report->from == 0 && report->to == 0)
    return NULL;
  from = mpos_report_format_time (report->from, zone);
  to = mpos_report_format_time (report->to, zone);
  return g_strdup_printf ("%s – %s", from, to);
}

/* TRUE when from and to read the same time of day: the period is whole
 * business days (each starts at the store's cut-off hour). */
static gboolean
whole_days (GDateTime *from, GDateTime *to)
{
  return g_date_time_compare (from, to) < 0 && g_date_time_get_hour (from) == g_date_time_get_hour (to)
         && g_date_time_get_minute (from) == g_date_time_get_minute (to)
         && g_date_time_get_second (from) == g_date_time_get_second (to);
}

/* The instant in `zone`, or NULL when GLib cannot represent it. */
static GDateTime *
local_at (int64_t utc_seconds, GTimeZone *zone)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (utc_seconds);

  return utc != NULL ? g_date_time_to_timezone (utc, zone) : NULL;
}

char *
mpos_report_format_days (const MposReport *report, GTimeZone *zone)
{
  g_autoptr (GDateTime) from = NULL, to = NULL, last = NULL;
  g_autofree char *first = NULL, *end = NULL;

  if (report->business_day != NULL && report->business_day[0] != '\0')
    return g_strdup (report->business_day);
  if (report->from == 0 && report->to == 0)
    return NULL;
  if (zone == NULL || (from = local_at (report->from, zone)) == NULL
      || (to = local_at (report->to, zone)) == NULL || !whole_days (from, to))
    return mpos_report_format_period (report, zone);
  last = g_date_time_add_days (to, -1);
  first = g_date_time_format (from, "%Y-%m-%d");
  end = g_date_time_format (last, "%Y-%m-%d");
  if (g_str_equal (first, end))
    return g_steal_pointer (&first);
  return g_strdup_printf ("%s 至 %s", first, end);
}

char *
mpos_report_format_number (const MposReport *report)
{
  return report->number > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, report->number) : NULL;
}

GTimeZone *
mpos_report_time_zone (const MposReport *report)
{
  if (report->time_zone == NULL || report->time_zone[0] == '\0')
    return NULL;
  return g_time_zone_new_identifier (report->time_zone);
}
