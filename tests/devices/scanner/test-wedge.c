/* test-wedge.c — tests for drivers/scanner-wedge.c: recorded evdev streams
 * (the .events files here) fed through a socketpair into the wedge
 * scanner, so the burst rule that tells scans from typing, Shift and Ctrl,
 * terminators and AIM identifiers are proven on real event records; and the
 * sysfs lookup of a scanner's event node by USB id on a fake /sys tree. */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "device-test-util.h"
#include "scanner-wedge.h"

/* Feeds a recorded stream and waits until its end ("offline: input ended"). */
static DeviceRecorder *
feed_stream (const char *name, const MposWedgeRules *rules)
{
  MposScanner *scanner = mpos_scanner_wedge_new_for_fd ("scanner0",
                                                        device_test_stream_fd ("scanner", name));

  if (rules)
    mpos_scanner_wedge_set_rules (MPOS_SCANNER_WEDGE (scanner), rules);
  return device_test_play_to_end (MPOS_DEVICE (scanner));
}

static void
assert_one_code (DeviceRecorder *recorder, const char *text, const char *symbology)
{
  const MposDeviceData *data;

  g_assert_cmpuint (recorder->data->len, ==, 1);
  data = device_recorder_data (recorder, 0);
  g_assert_cmpint (data->kind, ==, MPOS_DEVICE_DATA_BARCODE);
  g_assert_cmpstr (data->text, ==, text);
  g_assert_cmpstr (data->symbology, ==, symbology);
}

static void
test_wedge_fast_scan_with_enter_is_a_code (void)
{
  g_autoptr (DeviceRecorder) recorder = feed_stream ("fast-scan-enter.events", NULL);

  assert_one_code (recorder, "6901234567892", NULL);
  g_assert_cmpuint (recorder->errors->len, ==, 1); /* only the end of the stream */
}

static void
test_wedge_human_typing_is_not_a_scan (void)
{
  g_autoptr (DeviceRecorder) recorder = feed_stream ("human-typing.events", NULL);

  g_assert_cmpuint (recorder->data->len, ==, 0);
  g_assert_cmpuint (recorder->errors->len, ==, 1);
}

static void
test_wedge_fast_rollover_too_short_is_not_a_scan (void)
{
  g_autoptr (DeviceRecorder) recorder = feed_stream ("rollover.events", NULL);

  g_assert_cmpuint (recorder->data->len, ==, 0);
  g_assert_cmpuint (recorder->errors->len, ==, 1);
}

static void
test_wedge_shift_gives_capitals_and_symbols (void)
{
  g_autoptr (DeviceRecorder) recorder = feed_stream ("shift-letters.events", NULL);

  assert_one_code (recorder, "ABC-123xyz/Q_7", NULL);
}

static void
test_wedge_aim_identifier_names_the_symbology (void)
{
  g_autoptr (DeviceRecorder) recorder = feed_stream ("aim-ean13.events", NULL);

  assert_one_code (recorder, "6901234567892", "EAN-13");
}

static void
test_wedge_ctrl_bracket_is_group_separator (void)
{
  g_autoptr (DeviceRecorder) recorder = feed_stream ("gs1-group-separator.events", NULL);

  assert_one_code (recorder,
                   "01069012345678921\x1d"
                   "10LOT7",
                   "GS1-128");
}

static void
test_wedge_typing_before_a_scan_is_dropped (void)
{
  g_autoptr (DeviceRecorder) recorder = feed_stream ("typing-then-scan.events", NULL);

  assert_one_code (recorder, "4006381333931", NULL);
}

static void
test_wedge_two_scans_in_a_row (void)
{
  g_autoptr (DeviceRecorder) recorder = feed_stream ("two-scans.events", NULL);

  g_assert_cmpuint (recorder->data->len, ==, 2);
  g_assert_cmpstr (device_recorder_data (recorder, 0)->text, ==, "6901234567892");
  g_assert_cmpstr (device_recorder_data (recorder, 1)->text, ==, "96385074");
}

static void
test_wedge_scan_without_terminator_is_a_config_error (void)
{
  g_autoptr (DeviceRecorder) recorder = feed_stream ("scan-without-enter.events", NULL);
  const GError *error;

  g_assert_cmpuint (recorder->data->len, ==, 0);
  g_assert_cmpuint (device_recorder_count_errors (recorder, MPOS_DEVICE_ERROR_CONFIG), ==, 1);
  error = device_recorder_error (recorder, 0);
  g_assert_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, "scanner “scanner0”"));
  g_assert_nonnull (strstr (error->message, "suffix to Enter"));
}

static void
test_wedge_without_required_terminator_silence_ends_a_scan (void)
{
  MposWedgeRules rules = { 30, 4, FALSE, FALSE };
  g_autoptr (DeviceRecorder) recorder = feed_stream ("scan-without-enter.events", &rules);

  assert_one_code (recorder, "6901234567892", NULL);
}

static void
test_wedge_wrong_keyboard_country_is_an_error (void)
{
  g_autoptr (DeviceRecorder) recorder = feed_stream ("wrong-keyboard-country.events", NULL);
  const GError *error;

  g_assert_cmpuint (recorder->data->len, ==, 0);
  error = device_recorder_error (recorder, 0);
  g_assert_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "scanner “scanner0”"));
  g_assert_nonnull (strstr (error->message, "USA"));
}

static void
test_wedge_slower_limit_takes_human_speed (void)
{
  /* With a (silly) 400 ms limit a person's typing passes as a scan: the
   * limit is what decides, not the content. */
  MposWedgeRules rules = { 400, 4, TRUE, FALSE };
  g_autoptr (DeviceRecorder) recorder = feed_stream ("human-typing.events", &rules);

  assert_one_code (recorder, "12345", NULL);
}

static void
test_wedge_garbage_bytes_never_crash (void)
{
  g_autoptr (MposScanner) scanner = NULL;
  g_autoptr (DeviceRecorder) recorder = NULL;
  guint8 noise[24 * 50 + 7];

  for (gsize i = 0; i < sizeof noise; i++)
    noise[i] = (guint8)(i * 131 + 7);
  scanner = mpos_scanner_wedge_new_for_fd ("scanner0", device_test_bytes_fd (noise, sizeof noise));
  recorder = device_recorder_new (MPOS_DEVICE (scanner));
  device_recorder_start (MPOS_DEVICE (scanner));
  g_assert_true (device_recorder_wait_status (recorder, MPOS_DEVICE_STATUS_OFFLINE, 0, 5000));
  for (guint i = 0; i < recorder->data->len; i++)
    g_assert_true (g_utf8_validate (device_recorder_data (recorder, i)->text, -1, NULL));
}

/* ---- the node lookup on a fake sysfs ------------------------------------- */

static void
test_wedge_finds_the_keyboard_node_by_usb_id (void)
{
  g_autofree char *root = g_dir_make_tmp ("mpos-sys-XXXXXX", NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *node = NULL;
  g_autofree char *missing = NULL;

  /* A mouse, then the scanner's consumer-control node (no Enter key), then
   * its keyboard node. */
  device_test_write_file (root, "class/input/event0/device/id/vendor", "046d\n", -1);
  device_test_write_file (root, "class/input/event0/device/id/product", "c077\n", -1);
  device_test_write_file (root, "class/input/event0/device/capabilities/key", "1f0000 0 0 0 0\n",
                          -1);
  device_test_write_file (root, "class/input/event3/device/id/vendor", "0c2e\n", -1);
  device_test_write_file (root, "class/input/event3/device/id/product", "0b61\n", -1);
  device_test_write_file (root, "class/input/event3/device/capabilities/key", "10000 0\n", -1);
  device_test_write_file (root, "class/input/event4/device/id/vendor", "0c2e\n", -1);
  device_test_write_file (root, "class/input/event4/device/id/product", "0b61\n", -1);
  device_test_write_file (root, "class/input/event4/device/capabilities/key",
                          "1000000000007 ff9f207ac14057ff febeffdfffefffff fffffffffffffffe\n", -1);
  node = mpos_scanner_wedge_find_node (root, 0x0c2e, 0x0b61, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (node, ==, "/dev/input/event4");
  missing = mpos_scanner_wedge_find_node (root, 0x05e0, 0x1200, &error);
  g_assert_null (missing);
  g_assert_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_NO_HARDWARE);
  test_remove_dir (root);
}

static void
test_wedge_missing_node_names_the_scanner (void)
{
  g_autoptr (MposScanner) scanner
      = mpos_scanner_wedge_new ("scanner0", "/dev/input/event-none", 0, 0);
  g_autoptr (GError) error = NULL;

  g_assert_false (mpos_device_open (MPOS_DEVICE (scanner), &error));
  g_assert_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_NO_HARDWARE);
  g_assert_nonnull (strstr (error->message, "scanner “scanner0” (evdev /dev/input/event-none)"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/wedge/fast-scan-with-enter-is-a-code",
                   test_wedge_fast_scan_with_enter_is_a_code);
  g_test_add_func ("/wedge/human-typing-is-not-a-scan", test_wedge_human_typing_is_not_a_scan);
  g_test_add_func ("/wedge/fast-rollover-too-short-is-not-a-scan",
                   test_wedge_fast_rollover_too_short_is_not_a_scan);
  g_test_add_func ("/wedge/shift-gives-capitals-and-symbols",
                   test_wedge_shift_gives_capitals_and_symbols);
  g_test_add_func ("/wedge/aim-identifier-names-the-symbology",
                   test_wedge_aim_identifier_names_the_symbology);
  g_test_add_func ("/wedge/ctrl-bracket-is-group-separator",
                   test_wedge_ctrl_bracket_is_group_separator);
  g_test_add_func ("/wedge/typing-before-a-scan-is-dropped",
                   test_wedge_typing_before_a_scan_is_dropped);
  g_test_add_func ("/wedge/two-scans-in-a-row", test_wedge_two_scans_in_a_row);
  g_test_add_func ("/wedge/scan-without-terminator-is-a-config-error",
                   test_wedge_scan_without_terminator_is_a_config_error);
  g_test_add_func ("/wedge/without-required-terminator-silence-ends-a-scan",
                   test_wedge_without_required_terminator_silence_ends_a_scan);
  g_test_add_func ("/wedge/wrong-keyboard-country-is-an-error",
                   test_wedge_wrong_keyboard_country_is_an_error);
  g_test_add_func ("/wedge/slower-limit-takes-human-speed",
                   test_wedge_slower_limit_takes_human_speed);
  g_test_add_func ("/wedge/garbage-bytes-never-crash", test_wedge_garbage_bytes_never_crash);
  g_test_add_func ("/wedge/finds-the-keyboard-node-by-usb-id",
                   test_wedge_finds_the_keyboard_node_by_usb_id);
  g_test_add_func ("/wedge/missing-node-names-the-scanner",
                   test_wedge_missing_node_names_the_scanner);
  return g_test_run ();
}
