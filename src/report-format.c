/* report-format.c — cell and heading texts of a report for people: grouped
 * thousands, two decimals for money and shares, a quantity's thousandths
 * without trailing zeros. Every figure goes through int64 digits. */
#include "report-format.h"

#include <stdlib.h>

/* |value| as decimal digits, grouped by three; the sign in front. */
char *
mpos_report_format_grouped (int64_t value)
{
  /* |INT64_MIN| does not fit an int64: count in uint64. */
  uint64_t magnitude = value < 0 ? (uint64_t)0 - (uint64_t)value : (uint64_t)value;
  char digits[24];
  int n = g_snprintf (digits, sizeof digits, "%" G_GUINT64_FORMAT, magnitude);
  GString *out = g_string_new (value < 0 ? "-" : "");

  for (int i = 0; i < n; i++)
    {
      if (i > 0 && (n - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}

/* value / 100 with two decimals, the whole part grouped: "1,234.50". */
static char *
format_hundredths (int64_t value)
{
  uint64_t magnitude = value < 0 ? (uint64_t)0 - (uint64_t)value : (uint64_t)value;
  /* The whole part fits an int64 again once divided by 100. */
  g_autofree char *whole = mpos_report_format_grouped ((int64_t)(magnitude / 100));

  return g_strdup_printf ("%s%s.%02u", value < 0 ? "-" : "", whole, (guint)(magnitude % 100));
}

/* Thousandths of a unit: "1.5", "2", "-0.25". */
static char *
format_quantity (int64_t value)
{
  uint64_t magnitude = value < 0 ? (uint64_t)0 - (uint64_t)value : (uint64_t)value;
  g_autofree char *whole = mpos_report_format_grouped ((int64_t)(magnitude / 1000));
  char fraction[8];
  int len;

  len = g_snprintf (fraction, sizeof fraction, "%03u", (guint)(magnitude % 1000));
  while (len > 0 && fraction[len - 1] == '0')
    fraction[--len] = '\0';
  return g_strdup_printf ("%s%s%s%s", value < 0 ? "-" : "", whole, len > 0 ? "." : "", fraction);
}

char *
mpos_report_cell_format (const MposReportCell *cell)
{
  switch (cell->kind)
    {
    case MPOS_REPORT_TEXT:
      return g_strdup (cell->text != NULL ? cell->text : "");
    case MPOS_REPORT_MONEY:
      return format_hundredths (cell->value);
    case MPOS_REPORT_SHARE:
      {
        g_autofree char *number = format_hundredths (cell->value);

        return g_strconcat (number, "%", NULL);
      }
    case MPOS_REPORT_QUANTITY:
      return format_quantity (cell->value);
    case MPOS_REPORT_COUNT:
    case MPOS_REPORT_POINTS:
    default:
      return mpos_report_format_grouped (cell->value);
    }
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
