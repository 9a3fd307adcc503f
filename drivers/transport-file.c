/* transport-file.c — the virtual transport: every write is appended to a
 * file, and reads come from an optional reply file (consumed from the start,
 * picking up whatever a test appends later). It lets drivers and tests run
 * the real byte streams with no hardware. Reads never wait: at the end of the
 * reply file they return 0 (no data) at once. */
#include "transport-private.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

typedef struct
{
  MposTransport parent;
  int fd;
  int reply_fd; /* -1 when there is no reply file (yet) */
} MposTransportFile;

static void
set_errno_error (const MposTransportAddress *address, GError **error, int error_number,
                 const char *doing)
{
  MposDeviceError code = MPOS_DEVICE_ERROR_FAILED;

  if (error_number == ENOENT || error_number == ENOTDIR)
    code = MPOS_DEVICE_ERROR_NO_HARDWARE;
  else if (error_number == EACCES || error_number == EPERM || error_number == EROFS)
    code = MPOS_DEVICE_ERROR_PERMISSION;
  mpos_transport_set_error (address, error, code, "%s: %s", doing, g_strerror (error_number));
}

static gboolean
file_write (MposTransport *transport, const guint8 *data, gsize length, guint timeout_ms,
            GError **error)
{
  MposTransportFile *self = (MposTransportFile *)transport;
  gsize done = 0;

  while (done < length)
    {
      ssize_t written = write (self->fd, data + done, length - done);

      if (written < 0 && errno == EINTR)
        continue;
      if (written < 0)
        {
          set_errno_error (&transport->address, error, errno, "writing");
          return FALSE;
        }
      done += (gsize)written;
    }
  return TRUE;
}

static gssize
file_read (MposTransport *transport, guint8 *buffer, gsize length, guint timeout_ms, GError **error)
{
  MposTransportFile *self = (MposTransportFile *)transport;

  /* The reply file may be created after the device was opened. */
  if (self->reply_fd < 0 && transport->address.reply_path)
    self->reply_fd = open (transport->address.reply_path, O_RDONLY | O_CLOEXEC);
  if (self->reply_fd < 0)
    return 0;
  for (;;)
    {
      ssize_t got = read (self->reply_fd, buffer, length);

      if (got < 0 && errno == EINTR)
        continue;
      if (got < 0)
        {
          set_errno_error (&transport->address, error, errno, "reading the reply file");
          return -1;
        }
      return got;
    }
}

static void
file_close (MposTransport *transport)
{
  MposTransportFile *self = (MposTransportFile *)transport;

  if (self->fd >= 0)
    close (self->fd);
  if (self->reply_fd >= 0)
    close (self->reply_fd);
  mpos_transport_finish (transport);
  g_free (self);
}

static const MposTransportVTable file_vtable = {
  file_write,
  file_read,
  NULL,
  file_close,
};

MposTransport *
mpos_transport_file_open (const MposTransportAddress *address, guint timeout_ms, GError **error)
{
  MposTransportFile *self;
  int fd;

  if (address->path == NULL || *address->path == '\0')
    {
      mpos_transport_set_error (address, error, MPOS_DEVICE_ERROR_CONFIG,
                                "no output file is configured");
      return NULL;
    }
  fd = open (address->path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      set_errno_error (address, error, errno, "cannot open the output file");
      return NULL;
    }
  self = g_new0 (MposTransportFile, 1);
  mpos_transport_init (&self->parent, &file_vtable, address);
  self->fd = fd;
  self->reply_fd = -1;
  return &self->parent;
}

gboolean
mpos_transport_file_probe (const MposTransportAddress *address, GError **error)
{
  g_autofree char *folder = NULL;

  if (address->path == NULL || *address->path == '\0')
    {
      mpos_transport_set_error (address, error, MPOS_DEVICE_ERROR_CONFIG,
                                "no output file is configured");
      return FALSE;
    }
  folder = g_path_get_dirname (address->path);
  if (access (folder, W_OK) < 0)
    {
      set_errno_error (address, error, errno, "the output folder is not writable");
      return FALSE;
    }
  return TRUE;
}
