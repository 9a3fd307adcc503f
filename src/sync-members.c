/* sync-members.c — applying a page of the members stream (see
 * sync-members.h). Merging is conservative, so a page older than what this
 * terminal did itself (not yet pushed) never undoes it: a member new here is
 * added whole; for one already here only what can only move forward is taken
 * — a card not known here yet, a card leaving "active" (lost, replaced) —
 * and the centre balance. A phone or card number another member holds here
 * is left out and counted (the cashier still finds the member by the rest). */
#include "sync-members.h"
#include "member-private.h"
#include "member-qr.h"
#include "store-private.h"
#include "sync-private.h"
#include "sync-state.h"

#include <string.h>

static MposSql SQL_MEMBER_BY_UID
    = MPOS_SQL ("sync-members: member by uid", "SELECT id FROM members WHERE uid = :value");
static MposSql SQL_PHONE_OWNER
    = MPOS_SQL ("sync-members: phone owner", "SELECT id FROM members WHERE phone = :value");
static MposSql SQL_CARD_OWNER = MPOS_SQL (
    "sync-members: card owner", "SELECT member_id FROM member_cards WHERE card_no = :value");
/* The member's level when this store knows it, else the store's lowest. */
static MposSql SQL_LEVEL = MPOS_SQL ("sync-members: level",
                                     "SELECT code FROM member_levels"
                                     " ORDER BY code = :code DESC, rank, code LIMIT 1");
static MposSql SQL_INSERT_MEMBER = MPOS_SQL (
    "sync-members: insert member",
    "INSERT INTO members (uid, phone, name, birthday, gender, level_code, level_since, created_at)"
    " VALUES (:uid, :phone, :name, :birthday, :gender, :level, :now, :created_at)");
static MposSql SQL_CARD_LEAVES_ACTIVE
    = MPOS_SQL ("sync-members: card leaves active",
                "UPDATE member_cards SET status = :status, replaced_by = :replaced_by,"
                " status_at = :now WHERE card_no = :card AND member_id = :member"
                " AND status = 'active'");
static MposSql SQL_SAVE_CENTRE_BALANCE = MPOS_SQL (
    "sync-members: save centre balance",
    "INSERT INTO member_centre_balances (member_id, points, stored_value, pulled_at)"
    " VALUES (:member, :points, :stored_value, :now) ON CONFLICT (member_id) DO UPDATE SET"
    " points = excluded.points, stored_value = excluded.stored_value,"
    " pulled_at = excluded.pulled_at");
/* The centre's figure, less the points of lots past their expiry by this
 * terminal's clock; and the next expiry still ahead, with its points. */
static MposSql SQL_CENTRE_BALANCE = MPOS_SQL (
    "sync-members: centre balance",
    "SELECT b.points, b.stored_value, b.pulled_at,"
    " (SELECT coalesce (sum (points), 0) FROM member_centre_lots"
    "  WHERE member_id = b.member_id AND expires_at <= :now),"
    " (SELECT min (expires_at) FROM member_centre_lots"
    "  WHERE member_id = b.member_id AND expires_at > :now)"
    " FROM member_centre_balances b WHERE b.member_id = :member");
static MposSql SQL_EXPIRING = MPOS_SQL (
    "sync-members: expiring",
    "SELECT coalesce (sum (points), 0) FROM member_centre_lots"
    " WHERE member_id = :member AND expires_at = :at");
static MposSql SQL_FORGET_LOTS = MPOS_SQL (
    "sync-members: forget lots", "DELETE FROM member_centre_lots WHERE member_id = :member");
static MposSql SQL_SAVE_LOT = MPOS_SQL (
    "sync-members: save lot",
    "INSERT INTO member_centre_lots (member_id, seq, points, expires_at)"
    " VALUES (:member, :seq, :points, :expires_at)");

gboolean
mpos_sync_find_id (MposStore *store, MposSql *sql, const char *value, int64_t *id, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":value", value);
  rc = mpos_store_step (stmt);
  *id = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  return rc == SQLITE_ROW || rc == SQLITE_DONE
         || mpos_store_fail (store, rc, "reading what a pull changes", error);
}

static char *
level_for (MposStore *store, const char *code, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_LEVEL, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  mpos_bind_optional_text (stmt, ":code", code);
  if ((rc = mpos_store_step (stmt)) == SQLITE_ROW)
    return mpos_column_text (stmt, 0);
  if (rc == SQLITE_DONE)
    g_set_error (error, MPOS_SYNC_ERROR, MPOS_SYNC_ERROR_INVALID,
                 "this store has no member levels yet, so members from the centre cannot be "
                 "kept; import the levels (mallposctl member levels) and sync again");
  else
    mpos_store_fail (store, rc, "reading member levels", error);
  return NULL;
}

static gboolean
insert_member (MposStore *store, const MposSyncMember *m, int64_t now, int64_t *member_id,
               MposSyncMemberCounts *counts, GError **error)
{
  g_autoptr (MposStmt) stmt = NULL;
  g_autofree char *level = level_for (store, m->level, error);
  int64_t phone_owner = 0;

  if (level == NULL || (m->phone && !mpos_sync_find_id (store, &SQL_PHONE_OWNER, m->phone, &phone_owner, error))
      || (stmt = mpos_store_stmt (store, &SQL_INSERT_MEMBER, error)) == NULL)
    return FALSE;
  counts->conflicts += phone_owner != 0;
  mpos_bind_text (stmt, ":uid", m->uid);
  mpos_bind_optional_text (stmt, ":phone", phone_owner ? NULL : m->phone);
  mpos_bind_text (stmt, ":name", m->name);
  mpos_bind_optional_text (stmt, ":birthday", m->birthday);
  mpos_bind_optional_text (stmt, ":gender", m->gender);
  mpos_bind_text (stmt, ":level", level);
  mpos_bind_int64 (stmt, ":now", now);
  mpos_bind_int64 (stmt, ":created_at", m->created_at);
  if (!mpos_store_step_done (store, stmt, "keeping a member from the centre", error))
    return FALSE;
  *member_id = sqlite3_last_insert_rowid (mpos_store_db (store));
  counts->added++;
  /* Without the home store's secret the member keeps the random one the
   * insert gave: found by card and phone, but not by the codes the app shows. */
  return m->qr_secret == NULL || mpos_member_qr_secret_import (store, *member_id, m->qr_secret, error);
}

static gboolean
card_leaves_active (MposStore *store, int64_t member_id, const MposSyncMemberCard *card,
                    int64_t now, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_CARD_LEAVES_ACTIVE, error);
  int64_t successor_owner = 0;
  gboolean replaced = strcmp (card->status, "replaced") == 0;

  if (stmt == NULL
      || (replaced && !mpos_sync_find_id (store, &SQL_CARD_OWNER, card->replaced_by, &successor_owner, error)))
    return FALSE;
  /* A successor this terminal could not take (another member holds the
   * number) leaves the card simply lost here. */
  replaced = replaced && successor_owner == member_id;
  mpos_bind_text (stmt, ":status", replaced ? "replaced" : "lost");
  mpos_bind_optional_text (stmt, ":replaced_by", replaced ? card->replaced_by : NULL);
  mpos_bind_int64 (stmt, ":now", now);
  mpos_bind_text (stmt, ":card", card->card_no);
  mpos_bind_int64 (stmt, ":member", member_id);
  return mpos_store_step_done (store, stmt, "marking a card lost or replaced", error);
}

/* New cards first (a replaced card names its successor), then status. */
static gboolean
merge_cards (MposStore *store, int64_t member_id, const MposSyncMember *m, int64_t now,
             MposSyncMemberCounts *counts, GError **error)
{
  for (guint i = 0; i < m->n_cards; i++)
    {
      int64_t owner = 0;
      if (!mpos_sync_find_id (store, &SQL_CARD_OWNER, m->cards[i].card_no, &owner, error))
        return FALSE;
      counts->conflicts += owner != 0 && owner != member_id;
      if (owner == 0
          && !mpos_member_insert_card (store, m->cards[i].card_no, member_id,
                                       m->cards[i].physical, now, error))
        return FALSE;
    }
  for (guint i = 0; i < m->n_cards; i++)
    if (strcmp (m->cards[i].status, "active") != 0
        && !card_leaves_active (store, member_id, &m->cards[i], now, error))
      return FALSE;
  return TRUE;
}

static gboolean
save_centre_balance (MposStore *store, int64_t member_id, const MposSyncMember *m, int64_t now,
                     GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_SAVE_CENTRE_BALANCE, error);

  if (stmt == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":member", member_id);
  mpos_bind_int64 (stmt, ":points", m->points);
  mpos_bind_int64 (stmt, ":stored_value", m->stored_value);
  mpos_bind_int64 (stmt, ":now", now);
  return mpos_store_step_done (store, stmt, "keeping a member's centre balance", error);
}

/* The member's lots at the other stores become the ones the centre sent
 * (every item sets a value: a page applied twice changes nothing). */
static gboolean
save_centre_lots (MposStore *store, int64_t member_id, const MposSyncMember *m, GError **error)
{
  g_autoptr (MposStmt) forget = mpos_store_stmt (store, &SQL_FORGET_LOTS, error);

  if (forget == NULL)
    return FALSE;
  mpos_bind_int64 (forget, ":member", member_id);
  if (!mpos_store_step_done (store, forget, "replacing a member's centre lots", error))
    return FALSE;
  for (guint i = 0; i < m->n_lots; i++)
    {
      g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_SAVE_LOT, error);
      if (stmt == NULL)
        return FALSE;
      mpos_bind_int64 (stmt, ":member", member_id);
      mpos_bind_int64 (stmt, ":seq", i + 1);
      mpos_bind_int64 (stmt, ":points", m->lots[i].points);
      mpos_bind_optional_int64 (stmt, ":expires_at", m->lots[i].expires_at);
      if (!mpos_store_step_done (store, stmt, "keeping a member's centre lot", error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
apply_member (MposStore *store, const MposSyncMember *m, int64_t now,
              MposSyncMemberCounts *counts, GError **error)
{
  int64_t member_id = 0;

  if (!mpos_sync_find_id (store, &SQL_MEMBER_BY_UID, m->uid, &member_id, error))
    return FALSE;
  if (member_id)
    counts->updated++;
  else if (!insert_member (store, m, now, &member_id, counts, error))
    return FALSE;
  return merge_cards (store, member_id, m, now, counts, error)
         && save_centre_balance (store, member_id, m, now, error)
         && (!m->has_lots || save_centre_lots (store, member_id, m, error))
         && mpos_sync_apply_member_coupons (store, member_id, m, now, counts, error);
}

typedef struct
{
  const MposSyncMember *items;
  guint n;
  int64_t cursor, now;
  MposSyncMemberCounts counts;
} MemberPage;

static gboolean
write_member_page (MposStore *store, gpointer data, GError **error)
{
  MemberPage *page = data;

  page->counts = (MposSyncMemberCounts) { 0 };
  for (guint i = 0; i < page->n; i++)
    if (!apply_member (store, &page->items[i], page->now, &page->counts, error))
      {
        g_prefix_error (error, "member %s from the centre: ", page->items[i].uid);
        return FALSE;
      }
  return mpos_sync_cursor_save (store, "members", page->cursor, error);
}

gboolean
mpos_sync_apply_members (MposStore *store, const MposSyncMember *items, guint n, int64_t cursor,
                         int64_t now, MposSyncMemberCounts *counts, GError **error)
{
  MemberPage page = { .items = items, .n = n, .cursor = cursor, .now = now };
  gboolean ok = mpos_store_transaction (store, write_member_page, &page, error);

  if (ok && counts)
    *counts = page.counts;
  return ok;
}

static gboolean
points_expiring (MposStore *store, int64_t member_id, MposCentreBalance *out, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_EXPIRING, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":member", member_id);
  mpos_bind_int64 (stmt, ":at", out->next_expiry);
  if ((rc = mpos_store_step (stmt)) == SQLITE_ROW)
    out->points_expiring = sqlite3_column_int64 (stmt, 0);
  return rc == SQLITE_ROW || mpos_store_fail (store, rc, "reading a centre balance", error);
}

gboolean
mpos_sync_centre_balance (MposStore *store, int64_t member_id, int64_t now,
                          MposCentreBalance *out, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_CENTRE_BALANCE, error);
  int rc;

  *out = (MposCentreBalance) { 0 };
  if (stmt == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":member", member_id);
  mpos_bind_int64 (stmt, ":now", now);
  if ((rc = mpos_store_step (stmt)) == SQLITE_ROW)
    {
      out->points_expired = sqlite3_column_int64 (stmt, 3);
      out->points = sqlite3_column_int64 (stmt, 0) - out->points_expired;
      out->stored_value = sqlite3_column_int64 (stmt, 1);
      out->pulled_at = sqlite3_column_int64 (stmt, 2);
      out->next_expiry = sqlite3_column_int64 (stmt, 4);
    }
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return mpos_store_fail (store, rc, "reading a centre balance", error);
  return out->next_expiry == 0 || points_expiring (store, member_id, out, error);
}
