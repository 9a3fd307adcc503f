/* mpos-member-dialog.c — member lookup and top-up (mpos-member-dialog.h).
 * Four digits are a phone's tail: the matches are listed by name and masked
 * phone for the cashier to pick; anything else is looked up as card, member
 * code or phone. A top-up is its own business action (its own receipt).
 * The on-screen pad (mpos-number-pad.h) types the phone or its last four
 * and the top-up amount, so a till without a keyboard finds members and
 * tops up as one with a keyboard does. */
#include "mpos-member-dialog.h"

#include "clock.h"
#include "loyalty-rules.h"
#include "mpos-format.h"
#include "mpos-number-pad.h"
#include "stored-value.h"

#include <glib/gi18n.h>
#include <string.h>

#define TAIL_MATCHES 8

struct _MposMemberDialog
{
  GtkBox parent_instance;
  MposTill *till;
  /* template */
  GtkEntry *member_key;
  GtkListBox *member_matches;
  GtkBox *top_up_box;
  GtkLabel *top_up_tiers;
  GtkEntry *top_up_amount;
  GtkButton *top_up_button;
  GtkLabel *member_problem;
  GtkButton *close_button;
  MposNumberPad *member_pad;
};

enum
{
  SIGNAL_DONE,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (MposMemberDialog, mpos_member_dialog, GTK_TYPE_BOX)

static void
say (MposMemberDialog *self, const char *text)
{
  gtk_label_set_text (self->member_problem, text ? text : "");
}

/* "Top-up bonus: ¥500.00 → +¥50.00 · ¥1000.00 → +¥120.00". */
static void
show_tiers (MposMemberDialog *self)
{
  g_autoptr (MposLoyaltyRules) rules
      = mpos_loyalty_rules_load (mpos_till_get_store (self->till), NULL);
  g_autoptr (GString) text = g_string_new (_ ("Top-up bonus:"));

  for (guint i = 0; rules && rules->tiers && i < rules->tiers->len; i++)
    {
      const MposTopUpTier *tier = &g_array_index (rules->tiers, MposTopUpTier, i);
      g_autofree char *top_up = mpos_format_money (tier->top_up);
      g_autofree char *bonus = mpos_format_money (tier->bonus);
      g_string_append_printf (text, _ (" top up %s, get %s more;"), top_up, bonus);
    }
  if (rules && rules->every.top_up > 0)
    {
      g_autofree char *top_up = mpos_format_money (rules->every.top_up);
      g_autofree char *bonus = mpos_format_money (rules->every.bonus);
      g_string_append_printf (text, _ (" every %s topped up gets %s more;"), top_up, bonus);
    }
  if (text->str[text->len - 1] == ';')
    g_string_truncate (text, text->len - 1);
  else
    g_string_append (text, _ (" none in this store."));
  gtk_label_set_text (self->top_up_tiers, text->str);
}

static void
refresh (MposMemberDialog *self)
{
  gboolean member = mpos_cart_get_member (mpos_till_get_cart (self->till)) != NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->top_up_box), member);
  if (member)
    show_tiers (self);
}

static void
clear_matches (MposMemberDialog *self)
{
  GtkWidget *row;

  while ((row = gtk_widget_get_first_child (GTK_WIDGET (self->member_matches))) != NULL)
    gtk_list_box_remove (self->member_matches, row);
  gtk_widget_set_visible (GTK_WIDGET (self->member_matches), FALSE);
}

static void
attach (MposMemberDialog *self, const char *key)
{
  g_autoptr (GError) error = NULL;

  if (!mpos_till_set_member (self->till, key, &error))
    {
      say (self, error->message);
      return;
    }
  clear_matches (self);
  say (self, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->member_key), "");
  refresh (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->top_up_amount)); /* what this panel does next */
}

static void
on_match (GtkListBox *box, GtkListBoxRow *row, MposMemberDialog *self)
{
  attach (self, g_object_get_data (G_OBJECT (row), "key"));
}

static void
list_tail (MposMemberDialog *self, const char *last4)
{
  MposStore *store = mpos_till_get_store (self->till);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) found = mpos_member_find_by_phone_tail (store, last4, TAIL_MATCHES, &error);

  clear_matches (self);
  if (found == NULL)
    {
      say (self, error->message);
      return;
    }
  for (guint i = 0; i < found->len; i++)
    {
      const MposMember *m = g_ptr_array_index (found, i);
      g_autofree char *phone = mpos_member_display_phone (store, m->phone);
      g_autofree char *text = g_strdup_printf ("%s  %s  %s", m->name ? m->name : "", phone,
                                               m->level_name ? m->level_name : "");
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *label = gtk_label_new (text);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      g_object_set_data_full (G_OBJECT (row), "key", g_strdup (m->phone), g_free);
      gtk_list_box_append (self->member_matches, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->member_matches), TRUE);
  say (self, NULL);
}

static void
on_key_activate (GtkEntry *entry, MposMemberDialog *self)
{
  g_autofree char *key = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));

  if (strlen (key) == 4 && strspn (key, "0123456789") == 4)
    list_tail (self, key);
  else if (key[0] != '\0')
    attach (self, key);
}

static void
on_top_up (GtkWidget *widget, MposMemberDialog *self)
{
  const MposMember *member = mpos_cart_get_member (mpos_till_get_cart (self->till));
  g_autoptr (GError) error = NULL;
  g_autoptr (MposTender) cash = NULL;
  g_autofree char *bonus = NULL, *balance = NULL, *text = NULL;
  MposTopUpResult result;
  MposMoney amount = 0;

  if (member == NULL)
    return;
  if (!mpos_money_parse (gtk_editable_get_text (GTK_EDITABLE (self->top_up_amount)),
                         MPOS_MONEY_PARSE_DEFAULT, &amount, &error))
    {
      g_prefix_error (&error, _ ("Type the amount paid in, like 500: "));
      say (self, error->message);
      return;
    }
  cash = mpos_tender_new (MPOS_TENDER_CASH, amount, NULL, NULL);
  if (!mpos_stored_value_top_up (mpos_till_get_store (self->till), member->id, cash,
                                 mpos_till_get_cashier (self->till), mpos_clock_now (), &result,
                                 &error))
    {
      say (self, error->message);
      return;
    }
  mpos_till_print_slip (self->till, result.receipt_no);
  bonus = mpos_format_money (result.bonus);
  balance = mpos_format_money (result.balance.principal + result.balance.bonus);
  text = g_strdup_printf (_ ("Topped up: bonus %s, stored value now %s · receipt %s"), bonus,
                          balance, result.receipt_no);
  gtk_editable_set_text (GTK_EDITABLE (self->top_up_amount), "");
  mpos_member_dialog_close (self);
  g_signal_emit (self, signals[SIGNAL_DONE], 0, text);
}

static void
on_close (GtkWidget *widget, MposMemberDialog *self)
{
  mpos_member_dialog_close (self);
  g_signal_emit (self, signals[SIGNAL_DONE], 0, "");
}

static void
mpos_member_dialog_dispose (GObject *object)
{
  g_clear_object (&MPOS_MEMBER_DIALOG (object)->till);
  G_OBJECT_CLASS (mpos_member_dialog_parent_class)->dispose (object);
}

static void
mpos_member_dialog_class_init (MposMemberDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = mpos_member_dialog_dispose;
  g_type_ensure (MPOS_TYPE_NUMBER_PAD);
  signals[SIGNAL_DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/mallpos/Till/mpos-member-dialog.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, MposMemberDialog, name)
  BIND (member_key);
  BIND (member_matches);
  BIND (top_up_box);
  BIND (top_up_tiers);
  BIND (top_up_amount);
  BIND (top_up_button);
  BIND (member_problem);
  BIND (close_button);
  BIND (member_pad);
#undef BIND
}

static void
mpos_member_dialog_init (MposMemberDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self->member_key, "activate", G_CALLBACK (on_key_activate), self);
  g_signal_connect (self->member_matches, "row-activated", G_CALLBACK (on_match), self);
  g_signal_connect (self->top_up_amount, "activate", G_CALLBACK (on_top_up), self);
  g_signal_connect (self->top_up_button, "clicked", G_CALLBACK (on_top_up), self);
  g_signal_connect (self->close_button, "clicked", G_CALLBACK (on_close), self);
  mpos_number_pad_track (self->member_pad, GTK_WIDGET (self->member_key));
  mpos_number_pad_track (self->member_pad, GTK_WIDGET (self->top_up_amount));
}

void
mpos_member_dialog_set_till (MposMemberDialog *self, MposTill *till)
{
  g_set_object (&self->till, till);
}

void
mpos_member_dialog_open (MposMemberDialog *self)
{
  clear_matches (self);
  say (self, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->member_key), "");
  refresh (self);
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->member_key));
}

gboolean
mpos_member_dialog_is_open (MposMemberDialog *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self));
}

void
mpos_member_dialog_close (MposMemberDialog *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}
