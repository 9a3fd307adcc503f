/* printer-test-util.c — shared helpers of the receipt printer tests. */
#include "printer-test-util.h"

#include <string.h>

void
printer_test_init (int *argc, char ***argv)
{
  g_setenv ("MALLPOS_PRINTER_PROFILES", PRINTER_PROFILE_DIR, TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_test_init (argc, argv, NULL);
}

MposPrinterProfile *
printer_test_profile (const char *name)
{
  g_autoptr (GError) error = NULL;
  MposPrinterProfile *profile = mpos_printer_profile_load (name, &error);

  g_assert_no_error (error);
  g_assert_nonnull (profile);
  return profile;
}

MposPrinterProfile *
printer_test_profile_from (const char *name, const char *keys)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *data = g_strconcat ("[printer]\n", keys, NULL);
  MposPrinterProfile *profile
      = mpos_printer_profile_new_from_data (name, data, strlen (data), &error);

  g_assert_no_error (error);
  return profile;
}

static char *
to_hex (GBytes *bytes)
{
  gsize length = 0;
  const guint8 *data = g_bytes_get_data (bytes, &length);
  GString *out = g_string_new (NULL);

  for (gsize i = 0; i < length; i++)
    g_string_append_printf (out, "%02x%c", data[i], (i % 16 == 15 || i + 1 == length) ? '\n' : ' ');
  return g_string_free (out, FALSE);
}

/* Hex pairs, '#' comments and blanks ignored. */
static GByteArray *
from_hex (const char *text)
{
  GByteArray *out = g_byte_array_new ();
  int high = -1;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '#')
        {
          while (*p != '\0' && *p != '\n')
            p++;
          if (*p == '\0')
            break;
          continue;
        }
      if (!g_ascii_isxdigit (*p))
        continue;
      if (high < 0)
        high = g_ascii_xdigit_value (*p);
      else
        {
          guint8 byte = (guint8)(high << 4 | g_ascii_xdigit_value (*p));

          g_byte_array_append (out, &byte, 1);
          high = -1;
        }
    }
  return out;
}

void
printer_test_assert_golden (const char *name, GBytes *bytes)
{
  g_autofree char *file = g_strconcat (name, ".hex", NULL);
  g_autofree char *path = g_build_filename (PRINTER_TEST_DIR, "golden", file, NULL);
  g_autofree char *expected_text = NULL;
  g_autoptr (GByteArray) expected = NULL;
  g_autoptr (GError) error = NULL;
  gsize length = 0;
  const guint8 *data = g_bytes_get_data (bytes, &length);

  if (g_strcmp0 (g_getenv ("MPOS_UPDATE_GOLDEN"), "1") == 0)
    {
      g_autofree char *hex = to_hex (bytes);
      g_autofree char *text = g_strdup_printf (
          "# %s: golden ESC/POS bytes (MPOS_UPDATE_GOLDEN=1 rewrites)\n%s", name, hex);

      g_file_set_contents (path, text, -1, &error);
      g_assert_no_error (error);
      return;
    }
  g_file_get_contents (path, &expected_text, NULL, &error);
  g_assert_no_error (error);
  expected = from_hex (expected_text);
  for (gsize i = 0; i < MIN (length, (gsize)expected->len); i++)
    if (data[i] != expected->data[i])
      g_error ("%s: byte %" G_GSIZE_FORMAT " is 0x%02x, golden has 0x%02x", name, i, data[i],
               expected->data[i]);
  g_assert_cmpuint (length, ==, expected->len);
}

MposReceipt *
printer_test_demo_receipt (void)
{
  MposReceipt *receipt = mpos_receipt_new (MPOS_RECEIPT_SALE);
  MposReceiptLine *line;

  receipt->store_name = g_strdup ("惠民会员超市(中山路店)");
  receipt->store_address = g_strdup ("上海市黄浦区中山东一路18号");
  receipt->receipt_no = g_strdup ("S001-T01-20261123-0007");
  receipt->time_local = g_strdup ("2026-11-23 14:05:09");
  receipt->cashier = g_strdup ("1001 王芳");
  receipt->member = g_strdup ("138****5678 金卡");
  receipt->footer = g_strdup ("谢谢惠顾 欢迎再次光临\nThank you!");
  mpos_receipt_add_line (receipt, "可口可乐 330ml", "6928804011173", FALSE, 6, 250, 1500, 1500);
  line = mpos_receipt_add_line (receipt, "康师傅红烧牛肉面 桶装110g", "6920152400777", FALSE, 2,
                                450, 900, 800);
  mpos_receipt_line_add_adjustment (line, "会员价", -100);
  line = mpos_receipt_add_line (receipt, "农夫山泉饮用天然水550ml", "6921168509256", FALSE, 4, 200,
                                800, 720);
  mpos_receipt_line_add_adjustment (line, "限时折扣 饮料九折", -80);
  mpos_receipt_add_line (receipt, "散装红富士苹果", NULL, TRUE, 523, 1280, 669, 669);
  line = mpos_receipt_add_line (receipt, "金龙鱼黄金比例食用调和油5L", "6948195800248", FALSE, 1,
                                6990, 6990, 5990);
  mpos_receipt_line_add_adjustment (line, "满¥100减¥10", -1000);
  mpos_receipt_add_line (receipt, "伊利纯牛奶 250ml×24盒", "6907992500133", FALSE, 1, 6500, 6500,
                         6500);
  receipt->subtotal = 17359;
  receipt->discount_total = -1180;
  receipt->total = 16179;
  receipt->tax_total = 1861;
  receipt->item_count = 15;
  mpos_receipt_add_tender (receipt, "微信支付 WeChat Pay", 10000, "4200001234202611231234567890");
  mpos_receipt_add_tender (receipt, "现金 Cash", 7000, NULL);
  receipt->change = 821;
  return receipt;
}

static gboolean
time_out (gpointer data)
{
  g_error ("timed out waiting for the printer");
  return G_SOURCE_REMOVE;
}

void
printer_test_wait (gboolean *done)
{
  guint id = g_timeout_add_seconds (10, time_out, NULL);

  while (!*done)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (id);
}

static gsize
find_from (const guint8 *data, gsize length, const void *needle, gsize n, gsize from)
{
  for (gsize i = from; n > 0 && i + n <= length; i++)
    if (memcmp (data + i, needle, n) == 0)
      return i;
  return G_MAXSIZE;
}

gboolean
printer_test_contains (GBytes *haystack, const void *needle, gsize length)
{
  return printer_test_count (haystack, needle, length) > 0;
}

guint
printer_test_count (GBytes *haystack, const void *needle, gsize length)
{
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (haystack, &size);
  guint count = 0;

  for (gsize at = find_from (data, size, needle, length, 0); at != G_MAXSIZE;
       at = find_from (data, size, needle, length, at + length))
    count++;
  return count;
}

void
printer_test_print_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  PrinterTestOutcome *outcome = user_data;

  outcome->ok = mpos_receipt_printer_print_finish (MPOS_RECEIPT_PRINTER (source), result,
                                                   &outcome->state, &outcome->error);
  outcome->done = TRUE;
}

static void
on_status (MposDevice *device, int status, gpointer user_data)
{
  g_array_append_val ((GArray *)user_data, status);
}

GArray *
printer_test_record_statuses (gpointer device, GArray *statuses)
{
  g_signal_connect (device, "status", G_CALLBACK (on_status), statuses);
  return statuses;
}

gboolean
printer_test_has_status (GArray *statuses, MposDeviceStatus status)
{
  for (guint i = 0; i < statuses->len; i++)
    if (g_array_index (statuses, int, i) == (int)status)
      return TRUE;
  return FALSE;
}
