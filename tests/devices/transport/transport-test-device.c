/* transport-test-device.c — see transport-test-device.h. */
#include "transport-test-device.h"

struct _MposTestDevice
{
  MposDevice parent_instance;
  MposTransportAddress address;
  MposTransport *transport;
  guint opens;
};

G_DEFINE_FINAL_TYPE (MposTestDevice, mpos_test_device, MPOS_TYPE_DEVICE)

static gboolean
test_device_open (MposDevice *device, GError **error)
{
  MposTestDevice *self = MPOS_TEST_DEVICE (device);
  g_autoptr (GError) local = NULL;

  self->transport = mpos_transport_open (&self->address, 1000, &local);
  if (self->transport == NULL)
    {
      mpos_device_set_error (device, error, local->code, "%s", local->message);
      return FALSE;
    }
  self->opens++;
  return TRUE;
}

static void
test_device_close (MposDevice *device)
{
  MposTestDevice *self = MPOS_TEST_DEVICE (device);

  g_clear_pointer (&self->transport, mpos_transport_close);
}

static void
mpos_test_device_finalize (GObject *object)
{
  MposTestDevice *self = MPOS_TEST_DEVICE (object);

  g_clear_pointer (&self->transport, mpos_transport_close);
  mpos_transport_address_clear (&self->address);
  G_OBJECT_CLASS (mpos_test_device_parent_class)->finalize (object);
}

static void
mpos_test_device_class_init (MposTestDeviceClass *klass)
{
  MposDeviceClass *device_class = MPOS_DEVICE_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = mpos_test_device_finalize;
  device_class->open = test_device_open;
  device_class->close = test_device_close;
}

static void
mpos_test_device_init (MposTestDevice *self)
{
}

MposTestDevice *
mpos_test_device_new (const char *name, const MposTransportAddress *address)
{
  MposTestDevice *self
      = g_object_new (MPOS_TYPE_TEST_DEVICE, "name", name, "category", MPOS_DEVICE_PRINTER, NULL);
  g_autofree char *description = mpos_transport_address_describe (address);

  mpos_transport_address_copy (&self->address, address);
  mpos_device_set_description (MPOS_DEVICE (self), description);
  return self;
}

MposTransport *
mpos_test_device_get_transport (MposTestDevice *self)
{
  return self->transport;
}

guint
mpos_test_device_get_opens (MposTestDevice *self)
{
  return self->opens;
}

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *)data = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
mpos_test_wait_for (const gboolean *flag, guint timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, timeout_cb, &timed_out);

  while (!*flag && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  return *flag;
}

MposReceiptPrinter *
mpos_test_tcp_printer_new (guint16 port)
{
  g_autoptr (MposPrinterProfile) profile = mpos_printer_profile_new_virtual (576);
  MposTransportAddress address = { 0 };
  MposReceiptPrinter *printer;

  address.kind = MPOS_TRANSPORT_TCP;
  address.host = g_strdup ("127.0.0.1");
  address.port = port;
  printer = mpos_receipt_printer_new_for_transport ("printer0", profile, &address);
  mpos_transport_address_clear (&address);
  return printer;
}

void
mpos_test_assert_read_times_out (MposTransport *transport, guint timeout_ms)
{
  g_autoptr (GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  guint8 buffer[8];

  g_assert_cmpint (mpos_transport_read (transport, buffer, sizeof buffer, timeout_ms, &error), ==,
                   0);
  g_assert_no_error (error);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, (gint64)(timeout_ms - 10) * 1000);
}

char *
mpos_test_assert_refused (const MposTransportAddress *address, guint timeout_ms,
                          MposDeviceError code)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) probe_error = NULL;
  int expected = (int)code;

  g_assert_null (mpos_transport_open (address, timeout_ms, &error));
  g_assert_error (error, MPOS_DEVICE_ERROR, expected);
  g_assert_false (mpos_transport_probe (address, timeout_ms, &probe_error));
  g_assert_error (probe_error, MPOS_DEVICE_ERROR, expected);
  return g_strdup (error->message);
}
