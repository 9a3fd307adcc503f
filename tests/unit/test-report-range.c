/* test-report-range.c — the named periods of report-range.c: today, this
 * week from Monday, this month from the 1st, last month whole (a leap
 * February, across a year end), all by the store's business day. */
#include "test-util.h"

#include "report-range.h"
#include "report-day.h"

typedef struct
{
  const char *now, *range, *from, *to;
} Case;

static void
test_report_range_days (void)
{
  static const Case CASES[] = {
    { "2026-11-23T10:00:00+08:00", "today", "2026-11-23", "2026-11-23" },
    /* 2026-11-23 is a Monday; 2026-11-29 a Sunday */
    { "2026-11-23T10:00:00+08:00", "this-week", "2026-11-23", "2026-11-23" },
    { "2026-11-29T20:00:00+08:00", "this-week", "2026-11-23", "2026-11-29" },
    { "2026-11-29T20:00:00+08:00", "this-month", "2026-11-01", "2026-11-29" },
    { "2026-11-29T20:00:00+08:00", "last-month", "2026-10-01", "2026-10-31" },
    { "2028-03-10T12:00:00+08:00", "last-month", "2028-02-01", "2028-02-29" },
    { "2027-01-03T12:00:00+08:00", "last-month", "2026-12-01", "2026-12-31" },
    { "2027-01-03T12:00:00+08:00", "this-week", "2026-12-28", "2027-01-03" },
  };
  g_autoptr (TestStore) ts = test_store_new ();

  for (guint i = 0; i < G_N_ELEMENTS (CASES); i++)
    {
      MposReportRange range;
      char from[11], to[11];
      g_autoptr (GError) error = NULL;

      g_assert_true (mpos_report_range_parse (CASES[i].range, &range, &error));
      g_assert_true (mpos_report_range_days (ts->store, range, test_time (CASES[i].now), from,
                                             to, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (from, ==, CASES[i].from);
      g_assert_cmpstr (to, ==, CASES[i].to);
    }
}

static void
test_report_range_unknown_name (void)
{
  g_autoptr (GError) error = NULL;
  MposReportRange range;

  g_assert_false (mpos_report_range_parse ("yesterday", &range, &error));
  g_assert_error (error, MPOS_REPORT_ERROR, MPOS_REPORT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "this-week"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  test_pin_now (TEST_NOW_ISO);
  g_test_add_func ("/report-range/days", test_report_range_days);
  g_test_add_func ("/report-range/unknown-name", test_report_range_unknown_name);
  return g_test_run ();
}
