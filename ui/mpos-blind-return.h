/* mpos-blind-return.h — a return without its receipt: the goods are rung
 * up as for a sale, then this panel takes the reason and a supervisor's own
 * staff number and PIN (return_without_receipt, staff-permission.h) and the
 * core refunds them in cash at today's prices (mpos_sale_return_without_
 * receipt): audited, journaled, the return receipt printed. */
#pragma once

#include <gtk/gtk.h>
#include "mpos-till.h"

G_BEGIN_DECLS

#define MPOS_TYPE_BLIND_RETURN (mpos_blind_return_get_type ())
G_DECLARE_FINAL_TYPE (MposBlindReturn, mpos_blind_return, MPOS, BLIND_RETURN, GtkBox)

void mpos_blind_return_set_till (MposBlindReturn *self, MposTill *till);
/* Shows the panel for the goods on the sale; FALSE (*error says what to
 * do) when there are none. */
gboolean mpos_blind_return_open (MposBlindReturn *self, GError **error);
gboolean mpos_blind_return_is_open (MposBlindReturn *self);
void mpos_blind_return_close (MposBlindReturn *self);
/* Whether the supervisor's PIN is being checked (in a worker thread). */
gboolean mpos_blind_return_is_checking (MposBlindReturn *self);

/* Signals: "returned" (const char *what) once refunded, the panel closed. */

G_END_DECLS
