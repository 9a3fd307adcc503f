/* test-escpos.c — the ESC/POS encoder against golden bytes per profile:
 * Chinese text with and without FS &, a single-byte code page, ￥ in GBK,
 * CODE128, QR natively and as a raster in bands, cut, drawer kick, and whole
 * receipts that read back (through the interpreter) as the core's layout. */
#include <string.h>

#include "device.h"
#include "escpos-interpreter.h"
#include "escpos.h"
#include "printer-test-util.h"

static GBytes *
line_bytes (const char *profile_name, const char *text)
{
  g_autoptr (MposPrinterProfile) profile = printer_test_profile (profile_name);
  MposEscpos *escpos = mpos_escpos_new (profile);

  mpos_escpos_init (escpos);
  mpos_escpos_line (escpos, text);
  return mpos_escpos_free_to_bytes (escpos);
}

static void
test_escpos_chinese_text_enters_fs_and_mode (void)
{
  g_autoptr (GBytes) bytes = line_bytes ("generic-80", "小票 Receipt");
  /* ESC @, FS &, 小票 in GB18030, ASCII, LF */
  static const guint8 expected[] = { 0x1b, 0x40, 0x1c, 0x26, 0xd0, 0xa1, 0xc6, 0xb1, ' ',
                                     'R',  'e',  'c',  'e',  'i',  'p',  't',  0x0a };

  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), expected,
                   sizeof expected);
  printer_test_assert_golden ("chinese-generic-80", bytes);
}

static void
test_escpos_chinese_native_profile_sends_no_fs_and (void)
{
  g_autoptr (GBytes) bytes = line_bytes ("epson-tm-t88", "小票");
  static const guint8 expected[] = { 0x1b, 0x40, 0xd0, 0xa1, 0xc6, 0xb1, 0x0a };

  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), expected,
                   sizeof expected);
  printer_test_assert_golden ("chinese-epson-tm-t88", bytes);
}

static void
test_escpos_single_byte_code_page_leaves_chinese_mode (void)
{
  g_autoptr (MposPrinterProfile) profile
      = printer_test_profile_from ("latin-80", "encoding=CP437\nchinese-mode=none\ncode-page=0\n");
  MposEscpos *escpos = mpos_escpos_new (profile);
  g_autoptr (GBytes) bytes = NULL;
  /* ESC @, FS ., ESC t 0, "Café" with é = 0x82 in CP437, the hanzi as '?' */
  static const guint8 expected[]
      = { 0x1b, 0x40, 0x1c, 0x2e, 0x1b, 0x74, 0x00, 'C', 'a', 'f', 0x82, ' ', '?', '?', 0x0a };

  mpos_escpos_init (escpos);
  mpos_escpos_line (escpos, "Café 小票");
  bytes = mpos_escpos_free_to_bytes (escpos);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), expected,
                   sizeof expected);
  printer_test_assert_golden ("single-byte-cp437", bytes);
}

static void
test_escpos_yen_is_fullwidth_in_gbk (void)
{
  g_autoptr (GBytes) gbk = line_bytes ("xprinter-80", "¥12.50");
  g_autoptr (GBytes) gb18030 = line_bytes ("epson-tm-t88", "¥12.50");
  g_autoptr (GBytes) gbk_font = line_bytes ("generic-80", "¥12.50");
  static const guint8 fullwidth_yen[] = { 0xa3, 0xa4, '1', '2' };
  static const guint8 gb18030_yen[] = { 0x81, 0x30, 0x84, 0x36, '1', '2' };

  /* GBK has no ¥ (U+00A5): it must print the full-width ￥ (A3A4), not '?'. */
  g_assert_true (printer_test_contains (gbk, fullwidth_yen, sizeof fullwidth_yen));
  g_assert_false (printer_test_contains (gbk, "?", 1));
  /* A GB18030 printer with the four-byte font gets ¥'s own code ... */
  g_assert_true (printer_test_contains (gb18030, gb18030_yen, sizeof gb18030_yen));
  /* ... one labelled GB18030 but carrying only the GBK font gets ￥ (A3 A4). */
  g_assert_true (printer_test_contains (gbk_font, fullwidth_yen, sizeof fullwidth_yen));
  g_assert_false (printer_test_contains (gbk_font, gb18030_yen, 4));
  printer_test_assert_golden ("yen-xprinter-80", gbk);
}

static void
test_escpos_control_characters_never_reach_the_printer (void)
{
  g_autoptr (GBytes) bytes = line_bytes ("generic-80", "A\x1b@\x1dV\x01"
                                                       "B");
  static const guint8 expected[]
      = { 0x1b, 0x40, 0x1c, 0x26, 'A', ' ', '@', ' ', 'V', ' ', 'B', 0x0a };

  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), expected,
                   sizeof expected);
}

static void
test_escpos_barcode_packs_receipt_number_in_code128 (void)
{
  g_autoptr (MposPrinterProfile) profile = printer_test_profile ("generic-80");
  MposEscpos *escpos = mpos_escpos_new (profile);
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) error = NULL;
  /* GS H 2, GS f 0, GS h 80, GS w 2, GS k 73 n {BS001-T01-{C 20 26 11 23 {B- {C 00 07 */
  static const guint8 expected[]
      = { 0x1d, 'H', 2,   0x1d, 'f', 0,   0x1d, 'h', 80,  0x1d, 'w', 2,   0x1d, 'k',
          73,   24,  '{', 'B',  'S', '0', '0',  '1', '-', 'T',  '0', '1', '-',  '{',
          'C',  20,  26,  11,   23,  '{', 'B',  '-', '{', 'C',  0,   7 };

  g_assert_true (mpos_escpos_barcode (escpos, "S001-T01-20261123-0007", &error));
  g_assert_no_error (error);
  bytes = mpos_escpos_free_to_bytes (escpos);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), expected,
                   sizeof expected);
  printer_test_assert_golden ("barcode-generic-80", bytes);
}

static void
test_escpos_barcode_fits_58mm_with_one_dot_modules (void)
{
  g_autoptr (MposPrinterProfile) profile = printer_test_profile ("generic-58");
  g_autoptr (MposPrinterProfile) strict
      = printer_test_profile_from ("strict-58", "dots=384\ncolumns=32\nbarcode-min-module=2\n");
  g_autoptr (MposEscpos) escpos = mpos_escpos_new (profile);
  g_autoptr (MposEscpos) refused = mpos_escpos_new (strict);
  g_autoptr (GError) error = NULL;
  static const guint8 module_one[] = { 0x1d, 'w', 1 };
  g_autoptr (GBytes) bytes = NULL;

  g_assert_true (mpos_escpos_barcode (escpos, "S001-T01-20261123-0007", &error));
  bytes = mpos_escpos_free_to_bytes (g_steal_pointer (&escpos));
  g_assert_true (printer_test_contains (bytes, module_one, sizeof module_one));
  g_assert_false (mpos_escpos_barcode (refused, "S001-T01-20261123-0007", &error));
  g_assert_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "does not fit"));
  g_clear_error (&error);
  g_assert_false (mpos_escpos_barcode (refused, "收银", &error));
  g_assert_nonnull (strstr (error->message, "CODE128"));
}

static void
test_escpos_qr_uses_gs_paren_k_model_2 (void)
{
  g_autoptr (MposPrinterProfile) profile = printer_test_profile ("xprinter-80");
  MposEscpos *escpos = mpos_escpos_new (profile);
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) error = NULL;
  static const guint8 expected[] = {
    0x1d, '(', 'k', 4, 0, 49, 65, 50, 0,                       /* model 2 */
    0x1d, '(', 'k', 3, 0, 49, 67, 6,                           /* module size 6 */
    0x1d, '(', 'k', 3, 0, 49, 69, 49,                          /* error correction M */
    0x1d, '(', 'k', 8, 0, 49, 80, 48, 'h', 't', 't', 'p', 's', /* store "https" */
    0x1d, '(', 'k', 3, 0, 49, 81, 48,                          /* print */
  };

  g_assert_true (mpos_escpos_qr (escpos, "https", 6, MPOS_QR_LEVEL_M, &error));
  g_assert_no_error (error);
  bytes = mpos_escpos_free_to_bytes (escpos);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), expected,
                   sizeof expected);
  printer_test_assert_golden ("qr-xprinter-80", bytes);
}

/* Walks GS v 0 commands: how many, and the tallest band. */
static guint
count_raster_bands (GBytes *bytes, guint *tallest, guint *rows)
{
  gsize length = 0;
  const guint8 *data = g_bytes_get_data (bytes, &length);
  guint bands = 0;

  *tallest = *rows = 0;
  for (gsize i = 0; i + 8 <= length;)
    {
      guint stride = data[i + 4] | data[i + 5] << 8, height = data[i + 6] | data[i + 7] << 8;

      g_assert_cmpint (data[i], ==, 0x1d);
      g_assert_cmpint (data[i + 1], ==, 'v');
      g_assert_cmpint (data[i + 2], ==, '0');
      bands++;
      *tallest = MAX (*tallest, height);
      *rows += height;
      i += 8 + (gsize)stride * height;
      g_assert_cmpuint (i, <=, length);
    }
  return bands;
}

static void
test_escpos_qr_without_native_support_is_a_raster_in_bands (void)
{
  g_autoptr (MposPrinterProfile) profile = printer_test_profile ("generic-80");
  MposEscpos *escpos = mpos_escpos_new (profile);
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) error = NULL;
  guint tallest, rows, bands;

  g_assert_false (profile->qr);
  g_assert_true (
      mpos_escpos_qr (escpos, "https://fapiao.example.cn/i?no=S001", 4, MPOS_QR_LEVEL_M, &error));
  bytes = mpos_escpos_free_to_bytes (escpos);
  g_assert_false (printer_test_contains (bytes, "\x1d(k", 3));
  bands = count_raster_bands (bytes, &tallest, &rows);
  /* version 3 (29 modules) + 2 × 2 quiet modules, 4 dots each: 132 rows */
  g_assert_cmpuint (rows, ==, 132);
  g_assert_cmpuint (tallest, <=, 24);
  g_assert_cmpuint (bands, ==, 6);
}

static void
test_escpos_logo_goes_in_bands_of_the_profile (void)
{
  g_autoptr (MposPrinterProfile) old = printer_test_profile ("generic-80");
  g_autoptr (MposPrinterProfile) epson = printer_test_profile ("epson-tm-t88");
  g_autoptr (MposImage) image = mpos_image_new (200, 300);
  MposEscpos *a = mpos_escpos_new (old), *b = mpos_escpos_new (epson);
  g_autoptr (GBytes) bytes_a = NULL, bytes_b = NULL;
  guint tallest, rows;

  for (guint y = 0; y < 300; y++)
    mpos_image_set (image, y % 200, y);
  mpos_escpos_image (a, image);
  mpos_escpos_image (b, image);
  bytes_a = mpos_escpos_free_to_bytes (a);
  bytes_b = mpos_escpos_free_to_bytes (b);
  g_assert_cmpuint (count_raster_bands (bytes_a, &tallest, &rows), ==, 13); /* 12 × 24 + 12 */
  g_assert_cmpuint (tallest, ==, 24);
  g_assert_cmpuint (rows, ==, 300);
  g_assert_cmpuint (count_raster_bands (bytes_b, &tallest, &rows), ==, 2); /* 255 + 45 */
  g_assert_cmpuint (tallest, ==, 255);
}

static GBytes *
cut_bytes (const char *name, const char *keys)
{
  g_autoptr (MposPrinterProfile) profile = printer_test_profile_from (name, keys);
  MposEscpos *escpos = mpos_escpos_new (profile);

  mpos_escpos_cut (escpos);
  return mpos_escpos_free_to_bytes (escpos);
}

static void
test_escpos_cut_feeds_then_cuts_per_profile (void)
{
  g_autoptr (GBytes) partial = cut_bytes ("p", "cut=partial\ncut-feed-lines=4\n");
  g_autoptr (GBytes) full = cut_bytes ("f", "cut=full\ncut-feed-lines=3\n");
  g_autoptr (GBytes) none = cut_bytes ("n", "cut=none\ncut-feed-lines=3\n");
  static const guint8 expected_partial[] = { 0x1b, 'd', 4, 0x1d, 'V', 1 };
  static const guint8 expected_full[] = { 0x1b, 'd', 3, 0x1d, 'V', 0 };
  static const guint8 expected_none[] = { 0x1b, 'd', 3 };

  g_assert_cmpmem (g_bytes_get_data (partial, NULL), g_bytes_get_size (partial), expected_partial,
                   sizeof expected_partial);
  g_assert_cmpmem (g_bytes_get_data (full, NULL), g_bytes_get_size (full), expected_full,
                   sizeof expected_full);
  g_assert_cmpmem (g_bytes_get_data (none, NULL), g_bytes_get_size (none), expected_none,
                   sizeof expected_none);
  printer_test_assert_golden ("cut-partial", partial);
}

static void
test_escpos_drawer_kick_pin_2_and_pin_5 (void)
{
  g_autoptr (MposPrinterProfile) profile = printer_test_profile ("xprinter-80");
  g_autoptr (MposPrinterProfile) only2 = printer_test_profile ("generic-58");
  MposEscpos *escpos = mpos_escpos_new (profile);
  g_autoptr (MposEscpos) refused = mpos_escpos_new (only2);
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) error = NULL;
  /* ESC p m t1 t2: 50 ms on, 500 ms off in 2 ms units */
  static const guint8 expected[] = { 0x1b, 'p', 0, 25, 250, 0x1b, 'p', 1, 25, 250 };

  g_assert_true (mpos_escpos_drawer_kick (escpos, 2, &error));
  g_assert_true (mpos_escpos_drawer_kick (escpos, 5, &error));
  bytes = mpos_escpos_free_to_bytes (escpos);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), expected,
                   sizeof expected);
  printer_test_assert_golden ("drawer-kick", bytes);
  g_assert_false (mpos_escpos_drawer_kick (refused, 5, &error));
  g_assert_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, "generic-58"));
}

/* Text with its blanks taken out: alignment may differ, the words may not. */
static GString *
without_blanks (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    if (*p != ' ')
      g_string_append_c (out, *p);
  return out;
}

/* The receipt read back by the interpreter has every line of the core's
 * text layout, the store name in bold double size, the barcode and the cut. */
static void
check_receipt_reads_back (const char *profile_name, GBytes *bytes, const MposReceipt *receipt)
{
  g_autoptr (MposPrinterProfile) profile = printer_test_profile (profile_name);
  g_autoptr (MposEscposInterpreter) in = mpos_escpos_interpreter_new (
      profile->dots, profile->chinese_mode == MPOS_CHINESE_MODE_NATIVE);
  g_autoptr (MposEscposPage) page = NULL;
  g_autoptr (MposTextCodec) codec = mpos_printer_profile_new_codec (profile);
  g_autofree char *text = NULL;
  g_autofree char *layout = mpos_receipt_render_text_for (receipt, profile->columns, codec);
  g_auto (GStrv) lines = g_strsplit (layout, "\n", -1);
  g_autoptr (GString) squeezed = NULL;
  const MposEscposItem *first;

  mpos_escpos_interpreter_feed (in, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  page = mpos_escpos_interpreter_pop_page (in);
  if (page == NULL) /* a model without a cutter: the page ends at the tear-off */
    page = mpos_escpos_interpreter_flush (in);
  g_assert_nonnull (page);
  g_assert_true (page->cut || profile->cut == MPOS_CUT_NONE);
  text = mpos_escpos_page_to_text (page);
  squeezed = without_blanks (text);
  for (guint i = 1; lines[i] != NULL; i++) /* line 0 is the store name, printed large */
    {
      g_autoptr (GString) line = without_blanks (lines[i]);

      if (!profile->four_byte)
        g_string_replace (line, "¥", "￥", 0);
      if (line->len > 0 && strstr (squeezed->str, line->str) == NULL)
        g_error ("%s: line “%s” missing from:\n%s", profile_name, line->str, text);
    }
  first = g_ptr_array_index (page->items, 0);
  g_assert_cmpint (first->kind, ==, MPOS_ESCPOS_ITEM_TEXT);
  g_assert_cmpint (first->align, ==, MPOS_ALIGN_CENTRE);
  g_assert_true (g_array_index (first->cells, MposEscposCell, 0).bold);
  g_assert_cmpint (g_array_index (first->cells, MposEscposCell, 0).height_mul, ==, 2);
  g_assert_cmpint (g_array_index (first->cells, MposEscposCell, 0).width_mul, ==,
                   profile->columns >= 44 ? 2 : 1); /* the name is 22 columns wide */
  g_assert_cmpint (g_array_index (first->cells, MposEscposCell, 0).c, ==, g_utf8_get_char ("惠"));
  /* CODE128 where it gets two dots a module and its quiet zones, else a QR code */
  if (mpos_escpos_barcode_module (profile, receipt->receipt_no) >= 2)
    g_assert_nonnull (strstr (text, "[CODE128 S001-T01-20261123-0007]"));
  else if (profile->qr)
    g_assert_nonnull (strstr (text, "[QR S001-T01-20261123-0007]"));
  else /* a raster QR code, the number printed under it */
    g_assert_nonnull (strstr (text, "[image "));
}

static void
test_escpos_receipt_per_profile (void)
{
  static const char *const profiles[]
      = { "generic-80", "generic-58", "xprinter-80", "epson-tm-t88" };
  g_autoptr (MposReceipt) receipt = printer_test_demo_receipt ();

  for (guint i = 0; i < G_N_ELEMENTS (profiles); i++)
    {
      g_autoptr (MposPrinterProfile) profile = printer_test_profile (profiles[i]);
      g_autoptr (GBytes) bytes = mpos_escpos_render_receipt (receipt, profile);
      g_autofree char *golden = g_strconcat ("receipt-", profiles[i], NULL);

      printer_test_assert_golden (golden, bytes);
      check_receipt_reads_back (profiles[i], bytes, receipt);
    }
}

static void
test_escpos_receipt_with_qr_and_drawer (void)
{
  g_autoptr (MposReceipt) receipt = printer_test_demo_receipt ();
  g_autoptr (MposPrinterProfile) profile = printer_test_profile ("xprinter-80");
  MposEscposExtras extras = { NULL, 2 };
  g_autoptr (GBytes) bytes = NULL;

  receipt->invoice_url = g_strdup ("https://fapiao.example.cn/i?no=S001-T01-20261123-0007");
  receipt->cash_moved = TRUE;
  bytes = mpos_escpos_render_receipt_full (receipt, profile, &extras);
  gsize length = 0;
  const guint8 *data = NULL;
  static const guint8 kick[] = { 0x1b, 'p', 0, 25, 250 };

  data = g_bytes_get_data (bytes, &length);
  g_assert_true (printer_test_contains (bytes, "\x1d(k", 3));
  /* the kick comes last, after the cut */
  g_assert_cmpmem (data + length - sizeof kick, sizeof kick, kick, sizeof kick);
  g_assert_true (printer_test_contains (bytes, "\x1dV\x01", 3));
}

int
main (int argc, char **argv)
{
  printer_test_init (&argc, &argv);
  g_test_add_func ("/escpos/chinese-text-enters-fs-and-mode",
                   test_escpos_chinese_text_enters_fs_and_mode);
  g_test_add_func ("/escpos/chinese-native-profile-sends-no-fs-and",
                   test_escpos_chinese_native_profile_sends_no_fs_and);
  g_test_add_func ("/escpos/single-byte-code-page-leaves-chinese-mode",
                   test_escpos_single_byte_code_page_leaves_chinese_mode);
  g_test_add_func ("/escpos/yen-is-fullwidth-in-gbk", test_escpos_yen_is_fullwidth_in_gbk);
  g_test_add_func ("/escpos/control-characters-never-reach-the-printer",
                   test_escpos_control_characters_never_reach_the_printer);
  g_test_add_func ("/escpos/barcode-packs-receipt-number-in-code128",
                   test_escpos_barcode_packs_receipt_number_in_code128);
  g_test_add_func ("/escpos/barcode-fits-58mm-with-one-dot-modules",
                   test_escpos_barcode_fits_58mm_with_one_dot_modules);
  g_test_add_func ("/escpos/qr-uses-gs-paren-k-model-2", test_escpos_qr_uses_gs_paren_k_model_2);
  g_test_add_func ("/escpos/qr-without-native-support-is-a-raster-in-bands",
                   test_escpos_qr_without_native_support_is_a_raster_in_bands);
  g_test_add_func ("/escpos/logo-goes-in-bands-of-the-profile",
                   test_escpos_logo_goes_in_bands_of_the_profile);
  g_test_add_func ("/escpos/cut-feeds-then-cuts-per-profile",
                   test_escpos_cut_feeds_then_cuts_per_profile);
  g_test_add_func ("/escpos/drawer-kick-pin-2-and-pin-5", test_escpos_drawer_kick_pin_2_and_pin_5);
  g_test_add_func ("/escpos/receipt-per-profile", test_escpos_receipt_per_profile);
  g_test_add_func ("/escpos/receipt-with-qr-and-drawer", test_escpos_receipt_with_qr_and_drawer);
  return g_test_run ();
}
