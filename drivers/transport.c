/* transport.c — the one entry point to the transports: dispatch to the
 * backend for the address kind, the address helpers (describe, copy,
 * compare) and the error and deadline helpers the backends share. */
#include "transport-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

void
mpos_transport_address_clear (MposTransportAddress *address)
{
  if (address == NULL)
    return;
  g_clear_pointer (&address->serial, g_free);
  g_clear_pointer (&address->path, g_free);
  g_clear_pointer (&address->host, g_free);
  g_clear_pointer (&address->reply_path, g_free);
}

void
mpos_transport_address_copy (MposTransportAddress *dest, const MposTransportAddress *src)
{
  *dest = *src;
  dest->serial = g_strdup (src->serial);
  dest->path = g_strdup (src->path);
  dest->host = g_strdup (src->host);
  dest->reply_path = g_strdup (src->reply_path);
}

gboolean
mpos_transport_address_equal (const MposTransportAddress *a, const MposTransportAddress *b)
{
  if (a->kind != b->kind)
    return FALSE;
  switch (a->kind)
    {
    case MPOS_TRANSPORT_USB:
      return a->vendor_id == b->vendor_id && a->product_id == b->product_id
             && g_strcmp0 (a->serial, b->serial) == 0;
    case MPOS_TRANSPORT_TCP:
      return g_ascii_strcasecmp (a->host ? a->host : "", b->host ? b->host : "") == 0
             && a->port == b->port;
    case MPOS_TRANSPORT_SERIAL:
    case MPOS_TRANSPORT_FILE:
    default:
      return g_strcmp0 (a->path, b->path) == 0;
    }
}

char *
mpos_transport_address_describe (const MposTransportAddress *address)
{
  switch (address->kind)
    {
    case MPOS_TRANSPORT_USB:
      if (address->serial)
        return g_strdup_printf (_ ("usb %04x:%04x serial %s"), address->vendor_id,
                                address->product_id, address->serial);
      return g_strdup_printf (_ ("usb %04x:%04x"), address->vendor_id, address->product_id);
    case MPOS_TRANSPORT_SERIAL:
      return g_strdup_printf (_ ("serial %s %u"), address->path ? address->path : _ ("(no port)"),
                              address->baud ? address->baud : 9600);
    case MPOS_TRANSPORT_TCP:
      /* IPv6 literals in brackets so the port stays readable. */
      if (address->host && strchr (address->host, ':'))
        return g_strdup_printf (_ ("tcp [%s]:%u"), address->host,
                                address->port ? address->port : 9100);
      return g_strdup_printf (_ ("tcp %s:%u"), address->host ? address->host : _ ("(no host)"),
                              address->port ? address->port : 9100);
    case MPOS_TRANSPORT_FILE:
      return g_strdup_printf (_ ("file %s"), address->path ? address->path : _ ("(no path)"));
    default:
      return g_strdup ("unknown transport");
    }
}

void
mpos_transport_set_error (const MposTransportAddress *address, GError **error, MposDeviceError code,
                          const char *format, ...)
{
  g_autofree char *reason = NULL;
  g_autofree char *where = NULL;
  va_list args;

  if (error == NULL)
    return;
  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);
  where = mpos_transport_address_describe (address);
  g_set_error (error, MPOS_DEVICE_ERROR, code, "%s: %s", where, reason);
}

gint64
mpos_transport_deadline (guint timeout_ms)
{
  return g_get_monotonic_time () + (gint64)timeout_ms * 1000;
}

int
mpos_transport_remaining_ms (gint64 deadline)
{
  gint64 left = deadline - g_get_monotonic_time ();

  if (left <= 0)
    return 0;
  /* Round up so a poll never returns a hair before the deadline. */
  return (int)MIN ((left + 999) / 1000, G_MAXINT);
}

void
mpos_transport_init (MposTransport *transport, const MposTransportVTable *vtable,
                     const MposTransportAddress *address)
{
  transport->vtable = vtable;
  mpos_transport_address_copy (&transport->address, address);
  transport->description = mpos_transport_address_describe (address);
}

void
mpos_transport_finish (MposTransport *transport)
{
  mpos_transport_address_clear (&transport->address);
  g_free (transport->description);
}

MposTransport *
mpos_transport_open (const MposTransportAddress *address, guint timeout_ms, GError **error)
{
  g_return_val_if_fail (address != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  switch (address->kind)
    {
    case MPOS_TRANSPORT_USB:
      return mpos_transport_usb_open (address, timeout_ms, error);
    case MPOS_TRANSPORT_SERIAL:
      return mpos_transport_serial_open (address, timeout_ms, error);
    case MPOS_TRANSPORT_TCP:
      return mpos_transport_tcp_open (address, timeout_ms, error);
    case MPOS_TRANSPORT_FILE:
      return mpos_transport_file_open (address, timeout_ms, error);
    default:
      mpos_transport_set_error (address, error, MPOS_DEVICE_ERROR_CONFIG,
                                "unknown transport kind %d", (int)address->kind);
      return NULL;
    }
}

gboolean
mpos_transport_probe (const MposTransportAddress *address, guint timeout_ms, GError **error)
{
  g_return_val_if_fail (address != NULL, FALSE);

  switch (address->kind)
    {
    case MPOS_TRANSPORT_USB:
      return mpos_transport_usb_probe (address, error);
    case MPOS_TRANSPORT_SERIAL:
      return mpos_transport_serial_probe (address, error);
    case MPOS_TRANSPORT_TCP:
      return mpos_transport_tcp_probe (address, timeout_ms, error);
    case MPOS_TRANSPORT_FILE:
      return mpos_transport_file_probe (address, error);
    default:
      mpos_transport_set_error (address, error, MPOS_DEVICE_ERROR_CONFIG,
                                "unknown transport kind %d", (int)address->kind);
      return FALSE;
    }
}

void
mpos_transport_close (MposTransport *transport)
{
  if (transport == NULL)
    return;
  transport->vtable->close (transport);
}

gboolean
mpos_transport_write (MposTransport *transport, const guint8 *data, gsize length, guint timeout_ms,
                      GError **error)
{
  g_return_val_if_fail (transport != NULL, FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (length == 0)
    return TRUE;
  return transport->vtable->write (transport, data, length, timeout_ms, error);
}

gssize
mpos_transport_read (MposTransport *transport, guint8 *buffer, gsize length, guint timeout_ms,
                     GError **error)
{
  g_return_val_if_fail (transport != NULL, -1);
  g_return_val_if_fail (buffer != NULL || length == 0, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  if (length == 0)
    return 0;
  return transport->vtable->read (transport, buffer, MIN (length, (gsize)G_MAXSSIZE), timeout_ms,
                                  error);
}

int
mpos_transport_get_fd (MposTransport *transport)
{
  g_return_val_if_fail (transport != NULL, -1);

  return transport->vtable->get_fd ? transport->vtable->get_fd (transport) : -1;
}

MposTransportKind
mpos_transport_get_kind (MposTransport *transport)
{
  g_return_val_if_fail (transport != NULL, MPOS_TRANSPORT_FILE);

  return transport->address.kind;
}

const MposTransportAddress *
mpos_transport_get_address (MposTransport *transport)
{
  g_return_val_if_fail (transport != NULL, NULL);

  return &transport->address;
}

const char *
mpos_transport_get_description (MposTransport *transport)
{
  g_return_val_if_fail (transport != NULL, NULL);

  return transport->description;
}
