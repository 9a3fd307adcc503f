/* cart-model.h — the cart as a screen watches it: a GListModel of its lines
 * (MposCartRow, one per line, in order) whose items-changed says exactly
 * which rows were added, removed or repriced, so a GtkListView redraws one
 * row rather than the list; and signals for the totals and the member. The
 * cart creates it on first ask and tells it after every change, by plain
 * synchronous signals: no main loop needed, and no cost while nobody asks
 * (mallposctl never does). */
#pragma once

#include <gio/gio.h>
#include "cart.h"

G_BEGIN_DECLS

#define MPOS_TYPE_CART_ROW (mpos_cart_row_get_type ())
G_DECLARE_FINAL_TYPE (MposCartRow, mpos_cart_row, MPOS, CART_ROW, GObject)

/* The line's number (stable while it exists). */
guint mpos_cart_row_get_line_no (MposCartRow *row);
/* The line as it is now; NULL once it is voided or the cart is gone. */
const MposCartLine *mpos_cart_row_get_line (MposCartRow *row);

#define MPOS_TYPE_CART_MODEL (mpos_cart_model_get_type ())
G_DECLARE_FINAL_TYPE (MposCartModel, mpos_cart_model, MPOS, CART_MODEL, GObject)

/* The cart's model, owned by the cart (take a reference to keep it past
 * mpos_cart_free: it then holds no rows). Signals, each after the rows:
 *   "totals-changed" (): subtotal, total, tax, item count or tendered moved;
 *   "member-changed" (): a member was set or changed. */
MposCartModel *mpos_cart_get_model (MposCart *cart);
/* The cart, or NULL once it is freed. */
MposCart *mpos_cart_model_get_cart (MposCartModel *model);

G_END_DECLS
