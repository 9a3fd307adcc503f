/* fuzz-sync-push.c — libFuzzer target for the push answer parser
 * (sync/client/sync-response.c): whatever the centre (or a proxy) sends, it
 * never crashes, and what it accepts is whole: a reason with every rejection
 * and only there, sequences in range, an id for each result. */
#include <glib.h>
#include <stdint.h>
#include <string.h>

#include "fuzz-util.h"
#include "json-fields.h"
#include "sync-response.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_auto (MposSyncPushAnswer) answer = { 0 };
  g_autoptr (GError) error = NULL;

  if (!mpos_sync_parse_push ((const char *) data, size, &answer, &error))
    return fuzz_refused_leaving_nothing (error, answer.results);
  g_assert_cmpint (answer.contiguous_seq, >=, 0);
  for (guint i = 0; i < answer.results->len; i++)
    {
      const MposSyncResult *r = &g_array_index (answer.results, MposSyncResult, i);
      g_assert_cmpint (r->seq, >=, 1);
      g_assert_nonnull (r->id);
      g_assert_true (r->status != MPOS_SYNC_REJECTED || r->reason != NULL);
      g_assert_true (r->status != MPOS_SYNC_APPLIED || r->reason == NULL);
    }
  return 0;
}
