/* transport-tcp.c — network receipt printers on raw TCP port 9100 (JetDirect
 * style), the most common printer cable in a store after USB. A
 * non-blocking socket with poll() so every connect, write and read has a
 * deadline; a reset or closed connection means the printer went OFFLINE, and
 * MSG_NOSIGNAL keeps a dead peer from killing the terminal with SIGPIPE. */
#include "transport-private.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static guint16
tcp_port (const MposTransportAddress *address)
{
  return address->port ? address->port : 9100;
}

/* ECONNRESET, EPIPE and friends: the printer is gone or was switched off. */
static gboolean
errno_is_offline (int error_number)
{
  return error_number == ECONNRESET || error_number == EPIPE || error_number == ENOTCONN
         || error_number == ECONNABORTED || error_number == ETIMEDOUT
         || error_number == EHOSTUNREACH || error_number == ENETUNREACH || error_number == ENETDOWN
         || error_number == EHOSTDOWN;
}

/* Waits for the connect of a non-blocking socket; returns 0 or an errno. */
static int
wait_connected (int fd, gint64 deadline)
{
  short revents = 0;
  int ready = mpos_transport_fd_wait (fd, POLLOUT, deadline, &revents);
  int so_error = 0;
  socklen_t len = sizeof so_error;

  if (ready < 0)
    return errno;
  if (ready == 0)
    return EINPROGRESS; /* our timeout */
  if (getsockopt (fd, SOL_SOCKET, SO_ERROR, &so_error, &len) < 0)
    return errno;
  return so_error;
}

static int
connect_one (const struct addrinfo *ai, gint64 deadline, int *out_errno)
{
  int fd = socket (ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
  int result;

  if (fd < 0)
    {
      *out_errno = errno;
      return -1;
    }
  if (connect (fd, ai->ai_addr, ai->ai_addrlen) == 0)
    return fd;
  result = errno == EINPROGRESS ? wait_connected (fd, deadline) : errno;
  if (result == 0)
    return fd;
  *out_errno = result;
  close (fd);
  return -1;
}

/* Connects to the first address that answers; sets *error naming the printer. */
static int
tcp_connect (const MposTransportAddress *address, guint timeout_ms, GError **error)
{
  struct addrinfo hints = { 0 };
  struct addrinfo *list = NULL;
  char service[8];
  gint64 deadline = mpos_transport_deadline (timeout_ms);
  int last_errno = ECONNREFUSED;
  int status;
  int fd = -1;

  if (address->host == NULL || *address->host == '\0')
    {
      mpos_transport_set_error (address, error, MPOS_DEVICE_ERROR_CONFIG, "no host is configured");
      return -1;
    }
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV | AI_ADDRCONFIG;
  g_snprintf (service, sizeof service, "%u", tcp_port (address));
  status = getaddrinfo (address->host, service, &hints, &list);
  if (status != 0)
    {
      mpos_transport_set_error (address, error, MPOS_DEVICE_ERROR_NO_HARDWARE,
                                "cannot resolve the host name: %s", gai_strerror (status));
      return -1;
    }
  for (const struct addrinfo *ai = list; ai && fd < 0; ai = ai->ai_next)
    fd = connect_one (ai, deadline, &last_errno);
  freeaddrinfo (list);
  if (fd >= 0)
    return fd;
  if (last_errno == EINPROGRESS)
    mpos_transport_set_error (address, error, MPOS_DEVICE_ERROR_TIMEOUT,
                              "no answer within %u ms; check that the printer is switched on "
                              "and that the address is right",
                              timeout_ms);
  else
    mpos_transport_set_error (address, error, MPOS_DEVICE_ERROR_OFFLINE,
                              "cannot connect (%s); check that the printer is switched on and "
                              "that the address is right",
                              g_strerror (last_errno));
  return -1;
}

static gssize
socket_send (int fd, const guint8 *data, gsize length)
{
  return send (fd, data, length, MSG_NOSIGNAL | MSG_DONTWAIT);
}

static gssize
socket_recv (int fd, guint8 *buffer, gsize length)
{
  return recv (fd, buffer, length, MSG_DONTWAIT);
}

static const MposTransportFdOps socket_ops = {
  .write = socket_send,
  .read = socket_recv,
  .errno_is_offline = errno_is_offline,
  .went_away = "the printer dropped the connection",
  .advice = "check that it is switched on and on the network",
  .closed = "the printer closed the connection",
  .peer = "the printer",
  .writing = "sending",
  .waiting = "waiting to send",
  .written = "sent",
  .hangup_ends_write = FALSE, /* a closed socket says why at the next send */
};

static const MposTransportVTable tcp_vtable = {
  mpos_transport_fd_write,
  mpos_transport_fd_read,
  mpos_transport_fd_get_fd,
  mpos_transport_fd_close,
};

MposTransport *
mpos_transport_tcp_open (const MposTransportAddress *address, guint timeout_ms, GError **error)
{
  int one = 1;
  int fd = tcp_connect (address, timeout_ms, error);

  if (fd < 0)
    return NULL;
  /* Small ESC/POS commands (a status query) must go out at once, and a
   * printer switched off mid-shift is noticed even when we only listen. */
  setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  setsockopt (fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof one);
  return mpos_transport_fd_new (&tcp_vtable, address, fd, &socket_ops);
}

gboolean
mpos_transport_tcp_probe (const MposTransportAddress *address, guint timeout_ms, GError **error)
{
  int fd = tcp_connect (address, timeout_ms, error);

  if (fd < 0)
    return FALSE;
  close (fd);
  return TRUE;
}
