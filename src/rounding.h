/* rounding.h — every rounding in MallPOS goes through here, by a named rule,
 * so that "how was this fen decided" always has one answer.
 * Intermediates are 128-bit: a*b never overflows before the division. */
#pragma once

#include <glib.h>
#include <stdint.h>

G_BEGIN_DECLS

typedef enum
{
  MPOS_ROUND_HALF_UP,   /* prices, discounts, tax: 0.5 fen away from zero */
  MPOS_ROUND_FLOOR,     /* points earned: toward minus infinity */
  MPOS_ROUND_CEIL,      /* toward plus infinity */
  MPOS_ROUND_TRUNCATE,  /* toward zero */
} MposRoundRule;

/* Name used in explanations and config: "half-up", "floor", "ceil", "truncate". */
const char *mpos_round_rule_name (MposRoundRule rule);
gboolean mpos_round_rule_from_name (const char *name, MposRoundRule *out);

/* round(num / den) by rule; den > 0. */
int64_t mpos_round_div (int64_t num, int64_t den, MposRoundRule rule);

/* round(a * b / den) by rule with a 128-bit intermediate; den > 0.
 * Returns FALSE if the result does not fit in int64. */
gboolean mpos_round_mul_div (int64_t a, int64_t b, int64_t den, MposRoundRule rule, int64_t *out);

/* Rounds amount to a multiple of step (e.g. 10 fen for cash rounding to 0.1 yuan). */
int64_t mpos_round_to_step (int64_t amount, int64_t step, MposRoundRule rule);

/* Largest-remainder allocation of total over n weights (all >= 0, sum > 0):
 * out[i] = floor(total * w[i] / W), then the leftover units go one each to the
 * largest remainders, ties to the lower index. sum(out) == total exactly and
 * |out[i] - total*w[i]/W| < 1. total may be negative (allocated symmetrically).
 * Returns FALSE (out untouched) if a weight is negative or the weights sum
 * to 0 or overflow int64. */
gboolean mpos_allocate_largest_remainder (int64_t total, const int64_t *weights, size_t n,
                                          int64_t *out);

G_END_DECLS
