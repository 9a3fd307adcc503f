/* loyalty-receipt.c — the receipt's member block, read from the ledgers.
 * "After this sale" is the sum of the member's ledger rows up to the last row
 * the sale wrote (or, if it wrote none, up to its time): later movements do
 * not change what a reprint says. */
#include "loyalty-receipt.h"
#include "member.h"
#include "store-private.h"

/* earned: what the sale earned (a return: minus what it took back); used:
 * what it burnt (a return: minus what it gave back). */
static MposSql SQL_POINTS_OF_SALE = MPOS_SQL (
    "loyalty-receipt: points of sale",
    "SELECT coalesce (sum (CASE WHEN kind IN ('earn', 'reverse') THEN available + pending END), "
    "0), "
    "coalesce (-sum (CASE WHEN kind IN ('burn', 'restore') THEN available END), 0), "
    "coalesce (max (id), 0) FROM points_ledger WHERE action_id = :sale AND sale_id = :sale "
    "AND member_id = :member");
/* Available counts only lots still usable at the sale's time: a lot past its
 * expiry that the daily run has not swept yet is not usable (issue 12). */
static MposSql SQL_POINTS_AFTER = MPOS_SQL (
    "loyalty-receipt: points after",
    "SELECT count (*), coalesce (sum (CASE WHEN l.expires_at IS NULL OR l.expires_at > :at "
    "THEN e.available ELSE 0 END), 0), coalesce (sum (e.pending), 0) "
    "FROM points_ledger e LEFT JOIN points_lots l ON l.id = e.lot_id WHERE e.member_id = :member "
    "AND (e.id <= :last OR (:last = 0 AND e.created_at <= :at))");
/* When the points pending right after the sale are all usable. */
static MposSql SQL_PENDING_UNTIL = MPOS_SQL (
    "loyalty-receipt: pending until",
    "SELECT max (confirm_at) FROM points_lots WHERE member_id = :member AND earned_at <= :at "
    "AND confirm_at > :at");
/* A return's stored value includes what it paid out at once after a refunded
 * top-up (the payout names the return's receipt number, 0018). */
static MposSql SQL_STORED_VALUE_OF_SALE = MPOS_SQL (
    "loyalty-receipt: stored value of sale",
    "SELECT coalesce (max (m), 0) FROM (SELECT max (id) m FROM sv_ledger WHERE action_id = :sale "
    "AND sale_id = :sale AND member_id = :member UNION ALL SELECT max (id) FROM sv_ledger "
    "WHERE member_id = :member AND action_id IN (SELECT t.id FROM sv_top_ups t JOIN sales s "
    "ON t.reference = s.receipt_no WHERE s.id = :sale AND t.kind = 'refund'))");
static MposSql SQL_STORED_VALUE_AFTER
    = MPOS_SQL ("loyalty-receipt: stored value after",
                "SELECT count (*), coalesce (sum (principal + bonus), 0) FROM sv_ledger "
                "WHERE member_id = :member AND (id <= :last OR (:last = 0 AND created_at <= :at))");

static gboolean
step_row (MposStore *store, sqlite3_stmt *stmt, const char *what, GError **error)
{
  int rc = mpos_store_step (stmt);

  if (rc == SQLITE_ROW)
    return TRUE;
  sqlite3_reset (stmt);
  return mpos_store_fail (store, rc, what, error);
}

static gboolean
points_block (MposStore *store, const char *sale_id, int64_t member_id, int64_t created_at,
              MposReceiptLoyalty *out, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_POINTS_OF_SALE, error);
  int64_t last;

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":sale", sale_id);
  mpos_bind_int64 (stmt, ":member", member_id);
  if (!step_row (store, stmt, "reading the sale's points", error))
    return FALSE;
  out->points_earned = sqlite3_column_int64 (stmt, 0);
  out->points_used = sqlite3_column_int64 (stmt, 1);
  last = sqlite3_column_int64 (stmt, 2);
  sqlite3_reset (stmt);
  if ((stmt = mpos_store_stmt (store, &SQL_POINTS_AFTER, error)) == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":member", member_id);
  mpos_bind_int64 (stmt, ":last", last);
  mpos_bind_int64 (stmt, ":at", created_at);
  if (!step_row (store, stmt, "reading the points balance", error))
    return FALSE;
  out->has_points = sqlite3_column_int64 (stmt, 0) > 0;
  out->points_available = sqlite3_column_int64 (stmt, 1);
  out->points_pending = sqlite3_column_int64 (stmt, 2);
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
pending_date (MposStore *store, int64_t member_id, int64_t created_at, MposReceiptLoyalty *out,
              GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_PENDING_UNTIL, error);
  g_autofree char *local = NULL;

  if (stmt == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":member", member_id);
  mpos_bind_int64 (stmt, ":at", created_at);
  if (!step_row (store, stmt, "reading when pending points become usable", error))
    return FALSE;
  if (sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    local = mpos_store_local_time (store, sqlite3_column_int64 (stmt, 0));
  sqlite3_reset (stmt);
  /* "2026-12-14 10:00:00" → the day */
  if (local != NULL)
    g_strlcpy (out->pending_from, local, MIN (sizeof out->pending_from, (gsize)11));
  return TRUE;
}

static gboolean
stored_value_block (MposStore *store, const char *sale_id, int64_t member_id, int64_t created_at,
                    MposReceiptLoyalty *out, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_STORED_VALUE_OF_SALE, error);
  int64_t last = 0;

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":sale", sale_id);
  mpos_bind_int64 (stmt, ":member", member_id);
  if (!mpos_store_step_returning (store, stmt, "reading the sale's stored value", &last, error)
      || (stmt = mpos_store_stmt (store, &SQL_STORED_VALUE_AFTER, error)) == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":member", member_id);
  mpos_bind_int64 (stmt, ":last", last);
  mpos_bind_int64 (stmt, ":at", created_at);
  if (!step_row (store, stmt, "reading the stored-value balance", error))
    return FALSE;
  out->has_stored_value = sqlite3_column_int64 (stmt, 0) > 0;
  out->stored_value = sqlite3_column_int64 (stmt, 1);
  sqlite3_reset (stmt);
  return TRUE;
}

gboolean
mpos_loyalty_receipt_fill (MposStore *store, const char *sale_id, int64_t member_id,
                           int64_t created_at, MposReceipt *receipt, GError **error)
{
  MposReceiptLoyalty block = { 0 };
  gboolean began;
  gboolean ok;

  if (member_id == 0)
    return TRUE;
  began = mpos_store_read_begin (store);
  ok = points_block (store, sale_id, member_id, created_at, &block, error)
       && (block.points_pending == 0 || pending_date (store, member_id, created_at, &block, error))
       && stored_value_block (store, sale_id, member_id, created_at, &block, error);
  mpos_store_read_end (store, began);
  if (ok)
    receipt->loyalty = block;
  return ok;
}

char *
mpos_loyalty_receipt_member (MposStore *store, int64_t member_id)
{
  g_autoptr (MposMember) member = member_id ? mpos_member_get (store, member_id, NULL) : NULL;
  g_autofree char *card = NULL;

  if (member == NULL)
    return NULL;
  card = mpos_member_mask_card (member->card_no);
  return g_strdup_printf ("%s %s", card, member->level_name ? member->level_name : "");
}
