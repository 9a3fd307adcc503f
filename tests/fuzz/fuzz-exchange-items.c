/* fuzz-exchange-items.c — libFuzzer target for the points exchange catalog
 * parser (src/points-exchange.c), which reads what IT or the centre
 * imports. Whatever parses must hold what an exchange relies on (points
 * above 0, cash and stock not negative, a date range that ends after it
 * starts, no code twice); every refusal is an exchange or JSON error with a
 * readable message. */
#include <glib.h>
#include <stdint.h>
#include <string.h>

#include "fuzz-json-oracle.h"
#include "fuzz-util.h"
#include "json-fields.h"
#include "points-exchange.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) items = mpos_exchange_items_parse ((const char *)data, size, &error);
  g_autoptr (GHashTable) codes = g_hash_table_new (g_str_hash, g_str_equal);

  if (!fuzz_json_document_checked (data, size, NULL, items != NULL, error, MPOS_EXCHANGE_ERROR,
                                   MPOS_JSON_ERROR))
    return 0;
  g_assert_cmpuint (items->len, >, 0);
  for (guint i = 0; i < items->len; i++)
    {
      const MposExchangeItem *item = g_ptr_array_index (items, i);
      g_assert_cmpint (item->points, >, 0);
      g_assert_cmpint (item->cash, >=, 0);
      g_assert_cmpint (item->stock, >=, 0);
      g_assert_cmpint (item->per_member_limit, >=, 0);
      g_assert_true (item->starts_at == 0 || item->ends_at == 0 || item->ends_at > item->starts_at);
      g_assert_true (*item->code && *item->kind && *item->name);
      g_assert_true (g_hash_table_add (codes, item->code));
    }
  return 0;
}
