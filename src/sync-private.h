/* sync-private.h — what the core's pull-page files (sync-members.c,
 * sync-prices.c) share. */
#pragma once

#include "store-private.h"

/* The first column of the first row `sql` finds for :value as an id (0: no
 * row): what a pull page looks up before it writes. */
gboolean mpos_sync_find_id (MposStore *store, MposSql *sql, const char *value, int64_t *id,
                            GError **error);
