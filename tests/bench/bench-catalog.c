/* bench-catalog.c — the synthetic catalog the benchmarks run on
 * (bench-catalog.h): Chinese supermarket names, categories, specs, prices,
 * member prices and barcodes made from the SKU's number, so every run and
 * every benchmark builds the same catalog and can name its codes. */
#include "bench-catalog.h"
#include "barcode.h"
#include "catalog.h"
#include "store-private.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

const BenchCatalogShape bench_catalog_default = { 100001, 1, "690", "695" };
const BenchCatalogShape bench_catalog_beside_demo = { 3000001, 201, "692", "693" };

typedef struct
{
  const char *name;
  const char *mids[8];
  const char *nouns[8]; /* what a product of each mid category is called */
  int tax_rate_bp;
} TopCategory;

/* 5 top levels × 8 × 8 leaves: 365 categories. The top levels and
 * 日化/洗涤用品, 生鲜/水果 are the demo promotions' scopes. */
static const TopCategory tops[] = {
  { "食品",
    { "方便食品", "休闲零食", "乳制品", "粮油调味", "饼干糕点", "糖果巧克力", "冲调饮品",
      "冷冻食品" },
    { "方便面", "薯片", "纯牛奶", "调和油", "苏打饼干", "巧克力", "燕麦片", "水饺" },
    1300 },
  { "饮料",
    { "碳酸饮料", "果汁", "茶饮料", "饮用水", "功能饮料", "咖啡", "植物蛋白饮料", "酸奶饮品" },
    { "可乐", "橙汁", "绿茶", "矿泉水", "能量饮料", "即饮咖啡", "核桃乳", "乳酸菌饮品" },
    1300 },
  { "日化",
    { "洗涤用品", "口腔护理", "洗发护发", "沐浴用品", "纸品", "家居清洁", "护肤", "女性护理" },
    { "洗衣液", "牙膏", "洗发水", "沐浴露", "抽纸", "洗洁精", "面霜", "卫生巾" },
    1300 },
  { "烟酒",
    { "香烟", "白酒", "啤酒", "葡萄酒", "黄酒", "洋酒", "预调酒", "米酒" },
    { "香烟", "白酒", "啤酒", "干红葡萄酒", "花雕酒", "威士忌", "鸡尾酒", "米酒" },
    1300 },
  { "生鲜",
    { "水果", "蔬菜", "肉类", "水产", "禽蛋", "豆制品", "熟食", "冷鲜" },
    { "苹果", "西红柿", "五花肉", "鲈鱼", "鸡蛋", "豆腐", "卤牛肉", "牛排" },
    900 },
};

static const char *const leaves[8]
    = { "国产", "进口", "家庭装", "小包装", "礼盒装", "散装", "精选", "特惠" };

static const char *const brands[]
    = { "康师傅", "统一",     "农夫山泉", "伊利",   "蒙牛",     "娃哈哈",   "金龙鱼", "蓝月亮",
        "立白",   "云南白药", "海飞丝",   "舒肤佳", "维达",     "心相印",   "青岛",   "雪花",
        "茅台",   "五粮液",   "张裕",     "百威",   "三只松鼠", "良品铺子", "旺旺",   "达利园",
        "徐福记", "德芙",     "雀巢",     "光明",   "思念",     "湾仔码头", "海天",   "老干妈",
        "李锦记", "恒顺",     "中华",     "黑人",   "清风",     "白猫",     "超能",   "汇源" };

static const char *const flavours[]
    = { "经典", "原味", "红烧牛肉", "香辣", "清爽", "低糖", "无糖", "高钙", "特浓",     "草莓",
        "柠檬", "薄荷", "蜂蜜",     "黑糖", "海盐", "椰香", "抹茶", "芒果", "老坛酸菜", "番茄" };

static const char *const specs[]
    = { "110g", "250ml", "330ml", "500ml",  "1L",  "1.5L", "5kg", "12瓶装",
        "24盒", "200g",  "3kg",   "5×103g", "80g", "2L",   "6罐", "450g" };

static const char *const origins[]
    = { "山东", "新疆", "海南", "云南", "东北", "四川", "福建", "内蒙古" };

static const char *const fresh_items[][8] = {
  { "红富士苹果", "香蕉", "砂糖橘", "哈密瓜", "火龙果", "猕猴桃", "葡萄", "雪梨" },
  { "西红柿", "黄瓜", "土豆", "白菜", "胡萝卜", "青椒", "茄子", "西兰花" },
  { "五花肉", "猪里脊", "牛腱子", "羊排", "鸡胸肉", "鸡翅中", "排骨", "牛腩" },
  { "鲈鱼", "草鱼", "基围虾", "带鱼", "鲫鱼", "花蛤", "鱿鱼", "三文鱼" },
};

/* Every 200th SKU is weighed (5,000 in a million), every 10th is a second
 * spec of the product before it, every 20th has member prices (5%), every
 * 50th a second barcode. */
#define IS_WEIGHED(i) ((i) % 200 == 7)
#define IS_VARIANT(i) ((i) % 10 == 1)
#define HAS_MEMBER_PRICE(i) ((i) % 20 == 3)
#define HAS_SECOND_BARCODE(i) ((i) % 50 == 5)
#define MAX_PLU 99999


static uint64_t
mix (uint64_t x)
{
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

/* Ends the 12 digits in out with their GS1 check digit: a 13-digit code. */
static void
complete_with_check_digit (char out[14])
{
  out[12] = (char)('0' + mpos_barcode_gs1_check_digit (out, 12));
  out[13] = '\0';
}

/* A valid EAN-13: 3-digit prefix, 9 digits that are a bijection of i (so
 * codes are unique and not in insertion order), GS1 check digit. */
static void
make_ean13 (char out[14], const char *prefix, uint64_t i)
{
  uint64_t body = (i * 654435761ULL + 12345) % 1000000000ULL;

  g_snprintf (out, 14, "%s%09" PRIu64, prefix, body);
  complete_with_check_digit (out);
}

/* The scale label of the default layout: 2, flag 0, 5-digit PLU, grams, check. */
static void
make_scale_code (char out[14], guint plu, guint grams)
{
  g_snprintf (out, 14, "20%05u%05u", plu, grams);
  complete_with_check_digit (out);
}

static guint
plu_of (const BenchCatalogShape *shape, uint64_t i)
{
  return shape->first_plu + (guint)(i / 200);
}

gboolean
bench_catalog_is_weighed (const BenchCatalogShape *shape, uint64_t i)
{
  return IS_WEIGHED (i) && plu_of (shape, i) <= MAX_PLU;
}

typedef struct
{
  char sku_code[16];
  char product_code[16];
  char name[128];
  char spec[32];
  char category[128];
  char plu[8];
  char barcode[2][14];
  const char *barcodes[3];
  MposSkuRecord record;
  MposMoney list_price;
} GeneratedSku;

static void
generate_sku (const BenchCatalogShape *shape, uint64_t i, GeneratedSku *g)
{
  uint64_t product = IS_VARIANT (i) ? i - 1 : i;
  uint64_t h = mix (product);
  guint top = (guint)(h % 4); /* piece goods: 食品 饮料 日化 烟酒 */
  guint mid = (guint)((h >> 8) % 8);
  guint leaf = (guint)((h >> 16) % 8);
  MposSkuRecord *r = &g->record;

  memset (g, 0, sizeof *g);
  g_snprintf (g->sku_code, sizeof g->sku_code, "%" PRIu64, shape->first_sku + i);
  g_snprintf (g->product_code, sizeof g->product_code, "P%07" PRIu64, product);
  r->sku_code = g->sku_code;
  r->product_code = g->product_code;
  r->set_stock = TRUE;
  r->stock_qty = (int64_t)(mix (i) % 500);
  if (bench_catalog_is_weighed (shape, i))
    {
      guint kind = (guint)(h % 4);
      g_snprintf (g->name, sizeof g->name, "%s%s", origins[(h >> 24) % G_N_ELEMENTS (origins)],
                  fresh_items[kind][(h >> 32) % 8]);
      g_snprintf (g->category, sizeof g->category, "%s/%s/散装", tops[4].name, tops[4].mids[kind]);
      g_snprintf (g->plu, sizeof g->plu, "%05u", plu_of (shape, i));
      r->unit = MPOS_UNIT_WEIGHT;
      r->tax_rate_bp = tops[4].tax_rate_bp;
      r->plu = g->plu;
      r->stock_qty *= 1000;                              /* grams */
      g->list_price = 500 + (MposMoney)(mix (i) % 8500); /* per kg */
    }
  else
    {
      g_snprintf (g->name, sizeof g->name, "%s%s%s", brands[(h >> 24) % G_N_ELEMENTS (brands)],
                  flavours[(h >> 32) % G_N_ELEMENTS (flavours)], tops[top].nouns[mid]);
      g_snprintf (g->category, sizeof g->category, "%s/%s/%s", tops[top].name, tops[top].mids[mid],
                  leaves[leaf]);
      g_strlcpy (g->spec, specs[mix (i + 7) % G_N_ELEMENTS (specs)], sizeof g->spec);
      make_ean13 (g->barcode[0], shape->prefix, i);
      g->barcodes[0] = g->barcode[0];
      if (HAS_SECOND_BARCODE (i))
        {
          make_ean13 (g->barcode[1], shape->second_prefix, i);
          g->barcodes[1] = g->barcode[1];
        }
      r->unit = MPOS_UNIT_PIECE;
      r->tax_rate_bp = tops[top].tax_rate_bp;
      r->barcodes = g->barcodes;
      g->list_price = 100 + (MposMoney)(mix (i) % 29900);
    }
  r->name = g->name;
  r->spec = g->spec;
  r->category_path = g->category;
}

static void
progress (uint64_t done, uint64_t total, int64_t started_ns)
{
  double seconds = (bench_now_ns () - started_ns) / 1e9;

  fprintf (stderr, "\r  building catalog: %" PRIu64 "/%" PRIu64 " SKUs, %.0f s", done, total,
           seconds);
  if (done == total)
    fputc ('\n', stderr);
}

/* Everything through the catalog's own write API, in one transaction, as an
 * import would do it: validation, categories, products, SKUs, barcodes,
 * stock and prices. */
gboolean
bench_catalog_build (MposStore *store, const BenchCatalogShape *shape, uint64_t n, int64_t now,
                     BenchCatalogInfo *info, GError **error)
{
  int64_t started = bench_now_ns ();
  GeneratedSku g;

  /* A bulk load wants a big page cache and statement journals in memory
   * rather than in a temp file; the reopen before timing drops both. */
  if (!mpos_store_exec (store, "PRAGMA cache_size = -1048576; PRAGMA temp_store = MEMORY", error)
      || !mpos_store_begin (store, error))
    return FALSE;
  for (uint64_t i = 0; i < n; i++)
    {
      int64_t sku_id = 0;

      generate_sku (shape, i, &g);
      if (!mpos_catalog_upsert_sku (store, &g.record, now, &sku_id, error)
          || !mpos_catalog_add_price (store, sku_id, NULL, g.list_price, 0, 0, now, error))
        goto fail;
      if (HAS_MEMBER_PRICE (i)
          && (!mpos_catalog_add_price (store, sku_id, "gold", g.list_price * 92 / 100, 0, 0, now,
                                       error)
              || !mpos_catalog_add_price (store, sku_id, "diamond", g.list_price * 88 / 100, 0, 0,
                                          now, error)))
        goto fail;
      info->n_weighed += g.record.unit == MPOS_UNIT_WEIGHT;
      info->n_member_prices += HAS_MEMBER_PRICE (i);
      info->n_barcodes += (g.barcodes[0] != NULL) + (g.barcodes[1] != NULL);
      if ((i + 1) % 50000 == 0 || i + 1 == n)
        progress (i + 1, n, started);
    }
  /* The search entries of every SKU at once, as the import makes them. */
  if (!mpos_catalog_search_refresh (store, error) || !mpos_store_commit (store, error))
    return FALSE;
  info->n_skus = n;
  info->build_seconds = (bench_now_ns () - started) / 1e9;
  info->method = "mpos_catalog_upsert_sku + mpos_catalog_add_price in one transaction "
                 "(build connection: cache_size 1 GiB, temp_store MEMORY)";
  return TRUE;

fail:
  g_prefix_error (error, "SKU %s: ", g.sku_code);
  mpos_store_rollback (store);
  return FALSE;
}

void
bench_catalog_scan_code (const BenchCatalogShape *shape, uint64_t i, GRand *rand, char out[14])
{
  if (bench_catalog_is_weighed (shape, i))
    make_scale_code (out, plu_of (shape, i), (guint)g_rand_int_range (rand, 100, 5000));
  else
    make_ean13 (out,
                HAS_SECOND_BARCODE (i) && g_rand_boolean (rand) ? shape->second_prefix
                                                                : shape->prefix,
                i);
}

void
bench_catalog_barcode (const BenchCatalogShape *shape, uint64_t i, char out[14])
{
  make_ean13 (out, shape->prefix, i);
}
