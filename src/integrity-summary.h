/* integrity-summary.h — the part of `mallposctl check` (integrity.h) that
 * verifies what the manager analyses read in place of the sales: the
 * months' packed summaries and the member level totals. */
#pragma once

#include <glib.h>
#include "store.h"

G_BEGIN_DECLS

/* Appends a sentence to *problems (char *) per current pack that is
 * unreadable or differs from its month's rows, naming the month and the
 * dimension, and per member level whose kept totals differ from its
 * members' sums. FALSE only when the store cannot be read. */
gboolean mpos_integrity_summaries (MposStore *store, GPtrArray *problems, GError **error);

G_END_DECLS
