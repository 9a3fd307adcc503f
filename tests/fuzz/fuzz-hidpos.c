/* fuzz-hidpos.c — libFuzzer target for the HID POS report parser and the
 * assembler that joins continued reports. The input is a run of reports,
 * each prefixed by one size byte (so report boundaries are fuzzed too); a
 * parsed report never points outside its bytes, and every scan the assembler
 * completes fits the scanner's maximum. */
#include <glib.h>
#include <stdint.h>
#include <string.h>

#include "fuzz-util.h"
#include "scanner-hidpos.h"

static void
on_scan (const char *text, gsize length, const char *symbology, gpointer user_data)
{
  g_assert_cmpuint (length, <=, MPOS_SCANNER_MAX_LENGTH);
  g_assert_cmpuint (strlen (text), <=, length);
  (*(guint *)user_data)++;
}

static void
on_error (const GError *error, gpointer user_data)
{
  fuzz_assert_refusal (error, MPOS_DEVICE_ERROR, 0);
  g_assert_cmpint (error->code, ==, MPOS_DEVICE_ERROR_PROTOCOL);
}

static void
check_report (const guint8 *bytes, gsize size)
{
  g_autoptr (GError) error = NULL;
  MposHidposReport report;

  if (!mpos_hidpos_parse_report (bytes, size, &report, &error))
    {
      on_error (error, NULL);
      return;
    }
  if (report.report_id != MPOS_HIDPOS_REPORT_ID)
    return;
  g_assert_true (report.data >= bytes);
  g_assert_true (report.data + report.length <= bytes + size);
  g_assert_cmpuint (report.length, <=, MPOS_HIDPOS_DATA_MAX);
  g_assert_true (report.aim[0] == '\0' || strlen (report.aim) == 3);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  MposHidposFuncs funcs = { on_scan, on_error };
  guint scans = 0;
  g_autoptr (MposHidposAssembler) assembler = mpos_hidpos_assembler_new (&funcs, &scans);
  size_t at = 0;

  while (at < size)
    {
      size_t length = MIN ((size_t)data[at], size - at - 1);
      check_report (data + at + 1, length);
      mpos_hidpos_assembler_feed (assembler, data + at + 1, length);
      at += 1 + length;
    }
  return 0;
}
