/* audit.h — who did what and when: voids, overrides, reprints, imports,
 * approvals. Append-only, written in the same transaction as the action. */
#pragma once

#include <glib.h>
#include <stdint.h>
#include "store.h"

G_BEGIN_DECLS

gboolean mpos_audit_record (MposStore *store, int64_t at, const char *actor, const char *action,
                            const char *ref, const char *detail, GError **error);

G_END_DECLS
