/* test-printer-profile.c — the shipped profiles load with the values the
 * encoder relies on, and a bad profile file is refused with the key named. */
#include <string.h>

#include "device.h"
#include "printer-test-util.h"

static void
test_profile_shipped_profiles_load (void)
{
  g_autoptr (MposPrinterProfile) generic80 = printer_test_profile ("generic-80");
  g_autoptr (MposPrinterProfile) generic58 = printer_test_profile ("generic-58");
  g_autoptr (MposPrinterProfile) xprinter = printer_test_profile ("xprinter-80");
  g_autoptr (MposPrinterProfile) epson = printer_test_profile ("epson-tm-t88");

  g_assert_cmpuint (generic80->dots, ==, 576);
  g_assert_cmpuint (generic80->columns, ==, 48);
  g_assert_cmpint (generic80->chinese_mode, ==, MPOS_CHINESE_MODE_FS_AND);
  g_assert_false (generic80->qr);
  g_assert_cmpuint (generic58->dots, ==, 384);
  g_assert_cmpuint (generic58->columns, ==, 32);
  g_assert_cmpint (generic58->cut, ==, MPOS_CUT_NONE);
  g_assert_true (mpos_printer_profile_has_drawer_pin (generic58, 2));
  g_assert_false (mpos_printer_profile_has_drawer_pin (generic58, 5));
  g_assert_cmpstr (xprinter->encoding, ==, "GBK");
  g_assert_true (xprinter->qr);
  g_assert_true (xprinter->drawer_status);
  g_assert_cmpint (epson->chinese_mode, ==, MPOS_CHINESE_MODE_NATIVE);
  g_assert_cmpuint (epson->columns, ==, 42);
  g_assert_cmpuint (epson->raster_band_lines, ==, 255);
  g_assert_cmpstr (epson->name, ==, "epson-tm-t88");
}

static void
expect_bad (const char *keys, const char *key)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *data = g_strconcat ("[printer]\n", keys, NULL);
  g_autoptr (MposPrinterProfile) profile
      = mpos_printer_profile_new_from_data ("bad", data, strlen (data), &error);
  g_autofree char *quoted = g_strdup_printf ("“%s”", key);

  g_assert_null (profile);
  g_assert_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, "printer profile “bad”"));
  if (strstr (error->message, quoted) == NULL)
    g_error ("“%s” does not name key %s", error->message, key);
}

static void
test_profile_bad_keys_are_named (void)
{
  expect_bad ("dots=576\ncolumns=49\n", "columns");
  expect_bad ("dots=wide\n", "dots");
  expect_bad ("chinese-mode=maybe\n", "chinese-mode");
  expect_bad ("chinese-mode=none\nencoding=CP437\n", "code-page");
  expect_bad ("encoding=KLINGON-8\n", "encoding");
  expect_bad ("qr=perhaps\n", "qr");
  expect_bad ("drawer-pins=2;7\n", "drawer-pins");
  expect_bad ("status=false\ndrawer-status=true\n", "drawer-status");
  expect_bad ("cut=guillotine\n", "cut");
}

static void
test_profile_not_found_or_bad_name (void)
{
  g_autoptr (GError) error = NULL;

  g_assert_null (mpos_printer_profile_load ("no-such-printer", &error));
  g_assert_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, "no-such-printer.ini"));
  g_clear_error (&error);
  g_assert_null (mpos_printer_profile_load ("../../etc/passwd", &error));
  g_assert_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_CONFIG);
  g_clear_error (&error);
  g_assert_null (mpos_printer_profile_new_from_data ("x", "not a key file", 14, &error));
  g_assert_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_CONFIG);
}

static void
test_profile_virtual_needs_no_file (void)
{
  g_autoptr (MposPrinterProfile) p80 = mpos_printer_profile_new_virtual (576);
  g_autoptr (MposPrinterProfile) p58 = mpos_printer_profile_new_virtual (384);

  g_assert_cmpuint (p80->columns, ==, 48);
  g_assert_cmpuint (p58->columns, ==, 32);
  g_assert_true (p80->qr && p80->status && p80->drawer_status);
}

int
main (int argc, char **argv)
{
  printer_test_init (&argc, &argv);
  g_test_add_func ("/printer-profile/shipped-profiles-load", test_profile_shipped_profiles_load);
  g_test_add_func ("/printer-profile/bad-keys-are-named", test_profile_bad_keys_are_named);
  g_test_add_func ("/printer-profile/not-found-or-bad-name", test_profile_not_found_or_bad_name);
  g_test_add_func ("/printer-profile/virtual-needs-no-file", test_profile_virtual_needs_no_file);
  return g_test_run ();
}
