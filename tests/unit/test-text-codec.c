/* test-text-codec.c — src/text-codec.c and the width-aware wrapping of
 * src/text-width.c: a Chinese printer prints every two-byte code full width,
 * ¥ goes as ￥ where the font has no four-byte codes, names wrap without
 * cutting 750ml or starting a line with "）". */
#include "receipt-words.h"
#include "text-codec.h"
#include "text-width.h"

#include <string.h>

static void
test_text_codec_ambiguous_signs_are_two_columns_in_gb18030 (void)
{
  g_autoptr (MposTextCodec) codec = mpos_text_codec_new ("GB18030", TRUE, NULL);
  const char *const wide[] = { "×", "π", "·", "°", "±", "①", "※", "α", "Д", "─", "┌", NULL };

  for (guint i = 0; wide[i] != NULL; i++)
    {
      g_assert_cmpuint (mpos_text_codec_char_width (codec, g_utf8_get_char (wide[i])), ==, 2);
      /* a terminal shows them one column wide: the printer does not */
      g_assert_cmpuint (mpos_text_char_width (g_utf8_get_char (wide[i])), ==, 1);
    }
  g_assert_cmpuint (mpos_text_width_in (codec, "1.250kg × 12.80/kg"), ==, 19);
  g_assert_cmpuint (mpos_text_width_in (codec, "A1"), ==, 2);
}

static void
test_text_codec_yen_follows_the_font (void)
{
  g_autoptr (MposTextCodec) full = mpos_text_codec_new ("GB18030", TRUE, NULL);
  g_autoptr (MposTextCodec) gbk_font = mpos_text_codec_new ("GB18030", FALSE, NULL);
  g_autoptr (MposTextCodec) gbk = mpos_text_codec_new ("GBK", FALSE, NULL);
  guint8 bytes[MPOS_TEXT_CODEC_MAX_BYTES];

  g_assert_cmpuint (mpos_text_codec_encode (full, 0x00A5, bytes), ==, 4);
  g_assert_cmpmem (bytes, 4, "\x81\x30\x84\x36", 4);
  g_assert_cmpuint (mpos_text_codec_encode (gbk_font, 0x00A5, bytes), ==, 2);
  g_assert_cmpmem (bytes, 2, "\xa3\xa4", 2);
  g_assert_cmpuint (mpos_text_codec_encode (gbk, 0x00A5, bytes), ==, 2);
  g_assert_cmpmem (bytes, 2, "\xa3\xa4", 2);
  /* what the font lacks goes as one '?', never as a command */
  g_assert_cmpuint (mpos_text_codec_encode (gbk_font, 0x1F600, bytes), ==, 1);
  g_assert_cmpint (bytes[0], ==, '?');
  g_assert_cmpuint (mpos_text_codec_encode (gbk, 0x1B, bytes), ==, 1);
  g_assert_cmpint (bytes[0], ==, ' ');
  g_assert_cmpuint (mpos_text_codec_encode (gbk, 0x200B, bytes), ==, 0);
}

static void
test_text_codec_unknown_encoding_is_refused (void)
{
  g_autoptr (GError) error = NULL;

  g_assert_null (mpos_text_codec_new ("NO-SUCH-CODEPAGE", FALSE, &error));
  g_assert_error (error, G_CONVERT_ERROR, G_CONVERT_ERROR_NO_CONVERSION);
}

static char *
first_line (const char *text, guint columns)
{
  return g_strndup (text, mpos_text_next_line (NULL, text, columns));
}

static void
test_text_wrap_never_cuts_a_specification (void)
{
  g_autofree char *a = first_line ("长城干红葡萄酒 750ml", 18);
  g_autofree char *b = first_line ("长城干红葡萄酒750ml", 18);
  g_autofree char *c = first_line ("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 10);
  g_autofree char *d = first_line ("凭小票七日内退换（生鲜、烟酒除外）", 32);

  g_assert_cmpstr (a, ==, "长城干红葡萄酒 "); /* at the space */
  g_assert_cmpstr (b, ==, "长城干红葡萄酒");  /* before the specification */
  g_assert_cmpstr (c, ==, "ABCDEFGHIJ");      /* a run longer than a line is cut */
  g_assert_cmpstr (d, ==, "凭小票七日内退换"); /* the bracket goes over whole */
}

/* 58 mm reports: a product name breaks where a reader expects it, not
 * "(桶" / "装)", when that keeps at least half the line. */
static void
test_text_wrap_at_a_bracket_or_a_space (void)
{
  g_autofree char *a = first_line ("金龙鱼调和油(桶装) 5L", 14);
  g_autofree char *b = first_line ("农夫山泉 天然饮用水整箱", 18);
  g_autofree char *c = first_line ("油(桶装调和油非转基因)", 12);
  g_autofree char *d = first_line ("金 调和油桶装好", 12);

  g_assert_cmpstr (a, ==, "金龙鱼调和油"); /* before the bracket */
  g_assert_cmpstr (b, ==, "农夫山泉 ");    /* at the space */
  g_assert_cmpstr (c, ==, "油(桶装调和");  /* a bracket too far back: as it fits */
  g_assert_cmpstr (d, ==, "金 调和油桶");  /* a space too far back: as it fits */
}

static void
test_receipt_words_every_language_has_every_word (void)
{
  for (int lang = MPOS_RECEIPT_LANGUAGE_ZH_CN; lang <= MPOS_RECEIPT_LANGUAGE_EN; lang++)
    for (int w = 0; w < MPOS_N_WORDS; w++)
      {
        const char *word = mpos_receipt_word ((MposReceiptLanguage)lang, (MposReceiptWord)w);

        g_assert_nonnull (word);
        g_assert_cmpuint (strlen (word), >, 0);
      }
}

static void
test_receipt_words_level_discount_reads_as_zhe (void)
{
  g_autofree char *gold = mpos_receipt_level_discount_label (MPOS_RECEIPT_LANGUAGE_ZH_CN, "金卡会员", 500);
  g_autofree char *nine = mpos_receipt_level_discount_label (MPOS_RECEIPT_LANGUAGE_ZH_CN, "银卡会员", 1000);
  g_autofree char *odd = mpos_receipt_level_discount_label (MPOS_RECEIPT_LANGUAGE_ZH_TW, "鑽石", 1250);
  g_autofree char *en = mpos_receipt_level_discount_label (MPOS_RECEIPT_LANGUAGE_EN, "Gold", 500);

  g_assert_cmpstr (gold, ==, "金卡会员 95折");
  g_assert_cmpstr (nine, ==, "银卡会员 9折");
  g_assert_cmpstr (odd, ==, "鑽石 87.5折");
  g_assert_cmpstr (en, ==, "Gold 5% off");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/text-codec/ambiguous-signs-are-two-columns-in-gb18030",
                   test_text_codec_ambiguous_signs_are_two_columns_in_gb18030);
  g_test_add_func ("/text-codec/yen-follows-the-font", test_text_codec_yen_follows_the_font);
  g_test_add_func ("/text-codec/unknown-encoding-is-refused",
                   test_text_codec_unknown_encoding_is_refused);
  g_test_add_func ("/text-codec/wrap-never-cuts-a-specification",
                   test_text_wrap_never_cuts_a_specification);
  g_test_add_func ("/text-codec/wrap-at-a-bracket-or-a-space",
                   test_text_wrap_at_a_bracket_or_a_space);
  g_test_add_func ("/receipt-words/every-language-has-every-word",
                   test_receipt_words_every_language_has_every_word);
  g_test_add_func ("/receipt-words/level-discount-reads-as-zhe",
                   test_receipt_words_level_discount_reads_as_zhe);
  return g_test_run ();
}
