/* mpos-line-dialog.h — changing a line (F4 quantity, F6 discount, price
 * override, F7 remove) in a panel over the sale, with the supervisor's
 * approval on the same panel where the store's permissions require it: the
 * supervisor types their own staff number and PIN, the core checks their
 * role, and the change records the supervisor beside the cashier. */
#pragma once

#include <gtk/gtk.h>
#include "mpos-till.h"

G_BEGIN_DECLS

typedef enum
{
  MPOS_LINE_EDIT_QTY,
  MPOS_LINE_EDIT_DISCOUNT,
  MPOS_LINE_EDIT_PRICE,
  MPOS_LINE_EDIT_REMOVE,
} MposLineEdit;

#define MPOS_TYPE_LINE_DIALOG (mpos_line_dialog_get_type ())
G_DECLARE_FINAL_TYPE (MposLineDialog, mpos_line_dialog, MPOS, LINE_DIALOG, GtkBox)

/* Signal "done" (gboolean applied, const char *what): the panel closed. */
void mpos_line_dialog_set_till (MposLineDialog *self, MposTill *till);
/* Opens the panel for `edit` of line `line_no`. */
void mpos_line_dialog_open (MposLineDialog *self, MposLineEdit edit, guint line_no);
gboolean mpos_line_dialog_is_open (MposLineDialog *self);
/* A staff card read on the card reader while the panel is open and asks
 * for a supervisor: theirs, standing for their number (with the PIN typed,
 * or alone where the store's policy allows); checked at once. Ignored when
 * no approval is asked for. */
void mpos_line_dialog_card (MposLineDialog *self, const char *code);

G_END_DECLS
