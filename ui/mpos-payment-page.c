/* mpos-payment-page.c — split tender (mpos-payment-page.h). Each button
 * builds one tender with the core's constructor and hands it to the till,
 * which checks points and stored value against the rules at once; a refusal
 * is shown in the core's words and nothing is added. Stored value, and
 * points above the store's no-proof limits, are paid with the member's
 * proof: the payment PIN typed on the page, the member code from their
 * phone scanned, or their card put on the chip reader (a presence token the
 * core seals and checks, member-card-presence.h). One proof covers the
 * sale (spend-proof.h); a code or card given after points were refused for
 * want of it pays those points, else stored value. Neither balance is
 * shown before the proof. A PIN is checked off the main loop
 * (mpos-member-pin-check.h): the proof's fields and buttons are
 * insensitive and a spinner turns while it runs, a second submit is
 * ignored, and leaving the page drops the answer. */
#include "mpos-payment-page.h"

#include "clock.h"
#include "gift-card.h"
#include "loyalty-rules.h"
#include "loyalty.h"
#include "member-card-presence.h"
#include "mpos-format.h"
#include "mpos-member-pin-check.h"
#include "mpos-number-pad.h"
#include "payment-pin.h"
#include "points.h"
#include "stored-value.h"

#include <glib/gi18n.h>

struct _MposPaymentPage
{
  GtkBox parent_instance;
  MposTill *till;
  /* template */
  GtkLabel *total_label;
  GtkLabel *due_label;
  GtkLabel *change_label;
  GtkListBox *tender_list;
  GtkLabel *payment_problem;
  GtkEntry *cash_entry;
  GtkButton *cash_exact;
  GtkButton *cash_50;
  GtkButton *cash_100;
  GtkEntry *card_reference;
  GtkButton *card_add;
  GtkEntry *sv_amount;
  GtkPasswordEntry *sv_pin;
  GtkLabel *sv_info;
  GtkButton *sv_add;
  GtkEntry *points_entry;
  GtkButton *points_add;
  GtkLabel *points_info;
  GtkEntry *gift_serial;
  GtkPasswordEntry *gift_pin;
  GtkButton *gift_add;
  MposNumberPad *payment_pad;
  GtkWidget *pin_checking;
  GtkSpinner *pin_spinner;
  int64_t points_awaiting_proof; /* refused for want of the member's proof; 0: none */
  GCancellable *cancellable;     /* the PIN check under way; NULL: none */
  int64_t checking_points;       /* what it pays: points (> 0), else stored value */
};

G_DEFINE_FINAL_TYPE (MposPaymentPage, mpos_payment_page, GTK_TYPE_BOX)

static MposCart *
cart_of (MposPaymentPage *self)
{
  return mpos_till_get_cart (self->till);
}

MposMoney
mpos_payment_page_get_change (MposPaymentPage *self)
{
  MposCart *cart = cart_of (self);

  return MAX (0, mpos_cart_tendered (cart) - mpos_cart_total (cart));
}

gboolean
mpos_payment_page_is_covered (MposPaymentPage *self)
{
  return mpos_cart_get_lines (cart_of (self))->len > 0 && mpos_till_due (self->till) == 0;
}

static void
show_tenders (MposPaymentPage *self)
{
  GPtrArray *tenders = mpos_cart_get_tenders (cart_of (self));
  GtkWidget *row;

  while ((row = gtk_widget_get_first_child (GTK_WIDGET (self->tender_list))) != NULL)
    gtk_list_box_remove (self->tender_list, row);
  for (guint i = 0; i < tenders->len; i++)
    {
      const MposTender *tender = g_ptr_array_index (tenders, i);
      g_autofree char *amount = mpos_format_money (tender->amount);
      g_autofree char *text = g_strdup_printf ("%s  %s", mpos_tender_label (tender), amount);
      GtkWidget *label = gtk_label_new (text);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_list_box_append (self->tender_list, label);
    }
}

/* What points buy, the minimum and the multiple, and — once the member
 * proved it is them — their usable points. */
static void
show_points_info (MposPaymentPage *self)
{
  MposStore *store = mpos_till_get_store (self->till);
  const MposMember *member = mpos_cart_get_member (cart_of (self));
  g_autoptr (MposLoyaltyRules) rules = mpos_loyalty_rules_load (store, NULL);
  MposPointsBalance points = { 0 };
  g_autofree char *text = NULL;
  gboolean proven = mpos_cart_get_member_proof (cart_of (self)) != NULL;

  gtk_widget_set_sensitive (GTK_WIDGET (self->points_add), member != NULL && rules != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->sv_add), member != NULL && rules != NULL);
  if (member == NULL || rules == NULL)
    {
      gtk_label_set_text (self->points_info, _ ("Points and stored value need the member's card "
                                                "on the sale (F2)."));
      gtk_label_set_text (self->sv_info, "");
      return;
    }
  if (proven)
    {
      mpos_points_balance (store, member->id, mpos_cart_get_now (cart_of (self)), &points, NULL);
      text = g_strdup_printf (
          _ ("%lld points pay ¥1.00; at least %lld, in steps of %lld. The member can use %lld."),
          (long long) rules->points_per_yuan, (long long) rules->burn_minimum,
          (long long) MAX (rules->burn_multiple, 1), (long long) points.usable);
    }
  else
    text = g_strdup_printf (
        _ ("%lld points pay ¥1.00; at least %lld, in steps of %lld. Above %lld points the member "
           "proves it is them as for stored value; their points show once they have."),
        (long long) rules->points_per_yuan, (long long) rules->burn_minimum,
        (long long) MAX (rules->burn_multiple, 1), (long long) rules->burn_no_proof_max);
  gtk_label_set_text (self->points_info, text);
  /* No balance before the proof: whoever only knows the card number or
   * the phone learns nothing here either. */
  gtk_label_set_text (self->sv_info,
                      _ ("The member proves it is them: types the payment PIN, shows the member "
                         "code on their phone (scan it), or puts their card on the reader."));
}

static void
refresh (MposPaymentPage *self)
{
  MposCart *cart = cart_of (self);
  g_autofree char *total = mpos_format_money (mpos_cart_total (cart));
  g_autofree char *due = mpos_format_money (mpos_till_due (self->till));
  g_autofree char *change = mpos_format_money (mpos_payment_page_get_change (self));

  gtk_label_set_text (self->total_label, total);
  gtk_label_set_text (self->due_label, due);
  gtk_label_set_text (self->change_label, change);
  show_tenders (self);
}

static void
say (MposPaymentPage *self, const GError *error)
{
  gtk_label_set_text (self->payment_problem, error ? error->message : "");
}

/* Hands a tender to the till; the field it came from is cleared when taken. */
static gboolean
pay (MposPaymentPage *self, MposTender *tender, GError *error, GtkEditable *field)
{
  g_autoptr (GError) refused = error;

  if (tender != NULL && mpos_till_add_tender (self->till, tender, &refused))
    {
      say (self, NULL);
      if (field)
        gtk_editable_set_text (field, "");
      refresh (self);
      return TRUE;
    }
  say (self, refused);
  return FALSE;
}

static gboolean
read_money (MposPaymentPage *self, GtkEditable *field, MposMoney fallback, MposMoney *out)
{
  const char *text = gtk_editable_get_text (field);
  g_autoptr (GError) error = NULL;

  if (text[0] == '\0')
    {
      *out = fallback;
      return TRUE;
    }
  if (mpos_money_parse (text, MPOS_MONEY_PARSE_DEFAULT, out, &error))
    return TRUE;
  g_prefix_error (&error, _ ("“%s” is not an amount (write it like 50 or 12.50): "), text);
  say (self, error);
  return FALSE;
}

static void
pay_cash (MposPaymentPage *self, MposMoney amount)
{
  pay (self, amount > 0 ? mpos_tender_new (MPOS_TENDER_CASH, amount, NULL, NULL) : NULL, NULL,
       GTK_EDITABLE (self->cash_entry));
}

static void
on_cash_activate (GtkEntry *entry, MposPaymentPage *self)
{
  MposMoney amount = 0;

  if (read_money (self, GTK_EDITABLE (entry), mpos_till_due (self->till), &amount))
    pay_cash (self, amount);
}

static void
on_cash_exact (GtkButton *button, MposPaymentPage *self)
{
  pay_cash (self, mpos_till_due (self->till));
}

static void
on_cash_note (GtkButton *button, MposPaymentPage *self)
{
  pay_cash (self, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "fen")));
}

static void
on_card (GtkWidget *widget, MposPaymentPage *self)
{
  const char *reference = gtk_editable_get_text (GTK_EDITABLE (self->card_reference));
  GError *error = NULL;

  if (reference[0] == '\0')
    {
      g_set_error (&error, MPOS_TENDER_ERROR, MPOS_TENDER_ERROR_INVALID,
                   _ ("Type the reference printed on the card terminal's slip first."));
      pay (self, NULL, error, NULL);
      return;
    }
  pay (self, mpos_tender_new (MPOS_TENDER_BANK_CARD, mpos_till_due (self->till), reference, NULL),
       NULL, GTK_EDITABLE (self->card_reference));
}

static gboolean
refuse (MposPaymentPage *self, const char *message)
{
  GError *error = g_error_new_literal (MPOS_TENDER_ERROR, MPOS_TENDER_ERROR_INVALID, message);

  return pay (self, NULL, error, NULL);
}

static void
show_checking (MposPaymentPage *self, gboolean checking)
{
  /* not editable rather than insensitive: the field may have the cursor,
   * and GTK 4.8 loses a focused text's focus-out when it turns insensitive */
  gtk_editable_set_editable (GTK_EDITABLE (self->sv_pin), !checking);
  gtk_widget_set_sensitive (GTK_WIDGET (self->sv_add), !checking);
  gtk_widget_set_sensitive (GTK_WIDGET (self->points_add), !checking);
  gtk_widget_set_visible (self->pin_checking, checking);
  gtk_spinner_set_spinning (self->pin_spinner, checking);
}

gboolean
mpos_payment_page_is_checking (MposPaymentPage *self)
{
  return self->cancellable != NULL;
}

static void
stop_checking (MposPaymentPage *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  show_checking (self, FALSE);
}

/* The PIN's answer: the tender it proved goes to the till, as one built
 * on the main loop would; a refusal is said in the core's words. */
static void
on_pin_checked (GObject *source, GAsyncResult *result, gpointer data)
{
  MposPaymentPage *self = MPOS_PAYMENT_PAGE (source);
  const MposMember *member = mpos_cart_get_member (cart_of (self));
  int64_t points = self->checking_points;
  MposTender *tender = NULL;
  GError *error = NULL;

  if (!mpos_member_pin_check_finish (result, &tender, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_error_free (error); /* the page was left: its state was reset then */
      return;
    }
  g_clear_object (&self->cancellable);
  show_checking (self, FALSE);
  if (tender != NULL && (member == NULL || member->id != mpos_member_pin_check_member (result)))
    {
      g_clear_pointer (&tender, mpos_tender_free);
      g_set_error_literal (&error, MPOS_TENDER_ERROR, MPOS_TENDER_ERROR_INVALID,
                           _ ("The member on the sale changed while the PIN was checked: "
                              "ask for the PIN again."));
    }
  if (points > 0
      && g_error_matches (error, MPOS_PAYMENT_PIN_ERROR, MPOS_PAYMENT_PIN_ERROR_REQUIRED))
    self->points_awaiting_proof = points;
  pay (self, tender, error, GTK_EDITABLE (points > 0 ? self->points_entry : self->sv_amount));
  show_points_info (self);
}

/* The member's PIN checked off the main loop; what it proves pays
 * `points` (> 0), else `amount` of stored value. */
static void
check_pin (MposPaymentPage *self, const char *pin, int64_t points, MposMoney amount)
{
  const MposMember *member = mpos_cart_get_member (cart_of (self));

  self->cancellable = g_cancellable_new ();
  self->checking_points = points;
  say (self, NULL);
  mpos_member_pin_check_async (
      G_OBJECT (self), mpos_store_path (mpos_till_get_store (self->till)), member->id, pin,
      points > 0 ? MPOS_PIN_CHECK_POINTS : MPOS_PIN_CHECK_STORED_VALUE,
      points > 0 ? points : amount, mpos_clock_now (), self->cancellable, on_pin_checked, NULL);
  /* `pin` may be the field's own text: cleared once the check has its copy,
   * and before the field stops taking text */
  gtk_editable_set_text (GTK_EDITABLE (self->sv_pin), ""); /* never kept */
  show_checking (self, TRUE);
}

/* The amount typed (else what is due) from stored value, with `proof`. */
static void
pay_stored_value (MposPaymentPage *self, const MposSpendProof *proof)
{
  const MposMember *member = mpos_cart_get_member (cart_of (self));
  GError *error = NULL;
  MposTender *tender;
  MposMoney amount = 0;

  if (member == NULL)
    {
      refuse (self, _ ("Stored value needs the member on the sale: press Esc, scan their card "
                       "or code, then pay."));
      return;
    }
  if (!read_money (self, GTK_EDITABLE (self->sv_amount), mpos_till_due (self->till), &amount))
    return;
  if (proof->pin != NULL)
    {
      check_pin (self, proof->pin, 0, amount);
      return;
    }
  tender = mpos_stored_value_tender_new_proven (mpos_till_get_store (self->till), member->id,
                                                amount, proof, mpos_clock_now (), &error);
  if (pay (self, tender, error, GTK_EDITABLE (self->sv_amount)))
    show_points_info (self);
}

/* `points` from the member's points, with `proof` (the sale's, if it has
 * one): refused for want of the proof, the page waits for it. */
static void
pay_points (MposPaymentPage *self, int64_t points, const MposSpendProof *proof)
{
  const MposMember *member = mpos_cart_get_member (cart_of (self));
  MposStore *store = mpos_till_get_store (self->till);
  GError *error = NULL;
  MposTender *tender;

  self->points_awaiting_proof = 0;
  if (member != NULL && proof->pin != NULL)
    {
      check_pin (self, proof->pin, points, 0);
      return;
    }
  tender = member == NULL ? mpos_points_tender_new (store, points, &error)
                          : mpos_points_tender_new_proven (store, member->id, points, proof,
                                                           mpos_clock_now (), &error);
  if (tender != NULL && !mpos_till_add_tender (self->till, tender, &error))
    tender = NULL; /* the till took it, and refused it */
  else if (tender != NULL)
    {
      say (self, NULL);
      gtk_editable_set_text (GTK_EDITABLE (self->points_entry), "");
      refresh (self);
      show_points_info (self);
      return;
    }
  if (g_error_matches (error, MPOS_PAYMENT_PIN_ERROR, MPOS_PAYMENT_PIN_ERROR_REQUIRED))
    self->points_awaiting_proof = points;
  say (self, error);
  g_clear_error (&error);
}

/* The proof just given pays the points waiting for it, else stored value. */
static void
pay_with_proof (MposPaymentPage *self, MposSpendProof *proof)
{
  proof->proven_by = mpos_cart_get_member_proof (cart_of (self));
  if (self->points_awaiting_proof > 0)
    pay_points (self, self->points_awaiting_proof, proof);
  else
    pay_stored_value (self, proof);
}

static void
on_stored_value (GtkWidget *widget, MposPaymentPage *self)
{
  const char *pin = gtk_editable_get_text (GTK_EDITABLE (self->sv_pin));
  MposSpendProof proof = { .pin = pin[0] ? pin : NULL };

  if (mpos_payment_page_is_checking (self))
    return; /* one check at a time */
  self->points_awaiting_proof = 0;
  pay_with_proof (self, &proof);
  gtk_editable_set_text (GTK_EDITABLE (self->sv_pin), ""); /* never kept */
}

/* Enter in the stored-value amount (empty: the rest): on to the PIN. */
static void
on_sv_amount_activate (GtkEntry *entry, MposPaymentPage *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->sv_pin));
}

/* Enter in the PIN field: it pays what waits for it. */
static void
on_pin_activate (GtkWidget *widget, MposPaymentPage *self)
{
  const char *pin = gtk_editable_get_text (GTK_EDITABLE (self->sv_pin));
  MposSpendProof proof = { .pin = pin[0] ? pin : NULL };

  if (mpos_payment_page_is_checking (self))
    return; /* one check at a time */
  pay_with_proof (self, &proof);
  gtk_editable_set_text (GTK_EDITABLE (self->sv_pin), ""); /* never kept */
}

void
mpos_payment_page_member_code (MposPaymentPage *self, const char *token)
{
  MposSpendProof proof = { .qr_token = token };

  if (mpos_payment_page_is_checking (self))
    return; /* the PIN typed answers first */
  pay_with_proof (self, &proof);
}

void
mpos_payment_page_member_card (MposPaymentPage *self, const char *card_no, gboolean chip)
{
  g_autofree char *presence = NULL;
  MposSpendProof proof = { 0 };
  GError *error = NULL;

  if (mpos_payment_page_is_checking (self))
    return; /* the PIN typed answers first */
  if (!chip)
    {
      refuse (self, _ ("A swiped or typed card number proves nothing: the member puts the card "
                       "on the chip reader, types the payment PIN, or shows the member code."));
      return;
    }
  presence = mpos_member_card_presence_seal (mpos_till_get_store (self->till), card_no,
                                             mpos_clock_now (), &error);
  if (presence == NULL)
    {
      pay (self, NULL, error, NULL);
      return;
    }
  proof.card_presence = presence;
  pay_with_proof (self, &proof);
}

/* The points typed, with the PIN typed beside stored value when the
 * member gave it (the same proof covers both). */
static void
on_points (GtkWidget *widget, MposPaymentPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->points_entry));
  const char *pin = gtk_editable_get_text (GTK_EDITABLE (self->sv_pin));
  MposSpendProof proof = { .pin = pin[0] ? pin : NULL,
                           .proven_by = mpos_cart_get_member_proof (cart_of (self)) };
  GError *error = NULL;
  guint64 points = 0;

  if (mpos_payment_page_is_checking (self))
    return; /* one check at a time */
  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT32, &points, NULL))
    {
      g_set_error (&error, MPOS_TENDER_ERROR, MPOS_TENDER_ERROR_INVALID,
                   _ ("Type how many points to use, as a whole number."));
      pay (self, NULL, error, NULL);
      return;
    }
  pay_points (self, (int64_t) points, &proof);
  gtk_editable_set_text (GTK_EDITABLE (self->sv_pin), ""); /* never kept */
}

static void
on_gift_card (GtkWidget *widget, MposPaymentPage *self)
{
  g_autofree char *serial
      = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->gift_serial))));
  const char *pin = gtk_editable_get_text (GTK_EDITABLE (self->gift_pin));
  GError *error = NULL;
  MposTender *tender
      = mpos_gift_card_tender_new (mpos_till_get_store (self->till), serial, pin,
                                   mpos_till_due (self->till), mpos_clock_now (), &error);

  gtk_editable_set_text (GTK_EDITABLE (self->gift_pin), "");
  pay (self, tender, error, GTK_EDITABLE (self->gift_serial));
}

void
mpos_payment_page_payment_code (MposPaymentPage *self, const char *code)
{
  GError *error = NULL;
  MposTender *tender = mpos_tender_new_mobile (mpos_payment_provider_cashier_confirmed (), code,
                                               mpos_till_due (self->till), &error);

  pay (self, tender, error, NULL);
}

void
mpos_payment_page_gift_card (MposPaymentPage *self, const char *serial)
{
  gtk_editable_set_text (GTK_EDITABLE (self->gift_serial), serial);
  gtk_widget_grab_focus (GTK_WIDGET (self->gift_pin));
}

static void
mpos_payment_page_dispose (GObject *object)
{
  MposPaymentPage *self = MPOS_PAYMENT_PAGE (object);

  stop_checking (self);
  g_clear_object (&self->till);
  G_OBJECT_CLASS (mpos_payment_page_parent_class)->dispose (object);
}

static void
mpos_payment_page_class_init (MposPaymentPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = mpos_payment_page_dispose;
  g_type_ensure (MPOS_TYPE_NUMBER_PAD);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/mallpos/Till/mpos-payment-page.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, MposPaymentPage, name)
  BIND (total_label);
  BIND (due_label);
  BIND (change_label);
  BIND (tender_list);
  BIND (payment_problem);
  BIND (cash_entry);
  BIND (cash_exact);
  BIND (cash_50);
  BIND (cash_100);
  BIND (card_reference);
  BIND (card_add);
  BIND (sv_amount);
  BIND (sv_pin);
  BIND (sv_info);
  BIND (sv_add);
  BIND (points_entry);
  BIND (points_add);
  BIND (points_info);
  BIND (gift_serial);
  BIND (gift_pin);
  BIND (gift_add);
  BIND (payment_pad);
  BIND (pin_checking);
  BIND (pin_spinner);
#undef BIND
}

/* Leaving the page (Esc, the sale finished, a lock) drops a PIN check's
 * answer: it belongs to the payment the cashier left. */
static void
on_unmap (GtkWidget *widget, MposPaymentPage *self)
{
  stop_checking (self);
}

static void
mpos_payment_page_init (MposPaymentPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self, "unmap", G_CALLBACK (on_unmap), self);
  g_object_set_data (G_OBJECT (self->cash_50), "fen", GINT_TO_POINTER (5000));
  g_object_set_data (G_OBJECT (self->cash_100), "fen", GINT_TO_POINTER (10000));
  g_signal_connect (self->cash_entry, "activate", G_CALLBACK (on_cash_activate), self);
  g_signal_connect (self->cash_exact, "clicked", G_CALLBACK (on_cash_exact), self);
  g_signal_connect (self->cash_50, "clicked", G_CALLBACK (on_cash_note), self);
  g_signal_connect (self->cash_100, "clicked", G_CALLBACK (on_cash_note), self);
  g_signal_connect (self->card_reference, "activate", G_CALLBACK (on_card), self);
  g_signal_connect (self->card_add, "clicked", G_CALLBACK (on_card), self);
  g_signal_connect (self->sv_amount, "activate", G_CALLBACK (on_sv_amount_activate), self);
  g_signal_connect (self->sv_pin, "activate", G_CALLBACK (on_pin_activate), self);
  g_signal_connect (self->sv_add, "clicked", G_CALLBACK (on_stored_value), self);
  g_signal_connect (self->points_entry, "activate", G_CALLBACK (on_points), self);
  g_signal_connect (self->points_add, "clicked", G_CALLBACK (on_points), self);
  /* touch: cash tendered, stored value and its PIN, points on the pad */
  mpos_number_pad_track (self->payment_pad, GTK_WIDGET (self->cash_entry));
  mpos_number_pad_track (self->payment_pad, GTK_WIDGET (self->sv_amount));
  mpos_number_pad_track (self->payment_pad, GTK_WIDGET (self->sv_pin));
  mpos_number_pad_track (self->payment_pad, GTK_WIDGET (self->points_entry));
  g_signal_connect (self->gift_pin, "activate", G_CALLBACK (on_gift_card), self);
  g_signal_connect (self->gift_add, "clicked", G_CALLBACK (on_gift_card), self);
}

void
mpos_payment_page_set_till (MposPaymentPage *self, MposTill *till)
{
  g_set_object (&self->till, till);
}

void
mpos_payment_page_start (MposPaymentPage *self)
{
  self->points_awaiting_proof = 0;
  say (self, NULL);
  refresh (self);
  show_points_info (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->cash_entry));
}
