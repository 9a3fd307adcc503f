/* fuzz-sync-hotlist.c — libFuzzer target for the hotlist page parser
 * (sync/client/sync-response.c): never a crash; an accepted entry is a card
 * of 6–32 digits or a member's 36-character uid, with a reason. */
#include <glib.h>
#include <stdint.h>
#include <string.h>

#include "fuzz-util.h"
#include "sync-response.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_auto (MposSyncHotlistPage) page = { 0 };
  g_autoptr (GError) error = NULL;

  if (!mpos_sync_parse_hotlist ((const char *) data, size, &page, &error))
    return fuzz_refused_leaving_nothing (error, page.items);
  for (guint i = 0; i < page.items->len; i++)
    {
      const MposHotlistItem *h = &g_array_index (page.items, MposHotlistItem, i);
      gsize n = strlen (h->value);
      g_assert_true (h->kind == MPOS_HOTLIST_MEMBER ? n == 36 : n >= 6 && n <= 32);
      g_assert_true (h->reason[0] != '\0');
    }
  return 0;
}
