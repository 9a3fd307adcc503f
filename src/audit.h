/* audit.h — who did what and when: voids, overrides, reprints, imports,
 * approvals and refusals, sign-in failures and lockouts. Append-only and
 * hash-chained (row-chain.c), written in the same transaction as the action
 * (a refusal in its own, kept even though the action is refused). */
#pragma once

#include <glib.h>
#include <stdint.h>
#include "store.h"

G_BEGIN_DECLS

gboolean mpos_audit_record (MposStore *store, int64_t at, const char *actor, const char *action,
                            const char *ref, const char *detail, GError **error);

/* The same, naming the staff member who approved it (a staff number whose
 * PIN was checked: mpos_staff_approve), or NULL. */
gboolean mpos_audit_record_approved (MposStore *store, int64_t at, const char *actor,
                                     const char *approved_by, const char *action, const char *ref,
                                     const char *detail, GError **error);

G_END_DECLS
