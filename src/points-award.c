/* points-award.c — points for what a member does (评价送10分, 签到送积分): an
 * adjustment whose reason is the activity's code, given without a
 * supervisor because the rules bound it: at most the activity's daily cap
 * per member per business day. Counted from the ledger (the awards of that
 * code since the business day began), inside the award's transaction, so
 * two terminals cannot both pass the cap. */
#include "points-private.h"
#include "loyalty-rules.h"
#include "uuid.h"

static MposSql SQL_AWARDED_TODAY = MPOS_SQL (
    "points-award: awarded today",
    "SELECT coalesce (sum (available + pending), 0) FROM points_ledger WHERE member_id = :member "
    "AND kind = 'adjust' AND reason = :code AND created_at >= :start");

typedef struct
{
  MposPointsAction a;
  int64_t member_id;
  int64_t points; /* 0: the activity's */
  int64_t *awarded;
} Award;

/* When the business day of `now` began (its cut-off hour, store time). */
static int64_t
business_day_start (MposStore *store, int64_t now)
{
  const MposStoreIdentity *id = mpos_store_get_identity (store, NULL);
  int cutoff = id ? id->business_day_cutoff_hour : 0;
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (now - (int64_t)cutoff * 3600);
  g_autoptr (GDateTime) local
      = store->time_zone ? g_date_time_to_timezone (utc, store->time_zone) : g_date_time_ref (utc);
  g_autoptr (GDateTime) start
      = g_date_time_new (g_date_time_get_timezone (local), g_date_time_get_year (local),
                         g_date_time_get_month (local), g_date_time_get_day_of_month (local),
                         cutoff, 0, 0);

  return start ? g_date_time_to_unix (start) : now;
}

static gboolean
awarded_today (const Award *w, const char *code, int64_t *out, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (w->a.store, &SQL_AWARDED_TODAY, error);

  if (stmt == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":member", w->member_id);
  mpos_bind_text (stmt, ":code", code);
  mpos_bind_int64 (stmt, ":start", business_day_start (w->a.store, w->a.now));
  return mpos_store_step_returning (w->a.store, stmt, "reading today's awards", out, error);
}

static gboolean
award_body (MposStore *store, gpointer data, GError **error)
{
  Award *w = data;
  g_autoptr (MposLoyaltyRules) rules = mpos_loyalty_rules_load (store, error);
  const MposPointsActivity *act = rules ? mpos_loyalty_rules_activity (rules, w->a.reason) : NULL;
  g_autofree char *detail = NULL;
  int64_t today = 0, points;

  if (rules == NULL)
    return FALSE;
  if (act == NULL)
    return mpos_points_fail (error, MPOS_POINTS_ERROR_INVALID,
                             "the loyalty rules have no activity “%s”: add it to “activities” "
                             "(code, points, daily_cap) and import the rules again",
                             w->a.reason);
  points = w->points > 0 ? w->points : act->points;
  if (points > act->points)
    return mpos_points_fail (error, MPOS_POINTS_ERROR_INVALID,
                             "%s gives at most %" G_GINT64_FORMAT " points an award (asked %" G_GINT64_FORMAT ")",
                             act->name, act->points, points);
  if (!mpos_points_account (store, w->member_id, NULL, NULL, NULL, error)
      || !awarded_today (w, act->code, &today, error))
    return FALSE;
  if (today + points > act->daily_cap)
    return mpos_points_fail (error, MPOS_POINTS_ERROR_STATE,
                             "%s: %" G_GINT64_FORMAT " of the %" G_GINT64_FORMAT
                             " points a member may get a day were given today; %" G_GINT64_FORMAT
                             " more would pass the cap (try again next business day)",
                             act->name, today, act->daily_cap, points);
  detail = g_strdup_printf ("%+" G_GINT64_FORMAT " points: %s", points, act->name);
  *w->awarded = points;
  return mpos_points_add_lot (&w->a, w->member_id, "adjustment", "adjust", points, w->a.now,
                              mpos_loyalty_rules_expiry (rules, store, w->a.now), NULL, NULL,
                              error)
         && mpos_points_record (&w->a, "award", w->member_id, detail, NULL, error);
}

gboolean
mpos_points_award (MposStore *store, int64_t member_id, const char *code, int64_t points,
                   const char *actor, int64_t now, int64_t *awarded, GError **error)
{
  char id[MPOS_UUID_STRLEN + 1];
  int64_t none = 0;
  Award w = { { store, now, mpos_uuid_v7 (id), NULL, actor, NULL, code },
              member_id,
              points,
              awarded ? awarded : &none };

  if (code == NULL || *code == '\0')
    return mpos_points_fail (error, MPOS_POINTS_ERROR_INVALID,
                             "an award needs the activity's code (--code review)");
  if (points < 0)
    return mpos_points_fail (error, MPOS_POINTS_ERROR_INVALID, "an award is not negative");
  return mpos_points_transaction (store, award_body, &w, error);
}
