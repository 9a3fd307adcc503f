/* test-card-reader-virtual.c — tests for drivers/card-reader-virtual.c and
 * drivers/card-reader.c: swipes and typed card numbers arriving on a
 * socketpair become card "data" events; bad swipes become errors that name
 * the reader and never carry the card number. */
#include <glib.h>
#include <string.h>
#include <unistd.h>

#include "card-reader-virtual.h"
#include "device-test-util.h"

typedef struct
{
  int peer;
  MposCardReader *reader;
  DeviceRecorder *recorder;
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer user_data)
{
  int fd = device_test_socket_pair (&fixture->peer);

  fixture->reader = mpos_card_reader_virtual_new_for_fd ("msr0", fd);
  fixture->recorder = device_recorder_new (MPOS_DEVICE (fixture->reader));
  device_recorder_start (MPOS_DEVICE (fixture->reader));
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer user_data)
{
  device_test_finish (MPOS_DEVICE (fixture->reader), fixture->recorder, fixture->peer);
}

static void
test_virtual_reader_swipe_gives_card_number (Fixture *fixture, gconstpointer user_data)
{
  const MposDeviceData *data;

  device_test_send (fixture->peer, "%B8800000000017^ZHANG/WEI^?;8800000000017=2912?\n", -1);
  g_assert_true (device_recorder_wait (fixture->recorder, 1, 0, 5000));
  data = device_recorder_data (fixture->recorder, 0);
  g_assert_cmpint (data->kind, ==, MPOS_DEVICE_DATA_CARD);
  g_assert_cmpstr (data->text, ==, "8800000000017");
  g_assert_cmpstr (data->track2, ==, "8800000000017=2912");
  g_assert_null (data->symbology);
}

static void
test_virtual_reader_typed_number (Fixture *fixture, gconstpointer user_data)
{
  device_test_send (fixture->peer, "8800000000022\r\n", -1);
  g_assert_true (device_recorder_wait (fixture->recorder, 1, 0, 5000));
  g_assert_cmpstr (device_recorder_data (fixture->recorder, 0)->text, ==, "8800000000022");
  g_assert_null (device_recorder_data (fixture->recorder, 0)->track2);
}

static void
test_virtual_reader_unreadable_swipe_says_swipe_again (Fixture *fixture, gconstpointer user_data)
{
  const GError *error;

  device_test_send (fixture->peer, "%E?;E?\n", -1);
  g_assert_true (device_recorder_wait (fixture->recorder, 0, 1, 5000));
  error = device_recorder_error (fixture->recorder, 0);
  g_assert_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_FAILED);
  g_assert_true (g_str_has_prefix (error->message, "card reader “msr0” (virtual fd "));
  g_assert_nonnull (strstr (error->message, "swipe it again"));
  g_assert_cmpuint (fixture->recorder->data->len, ==, 0);
}

static void
test_virtual_reader_garbage_is_protocol_error (Fixture *fixture, gconstpointer user_data)
{
  device_test_send (fixture->peer, ";88000000000\n", -1);
  device_test_send (fixture->peer, "\x01\x02garbage\xff\n", -1);
  device_test_send (fixture->peer, "8800000000017\n", -1);
  g_assert_true (device_recorder_wait (fixture->recorder, 1, 2, 5000));
  for (guint i = 0; i < 2; i++)
    {
      const GError *error = device_recorder_error (fixture->recorder, i);
      g_assert_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_PROTOCOL);
      g_assert_null (strstr (error->message, "88000000000"));
    }
  g_assert_cmpstr (device_recorder_data (fixture->recorder, 0)->text, ==, "8800000000017");
}

static void
test_virtual_reader_end_of_input_goes_offline (Fixture *fixture, gconstpointer user_data)
{
  close (fixture->peer);
  fixture->peer = -1;
  g_assert_true (
      device_recorder_wait_status (fixture->recorder, MPOS_DEVICE_STATUS_OFFLINE, 0, 5000));
  g_assert_cmpuint (device_recorder_count_errors (fixture->recorder, MPOS_DEVICE_ERROR_OFFLINE), ==,
                    1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/card-reader-virtual/swipe-gives-card-number", test_virtual_reader_swipe_gives_card_number);
  ADD ("/card-reader-virtual/typed-number", test_virtual_reader_typed_number);
  ADD ("/card-reader-virtual/unreadable-swipe-says-swipe-again",
       test_virtual_reader_unreadable_swipe_says_swipe_again);
  ADD ("/card-reader-virtual/garbage-is-protocol-error",
       test_virtual_reader_garbage_is_protocol_error);
  ADD ("/card-reader-virtual/end-of-input-goes-offline",
       test_virtual_reader_end_of_input_goes_offline);
#undef ADD
  return g_test_run ();
}
