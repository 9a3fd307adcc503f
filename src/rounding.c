/* rounding.c — the named rounding rules and largest-remainder allocation.
 * All division happens on 128-bit integers with an explicit remainder, so a
 * rule decides each fen exactly and no product overflows before it is divided. */
#include "rounding.h"

#include <stdlib.h>

__extension__ typedef __int128 MposInt128;

static const struct
{
  MposRoundRule rule;
  const char *name;
} rule_names[] = {
  { MPOS_ROUND_HALF_UP, "half-up" },
  { MPOS_ROUND_FLOOR, "floor" },
  { MPOS_ROUND_CEIL, "ceil" },
  { MPOS_ROUND_TRUNCATE, "truncate" },
};

const char *
mpos_round_rule_name (MposRoundRule rule)
{
  for (gsize i = 0; i < G_N_ELEMENTS (rule_names); i++)
    if (rule_names[i].rule == rule)
      return rule_names[i].name;
  g_return_val_if_reached (NULL);
}

gboolean
mpos_round_rule_from_name (const char *name, MposRoundRule *out)
{
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  for (gsize i = 0; i < G_N_ELEMENTS (rule_names); i++)
    if (g_str_equal (rule_names[i].name, name))
      {
        *out = rule_names[i].rule;
        return TRUE;
      }
  return FALSE;
}

/* num / den rounded by rule; den > 0. C division truncates toward zero, so
 * the remainder carries the sign of num and tells which way to step. */
static MposInt128
div_128 (MposInt128 num, MposInt128 den, MposRoundRule rule)
{
  MposInt128 q = num / den;
  MposInt128 r = num % den;

  if (r == 0)
    return q;
  switch (rule)
    {
    case MPOS_ROUND_FLOOR:
      return r < 0 ? q - 1 : q;
    case MPOS_ROUND_CEIL:
      return r > 0 ? q + 1 : q;
    case MPOS_ROUND_TRUNCATE:
      return q;
    case MPOS_ROUND_HALF_UP:
    default:
      if (2 * (r < 0 ? -r : r) >= den)
        return r < 0 ? q - 1 : q + 1;
      return q;
    }
}

static gboolean
fits_int64 (MposInt128 v)
{
  return v >= INT64_MIN && v <= INT64_MAX;
}

/* With den >= 1 the rounded quotient of any int64 is itself an int64 (den == 1
 * leaves num as it is; den >= 2 halves it first), so no overflow is possible. */
int64_t
mpos_round_div (int64_t num, int64_t den, MposRoundRule rule)
{
  g_return_val_if_fail (den > 0, 0);

  return (int64_t)div_128 (num, den, rule);
}

gboolean
mpos_round_mul_div (int64_t a, int64_t b, int64_t den, MposRoundRule rule, int64_t *out)
{
  MposInt128 v;

  g_return_val_if_fail (den > 0, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  v = div_128 ((MposInt128)a * b, den, rule);
  if (!fits_int64 (v))
    return FALSE;
  *out = (int64_t)v;
  return TRUE;
}

/* Near the ends of int64 the multiple the rule asks for may not exist; then
 * the nearest multiple toward zero (which always fits) is returned. Amounts
 * within ±MPOS_MONEY_MAX never get there. */
int64_t
mpos_round_to_step (int64_t amount, int64_t step, MposRoundRule rule)
{
  MposInt128 v;

  g_return_val_if_fail (step > 0, amount);

  v = div_128 (amount, step, rule) * step;
  if (!fits_int64 (v))
    v = div_128 (amount, step, MPOS_ROUND_TRUNCATE) * step;
  return (int64_t)v;
}

typedef struct
{
  uint64_t remainder; /* total * w[i] mod W, always < W <= INT64_MAX */
  size_t index;
} Remainder;

/* Largest remainder first, ties to the lower index. */
static int
compare_remainders (const void *pa, const void *pb)
{
  const Remainder *a = pa;
  const Remainder *b = pb;

  if (a->remainder != b->remainder)
    return a->remainder > b->remainder ? -1 : 1;
  return a->index < b->index ? -1 : (a->index > b->index);
}

/* Sum of the weights, or -1 if one is negative or the sum leaves int64. */
static MposInt128
sum_weights (const int64_t *weights, size_t n)
{
  MposInt128 sum = 0;

  for (size_t i = 0; i < n; i++)
    {
      if (weights[i] < 0)
        return -1;
      sum += weights[i];
      if (sum > INT64_MAX)
        return -1;
    }
  return sum;
}

/* Allocates |total| (up to 2^63, hence 128 bits) and negates at the end, so a
 * negative total splits as the mirror image of the positive one. */
gboolean
mpos_allocate_largest_remainder (int64_t total, const int64_t *weights, size_t n, int64_t *out)
{
  MposInt128 magnitude = total < 0 ? -(MposInt128)total : total;
  MposInt128 leftover = magnitude;
  MposInt128 sum_w;
  g_autofree Remainder *rems = NULL;

  g_return_val_if_fail (n == 0 || (weights != NULL && out != NULL), FALSE);

  sum_w = sum_weights (weights, n);
  if (sum_w <= 0)
    return FALSE;

  rems = g_new (Remainder, n);
  for (size_t i = 0; i < n; i++)
    {
      MposInt128 share = magnitude * weights[i];

      rems[i].remainder = (uint64_t)(share % sum_w);
      rems[i].index = i;
      leftover -= share / sum_w;
      out[i] = (int64_t)(total < 0 ? -(share / sum_w) : share / sum_w);
    }

  /* leftover * W == sum of the remainders and each is < W, so at least
   * `leftover` entries have a non-zero remainder: zero weights get nothing. */
  qsort (rems, n, sizeof *rems, compare_remainders);
  for (size_t k = 0; k < (size_t)leftover; k++)
    out[rems[k].index] += total < 0 ? -1 : 1;
  return TRUE;
}
