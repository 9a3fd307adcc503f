/* points-earn.h — how a sale's points burn and stored-value spend are
 * allocated to its lines, and what each line earns. Pure arithmetic on
 * integers (no store), so the rules can be tested line by line.
 *
 * Allocation (largest remainder, src/rounding.h): the value of the points
 * burnt over the lines' net, then stored-value principal over what is left
 * of each line, then bonus over what is left after that — so no line is
 * ever paid beyond its net. The points burnt go over the lines in proportion
 * to the value each took.
 *
 * Earning: each line's base is its net less (by the rules) what points and
 * stored-value bonus paid for it. The sale earns
 *   floor(Σ base × goods × date × level multipliers × points / per)
 * — floored once, for the whole sale — allocated to the lines by largest
 * remainder, so a return takes back exactly what its lines earned. The
 * threshold bonus reached by the eligible spend (lines whose goods earn at
 * all; their base, or their whole net when the rules measure the goods
 * total) is not a line's: it is granted as a lot of its own and taken back
 * when a return takes the sale below its condition (src/loyalty-bonus.h). */
#pragma once

#include <glib.h>
#include <stdint.h>
#include "loyalty-rules.h"
#include "money.h"

G_BEGIN_DECLS

typedef struct
{
  MposMoney net;        /* in */
  int goods_bp;         /* in: mpos_loyalty_rules_goods_bp */
  int64_t points_burnt; /* out */
  MposMoney points_value;
  MposMoney sv_principal;
  MposMoney sv_bonus;
  int64_t points_earned;
  MposMoney measure; /* out: what the line counts towards the threshold bonus */
} MposLoyaltyLine;

/* Allocates the burn (points and their value) and the stored-value spend
 * over the lines. FALSE when they exceed what the lines cost. */
gboolean mpos_points_allocate (MposLoyaltyLine *lines, gsize n, int64_t burn_points,
                               MposMoney burn_value, MposMoney sv_principal, MposMoney sv_bonus);

/* Sets each line's points_earned and measure and returns the points the
 * lines earned; *threshold_out (may be NULL) gets the threshold bonus the
 * measures reach, which is not in the lines.
 * date_bp and level_bp are multipliers in basis points. */
int64_t mpos_points_earn (const MposLoyaltyRules *rules, MposLoyaltyLine *lines, gsize n,
                          int date_bp, int level_bp, int64_t *threshold_out);

G_END_DECLS
