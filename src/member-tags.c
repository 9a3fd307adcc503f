/* member-tags.c — RFM figures of a member and the tags they earn (rules
 * and thresholds in member-tags.h). Two indexed queries per member. */
#include "member-tags.h"
#include "member-private.h"
#include "store-private.h"

#include <string.h>

#define DAY (G_GINT64_CONSTANT (24) * 3600)

static MposSql SQL_FIGURES
    = MPOS_SQL ("member-tags: figures",
                "SELECT max (created_at) FILTER (WHERE kind = 'sale'), "
                "count (*) FILTER (WHERE kind = 'sale' AND created_at >= :since), "
                "coalesce (sum (total) FILTER (WHERE created_at >= :since), 0) "
                "FROM sales WHERE member_id = :id AND status = 'completed' AND created_at <= :now");
static MposSql SQL_PREVIOUS
    = MPOS_SQL ("member-tags: previous",
                "SELECT created_at FROM sales WHERE member_id = :id AND status = 'completed' "
                "AND kind = 'sale' AND created_at < :last ORDER BY created_at DESC LIMIT 1");

static const struct
{
  MposMemberTag tag;
  const char *name;
  const char *label;
} tags[MPOS_MEMBER_TAG_COUNT] = {
  { MPOS_MEMBER_TAG_LOYAL, "loyal", "忠诚 loyal" },
  { MPOS_MEMBER_TAG_BIG_SPENDER, "big_spender", "高消费 big spender" },
  { MPOS_MEMBER_TAG_RETURNING, "returning", "回流 returning" },
  { MPOS_MEMBER_TAG_AT_RISK, "at_risk", "流失风险 at risk" },
  { MPOS_MEMBER_TAG_LOST, "lost", "已流失 lost" },
};

const char *
mpos_member_tag_name (MposMemberTag tag)
{
  for (guint i = 0; i < G_N_ELEMENTS (tags); i++)
    if (tags[i].tag == tag)
      return tags[i].name;
  return "unknown";
}

const char *
mpos_member_tag_label (MposMemberTag tag)
{
  for (guint i = 0; i < G_N_ELEMENTS (tags); i++)
    if (tags[i].tag == tag)
      return tags[i].label;
  return "unknown";
}

MposMemberTag
mpos_member_tag_nth (guint index)
{
  g_return_val_if_fail (index < G_N_ELEMENTS (tags), MPOS_MEMBER_TAG_LOYAL);
  return tags[index].tag;
}

void
mpos_member_tag_rules (MposStore *store, MposMemberTagRules *r)
{
  r->window_days = mpos_member_setting_int (store, "member.tags.window_days", 365, 1, 3660);
  r->loyal_visits = mpos_member_setting_int (store, "member.tags.loyal_visits", 12, 1, 100000);
  r->active_days = mpos_member_setting_int (store, "member.tags.active_days", 30, 1, 3660);
  r->big_spend
      = mpos_member_setting_int (store, "member.tags.big_spend", 500000, 1, MPOS_MONEY_MAX);
  r->returning_gap_days
      = mpos_member_setting_int (store, "member.tags.returning_gap_days", 90, 1, 3660);
  r->at_risk_days = mpos_member_setting_int (store, "member.tags.at_risk_days", 60, 1, 3660);
  r->lost_days = mpos_member_setting_int (store, "member.tags.lost_days", 180, 1, 3660);
}

static gboolean
read_figures (MposStore *store, const MposMemberTagRules *rules, int64_t member_id, int64_t now,
              MposMemberRfm *out, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_FIGURES, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":id", member_id);
  mpos_bind_int64 (stmt, ":since", now - rules->window_days * DAY);
  mpos_bind_int64 (stmt, ":now", now);
  rc = mpos_store_step (stmt);
  if (rc == SQLITE_ROW)
    {
      out->last_visit_at = sqlite3_column_int64 (stmt, 0);
      out->visits = sqlite3_column_int64 (stmt, 1);
      out->spend = sqlite3_column_int64 (stmt, 2);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return mpos_store_fail (store, rc, "reading a member's sales", error);
  if (out->last_visit_at == 0)
    return TRUE;
  stmt = mpos_store_stmt (store, &SQL_PREVIOUS, error);
  if (stmt == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":id", member_id);
  mpos_bind_int64 (stmt, ":last", out->last_visit_at);
  return mpos_store_read_int64 (store, stmt, &out->previous_visit_at, NULL,
                                "reading a member's sales", error);
}

gboolean
mpos_member_tags_compute (MposStore *store, const MposMemberTagRules *rules, int64_t member_id,
                          int64_t now, MposMemberRfm *out, GError **error)
{
  int64_t since_last;

  *out = (MposMemberRfm){ 0 };
  if (!read_figures (store, rules, member_id, now, out, error))
    return FALSE;
  if (out->spend >= rules->big_spend)
    out->tags |= MPOS_MEMBER_TAG_BIG_SPENDER;
  if (out->last_visit_at == 0)
    return TRUE;
  since_last = now - out->last_visit_at;
  if (since_last <= rules->active_days * DAY)
    {
      if (out->visits >= rules->loyal_visits)
        out->tags |= MPOS_MEMBER_TAG_LOYAL;
      if (out->previous_visit_at
          && out->last_visit_at - out->previous_visit_at >= rules->returning_gap_days * DAY)
        out->tags |= MPOS_MEMBER_TAG_RETURNING;
    }
  if (since_last > rules->lost_days * DAY)
    out->tags |= MPOS_MEMBER_TAG_LOST;
  else if (since_last > rules->at_risk_days * DAY)
    out->tags |= MPOS_MEMBER_TAG_AT_RISK;
  return TRUE;
}

static MposSql SQL_MEMBER_TAGS_COUNT
    = MPOS_SQL ("member-tags: count", "SELECT id FROM members ORDER BY id");

gboolean
mpos_member_tags_count (MposStore *store, const MposMemberTagRules *rules, int64_t now,
                        guint counts[MPOS_MEMBER_TAG_COUNT], guint *members, GError **error)
{
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (int64_t));
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_MEMBER_TAGS_COUNT, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  /* Ids first: the per-member queries then run with no statement left open. */
  while ((rc = mpos_store_step (stmt)) == SQLITE_ROW)
    {
      int64_t id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return mpos_store_fail (store, rc, "listing members", error);
  memset (counts, 0, sizeof (guint) * MPOS_MEMBER_TAG_COUNT);
  *members = ids->len;
  for (guint k = 0; k < ids->len; k++)
    {
      MposMemberRfm rfm;
      if (!mpos_member_tags_compute (store, rules, g_array_index (ids, int64_t, k), now, &rfm,
                                     error))
        return FALSE;
      for (guint i = 0; i < MPOS_MEMBER_TAG_COUNT; i++)
        if (rfm.tags & tags[i].tag)
          counts[i]++;
    }
  return TRUE;
}
