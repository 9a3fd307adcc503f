/* mpos-member-statement.c — the member's statement (mpos-member-statement.h).
 * Points are shown to whoever has the member on the sale; stored value
 * only once the member proved it is them on this sale (cart-member-proof.h):
 * before that the panel asks for their payment PIN (or their code or card,
 * which prove it wherever they are scanned or read). The PIN is checked
 * off the main loop (mpos-member-pin-check.h): the field is insensitive
 * and a spinner turns while it runs; closing the panel drops the answer. */
#include "mpos-member-statement.h"

#include "mpos-format.h"
#include "mpos-member-pin-check.h"
#include "points-statement.h"
#include "stored-value-statement.h"

#include <glib/gi18n.h>

#define WHEN "%Y-%m-%d %H:%M"

struct _MposMemberStatement
{
  GtkBox parent_instance;
  MposTill *till;
  /* template */
  GtkLabel *statement_title;
  GtkLabel *points_summary;
  GtkListBox *points_moves;
  GtkLabel *stored_value_summary;
  GtkListBox *stored_value_moves;
  GtkPasswordEntry *statement_pin;
  GtkLabel *statement_problem;
  GtkButton *statement_close;
  GtkWidget *statement_checking;
  GtkSpinner *statement_spinner;
  GCancellable *cancellable; /* the PIN check under way; NULL: none */
};

G_DEFINE_FINAL_TYPE (MposMemberStatement, mpos_member_statement, GTK_TYPE_BOX)

static void
clear (GtkListBox *box)
{
  GtkWidget *row;

  while ((row = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_list_box_remove (box, row);
}

static void
add_line (GtkListBox *box, const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_list_box_append (box, label);
}

/* A movement's kind in the cashier's words; a kind this window does not
 * know stays as the core names it. */
static const char *
kind_word (const char *kind)
{
  static const struct
  {
    const char *kind, *word;
  } words[] = {
    { "earn", N_ ("earned") },         { "burn", N_ ("spent") },
    { "restore", N_ ("given back") },  { "expire", N_ ("expired") },
    { "adjust", N_ ("adjusted") },     { "confirm", N_ ("confirmed") },
    { "top_up", N_ ("topped up") },    { "top_up_refund", N_ ("top-up refunded") },
    { "sale", N_ ("paid") },           { "return", N_ ("refunded") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    if (g_strcmp0 (kind, words[i].kind) == 0)
      return _ (words[i].word);
  return kind;
}

/* "2026-11-23 10:02  earned  +54  S001-T01-20261123-0003" */
static void
show_points (MposMemberStatement *self, MposStore *store, const MposPointsStatement *statement)
{
  const MposPointsBalance *b = &statement->balance;
  g_autofree char *summary
      = g_strdup_printf (_ ("Points: %lld usable, %lld pending%s"), (long long) b->usable,
                         (long long) b->pending, b->frozen ? _ (" (on hold)") : "");

  gtk_label_set_text (self->points_summary, summary);
  clear (self->points_moves);
  for (guint i = statement->movements->len; i-- > 0;)
    {
      const MposPointsMovement *m = g_ptr_array_index (statement->movements, i);
      g_autofree char *when = mpos_format_store_time (store, m->at, WHEN);
      g_autofree char *line
          = g_strdup_printf ("%s  %s  %+lld  %s", when, kind_word (m->kind),
                             (long long) mpos_points_movement_points (m),
                             m->receipt_no ? m->receipt_no : (m->reason ? m->reason : ""));
      add_line (self->points_moves, line);
    }
}

/* Before the member's proof: no balance, no movements; the PIN field. */
static void
hide_stored_value (MposMemberStatement *self)
{
  gtk_label_set_text (self->stored_value_summary,
                      _ ("Stored value: **** — shown once the member proves it is them: they "
                         "type their payment PIN below, show the member code on their phone "
                         "(scan it) or put their card on the reader."));
  clear (self->stored_value_moves);
  gtk_widget_set_visible (GTK_WIDGET (self->statement_pin), TRUE);
}

static void
show_stored_value (MposMemberStatement *self, MposStore *store,
                   const MposStoredValueStatement *statement)
{
  g_autofree char *principal = mpos_format_money (statement->balance.principal);
  g_autofree char *bonus = mpos_format_money (statement->balance.bonus);
  g_autofree char *summary
      = g_strdup_printf (_ ("Stored value: %s paid in + %s bonus"), principal, bonus);

  gtk_widget_set_visible (GTK_WIDGET (self->statement_pin), FALSE);
  gtk_label_set_text (self->stored_value_summary, summary);
  clear (self->stored_value_moves);
  for (guint i = statement->movements->len; i-- > 0;)
    {
      const MposStoredValueMovement *m = g_ptr_array_index (statement->movements, i);
      g_autofree char *when = mpos_format_store_time (store, m->at, WHEN);
      g_autofree char *moved = mpos_format_money (m->principal + m->bonus);
      g_autofree char *line = g_strdup_printf ("%s  %s  %s  %s", when, kind_word (m->kind), moved,
                                               m->receipt_no ? m->receipt_no : "");
      add_line (self->stored_value_moves, line);
    }
}

gboolean
mpos_member_statement_open (MposMemberStatement *self, GError **error)
{
  MposCart *cart = mpos_till_get_cart (self->till);
  MposStore *store = mpos_till_get_store (self->till);
  const MposMember *member = mpos_cart_get_member (cart);
  g_autoptr (MposPointsStatement) points = NULL;
  g_autoptr (MposStoredValueStatement) stored = NULL;
  g_autofree char *title = NULL;

  if (member == NULL)
    return g_set_error (error, MPOS_CART_ERROR, MPOS_CART_ERROR_INVALID,
                        _ ("Add the member first (scan the card or press F2), then their "
                           "statement.")),
           FALSE;
  points = mpos_points_statement (store, member->id, mpos_cart_get_now (cart), error);
  if (points == NULL)
    return FALSE;
  if (mpos_cart_member_proven (cart)
      && (stored = mpos_stored_value_statement (store, member->id, error)) == NULL)
    return FALSE;
  title = g_strdup_printf (_ ("Statement of %s"), member->name ? member->name : _ ("Member"));
  gtk_label_set_text (self->statement_title, title);
  show_points (self, store, points);
  if (stored != NULL)
    show_stored_value (self, store, stored);
  else
    hide_stored_value (self);
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
  gtk_widget_grab_focus (stored != NULL ? GTK_WIDGET (self->statement_close)
                                        : GTK_WIDGET (self->statement_pin));
  return TRUE;
}

static void
show_checking (MposMemberStatement *self, gboolean checking)
{
  /* not editable rather than insensitive: the field may have the cursor,
   * and GTK 4.8 loses a focused text's focus-out when it turns insensitive */
  gtk_editable_set_editable (GTK_EDITABLE (self->statement_pin), !checking);
  gtk_widget_set_visible (self->statement_checking, checking);
  gtk_spinner_set_spinning (self->statement_spinner, checking);
}

/* The PIN's answer: the sale is proven and the statement shown again with
 * the stored value; a wrong or locked PIN is said, and the field waits. */
static void
on_pin_checked (GObject *source, GAsyncResult *result, gpointer data)
{
  MposMemberStatement *self = MPOS_MEMBER_STATEMENT (source);
  g_autoptr (GError) error = NULL;
  gboolean proven = mpos_member_pin_check_finish (result, NULL, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return; /* the panel closed: its state was reset then */
  g_clear_object (&self->cancellable);
  show_checking (self, FALSE);
  if (proven
      && !mpos_till_member_proven_elsewhere (self->till, mpos_member_pin_check_member (result)))
    g_set_error_literal (&error, MPOS_CART_ERROR, MPOS_CART_ERROR_INVALID,
                         _ ("The member on the sale changed while the PIN was checked: "
                            "open their statement again."));
  if (error == NULL && mpos_member_statement_open (self, &error))
    {
      gtk_label_set_text (self->statement_problem, "");
      return;
    }
  gtk_label_set_text (self->statement_problem, error->message);
  gtk_widget_grab_focus (GTK_WIDGET (self->statement_pin));
}

/* The member's payment PIN typed (Enter): checked off the main loop; a
 * wrong PIN counts towards its lock. A second Enter while it runs is
 * ignored. */
static void
on_pin (GtkWidget *widget, MposMemberStatement *self)
{
  MposCart *cart = mpos_till_get_cart (self->till);
  const MposMember *member = mpos_cart_get_member (cart);
  g_autofree char *pin = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->statement_pin)));

  if (self->cancellable != NULL || member == NULL)
    return;
  gtk_editable_set_text (GTK_EDITABLE (self->statement_pin), ""); /* never kept */
  gtk_label_set_text (self->statement_problem, "");
  self->cancellable = g_cancellable_new ();
  show_checking (self, TRUE);
  mpos_member_pin_check_async (G_OBJECT (self), mpos_store_path (mpos_till_get_store (self->till)),
                               member->id, pin, MPOS_PIN_CHECK_PROOF, 0, mpos_cart_get_now (cart),
                               self->cancellable, on_pin_checked, NULL);
}

gboolean
mpos_member_statement_is_checking (MposMemberStatement *self)
{
  return self->cancellable != NULL;
}

static void
stop_checking (MposMemberStatement *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  show_checking (self, FALSE);
}

gboolean
mpos_member_statement_is_open (MposMemberStatement *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self));
}

void
mpos_member_statement_close (MposMemberStatement *self)
{
  stop_checking (self);
  gtk_editable_set_text (GTK_EDITABLE (self->statement_pin), "");
  gtk_label_set_text (self->statement_problem, "");
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

static void
on_close (GtkButton *button, MposMemberStatement *self)
{
  mpos_member_statement_close (self);
}

void
mpos_member_statement_set_till (MposMemberStatement *self, MposTill *till)
{
  g_set_object (&self->till, till);
}

static void
mpos_member_statement_dispose (GObject *object)
{
  stop_checking (MPOS_MEMBER_STATEMENT (object));
  g_clear_object (&MPOS_MEMBER_STATEMENT (object)->till);
  G_OBJECT_CLASS (mpos_member_statement_parent_class)->dispose (object);
}

static void
mpos_member_statement_class_init (MposMemberStatementClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = mpos_member_statement_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/mallpos/Till/mpos-member-statement.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, MposMemberStatement, name)
  BIND (statement_title);
  BIND (points_summary);
  BIND (points_moves);
  BIND (stored_value_summary);
  BIND (stored_value_moves);
  BIND (statement_pin);
  BIND (statement_problem);
  BIND (statement_close);
  BIND (statement_checking);
  BIND (statement_spinner);
#undef BIND
}

static void
mpos_member_statement_init (MposMemberStatement *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self->statement_close, "clicked", G_CALLBACK (on_close), self);
  g_signal_connect (self->statement_pin, "activate", G_CALLBACK (on_pin), self);
}
