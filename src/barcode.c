/* barcode.c — turns what a scanner or a cashier typed into a code to look up:
 * GTINs with their check digit verified, store-scale codes (GS1 20–29) split
 * into item and weight/price per the configured layout, or an internal code. */
#include "barcode.h"

#include <string.h>

GQuark
mpos_barcode_error_quark (void)
{
  return g_quark_from_static_string ("mpos-barcode-error-quark");
}

#define INTERNAL_MAX 32
#define QUOTE_MAX 40
#define EAN13_LEN 13

/* Printable, bounded copy of user input for an error message: control bytes
 * and non-ASCII become octal escapes, so garbage cannot mangle a log line. */
static char *
quote_input (const char *text, gsize len)
{
  g_autofree char *head = g_strndup (text, MIN (len, QUOTE_MAX));

  return g_strescape (head, NULL);
}

static gboolean
all_digits (const char *s, gsize len)
{
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (s[i]))
      return FALSE;
  return TRUE;
}

static int64_t
digits_value (const char *s, gsize len)
{
  int64_t v = 0;

  for (gsize i = 0; i < len; i++)
    v = v * 10 + (s[i] - '0');
  return v;
}

/* Weights 3,1,3,1,… from the rightmost digit, so one function serves EAN-8,
 * UPC-A and EAN-13 alike. */
int
mpos_barcode_gs1_check_digit (const char *digits, size_t len)
{
  int sum = 0;

  g_return_val_if_fail (digits != NULL || len == 0, -1);

  for (size_t i = 0; i < len; i++)
    {
      char c = digits[len - 1 - i];

      if (!g_ascii_isdigit (c))
        return -1;
      sum += (c - '0') * (i % 2 == 0 ? 3 : 1);
    }
  return (10 - sum % 10) % 10;
}

/* GS1 General Specifications 7.9.3: the price/weight check digit of a 4- or
 * 5-digit value. Each table is the units digit of d×2, d×3 or d×5 with the
 * tens digit subtracted (−) or added (+). */
static const int weight_2_minus[10] = { 0, 2, 4, 6, 8, 9, 1, 3, 5, 7 };
static const int weight_3[10] = { 0, 3, 6, 9, 2, 5, 8, 1, 4, 7 };
static const int weight_5_plus[10] = { 0, 5, 1, 6, 2, 7, 3, 8, 4, 9 };
static const int weight_5_minus[10] = { 0, 5, 9, 4, 8, 3, 7, 2, 6, 1 };

static int
value_check_digit (const char *d, guint len)
{
  if (len == 4)
    {
      int sum = weight_2_minus[d[0] - '0'] + weight_2_minus[d[1] - '0'] + weight_3[d[2] - '0']
                + weight_5_minus[d[3] - '0'];
      return sum * 3 % 10;
    }
  else
    {
      int sum = weight_5_plus[d[0] - '0'] + weight_2_minus[d[1] - '0'] + weight_5_minus[d[2] - '0']
                + weight_5_plus[d[3] - '0'] + weight_2_minus[d[4] - '0'];
      int target = (10 - sum % 10) % 10;

      /* The check digit is the one whose 5− product equals the target. */
      for (int c = 0; c < 10; c++)
        if (weight_5_minus[c] == target)
          return c;
      g_return_val_if_reached (-1);
    }
}

void
mpos_scale_layout_init_default (MposScaleLayout *layout)
{
  g_return_if_fail (layout != NULL);

  *layout = (MposScaleLayout){
    .prefix_first = '2',
    .prefix_min = '0',
    .prefix_max = '9',
    .item_digits = 5,
    .value_digits = 5,
    .value_check_digit = FALSE,
    .value_kind = MPOS_SCALE_VALUE_WEIGHT,
  };
}

static gboolean
layout_error (GError **error, const char *reason)
{
  g_set_error (error, MPOS_BARCODE_ERROR, MPOS_BARCODE_ERROR_LAYOUT,
               "Invalid scale code layout: %s", reason);
  return FALSE;
}

/* Only GS1 restricted-circulation prefixes 20–29 may carry store data: any
 * other first digit would shadow real products' GTINs. */
gboolean
mpos_scale_layout_validate (const MposScaleLayout *layout, GError **error)
{
  g_return_val_if_fail (layout != NULL, FALSE);

  if (layout->prefix_first != '2')
    return layout_error (error, "the prefix must start with 2 (GS1 20–29)");
  if (!g_ascii_isdigit (layout->prefix_min) || !g_ascii_isdigit (layout->prefix_max)
      || layout->prefix_min > layout->prefix_max)
    return layout_error (error, "the second prefix digits must be a range of digits");
  if (layout->item_digits < 1 || layout->item_digits > EAN13_LEN || layout->value_digits < 1
      || layout->value_digits > EAN13_LEN)
    return layout_error (error, "item and value need at least one digit each");
  if (2 + layout->item_digits + layout->value_digits + (layout->value_check_digit ? 1 : 0) + 1
      != EAN13_LEN)
    return layout_error (error, "prefix, item, value and check digits must add up to 13");
  if (layout->value_check_digit && layout->value_digits != 4 && layout->value_digits != 5)
    return layout_error (error, "a value check digit exists only for 4 or 5 value digits");
  if (layout->value_kind != MPOS_SCALE_VALUE_WEIGHT && layout->value_kind != MPOS_SCALE_VALUE_PRICE)
    return layout_error (error, "the value must be a weight or a price");
  return TRUE;
}

static gboolean
in_layout_range (const char *ean13, const MposScaleLayout *layout)
{
  return ean13[0] == layout->prefix_first && ean13[1] >= layout->prefix_min
         && ean13[1] <= layout->prefix_max;
}

/* ean13: 13 digits with a verified EAN check digit, prefix in the layout's range. */
static gboolean
parse_embedded (const char *ean13, const MposScaleLayout *layout, MposBarcode *out, GError **error)
{
  const char *item = ean13 + 2;
  const char *value = item + layout->item_digits;

  if (layout->value_check_digit
      && value_check_digit (value, layout->value_digits) != value[layout->value_digits] - '0')
    {
      g_set_error (error, MPOS_BARCODE_ERROR, MPOS_BARCODE_ERROR_CHECK_DIGIT,
                   "Scale code %.13s has a wrong price/weight check digit", ean13);
      return FALSE;
    }
  out->kind = layout->value_kind == MPOS_SCALE_VALUE_PRICE ? MPOS_BARCODE_PRICE_EMBEDDED
                                                           : MPOS_BARCODE_WEIGHT_EMBEDDED;
  memcpy (out->code, item, layout->item_digits);
  out->code[layout->item_digits] = '\0';
  out->value = digits_value (value, layout->value_digits);
  return TRUE;
}

static gboolean
parse_digits (const char *digits, gsize len, const MposScaleLayout *layout, MposBarcode *out,
              GError **error)
{
  if (len != 8 && len != 12 && len != EAN13_LEN)
    {
      g_autofree char *quoted = quote_input (digits, len);

      g_set_error (error, MPOS_BARCODE_ERROR, MPOS_BARCODE_ERROR_LENGTH,
                   "“%s” has %" G_GSIZE_FORMAT " digits; barcodes have 8, 12 or 13", quoted, len);
      return FALSE;
    }
  if (mpos_barcode_gs1_check_digit (digits, len - 1) != digits[len - 1] - '0')
    {
      g_autofree char *quoted = quote_input (digits, len);

      g_set_error (error, MPOS_BARCODE_ERROR, MPOS_BARCODE_ERROR_CHECK_DIGIT,
                   "“%s” has a wrong check digit (misread or mistyped)", quoted);
      return FALSE;
    }
  if (len == EAN13_LEN && in_layout_range (digits, layout))
    return parse_embedded (digits, layout, out, error);

  out->kind = len == 8 ? MPOS_BARCODE_EAN8 : len == 12 ? MPOS_BARCODE_UPCA : MPOS_BARCODE_EAN13;
  g_snprintf (out->code, sizeof out->code, "%s%.*s", len == 12 ? "0" : "", (int)len, digits);
  return TRUE;
}

static gboolean
is_internal_char (char c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '_';
}

static gboolean
parse_internal (const char *text, gsize len, MposBarcode *out, GError **error)
{
  for (gsize i = 0; i < len; i++)
    if (!is_internal_char (text[i]))
      {
        g_autofree char *quoted = quote_input (text, len);

        g_set_error (error, MPOS_BARCODE_ERROR, MPOS_BARCODE_ERROR_CHARACTERS,
                     "“%s” is not a code: only digits, letters, '-' and '_' are allowed", quoted);
        return FALSE;
      }
  if (len > INTERNAL_MAX)
    {
      g_autofree char *quoted = quote_input (text, len);

      g_set_error (error, MPOS_BARCODE_ERROR, MPOS_BARCODE_ERROR_LENGTH,
                   "“%s” is longer than %d characters", quoted, INTERNAL_MAX);
      return FALSE;
    }
  out->kind = MPOS_BARCODE_INTERNAL;
  memcpy (out->code, text, len);
  out->code[len] = '\0';
  return TRUE;
}

gboolean
mpos_barcode_parse (const char *text, const MposScaleLayout *layout, MposBarcode *out,
                    GError **error)
{
  MposScaleLayout default_layout;
  MposBarcode result = { 0 };
  const char *start = text;
  const char *end;
  gboolean ok;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (layout == NULL)
    {
      mpos_scale_layout_init_default (&default_layout);
      layout = &default_layout;
    }
  else if (!mpos_scale_layout_validate (layout, error))
    return FALSE;

  end = text + strlen (text);
  while (start < end && g_ascii_isspace (*start))
    start++;
  while (end > start && g_ascii_isspace (end[-1]))
    end--;
  if (start == end)
    {
      g_set_error_literal (error, MPOS_BARCODE_ERROR, MPOS_BARCODE_ERROR_EMPTY, "No code given");
      return FALSE;
    }

  if (all_digits (start, end - start))
    ok = parse_digits (start, end - start, layout, &result, error);
  else
    ok = parse_internal (start, end - start, &result, error);
  if (ok)
    *out = result;
  return ok;
}

/* Exactly 13 digits with a valid check digit; no trimming, NULL is simply invalid. */
gboolean
mpos_barcode_is_valid_gtin (const char *text)
{
  if (text == NULL || strlen (text) != EAN13_LEN || !all_digits (text, EAN13_LEN))
    return FALSE;
  return mpos_barcode_gs1_check_digit (text, EAN13_LEN - 1) == text[EAN13_LEN - 1] - '0';
}
