/* transport-usb.c — USB printers and scanners through libusb: the device is
 * found by vendor/product id and serial string (never by bus number, which
 * changes on every replug), its interface claimed (detaching usblp & co when
 * configured, reattaching on close), and bytes moved on the bulk or
 * interrupt endpoints read from its descriptors. Each transport owns its own
 * libusb context so devices never share event handling. libusb errors become
 * the MPOS_DEVICE_ERROR codes a cashier's message can act on. */
#include "transport-private.h"

#include <libusb.h>
#include <string.h>

#define STRING_TIMEOUT_MS 1000
#define MAX_TRANSFER (1024 * 1024)

typedef struct
{
  MposTransport parent;
  libusb_context *context;
  libusb_device_handle *handle;
  int interface;
  guint8 ep_out;   /* 0: none */
  guint8 ep_in;    /* 0: none */
  guint8 out_type; /* LIBUSB_TRANSFER_TYPE_BULK or _INTERRUPT */
  guint8 in_type;
  guint16 in_packet;
  gboolean claimed;
  gboolean reattach;
  GByteArray *pending; /* read from the device beyond what the caller asked for */
} MposTransportUsb;

static const char udev_hint[]
    = "install the MallPOS udev rules (/usr/lib/udev/rules.d/60-mallpos.rules, "
      "packaging/udev/60-mallpos.rules in the source) or add a rule for this vendor/product "
      "id, then unplug and replug the device";

static MposDeviceError
code_for (int rc)
{
  switch (rc)
    {
    case LIBUSB_ERROR_NO_DEVICE:
    case LIBUSB_ERROR_IO:
      return MPOS_DEVICE_ERROR_OFFLINE;
    case LIBUSB_ERROR_TIMEOUT:
      return MPOS_DEVICE_ERROR_TIMEOUT;
    case LIBUSB_ERROR_BUSY:
      return MPOS_DEVICE_ERROR_CLAIMED;
    case LIBUSB_ERROR_ACCESS:
      return MPOS_DEVICE_ERROR_PERMISSION;
    case LIBUSB_ERROR_NOT_FOUND:
      return MPOS_DEVICE_ERROR_NO_HARDWARE;
    case LIBUSB_ERROR_PIPE:
    case LIBUSB_ERROR_OVERFLOW:
      return MPOS_DEVICE_ERROR_PROTOCOL;
    default:
      return MPOS_DEVICE_ERROR_FAILED;
    }
}

static void
set_usb_error (const MposTransportAddress *address, GError **error, int rc, const char *doing)
{
  switch (rc)
    {
    case LIBUSB_ERROR_NO_DEVICE:
      mpos_transport_set_error (address, error, MPOS_DEVICE_ERROR_OFFLINE,
                                "the device was unplugged or switched off while %s", doing);
      break;
    case LIBUSB_ERROR_ACCESS:
      mpos_transport_set_error (address, error, MPOS_DEVICE_ERROR_PERMISSION,
                                "permission denied while %s; %s", doing, udev_hint);
      break;
    case LIBUSB_ERROR_BUSY:
      mpos_transport_set_error (address, error, MPOS_DEVICE_ERROR_CLAIMED,
                                "claimed by another program or driver while %s", doing);
      break;
    default:
      mpos_transport_set_error (address, error, code_for (rc), "%s failed: %s", doing,
                                libusb_strerror (rc));
    }
}

/* ---- finding the device ------------------------------------------------------ */

static char *
sysfs_serial (libusb_device *device)
{
  guint8 ports[8];
  int n = libusb_get_port_numbers (device, ports, G_N_ELEMENTS (ports));
  g_autoptr (GString) name = NULL;
  g_autofree char *path = NULL;
  char *contents = NULL;

  if (n <= 0)
    return NULL;
  name = g_string_new (NULL);
  g_string_append_printf (name, "%u-%u", libusb_get_bus_number (device), ports[0]);
  for (int i = 1; i < n; i++)
    g_string_append_printf (name, ".%u", ports[i]);
  path = g_build_filename ("/sys/bus/usb/devices", name->str, "serial", NULL);
  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return NULL;
  return g_strchomp (contents);
}

/* Reads a string descriptor as UTF-8 (serials may be UTF-16 beyond ASCII). */
static char *
descriptor_string (libusb_device_handle *handle, guint8 index, guint timeout_ms, int *rc)
{
  guint8 buffer[256];
  guint16 langid;
  int got;

  got = libusb_get_string_descriptor (handle, 0, 0, buffer, sizeof buffer);
  if (got < 4)
    {
      *rc = got < 0 ? got : LIBUSB_ERROR_IO;
      return NULL;
    }
  langid = (guint16)(buffer[2] | (buffer[3] << 8));
  got = libusb_control_transfer (handle, LIBUSB_ENDPOINT_IN, LIBUSB_REQUEST_GET_DESCRIPTOR,
                                 (guint16)((LIBUSB_DT_STRING << 8) | index), langid, buffer,
                                 sizeof buffer, timeout_ms);
  if (got < 2 || buffer[1] != LIBUSB_DT_STRING)
    {
      *rc = got < 0 ? got : LIBUSB_ERROR_IO;
      return NULL;
    }
  {
    gunichar2 units[127];
    glong n_units = (MIN (got, buffer[0]) - 2) / 2;

    for (glong i = 0; i < n_units; i++)
      units[i] = (gunichar2)(buffer[2 + 2 * i] | (buffer[3 + 2 * i] << 8));
    *rc = 0;
    return g_utf16_to_utf8 (units, n_units, NULL, NULL, NULL);
  }
}

typedef struct
{
  int access_rc;      /* LIBUSB_ERROR_ACCESS when a candidate could not be opened */
  char *access_node;  /* its /dev/bus/usb node, for the message */
  GPtrArray *serials; /* serials of candidates that did not match */
  guint candidates;   /* devices with the right vendor/product id */
} FindReport;

static void
find_report_clear (FindReport *report)
{
  g_free (report->access_node);
  g_clear_pointer (&report->serials, g_ptr_array_unref);
}

static gboolean
open_device (libusb_device *device, libusb_device_handle **handle, FindReport *report)
{
  int rc = libusb_open (device, handle);

  if (rc == 0)
    return TRUE;
  if (rc == LIBUSB_ERROR_ACCESS && report->access_rc == 0)
    {
      report->access_rc = rc;
      report->access_node
          = g_strdup_printf ("/dev/bus/usb/%03u/%03u", libusb_get_bus_number (device),
                             libusb_get_device_address (device));
    }
  *handle = NULL;
  return FALSE;
}

/* The serial of a candidate: from sysfs when it can (no need to open the
 * device), else from its string descriptor. Opens *handle if needed. */
static char *
candidate_serial (libusb_device *device, const struct libusb_device_descriptor *descriptor,
                  libusb_device_handle **handle, guint timeout_ms, FindReport *report)
{
  char *serial = sysfs_serial (device);
  int rc = 0;

  if (serial || descriptor->iSerialNumber == 0)
    return serial ? serial : g_strdup ("");
  if (*handle == NULL && !open_device (device, handle, report))
    return NULL;
  serial = descriptor_string (*handle, descriptor->iSerialNumber, timeout_ms, &rc);
  return serial ? serial : g_strdup ("");
}

/* Finds the configured device. With want_handle, returns it opened in
 * *handle; otherwise only says whether it is there. */
static gboolean
find_device (libusb_context *context, const MposTransportAddress *address, guint timeout_ms,
             libusb_device_handle **handle, GError **error)
{
  libusb_device **list = NULL;
  ssize_t n = libusb_get_device_list (context, &list);
  FindReport report = { 0 };
  gboolean found = FALSE;
  gboolean want_handle = handle != NULL;

  if (n < 0)
    {
      set_usb_error (address, error, (int)n, "listing USB devices");
      return FALSE;
    }
  report.serials = g_ptr_array_new_with_free_func (g_free);
  for (ssize_t i = 0; i < n && !found; i++)
    {
      struct libusb_device_descriptor descriptor;
      libusb_device_handle *candidate = NULL;
      g_autofree char *serial = NULL;

      if (libusb_get_device_descriptor (list[i], &descriptor) < 0
          || descriptor.idVendor != address->vendor_id
          || descriptor.idProduct != address->product_id)
        continue;
      report.candidates++;
      if (address->serial)
        {
          serial = candidate_serial (list[i], &descriptor, &candidate, timeout_ms, &report);
          if (serial == NULL || strcmp (serial, address->serial) != 0)
            {
              if (serial)
                g_ptr_array_add (report.serials, g_steal_pointer (&serial));
              g_clear_pointer (&candidate, libusb_close);
              continue;
            }
        }
      if (want_handle && candidate == NULL && !open_device (list[i], &candidate, &report))
        continue;
      found = TRUE;
      if (want_handle)
        *handle = candidate;
      else
        g_clear_pointer (&candidate, libusb_close);
    }
  libusb_free_device_list (list, TRUE);

  if (!found && report.access_rc)
    mpos_transport_set_error (address, error, MPOS_DEVICE_ERROR_PERMISSION,
                              "permission denied opening %s; %s", report.access_node, udev_hint);
  else if (!found && report.serials->len > 0)
    {
      g_ptr_array_add (report.serials, NULL);
      g_autofree char *others = g_strjoinv (", ", (char **)report.serials->pdata);
      mpos_transport_set_error (address, error, MPOS_DEVICE_ERROR_NO_HARDWARE,
                                "not connected; only serial %s of that model is: check the "
                                "serial in devices.ini",
                                others);
    }
  else if (!found)
    mpos_transport_set_error (address, error, MPOS_DEVICE_ERROR_NO_HARDWARE,
                              "not connected; check the cable and that the device is switched on");
  find_report_clear (&report);
  return found;
}

static libusb_context *
new_context (const MposTransportAddress *address, GError **error)
{
  libusb_context *context = NULL;
  int rc = libusb_init (&context);

  if (rc < 0)
    {
      mpos_transport_set_error (address, error, MPOS_DEVICE_ERROR_NO_HARDWARE,
                                "USB is not available on this machine: %s", libusb_strerror (rc));
      return NULL;
    }
  return context;
}

/* ---- the interface and its endpoints ------------------------------------------ */

static gboolean
endpoint_usable (const struct libusb_endpoint_descriptor *endpoint)
{
  int type = endpoint->bmAttributes & LIBUSB_TRANSFER_TYPE_MASK;

  return type == LIBUSB_TRANSFER_TYPE_BULK || type == LIBUSB_TRANSFER_TYPE_INTERRUPT;
}

/* Picks the interface to claim: the first with a bulk OUT endpoint (a
 * printer), else the first with any bulk/interrupt endpoint (a scanner). */
static gboolean
pick_interface (MposTransportUsb *self, const struct libusb_config_descriptor *config)
{
  for (int pass = 0; pass < 2; pass++)
    for (guint8 i = 0; i < config->bNumInterfaces; i++)
      {
        const struct libusb_interface_descriptor *alt;
        guint8 out = 0, in = 0, out_type = 0, in_type = 0;
        guint16 in_packet = 0;

        if (config->interface[i].num_altsetting < 1)
          continue;
        alt = &config->interface[i].altsetting[0];
        for (guint8 e = 0; e < alt->bNumEndpoints; e++)
          {
            const struct libusb_endpoint_descriptor *endpoint = &alt->endpoint[e];
            guint8 type = endpoint->bmAttributes & LIBUSB_TRANSFER_TYPE_MASK;

            if (!endpoint_usable (endpoint))
              continue;
            if ((endpoint->bEndpointAddress & LIBUSB_ENDPOINT_IN) && in == 0)
              {
                in = endpoint->bEndpointAddress;
                in_type = type;
                in_packet = endpoint->wMaxPacketSize & 0x7ff;
              }
            else if (!(endpoint->bEndpointAddress & LIBUSB_ENDPOINT_IN) && out == 0)
              {
                out = endpoint->bEndpointAddress;
                out_type = type;
              }
          }
        if (pass == 0 && !(out && out_type == LIBUSB_TRANSFER_TYPE_BULK))
          continue;
        if (!out && !in)
          continue;
        self->interface = alt->bInterfaceNumber;
        self->ep_out = out;
        self->ep_in = in;
        self->out_type = out_type;
        self->in_type = in_type;
        self->in_packet = in_packet ? in_packet : 64;
        return TRUE;
      }
  return FALSE;
}

static gboolean
find_endpoints (MposTransportUsb *self, GError **error)
{
  libusb_device *device = libusb_get_device (self->handle);
  struct libusb_config_descriptor *config = NULL;
  int rc = libusb_get_active_config_descriptor (device, &config);
  gboolean found;

  if (rc == LIBUSB_ERROR_NOT_FOUND) /* unconfigured: look at the first configuration */
    rc = libusb_get_config_descriptor (device, 0, &config);
  if (rc < 0)
    {
      set_usb_error (&self->parent.address, error, rc, "reading the configuration descriptor");
      return FALSE;
    }
  found = pick_interface (self, config);
  libusb_free_config_descriptor (config);
  if (!found)
    mpos_transport_set_error (&self->parent.address, error, MPOS_DEVICE_ERROR_PROTOCOL,
                              "the device has no bulk or interrupt endpoint to talk to");
  return found;
}

static gboolean
claim (MposTransportUsb *self, GError **error)
{
  const MposTransportAddress *address = &self->parent.address;
  int active = libusb_kernel_driver_active (self->handle, self->interface);
  int rc;

  if (active == 1 && address->detach_kernel_driver)
    {
      rc = libusb_detach_kernel_driver (self->handle, self->interface);
      if (rc < 0 && rc != LIBUSB_ERROR_NOT_FOUND)
        {
          set_usb_error (address, error, rc, "detaching the kernel driver");
          return FALSE;
        }
      self->reattach = rc == 0;
    }
  rc = libusb_claim_interface (self->handle, self->interface);
  if (rc == LIBUSB_ERROR_BUSY && active == 1 && !address->detach_kernel_driver)
    {
      mpos_transport_set_error (address, error, MPOS_DEVICE_ERROR_CLAIMED,
                                "a kernel driver (such as usblp) holds interface %d; set "
                                "detach_kernel_driver=true for this device in devices.ini",
                                self->interface);
      return FALSE;
    }
  if (rc == LIBUSB_ERROR_BUSY)
    {
      mpos_transport_set_error (address, error, MPOS_DEVICE_ERROR_CLAIMED,
                                "interface %d is claimed by another program (another MallPOS, "
                                "CUPS?); close it and try again",
                                self->interface);
      return FALSE;
    }
  if (rc < 0)
    {
      set_usb_error (address, error, rc, "claiming the interface");
      return FALSE;
    }
  self->claimed = TRUE;
  return TRUE;
}

/* ---- the vtable ---------------------------------------------------------------- */

static int
transfer (MposTransportUsb *self, guint8 endpoint, guint8 type, guint8 *data, int length,
          int *transferred, guint timeout_ms)
{
  /* libusb reads 0 as "wait forever"; ours means "do not wait". */
  guint timeout = MAX (timeout_ms, 1u);

  if (type == LIBUSB_TRANSFER_TYPE_INTERRUPT)
    return libusb_interrupt_transfer (self->handle, endpoint, data, length, transferred, timeout);
  return libusb_bulk_transfer (self->handle, endpoint, data, length, transferred, timeout);
}

static gboolean
usb_write (MposTransport *transport, const guint8 *data, gsize length, guint timeout_ms,
           GError **error)
{
  MposTransportUsb *self = (MposTransportUsb *)transport;
  gint64 deadline = mpos_transport_deadline (timeout_ms);
  gsize done = 0;

  if (self->ep_out == 0)
    {
      mpos_transport_set_error (&transport->address, error, MPOS_DEVICE_ERROR_STATE,
                                "the device has no OUT endpoint; it cannot be written to");
      return FALSE;
    }
  while (done < length)
    {
      int chunk = (int)MIN (length - done, (gsize)MAX_TRANSFER);
      int sent = 0;
      int rc = transfer (self, self->ep_out, self->out_type, (guint8 *)data + done, chunk, &sent,
                         (guint)mpos_transport_remaining_ms (deadline));

      done += (gsize)MAX (sent, 0);
      if (rc == LIBUSB_ERROR_TIMEOUT)
        {
          mpos_transport_set_error (&transport->address, error, MPOS_DEVICE_ERROR_TIMEOUT,
                                    "the device took no data for %u ms (%" G_GSIZE_FORMAT
                                    " of %" G_GSIZE_FORMAT " bytes sent); is it out of paper "
                                    "or its cover open?",
                                    timeout_ms, done, length);
          return FALSE;
        }
      if (rc < 0)
        {
          set_usb_error (&transport->address, error, rc, "writing");
          return FALSE;
        }
    }
  return TRUE;
}

static gsize
take_pending (MposTransportUsb *self, guint8 *buffer, gsize length)
{
  gsize n = MIN (length, self->pending->len);

  memcpy (buffer, self->pending->data, n);
  g_byte_array_remove_range (self->pending, 0, (guint)n);
  return n;
}

static gssize
usb_read (MposTransport *transport, guint8 *buffer, gsize length, guint timeout_ms, GError **error)
{
  MposTransportUsb *self = (MposTransportUsb *)transport;
  g_autofree guint8 *packet = NULL;
  gsize size;
  int got = 0;
  int rc;

  if (self->pending->len > 0)
    return (gssize)take_pending (self, buffer, length);
  if (self->ep_in == 0)
    {
      mpos_transport_set_error (&transport->address, error, MPOS_DEVICE_ERROR_STATE,
                                "the device has no IN endpoint; it cannot be read from");
      return -1;
    }
  /* Whole packets, or a device answering more than asked would overflow. */
  size = MIN ((length + self->in_packet - 1) / self->in_packet * self->in_packet,
              (gsize)MAX_TRANSFER);
  packet = g_malloc (size);
  rc = transfer (self, self->ep_in, self->in_type, packet, (int)size, &got, timeout_ms);
  if (got > 0)
    {
      g_byte_array_append (self->pending, packet, (guint)got);
      return (gssize)take_pending (self, buffer, length);
    }
  if (rc == 0 || rc == LIBUSB_ERROR_TIMEOUT)
    return 0;
  set_usb_error (&transport->address, error, rc, "reading");
  return -1;
}

static void
usb_close (MposTransport *transport)
{
  MposTransportUsb *self = (MposTransportUsb *)transport;

  if (self->handle)
    {
      if (self->claimed)
        libusb_release_interface (self->handle, self->interface);
      if (self->reattach)
        libusb_attach_kernel_driver (self->handle, self->interface);
      libusb_close (self->handle);
    }
  if (self->context)
    libusb_exit (self->context);
  g_byte_array_unref (self->pending);
  mpos_transport_finish (transport);
  g_free (self);
}

static const MposTransportVTable usb_vtable = {
  usb_write,
  usb_read,
  NULL,
  usb_close,
};

static gboolean
check_address (const MposTransportAddress *address, GError **error)
{
  if (address->vendor_id == 0 || address->product_id == 0)
    {
      mpos_transport_set_error (address, error, MPOS_DEVICE_ERROR_CONFIG,
                                "the vendor and product id must both be set");
      return FALSE;
    }
  return TRUE;
}

MposTransport *
mpos_transport_usb_open (const MposTransportAddress *address, guint timeout_ms, GError **error)
{
  MposTransportUsb *self;
  guint string_timeout = timeout_ms ? MIN (timeout_ms, STRING_TIMEOUT_MS) : STRING_TIMEOUT_MS;

  if (!check_address (address, error))
    return NULL;
  self = g_new0 (MposTransportUsb, 1);
  mpos_transport_init (&self->parent, &usb_vtable, address);
  self->pending = g_byte_array_new ();
  self->context = new_context (address, error);
  if (self->context == NULL
      || !find_device (self->context, address, string_timeout, &self->handle, error)
      || !find_endpoints (self, error) || !claim (self, error))
    {
      usb_close (&self->parent);
      return NULL;
    }
  return &self->parent;
}

gboolean
mpos_transport_usb_probe (const MposTransportAddress *address, GError **error)
{
  libusb_context *context;
  gboolean found;

  if (!check_address (address, error))
    return FALSE;
  context = new_context (address, error);
  if (context == NULL)
    return FALSE;
  found = find_device (context, address, STRING_TIMEOUT_MS, NULL, error);
  libusb_exit (context);
  return found;
}
