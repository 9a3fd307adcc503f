/* fuzz-report-json.c — libFuzzer target for reading a kept report document
 * back (src/report-json-read.c: a Z report reprinted from the store, whose
 * file can be edited around MallPOS). Whatever parses must write back to
 * the same JSON (nothing read is lost or invented) and render as text and
 * CSV; every refusal is a report error with a readable message. */
#include <glib.h>
#include <stdint.h>
#include <string.h>

#include "json-fields.h"
#include "report-csv.h"
#include "report-private.h"
#include "report-text.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *text = g_strndup ((const char *)data, size);
  g_autoptr (GError) error = NULL;
  g_autoptr (MposReport) report = mpos_report_from_json (text, &error);
  g_autoptr (MposReport) again = NULL;
  g_autoptr (cJSON) json = NULL;
  g_autofree char *first = NULL, *second = NULL, *plain = NULL, *paper = NULL, *csv = NULL;

  if (report == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == MPOS_REPORT_ERROR);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      return 0;
    }
  g_assert_no_error (error);
  json = mpos_report_to_json (report);
  first = cJSON_PrintUnformatted (json);
  again = mpos_report_from_json (first, &error);
  g_assert_no_error (error);
  g_clear_pointer (&json, cJSON_Delete);
  json = mpos_report_to_json (again);
  second = cJSON_PrintUnformatted (json);
  g_assert_cmpstr (first, ==, second);
  plain = mpos_report_to_text (report, 0);
  paper = mpos_report_to_text (report, 32);
  csv = mpos_report_to_csv (report);
  g_assert_nonnull (plain);
  g_assert_nonnull (paper);
  g_assert_nonnull (csv);
  return 0;
}
