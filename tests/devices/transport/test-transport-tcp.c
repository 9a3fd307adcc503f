/* test-transport-tcp.c — the TCP 9100 transport against a fake network
 * printer on 127.0.0.1 (a thread of this test): it records the bytes,
 * answers DLE EOT status queries, and can run out of paper mid-job, stop
 * reading, or drop the connection. SIGPIPE keeps its default action here, so
 * a write to a dead printer without MSG_NOSIGNAL would kill the test. A
 * receipt printer over it names the address once in its errors. */
#include "device.h"
#include "receipt-printer.h"
#include "transport-test-device.h"
#include "transport.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

typedef enum
{
  CLOSE_NONE,
  CLOSE_RESET,    /* RST: unplugged mid-job */
  CLOSE_GRACEFUL, /* FIN: switched off cleanly */
} CloseKind;

typedef struct
{
  int listen_fd;
  guint16 port;
  GThread *thread;
  GMutex lock;
  GCond changed;
  GByteArray *received;
  gsize paper_out_after; /* bytes of job after which the paper runs out */
  gsize close_after;     /* bytes after which the connection is dropped */
  CloseKind close_kind;
  gboolean stop_reading; /* a printer that takes no more data */
  gboolean closed;
  gboolean stop;
  guint8 last[2]; /* the two bytes before the current chunk */
} FakePrinter;

static guint8
status_answer (FakePrinter *fake, guint8 n)
{
  gboolean paper_out = fake->received->len >= fake->paper_out_after;

  switch (n)
    {
    case 1:
      return 0x16;
    case 2:
      return paper_out ? 0x32 : 0x12; /* bit 5: stopped, paper end */
    case 4:
      return paper_out ? 0x7e : 0x12; /* near-end and end sensors */
    default:
      return 0x12;
    }
}

/* Appends a chunk and answers every DLE EOT n in it (even split across reads). */
static void
take_bytes (FakePrinter *fake, int fd, const guint8 *data, gsize length)
{
  for (gsize i = 0; i < length; i++)
    {
      g_byte_array_append (fake->received, &data[i], 1);
      if (fake->last[0] == 0x10 && fake->last[1] == 0x04)
        {
          guint8 answer = status_answer (fake, data[i]);

          g_assert_cmpint (send (fd, &answer, 1, MSG_NOSIGNAL), ==, 1);
        }
      fake->last[0] = fake->last[1];
      fake->last[1] = data[i];
    }
}

static void
drop (FakePrinter *fake, int fd)
{
  if (fake->close_kind == CLOSE_RESET)
    {
      struct linger linger = { 1, 0 };

      setsockopt (fd, SOL_SOCKET, SO_LINGER, &linger, sizeof linger);
    }
  close (fd);
  fake->closed = TRUE;
  g_cond_broadcast (&fake->changed);
}

static void
serve (FakePrinter *fake, int fd)
{
  guint8 chunk[4096];

  for (;;)
    {
      struct pollfd pfd = { fd, POLLIN, 0 };
      ssize_t got;
      gboolean reading;

      g_mutex_lock (&fake->lock);
      reading = !fake->stop_reading;
      if (fake->stop)
        {
          g_mutex_unlock (&fake->lock);
          close (fd);
          return;
        }
      g_mutex_unlock (&fake->lock);
      if (!reading || poll (&pfd, 1, 20) <= 0)
        {
          g_usleep (reading ? 0 : 20000);
          continue;
        }
      got = recv (fd, chunk, sizeof chunk, 0);
      g_mutex_lock (&fake->lock);
      if (got <= 0)
        {
          g_mutex_unlock (&fake->lock);
          close (fd);
          return;
        }
      take_bytes (fake, fd, chunk, (gsize)got);
      g_cond_broadcast (&fake->changed);
      if (fake->close_kind != CLOSE_NONE && fake->received->len >= fake->close_after)
        {
          drop (fake, fd);
          g_mutex_unlock (&fake->lock);
          return;
        }
      g_mutex_unlock (&fake->lock);
    }
}

static gpointer
printer_thread (gpointer data)
{
  FakePrinter *fake = data;

  for (;;)
    {
      struct pollfd pfd = { fake->listen_fd, POLLIN, 0 };
      gboolean stop;
      int fd;

      g_mutex_lock (&fake->lock);
      stop = fake->stop;
      g_mutex_unlock (&fake->lock);
      if (stop)
        return NULL;
      if (poll (&pfd, 1, 20) <= 0)
        continue;
      fd = accept4 (fake->listen_fd, NULL, NULL, SOCK_CLOEXEC);
      if (fd >= 0)
        serve (fake, fd);
    }
}

static int
listen_loopback (guint16 *port, int backlog)
{
  struct sockaddr_in address = { 0 };
  socklen_t length = sizeof address;
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

  g_assert_cmpint (fd, >=, 0);
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  g_assert_cmpint (bind (fd, (struct sockaddr *)&address, sizeof address), ==, 0);
  g_assert_cmpint (listen (fd, backlog), ==, 0);
  g_assert_cmpint (getsockname (fd, (struct sockaddr *)&address, &length), ==, 0);
  *port = ntohs (address.sin_port);
  return fd;
}

static void
fake_set_up (FakePrinter *fake, gconstpointer data)
{
  g_mutex_init (&fake->lock);
  g_cond_init (&fake->changed);
  fake->received = g_byte_array_new ();
  fake->paper_out_after = G_MAXSIZE;
  fake->listen_fd = listen_loopback (&fake->port, 4);
  fake->thread = g_thread_new ("fake-9100", printer_thread, fake);
}

static void
fake_tear_down (FakePrinter *fake, gconstpointer data)
{
  g_mutex_lock (&fake->lock);
  fake->stop = TRUE;
  g_mutex_unlock (&fake->lock);
  g_thread_join (fake->thread);
  close (fake->listen_fd);
  g_byte_array_unref (fake->received);
  g_cond_clear (&fake->changed);
  g_mutex_clear (&fake->lock);
}

/* Waits until the printer holds `length` bytes (or closed); returns the count. */
static gsize
fake_wait_received (FakePrinter *fake, gsize length)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  gsize got;

  g_mutex_lock (&fake->lock);
  while (fake->received->len < length && !fake->closed
         && g_cond_wait_until (&fake->changed, &fake->lock, deadline))
    ;
  got = fake->received->len;
  g_mutex_unlock (&fake->lock);
  return got;
}

static void
fake_wait_closed (FakePrinter *fake)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  g_mutex_lock (&fake->lock);
  while (!fake->closed && g_cond_wait_until (&fake->changed, &fake->lock, deadline))
    ;
  g_assert_true (fake->closed);
  g_mutex_unlock (&fake->lock);
}

static MposTransport *
open_fake (FakePrinter *fake, GError **error)
{
  MposTransportAddress address = { 0 };
  MposTransport *transport;

  address.kind = MPOS_TRANSPORT_TCP;
  address.host = g_strdup ("127.0.0.1");
  address.port = fake->port;
  transport = mpos_transport_open (&address, 1000, error);
  mpos_transport_address_clear (&address);
  return transport;
}

static guint8
query_status (MposTransport *transport, guint8 n)
{
  const guint8 query[] = { 0x10, 0x04, n };
  g_autoptr (GError) error = NULL;
  guint8 answer = 0;

  g_assert_true (mpos_transport_write (transport, query, sizeof query, 1000, &error));
  g_assert_no_error (error);
  g_assert_cmpint (mpos_transport_read (transport, &answer, 1, 2000, &error), ==, 1);
  g_assert_no_error (error);
  return answer;
}

static void
test_tcp_job_bytes_reach_the_printer (FakePrinter *fake, gconstpointer data)
{
  static const guint8 job[]
      = { 0x1b, '@', 0x1b, 'a', 1, 'M', 'a', 'l', 'l', '\n', 0x1d, 'V', 0x42, 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (MposTransport) transport = open_fake (fake, &error);
  g_autofree char *expected = g_strdup_printf ("tcp 127.0.0.1:%u", fake->port);

  g_assert_no_error (error);
  g_assert_cmpstr (mpos_transport_get_description (transport), ==, expected);
  g_assert_cmpint (mpos_transport_get_kind (transport), ==, MPOS_TRANSPORT_TCP);
  g_assert_cmpint (mpos_transport_get_fd (transport), >=, 0);
  g_assert_true (mpos_transport_write (transport, job, sizeof job, 1000, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fake_wait_received (fake, sizeof job), ==, sizeof job);
  g_mutex_lock (&fake->lock);
  g_assert_cmpmem (fake->received->data, fake->received->len, job, sizeof job);
  g_mutex_unlock (&fake->lock);
}

static void
test_tcp_status_queries_answered (FakePrinter *fake, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposTransport) transport = open_fake (fake, &error);

  g_assert_cmphex (query_status (transport, 1), ==, 0x16);
  g_assert_cmphex (query_status (transport, 4), ==, 0x12);
}

static void
test_tcp_paper_out_mid_job_is_reported (FakePrinter *fake, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposTransport) transport = open_fake (fake, &error);
  guint8 job[200];

  memset (job, '-', sizeof job);
  g_mutex_lock (&fake->lock);
  fake->paper_out_after = 100;
  g_mutex_unlock (&fake->lock);
  g_assert_cmphex (query_status (transport, 4), ==, 0x12);
  g_assert_true (mpos_transport_write (transport, job, sizeof job, 1000, &error));
  g_assert_no_error (error);
  g_assert_cmphex (query_status (transport, 4), ==, 0x7e);
  g_assert_cmphex (query_status (transport, 2), ==, 0x32);
}

static void
test_tcp_read_with_nothing_to_say_returns_zero_after_timeout (FakePrinter *fake, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposTransport) transport = open_fake (fake, &error);
  guint8 answer[4];

  g_assert_no_error (error);
  mpos_test_assert_read_times_out (transport, 120);
  /* 0 means "do not wait". */
  g_assert_cmpint (mpos_transport_read (transport, answer, sizeof answer, 0, &error), ==, 0);
  g_assert_no_error (error);
}

static void
test_tcp_connection_reset_mid_job_is_offline (FakePrinter *fake, gconstpointer data)
{
  static const guint8 part[] = "first half of a receipt\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (MposTransport) transport = NULL;
  g_autofree char *where = g_strdup_printf ("tcp 127.0.0.1:%u: ", fake->port);
  guint8 answer;

  g_mutex_lock (&fake->lock);
  fake->close_kind = CLOSE_RESET;
  fake->close_after = sizeof part;
  g_mutex_unlock (&fake->lock);
  transport = open_fake (fake, &error);
  g_assert_true (mpos_transport_write (transport, part, sizeof part, 1000, &error));
  fake_wait_closed (fake);

  g_assert_false (mpos_transport_write (transport, part, sizeof part, 1000, &error));
  g_assert_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_OFFLINE);
  g_assert_true (g_str_has_prefix (error->message, where));
  g_clear_error (&error);
  g_assert_cmpint (mpos_transport_read (transport, &answer, 1, 100, &error), ==, -1);
  g_assert_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_OFFLINE);
}

/* The peer closed cleanly: reads see the end, writes get EPIPE (and no SIGPIPE). */
static void
test_tcp_printer_closing_is_offline_without_sigpipe (FakePrinter *fake, gconstpointer data)
{
  static const guint8 part[] = "a line\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (MposTransport) transport = NULL;
  gboolean ok = TRUE;
  guint8 answer;

  g_mutex_lock (&fake->lock);
  fake->close_kind = CLOSE_GRACEFUL;
  fake->close_after = sizeof part;
  g_mutex_unlock (&fake->lock);
  transport = open_fake (fake, &error);
  g_assert_true (mpos_transport_write (transport, part, sizeof part, 1000, &error));
  fake_wait_closed (fake);

  g_assert_cmpint (mpos_transport_read (transport, &answer, 1, 1000, &error), ==, -1);
  g_assert_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_OFFLINE);
  g_assert_nonnull (strstr (error->message, "closed the connection"));
  g_clear_error (&error);
  /* The first write may still be buffered; the RST it draws fails the next. */
  for (int i = 0; i < 10 && ok; i++)
    {
      ok = mpos_transport_write (transport, part, sizeof part, 1000, &error);
      if (ok)
        g_usleep (10000);
    }
  g_assert_false (ok);
  g_assert_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_OFFLINE);
}

static void
test_tcp_printer_taking_no_data_times_out (FakePrinter *fake, gconstpointer data)
{
  gsize size = 64 * 1024 * 1024; /* more than both socket buffers hold */
  g_autofree guint8 *job = g_malloc0 (size);
  g_autoptr (GError) error = NULL;
  g_autoptr (MposTransport) transport = open_fake (fake, &error);
  gint64 start;

  g_mutex_lock (&fake->lock);
  fake->stop_reading = TRUE;
  g_mutex_unlock (&fake->lock);
  start = g_get_monotonic_time ();
  g_assert_false (mpos_transport_write (transport, job, size, 300, &error));
  g_assert_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (error->message, "took no data for 300 ms"));
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 290 * 1000);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
}

static void
test_tcp_closed_port_is_offline_naming_the_address (FakePrinter *fake, gconstpointer data)
{
  MposTransportAddress address = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (MposTransport) transport = NULL;
  g_autofree char *where = NULL, *message = NULL;
  guint16 port;

  close (listen_loopback (&port, 1)); /* a port nobody listens on */
  where = g_strdup_printf ("tcp 127.0.0.1:%u: cannot connect", port);
  address.kind = MPOS_TRANSPORT_TCP;
  address.host = g_strdup ("127.0.0.1");
  address.port = port;
  message = mpos_test_assert_refused (&address, 1000, MPOS_DEVICE_ERROR_OFFLINE);
  g_assert_true (g_str_has_prefix (message, where));

  address.port = fake->port;
  g_assert_true (mpos_transport_probe (&address, 500, &error));
  g_assert_no_error (error);
  mpos_transport_address_clear (&address);
}

/* A listener whose accept queue is full drops the SYN: the connect hangs. */
static void
test_tcp_connect_without_answer_times_out (FakePrinter *fake, gconstpointer data)
{
  MposTransportAddress address = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (MposTransport) transport = NULL;
  GArray *fillers = g_array_new (FALSE, FALSE, sizeof (MposTransport *));
  guint16 port;
  int listener = listen_loopback (&port, 0);
  gint64 start;

  address.kind = MPOS_TRANSPORT_TCP;
  address.host = g_strdup ("127.0.0.1");
  address.port = port;
  /* Fill the queue until a connect no longer completes at once. */
  for (int i = 0; i < 8; i++)
    {
      MposTransport *filler = mpos_transport_open (&address, 100, NULL);

      if (filler == NULL)
        break;
      g_array_append_val (fillers, filler);
    }
  start = g_get_monotonic_time ();
  transport = mpos_transport_open (&address, 250, &error);
  g_assert_null (transport);
  g_assert_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (error->message, "no answer within 250 ms"));
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 240 * 1000);
  for (guint i = 0; i < fillers->len; i++)
    mpos_transport_close (g_array_index (fillers, MposTransport *, i));
  g_array_unref (fillers);
  close (listener);
  mpos_transport_address_clear (&address);
}

static void
test_tcp_missing_host_is_config_error (void)
{
  MposTransportAddress address = { .kind = MPOS_TRANSPORT_TCP };
  g_autoptr (GError) error = NULL;
  g_autoptr (MposTransport) transport = mpos_transport_open (&address, 100, &error);

  g_assert_null (transport);
  g_assert_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_CONFIG);
  g_assert_cmpstr (error->message, ==, "tcp (no host):9100: no host is configured");
}

static guint
count_occurrences (const char *text, const char *needle)
{
  guint count = 0;

  for (const char *p = strstr (text, needle); p; p = strstr (p + 1, needle))
    count++;
  return count;
}

/* The transport's error starts with the address, which is also the
 * printer's description: the printer's message says it once. */
static void
test_tcp_printer_connect_failure_names_the_address_once (FakePrinter *fake, gconstpointer data)
{
  g_autoptr (MposReceiptPrinter) printer = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *where = NULL;
  g_autofree char *expected = NULL;
  guint16 port;

  close (listen_loopback (&port, 1)); /* a port nobody listens on */
  where = g_strdup_printf ("127.0.0.1:%u", port);
  expected = g_strdup_printf ("receipt printer “printer0” (tcp %s): cannot connect (", where);
  printer = mpos_test_tcp_printer_new (port);
  g_assert_true (mpos_device_open (MPOS_DEVICE (printer), &error));
  g_assert_false (mpos_device_claim (MPOS_DEVICE (printer), 1000, &error));
  g_assert_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_OFFLINE);
  g_assert_cmpuint (count_occurrences (error->message, where), ==, 1);
  g_assert_true (g_str_has_prefix (error->message, expected));
}

static void
on_printed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GError **error = user_data;

  g_assert_false (
      mpos_receipt_printer_print_finish (MPOS_RECEIPT_PRINTER (source), result, NULL, error));
}

/* A job cut off by the printer: the transport's error comes inside the
 * job's message, and the address is still said once. */
static void
test_tcp_printer_dropping_mid_job_names_the_address_once (FakePrinter *fake, gconstpointer data)
{
  gsize size = 16 * 1024 * 1024; /* more than the socket buffers hold */
  g_autoptr (GBytes) job = g_bytes_new_take (g_malloc0 (size), size);
  g_autoptr (MposReceiptPrinter) printer = mpos_test_tcp_printer_new (fake->port);
  g_autofree char *where = g_strdup_printf ("127.0.0.1:%u", fake->port);
  g_autoptr (GError) error = NULL;

  g_mutex_lock (&fake->lock);
  fake->close_kind = CLOSE_RESET;
  fake->close_after = 4096;
  g_mutex_unlock (&fake->lock);
  g_assert_true (mpos_device_open (MPOS_DEVICE (printer), &error));
  g_assert_true (mpos_device_claim (MPOS_DEVICE (printer), 1000, &error));
  g_assert_true (mpos_device_enable (MPOS_DEVICE (printer), &error));
  g_assert_no_error (error);
  mpos_receipt_printer_print_async (printer, job, "receipt", NULL, on_printed, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_OFFLINE);
  g_assert_nonnull (strstr (error->message, "job 1 (receipt) held"));
  g_assert_cmpuint (count_occurrences (error->message, where), ==, 1);
  mpos_device_close (MPOS_DEVICE (printer));
}

int
main (int argc, char **argv)
{
  signal (SIGPIPE, SIG_DFL);
  g_test_init (&argc, &argv, NULL);
#define ADD(name) g_test_add ("/tcp/" #name, FakePrinter, NULL, fake_set_up, name, fake_tear_down)
  ADD (test_tcp_job_bytes_reach_the_printer);
  ADD (test_tcp_status_queries_answered);
  ADD (test_tcp_paper_out_mid_job_is_reported);
  ADD (test_tcp_read_with_nothing_to_say_returns_zero_after_timeout);
  ADD (test_tcp_connection_reset_mid_job_is_offline);
  ADD (test_tcp_printer_closing_is_offline_without_sigpipe);
  ADD (test_tcp_printer_taking_no_data_times_out);
  ADD (test_tcp_closed_port_is_offline_naming_the_address);
  ADD (test_tcp_connect_without_answer_times_out);
  ADD (test_tcp_printer_connect_failure_names_the_address_once);
  ADD (test_tcp_printer_dropping_mid_job_names_the_address_once);
#undef ADD
  g_test_add_func ("/tcp/test_tcp_missing_host_is_config_error",
                   test_tcp_missing_host_is_config_error);
  return g_test_run ();
}
