/* test-pinyin.c — tests for src/pinyin.c: the initials a cashier types to
 * find goods, from GB2312 level-1 ranges, the extra table, ASCII and
 * fullwidth Latin, with everything else (and broken UTF-8) dropped. */
#include <glib.h>

#include "pinyin.h"

static void
assert_initials (const char *name, const char *expected)
{
  g_autofree char *got = mpos_pinyin_initials (name);

  g_assert_cmpstr (got, ==, expected);
}

static void
test_pinyin_brand_names_give_one_letter_per_hanzi (void)
{
  assert_initials ("可口可乐", "kkkl");
  assert_initials ("伊利纯牛奶", "ylcnn");
  assert_initials ("康师傅红烧牛肉面", "ksfhsnrm");
  assert_initials ("娃哈哈", "whh");
  assert_initials ("雪碧", "xb");
}

static void
test_pinyin_ascii_letters_and_digits_kept_lowercased (void)
{
  assert_initials ("农夫山泉 550ml", "nfsq550ml");
  assert_initials ("ABC饼干", "abcbg");
  assert_initials ("Coca-Cola 330ML", "cocacola330ml");
  assert_initials ("", "");
}

static void
test_pinyin_punctuation_and_symbols_dropped (void)
{
  assert_initials ("（大包装）", "dbz");
  assert_initials ("鸡蛋·散装【特价】", "jdsztj");
  assert_initials ("¥12.50/斤", "1250j");
  assert_initials ("★☆♪😀", "");
}

static void
test_pinyin_fullwidth_latin_counts_as_ascii (void)
{
  assert_initials ("５００ｍｌ矿泉水", "500mlkqs");
  assert_initials ("ＶＣ饮料", "vcyl");
}

/* The first and last hanzi of a few initial runs in GB2312 level 1. */
static void
test_pinyin_level1_range_boundaries (void)
{
  assert_initials ("啊", "a"); /* 0xB0A1, first of level 1 */
  assert_initials ("澳", "a"); /* 0xB0C4, last 'a' */
  assert_initials ("芭", "b"); /* 0xB0C5 */
  assert_initials ("簿", "b");
  assert_initials ("擦", "c"); /* 0xB2C1 */
  assert_initials ("祸", "h"); /* 0xBBF6 */
  assert_initials ("击", "j"); /* 0xBBF7 */
  assert_initials ("沤", "o"); /* 0xC5BD */
  assert_initials ("啪", "p"); /* 0xC5BE */
  assert_initials ("孕", "y"); /* 0xD4D0 */
  assert_initials ("匝", "z"); /* 0xD4D1 */
  assert_initials ("座", "z"); /* 0xD7F9, last of level 1 */
}

/* Level 2 is ordered by radical; these come from the extra table. */
static void
test_pinyin_common_level2_hanzi_from_table (void)
{
  assert_initials ("草莓", "cm");
  assert_initials ("蓝莓", "lm");
  assert_initials ("猕猴桃", "mht");
  assert_initials ("枸杞", "gq");
  assert_initials ("馄饨", "ht");
  assert_initials ("粽子", "zz");
  assert_initials ("鳕鱼", "xy");
  assert_initials ("蚝油", "hy");
  assert_initials ("冰淇淋", "bql");
  assert_initials ("咖喱", "kl");
  assert_initials ("山楂", "sz");
  assert_initials ("焗饭", "jf");    /* 焗 is not in GB2312 at all */
  assert_initials ("啫啫煲", "zzb"); /* first entry of the table */
  assert_initials ("黛", "d");       /* last entry */
}

/* 彧 (yù) is in neither level 1 nor the table; 農 (traditional) not in GB2312. */
static void
test_pinyin_unknown_hanzi_skipped (void)
{
  assert_initials ("彧", "");
  assert_initials ("農夫山泉", "fsq");
}

static void
test_pinyin_broken_utf8_bytes_dropped_rest_kept (void)
{
  assert_initials ("\xff可\xc3口\xe5\x8f可乐\x80", "kkkl");
  assert_initials ("ab\xe5\x8f", "ab");
}

/* Every level-1 hanzi has exactly one initial, never i/u/v, and the initials
 * never go backwards through the code table (level 1 is sorted by pinyin). */
static void
test_pinyin_every_level1_hanzi_in_order (void)
{
  char previous = 'a';
  guint count = 0;

  for (guint hi = 0xB0; hi <= 0xD7; hi++)
    for (guint lo = 0xA1; lo <= 0xFE && (hi << 8 | lo) <= 0xD7F9; lo++)
      {
        char gb[3] = { (char)hi, (char)lo, '\0' };
        g_autoptr (GError) error = NULL;
        g_autofree char *utf8 = g_convert (gb, 2, "UTF-8", "GB2312", NULL, NULL, &error);
        g_autofree char *initials = NULL;

        g_assert_no_error (error);
        initials = mpos_pinyin_initials (utf8);
        g_assert_cmpint (initials[0], !=, '\0');
        g_assert_cmpint (initials[1], ==, '\0');
        g_assert_true (initials[0] != 'i' && initials[0] != 'u' && initials[0] != 'v');
        g_assert_cmpint (initials[0], >=, previous);
        previous = initials[0];
        count++;
      }
  g_assert_cmpuint (count, ==, 3755);
  g_assert_cmpint (previous, ==, 'z');
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pinyin/brand-names-one-letter-per-hanzi",
                   test_pinyin_brand_names_give_one_letter_per_hanzi);
  g_test_add_func ("/pinyin/ascii-letters-digits-kept-lowercased",
                   test_pinyin_ascii_letters_and_digits_kept_lowercased);
  g_test_add_func ("/pinyin/punctuation-and-symbols-dropped",
                   test_pinyin_punctuation_and_symbols_dropped);
  g_test_add_func ("/pinyin/fullwidth-latin-counts-as-ascii",
                   test_pinyin_fullwidth_latin_counts_as_ascii);
  g_test_add_func ("/pinyin/level1-range-boundaries", test_pinyin_level1_range_boundaries);
  g_test_add_func ("/pinyin/common-level2-hanzi-from-table",
                   test_pinyin_common_level2_hanzi_from_table);
  g_test_add_func ("/pinyin/unknown-hanzi-skipped", test_pinyin_unknown_hanzi_skipped);
  g_test_add_func ("/pinyin/broken-utf8-bytes-dropped-rest-kept",
                   test_pinyin_broken_utf8_bytes_dropped_rest_kept);
  g_test_add_func ("/pinyin/every-level1-hanzi-in-order", test_pinyin_every_level1_hanzi_in_order);

  return g_test_run ();
}
