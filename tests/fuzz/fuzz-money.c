/* fuzz-money.c — libFuzzer target for the amount parser and formatter, the
 * first thing every CSV, JSON and keyboard input goes through. Checks that
 * whatever parses formats and parses back to the same fen, and that every
 * rejection is a proper MPOS_MONEY_ERROR with a readable message. */
#include <glib.h>
#include <stdint.h>
#include <string.h>

#include "fuzz-util.h"
#include "money.h"

static void
check_round_trip (MposMoney value)
{
  static const MposMoneyFormatFlags styles[] = {
    MPOS_MONEY_FORMAT_PLAIN,
    MPOS_MONEY_FORMAT_SYMBOL,
    MPOS_MONEY_FORMAT_SYMBOL | MPOS_MONEY_FORMAT_FULLWIDTH,
  };

  for (gsize i = 0; i < G_N_ELEMENTS (styles); i++)
    {
      g_autofree char *text = mpos_money_format (value, styles[i]);
      MposMoney back = 0;

      g_assert_true (g_utf8_validate (text, -1, NULL));
      g_assert_true (mpos_money_parse (text, MPOS_MONEY_PARSE_ALLOW_NEGATIVE, &back, NULL));
      g_assert_cmpint (back, ==, value);
    }
}

static void
check_error (const GError *error)
{
  fuzz_assert_refusal (error, MPOS_MONEY_ERROR, 0);
  g_assert_cmpint (error->code, >=, MPOS_MONEY_ERROR_EMPTY);
  g_assert_cmpint (error->code, <=, MPOS_MONEY_ERROR_NEGATIVE);
}

/* Every int64 prints; in range it parses back, beyond it is a RANGE error. */
static void
check_any_int64 (const uint8_t *data, size_t size)
{
  char buf[MPOS_MONEY_BUF];
  uint64_t bits = 0;
  MposMoney value;
  MposMoney back = 0;
  g_autoptr (GError) error = NULL;

  if (size < sizeof bits)
    return;
  memcpy (&bits, data, sizeof bits);
  value = (MposMoney)bits;
  mpos_money_to_buf (value, buf);
  if (value >= -MPOS_MONEY_MAX && value <= MPOS_MONEY_MAX)
    {
      g_assert_true (mpos_money_parse (buf, MPOS_MONEY_PARSE_ALLOW_NEGATIVE, &back, &error));
      g_assert_cmpint (back, ==, value);
    }
  else
    {
      g_assert_false (mpos_money_parse (buf, MPOS_MONEY_PARSE_ALLOW_NEGATIVE, &back, &error));
      g_assert_error (error, MPOS_MONEY_ERROR, MPOS_MONEY_ERROR_RANGE);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *text = g_malloc (size + 1);
  g_autoptr (GError) strict_error = NULL;
  g_autoptr (GError) signed_error = NULL;
  MposMoney strict = 0;
  MposMoney with_sign = 0;
  gboolean strict_ok;
  gboolean signed_ok;

  memcpy (text, data, size);
  text[size] = '\0';

  strict_ok = mpos_money_parse (text, MPOS_MONEY_PARSE_DEFAULT, &strict, &strict_error);
  signed_ok = mpos_money_parse (text, MPOS_MONEY_PARSE_ALLOW_NEGATIVE, &with_sign, &signed_error);

  if (strict_ok)
    {
      g_assert_null (strict_error);
      g_assert_cmpint (strict, >=, 0);
      g_assert_cmpint (strict, <=, MPOS_MONEY_MAX);
      /* allowing a sign never rejects or changes an unsigned amount */
      g_assert_true (signed_ok);
      g_assert_cmpint (with_sign, ==, strict);
    }
  else
    check_error (strict_error);

  if (signed_ok)
    {
      g_assert_null (signed_error);
      g_assert_cmpint (with_sign, >=, -MPOS_MONEY_MAX);
      g_assert_cmpint (with_sign, <=, MPOS_MONEY_MAX);
      check_round_trip (with_sign);
    }
  else
    {
      check_error (signed_error);
      g_assert_cmpint (signed_error->code, !=, MPOS_MONEY_ERROR_NEGATIVE);
      g_assert_false (strict_ok);
    }

  check_any_int64 (data, size);
  return 0;
}
