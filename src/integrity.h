/* integrity.h — `mallposctl check`: SQLite's own integrity and foreign-key
 * checks, then every cached total and balance against the rows it sums,
 * then the hash chain over the rows that hold money (src/row-chain.c). */
#pragma once

#include <glib.h>
#include "store.h"

G_BEGIN_DECLS

/* Runs every check. Returns FALSE only if the checks could not run; the
 * problems found (human sentences) are appended to *problems (char*). */
gboolean mpos_integrity_check (MposStore *store, GPtrArray *problems, GError **error);

G_END_DECLS
