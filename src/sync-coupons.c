/* sync-coupons.c — a member's coupons as the `members` stream carries them
 * (sync/PROTOCOL.md 5.5), applied in the page's transaction. A coupon
 * issued to the member at another store of the mall, of a template this
 * store holds (the `coupons` stream brings templates first), becomes
 * usable here under its own code, with an 'issue' row in the coupon ledger
 * (actor `centre`). One the member holds here as issued that the centre
 * says was redeemed, expired or voided elsewhere is set void here, with its
 * ledger row saying so: used once in the mall, refused everywhere after the
 * next pull. Nothing else moves: a coupon is never made usable again.
 * Each is a coupon action of its own (a new id), journaled like any other
 * (coupon_centre_issue, coupon_centre_void), so the ledger row has its
 * journal entry and the other stores hear of it. */
#include "sync-members.h"
#include "coupon-private.h"
#include "store-private.h"
#include "uuid.h"

#include <string.h>

static MposSql SQL_LOCAL = MPOS_SQL (
    "sync-coupons: local",
    "SELECT status, coalesce (member_id, 0) FROM coupons WHERE code = :code");
static MposSql SQL_ADD = MPOS_SQL (
    "sync-coupons: add",
    "INSERT INTO coupons (code, template_code, member_id, status, valid_from, valid_to, issued_at,"
    " source, issue_id) SELECT :code, :template, :member, 'issued', :from, :to, :now, 'manual',"
    " 'centre' WHERE EXISTS (SELECT 1 FROM coupon_templates WHERE code = :template)");

typedef struct
{
  gboolean found;
  char status[16];
  int64_t member_id;
} LocalCoupon;

static gboolean
read_local (MposStore *store, const char *code, LocalCoupon *out, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_LOCAL, error);
  int rc;

  *out = (LocalCoupon) { 0 };
  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":code", code);
  if ((rc = mpos_store_step (stmt)) == SQLITE_ROW)
    {
      out->found = TRUE;
      g_strlcpy (out->status, (const char *) sqlite3_column_text (stmt, 0), sizeof out->status);
      out->member_id = sqlite3_column_int64 (stmt, 1);
    }
  return rc == SQLITE_ROW || rc == SQLITE_DONE
         || mpos_store_fail (store, rc, "reading a coupon", error);
}

/* An issued coupon new here; *added FALSE when this store has no such template. */
static gboolean
add_coupon (MposStore *store, int64_t member_id, const MposSyncCoupon *c, const char *action_id,
            int64_t now, gboolean *added, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_ADD, error);

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":code", c->code);
  mpos_bind_text (stmt, ":template", c->template_code);
  mpos_bind_int64 (stmt, ":member", member_id);
  mpos_bind_int64 (stmt, ":from", c->valid_from);
  mpos_bind_int64 (stmt, ":to", c->valid_to);
  mpos_bind_int64 (stmt, ":now", now);
  if (!mpos_store_step_done (store, stmt, "keeping a coupon from the centre", error))
    return FALSE;
  *added = sqlite3_changes (mpos_store_db (store)) == 1;
  return !*added
         || (mpos_coupon_event (store, c->code, "issue", action_id, NULL, 0, 0, "centre",
                                "issued at another store of the mall", now, error)
             && mpos_coupon_record (store, "centre_issue", action_id, "centre",
                                    "a coupon issued at another store of the mall", NULL, now,
                                    error));
}

static gboolean
apply_coupon (MposStore *store, int64_t member_id, const MposSyncCoupon *c, int64_t now,
              MposSyncMemberCounts *counts, GError **error)
{
  g_autofree char *why = NULL;
  char action_id[MPOS_UUID_STRLEN + 1];
  LocalCoupon here;
  gboolean added = FALSE;

  if (!read_local (store, c->code, &here, error))
    return FALSE;
  if (!here.found)
    {
      if (strcmp (c->status, "issued") != 0)
        return TRUE; /* nothing to use here */
      if (!add_coupon (store, member_id, c, mpos_uuid_v7 (action_id), now, &added, error))
        return FALSE;
      counts->coupons_added += added;
      counts->coupons_unknown += !added;
      return TRUE;
    }
  /* Another member's code here, or nothing to take back. */
  if (here.member_id != member_id || strcmp (here.status, "issued") != 0
      || strcmp (c->status, "issued") == 0)
    return TRUE;
  why = g_strdup_printf ("%s at another store of the mall",
                         strcmp (c->status, "redeemed") == 0  ? "used"
                         : strcmp (c->status, "expired") == 0 ? "expired"
                                                              : "voided");
  counts->coupons_voided++;
  mpos_uuid_v7 (action_id);
  return mpos_coupon_void_one (store, c->code, action_id, "centre", why, now, error)
         && mpos_coupon_record (store, "centre_void", action_id, "centre", why, NULL, now, error);
}

gboolean
mpos_sync_apply_member_coupons (MposStore *store, int64_t member_id, const MposSyncMember *m,
                                int64_t now, MposSyncMemberCounts *counts, GError **error)
{
  for (guint i = 0; i < m->n_coupons; i++)
    if (!apply_coupon (store, member_id, &m->coupons[i], now, counts, error))
      return g_prefix_error (error, "coupon %s: ", m->coupons[i].code), FALSE;
  return TRUE;
}
