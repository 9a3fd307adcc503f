/* mpos-return-pending.c — the returns waiting for a supervisor
 * (mpos-return-pending.h). The list and a return's lines are read on the
 * main loop (a few rows, through 0044's index); the answer, which checks
 * the supervisor's PIN or staff card, runs in a worker. A staff card read
 * while the list shows stands for the supervisor's number (with their PIN,
 * or alone where the store's policy says so); it is kept only until the
 * answer comes or a number is typed. */
#include "mpos-return-pending.h"

#include "mpos-format.h"
#include "mpos-number-pad.h"
#include "mpos-return-decision.h"

#include <glib/gi18n.h>
#include <string.h>

#define MAX_LISTED 100 /* the oldest first: more than a store has waiting */

struct _MposReturnPending
{
  GtkBox parent_instance;
  MposTill *till;
  GPtrArray *returns;        /* MposSaleRecord per row, in list order */
  GCancellable *cancellable; /* the answer under way */
  gboolean checking;
  gboolean rejecting; /* the answer under way is a rejection */
  char *deciding;     /* its receipt number */
  char *card;         /* a supervisor's staff card read, until the answer */
  /* template */
  GtkLabel *pending_empty;
  GtkListBox *pending_list;
  GtkLabel *pending_detail;
  GtkLabel *pending_lines;
  GtkEntry *pending_reason;
  GtkEntry *pending_staff;
  GtkPasswordEntry *pending_pin;
  MposNumberPad *pending_pad;
  GtkLabel *pending_problem;
  GtkButton *pending_reject;
  GtkButton *pending_approve;
};

enum
{
  SIGNAL_DECIDED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (MposReturnPending, mpos_return_pending, GTK_TYPE_BOX)

static const MposSaleRecord *
selected (MposReturnPending *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->pending_list);

  return row ? g_ptr_array_index (self->returns, gtk_list_box_row_get_index (row)) : NULL;
}

static void
set_checking (MposReturnPending *self, gboolean checking)
{
  self->checking = checking;
  gtk_widget_set_sensitive (GTK_WIDGET (self->pending_approve), !checking);
  gtk_widget_set_sensitive (GTK_WIDGET (self->pending_reject), !checking);
  gtk_widget_set_sensitive (GTK_WIDGET (self->pending_list), !checking);
  gtk_editable_set_editable (GTK_EDITABLE (self->pending_reason), !checking);
  gtk_editable_set_editable (GTK_EDITABLE (self->pending_staff), !checking);
  gtk_editable_set_editable (GTK_EDITABLE (self->pending_pin), !checking);
  if (checking)
    gtk_label_set_text (self->pending_problem, self->card
                                                   ? _ ("Checking the supervisor's staff card…")
                                                   : _ ("Checking the supervisor's PIN…"));
}

static void
forget_card (MposReturnPending *self)
{
  if (self->card)
    explicit_bzero (self->card, strlen (self->card));
  g_clear_pointer (&self->card, g_free);
}

/* "1. 可口可乐 500ml  ×2  ¥6.30", one line each (the quantity as formatted: "×2", "0.350kg"). */
static char *
lines_text (const MposSaleRecord *ret)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < ret->lines->len; i++)
    {
      const MposSaleLine *line = g_ptr_array_index (ret->lines, i);
      g_autofree char *qty = mpos_format_qty (line->qty, line->weighed);
      g_autofree char *net = mpos_format_money (-line->net);

      g_string_append_printf (text, "%s%d. %s  %s  %s", i ? "\n" : "", line->line_no, line->name,
                              qty, net);
    }
  return g_string_free (text, FALSE);
}

static void
show_selected (MposReturnPending *self)
{
  const MposSaleRecord *ret = selected (self);
  g_autofree char *refund = NULL, *day = NULL, *detail = NULL, *lines = NULL;

  if (ret == NULL)
    {
      gtk_label_set_text (self->pending_detail, "");
      gtk_label_set_text (self->pending_lines, "");
      return;
    }
  refund = mpos_format_money (-ret->total);
  day = mpos_format_business_day (ret->business_day);
  detail = g_strdup_printf (_ ("Return %s of %s, taken by cashier %s: %s to refund in cash. "
                               "Reason: %s"),
                            ret->receipt_no, day, ret->cashier, refund,
                            ret->reason && ret->reason[0] ? ret->reason : "—");
  lines = lines_text (ret);
  gtk_label_set_text (self->pending_detail, detail);
  gtk_label_set_text (self->pending_lines, lines);
}

static void
on_row_selected (GtkListBox *list, GtkListBoxRow *row, MposReturnPending *self)
{
  gtk_label_set_text (self->pending_problem, "");
  show_selected (self);
}

static void
add_row (MposReturnPending *self, MposSaleRecord *ret)
{
  g_autofree char *refund = mpos_format_money (-ret->total);
  g_autofree char *day = mpos_format_business_day (ret->business_day);
  g_autofree char *text = g_strdup_printf (_ ("%s · %s · cashier %s · %s"), ret->receipt_no, day,
                                           ret->cashier, refund);
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "sale-line");
  gtk_list_box_append (self->pending_list, label);
  g_ptr_array_add (self->returns, ret);
}

static void
clear_rows (MposReturnPending *self)
{
  GtkWidget *row;

  while ((row = gtk_widget_get_first_child (GTK_WIDGET (self->pending_list))) != NULL)
    gtk_list_box_remove (self->pending_list, row);
  g_ptr_array_set_size (self->returns, 0);
}

guint
mpos_return_pending_reload (MposReturnPending *self)
{
  MposStore *store = mpos_till_get_store (self->till);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) receipts = mpos_sale_pending_returns (store, MAX_LISTED, &error);

  forget_card (self); /* a card read for an earlier list no longer counts */
  clear_rows (self);
  for (guint i = 0; receipts != NULL && i < receipts->len; i++)
    {
      MposSaleRecord *ret = mpos_sale_load (store, g_ptr_array_index (receipts, i), &error);
      if (ret == NULL)
        break;
      add_row (self, ret);
    }
  gtk_label_set_text (self->pending_problem, error ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->pending_empty), self->returns->len == 0);
  gtk_list_box_select_row (self->pending_list,
                           gtk_list_box_get_row_at_index (self->pending_list, 0));
  show_selected (self);
  return self->returns->len;
}

/* What went back (or did not), for the window's notice: the supervisor
 * as the store recorded them (a staff card names nobody on the screen). */
static char *
decided_text (MposReturnPending *self, const MposSaleRecord *ret)
{
  g_autofree char *refund = NULL, *by = NULL;

  if (self->rejecting)
    {
      if (ret)
        mpos_sale_return_rejected_by (mpos_till_get_store (self->till), ret->id, &by, NULL);
      return g_strdup_printf (_ ("Return %s rejected by %s: nothing is refunded."), self->deciding,
                              by ? by : "?");
    }
  refund = mpos_format_money (ret ? -ret->total : 0);
  return g_strdup_printf (_ ("Return %s approved by %s: refund %s in cash."), self->deciding,
                          ret && ret->approved_by ? ret->approved_by : "?", refund);
}

static void
on_decided (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr (MposReturnPending) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (MposSaleRecord) ret = NULL;
  g_autofree char *text = NULL;
  gboolean ok = mpos_return_decision_finish (res, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->till == NULL)
    return;
  set_checking (self, FALSE);
  /* a card the store wants the PIN with waits for it; any other answer
   * forgets the card (it is read again) */
  if (ok || !g_error_matches (error, MPOS_STAFF_ERROR, MPOS_STAFF_ERROR_REQUIRED))
    forget_card (self);
  if (!ok)
    {
      gtk_label_set_text (self->pending_problem, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->pending_pin));
      return;
    }
  ret = mpos_sale_load (mpos_till_get_store (self->till), self->deciding, NULL);
  text = decided_text (self, ret);
  mpos_till_print_record (self->till, self->deciding);
  gtk_editable_set_text (GTK_EDITABLE (self->pending_reason), "");
  gtk_editable_set_text (GTK_EDITABLE (self->pending_staff), "");
  mpos_return_pending_reload (self);
  g_signal_emit (self, signals[SIGNAL_DECIDED], 0, text);
}

/* Refusals before anything is asked of the core: a return picked, a
 * reason for a rejection, a staff number. */
static gboolean
ready (MposReturnPending *self, gboolean reject, const char *reason, const char *number)
{
  const char *problem = NULL;
  GtkWidget *focus = NULL;

  if (selected (self) == NULL)
    problem = _ ("Pick a return from the list first.");
  else if (reject && reason[0] == '\0')
    problem = _ ("Type why the return is rejected: the customer may ask."),
    focus = GTK_WIDGET (self->pending_reason);
  else if (number[0] == '\0' && self->card == NULL)
    problem = _ ("The supervisor types their staff number and PIN, or puts their staff card "
                 "on the reader, first."),
    focus = GTK_WIDGET (self->pending_staff);
  if (problem == NULL)
    return TRUE;
  gtk_label_set_text (self->pending_problem, problem);
  if (focus)
    gtk_widget_grab_focus (focus);
  return FALSE;
}

static void
decide (MposReturnPending *self, gboolean reject)
{
  g_autofree char *reason
      = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->pending_reason))));
  g_autofree char *number
      = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->pending_staff))));
  /* a staff card read stands for the number */
  MposStaffCredential supervisor
      = { self->card ? NULL : number, gtk_editable_get_text (GTK_EDITABLE (self->pending_pin)),
          self->card };

  if (self->checking || !ready (self, reject, reason, number))
    return;
  self->rejecting = reject;
  g_free (self->deciding);
  self->deciding = g_strdup (selected (self)->receipt_no);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_checking (self, TRUE);
  mpos_return_decision_async (mpos_store_path (mpos_till_get_store (self->till)), self->deciding,
                              &supervisor, reject ? reason : NULL, self->cancellable, on_decided,
                              g_object_ref (self));
  gtk_editable_set_text (GTK_EDITABLE (self->pending_pin), ""); /* never kept */
}

static void
on_approve (GtkButton *button, MposReturnPending *self)
{
  decide (self, FALSE);
}

static void
on_reject (GtkButton *button, MposReturnPending *self)
{
  decide (self, TRUE);
}

void
mpos_return_pending_card (MposReturnPending *self, const char *code)
{
  if (self->checking)
    return;
  forget_card (self);
  self->card = g_strdup (code);
  gtk_editable_set_text (GTK_EDITABLE (self->pending_staff), "");
  gtk_label_set_text (self->pending_problem,
                      _ ("Staff card read: type the PIN if this store asks for it, then approve "
                         "or reject."));
  gtk_widget_grab_focus (GTK_WIDGET (self->pending_pin));
}

/* A number typed: the card read before it no longer counts. */
static void
on_staff_changed (GtkEditable *entry, MposReturnPending *self)
{
  if (gtk_editable_get_text (entry)[0] != '\0')
    forget_card (self);
}

gboolean
mpos_return_pending_is_checking (MposReturnPending *self)
{
  return self->checking;
}

void
mpos_return_pending_set_till (MposReturnPending *self, MposTill *till)
{
  g_set_object (&self->till, till);
}

static void
mpos_return_pending_dispose (GObject *object)
{
  MposReturnPending *self = MPOS_RETURN_PENDING (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->till);
  g_clear_pointer (&self->returns, g_ptr_array_unref);
  g_clear_pointer (&self->deciding, g_free);
  forget_card (self);
  G_OBJECT_CLASS (mpos_return_pending_parent_class)->dispose (object);
}

static void
mpos_return_pending_class_init (MposReturnPendingClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = mpos_return_pending_dispose;
  g_type_ensure (MPOS_TYPE_NUMBER_PAD);
  signals[SIGNAL_DECIDED] = g_signal_new ("decided", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/mallpos/Till/mpos-return-pending.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, MposReturnPending, name)
  BIND (pending_empty);
  BIND (pending_list);
  BIND (pending_detail);
  BIND (pending_lines);
  BIND (pending_reason);
  BIND (pending_staff);
  BIND (pending_pin);
  BIND (pending_pad);
  BIND (pending_problem);
  BIND (pending_reject);
  BIND (pending_approve);
#undef BIND
}

static void
mpos_return_pending_init (MposReturnPending *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->returns = g_ptr_array_new_with_free_func ((GDestroyNotify)mpos_sale_record_free);
  g_signal_connect (self->pending_list, "row-selected", G_CALLBACK (on_row_selected), self);
  g_signal_connect (self->pending_approve, "clicked", G_CALLBACK (on_approve), self);
  g_signal_connect (self->pending_reject, "clicked", G_CALLBACK (on_reject), self);
  g_signal_connect (self->pending_staff, "changed", G_CALLBACK (on_staff_changed), self);
  g_signal_connect_swapped (self->pending_staff, "activate", G_CALLBACK (gtk_widget_grab_focus),
                            self->pending_pin);
  g_signal_connect_swapped (self->pending_reason, "activate", G_CALLBACK (gtk_widget_grab_focus),
                            self->pending_staff);
  mpos_number_pad_track (self->pending_pad, GTK_WIDGET (self->pending_staff));
  mpos_number_pad_track (self->pending_pad, GTK_WIDGET (self->pending_pin));
}
