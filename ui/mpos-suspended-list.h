/* mpos-suspended-list.h — the suspended sales (挂单) of this till to pick
 * from (Shift+F8, or the button): each with its number, when, who parked
 * it, its items and total; picking one (Enter, a tap) takes it back. */
#pragma once

#include <gtk/gtk.h>
#include "mpos-till.h"

G_BEGIN_DECLS

#define MPOS_TYPE_SUSPENDED_LIST (mpos_suspended_list_get_type ())
G_DECLARE_FINAL_TYPE (MposSuspendedList, mpos_suspended_list, MPOS, SUSPENDED_LIST, GtkBox)

void mpos_suspended_list_set_till (MposSuspendedList *self, MposTill *till);
/* Lists them and shows the panel; FALSE (nothing shown, *error says why)
 * when there is none or the store cannot list them. */
gboolean mpos_suspended_list_open (MposSuspendedList *self, GError **error);
gboolean mpos_suspended_list_is_open (MposSuspendedList *self);
void mpos_suspended_list_close (MposSuspendedList *self);

/* Signals: "picked" (gint64 id) when a suspended sale is chosen; the panel
 * has closed by then. */

G_END_DECLS
