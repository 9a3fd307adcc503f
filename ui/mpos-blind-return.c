/* mpos-blind-return.c — a return without its receipt (mpos-blind-return.h). */
#include "mpos-blind-return.h"

#include "mpos-format.h"
#include "mpos-number-pad.h"
#include "mpos-staff-approval.h"

#include <glib/gi18n.h>

struct _MposBlindReturn
{
  GtkBox parent_instance;
  MposTill *till;
  /* template */
  GtkLabel *blind_summary;
  GtkEntry *blind_reason;
  GtkEntry *blind_supervisor;
  GtkPasswordEntry *blind_pin;
  MposNumberPad *blind_pad;
  GtkLabel *blind_problem;
  GtkButton *blind_cancel;
  GtkButton *blind_refund;
  GCancellable *cancellable; /* the PIN check under way */
  gboolean checking;
  char *reason; /* as typed when Refund was pressed */
};

enum
{
  SIGNAL_RETURNED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (MposBlindReturn, mpos_blind_return, GTK_TYPE_BOX)

static void
set_checking (MposBlindReturn *self, gboolean checking)
{
  self->checking = checking;
  gtk_widget_set_sensitive (GTK_WIDGET (self->blind_refund), !checking);
  gtk_editable_set_editable (GTK_EDITABLE (self->blind_reason), !checking);
  gtk_editable_set_editable (GTK_EDITABLE (self->blind_supervisor), !checking);
  gtk_editable_set_editable (GTK_EDITABLE (self->blind_pin), !checking);
  if (checking)
    gtk_label_set_text (self->blind_problem, _ ("Checking the supervisor's PIN…"));
}

/* The supervisor's PIN was checked in a worker: refund with them. */
static void
on_approved (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr (MposBlindReturn) self = user_data;
  g_autoptr (GError) error = NULL;
  g_auto (MposStaff) approver = { 0 };
  g_autofree char *refund = NULL, *what = NULL;
  gboolean ok = mpos_staff_approval_finish (res, &approver, &error);
  MposSaleResult result;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->till == NULL)
    return;
  set_checking (self, FALSE);
  if (!ok
      || !mpos_till_return_without_receipt (self->till, self->reason, approver.number, &result,
                                            &error))
    {
      gtk_label_set_text (self->blind_problem, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->blind_pin));
      return;
    }
  refund = mpos_format_money (-result.total);
  what = g_strdup_printf (_ ("Refund %s in cash · return %s"), refund, result.receipt_no);
  mpos_blind_return_close (self);
  g_signal_emit (self, signals[SIGNAL_RETURNED], 0, what);
}

/* The PIN's hash is checked off the main loop: the window keeps drawing
 * and the scanner keeps being heard while it is. */
static void
on_refund (GtkWidget *widget, MposBlindReturn *self)
{
  g_autofree char *reason
      = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->blind_reason))));
  g_autofree char *number
      = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->blind_supervisor))));
  MposStaffCredential supervisor
      = { number, gtk_editable_get_text (GTK_EDITABLE (self->blind_pin)), NULL };

  if (self->checking)
    return;
  if (reason[0] == '\0')
    {
      gtk_label_set_text (self->blind_problem,
                          _ ("Type why the goods come back, then the supervisor signs."));
      gtk_widget_grab_focus (GTK_WIDGET (self->blind_reason));
      return;
    }
  g_free (self->reason);
  self->reason = g_steal_pointer (&reason);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_checking (self, TRUE);
  mpos_staff_approval_async (mpos_store_path (mpos_till_get_store (self->till)), &supervisor,
                             MPOS_ACTION_RETURN_WITHOUT_RECEIPT, NULL, NULL, "return",
                             self->cancellable, on_approved, g_object_ref (self));
  gtk_editable_set_text (GTK_EDITABLE (self->blind_pin), ""); /* never kept */
}

gboolean
mpos_blind_return_is_checking (MposBlindReturn *self)
{
  return self->checking;
}

gboolean
mpos_blind_return_open (MposBlindReturn *self, GError **error)
{
  MposCart *cart = mpos_till_get_cart (self->till);
  g_autofree char *total = NULL, *summary = NULL;

  if (mpos_cart_get_lines (cart)->len == 0)
    return g_set_error (error, MPOS_CART_ERROR, MPOS_CART_ERROR_EMPTY,
                        _ ("Scan the goods that come back first, then press Ctrl+R.")),
           FALSE;
  total = mpos_format_money (mpos_cart_total (cart));
  summary = g_strdup_printf (ngettext ("The %u line on the sale comes back; %s is refunded in "
                                       "cash at today's prices.",
                                       "The %u lines on the sale come back; %s is refunded in "
                                       "cash at today's prices.",
                                       mpos_cart_get_lines (cart)->len),
                             mpos_cart_get_lines (cart)->len, total);
  gtk_label_set_text (self->blind_summary, summary);
  gtk_editable_set_text (GTK_EDITABLE (self->blind_reason), "");
  gtk_editable_set_text (GTK_EDITABLE (self->blind_supervisor), "");
  gtk_editable_set_text (GTK_EDITABLE (self->blind_pin), "");
  gtk_label_set_text (self->blind_problem, "");
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->blind_reason));
  return TRUE;
}

gboolean
mpos_blind_return_is_open (MposBlindReturn *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self));
}

void
mpos_blind_return_close (MposBlindReturn *self)
{
  g_cancellable_cancel (self->cancellable); /* a check under way answers no one */
  if (self->checking)
    set_checking (self, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->blind_pin), "");
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

static void
on_cancel (GtkButton *button, MposBlindReturn *self)
{
  mpos_blind_return_close (self);
}

void
mpos_blind_return_set_till (MposBlindReturn *self, MposTill *till)
{
  g_set_object (&self->till, till);
}

static void
mpos_blind_return_dispose (GObject *object)
{
  MposBlindReturn *self = MPOS_BLIND_RETURN (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->reason, g_free);
  g_clear_object (&self->till);
  G_OBJECT_CLASS (mpos_blind_return_parent_class)->dispose (object);
}

static void
mpos_blind_return_class_init (MposBlindReturnClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = mpos_blind_return_dispose;
  g_type_ensure (MPOS_TYPE_NUMBER_PAD);
  signals[SIGNAL_RETURNED] = g_signal_new ("returned", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                           G_TYPE_STRING);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/mallpos/Till/mpos-blind-return.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, MposBlindReturn, name)
  BIND (blind_summary);
  BIND (blind_reason);
  BIND (blind_supervisor);
  BIND (blind_pin);
  BIND (blind_pad);
  BIND (blind_problem);
  BIND (blind_cancel);
  BIND (blind_refund);
#undef BIND
}

static void
mpos_blind_return_init (MposBlindReturn *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self->blind_refund, "clicked", G_CALLBACK (on_refund), self);
  g_signal_connect (self->blind_pin, "activate", G_CALLBACK (on_refund), self);
  g_signal_connect (self->blind_cancel, "clicked", G_CALLBACK (on_cancel), self);
  g_signal_connect_swapped (self->blind_supervisor, "activate", G_CALLBACK (gtk_widget_grab_focus),
                            self->blind_pin);
  mpos_number_pad_track (self->blind_pad, GTK_WIDGET (self->blind_supervisor));
  mpos_number_pad_track (self->blind_pad, GTK_WIDGET (self->blind_pin));
}
