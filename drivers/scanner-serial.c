/* scanner-serial.c — a scanner on a serial port: the transport opens and
 * locks the tty, a line source splits its bytes at the terminators, and a
 * hang-up (adapter unplugged) takes the scanner offline until the port is
 * back. */
#include "scanner-serial.h"

#include "line-source.h"
#include "transport.h"

#include <errno.h>

#define OPEN_TIMEOUT_MS 1000

struct _MposScannerSerial
{
  MposScanner parent_instance;

  MposTransportAddress address;
  MposTransport *transport;
  MposLineSource *lines;
};

G_DEFINE_FINAL_TYPE (MposScannerSerial, mpos_scanner_serial, MPOS_TYPE_SCANNER)

static void stop_reading (MposScannerSerial *self);

static void
on_line (const char *line, gsize length, gpointer user_data)
{
  mpos_scanner_deliver (MPOS_SCANNER (user_data), line, length, NULL);
}

static void
on_overflow (gsize max_length, gpointer user_data)
{
  mpos_device_report (MPOS_DEVICE (user_data), MPOS_DEVICE_ERROR_PROTOCOL,
                      "sent more than %" G_GSIZE_FORMAT " bytes without CR or LF; check the "
                      "baud rate and the scanner's suffix",
                      max_length);
}

static void
on_closed (int errno_value, gpointer user_data)
{
  MposScannerSerial *self = user_data;

  stop_reading (self);
  g_clear_pointer (&self->transport, mpos_transport_close);
  /* A tty that ends has hung up: the adapter went away. */
  mpos_device_lost (MPOS_DEVICE (self), errno_value ? errno_value : EIO);
}

static void
start_reading (MposScannerSerial *self)
{
  MposLineSourceOptions options
      = { mpos_scanner_get_terminators (MPOS_SCANNER (self)), MPOS_SCANNER_MAX_LENGTH, FALSE };
  MposLineSourceFuncs funcs = { on_line, on_overflow, on_closed };

  self->lines = mpos_line_source_new_for_fd (mpos_transport_get_fd (self->transport), FALSE,
                                             &options, &funcs, self);
}

static void
stop_reading (MposScannerSerial *self)
{
  g_clear_pointer (&self->lines, mpos_line_source_free);
}

/* The transport's message starts with the address, the scanner's
 * description: mpos_device_set_error names it once. */
static gboolean
open_port (MposScannerSerial *self, GError **error)
{
  g_autoptr (GError) local = NULL;

  self->transport = mpos_transport_open (&self->address, OPEN_TIMEOUT_MS, &local);
  if (self->transport)
    return TRUE;
  mpos_device_set_error (MPOS_DEVICE (self), error, local->code, "%s", local->message);
  return FALSE;
}

static gboolean
serial_open (MposDevice *device, GError **error)
{
  return open_port (MPOS_SCANNER_SERIAL (device), error);
}

static gboolean
serial_enable (MposDevice *device, GError **error)
{
  MposScannerSerial *self = MPOS_SCANNER_SERIAL (device);

  if (self->transport == NULL && !open_port (self, error))
    return FALSE;
  start_reading (self);
  return TRUE;
}

static void
serial_disable (MposDevice *device)
{
  stop_reading (MPOS_SCANNER_SERIAL (device));
}

static void
serial_close (MposDevice *device)
{
  MposScannerSerial *self = MPOS_SCANNER_SERIAL (device);

  stop_reading (self);
  g_clear_pointer (&self->transport, mpos_transport_close);
}

static gboolean
serial_reconnect (MposDevice *device, GError **error)
{
  MposScannerSerial *self = MPOS_SCANNER_SERIAL (device);

  serial_close (MPOS_DEVICE (self));
  if (!open_port (self, error))
    return FALSE;
  start_reading (self);
  return TRUE;
}

static void
mpos_scanner_serial_finalize (GObject *object)
{
  MposScannerSerial *self = MPOS_SCANNER_SERIAL (object);

  serial_close (MPOS_DEVICE (self));
  mpos_transport_address_clear (&self->address);
  G_OBJECT_CLASS (mpos_scanner_serial_parent_class)->finalize (object);
}

static void
mpos_scanner_serial_class_init (MposScannerSerialClass *klass)
{
  MposDeviceClass *device_class = MPOS_DEVICE_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = mpos_scanner_serial_finalize;
  device_class->open = serial_open;
  device_class->enable = serial_enable;
  device_class->disable = serial_disable;
  device_class->close = serial_close;
  device_class->reconnect = serial_reconnect;
}

static void
mpos_scanner_serial_init (MposScannerSerial *self)
{
}

MposScanner *
mpos_scanner_serial_new (const char *name, const char *path, guint baud)
{
  MposScannerSerial *self = g_object_new (MPOS_TYPE_SCANNER_SERIAL, "name", name, "category",
                                          MPOS_DEVICE_SCANNER, NULL);
  g_autofree char *description = NULL;

  self->address.kind = MPOS_TRANSPORT_SERIAL;
  self->address.path = g_strdup (path);
  self->address.baud = baud ? baud : 9600;
  description = mpos_transport_address_describe (&self->address);
  mpos_device_set_description (MPOS_DEVICE (self), description);
  return MPOS_SCANNER (self);
}
