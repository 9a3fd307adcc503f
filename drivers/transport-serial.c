/* transport-serial.c — RS-232 and USB CDC-ACM devices (serial printers,
 * scanners in serial mode) through termios: raw 8N1 at the configured baud,
 * O_NOCTTY so a device never becomes our controlling terminal, and poll()
 * deadlines. The port is held exclusively (TIOCEXCL against other programs,
 * flock against other MallPOS processes — root ignores TIOCEXCL), so a second
 * opener gets CLAIMED instead of stealing half the bytes. */
#include "transport-private.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

static const struct
{
  guint baud;
  speed_t speed;
} bauds[] = {
  { 1200, B1200 },     { 2400, B2400 },     { 4800, B4800 },     { 9600, B9600 },
  { 19200, B19200 },   { 38400, B38400 },   { 57600, B57600 },   { 115200, B115200 },
  { 230400, B230400 }, { 460800, B460800 }, { 921600, B921600 },
};

static gboolean
baud_to_speed (guint baud, speed_t *speed)
{
  for (guint i = 0; i < G_N_ELEMENTS (bauds); i++)
    if (bauds[i].baud == baud)
      {
        *speed = bauds[i].speed;
        return TRUE;
      }
  return FALSE;
}

/* EIO, ENXIO, ENODEV: the adapter was unplugged or the line hung up. */
static gboolean
errno_is_offline (int error_number)
{
  return error_number == EIO || error_number == ENXIO || error_number == ENODEV
         || error_number == EPIPE;
}

static gssize
tty_write (int fd, const guint8 *data, gsize length)
{
  return write (fd, data, length);
}

static gssize
tty_read (int fd, guint8 *buffer, gsize length)
{
  return read (fd, buffer, length);
}

static const MposTransportFdOps tty_ops = {
  .write = tty_write,
  .read = tty_read,
  .errno_is_offline = errno_is_offline,
  .went_away = "the port went away",
  .advice = "check the cable",
  .closed = NULL, /* a hung-up tty polls readable and then reads 0 bytes */
  .peer = "the device",
  .writing = "writing",
  .waiting = "waiting to write",
  .written = "written",
  .hangup_ends_write = TRUE,
};

static void
set_open_error (const MposTransportAddress *address, GError **error, int error_number)
{
  switch (error_number)
    {
    case ENOENT:
    case ENODEV:
    case ENXIO:
      mpos_transport_set_error (address, error, MPOS_DEVICE_ERROR_NO_HARDWARE,
                                "the port does not exist; is the device plugged in?");
      break;
    case EACCES:
    case EPERM:
      mpos_transport_set_error (address, error, MPOS_DEVICE_ERROR_PERMISSION,
                                "permission denied; add the cashier account to the “dialout” "
                                "group or install the MallPOS udev rules "
                                "(/usr/lib/udev/rules.d/60-mallpos.rules)");
      break;
    case EBUSY:
      mpos_transport_set_error (address, error, MPOS_DEVICE_ERROR_CLAIMED,
                                "the port is held exclusively by another program");
      break;
    default:
      mpos_transport_set_error (address, error, MPOS_DEVICE_ERROR_FAILED, "cannot open: %s",
                                g_strerror (error_number));
    }
}

static gboolean
configure (int fd, const MposTransportAddress *address, GError **error)
{
  struct termios tio;
  speed_t speed;
  guint baud = address->baud ? address->baud : 9600;

  if (!baud_to_speed (baud, &speed))
    {
      mpos_transport_set_error (address, error, MPOS_DEVICE_ERROR_CONFIG,
                                "unsupported baud rate %u", baud);
      return FALSE;
    }
  if (tcgetattr (fd, &tio) < 0)
    {
      mpos_transport_set_error (address, error, MPOS_DEVICE_ERROR_CONFIG, "not a serial port: %s",
                                g_strerror (errno));
      return FALSE;
    }
  cfmakeraw (&tio);
  tio.c_cflag |= CLOCAL | CREAD;
  tio.c_cflag &= ~(CSTOPB | PARENB | CRTSCTS);
  tio.c_cc[VMIN] = 0;
  tio.c_cc[VTIME] = 0;
  cfsetispeed (&tio, speed);
  cfsetospeed (&tio, speed);
  if (tcsetattr (fd, TCSANOW, &tio) < 0)
    {
      mpos_transport_fd_set_errno_error (&tty_ops, address, error, errno,
                                         "setting the line to raw mode");
      return FALSE;
    }
  /* Drop whatever a scanner sent before we were listening. */
  tcflush (fd, TCIOFLUSH);
  return TRUE;
}

static int
serial_open_fd (const MposTransportAddress *address, GError **error)
{
  int fd;

  if (address->path == NULL || *address->path == '\0')
    {
      mpos_transport_set_error (address, error, MPOS_DEVICE_ERROR_CONFIG, "no port is configured");
      return -1;
    }
  fd = open (address->path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0)
    {
      set_open_error (address, error, errno);
      return -1;
    }
  if (flock (fd, LOCK_EX | LOCK_NB) < 0)
    {
      int saved = errno;

      close (fd);
      set_open_error (address, error, saved == EWOULDBLOCK ? EBUSY : saved);
      return -1;
    }
  if (ioctl (fd, TIOCEXCL) < 0 || !configure (fd, address, error))
    {
      if (error && *error == NULL)
        mpos_transport_set_error (address, error, MPOS_DEVICE_ERROR_CONFIG, "not a serial port: %s",
                                  g_strerror (errno));
      close (fd);
      return -1;
    }
  return fd;
}

static void
serial_close (MposTransport *transport)
{
  MposTransportFd *self = (MposTransportFd *)transport;

  if (self->fd >= 0)
    ioctl (self->fd, TIOCNXCL);
  mpos_transport_fd_close (transport); /* closing also drops the flock */
}

static const MposTransportVTable serial_vtable = {
  mpos_transport_fd_write,
  mpos_transport_fd_read,
  mpos_transport_fd_get_fd,
  serial_close,
};

MposTransport *
mpos_transport_serial_open (const MposTransportAddress *address, guint timeout_ms, GError **error)
{
  int fd = serial_open_fd (address, error);

  if (fd < 0)
    return NULL;
  return mpos_transport_fd_new (&serial_vtable, address, fd, &tty_ops);
}

gboolean
mpos_transport_serial_probe (const MposTransportAddress *address, GError **error)
{
  struct stat st;

  if (address->path == NULL || *address->path == '\0')
    {
      mpos_transport_set_error (address, error, MPOS_DEVICE_ERROR_CONFIG, "no port is configured");
      return FALSE;
    }
  /* stat follows /dev/serial/by-id links: gone when the adapter is unplugged. */
  if (stat (address->path, &st) < 0)
    {
      set_open_error (address, error, errno);
      return FALSE;
    }
  if (!S_ISCHR (st.st_mode))
    {
      mpos_transport_set_error (address, error, MPOS_DEVICE_ERROR_CONFIG,
                                "not a serial port (not a character device)");
      return FALSE;
    }
  return TRUE;
}
