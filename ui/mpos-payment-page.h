/* mpos-payment-page.h — taking payment (F12): split tender across cash
 * (change shown big, quick-cash ¥50/¥100), bank card reference, the
 * customer's payment code, stored value (with the member's proof: PIN,
 * member code or card on the chip reader), points (what
 * they buy, the minimum and the multiple) and gift cards. Finish is only
 * possible once the payments cover the total. */
#pragma once

#include <gtk/gtk.h>
#include "mpos-till.h"

G_BEGIN_DECLS

#define MPOS_TYPE_PAYMENT_PAGE (mpos_payment_page_get_type ())
G_DECLARE_FINAL_TYPE (MposPaymentPage, mpos_payment_page, MPOS, PAYMENT_PAGE, GtkBox)

void mpos_payment_page_set_till (MposPaymentPage *self, MposTill *till);
/* Shows the sale's figures afresh and puts the cursor on cash. */
void mpos_payment_page_start (MposPaymentPage *self);
/* A scanned payment code pays the rest; a gift card's serial fills its field. */
void mpos_payment_page_payment_code (MposPaymentPage *self, const char *code);
void mpos_payment_page_gift_card (MposPaymentPage *self, const char *serial);
/* The member's code from their phone, scanned: stored value pays the amount
 * typed (else the rest), with the code as the member's proof. */
void mpos_payment_page_member_code (MposPaymentPage *self, const char *token);
/* The member's card read by the card reader: with `chip` (read from the
 * card itself) it proves the member is here and stored value pays as
 * above; a swipe or typed number is refused as no proof. */
void mpos_payment_page_member_card (MposPaymentPage *self, const char *card_no, gboolean chip);
/* Whether the payments cover the total (Finish may go ahead). */
gboolean mpos_payment_page_is_covered (MposPaymentPage *self);
/* Whether the member's PIN is being checked (off the main loop); leaving
 * the page drops its answer. */
gboolean mpos_payment_page_is_checking (MposPaymentPage *self);
/* The change the cash gives now. */
MposMoney mpos_payment_page_get_change (MposPaymentPage *self);

G_END_DECLS
