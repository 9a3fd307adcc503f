/* points-ledger.c — the one place that appends to the points ledger: every
 * row moves the lot's remaining and the member's cached balances by the
 * same amounts in the same statement sequence, so caches and ledger cannot
 * drift (and the columns' CHECKs refuse a negative lot outright). The
 * balance goes below zero only by a debt (0026): rows without a lot, counted
 * in members.points_owed, which points arriving later repay first. */
#include "points-private.h"
#include "fail.h"
#include "store-json.h"
#include "audit.h"
#include "journal.h"
#include "row-chain.h"

#include <inttypes.h>
#include <string.h>

/* clang-format off */
G_DEFINE_QUARK (mpos-points-error-quark, mpos_points_error)
/* clang-format on */

static MposSql SQL_ENTRY = MPOS_SQL (
    "points-ledger: entry",
    "INSERT INTO points_ledger (member_id, lot_id, kind, available, pending, action_id, sale_id, "
    "corrects, reason, actor, approved_by, created_at) VALUES (:member, :lot, :kind, :available, "
    ":pending, :action, :sale, :corrects, :reason, :actor, :approved_by, :now)");
static MposSql SQL_MEMBER_BALANCE
    = MPOS_SQL ("points-ledger: member balance",
                "UPDATE members SET points_available = points_available + :available, "
                "points_pending = points_pending + :pending WHERE id = :member");
static MposSql SQL_OWED_ADD
    = MPOS_SQL ("points-ledger: owed add",
                "UPDATE members SET points_owed = points_owed + :delta WHERE id = :member");
static MposSql SQL_OWED
    = MPOS_SQL ("points-ledger: owed", "SELECT points_owed FROM members WHERE id = :member");
static MposSql SQL_LOT_REMAINING
    = MPOS_SQL ("points-ledger: lot remaining",
                "UPDATE points_lots SET remaining = remaining + :delta WHERE id = :lot");
static MposSql SQL_LOT_INSERT = MPOS_SQL (
    "points-ledger: lot insert",
    "INSERT INTO points_lots (member_id, source, status, earned, remaining, earned_at, confirm_at, "
    "expires_at, sale_id, ref) VALUES (:member, :source, :status, :points, :points, :now, "
    ":confirm_at, :expires_at, :sale, :ref)");
#define USABLE_WHERE                                                                               \
  "WHERE member_id = :member AND remaining > 0 AND status = 'confirmed' "                          \
  "AND (expires_at IS NULL OR expires_at > :now) "
static MposSql SQL_USABLE_LOTS
    = MPOS_SQL ("points-ledger: usable lots",
                "SELECT id, remaining, coalesce (expires_at, 0) FROM points_lots " USABLE_WHERE
                "ORDER BY coalesce (expires_at, 9223372036854775807), id");
/* What the member owes (0026) counts against the usable lots: a member in
 * debt holds no usable lot (points arriving repay the debt first). */
static MposSql SQL_USABLE_SUM
    = MPOS_SQL ("points-ledger: usable sum",
                "SELECT coalesce (sum (remaining), 0) - (SELECT points_owed FROM members "
                "WHERE id = :member) FROM points_lots " USABLE_WHERE);
static MposSql SQL_ACCOUNT = MPOS_SQL (
    "points-ledger: account",
    "SELECT points_available, points_pending, points_frozen FROM members WHERE id = :member");
static MposSql SQL_SALE_BURNS = MPOS_SQL (
    "points-ledger: sale burns",
    "SELECT b.id, b.lot_id, -b.available, coalesce ((SELECT sum (r.available) FROM points_ledger r "
    "WHERE r.corrects = b.id AND r.kind = 'restore'), 0), coalesce (l.expires_at, 0) "
    "FROM points_ledger b JOIN points_lots l ON l.id = b.lot_id "
    "WHERE b.action_id = :sale AND b.kind = 'burn' ORDER BY b.id DESC");
/* Through the sale's earn entry: lots are not indexed by sale; a sale's
 * ledger rows are found by their action, which is the sale. */
static MposSql SQL_SALE_LOT = MPOS_SQL (
    "points-ledger: sale lot",
    "SELECT l.id, l.status, l.remaining, e.id, l.member_id FROM points_ledger e JOIN points_lots l "
    "ON l.id = e.lot_id WHERE e.action_id = :sale AND e.sale_id = :sale AND e.kind = 'earn' "
    "AND l.source = 'sale'");
static MposSql SQL_LOT_BY_ID = MPOS_SQL (
    "points-ledger: lot by id",
    "SELECT l.id, l.status, l.remaining, e.id, l.member_id FROM points_lots l JOIN points_ledger e "
    "ON e.lot_id = l.id AND e.kind = 'earn' WHERE l.id = :lot");
static MposSql SQL_SET_STATUS = MPOS_SQL (
    "points-ledger: set status", "UPDATE points_lots SET status = :status WHERE id = :lot");
static MposSql SQL_ACTION_ROWS = MPOS_SQL (
    "points-ledger: action rows",
    "SELECT e.id, e.member_id, e.lot_id, e.kind, e.available, e.pending, e.sale_id, e.corrects, "
    "l.source, l.expires_at FROM points_ledger e LEFT JOIN points_lots l ON l.id = e.lot_id "
    "WHERE e.action_id = :action ORDER BY e.id");

/* The member's cached balances, and the lot's remaining points unless the
 * lot was just written with them (lot_id 0). */
static gboolean
update_caches (const MposPointsAction *a, int64_t member_id, int64_t lot_id, int64_t available,
               int64_t pending, GError **error)
{
  g_autoptr (MposStmt) stmt = NULL;

  if (available != 0 || pending != 0)
    {
      stmt = mpos_store_stmt (a->store, &SQL_MEMBER_BALANCE, error);
      if (stmt == NULL)
        return FALSE;
      mpos_bind_int64 (stmt, ":available", available);
      mpos_bind_int64 (stmt, ":pending", pending);
      mpos_bind_int64 (stmt, ":member", member_id);
      if (!mpos_store_step_done (a->store, stmt, "updating the member's points", error))
        return FALSE;
    }
  if (lot_id == 0 || available + pending == 0)
    return TRUE;
  stmt = mpos_store_stmt (a->store, &SQL_LOT_REMAINING, error);
  if (stmt == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":delta", available + pending);
  mpos_bind_int64 (stmt, ":lot", lot_id);
  return mpos_store_step_done (a->store, stmt, "updating a points lot", error);
}

static gboolean
write_entry (const MposPointsAction *a, int64_t member_id, int64_t lot_id, const char *kind,
             int64_t available, int64_t pending, int64_t corrects, gboolean lot_is_new,
             GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (a->store, &SQL_ENTRY, error);

  if (stmt == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":member", member_id);
  mpos_bind_optional_int64 (stmt, ":lot", lot_id);
  mpos_bind_text (stmt, ":kind", kind);
  mpos_bind_int64 (stmt, ":available", available);
  mpos_bind_int64 (stmt, ":pending", pending);
  mpos_bind_text (stmt, ":action", a->action_id);
  mpos_bind_optional_text (stmt, ":sale", a->sale_id);
  mpos_bind_optional_int64 (stmt, ":corrects", corrects);
  mpos_bind_optional_text (stmt, ":reason", a->reason);
  mpos_bind_optional_text (stmt, ":actor", a->actor);
  mpos_bind_optional_text (stmt, ":approved_by", a->approved_by);
  mpos_bind_int64 (stmt, ":now", a->now);
  return mpos_row_chain_insert (a->store, MPOS_CHAINED_POINTS_LEDGER, stmt,
                                "writing the points ledger", NULL, error)
         && update_caches (a, member_id, lot_is_new ? 0 : lot_id, available, pending, error);
}

static gboolean
add_owed (const MposPointsAction *a, int64_t member_id, int64_t delta, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (a->store, &SQL_OWED_ADD, error);

  if (stmt == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":delta", delta);
  mpos_bind_int64 (stmt, ":member", member_id);
  return mpos_store_step_done (a->store, stmt, "updating the points the member owes", error);
}

gboolean
mpos_points_repay (const MposPointsAction *a, int64_t member_id, int64_t lot_id, int64_t points,
                   GError **error)
{
  g_autoptr (MposStmt) stmt = NULL;
  int64_t owed = 0, n;

  if (points <= 0 || (stmt = mpos_store_stmt (a->store, &SQL_OWED, error)) == NULL)
    return points <= 0;
  mpos_bind_int64 (stmt, ":member", member_id);
  if (!mpos_store_step_returning (a->store, stmt, "reading the points the member owes", &owed,
                                  error))
    return FALSE;
  n = MIN (owed, points);
  if (n <= 0)
    return TRUE;
  /* The lot's points leave it for the debt; the balance stays as it is. */
  return write_entry (a, member_id, lot_id, "repay", -n, 0, 0, FALSE, error)
         && write_entry (a, member_id, 0, "repay", n, 0, 0, FALSE, error)
         && add_owed (a, member_id, -n, error);
}

/* Confirmed points arriving in a lot repay what the member owes first; a
 * restore decides itself (the lot may be past its expiry). */
static gboolean
arrived (const MposPointsAction *a, int64_t member_id, int64_t lot_id, const char *kind,
         int64_t available, GError **error)
{
  if (available <= 0 || lot_id == 0 || strcmp (kind, "repay") == 0 || strcmp (kind, "restore") == 0)
    return TRUE;
  return mpos_points_repay (a, member_id, lot_id, available, error);
}

gboolean
mpos_points_entry (const MposPointsAction *a, int64_t member_id, int64_t lot_id, const char *kind,
                   int64_t available, int64_t pending, int64_t corrects, GError **error)
{
  return write_entry (a, member_id, lot_id, kind, available, pending, corrects, FALSE, error)
         && arrived (a, member_id, lot_id, kind, available, error);
}

gboolean
mpos_points_add_lot (const MposPointsAction *a, int64_t member_id, const char *source,
                     const char *kind, int64_t points, int64_t confirm_at, int64_t expires_at,
                     const char *ref, int64_t *lot_id, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (a->store, &SQL_LOT_INSERT, error);
  gboolean pending = confirm_at > a->now;
  int64_t id;

  if (stmt == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":member", member_id);
  mpos_bind_text (stmt, ":source", source);
  mpos_bind_text (stmt, ":status", pending ? "pending" : "confirmed");
  mpos_bind_int64 (stmt, ":points", points);
  mpos_bind_int64 (stmt, ":now", a->now);
  mpos_bind_optional_int64 (stmt, ":confirm_at", pending ? confirm_at : 0);
  mpos_bind_optional_int64 (stmt, ":expires_at", expires_at);
  mpos_bind_optional_text (stmt, ":sale", g_strcmp0 (source, "sale") == 0 ? a->sale_id : NULL);
  mpos_bind_optional_text (stmt, ":ref", ref);
  if (!mpos_store_step_done (a->store, stmt, "writing a points lot", error))
    return FALSE;
  id = sqlite3_last_insert_rowid (mpos_store_db (a->store));
  if (lot_id)
    *lot_id = id;
  /* The lot was written with its points remaining. */
  return write_entry (a, member_id, id, kind, pending ? 0 : points, pending ? points : 0, 0, TRUE,
                      error)
         && arrived (a, member_id, id, kind, pending ? 0 : points, error);
}

gboolean
mpos_points_usable (MposStore *store, int64_t member_id, int64_t now, int64_t *out, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_USABLE_SUM, error);

  if (stmt == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":member", member_id);
  mpos_bind_int64 (stmt, ":now", now);
  return mpos_store_step_returning (store, stmt, "reading usable points", out, error);
}

gboolean
mpos_points_account (MposStore *store, int64_t member_id, int64_t *available, int64_t *pending,
                     gboolean *frozen, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_ACCOUNT, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":member", member_id);
  rc = mpos_store_step (stmt);
  if (rc == SQLITE_ROW)
    {
      if (available)
        *available = sqlite3_column_int64 (stmt, 0);
      if (pending)
        *pending = sqlite3_column_int64 (stmt, 1);
      if (frozen)
        *frozen = sqlite3_column_int (stmt, 2) != 0;
    }
  sqlite3_reset (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    return mpos_store_fail (store, rc, "reading the member's points", error);
  return mpos_points_fail (error, MPOS_POINTS_ERROR_NO_MEMBER, R_ ("no member %" PRId64),
                           member_id);
}

static gboolean
usable_lots (MposStore *store, int64_t member_id, int64_t now, GArray *lots, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_USABLE_LOTS, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":member", member_id);
  mpos_bind_int64 (stmt, ":now", now);
  while ((rc = mpos_store_step (stmt)) == SQLITE_ROW)
    {
      MposLotTake lot = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1),
                          sqlite3_column_int64 (stmt, 2) };
      g_array_append_val (lots, lot);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return mpos_store_fail (store, rc, "reading points lots", error);
  return TRUE;
}

/* Takes oldest usable lot first; every row says which entry it corrects.
 * taken NULL: all of `points` or nothing (INSUFFICIENT); else as many as
 * the lots hold, counted in *taken. */
static gboolean
take_lots (const MposPointsAction *a, int64_t member_id, int64_t points, const char *kind,
           int64_t corrects, GArray *takes, int64_t *taken, GError **error)
{
  g_autoptr (GArray) lots = g_array_new (FALSE, FALSE, sizeof (MposLotTake));
  int64_t have = 0, left = points;

  /* Read every lot first: the writes below change the rows being read. */
  if (!usable_lots (a->store, member_id, a->now, lots, error))
    return FALSE;
  for (guint i = 0; i < lots->len; i++)
    have += g_array_index (lots, MposLotTake, i).points;
  if (have < points && taken == NULL)
    return mpos_points_fail (error, MPOS_POINTS_ERROR_INSUFFICIENT,
                             R_ ("not enough points: %" PRId64 " needed, %" PRId64 " usable"),
                             points, have);
  for (guint i = 0; i < lots->len && left > 0; i++)
    {
      MposLotTake take = g_array_index (lots, MposLotTake, i);
      take.points = MIN (take.points, left);
      if (!mpos_points_entry (a, member_id, take.lot_id, kind, -take.points, 0, corrects, error))
        return FALSE;
      left -= take.points;
      if (takes)
        g_array_append_val (takes, take);
    }
  if (taken)
    *taken = points - left;
  return TRUE;
}

gboolean
mpos_points_take (const MposPointsAction *a, int64_t member_id, int64_t points, const char *kind,
                  GArray *takes, GError **error)
{
  return take_lots (a, member_id, points, kind, 0, takes, NULL, error);
}

typedef struct
{
  int64_t entry_id, lot_id, burnt, restored, expires_at;
} Burn;

static gboolean
sale_burns (MposStore *store, const char *sale_id, GArray *burns, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_SALE_BURNS, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":sale", sale_id);
  while ((rc = mpos_store_step (stmt)) == SQLITE_ROW)
    {
      Burn b = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1),
                 sqlite3_column_int64 (stmt, 2), sqlite3_column_int64 (stmt, 3),
                 sqlite3_column_int64 (stmt, 4) };
      g_array_append_val (burns, b);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return mpos_store_fail (store, rc, "reading the sale's points burn", error);
  return TRUE;
}

gboolean
mpos_points_restore_burn (const MposPointsAction *a, int64_t member_id, const char *sale_id,
                          int64_t points, GError **error)
{
  g_autoptr (GArray) burns = g_array_new (FALSE, FALSE, sizeof (Burn));
  int64_t left = points;

  if (points <= 0)
    return TRUE;
  if (!sale_burns (a->store, sale_id, burns, error))
    return FALSE;
  /* Newest burn rows first: the lots with the latest expiry come back first. */
  for (guint i = 0; i < burns->len && left > 0; i++)
    {
      const Burn *b = &g_array_index (burns, Burn, i);
      int64_t n = MIN (b->burnt - b->restored, left);

      if (n <= 0)
        continue;
      if (!mpos_points_entry (a, member_id, b->lot_id, "restore", n, 0, b->entry_id, error))
        return FALSE;
      if (b->expires_at != 0 && b->expires_at <= a->now
              ? !mpos_points_entry (a, member_id, b->lot_id, "expire", -n, 0, 0, error)
              : !mpos_points_repay (a, member_id, b->lot_id, n, error))
        return FALSE;
      left -= n;
    }
  if (left > 0)
    return mpos_points_fail (error, MPOS_POINTS_ERROR_INVALID,
                             R_ ("the action burnt %" PRId64 " points fewer than are given "
                                 "back"),
                             left);
  return TRUE;
}

static gboolean
read_lot (MposStore *store, MposSql *sql, const char *key, const char *sale_id, int64_t lot,
          MposEarnedLot *out, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  if (sale_id)
    mpos_bind_text (stmt, key, sale_id);
  else
    mpos_bind_int64 (stmt, key, lot);
  memset (out, 0, sizeof *out);
  rc = mpos_store_step (stmt);
  if (rc == SQLITE_ROW)
    {
      out->lot_id = sqlite3_column_int64 (stmt, 0);
      out->pending = strcmp ((const char *)sqlite3_column_text (stmt, 1), "pending") == 0;
      out->remaining = sqlite3_column_int64 (stmt, 2);
      out->earn_entry = sqlite3_column_int64 (stmt, 3);
      out->member_id = sqlite3_column_int64 (stmt, 4);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return mpos_store_fail (store, rc, "reading a points lot", error);
  return TRUE;
}

gboolean
mpos_points_earned_lot (MposStore *store, int64_t lot_id, MposEarnedLot *out, GError **error)
{
  return read_lot (store, &SQL_LOT_BY_ID, ":lot", NULL, lot_id, out, error);
}

static gboolean
set_status (const MposPointsAction *a, int64_t member_id, int64_t lot_id, const char *status,
            GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (a->store, &SQL_SET_STATUS, error);

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":status", status);
  mpos_bind_int64 (stmt, ":lot", lot_id);
  return mpos_store_step_done (a->store, stmt, "updating a points lot", error);
}

/* Points a take-back found already spent: refused, settled by the refund
 * (the return deducts their value) or owed by the member. */
static gboolean
take_spent (const MposPointsAction *a, const MposEarnedLot *lot, int64_t points, int64_t needed,
            int64_t had, MposPointsSpent *spent, GError **error)
{
  MposSpentPointsReturn policy = spent ? spent->policy : MPOS_SPENT_POINTS_REFUSE;

  if (policy == MPOS_SPENT_POINTS_REFUSE)
    return mpos_points_fail (
        error, MPOS_POINTS_ERROR_INSUFFICIENT,
        R_ ("the member has already spent %" PRId64
            " of the points this return takes back (not enough points: %" PRId64 " needed, %" PRId64
            " usable): such a "
            "return is refused until the member has them again, or a "
            "supervisor adds them first (mallposctl points adjust); a store "
            "may instead deduct their value from the refund or let the "
            "balance go negative (policy spent_points_return)"),
        needed, needed, had);
  spent->spent += points;
  if (policy == MPOS_SPENT_POINTS_NEGATIVE)
    return add_owed (a, lot->member_id, points, error)
           && write_entry (a, lot->member_id, 0, "reverse", -points, 0, lot->earn_entry, FALSE,
                           error);
  /* DEDUCT: owed for a moment, and paid for at once by the refund (sale-return.c). */
  return add_owed (a, lot->member_id, points, error)
         && write_entry (a, lot->member_id, 0, "reverse", -points, 0, lot->earn_entry, FALSE, error)
         && write_entry (a, lot->member_id, 0, "repay", points, 0, 0, FALSE, error)
         && add_owed (a, lot->member_id, -points, error);
}

gboolean
mpos_points_take_back (const MposPointsAction *a, const MposEarnedLot *lot, int64_t points,
                       MposPointsSpent *spent, GError **error)
{
  int64_t from_lot = MIN (lot->remaining, points);
  int64_t taken = 0;

  if (points <= 0)
    return TRUE;
  if (from_lot > 0
      && !mpos_points_entry (a, lot->member_id, lot->lot_id, "reverse",
                             lot->pending ? 0 : -from_lot, lot->pending ? -from_lot : 0,
                             lot->earn_entry, error))
    return FALSE;
  if (lot->pending && from_lot > 0 && from_lot == lot->remaining
      && (!set_status (a, lot->member_id, lot->lot_id, "rejected", error)
          || !mpos_points_entry (a, lot->member_id, lot->lot_id, "reject", 0, 0, 0, error)))
    return FALSE;
  if (from_lot == points)
    return TRUE;
  /* Some were spent already: the rest comes from the member's other lots. */
  if (!take_lots (a, lot->member_id, points - from_lot, "reverse", lot->earn_entry, NULL, &taken,
                  error))
    return FALSE;
  if (from_lot + taken == points)
    return TRUE;
  return take_spent (a, lot, points - from_lot - taken, points - from_lot, taken, spent, error);
}

gboolean
mpos_points_reverse_earn (const MposPointsAction *a, int64_t member_id, const char *sale_id,
                          int64_t points, MposPointsSpent *spent, GError **error)
{
  MposEarnedLot lot;

  if (points <= 0)
    return TRUE;
  if (!read_lot (a->store, &SQL_SALE_LOT, ":sale", sale_id, 0, &lot, error))
    return FALSE;
  if (lot.lot_id == 0 || lot.member_id != member_id)
    return mpos_points_fail (error, MPOS_POINTS_ERROR_INVALID, R_ ("the sale earned no points"));
  return mpos_points_take_back (a, &lot, points, spent, error);
}

gboolean
mpos_points_transaction (MposStore *store, MposPointsBody body, gpointer data, GError **error)
{
  gboolean own = sqlite3_get_autocommit (mpos_store_db (store)) != 0;

  if (own && !mpos_store_begin (store, error))
    return FALSE;
  if (!body (store, data, error))
    {
      if (own)
        mpos_store_rollback (store);
      return FALSE;
    }
  return !own || mpos_store_commit (store, error);
}

static cJSON *
ledger_row_json (sqlite3_stmt *stmt)
{
  cJSON *row = cJSON_CreateObject ();

  cJSON_AddNumberToObject (row, "id", (double)sqlite3_column_int64 (stmt, 0));
  cJSON_AddNumberToObject (row, "member_id", (double)sqlite3_column_int64 (stmt, 1));
  if (sqlite3_column_type (stmt, 2) != SQLITE_NULL)
    cJSON_AddNumberToObject (row, "lot", (double)sqlite3_column_int64 (stmt, 2));
  cJSON_AddStringToObject (row, "kind", (const char *)sqlite3_column_text (stmt, 3));
  cJSON_AddNumberToObject (row, "available", (double)sqlite3_column_int64 (stmt, 4));
  cJSON_AddNumberToObject (row, "pending", (double)sqlite3_column_int64 (stmt, 5));
  mpos_store_json_add_text (row, "sale_id", stmt, 6);
  if (sqlite3_column_type (stmt, 7) != SQLITE_NULL)
    cJSON_AddNumberToObject (row, "corrects", (double)sqlite3_column_int64 (stmt, 7));
  mpos_store_json_add_text (row, "source", stmt, 8);
  if (sqlite3_column_type (stmt, 9) != SQLITE_NULL)
    cJSON_AddNumberToObject (row, "expires_at", (double)sqlite3_column_int64 (stmt, 9));
  return row;
}

cJSON *
mpos_points_action_json (MposStore *store, const char *action_id, GError **error)
{
  return mpos_store_json_action_rows (store, &SQL_ACTION_ROWS, action_id, ledger_row_json,
                                      "reading the points ledger", error);
}

gboolean
mpos_points_record (const MposPointsAction *a, const char *kind, int64_t member_id,
                    const char *detail, cJSON *extra, GError **error)
{
  g_autoptr (cJSON) payload = extra ? extra : cJSON_CreateObject ();
  cJSON *rows = mpos_points_action_json (a->store, a->action_id, error);
  g_autofree char *journal_kind = g_strconcat ("points_", kind, NULL);

  if (rows == NULL)
    return FALSE;
  cJSON_AddStringToObject (payload, "kind", kind);
  cJSON_AddStringToObject (payload, "id", a->action_id);
  if (member_id)
    cJSON_AddNumberToObject (payload, "member_id", (double)member_id);
  if (a->reason)
    cJSON_AddStringToObject (payload, "reason", a->reason);
  if (a->approved_by)
    cJSON_AddStringToObject (payload, "approved_by", a->approved_by);
  cJSON_AddItemToObject (payload, "points", rows);
  return mpos_audit_record_approved (a->store, a->now, a->actor, a->approved_by, journal_kind,
                                     a->action_id, detail, error)
         && mpos_journal_append (a->store, journal_kind, a->action_id, payload, a->now, NULL,
                                 error);
}
