/* fuzz-sale-json.c — a sale document from a script or a suspended sale is
 * untrusted input: build a cart from arbitrary bytes against a small store,
 * and check that whatever is accepted is internally consistent and
 * unambiguous (no key twice, no unknown key, no NUL: fuzz-json-oracle.h). */
#include "core.h"
#include "cart-json.h"
#include "catalog.h"
#include "fuzz-json-oracle.h"
#include "member.h"
#include "store.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static const char *const levels_and_members
    = "{\"levels\":[{\"code\":\"gold\",\"name\":\"金卡\",\"discount\":\"5%\"}],"
      "\"members\":[{\"card\":\"8800000000017\",\"phone\":\"13800138000\",\"name\":\"张伟\","
      "\"level\":\"gold\"}]}";

static void
add_sku (MposStore *store, const char *sku, const char *name, MposUnit unit, const char *barcode,
         const char *plu, MposMoney price)
{
  const char *barcodes[] = { barcode, NULL };
  MposSkuRecord record = { 0 };
  int64_t id = 0;

  record.sku_code = sku;
  record.product_code = sku;
  record.name = name;
  record.category_path = "饮料/碳酸饮料";
  record.unit = unit;
  record.tax_rate_bp = 1300;
  record.plu = plu;
  record.barcodes = barcode ? barcodes : NULL;
  g_assert (mpos_catalog_upsert_sku (store, &record, 0, &id, NULL));
  g_assert (mpos_catalog_add_price (store, id, NULL, price, 0, 0, 0, NULL));
}

static MposStore *
fuzz_store (void)
{
  MposStoreOptions options = { TRUE, 0 };
  MposStoreIdentity identity = { 0 };
  mpos_core_init ();
  MposStore *store = mpos_store_open (":memory:", &options, NULL);

  g_assert_nonnull (store);
  identity.store_code = "S001";
  identity.terminal_code = "T01";
  identity.time_zone = "Asia/Shanghai";
  g_assert (mpos_store_set_identity (store, &identity, NULL));
  g_assert (mpos_member_import_json (store, levels_and_members, strlen (levels_and_members), NULL,
                                     NULL));
  add_sku (store, "100001", "可口可乐", MPOS_UNIT_PIECE, "6901939621271", NULL, 350);
  add_sku (store, "100002", "红富士苹果", MPOS_UNIT_WEIGHT, NULL, "00101", 1280);
  return store;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static MposStore *store;
  g_autoptr (MposCart) cart = NULL;
  MposMoney sum = 0;
  GPtrArray *lines;

  if (store == NULL)
    store = fuzz_store ();
  cart = mpos_cart_from_json (store, (const char *) data, size, 1795000000, NULL);
  if (cart == NULL)
    return 0;
  fuzz_json_assert_unambiguous (data, size, &mpos_cart_document_shape);
  lines = mpos_cart_get_lines (cart);
  for (guint i = 0; i < lines->len; i++)
    {
      MposCartLine *line = g_ptr_array_index (lines, i);
      g_assert_cmpint (line->net, >=, 0);
      sum += line->net;
    }
  g_assert_cmpint (sum, ==, mpos_cart_total (cart));
  return 0;
}
