/* fuzz-barcode.c — libFuzzer target for the barcode parser, which sees every
 * scan and every keyed code. The first input byte, when it is not a digit,
 * picks a scale layout (valid or not); the rest is the code. On success the
 * result must be a well-formed code of its kind; on failure a proper error. */
#include <glib.h>
#include <stdint.h>
#include <string.h>

#include "barcode.h"
#include "fuzz-util.h"

static gboolean
all_digits (const char *s)
{
  for (; *s != '\0'; s++)
    if (!g_ascii_isdigit (*s))
      return FALSE;
  return TRUE;
}

/* Bits of one byte → a layout: mostly valid ones, sometimes nonsense. */
static void
layout_from_byte (uint8_t b, MposScaleLayout *layout)
{
  mpos_scale_layout_init_default (layout);
  layout->prefix_min = (char)('0' + (b & 0x3) * 2);
  layout->prefix_max = (char)('9' - ((b >> 2) & 0x3) * 2);
  layout->value_kind = (b >> 4) & 1 ? MPOS_SCALE_VALUE_PRICE : MPOS_SCALE_VALUE_WEIGHT;
  if ((b >> 5) & 1)
    {
      layout->item_digits = 4;
      layout->value_check_digit = TRUE;
    }
  if ((b >> 6) & 1)
    layout->item_digits += (b >> 7) ? 1 : 2; /* sums to 14 or 15: invalid */
}

static void
check_code (const MposBarcode *code, const MposScaleLayout *layout)
{
  const char *nul = memchr (code->code, '\0', sizeof code->code);
  size_t len;

  g_assert_nonnull (nul);
  len = (size_t)(nul - code->code);
  g_assert_cmpuint (len, >, 0);
  for (size_t i = 0; i < len; i++)
    g_assert_true (g_ascii_isalnum (code->code[i]) || code->code[i] == '-' || code->code[i] == '_');

  switch (code->kind)
    {
    case MPOS_BARCODE_EAN13:
    case MPOS_BARCODE_UPCA:
      g_assert_true (mpos_barcode_is_valid_gtin (code->code));
      g_assert_cmpint (code->value, ==, 0);
      break;
    case MPOS_BARCODE_EAN8:
      g_assert_cmpuint (len, ==, 8);
      g_assert_true (all_digits (code->code));
      g_assert_cmpint (mpos_barcode_gs1_check_digit (code->code, 7), ==, code->code[7] - '0');
      g_assert_cmpint (code->value, ==, 0);
      break;
    case MPOS_BARCODE_WEIGHT_EMBEDDED:
    case MPOS_BARCODE_PRICE_EMBEDDED:
      g_assert_cmpuint (len, ==, layout->item_digits);
      g_assert_true (all_digits (code->code));
      g_assert_cmpint (code->value, >=, 0);
      g_assert_cmpint (code->value, <, 1000000000);
      break;
    case MPOS_BARCODE_INTERNAL:
      g_assert_cmpuint (len, <=, 32);
      g_assert_false (all_digits (code->code));
      g_assert_cmpint (code->value, ==, 0);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
check_parse (const char *text, const MposScaleLayout *layout)
{
  MposScaleLayout effective;
  MposBarcode code;
  g_autoptr (GError) error = NULL;

  if (layout != NULL)
    effective = *layout;
  else
    mpos_scale_layout_init_default (&effective);

  if (mpos_barcode_parse (text, layout, &code, &error))
    {
      g_assert_null (error);
      g_assert_true (mpos_scale_layout_validate (&effective, NULL));
      check_code (&code, &effective);
    }
  else
    {
      fuzz_assert_refusal (error, MPOS_BARCODE_ERROR, 0);
      g_assert_cmpint (error->code, >=, MPOS_BARCODE_ERROR_EMPTY);
      g_assert_cmpint (error->code, <=, MPOS_BARCODE_ERROR_LAYOUT);
    }

  /* a valid EAN-13 parses under any valid layout, unless that layout has a
   * price/weight check digit and the code fails it */
  if (mpos_barcode_is_valid_gtin (text) && mpos_scale_layout_validate (&effective, NULL))
    {
      g_autoptr (GError) gtin_error = NULL;

      if (!mpos_barcode_parse (text, layout, &code, &gtin_error))
        {
          g_assert_error (gtin_error, MPOS_BARCODE_ERROR, MPOS_BARCODE_ERROR_CHECK_DIGIT);
          g_assert_true (effective.value_check_digit);
        }
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *text = g_malloc (size + 1);
  MposScaleLayout layout;

  memcpy (text, data, size);
  text[size] = '\0';

  check_parse (text, NULL);
  if (size > 0 && !g_ascii_isdigit (data[0]))
    {
      layout_from_byte (data[0], &layout);
      check_parse (text + 1, &layout);
    }
  return 0;
}
