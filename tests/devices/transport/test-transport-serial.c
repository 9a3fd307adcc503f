/* test-transport-serial.c — the termios transport against a pty pair: the
 * test holds the master side and plays the device (a serial scanner or
 * printer) while the transport opens the slave by path, as it would open
 * /dev/ttyUSB0. */
#include "device.h"
#include "test-pty.h"
#include "transport-test-device.h"
#include "transport.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <poll.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

typedef struct
{
  int master;
  char *path;
} Pty;

static void
pty_set_up (Pty *pty, gconstpointer data)
{
  pty->path = test_pty_open (&pty->master);
}

static void
pty_tear_down (Pty *pty, gconstpointer data)
{
  if (pty->master >= 0)
    close (pty->master);
  g_free (pty->path);
}

static void
serial_address (MposTransportAddress *address, const char *path, guint baud)
{
  *address = (MposTransportAddress){ 0 };
  address->kind = MPOS_TRANSPORT_SERIAL;
  address->path = g_strdup (path);
  address->baud = baud;
}

static MposTransport *
open_pty (Pty *pty, GError **error)
{
  MposTransportAddress address;
  MposTransport *transport;

  serial_address (&address, pty->path, 19200);
  transport = mpos_transport_open (&address, 1000, error);
  mpos_transport_address_clear (&address);
  return transport;
}

/* Reads `length` bytes from the master within a second. */
static char *
master_read (Pty *pty, gsize length)
{
  g_autoptr (GString) got = g_string_new (NULL);
  gint64 deadline = g_get_monotonic_time () + G_USEC_PER_SEC;

  while (got->len < length && g_get_monotonic_time () < deadline)
    {
      struct pollfd pfd = { pty->master, POLLIN, 0 };
      char buffer[256];
      ssize_t n;

      if (poll (&pfd, 1, 100) <= 0)
        continue;
      n = read (pty->master, buffer, MIN (sizeof buffer, length - got->len));
      g_assert_cmpint (n, >, 0);
      g_string_append_len (got, buffer, n);
    }
  return g_string_free (g_steal_pointer (&got), FALSE);
}

static void
test_serial_opens_raw_at_the_configured_baud (Pty *pty, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposTransport) transport = open_pty (pty, &error);
  g_autofree char *expected = g_strdup_printf ("serial %s 19200", pty->path);
  struct termios tio;

  g_assert_no_error (error);
  g_assert_cmpstr (mpos_transport_get_description (transport), ==, expected);
  g_assert_cmpint (mpos_transport_get_kind (transport), ==, MPOS_TRANSPORT_SERIAL);
  g_assert_cmpint (tcgetattr (mpos_transport_get_fd (transport), &tio), ==, 0);
  g_assert_cmpint (cfgetospeed (&tio), ==, B19200);
  g_assert_cmpint (tio.c_lflag & (ICANON | ECHO | ISIG), ==, 0);
  g_assert_cmpint (tio.c_oflag & OPOST, ==, 0);
  g_assert_cmpint (tio.c_iflag & (ICRNL | IXON), ==, 0);
  g_assert_cmpint (tio.c_cflag & CSIZE, ==, CS8);
}

static void
test_serial_write_reaches_the_device_unchanged (Pty *pty, gconstpointer data)
{
  static const char job[] = "\x1b@line one\nline two\r\n\x1dV\x01";
  g_autoptr (GError) error = NULL;
  g_autoptr (MposTransport) transport = open_pty (pty, &error);
  g_autofree char *got = NULL;

  g_assert_true (mpos_transport_write (transport, (const guint8 *)job, strlen (job), 1000, &error));
  g_assert_no_error (error);
  got = master_read (pty, strlen (job));
  g_assert_cmpstr (got, ==, job);
}

static void
test_serial_reads_what_the_device_sends (Pty *pty, gconstpointer data)
{
  static const char scan[] = "6901234567892\r";
  g_autoptr (GError) error = NULL;
  g_autoptr (MposTransport) transport = open_pty (pty, &error);
  g_autoptr (GString) got = g_string_new (NULL);
  guint8 buffer[64];

  g_assert_cmpint (write (pty->master, scan, strlen (scan)), ==, (gssize)strlen (scan));
  while (got->len < strlen (scan))
    {
      gssize n = mpos_transport_read (transport, buffer, sizeof buffer, 1000, &error);

      g_assert_no_error (error);
      g_assert_cmpint (n, >, 0);
      g_string_append_len (got, (const char *)buffer, n);
    }
  g_assert_cmpstr (got->str, ==, scan);
}

static void
test_serial_read_with_nothing_sent_returns_zero_after_timeout (Pty *pty, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposTransport) transport = open_pty (pty, &error);

  g_assert_no_error (error);
  mpos_test_assert_read_times_out (transport, 120);
}

static void
test_serial_second_open_is_claimed (Pty *pty, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposTransport) first = open_pty (pty, &error);
  g_autoptr (MposTransport) second = NULL;

  g_assert_no_error (error);
  second = open_pty (pty, &error);
  g_assert_null (second);
  g_assert_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_CLAIMED);
  g_assert_nonnull (strstr (error->message, pty->path));
  g_clear_error (&error);

  /* Released on close: the next program gets it. */
  g_clear_pointer (&first, mpos_transport_close);
  second = open_pty (pty, &error);
  g_assert_no_error (error);
  g_assert_nonnull (second);
}

static void
test_serial_hang_up_is_offline (Pty *pty, gconstpointer data)
{
  static const guint8 line[] = "after the hang-up\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (MposTransport) transport = open_pty (pty, &error);
  guint8 buffer[8];

  close (pty->master);
  pty->master = -1;
  g_assert_cmpint (mpos_transport_read (transport, buffer, sizeof buffer, 1000, &error), ==, -1);
  g_assert_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_OFFLINE);
  g_assert_nonnull (strstr (error->message, pty->path));
  g_clear_error (&error);
  g_assert_false (mpos_transport_write (transport, line, sizeof line, 1000, &error));
  g_assert_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_OFFLINE);
}

static void
test_serial_device_taking_no_data_times_out (Pty *pty, gconstpointer data)
{
  gsize size = 1024 * 1024;
  g_autofree guint8 *job = g_malloc0 (size);
  g_autoptr (GError) error = NULL;
  g_autoptr (MposTransport) transport = open_pty (pty, &error);
  gint64 start = g_get_monotonic_time ();

  g_assert_false (mpos_transport_write (transport, job, size, 200, &error));
  g_assert_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (error->message, "took no data for 200 ms"));
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 190 * 1000);
}

static void
test_serial_missing_port_is_no_hardware (void)
{
  MposTransportAddress address;
  g_autofree char *message = NULL;

  serial_address (&address, "/dev/serial/by-id/usb-MallPOS_no_such_scanner-if00", 9600);
  message = mpos_test_assert_refused (&address, 100, MPOS_DEVICE_ERROR_NO_HARDWARE);
  g_assert_true (g_str_has_prefix (
      message, "serial /dev/serial/by-id/usb-MallPOS_no_such_scanner-if00 9600: "));
  mpos_transport_address_clear (&address);
}

static void
test_serial_regular_file_is_not_a_serial_port (void)
{
  g_autofree char *path = NULL;
  MposTransportAddress address;
  g_autofree char *message = NULL;
  int fd = g_file_open_tmp ("mpos-serial-XXXXXX", &path, NULL);

  close (fd);
  serial_address (&address, path, 9600);
  message = mpos_test_assert_refused (&address, 100, MPOS_DEVICE_ERROR_CONFIG);
  g_assert_nonnull (strstr (message, "not a serial port"));
  mpos_transport_address_clear (&address);
  g_unlink (path);
}

static void
test_serial_odd_baud_is_config_error (Pty *pty, gconstpointer data)
{
  MposTransportAddress address;
  g_autoptr (GError) error = NULL;
  g_autoptr (MposTransport) transport = NULL;

  serial_address (&address, pty->path, 12345);
  transport = mpos_transport_open (&address, 100, &error);
  g_assert_null (transport);
  g_assert_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, "unsupported baud rate 12345"));
  mpos_transport_address_clear (&address);

  /* A failed open leaves the port free. */
  g_clear_error (&error);
  transport = open_pty (pty, &error);
  g_assert_no_error (error);
}

static void
test_serial_probe_finds_the_port_without_opening_it (Pty *pty, gconstpointer data)
{
  MposTransportAddress address;
  g_autoptr (GError) error = NULL;
  g_autoptr (MposTransport) transport = NULL;

  serial_address (&address, pty->path, 9600);
  g_assert_true (mpos_transport_probe (&address, 100, &error));
  g_assert_no_error (error);
  transport = mpos_transport_open (&address, 100, &error);
  g_assert_no_error (error);
  mpos_transport_address_clear (&address);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(name) g_test_add ("/serial/" #name, Pty, NULL, pty_set_up, name, pty_tear_down)
  ADD (test_serial_opens_raw_at_the_configured_baud);
  ADD (test_serial_write_reaches_the_device_unchanged);
  ADD (test_serial_reads_what_the_device_sends);
  ADD (test_serial_read_with_nothing_sent_returns_zero_after_timeout);
  ADD (test_serial_second_open_is_claimed);
  ADD (test_serial_hang_up_is_offline);
  ADD (test_serial_device_taking_no_data_times_out);
  ADD (test_serial_odd_baud_is_config_error);
  ADD (test_serial_probe_finds_the_port_without_opening_it);
#undef ADD
  g_test_add_func ("/serial/test_serial_missing_port_is_no_hardware",
                   test_serial_missing_port_is_no_hardware);
  g_test_add_func ("/serial/test_serial_regular_file_is_not_a_serial_port",
                   test_serial_regular_file_is_not_a_serial_port);
  return g_test_run ();
}
