/* test-card-reader-wedge.c — tests for drivers/card-reader-wedge.c: recorded
 * evdev streams of a magnetic stripe reader that types (the .events files
 * here, from make-events.py) fed through a socketpair, so a member-card
 * swipe becomes one card event with track 2 kept, an unreadable swipe and
 * a fast burst that is no swipe become errors naming the reader, and a
 * person typing a swipe's characters never counts; the number stays out of
 * the log; and devices.ini builds the reader. */
#include <glib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "card-reader-wedge.h"
#include "device-config.h"
#include "device-registry.h"
#include "device-test-util.h"

#define CARD_NUMBER "8800000000017"

/* Everything logged while the tests run: the card number must not be in it. */
static GString *log_text;

static GLogWriterOutput
capture_log (GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (strcmp (fields[i].key, "MESSAGE") == 0)
      {
        g_string_append_len (log_text, fields[i].value,
                             fields[i].length < 0 ? (gssize)strlen (fields[i].value)
                                                  : fields[i].length);
        g_string_append_c (log_text, '\n');
      }
  return g_log_writer_default (level, fields, n_fields, user_data);
}

/* Feeds a recorded stream and waits until its end ("offline: input ended"). */
static DeviceRecorder *
feed_stream (const char *name)
{
  int fd = device_test_stream_fd ("card", name);

  return device_test_play_to_end (MPOS_DEVICE (mpos_card_reader_wedge_new_for_fd ("card0", fd)));
}

static void
assert_member_card (DeviceRecorder *recorder)
{
  const MposDeviceData *data;

  g_assert_cmpuint (recorder->data->len, ==, 1);
  data = device_recorder_data (recorder, 0);
  g_assert_cmpint (data->kind, ==, MPOS_DEVICE_DATA_CARD);
  g_assert_cmpstr (data->text, ==, CARD_NUMBER);
  g_assert_cmpstr (data->track2, ==, CARD_NUMBER "=2912");
  g_assert_null (data->symbology);
  g_assert_cmpuint (recorder->errors->len, ==, 1); /* only the end of the stream */
}

static void
test_wedge_reader_swipe_with_enter_after_each_track_is_one_card (void)
{
  g_autoptr (DeviceRecorder) recorder = feed_stream ("member-swipe.events");

  assert_member_card (recorder);
}

static void
test_wedge_reader_swipe_with_one_enter_is_one_card (void)
{
  g_autoptr (DeviceRecorder) recorder = feed_stream ("member-swipe-one-enter.events");

  assert_member_card (recorder);
}

static void
test_wedge_reader_card_number_is_masked_in_the_log (void)
{
  g_autoptr (DeviceRecorder) recorder = NULL;

  g_string_truncate (log_text, 0);
  recorder = feed_stream ("member-swipe.events");
  g_assert_cmpuint (recorder->data->len, ==, 1);
  g_assert_nonnull (strstr (log_text->str, "card reader “card0”: card 8800*"));
  g_assert_null (strstr (log_text->str, CARD_NUMBER));
  g_assert_null (strstr (log_text->str, "00000000"));
}

static void
test_wedge_reader_unreadable_swipe_says_swipe_again (void)
{
  g_autoptr (DeviceRecorder) recorder = feed_stream ("unreadable-swipe.events");
  const GError *error;

  g_assert_cmpuint (recorder->data->len, ==, 0);
  g_assert_cmpuint (recorder->errors->len, ==, 2);
  error = device_recorder_error (recorder, 0);
  g_assert_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_FAILED);
  g_assert_true (g_str_has_prefix (error->message, "card reader “card0” (evdev stream fd "));
  g_assert_nonnull (strstr (error->message, "swipe it again"));
}

static void
test_wedge_reader_human_typing_a_swipe_is_not_a_card (void)
{
  g_autoptr (DeviceRecorder) recorder = feed_stream ("human-typing-swipe.events");

  g_assert_cmpuint (recorder->data->len, ==, 0);
  g_assert_cmpuint (recorder->errors->len, ==, 1); /* only the end of the stream */
}

static void
test_wedge_reader_fast_burst_that_is_no_swipe_is_a_protocol_error (void)
{
  g_autoptr (DeviceRecorder) recorder = feed_stream ("garbage-swipe.events");

  g_assert_cmpuint (recorder->data->len, ==, 0);
  g_assert_cmpuint (device_recorder_count_errors (recorder, MPOS_DEVICE_ERROR_PROTOCOL), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      const GError *error = device_recorder_error (recorder, i);
      g_assert_true (g_str_has_prefix (error->message, "card reader “card0”"));
      g_assert_nonnull (strstr (error->message, "not magnetic stripe data"));
      g_assert_null (strstr (error->message, "6901234567892"));
    }
}

static void
test_wedge_reader_missing_node_names_the_reader (void)
{
  g_autoptr (MposCardReader) reader
      = mpos_card_reader_wedge_new ("card0", "/dev/input/event-none", 0, 0);
  g_autoptr (GError) error = NULL;

  g_assert_false (mpos_device_open (MPOS_DEVICE (reader), &error));
  g_assert_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_NO_HARDWARE);
  g_assert_cmpstr (error->message, ==,
                   "card reader “card0” (evdev /dev/input/event-none): /dev/input/event-none "
                   "is not there; is the card reader plugged in?");
}

static MposDevice *
create_from_ini (const char *ini, GError **error)
{
  g_autoptr (MposDeviceConfig) config
      = mpos_device_config_load_from_data (ini, -1, "test.ini", error);

  g_assert_no_error (*error);
  return mpos_device_config_create_device (mpos_device_config_lookup (config, "card0"), error);
}

static void
test_wedge_reader_from_devices_ini (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposDevice) device = NULL;

  mpos_device_registry_init ();
  device = create_from_ini ("[card0]\ncategory=card-reader\nbackend=evdev\n"
                            "port=/dev/input/by-id/usb-MSR-event-kbd\ninter_key_timeout_ms=40\n",
                            &error);
  g_assert_no_error (error);
  g_assert_true (MPOS_IS_CARD_READER_WEDGE (device));
  g_assert_cmpint (mpos_device_get_category (device), ==, MPOS_DEVICE_CARD_READER);
  g_assert_cmpstr (mpos_device_get_description (device), ==,
                   "evdev /dev/input/by-id/usb-MSR-event-kbd");
  g_clear_object (&device);

  device = create_from_ini ("[card0]\ncategory=card-reader\nbackend=evdev\n"
                            "vendor_id=0x0801\nproduct_id=0x0001\nkeymap=de\n",
                            &error);
  g_assert_null (device);
  g_assert_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, "[card0]: keymap “de”"));
  g_assert_nonnull (strstr (error->message, "card reader's keyboard country"));
}

int
main (int argc, char **argv)
{
  log_text = g_string_new (NULL);
  g_log_set_writer_func (capture_log, NULL, NULL);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/card-reader-wedge/swipe-with-enter-after-each-track-is-one-card",
                   test_wedge_reader_swipe_with_enter_after_each_track_is_one_card);
  g_test_add_func ("/card-reader-wedge/swipe-with-one-enter-is-one-card",
                   test_wedge_reader_swipe_with_one_enter_is_one_card);
  g_test_add_func ("/card-reader-wedge/card-number-is-masked-in-the-log",
                   test_wedge_reader_card_number_is_masked_in_the_log);
  g_test_add_func ("/card-reader-wedge/unreadable-swipe-says-swipe-again",
                   test_wedge_reader_unreadable_swipe_says_swipe_again);
  g_test_add_func ("/card-reader-wedge/human-typing-a-swipe-is-not-a-card",
                   test_wedge_reader_human_typing_a_swipe_is_not_a_card);
  g_test_add_func ("/card-reader-wedge/fast-burst-that-is-no-swipe-is-a-protocol-error",
                   test_wedge_reader_fast_burst_that_is_no_swipe_is_a_protocol_error);
  g_test_add_func ("/card-reader-wedge/missing-node-names-the-reader",
                   test_wedge_reader_missing_node_names_the_reader);
  g_test_add_func ("/card-reader-wedge/from-devices-ini", test_wedge_reader_from_devices_ini);
  return g_test_run ();
}
