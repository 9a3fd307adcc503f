/* mpos-sale-page.h — the sale screen: the items as a list (name, quantity or
 * weight, unit price, discounts, line total), the totals with what is to
 * pay in large figures, the member panel and the code entry. */
#pragma once

#include <gtk/gtk.h>
#include "mpos-till.h"

G_BEGIN_DECLS

#define MPOS_TYPE_SALE_PAGE (mpos_sale_page_get_type ())
G_DECLARE_FINAL_TYPE (MposSalePage, mpos_sale_page, MPOS, SALE_PAGE, GtkBox)

void mpos_sale_page_set_till (MposSalePage *self, MposTill *till);
/* The entry where typed codes and searches go. */
GtkEntry *mpos_sale_page_get_code_entry (MposSalePage *self);
/* The line under the cursor (0: none), for F4/F6/Del. */
guint mpos_sale_page_get_selected_line (MposSalePage *self);
/* The last sale's outcome under the totals ("Change ¥47.45 · receipt …"); NULL clears it. */
void mpos_sale_page_set_last_sale (MposSalePage *self, const char *text);
/* Reads the member panel's figures again (after a top-up: the till does
 * not hear the store's balances change; a new member or proof it does). */
void mpos_sale_page_refresh_member (MposSalePage *self);
/* How many times the panel read the member from the store (for tests). */
guint mpos_sale_page_get_member_reads (MposSalePage *self);
/* How many times a row of the items list took new texts (for tests). */
guint mpos_sale_page_get_row_updates (MposSalePage *self);

G_END_DECLS
