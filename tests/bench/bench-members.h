/* bench-members.h — a synthetic member base for the benchmarks: member k
 * (0-based) has id BENCH_MEMBERS_FIRST_ID + k, a 13-digit card 86… and a
 * phone 137…, neither in k's order, as in a real member base; levels gold
 * (1 in 10), silver (1 in 10) and normal. */
#pragma once

#include "bench-util.h"

G_BEGIN_DECLS

#define BENCH_MEMBERS_FIRST_ID 1000000 /* above the demo members' ids */

/* Adds members 0…count-1 and their cards in one transaction. */
gboolean bench_members_fill (MposStore *store, gint64 count, GError **error);
void bench_member_card (int64_t k, char out[16]);
void bench_member_phone (int64_t k, char out[16]);

G_END_DECLS
