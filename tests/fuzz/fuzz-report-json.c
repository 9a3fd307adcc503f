/* fuzz-report-json.c — libFuzzer target for the report reader
 * (src/report-json-read.c), which reads report files the back office hands
 * to `mallposctl report render`. Whatever it accepts is unambiguous JSON,
 * writes back (mpos_report_to_json) to a document that reads again to the
 * same JSON, and prints on 58 mm paper without a line past the edge; every
 * refusal is a JSON or money error with a readable message. */
#include <glib.h>
#include <stdint.h>
#include <string.h>

#include "fuzz-json-oracle.h"
#include "fuzz-util.h"
#include "json-fields.h"
#include "report-json-read.h"
#include "report-receipt.h"
#include "text-width.h"

static void
check_round_trip (const MposReport *report)
{
  g_autoptr (cJSON) json = mpos_report_to_json (report);
  g_autofree char *text = cJSON_PrintUnformatted (json);
  g_autoptr (GError) error = NULL;
  g_autoptr (MposReport) again = mpos_report_from_json (text, strlen (text), &error);
  g_autoptr (cJSON) json_again = NULL;
  g_autofree char *text_again = NULL;

  g_assert_no_error (error);
  json_again = mpos_report_to_json (again);
  text_again = cJSON_PrintUnformatted (json_again);
  g_assert_cmpstr (text, ==, text_again);
}

static void
check_paper (const MposReport *report)
{
  g_autoptr (MposReceipt) receipt = mpos_report_receipt (report, MPOS_RECEIPT_LANGUAGE_ZH_CN, NULL);
  g_autofree char *text = mpos_receipt_render_text (receipt, 32);
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    g_assert_cmpuint (mpos_text_width (lines[i]), <=, 32);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposReport) report = mpos_report_from_json ((const char *)data, size, &error);

  if (!fuzz_json_document_checked (data, size, NULL, report != NULL, error, MPOS_JSON_ERROR,
                                   MPOS_MONEY_ERROR))
    return 0;
  check_round_trip (report);
  check_paper (report);
  return 0;
}
