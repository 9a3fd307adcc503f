/* mpos-member-statement.c — the member's statement (mpos-member-statement.h).
 * Points are shown to whoever has the member on the sale; stored value
 * only once the member proved it is them on this sale (cart-member-proof.h):
 * before that the panel asks for their payment PIN (or their code or card,
 * which prove it wherever they are scanned or read). */
#include "mpos-member-statement.h"

#include "mpos-format.h"
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

/* The member's payment PIN typed: the sale is proven, the statement shown
 * again with the stored value; a wrong PIN counts towards its lock. */
static void
on_pin (GtkWidget *widget, MposMemberStatement *self)
{
  g_autoptr (GError) error = NULL;
  MposMemberProof proof = { 0 };
  g_autofree char *pin = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->statement_pin)));

  gtk_editable_set_text (GTK_EDITABLE (self->statement_pin), ""); /* never kept */
  proof.payment_pin = pin;
  if (!mpos_till_prove_member (self->till, &proof, &error)
      || !mpos_member_statement_open (self, &error))
    {
      gtk_label_set_text (self->statement_problem, error->message);
      return;
    }
  gtk_label_set_text (self->statement_problem, "");
}

gboolean
mpos_member_statement_is_open (MposMemberStatement *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self));
}

void
mpos_member_statement_close (MposMemberStatement *self)
{
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
#undef BIND
}

static void
mpos_member_statement_init (MposMemberStatement *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self->statement_close, "clicked", G_CALLBACK (on_close), self);
  g_signal_connect (self->statement_pin, "activate", G_CALLBACK (on_pin), self);
}
