/* test-scanner-virtual.c — tests for drivers/scanner-virtual.c: codes sent
 * by clients of its Unix socket (as `mallposctl wait-scan` and demos use
 * it), a stale socket file left by a crash, and sources it cannot use. */
#include <gio/gio.h>
#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>
#include <string.h>

#include "device-test-util.h"
#include "scanner-virtual.h"

static GSocketConnection *
connect_to (const char *path)
{
  g_autoptr (GSocketClient) client = g_socket_client_new ();
  g_autoptr (GSocketAddress) address = g_unix_socket_address_new (path);
  g_autoptr (GError) error = NULL;
  GSocketConnection *connection
      = g_socket_client_connect (client, G_SOCKET_CONNECTABLE (address), NULL, &error);

  g_assert_no_error (error);
  return connection;
}

static void
send_line (GSocketConnection *connection, const char *line)
{
  g_autoptr (GError) error = NULL;
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));

  g_output_stream_write_all (out, line, strlen (line), NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
test_virtual_socket_clients_send_codes (void)
{
  g_autofree char *dir = g_dir_make_tmp ("mpos-scan-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "scanner.sock", NULL);
  g_autofree char *source = g_strdup_printf ("unix:%s", path);
  g_autoptr (MposScanner) scanner = mpos_scanner_virtual_new ("demo", source);
  g_autoptr (DeviceRecorder) recorder = device_recorder_new (MPOS_DEVICE (scanner));
  g_autoptr (GSocketConnection) first = NULL;
  g_autoptr (GSocketConnection) second = NULL;

  device_recorder_start (MPOS_DEVICE (scanner));
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  first = connect_to (path);
  second = connect_to (path);
  send_line (first, "6901234567892\n");
  g_assert_true (device_recorder_wait (recorder, 1, 0, 5000));
  send_line (second, "]E496385074\r\n");
  g_assert_true (device_recorder_wait (recorder, 2, 0, 5000));
  g_io_stream_close (G_IO_STREAM (first), NULL, NULL);
  send_line (second, "4006381333931\n");
  g_assert_true (device_recorder_wait (recorder, 3, 0, 5000));
  g_assert_cmpstr (device_recorder_data (recorder, 0)->text, ==, "6901234567892");
  g_assert_cmpstr (device_recorder_data (recorder, 1)->symbology, ==, "EAN-8");
  g_assert_cmpstr (device_recorder_data (recorder, 2)->text, ==, "4006381333931");
  /* a client leaving is not the scanner going away */
  g_assert_cmpuint (recorder->statuses->len, ==, 0);
  mpos_device_close (MPOS_DEVICE (scanner));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_rmdir (dir);
}

/* A socket file left by a run that crashed: bound, never unlinked. */
static void
leave_stale_socket (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSocket) socket = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM,
                                             G_SOCKET_PROTOCOL_DEFAULT, &error);
  g_autoptr (GSocketAddress) address = g_unix_socket_address_new (path);

  g_assert_no_error (error);
  g_assert_true (g_socket_bind (socket, address, FALSE, &error));
  g_assert_no_error (error);
  g_socket_close (socket, NULL);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
test_virtual_stale_socket_is_replaced (void)
{
  g_autofree char *dir = g_dir_make_tmp ("mpos-scan-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "scanner.sock", NULL);
  g_autofree char *source = g_strdup_printf ("unix:%s", path);
  g_autoptr (MposScanner) scanner = mpos_scanner_virtual_new ("demo", source);
  g_autoptr (DeviceRecorder) recorder = device_recorder_new (MPOS_DEVICE (scanner));
  g_autoptr (GSocketConnection) client = NULL;

  leave_stale_socket (path);
  device_recorder_start (MPOS_DEVICE (scanner));
  client = connect_to (path);
  send_line (client, "6901234567892\n");
  g_assert_true (device_recorder_wait (recorder, 1, 0, 5000));
  mpos_device_close (MPOS_DEVICE (scanner));
  g_rmdir (dir);
}

static void
test_virtual_unknown_source_is_a_config_error (void)
{
  g_autoptr (MposScanner) scanner = mpos_scanner_virtual_new ("demo", "tcp:9999");
  g_autoptr (GError) error = NULL;

  g_assert_true (mpos_device_open (MPOS_DEVICE (scanner), &error));
  g_assert_true (mpos_device_claim (MPOS_DEVICE (scanner), 0, &error));
  g_assert_false (mpos_device_enable (MPOS_DEVICE (scanner), &error));
  g_assert_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, "scanner “demo” (virtual tcp:9999)"));
}

static void
test_virtual_unusable_socket_path_fails_clearly (void)
{
  g_autoptr (MposScanner) scanner
      = mpos_scanner_virtual_new ("demo", "unix:/nonexistent-dir/scanner.sock");
  g_autoptr (GError) error = NULL;

  g_assert_true (mpos_device_open (MPOS_DEVICE (scanner), &error));
  g_assert_true (mpos_device_claim (MPOS_DEVICE (scanner), 0, &error));
  g_assert_false (mpos_device_enable (MPOS_DEVICE (scanner), &error));
  g_assert_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "scanner “demo”"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/scanner-virtual/socket-clients-send-codes",
                   test_virtual_socket_clients_send_codes);
  g_test_add_func ("/scanner-virtual/stale-socket-is-replaced",
                   test_virtual_stale_socket_is_replaced);
  g_test_add_func ("/scanner-virtual/unknown-source-is-a-config-error",
                   test_virtual_unknown_source_is_a_config_error);
  g_test_add_func ("/scanner-virtual/unusable-socket-path-fails-clearly",
                   test_virtual_unusable_socket_path_fails_clearly);
  return g_test_run ();
}
