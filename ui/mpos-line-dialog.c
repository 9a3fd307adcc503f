/* mpos-line-dialog.c — line changes with approval (mpos-line-dialog.h).
 * Whether approval is needed is the store's permission table: the signed-in
 * cashier's role may do the action, or a supervisor whose role may signs
 * for it (mpos_staff_approve, which counts a wrong PIN and audits a refusal).
 * A discount asks the core's policy once its value is typed
 * (mpos_cart_discount_needs_approval): within the store's limit it goes
 * through on the cashier's word, above it the supervisor's fields open.
 * The supervisor's PIN is checked off the main loop (mpos-staff-approval.h):
 * scans and the rest of the window go on while it hashes. A supervisor may
 * put their staff card on the reader instead of typing their number: with
 * their PIN, or alone where the store's policy says so (staff-card.h); the
 * card is kept only until the check answers or the panel closes. */
#include "mpos-line-dialog.h"

#include "mpos-number-pad.h"
#include "mpos-staff-approval.h"
#include "staff-permission.h"

#include <glib/gi18n.h>
#include <string.h>

struct _MposLineDialog
{
  GtkBox parent_instance;
  MposTill *till;
  MposLineEdit edit;
  guint line_no;
  gboolean needs_approval;
  gboolean checking;          /* a supervisor's PIN in the worker */
  GCancellable *cancellable;  /* the check under way, cancelled on close */
  char *card;                 /* a supervisor's staff card read, waiting for its PIN */
  /* template */
  GtkLabel *heading;
  GtkLabel *hint;
  GtkEntry *value_entry;
  GtkBox *approval_box;
  GtkLabel *approval_label;
  GtkEntry *supervisor_entry;
  GtkPasswordEntry *supervisor_pin;
  GtkLabel *dialog_problem;
  MposNumberPad *line_pad;
  GtkButton *cancel_button;
  GtkButton *ok_button;
};

enum
{
  SIGNAL_DONE,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (MposLineDialog, mpos_line_dialog, GTK_TYPE_BOX)

static gboolean
action_of (MposLineEdit edit, MposStaffAction *action)
{
  switch (edit)
    {
    case MPOS_LINE_EDIT_DISCOUNT:
      *action = MPOS_ACTION_DISCOUNT_ABOVE_LIMIT;
      return TRUE;
    case MPOS_LINE_EDIT_PRICE:
      *action = MPOS_ACTION_PRICE_OVERRIDE;
      return TRUE;
    case MPOS_LINE_EDIT_REMOVE:
      *action = MPOS_ACTION_VOID_LINE;
      return TRUE;
    case MPOS_LINE_EDIT_QTY:
      break;
    }
  return FALSE;
}

/* Whether the signed-in cashier's role may do it alone. */
static gboolean
cashier_may (MposLineDialog *self, MposStaffAction action)
{
  MposStore *store = mpos_till_get_store (self->till);
  g_auto (MposStaff) cashier = { 0 };
  gboolean allowed = FALSE;

  if (mpos_till_get_cashier (self->till) == NULL
      || !mpos_staff_get (store, mpos_till_get_cashier (self->till), &cashier, NULL))
    return FALSE;
  return mpos_staff_role_may (store, cashier.role, action, &allowed, NULL) && allowed;
}

static void set_checking (MposLineDialog *self, gboolean checking);

static void
forget_card (MposLineDialog *self)
{
  if (self->card)
    explicit_bzero (self->card, strlen (self->card));
  g_clear_pointer (&self->card, g_free);
}

static void
close_panel (MposLineDialog *self, gboolean applied, const char *what)
{
  g_cancellable_cancel (self->cancellable); /* a check under way answers no one */
  if (self->checking)
    set_checking (self, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->supervisor_pin), "");
  forget_card (self);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  g_signal_emit (self, signals[SIGNAL_DONE], 0, applied, what);
}

/* "10%" is basis points off, anything else an amount in fen off. */
static gboolean
parse_discount (const char *text, MposDiscountKind *kind, int64_t *value, GError **error)
{
  g_autofree char *t = g_strstrip (g_strdup (text));
  gsize len = strlen (t);
  guint64 percent = 0;

  if (len > 1 && t[len - 1] == '%')
    {
      t[len - 1] = '\0';
      if (!g_ascii_string_to_unsigned (t, 10, 1, 100, &percent, NULL))
        return g_set_error (error, MPOS_CART_ERROR, MPOS_CART_ERROR_INVALID,
                            _ ("A percentage off is a whole number from 1 to 100, like 10%%.")),
               FALSE;
      *kind = MPOS_DISCOUNT_PERCENT;
      *value = (int64_t)percent * 100;
      return TRUE;
    }
  *kind = MPOS_DISCOUNT_AMOUNT;
  return mpos_money_parse (t, MPOS_MONEY_PARSE_DEFAULT, value, error);
}

static gboolean
apply (MposLineDialog *self, const char *approved_by, GError **error)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->value_entry));
  MposDiscountKind kind = MPOS_DISCOUNT_NONE;
  int64_t value = 0;
  guint64 qty = 0;

  switch (self->edit)
    {
    case MPOS_LINE_EDIT_QTY:
      if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT32, &qty, NULL))
        return g_set_error (error, MPOS_CART_ERROR, MPOS_CART_ERROR_INVALID,
                            _ ("Type the quantity as a whole number, like 3 (grams for goods "
                               "sold by weight).")),
               FALSE;
      return mpos_till_set_qty (self->till, self->line_no, (int64_t)qty, error);
    case MPOS_LINE_EDIT_DISCOUNT:
      return parse_discount (text, &kind, &value, error)
             && mpos_till_set_line_discount (self->till, self->line_no, kind, value, approved_by,
                                             error);
    case MPOS_LINE_EDIT_PRICE:
      return mpos_money_parse (text, MPOS_MONEY_PARSE_DEFAULT, &value, error)
             && mpos_till_override_price (self->till, self->line_no, value, approved_by, error);
    case MPOS_LINE_EDIT_REMOVE:
      return mpos_till_void_line (self->till, self->line_no, error);
    }
  return FALSE;
}

static void
show_approval (MposLineDialog *self, gboolean shown)
{
  gtk_widget_set_visible (GTK_WIDGET (self->approval_box), shown);
}

/* A discount: whether the value typed needs a supervisor, by the store's
 * policy. TRUE when the panel may go on (approval shown if needed). */
static gboolean
ask_discount_policy (MposLineDialog *self, GError **error)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->value_entry));
  MposDiscountKind kind = MPOS_DISCOUNT_NONE;
  int64_t value = 0;
  gboolean needs = FALSE;

  if (!parse_discount (text, &kind, &value, error)
      || !mpos_cart_discount_needs_approval (mpos_till_get_cart (self->till), self->line_no, kind,
                                             value, &needs, error))
    return FALSE;
  self->needs_approval = needs;
  show_approval (self, needs);
  return TRUE;
}

/* The change applied, the panel closed with what was done. */
static void
finish (MposLineDialog *self, const MposStaff *approver)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *what = NULL;

  if (!apply (self, approver ? approver->number : NULL, &error))
    {
      gtk_label_set_text (self->dialog_problem, error->message);
      return;
    }
  what = approver ? g_strdup_printf (_ ("Done, approved by %s %s."), approver->number,
                                     approver->name)
                  : g_strdup (_ ("Done."));
  close_panel (self, TRUE, what);
}

static void
set_checking (MposLineDialog *self, gboolean checking)
{
  self->checking = checking;
  gtk_widget_set_sensitive (GTK_WIDGET (self->ok_button), !checking);
  gtk_editable_set_editable (GTK_EDITABLE (self->value_entry), !checking);
  gtk_editable_set_editable (GTK_EDITABLE (self->supervisor_entry), !checking);
  gtk_editable_set_editable (GTK_EDITABLE (self->supervisor_pin), !checking);
  if (checking)
    gtk_label_set_text (self->dialog_problem, self->card ? _ ("Checking the supervisor's staff card…")
                                                         : _ ("Checking the supervisor's PIN…"));
}

static void
on_approved (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (MposLineDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  g_auto (MposStaff) approver = { 0 };
  gboolean ok = mpos_staff_approval_finish (result, &approver, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->till == NULL)
    return;
  set_checking (self, FALSE);
  /* the cart keeps the sign-on: the core's policy checks it again at commit */
  if (!ok || !mpos_cart_set_approver (mpos_till_get_cart (self->till), approver.number, &error))
    {
      /* a card the store wants the PIN with waits for it; any other
       * refusal forgets the card (it is read again) */
      if (!g_error_matches (error, MPOS_STAFF_ERROR, MPOS_STAFF_ERROR_REQUIRED))
        forget_card (self);
      gtk_label_set_text (self->dialog_problem, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->supervisor_pin));
      return;
    }
  gtk_label_set_text (self->dialog_problem, "");
  finish (self, &approver);
}

static void
on_ok (GtkWidget *widget, MposLineDialog *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *number
      = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->supervisor_entry))));
  g_autofree char *ref = g_strdup_printf ("line %u", self->line_no);
  /* a staff card read stands for the number */
  MposStaffCredential credential
      = { self->card ? NULL : number, gtk_editable_get_text (GTK_EDITABLE (self->supervisor_pin)),
          self->card };
  MposStaffAction action;
  gboolean was_shown = gtk_widget_get_visible (GTK_WIDGET (self->approval_box));

  if (self->checking)
    return;
  if (self->edit == MPOS_LINE_EDIT_DISCOUNT && !ask_discount_policy (self, &error))
    {
      gtk_label_set_text (self->dialog_problem, error->message);
      return;
    }
  if (self->needs_approval && !was_shown)
    {
      /* above the limit: the supervisor signs on this panel first */
      gtk_label_set_text (self->dialog_problem, "");
      gtk_widget_grab_focus (GTK_WIDGET (self->supervisor_entry));
      return;
    }
  if (!self->needs_approval || !action_of (self->edit, &action))
    {
      finish (self, NULL);
      return;
    }
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_checking (self, TRUE);
  mpos_staff_approval_async (mpos_store_path (mpos_till_get_store (self->till)), &credential,
                             action, NULL, NULL, ref, self->cancellable, on_approved,
                             g_object_ref (self));
  gtk_editable_set_text (GTK_EDITABLE (self->supervisor_pin), ""); /* never kept */
}

void
mpos_line_dialog_card (MposLineDialog *self, const char *code)
{
  /* a card read where no approval is asked for is not an OK */
  if (self->checking || !mpos_line_dialog_is_open (self) || !self->needs_approval)
    return;
  forget_card (self);
  self->card = g_strdup (code);
  gtk_editable_set_text (GTK_EDITABLE (self->supervisor_entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->supervisor_pin));
  on_ok (NULL, self); /* with the PIN already typed, or alone where the store allows */
}

/* A number typed: the card read before it no longer counts. */
static void
on_supervisor_changed (GtkEditable *entry, MposLineDialog *self)
{
  if (gtk_editable_get_text (entry)[0] != '\0')
    forget_card (self);
}

static void
on_cancel (GtkWidget *widget, MposLineDialog *self)
{
  close_panel (self, FALSE, _ ("Nothing was changed."));
}

static void
action_cancel (GtkWidget *widget, const char *name, GVariant *param)
{
  on_cancel (NULL, MPOS_LINE_DIALOG (widget));
}

static void
mpos_line_dialog_dispose (GObject *object)
{
  MposLineDialog *self = MPOS_LINE_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->till);
  forget_card (self);
  G_OBJECT_CLASS (mpos_line_dialog_parent_class)->dispose (object);
}

static void
mpos_line_dialog_class_init (MposLineDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = mpos_line_dialog_dispose;
  g_type_ensure (MPOS_TYPE_NUMBER_PAD);
  signals[SIGNAL_DONE]
      = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                      G_TYPE_NONE, 2, G_TYPE_BOOLEAN, G_TYPE_STRING);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/mallpos/Till/mpos-line-dialog.ui");
  gtk_widget_class_install_action (widget_class, "line.cancel", NULL, action_cancel);
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, MposLineDialog, name)
  BIND (heading);
  BIND (hint);
  BIND (value_entry);
  BIND (approval_box);
  BIND (approval_label);
  BIND (supervisor_entry);
  BIND (supervisor_pin);
  BIND (dialog_problem);
  BIND (line_pad);
  BIND (cancel_button);
  BIND (ok_button);
#undef BIND
}

static void
mpos_line_dialog_init (MposLineDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self->ok_button, "clicked", G_CALLBACK (on_ok), self);
  g_signal_connect (self->cancel_button, "clicked", G_CALLBACK (on_cancel), self);
  g_signal_connect (self->value_entry, "activate", G_CALLBACK (on_ok), self);
  g_signal_connect (self->supervisor_pin, "activate", G_CALLBACK (on_ok), self);
  g_signal_connect (self->supervisor_entry, "changed", G_CALLBACK (on_supervisor_changed), self);
  g_signal_connect_swapped (self->supervisor_entry, "activate", G_CALLBACK (gtk_widget_grab_focus),
                            self->supervisor_pin);
  mpos_number_pad_track (self->line_pad, GTK_WIDGET (self->value_entry));
  mpos_number_pad_track (self->line_pad, GTK_WIDGET (self->supervisor_entry));
  mpos_number_pad_track (self->line_pad, GTK_WIDGET (self->supervisor_pin));
}

void
mpos_line_dialog_set_till (MposLineDialog *self, MposTill *till)
{
  g_set_object (&self->till, till);
}

gboolean
mpos_line_dialog_is_open (MposLineDialog *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self));
}

static void
describe (MposLineDialog *self, const MposCartLine *line)
{
  g_autofree char *name = mpos_sku_display_name (line->sku);
  g_autofree char *heading = NULL;
  const char *hints[] = {
    [MPOS_LINE_EDIT_QTY] = N_ ("Type the new quantity and press Enter."),
    /* xgettext:no-c-format */
    [MPOS_LINE_EDIT_DISCOUNT] = N_ ("Type the discount: 10% off, or an amount off like 5.00."),
    [MPOS_LINE_EDIT_PRICE] = N_ ("Type the new unit price, like 9.90."),
    [MPOS_LINE_EDIT_REMOVE] = N_ ("Press OK to take this line off the sale."),
  };
  const char *titles[] = {
    [MPOS_LINE_EDIT_QTY] = N_ ("Quantity"),
    [MPOS_LINE_EDIT_DISCOUNT] = N_ ("Discount"),
    [MPOS_LINE_EDIT_PRICE] = N_ ("Price override"),
    [MPOS_LINE_EDIT_REMOVE] = N_ ("Remove line"),
  };

  heading = g_strdup_printf ("%s · %u. %s", _ (titles[self->edit]), line->line_no, name);
  gtk_label_set_text (self->heading, heading);
  gtk_label_set_text (self->hint, _ (hints[self->edit]));
}

void
mpos_line_dialog_open (MposLineDialog *self, MposLineEdit edit, guint line_no)
{
  MposCartLine *line = mpos_cart_get_line (mpos_till_get_cart (self->till), line_no);
  MposStaffAction action;

  g_return_if_fail (line != NULL);
  self->edit = edit;
  self->line_no = line_no;
  /* a discount is asked of the policy once its value is typed */
  self->needs_approval = edit != MPOS_LINE_EDIT_DISCOUNT && action_of (edit, &action)
                         && !cashier_may (self, action);
  describe (self, line);
  gtk_label_set_text (self->approval_label,
                      edit == MPOS_LINE_EDIT_DISCOUNT
                          ? _ ("This discount is above the store's limit: a supervisor types "
                               "their own staff number and PIN, or puts their staff card on the "
                               "reader, then OK.")
                          : _ ("This needs a supervisor: they type their own staff number and "
                               "PIN, or put their staff card on the reader."));
  show_approval (self, self->needs_approval);
  gtk_widget_set_visible (GTK_WIDGET (self->value_entry), edit != MPOS_LINE_EDIT_REMOVE);
  gtk_editable_set_text (GTK_EDITABLE (self->value_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->supervisor_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->supervisor_pin), "");
  forget_card (self);
  gtk_label_set_text (self->dialog_problem, "");
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
  gtk_widget_grab_focus (edit == MPOS_LINE_EDIT_REMOVE ? GTK_WIDGET (self->supervisor_entry)
                                                       : GTK_WIDGET (self->value_entry));
}
