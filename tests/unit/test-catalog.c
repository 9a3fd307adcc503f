/* test-catalog.c — tests for src/catalog.c and src/catalog-write.c: the
 * category tree, products and their variants, barcodes (UPC-A kept in its
 * EAN-13 form, one owner per code), resolving what was scanned or keyed,
 * prices with effective windows and member levels, and stock kept equal to
 * the sum of its movements. */
#include <glib.h>
#include <string.h>

#include "catalog.h"
#include "stock.h"
#include "store-private.h"
#include "test-util.h"

/* 2026-11-23T10:00:00+08:00 */
#define NOW ((int64_t)1795399200)
/* Midnight at the start of 24 November in Shanghai: 2026-11-23T16:00:00Z. */
#define TOMORROW_MIDNIGHT ((int64_t)1795449600)

/* ---- helpers ------------------------------------------------------------- */

static MposSkuRecord
record (const char *sku, const char *product, const char *name, const char *spec,
        const char *category)
{
  MposSkuRecord r = { 0 };

  r.sku_code = sku;
  r.product_code = product;
  r.name = name;
  r.spec = spec;
  r.category_path = category;
  r.unit = MPOS_UNIT_PIECE;
  r.tax_rate_bp = 1300;
  return r;
}

/* The upsert is refused with INVALID naming `needle`; the caller's rollback
 * leaves nothing behind. */
static void
assert_upsert_refused (MposStore *store, const MposSkuRecord *r, const char *needle)
{
  g_autoptr (GError) error = NULL;
  int64_t skus = mpos_catalog_sku_count (store);
  int64_t categories = test_count_rows (store, "categories");
  int64_t barcodes = test_count_rows (store, "barcodes");

  g_assert_true (mpos_store_begin (store, &error));
  g_assert_false (mpos_catalog_upsert_sku (store, r, NOW, NULL, &error));
  g_assert_error (error, MPOS_CATALOG_ERROR, MPOS_CATALOG_ERROR_INVALID);
  if (needle != NULL && strstr (error->message, needle) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, needle);
  mpos_store_rollback (store);
  g_assert_cmpint (mpos_catalog_sku_count (store), ==, skus);
  g_assert_cmpint (test_count_rows (store, "categories"), ==, categories);
  g_assert_cmpint (test_count_rows (store, "barcodes"), ==, barcodes);
}

static MposSku *
resolve_ok (MposStore *store, const char *text, MposBarcode *barcode)
{
  g_autoptr (GError) error = NULL;
  MposSku *sku = mpos_catalog_resolve_code (store, text, NULL, barcode, &error);

  g_assert_no_error (error);
  g_assert_nonnull (sku);
  return sku;
}

static void
assert_resolve_fails (MposStore *store, const char *text, GQuark domain, int code)
{
  g_autoptr (GError) error = NULL;
  MposSku *sku = mpos_catalog_resolve_code (store, text, NULL, NULL, &error);

  g_assert_null (sku);
  g_assert_error (error, domain, code);
}

/* ---- categories, products, variants -------------------------------------- */

static void
test_catalog_upsert_creates_category_levels_once (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  MposSkuRecord a = record ("100001", "P0001", "康师傅红烧牛肉面", "桶装", "食品/方便食品/方便面");
  MposSkuRecord b = record ("100011", "P0010", "自嗨锅自热煲仔饭", "260g", "食品/方便食品/速食");
  MposSkuRecord c = record ("100094", "P0090", "可口可乐", "330ml", " 饮料 / 碳酸饮料 ");
  g_autoptr (MposSku) sku = NULL;
  g_autofree char *parent = NULL;

  test_upsert_sku (ts->store, &a, NOW);
  g_assert_cmpint (test_count_rows (ts->store, "categories"), ==, 3);
  test_upsert_sku (ts->store, &b, NOW);
  /* 食品 and 食品/方便食品 are shared: only the new leaf is added. */
  g_assert_cmpint (test_count_rows (ts->store, "categories"), ==, 4);
  test_upsert_sku (ts->store, &a, NOW);
  g_assert_cmpint (test_count_rows (ts->store, "categories"), ==, 4);
  /* Blanks around levels are trimmed. */
  test_upsert_sku (ts->store, &c, NOW);
  g_assert_cmpint (test_count_rows (ts->store, "categories"), ==, 6);
  g_assert_cmpint (
      test_query_int (ts->store, "SELECT count(*) FROM categories WHERE path = '饮料/碳酸饮料'"),
      ==, 1);

  /* Each level points at its parent; the roots have none. */
  g_assert_cmpint (
      test_query_int (ts->store, "SELECT count(*) FROM categories WHERE parent_id IS NULL"), ==, 2);
  parent = test_query_text (ts->store, "SELECT p.path FROM categories c JOIN categories p "
                                       "ON p.id = c.parent_id WHERE c.path = '食品/方便食品/速食'");
  g_assert_cmpstr (parent, ==, "食品/方便食品");
  g_clear_pointer (&parent, g_free);
  parent = test_query_text (ts->store,
                            "SELECT name FROM categories WHERE path = '食品/方便食品/方便面'");
  g_assert_cmpstr (parent, ==, "方便面");

  sku = test_find_sku (ts->store, "100094");
  g_assert_cmpstr (sku->category_path, ==, "饮料/碳酸饮料");
  g_assert_true (mpos_sku_in_category (sku, "饮料"));
  g_assert_true (mpos_sku_in_category (sku, "饮料/碳酸饮料"));
  g_assert_false (mpos_sku_in_category (sku, "饮料/碳酸"));
  g_assert_false (mpos_sku_in_category (sku, "食品"));

  /* An empty level is refused. */
  c = record ("100095", "P0090", "可口可乐", "500ml", "饮料//碳酸饮料");
  assert_upsert_refused (ts->store, &c, "empty level");
}

static void
test_catalog_variants_share_one_product (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  MposSkuRecord small = record ("100094", "P0090", "可口可乐", "330ml", "饮料/碳酸饮料");
  MposSkuRecord large = record ("100096", "P0090", "可口可乐", "2L", "饮料/碳酸饮料");
  g_autoptr (MposSku) a = NULL;
  g_autoptr (MposSku) b = NULL;
  g_autofree char *display = NULL;
  g_autofree char *pinyin = NULL;

  test_upsert_sku (ts->store, &small, NOW);
  test_upsert_sku (ts->store, &large, NOW);
  g_assert_cmpint (mpos_catalog_sku_count (ts->store), ==, 2);
  g_assert_cmpint (test_count_rows (ts->store, "products"), ==, 1);

  a = test_find_sku (ts->store, "100094");
  b = test_find_sku (ts->store, "100096");
  g_assert_cmpstr (a->product_code, ==, "P0090");
  g_assert_cmpstr (b->product_code, ==, "P0090");
  g_assert_cmpstr (a->name, ==, "可口可乐");
  g_assert_cmpstr (a->spec, ==, "330ml");
  g_assert_cmpstr (b->spec, ==, "2L");
  g_assert_cmpint (a->unit, ==, MPOS_UNIT_PIECE);
  g_assert_cmpint (a->tax_rate_bp, ==, 1300);
  g_assert_true (a->active);
  display = mpos_sku_display_name (b);
  g_assert_cmpstr (display, ==, "可口可乐 2L");
  pinyin = test_query_text (ts->store, "SELECT pinyin FROM products WHERE code = 'P0090'");
  g_assert_cmpstr (pinyin, ==, "kkkl");

  /* Renaming the product renames every variant. */
  large.name = "可口可乐经典";
  test_upsert_sku (ts->store, &large, NOW);
  g_clear_pointer (&a, mpos_sku_free);
  a = test_find_sku (ts->store, "100094");
  g_assert_cmpstr (a->name, ==, "可口可乐经典");
  g_clear_pointer (&pinyin, g_free);
  pinyin = test_query_text (ts->store, "SELECT pinyin FROM products WHERE code = 'P0090'");
  g_assert_cmpstr (pinyin, ==, "kkkljd");

  /* A SKU without spec displays as its product name; no product code means the SKU's. */
  small = record ("100300", NULL, "农夫山泉", NULL, "饮料/饮用水");
  small.product_code = "100300";
  test_upsert_sku (ts->store, &small, NOW);
  g_clear_pointer (&a, mpos_sku_free);
  a = test_find_sku (ts->store, "100300");
  g_assert_cmpstr (a->spec, ==, "");
  g_clear_pointer (&display, g_free);
  display = mpos_sku_display_name (a);
  g_assert_cmpstr (display, ==, "农夫山泉");
}

static void
test_catalog_invalid_records_refused (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  const char *scale_code[] = { "2000101012504", NULL };
  const char *bad_digit[] = { "6900183401067", NULL };
  g_autofree char *long_name = NULL;
  g_autoptr (GString) name = g_string_new (NULL);
  MposSkuRecord r;

  r = record ("10 001", "P1", "面", NULL, "食品");
  assert_upsert_refused (ts->store, &r, "SKU code");
  r = record ("", "P1", "面", NULL, "食品");
  assert_upsert_refused (ts->store, &r, "SKU code");
  r = record ("100001", "P;1", "面", NULL, "食品");
  assert_upsert_refused (ts->store, &r, "product code");
  r = record ("100001", "P1", "", NULL, "食品");
  assert_upsert_refused (ts->store, &r, "name");
  r = record ("100001", "P1", "面", NULL, NULL);
  assert_upsert_refused (ts->store, &r, "category");
  for (int i = 0; i < 201; i++)
    g_string_append (name, "面");
  long_name = g_strdup (name->str);
  r = record ("100001", "P1", long_name, NULL, "食品");
  assert_upsert_refused (ts->store, &r, "200");
  r = record ("100001", "P1", "面\xff", NULL, "食品");
  assert_upsert_refused (ts->store, &r, "UTF-8");
  r = record ("100001", "P1", "面", NULL, "食品");
  r.tax_rate_bp = 10001;
  assert_upsert_refused (ts->store, &r, "tax");
  r = record ("100001", "P1", "面", NULL, "食品");
  r.set_stock = TRUE;
  r.stock_qty = -1;
  assert_upsert_refused (ts->store, &r, "stock");
  r = record ("100001", "P1", "面", NULL, "食品");
  r.barcodes = scale_code;
  assert_upsert_refused (ts->store, &r, "plu");
  r = record ("100001", "P1", "面", NULL, "食品");
  r.barcodes = bad_digit;
  assert_upsert_refused (ts->store, &r, "6900183401067");
  g_assert_cmpint (mpos_catalog_sku_count (ts->store), ==, 0);

  /* The 200-character name itself is fine. */
  g_string_truncate (name, 200 * strlen ("面"));
  r = record ("100001", "P1", name->str, NULL, "食品");
  test_upsert_sku (ts->store, &r, NOW);
  g_assert_cmpint (mpos_catalog_sku_count (ts->store), ==, 1);
}

static void
test_catalog_plu_belongs_to_one_sku (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  MposSkuRecord apple = record ("100237", "P0219", "红富士苹果", NULL, "生鲜/水果");
  MposSkuRecord pear = record ("100238", "P0220", "砀山酥梨", NULL, "生鲜/水果");

  apple.unit = pear.unit = MPOS_UNIT_WEIGHT;
  apple.tax_rate_bp = pear.tax_rate_bp = 900;
  apple.plu = "00101";
  pear.plu = "00101";
  test_upsert_sku (ts->store, &apple, NOW);
  assert_upsert_refused (ts->store, &pear, "100237");
  /* Updating the owner with its own PLU is fine. */
  test_upsert_sku (ts->store, &apple, NOW);
  pear.plu = "00102";
  test_upsert_sku (ts->store, &pear, NOW);
  g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM skus WHERE plu IS NOT NULL"),
                   ==, 2);
}

/* ---- barcodes ------------------------------------------------------------ */

static void
test_catalog_upc_a_stored_as_ean13_and_found_by_both (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  const char *codes[] = { "6905504617379", "038000123450", "69176548", NULL };
  MposSkuRecord r = record ("100029", "P0027", "品客薯片原味", "110g", "食品/休闲零食/膨化食品");
  g_autoptr (MposSku) by_upc = NULL;
  g_autoptr (MposSku) by_ean = NULL;
  g_autoptr (MposSku) by_first = NULL;
  g_autoptr (MposSku) by_ean8 = NULL;
  MposBarcode barcode;
  int64_t sku_id;

  r.barcodes = codes;
  sku_id = test_upsert_sku (ts->store, &r, NOW);
  g_assert_cmpint (test_count_rows (ts->store, "barcodes"), ==, 3);
  g_assert_cmpint (
      test_query_int (ts->store, "SELECT count(*) FROM barcodes WHERE code = '0038000123450'"), ==,
      1);
  g_assert_cmpint (
      test_query_int (ts->store, "SELECT count(*) FROM barcodes WHERE code = '038000123450'"), ==,
      0);

  by_upc = resolve_ok (ts->store, "038000123450", &barcode);
  g_assert_cmpint (by_upc->sku_id, ==, sku_id);
  g_assert_cmpint (barcode.kind, ==, MPOS_BARCODE_UPCA);
  g_assert_cmpstr (barcode.code, ==, "0038000123450");
  by_ean = resolve_ok (ts->store, "0038000123450", &barcode);
  g_assert_cmpint (by_ean->sku_id, ==, sku_id);
  g_assert_cmpint (barcode.kind, ==, MPOS_BARCODE_EAN13);
  by_first = resolve_ok (ts->store, "6905504617379", NULL);
  g_assert_cmpint (by_first->sku_id, ==, sku_id);
  by_ean8 = resolve_ok (ts->store, "69176548", &barcode);
  g_assert_cmpint (by_ean8->sku_id, ==, sku_id);
  g_assert_cmpint (barcode.kind, ==, MPOS_BARCODE_EAN8);
}

static void
test_catalog_barcode_owned_by_another_sku_refused (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  const char *first[] = { "6905504617379", "038000123450", NULL };
  const char *same_ean[] = { "6905504617379", NULL };
  const char *same_upc_as_ean13[] = { "6978895593195", "0038000123450", NULL };
  MposSkuRecord a = record ("100029", "P0027", "品客薯片原味", "110g", "食品/休闲零食");
  MposSkuRecord b = record ("100028", "P0026", "乐事薯片黄瓜味", "70g", "食品/休闲零食");
  g_autoptr (MposSku) owner = NULL;

  a.barcodes = first;
  test_upsert_sku (ts->store, &a, NOW);
  b.barcodes = same_ean;
  assert_upsert_refused (ts->store, &b, "already belongs to SKU 100029");
  /* The UPC-A and its EAN-13 form are one code. */
  b.barcodes = same_upc_as_ean13;
  assert_upsert_refused (ts->store, &b, "0038000123450");
  g_assert_cmpint (mpos_catalog_sku_count (ts->store), ==, 1);
  owner = resolve_ok (ts->store, "6905504617379", NULL);
  g_assert_cmpstr (owner->sku_code, ==, "100029");

  /* Re-upserting the owner with its own codes is no conflict. */
  test_upsert_sku (ts->store, &a, NOW);
  g_assert_cmpint (test_count_rows (ts->store, "barcodes"), ==, 2);
}

static void
test_catalog_barcodes_replaced_on_upsert (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  const char *before[] = { "6905504617379", "038000123450", NULL };
  const char *after[] = { "6978895593195", NULL };
  MposSkuRecord a = record ("100029", "P0027", "品客薯片原味", "110g", "食品/休闲零食");
  MposSkuRecord b = record ("100028", "P0026", "乐事薯片黄瓜味", "70g", "食品/休闲零食");
  g_autoptr (MposSku) found = NULL;

  a.barcodes = before;
  test_upsert_sku (ts->store, &a, NOW);
  a.barcodes = after;
  test_upsert_sku (ts->store, &a, NOW);
  g_assert_cmpint (test_count_rows (ts->store, "barcodes"), ==, 1);
  assert_resolve_fails (ts->store, "6905504617379", MPOS_CATALOG_ERROR,
                        MPOS_CATALOG_ERROR_NOT_FOUND);
  found = resolve_ok (ts->store, "6978895593195", NULL);
  g_assert_cmpstr (found->sku_code, ==, "100029");

  /* The released code may now go to another SKU. */
  b.barcodes = before;
  test_upsert_sku (ts->store, &b, NOW);
  g_clear_pointer (&found, mpos_sku_free);
  found = resolve_ok (ts->store, "038000123450", NULL);
  g_assert_cmpstr (found->sku_code, ==, "100028");
}

/* ---- resolving what was scanned or keyed --------------------------------- */

static void
test_catalog_resolve_gtins (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  MposBarcode barcode;
  MposSku *sku;

  sku = resolve_ok (ts->store, "6900183401066", &barcode);
  g_assert_cmpstr (sku->sku_code, ==, "100001");
  g_assert_cmpstr (sku->name, ==, "康师傅红烧牛肉面");
  g_assert_cmpint (barcode.kind, ==, MPOS_BARCODE_EAN13);
  g_assert_cmpstr (barcode.code, ==, "6900183401066");
  mpos_sku_free (sku);

  /* Scanners send a newline or blanks; they do not matter. */
  sku = resolve_ok (ts->store, " 6900183401066\r\n", NULL);
  g_assert_cmpstr (sku->sku_code, ==, "100001");
  mpos_sku_free (sku);

  sku = resolve_ok (ts->store, "69176548", &barcode);
  g_assert_cmpstr (sku->sku_code, ==, "100050");
  g_assert_cmpint (barcode.kind, ==, MPOS_BARCODE_EAN8);
  mpos_sku_free (sku);

  sku = resolve_ok (ts->store, "034000002405", &barcode);
  g_assert_cmpstr (sku->sku_code, ==, "100047");
  g_assert_cmpint (barcode.kind, ==, MPOS_BARCODE_UPCA);
  g_assert_cmpstr (barcode.code, ==, "0034000002405");
  mpos_sku_free (sku);

  /* A second EAN-13 of the same SKU. */
  sku = resolve_ok (ts->store, "6905508221114", NULL);
  g_assert_cmpstr (sku->sku_code, ==, "100047");
  mpos_sku_free (sku);
}

static void
test_catalog_resolve_scale_code_by_plu (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autoptr (GError) error = NULL;
  g_autofree char *unknown_plu = test_with_check_digit ("200999901000");
  MposScaleLayout layout;
  MposBarcode barcode;
  MposSku *sku;

  sku = resolve_ok (ts->store, "2000101012504", &barcode);
  g_assert_cmpstr (sku->sku_code, ==, "100237");
  g_assert_cmpstr (sku->name, ==, "红富士苹果");
  g_assert_cmpint (sku->unit, ==, MPOS_UNIT_WEIGHT);
  g_assert_cmpint (sku->tax_rate_bp, ==, 900);
  g_assert_cmpint (barcode.kind, ==, MPOS_BARCODE_WEIGHT_EMBEDDED);
  g_assert_cmpstr (barcode.code, ==, "00101");
  g_assert_cmpint (barcode.value, ==, 1250);
  mpos_sku_free (sku);

  /* The store's own layout is honoured: here the 5 digits are a price in fen. */
  g_assert_true (mpos_scale_layout_parse ("20-29/5/5/price", &layout, &error));
  g_assert_no_error (error);
  sku = mpos_catalog_resolve_code (ts->store, "2000101012504", &layout, &barcode, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sku->sku_code, ==, "100237");
  g_assert_cmpint (barcode.kind, ==, MPOS_BARCODE_PRICE_EMBEDDED);
  g_assert_cmpint (barcode.value, ==, 1250);
  mpos_sku_free (sku);

  /* A scale label whose PLU no SKU has. */
  assert_resolve_fails (ts->store, unknown_plu, MPOS_CATALOG_ERROR, MPOS_CATALOG_ERROR_NOT_FOUND);
}

static void
test_catalog_resolve_sku_code_typed_as_digits (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  MposBarcode barcode;
  MposSku *sku;

  /* Six digits are no barcode length: they are the SKU code keyed by hand. */
  sku = resolve_ok (ts->store, "100095", &barcode);
  g_assert_cmpstr (sku->sku_code, ==, "100095");
  g_assert_cmpstr (sku->name, ==, "可口可乐");
  g_assert_cmpstr (sku->spec, ==, "500ml");
  g_assert_cmpint (barcode.kind, ==, MPOS_BARCODE_INTERNAL);
  g_assert_cmpstr (barcode.code, ==, "100095");
  mpos_sku_free (sku);
}

static void
test_catalog_resolve_internal_code_with_letters (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  MposSkuRecord r = record ("BAG-L", "BAG", "购物袋", "大号", "日化/购物袋");
  MposBarcode barcode;
  MposSku *sku;

  test_upsert_sku (ts->store, &r, NOW);
  sku = resolve_ok (ts->store, "BAG-L", &barcode);
  g_assert_cmpstr (sku->sku_code, ==, "BAG-L");
  g_assert_cmpint (barcode.kind, ==, MPOS_BARCODE_INTERNAL);
  mpos_sku_free (sku);
  assert_resolve_fails (ts->store, "BAG-XL", MPOS_CATALOG_ERROR, MPOS_CATALOG_ERROR_NOT_FOUND);
}

static void
test_catalog_resolve_unknown_code_is_not_found (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autofree char *unknown = test_with_check_digit ("690000000000");
  g_autoptr (GError) error = NULL;
  MposSku *sku;

  sku = mpos_catalog_resolve_code (ts->store, unknown, NULL, NULL, &error);
  g_assert_null (sku);
  g_assert_error (error, MPOS_CATALOG_ERROR, MPOS_CATALOG_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, unknown));
  g_clear_error (&error);
  assert_resolve_fails (ts->store, "96385074", MPOS_CATALOG_ERROR, MPOS_CATALOG_ERROR_NOT_FOUND);
  g_assert_null (mpos_catalog_find_sku (ts->store, "199999", &error));
  g_assert_error (error, MPOS_CATALOG_ERROR, MPOS_CATALOG_ERROR_NOT_FOUND);
}

static void
test_catalog_resolve_bad_check_digit_is_barcode_error (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();

  /* 6900183401066 is 100001; one digit off is a misread, not another product. */
  assert_resolve_fails (ts->store, "6900183401067", MPOS_BARCODE_ERROR,
                        MPOS_BARCODE_ERROR_CHECK_DIGIT);
  assert_resolve_fails (ts->store, "69176549", MPOS_BARCODE_ERROR, MPOS_BARCODE_ERROR_CHECK_DIGIT);
  assert_resolve_fails (ts->store, "034000002406", MPOS_BARCODE_ERROR,
                        MPOS_BARCODE_ERROR_CHECK_DIGIT);
  assert_resolve_fails (ts->store, "2000101012505", MPOS_BARCODE_ERROR,
                        MPOS_BARCODE_ERROR_CHECK_DIGIT);
  assert_resolve_fails (ts->store, "", MPOS_BARCODE_ERROR, MPOS_BARCODE_ERROR_EMPTY);
  assert_resolve_fails (ts->store, "可口可乐", MPOS_BARCODE_ERROR, MPOS_BARCODE_ERROR_CHARACTERS);
}

static void
test_catalog_resolve_delisted_sku_is_inactive (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autoptr (GError) error = NULL;

  test_exec (ts->store, "UPDATE skus SET active = 0 WHERE code = '100001'");
  assert_resolve_fails (ts->store, "6900183401066", MPOS_CATALOG_ERROR,
                        MPOS_CATALOG_ERROR_INACTIVE);
  assert_resolve_fails (ts->store, "100001", MPOS_CATALOG_ERROR, MPOS_CATALOG_ERROR_INACTIVE);
  g_assert_null (mpos_catalog_find_sku (ts->store, "100001", &error));
  g_assert_error (error, MPOS_CATALOG_ERROR, MPOS_CATALOG_ERROR_INACTIVE);
}

/* ---- prices -------------------------------------------------------------- */

static int64_t
priced_sku (MposStore *store)
{
  MposSkuRecord r
      = record ("100002", "P0001", "康师傅红烧牛肉面", "五连包", "食品/方便食品/方便面");

  return test_upsert_sku (store, &r, NOW);
}

static void
test_catalog_price_scheduled_for_tomorrow_midnight_applies_from_then (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  int64_t sku_id = priced_sku (ts->store);

  test_add_price (ts->store, sku_id, NULL, 1590, NOW, 0);
  test_add_price (ts->store, sku_id, NULL, 1490, TOMORROW_MIDNIGHT, 0);

  g_assert_cmpint (test_price_at (ts->store, sku_id, NULL, NOW).list_price, ==, 1590);
  g_assert_cmpint (test_price_at (ts->store, sku_id, NULL, TOMORROW_MIDNIGHT - 1).list_price, ==,
                   1590);
  g_assert_cmpint (test_price_at (ts->store, sku_id, NULL, TOMORROW_MIDNIGHT).list_price, ==, 1490);
  g_assert_cmpint (
      test_price_at (ts->store, sku_id, NULL, TOMORROW_MIDNIGHT + 86400 * 365).list_price, ==,
      1490);
  /* The business day of that instant is indeed the 24th in the store's zone. */
  {
    g_autofree char *day = mpos_store_business_day (ts->store, TOMORROW_MIDNIGHT + 4 * 3600);
    g_assert_cmpstr (day, ==, "20261124");
  }
}

static void
test_catalog_price_window_ends_back_to_previous (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  int64_t sku_id = priced_sku (ts->store);
  int64_t from = TOMORROW_MIDNIGHT, to = TOMORROW_MIDNIGHT + 3 * 86400;

  test_add_price (ts->store, sku_id, NULL, 1590, 0, 0);
  test_add_price (ts->store, sku_id, NULL, 1290, from, to); /* a three-day special */
  g_assert_cmpint (test_price_at (ts->store, sku_id, NULL, from - 1).list_price, ==, 1590);
  g_assert_cmpint (test_price_at (ts->store, sku_id, NULL, from).list_price, ==, 1290);
  g_assert_cmpint (test_price_at (ts->store, sku_id, NULL, to - 1).list_price, ==, 1290);
  g_assert_cmpint (test_price_at (ts->store, sku_id, NULL, to).list_price, ==, 1590);

  /* Of two open-ended prices, the one that started last is in effect. */
  test_add_price (ts->store, sku_id, NULL, 1690, NOW - 86400, 0);
  g_assert_cmpint (test_price_at (ts->store, sku_id, NULL, NOW).list_price, ==, 1690);
  g_assert_cmpint (test_price_at (ts->store, sku_id, NULL, NOW - 86400 - 1).list_price, ==, 1590);
}

static void
test_catalog_price_none_in_effect_is_no_price (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (GError) error = NULL;
  int64_t sku_id = priced_sku (ts->store);
  MposSkuPrice price;

  g_assert_false (mpos_catalog_price (ts->store, sku_id, NULL, NOW, &price, &error));
  g_assert_error (error, MPOS_CATALOG_ERROR, MPOS_CATALOG_ERROR_NO_PRICE);
  g_clear_error (&error);

  /* Only a future price: nothing yet. A member price alone is no list price. */
  test_add_price (ts->store, sku_id, NULL, 1590, TOMORROW_MIDNIGHT, 0);
  test_add_price (ts->store, sku_id, "gold", 1490, 0, 0);
  g_assert_false (mpos_catalog_price (ts->store, sku_id, "gold", NOW, &price, &error));
  g_assert_error (error, MPOS_CATALOG_ERROR, MPOS_CATALOG_ERROR_NO_PRICE);
}

static void
test_catalog_price_member_price_per_level (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  int64_t sku_id = priced_sku (ts->store);
  MposSkuPrice price;

  test_add_price (ts->store, sku_id, NULL, 1590, 0, 0);
  test_add_price (ts->store, sku_id, "silver", 1550, 0, 0);
  test_add_price (ts->store, sku_id, "gold", 1490, 0, 0);
  test_add_price (ts->store, sku_id, "gold", 1390, TOMORROW_MIDNIGHT, 0);

  price = test_price_at (ts->store, sku_id, NULL, NOW);
  g_assert_cmpint (price.list_price, ==, 1590);
  g_assert_false (price.has_member_price);

  price = test_price_at (ts->store, sku_id, "silver", NOW);
  g_assert_cmpint (price.list_price, ==, 1590);
  g_assert_true (price.has_member_price);
  g_assert_cmpint (price.member_price, ==, 1550);

  price = test_price_at (ts->store, sku_id, "gold", NOW);
  g_assert_true (price.has_member_price);
  g_assert_cmpint (price.member_price, ==, 1490);
  price = test_price_at (ts->store, sku_id, "gold", TOMORROW_MIDNIGHT);
  g_assert_cmpint (price.member_price, ==, 1390);
  g_assert_cmpint (price.list_price, ==, 1590);

  /* A level with no price of its own pays the list price. */
  price = test_price_at (ts->store, sku_id, "diamond", NOW);
  g_assert_cmpint (price.list_price, ==, 1590);
  g_assert_false (price.has_member_price);
  g_assert_cmpint (price.member_price, ==, 0);
}

static void
test_catalog_price_same_row_twice_is_stored_once (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  int64_t sku_id = priced_sku (ts->store);

  test_add_price (ts->store, sku_id, NULL, 1590, 0, 0);
  test_add_price (ts->store, sku_id, NULL, 1590, 0, 0);
  test_add_price (ts->store, sku_id, "gold", 1490, TOMORROW_MIDNIGHT, TOMORROW_MIDNIGHT + 86400);
  test_add_price (ts->store, sku_id, "gold", 1490, TOMORROW_MIDNIGHT, TOMORROW_MIDNIGHT + 86400);
  g_assert_cmpint (test_count_rows (ts->store, "prices"), ==, 2);
  /* The same price on another schedule is another row. */
  test_add_price (ts->store, sku_id, NULL, 1590, TOMORROW_MIDNIGHT, 0);
  g_assert_cmpint (test_count_rows (ts->store, "prices"), ==, 3);
}

static void
test_catalog_price_invalid_refused (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (GError) error = NULL;
  int64_t sku_id = priced_sku (ts->store);

  g_assert_false (mpos_catalog_add_price (ts->store, sku_id, NULL, -1, 0, 0, NOW, &error));
  g_assert_error (error, MPOS_CATALOG_ERROR, MPOS_CATALOG_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (
      mpos_catalog_add_price (ts->store, sku_id, NULL, MPOS_MONEY_MAX + 1, 0, 0, NOW, &error));
  g_assert_error (error, MPOS_CATALOG_ERROR, MPOS_CATALOG_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (mpos_catalog_add_price (ts->store, sku_id, NULL, 1590, TOMORROW_MIDNIGHT,
                                          TOMORROW_MIDNIGHT, NOW, &error));
  g_assert_error (error, MPOS_CATALOG_ERROR, MPOS_CATALOG_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "end after it starts"));
  g_clear_error (&error);
  g_assert_cmpint (test_count_rows (ts->store, "prices"), ==, 0);
  /* A free item (price 0) is a price. */
  test_add_price (ts->store, sku_id, NULL, 0, 0, 0);
  g_assert_cmpint (test_price_at (ts->store, sku_id, NULL, NOW).list_price, ==, 0);
}

/* ---- stock --------------------------------------------------------------- */

static void
move (MposStore *store, int64_t sku_id, int64_t qty, const char *reason)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (mpos_store_begin (store, &error));
  g_assert_true (mpos_stock_move (store, sku_id, qty, reason, "test", NOW, &error));
  g_assert_no_error (error);
  g_assert_true (mpos_store_commit (store, &error));
}

static void
test_catalog_stock_movements_keep_stock_equal_to_their_sum (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (GError) error = NULL;
  MposSkuRecord r = record ("100001", "P0001", "康师傅红烧牛肉面", "桶装", "食品/方便食品/方便面");
  int64_t sku_id;

  r.set_stock = TRUE;
  r.stock_qty = 50;
  sku_id = test_upsert_sku (ts->store, &r, NOW);
  g_assert_cmpint (test_stock_of (ts->store, "100001"), ==, 50);
  g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM stock_movements WHERE reason = "
                                              "'import' AND qty = 50"),
                   ==, 1);

  move (ts->store, sku_id, -3, "sale");
  move (ts->store, sku_id, 1, "return");
  move (ts->store, sku_id, -5, "adjust");
  g_assert_cmpint (test_stock_of (ts->store, "100001"), ==, 43);
  g_assert_cmpint (test_query_int (ts->store, "SELECT sum(qty) FROM stock_movements"), ==, 43);

  /* Importing the stock it already has adds no movement; a new count adds the difference. */
  r.stock_qty = 43;
  test_upsert_sku (ts->store, &r, NOW);
  g_assert_cmpint (test_count_rows (ts->store, "stock_movements"), ==, 4);
  r.stock_qty = 60;
  test_upsert_sku (ts->store, &r, NOW);
  g_assert_cmpint (test_stock_of (ts->store, "100001"), ==, 60);
  g_assert_cmpint (
      test_query_int (ts->store, "SELECT qty FROM stock_movements ORDER BY id DESC LIMIT 1"), ==,
      17);
  /* A record without stock leaves it alone. */
  r.set_stock = FALSE;
  r.stock_qty = 0;
  test_upsert_sku (ts->store, &r, NOW);
  g_assert_cmpint (test_stock_of (ts->store, "100001"), ==, 60);

  /* Stock may go below zero (a sale is never refused for a miscount). */
  move (ts->store, sku_id, -61, "sale");
  g_assert_cmpint (test_stock_of (ts->store, "100001"), ==, -1);

  /* An unknown reason is refused and moves nothing. */
  g_assert_true (mpos_store_begin (ts->store, &error));
  g_assert_false (mpos_stock_move (ts->store, sku_id, 10, "theft", NULL, NOW, &error));
  g_assert_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_CONSTRAINT);
  mpos_store_rollback (ts->store);
  g_assert_cmpint (test_stock_of (ts->store, "100001"), ==, -1);
  g_assert_cmpint (test_query_int (ts->store, "SELECT sum(qty) FROM stock_movements"), ==, -1);
  test_assert_consistent (ts->store);
}

/* A sale's movements wait to be folded into the SKU row; stock read in
 * between is exact, the fold comes once MPOS_STOCK_FOLD_EVERY are pending,
 * and a count (import) folds what is pending before it sets the difference. */
static void
test_catalog_stock_movements_fold_later (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (GError) error = NULL;
  MposSkuRecord r = record ("100001", "P0001", "康师傅红烧牛肉面", "桶装", "食品/方便食品/方便面");
  int64_t sku_id, folded_before;

  r.set_stock = TRUE;
  r.stock_qty = 1000;
  sku_id = test_upsert_sku (ts->store, &r, NOW);
  folded_before = test_query_int (ts->store, "SELECT value FROM counters "
                                             "WHERE name = 'stock_folded_through'");

  g_assert_true (mpos_store_begin (ts->store, &error));
  for (int k = 0; k < MPOS_STOCK_FOLD_EVERY - 1; k++)
    g_assert_true (mpos_stock_record (ts->store, sku_id, -1, "sale", "test", NOW, &error));
  g_assert_true (mpos_store_commit (ts->store, &error));
  g_assert_true (mpos_stock_fold_if_due (ts->store, NULL, &error)); /* one short: nothing */
  g_assert_cmpint (test_query_int (ts->store, "SELECT stock_qty FROM skus"), ==, 1000);
  g_assert_cmpint (test_stock_of (ts->store, "100001"), ==, 1000 - (MPOS_STOCK_FOLD_EVERY - 1));
  test_assert_consistent (ts->store);

  g_assert_true (mpos_store_begin (ts->store, &error));
  g_assert_true (mpos_stock_record (ts->store, sku_id, -1, "sale", "test", NOW, &error));
  g_assert_true (mpos_store_commit (ts->store, &error));
  g_assert_true (mpos_stock_fold_if_due (ts->store, NULL, &error));
  g_assert_cmpint (test_query_int (ts->store, "SELECT stock_qty FROM skus"), ==,
                   1000 - MPOS_STOCK_FOLD_EVERY);
  g_assert_cmpint (test_query_int (ts->store, "SELECT value FROM counters "
                                              "WHERE name = 'stock_folded_through'"),
                   ==, folded_before + MPOS_STOCK_FOLD_EVERY);
  test_assert_consistent (ts->store);

  /* pending again, then a count of 500: the import's movement is the difference to now */
  g_assert_true (mpos_store_begin (ts->store, &error));
  g_assert_true (mpos_stock_record (ts->store, sku_id, -4, "sale", "test", NOW, &error));
  g_assert_true (mpos_store_commit (ts->store, &error));
  r.stock_qty = 500;
  test_upsert_sku (ts->store, &r, NOW);
  g_assert_cmpint (test_stock_of (ts->store, "100001"), ==, 500);
  g_assert_cmpint (test_query_int (ts->store, "SELECT qty FROM stock_movements ORDER BY id DESC "
                                              "LIMIT 1"),
                   ==, 500 - (1000 - MPOS_STOCK_FOLD_EVERY - 4));
  g_assert_cmpint (test_query_int (ts->store, "SELECT stock_qty FROM skus"), ==, 500);
  test_assert_consistent (ts->store);
}

/* Many movements at once go a few rows per statement: 17 = 8 + 8 + 1, in order. */
static void
test_catalog_stock_many_movements_in_order (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (GError) error = NULL;
  MposSkuRecord r = record ("100001", "P0001", "康师傅红烧牛肉面", "桶装", "食品/方便食品/方便面");
  MposStockMove moves[17];
  g_autofree char *order = NULL;
  int64_t sku_id = test_upsert_sku (ts->store, &r, NOW);

  for (int k = 0; k < 17; k++)
    moves[k] = (MposStockMove){ sku_id, -(k + 1) };
  g_assert_true (mpos_store_begin (ts->store, &error));
  g_assert_true (mpos_stock_record_many (ts->store, moves, 17, "sale", "S1", NOW, &error));
  g_assert_no_error (error);
  g_assert_true (mpos_store_commit (ts->store, &error));
  g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM stock_movements"), ==, 17);
  order = test_query_text (ts->store, "SELECT group_concat (qty, ' ') FROM (SELECT qty "
                                      "FROM stock_movements ORDER BY id)");
  g_assert_cmpstr (order, ==, "-1 -2 -3 -4 -5 -6 -7 -8 -9 -10 -11 -12 -13 -14 -15 -16 -17");
  g_assert_cmpint (test_stock_of (ts->store, "100001"), ==, -153);
  test_assert_consistent (ts->store);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/catalog/upsert-creates-category-levels-once",
                   test_catalog_upsert_creates_category_levels_once);
  g_test_add_func ("/catalog/variants-share-one-product", test_catalog_variants_share_one_product);
  g_test_add_func ("/catalog/stock-movements-fold-later", test_catalog_stock_movements_fold_later);
  g_test_add_func ("/catalog/stock-many-movements-in-order",
                   test_catalog_stock_many_movements_in_order);
  g_test_add_func ("/catalog/invalid-records-refused", test_catalog_invalid_records_refused);
  g_test_add_func ("/catalog/plu-belongs-to-one-sku", test_catalog_plu_belongs_to_one_sku);
  g_test_add_func ("/catalog/barcode/upc-a-stored-as-ean13-and-found-by-both",
                   test_catalog_upc_a_stored_as_ean13_and_found_by_both);
  g_test_add_func ("/catalog/barcode/owned-by-another-sku-refused",
                   test_catalog_barcode_owned_by_another_sku_refused);
  g_test_add_func ("/catalog/barcode/replaced-on-upsert", test_catalog_barcodes_replaced_on_upsert);
  g_test_add_func ("/catalog/resolve/gtins", test_catalog_resolve_gtins);
  g_test_add_func ("/catalog/resolve/scale-code-by-plu", test_catalog_resolve_scale_code_by_plu);
  g_test_add_func ("/catalog/resolve/sku-code-typed-as-digits",
                   test_catalog_resolve_sku_code_typed_as_digits);
  g_test_add_func ("/catalog/resolve/internal-code-with-letters",
                   test_catalog_resolve_internal_code_with_letters);
  g_test_add_func ("/catalog/resolve/unknown-code-is-not-found",
                   test_catalog_resolve_unknown_code_is_not_found);
  g_test_add_func ("/catalog/resolve/bad-check-digit-is-barcode-error",
                   test_catalog_resolve_bad_check_digit_is_barcode_error);
  g_test_add_func ("/catalog/resolve/delisted-sku-is-inactive",
                   test_catalog_resolve_delisted_sku_is_inactive);
  g_test_add_func ("/catalog/price/scheduled-for-tomorrow-midnight-applies-from-then",
                   test_catalog_price_scheduled_for_tomorrow_midnight_applies_from_then);
  g_test_add_func ("/catalog/price/window-ends-back-to-previous",
                   test_catalog_price_window_ends_back_to_previous);
  g_test_add_func ("/catalog/price/none-in-effect-is-no-price",
                   test_catalog_price_none_in_effect_is_no_price);
  g_test_add_func ("/catalog/price/member-price-per-level",
                   test_catalog_price_member_price_per_level);
  g_test_add_func ("/catalog/price/same-row-twice-is-stored-once",
                   test_catalog_price_same_row_twice_is_stored_once);
  g_test_add_func ("/catalog/price/invalid-refused", test_catalog_price_invalid_refused);
  g_test_add_func ("/catalog/stock/movements-keep-stock-equal-to-their-sum",
                   test_catalog_stock_movements_keep_stock_equal_to_their_sum);

  return g_test_run ();
}
