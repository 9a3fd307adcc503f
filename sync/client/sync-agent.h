/* sync-agent.h — the sync client on a thread of its own, for a program that
 * sells (the window): it opens its own MposStore on the same file, pushes
 * and pulls in passes, waits out the backoff, and never touches the
 * caller's store or blocks the caller's thread. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _MposSyncAgent MposSyncAgent;

/* Starts the thread; idle_seconds: the wait between passes when all went
 * well (the window uses 30). NULL with *error when the store cannot be opened. */
MposSyncAgent *mpos_sync_agent_start (const char *store_path, int idle_seconds, GError **error);
/* Asks for a pass now (after a sale, or "sync now" on the screen). */
void mpos_sync_agent_wake (MposSyncAgent *agent);
/* Passes run so far (tests and the status screen). */
guint mpos_sync_agent_passes (MposSyncAgent *agent);
/* Stops a pass under way at its next poll, joins the thread, frees. */
void mpos_sync_agent_stop (MposSyncAgent *agent);

G_END_DECLS
