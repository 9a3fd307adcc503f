/* transport-fd.c — the write and read loops of the transports on a
 * non-blocking fd (serial ttys, TCP sockets): try, and when the fd is not
 * ready poll until the deadline. One loop for both, so a timeout or a dead
 * line reads the same on every cable; each backend brings its own calls and
 * words (MposTransportFdOps). */
#include "transport-private.h"

#include <errno.h>
#include <poll.h>
#include <unistd.h>

int
mpos_transport_fd_wait (int fd, short events, gint64 deadline, short *revents)
{
  struct pollfd pfd = { fd, events, 0 };

  for (;;)
    {
      int ready = poll (&pfd, 1, mpos_transport_remaining_ms (deadline));

      if (ready < 0 && errno == EINTR)
        continue;
      *revents = pfd.revents;
      return ready;
    }
}

void
mpos_transport_fd_set_errno_error (const MposTransportFdOps *ops,
                                   const MposTransportAddress *address, GError **error,
                                   int error_number, const char *doing)
{
  if (ops->errno_is_offline (error_number))
    mpos_transport_set_error (address, error, MPOS_DEVICE_ERROR_OFFLINE, "%s while %s (%s); %s",
                              ops->went_away, doing, g_strerror (error_number), ops->advice);
  else
    mpos_transport_set_error (address, error, MPOS_DEVICE_ERROR_FAILED, "%s failed: %s", doing,
                              g_strerror (error_number));
}

static void
set_ended_error (const MposTransportFdOps *ops, const MposTransportAddress *address, GError **error)
{
  if (ops->closed)
    mpos_transport_set_error (address, error, MPOS_DEVICE_ERROR_OFFLINE, "%s", ops->closed);
  else
    mpos_transport_fd_set_errno_error (ops, address, error, EIO, "reading");
}

static gboolean
would_block (int error_number)
{
  return error_number == EAGAIN || error_number == EWOULDBLOCK;
}

MposTransport *
mpos_transport_fd_new (const MposTransportVTable *vtable, const MposTransportAddress *address,
                       int fd, const MposTransportFdOps *ops)
{
  MposTransportFd *self = g_new0 (MposTransportFd, 1);

  mpos_transport_init (&self->parent, vtable, address);
  self->fd = fd;
  self->ops = ops;
  return &self->parent;
}

int
mpos_transport_fd_get_fd (MposTransport *transport)
{
  return ((MposTransportFd *)transport)->fd;
}

void
mpos_transport_fd_close (MposTransport *transport)
{
  MposTransportFd *self = (MposTransportFd *)transport;

  if (self->fd >= 0)
    close (self->fd);
  mpos_transport_finish (transport);
  g_free (self);
}

gboolean
mpos_transport_fd_write (MposTransport *transport, const guint8 *data, gsize length,
                         guint timeout_ms, GError **error)
{
  const MposTransportAddress *address = &transport->address;
  const MposTransportFdOps *ops = ((MposTransportFd *)transport)->ops;
  int fd = ((MposTransportFd *)transport)->fd;
  gint64 deadline = mpos_transport_deadline (timeout_ms);
  gsize done = 0;

  while (done < length)
    {
      gssize written = ops->write (fd, data + done, length - done);
      short revents = 0;
      int ready;

      if (written > 0)
        {
          done += (gsize)written;
          continue;
        }
      if (written < 0 && errno == EINTR)
        continue;
      if (written < 0 && !would_block (errno))
        {
          mpos_transport_fd_set_errno_error (ops, address, error, errno, ops->writing);
          return FALSE;
        }
      ready = mpos_transport_fd_wait (fd, POLLOUT, deadline, &revents);
      if (ready < 0)
        {
          mpos_transport_fd_set_errno_error (ops, address, error, errno, ops->waiting);
          return FALSE;
        }
      if (ready == 0)
        {
          mpos_transport_set_error (address, error, MPOS_DEVICE_ERROR_TIMEOUT,
                                    "%s took no data for %u ms (%" G_GSIZE_FORMAT
                                    " of %" G_GSIZE_FORMAT " bytes %s)",
                                    ops->peer, timeout_ms, done, length, ops->written);
          return FALSE;
        }
      /* Otherwise the next attempt reports why the line failed. */
      if (ops->hangup_ends_write && (revents & (POLLHUP | POLLERR | POLLNVAL)))
        {
          mpos_transport_fd_set_errno_error (ops, address, error, EIO, ops->writing);
          return FALSE;
        }
    }
  return TRUE;
}

/* Waits first: a raw tty (VMIN 0, VTIME 0) reads 0 bytes when it has
 * nothing, which only means "ended" once poll said it is readable. */
gssize
mpos_transport_fd_read (MposTransport *transport, guint8 *buffer, gsize length, guint timeout_ms,
                        GError **error)
{
  const MposTransportAddress *address = &transport->address;
  const MposTransportFdOps *ops = ((MposTransportFd *)transport)->ops;
  int fd = ((MposTransportFd *)transport)->fd;
  gint64 deadline = mpos_transport_deadline (timeout_ms);

  for (;;)
    {
      short revents = 0;
      int ready = mpos_transport_fd_wait (fd, POLLIN, deadline, &revents);
      gssize got;

      if (ready < 0)
        {
          mpos_transport_fd_set_errno_error (ops, address, error, errno, "waiting for data");
          return -1;
        }
      if (ready == 0)
        return 0;
      got = ops->read (fd, buffer, length);
      if (got > 0)
        return got;
      if (got == 0)
        {
          set_ended_error (ops, address, error);
          return -1;
        }
      if (errno == EINTR || would_block (errno))
        continue;
      mpos_transport_fd_set_errno_error (ops, address, error, errno, "reading");
      return -1;
    }
}
