/* mpos-shift-dialog.h — the shift (班次) at this till, as a panel over the
 * sale: opening it with a float after sign-in when none is open; paid-in
 * (收入), paid-out (支出) and safe drops (存款) with a reason; and the close:
 * a blind count by denomination with a running total, then expected against
 * counted and the over/short, with the manager's approval on the same panel
 * when it passes the store's limit. The core decides (src/shift.h). */
#pragma once

#include <gtk/gtk.h>
#include "mpos-till.h"

G_BEGIN_DECLS

#define MPOS_TYPE_SHIFT_DIALOG (mpos_shift_dialog_get_type ())
G_DECLARE_FINAL_TYPE (MposShiftDialog, mpos_shift_dialog, MPOS, SHIFT_DIALOG, GtkBox)

/* Signal "done" (gboolean sign_out, const char *what): the panel closed;
 * sign_out: no shift is open (none was opened, or it was counted): the
 * till signs out, and the next sign-in asks again. */
void mpos_shift_dialog_set_till (MposShiftDialog *self, MposTill *till);

/* After sign-in: opens the panel when the drawer has no open shift (to
 * open one) or a counted one waits for a manager; FALSE when the till can
 * sell (nothing shown). */
gboolean mpos_shift_dialog_check (MposShiftDialog *self);
/* Paid-in, paid-out or a safe drop. */
void mpos_shift_dialog_open_cash (MposShiftDialog *self);
/* The close: the count. */
void mpos_shift_dialog_open_close (MposShiftDialog *self);
gboolean mpos_shift_dialog_is_open (MposShiftDialog *self);
/* Esc, as the Back button: closes the panel and emits "done" (sign_out
 * when no shift is open). */
void mpos_shift_dialog_cancel (MposShiftDialog *self);

G_END_DECLS
