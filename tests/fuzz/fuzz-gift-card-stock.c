/* fuzz-gift-card-stock.c — libFuzzer target for the gift card stock parser
 * (src/gift-card-import.c), which reads what the card printer or the centre
 * sends. Whatever parses must hold what the import relies on (valid
 * serials, secrets and codes, a face value above 0, no serial or type
 * twice); every refusal is a gift-card or JSON error with a readable
 * message. */
#include <glib.h>
#include <stdint.h>
#include <string.h>

#include "fuzz-json-oracle.h"
#include "fuzz-util.h"
#include "gift-card.h"
#include "json-fields.h"

static void
check_stock (const MposGiftCardStock *stock)
{
  g_autoptr (GHashTable) serials = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) codes = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_cmpuint (stock->types->len + stock->cards->len, >, 0);
  for (guint i = 0; i < stock->types->len; i++)
    {
      const MposGiftCardTypeDef *t = g_ptr_array_index (stock->types, i);
      g_assert_cmpint (t->face_value, >, 0);
      g_assert_cmpint (t->valid_days, >=, 0);
      g_assert_true (*t->code && *t->name && *t->sku);
      g_assert_true (g_hash_table_add (codes, t->code));
    }
  for (guint i = 0; i < stock->cards->len; i++)
    {
      const MposGiftCardDef *c = g_ptr_array_index (stock->cards, i);
      g_assert_true (mpos_gift_card_serial_valid (c->serial));
      g_assert_cmpuint (strlen (c->pin), >=, 6);
      g_assert_true (g_hash_table_add (serials, c->serial));
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposGiftCardStock) stock
      = mpos_gift_card_stock_parse ((const char *)data, size, &error);

  if (fuzz_json_document_checked (data, size, NULL, stock != NULL, error, MPOS_GIFT_CARD_ERROR,
                                  MPOS_JSON_ERROR))
    check_stock (stock);
  return 0;
}
