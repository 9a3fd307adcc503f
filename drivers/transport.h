/* transport.h — how bytes reach a device and come back: USB bulk/interrupt
 * (libusb), serial (termios), TCP port 9100 network printers, and a virtual
 * file/socket backend. Drivers speak their protocol (ESC/POS, scanner
 * streams) over this; they never care which cable it is. */
#pragma once

#include <gio/gio.h>
#include <stdint.h>

G_BEGIN_DECLS

typedef struct _MposTransport MposTransport;

typedef enum
{
  MPOS_TRANSPORT_USB,
  MPOS_TRANSPORT_SERIAL,
  MPOS_TRANSPORT_TCP,
  MPOS_TRANSPORT_FILE, /* virtual: bytes appended to a file, reads from an optional reply file */
} MposTransportKind;

/* What identifies a physical device: matched by ids and serial/port, never by
 * bus number, so it is found again after an unplug and replug. */
typedef struct
{
  MposTransportKind kind;
  guint16 vendor_id;             /* USB */
  guint16 product_id;            /* USB */
  char *serial;                  /* USB serial number, may be NULL: first match */
  gboolean detach_kernel_driver; /* USB: detach usblp & co when claiming */
  char *path;       /* serial: /dev/ttyUSB0 or /dev/serial/by-id/…; file: output path */
  guint baud;       /* serial, default 9600 */
  char *host;       /* TCP */
  guint16 port;     /* TCP, default 9100 */
  char *reply_path; /* file: optional file whose bytes mpos_transport_read returns */
} MposTransportAddress;

void mpos_transport_address_clear (MposTransportAddress *address);
void mpos_transport_address_copy (MposTransportAddress *dest, const MposTransportAddress *src);
/* Same physical device: kind and ids + serial, or path, or host + port. */
gboolean mpos_transport_address_equal (const MposTransportAddress *a,
                                       const MposTransportAddress *b);
/* "usb 0416:5011 serial X", "serial /dev/ttyUSB0 9600", "tcp 192.0.2.7:9100", "file /tmp/p.bin". */
char *mpos_transport_address_describe (const MposTransportAddress *address);

/* Opens and claims the transport. Errors are MPOS_DEVICE_ERROR codes
 * (NO_HARDWARE, CLAIMED, PERMISSION, OFFLINE, TIMEOUT) with a reason. */
MposTransport *mpos_transport_open (const MposTransportAddress *address, guint timeout_ms,
                                    GError **error);
void mpos_transport_close (MposTransport *transport);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MposTransport, mpos_transport_close)

/* Writes everything or fails (TIMEOUT, OFFLINE when the device vanished). */
gboolean mpos_transport_write (MposTransport *transport, const guint8 *data, gsize length,
                               guint timeout_ms, GError **error);
/* Reads up to `length` bytes; returns the count, 0 on timeout, -1 on error. */
gssize mpos_transport_read (MposTransport *transport, guint8 *buffer, gsize length,
                            guint timeout_ms, GError **error);
/* A pollable fd for GLib watches (serial, TCP), or -1 (USB, file). */
int mpos_transport_get_fd (MposTransport *transport);
MposTransportKind mpos_transport_get_kind (MposTransport *transport);
/* The address the transport was opened with, and its description. */
const MposTransportAddress *mpos_transport_get_address (MposTransport *transport);
const char *mpos_transport_get_description (MposTransport *transport);

/* Whether the device is connected now, without claiming it: USB enumerated
 * (and its serial read when one is configured), serial node present, TCP
 * accepting a connection within timeout_ms, file's folder writable. FALSE
 * with *error saying why (NO_HARDWARE, OFFLINE, PERMISSION, …). */
gboolean mpos_transport_probe (const MposTransportAddress *address, guint timeout_ms,
                               GError **error);

/* A transport is used from one thread at a time; the calls block for at
 * most their timeout (0: do not wait), so drivers run them in a GTask. */

G_END_DECLS
