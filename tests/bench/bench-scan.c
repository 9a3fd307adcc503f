/* bench-scan.c — DESIGN.md target "barcode → priced cart line, 1,000,000
 * SKUs: < 50 µs median in the core". Builds a large synthetic catalog in a
 * temp store, then times mpos_cart_add_code on realistic carts against a bare
 * prepared SQLite barcode lookup on the same store, in the same run. */
#include "bench-util.h"
#include "cart.h"
#include "catalog.h"
#include "clock.h"
#include "store-private.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_SKUS 1000000
#define DEFAULT_LOOKUPS 100000
#define WARMUP_LOOKUPS 5000
#define LINES_PER_CART 50
#define TARGET_MEDIAN_US 50.0
#define MEMBER_CARD "8800000000017" /* 张伟, gold, from the demo members */
/* Prices and promotions are decided at a fixed time inside the demo
 * promotions' window, so every run prices the same way. */
#define PRICING_TIME "2026-11-23T10:00:00+08:00"

/* ---- the synthetic catalog ------------------------------------------------ */

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

typedef struct
{
  guint64 n_skus;
  guint64 n_weighed;
  guint64 n_member_prices;
  guint64 n_barcodes;
  guint n_categories;
  double build_seconds;
  const char *method;
} CatalogInfo;

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

/* A valid EAN-13: 3-digit prefix, 9 digits that are a bijection of i (so
 * codes are unique and not in insertion order), GS1 check digit. */
static void
make_ean13 (char out[14], const char *prefix, uint64_t i)
{
  uint64_t body = (i * 654435761ULL + 12345) % 1000000000ULL;

  g_snprintf (out, 14, "%s%09" PRIu64, prefix, body);
  out[12] = (char)('0' + mpos_barcode_gs1_check_digit (out, 12));
  out[13] = '\0';
}

/* The scale label of the default layout: 2, flag 0, 5-digit PLU, grams, check. */
static void
make_scale_code (char out[14], guint plu, guint grams)
{
  g_snprintf (out, 14, "20%05u%05u", plu, grams);
  out[12] = (char)('0' + mpos_barcode_gs1_check_digit (out, 12));
  out[13] = '\0';
}

static guint
plu_of (uint64_t i)
{
  return (guint)(i / 200 + 1);
}

static gboolean
is_weighed (uint64_t i)
{
  return IS_WEIGHED (i) && plu_of (i) <= MAX_PLU;
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
generate_sku (uint64_t i, GeneratedSku *g)
{
  uint64_t product = IS_VARIANT (i) ? i - 1 : i;
  uint64_t h = mix (product);
  guint top = (guint)(h % 4); /* piece goods: 食品 饮料 日化 烟酒 */
  guint mid = (guint)((h >> 8) % 8);
  guint leaf = (guint)((h >> 16) % 8);
  MposSkuRecord *r = &g->record;

  memset (g, 0, sizeof *g);
  g_snprintf (g->sku_code, sizeof g->sku_code, "%" PRIu64, 100001 + i);
  g_snprintf (g->product_code, sizeof g->product_code, "P%07" PRIu64, product);
  r->sku_code = g->sku_code;
  r->product_code = g->product_code;
  r->set_stock = TRUE;
  r->stock_qty = (int64_t)(mix (i) % 500);
  if (is_weighed (i))
    {
      guint kind = (guint)(h % 4);
      g_snprintf (g->name, sizeof g->name, "%s%s", origins[(h >> 24) % G_N_ELEMENTS (origins)],
                  fresh_items[kind][(h >> 32) % 8]);
      g_snprintf (g->category, sizeof g->category, "%s/%s/散装", tops[4].name, tops[4].mids[kind]);
      g_snprintf (g->plu, sizeof g->plu, "%05u", plu_of (i));
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
      make_ean13 (g->barcode[0], "690", i);
      g->barcodes[0] = g->barcode[0];
      if (HAS_SECOND_BARCODE (i))
        {
          make_ean13 (g->barcode[1], "695", i);
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
static gboolean
build_catalog (MposStore *store, uint64_t n, int64_t now, CatalogInfo *info, GError **error)
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

      generate_sku (i, &g);
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

static guint
count_rows (MposStore *store, MposSql *sql)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, sql, NULL);
  guint count = 0;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    count = (guint)sqlite3_column_int64 (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);
  return count;
}

/* ---- what is scanned --------------------------------------------------------- */

typedef char Code[14]; /* an EAN-13 or scale label and its NUL */

/* Random SKUs, 1 in 200 weighed (a scale label with a random weight); piece
 * goods with two barcodes are scanned by either. */
static Code *
make_scan_codes (uint64_t n_skus, guint count, GRand *rand)
{
  Code *codes = g_new (Code, count);

  for (guint k = 0; k < count; k++)
    {
      uint64_t i = (uint64_t)g_rand_double_range (rand, 0, (double)n_skus);
      if (is_weighed (i))
        make_scale_code (codes[k], plu_of (i), (guint)g_rand_int_range (rand, 100, 5000));
      else
        make_ean13 (codes[k], HAS_SECOND_BARCODE (i) && g_rand_boolean (rand) ? "695" : "690", i);
    }
  return codes;
}

/* Random piece goods' barcodes: what the bare SQLite lookup reads. */
static Code *
make_barcode_codes (uint64_t n_skus, guint count, GRand *rand)
{
  Code *codes = g_new (Code, count);

  for (guint k = 0; k < count; k++)
    {
      uint64_t i;
      do
        i = (uint64_t)g_rand_double_range (rand, 0, (double)n_skus);
      while (is_weighed (i));
      make_ean13 (codes[k], "690", i);
    }
  return codes;
}

/* ---- timing ------------------------------------------------------------------ */

static MposCart *
fresh_cart (MposStore *store, int64_t now, gboolean with_member, GError **error)
{
  g_autoptr (MposCart) cart = mpos_cart_new (store, now, error);

  if (cart == NULL)
    return NULL;
  mpos_cart_set_cashier (cart, "1001");
  if (with_member && !mpos_cart_set_member (cart, MEMBER_CARD, error))
    return NULL;
  return g_steal_pointer (&cart);
}

/* Times each mpos_cart_add_code; a fresh cart (made outside the timed part)
 * every LINES_PER_CART lines keeps carts the size of real ones. */
static gboolean
time_scans (MposStore *store, Code *codes, guint count, int64_t now, gboolean with_member,
            GArray *samples, GError **error)
{
  g_autoptr (MposCart) cart = NULL;

  for (guint k = 0; k < count; k++)
    {
      MposCartLine *line;
      int64_t t0, t1;

      if (cart == NULL || mpos_cart_get_lines (cart)->len >= LINES_PER_CART)
        {
          g_clear_pointer (&cart, mpos_cart_free);
          cart = fresh_cart (store, now, with_member, error);
          if (cart == NULL)
            return FALSE;
        }
      t0 = bench_now_ns ();
      line = mpos_cart_add_code (cart, codes[k], 0, error);
      t1 = bench_now_ns ();
      if (line == NULL)
        {
          g_prefix_error (error, "scanning %s: ", codes[k]);
          return FALSE;
        }
      if (samples != NULL)
        {
          int64_t ns = t1 - t0;
          g_array_append_val (samples, ns);
        }
    }
  return TRUE;
}

/* The floor: one prepared statement, one B-tree probe, same connection and cache. */
static gboolean
time_bare_lookups (MposStore *store, Code *codes, guint count, GArray *samples, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v3 (mpos_store_db (store), "SELECT sku_id FROM barcodes WHERE code = ?",
                               -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  int64_t found = 0;

  if (rc != SQLITE_OK)
    return mpos_store_fail (store, rc, "preparing the bare lookup", error);
  for (guint k = 0; k < count; k++)
    {
      int64_t t0 = bench_now_ns (), t1;

      sqlite3_bind_text (stmt, 1, codes[k], 13, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        found += sqlite3_column_int64 (stmt, 0) > 0;
      sqlite3_reset (stmt);
      t1 = bench_now_ns ();
      if (samples != NULL)
        {
          int64_t ns = t1 - t0;
          g_array_append_val (samples, ns);
        }
    }
  sqlite3_finalize (stmt);
  if (found != count)
    {
      g_set_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_FAILED,
                   "bare lookup found %" G_GINT64_FORMAT " of %u barcodes", found, count);
      return FALSE;
    }
  return TRUE;
}

/* ---- main ---------------------------------------------------------------------- */

typedef struct
{
  gint64 skus;
  gint lookups;
  char *demo_dir;
  char *store_path;
  gboolean no_member;
} Options;

static gboolean
parse_options (int *argc, char ***argv, Options *o, GError **error)
{
  GOptionEntry entries[] = {
    { "skus", 'n', 0, G_OPTION_ARG_INT64, &o->skus,
      "SKUs in the catalog (default $MALLPOS_BENCH_SKUS or 1000000)", "N" },
    { "lookups", 'l', 0, G_OPTION_ARG_INT, &o->lookups, "timed scans (default 100000)", "N" },
    { "demo-dir", 'd', 0, G_OPTION_ARG_FILENAME, &o->demo_dir,
      "demo data (relative to the source root; default $MALLPOS_DEMO_DIR)", "DIR" },
    { "store", 's', 0, G_OPTION_ARG_FILENAME, &o->store_path,
      "keep the catalog in this store and reuse it when it already has N SKUs", "PATH" },
    { "no-member", 0, 0, G_OPTION_ARG_NONE, &o->no_member, "scan without a member on the cart",
      NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("- time barcode -> priced cart line");

  o->skus = (gint64)bench_env_count ("MALLPOS_BENCH_SKUS", DEFAULT_SKUS);
  o->lookups = DEFAULT_LOOKUPS;
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, argc, argv, error))
    return FALSE;
  /* A bare positional number is the SKU count (`bench-scan 10000`). */
  if (*argc > 1 && !g_ascii_string_to_signed ((*argv)[1], 10, 1, G_MAXINT32, &o->skus, error))
    return FALSE;
  if (o->skus < 1 || o->lookups < 1)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "counts must be positive");
      return FALSE;
    }
  return TRUE;
}

static MposSql SQL_PREPARE_STORE
    = MPOS_SQL ("bench-scan: prepare store", "SELECT count(*) FROM skus WHERE plu IS NOT NULL");

static MposSql SQL_PREPARE_STORE_4
    = MPOS_SQL ("bench-scan: prepare store", "SELECT count(*) FROM categories");

static MposSql SQL_PREPARE_STORE_2
    = MPOS_SQL ("bench-scan: prepare store",
                "SELECT count(DISTINCT sku_id) FROM prices WHERE level_code IS NOT NULL");

static MposSql SQL_PREPARE_STORE_3
    = MPOS_SQL ("bench-scan: prepare store", "SELECT count(*) FROM barcodes");

static BenchStore *
prepare_store (const Options *o, int64_t now, CatalogInfo *info, GError **error)
{
  g_autoptr (BenchStore) bs
      = o->store_path ? bench_store_open (o->store_path, error) : bench_store_new (error);
  int64_t existing;

  if (bs == NULL)
    return NULL;
  existing = mpos_catalog_sku_count (bs->store);
  if (existing == o->skus)
    {
      info->n_skus = (guint64)existing;
      info->method = "reused from --store";
      info->n_weighed = count_rows (bs->store, &SQL_PREPARE_STORE);
      info->n_member_prices = count_rows (bs->store, &SQL_PREPARE_STORE_2);
      info->n_barcodes = count_rows (bs->store, &SQL_PREPARE_STORE_3);
    }
  else if (existing != 0)
    {
      g_set_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_FAILED,
                   "%s already holds %" G_GINT64_FORMAT " SKUs, not %" G_GINT64_FORMAT, bs->path,
                   existing, o->skus);
      return NULL;
    }
  else if (!bench_load_demo (bs->store, o->demo_dir, FALSE, error)
           || !build_catalog (bs->store, (uint64_t)o->skus, now, info, error))
    return NULL;
  info->n_categories = count_rows (bs->store, &SQL_PREPARE_STORE_4);
  /* Scan against a freshly opened store, as a terminal does after start-up. */
  if (!bench_store_reopen (bs, error))
    return NULL;
  return g_steal_pointer (&bs);
}

static int
run (const Options *o, GError **error)
{
  g_autoptr (BenchStore) bs = NULL;
  g_autoptr (GRand) rand = g_rand_new_with_seed (20261123);
  g_autoptr (GArray) scans = g_array_sized_new (FALSE, FALSE, sizeof (int64_t), (guint)o->lookups);
  g_autoptr (GArray) bare = g_array_sized_new (FALSE, FALSE, sizeof (int64_t), (guint)o->lookups);
  g_autofree Code *scan_codes = NULL;
  g_autofree Code *bare_codes = NULL;
  g_autofree Code *warm_codes = NULL;
  CatalogInfo info = { 0 };
  BenchStats scan_stats, bare_stats;
  int64_t now = 0;
  gboolean with_member = !o->no_member;

  mpos_clock_parse_iso8601 (PRICING_TIME, &now);
  bs = prepare_store (o, now, &info, error);
  if (bs == NULL)
    return 1;
  warm_codes = make_scan_codes (info.n_skus, WARMUP_LOOKUPS, rand);
  scan_codes = make_scan_codes (info.n_skus, (guint)o->lookups, rand);
  bare_codes = make_barcode_codes (info.n_skus, (guint)o->lookups, rand);

  /* Warm both paths alike, then time them back to back on the same connection. */
  if (!time_scans (bs->store, warm_codes, WARMUP_LOOKUPS, now, with_member, NULL, error)
      || !time_bare_lookups (bs->store, bare_codes, MIN ((guint)o->lookups, WARMUP_LOOKUPS), NULL,
                             error)
      || !time_scans (bs->store, scan_codes, (guint)o->lookups, now, with_member, scans, error)
      || !time_bare_lookups (bs->store, bare_codes, (guint)o->lookups, bare, error))
    return 1;
  scan_stats = bench_stats (scans);
  bare_stats = bench_stats (bare);

  printf ("bench-scan: barcode → priced cart line\n");
  printf ("  catalog: %" PRIu64 " SKUs, %u categories, %" PRIu64 " barcodes, %" PRIu64
          " weighed (PLU), %" PRIu64 " with member prices, demo promotions\n",
          info.n_skus, info.n_categories, info.n_barcodes, info.n_weighed, info.n_member_prices);
  if (info.build_seconds > 0)
    printf ("  built through %s in %.1f s (%.1f µs/SKU)\n", info.method, info.build_seconds,
            info.build_seconds * 1e6 / (double)info.n_skus);
  else
    printf ("  catalog %s\n", info.method);
  printf ("  carts: ≤ %d lines, %s, priced at %s\n", LINES_PER_CART,
          with_member ? "gold member " MEMBER_CARD : "no member", PRICING_TIME);
  bench_print_stats ("mpos_cart_add_code", &scan_stats);
  bench_print_stats ("bare SELECT sku_id FROM barcodes WHERE code=?", &bare_stats);
  printf ("  ratio of medians (cart line / bare lookup): %.1f×\n",
          scan_stats.median_us / bare_stats.median_us);
  printf ("  target median < %.0f µs: %s\n", TARGET_MEDIAN_US,
          scan_stats.median_us < TARGET_MEDIAN_US ? "met" : "MISSED");
  printf ("RESULT scan_median=%.2f us\n", scan_stats.median_us);
  return 0;
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  Options o = { 0 };
  int status;

  if (!parse_options (&argc, &argv, &o, &error))
    {
      fprintf (stderr, "bench-scan: %s\n", error->message);
      return 2;
    }
  status = run (&o, &error);
  if (status != 0)
    fprintf (stderr, "bench-scan: %s\n", error ? error->message : "failed");
  g_free (o.demo_dir);
  g_free (o.store_path);
  return status;
}
