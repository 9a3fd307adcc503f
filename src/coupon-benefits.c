/* coupon-benefits.c — the coupon run (`mallposctl coupon run-benefits`):
 * the level benefits (monthly coupons, birthday-month coupons) and the
 * expiry of coupons past their validity. Safe to run any number of times:
 * each benefit coupon has a once-only key per member (month or year,
 * template, number), so a member gets a given month's benefit once. */
#include "coupon-private.h"
#include "json-out.h"
#include "uuid.h"

#include <string.h>

static MposSql SQL_DUE_MONTHLY
    = MPOS_SQL ("coupon-benefits: due monthly",
                "SELECT m.id, b.template_code, b.quantity FROM members m "
                "JOIN coupon_benefits b ON b.level_code = m.level_code AND b.occasion = 'monthly' "
                "ORDER BY m.id, b.template_code");
static MposSql SQL_DUE_BIRTHDAY
    = MPOS_SQL ("coupon-benefits: due birthday",
                "SELECT m.id, b.template_code, b.quantity FROM members m "
                "JOIN coupon_benefits b ON b.level_code = m.level_code AND b.occasion = 'birthday' "
                "WHERE substr (m.birthday, 6, 2) = :month ORDER BY m.id, b.template_code");
static MposSql SQL_TO_EXPIRE = MPOS_SQL (
    "coupon-benefits: to expire",
    "SELECT code FROM coupons WHERE status = 'issued' AND valid_to <= :now ORDER BY code");
static MposSql SQL_EXPIRE
    = MPOS_SQL ("coupon-benefits: expire",
                "UPDATE coupons SET status = 'expired', status_at = :now WHERE code = :code "
                "AND status = 'issued'");

typedef struct
{
  int64_t member_id;
  char *template_code;
  int64_t quantity;
} Due;

static void
due_clear (gpointer data)
{
  g_free (((Due *)data)->template_code);
}

typedef struct
{
  MposStore *store;
  int64_t now;
  char action_id[MPOS_UUID_STRLEN + 1];
  MposCouponRunReport *report;
  GHashTable *templates; /* code → MposCouponTemplate*, NULL value: cannot issue */
} Run;

static gboolean
select_due (Run *run, MposSql *sql, const char *month, GArray *out, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (run->store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  if (month)
    mpos_bind_text (stmt, ":month", month);
  while ((rc = mpos_store_step (stmt)) == SQLITE_ROW)
    {
      Due due = { sqlite3_column_int64 (stmt, 0), mpos_column_text (stmt, 1),
                  sqlite3_column_int64 (stmt, 2) };
      g_array_append_val (out, due);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return mpos_store_fail (run->store, rc, "reading level benefits", error);
  return TRUE;
}

static const MposCouponTemplate *
template_for (Run *run, const char *code, GError **error)
{
  MposCouponTemplate *t;

  if (g_hash_table_lookup_extended (run->templates, code, NULL, (gpointer *)&t))
    return t;
  t = mpos_coupon_template_load (run->store, code, error);
  if (t != NULL)
    g_hash_table_insert (run->templates, g_strdup (code), t);
  return t;
}

/* One benefit coupon; a template that has ended or a member at its limit is
 * passed over (the template once, with a warning), never the run. */
static gboolean
issue_benefit (Run *run, const MposCouponTemplate *t, const Due *due, const char *occasion,
               const char *ref, int64_t *issued, GError **error)
{
  MposCouponIssueRow row
      = { t, due->member_id, occasion, ref, run->action_id, "coupon-run", NULL, 0, run->now };
  g_autoptr (GError) local = NULL;
  gboolean exists = FALSE;

  if (mpos_coupon_insert (run->store, &row, &exists, NULL, &local))
    {
      *issued += exists ? 0 : 1;
      return TRUE;
    }
  if (g_error_matches (local, MPOS_COUPON_ERROR, MPOS_COUPON_ERROR_LIMIT))
    return TRUE;
  if (g_error_matches (local, MPOS_COUPON_ERROR, MPOS_COUPON_ERROR_EXPIRED))
    {
      g_warning ("level benefit %s skipped: %s", t->code, local->message);
      g_hash_table_insert (run->templates, g_strdup (t->code), NULL);
      return TRUE;
    }
  g_propagate_error (error, g_steal_pointer (&local));
  return FALSE;
}

/* `period`: "2026-11" (monthly) or "2026" (birthday). */
static gboolean
issue_due (Run *run, const GArray *due_list, const char *occasion, const char *period,
           int64_t *issued, GError **error)
{
  for (guint i = 0; i < due_list->len; i++)
    {
      const Due *due = &g_array_index (due_list, Due, i);
      const MposCouponTemplate *t = template_for (run, due->template_code, error);

      if (t == NULL)
        {
          if (g_hash_table_contains (run->templates, due->template_code))
            continue; /* ended: warned once already */
          return FALSE;
        }
      for (int64_t k = 1; k <= due->quantity; k++)
        {
          g_autofree char *ref
              = g_strdup_printf ("%s:%s:%s#%" G_GINT64_FORMAT, occasion, period, t->code, k);
          if (!issue_benefit (run, t, due, occasion, ref, issued, error))
            return FALSE;
          if (!g_hash_table_lookup (run->templates, due->template_code))
            break;
        }
    }
  return TRUE;
}

static gboolean
benefits (Run *run, GError **error)
{
  g_autoptr (GDateTime) local = mpos_coupon_local_time (run->store, run->now);
  g_autofree char *month = g_date_time_format (local, "%m");
  g_autofree char *year = g_date_time_format (local, "%Y");
  g_autofree char *year_month = g_date_time_format (local, "%Y-%m");
  g_autoptr (GArray) monthly = g_array_new (FALSE, FALSE, sizeof (Due));
  g_autoptr (GArray) birthday = g_array_new (FALSE, FALSE, sizeof (Due));

  g_array_set_clear_func (monthly, due_clear);
  g_array_set_clear_func (birthday, due_clear);
  return select_due (run, &SQL_DUE_MONTHLY, NULL, monthly, error)
         && select_due (run, &SQL_DUE_BIRTHDAY, month, birthday, error)
         && issue_due (run, monthly, "monthly", year_month, &run->report->monthly_issued, error)
         && issue_due (run, birthday, "birthday", year, &run->report->birthday_issued, error);
}

static gboolean
expire (Run *run, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (run->store, &SQL_TO_EXPIRE, error);
  g_autoptr (GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  int rc;

  if (stmt == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":now", run->now);
  while ((rc = mpos_store_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (codes, mpos_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return mpos_store_fail (run->store, rc, "reading coupons to expire", error);
  for (guint i = 0; i < codes->len; i++)
    {
      const char *code = g_ptr_array_index (codes, i);
      stmt = mpos_store_stmt (run->store, &SQL_EXPIRE, error);
      if (stmt == NULL)
        return FALSE;
      mpos_bind_text (stmt, ":code", code);
      mpos_bind_int64 (stmt, ":now", run->now);
      if (!mpos_store_step_done (run->store, stmt, "expiring a coupon", error)
          || !mpos_coupon_event (run->store, code, "expire", run->action_id, NULL, 0, 0,
                                 "coupon-run", NULL, run->now, error))
        return FALSE;
      run->report->expired++;
    }
  return TRUE;
}

cJSON *
mpos_coupon_run_report_to_json (const MposCouponRunReport *r)
{
  cJSON *json = cJSON_CreateObject ();

  mpos_json_add_int (json, "birthday_issued", r->birthday_issued);
  mpos_json_add_int (json, "monthly_issued", r->monthly_issued);
  mpos_json_add_int (json, "expired", r->expired);
  return json;
}

static gboolean
run_body (Run *run, GError **error)
{
  MposCouponRunReport *r = run->report;
  g_autofree char *detail = NULL;

  if (!expire (run, error) || !benefits (run, error))
    return FALSE;
  if (r->birthday_issued + r->monthly_issued + r->expired == 0)
    return TRUE;
  detail = g_strdup_printf ("birthday %" G_GINT64_FORMAT ", monthly %" G_GINT64_FORMAT
                            ", expired %" G_GINT64_FORMAT,
                            r->birthday_issued, r->monthly_issued, r->expired);
  return mpos_coupon_record (run->store, "run", run->action_id, "coupon-run", detail,
                             mpos_coupon_run_report_to_json (r), run->now, error);
}

gboolean
mpos_coupon_run_benefits (MposStore *store, int64_t now, MposCouponRunReport *report,
                          GError **error)
{
  g_autoptr (GHashTable) templates = g_hash_table_new_full (
      g_str_hash, g_str_equal, g_free, (GDestroyNotify)mpos_coupon_template_free);
  Run run = { store, now, { 0 }, report, templates };

  memset (report, 0, sizeof *report);
  mpos_uuid_v7 (run.action_id);
  if (!mpos_store_begin (store, error))
    return FALSE;
  if (!run_body (&run, error))
    {
      mpos_store_rollback (store);
      memset (report, 0, sizeof *report);
      return FALSE;
    }
  return mpos_store_commit (store, error);
}
