/* mpos-return-page.h — a return with the receipt (F10, or by scanning the
 * receipt's barcode): the sale's lines with how many of each come back, a
 * reason, and the refund to the original payments (cash, card, points,
 * stored value as they were paid), with the return receipt printed. */
#pragma once

#include <gtk/gtk.h>
#include "mpos-till.h"

G_BEGIN_DECLS

#define MPOS_TYPE_RETURN_PAGE (mpos_return_page_get_type ())
G_DECLARE_FINAL_TYPE (MposReturnPage, mpos_return_page, MPOS, RETURN_PAGE, GtkBox)

/* Signal "returned" (const char *text): the return is stored; text says what went back. */
void mpos_return_page_set_till (MposReturnPage *self, MposTill *till);
/* Clears the page, or loads the sale of `receipt_no` (NULL: the cashier types it). */
void mpos_return_page_start (MposReturnPage *self, const char *receipt_no);
/* F2: the returns waiting for a supervisor (待审批退货), or back to the
 * receipt's return. */
void mpos_return_page_toggle_pending (MposReturnPage *self);
/* A staff card read on the card reader: a supervisor's, for the waiting
 * return picked (TRUE), when the waiting returns show; else FALSE. */
gboolean mpos_return_page_staff_card (MposReturnPage *self, const char *code);

G_END_DECLS
