/* printer-test-page.c — the test page of a receipt printer
 * (printer-test-page.h). */
#include "printer-test-page.h"

#include "escpos.h"

GBytes *
mpos_printer_test_page (MposPrinterProfile *profile)
{
  MposEscpos *escpos = mpos_escpos_new (profile);
  g_autoptr (GString) ruler = g_string_new (NULL);
  g_autofree char *width
      = g_strdup_printf ("%u 列 columns / %u 点 dots", profile->columns, profile->dots);

  for (guint i = 1; i <= profile->columns; i++)
    g_string_append_c (ruler, (char)('0' + i % 10));
  mpos_escpos_init (escpos);
  mpos_escpos_align (escpos, MPOS_ALIGN_CENTRE);
  mpos_escpos_bold (escpos, TRUE);
  mpos_escpos_size (escpos, 2, 2);
  mpos_escpos_line (escpos, "打印测试");
  mpos_escpos_size (escpos, 1, 1);
  mpos_escpos_bold (escpos, FALSE);
  mpos_escpos_line (escpos, "MallPOS test print");
  /* a model name can be longer than a 58 mm line: wrapped, never overflowing */
  mpos_escpos_wrapped (escpos, profile->model, profile->columns);
  mpos_escpos_align (escpos, MPOS_ALIGN_LEFT);
  mpos_escpos_line (escpos, ruler->str);
  mpos_escpos_wrapped (escpos, width, profile->columns);
  mpos_escpos_wrapped (escpos, "中文：惠民会员超市 欢迎光临", profile->columns);
  mpos_escpos_wrapped (escpos, "宽字符 Wide: 1.250kg × 12.80 ①※±°", profile->columns);
  mpos_escpos_wrapped (escpos, "金额 Amount: ¥12.50", profile->columns);
  mpos_escpos_align (escpos, MPOS_ALIGN_CENTRE);
  mpos_escpos_feed (escpos, 1);
  mpos_escpos_barcode (escpos, "TEST-20261123-0001", NULL);
  mpos_escpos_qr (escpos, "https://mallpos.example.cn/test", profile->dots >= 512 ? 6 : 4,
                  MPOS_QR_LEVEL_M, NULL);
  mpos_escpos_line (escpos, "");
  mpos_escpos_cut (escpos);
  return mpos_escpos_free_to_bytes (escpos);
}
