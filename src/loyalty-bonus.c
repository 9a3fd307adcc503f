/* loyalty-bonus.c — granting a sale's conditional bonuses and taking them
 * back when a return takes the sale below their condition. What is left of
 * the measure is the measure less each line's part in step with the money
 * refunded for that line (half-up, cumulative, so two partial returns take
 * back the same as one whole return). */
#include "loyalty-bonus.h"
#include "rounding.h"

#include <string.h>

static MposSql SQL_BONUS_INSERT
    = MPOS_SQL ("loyalty-bonus: bonus insert",
                "INSERT INTO sale_bonuses (lot_id, sale_id, kind, measure, points, lines) "
                "VALUES (:lot, :sale, :kind, :measure, :points, :lines)");
static MposSql SQL_SALE_BONUSES = MPOS_SQL (
    "loyalty-bonus: sale bonuses",
    "SELECT lot_id, kind, measure, points, lines FROM sale_bonuses WHERE sale_id = :sale "
    "ORDER BY lot_id");
static MposSql SQL_TAKEN_BACK
    = MPOS_SQL ("loyalty-bonus: taken back",
                "SELECT -coalesce (sum (available + pending), 0) FROM points_ledger "
                "WHERE corrects = :entry AND kind = 'reverse'");

typedef struct
{
  int64_t lot_id;
  MposBonusKind kind;
  MposMoney measure;
  int64_t points;
  char *lines;
} Bonus;

static void
bonus_clear (gpointer data)
{
  g_free (((Bonus *)data)->lines);
}

static char *
lines_text (const MposBonusLine *lines, gsize n)
{
  GString *out = g_string_new ("[");

  for (gsize i = 0; i < n; i++)
    if (lines[i].measure > 0)
      g_string_append_printf (out, "%s[%d,%" G_GINT64_FORMAT "]", out->len > 1 ? "," : "",
                              lines[i].line_no, lines[i].measure);
  g_string_append_c (out, ']');
  return g_string_free (out, FALSE);
}

gboolean
mpos_loyalty_bonus_grant (const MposPointsAction *a, MposBonusKind kind, int64_t member_id,
                          int64_t points, int64_t confirm_at, int64_t expires_at, const char *ref,
                          const MposBonusLine *lines, gsize n, GError **error)
{
  g_autofree char *text = lines_text (lines, n);
  MposMoney measure = 0;
  int64_t lot_id = 0;
  g_autoptr (MposStmt) stmt = NULL;

  for (gsize i = 0; i < n; i++)
    measure += MAX (lines[i].measure, 0);
  if (points <= 0 || measure <= 0)
    return TRUE;
  if (!mpos_points_add_lot (a, member_id, kind == MPOS_BONUS_REFERRAL ? "referral" : "campaign",
                            "earn", points, confirm_at, expires_at, ref, &lot_id, error))
    return FALSE;
  stmt = mpos_store_stmt (a->store, &SQL_BONUS_INSERT, error);
  if (stmt == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":lot", lot_id);
  mpos_bind_text (stmt, ":sale", a->sale_id);
  mpos_bind_text (stmt, ":kind", kind == MPOS_BONUS_REFERRAL ? "referral" : "threshold");
  mpos_bind_int64 (stmt, ":measure", measure);
  mpos_bind_int64 (stmt, ":points", points);
  mpos_bind_text (stmt, ":lines", text);
  return mpos_store_step_done (a->store, stmt, "recording a sale's bonus", error);
}

static gboolean
sale_bonuses (MposStore *store, const char *sale_id, GArray *out, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_SALE_BONUSES, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":sale", sale_id);
  while ((rc = mpos_store_step (stmt)) == SQLITE_ROW)
    {
      Bonus b = { sqlite3_column_int64 (stmt, 0),
                  strcmp ((const char *)sqlite3_column_text (stmt, 1), "referral") == 0
                      ? MPOS_BONUS_REFERRAL
                      : MPOS_BONUS_THRESHOLD,
                  sqlite3_column_int64 (stmt, 2), sqlite3_column_int64 (stmt, 3),
                  mpos_column_text (stmt, 4) };
      g_array_append_val (out, b);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return mpos_store_fail (store, rc, "reading the sale's bonuses", error);
  return TRUE;
}

static MposMoney
sold_net (const MposSaleRecord *original, int line_no)
{
  for (guint i = 0; i < original->lines->len; i++)
    {
      const MposSaleLine *line = g_ptr_array_index (original->lines, i);
      if (line->line_no == line_no)
        return line->net;
    }
  return 0;
}

/* The measure less each line's part, in step with what was refunded for it. */
static MposMoney
measure_left (const Bonus *b, const MposSaleRecord *original, GHashTable *returned)
{
  g_autoptr (cJSON) lines = cJSON_Parse (b->lines);
  const cJSON *pair;
  MposMoney left = b->measure;

  cJSON_ArrayForEach (pair, lines)
  {
    /* Written by grant as [[line_no, fen], …]; `check` proves the shape. */
    int line_no = (int)cJSON_GetNumberValue (cJSON_GetArrayItem (pair, 0));
    MposMoney part = (MposMoney)cJSON_GetNumberValue (cJSON_GetArrayItem (pair, 1));
    MposMoney net = sold_net (original, line_no);
    const MposMoney *refunded = g_hash_table_lookup (returned, GINT_TO_POINTER (line_no));
    MposMoney money = refunded ? *refunded : 0;
    MposMoney gone = part;

    if (net > 0 && money < net)
      mpos_round_mul_div (part, money, net, MPOS_ROUND_HALF_UP, &gone);
    left -= gone;
  }
  return MAX (left, 0);
}

static gboolean
taken_back (MposStore *store, int64_t earn_entry, int64_t *out, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_TAKEN_BACK, error);

  if (stmt == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":entry", earn_entry);
  return mpos_store_step_returning (store, stmt, "reading a bonus's take-backs", out, error);
}

static gboolean
return_one (const MposPointsAction *a, const MposLoyaltyRules *rules, const Bonus *b,
            const MposSaleRecord *original, GHashTable *returned, MposPointsSpent *spent,
            GError **error)
{
  MposMoney left = measure_left (b, original, returned);
  int64_t due, done = 0;
  MposEarnedLot lot;

  if (b->kind == MPOS_BONUS_REFERRAL)
    due = left > 0 ? b->points : 0;
  else
    due = MIN (b->points, mpos_loyalty_rules_threshold_bonus (rules, left));
  if (!mpos_points_earned_lot (a->store, b->lot_id, &lot, error)
      || !taken_back (a->store, lot.earn_entry, &done, error))
    return FALSE;
  if (b->points - due - done <= 0)
    return TRUE;
  return mpos_points_take_back (a, &lot, b->points - due - done, spent, error);
}

gboolean
mpos_loyalty_bonus_return (const MposPointsAction *a, const MposLoyaltyRules *rules,
                           const MposSaleRecord *original, GHashTable *returned,
                           MposPointsSpent *spent, GError **error)
{
  g_autoptr (GArray) bonuses = g_array_new (FALSE, TRUE, sizeof (Bonus));

  g_array_set_clear_func (bonuses, bonus_clear);
  if (!sale_bonuses (a->store, original->id, bonuses, error))
    return FALSE;
  for (guint i = 0; i < bonuses->len; i++)
    if (!return_one (a, rules, &g_array_index (bonuses, Bonus, i), original, returned, spent,
                     error))
      return FALSE;
  return TRUE;
}
