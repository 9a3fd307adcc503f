/* shift.c — a shift's life on this terminal's drawer: open with a float,
 * paid-in/out and safe drops, close with a count, a manager's acceptance of
 * an over/short past the store's limit. Each action is one transaction with
 * its journal entry and audit row; the state it depends on (the shift open,
 * what the drawer holds) is read again inside that transaction, so two
 * processes closing at once close it once. */
#include "shift-private.h"
#include "fail.h"
#include "audit.h"
#include "cashier.h"
#include "clock.h"
#include "journal.h"
#include "json-fields.h"
#include "receipt-no.h"
#include "staff-policy.h"

#include <stdarg.h>
#include <string.h>

/* clang-format off */
G_DEFINE_QUARK (mpos-shift-error-quark, mpos_shift_error)
/* clang-format on */

#define SHIFT_COLUMNS                                                                              \
  "SELECT id, shift_no, status, business_day, opened_by, opened_at, opening_float, counted_by, "   \
  "counted_at, count, counted, expected, accepted_by, closed_at FROM shifts "
static MposSql SQL_BY_NO = MPOS_SQL ("shift: by number", SHIFT_COLUMNS "WHERE shift_no = :no");
static MposSql SQL_CURRENT = MPOS_SQL ("shift: current", SHIFT_COLUMNS "WHERE status != 'closed'");
static MposSql SQL_LAST
    = MPOS_SQL ("shift: last", SHIFT_COLUMNS "ORDER BY opened_at DESC, shift_no DESC LIMIT 1");
static MposSql SQL_LIST
    = MPOS_SQL ("shift: list", SHIFT_COLUMNS
                "WHERE (:from IS NULL OR business_day >= :from) "
                "AND (:to IS NULL OR business_day <= :to) ORDER BY opened_at DESC, shift_no DESC");
static MposSql SQL_INSERT = MPOS_SQL (
    "shift: insert",
    "INSERT INTO shifts (id, shift_no, status, business_day, opened_by, opened_at, opening_float) "
    "VALUES (:id, :no, 'open', :day, :by, :at, :float)");
static const char *const status_names[] = { "open", "counted", "closed" };

gboolean
mpos_shift_fail (GError **error, MposShiftError code, const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, MPOS_SHIFT_ERROR, code, message);
  return FALSE;
}

const char *
mpos_shift_status_name (MposShiftStatus status)
{
  return (guint)status < G_N_ELEMENTS (status_names) ? status_names[status] : "?";
}

void
mpos_shift_clear (MposShift *shift)
{
  g_clear_pointer (&shift->id, g_free);
  g_clear_pointer (&shift->shift_no, g_free);
  g_clear_pointer (&shift->business_day, g_free);
  g_clear_pointer (&shift->opened_by, g_free);
  g_clear_pointer (&shift->counted_by, g_free);
  g_clear_pointer (&shift->accepted_by, g_free);
  memset (shift, 0, sizeof *shift);
}

void
mpos_shift_free (MposShift *shift)
{
  if (shift == NULL)
    return;
  mpos_shift_clear (shift);
  g_free (shift);
}

/* ---- reading ---------------------------------------------------------------------------- */

static void
read_count (const char *json, MposCashCount *count)
{
  g_autoptr (cJSON) array = json ? cJSON_Parse (json) : NULL;
  int d = 0;

  memset (count, 0, sizeof *count);
  for (const cJSON *item = cJSON_IsArray (array) ? array->child : NULL;
       item != NULL && d < MPOS_DENOMINATION_COUNT; item = item->next, d++)
    count->pieces[d] = cJSON_IsNumber (item) ? (int64_t)item->valuedouble : 0;
}

static void
shift_from_row (sqlite3_stmt *stmt, MposShift *out)
{
  const char *status = (const char *)sqlite3_column_text (stmt, 2);

  memset (out, 0, sizeof *out);
  out->id = mpos_column_text (stmt, 0);
  out->shift_no = mpos_column_text (stmt, 1);
  for (guint i = 0; i < G_N_ELEMENTS (status_names); i++)
    if (g_strcmp0 (status, status_names[i]) == 0)
      out->status = (MposShiftStatus)i;
  out->business_day = mpos_column_text (stmt, 3);
  out->opened_by = mpos_column_text (stmt, 4);
  out->opened_at = sqlite3_column_int64 (stmt, 5);
  out->opening_float = sqlite3_column_int64 (stmt, 6);
  out->counted_by = mpos_column_text (stmt, 7);
  out->counted_at = sqlite3_column_int64 (stmt, 8);
  read_count ((const char *)sqlite3_column_text (stmt, 9), &out->count);
  out->counted = sqlite3_column_int64 (stmt, 10);
  out->expected = sqlite3_column_int64 (stmt, 11);
  out->over_short = out->counted - out->expected;
  out->accepted_by = mpos_column_text (stmt, 12);
  out->closed_at = sqlite3_column_int64 (stmt, 13);
}

/* One shift by `sql` (with :no bound to `no` when given); *found says whether. */
static gboolean
load_shift (MposStore *store, MposSql *sql, const char *no, MposShift *out, gboolean *found,
            GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, sql, error);
  int rc;

  *found = FALSE;
  if (stmt == NULL)
    return FALSE;
  if (no != NULL)
    mpos_bind_text (stmt, ":no", no);
  rc = mpos_store_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return mpos_store_fail (store, rc, "reading the shift", error);
  if (rc == SQLITE_DONE)
    return TRUE;
  *found = TRUE;
  shift_from_row (stmt, out);
  mpos_store_stmt_release (g_steal_pointer (&stmt));
  return mpos_shift_expectation (store, out->id, &out->cash, error);
}

/* NO_SHIFT naming the last shift, or CLOSED for `closing` when the last one was closed. */
static gboolean
no_shift (MposStore *store, const char *doing, GError **error)
{
  g_auto (MposShift) last = { 0 };
  g_autofree char *when = NULL;
  gboolean found = FALSE;

  if (!load_shift (store, &SQL_LAST, NULL, &last, &found, error))
    return FALSE;
  if (!found)
    return mpos_shift_fail (error, MPOS_SHIFT_ERROR_NO_SHIFT,
                            R_ ("no shift is open on this terminal, so there is nothing to %s: "
                                "open one with mallposctl shift open --float 500.00"),
                            doing);
  when = mpos_store_local_time (store, last.closed_at ? last.closed_at : last.counted_at);
  return mpos_shift_fail (
      error, MPOS_SHIFT_ERROR_CLOSED,
      R_ ("no shift is open on this terminal, so there is nothing to %s: the "
          "last one, %s, was closed at %s by %s; open a new one with mallposctl "
          "shift open --float 500.00"),
      doing, last.shift_no, when, last.counted_by ? last.counted_by : "?");
}

/* The open shift, inside a transaction; `doing` names the action refused. */
gboolean
mpos_shift_load_open (MposStore *store, const char *doing, MposShift *out, GError **error)
{
  gboolean found = FALSE;
  g_autofree char *when = NULL;

  if (!load_shift (store, &SQL_CURRENT, NULL, out, &found, error))
    return FALSE;
  if (!found)
    return no_shift (store, doing, error);
  if (out->status == MPOS_SHIFT_OPEN)
    return TRUE;
  when = mpos_store_local_time (store, out->counted_at);
  return mpos_shift_fail (error, MPOS_SHIFT_ERROR_CLOSED,
                          R_ ("shift %s was counted at %s by %s and waits for a manager to accept "
                              "its over/short: mallposctl shift accept --manager NUMBER"),
                          out->shift_no, when, out->counted_by);
}

gboolean
mpos_shift_current (MposStore *store, MposShift *out, GError **error)
{
  gboolean found = FALSE;

  memset (out, 0, sizeof *out);
  if (!load_shift (store, &SQL_CURRENT, NULL, out, &found, error))
    return FALSE;
  return found
         || mpos_shift_fail (error, MPOS_SHIFT_ERROR_NO_SHIFT,
                             R_ ("no shift is open on this terminal: open one with "
                                 "mallposctl shift open --float 500.00"));
}

gboolean
mpos_shift_get (MposStore *store, const char *shift_no, MposShift *out, GError **error)
{
  gboolean found = FALSE;

  memset (out, 0, sizeof *out);
  if (!load_shift (store, &SQL_BY_NO, shift_no, out, &found, error))
    return FALSE;
  return found
         || mpos_shift_fail (error, MPOS_SHIFT_ERROR_NOT_FOUND,
                             R_ ("no shift %s on this terminal: see mallposctl shift list"),
                             shift_no);
}

GPtrArray *
mpos_shift_list (MposStore *store, const char *day_from, const char *day_to, GError **error)
{
  g_autoptr (GPtrArray) shifts = g_ptr_array_new_with_free_func ((GDestroyNotify)mpos_shift_free);
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_LIST, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  mpos_bind_optional_text (stmt, ":from", day_from);
  mpos_bind_optional_text (stmt, ":to", day_to);
  while ((rc = mpos_store_step (stmt)) == SQLITE_ROW)
    {
      MposShift *shift = g_new0 (MposShift, 1);
      shift_from_row (stmt, shift);
      g_ptr_array_add (shifts, shift);
    }
  if (rc != SQLITE_DONE)
    return mpos_store_fail (store, rc, "listing shifts", error), NULL;
  mpos_store_stmt_release (g_steal_pointer (&stmt));
  for (guint i = 0; i < shifts->len; i++)
    {
      MposShift *shift = g_ptr_array_index (shifts, i);
      if (!mpos_shift_expectation (store, shift->id, &shift->cash, error))
        return NULL;
    }
  return g_steal_pointer (&shifts);
}

gboolean
mpos_shift_over_short_limit (MposStore *store, MposMoney *out, GError **error)
{
  return mpos_policy_get (store, MPOS_POLICY_SHIFT_OVER_SHORT_LIMIT, out, error);
}

/* ---- writing ---------------------------------------------------------------------------- */

/* The journal entry and audit row of a shift action, from the shift after it. */
gboolean
mpos_shift_record_action (MposStore *store, const ShiftAction *a, const char *action,
                          const char *detail, GError **error)
{
  g_autoptr (cJSON) payload = mpos_shift_to_json (store, a->out);

  cJSON_AddStringToObject (payload, "action", action);
  cJSON_AddStringToObject (payload, "by", a->staff);
  if (a->reason != NULL)
    {
      cJSON_AddStringToObject (payload, "cash_kind", mpos_cash_kind_name (a->kind));
      mpos_json_add_money (payload, "amount", a->amount);
      cJSON_AddStringToObject (payload, "reason", a->reason);
    }
  return mpos_audit_record_approved (store, a->now, a->staff, a->accepted_by, action,
                                     a->out->shift_no, detail, error)
         && mpos_journal_append (store, action, a->out->id, payload, a->now, NULL, error);
}

gboolean
mpos_shift_reload (MposStore *store, ShiftAction *a, GError **error)
{
  g_autofree char *no = g_strdup (a->out->shift_no);

  mpos_shift_clear (a->out);
  return mpos_shift_get (store, no, a->out, error);
}

static gboolean
open_body (MposStore *store, gpointer data, GError **error)
{
  ShiftAction *a = data;
  g_autoptr (MposStmt) stmt = NULL;
  g_autofree char *day = NULL, *detail = NULL;
  char no[64], id[MPOS_UUID_STRLEN + 1], f[MPOS_MONEY_BUF];
  gboolean found = FALSE;

  if (!load_shift (store, &SQL_CURRENT, NULL, a->out, &found, error))
    return FALSE;
  if (found)
    return mpos_shift_fail (error, MPOS_SHIFT_ERROR_ALREADY_OPEN,
                            R_ ("shift %s (opened by %s) is still %s on this terminal: close it "
                                "with mallposctl shift close before opening another"),
                            a->out->shift_no, a->out->opened_by,
                            a->out->status == MPOS_SHIFT_OPEN ? "open" : "waiting for acceptance");
  /* H (班) keeps shift numbers apart from receipt numbers. */
  if (!mpos_receipt_no_next (store, a->now, "shift", "H", no, sizeof no, &day, error)
      || (stmt = mpos_store_stmt (store, &SQL_INSERT, error)) == NULL)
    return FALSE;
  mpos_uuid_v7 (id);
  mpos_bind_text (stmt, ":id", id);
  mpos_bind_text (stmt, ":no", no);
  mpos_bind_text (stmt, ":day", day);
  mpos_bind_text (stmt, ":by", a->staff);
  mpos_bind_int64 (stmt, ":at", a->now);
  mpos_bind_int64 (stmt, ":float", a->amount);
  if (!mpos_store_step_done (store, stmt, "opening the shift", error)
      || !mpos_shift_insert_movement (store, id, MPOS_CASH_FLOAT, a->amount, no, NULL, a->staff,
                                      a->now, error))
    return FALSE;
  a->out->shift_no = g_strdup (no);
  detail = g_strdup_printf ("float %s", mpos_money_to_buf (a->amount, f));
  return mpos_shift_reload (store, a, error)
         && mpos_shift_record_action (store, a, "shift_open", detail, error);
}

static gboolean
check_amount (const char *what, MposMoney amount, MposMoney min, GError **error)
{
  char a[MPOS_MONEY_BUF], m[MPOS_MONEY_BUF], x[MPOS_MONEY_BUF];

  if (amount >= min && amount <= MPOS_SHIFT_MAX_AMOUNT)
    return TRUE;
  return mpos_shift_fail (error, MPOS_SHIFT_ERROR_INVALID,
                          R_ ("%s %s is not possible: give an amount from %s to %s yuan"), what,
                          mpos_money_to_buf (amount, a), mpos_money_to_buf (min, m),
                          mpos_money_to_buf (MPOS_SHIFT_MAX_AMOUNT, x));
}

/* The staff member acting: given or the terminal's default cashier. */
char *
mpos_shift_resolve_staff (MposStore *store, const char *staff, const char *action, GError **error)
{
  return mpos_cashier_resolve (store, staff, action, error);
}

gboolean
mpos_shift_open (MposStore *store, const char *staff, MposMoney opening_float, MposShift *out,
                 GError **error)
{
  g_autofree char *who = NULL;
  g_auto (MposShift) shift = { 0 };
  ShiftAction a = { .now = mpos_clock_now (), .kind = MPOS_CASH_FLOAT, .amount = opening_float };

  a.out = out ? out : &shift;
  memset (a.out, 0, sizeof *a.out);
  if (!check_amount ("an opening float of", opening_float, 0, error)
      || (who = mpos_shift_resolve_staff (store, staff, "opening a shift", error)) == NULL)
    return FALSE;
  a.staff = who;
  return mpos_store_transaction (store, open_body, &a, error);
}

static gboolean
check_reason (const char *reason, GError **error)
{
  gsize length = reason ? strlen (reason) : 0;

  if (length == 0 || length > MPOS_SHIFT_REASON_MAX_BYTES || !g_utf8_validate (reason, -1, NULL))
    return mpos_shift_fail (error, MPOS_SHIFT_ERROR_INVALID,
                            R_ ("say why the cash moves: a reason of 1 to %d bytes of text "
                                "(--reason \"找零备用\")"),
                            MPOS_SHIFT_REASON_MAX_BYTES);
  for (const char *p = reason; *p; p++)
    if (g_ascii_iscntrl (*p))
      return mpos_shift_fail (error, MPOS_SHIFT_ERROR_INVALID,
                              R_ ("a reason is one line of text, without tabs or line breaks"));
  return TRUE;
}

static gboolean
move_body (MposStore *store, gpointer data, GError **error)
{
  ShiftAction *a = data;
  char amount[MPOS_MONEY_BUF], held[MPOS_MONEY_BUF];
  g_autofree char *detail = NULL;
  gboolean out_of_drawer = a->kind != MPOS_CASH_PAY_IN;

  if (!mpos_shift_load_open (store, out_of_drawer ? "take cash from" : "pay cash into", a->out,
                             error))
    return FALSE;
  if (out_of_drawer && a->amount > a->out->cash.expected)
    return mpos_shift_fail (
        error, MPOS_SHIFT_ERROR_INVALID,
        R_ ("the drawer should hold %s yuan, less than the %s yuan to take out: "
            "check the amount"),
        mpos_money_to_buf (a->out->cash.expected, held), mpos_money_to_buf (a->amount, amount));
  if (!mpos_shift_insert_movement (store, a->out->id, a->kind,
                                   out_of_drawer ? -a->amount : a->amount, a->out->shift_no,
                                   a->reason, a->staff, a->now, error))
    return FALSE;
  detail = g_strdup_printf ("%s %s: %s", mpos_cash_kind_name (a->kind),
                            mpos_money_to_buf (a->amount, amount), a->reason);
  return mpos_shift_reload (store, a, error)
         && mpos_shift_record_action (store, a, "shift_cash", detail, error);
}

gboolean
mpos_shift_move_cash (MposStore *store, const char *staff, MposCashKind kind, MposMoney amount,
                      const char *reason, MposShift *out, GError **error)
{
  g_autofree char *who = NULL;
  g_auto (MposShift) shift = { 0 };
  ShiftAction a = { .now = mpos_clock_now (), .kind = kind, .amount = amount, .reason = reason };

  a.out = out ? out : &shift;
  memset (a.out, 0, sizeof *a.out);
  if (kind != MPOS_CASH_PAY_IN && kind != MPOS_CASH_PAY_OUT && kind != MPOS_CASH_DROP)
    return mpos_shift_fail (error, MPOS_SHIFT_ERROR_INVALID,
                            R_ ("only paid-in, paid-out and safe drops are moved by hand"));
  if (!check_amount ("an amount of", amount, 1, error) || !check_reason (reason, error)
      || (who = mpos_shift_resolve_staff (store, staff, "moving cash", error)) == NULL)
    return FALSE;
  a.staff = who;
  return mpos_store_transaction (store, move_body, &a, error);
}
