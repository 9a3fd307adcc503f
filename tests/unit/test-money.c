/* test-money.c — tests for src/money.c: what the amount parser accepts and
 * rejects (with which error), formatting and its round trip through the
 * parser, and checked addition and multiplication at the range limits. */
#include <glib.h>

#include "money.h"

static void
assert_parses (const char *text, MposMoneyParseFlags flags, MposMoney expected)
{
  g_autoptr (GError) error = NULL;
  MposMoney value = 42;

  g_assert_true (mpos_money_parse (text, flags, &value, &error));
  g_assert_no_error (error);
  g_assert_cmpint (value, ==, expected);
}

static void
assert_rejects (const char *text, MposMoneyParseFlags flags, MposMoneyError code)
{
  g_autoptr (GError) error = NULL;
  MposMoney value = 42;

  g_assert_false (mpos_money_parse (text, flags, &value, &error));
  g_assert_error (error, MPOS_MONEY_ERROR, (gint)code);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_cmpint (value, ==, 42); /* untouched */
}

static void
test_money_parse_accepts_plain_and_symbol_forms (void)
{
  assert_parses ("12.50", 0, 1250);
  assert_parses ("¥12.50", 0, 1250);
  assert_parses ("￥12.50", 0, 1250);
  assert_parses ("12", 0, 1200);
  assert_parses ("12.5", 0, 1250);
  assert_parses ("0", 0, 0);
  assert_parses ("0.01", 0, 1);
  assert_parses ("007.05", 0, 705);
}

static void
test_money_parse_trims_ascii_blanks (void)
{
  assert_parses (" 12.5 ", 0, 1250);
  assert_parses ("\t¥3\r\n", 0, 300);
}

static void
test_money_parse_negative_only_when_allowed (void)
{
  assert_parses ("-3.00", MPOS_MONEY_PARSE_ALLOW_NEGATIVE, -300);
  assert_parses ("-¥3.00", MPOS_MONEY_PARSE_ALLOW_NEGATIVE, -300);
  assert_parses ("-0", MPOS_MONEY_PARSE_ALLOW_NEGATIVE, 0);
  assert_rejects ("-3.00", 0, MPOS_MONEY_ERROR_NEGATIVE);
  assert_rejects ("-0.00", 0, MPOS_MONEY_ERROR_NEGATIVE);
  /* the sign goes before the symbol, as mpos_money_format prints it */
  assert_rejects ("¥-3.00", MPOS_MONEY_PARSE_ALLOW_NEGATIVE, MPOS_MONEY_ERROR_SYNTAX);
  assert_rejects ("--3", MPOS_MONEY_PARSE_ALLOW_NEGATIVE, MPOS_MONEY_ERROR_SYNTAX);
}

static void
test_money_parse_empty_and_blank_are_empty (void)
{
  assert_rejects ("", 0, MPOS_MONEY_ERROR_EMPTY);
  assert_rejects ("  ", 0, MPOS_MONEY_ERROR_EMPTY);
  assert_rejects ("\t\n", 0, MPOS_MONEY_ERROR_EMPTY);
}

static void
test_money_parse_rejects_ambiguous_syntax (void)
{
  const char *bad[] = {
    "1e3",  "1,000", "12.",    ".5", "+5", "0x10", "NaN",  "inf",   "abc",   "12 .5", "1 000",
    "¥ 12", "12¥",   "12.5.0", "-",  "¥",  "１２", "12元", "12,50", "1_000", "12.-5",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_test_message ("input: %s", bad[i]);
      assert_rejects (bad[i], MPOS_MONEY_PARSE_ALLOW_NEGATIVE, MPOS_MONEY_ERROR_SYNTAX);
    }
}

static void
test_money_parse_more_than_two_decimals_is_precision_error (void)
{
  assert_rejects ("12.345", 0, MPOS_MONEY_ERROR_PRECISION);
  assert_rejects ("12.340", 0, MPOS_MONEY_ERROR_PRECISION);
  assert_rejects ("0.001", 0, MPOS_MONEY_ERROR_PRECISION);
}

static void
test_money_parse_range_limit_is_exact (void)
{
  assert_parses ("10000000000000", 0, MPOS_MONEY_MAX);
  assert_parses ("10000000000000.00", 0, MPOS_MONEY_MAX);
  assert_parses ("-10000000000000.00", MPOS_MONEY_PARSE_ALLOW_NEGATIVE, -MPOS_MONEY_MAX);
  assert_rejects ("10000000000000.01", 0, MPOS_MONEY_ERROR_RANGE);
  assert_rejects ("-10000000000000.01", MPOS_MONEY_PARSE_ALLOW_NEGATIVE, MPOS_MONEY_ERROR_RANGE);
  assert_rejects ("99999999999999999999", 0, MPOS_MONEY_ERROR_RANGE);
  assert_rejects ("92233720368547758.08", 0, MPOS_MONEY_ERROR_RANGE);
  assert_rejects ("184467440737095516160000000000", 0, MPOS_MONEY_ERROR_RANGE);
  /* leading zeros are not magnitude */
  assert_parses ("0000000000000000000000000000012.34", 0, 1234);
}

static void
test_money_parse_error_message_quotes_input (void)
{
  g_autoptr (GError) error = NULL;
  MposMoney value;

  g_assert_false (mpos_money_parse (" 1e3 ", 0, &value, &error));
  g_assert_nonnull (g_strstr_len (error->message, -1, "“1e3”"));
  g_clear_error (&error);

  /* broken UTF-8 never reaches the message */
  g_assert_false (mpos_money_parse ("\xff\xfe"
                                    "12",
                                    0, &value, &error));
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
}

static void
test_money_format_plain_values (void)
{
  static const struct
  {
    MposMoney amount;
    const char *text;
  } cases[] = {
    { 0, "0.00" },
    { 1, "0.01" },
    { -1, "-0.01" },
    { 5, "0.05" },
    { 100, "1.00" },
    { -12345, "-123.45" },
    { 1250, "12.50" },
    { MPOS_MONEY_MAX, "10000000000000.00" },
    { -MPOS_MONEY_MAX, "-10000000000000.00" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = mpos_money_format (cases[i].amount, MPOS_MONEY_FORMAT_PLAIN);
      char buf[MPOS_MONEY_BUF];

      g_assert_cmpstr (text, ==, cases[i].text);
      g_assert_true (mpos_money_to_buf (cases[i].amount, buf) == buf);
      g_assert_cmpstr (buf, ==, cases[i].text);
    }
}

static void
test_money_format_symbol_after_sign (void)
{
  g_autofree char *yen = mpos_money_format (1250, MPOS_MONEY_FORMAT_SYMBOL);
  g_autofree char *neg = mpos_money_format (-300, MPOS_MONEY_FORMAT_SYMBOL);
  g_autofree char *wide
      = mpos_money_format (1250, MPOS_MONEY_FORMAT_SYMBOL | MPOS_MONEY_FORMAT_FULLWIDTH);
  g_autofree char *wide_neg
      = mpos_money_format (-1, MPOS_MONEY_FORMAT_SYMBOL | MPOS_MONEY_FORMAT_FULLWIDTH);

  g_assert_cmpstr (yen, ==, "¥12.50");
  g_assert_cmpstr (neg, ==, "-¥3.00");
  g_assert_cmpstr (wide, ==, "￥12.50");
  g_assert_cmpstr (wide_neg, ==, "-￥0.01");
  /* FULLWIDTH alone implies the symbol */
  g_free (wide);
  wide = mpos_money_format (500, MPOS_MONEY_FORMAT_FULLWIDTH);
  g_assert_cmpstr (wide, ==, "￥5.00");
}

/* Even amounts the parser would refuse print without overflow. */
static void
test_money_to_buf_handles_int64_extremes (void)
{
  char buf[MPOS_MONEY_BUF];

  g_assert_cmpstr (mpos_money_to_buf (INT64_MIN, buf), ==, "-92233720368547758.08");
  g_assert_cmpstr (mpos_money_to_buf (INT64_MAX, buf), ==, "92233720368547758.07");
}

static void
assert_round_trip (MposMoney amount)
{
  static const MposMoneyFormatFlags styles[] = {
    MPOS_MONEY_FORMAT_PLAIN,
    MPOS_MONEY_FORMAT_SYMBOL,
    MPOS_MONEY_FORMAT_SYMBOL | MPOS_MONEY_FORMAT_FULLWIDTH,
  };

  for (gsize i = 0; i < G_N_ELEMENTS (styles); i++)
    {
      g_autofree char *text = mpos_money_format (amount, styles[i]);
      g_autoptr (GError) error = NULL;
      MposMoney back = 0;

      g_assert_true (mpos_money_parse (text, MPOS_MONEY_PARSE_ALLOW_NEGATIVE, &back, &error));
      g_assert_no_error (error);
      g_assert_cmpint (back, ==, amount);
    }
}

static void
test_money_format_parse_round_trip (void)
{
  const MposMoney fixed[] = { 0, 1, -1, 5, 100, -12345, MPOS_MONEY_MAX, -MPOS_MONEY_MAX };

  for (gsize i = 0; i < G_N_ELEMENTS (fixed); i++)
    assert_round_trip (fixed[i]);

  for (int i = 0; i < 2000; i++)
    {
      /* random 64-bit magnitudes folded into range, and small amounts */
      uint64_t r = (uint64_t)g_test_rand_int () << 32 | (guint32)g_test_rand_int ();
      MposMoney amount = (MposMoney)(r % (2 * (uint64_t)MPOS_MONEY_MAX + 1)) - MPOS_MONEY_MAX;

      assert_round_trip (amount);
      assert_round_trip (g_test_rand_int_range (-100000, 100000));
    }
}

static void
test_money_add_checks_range (void)
{
  MposMoney out = 7;

  g_assert_true (mpos_money_add (1250, -300, &out));
  g_assert_cmpint (out, ==, 950);
  g_assert_true (mpos_money_add (MPOS_MONEY_MAX, 0, &out));
  g_assert_cmpint (out, ==, MPOS_MONEY_MAX);
  g_assert_true (mpos_money_add (MPOS_MONEY_MAX, -MPOS_MONEY_MAX, &out));
  g_assert_cmpint (out, ==, 0);

  out = 7;
  g_assert_false (mpos_money_add (MPOS_MONEY_MAX, 1, &out));
  g_assert_false (mpos_money_add (-MPOS_MONEY_MAX, -1, &out));
  g_assert_false (mpos_money_add (INT64_MAX, 1, &out));
  g_assert_false (mpos_money_add (INT64_MIN, -1, &out));
  g_assert_cmpint (out, ==, 7); /* untouched */
}

static void
test_money_mul_checks_range (void)
{
  MposMoney out = 7;

  g_assert_true (mpos_money_mul (1250, 3, &out));
  g_assert_cmpint (out, ==, 3750);
  g_assert_true (mpos_money_mul (-1250, 3, &out));
  g_assert_cmpint (out, ==, -3750);
  g_assert_true (mpos_money_mul (MPOS_MONEY_MAX / 2, 2, &out));
  g_assert_cmpint (out, ==, MPOS_MONEY_MAX);
  g_assert_true (mpos_money_mul (0, INT64_MAX, &out));
  g_assert_cmpint (out, ==, 0);

  out = 7;
  g_assert_false (mpos_money_mul (MPOS_MONEY_MAX / 2, 3, &out));
  g_assert_false (mpos_money_mul (MPOS_MONEY_MAX, -2, &out));
  g_assert_false (mpos_money_mul (INT64_MAX, 2, &out));
  g_assert_false (mpos_money_mul (INT64_MIN, -1, &out));
  g_assert_false (mpos_money_mul (1, INT64_MIN, &out));
  g_assert_cmpint (out, ==, 7); /* untouched */
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/money/parse/accepts-plain-and-symbol-forms",
                   test_money_parse_accepts_plain_and_symbol_forms);
  g_test_add_func ("/money/parse/trims-ascii-blanks", test_money_parse_trims_ascii_blanks);
  g_test_add_func ("/money/parse/negative-only-when-allowed",
                   test_money_parse_negative_only_when_allowed);
  g_test_add_func ("/money/parse/empty-and-blank-are-empty",
                   test_money_parse_empty_and_blank_are_empty);
  g_test_add_func ("/money/parse/rejects-ambiguous-syntax",
                   test_money_parse_rejects_ambiguous_syntax);
  g_test_add_func ("/money/parse/more-than-two-decimals-is-precision-error",
                   test_money_parse_more_than_two_decimals_is_precision_error);
  g_test_add_func ("/money/parse/range-limit-is-exact", test_money_parse_range_limit_is_exact);
  g_test_add_func ("/money/parse/error-message-quotes-input",
                   test_money_parse_error_message_quotes_input);
  g_test_add_func ("/money/format/plain-values", test_money_format_plain_values);
  g_test_add_func ("/money/format/symbol-after-sign", test_money_format_symbol_after_sign);
  g_test_add_func ("/money/format/to-buf-handles-int64-extremes",
                   test_money_to_buf_handles_int64_extremes);
  g_test_add_func ("/money/format/parse-round-trip", test_money_format_parse_round_trip);
  g_test_add_func ("/money/add/checks-range", test_money_add_checks_range);
  g_test_add_func ("/money/mul/checks-range", test_money_mul_checks_range);

  return g_test_run ();
}
