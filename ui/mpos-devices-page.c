/* mpos-devices-page.c — the devices screen (mpos-devices-page.h). A
 * supervisor's PIN for a no-sale drawer open is checked off the main loop
 * (mpos-staff-approval.h). */
#include "mpos-devices-page.h"

#include "mpos-number-pad.h"
#include "mpos-staff-approval.h"
#include "staff-permission.h"

#include <glib/gi18n.h>
#include <string.h>

struct _MposDevicesPage
{
  GtkBox parent_instance;
  MposTill *till;
  GPtrArray *inputs; /* MposDevice: the scanners and card readers the window opened */
  GCancellable *checking; /* a drawer approval under way, or NULL */
  /* template */
  GtkListBox *device_rows;
  GtkBox *drawer_approval;
  GtkEntry *drawer_supervisor;
  GtkPasswordEntry *drawer_pin;
  MposNumberPad *drawer_pad;
  GtkLabel *devices_problem;
  GtkButton *test_print_button;
  GtkButton *open_drawer_button;
  GtkButton *refresh_devices_button;
};

G_DEFINE_FINAL_TYPE (MposDevicesPage, mpos_devices_page, GTK_TYPE_BOX)

/* ---- how each device is ------------------------------------------------------------- */

static MposDevice *
find_input (MposDevicesPage *self, const char *name)
{
  for (guint i = 0; i < self->inputs->len; i++)
    if (g_strcmp0 (mpos_device_get_name (g_ptr_array_index (self->inputs, i)), name) == 0)
      return g_ptr_array_index (self->inputs, i);
  return NULL;
}

static char *
printer_state (MposDevicesPage *self, const MposDeviceEntry *entry)
{
  MposTillPrinter *printer = mpos_till_get_printer (self->till);
  MposReceiptPrinter *device = mpos_till_printer_get_device (printer);
  const char *problem = mpos_till_printer_get_problem (printer);

  if (device == NULL || g_strcmp0 (mpos_device_get_name (MPOS_DEVICE (device)), entry->name) != 0)
    return device == NULL && problem ? g_strdup (problem)
                                     : g_strdup (_ ("not used: the till prints on the first printer"));
  return problem ? g_strdup (problem) : g_strdup (_ ("ready"));
}

static char *
drawer_state (MposDevicesPage *self, const MposDeviceEntry *entry)
{
  MposReceiptPrinter *device = mpos_till_printer_get_device (mpos_till_get_printer (self->till));
  gboolean known = FALSE;
  gboolean open = device ? mpos_receipt_printer_get_drawer_open (device, &known) : FALSE;

  if (device == NULL)
    return g_strdup (_ ("no printer to open it through"));
  if (!known)
    return g_strdup_printf (_ ("opened through %s; no sensor says whether it is open now"),
                            entry->printer ? entry->printer : "printer");
  return g_strdup (open ? _ ("open") : _ ("closed"));
}

static char *
input_state (MposDevicesPage *self, const MposDeviceEntry *entry)
{
  MposDevice *device = find_input (self, entry->name);

  if (device == NULL)
    return g_strdup (_ ("not opened: it is not connected or not allowed (the log says why)"));
  if (mpos_device_get_state (device) == MPOS_DEVICE_STATE_ERROR || !mpos_device_get_enabled (device))
    return g_strdup (_ ("not working: check its cable, then restart the till"));
  return g_strdup (_ ("ready"));
}

static char *
device_state (MposDevicesPage *self, const MposDeviceEntry *entry)
{
  switch (entry->category)
    {
    case MPOS_DEVICE_PRINTER:
      return printer_state (self, entry);
    case MPOS_DEVICE_DRAWER:
      return drawer_state (self, entry);
    case MPOS_DEVICE_SCANNER:
    case MPOS_DEVICE_CARD_READER:
      break;
    }
  return input_state (self, entry);
}

static const char *
category_word (MposDeviceCategory category)
{
  switch (category)
    {
    case MPOS_DEVICE_PRINTER:
      return _ ("Receipt printer");
    case MPOS_DEVICE_DRAWER:
      return _ ("Cash drawer");
    case MPOS_DEVICE_SCANNER:
      return _ ("Scanner");
    case MPOS_DEVICE_CARD_READER:
      return _ ("Card reader");
    }
  return "";
}

static void
add_row (MposDevicesPage *self, const MposDeviceEntry *entry)
{
  g_autofree char *where = mpos_device_entry_describe (entry);
  g_autofree char *state = device_state (self, entry);
  g_autofree char *text
      = g_strdup_printf ("%s · %s · %s\n%s", category_word (entry->category), entry->name, where,
                         state);
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_name (label, entry->name); /* tests find a device's row by its name */
  gtk_list_box_append (self->device_rows, label);
}

void
mpos_devices_page_refresh (MposDevicesPage *self)
{
  MposDeviceConfig *config = mpos_till_printer_get_config (mpos_till_get_printer (self->till));
  GtkWidget *row;

  while ((row = gtk_widget_get_first_child (GTK_WIDGET (self->device_rows))) != NULL)
    gtk_list_box_remove (self->device_rows, row);
  gtk_widget_set_visible (GTK_WIDGET (self->drawer_approval), FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->drawer_pin), "");
  gtk_label_set_text (self->devices_problem,
                      config ? "" : _ ("devices.ini could not be read: the log says why."));
  for (guint i = 0; config && i < mpos_device_config_get_n_entries (config); i++)
    add_row (self, mpos_device_config_get_entry (config, i));
}

/* ---- test print and the drawer ------------------------------------------------------ */

static void
on_test_print (GtkButton *button, MposDevicesPage *self)
{
  g_autoptr (GError) error = NULL;

  if (!mpos_till_printer_test_print (mpos_till_get_printer (self->till), &error))
    gtk_label_set_text (self->devices_problem, error->message);
  else
    gtk_label_set_text (self->devices_problem, _ ("Test page sent to the printer."));
}

/* Whether a cashier may open it alone in this store. */
static gboolean
cashiers_may_open (MposDevicesPage *self)
{
  gboolean allowed = FALSE;

  return mpos_staff_role_may (mpos_till_get_store (self->till), MPOS_STAFF_ROLE_CASHIER,
                              MPOS_ACTION_DRAWER_OPEN, &allowed, NULL)
         && allowed;
}

static void
on_drawer_authorized (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (MposDevicesPage) self = user_data;
  g_autoptr (GError) error = NULL;
  g_auto (MposStaff) approver = { 0 };
  gboolean ok = mpos_staff_approval_finish (result, &approver, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->till == NULL)
    return;
  g_clear_object (&self->checking);
  gtk_widget_set_sensitive (GTK_WIDGET (self->open_drawer_button), TRUE);
  if (!ok || !mpos_till_printer_open_drawer (mpos_till_get_printer (self->till), &error))
    {
      gtk_label_set_text (self->devices_problem, error->message);
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->drawer_approval), FALSE);
  gtk_label_set_text (self->devices_problem, _ ("Drawer opened (no sale): it is in the audit log."));
}

static void
open_drawer (MposDevicesPage *self)
{
  g_autofree char *number
      = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->drawer_supervisor))));
  MposStaffCredential credential
      = { number, gtk_editable_get_text (GTK_EDITABLE (self->drawer_pin)), NULL };
  gboolean signed_for = gtk_widget_get_visible (GTK_WIDGET (self->drawer_approval));

  if (self->checking != NULL)
    return;
  /* the permission is checked and the open audited before the drawer moves */
  self->checking = g_cancellable_new ();
  gtk_widget_set_sensitive (GTK_WIDGET (self->open_drawer_button), FALSE);
  gtk_label_set_text (self->devices_problem,
                      signed_for ? _ ("Checking the supervisor's PIN…") : "");
  mpos_staff_approval_async (mpos_store_path (mpos_till_get_store (self->till)),
                             signed_for ? &credential : NULL, MPOS_ACTION_DRAWER_OPEN,
                             mpos_till_get_cashier (self->till), "no_sale_drawer_open", "drawer",
                             self->checking, on_drawer_authorized, g_object_ref (self));
  gtk_editable_set_text (GTK_EDITABLE (self->drawer_pin), ""); /* never kept */
}

static void
on_open_drawer (GtkButton *button, MposDevicesPage *self)
{
  if (!cashiers_may_open (self) && !gtk_widget_get_visible (GTK_WIDGET (self->drawer_approval)))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->drawer_approval), TRUE);
      gtk_editable_set_text (GTK_EDITABLE (self->drawer_supervisor), "");
      gtk_label_set_text (self->devices_problem, "");
      gtk_widget_grab_focus (GTK_WIDGET (self->drawer_supervisor));
      return;
    }
  open_drawer (self);
}

static void
on_refresh (GtkButton *button, MposDevicesPage *self)
{
  mpos_devices_page_refresh (self);
}

/* ---- the class ------------------------------------------------------------------------ */

void
mpos_devices_page_set_till (MposDevicesPage *self, MposTill *till)
{
  g_set_object (&self->till, till);
}

void
mpos_devices_page_add_input (MposDevicesPage *self, MposDevice *device)
{
  g_ptr_array_add (self->inputs, g_object_ref (device));
}

static void
mpos_devices_page_dispose (GObject *object)
{
  MposDevicesPage *self = MPOS_DEVICES_PAGE (object);

  if (self->checking)
    g_cancellable_cancel (self->checking);
  g_clear_object (&self->checking);
  g_clear_object (&self->till);
  g_clear_pointer (&self->inputs, g_ptr_array_unref);
  G_OBJECT_CLASS (mpos_devices_page_parent_class)->dispose (object);
}

static void
mpos_devices_page_class_init (MposDevicesPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = mpos_devices_page_dispose;
  g_type_ensure (MPOS_TYPE_NUMBER_PAD);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/mallpos/Till/mpos-devices-page.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, MposDevicesPage, name)
  BIND (device_rows);
  BIND (drawer_approval);
  BIND (drawer_supervisor);
  BIND (drawer_pin);
  BIND (drawer_pad);
  BIND (devices_problem);
  BIND (test_print_button);
  BIND (open_drawer_button);
  BIND (refresh_devices_button);
#undef BIND
}

static void
mpos_devices_page_init (MposDevicesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->inputs = g_ptr_array_new_with_free_func (g_object_unref);
  g_signal_connect (self->test_print_button, "clicked", G_CALLBACK (on_test_print), self);
  g_signal_connect (self->open_drawer_button, "clicked", G_CALLBACK (on_open_drawer), self);
  g_signal_connect (self->refresh_devices_button, "clicked", G_CALLBACK (on_refresh), self);
  g_signal_connect_swapped (self->drawer_pin, "activate", G_CALLBACK (open_drawer), self);
  g_signal_connect_swapped (self->drawer_supervisor, "activate", G_CALLBACK (gtk_widget_grab_focus),
                            self->drawer_pin);
  mpos_number_pad_track (self->drawer_pad, GTK_WIDGET (self->drawer_supervisor));
  mpos_number_pad_track (self->drawer_pad, GTK_WIDGET (self->drawer_pin));
}
