/* fuzz-sync-error.c — libFuzzer target for the error answer parser
 * (sync/client/sync-response.c): never a crash; an accepted error has a
 * code and a message of valid UTF-8. */
#include <glib.h>
#include <stdint.h>

#include "fuzz-util.h"
#include "sync-response.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *code = NULL, *message = NULL;
  g_autoptr (GError) error = NULL;

  if (!mpos_sync_parse_error ((const char *) data, size, &code, &message, &error))
    return fuzz_refused_leaving_nothing (error, code);
  g_assert_true (g_utf8_validate (code, -1, NULL) && g_utf8_validate (message, -1, NULL));
  return 0;
}
