/* integrity-summary.c — `mallposctl check` over what the manager analyses
 * read instead of the sales (integrity-summary.h): each month's packed
 * summaries (sales_summary_packs, 0038) whose stamp still holds, so that
 * the analyses read them, must hold exactly that month's summary rows; and
 * member_level_totals (kept by 0038's triggers) must equal the sums over
 * the members. A stale pack (its month changed since) is a cache no one
 * reads and is no problem: the next analysis packs that month again.
 *
 * A current to-date pack (the member dimension's, summed through its
 * month's end) must hold exactly the rows through that month: the months
 * are walked in order, their rows summed as they come, so each month's
 * rows are read once whatever the number of to-date packs.
 *
 * Cost: one scan of the members grouped by level (as the points checks
 * already scan them per member), and for every current pack its month's
 * rows of its dimension read and packed again (and the member rows of
 * every month once more for the to-date packs): the rows an analysis over
 * all the packed months would read without the packs (a year of member
 * rows at a large mall: about twelve months of ~100,000 keys). Not yet
 * measured on the 3,000,000-sale benchmark store. */
#include "integrity-summary.h"
#include "report-summary-pack.h"
#include "store-private.h"

#include <string.h>

/* Each month pack the analyses would read: its stamp is the month's count
 * now, over its day rows (report-summary-pack.h). The to-date packs are
 * walked apart. */
static MposSql SQL_CURRENT_PACKS = MPOS_SQL (
    "integrity-summary: current packs",
    "SELECT p.dimension, p.month, p.packed FROM sales_summary_packs p "
    "WHERE p.stamp = (SELECT coalesce (sum (records), 0) FROM sales_summary "
    "WHERE dimension = 'total' AND period BETWEEN p.month || '01' AND p.month || '31') "
    "AND p.dimension NOT LIKE '%" MPOS_SUMMARY_TO_DATE "' "
    "ORDER BY p.month, p.dimension");
/* Levels whose kept totals differ from the members' sums (either side may be missing). */
static MposSql SQL_LEVEL_TOTALS
    = MPOS_SQL ("integrity-summary: member level totals",
                "WITH m AS (SELECT level_code, count (*) members, "
                "sum (points_available + points_pending) points, sum (sv_principal) principal, "
                "sum (sv_bonus) bonus FROM members GROUP BY level_code) "
                "SELECT coalesce (t.level_code, m.level_code), "
                "coalesce (t.members, 0), coalesce (t.points, 0), coalesce (t.sv_principal, 0), "
                "coalesce (t.sv_bonus, 0), coalesce (m.members, 0), coalesce (m.points, 0), "
                "coalesce (m.principal, 0), coalesce (m.bonus, 0) "
                "FROM member_level_totals t FULL JOIN m ON m.level_code = t.level_code "
                "WHERE coalesce (t.members, 0) <> coalesce (m.members, 0) "
                "OR coalesce (t.points, 0) <> coalesce (m.points, 0) "
                "OR coalesce (t.sv_principal, 0) <> coalesce (m.principal, 0) "
                "OR coalesce (t.sv_bonus, 0) <> coalesce (m.bonus, 0) ORDER BY 1");

/* One current pack against its month's rows: a problem when unreadable or different. */
static gboolean
check_pack (MposStore *store, sqlite3_stmt *stmt, GPtrArray *problems, GError **error)
{
  const char *dimension = (const char *)sqlite3_column_text (stmt, 0);
  const char *month = (const char *)sqlite3_column_text (stmt, 1);
  g_autoptr (GError) damage = NULL;
  g_autoptr (MposSummaryRun) pack = mpos_summary_run_unpack (
      sqlite3_column_blob (stmt, 2), (gsize)sqlite3_column_bytes (stmt, 2), &damage);
  g_autoptr (MposSummaryRun) rows = NULL;

  if (pack == NULL)
    {
      g_ptr_array_add (problems,
                       g_strdup_printf ("the packed summaries of month %s, dimension %s, cannot "
                                        "be read (%s): analyses read that month's rows instead; "
                                        "tell IT: with the pack deleted, the next analysis "
                                        "packs the month again from its rows",
                                        month, dimension, damage->message));
      return TRUE;
    }
  if ((rows = mpos_summary_period_run (store, dimension, month, error)) == NULL)
    return FALSE;
  if (!mpos_summary_run_equal (pack, rows))
    g_ptr_array_add (problems,
                     g_strdup_printf ("the packed summaries of month %s, dimension %s, differ "
                                      "from that month's summary rows: the analyses over that "
                                      "month show wrong figures; tell IT: with the pack deleted, "
                                      "the next analysis packs the month again from its rows",
                                      month, dimension));
  return TRUE;
}

static gboolean
check_packs (MposStore *store, GPtrArray *problems, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_CURRENT_PACKS, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  /* the pack's text and blob stay valid while the row is current */
  while ((rc = mpos_store_step (stmt)) == SQLITE_ROW)
    if (!check_pack (store, stmt, problems, error))
      return FALSE;
  if (rc != SQLITE_DONE)
    return mpos_store_fail (store, rc, "reading the packed summaries", error);
  return TRUE;
}

static void
add_to_date_problem (const char *month, const GError *damage, gpointer problems)
{
  if (damage != NULL)
    g_ptr_array_add (problems,
                     g_strdup_printf ("the packed summaries of month %s, dimension member%s, "
                                      "cannot be read (%s): analyses read the months instead; "
                                      "tell IT: with the pack deleted, the next analysis packs "
                                      "it again",
                                      month, MPOS_SUMMARY_TO_DATE, damage->message));
  else
    g_ptr_array_add (problems,
                     g_strdup_printf ("the packed summaries of month %s, dimension member%s, "
                                      "differ from the summary rows through that month: the "
                                      "members analysis over several months shows wrong "
                                      "figures; tell IT: with the pack deleted, the next "
                                      "analysis packs it again",
                                      month, MPOS_SUMMARY_TO_DATE));
}

static void
add_level_problem (sqlite3_stmt *stmt, GPtrArray *problems)
{
  int64_t v[8];

  for (int i = 0; i < 8; i++)
    v[i] = sqlite3_column_int64 (stmt, 1 + i);
  g_ptr_array_add (
      problems,
      g_strdup_printf ("member level %s: the kept totals say %" G_GINT64_FORMAT
                       " members, %" G_GINT64_FORMAT " points, stored value %" G_GINT64_FORMAT
                       "/%" G_GINT64_FORMAT " fen (principal/bonus), but its members add up to "
                       "%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT
                       "/%" G_GINT64_FORMAT ": the member analysis and liabilities show wrong "
                       "figures; tell IT",
                       (const char *)sqlite3_column_text (stmt, 0), v[0], v[1], v[2], v[3], v[4],
                       v[5], v[6], v[7]));
}

static gboolean
check_level_totals (MposStore *store, GPtrArray *problems, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_LEVEL_TOTALS, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = mpos_store_step (stmt)) == SQLITE_ROW)
    add_level_problem (stmt, problems);
  if (rc != SQLITE_DONE)
    return mpos_store_fail (store, rc, "reading the member level totals", error);
  return TRUE;
}

gboolean
mpos_integrity_summaries (MposStore *store, GPtrArray *problems, GError **error)
{
  return check_packs (store, problems, error)
         && mpos_summary_to_date_verify (store, "member", add_to_date_problem, problems, error)
         && check_level_totals (store, problems, error);
}
