/* fuzz-sync-enrolled.c — libFuzzer target for the enrolment answer parser
 * (sync/client/sync-response.c): never a crash; an accepted answer has a
 * terminal, a token of base64url and a sequence in range. */
#include <glib.h>
#include <stdint.h>
#include <string.h>

#include "fuzz-util.h"
#include "sync-response.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_auto (MposSyncEnrolled) enrolled = { 0 };
  g_autoptr (GError) error = NULL;

  if (!mpos_sync_parse_enrolled ((const char *) data, size, &enrolled, &error))
    return fuzz_refused_leaving_nothing (error, enrolled.token);
  g_assert_nonnull (enrolled.terminal);
  g_assert_cmpuint (strlen (enrolled.token), >=, 32);
  g_assert_cmpint (enrolled.contiguous_seq, >=, 0);
  return 0;
}
