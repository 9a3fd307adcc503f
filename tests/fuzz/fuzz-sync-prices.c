/* fuzz-sync-prices.c — libFuzzer target for the prices page parser
 * (sync/client/sync-response.c): never a crash; an accepted page has
 * non-empty codes and names, prices of 0 or more, a category path that is
 * not empty and has no empty level, at most 16 barcodes of 1–32 letters or
 * digits, and a cursor no item passes. */
#include <glib.h>
#include <stdint.h>
#include <string.h>

#include "fuzz-util.h"
#include "sync-response.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_auto (MposSyncPricePage) page = { 0 };
  g_autoptr (GError) error = NULL;

  if (!mpos_sync_parse_prices ((const char *) data, size, &page, &error))
    return fuzz_refused_leaving_nothing (error, page.items);
  g_assert_cmpint (page.cursor, >=, 0);
  for (guint i = 0; i < page.items->len; i++)
    {
      const MposSyncPrice *p = &g_array_index (page.items, MposSyncPrice, i);
      g_assert_true (p->code[0] != '\0' && p->name[0] != '\0');
      g_assert_cmpint (p->price, >=, 0);
      g_assert_true (p->category == NULL
                     || (p->category[0] != '\0' && p->category[0] != '/'
                         && strstr (p->category, "//") == NULL));
      for (guint j = 0; p->barcodes && p->barcodes[j]; j++)
        {
          g_assert_cmpuint (j, <, 16);
          g_assert_cmpuint (strlen (p->barcodes[j]), >=, 1);
          g_assert_cmpuint (strlen (p->barcodes[j]), <=, 32);
        }
    }
  return 0;
}
