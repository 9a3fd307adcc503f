/* fuzz-json-strict.c — libFuzzer target for the strict JSON scanner
 * (src/json-strict.c) with the sale document's shape: whatever it accepts,
 * cJSON must read (the parse relies on it) and the tree-based oracle must
 * find unambiguous; whatever it refuses gets a readable JSON error. */
#include <glib.h>
#include <stdint.h>

#include "cart-json.h"
#include "fuzz-json-oracle.h"
#include "fuzz-util.h"
#include "json-fields.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (GError) error = NULL;
  gboolean accepted
      = mpos_json_strict_check ((const char *)data, size, &mpos_cart_document_shape, &error);

  fuzz_json_document_checked (data, size, &mpos_cart_document_shape, accepted, error,
                              MPOS_JSON_ERROR, 0);
  return 0;
}
