/* fuzz-sync-documents.c — libFuzzer target for the document page parser
 * (sync/client/sync-response.c; streams promotions, coupons, loyalty_rules,
 * config): never a crash; an accepted page has non-empty keys, bodies that
 * are objects or texts (or withdrawn), and a cursor no item passes. */
#include <glib.h>
#include <stdint.h>

#include "fuzz-util.h"
#include "sync-response.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_auto (MposSyncDocumentPage) page = { 0 };
  g_autoptr (GError) error = NULL;

  if (!mpos_sync_parse_documents ((const char *) data, size, "promotions", &page, &error))
    return fuzz_refused_leaving_nothing (error, page.items);
  g_assert_cmpint (page.cursor, >=, 0);
  for (guint i = 0; i < page.items->len; i++)
    {
      const MposSyncDocument *d = &g_array_index (page.items, MposSyncDocument, i);
      g_assert_true (d->key[0] != '\0');
      g_assert_true (d->body == NULL || cJSON_IsObject (d->body) || cJSON_IsString (d->body));
    }
  return 0;
}
