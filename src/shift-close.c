/* shift-close.c — closing a shift with a count by denomination: expected
 * against counted, over/short, and the manager's acceptance when the
 * over/short passes the store's limit (policy shift_over_short_limit).
 * The manager's credential is checked before the transaction (a sign-in
 * must run outside one); the shift is read again inside it, so a second
 * close, from this process or another, finds it closed and says so. */
#include "shift-private.h"
#include "fail.h"
#include "clock.h"
#include "json-fields.h"
#include "staff-permission.h"

#include <string.h>

static MposSql SQL_COUNT = MPOS_SQL (
    "shift-close: count",
    "UPDATE shifts SET status = :status, counted_by = :by, counted_at = :at, count = :count, "
    "counted = :counted, expected = :expected, accepted_by = :accepted_by, "
    "closed_at = CASE :status WHEN 'closed' THEN :at END WHERE id = :id AND status = 'open'");
static MposSql SQL_ACCEPT
    = MPOS_SQL ("shift-close: accept",
                "UPDATE shifts SET status = 'closed', accepted_by = :by, closed_at = :at "
                "WHERE id = :id AND status = 'counted'");
static MposSql SQL_COUNTED
    = MPOS_SQL ("shift-close: counted", "SELECT shift_no FROM shifts WHERE status = 'counted'");

static char *
count_json (const MposCashCount *count)
{
  g_autoptr (cJSON) array = cJSON_CreateArray ();

  for (int d = 0; d < MPOS_DENOMINATION_COUNT; d++)
    cJSON_AddItemToArray (array, cJSON_CreateNumber ((double)count->pieces[d]));
  return cJSON_PrintUnformatted (array);
}

static gboolean
write_count (MposStore *store, const ShiftAction *a, const char *status, MposMoney counted,
             GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_COUNT, error);
  g_autofree char *pieces = count_json (a->count);

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":status", status);
  mpos_bind_text (stmt, ":by", a->staff);
  mpos_bind_int64 (stmt, ":at", a->now);
  mpos_bind_text (stmt, ":count", pieces);
  mpos_bind_int64 (stmt, ":counted", counted);
  mpos_bind_int64 (stmt, ":expected", a->out->cash.expected);
  mpos_bind_optional_text (stmt, ":accepted_by", a->accepted_by);
  mpos_bind_text (stmt, ":id", a->out->id);
  return mpos_store_step_done (store, stmt, "closing the shift", error);
}

static gboolean
close_body (MposStore *store, gpointer data, GError **error)
{
  ShiftAction *a = data;
  MposMoney counted = 0, limit = 0, over_short;
  char e[MPOS_MONEY_BUF], c[MPOS_MONEY_BUF], o[MPOS_MONEY_BUF];
  g_autofree char *detail = NULL;
  gboolean needs_manager;

  if (!mpos_cash_count_total (a->count, &counted, error)
      || !mpos_shift_over_short_limit (store, &limit, error)
      || !mpos_shift_load_open (store, "close", a->out, error))
    return FALSE;
  over_short = counted - a->out->cash.expected;
  needs_manager = ABS (over_short) > limit;
  if (!needs_manager)
    a->accepted_by = NULL; /* a manager who signed anyway is not needed */
  if (!write_count (store, a, needs_manager && a->accepted_by == NULL ? "counted" : "closed",
                    counted, error))
    return FALSE;
  detail = g_strdup_printf ("expected %s, counted %s, over/short %s",
                            mpos_money_to_buf (a->out->cash.expected, e),
                            mpos_money_to_buf (counted, c), mpos_money_to_buf (over_short, o));
  return mpos_shift_reload (store, a, error)
         && mpos_shift_record_action (store, a, "shift_close", detail, error);
}

gboolean
mpos_shift_close (MposStore *store, const char *staff, const MposCashCount *count,
                  const MposStaffCredential *manager, MposShift *out, GError **error)
{
  g_autofree char *who = NULL;
  g_auto (MposShift) shift = { 0 };
  g_auto (MposStaff) approver = { 0 };
  MposMoney counted = 0;
  ShiftAction a = { .now = mpos_clock_now () };

  a.out = out ? out : &shift;
  a.count = count;
  memset (a.out, 0, sizeof *a.out);
  if (!mpos_cash_count_total (count, &counted, error)
      || (who = mpos_shift_resolve_staff (store, staff, "closing a shift", error)) == NULL
      || !mpos_staff_approve_if_given (store, manager, MPOS_ACTION_SHIFT_ACCEPT, "shift close",
                                       &approver, error))
    return FALSE;
  a.staff = who;
  a.accepted_by = approver.number;
  return mpos_store_transaction (store, close_body, &a, error);
}

/* The number of the shift that waits for acceptance, into *no (NULL: none). */
static gboolean
counted_shift (MposStore *store, char **no, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_COUNTED, error);

  *no = NULL;
  return stmt != NULL && mpos_store_read_text (store, stmt, no, "finding the counted shift", error);
}

static gboolean
accept_body (MposStore *store, gpointer data, GError **error)
{
  ShiftAction *a = data;
  g_autoptr (MposStmt) stmt = NULL;
  g_autofree char *waiting = NULL, *detail = NULL;
  const char *no = a->shift_no;
  char o[MPOS_MONEY_BUF];

  if (no == NULL && !counted_shift (store, &waiting, error))
    return FALSE;
  if (no == NULL && (no = waiting) == NULL)
    return mpos_shift_fail (error, MPOS_SHIFT_ERROR_NOT_COUNTED,
                            R_ ("no shift on this terminal waits for a manager's acceptance"));
  if (!mpos_shift_get (store, no, a->out, error))
    return FALSE;
  if (a->out->status != MPOS_SHIFT_COUNTED)
    return mpos_shift_fail (error, MPOS_SHIFT_ERROR_NOT_COUNTED,
                            a->out->status == MPOS_SHIFT_OPEN
                                ? R_ ("shift %s is still open (count it with mallposctl shift "
                                      "close), not waiting for a manager's acceptance")
                                : R_ ("shift %s is already closed, not waiting for a manager's "
                                      "acceptance"),
                            no);
  if ((stmt = mpos_store_stmt (store, &SQL_ACCEPT, error)) == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":by", a->accepted_by);
  mpos_bind_int64 (stmt, ":at", a->now);
  mpos_bind_text (stmt, ":id", a->out->id);
  if (!mpos_store_step_done (store, stmt, "accepting the shift", error))
    return FALSE;
  detail = g_strdup_printf ("over/short %s accepted", mpos_money_to_buf (a->out->over_short, o));
  return mpos_shift_reload (store, a, error)
         && mpos_shift_record_action (store, a, "shift_accept", detail, error);
}

gboolean
mpos_shift_accept (MposStore *store, const char *shift_no, const MposStaffCredential *manager,
                   MposShift *out, GError **error)
{
  g_auto (MposShift) shift = { 0 };
  g_auto (MposStaff) approver = { 0 };
  ShiftAction a = { .now = mpos_clock_now () };

  a.out = out ? out : &shift;
  a.shift_no = shift_no;
  memset (a.out, 0, sizeof *a.out);
  if (!mpos_staff_approve (store, manager, MPOS_ACTION_SHIFT_ACCEPT, "shift accept", &approver,
                           error))
    return FALSE;
  a.staff = approver.number;
  a.accepted_by = approver.number;
  return mpos_store_transaction (store, accept_body, &a, error);
}
