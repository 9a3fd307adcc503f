/* test-device-open-async.c — opening a device never blocks the caller's
 * main loop (drivers/device.c, mpos_device_open_async): a network receipt
 * printer whose listener accepts slowly, or never, is claimed in a worker
 * while a 10 ms timer keeps ticking on the main loop; it ends claimed and
 * enabled, or with TIMEOUT naming the printer, and closing it meanwhile
 * undoes the opening. The loopback listeners are this test's own: a full
 * accept queue drops the SYN, so the connect waits for the queue to drain. */
#include "device.h"
#include "receipt-printer.h"
#include "transport-test-device.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

typedef struct
{
  int listen_fd;
  guint16 port;
  GArray *fillers; /* client sockets that fill the accept queue */
  GThread *acceptor;
  guint accept_after_ms;
  gint stop;
} SlowListener;

typedef struct
{
  GAsyncResult *result;
  guint ticks_before; /* main-loop ticks before the result came */
} Wait;

static guint ticks;

static gboolean
tick (gpointer unused)
{
  (void)unused;
  ticks++;
  return G_SOURCE_CONTINUE;
}

static int
connect_nonblocking (guint16 port)
{
  struct sockaddr_in address = { 0 };
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  address.sin_port = htons (port);
  connect (fd, (struct sockaddr *)&address, sizeof address);
  return fd;
}

/* Accepts (and holds open) every connection once accept_after_ms passed. */
static gpointer
accept_later (gpointer data)
{
  SlowListener *l = data;
  GArray *accepted = g_array_new (FALSE, FALSE, sizeof (int));

  g_usleep (l->accept_after_ms * 1000);
  fcntl (l->listen_fd, F_SETFL, O_NONBLOCK);
  while (!g_atomic_int_get (&l->stop))
    {
      int fd = accept4 (l->listen_fd, NULL, NULL, SOCK_CLOEXEC);

      if (fd >= 0)
        g_array_append_val (accepted, fd);
      else
        g_usleep (5000);
    }
  for (guint i = 0; i < accepted->len; i++)
    close (g_array_index (accepted, int, i));
  g_array_unref (accepted);
  return NULL;
}

/* A listener with a full accept queue; accept_after_ms 0: it never accepts. */
static void
listener_start (SlowListener *l, guint accept_after_ms)
{
  struct sockaddr_in address = { 0 };
  socklen_t length = sizeof address;

  l->listen_fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  g_assert_cmpint (bind (l->listen_fd, (struct sockaddr *)&address, sizeof address), ==, 0);
  g_assert_cmpint (listen (l->listen_fd, 0), ==, 0);
  g_assert_cmpint (getsockname (l->listen_fd, (struct sockaddr *)&address, &length), ==, 0);
  l->port = ntohs (address.sin_port);
  l->fillers = g_array_new (FALSE, FALSE, sizeof (int));
  for (int i = 0; i < 4; i++)
    {
      int fd = connect_nonblocking (l->port);
      g_array_append_val (l->fillers, fd);
    }
  g_usleep (50 * 1000); /* the handshakes that fit are done */
  l->accept_after_ms = accept_after_ms;
  if (accept_after_ms > 0)
    l->acceptor = g_thread_new ("slow-accept", accept_later, l);
}

static void
listener_stop (SlowListener *l)
{
  g_atomic_int_set (&l->stop, 1);
  if (l->acceptor)
    g_thread_join (l->acceptor);
  for (guint i = 0; i < l->fillers->len; i++)
    close (g_array_index (l->fillers, int, i));
  g_array_unref (l->fillers);
  close (l->listen_fd);
}

static void
on_opened (GObject *source, GAsyncResult *result, gpointer data)
{
  Wait *wait = data;

  (void)source;
  wait->ticks_before = ticks;
  wait->result = g_object_ref (result);
}

/* Opens the device asynchronously, spinning the main loop meanwhile. */
static gboolean
open_while_ticking (MposDevice *device, guint timeout_ms, GCancellable *cancellable, Wait *wait,
                    GError **error)
{
  guint timer = g_timeout_add (10, tick, NULL);
  gboolean ok;

  ticks = 0;
  mpos_device_open_async (device, timeout_ms, cancellable, on_opened, wait);
  while (wait->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timer);
  ok = mpos_device_open_finish (device, wait->result, error);
  g_clear_object (&wait->result);
  return ok;
}

static void
test_device_open_async_listener_never_accepting_times_out_without_blocking (void)
{
  SlowListener l = { 0 };
  g_autoptr (MposReceiptPrinter) printer = NULL;
  g_autoptr (GError) error = NULL;
  Wait wait = { 0 };

  listener_start (&l, 0);
  printer = mpos_test_tcp_printer_new (l.port);
  g_assert_false (open_while_ticking (MPOS_DEVICE (printer), 300, NULL, &wait, &error));
  g_assert_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_TIMEOUT);
  g_assert_true (g_str_has_prefix (error->message, "receipt printer “printer0” (tcp 127.0.0.1:"));
  g_assert_nonnull (strstr (error->message, "no answer within 300 ms"));
  /* The main loop ran all along: a blocking claim would have let no tick through. */
  g_assert_cmpuint (wait.ticks_before, >=, 5);
  g_assert_cmpint (mpos_device_get_state (MPOS_DEVICE (printer)), ==, MPOS_DEVICE_STATE_CLOSED);
  g_assert_false (mpos_device_get_claimed (MPOS_DEVICE (printer)));
  listener_stop (&l);
}

static void
test_device_open_async_slow_listener_ends_claimed_and_enabled (void)
{
  SlowListener l = { 0 };
  g_autoptr (MposReceiptPrinter) printer = NULL;
  g_autoptr (GError) error = NULL;
  Wait wait = { 0 };

  listener_start (&l, 300);
  printer = mpos_test_tcp_printer_new (l.port);
  g_assert_true (open_while_ticking (MPOS_DEVICE (printer), 5000, NULL, &wait, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (wait.ticks_before, >=, 5);
  g_assert_true (mpos_device_get_claimed (MPOS_DEVICE (printer)));
  g_assert_true (mpos_device_get_enabled (MPOS_DEVICE (printer)));
  g_assert_cmpint (mpos_device_get_state (MPOS_DEVICE (printer)), ==, MPOS_DEVICE_STATE_IDLE);
  mpos_device_close (MPOS_DEVICE (printer));
  g_assert_false (mpos_device_get_claimed (MPOS_DEVICE (printer)));
  listener_stop (&l);
}

static gboolean
close_printer (gpointer printer)
{
  mpos_device_close (printer);
  /* While it opens, another open is refused. */
  {
    g_autoptr (GError) error = NULL;
    g_assert_false (mpos_device_open (printer, &error));
    g_assert_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_STATE);
  }
  return G_SOURCE_REMOVE;
}

static void
test_device_open_async_closed_while_opening_is_undone (void)
{
  SlowListener l = { 0 };
  g_autoptr (MposReceiptPrinter) printer = NULL;
  g_autoptr (GError) error = NULL;
  Wait wait = { 0 };

  listener_start (&l, 100);
  printer = mpos_test_tcp_printer_new (l.port);
  g_timeout_add (50, close_printer, printer);
  g_assert_false (open_while_ticking (MPOS_DEVICE (printer), 5000, NULL, &wait, &error));
  g_assert_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_STATE);
  g_assert_nonnull (strstr (error->message, "closed while opening"));
  g_assert_cmpint (mpos_device_get_state (MPOS_DEVICE (printer)), ==, MPOS_DEVICE_STATE_CLOSED);
  g_assert_false (mpos_device_get_claimed (MPOS_DEVICE (printer)));
  listener_stop (&l);
}

static void
test_device_open_async_cancelled_leaves_it_closed (void)
{
  SlowListener l = { 0 };
  g_autoptr (MposReceiptPrinter) printer = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  Wait wait = { 0 };

  listener_start (&l, 100);
  printer = mpos_test_tcp_printer_new (l.port);
  g_timeout_add_once (50, (GSourceOnceFunc)g_cancellable_cancel, cancellable);
  g_assert_false (open_while_ticking (MPOS_DEVICE (printer), 5000, cancellable, &wait, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (mpos_device_get_state (MPOS_DEVICE (printer)), ==, MPOS_DEVICE_STATE_CLOSED);
  listener_stop (&l);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/device-open-async/listener-never-accepting-times-out-without-blocking",
                   test_device_open_async_listener_never_accepting_times_out_without_blocking);
  g_test_add_func ("/device-open-async/slow-listener-ends-claimed-and-enabled",
                   test_device_open_async_slow_listener_ends_claimed_and_enabled);
  g_test_add_func ("/device-open-async/closed-while-opening-is-undone",
                   test_device_open_async_closed_while_opening_is_undone);
  g_test_add_func ("/device-open-async/cancelled-leaves-it-closed",
                   test_device_open_async_cancelled_leaves_it_closed);
  return g_test_run ();
}
