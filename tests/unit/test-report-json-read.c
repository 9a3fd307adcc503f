/* test-report-json-read.c — tests for src/report-json-read.c: a report
 * written as JSON reads back to the same document, and every malformed
 * file is refused with where and why. */
#include <glib.h>
#include <string.h>

#include "json-fields.h"
#include "money.h"
#include "report-json-read.h"

#define TABLE_OF(rows)                                                                               \
  "{\"kind\":\"x\",\"tables\":[{\"id\":\"t\",\"chart\":null,\"columns\":[{\"id\":\"a\","             \
  "\"title\":\"项目\",\"kind\":\"text\"},{\"id\":\"b\",\"title\":\"金额\",\"kind\":\"money\"}]," \
  "\"rows\":[" rows "]}]}"

static void
test_report_json_round_trip (void)
{
  g_autoptr (MposReport) report = mpos_report_new ("x", "X 报表");
  MposReportTable *t = mpos_report_add_table (report, "tenders", "支付方式");
  g_autoptr (cJSON) json = NULL, json_again = NULL;
  g_autofree char *text = NULL, *text_again = NULL;
  g_autoptr (MposReport) again = NULL;
  g_autoptr (GError) error = NULL;
  guint r;

  report->store_name = g_strdup ("万达广场店");
  report->business_day = g_strdup ("2026-12-07");
  report->number = 3;
  report->training = TRUE;
  mpos_report_table_add_column (t, "tender", "支付方式", MPOS_REPORT_TEXT);
  mpos_report_table_add_column (t, "net", "金额", MPOS_REPORT_MONEY);
  mpos_report_table_add_column (t, "share", "占比", MPOS_REPORT_SHARE);
  r = mpos_report_table_add_row (t, MPOS_REPORT_ROW_ITEM);
  mpos_report_table_set_text (t, r, 0, "现金");
  mpos_report_table_set_value (t, r, 1, MPOS_REPORT_MONEY, -12345);
  mpos_report_table_set_value (t, r, 2, MPOS_REPORT_COUNT, 7); /* a mixed cell */
  r = mpos_report_table_add_row (t, MPOS_REPORT_ROW_TOTAL);
  mpos_report_table_set_text (t, r, 0, "合计");
  mpos_report_table_set_chart (t, MPOS_REPORT_CHART_SHARE, 1);
  mpos_report_table_set_note (t, "不含练习模式销售");
  json = mpos_report_to_json (report);
  text = cJSON_PrintUnformatted (json);
  again = mpos_report_from_json (text, strlen (text), &error);
  g_assert_no_error (error);
  json_again = mpos_report_to_json (again);
  text_again = cJSON_PrintUnformatted (json_again);
  g_assert_cmpstr (text, ==, text_again);
  g_assert_true (again->training);
  g_assert_cmpint (mpos_report_table_cell (mpos_report_table (again, "tenders"), 0, 1)->value, ==,
                   -12345);
}

static void
assert_refused (const char *json, GQuark domain, int code, const char *words)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposReport) report = mpos_report_from_json (json, strlen (json), &error);

  g_assert_null (report);
  g_assert_error (error, domain, code);
  if (strstr (error->message, words) == NULL)
    g_error ("“%s” does not say “%s”", error->message, words);
}

static void
test_report_json_refusals (void)
{
  assert_refused (TABLE_OF ("{\"total\":false,\"cells\":[\"现金\"]}"), MPOS_JSON_ERROR,
                  MPOS_JSON_ERROR_VALUE, "tables[0]: rows[0]: the row has 1 cells, the table 2");
  assert_refused (TABLE_OF ("{\"cells\":[\"现金\",12.5]}"), MPOS_JSON_ERROR, MPOS_JSON_ERROR_TYPE,
                  "cells[1]: a money figure is written as a string");
  assert_refused (TABLE_OF ("{\"cells\":[\"现\\n金\",\"1.00\"]}"), MPOS_JSON_ERROR,
                  MPOS_JSON_ERROR_VALUE, "cells[0]: a text holds a control character");
  assert_refused (TABLE_OF ("{\"cells\":[\"现金\",\"1.005\"]}"), MPOS_MONEY_ERROR,
                  MPOS_MONEY_ERROR_PRECISION, "rows[0]: cells[1]");
  assert_refused (TABLE_OF ("{\"cells\":[\"现金\",{\"kind\":\"count\",\"value\":1e300}]}"),
                  MPOS_JSON_ERROR, MPOS_JSON_ERROR_TYPE, "a count figure is a whole number");
  assert_refused (TABLE_OF ("{\"cells\":[\"现金\",{\"kind\":\"yuan\",\"value\":1}]}"),
                  MPOS_JSON_ERROR, MPOS_JSON_ERROR_VALUE, "not “yuan”");
  assert_refused ("{\"kind\":\"x\",\"kind\":\"z\",\"tables\":[]}", MPOS_JSON_ERROR,
                  MPOS_JSON_ERROR_DUPLICATE, "kind");
  assert_refused ("{\"kind\":\"x\",\"tables\":[],\"colour\":1}", MPOS_JSON_ERROR,
                  MPOS_JSON_ERROR_UNKNOWN, "colour");
  assert_refused ("{\"kind\":\"x\",\"from\":5,\"to\":4,\"tables\":[]}", MPOS_JSON_ERROR,
                  MPOS_JSON_ERROR_VALUE, "“to” lies before “from”");
  assert_refused ("{\"kind\":\"x\"}", MPOS_JSON_ERROR, MPOS_JSON_ERROR_MISSING, "“tables”");
  assert_refused ("{\"kind\":\"x\",\"tables\":[{\"id\":\"t\",\"chart\":\"bars\",\"chart_column\":"
                  "3,\"columns\":[{\"id\":\"a\",\"kind\":\"text\"},{\"id\":\"b\",\"kind\":"
                  "\"count\"}],\"rows\":[]}]}",
                  MPOS_JSON_ERROR, MPOS_JSON_ERROR_VALUE, "tables[0]: ");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/report-json/round-trip", test_report_json_round_trip);
  g_test_add_func ("/report-json/refusals", test_report_json_refusals);
  return g_test_run ();
}
