/* test-escpos-interpreter.c — the virtual printer's ESC/POS reader: GB18030
 * text in Chinese mode, alignment, sizes, bold, CODE128 bars with HRI, QR,
 * raster images, cuts, status requests and kicks as events; commands split
 * across writes read the same; garbage is skipped without losing the page. */
#include <string.h>

#include "code128.h"
#include "escpos-interpreter.h"
#include "printer-test-util.h"

static MposEscposPage *
read_all (const guint8 *data, gsize length, gboolean chinese)
{
  g_autoptr (MposEscposInterpreter) in = mpos_escpos_interpreter_new (576, chinese);
  MposEscposPage *page;

  mpos_escpos_interpreter_feed (in, data, length);
  page = mpos_escpos_interpreter_pop_page (in);
  return page != NULL ? page : mpos_escpos_interpreter_flush (in);
}

static void
test_interpreter_text_modes (void)
{
  static const guint8 job[]
      = { 0x1b, '@',  0x1c, '&',  0x1b, 'a',  1,    0x1b, 'E', 1,    0x1d, '!',
          0x11, 0xd0, 0xa1, 0xc6, 0xb1, '\n', 0x1d, '!',  0,   0x1b, 'E',  0,
          0x1b, 'a',  0,    'A',  0xa3, 0xa4, '\n', 0x1d, 'V', 1 };
  g_autoptr (MposEscposPage) page = read_all (job, sizeof job, FALSE);
  const MposEscposItem *big, *small;
  const MposEscposCell *cell;
  g_autofree char *text = NULL;

  g_assert_true (page->cut);
  g_assert_cmpuint (page->items->len, ==, 2);
  big = g_ptr_array_index (page->items, 0);
  small = g_ptr_array_index (page->items, 1);
  g_assert_cmpint (big->align, ==, MPOS_ALIGN_CENTRE);
  cell = &g_array_index (big->cells, MposEscposCell, 0);
  g_assert_cmpuint (cell->c, ==, g_utf8_get_char ("小"));
  g_assert_true (cell->bold);
  g_assert_cmpuint (cell->width, ==, 48);
  g_assert_cmpuint (big->text_height, ==, 48);
  g_assert_cmpuint (big->width, ==, 96);
  cell = &g_array_index (small->cells, MposEscposCell, 1);
  g_assert_cmpuint (cell->c, ==, 0xFFE5); /* ￥ */
  g_assert_false (cell->bold);
  text = mpos_escpos_page_to_text (page);
  g_assert_cmpstr (text, ==, "                      小票\nA￥\n");
}

static void
test_interpreter_without_fs_and_reads_a_code_page (void)
{
  static const guint8 job[] = { 0x1b, '@', 0x1c, '.', 0x1b, 't', 0, 'C', 'a', 'f', 0x82, '\n' };
  g_autoptr (MposEscposPage) page = read_all (job, sizeof job, TRUE);
  g_autofree char *text = mpos_escpos_page_to_text (page);

  g_assert_false (page->cut);
  g_assert_cmpstr (text, ==, "Café\n");
}

static void
test_interpreter_barcode_qr_and_image (void)
{
  g_autoptr (MposPrinterProfile) profile = printer_test_profile ("xprinter-80");
  g_autoptr (MposEscpos) escpos = mpos_escpos_new (profile);
  g_autoptr (MposImage) logo = mpos_image_new (100, 30);
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (MposEscposPage) page = NULL;
  g_autofree char *text = NULL;
  const MposEscposItem *bars;

  mpos_image_set (logo, 0, 0);
  mpos_escpos_image (escpos, logo);
  g_assert_true (mpos_escpos_barcode (escpos, "S001-T01-20261123-0007", NULL));
  g_assert_true (mpos_escpos_qr (escpos, "https://m.example.cn/c/1", 4, MPOS_QR_LEVEL_M, NULL));
  mpos_escpos_cut (escpos);
  bytes = mpos_escpos_free_to_bytes (g_steal_pointer (&escpos));
  page = read_all (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), FALSE);
  text = mpos_escpos_page_to_text (page);
  g_assert_cmpstr (text, ==,
                   "[image 104×30]\n[CODE128 S001-T01-20261123-0007]\nS001-T01-20261123-0007\n"
                   "[QR https://m.example.cn/c/1]\n");
  bars = g_ptr_array_index (page->items, 1);
  g_assert_cmpuint (bars->image->height, ==, 80);
  g_assert_cmpuint (bars->image->width, ==, 244 * 2);
  g_assert_true (mpos_image_get (bars->image, 0, 0));  /* start symbol: a bar */
  g_assert_false (mpos_image_get (bars->image, 4, 0)); /* 2 modules bar, then space */
}

static void
test_interpreter_bytes_one_at_a_time_read_the_same (void)
{
  g_autoptr (MposReceipt) receipt = printer_test_demo_receipt ();
  g_autoptr (MposPrinterProfile) profile = printer_test_profile ("generic-80");
  MposEscposExtras extras = { NULL, 2 };
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (MposEscposInterpreter) in = mpos_escpos_interpreter_new (576, FALSE);
  g_autoptr (MposEscposPage) whole = NULL;
  g_autoptr (MposEscposPage) split = NULL;
  g_autofree char *a = NULL, *b = NULL;
  const guint8 *data;
  MposEscposEvent event;

  receipt->invoice_url = g_strdup ("https://fapiao.example.cn/x");
  receipt->cash_moved = TRUE;
  bytes = mpos_escpos_render_receipt_full (receipt, profile, &extras);
  whole = read_all (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), FALSE);
  data = g_bytes_get_data (bytes, NULL);

  for (gsize i = 0; i < g_bytes_get_size (bytes); i++)
    mpos_escpos_interpreter_feed (in, data + i, 1);
  split = mpos_escpos_interpreter_pop_page (in);
  a = mpos_escpos_page_to_text (whole);
  b = mpos_escpos_page_to_text (split);
  g_assert_cmpstr (a, ==, b);
  g_assert_true (mpos_escpos_interpreter_pop_event (in, &event));
  g_assert_cmpint (event.kind, ==, MPOS_ESCPOS_EVENT_DRAWER_KICK);
  g_assert_cmpuint (event.value, ==, 2);
  g_assert_false (mpos_escpos_interpreter_pop_event (in, &event));
}

static void
test_interpreter_status_requests_are_events (void)
{
  static const guint8 job[] = { 0x10, 0x04, 1, 'x', 0x10, 0x04, 4, 0x1b, 'p', 1, 25, 250 };
  g_autoptr (MposEscposInterpreter) in = mpos_escpos_interpreter_new (384, TRUE);
  MposEscposEvent event;

  mpos_escpos_interpreter_feed (in, job, sizeof job);
  g_assert_true (mpos_escpos_interpreter_pop_event (in, &event));
  g_assert_cmpint (event.kind, ==, MPOS_ESCPOS_EVENT_STATUS_REQUEST);
  g_assert_cmpuint (event.value, ==, 1);
  g_assert_true (mpos_escpos_interpreter_pop_event (in, &event));
  g_assert_cmpuint (event.value, ==, 4);
  g_assert_true (mpos_escpos_interpreter_pop_event (in, &event));
  g_assert_cmpint (event.kind, ==, MPOS_ESCPOS_EVENT_DRAWER_KICK);
  g_assert_cmpuint (event.value, ==, 5);
}

static void
test_interpreter_garbage_is_skipped (void)
{
  static const guint8 job[]
      = { 0x1b, 0x99, 0x1d, 0xfe, 0x1c, 0x00, 0xff, 0x81, '\n', 0x07, 'o', 'k',
          '\n', 0x1d, 'k',  73,   3,    '{',  'Z',  'z',  0x1d, 'v',  '1' };
  g_autoptr (MposEscposPage) page = read_all (job, sizeof job, TRUE);
  g_autofree char *text = mpos_escpos_page_to_text (page);

  g_assert_nonnull (strstr (text, "ok\n"));
}

static void
test_code128_round_trip_and_check_digit (void)
{
  g_autoptr (GByteArray) data = mpos_code128_escpos_data ("ABC-123456");
  g_autoptr (GArray) symbols = g_array_new (FALSE, FALSE, sizeof (guint8));
  g_autoptr (GString) hri = g_string_new (NULL);
  guint sum;

  g_assert_true (mpos_code128_decode_escpos (data->data, data->len, symbols, hri));
  g_assert_cmpstr (hri->str, ==, "ABC-123456");
  /* start B, A B C -, code C, 12 34 56, check, stop */
  g_assert_cmpuint (symbols->len, ==, 11);
  g_assert_cmpuint (g_array_index (symbols, guint8, 0), ==, MPOS_CODE128_START_B);
  g_assert_cmpuint (g_array_index (symbols, guint8, 5), ==, 99);
  sum = 104;
  for (guint i = 1; i < symbols->len - 2; i++)
    sum += i * g_array_index (symbols, guint8, i);
  g_assert_cmpuint (g_array_index (symbols, guint8, symbols->len - 2), ==, sum % 103);
  for (guint v = 0; v <= MPOS_CODE128_STOP; v++)
    {
      GArray one = { .data = (gchar *)&(guint8){ (guint8)v }, .len = 1 };

      g_assert_cmpuint (mpos_code128_modules (&one), ==, v == MPOS_CODE128_STOP ? 13 : 11);
    }
  g_assert_null (mpos_code128_escpos_data (""));
  g_assert_null (mpos_code128_escpos_data ("中文"));
}

int
main (int argc, char **argv)
{
  printer_test_init (&argc, &argv);
  g_test_add_func ("/escpos-interpreter/text-modes", test_interpreter_text_modes);
  g_test_add_func ("/escpos-interpreter/without-fs-and-reads-a-code-page",
                   test_interpreter_without_fs_and_reads_a_code_page);
  g_test_add_func ("/escpos-interpreter/barcode-qr-and-image",
                   test_interpreter_barcode_qr_and_image);
  g_test_add_func ("/escpos-interpreter/bytes-one-at-a-time-read-the-same",
                   test_interpreter_bytes_one_at_a_time_read_the_same);
  g_test_add_func ("/escpos-interpreter/status-requests-are-events",
                   test_interpreter_status_requests_are_events);
  g_test_add_func ("/escpos-interpreter/garbage-is-skipped", test_interpreter_garbage_is_skipped);
  g_test_add_func ("/escpos-interpreter/code128-round-trip-and-check-digit",
                   test_code128_round_trip_and_check_digit);
  return g_test_run ();
}
