/* test-transport-file.c — the virtual transport: writes append to the output
 * file, reads come from the reply file (also bytes appended after opening),
 * and nothing ever waits. */
#include "device.h"
#include "transport-test-device.h"
#include "transport.h"

#include <glib/gstdio.h>
#include <string.h>

typedef struct
{
  char *dir;
  char *out;
  char *reply;
} Files;

static void
files_set_up (Files *files, gconstpointer data)
{
  files->dir = g_dir_make_tmp ("mpos-file-XXXXXX", NULL);
  files->out = g_build_filename (files->dir, "printer0.bin", NULL);
  files->reply = g_build_filename (files->dir, "printer0.reply", NULL);
}

static void
files_tear_down (Files *files, gconstpointer data)
{
  g_unlink (files->out);
  g_unlink (files->reply);
  g_rmdir (files->dir);
  g_free (files->out);
  g_free (files->reply);
  g_free (files->dir);
}

static MposTransport *
open_files (Files *files, GError **error)
{
  MposTransportAddress address = { .kind = MPOS_TRANSPORT_FILE };
  MposTransport *transport;

  address.path = g_strdup (files->out);
  address.reply_path = g_strdup (files->reply);
  transport = mpos_transport_open (&address, 0, error);
  mpos_transport_address_clear (&address);
  return transport;
}

static void
test_file_writes_append_across_opens (Files *files, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposTransport) transport = open_files (files, &error);
  g_autofree char *contents = NULL;
  g_autofree char *expected = g_strdup_printf ("file %s", files->out);

  g_assert_no_error (error);
  g_assert_cmpstr (mpos_transport_get_description (transport), ==, expected);
  g_assert_cmpint (mpos_transport_get_fd (transport), ==, -1);
  g_assert_true (mpos_transport_write (transport, (const guint8 *)"one\n", 4, 0, &error));
  g_clear_pointer (&transport, mpos_transport_close);
  transport = open_files (files, &error);
  g_assert_true (mpos_transport_write (transport, (const guint8 *)"two\n", 4, 0, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (files->out, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "one\ntwo\n");
}

static void
test_file_reads_come_from_the_reply_file (Files *files, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposTransport) transport = open_files (files, &error);
  guint8 buffer[8];
  FILE *reply;

  /* No reply file yet: nothing to read, at once. */
  g_assert_cmpint (mpos_transport_read (transport, buffer, sizeof buffer, 5000, &error), ==, 0);
  g_assert_true (g_file_set_contents (files->reply, "\x16\x12", 2, NULL));
  g_assert_cmpint (mpos_transport_read (transport, buffer, 1, 100, &error), ==, 1);
  g_assert_cmphex (buffer[0], ==, 0x16);
  g_assert_cmpint (mpos_transport_read (transport, buffer, sizeof buffer, 100, &error), ==, 1);
  g_assert_cmphex (buffer[0], ==, 0x12);
  g_assert_cmpint (mpos_transport_read (transport, buffer, sizeof buffer, 100, &error), ==, 0);
  /* A test appends the next answer. */
  reply = fopen (files->reply, "ab");
  fputc (0x7e, reply);
  fclose (reply);
  g_assert_cmpint (mpos_transport_read (transport, buffer, sizeof buffer, 100, &error), ==, 1);
  g_assert_cmphex (buffer[0], ==, 0x7e);
  g_assert_no_error (error);
}

static void
test_file_missing_folder_is_no_hardware (Files *files, gconstpointer data)
{
  MposTransportAddress address = { .kind = MPOS_TRANSPORT_FILE };
  g_autoptr (GError) error = NULL;
  g_autofree char *message = NULL;

  address.path = g_build_filename (files->dir, "no-such-folder", "out.bin", NULL);
  message = mpos_test_assert_refused (&address, 0, MPOS_DEVICE_ERROR_NO_HARDWARE);
  g_assert_nonnull (strstr (message, "no-such-folder"));
  g_free (address.path);
  address.path = g_strdup (files->out);
  g_assert_true (mpos_transport_probe (&address, 0, &error));
  mpos_transport_address_clear (&address);
}

static void
test_address_helpers (void)
{
  MposTransportAddress usb
      = { .kind = MPOS_TRANSPORT_USB, .vendor_id = 0x0416, .product_id = 0x5011 };
  MposTransportAddress copy;
  MposTransportAddress tcp6 = { .kind = MPOS_TRANSPORT_TCP };
  g_autofree char *text = NULL;

  usb.serial = g_strdup ("MPOS0001");
  mpos_transport_address_copy (&copy, &usb);
  g_assert_true (mpos_transport_address_equal (&usb, &copy));
  g_assert_true (copy.serial != usb.serial);
  g_free (copy.serial);
  copy.serial = g_strdup ("MPOS0002");
  g_assert_false (mpos_transport_address_equal (&usb, &copy));
  text = mpos_transport_address_describe (&usb);
  g_assert_cmpstr (text, ==, "usb 0416:5011 serial MPOS0001");
  g_clear_pointer (&text, g_free);

  tcp6.host = g_strdup ("::1");
  text = mpos_transport_address_describe (&tcp6);
  g_assert_cmpstr (text, ==, "tcp [::1]:9100");
  mpos_transport_address_clear (&usb);
  mpos_transport_address_clear (&copy);
  mpos_transport_address_clear (&tcp6);
  g_assert_null (usb.serial);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(name) g_test_add ("/file/" #name, Files, NULL, files_set_up, name, files_tear_down)
  ADD (test_file_writes_append_across_opens);
  ADD (test_file_reads_come_from_the_reply_file);
  ADD (test_file_missing_folder_is_no_hardware);
#undef ADD
  g_test_add_func ("/file/test_address_helpers", test_address_helpers);
  return g_test_run ();
}
