/* fuzz-summary-pack.c — libFuzzer target for a month's packed report
 * summaries as read back from the store (src/report-summary-run.c). Bytes
 * that unpack are a whole run in key order: merged alone they give one row
 * per key, ascending; every refusal is MPOS_STORE_ERROR_CORRUPT saying
 * where. */
#include <glib.h>
#include <stdint.h>
#include <string.h>

#include "fuzz-util.h"
#include "report-summary-run.h"
#include "store.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposSummaryRun) run = mpos_summary_run_unpack (data, size, &error);
  g_autoptr (GPtrArray) runs = NULL;
  g_autoptr (GArray) rows = NULL;
  gsize packed_size;

  if (run == NULL)
    {
      g_assert_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_CORRUPT);
      g_assert_nonnull (strstr (error->message, " at byte "));
      return 0;
    }
  g_assert_null (error);
  g_assert_cmpmem (mpos_summary_run_packed (run, &packed_size), packed_size, data, size);
  runs = g_ptr_array_new ();
  g_ptr_array_add (runs, run);
  rows = mpos_summary_runs_merge (runs, NULL);
  g_assert_cmpuint (rows->len, <=, run->count);
  for (guint i = 1; i < rows->len; i++)
    g_assert_cmpint (strcmp (g_array_index (rows, MposSummaryRow, i - 1).key,
                             g_array_index (rows, MposSummaryRow, i).key),
                     <, 0);
  return 0;
}
