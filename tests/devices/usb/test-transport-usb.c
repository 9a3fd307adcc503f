/* test-transport-usb.c — the libusb transport against an emulated printer
 * (umockdev: printer.umockdev + fake-usb-printer.c). Runs under
 * umockdev-wrapper (LD_PRELOAD), so never in the sanitizer build. */
#include "device.h"
#include "device-watcher.h"
#include "fake-usb-printer.h"
#include "transport-test-device.h"
#include "transport.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define DEVNODE "/dev/bus/usb/001/005"

typedef struct
{
  UMockdevTestbed *testbed;
  FakeUsbPrinter *printer;
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autofree char *recording = g_build_filename (USB_RECORDING_DIR, "printer.umockdev", NULL);

  fixture->testbed = umockdev_testbed_new ();
  fixture->printer = fake_usb_printer_new (fixture->testbed, recording, DEVNODE);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  g_clear_pointer (&fixture->printer, fake_usb_printer_free);
  g_clear_object (&fixture->testbed);
}

static void
printer_address (MposTransportAddress *address, const char *serial)
{
  *address = (MposTransportAddress){ 0 };
  address->kind = MPOS_TRANSPORT_USB;
  address->vendor_id = 0x0416;
  address->product_id = 0x5011;
  address->serial = g_strdup (serial);
}

static MposTransport *
open_printer (const char *serial, GError **error)
{
  MposTransportAddress address;
  MposTransport *transport;

  printer_address (&address, serial);
  transport = mpos_transport_open (&address, 1000, error);
  mpos_transport_address_clear (&address);
  return transport;
}

static void
assert_written (Fixture *fixture, const void *expected, gsize length)
{
  g_autoptr (GBytes) written = fake_usb_printer_get_written (fixture->printer);
  gsize got = 0;
  const guint8 *data = g_bytes_get_data (written, &got);

  g_assert_cmpmem (data, got, expected, length);
}

static void
test_usb_found_by_vendor_product_and_serial (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposTransport) transport = open_printer ("MPOS0001", &error);

  g_assert_no_error (error);
  g_assert_nonnull (transport);
  g_assert_cmpint (mpos_transport_get_kind (transport), ==, MPOS_TRANSPORT_USB);
  g_assert_cmpstr (mpos_transport_get_description (transport), ==, "usb 0416:5011 serial MPOS0001");
  g_assert_cmpint (mpos_transport_get_fd (transport), ==, -1);
  g_assert_cmpuint (fake_usb_printer_get_claims (fixture->printer), ==, 1);
  g_clear_pointer (&transport, mpos_transport_close);
  g_assert_cmpuint (fake_usb_printer_get_releases (fixture->printer), ==, 1);
}

static void
test_usb_without_serial_takes_first_match (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposTransport) transport = open_printer (NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (transport);
}

static void
test_usb_wrong_serial_is_no_hardware_naming_the_serial_found (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposTransport) transport = open_printer ("OTHER", &error);

  g_assert_null (transport);
  g_assert_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_NO_HARDWARE);
  g_assert_true (g_str_has_prefix (error->message, "usb 0416:5011 serial OTHER: "));
  g_assert_nonnull (strstr (error->message, "MPOS0001"));
  g_assert_cmpuint (fake_usb_printer_get_claims (fixture->printer), ==, 0);
}

static void
test_usb_other_product_is_no_hardware (Fixture *fixture, gconstpointer data)
{
  MposTransportAddress address
      = { .kind = MPOS_TRANSPORT_USB, .vendor_id = 0x04b8, .product_id = 0x0202 };
  g_autoptr (GError) error = NULL;
  g_autoptr (MposTransport) transport = mpos_transport_open (&address, 500, &error);

  g_assert_null (transport);
  g_assert_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_NO_HARDWARE);
  g_assert_true (g_str_has_prefix (error->message, "usb 04b8:0202: not connected"));
}

/* Without a sysfs serial attribute the serial comes from the string descriptor. */
static void
test_usb_serial_read_from_string_descriptor (Fixture *fixture, gconstpointer data)
{
  g_autofree char *root = umockdev_testbed_get_root_dir (fixture->testbed);
  g_autofree char *attribute
      = g_build_filename (root, "sys/devices/pci0000:00/0000:00:14.0/usb1/1-2/serial", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (MposTransport) transport = NULL;

  g_assert_cmpint (unlink (attribute), ==, 0);
  transport = open_printer ("MPOS0001", &error);
  g_assert_no_error (error);
  g_assert_nonnull (transport);
  g_assert_cmpuint (fake_usb_printer_get_string_reads (fixture->printer), >=, 2);
}

static void
test_usb_bulk_write_recorded (Fixture *fixture, gconstpointer data)
{
  static const guint8 job[]
      = { 0x1b, '@', 'M', 'a', 'l', 'l', 'P', 'O', 'S', '\n', 0x1d, 'V', 0x01 };
  g_autoptr (GError) error = NULL;
  g_autoptr (MposTransport) transport = open_printer ("MPOS0001", &error);

  g_assert_no_error (error);
  g_assert_true (mpos_transport_write (transport, job, sizeof job, 1000, &error));
  g_assert_no_error (error);
  assert_written (fixture, job, sizeof job);
}

static void
test_usb_status_query_answered_on_bulk_in (Fixture *fixture, gconstpointer data)
{
  static const guint8 printer_status[] = { 0x10, 0x04, 0x01 };
  static const guint8 paper_status[] = { 0x10, 0x04, 0x04 };
  g_autoptr (GError) error = NULL;
  g_autoptr (MposTransport) transport = open_printer ("MPOS0001", &error);
  guint8 answer[8] = { 0 };

  g_assert_true (mpos_transport_write (transport, printer_status, 3, 1000, &error));
  g_assert_cmpint (mpos_transport_read (transport, answer, 1, 1000, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_cmphex (answer[0], ==, 0x16);

  fake_usb_printer_set_paper_out (fixture->printer, TRUE);
  g_assert_true (mpos_transport_write (transport, paper_status, 3, 1000, &error));
  g_assert_cmpint (mpos_transport_read (transport, answer, sizeof answer, 1000, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_cmphex (answer[0], ==, 0x7e);
}

static void
test_usb_read_with_nothing_to_say_times_out_with_zero (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposTransport) transport = open_printer ("MPOS0001", &error);
  guint8 answer[4];
  gint64 start = g_get_monotonic_time ();

  g_assert_cmpint (mpos_transport_read (transport, answer, sizeof answer, 150, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 140 * 1000);
}

static void
test_usb_claim_refused_busy (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposTransport) transport = NULL;

  fake_usb_printer_set_busy (fixture->printer, TRUE);
  transport = open_printer ("MPOS0001", &error);
  g_assert_null (transport);
  g_assert_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_CLAIMED);
  g_assert_nonnull (strstr (error->message, "usb 0416:5011 serial MPOS0001"));
  g_assert_nonnull (strstr (error->message, "claimed by another program"));
}

static void
test_usb_kernel_driver_holds_it_unless_detach_configured (Fixture *fixture, gconstpointer data)
{
  MposTransportAddress address;
  g_autoptr (GError) error = NULL;
  g_autoptr (MposTransport) transport = NULL;
  g_autofree char *driver = NULL;

  fake_usb_printer_set_kernel_driver (fixture->printer, "usblp");
  transport = open_printer ("MPOS0001", &error);
  g_assert_null (transport);
  g_assert_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_CLAIMED);
  g_assert_nonnull (strstr (error->message, "detach_kernel_driver=true"));
  g_clear_error (&error);

  printer_address (&address, "MPOS0001");
  address.detach_kernel_driver = TRUE;
  transport = mpos_transport_open (&address, 1000, &error);
  mpos_transport_address_clear (&address);
  g_assert_no_error (error);
  g_assert_cmpuint (fake_usb_printer_get_detaches (fixture->printer), ==, 1);
  driver = fake_usb_printer_dup_kernel_driver (fixture->printer);
  g_assert_null (driver);

  g_clear_pointer (&transport, mpos_transport_close);
  g_assert_cmpuint (fake_usb_printer_get_attaches (fixture->printer), ==, 1);
  driver = fake_usb_printer_dup_kernel_driver (fixture->printer);
  g_assert_cmpstr (driver, ==, "usblp");
}

static void
test_usb_write_times_out (Fixture *fixture, gconstpointer data)
{
  static const guint8 line[] = "a line that the printer never takes\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (MposTransport) transport = open_printer ("MPOS0001", &error);
  gint64 start;

  fake_usb_printer_set_stalled (fixture->printer, TRUE);
  start = g_get_monotonic_time ();
  g_assert_false (mpos_transport_write (transport, line, sizeof line, 200, &error));
  g_assert_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (error->message, "took no data for 200 ms"));
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 190 * 1000);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);

  /* It takes data again once it recovers. */
  g_clear_error (&error);
  fake_usb_printer_set_stalled (fixture->printer, FALSE);
  g_assert_true (mpos_transport_write (transport, line, sizeof line, 1000, &error));
  g_assert_no_error (error);
  assert_written (fixture, line, sizeof line);
}

static void
test_usb_device_vanishing_is_offline (Fixture *fixture, gconstpointer data)
{
  static const guint8 job[] = "first receipt\n";
  MposTransportAddress address;
  g_autoptr (GError) error = NULL;
  g_autoptr (MposTransport) transport = open_printer ("MPOS0001", &error);
  guint8 answer[4];

  g_assert_true (mpos_transport_write (transport, job, sizeof job, 1000, &error));
  fake_usb_printer_unplug (fixture->printer);

  g_assert_false (mpos_transport_write (transport, job, sizeof job, 1000, &error));
  g_assert_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_OFFLINE);
  g_assert_nonnull (strstr (error->message, "unplugged"));
  g_clear_error (&error);
  g_assert_cmpint (mpos_transport_read (transport, answer, sizeof answer, 100, &error), ==, -1);
  g_assert_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_OFFLINE);
  g_clear_error (&error);

  printer_address (&address, "MPOS0001");
  g_assert_false (mpos_transport_probe (&address, 500, &error));
  g_assert_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_NO_HARDWARE);
  g_clear_error (&error);

  /* Plugged back in: a new device number, found again by its serial. */
  fake_usb_printer_replug (fixture->printer, 9);
  g_assert_true (mpos_transport_probe (&address, 500, &error));
  g_assert_no_error (error);
  mpos_transport_address_clear (&address);
}

static void
test_usb_probe_does_not_claim (Fixture *fixture, gconstpointer data)
{
  MposTransportAddress address;
  g_autoptr (GError) error = NULL;

  printer_address (&address, "MPOS0001");
  g_assert_true (mpos_transport_probe (&address, 500, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fake_usb_printer_get_claims (fixture->printer), ==, 0);
  mpos_transport_address_clear (&address);
}

/* As root (CI containers) file modes do not bind: drop the capabilities
 * that bypass them, as an ordinary cashier account would not have them. */
static void
drop_file_capabilities (void)
{
  struct __user_cap_header_struct header = { _LINUX_CAPABILITY_VERSION_3, 0 };
  struct __user_cap_data_struct caps[2] = { { 0 } };

  g_assert_cmpint (syscall (SYS_capget, &header, caps), ==, 0);
  caps[0].effective
      &= ~((1u << CAP_DAC_OVERRIDE) | (1u << CAP_DAC_READ_SEARCH) | (1u << CAP_FOWNER));
  g_assert_cmpint (syscall (SYS_capset, &header, caps), ==, 0);
}

static void
test_usb_access_denied_names_the_udev_rule (Fixture *fixture, gconstpointer data)
{
  if (g_test_subprocess ())
    {
      g_autofree char *root = umockdev_testbed_get_root_dir (fixture->testbed);
      g_autofree char *node = g_build_filename (root, DEVNODE, NULL);
      g_autoptr (GError) error = NULL;
      g_autoptr (MposTransport) transport = NULL;

      g_assert_cmpint (chmod (node, 0), ==, 0);
      drop_file_capabilities ();
      transport = open_printer (NULL, &error);
      g_assert_null (transport);
      g_assert_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_PERMISSION);
      g_printerr ("%s\n", error->message);
      return;
    }
  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*usb 0416:5011: permission denied opening " DEVNODE
                             "*60-mallpos.rules*");
}

/* ---- hot-plug -------------------------------------------------------------------- */

typedef struct
{
  gboolean offline;
  gboolean online;
} StatusSeen;

static void
on_status (MposDevice *device, int status, gpointer data)
{
  StatusSeen *seen = data;

  if (status == MPOS_DEVICE_STATUS_OFFLINE)
    seen->offline = TRUE;
  else if (status == MPOS_DEVICE_STATUS_ONLINE)
    seen->online = TRUE;
}

static void
test_usb_unplug_and_replug_reopens_by_itself (Fixture *fixture, gconstpointer data)
{
  static const guint8 job[] = "after the replug\n";
  MposTransportAddress address;
  g_autoptr (GError) error = NULL;
  g_autoptr (MposTestDevice) device = NULL;
  g_autoptr (MposDeviceWatcher) watcher = mpos_device_watcher_new ();
  StatusSeen seen = { FALSE, FALSE };

  printer_address (&address, "MPOS0001");
  device = mpos_test_device_new ("printer0", &address);
  g_assert_true (mpos_device_open (MPOS_DEVICE (device), &error));
  g_assert_true (mpos_device_claim (MPOS_DEVICE (device), 1000, &error));
  g_signal_connect (device, "status", G_CALLBACK (on_status), &seen);
  mpos_device_watcher_set_interval (watcher, 50);
  mpos_device_watcher_add (watcher, MPOS_DEVICE (device), &address);
  mpos_transport_address_clear (&address);

  fake_usb_printer_unplug (fixture->printer);
  g_assert_true (mpos_test_wait_for (&seen.offline, 10000));
  g_assert_cmpint (mpos_device_get_state (MPOS_DEVICE (device)), ==, MPOS_DEVICE_STATE_ERROR);
  g_assert_false (seen.online);

  fake_usb_printer_replug (fixture->printer, 6);
  g_assert_true (mpos_test_wait_for (&seen.online, 10000));
  g_assert_cmpuint (mpos_test_device_get_opens (device), ==, 2);
  g_assert_true (mpos_device_get_claimed (MPOS_DEVICE (device)));
  g_assert_cmpint (mpos_device_get_state (MPOS_DEVICE (device)), ==, MPOS_DEVICE_STATE_IDLE);
  g_assert_true (mpos_transport_write (mpos_test_device_get_transport (device), job, sizeof job,
                                       1000, &error));
  g_assert_no_error (error);
}

int
main (int argc, char **argv)
{
  g_autoptr (UMockdevTestbed) probe = NULL;

  g_test_init (&argc, &argv, NULL);
  /* umockdev tells only once a testbed exists. */
  probe = umockdev_testbed_new ();
  if (!umockdev_in_mock_environment ())
    {
      g_printerr ("run this test under umockdev-wrapper (meson test does)\n");
      return 1;
    }
  g_clear_object (&probe);
#define ADD(name) g_test_add ("/usb/" #name, Fixture, NULL, fixture_set_up, name, fixture_tear_down)
  ADD (test_usb_found_by_vendor_product_and_serial);
  ADD (test_usb_without_serial_takes_first_match);
  ADD (test_usb_wrong_serial_is_no_hardware_naming_the_serial_found);
  ADD (test_usb_other_product_is_no_hardware);
  ADD (test_usb_serial_read_from_string_descriptor);
  ADD (test_usb_bulk_write_recorded);
  ADD (test_usb_status_query_answered_on_bulk_in);
  ADD (test_usb_read_with_nothing_to_say_times_out_with_zero);
  ADD (test_usb_claim_refused_busy);
  ADD (test_usb_kernel_driver_holds_it_unless_detach_configured);
  ADD (test_usb_write_times_out);
  ADD (test_usb_device_vanishing_is_offline);
  ADD (test_usb_probe_does_not_claim);
  ADD (test_usb_access_denied_names_the_udev_rule);
  ADD (test_usb_unplug_and_replug_reopens_by_itself);
#undef ADD
  return g_test_run ();
}
