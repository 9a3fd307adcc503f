/* test-device-watcher.c — hot-plug of a serial device: the configured port is
 * a symlink, as /dev/serial/by-id/… is, pointing at a pty. Removing the link
 * unplugs the device; pointing it at a new pty plugs it back in. (The USB
 * case runs under umockdev in tests/devices/usb/.) */
#include "device-watcher.h"
#include "test-pty.h"
#include "transport-test-device.h"

#include <glib/gstdio.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

typedef struct
{
  char *dir;
  char *link;
  int master;
  char *tty;
  gboolean offline;
  gboolean online;
  guint errors;
} Bench;

static void
plug (Bench *bench)
{
  g_free (bench->tty);
  bench->tty = test_pty_open (&bench->master);
  g_assert_cmpint (symlink (bench->tty, bench->link), ==, 0);
}

static void
unplug (Bench *bench)
{
  g_assert_cmpint (g_unlink (bench->link), ==, 0);
  close (bench->master);
  bench->master = -1;
}

static void
bench_set_up (Bench *bench, gconstpointer data)
{
  bench->dir = g_dir_make_tmp ("mpos-watch-XXXXXX", NULL);
  bench->link = g_build_filename (bench->dir, "usb-Newland_NLS-HR3280-if00", NULL);
  plug (bench);
}

/* Lets a check still in flight finish, so nothing is left behind. */
static void
drain (void)
{
  gint64 end = g_get_monotonic_time () + 200 * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

static void
bench_tear_down (Bench *bench, gconstpointer data)
{
  drain ();
  g_unlink (bench->link);
  if (bench->master >= 0)
    close (bench->master);
  g_rmdir (bench->dir);
  g_free (bench->link);
  g_free (bench->dir);
  g_free (bench->tty);
}

static void
on_status (MposDevice *device, int status, gpointer data)
{
  Bench *bench = data;

  if (status == MPOS_DEVICE_STATUS_OFFLINE)
    bench->offline = TRUE;
  else if (status == MPOS_DEVICE_STATUS_ONLINE)
    bench->online = TRUE;
}

static void
on_error (MposDevice *device, GError *error, gpointer data)
{
  ((Bench *)data)->errors++;
}

static MposTestDevice *
new_device (Bench *bench)
{
  MposTransportAddress address = { .kind = MPOS_TRANSPORT_SERIAL };
  MposTestDevice *device;

  address.path = g_strdup (bench->link);
  device = mpos_test_device_new ("scanner0", &address);
  mpos_transport_address_clear (&address);
  g_signal_connect (device, "status", G_CALLBACK (on_status), bench);
  g_signal_connect (device, "error", G_CALLBACK (on_error), bench);
  return device;
}

static void
watch (MposDeviceWatcher *watcher, MposTestDevice *device, Bench *bench)
{
  MposTransportAddress address = { .kind = MPOS_TRANSPORT_SERIAL };

  address.path = g_strdup (bench->link);
  mpos_device_watcher_set_interval (watcher, 30);
  mpos_device_watcher_add (watcher, MPOS_DEVICE (device), &address);
  mpos_transport_address_clear (&address);
}

static void
assert_master_reads (Bench *bench, const char *expected)
{
  struct pollfd pfd = { bench->master, POLLIN, 0 };
  char buffer[64] = { 0 };

  g_assert_cmpint (poll (&pfd, 1, 1000), ==, 1);
  g_assert_cmpint (read (bench->master, buffer, sizeof buffer - 1), ==, (gssize)strlen (expected));
  g_assert_cmpstr (buffer, ==, expected);
}

static void
test_watcher_unplug_is_offline_and_replug_reopens_as_it_was (Bench *bench, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposTestDevice) device = new_device (bench);
  g_autoptr (MposDeviceWatcher) watcher = mpos_device_watcher_new ();
  MposDevice *base = MPOS_DEVICE (device);

  g_assert_true (mpos_device_open (base, &error));
  g_assert_true (mpos_device_claim (base, 100, &error));
  g_assert_true (mpos_device_enable (base, &error));
  watch (watcher, device, bench);

  unplug (bench);
  g_assert_true (mpos_test_wait_for (&bench->offline, 5000));
  g_assert_false (bench->online);
  g_assert_cmpint (mpos_device_get_state (base), ==, MPOS_DEVICE_STATE_ERROR);
  g_assert_false (mpos_device_watcher_is_present (watcher, base));

  plug (bench);
  g_assert_true (mpos_test_wait_for (&bench->online, 5000));
  g_assert_true (mpos_device_watcher_is_present (watcher, base));
  g_assert_cmpint (mpos_device_get_state (base), ==, MPOS_DEVICE_STATE_IDLE);
  g_assert_true (mpos_device_get_claimed (base));
  g_assert_true (mpos_device_get_enabled (base));
  g_assert_cmpuint (mpos_test_device_get_opens (device), ==, 2);
  /* The transport is the new port's. */
  g_assert_true (mpos_transport_write (mpos_test_device_get_transport (device),
                                       (const guint8 *)"ok", 2, 1000, &error));
  g_assert_no_error (error);
  assert_master_reads (bench, "ok");
  g_assert_cmpuint (bench->errors, ==, 0);
}

static void
test_watcher_opens_a_device_that_appears_later (Bench *bench, gconstpointer data)
{
  g_autoptr (MposTestDevice) device = new_device (bench);
  g_autoptr (MposDeviceWatcher) watcher = mpos_device_watcher_new ();
  MposDevice *base = MPOS_DEVICE (device);

  unplug (bench); /* not there when the terminal starts */
  watch (watcher, device, bench);
  g_assert_false (mpos_test_wait_for (&bench->online, 200));
  g_assert_false (bench->offline);
  g_assert_cmpint (mpos_device_get_state (base), ==, MPOS_DEVICE_STATE_CLOSED);

  plug (bench);
  g_assert_true (mpos_test_wait_for (&bench->online, 5000));
  g_assert_true (mpos_device_get_enabled (base));
}

/* Back, but held by another program: one error, retried until it is free. */
static void
test_watcher_retries_a_device_that_cannot_be_reopened_yet (Bench *bench, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposTestDevice) device = new_device (bench);
  g_autoptr (MposDeviceWatcher) watcher = mpos_device_watcher_new ();
  g_autoptr (MposTransport) intruder = NULL;
  MposTransportAddress address = { .kind = MPOS_TRANSPORT_SERIAL };
  MposDevice *base = MPOS_DEVICE (device);
  gboolean never = FALSE;

  g_assert_true (mpos_device_open (base, &error));
  watch (watcher, device, bench);
  unplug (bench);
  g_assert_true (mpos_test_wait_for (&bench->offline, 5000));

  plug (bench);
  address.path = g_strdup (bench->link);
  intruder = mpos_transport_open (&address, 100, &error);
  mpos_transport_address_clear (&address);
  g_assert_no_error (error);
  mpos_test_wait_for (&never, 300);
  g_assert_false (bench->online);
  g_assert_cmpuint (bench->errors, ==, 1);

  g_clear_pointer (&intruder, mpos_transport_close);
  g_assert_true (mpos_test_wait_for (&bench->online, 5000));
  g_assert_cmpuint (bench->errors, ==, 1);
  g_assert_false (mpos_device_get_claimed (base)); /* it was open, not claimed */
}

static void
test_watcher_ignores_network_and_virtual_devices (Bench *bench, gconstpointer data)
{
  g_autoptr (MposDeviceWatcher) watcher = mpos_device_watcher_new ();
  MposTransportAddress address = { .kind = MPOS_TRANSPORT_TCP };
  g_autoptr (MposTestDevice) device = NULL;

  address.host = g_strdup ("127.0.0.1");
  address.port = 9;
  device = mpos_test_device_new ("printer1", &address);
  mpos_device_watcher_set_interval (watcher, 30);
  mpos_device_watcher_add (watcher, MPOS_DEVICE (device), &address);
  mpos_transport_address_clear (&address);
  g_assert_false (mpos_test_wait_for (&bench->online, 150));
  g_assert_cmpuint (mpos_test_device_get_opens (device), ==, 0);
  g_assert_true (mpos_device_watcher_is_present (watcher, MPOS_DEVICE (device)));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(name) g_test_add ("/watcher/" #name, Bench, NULL, bench_set_up, name, bench_tear_down)
  ADD (test_watcher_unplug_is_offline_and_replug_reopens_as_it_was);
  ADD (test_watcher_opens_a_device_that_appears_later);
  ADD (test_watcher_retries_a_device_that_cannot_be_reopened_yet);
  ADD (test_watcher_ignores_network_and_virtual_devices);
#undef ADD
  return g_test_run ();
}
