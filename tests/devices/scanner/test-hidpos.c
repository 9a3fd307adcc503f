/* test-hidpos.c — tests for drivers/scanner-hidpos.c: HID POS input reports
 * from the .reports files here, fed one report per message through a
 * SOCK_SEQPACKET socketpair as hidraw delivers them; the report parser on
 * its own; and the hidraw lookup on a fake sysfs. */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "device-test-util.h"
#include "scanner-hidpos.h"

static DeviceRecorder *
feed_reports (const char *name)
{
  g_autoptr (GBytes) bytes = device_test_file ("scanner", name);
  g_autoptr (MposScanner) scanner = NULL;
  DeviceRecorder *recorder;
  gsize length = 0;
  const guint8 *data = g_bytes_get_data (bytes, &length);
  int fds[2];

  g_assert_cmpuint (length % MPOS_HIDPOS_REPORT_SIZE, ==, 0);
  g_assert_cmpint (socketpair (AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds), ==, 0);
  for (gsize at = 0; at < length; at += MPOS_HIDPOS_REPORT_SIZE)
    g_assert_cmpint (write (fds[1], data + at, MPOS_HIDPOS_REPORT_SIZE), ==,
                     MPOS_HIDPOS_REPORT_SIZE);
  close (fds[1]);
  scanner = mpos_scanner_hidpos_new_for_fd ("scanner1", fds[0]);
  recorder = device_recorder_new (MPOS_DEVICE (scanner));
  device_recorder_start (MPOS_DEVICE (scanner));
  g_assert_true (device_recorder_wait_status (recorder, MPOS_DEVICE_STATUS_OFFLINE, 0, 5000));
  mpos_device_close (MPOS_DEVICE (scanner));
  return recorder;
}

static void
test_hidpos_single_report_scan (void)
{
  g_autoptr (DeviceRecorder) recorder = feed_reports ("ean13.reports");
  const MposDeviceData *data;

  g_assert_cmpuint (recorder->data->len, ==, 1);
  data = device_recorder_data (recorder, 0);
  g_assert_cmpstr (data->text, ==, "6901234567892");
  g_assert_cmpstr (data->symbology, ==, "EAN-13");
}

static void
test_hidpos_multi_report_scan_is_joined (void)
{
  g_autoptr (DeviceRecorder) recorder = feed_reports ("qr-multi.reports");
  const MposDeviceData *data;

  g_assert_cmpuint (recorder->data->len, ==, 1);
  data = device_recorder_data (recorder, 0);
  g_assert_cmpstr (data->symbology, ==, "QR");
  g_assert_cmpstr (data->text, ==,
                   "https://m.mallpos.example.cn/member/8800000000017?store=S001&terminal=T01"
                   "&campaign=2024-spring-festival-bonus&lang=zh-CN&ref=receipt-qr");
}

static void
test_hidpos_bad_length_is_an_error_then_recovers (void)
{
  g_autoptr (DeviceRecorder) recorder = feed_reports ("bad-length.reports");
  const GError *error = device_recorder_error (recorder, 0);

  g_assert_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "scanner “scanner1”"));
  g_assert_cmpuint (recorder->data->len, ==, 1);
  g_assert_cmpstr (device_recorder_data (recorder, 0)->text, ==, "96385074");
  g_assert_cmpstr (device_recorder_data (recorder, 0)->symbology, ==, "EAN-8");
}

static void
test_hidpos_garbage_data_is_an_error_naming_the_scanner (void)
{
  g_autoptr (DeviceRecorder) recorder = feed_reports ("garbage.reports");
  const GError *error = device_recorder_error (recorder, 0);

  g_assert_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "scanner “scanner1” (hidraw stream fd"));
  g_assert_nonnull (strstr (error->message, "not a barcode"));
  g_assert_cmpuint (recorder->data->len, ==, 1);
  g_assert_cmpstr (device_recorder_data (recorder, 0)->text, ==, "6901234567892");
}

static void
test_hidpos_gbk_qr_code_becomes_utf8 (void)
{
  g_autoptr (DeviceRecorder) recorder = feed_reports ("gbk-qr.reports");

  g_assert_cmpuint (recorder->data->len, ==, 1);
  g_assert_cmpstr (device_recorder_data (recorder, 0)->text, ==, "会员卡8800000000017");
}

static void
test_hidpos_without_symbology_bytes (void)
{
  g_autoptr (DeviceRecorder) recorder = feed_reports ("no-aim.reports");

  g_assert_cmpuint (recorder->data->len, ==, 1);
  g_assert_cmpstr (device_recorder_data (recorder, 0)->text, ==, "4006381333931");
  g_assert_null (device_recorder_data (recorder, 0)->symbology);
}

static void
test_hidpos_parse_report_edges (void)
{
  g_autoptr (GError) error = NULL;
  MposHidposReport report;
  guint8 bytes[64] = { 0x02, 3, ']', 'E', '0', '1', '2', '3' };
  const guint8 other[] = { 0x04, 0x01 };
  const guint8 short_report[] = { 0x02, 0x05, ']', 'E', '0', '1', '2' };

  g_assert_true (mpos_hidpos_parse_report (bytes, sizeof bytes, &report, &error));
  g_assert_cmpuint (report.length, ==, 3);
  g_assert_cmpmem (report.data, 3, "123", 3);
  g_assert_cmpstr (report.aim, ==, "]E0");
  g_assert_false (report.more);
  bytes[63] = 0x01;
  g_assert_true (mpos_hidpos_parse_report (bytes, sizeof bytes, &report, &error));
  g_assert_true (report.more);
  /* other report ids are not scans, whatever they hold */
  g_assert_true (mpos_hidpos_parse_report (other, sizeof other, &report, &error));
  g_assert_cmpuint (report.report_id, ==, 0x04);
  /* a short report whose length byte claims more than it has */
  g_assert_false (mpos_hidpos_parse_report (short_report, sizeof short_report, &report, &error));
  g_assert_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_PROTOCOL);
  g_clear_error (&error);
  g_assert_false (mpos_hidpos_parse_report (bytes, 3, &report, &error));
  g_clear_error (&error);
  g_assert_false (mpos_hidpos_parse_report (bytes, 0, &report, &error));
  g_assert_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_PROTOCOL);
}

static void
test_hidpos_finds_the_node_by_id_or_usage_page (void)
{
  g_autofree char *root = g_dir_make_tmp ("mpos-sys-XXXXXX", NULL);
  static const guint8 keyboard[] = { 0x05, 0x01, 0x09, 0x06, 0xA1, 0x01 };
  static const guint8 pos[] = { 0x06, 0x8C, 0x00, 0x09, 0x02, 0xA1, 0x01 };
  g_autoptr (GError) error = NULL;
  g_autofree char *by_id = NULL;
  g_autofree char *by_page = NULL;
  g_autofree char *missing = NULL;

  device_test_write_file (root, "class/hidraw/hidraw0/device/uevent",
                          "DRIVER=hid-generic\nHID_ID=0003:0000046D:0000C31C\n", -1);
  device_test_write_file (root, "class/hidraw/hidraw0/device/report_descriptor", keyboard,
                          sizeof keyboard);
  device_test_write_file (root, "class/hidraw/hidraw2/device/uevent",
                          "DRIVER=hid-generic\nHID_ID=0003:00000C2E:00000B01\nHID_NAME=Honeywell\n",
                          -1);
  device_test_write_file (root, "class/hidraw/hidraw2/device/report_descriptor", pos, sizeof pos);
  by_id = mpos_scanner_hidpos_find_node (root, 0x0c2e, 0x0b01, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (by_id, ==, "/dev/hidraw2");
  by_page = mpos_scanner_hidpos_find_node (root, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (by_page, ==, "/dev/hidraw2");
  missing = mpos_scanner_hidpos_find_node (root, 0x1234, 0x5678, &error);
  g_assert_null (missing);
  g_assert_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_NO_HARDWARE);
  test_remove_dir (root);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/hidpos/single-report-scan", test_hidpos_single_report_scan);
  g_test_add_func ("/hidpos/multi-report-scan-is-joined", test_hidpos_multi_report_scan_is_joined);
  g_test_add_func ("/hidpos/bad-length-is-an-error-then-recovers",
                   test_hidpos_bad_length_is_an_error_then_recovers);
  g_test_add_func ("/hidpos/garbage-data-is-an-error-naming-the-scanner",
                   test_hidpos_garbage_data_is_an_error_naming_the_scanner);
  g_test_add_func ("/hidpos/gbk-qr-code-becomes-utf8", test_hidpos_gbk_qr_code_becomes_utf8);
  g_test_add_func ("/hidpos/without-symbology-bytes", test_hidpos_without_symbology_bytes);
  g_test_add_func ("/hidpos/parse-report-edges", test_hidpos_parse_report_edges);
  g_test_add_func ("/hidpos/finds-the-node-by-id-or-usage-page",
                   test_hidpos_finds_the_node_by_id_or_usage_page);
  return g_test_run ();
}
