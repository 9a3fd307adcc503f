/* sync-member-holdings.h — what a member of the `members` stream holds
 * beyond the profile (sync/PROTOCOL.md 5.5): the points lots at the other
 * stores with their expiry, and the member's coupons. Read strictly, every
 * number range-checked; the caller's page owns what is read. */
#pragma once

#include <cjson/cJSON.h>
#include <glib.h>
#include "json-strict.h"
#include "sync-members.h"

G_BEGIN_DECLS

extern const MposJsonShape mpos_sync_lots_shape;
extern const MposJsonShape mpos_sync_coupons_shape;

/* "points_lots" and "coupons" of a member item into m; arrays and strings
 * read are added to `arrays` (GArray) and `strings` (freed with them). */
gboolean mpos_sync_read_holdings (const cJSON *item, GPtrArray *arrays, GPtrArray *strings,
                                  MposSyncMember *m, GError **error);

G_END_DECLS
