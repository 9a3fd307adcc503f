/* test-text-width.c — tests for src/text-width.c: column widths of ASCII,
 * hanzi, fullwidth and combining text, and cutting and padding that never
 * split a character, since every receipt line depends on them. */
#include <glib.h>
#include <string.h>

#include "text-width.h"

static char *
padded (const char *text, guint columns, gboolean align_right)
{
  GString *out = g_string_new (NULL);

  mpos_text_append_padded (out, text, columns, align_right);
  return g_string_free (out, FALSE);
}

static void
test_text_width_ascii_is_one_column_each (void)
{
  g_assert_cmpuint (mpos_text_char_width ('A'), ==, 1);
  g_assert_cmpuint (mpos_text_width (""), ==, 0);
  g_assert_cmpuint (mpos_text_width (NULL), ==, 0);
  g_assert_cmpuint (mpos_text_width ("Cash 12.50"), ==, 10);
}

static void
test_text_width_hanzi_are_two_columns (void)
{
  g_assert_cmpuint (mpos_text_char_width (g_utf8_get_char ("收")), ==, 2);
  g_assert_cmpuint (mpos_text_width ("收银员"), ==, 6);
  g_assert_cmpuint (mpos_text_width ("可乐330ml"), ==, 9);
  /* Fullwidth punctuation is wide too. */
  g_assert_cmpuint (mpos_text_width ("（赠品）"), ==, 8);
}

static void
test_text_width_fullwidth_yen_is_wide_and_yen_sign_narrow (void)
{
  g_assert_cmpuint (mpos_text_char_width (0xFFE5), ==, 2); /* ￥ FULLWIDTH YEN SIGN */
  g_assert_cmpuint (mpos_text_char_width (0x00A5), ==, 1); /* ¥ YEN SIGN */
  g_assert_cmpuint (mpos_text_width ("￥12.50"), ==, 7);
  g_assert_cmpuint (mpos_text_width ("¥12.50"), ==, 6);
}

static void
test_text_width_combining_marks_take_no_column (void)
{
  g_assert_cmpuint (mpos_text_char_width (0x0301), ==, 0); /* COMBINING ACUTE */
  g_assert_cmpuint (mpos_text_char_width (0x200B), ==, 0); /* ZERO WIDTH SPACE */
  g_assert_cmpuint (mpos_text_width ("Cafe\u0301"), ==, 4);
  g_assert_cmpuint (mpos_text_width ("e\u0301\u0323"), ==, 1);
}

static void
test_text_width_control_chars_take_no_column (void)
{
  g_assert_cmpuint (mpos_text_char_width ('\t'), ==, 0);
  g_assert_cmpuint (mpos_text_char_width ('\n'), ==, 0);
  g_assert_cmpuint (mpos_text_char_width (0x1B), ==, 0); /* ESC */
  g_assert_cmpuint (mpos_text_char_width (0x85), ==, 0); /* C1 NEXT LINE */
  g_assert_cmpuint (mpos_text_width ("a\tb\n"), ==, 2);
}

static void
test_text_width_invalid_utf8_counts_one_column_per_bad_byte (void)
{
  g_assert_cmpuint (mpos_text_width ("a\377b"), ==, 3);
  /* A sequence cut short by the end of the string. */
  g_assert_cmpuint (mpos_text_width ("ab\xe6\x94"), ==, 4);
  g_assert_cmpuint (mpos_text_fit ("ab\xe6\x94", 3), ==, 3);
}

static void
test_text_fit_stops_before_a_character_that_does_not_fit (void)
{
  g_assert_cmpuint (mpos_text_fit ("收银员", 0), ==, 0);
  g_assert_cmpuint (mpos_text_fit ("收银员", 1), ==, 0);
  g_assert_cmpuint (mpos_text_fit ("收银员", 5), ==, strlen ("收银"));
  g_assert_cmpuint (mpos_text_fit ("收银员", 6), ==, strlen ("收银员"));
  g_assert_cmpuint (mpos_text_fit ("ab收", 3), ==, 2);
  g_assert_cmpuint (mpos_text_fit ("收银员", 100), ==, strlen ("收银员"));
  g_assert_cmpuint (mpos_text_fit (NULL, 10), ==, 0);
}

static void
test_text_fit_keeps_combining_marks_with_their_letter (void)
{
  g_assert_cmpuint (mpos_text_fit ("e\u0301x", 1), ==, strlen ("e\u0301"));
  g_assert_cmpuint (mpos_text_fit ("收\u0301", 1), ==, 0);
}

static void
test_text_fit_never_splits_a_character (void)
{
  const char *text = "a可口可乐¥￥e\u0301 330ml 农夫山泉";
  guint width = mpos_text_width (text);

  for (guint columns = 0; columns <= width + 1; columns++)
    {
      gsize n = mpos_text_fit (text, columns);
      g_autofree char *prefix = g_strndup (text, n);

      g_assert_true (g_utf8_validate (prefix, -1, NULL));
      g_assert_cmpuint (mpos_text_width (prefix), <=, columns);
      /* Longest: the next character would not have fitted. */
      if (text[n] != '\0')
        {
          gunichar next = g_utf8_get_char (text + n);
          g_assert_cmpuint (mpos_text_width (prefix) + mpos_text_char_width (next), >, columns);
        }
    }
}

static void
test_text_padding_aligns_left_and_right (void)
{
  g_autofree char *left = padded ("可乐", 7, FALSE);
  g_autofree char *right = padded ("可乐", 7, TRUE);
  g_autofree char *amount = padded ("12.50", 8, TRUE);
  g_autofree char *empty = padded (NULL, 3, FALSE);

  g_assert_cmpstr (left, ==, "可乐   ");
  g_assert_cmpstr (right, ==, "   可乐");
  g_assert_cmpstr (amount, ==, "   12.50");
  g_assert_cmpstr (empty, ==, "   ");
}

static void
test_text_padding_appends_to_existing_text (void)
{
  g_autoptr (GString) out = g_string_new ("合计");

  mpos_text_append_padded (out, "9.90", 6, TRUE);
  g_assert_cmpstr (out->str, ==, "合计  9.90");
  g_assert_cmpuint (mpos_text_width (out->str), ==, 10);
}

static void
test_text_padding_truncates_at_a_character_boundary (void)
{
  g_autofree char *left = padded ("收银员张三", 5, FALSE);
  g_autofree char *right = padded ("收银员张三", 5, TRUE);
  g_autofree char *ascii = padded ("Cashier", 4, FALSE);
  g_autofree char *exact = padded ("张三", 4, TRUE);

  g_assert_cmpstr (left, ==, "收银 ");
  g_assert_cmpstr (right, ==, " 收银");
  g_assert_cmpstr (ascii, ==, "Cash");
  g_assert_cmpstr (exact, ==, "张三");
}

static void
test_text_padding_repairs_invalid_utf8 (void)
{
  g_autofree char *out = padded ("a\377b", 5, FALSE);

  g_assert_true (g_utf8_validate (out, -1, NULL));
  g_assert_cmpstr (out, ==, "a\uFFFDb  ");
  g_assert_cmpuint (mpos_text_width (out), ==, 5);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text-width/ascii-is-one-column-each",
                   test_text_width_ascii_is_one_column_each);
  g_test_add_func ("/text-width/hanzi-are-two-columns", test_text_width_hanzi_are_two_columns);
  g_test_add_func ("/text-width/fullwidth-yen-is-wide-and-yen-sign-narrow",
                   test_text_width_fullwidth_yen_is_wide_and_yen_sign_narrow);
  g_test_add_func ("/text-width/combining-marks-take-no-column",
                   test_text_width_combining_marks_take_no_column);
  g_test_add_func ("/text-width/control-chars-take-no-column",
                   test_text_width_control_chars_take_no_column);
  g_test_add_func ("/text-width/invalid-utf8-counts-one-column-per-bad-byte",
                   test_text_width_invalid_utf8_counts_one_column_per_bad_byte);
  g_test_add_func ("/text-width/fit-stops-before-a-character-that-does-not-fit",
                   test_text_fit_stops_before_a_character_that_does_not_fit);
  g_test_add_func ("/text-width/fit-keeps-combining-marks-with-their-letter",
                   test_text_fit_keeps_combining_marks_with_their_letter);
  g_test_add_func ("/text-width/fit-never-splits-a-character",
                   test_text_fit_never_splits_a_character);
  g_test_add_func ("/text-width/padding-aligns-left-and-right",
                   test_text_padding_aligns_left_and_right);
  g_test_add_func ("/text-width/padding-appends-to-existing-text",
                   test_text_padding_appends_to_existing_text);
  g_test_add_func ("/text-width/padding-truncates-at-a-character-boundary",
                   test_text_padding_truncates_at_a_character_boundary);
  g_test_add_func ("/text-width/padding-repairs-invalid-utf8",
                   test_text_padding_repairs_invalid_utf8);

  return g_test_run ();
}
