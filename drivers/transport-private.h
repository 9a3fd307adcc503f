/* transport-private.h — what the transport backends (transport-usb.c,
 * transport-serial.c, transport-tcp.c, transport-file.c) share with the
 * dispatcher in transport.c: the vtable every backend fills in and the
 * helpers that make their errors read alike. */
#pragma once

#include "device.h"
#include "transport.h"

G_BEGIN_DECLS

typedef struct
{
  gboolean (*write) (MposTransport *transport, const guint8 *data, gsize length, guint timeout_ms,
                     GError **error);
  gssize (*read) (MposTransport *transport, guint8 *buffer, gsize length, guint timeout_ms,
                  GError **error);
  int (*get_fd) (MposTransport *transport);
  void (*close) (MposTransport *transport);
} MposTransportVTable;

/* Every backend's struct starts with this. */
struct _MposTransport
{
  const MposTransportVTable *vtable;
  MposTransportAddress address;
  char *description; /* mpos_transport_address_describe (&address) */
};

/* Fills the common part (copies the address). */
void mpos_transport_init (MposTransport *transport, const MposTransportVTable *vtable,
                          const MposTransportAddress *address);
/* Frees the common part; backends call it last from their close. */
void mpos_transport_finish (MposTransport *transport);

/* Sets *error as "<address>: <reason>" in MPOS_DEVICE_ERROR. */
void mpos_transport_set_error (const MposTransportAddress *address, GError **error,
                               MposDeviceError code, const char *format, ...) G_GNUC_PRINTF (4, 5);

/* Monotonic deadline helpers shared by the poll-based backends. */
gint64 mpos_transport_deadline (guint timeout_ms);
/* Milliseconds left until the deadline (0 when it has passed), for poll(). */
int mpos_transport_remaining_ms (gint64 deadline);

/* ---- non-blocking fd I/O (transport-fd.c), shared by serial and TCP ---- */

/* How a backend moves bytes through its non-blocking fd, and its words. */
typedef struct
{
  /* One attempt that never blocks: bytes moved, or -1 with errno set. */
  gssize (*write) (int fd, const guint8 *data, gsize length);
  gssize (*read) (int fd, guint8 *buffer, gsize length);
  /* Which errno values mean the device is gone (OFFLINE), said as
   * "<went_away> while <doing> (<strerror>); <advice>". */
  gboolean (*errno_is_offline) (int error_number);
  const char *went_away; /* "the port went away" */
  const char *advice;    /* "check the cable" */
  /* A read of 0 bytes: OFFLINE with this message, or when NULL EIO (a
   * hung-up tty polls readable and reads nothing). */
  const char *closed;
  const char *peer;           /* who took no data: "the printer" */
  const char *writing;        /* "sending" */
  const char *waiting;        /* "waiting to send" */
  const char *written;        /* "sent" */
  gboolean hangup_ends_write; /* POLLHUP/POLLERR while waiting to write: the line is gone (tty) */
} MposTransportFdOps;

/* *error for errno error_number met while `doing` ("reading"): OFFLINE in
 * the backend's words, else FAILED. */
void mpos_transport_fd_set_errno_error (const MposTransportFdOps *ops,
                                        const MposTransportAddress *address, GError **error,
                                        int error_number, const char *doing);

/* A backend on a non-blocking fd (serial, TCP): its struct, its vtable's
 * write, read and get_fd, and its constructor (the fd is taken over). */
typedef struct
{
  MposTransport parent;
  int fd;
  const MposTransportFdOps *ops;
} MposTransportFd;

MposTransport *mpos_transport_fd_new (const MposTransportVTable *vtable,
                                      const MposTransportAddress *address, int fd,
                                      const MposTransportFdOps *ops);
/* Writes everything before the deadline (TIMEOUT when the device takes no
 * more, naming how much went out). */
gboolean mpos_transport_fd_write (MposTransport *transport, const guint8 *data, gsize length,
                                  guint timeout_ms, GError **error);
/* Reads what comes before the deadline: the count, 0 on timeout, -1 on error. */
gssize mpos_transport_fd_read (MposTransport *transport, guint8 *buffer, gsize length,
                               guint timeout_ms, GError **error);
int mpos_transport_fd_get_fd (MposTransport *transport);
/* Closes the fd and frees the transport. */
void mpos_transport_fd_close (MposTransport *transport);
/* poll() for `events` until the deadline, EINTR retried: 1 ready, 0 timed
 * out, -1 with errno set. */
int mpos_transport_fd_wait (int fd, short events, gint64 deadline, short *revents);

MposTransport *mpos_transport_usb_open (const MposTransportAddress *address, guint timeout_ms,
                                        GError **error);
MposTransport *mpos_transport_serial_open (const MposTransportAddress *address, guint timeout_ms,
                                           GError **error);
MposTransport *mpos_transport_tcp_open (const MposTransportAddress *address, guint timeout_ms,
                                        GError **error);
MposTransport *mpos_transport_file_open (const MposTransportAddress *address, guint timeout_ms,
                                         GError **error);

gboolean mpos_transport_usb_probe (const MposTransportAddress *address, GError **error);
gboolean mpos_transport_serial_probe (const MposTransportAddress *address, GError **error);
gboolean mpos_transport_tcp_probe (const MposTransportAddress *address, guint timeout_ms,
                                   GError **error);
gboolean mpos_transport_file_probe (const MposTransportAddress *address, GError **error);

G_END_DECLS
