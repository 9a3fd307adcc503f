/* cash-drawer.c — MposCashDrawer over its receipt printer: the kick is a
 * printer command that is never held for later, and the drawer switch is
 * part of the printer's status, forwarded here as the drawer's own events. */
#include "cash-drawer.h"

struct _MposCashDrawer
{
  MposDevice parent_instance;

  MposReceiptPrinter *printer;
  guint pin;
  gulong status_handler;
};

G_DEFINE_FINAL_TYPE (MposCashDrawer, mpos_cash_drawer, MPOS_TYPE_DEVICE)

static void
on_printer_status (MposDevice *printer, int status, gpointer user_data)
{
  MposCashDrawer *self = user_data;

  if (status == MPOS_DEVICE_STATUS_DRAWER_OPEN || status == MPOS_DEVICE_STATUS_DRAWER_CLOSED)
    mpos_device_emit_status (MPOS_DEVICE (self), (MposDeviceStatus)status);
}

/* The drawer works only while its printer does. */
static gboolean
check_ready (MposCashDrawer *self, GError **error)
{
  if (!mpos_device_get_enabled (MPOS_DEVICE (self)))
    {
      mpos_device_set_error (MPOS_DEVICE (self), error, MPOS_DEVICE_ERROR_STATE,
                             "open, claim and enable it first");
      return FALSE;
    }
  if (!mpos_device_get_enabled (MPOS_DEVICE (self->printer)))
    {
      mpos_device_set_error (MPOS_DEVICE (self), error, MPOS_DEVICE_ERROR_STATE,
                             "its printer “%s” is not enabled",
                             mpos_device_get_name (MPOS_DEVICE (self->printer)));
      return FALSE;
    }
  return TRUE;
}

/* The printer's error, said by the drawer. */
static GError *
drawer_error (MposCashDrawer *self, GError *cause)
{
  GError *error = NULL;

  mpos_device_set_error (MPOS_DEVICE (self), &error,
                         cause->domain == MPOS_DEVICE_ERROR ? cause->code
                                                            : MPOS_DEVICE_ERROR_FAILED,
                         "%s", cause->message);
  g_error_free (cause);
  return error;
}

/* What the drawer asks its printer for. */
typedef enum
{
  DRAWER_KICK,
  DRAWER_QUERY,
} DrawerWork;

static void
printer_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  MposCashDrawer *self = g_task_get_source_object (task);
  MposReceiptPrinter *printer = MPOS_RECEIPT_PRINTER (source);
  GError *error = NULL;
  gboolean ok;

  if (GPOINTER_TO_INT (g_task_get_task_data (task)) == DRAWER_KICK)
    ok = mpos_receipt_printer_kick_drawer_finish (printer, result, &error);
  else
    ok = mpos_receipt_printer_query_status_finish (printer, result, NULL, &error);
  if (!ok)
    g_task_return_error (task, drawer_error (self, error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
start_on_printer (MposCashDrawer *self, DrawerWork work, GCancellable *cancellable,
                  GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  GError *error = NULL;

  g_task_set_task_data (task, GINT_TO_POINTER (work), NULL);
  if (!check_ready (self, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  if (work == DRAWER_KICK)
    mpos_receipt_printer_kick_drawer_async (self->printer, self->pin, cancellable, printer_done,
                                            task);
  else
    mpos_receipt_printer_query_status_async (self->printer, cancellable, printer_done, task);
}

void
mpos_cash_drawer_open_drawer_async (MposCashDrawer *self, GCancellable *cancellable,
                                    GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (MPOS_IS_CASH_DRAWER (self));
  start_on_printer (self, DRAWER_KICK, cancellable, callback, user_data);
}

gboolean
mpos_cash_drawer_open_drawer_finish (MposCashDrawer *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
mpos_cash_drawer_query_async (MposCashDrawer *self, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (MPOS_IS_CASH_DRAWER (self));
  start_on_printer (self, DRAWER_QUERY, cancellable, callback, user_data);
}

gboolean
mpos_cash_drawer_query_finish (MposCashDrawer *self, GAsyncResult *result, gboolean *open,
                               gboolean *known, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  if (open != NULL)
    *open = mpos_cash_drawer_get_opened (self, known);
  else if (known != NULL)
    mpos_cash_drawer_get_opened (self, known);
  return TRUE;
}

gboolean
mpos_cash_drawer_get_opened (MposCashDrawer *self, gboolean *known)
{
  return mpos_receipt_printer_get_drawer_open (self->printer, known);
}

MposReceiptPrinter *
mpos_cash_drawer_get_printer (MposCashDrawer *self)
{
  return self->printer;
}

static gboolean
drawer_open_device (MposDevice *device, GError **error)
{
  MposCashDrawer *self = MPOS_CASH_DRAWER (device);
  MposPrinterProfile *profile = mpos_receipt_printer_get_profile (self->printer);

  if (!mpos_printer_profile_has_drawer_pin (profile, self->pin))
    {
      mpos_device_set_error (device, error, MPOS_DEVICE_ERROR_CONFIG,
                             "printer profile “%s” has no drawer on pin %u (pins 2 and 5 exist; "
                             "see drawer-pins)",
                             profile->name, self->pin);
      return FALSE;
    }
  return TRUE;
}

static void
mpos_cash_drawer_dispose (GObject *object)
{
  MposCashDrawer *self = MPOS_CASH_DRAWER (object);

  if (self->printer != NULL)
    g_clear_signal_handler (&self->status_handler, self->printer);
  g_clear_object (&self->printer);
  G_OBJECT_CLASS (mpos_cash_drawer_parent_class)->dispose (object);
}

static void
mpos_cash_drawer_class_init (MposCashDrawerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = mpos_cash_drawer_dispose;
  MPOS_DEVICE_CLASS (klass)->open = drawer_open_device;
}

static void
mpos_cash_drawer_init (MposCashDrawer *self)
{
}

MposCashDrawer *
mpos_cash_drawer_new (const char *name, MposReceiptPrinter *printer, guint pin)
{
  MposCashDrawer *self;
  g_autofree char *description = NULL;

  g_return_val_if_fail (MPOS_IS_RECEIPT_PRINTER (printer), NULL);

  description = g_strdup_printf ("pin %u of printer “%s”", pin,
                                 mpos_device_get_name (MPOS_DEVICE (printer)));
  self = g_object_new (MPOS_TYPE_CASH_DRAWER, "name", name, "category", MPOS_DEVICE_DRAWER,
                       "description", description, NULL);
  self->printer = g_object_ref (printer);
  self->pin = pin;
  self->status_handler = g_signal_connect (printer, "status", G_CALLBACK (on_printer_status), self);
  return self;
}
