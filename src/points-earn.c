/* points-earn.c — allocating a sale's burn and stored-value spend to its
 * lines and computing the points each line earns, exactly: one floor for
 * the sale, then largest remainder so the lines add up to the sale. */
#include "points-earn.h"
#include "rounding.h"

__extension__ typedef __int128 MposInt128;

/* Largest remainder over int64 weights; a zero total (or all-zero weights
 * with a zero total) allocates nothing. */
static gboolean
allocate (int64_t total, const int64_t *weights, gsize n, int64_t *out)
{
  for (gsize i = 0; i < n; i++)
    out[i] = 0;
  if (total == 0)
    return TRUE;
  return mpos_allocate_largest_remainder (total, weights, n, out);
}

gboolean
mpos_points_allocate (MposLoyaltyLine *lines, gsize n, int64_t burn_points, MposMoney burn_value,
                      MposMoney sv_principal, MposMoney sv_bonus)
{
  g_autofree int64_t *weights = g_new0 (int64_t, MAX (n, 1));
  g_autofree int64_t *out = g_new0 (int64_t, MAX (n, 1));
  MposMoney total = 0;

  for (gsize i = 0; i < n; i++)
    {
      if (lines[i].net < 0)
        return FALSE;
      total += lines[i].net;
    }
  if (burn_points < 0 || burn_value < 0 || sv_principal < 0 || sv_bonus < 0
      || burn_value + sv_principal + sv_bonus > total || (burn_points > 0) != (burn_value > 0))
    return FALSE;
  /* Value first, over the nets; each later part over what is left. */
  for (gsize i = 0; i < n; i++)
    weights[i] = lines[i].net;
  if (!allocate (burn_value, weights, n, out))
    return FALSE;
  for (gsize i = 0; i < n; i++)
    {
      lines[i].points_value = out[i];
      weights[i] = lines[i].net - out[i];
    }
  if (!allocate (sv_principal, weights, n, out))
    return FALSE;
  for (gsize i = 0; i < n; i++)
    {
      lines[i].sv_principal = out[i];
      weights[i] -= out[i];
    }
  if (!allocate (sv_bonus, weights, n, out))
    return FALSE;
  for (gsize i = 0; i < n; i++)
    {
      lines[i].sv_bonus = out[i];
      weights[i] = lines[i].points_value;
    }
  if (!allocate (burn_points, weights, n, out))
    return FALSE;
  for (gsize i = 0; i < n; i++)
    lines[i].points_burnt = out[i];
  return TRUE;
}

static MposMoney
earn_base (const MposLoyaltyRules *rules, const MposLoyaltyLine *line)
{
  MposMoney base = line->net;

  if (!rules->earn_on_points_paid)
    base -= line->points_value;
  if (!rules->earn_on_bonus_paid)
    base -= line->sv_bonus;
  return MAX (base, 0);
}

/* 128-bit weights scaled down (all by the same power of two) to fit the
 * int64 largest-remainder allocation; the largest keeps ≥ 2^52 of precision. */
static void
scale_weights (const MposInt128 *wide, gsize n, int64_t *out)
{
  MposInt128 max = 0;
  int shift = 0;

  for (gsize i = 0; i < n; i++)
    max = MAX (max, wide[i]);
  while ((max >> shift) > (MposInt128)(G_MAXINT64 / 1024))
    shift++;
  for (gsize i = 0; i < n; i++)
    out[i] = (int64_t)(wide[i] >> shift);
}

int64_t
mpos_points_earn (const MposLoyaltyRules *rules, MposLoyaltyLine *lines, gsize n, int date_bp,
                  int level_bp, int64_t *threshold_out)
{
  g_autofree MposInt128 *wide = g_new0 (MposInt128, MAX (n, 1));
  g_autofree int64_t *weights = g_new0 (int64_t, MAX (n, 1));
  g_autofree int64_t *out = g_new0 (int64_t, MAX (n, 1));
  MposInt128 sum = 0, den;
  MposMoney spend = 0;
  int64_t base_points, bonus;

  for (gsize i = 0; i < n; i++)
    {
      MposMoney base = earn_base (rules, &lines[i]);
      wide[i] = (MposInt128)base * lines[i].goods_bp * date_bp * level_bp;
      sum += wide[i];
      lines[i].measure = lines[i].goods_bp <= 0                            ? 0
                         : rules->threshold_measure == MPOS_THRESHOLD_GOODS ? lines[i].net
                                                                            : base;
      spend += lines[i].measure;
      lines[i].points_earned = 0;
    }
  /* fen × bp³ → points: divide by per (fen) and 10000³, floor (sum ≥ 0). */
  den = (MposInt128)rules->earn_per * 10000 * 10000 * 10000;
  base_points = (int64_t)(sum * rules->earn_points / den);
  bonus = spend > 0 ? mpos_loyalty_rules_threshold_bonus (rules, spend) : 0;
  if (threshold_out)
    *threshold_out = bonus;
  scale_weights (wide, n, weights);
  if (base_points > 0 && allocate (base_points, weights, n, out))
    for (gsize i = 0; i < n; i++)
      lines[i].points_earned += out[i];
  /* What the lines hold is what the sale earned (allocation cannot fail for
   * a positive total: its weights then sum above 0). */
  base_points = 0;
  for (gsize i = 0; i < n; i++)
    base_points += lines[i].points_earned;
  return base_points;
}
