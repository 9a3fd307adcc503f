/* mpos-read-model.h — the one place the window reads a core read model that
 * is still a cJSON document (the read-models work turns them into typed
 * structs: switch this file then, nothing else). */
#pragma once

#include <glib.h>
#include <stdint.h>
#include "store.h"

G_BEGIN_DECLS

/* How many of the member's coupons can be used now (status "issued"). */
guint mpos_read_model_usable_coupons (MposStore *store, int64_t member_id, int64_t now);

G_END_DECLS
