/* mpos-shift-dialog.c — the shift panel (mpos-shift-dialog.h). One panel,
 * four steps: OPEN (the float), CASH (paid-in/out, drop), COUNT (a blind
 * count: pieces per denomination and their running total, never the
 * expectation), then RESULT (the count is recorded: expected, counted,
 * over/short, and the manager's number and PIN when the over/short passes
 * the store's limit). The pad types into the field that has the cursor. */
#include "mpos-shift-dialog.h"

#include "mpos-format.h"
#include "shift.h"

#include <glib/gi18n.h>
#include <string.h>

typedef enum
{
  STEP_OPEN,
  STEP_CASH,
  STEP_COUNT,
  STEP_RESULT,
} Step;

struct _MposShiftDialog
{
  GtkBox parent_instance;
  MposTill *till;
  Step step;
  gboolean closed; /* RESULT: the shift is closed */
  char *shift_no;  /* RESULT: the counted shift */
  GtkEditable *target;
  GtkEntry *counts[MPOS_DENOMINATION_COUNT];
  GtkLabel *sums[MPOS_DENOMINATION_COUNT];
  /* template */
  GtkLabel *shift_title;
  GtkLabel *shift_hint;
  GtkBox *float_box;
  GtkEntry *float_entry;
  GtkBox *move_box;
  GtkToggleButton *pay_in_toggle;
  GtkToggleButton *pay_out_toggle;
  GtkToggleButton *drop_toggle;
  GtkEntry *move_amount;
  GtkEntry *move_reason;
  GtkBox *count_box;
  GtkGrid *count_grid;
  GtkLabel *count_total;
  GtkLabel *result_label;
  GtkBox *manager_box;
  GtkEntry *manager_number;
  GtkPasswordEntry *manager_pin;
  GtkGrid *shift_pad;
  GtkLabel *shift_problem;
  GtkButton *shift_cancel_button;
  GtkButton *shift_ok_button;
};

enum
{
  SIGNAL_DONE,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (MposShiftDialog, mpos_shift_dialog, GTK_TYPE_BOX)

static void
say (MposShiftDialog *self, const char *text)
{
  gtk_label_set_text (self->shift_problem, text ? text : "");
}

static void
clear_text (GtkEditable *field)
{
  gtk_editable_set_text (field, "");
}

/* Shows the parts of `step` and nothing else. */
static void
show_step (MposShiftDialog *self, Step step, const char *title, const char *hint,
           const char *ok_label)
{
  self->step = step;
  gtk_label_set_text (self->shift_title, title);
  gtk_label_set_text (self->shift_hint, hint);
  gtk_widget_set_visible (GTK_WIDGET (self->float_box), step == STEP_OPEN);
  gtk_widget_set_visible (GTK_WIDGET (self->move_box), step == STEP_CASH);
  gtk_widget_set_visible (GTK_WIDGET (self->count_box), step == STEP_COUNT);
  gtk_widget_set_visible (GTK_WIDGET (self->result_label), step == STEP_RESULT);
  gtk_widget_set_visible (GTK_WIDGET (self->manager_box), FALSE);
  /* the pad for amounts; a count is typed (eight fields: the panel stays on the screen) */
  gtk_widget_set_visible (GTK_WIDGET (self->shift_pad), step == STEP_OPEN || step == STEP_CASH);
  gtk_button_set_label (self->shift_ok_button, ok_label);
  say (self, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
}

static MposStore *
store_of (MposShiftDialog *self)
{
  return mpos_till_get_store (self->till);
}

/* Closes the panel; sign_out: no shift is open any more. */
static void
finish (MposShiftDialog *self, gboolean sign_out, const char *what)
{
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  g_signal_emit (self, signals[SIGNAL_DONE], 0, sign_out, what);
}

/* ---- open ------------------------------------------------------------------------------- */

static void
start_open (MposShiftDialog *self)
{
  show_step (self, STEP_OPEN, _ ("Open a shift 开班"),
             _ ("No shift is open on this drawer. Count the opening float (备用金) into the "
                "drawer, type it and press Enter."),
             _ ("Enter Open shift"));
  clear_text (GTK_EDITABLE (self->float_entry));
  self->target = GTK_EDITABLE (self->float_entry);
  gtk_widget_grab_focus (GTK_WIDGET (self->float_entry));
}

/* The amount typed in `entry`, or FALSE with the problem shown. */
static gboolean
read_amount (MposShiftDialog *self, GtkEntry *entry, MposMoney *out)
{
  g_autoptr (GError) error = NULL;

  if (mpos_money_parse (gtk_editable_get_text (GTK_EDITABLE (entry)), MPOS_MONEY_PARSE_DEFAULT, out,
                        &error))
    return TRUE;
  g_prefix_error (&error, _ ("Type the amount in yuan, like 500.00: "));
  say (self, error->message);
  gtk_widget_grab_focus (GTK_WIDGET (entry));
  return FALSE;
}

static void
do_open (MposShiftDialog *self)
{
  g_autoptr (GError) error = NULL;
  g_auto (MposShift) shift = { 0 };
  g_autofree char *amount = NULL, *text = NULL;
  MposMoney opening_float = 0;

  if (!read_amount (self, self->float_entry, &opening_float))
    return;
  if (!mpos_shift_open (store_of (self), mpos_till_get_cashier (self->till), opening_float, &shift,
                        &error))
    {
      say (self, error->message);
      return;
    }
  amount = mpos_format_money (shift.opening_float);
  text = g_strdup_printf (_ ("Shift %s is open with a float of %s. Ready to sell."), shift.shift_no,
                          amount);
  finish (self, FALSE, text);
}

/* ---- paid-in, paid-out, drop ------------------------------------------------------------ */

void
mpos_shift_dialog_open_cash (MposShiftDialog *self)
{
  show_step (self, STEP_CASH, _ ("Cash in or out 收入/支出/存款"),
             _ ("Paid-in puts cash into the drawer, paid-out pays from it, a safe drop takes it "
                "to the safe. Type the amount and why, then Enter."),
             _ ("Enter Record"));
  gtk_toggle_button_set_active (self->pay_in_toggle, TRUE);
  clear_text (GTK_EDITABLE (self->move_amount));
  clear_text (GTK_EDITABLE (self->move_reason));
  self->target = GTK_EDITABLE (self->move_amount);
  gtk_widget_grab_focus (GTK_WIDGET (self->move_amount));
}

static MposCashKind
chosen_kind (MposShiftDialog *self)
{
  if (gtk_toggle_button_get_active (self->pay_out_toggle))
    return MPOS_CASH_PAY_OUT;
  if (gtk_toggle_button_get_active (self->drop_toggle))
    return MPOS_CASH_DROP;
  return MPOS_CASH_PAY_IN;
}

static void
do_cash (MposShiftDialog *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *amount_text = NULL, *text = NULL;
  const char *reason = gtk_editable_get_text (GTK_EDITABLE (self->move_reason));
  MposCashKind kind = chosen_kind (self);
  MposMoney amount = 0;

  if (!read_amount (self, self->move_amount, &amount))
    return;
  if (!mpos_shift_move_cash (store_of (self), mpos_till_get_cashier (self->till), kind, amount,
                             reason, NULL, &error))
    {
      say (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (reason[0] ? self->move_amount : self->move_reason));
      return;
    }
  amount_text = mpos_format_money (amount);
  text = g_strdup_printf (kind == MPOS_CASH_PAY_IN    ? _ ("Paid in %s: %s.")
                          : kind == MPOS_CASH_PAY_OUT ? _ ("Paid out %s: %s.")
                                                      : _ ("Dropped %s to the safe: %s."),
                          amount_text, reason);
  finish (self, FALSE, text);
}

/* ---- the count -------------------------------------------------------------------------- */

/* Pieces typed for denomination d: empty is 0; -1 for anything not a count. */
static int64_t
pieces_of (MposShiftDialog *self, int d)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->counts[d]));
  guint64 n = 0;

  if (text[0] == '\0')
    return 0;
  if (!g_ascii_string_to_unsigned (text, 10, 0, MPOS_SHIFT_MAX_PIECES, &n, NULL))
    return -1;
  return (int64_t)n;
}

static void
update_total (MposShiftDialog *self)
{
  MposMoney total = 0;
  gboolean whole = TRUE;
  g_autofree char *text = NULL, *money = NULL;

  for (int d = 0; d < MPOS_DENOMINATION_COUNT; d++)
    {
      int64_t n = pieces_of (self, d);
      g_autofree char *sum = n >= 0 ? mpos_format_money (n * mpos_denomination_value (d)) : NULL;
      gtk_label_set_text (self->sums[d], sum ? sum : "?");
      whole = whole && n >= 0;
      total += n >= 0 ? n * mpos_denomination_value (d) : 0;
    }
  money = mpos_format_money (total);
  text = whole ? g_strdup_printf (_ ("Counted: %s"), money)
               : g_strdup (_ ("Counted: ? (a count is a whole number of pieces)"));
  gtk_label_set_text (self->count_total, text);
}

void
mpos_shift_dialog_open_close (MposShiftDialog *self)
{
  show_step (self, STEP_COUNT, _ ("Close the shift 交班"),
             _ ("Count the drawer: type the number of notes and coins of each kind (Enter moves "
                "on). What the drawer should hold is shown after the count."),
             _ ("Count done"));
  for (int d = 0; d < MPOS_DENOMINATION_COUNT; d++)
    clear_text (GTK_EDITABLE (self->counts[d]));
  update_total (self);
  self->target = GTK_EDITABLE (self->counts[0]);
  gtk_widget_grab_focus (GTK_WIDGET (self->counts[0]));
}

/* Expected, counted, over/short, and what happens next. */
static void
show_result (MposShiftDialog *self, const MposShift *shift)
{
  g_autofree char *expected = mpos_format_money (shift->expected);
  g_autofree char *counted = mpos_format_money (shift->counted);
  g_autofree char *over_short = mpos_format_money (shift->over_short);
  g_autofree char *text = NULL;
  gboolean waits = shift->status == MPOS_SHIFT_COUNTED;

  text = g_strdup_printf (
      _ ("Shift %s\nExpected in the drawer: %s\nCounted: %s\nOver/short: %s %s%s%s"),
      shift->shift_no, expected, counted, over_short,
      shift->over_short > 0   ? _ ("(over 长款)")
      : shift->over_short < 0 ? _ ("(short 短款)")
                              : "",
      shift->accepted_by ? _ ("\nAccepted by manager ") : "",
      shift->accepted_by ? shift->accepted_by : "");
  g_free (self->shift_no);
  self->shift_no = g_strdup (shift->shift_no);
  self->closed = !waits;
  show_step (self, STEP_RESULT, _ ("Close the shift 交班"),
             waits ? _ ("The over/short passes the store's limit: a manager checks the count and "
                        "approves it here with number and PIN. No sale until then.")
                   : _ ("The shift is closed. Press Enter to sign out."),
             waits ? _ ("Manager approves") : _ ("Enter Sign out"));
  gtk_label_set_text (self->result_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->manager_box), waits);
  if (waits)
    {
      clear_text (GTK_EDITABLE (self->manager_number));
      clear_text (GTK_EDITABLE (self->manager_pin));
      gtk_widget_grab_focus (GTK_WIDGET (self->manager_number));
    }
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->shift_ok_button));
}

static void
do_count (MposShiftDialog *self)
{
  g_autoptr (GError) error = NULL;
  g_auto (MposShift) shift = { 0 };
  MposCashCount count = { { 0 } };

  for (int d = 0; d < MPOS_DENOMINATION_COUNT; d++)
    if ((count.pieces[d] = pieces_of (self, d)) < 0)
      {
        g_autofree char *text = g_strdup_printf (
            _ ("The count of %s yuan is not a whole number of pieces (0 to %d): correct it."),
            mpos_denomination_name (d), MPOS_SHIFT_MAX_PIECES);
        say (self, text);
        gtk_widget_grab_focus (GTK_WIDGET (self->counts[d]));
        return;
      }
  if (!mpos_shift_close (store_of (self), mpos_till_get_cashier (self->till), &count, NULL, &shift,
                         &error))
    {
      say (self, error->message);
      return;
    }
  show_result (self, &shift);
}

static void
do_accept (MposShiftDialog *self)
{
  g_autoptr (GError) error = NULL;
  g_auto (MposShift) shift = { 0 };
  MposStaffCredential manager = { gtk_editable_get_text (GTK_EDITABLE (self->manager_number)),
                                  gtk_editable_get_text (GTK_EDITABLE (self->manager_pin)), NULL };
  gboolean ok = mpos_shift_accept (store_of (self), self->shift_no, &manager, &shift, &error);

  clear_text (GTK_EDITABLE (self->manager_pin)); /* never kept */
  if (!ok)
    {
      say (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->manager_pin));
      return;
    }
  show_result (self, &shift);
}

static void
on_ok (GtkWidget *widget, MposShiftDialog *self)
{
  switch (self->step)
    {
    case STEP_OPEN:
      do_open (self);
      break;
    case STEP_CASH:
      do_cash (self);
      break;
    case STEP_COUNT:
      do_count (self);
      break;
    case STEP_RESULT:
      if (!self->closed)
        do_accept (self);
      else
        finish (self, TRUE, gtk_label_get_text (self->result_label));
      break;
    }
}

void
mpos_shift_dialog_cancel (MposShiftDialog *self)
{
  gboolean can_sell = self->step == STEP_CASH || self->step == STEP_COUNT;

  if (self->step == STEP_RESULT && self->closed)
    {
      on_ok (NULL, self); /* read: sign out */
      return;
    }
  finish (self, !can_sell, "");
}

gboolean
mpos_shift_dialog_check (MposShiftDialog *self)
{
  g_autoptr (GError) error = NULL;
  g_auto (MposShift) shift = { 0 };

  if (!mpos_shift_current (store_of (self), &shift, &error))
    {
      start_open (self);
      return TRUE;
    }
  if (shift.status == MPOS_SHIFT_OPEN)
    return FALSE;
  show_result (self, &shift);
  return TRUE;
}

gboolean
mpos_shift_dialog_is_open (MposShiftDialog *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self));
}

/* ---- keys and the pad ------------------------------------------------------------------- */

static void
on_focus_enter (GtkEventControllerFocus *focus, MposShiftDialog *self)
{
  self->target = GTK_EDITABLE (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (focus)));
}

static void
track_focus (MposShiftDialog *self, GtkWidget *field)
{
  GtkEventController *focus = gtk_event_controller_focus_new ();

  g_signal_connect (focus, "enter", G_CALLBACK (on_focus_enter), self);
  gtk_widget_add_controller (field, focus);
}

static void
on_pad_key (GtkButton *button, MposShiftDialog *self)
{
  const char *key = g_object_get_data (G_OBJECT (button), "key");
  const char *now = self->target ? gtk_editable_get_text (self->target) : "";
  g_autofree char *text = NULL;

  if (self->target == NULL)
    return;
  if (g_str_equal (key, "back"))
    text = g_strndup (now, MAX (strlen (now), 1) - 1);
  else
    text = g_strconcat (now, key, NULL);
  gtk_editable_set_text (self->target, text);
  gtk_editable_set_position (self->target, -1);
}

static void
build_pad (MposShiftDialog *self)
{
  static const char *const keys[]
      = { "7", "8", "9", "back", "4", "5", "6", "00", "1", "2", "3", ".", "0" };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      GtkWidget *button = gtk_button_new_with_label (g_str_equal (keys[i], "back") ? "⌫" : keys[i]);

      gtk_widget_add_css_class (button, "pad-key");
      gtk_widget_set_focus_on_click (button, FALSE); /* the cursor stays in its field */
      g_object_set_data (G_OBJECT (button), "key", (gpointer)keys[i]);
      g_signal_connect (button, "clicked", G_CALLBACK (on_pad_key), self);
      gtk_grid_attach (self->shift_pad, button, (int)(i % 4), (int)(i / 4), 1, 1);
    }
}

/* Enter in a count moves to the next one; in the last, the count is done. */
static void
on_count_activate (GtkEntry *entry, MposShiftDialog *self)
{
  for (int d = 0; d < MPOS_DENOMINATION_COUNT - 1; d++)
    if (self->counts[d] == entry)
      {
        gtk_widget_grab_focus (GTK_WIDGET (self->counts[d + 1]));
        return;
      }
  on_ok (NULL, self);
}

static void
build_count (MposShiftDialog *self)
{
  for (int d = 0; d < MPOS_DENOMINATION_COUNT; d++)
    {
      g_autofree char *label = g_strdup_printf ("¥%s ×", mpos_denomination_name (d));
      GtkWidget *name = gtk_label_new (label);
      GtkWidget *entry = gtk_entry_new ();
      GtkWidget *sum = gtk_label_new ("");

      gtk_label_set_xalign (GTK_LABEL (name), 1);
      gtk_label_set_xalign (GTK_LABEL (sum), 1);
      gtk_widget_set_hexpand (sum, TRUE);
      gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_DIGITS);
      gtk_editable_set_width_chars (GTK_EDITABLE (entry), 8);
      gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                      -1);
      self->counts[d] = GTK_ENTRY (entry);
      self->sums[d] = GTK_LABEL (sum);
      g_signal_connect_swapped (entry, "changed", G_CALLBACK (update_total), self);
      g_signal_connect (entry, "activate", G_CALLBACK (on_count_activate), self);
      track_focus (self, entry);
      gtk_grid_attach (self->count_grid, name, d % 2 * 3, d / 2, 1, 1);
      gtk_grid_attach (self->count_grid, entry, d % 2 * 3 + 1, d / 2, 1, 1);
      gtk_grid_attach (self->count_grid, sum, d % 2 * 3 + 2, d / 2, 1, 1);
    }
}

static void
on_enter_moves_to (GtkWidget *next)
{
  gtk_widget_grab_focus (next);
}

static void
on_cancel (GtkWidget *widget, MposShiftDialog *self)
{
  mpos_shift_dialog_cancel (self);
}

static void
mpos_shift_dialog_dispose (GObject *object)
{
  MposShiftDialog *self = MPOS_SHIFT_DIALOG (object);

  g_clear_object (&self->till);
  g_clear_pointer (&self->shift_no, g_free);
  G_OBJECT_CLASS (mpos_shift_dialog_parent_class)->dispose (object);
}

static void
mpos_shift_dialog_class_init (MposShiftDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = mpos_shift_dialog_dispose;
  signals[SIGNAL_DONE]
      = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                      G_TYPE_NONE, 2, G_TYPE_BOOLEAN, G_TYPE_STRING);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/mallpos/Till/mpos-shift-dialog.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, MposShiftDialog, name)
  BIND (shift_title);
  BIND (shift_hint);
  BIND (float_box);
  BIND (float_entry);
  BIND (move_box);
  BIND (pay_in_toggle);
  BIND (pay_out_toggle);
  BIND (drop_toggle);
  BIND (move_amount);
  BIND (move_reason);
  BIND (count_box);
  BIND (count_grid);
  BIND (count_total);
  BIND (result_label);
  BIND (manager_box);
  BIND (manager_number);
  BIND (manager_pin);
  BIND (shift_pad);
  BIND (shift_problem);
  BIND (shift_cancel_button);
  BIND (shift_ok_button);
#undef BIND
}

static void
mpos_shift_dialog_init (MposShiftDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  build_pad (self);
  build_count (self);
  g_signal_connect (self->float_entry, "activate", G_CALLBACK (on_ok), self);
  g_signal_connect_swapped (self->move_amount, "activate", G_CALLBACK (on_enter_moves_to),
                            self->move_reason);
  g_signal_connect (self->move_reason, "activate", G_CALLBACK (on_ok), self);
  g_signal_connect_swapped (self->manager_number, "activate", G_CALLBACK (on_enter_moves_to),
                            self->manager_pin);
  g_signal_connect (self->manager_pin, "activate", G_CALLBACK (on_ok), self);
  g_signal_connect (self->shift_ok_button, "clicked", G_CALLBACK (on_ok), self);
  g_signal_connect (self->shift_cancel_button, "clicked", G_CALLBACK (on_cancel), self);
  track_focus (self, GTK_WIDGET (self->float_entry));
  track_focus (self, GTK_WIDGET (self->move_amount));
  track_focus (self, GTK_WIDGET (self->move_reason));
  track_focus (self, GTK_WIDGET (self->manager_number));
}

void
mpos_shift_dialog_set_till (MposShiftDialog *self, MposTill *till)
{
  g_set_object (&self->till, till);
}
