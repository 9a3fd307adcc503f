/* mpos-member-register.h — a new member at the counter in a few seconds:
 * the phone, the name and, if the shopper takes a card, its number scanned
 * (a scan while this panel is open lands in the card field); without one a
 * virtual card is made. One core call registers (member-register.h); the
 * new member then joins the sale. */
#pragma once

#include <gtk/gtk.h>
#include "mpos-till.h"

G_BEGIN_DECLS

#define MPOS_TYPE_MEMBER_REGISTER (mpos_member_register_get_type ())
G_DECLARE_FINAL_TYPE (MposMemberRegister, mpos_member_register, MPOS, MEMBER_REGISTER, GtkBox)

void mpos_member_register_set_till (MposMemberRegister *self, MposTill *till);
void mpos_member_register_open (MposMemberRegister *self);
gboolean mpos_member_register_is_open (MposMemberRegister *self);
void mpos_member_register_close (MposMemberRegister *self);
/* A scanned card number, put in the card field. */
void mpos_member_register_card_scanned (MposMemberRegister *self, const char *code);

/* Signals: "done" (const char *what) after a registration, the panel closed. */

G_END_DECLS
