/* test-scanner.c — tests for drivers/scanner.c, what every scanner backend
 * shares: prefix and suffix stripping, AIM identifiers, the text check that
 * turns garbage into an error naming the scanner, GB18030 codes, and the
 * UnifiedPOS state machine as a scanner goes through it. Driven through the
 * virtual scanner on a socketpair. */
#include <glib.h>
#include <string.h>
#include <unistd.h>

#include "device-test-util.h"
#include "scanner-virtual.h"

typedef struct
{
  int peer;
  MposScanner *scanner;
  DeviceRecorder *recorder;
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer user_data)
{
  int fd = device_test_socket_pair (&fixture->peer);

  fixture->scanner = mpos_scanner_virtual_new_for_fd ("scanner0", fd);
  fixture->recorder = device_recorder_new (MPOS_DEVICE (fixture->scanner));
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer user_data)
{
  device_test_finish (MPOS_DEVICE (fixture->scanner), fixture->recorder, fixture->peer);
}

static const MposDeviceData *
scan (Fixture *fixture, const char *line)
{
  guint before = fixture->recorder->data->len;

  device_test_send (fixture->peer, line, -1);
  g_assert_true (device_recorder_wait (fixture->recorder, before + 1, 0, 5000));
  return device_recorder_data (fixture->recorder, before);
}

static void
test_scanner_prefix_and_suffix_are_stripped (Fixture *fixture, gconstpointer user_data)
{
  g_object_set (fixture->scanner, "prefix", "#", "suffix", "$", NULL);
  device_recorder_start (MPOS_DEVICE (fixture->scanner));
  g_assert_cmpstr (scan (fixture, "#6901234567892$\n")->text, ==, "6901234567892");
  /* absent affixes are no error: the code stays whole */
  g_assert_cmpstr (scan (fixture, "4006381333931\n")->text, ==, "4006381333931");
  /* the prefix comes before the AIM identifier */
  g_assert_cmpstr (scan (fixture, "#]E496385074$\n")->symbology, ==, "EAN-8");
}

static void
test_scanner_aim_can_be_turned_off (Fixture *fixture, gconstpointer user_data)
{
  const MposDeviceData *data;

  g_object_set (fixture->scanner, "aim", FALSE, NULL);
  device_recorder_start (MPOS_DEVICE (fixture->scanner));
  data = scan (fixture, "]E06901234567892\n");
  g_assert_cmpstr (data->text, ==, "]E06901234567892");
  g_assert_null (data->symbology);
}

static void
test_scanner_code_starting_with_bracket_stays_whole (Fixture *fixture, gconstpointer user_data)
{
  device_recorder_start (MPOS_DEVICE (fixture->scanner));
  g_assert_cmpstr (scan (fixture, "]W0-TABLE-7\n")->text, ==, "]W0-TABLE-7");
}

static void
test_scanner_garbage_is_an_error_naming_the_scanner (Fixture *fixture, gconstpointer user_data)
{
  const GError *error;

  device_recorder_start (MPOS_DEVICE (fixture->scanner));
  device_test_send (fixture->peer, "\x01\x02\x03\xff\xfe\n", -1);
  device_test_send (fixture->peer, "ab\0cd\n", 6);
  device_test_send (fixture->peer, "]E0\n", -1);
  g_assert_true (device_recorder_wait (fixture->recorder, 0, 3, 5000));
  for (guint i = 0; i < 3; i++)
    {
      error = device_recorder_error (fixture->recorder, i);
      g_assert_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_PROTOCOL);
      g_assert_true (g_str_has_prefix (error->message, "scanner “scanner0” (virtual fd "));
    }
  g_assert_nonnull (strstr (device_recorder_error (fixture->recorder, 2)->message, "no code"));
  /* and it goes on scanning */
  g_assert_cmpstr (scan (fixture, "6901234567892\n")->text, ==, "6901234567892");
}

static void
test_scanner_gs1_separators_are_kept (Fixture *fixture, gconstpointer user_data)
{
  device_recorder_start (MPOS_DEVICE (fixture->scanner));
  g_assert_cmpstr (scan (fixture, "]C10106901234567892\x1d"
                                  "10LOT7\n")
                       ->text,
                   ==,
                   "0106901234567892\x1d"
                   "10LOT7");
}

static void
test_scanner_gb18030_code_becomes_utf8 (Fixture *fixture, gconstpointer user_data)
{
  g_autofree char *gbk
      = g_convert ("会员8800000000017\n", -1, "GB18030", "UTF-8", NULL, NULL, NULL);

  device_recorder_start (MPOS_DEVICE (fixture->scanner));
  g_assert_cmpstr (scan (fixture, gbk)->text, ==, "会员8800000000017");
  g_assert_cmpstr (scan (fixture, "]Q1会员卡\n")->text, ==, "会员卡");
}

static void
test_scanner_no_data_before_enable (Fixture *fixture, gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;

  g_assert_false (mpos_device_enable (MPOS_DEVICE (fixture->scanner), &error));
  g_assert_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_STATE);
  g_clear_error (&error);
  g_assert_true (mpos_device_open (MPOS_DEVICE (fixture->scanner), &error));
  g_assert_true (mpos_device_claim (MPOS_DEVICE (fixture->scanner), 0, &error));
  device_test_send (fixture->peer, "6901234567892\n", -1);
  device_recorder_spin (50);
  g_assert_cmpuint (fixture->recorder->data->len, ==, 0);
  g_assert_true (mpos_device_enable (MPOS_DEVICE (fixture->scanner), &error));
  /* the line waited in the socket, as it would in a scanner's buffer */
  g_assert_true (device_recorder_wait (fixture->recorder, 1, 0, 5000));
  mpos_device_disable (MPOS_DEVICE (fixture->scanner));
  device_test_send (fixture->peer, "4006381333931\n", -1);
  device_recorder_spin (50);
  g_assert_cmpuint (fixture->recorder->data->len, ==, 1);
}

static void
test_scanner_end_of_input_goes_offline (Fixture *fixture, gconstpointer user_data)
{
  device_recorder_start (MPOS_DEVICE (fixture->scanner));
  device_test_send (fixture->peer, "6901234567892", -1); /* no newline: delivered at the end */
  close (fixture->peer);
  fixture->peer = -1;
  g_assert_true (
      device_recorder_wait_status (fixture->recorder, MPOS_DEVICE_STATUS_OFFLINE, 0, 5000));
  g_assert_cmpuint (fixture->recorder->data->len, ==, 1);
  g_assert_cmpuint (device_recorder_count_errors (fixture->recorder, MPOS_DEVICE_ERROR_OFFLINE), ==,
                    1);
  g_assert_cmpint (mpos_device_get_state (MPOS_DEVICE (fixture->scanner)), ==,
                   MPOS_DEVICE_STATE_ERROR);
}

static void
test_scanner_clean_text (void)
{
  g_autofree char *plain = mpos_scanner_clean_text ("6901234567892", 13);
  g_autofree char *gs = mpos_scanner_clean_text ("01\x1d"
                                                 "10",
                                                 5);
  g_autofree char *ctrl = mpos_scanner_clean_text ("69\x07"
                                                   "01",
                                                   5);
  g_autofree char *del = mpos_scanner_clean_text ("69\x7f", 3);
  g_autofree char *nul = mpos_scanner_clean_text ("69\0"
                                                  "01",
                                                  5);
  g_autofree char *empty = mpos_scanner_clean_text ("", 0);
  g_autofree char *bad = mpos_scanner_clean_text ("\xff\xff", 2);

  g_assert_cmpstr (plain, ==, "6901234567892");
  g_assert_cmpstr (gs, ==,
                   "01\x1d"
                   "10");
  g_assert_null (ctrl);
  g_assert_null (del);
  g_assert_null (nul);
  g_assert_null (empty);
  g_assert_null (bad);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/scanner/prefix-and-suffix-are-stripped", test_scanner_prefix_and_suffix_are_stripped);
  ADD ("/scanner/aim-can-be-turned-off", test_scanner_aim_can_be_turned_off);
  ADD ("/scanner/code-starting-with-bracket-stays-whole",
       test_scanner_code_starting_with_bracket_stays_whole);
  ADD ("/scanner/garbage-is-an-error-naming-the-scanner",
       test_scanner_garbage_is_an_error_naming_the_scanner);
  ADD ("/scanner/gs1-separators-are-kept", test_scanner_gs1_separators_are_kept);
  ADD ("/scanner/gb18030-code-becomes-utf8", test_scanner_gb18030_code_becomes_utf8);
  ADD ("/scanner/no-data-before-enable", test_scanner_no_data_before_enable);
  ADD ("/scanner/end-of-input-goes-offline", test_scanner_end_of_input_goes_offline);
#undef ADD
  g_test_add_func ("/scanner/clean-text", test_scanner_clean_text);
  return g_test_run ();
}
