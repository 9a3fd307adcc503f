/* member-level.c — level rules: upgrade on activity, retention or
 * downgrade at the end of a level period (rules in member-level.h). A
 * decision is made from a read, then made again and written inside one
 * transaction with its audit record and journal entry, so a member whose
 * data changed in between is judged on what is committed. */
#include "member-level.h"
#include "json-fields.h"
#include "member-private.h"
#include "store-private.h"

static MposSql SQL_LEVELS = MPOS_SQL (
    "member-level: levels",
    "SELECT code, name, rank, discount_bp, points_multiplier_bp, birthday_points_multiplier_bp, "
    "birthday_bonus_points, coalesce (upgrade_spend, 0), coalesce (upgrade_points, 0), "
    "coalesce (upgrade_top_up, 0), coalesce (retain_spend, 0), coalesce (retain_points, 0), "
    "coalesce (retain_top_up, 0) FROM member_levels ORDER BY rank, code");
static MposSql SQL_SPEND = MPOS_SQL (
    "member-level: spend",
    "SELECT coalesce (sum (total), 0) FROM sales WHERE member_id = :id AND status = 'completed' "
    "AND created_at >= :from AND created_at < :to");
static MposSql SQL_HAS_TABLE
    = MPOS_SQL ("member-level: has table",
                "SELECT 1 FROM sqlite_schema WHERE name = :name AND type IN ('table', 'view')");
/* An override: a view the loyalty core may define with its own rules. */
static MposSql SQL_ACTIVITY = MPOS_SQL (
    "member-level: activity",
    "SELECT coalesce (sum (points), 0), coalesce (sum (top_up), 0) FROM member_level_activity "
    "WHERE member_id = :id AND at >= :from AND at < :to");
/* Points earned by sales, net of what returns took back (reverse, reject). */
static MposSql SQL_SALE_POINTS = MPOS_SQL (
    "member-level: sale points",
    "SELECT coalesce (sum (l.available + l.pending), 0) FROM points_ledger l "
    "JOIN points_lots p ON p.id = l.lot_id WHERE l.member_id = :id AND p.source = 'sale' "
    "AND l.kind IN ('earn', 'reverse', 'reject') AND l.created_at >= :from AND l.created_at < :to");
/* Principal topped up, net of refunded top-ups; bonus (赠额) does not count. */
static MposSql SQL_TOP_UP
    = MPOS_SQL ("member-level: top up",
                "SELECT coalesce (sum (principal), 0) FROM sv_top_ups WHERE member_id = :id "
                "AND created_at >= :from AND created_at < :to");
static MposSql SQL_MEMBER_LEVEL = MPOS_SQL (
    "member-level: member level",
    "SELECT level_code, coalesce (level_since, created_at), coalesce (level_expires_at, 0) "
    "FROM members WHERE id = :id");
static MposSql SQL_SET_LEVEL = MPOS_SQL (
    "member-level: set level",
    "UPDATE members SET level_code = :level, level_since = :since, level_expires_at = :expires "
    "WHERE id = :id");
static MposSql SQL_MEMBER_IDS
    = MPOS_SQL ("member-level: member ids", "SELECT id FROM members ORDER BY id");

#define DEFAULT_PERIOD_MONTHS 12
#define MAX_MISSED_PERIODS 1200

void
mpos_member_level_free (MposMemberLevel *level)
{
  if (level == NULL)
    return;
  g_free (level->code);
  g_free (level->name);
  g_free (level);
}

void
mpos_level_change_free (MposLevelChange *change)
{
  if (change == NULL)
    return;
  g_free (change->from_level);
  g_free (change->to_level);
  g_free (change);
}

GPtrArray *
mpos_member_levels (MposStore *store, GError **error)
{
  g_autoptr (GPtrArray) levels
      = g_ptr_array_new_with_free_func ((GDestroyNotify) mpos_member_level_free);
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_LEVELS, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = mpos_store_step (stmt)) == SQLITE_ROW)
    {
      MposMemberLevel *l = g_new0 (MposMemberLevel, 1);
      int c = 0;
      l->code = g_strdup ((const char *) sqlite3_column_text (stmt, c++));
      l->name = g_strdup ((const char *) sqlite3_column_text (stmt, c++));
      l->rank = sqlite3_column_int (stmt, c++);
      l->discount_bp = sqlite3_column_int (stmt, c++);
      l->points_multiplier_bp = sqlite3_column_int (stmt, c++);
      l->birthday_points_multiplier_bp = sqlite3_column_int (stmt, c++);
      l->birthday_bonus_points = sqlite3_column_int64 (stmt, c++);
      l->upgrade_spend = sqlite3_column_int64 (stmt, c++);
      l->upgrade_points = sqlite3_column_int64 (stmt, c++);
      l->upgrade_top_up = sqlite3_column_int64 (stmt, c++);
      l->retain_spend = sqlite3_column_int64 (stmt, c++);
      l->retain_points = sqlite3_column_int64 (stmt, c++);
      l->retain_top_up = sqlite3_column_int64 (stmt, c++);
      g_ptr_array_add (levels, l);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      mpos_store_fail (store, rc, "reading member levels", error);
      return NULL;
    }
  return g_steal_pointer (&levels);
}

/* ---- activity ------------------------------------------------------------------ */

static gboolean
sum_query (MposStore *store, MposSql *sql, int64_t member_id, int64_t from, int64_t to, int64_t *a,
           int64_t *b, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":id", member_id);
  mpos_bind_int64 (stmt, ":from", from);
  mpos_bind_int64 (stmt, ":to", to);
  rc = mpos_store_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *a = sqlite3_column_int64 (stmt, 0);
      if (b)
        *b = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return mpos_store_fail (store, rc, "adding up a member's activity", error);
  return TRUE;
}

static gboolean
has_table (MposStore *store, const char *name)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_HAS_TABLE, NULL);
  gboolean found;

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":name", name);
  found = mpos_store_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return found;
}

gboolean
mpos_member_level_activity (MposStore *store, int64_t member_id, int64_t from, int64_t to,
                            MposLevelActivity *out, GError **error)
{
  *out = (MposLevelActivity){ 0 };
  if (!sum_query (store, &SQL_SPEND, member_id, from, to, &out->spend, NULL, error))
    return FALSE;
  if (has_table (store, "member_level_activity"))
    return sum_query (store, &SQL_ACTIVITY, member_id, from, to, &out->points, &out->top_up, error);
  /* The loyalty ledgers: every store has them since the baseline. */
  return sum_query (store, &SQL_SALE_POINTS, member_id, from, to, &out->points, NULL, error)
         && sum_query (store, &SQL_TOP_UP, member_id, from, to, &out->top_up, NULL, error);
}

/* ---- rules ----------------------------------------------------------------------- */

static gboolean
meets (MposMoney spend, int64_t points, MposMoney top_up, const MposLevelActivity *a)
{
  return (spend > 0 && a->spend >= spend) || (points > 0 && a->points >= points)
         || (top_up > 0 && a->top_up >= top_up);
}

static gboolean
has_upgrade_rule (const MposMemberLevel *l)
{
  return l->upgrade_spend > 0 || l->upgrade_points > 0 || l->upgrade_top_up > 0;
}

static gboolean
has_retain_rule (const MposMemberLevel *l)
{
  return l->retain_spend > 0 || l->retain_points > 0 || l->retain_top_up > 0;
}

static gboolean
is_manual (const MposMemberLevel *l)
{
  return !has_upgrade_rule (l) && !has_retain_rule (l);
}

static gboolean
meets_upgrade (const MposMemberLevel *l, const MposLevelActivity *a)
{
  return meets (l->upgrade_spend, l->upgrade_points, l->upgrade_top_up, a);
}

static gboolean
meets_retention (const MposMemberLevel *l, const MposLevelActivity *a)
{
  if (has_retain_rule (l))
    return meets (l->retain_spend, l->retain_points, l->retain_top_up, a);
  return meets_upgrade (l, a);
}

static int
period_months (MposStore *store)
{
  return (int) mpos_member_setting_int (store, "member.level_period_months", DEFAULT_PERIOD_MONTHS,
                                        1, 120);
}

static int64_t
add_months (MposStore *store, int64_t utc, int months)
{
  g_autoptr (GDateTime) local = mpos_member_local_time (store, utc);
  g_autoptr (GDateTime) shifted = g_date_time_add_months (local, months);

  return shifted ? g_date_time_to_unix (shifted) : utc;
}

static int
level_index (GPtrArray *levels, const char *code)
{
  for (guint i = 0; i < levels->len; i++)
    if (g_strcmp0 (((MposMemberLevel *) g_ptr_array_index (levels, i))->code, code) == 0)
      return (int) i;
  return -1;
}

static const MposMemberLevel *
level_at (GPtrArray *levels, int index)
{
  return g_ptr_array_index (levels, (guint) index);
}

gboolean
mpos_member_level_period_end (MposStore *store, const char *level_code, int64_t since,
                              int64_t *out, GError **error)
{
  g_autoptr (GPtrArray) levels = mpos_member_levels (store, error);
  int index;

  if (levels == NULL)
    return FALSE;
  index = level_index (levels, level_code);
  *out = 0;
  if (index > 0 && !is_manual (level_at (levels, index)))
    *out = add_months (store, since, period_months (store));
  return TRUE;
}

/* ---- decisions ------------------------------------------------------------------- */

typedef struct
{
  int index;
  int64_t since;
  int64_t expires;
  const char *reason;
  MposLevelActivity activity;
} LevelState;

static gboolean
read_member (MposStore *store, GPtrArray *levels, int64_t member_id, LevelState *state,
             GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_MEMBER_LEVEL, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":id", member_id);
  rc = mpos_store_step (stmt);
  if (rc == SQLITE_ROW)
    {
      state->index = level_index (levels, (const char *) sqlite3_column_text (stmt, 0));
      state->since = sqlite3_column_int64 (stmt, 1);
      state->expires = sqlite3_column_int64 (stmt, 2);
    }
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    return mpos_member_fail (error, MPOS_MEMBER_ERROR_NOT_FOUND, "no member %" G_GINT64_FORMAT,
                             member_id);
  if (rc != SQLITE_ROW)
    return mpos_store_fail (store, rc, "reading a member's level", error);
  return TRUE;
}

/* Period ends up to now, one by one: keep, or drop to what the ended period earned. */
static gboolean
apply_retention (MposStore *store, GPtrArray *levels, int64_t member_id, int64_t now, int period,
                 LevelState *s, GError **error)
{
  int start_index = s->index;

  if (s->index <= 0 || is_manual (level_at (levels, s->index)))
    return TRUE;
  if (s->expires == 0)
    {
      s->expires = add_months (store, now, period);
      s->reason = "period_start";
      return TRUE;
    }
  for (int n = 0; s->expires != 0 && s->expires <= now && n < MAX_MISSED_PERIODS; n++)
    {
      int64_t end = s->expires;
      int keep = s->index;

      if (!mpos_member_level_activity (store, member_id, add_months (store, end, -period), end,
                                       &s->activity, error))
        return FALSE;
      while (keep > 0
             && (is_manual (level_at (levels, keep))
                 || !meets_retention (level_at (levels, keep), &s->activity)))
        keep--;
      if (keep != s->index)
        s->since = end;
      s->index = keep;
      s->expires = keep > 0 ? add_months (store, end, period) : 0;
      s->reason = s->index < start_index ? "downgrade" : "retain";
    }
  return TRUE;
}

static gboolean
apply_upgrade (MposStore *store, GPtrArray *levels, int64_t member_id, int64_t now, int period,
               LevelState *s, GError **error)
{
  MposLevelActivity activity;
  int target = -1;

  if (!mpos_member_level_activity (store, member_id, add_months (store, now, -period), now + 1,
                                   &activity, error))
    return FALSE;
  for (int k = (int) levels->len - 1; k > s->index && target < 0; k--)
    if (has_upgrade_rule (level_at (levels, k)) && meets_upgrade (level_at (levels, k), &activity))
      target = k;
  if (target < 0)
    {
      if (s->reason == NULL)
        s->activity = activity;
      return TRUE;
    }
  s->index = target;
  s->since = now;
  s->expires = add_months (store, now, period);
  s->reason = "upgrade";
  s->activity = activity;
  return TRUE;
}

/* *out: the change to make, or NULL. */
static gboolean
decide (MposStore *store, GPtrArray *levels, int64_t member_id, int64_t now,
        MposLevelChange **out, LevelState *state, GError **error)
{
  int period = period_months (store);
  int from;

  *out = NULL;
  *state = (LevelState){ -1, 0, 0, NULL, { 0 } };
  if (!read_member (store, levels, member_id, state, error))
    return FALSE;
  if (state->index < 0)
    return TRUE; /* a level the rules do not know (foreign key prevents it) */
  from = state->index;
  if (!apply_retention (store, levels, member_id, now, period, state, error)
      || !apply_upgrade (store, levels, member_id, now, period, state, error))
    return FALSE;
  if (state->reason == NULL)
    return TRUE;
  *out = g_new0 (MposLevelChange, 1);
  (*out)->member_id = member_id;
  (*out)->from_level = g_strdup (level_at (levels, from)->code);
  (*out)->to_level = g_strdup (level_at (levels, state->index)->code);
  (*out)->reason = state->reason;
  (*out)->level_expires_at = state->expires;
  (*out)->activity = state->activity;
  return TRUE;
}

static cJSON *
change_json (const MposLevelChange *c)
{
  cJSON *json = cJSON_CreateObject ();

  cJSON_AddStringToObject (json, "action", "level");
  cJSON_AddStringToObject (json, "reason", c->reason);
  cJSON_AddStringToObject (json, "from", c->from_level);
  cJSON_AddStringToObject (json, "to", c->to_level);
  mpos_json_add_money (json, "spend", c->activity.spend);
  cJSON_AddNumberToObject (json, "points", (double) c->activity.points);
  mpos_json_add_money (json, "top_up", c->activity.top_up);
  return json;
}

static gboolean
write_change (MposStore *store, const MposLevelChange *c, const LevelState *s, const char *actor,
              int64_t now, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_SET_LEVEL, error);
  g_autofree char *detail = NULL;

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":level", c->to_level);
  mpos_bind_int64 (stmt, ":since", s->since);
  if (s->expires)
    mpos_bind_int64 (stmt, ":expires", s->expires);
  else
    mpos_bind_null (stmt, ":expires");
  mpos_bind_int64 (stmt, ":id", c->member_id);
  if (!mpos_store_step_done (store, stmt, "changing a member's level", error))
    return FALSE;
  detail = g_strdup_printf ("%s → %s (%s)", c->from_level, c->to_level, c->reason);
  return mpos_member_record_change (store, c->member_id, "member_level", actor, detail,
                                    change_json (c), now, error);
}

static gboolean
evaluate_with (MposStore *store, GPtrArray *levels, int64_t member_id, int64_t now,
               const char *actor, MposLevelChange **change_out, GError **error)
{
  g_autoptr (MposLevelChange) change = NULL;
  LevelState state;

  *change_out = NULL;
  /* Most members need nothing: decide from a read, write only a change. */
  if (!decide (store, levels, member_id, now, &change, &state, error))
    return FALSE;
  if (change == NULL)
    return TRUE;
  g_clear_pointer (&change, mpos_level_change_free);
  if (!mpos_store_begin (store, error))
    return FALSE;
  if (!decide (store, levels, member_id, now, &change, &state, error)
      || (change && !write_change (store, change, &state, actor, now, error)))
    {
      mpos_store_rollback (store);
      return FALSE;
    }
  if (!mpos_store_commit (store, error))
    return FALSE;
  *change_out = g_steal_pointer (&change);
  return TRUE;
}

gboolean
mpos_member_level_evaluate (MposStore *store, int64_t member_id, int64_t now, const char *actor,
                            MposLevelChange **change_out, GError **error)
{
  g_autoptr (GPtrArray) levels = mpos_member_levels (store, error);

  if (levels == NULL)
    return FALSE;
  return evaluate_with (store, levels, member_id, now, actor, change_out, error);
}

static GArray *
member_ids (MposStore *store, GError **error)
{
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (int64_t));
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_MEMBER_IDS, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = mpos_store_step (stmt)) == SQLITE_ROW)
    {
      int64_t id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      mpos_store_fail (store, rc, "listing members", error);
      return NULL;
    }
  return g_steal_pointer (&ids);
}

gboolean
mpos_member_levels_evaluate (MposStore *store, int64_t now, const char *actor, GPtrArray *changes,
                             GError **error)
{
  g_autoptr (GPtrArray) levels = mpos_member_levels (store, error);
  g_autoptr (GArray) ids = levels ? member_ids (store, error) : NULL;

  if (ids == NULL)
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    {
      MposLevelChange *change = NULL;
      if (!evaluate_with (store, levels, g_array_index (ids, int64_t, i), now, actor, &change,
                          error))
        return FALSE;
      if (change && changes)
        g_ptr_array_add (changes, change);
      else
        mpos_level_change_free (change);
    }
  return TRUE;
}
