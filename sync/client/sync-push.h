/* sync-push.h — pushing the journal (PROTOCOL.md 5.2): every entry after the
 * push cursor, in batches, until the centre has answered each; the next
 * batch is read and written while the one before it is on its way. */
#pragma once

#include "store.h"
#include "sync-client.h"
#include "sync-state.h"

G_BEGIN_DECLS

/* Pushes until nothing is pending; each batch's answers (rejected entries
 * to the exceptions list) and the cursor saved in one transaction. */
gboolean mpos_sync_push_all (MposStore *store, const MposSyncEnrolment *target, const gint *stop,
                             MposSyncReport *report, GError **error);

G_END_DECLS
