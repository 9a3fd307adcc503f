/* report-range.c — named periods of business days for the analyses
 * (report-range.h): computed on calendar dates (GDate), never on seconds,
 * so a month is a month whatever its length or the zone's offset. */
#include "report-range.h"
#include "business-day.h"
#include "report-analysis.h"
#include "report-day.h"

#include <stdio.h>

static const char *const NAMES[] = { "today", "this-week", "this-month", "last-month", NULL };

const char *const *
mpos_report_range_names (void)
{
  return NAMES;
}

gboolean
mpos_report_range_parse (const char *name, MposReportRange *out, GError **error)
{
  g_autofree char *names = NULL;

  for (guint i = 0; NAMES[i] != NULL; i++)
    if (g_strcmp0 (name, NAMES[i]) == 0)
      {
        *out = (MposReportRange)i;
        return TRUE;
      }
  names = g_strjoinv (", ", (char **)NAMES);
  g_set_error (error, MPOS_REPORT_ERROR, MPOS_REPORT_ERROR_INVALID,
               "“%s” is not a period: use one of %s, or --from and --to", name ? name : "",
               names);
  return FALSE;
}

static void
write_day (const GDate *date, char *out)
{
  g_snprintf (out, 11, "%04u-%02u-%02u", (unsigned)g_date_get_year (date),
              (unsigned)g_date_get_month (date), (unsigned)g_date_get_day (date));
}

gboolean
mpos_report_range_days (MposStore *store, MposReportRange range, int64_t now, char *from,
                        char *to, GError **error)
{
  MposBusinessDay day;
  unsigned y = 0, m = 0, d = 0;
  GDate first, last;

  if (!mpos_business_day_peek (store, now, &day, error))
    return FALSE;
  sscanf (day.business_day, "%4u%2u%2u", &y, &m, &d);
  g_date_clear (&first, 1);
  g_date_set_dmy (&first, (GDateDay)d, (GDateMonth)m, (GDateYear)y);
  last = first;
  switch (range)
    {
    case MPOS_REPORT_RANGE_TODAY:
      break;
    case MPOS_REPORT_RANGE_THIS_WEEK:
      g_date_subtract_days (&first, g_date_get_weekday (&first) - G_DATE_MONDAY);
      break;
    case MPOS_REPORT_RANGE_THIS_MONTH:
      g_date_set_day (&first, 1);
      break;
    case MPOS_REPORT_RANGE_LAST_MONTH:
      g_date_set_day (&first, 1);
      g_date_subtract_months (&first, 1);
      last = first;
      g_date_set_day (&last, g_date_get_days_in_month (g_date_get_month (&last),
                                                       g_date_get_year (&last)));
      break;
    }
  write_day (&first, from);
  write_day (&last, to);
  return TRUE;
}

MposReport *
mpos_report_analysis_range (MposStore *store, const MposStaffCredential *staff, const char *kind,
                            MposReportRange range, int64_t now, GError **error)
{
  char from[11], to[11];

  if (!mpos_report_range_days (store, range, now, from, to, error))
    return NULL;
  return mpos_report_analysis (store, staff, kind, from, to, now, error);
}
