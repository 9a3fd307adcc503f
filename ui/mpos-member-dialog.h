/* mpos-member-dialog.h — F2: finding the member (card, member code, full
 * phone, or the last four digits with a list to pick from) and putting them
 * on the sale; topping up their stored value with the store's bonus tiers
 * shown (充500送50). */
#pragma once

#include <gtk/gtk.h>
#include "mpos-till.h"

G_BEGIN_DECLS

#define MPOS_TYPE_MEMBER_DIALOG (mpos_member_dialog_get_type ())
G_DECLARE_FINAL_TYPE (MposMemberDialog, mpos_member_dialog, MPOS, MEMBER_DIALOG, GtkBox)

/* Signal "done" (const char *what): the panel closed. */
void mpos_member_dialog_set_till (MposMemberDialog *self, MposTill *till);
void mpos_member_dialog_open (MposMemberDialog *self);
gboolean mpos_member_dialog_is_open (MposMemberDialog *self);
void mpos_member_dialog_close (MposMemberDialog *self);

G_END_DECLS
