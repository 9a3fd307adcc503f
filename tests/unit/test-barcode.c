/* test-barcode.c — tests for src/barcode.c: GTIN check digits, UPC-A
 * normalisation, store-scale codes under default and custom layouts,
 * internal codes, and the errors for everything else a scanner may send. */
#include <glib.h>

#include "barcode.h"

static MposBarcode
parse_ok (const char *text, const MposScaleLayout *layout)
{
  g_autoptr (GError) error = NULL;
  MposBarcode code;

  g_assert_true (mpos_barcode_parse (text, layout, &code, &error));
  g_assert_no_error (error);
  return code;
}

static void
assert_parse_fails (const char *text, const MposScaleLayout *layout, MposBarcodeError expected)
{
  g_autoptr (GError) error = NULL;
  MposBarcode code = { .kind = MPOS_BARCODE_INTERNAL, .code = "untouched", .value = 9 };

  g_assert_false (mpos_barcode_parse (text, layout, &code, &error));
  g_assert_error (error, MPOS_BARCODE_ERROR, (gint)expected);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_cmpstr (code.code, ==, "untouched");
  g_assert_cmpint (code.value, ==, 9);
}

static void
assert_code (const MposBarcode *code, MposBarcodeKind kind, const char *text, int64_t value)
{
  g_assert_cmpint (code->kind, ==, kind);
  g_assert_cmpstr (code->code, ==, text);
  g_assert_cmpint (code->value, ==, value);
}

static void
test_barcode_gs1_check_digit_of_known_codes (void)
{
  g_assert_cmpint (mpos_barcode_gs1_check_digit ("690193962127", 12), ==, 1);
  g_assert_cmpint (mpos_barcode_gs1_check_digit ("400638133393", 12), ==, 1);
  g_assert_cmpint (mpos_barcode_gs1_check_digit ("03600029145", 11), ==, 2);
  g_assert_cmpint (mpos_barcode_gs1_check_digit ("9638507", 7), ==, 4);
  g_assert_cmpint (mpos_barcode_gs1_check_digit ("000000000000", 12), ==, 0);
  /* only len characters count */
  g_assert_cmpint (mpos_barcode_gs1_check_digit ("9638507XYZ", 7), ==, 4);
  g_assert_cmpint (mpos_barcode_gs1_check_digit ("96385O7", 7), ==, -1);
  g_assert_cmpint (mpos_barcode_gs1_check_digit ("", 0), ==, 0);
}

static void
test_barcode_ean13_with_valid_check_digit (void)
{
  MposBarcode code = parse_ok ("6901939621271", NULL);

  assert_code (&code, MPOS_BARCODE_EAN13, "6901939621271", 0);
  code = parse_ok ("4006381333931", NULL);
  assert_code (&code, MPOS_BARCODE_EAN13, "4006381333931", 0);
}

static void
test_barcode_wrong_check_digit_rejected (void)
{
  assert_parse_fails ("6901939621272", NULL, MPOS_BARCODE_ERROR_CHECK_DIGIT);
  assert_parse_fails ("4006381333930", NULL, MPOS_BARCODE_ERROR_CHECK_DIGIT);
  /* two digits swapped, the classic typing slip */
  assert_parse_fails ("6091939621271", NULL, MPOS_BARCODE_ERROR_CHECK_DIGIT);
  assert_parse_fails ("96385075", NULL, MPOS_BARCODE_ERROR_CHECK_DIGIT);
  assert_parse_fails ("036000291453", NULL, MPOS_BARCODE_ERROR_CHECK_DIGIT);
}

static void
test_barcode_ean8 (void)
{
  MposBarcode code = parse_ok ("96385074", NULL);

  assert_code (&code, MPOS_BARCODE_EAN8, "96385074", 0);
}

static void
test_barcode_upca_normalised_to_ean13 (void)
{
  MposBarcode code = parse_ok ("036000291452", NULL);

  assert_code (&code, MPOS_BARCODE_UPCA, "0036000291452", 0);
  /* the same product scanned as EAN-13 looks up the same code */
  code = parse_ok ("0036000291452", NULL);
  assert_code (&code, MPOS_BARCODE_EAN13, "0036000291452", 0);
}

static void
test_barcode_blanks_around_are_trimmed (void)
{
  MposBarcode code = parse_ok ("  6901939621271\r\n", NULL);

  assert_code (&code, MPOS_BARCODE_EAN13, "6901939621271", 0);
  assert_parse_fails ("6901939 621271", NULL, MPOS_BARCODE_ERROR_CHARACTERS);
}

static void
test_barcode_empty_input (void)
{
  assert_parse_fails ("", NULL, MPOS_BARCODE_ERROR_EMPTY);
  assert_parse_fails (" \t\n", NULL, MPOS_BARCODE_ERROR_EMPTY);
}

static void
test_barcode_digit_counts_without_a_format_rejected (void)
{
  assert_parse_fails ("1", NULL, MPOS_BARCODE_ERROR_LENGTH);
  assert_parse_fails ("9638507", NULL, MPOS_BARCODE_ERROR_LENGTH);
  assert_parse_fails ("03600029145", NULL, MPOS_BARCODE_ERROR_LENGTH);    /* 11 */
  assert_parse_fails ("16901939621278", NULL, MPOS_BARCODE_ERROR_LENGTH); /* 14, GTIN-14 */
  assert_parse_fails ("123456789012345678901234567890123456789012345678901234567890", NULL,
                      MPOS_BARCODE_ERROR_LENGTH);
}

/* Default layout: 2 + flag + 5 item digits + 5 weight digits (g) + check. */
static void
test_barcode_scale_code_weight_default_layout (void)
{
  MposBarcode code = parse_ok ("2000123012346", NULL);

  assert_code (&code, MPOS_BARCODE_WEIGHT_EMBEDDED, "00123", 1234);
  code = parse_ok ("2912345002503", NULL);
  assert_code (&code, MPOS_BARCODE_WEIGHT_EMBEDDED, "12345", 250);
  code = parse_ok ("2000000000008", NULL);
  assert_code (&code, MPOS_BARCODE_WEIGHT_EMBEDDED, "00000", 0);
}

static void
test_barcode_scale_code_check_digit_verified (void)
{
  assert_parse_fails ("2000123012347", NULL, MPOS_BARCODE_ERROR_CHECK_DIGIT);
  assert_parse_fails ("2000123012436", NULL, MPOS_BARCODE_ERROR_CHECK_DIGIT);
}

static void
test_barcode_price_embedded_layout (void)
{
  MposScaleLayout layout;
  MposBarcode code;

  mpos_scale_layout_init_default (&layout);
  layout.value_kind = MPOS_SCALE_VALUE_PRICE;
  code = parse_ok ("2212345008995", &layout);
  assert_code (&code, MPOS_BARCODE_PRICE_EMBEDDED, "12345", 899);
}

/* Only 20–24 are scale codes here; a 25 code is an ordinary EAN-13. */
static void
test_barcode_prefix_outside_layout_range_is_plain_ean13 (void)
{
  MposScaleLayout layout;
  MposBarcode code;

  mpos_scale_layout_init_default (&layout);
  layout.prefix_max = '4';
  code = parse_ok ("2512345001003", &layout);
  assert_code (&code, MPOS_BARCODE_EAN13, "2512345001003", 0);
  code = parse_ok ("2412345002508", &layout);
  assert_code (&code, MPOS_BARCODE_WEIGHT_EMBEDDED, "12345", 250);
}

/* GS1 price/weight check digits: 2875 → 9 (4 digits), 14685 → 6 (5 digits). */
static void
test_barcode_value_check_digit_layouts (void)
{
  MposScaleLayout four, five;
  MposBarcode code;

  mpos_scale_layout_init_default (&four);
  four.value_digits = 4;
  four.value_check_digit = TRUE;
  four.value_kind = MPOS_SCALE_VALUE_PRICE;
  code = parse_ok ("2012345287594", &four);
  assert_code (&code, MPOS_BARCODE_PRICE_EMBEDDED, "12345", 2875);
  assert_parse_fails ("2012345287587", &four, MPOS_BARCODE_ERROR_CHECK_DIGIT);

  mpos_scale_layout_init_default (&five);
  five.item_digits = 4;
  five.value_check_digit = TRUE;
  code = parse_ok ("2112341468567", &five);
  assert_code (&code, MPOS_BARCODE_WEIGHT_EMBEDDED, "1234", 14685);
  assert_parse_fails ("2112341468550", &five, MPOS_BARCODE_ERROR_CHECK_DIGIT);
}

/* Whatever the value, exactly one of the ten value check digits is accepted. */
static void
test_barcode_value_check_digit_is_unique (void)
{
  MposScaleLayout layout;

  mpos_scale_layout_init_default (&layout);
  layout.item_digits = 4;
  layout.value_check_digit = TRUE;
  for (int round = 0; round < 500; round++)
    {
      int value = g_test_rand_int_range (0, 100000);
      guint accepted = 0;

      for (int c = 0; c < 10; c++)
        {
          char text[14];
          MposBarcode code;

          g_snprintf (text, sizeof text, "200042%05d%d", value, c);
          text[12] = (char)('0' + mpos_barcode_gs1_check_digit (text, 12));
          text[13] = '\0';
          if (mpos_barcode_parse (text, &layout, &code, NULL))
            {
              accepted++;
              g_assert_cmpint (code.value, ==, value);
            }
        }
      g_assert_cmpuint (accepted, ==, 1);
    }
}

static void
test_barcode_invalid_layouts_rejected (void)
{
  MposScaleLayout layout;
  g_autoptr (GError) error = NULL;

  mpos_scale_layout_init_default (&layout);
  g_assert_true (mpos_scale_layout_validate (&layout, &error));
  g_assert_no_error (error);

#define ASSERT_BAD_LAYOUT(field, bad)                                                              \
  G_STMT_START                                                                                     \
  {                                                                                                \
    mpos_scale_layout_init_default (&layout);                                                      \
    layout.field = bad;                                                                            \
    g_assert_false (mpos_scale_layout_validate (&layout, &error));                                 \
    g_assert_error (error, MPOS_BARCODE_ERROR, MPOS_BARCODE_ERROR_LAYOUT);                         \
    g_clear_error (&error);                                                                        \
    /* a bad layout fails every parse, even of a plain EAN-13 */                                   \
    assert_parse_fails ("6901939621271", &layout, MPOS_BARCODE_ERROR_LAYOUT);                      \
  }                                                                                                \
  G_STMT_END

  ASSERT_BAD_LAYOUT (prefix_first, '6');
  ASSERT_BAD_LAYOUT (prefix_first, '0');
  ASSERT_BAD_LAYOUT (prefix_min, 'a');
  ASSERT_BAD_LAYOUT (prefix_max, '\0');
  ASSERT_BAD_LAYOUT (item_digits, 0);
  ASSERT_BAD_LAYOUT (item_digits, 6);
  ASSERT_BAD_LAYOUT (value_digits, 4);
  ASSERT_BAD_LAYOUT (value_digits, G_MAXUINT);
  ASSERT_BAD_LAYOUT (value_check_digit, TRUE);
  ASSERT_BAD_LAYOUT (value_kind, (MposScaleValueKind)7);

  mpos_scale_layout_init_default (&layout);
  layout.prefix_min = '5';
  layout.prefix_max = '3';
  g_assert_false (mpos_scale_layout_validate (&layout, &error));
  g_assert_error (error, MPOS_BARCODE_ERROR, MPOS_BARCODE_ERROR_LAYOUT);
  g_clear_error (&error);

  /* 6 item + 3 value + value check: a value check digit needs 4 or 5 digits */
  mpos_scale_layout_init_default (&layout);
  layout.item_digits = 6;
  layout.value_digits = 3;
  layout.value_check_digit = TRUE;
  g_assert_false (mpos_scale_layout_validate (&layout, &error));
  g_assert_error (error, MPOS_BARCODE_ERROR, MPOS_BARCODE_ERROR_LAYOUT);
#undef ASSERT_BAD_LAYOUT
}

static void
test_barcode_internal_codes (void)
{
  MposBarcode code = parse_ok ("A1", NULL);

  assert_code (&code, MPOS_BARCODE_INTERNAL, "A1", 0);
  code = parse_ok ("veg-0042_b", NULL);
  assert_code (&code, MPOS_BARCODE_INTERNAL, "veg-0042_b", 0);
  code = parse_ok ("-", NULL);
  assert_code (&code, MPOS_BARCODE_INTERNAL, "-", 0);
  code = parse_ok ("6901939621271X", NULL);
  assert_code (&code, MPOS_BARCODE_INTERNAL, "6901939621271X", 0);
  code = parse_ok ("ABCDEFGHIJKLMNOPQRSTUVWXYZ-_0123", NULL); /* 32 */
  assert_code (&code, MPOS_BARCODE_INTERNAL, "ABCDEFGHIJKLMNOPQRSTUVWXYZ-_0123", 0);
}

static void
test_barcode_internal_code_limits (void)
{
  g_autofree char *huge = g_strnfill (100000, 'A');

  assert_parse_fails ("ABCDEFGHIJKLMNOPQRSTUVWXYZ-_01234", NULL, MPOS_BARCODE_ERROR_LENGTH);
  assert_parse_fails (huge, NULL, MPOS_BARCODE_ERROR_LENGTH);
  assert_parse_fails ("AB.12", NULL, MPOS_BARCODE_ERROR_CHARACTERS);
  assert_parse_fails ("AB/12", NULL, MPOS_BARCODE_ERROR_CHARACTERS);
  assert_parse_fails ("12.5", NULL, MPOS_BARCODE_ERROR_CHARACTERS);
}

static void
test_barcode_non_ascii_and_garbage_rejected (void)
{
  g_autoptr (GError) error = NULL;
  MposBarcode code;
  /* a NUL ends the C string: what follows is never seen */
  const char with_nul[] = "9638507\0"
                          "4";

  assert_parse_fails ("６９０１９３９６２１２７１", NULL, MPOS_BARCODE_ERROR_CHARACTERS);
  assert_parse_fails ("\xff\xfe\xfd", NULL, MPOS_BARCODE_ERROR_CHARACTERS);
  assert_parse_fails ("69019\xc3\xa9"
                      "39621271",
                      NULL, MPOS_BARCODE_ERROR_CHARACTERS);
  assert_parse_fails ("可口可乐", NULL, MPOS_BARCODE_ERROR_CHARACTERS);
  assert_parse_fails (with_nul, NULL, MPOS_BARCODE_ERROR_LENGTH);

  /* control bytes and broken UTF-8 are escaped in the message */
  g_assert_false (mpos_barcode_parse ("\x1b[2J\xff", NULL, &code, &error));
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_null (g_strstr_len (error->message, -1, "\x1b"));
}

static void
test_barcode_is_valid_gtin_only_for_ean13 (void)
{
  g_assert_true (mpos_barcode_is_valid_gtin ("6901939621271"));
  g_assert_true (mpos_barcode_is_valid_gtin ("0036000291452"));
  g_assert_true (mpos_barcode_is_valid_gtin ("2000123012346"));
  g_assert_false (mpos_barcode_is_valid_gtin ("6901939621272"));
  g_assert_false (mpos_barcode_is_valid_gtin (" 6901939621271"));
  g_assert_false (mpos_barcode_is_valid_gtin ("036000291452"));
  g_assert_false (mpos_barcode_is_valid_gtin ("96385074"));
  g_assert_false (mpos_barcode_is_valid_gtin ("690193962127A"));
  g_assert_false (mpos_barcode_is_valid_gtin (""));
  g_assert_false (mpos_barcode_is_valid_gtin (NULL));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/barcode/gs1-check-digit-of-known-codes",
                   test_barcode_gs1_check_digit_of_known_codes);
  g_test_add_func ("/barcode/ean13-with-valid-check-digit",
                   test_barcode_ean13_with_valid_check_digit);
  g_test_add_func ("/barcode/wrong-check-digit-rejected", test_barcode_wrong_check_digit_rejected);
  g_test_add_func ("/barcode/ean8", test_barcode_ean8);
  g_test_add_func ("/barcode/upca-normalised-to-ean13", test_barcode_upca_normalised_to_ean13);
  g_test_add_func ("/barcode/blanks-around-are-trimmed", test_barcode_blanks_around_are_trimmed);
  g_test_add_func ("/barcode/empty-input", test_barcode_empty_input);
  g_test_add_func ("/barcode/digit-counts-without-a-format-rejected",
                   test_barcode_digit_counts_without_a_format_rejected);
  g_test_add_func ("/barcode/scale/weight-default-layout",
                   test_barcode_scale_code_weight_default_layout);
  g_test_add_func ("/barcode/scale/check-digit-verified",
                   test_barcode_scale_code_check_digit_verified);
  g_test_add_func ("/barcode/scale/price-embedded-layout", test_barcode_price_embedded_layout);
  g_test_add_func ("/barcode/scale/prefix-outside-range-is-plain-ean13",
                   test_barcode_prefix_outside_layout_range_is_plain_ean13);
  g_test_add_func ("/barcode/scale/value-check-digit-layouts",
                   test_barcode_value_check_digit_layouts);
  g_test_add_func ("/barcode/scale/value-check-digit-is-unique",
                   test_barcode_value_check_digit_is_unique);
  g_test_add_func ("/barcode/scale/invalid-layouts-rejected",
                   test_barcode_invalid_layouts_rejected);
  g_test_add_func ("/barcode/internal/codes", test_barcode_internal_codes);
  g_test_add_func ("/barcode/internal/limits", test_barcode_internal_code_limits);
  g_test_add_func ("/barcode/non-ascii-and-garbage-rejected",
                   test_barcode_non_ascii_and_garbage_rejected);
  g_test_add_func ("/barcode/is-valid-gtin-only-for-ean13",
                   test_barcode_is_valid_gtin_only_for_ean13);

  return g_test_run ();
}
