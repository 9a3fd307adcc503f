/* sync-client.h — the terminal's sync client (sync/PROTOCOL.md): enrolment,
 * push of the journal in batches, pull of the streams (sync-pull.h), and the status
 * and backoff bookkeeping around them. Every function takes the caller's
 * own MposStore (one store per thread: the window sells on its store, the
 * sync agent's thread pushes on another) and writes only in short
 * transactions of its own, so a sale never waits for the network. */
#pragma once

#include <glib.h>
#include "store.h"
#include "sync-state.h"

G_BEGIN_DECLS

/* Enrols with the centre at url (https://host:port) with IT's one-time code;
 * pins: one or two "sha256//…" (current, next). ca_file may be NULL. */
gboolean mpos_sync_enrol (MposStore *store, const char *url, const char *code,
                          const char *const *pins, const char *ca_file, GError **error);

typedef struct
{
  guint sent, applied, duplicate, rejected;
  guint prices_changed;
  guint barcode_conflicts; /* a centre barcode another SKU holds here, or invalid: left out */
  guint coupons_added, coupons_voided, coupons_unknown;
  guint documents_changed; /* promotions, coupon templates, loyalty rules, settings */
  guint members_added, members_updated, member_conflicts;
  guint hotlist_changes;
  guint snapshots; /* streams started again at 0 after a 410 */
  int retry_after; /* seconds the centre last asked to wait */
} MposSyncReport;

/* One pass: push everything pending, then pull every stream. On failure the status
 * records why and when to try again (backoff) and *error says it.
 * A stopped sync (revoked, pin mismatch) fails at once with STOPPED.
 * stop (may be NULL) ends a pass early when it becomes non-zero. */
gboolean mpos_sync_run (MposStore *store, const gint *stop, MposSyncReport *report,
                        GError **error);

/* The wait before attempt `failures` + 1: exponential with full jitter,
 * random in [0, min(cap, base × 2^failures)], never shorter than what the
 * centre asked (retry_after_s). random_value: uniform 32 bits. */
int64_t mpos_sync_backoff_ms (int failures, int retry_after_s, guint32 random_value);

G_END_DECLS
