/* mpos-suspended-list.c — the suspended sales to pick from
 * (mpos-suspended-list.h). Each row is read from the core's list; its items
 * and total come from the parked cart document, rebuilt by the core. */
#include "mpos-suspended-list.h"

#include "cart-json.h"
#include "clock.h"
#include "mpos-format.h"
#include "suspend.h"

#include <glib/gi18n.h>
#include <string.h>

struct _MposSuspendedList
{
  GtkBox parent_instance;
  MposTill *till;
  /* template */
  GtkListBox *suspended_rows;
  GtkButton *close_button;
};

enum
{
  SIGNAL_PICKED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (MposSuspendedList, mpos_suspended_list, GTK_TYPE_BOX)

/* "No. 3 · 10:42 · cashier 1001 · 2 items · ¥9.50 · note" */
static char *
describe (MposStore *store, const MposSuspended *parked)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposCart) cart = mpos_cart_from_json (store, parked->document,
                                                   strlen (parked->document), mpos_clock_now (),
                                                   &error);
  g_autofree char *when = mpos_format_store_time (store, parked->created_at, "%H:%M");
  g_autofree char *total = cart ? mpos_format_money (mpos_cart_total (cart)) : NULL;
  g_autofree char *what
      = cart ? g_strdup_printf (ngettext ("%u item · %s", "%u items · %s",
                                          mpos_cart_get_lines (cart)->len),
                                mpos_cart_get_lines (cart)->len, total)
             : g_strdup_printf (_ ("cannot be read: %s"), error->message);

  return g_strdup_printf (_ ("No. %lld · %s · cashier %s · %s%s%s"), (long long) parked->id, when,
                          parked->cashier ? parked->cashier : "—", what,
                          parked->note && *parked->note ? " · " : "",
                          parked->note ? parked->note : "");
}

static void
clear_rows (MposSuspendedList *self)
{
  GtkWidget *row;

  while ((row = GTK_WIDGET (gtk_list_box_get_row_at_index (self->suspended_rows, 0))) != NULL)
    gtk_list_box_remove (self->suspended_rows, row);
}

static void
add_row (MposSuspendedList *self, const MposSuspended *parked)
{
  g_autofree char *text = describe (mpos_till_get_store (self->till), parked);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (row, "suspended-row");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  g_object_set_data_full (G_OBJECT (row), "suspended-id", g_memdup2 (&parked->id, sizeof parked->id),
                          g_free);
  gtk_list_box_append (self->suspended_rows, row);
}

gboolean
mpos_suspended_list_open (MposSuspendedList *self, GError **error)
{
  g_autoptr (GPtrArray) parked = mpos_suspend_list (mpos_till_get_store (self->till), error);
  GtkListBoxRow *first;

  if (parked == NULL)
    return FALSE;
  if (parked->len == 0)
    return g_set_error (error, MPOS_CART_ERROR, MPOS_CART_ERROR_EMPTY,
                        _ ("No suspended sale to resume.")),
           FALSE;
  clear_rows (self);
  for (guint i = 0; i < parked->len; i++)
    add_row (self, g_ptr_array_index (parked, i));
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
  first = gtk_list_box_get_row_at_index (self->suspended_rows, 0);
  gtk_list_box_select_row (self->suspended_rows, first);
  gtk_widget_grab_focus (GTK_WIDGET (first));
  return TRUE;
}

gboolean
mpos_suspended_list_is_open (MposSuspendedList *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self));
}

void
mpos_suspended_list_close (MposSuspendedList *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  clear_rows (self);
}

static void
on_row_activated (GtkListBox *box, GtkListBoxRow *row, MposSuspendedList *self)
{
  int64_t id = *(int64_t *)g_object_get_data (G_OBJECT (row), "suspended-id");

  mpos_suspended_list_close (self);
  g_signal_emit (self, signals[SIGNAL_PICKED], 0, (gint64)id);
}

static void
on_close (GtkButton *button, MposSuspendedList *self)
{
  mpos_suspended_list_close (self);
}

void
mpos_suspended_list_set_till (MposSuspendedList *self, MposTill *till)
{
  g_set_object (&self->till, till);
}

static void
mpos_suspended_list_dispose (GObject *object)
{
  g_clear_object (&MPOS_SUSPENDED_LIST (object)->till);
  G_OBJECT_CLASS (mpos_suspended_list_parent_class)->dispose (object);
}

static void
mpos_suspended_list_class_init (MposSuspendedListClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = mpos_suspended_list_dispose;
  signals[SIGNAL_PICKED] = g_signal_new ("picked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/mallpos/Till/mpos-suspended-list.ui");
  gtk_widget_class_bind_template_child (widget_class, MposSuspendedList, suspended_rows);
  gtk_widget_class_bind_template_child (widget_class, MposSuspendedList, close_button);
}

static void
mpos_suspended_list_init (MposSuspendedList *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self->suspended_rows, "row-activated", G_CALLBACK (on_row_activated), self);
  g_signal_connect (self->close_button, "clicked", G_CALLBACK (on_close), self);
}
