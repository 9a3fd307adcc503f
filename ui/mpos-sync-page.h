/* mpos-sync-page.h — where this terminal stands with the centre, for the
 * cashier and the manager: online or offline and since when, journal
 * entries not yet sent, the last success, the last error, whether IT must
 * act, and the exceptions (entries the centre refused) waiting for a
 * manager. Read from the core's sync state (sync-state.h), which the sync
 * client keeps; this page only reads it. */
#pragma once

#include <gtk/gtk.h>
#include "mpos-till.h"

G_BEGIN_DECLS

#define MPOS_TYPE_SYNC_PAGE (mpos_sync_page_get_type ())
G_DECLARE_FINAL_TYPE (MposSyncPage, mpos_sync_page, MPOS, SYNC_PAGE, GtkBox)

void mpos_sync_page_set_till (MposSyncPage *self, MposTill *till);
/* Reads the sync state again and shows it. */
void mpos_sync_page_refresh (MposSyncPage *self);

G_END_DECLS
