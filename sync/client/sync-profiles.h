/* sync-profiles.h — the member profiles sent beside a push batch
 * (sync/PROTOCOL.md section 5.2, "members"): every member a batch's
 * entries name, read fresh from the member tables, so the centre knows the
 * member by its global id, learns which local ledger account is whose, and
 * serves a member registered here to every other store. */
#pragma once

#include <glib.h>
#include "store.h"

G_BEGIN_DECLS

/* Appends `,"members":[…]` to a push body for the journal entries (an array
 * of MposJournalEntry) when they name any member. */
gboolean mpos_sync_profiles_append (MposStore *store, GPtrArray *entries, GString *body,
                                    GError **error);

G_END_DECLS
