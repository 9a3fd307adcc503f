/* mpos-member-statement.h — the sale's member's statement on screen, for
 * the question a shopper asks at the counter ("why do I have fewer
 * points?"): points usable and pending with every movement (earned, spent,
 * expired, adjusted, with the receipt), and stored value principal and
 * bonus with every top-up and payment, newest first. Read from the core's
 * statements (points-statement.h, stored-value-statement.h). */
#pragma once

#include <gtk/gtk.h>
#include "mpos-till.h"

G_BEGIN_DECLS

#define MPOS_TYPE_MEMBER_STATEMENT (mpos_member_statement_get_type ())
G_DECLARE_FINAL_TYPE (MposMemberStatement, mpos_member_statement, MPOS, MEMBER_STATEMENT, GtkBox)

void mpos_member_statement_set_till (MposMemberStatement *self, MposTill *till);
/* Shows the statement of the sale's member; FALSE (*error says what to do)
 * without a member or when the statements cannot be read. */
gboolean mpos_member_statement_open (MposMemberStatement *self, GError **error);
gboolean mpos_member_statement_is_open (MposMemberStatement *self);
/* Closing cancels a PIN check under way (its answer is dropped). */
void mpos_member_statement_close (MposMemberStatement *self);
/* Whether the member's PIN is being checked (off the main loop). */
gboolean mpos_member_statement_is_checking (MposMemberStatement *self);

G_END_DECLS
