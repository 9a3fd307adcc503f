/* hotlist.c — the hotlist kept at the terminal and checked at the counter
 * (see hotlist.h). A lifted entry is deleted; blocking what is blocked
 * already only rewrites the same row, so replaying a page changes nothing. */
#include "hotlist.h"
#include "mask.h"
#include "member.h"
#include "store-private.h"
#include "sync-state.h"

static const char *const kind_names[] = { "card", "member" };

static MposSql SQL_BLOCK = MPOS_SQL (
    "hotlist: block",
    "INSERT INTO hotlist (kind, value, reason, blocked_at) VALUES (:kind, :value, :reason, :now)"
    " ON CONFLICT (kind, value) DO UPDATE SET reason = excluded.reason");
static MposSql SQL_LIFT = MPOS_SQL (
    "hotlist: lift", "DELETE FROM hotlist WHERE kind = :kind AND value = :value");
static MposSql SQL_REASON = MPOS_SQL (
    "hotlist: reason",
    "SELECT kind, reason FROM hotlist WHERE (kind = 'card' AND value = :card)"
    " OR (kind = 'member' AND value = :uid) ORDER BY kind LIMIT 1");

typedef struct
{
  const MposHotlistItem *items;
  guint n;
  int64_t cursor, now;
} HotlistPage;

static gboolean
apply_item (MposStore *store, const MposHotlistItem *item, int64_t now, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, item->blocked ? &SQL_BLOCK : &SQL_LIFT, error);

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":kind", kind_names[item->kind]);
  mpos_bind_text (stmt, ":value", item->value);
  if (item->blocked)
    {
      mpos_bind_text (stmt, ":reason", item->reason);
      mpos_bind_int64 (stmt, ":now", now);
    }
  return mpos_store_step_done (store, stmt, "keeping the hotlist", error);
}

static gboolean
write_hotlist_page (MposStore *store, gpointer data, GError **error)
{
  HotlistPage *page = data;

  for (guint i = 0; i < page->n; i++)
    if (!apply_item (store, &page->items[i], page->now, error))
      return FALSE;
  return mpos_sync_cursor_save (store, "hotlist", page->cursor, error);
}

gboolean
mpos_hotlist_apply (MposStore *store, const MposHotlistItem *items, guint n, int64_t cursor,
                    int64_t now, GError **error)
{
  HotlistPage page = { items, n, cursor, now };

  return mpos_store_transaction (store, write_hotlist_page, &page, error);
}

gboolean
mpos_hotlist_check (MposStore *store, const char *card_no, const char *uid, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_REASON, error);
  g_autofree char *kind = NULL, *reason = NULL, *masked = NULL;
  int rc;

  if (stmt == NULL)
    return FALSE;
  mpos_bind_optional_text (stmt, ":card", card_no);
  mpos_bind_optional_text (stmt, ":uid", uid);
  if ((rc = mpos_store_step (stmt)) == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    return mpos_store_fail (store, rc, "reading the hotlist", error);
  kind = mpos_column_text (stmt, 0);
  reason = mpos_column_text (stmt, 1);
  if (g_strcmp0 (kind, "card") == 0)
    {
      masked = mpos_mask_card (card_no);
      g_set_error (error, MPOS_MEMBER_ERROR, MPOS_MEMBER_ERROR_BLOCKED,
                   "card %s is blocked by the mall (%s): keep the card, do not sell to it, and "
                   "send the member to the service desk",
                   masked, reason);
    }
  else
    g_set_error (error, MPOS_MEMBER_ERROR, MPOS_MEMBER_ERROR_BLOCKED,
                 "this member's account is blocked by the mall (%s): sell without the member, "
                 "and send them to the service desk",
                 reason);
  return FALSE;
}
