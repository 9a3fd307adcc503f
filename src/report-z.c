/* report-z.c — the Z report: closes a business day once, numbered 1, 2, 3 …
 * in the store; its document is kept (z_reports, 0029) so a reprint shows
 * the first figures and time. Made in one transaction with its audit row
 * and journal entry, so two processes closing the same day at once: one
 * closes it, the other is told it is closed. */
#include "audit.h"
#include "business-day.h"
#include "journal.h"
#include "json-fields.h"
#include "report-json-read.h"
#include "report-private.h"
#include "shift.h"

#include <string.h>

static MposSql SQL_FIND_DAY = MPOS_SQL (
    "report-z: find by day", "SELECT number FROM z_reports WHERE business_day = :day");
static MposSql SQL_NEXT_NUMBER
    = MPOS_SQL ("report-z: next number", "SELECT coalesce (max (number), 0) + 1 FROM z_reports");
static MposSql SQL_INSERT = MPOS_SQL (
    "report-z: keep",
    "INSERT INTO z_reports (number, business_day, made_at, made_by, document) "
    "VALUES (:number, :day, :made_at, :made_by, :document)");
static MposSql SQL_FIND_NUMBER
    = MPOS_SQL ("report-z: find by number", "SELECT document FROM z_reports WHERE number = :number");

typedef struct
{
  const MposStaffCredential *staff;
  const char *day;
  int64_t now;
  MposReport *report; /* out */
} ZRun;

static gboolean
one_int (MposStore *store, MposSql *sql, const char *day, int64_t *out, gboolean *found,
         GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  if (day != NULL)
    mpos_bind_text (stmt, ":day", day);
  rc = mpos_store_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return mpos_store_fail (store, rc, "reading the Z reports", error);
  *found = rc == SQLITE_ROW;
  *out = *found ? sqlite3_column_int64 (stmt, 0) : 0;
  return TRUE;
}

static gboolean
refuse_closed_or_future (MposStore *store, const char *day, int64_t now, GError **error)
{
  MposBusinessDay current;
  int64_t number;
  gboolean found;

  if (!one_int (store, &SQL_FIND_DAY, day, &number, &found, error)
      || !mpos_business_day_peek (store, now, &current, error))
    return FALSE;
  if (found)
    {
      g_set_error (error, MPOS_REPORT_ERROR, MPOS_REPORT_ERROR_ALREADY_CLOSED,
                   "business day %.4s-%.2s-%.2s already has its Z report (no. %" G_GINT64_FORMAT
                   "); a day is closed once: reprint it with `mallposctl report reprint-z %"
                   G_GINT64_FORMAT "`",
                   day, day + 4, day + 6, number, number);
      return FALSE;
    }
  if (g_strcmp0 (day, current.business_day) > 0)
    {
      g_set_error (error, MPOS_REPORT_ERROR, MPOS_REPORT_ERROR_INVALID,
                   "business day %.4s-%.2s-%.2s has not begun (today's is %.4s-%.2s-%.2s): a Z "
                   "report closes a day that has begun",
                   day, day + 4, day + 6, current.business_day, current.business_day + 4,
                   current.business_day + 6);
      return FALSE;
    }
  return TRUE;
}

gboolean
mpos_report_day_refuse_closed (MposStore *store, const char *day, const char *what,
                               const char *next_step, GError **error)
{
  int64_t number;
  gboolean found;

  if (!one_int (store, &SQL_FIND_DAY, day, &number, &found, error))
    return FALSE;
  if (!found)
    return TRUE;
  g_set_error (error, MPOS_REPORT_ERROR, MPOS_REPORT_ERROR_DAY_CLOSED,
               "business day %.4s-%.2s-%.2s is closed (Z report no. %" G_GINT64_FORMAT
               "): %s cannot go into it any more; %s",
               day, day + 4, day + 6, number, what,
               next_step ? next_step
                         : "wait for the next business day to begin (the store's cut-off "
                           "hour), then try again");
  return FALSE;
}

static gboolean
keep (MposStore *store, const ZRun *z, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_INSERT, error);
  g_autoptr (cJSON) json = mpos_report_to_json (z->report);
  g_autofree char *document = cJSON_PrintUnformatted (json);

  if (stmt == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":number", z->report->number);
  mpos_bind_text (stmt, ":day", z->day);
  mpos_bind_int64 (stmt, ":made_at", z->now);
  mpos_bind_optional_text (stmt, ":made_by", z->staff ? z->staff->number : NULL);
  mpos_bind_text (stmt, ":document", document);
  return mpos_store_step_done (store, stmt, "keeping the Z report", error);
}

static gboolean
journal (MposStore *store, const ZRun *z, GError **error)
{
  g_autoptr (cJSON) payload = cJSON_CreateObject ();
  g_autofree char *ref = g_strdup_printf ("Z%04" G_GINT64_FORMAT, z->report->number);
  int64_t net = 0;

  mpos_report_table_figure (mpos_report_table (z->report, "sales"), MPOS_REPORT_NET_SALES, &net);
  cJSON_AddNumberToObject (payload, "number", (double)z->report->number);
  cJSON_AddStringToObject (payload, "business_day", z->report->business_day);
  cJSON_AddNumberToObject (payload, "net_sales", (double)net);
  if (z->report->training)
    cJSON_AddBoolToObject (payload, "training", TRUE);
  return mpos_audit_record (store, z->now, z->staff ? z->staff->number : NULL, "z_report", ref,
                            z->report->business_day, error)
         && mpos_journal_append (store, "z_report", ref, payload, z->now, NULL, error);
}

/* The day's cash is counted first: no Z report while a shift is open. */
static gboolean
refuse_open_shift (MposStore *store, GError **error)
{
  g_auto (MposShift) shift = { 0 };
  g_autoptr (GError) none = NULL;

  if (!mpos_shift_current (store, &shift, &none))
    {
      if (g_error_matches (none, MPOS_SHIFT_ERROR, MPOS_SHIFT_ERROR_NO_SHIFT))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&none));
      return FALSE;
    }
  g_set_error (error, MPOS_REPORT_ERROR, MPOS_REPORT_ERROR_SHIFT_OPEN,
               "shift %s is still %s: close it with its cash count first (mallposctl shift "
               "close%s), then run the Z report",
               shift.shift_no, shift.status == MPOS_SHIFT_OPEN ? "open" : "waiting for a manager",
               shift.status == MPOS_SHIFT_OPEN ? "" : ", or shift accept");
  return FALSE;
}

static gboolean
close_day (MposStore *store, gpointer data, GError **error)
{
  ZRun *z = data;
  gboolean found;

  if (!refuse_closed_or_future (store, z->day, z->now, error) || !refuse_open_shift (store, error))
    return FALSE;
  z->report = mpos_report_begin (store, "z", "Z 报表 · 日结", z->day, z->day, z->now, error);
  if (z->report == NULL
      || !one_int (store, &SQL_NEXT_NUMBER, NULL, &z->report->number, &found, error)
      || !mpos_report_summary_catch_up (store, error)
      || !mpos_report_add_day_tables (store, z->report, z->day, error))
    return FALSE;
  return keep (store, z, error) && journal (store, z, error);
}

MposReport *
mpos_report_z (MposStore *store, const MposStaffCredential *staff, const char *business_day,
               int64_t now, GError **error)
{
  char day[9];
  MposBusinessDay current;
  ZRun z = { staff, day, now, NULL };

  if (business_day != NULL && !mpos_report_day_parse (business_day, "the business day", day, error))
    return NULL;
  if (business_day == NULL)
    {
      if (!mpos_business_day_peek (store, now, &current, error))
        return NULL;
      g_strlcpy (day, current.business_day, sizeof day);
    }
  if (!mpos_report_authorize (store, staff, NULL, NULL, error))
    return NULL;
  if (!mpos_store_transaction (store, close_day, &z, error))
    {
      g_clear_pointer (&z.report, mpos_report_free);
      return NULL;
    }
  return z.report;
}

/* The Z report as kept: read as strictly as any report file, since the
 * store file can be edited around MallPOS. */
static MposReport *
kept_report (const char *json, GError **error)
{
  MposReport *report = mpos_report_from_json (json, strlen (json), error);

  if (report == NULL)
    g_prefix_error (error, "the kept Z report is damaged (run `mallposctl check`): ");
  return report;
}

MposReport *
mpos_report_z_reprint (MposStore *store, const MposStaffCredential *staff, int64_t number,
                       GError **error)
{
  g_autoptr (MposStmt) stmt = NULL;
  int rc;

  if (!mpos_report_authorize (store, staff, NULL, NULL, error)
      || (stmt = mpos_store_stmt (store, &SQL_FIND_NUMBER, error)) == NULL)
    return NULL;
  mpos_bind_int64 (stmt, ":number", number);
  rc = mpos_store_step (stmt);
  if (rc == SQLITE_ROW)
    return kept_report ((const char *)sqlite3_column_text (stmt, 0), error);
  if (rc != SQLITE_DONE)
    mpos_store_fail (store, rc, "reading the Z report", error);
  else
    g_set_error (error, MPOS_REPORT_ERROR, MPOS_REPORT_ERROR_NOT_FOUND,
                 "there is no Z report no. %" G_GINT64_FORMAT
                 "; `mallposctl report z` closes a day and numbers its report",
                 number);
  return NULL;
}
