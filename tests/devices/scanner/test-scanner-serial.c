/* test-scanner-serial.c — tests for drivers/scanner-serial.c over a pty
 * pair: the test writes what a serial scanner sends into the master side,
 * the scanner opens the slave by its path as it would /dev/ttyACM0. */
#include <errno.h>
#include <glib-unix.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "device-test-util.h"
#include "test-pty.h"
#include "scanner-serial.h"

typedef struct
{
  int master;
  char *path;
  MposScanner *scanner;
  DeviceRecorder *recorder;
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer user_data)
{
  /* The scanner opens the path itself. */
  fixture->path = test_pty_open (&fixture->master);
  g_assert_true (g_unix_set_fd_nonblocking (fixture->master, TRUE, NULL));
  fixture->scanner = mpos_scanner_serial_new ("serial0", fixture->path, 9600);
  fixture->recorder = device_recorder_new (MPOS_DEVICE (fixture->scanner));
  device_recorder_start (MPOS_DEVICE (fixture->scanner));
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer user_data)
{
  device_test_finish (MPOS_DEVICE (fixture->scanner), fixture->recorder, fixture->master);
  g_free (fixture->path);
}

/* The master is non-blocking: a write larger than the line's buffer waits
 * for the scanner, which reads on this very main loop. */
static void
send_bytes (Fixture *fixture, const char *bytes, gsize length)
{
  while (length > 0)
    {
      gssize written = write (fixture->master, bytes, length);
      if (written < 0)
        {
          g_assert_cmpint (errno, ==, EAGAIN);
          g_main_context_iteration (NULL, TRUE);
          continue;
        }
      bytes += written;
      length -= (gsize)written;
    }
}

static void
test_serial_code_ended_by_crlf (Fixture *fixture, gconstpointer user_data)
{
  send_bytes (fixture, "6901234567892\r\n", 15);
  g_assert_true (device_recorder_wait (fixture->recorder, 1, 0, 5000));
  g_assert_cmpstr (device_recorder_data (fixture->recorder, 0)->text, ==, "6901234567892");
  device_recorder_spin (50);
  g_assert_cmpuint (fixture->recorder->data->len, ==, 1); /* CR LF is one end, not two */
}

static void
test_serial_codes_split_and_joined_across_writes (Fixture *fixture, gconstpointer user_data)
{
  send_bytes (fixture, "]E4963", 6);
  device_recorder_spin (30);
  send_bytes (fixture, "85074\r]C0RCPT-0001\n", 19);
  g_assert_true (device_recorder_wait (fixture->recorder, 2, 0, 5000));
  g_assert_cmpstr (device_recorder_data (fixture->recorder, 0)->text, ==, "96385074");
  g_assert_cmpstr (device_recorder_data (fixture->recorder, 0)->symbology, ==, "EAN-8");
  g_assert_cmpstr (device_recorder_data (fixture->recorder, 1)->text, ==, "RCPT-0001");
  g_assert_cmpstr (device_recorder_data (fixture->recorder, 1)->symbology, ==, "Code 128");
}

static void
test_serial_garbage_is_an_error_naming_the_port (Fixture *fixture, gconstpointer user_data)
{
  g_autofree char *where = g_strdup_printf ("scanner “serial0” (serial %s 9600)", fixture->path);
  const GError *error;

  /* What a scanner at the wrong baud rate looks like. */
  send_bytes (fixture, "\x80\xfe\x1b\x03\xff\x86\r", 7);
  send_bytes (fixture, "6901234567892\r", 14);
  g_assert_true (device_recorder_wait (fixture->recorder, 1, 1, 5000));
  error = device_recorder_error (fixture->recorder, 0);
  g_assert_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, where));
  g_assert_nonnull (strstr (error->message, "baud rate"));
  g_assert_cmpstr (device_recorder_data (fixture->recorder, 0)->text, ==, "6901234567892");
}

static void
test_serial_endless_line_is_an_error (Fixture *fixture, gconstpointer user_data)
{
  g_autofree char *noise = g_strnfill (MPOS_SCANNER_MAX_LENGTH + 10, '7');

  send_bytes (fixture, noise, strlen (noise));
  send_bytes (fixture, "\r4006381333931\r", 15);
  g_assert_true (device_recorder_wait (fixture->recorder, 1, 1, 5000));
  g_assert_error (device_recorder_error (fixture->recorder, 0), MPOS_DEVICE_ERROR,
                  MPOS_DEVICE_ERROR_PROTOCOL);
  g_assert_cmpuint (fixture->recorder->data->len, ==, 1);
  g_assert_cmpstr (device_recorder_data (fixture->recorder, 0)->text, ==, "4006381333931");
}

static void
test_serial_second_opener_is_refused_as_claimed (Fixture *fixture, gconstpointer user_data)
{
  g_autoptr (MposScanner) other = mpos_scanner_serial_new ("serial1", fixture->path, 9600);
  g_autoptr (GError) error = NULL;

  g_assert_false (mpos_device_open (MPOS_DEVICE (other), &error));
  g_assert_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_CLAIMED);
  g_assert_nonnull (strstr (error->message, "scanner “serial1”"));
}

static void
test_serial_hang_up_goes_offline (Fixture *fixture, gconstpointer user_data)
{
  const GError *error;

  close (fixture->master);
  fixture->master = -1;
  g_assert_true (
      device_recorder_wait_status (fixture->recorder, MPOS_DEVICE_STATUS_OFFLINE, 0, 5000));
  g_assert_true (device_recorder_wait (fixture->recorder, 0, 1, 1000));
  error = device_recorder_error (fixture->recorder, 0);
  g_assert_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_OFFLINE);
  g_assert_nonnull (strstr (error->message, "scanner “serial0”"));
  g_assert_cmpint (mpos_device_get_state (MPOS_DEVICE (fixture->scanner)), ==,
                   MPOS_DEVICE_STATE_ERROR);
}

/* Configured by a stable name (as /dev/serial/by-id/… links are): the
 * adapter goes away and comes back as another tty, and the scanner follows. */
static void
test_serial_replugged_scanner_comes_back (void)
{
  g_autofree char *dir = g_dir_make_tmp ("mpos-serial-XXXXXX", NULL);
  g_autofree char *link = g_build_filename (dir, "usb-Honeywell_1900-if00", NULL);
  g_autoptr (MposScanner) scanner = NULL;
  g_autoptr (DeviceRecorder) recorder = NULL;
  int master;
  g_autofree char *path = test_pty_open (&master);
  guint seen;

  g_assert_cmpint (symlink (path, link), ==, 0);
  scanner = mpos_scanner_serial_new ("serial0", link, 9600);
  recorder = device_recorder_new (MPOS_DEVICE (scanner));
  device_recorder_start (MPOS_DEVICE (scanner));
  close (master); /* unplugged */
  g_assert_true (device_recorder_wait_status (recorder, MPOS_DEVICE_STATUS_OFFLINE, 0, 5000));
  seen = recorder->statuses->len;
  g_free (path);
  path = test_pty_open (&master);
  g_assert_cmpint (unlink (link), ==, 0);
  g_assert_cmpint (symlink (path, link), ==, 0); /* plugged in again */
  g_assert_true (device_recorder_wait_status (recorder, MPOS_DEVICE_STATUS_ONLINE, seen, 5000));
  g_assert_cmpint (mpos_device_get_state (MPOS_DEVICE (scanner)), ==, MPOS_DEVICE_STATE_IDLE);
  g_assert_cmpint (write (master, "6901234567892\r", 14), ==, 14);
  g_assert_true (device_recorder_wait (recorder, 1, 0, 5000));
  g_assert_cmpstr (device_recorder_data (recorder, 0)->text, ==, "6901234567892");
  mpos_device_close (MPOS_DEVICE (scanner));
  close (master);
  unlink (link);
  g_rmdir (dir);
}

static void
test_serial_missing_port_is_no_hardware (void)
{
  g_autoptr (MposScanner) scanner = mpos_scanner_serial_new ("serial0", "/dev/ttyACM-none", 0);
  g_autoptr (GError) error = NULL;

  g_assert_false (mpos_device_open (MPOS_DEVICE (scanner), &error));
  g_assert_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_NO_HARDWARE);
  g_assert_nonnull (
      strstr (error->message, "scanner “serial0” (serial /dev/ttyACM-none 9600): the port"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/scanner-serial/code-ended-by-crlf", test_serial_code_ended_by_crlf);
  ADD ("/scanner-serial/codes-split-and-joined-across-writes",
       test_serial_codes_split_and_joined_across_writes);
  ADD ("/scanner-serial/garbage-is-an-error-naming-the-port",
       test_serial_garbage_is_an_error_naming_the_port);
  ADD ("/scanner-serial/endless-line-is-an-error", test_serial_endless_line_is_an_error);
  ADD ("/scanner-serial/second-opener-is-refused-as-claimed",
       test_serial_second_opener_is_refused_as_claimed);
  ADD ("/scanner-serial/hang-up-goes-offline", test_serial_hang_up_goes_offline);
#undef ADD
  g_test_add_func ("/scanner-serial/replugged-scanner-comes-back",
                   test_serial_replugged_scanner_comes_back);
  g_test_add_func ("/scanner-serial/missing-port-is-no-hardware",
                   test_serial_missing_port_is_no_hardware);
  return g_test_run ();
}
