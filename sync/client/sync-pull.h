/* sync-pull.h — the pull streams of the sync client (prices, members,
 * hotlist), each page applied with its cursor in one local transaction. */
#pragma once

#include <glib.h>
#include "store.h"
#include "sync-client.h"
#include "sync-http.h"
#include "sync-state.h"

G_BEGIN_DECLS

/* Every stream, page after page, until the centre has no more. */
gboolean mpos_sync_pull (MposStore *store, const MposSyncEnrolment *t, const gint *stop,
                         MposSyncReport *report, GError **error);

/* A non-200 answer as the error it means (sync-client.c). */
gboolean mpos_sync_refused (const MposSyncHttpAnswer *a, GError **error);
/* An answer that could not be read (why, taken): FALSE with OFFLINE. */
gboolean mpos_sync_unreadable (GError **error, GError *why);

G_END_DECLS
