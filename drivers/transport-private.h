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
