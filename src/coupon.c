/* coupon.c — coupons themselves: their codes, loading, whether one may be
 * used now, issuing (by hand, by campaign, with a top-up tier, for points),
 * voiding, and their JSON. Each action is one transaction with its ledger
 * rows, audit record and journal entry; every refusal comes before the
 * first write. */
#include "coupon-private.h"
#include "fail.h"
#include "coupon-view.h"
#include "store-json.h"
#include "audit.h"
#include "journal.h"
#include "json-fields.h"
#include "json-out.h"
#include "member.h"
#include "percent.h"
#include "points-private.h"
#include "row-chain.h"
#include "staff-permission.h"
#include "uuid.h"

#include <inttypes.h>
#include <string.h>
#include <sys/random.h>

#define CODE_LENGTH 16 /* 80 random bits in Crockford base32 */
#define SECONDS_PER_DAY 86400

static MposSql SQL_COUPON = MPOS_SQL (
    "coupon: coupon",
    "SELECT c.code, c.template_code, coalesce (c.member_id, 0), c.status, c.valid_from, "
    "c.valid_to, c.issued_at, c.source, c.source_ref, c.redeemed_sale_id, s.receipt_no, "
    "coalesce (c.redeemed_at, 0) FROM coupons c LEFT JOIN sales s ON s.id = c.redeemed_sale_id "
    "WHERE c.code = :code");
static MposSql SQL_CODE_TAKEN
    = MPOS_SQL ("coupon: code taken", "SELECT count(*) FROM coupons WHERE code = :code");
static MposSql SQL_ONCE
    = MPOS_SQL ("coupon: once",
                "SELECT count(*) FROM coupons WHERE member_id IS :member AND source_ref = :ref");
static MposSql SQL_HELD = MPOS_SQL (
    "coupon: held",
    "SELECT count(*) FROM coupons WHERE template_code = :template AND member_id = :member");
static MposSql SQL_INSERT = MPOS_SQL (
    "coupon: insert",
    "INSERT INTO coupons (code, template_code, member_id, status, valid_from, valid_to, issued_at, "
    "source, source_ref, issue_id) VALUES (:code, :template, :member, 'issued', :from, :to, :now, "
    ":source, :ref, :action)");
static MposSql SQL_EVENT = MPOS_SQL (
    "coupon: event",
    "INSERT INTO coupon_events (code, kind, action_id, sale_id, amount, points, actor, reason, "
    "created_at, forfeit) VALUES (:code, :kind, :action, :sale, :amount, :points, :actor, "
    ":reason, :now, :forfeit)");
static MposSql SQL_ACTION_ROWS = MPOS_SQL (
    "coupon: action rows",
    "SELECT e.code, e.kind, c.template_code, coalesce (c.member_id, 0), m.uid, e.amount, e.points, "
    "c.valid_from, c.valid_to, c.source, c.source_ref FROM coupon_events e "
    "JOIN coupons c ON c.code = e.code LEFT JOIN members m ON m.id = c.member_id "
    "WHERE e.action_id = :action ORDER BY e.id");
static MposSql SQL_MEMBER_EXISTS
    = MPOS_SQL ("coupon: member exists", "SELECT count(*) FROM members WHERE id = :member");
static MposSql SQL_VOID = MPOS_SQL (
    "coupon: void", "UPDATE coupons SET status = 'void', status_at = :now WHERE code = :code "
                    "AND status IN ('issued', 'expired')");
static MposSql SQL_TOP_UP_COUPONS = MPOS_SQL (
    "coupon: top up coupons",
    "SELECT code FROM coupons WHERE source = 'top_up' AND source_ref = :ref AND status = 'issued'");
static MposSql SQL_EVENTS
    = MPOS_SQL ("coupon: events",
                "SELECT e.kind, e.created_at, s.receipt_no, e.amount, e.points, e.actor, e.reason "
                "FROM coupon_events e LEFT JOIN sales s ON s.id = e.sale_id WHERE e.code = :code "
                "ORDER BY e.id");
static MposSql SQL_MEMBER_COUPONS
    = MPOS_SQL ("coupon: member coupons",
                "SELECT code FROM coupons WHERE member_id = :member ORDER BY issued_at DESC, code");

static const char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

void
mpos_coupon_free (MposCoupon *coupon)
{
  if (coupon == NULL)
    return;
  g_free (coupon->code);
  g_free (coupon->template_code);
  g_free (coupon->status);
  g_free (coupon->source);
  g_free (coupon->source_ref);
  g_free (coupon->redeemed_sale_id);
  g_free (coupon->redeemed_receipt_no);
  mpos_coupon_template_free (coupon->tmpl);
  g_free (coupon);
}

GDateTime *
mpos_coupon_local_time (MposStore *store, int64_t utc)
{
  g_autoptr (GDateTime) time = g_date_time_new_from_unix_utc (utc);

  if (mpos_store_get_identity (store, NULL) == NULL || store->time_zone == NULL)
    return g_date_time_ref (time);
  return g_date_time_to_timezone (time, store->time_zone);
}

/* ---- codes ---------------------------------------------------------------------- */

char *
mpos_coupon_normalize_code (const char *text, GError **error)
{
  g_autoptr (GString) code = g_string_new (NULL);

  for (const char *p = text ? text : ""; *p; p++)
    {
      char c = g_ascii_toupper (*p);
      if (c == ' ' || c == '-' || c == '\t')
        continue;
      if (c == 'O')
        c = '0';
      else if (c == 'I' || c == 'L')
        c = '1';
      if (strchr (crockford, c) == NULL || c == '\0' || code->len >= 32)
        {
          mpos_coupon_fail (error, MPOS_COUPON_ERROR_INVALID,
                            R_ ("“%s” is not a coupon code (letters and digits, at most 32)"),
                            g_utf8_validate (text, -1, NULL) ? text : "?");
          return NULL;
        }
      g_string_append_c (code, c);
    }
  if (code->len < 4)
    {
      mpos_coupon_fail (error, MPOS_COUPON_ERROR_INVALID,
                        R_ ("give a coupon code (at least 4 "
                            "characters)"));
      return NULL;
    }
  return g_string_free (g_steal_pointer (&code), FALSE);
}

static void
new_code (char out[CODE_LENGTH + 1])
{
  guint8 bytes[10];
  guint64 hi = 0, lo = 0;
  gsize done = 0;

  while (done < sizeof bytes)
    {
      ssize_t got = getrandom (bytes + done, sizeof bytes - done, 0);
      if (got <= 0)
        for (; done < sizeof bytes; done++)
          bytes[done] = (guint8)g_random_int_range (0, 256);
      else
        done += (gsize)got;
    }
  for (int i = 0; i < 5; i++)
    {
      hi = hi << 8 | bytes[i];
      lo = lo << 8 | bytes[i + 5];
    }
  for (int i = 0; i < 8; i++)
    {
      out[7 - i] = crockford[hi & 31];
      out[15 - i] = crockford[lo & 31];
      hi >>= 5;
      lo >>= 5;
    }
  out[CODE_LENGTH] = '\0';
}

/* ---- loading and checking ----------------------------------------------------------- */

static int64_t
count_where (MposStore *store, MposSql *sql, const char *text_name, const char *text,
             int64_t member_id, gboolean *ok, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, sql, error);
  int64_t count = 0;

  *ok = stmt != NULL;
  if (stmt == NULL)
    return 0;
  if (text_name)
    mpos_bind_text (stmt, text_name, text);
  if (sqlite3_bind_parameter_index (stmt, ":member") > 0)
    {
      if (member_id)
        mpos_bind_int64 (stmt, ":member", member_id);
      else
        mpos_bind_null (stmt, ":member");
    }
  *ok = mpos_store_step_returning (store, stmt, "reading coupons", &count, error);
  return count;
}

static gpointer
coupon_from_row (sqlite3_stmt *stmt)
{
  MposCoupon *c = g_new0 (MposCoupon, 1);

  c->code = mpos_column_text (stmt, 0);
  c->template_code = mpos_column_text (stmt, 1);
  c->member_id = sqlite3_column_int64 (stmt, 2);
  c->status = mpos_column_text (stmt, 3);
  c->valid_from = sqlite3_column_int64 (stmt, 4);
  c->valid_to = sqlite3_column_int64 (stmt, 5);
  c->issued_at = sqlite3_column_int64 (stmt, 6);
  c->source = mpos_column_text (stmt, 7);
  c->source_ref = mpos_column_text (stmt, 8);
  c->redeemed_sale_id = mpos_column_text (stmt, 9);
  c->redeemed_receipt_no = mpos_column_text (stmt, 10);
  c->redeemed_at = sqlite3_column_int64 (stmt, 11);
  return c;
}

MposCoupon *
mpos_coupon_load (MposStore *store, const char *code, GError **error)
{
  g_autofree char *normal = mpos_coupon_normalize_code (code, NULL);
  g_autoptr (MposStmt) stmt = NULL;
  g_autoptr (MposCoupon) coupon = NULL;

  if (normal == NULL)
    {
      mpos_coupon_fail (error, MPOS_COUPON_ERROR_NOT_FOUND, R_ ("no coupon “%s”: check the code"),
                        code && g_utf8_validate (code, -1, NULL) ? code : "?");
      return NULL;
    }
  stmt = mpos_store_stmt (store, &SQL_COUPON, error);
  if (stmt == NULL)
    return NULL;
  mpos_bind_text (stmt, ":code", normal);
  if (!mpos_store_read_row (store, stmt, coupon_from_row, (gpointer *) &coupon, "reading a coupon",
                            error))
    return NULL;
  if (coupon == NULL)
    {
      mpos_coupon_fail (error, MPOS_COUPON_ERROR_NOT_FOUND, R_ ("no coupon %s: check the code"),
                        normal);
      return NULL;
    }
  coupon->tmpl = mpos_coupon_template_load (store, coupon->template_code, error);
  if (coupon->tmpl == NULL)
    return NULL;
  return g_steal_pointer (&coupon);
}

const char *
mpos_coupon_status_at (const MposCoupon *coupon, int64_t now)
{
  if (g_strcmp0 (coupon->status, "issued") == 0 && now >= coupon->valid_to)
    return "expired";
  return coupon->status;
}

static gboolean
template_covers_store (const MposCouponTemplate *t, const char *store_code)
{
  if (t->stores->len == 0)
    return TRUE;
  for (guint i = 0; i < t->stores->len; i++)
    if (g_strcmp0 (g_ptr_array_index (t->stores, i), store_code) == 0)
      return TRUE;
  return FALSE;
}

static char *
stores_text (const MposCouponTemplate *t)
{
  g_autoptr (GString) out = g_string_new (NULL);

  for (guint i = 0; i < t->stores->len; i++)
    g_string_append_printf (out, "%s%s", i ? ", " : "", (char *)g_ptr_array_index (t->stores, i));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
check_status (MposStore *store, const MposCoupon *c, int64_t now, GError **error)
{
  g_autofree char *from = NULL, *until = NULL;

  if (strcmp (c->status, "redeemed") == 0)
    {
      g_autofree char *at = mpos_store_local_time (store, c->redeemed_at);
      return mpos_coupon_fail (error, MPOS_COUPON_ERROR_ALREADY_REDEEMED,
                               R_ ("coupon %s (%s) was already used on receipt %s at %s"), c->code,
                               c->tmpl->name, c->redeemed_receipt_no ? c->redeemed_receipt_no : "?",
                               at);
    }
  if (strcmp (c->status, "void") == 0)
    return mpos_coupon_fail (error, MPOS_COUPON_ERROR_VOID, R_ ("coupon %s (%s) was voided"),
                             c->code, c->tmpl->name);
  if (strcmp (c->status, "expired") == 0 || now >= c->valid_to)
    {
      until = mpos_store_local_time (store, c->valid_to - 1);
      return mpos_coupon_fail (error, MPOS_COUPON_ERROR_EXPIRED,
                               R_ ("coupon %s (%s) expired: it was valid until %s"), c->code,
                               c->tmpl->name, until);
    }
  if (now < c->valid_from)
    {
      from = mpos_store_local_time (store, c->valid_from);
      return mpos_coupon_fail (error, MPOS_COUPON_ERROR_NOT_YET_VALID,
                               R_ ("coupon %s (%s) is not valid yet: it can be used from %s"),
                               c->code, c->tmpl->name, from);
    }
  return TRUE;
}

gboolean
mpos_coupon_check_usable (MposStore *store, const MposCoupon *c, int64_t member_id, int64_t now,
                          GError **error)
{
  const MposStoreIdentity *identity = mpos_store_get_identity (store, error);

  if (identity == NULL || !check_status (store, c, now, error))
    return FALSE;
  if (!template_covers_store (c->tmpl, identity->store_code))
    {
      g_autofree char *stores = stores_text (c->tmpl);
      return mpos_coupon_fail (error, MPOS_COUPON_ERROR_WRONG_STORE,
                               R_ ("coupon %s (%s) is not valid in store %s, only in %s"), c->code,
                               c->tmpl->name, identity->store_code, stores);
    }
  if (c->member_id != 0 && member_id == 0)
    return mpos_coupon_fail (
        error, MPOS_COUPON_ERROR_WRONG_MEMBER,
        R_ ("coupon %s (%s) belongs to a member: scan their member card first"), c->code,
        c->tmpl->name);
  if (c->member_id != 0 && c->member_id != member_id)
    return mpos_coupon_fail (
        error, MPOS_COUPON_ERROR_WRONG_MEMBER,
        R_ ("coupon %s (%s) belongs to another member, not to this sale's member"), c->code,
        c->tmpl->name);
  return TRUE;
}

/* ---- the ledger and the journal ------------------------------------------------------ */

static gboolean
insert_event (MposStore *store, const char *code, const char *kind, const char *action_id,
              const char *sale_id, MposMoney amount, MposMoney forfeit, int64_t points,
              const char *actor, const char *reason, int64_t now, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_EVENT, error);

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":code", code);
  mpos_bind_text (stmt, ":kind", kind);
  mpos_bind_text (stmt, ":action", action_id);
  mpos_bind_optional_text (stmt, ":sale", sale_id);
  mpos_bind_int64 (stmt, ":amount", amount);
  mpos_bind_int64 (stmt, ":points", points);
  mpos_bind_optional_text (stmt, ":actor", actor);
  mpos_bind_optional_text (stmt, ":reason", reason);
  mpos_bind_int64 (stmt, ":now", now);
  mpos_bind_optional_int64 (stmt, ":forfeit", forfeit);
  return mpos_row_chain_insert (store, MPOS_CHAINED_COUPON_EVENTS, stmt,
                                "writing the coupon ledger", NULL, error);
}

gboolean
mpos_coupon_event (MposStore *store, const char *code, const char *kind, const char *action_id,
                   const char *sale_id, MposMoney amount, int64_t points, const char *actor,
                   const char *reason, int64_t now, GError **error)
{
  return insert_event (store, code, kind, action_id, sale_id, amount, 0, points, actor, reason, now,
                       error);
}

gboolean
mpos_coupon_redeem_event (MposStore *store, const char *code, const char *sale_id, MposMoney amount,
                          MposMoney forfeit, const char *actor, int64_t now, GError **error)
{
  return insert_event (store, code, "redeem", sale_id, sale_id, amount, forfeit, 0, actor, NULL,
                       now, error);
}

static void
add_time_text (MposStore *store, cJSON *json, const char *key, int64_t utc)
{
  g_autofree char *text = mpos_store_local_time (store, utc);

  cJSON_AddStringToObject (json, key, text);
}

static cJSON *
ledger_row_json (sqlite3_stmt *stmt)
{
  cJSON *row = cJSON_CreateObject ();

  cJSON_AddStringToObject (row, "code", (const char *)sqlite3_column_text (stmt, 0));
  cJSON_AddStringToObject (row, "kind", (const char *)sqlite3_column_text (stmt, 1));
  cJSON_AddStringToObject (row, "template", (const char *)sqlite3_column_text (stmt, 2));
  if (sqlite3_column_int64 (stmt, 3) != 0)
    {
      mpos_json_add_int (row, "member_id", sqlite3_column_int64 (stmt, 3));
      mpos_store_json_add_text (row, "member_uid", stmt, 4);
    }
  mpos_json_add_money (row, "amount", sqlite3_column_int64 (stmt, 5));
  if (sqlite3_column_int64 (stmt, 6) != 0)
    mpos_json_add_int (row, "points", sqlite3_column_int64 (stmt, 6));
  mpos_json_add_int (row, "valid_from", sqlite3_column_int64 (stmt, 7));
  mpos_json_add_int (row, "valid_to", sqlite3_column_int64 (stmt, 8));
  cJSON_AddStringToObject (row, "source", (const char *)sqlite3_column_text (stmt, 9));
  mpos_store_json_add_text (row, "source_ref", stmt, 10);
  return row;
}

cJSON *
mpos_coupon_action_json (MposStore *store, const char *action_id, GError **error)
{
  return mpos_store_json_action_rows (store, &SQL_ACTION_ROWS, action_id, ledger_row_json,
                                      "reading the coupon ledger", error);
}

gboolean
mpos_coupon_record (MposStore *store, const char *kind, const char *action_id, const char *actor,
                    const char *detail, cJSON *payload, int64_t now, GError **error)
{
  return mpos_coupon_record_approved (store, kind, action_id, actor, NULL, detail, payload, now,
                                      error);
}

gboolean
mpos_coupon_record_approved (MposStore *store, const char *kind, const char *action_id,
                             const char *actor, const char *approved_by, const char *detail,
                             cJSON *payload, int64_t now, GError **error)
{
  g_autoptr (cJSON) json = payload ? payload : cJSON_CreateObject ();
  cJSON *rows = mpos_coupon_action_json (store, action_id, error);
  g_autofree char *journal_kind = g_strconcat ("coupon_", kind, NULL);

  if (rows == NULL)
    return FALSE;
  cJSON_AddStringToObject (json, "id", action_id);
  cJSON_AddStringToObject (json, "kind", kind);
  if (actor)
    cJSON_AddStringToObject (json, "actor", actor);
  if (approved_by)
    cJSON_AddStringToObject (json, "approved_by", approved_by);
  cJSON_AddItemToObject (json, "coupons", rows);
  return mpos_audit_record_approved (store, now, actor, approved_by, journal_kind, action_id, detail,
                                     error)
         && mpos_journal_append (store, journal_kind, action_id, json, now, NULL, error);
}

/* ---- issuing --------------------------------------------------------------------- */

/* The start of the local day `days` after the local date of `from`. */
static int64_t
start_of_day_after (MposStore *store, int64_t from, int64_t days)
{
  g_autoptr (GDateTime) local = mpos_coupon_local_time (store, from);
  g_autoptr (GDateTime) midnight = g_date_time_new (
      g_date_time_get_timezone (local), g_date_time_get_year (local), g_date_time_get_month (local),
      g_date_time_get_day_of_month (local), 0, 0, 0);
  g_autoptr (GDateTime) later = midnight ? g_date_time_add_days (midnight, (int)days) : NULL;

  return later ? g_date_time_to_unix (later) : from + days * SECONDS_PER_DAY;
}

/* [from, to) of a coupon issued now: from issue (or the template's start)
 * through the end of the valid_days-th local day, within the template's end. */
static gboolean
validity (MposStore *store, const MposCouponTemplate *t, int64_t now, int64_t *from, int64_t *to,
          GError **error)
{
  g_autofree char *ended = NULL;

  *from = MAX (now, t->starts_at);
  *to = t->valid_days ? start_of_day_after (store, *from, t->valid_days) : t->ends_at;
  if (t->ends_at && t->ends_at < *to)
    *to = t->ends_at;
  if (*to > *from)
    return TRUE;
  ended = mpos_store_local_time (store, t->ends_at - 1);
  return mpos_coupon_fail (
      error, MPOS_COUPON_ERROR_EXPIRED,
      R_ ("coupon template %s (%s) ended at %s: no more coupons can be issued"), t->code, t->name,
      ended);
}

static gboolean
fresh_code (MposStore *store, char code[CODE_LENGTH + 1], GError **error)
{
  for (int attempt = 0; attempt < 8; attempt++)
    {
      gboolean ok = FALSE;
      new_code (code);
      if (count_where (store, &SQL_CODE_TAKEN, ":code", code, 0, &ok, error) == 0 && ok)
        return TRUE;
      if (!ok)
        return FALSE;
    }
  return mpos_coupon_fail (error, MPOS_COUPON_ERROR_INVALID, R_ ("no free coupon code was found"));
}

static gboolean
check_limit (MposStore *store, const MposCouponIssueRow *row, GError **error)
{
  const MposCouponTemplate *t = row->tmpl;
  gboolean ok = FALSE;
  int64_t held;

  if (t->per_member_limit == 0 || row->member_id == 0)
    return TRUE;
  held = count_where (store, &SQL_HELD, ":template", t->code, row->member_id, &ok, error);
  if (!ok)
    return FALSE;
  if (held >= t->per_member_limit)
    return mpos_coupon_fail (error, MPOS_COUPON_ERROR_LIMIT,
                             R_ ("member %" PRId64 " already has %" PRId64
                                 " coupon(s) of %s (%s): at most %" PRId64 " per member"),
                             row->member_id, held, t->code, t->name, t->per_member_limit);
  return TRUE;
}

gboolean
mpos_coupon_insert (MposStore *store, const MposCouponIssueRow *row, gboolean *exists,
                    char **code_out, GError **error)
{
  char code[CODE_LENGTH + 1];
  int64_t from = 0, to = 0;
  gboolean ok = FALSE;
  g_autoptr (MposStmt) stmt = NULL;

  if (exists)
    *exists = FALSE;
  if (row->source_ref
      && count_where (store, &SQL_ONCE, ":ref", row->source_ref, row->member_id, &ok, error) > 0)
    {
      if (exists)
        *exists = TRUE;
      return TRUE;
    }
  if ((row->source_ref && !ok) || !check_limit (store, row, error)
      || !validity (store, row->tmpl, row->now, &from, &to, error)
      || !fresh_code (store, code, error))
    return FALSE;
  stmt = mpos_store_stmt (store, &SQL_INSERT, error);
  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":code", code);
  mpos_bind_text (stmt, ":template", row->tmpl->code);
  if (row->member_id)
    mpos_bind_int64 (stmt, ":member", row->member_id);
  else
    mpos_bind_null (stmt, ":member");
  mpos_bind_int64 (stmt, ":from", from);
  mpos_bind_int64 (stmt, ":to", to);
  mpos_bind_int64 (stmt, ":now", row->now);
  mpos_bind_text (stmt, ":source", row->source);
  mpos_bind_optional_text (stmt, ":ref", row->source_ref);
  mpos_bind_text (stmt, ":action", row->action_id);
  if (!mpos_store_step_done (store, stmt, "issuing a coupon", error)
      || !mpos_coupon_event (store, code, "issue", row->action_id, NULL, 0, row->points, row->actor,
                             row->reason, row->now, error))
    return FALSE;
  if (code_out)
    *code_out = g_strdup (code);
  return TRUE;
}

static gboolean
check_member (MposStore *store, int64_t member_id, GError **error)
{
  gboolean ok = FALSE;

  if (count_where (store, &SQL_MEMBER_EXISTS, NULL, NULL, member_id, &ok, error) > 0)
    return TRUE;
  if (ok)
    mpos_fail (error, MPOS_MEMBER_ERROR, MPOS_MEMBER_ERROR_NOT_FOUND, R_ ("no member %" PRId64),
               member_id);
  return FALSE;
}

typedef struct
{
  MposStore *store;
  MposCouponIssueRow row;
  const char *approved_by;
  int64_t count;
  GPtrArray *codes;
} ManualIssue;

static gboolean
manual_body (MposStore *store, gpointer data, GError **error)
{
  ManualIssue *m = data;
  g_autofree char *detail = NULL;

  if (m->row.member_id && !check_member (m->store, m->row.member_id, error))
    return FALSE;
  for (int64_t i = 0; i < m->count; i++)
    {
      char *code = NULL;
      if (!mpos_coupon_insert (m->store, &m->row, NULL, &code, error))
        return FALSE;
      if (m->codes)
        g_ptr_array_add (m->codes, code);
      else
        g_free (code);
    }
  detail = g_strdup_printf ("%" G_GINT64_FORMAT " × %s to %s: %s", m->count, m->row.tmpl->code,
                            m->row.member_id ? "a member" : "bearer",
                            m->row.reason ? m->row.reason : "");
  return mpos_coupon_record_approved (m->store, "issue", m->row.action_id, m->row.actor,
                                      m->approved_by, detail, NULL, m->row.now, error);
}

/* The supervisor's approval of coupons made by hand: checked before the
 * write lock, as every approval is (a refusal is audited on its own). */
static gboolean
approve_issue (MposStore *store, const MposStaffCredential *approver, const char *template_code,
               MposStaff *staff, GError **error)
{
  g_autofree char *ref = g_strdup_printf ("coupon_template:%s", template_code);

  return mpos_staff_approve (store, approver, MPOS_ACTION_COUPON_ISSUE, ref, staff, error);
}

gboolean
mpos_coupon_issue (MposStore *store, const char *template_code, int64_t member_id, int64_t count,
                   const char *actor, const MposStaffCredential *approver, const char *reason,
                   int64_t now, GPtrArray *codes, GError **error)
{
  g_autoptr (MposCouponTemplate) t = mpos_coupon_template_load (store, template_code, error);
  g_auto (MposStaff) staff = { 0 };
  char id[MPOS_UUID_STRLEN + 1];
  ManualIssue m = { store, { t, member_id, "manual", NULL, mpos_uuid_v7 (id), actor, reason, 0, now },
                    NULL, count, codes };

  if (t == NULL)
    return FALSE;
  if (actor == NULL || *actor == '\0')
    return mpos_coupon_fail (error, MPOS_COUPON_ERROR_INVALID,
                             R_ ("a manual issue needs who issues it (--cashier)"));
  if (count < 1 || count > MPOS_COUPON_MAX_ISSUE)
    return mpos_coupon_fail (error, MPOS_COUPON_ERROR_INVALID,
                             R_ ("issue 1 to %d coupons at a time"), MPOS_COUPON_MAX_ISSUE);
  if (!approve_issue (store, approver, template_code, &staff, error))
    return FALSE;
  m.approved_by = staff.number;
  return mpos_store_transaction (store, manual_body, &m, error);
}

typedef struct
{
  MposStore *store;
  MposCouponIssueRow row;
  const char *approved_by;
  const int64_t *members;
  guint n;
  guint issued;
  GPtrArray *codes;
} Campaign;

static gboolean
campaign_body (MposStore *store, gpointer data, GError **error)
{
  Campaign *c = data;
  g_autofree char *detail = NULL;

  for (guint i = 0; i < c->n; i++)
    {
      g_autoptr (GError) local = NULL;
      gboolean exists = FALSE;
      char *code = NULL;

      c->row.member_id = c->members[i];
      if (!check_member (c->store, c->row.member_id, error))
        return FALSE;
      if (!mpos_coupon_insert (c->store, &c->row, &exists, &code, &local))
        {
          /* A member at the template's limit is passed over, not the campaign. */
          if (g_error_matches (local, MPOS_COUPON_ERROR, MPOS_COUPON_ERROR_LIMIT))
            continue;
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      if (exists)
        continue;
      c->issued++;
      if (c->codes)
        g_ptr_array_add (c->codes, code);
      else
        g_free (code);
    }
  if (c->issued == 0)
    return TRUE;
  detail = g_strdup_printf ("campaign %s: %u × %s", c->row.reason, c->issued, c->row.tmpl->code);
  return mpos_coupon_record_approved (c->store, "issue", c->row.action_id, c->row.actor,
                                      c->approved_by, detail, NULL, c->row.now, error);
}

gboolean
mpos_coupon_issue_campaign (MposStore *store, const char *template_code, const char *campaign,
                            const int64_t *member_ids, guint n, const char *actor,
                            const MposStaffCredential *approver, int64_t now, guint *issued,
                            GPtrArray *codes, GError **error)
{
  g_autoptr (MposCouponTemplate) t = mpos_coupon_template_load (store, template_code, error);
  g_auto (MposStaff) staff = { 0 };
  g_autofree char *ref = NULL;
  char id[MPOS_UUID_STRLEN + 1];
  Campaign c = { 0 };
  gboolean plain = campaign != NULL && *campaign != '\0' && strlen (campaign) <= 32;

  if (issued)
    *issued = 0;
  if (t == NULL)
    return FALSE;
  for (const char *p = campaign; plain && *p; p++)
    plain = g_ascii_isalnum (*p) || *p == '-' || *p == '_';
  if (!plain)
    return mpos_coupon_fail (error, MPOS_COUPON_ERROR_INVALID,
                             R_ ("a campaign needs a code of 1–32 letters, digits, “-” or “_”"));
  if (n == 0)
    return mpos_coupon_fail (error, MPOS_COUPON_ERROR_INVALID, R_ ("a campaign needs members"));
  if (!approve_issue (store, approver, template_code, &staff, error))
    return FALSE;
  c.approved_by = staff.number;
  ref = g_strdup_printf ("campaign:%s:%s#1", campaign, t->code);
  c.store = store;
  c.row = (MposCouponIssueRow){ t, 0, "campaign", ref, mpos_uuid_v7 (id), actor, campaign, 0, now };
  c.members = member_ids;
  c.n = n;
  c.codes = codes;
  if (!mpos_store_transaction (store, campaign_body, &c, error))
    return FALSE;
  if (issued)
    *issued = c.issued;
  return TRUE;
}

/* ---- points exchange ----------------------------------------------------------------- */

typedef struct
{
  MposStore *store;
  MposCouponIssueRow row;
  char *code;
} Exchange;

static gboolean
exchange_body (MposStore *store, gpointer data, GError **error)
{
  Exchange *x = data;
  const MposCouponTemplate *t = x->row.tmpl;
  MposPointsAction a
      = { x->store, x->row.now, x->row.action_id, NULL, x->row.actor, NULL, x->row.reason };
  g_autofree char *detail = NULL;
  gboolean frozen = FALSE;
  cJSON *payload, *points;

  if (!mpos_points_account (x->store, x->row.member_id, NULL, NULL, &frozen, error))
    return FALSE;
  if (frozen)
    return mpos_points_fail (error, MPOS_POINTS_ERROR_FROZEN,
                             R_ ("the member's points are frozen (fraud hold): they cannot be "
                                 "exchanged"));
  /* One transaction: a refusal after the debit (the template's end) undoes it. */
  if (!check_limit (x->store, &x->row, error)
      || !mpos_points_take (&a, x->row.member_id, t->points_price, "burn", NULL, error)
      || !mpos_coupon_insert (x->store, &x->row, NULL, &x->code, error))
    return FALSE;
  points = mpos_points_action_json (x->store, x->row.action_id, error);
  if (points == NULL)
    return FALSE;
  payload = cJSON_CreateObject ();
  mpos_json_add_int (payload, "member_id", x->row.member_id);
  cJSON_AddItemToObject (payload, "points", points);
  detail = g_strdup_printf ("%" G_GINT64_FORMAT " points for %s", t->points_price, t->code);
  return mpos_coupon_record (x->store, "exchange", x->row.action_id, x->row.actor, detail, payload,
                             x->row.now, error);
}

gboolean
mpos_coupon_exchange (MposStore *store, int64_t member_id, const char *template_code,
                      const char *actor, int64_t now, char **code_out, GError **error)
{
  g_autoptr (MposCouponTemplate) t = mpos_coupon_template_load (store, template_code, error);
  g_autofree char *reason = NULL;
  char id[MPOS_UUID_STRLEN + 1];
  Exchange x = { 0 };

  if (t == NULL)
    return FALSE;
  if (t->points_price <= 0)
    return mpos_coupon_fail (error, MPOS_COUPON_ERROR_INVALID,
                             R_ ("coupon template %s (%s) is not offered for points"), t->code,
                             t->name);
  reason = g_strdup_printf ("exchange for coupon %s", t->code);
  x.store = store;
  x.row = (MposCouponIssueRow){ t,     member_id, "exchange",      NULL, mpos_uuid_v7 (id),
                                actor, reason,    t->points_price, now };
  if (!mpos_store_transaction (store, exchange_body, &x, error))
    {
      g_free (x.code);
      return FALSE;
    }
  if (code_out)
    *code_out = x.code;
  else
    g_free (x.code);
  return TRUE;
}

/* ---- void ------------------------------------------------------------------------- */

gboolean
mpos_coupon_void_one (MposStore *store, const char *code, const char *action_id,
                      const char *actor, const char *reason, int64_t now, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_VOID, error);

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":code", code);
  mpos_bind_int64 (stmt, ":now", now);
  if (!mpos_store_step_done (store, stmt, "voiding a coupon", error))
    return FALSE;
  if (sqlite3_changes (mpos_store_db (store)) != 1)
    return mpos_coupon_fail (error, MPOS_COUPON_ERROR_ALREADY_REDEEMED,
                             R_ ("coupon %s changed while it was being voided"), code);
  return mpos_coupon_event (store, code, "void", action_id, NULL, 0, 0, actor, reason, now, error);
}

typedef struct
{
  MposStore *store;
  const char *code;
  const char *reason;
  const char *actor;
  int64_t now;
  int64_t *forfeit;
} Void;

static gboolean
void_body (MposStore *store, gpointer data, GError **error)
{
  Void *v = data;
  g_autoptr (MposCoupon) c = mpos_coupon_load (v->store, v->code, error);
  g_autofree char *why = NULL;
  char id[MPOS_UUID_STRLEN + 1];

  if (c == NULL)
    return FALSE;
  if (strcmp (c->status, "redeemed") == 0)
    return mpos_coupon_fail (error, MPOS_COUPON_ERROR_ALREADY_REDEEMED,
                             R_ ("coupon %s was used on receipt %s: return that sale instead of "
                                 "voiding the coupon"),
                             c->code, c->redeemed_receipt_no ? c->redeemed_receipt_no : "?");
  if (strcmp (c->status, "void") == 0)
    return mpos_coupon_fail (error, MPOS_COUPON_ERROR_VOID, R_ ("coupon %s is already void"),
                             c->code);
  if (!mpos_coupon_exchange_paid (v->store, c, NULL, v->forfeit, error))
    return FALSE;
  /* Bought with points: voiding forfeits them, and the record says so. */
  why = *v->forfeit > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT " points forfeit: %s", *v->forfeit,
                                           v->reason)
                        : g_strdup (v->reason);
  mpos_uuid_v7 (id);
  return mpos_coupon_void_one (v->store, c->code, id, v->actor, why, v->now, error)
         && mpos_coupon_record (v->store, "void", id, v->actor, why, NULL, v->now, error);
}

gboolean
mpos_coupon_void (MposStore *store, const char *code, const char *reason, const char *actor,
                  int64_t now, int64_t *forfeit, GError **error)
{
  int64_t none = 0;
  Void v = { store, code, reason, actor, now, forfeit ? forfeit : &none };

  if (reason == NULL || *reason == '\0')
    return mpos_coupon_fail (error, MPOS_COUPON_ERROR_INVALID,
                             R_ ("voiding a coupon needs a reason"));
  return mpos_store_transaction (store, void_body, &v, error);
}

/* ---- the top-up tier's coupon ---------------------------------------------------------- */

gboolean
mpos_coupon_issue_top_up (MposStore *store, const char *template_code, int64_t member_id,
                          const char *top_up_id, const char *actor, int64_t now, GError **error)
{
  g_autoptr (MposCouponTemplate) t = mpos_coupon_template_load (store, template_code, error);
  g_autofree char *ref = g_strdup_printf ("top_up:%s#1", top_up_id);
  g_autoptr (GError) local = NULL;
  char id[MPOS_UUID_STRLEN + 1];
  MposCouponIssueRow row = { t, member_id, "top_up", ref, mpos_uuid_v7 (id), actor, NULL, 0, now };
  gboolean exists = FALSE;

  if (t == NULL)
    {
      g_prefix_error (error, "the top-up tier's coupon: ");
      return FALSE;
    }
  if (!mpos_coupon_insert (store, &row, &exists, NULL, &local))
    {
      if (g_error_matches (local, MPOS_COUPON_ERROR, MPOS_COUPON_ERROR_LIMIT))
        return TRUE; /* the member holds as many as the template allows */
      g_propagate_prefixed_error (error, g_steal_pointer (&local), "the top-up tier's coupon: ");
      return FALSE;
    }
  return exists
         || mpos_coupon_record (store, "issue", id, actor, "top-up bonus coupon", NULL, now, error);
}

gboolean
mpos_coupon_void_top_up (MposStore *store, const char *top_up_id, const char *actor, int64_t now,
                         GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_TOP_UP_COUPONS, error);
  g_autofree char *ref = g_strdup_printf ("top_up:%s#1", top_up_id);
  g_autoptr (GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  char id[MPOS_UUID_STRLEN + 1];
  int rc;

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":ref", ref);
  while ((rc = mpos_store_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (codes, mpos_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return mpos_store_fail (store, rc, "reading the top-up's coupons", error);
  if (codes->len == 0)
    return TRUE;
  mpos_uuid_v7 (id);
  for (guint i = 0; i < codes->len; i++)
    if (!mpos_coupon_void_one (store, g_ptr_array_index (codes, i), id, actor, "top-up refunded",
                                 now, error))
      return FALSE;
  return mpos_coupon_record (store, "void", id, actor, "top-up refunded", NULL, now, error);
}

/* ---- JSON ---------------------------------------------------------------------------- */

static gpointer
event_row (sqlite3_stmt *stmt)
{
  MposCouponEvent *e = g_new0 (MposCouponEvent, 1);

  e->kind = mpos_column_text (stmt, 0);
  e->at = sqlite3_column_int64 (stmt, 1);
  e->receipt_no = mpos_column_text (stmt, 2);
  e->amount = sqlite3_column_int64 (stmt, 3);
  e->points = sqlite3_column_int64 (stmt, 4);
  e->actor = mpos_column_text (stmt, 5);
  e->reason = mpos_column_text (stmt, 6);
  return e;
}

static gboolean
read_events (MposStore *store, const char *code, GPtrArray *events, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_EVENTS, error);

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":code", code);
  return mpos_store_read_rows (store, stmt, event_row, events, "reading the coupon ledger", error);
}

MposCouponView *
mpos_coupon_view (MposStore *store, const char *code, int64_t now, GError **error)
{
  MposCoupon *coupon = mpos_coupon_load (store, code, error);
  g_autoptr (MposCouponView) view = NULL;

  if (coupon == NULL)
    return NULL;
  view = mpos_coupon_view_new (coupon, now);
  if (!read_events (store, coupon->code, view->events, error))
    return NULL;
  return g_steal_pointer (&view);
}

static const char *const coupon_type_names[] = { "amount", "percent", "gift" };

static void
add_value (cJSON *json, const MposCouponTemplate *t)
{
  g_autofree char *percent = NULL;

  cJSON_AddStringToObject (json, "type", coupon_type_names[t->type]);
  if (t->type == MPOS_COUPON_AMOUNT)
    mpos_json_add_money (json, "off", t->off);
  if (t->type == MPOS_COUPON_PERCENT)
    {
      percent = mpos_percent_format (t->percent_off_bp);
      cJSON_AddStringToObject (json, "percent_off", percent);
      if (t->cap)
        mpos_json_add_money (json, "cap", t->cap);
    }
  if (t->type == MPOS_COUPON_GIFT)
    {
      cJSON_AddStringToObject (json, "gift_sku", t->gift_sku);
      mpos_json_add_int (json, "gift_qty", t->gift_qty);
    }
  if (t->min_spend)
    mpos_json_add_money (json, "min_spend", t->min_spend);
}

cJSON *
mpos_coupon_to_json (MposStore *store, const MposCoupon *c, int64_t now)
{
  cJSON *json = cJSON_CreateObject ();

  cJSON_AddStringToObject (json, "code", c->code);
  cJSON_AddStringToObject (json, "template", c->template_code);
  cJSON_AddStringToObject (json, "name", c->tmpl->name);
  add_value (json, c->tmpl);
  if (c->member_id)
    mpos_json_add_int (json, "member_id", c->member_id);
  else
    cJSON_AddBoolToObject (json, "bearer", TRUE);
  cJSON_AddStringToObject (json, "status", mpos_coupon_status_at (c, now));
  add_time_text (store, json, "valid_from", c->valid_from);
  add_time_text (store, json, "valid_until", c->valid_to - 1);
  add_time_text (store, json, "issued_at", c->issued_at);
  cJSON_AddStringToObject (json, "source", c->source);
  if (c->redeemed_receipt_no)
    cJSON_AddStringToObject (json, "redeemed_receipt_no", c->redeemed_receipt_no);
  return json;
}

GPtrArray *
mpos_coupon_list (MposStore *store, int64_t member_id, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_MEMBER_COUPONS, error);
  g_autoptr (GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) coupons = g_ptr_array_new_with_free_func ((GDestroyNotify)mpos_coupon_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  mpos_bind_int64 (stmt, ":member", member_id);
  while ((rc = mpos_store_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (codes, mpos_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      mpos_store_fail (store, rc, "reading the member's coupons", error);
      return NULL;
    }
  for (guint i = 0; i < codes->len; i++)
    {
      MposCoupon *c = mpos_coupon_load (store, g_ptr_array_index (codes, i), error);
      if (c == NULL)
        return NULL;
      g_ptr_array_add (coupons, c);
    }
  return g_steal_pointer (&coupons);
}

guint
mpos_coupon_list_count_usable (const GPtrArray *coupons, int64_t now)
{
  guint usable = 0;

  for (guint i = 0; i < coupons->len; i++)
    if (g_strcmp0 (mpos_coupon_status_at (g_ptr_array_index (coupons, i), now), "issued") == 0
        && now >= ((const MposCoupon *)g_ptr_array_index (coupons, i))->valid_from)
      usable++;
  return usable;
}

cJSON *
mpos_coupon_list_to_json (MposStore *store, int64_t member_id, const GPtrArray *coupons,
                          int64_t now)
{
  cJSON *json = cJSON_CreateObject ();
  cJSON *list;

  mpos_json_add_int (json, "member_id", member_id);
  list = cJSON_AddArrayToObject (json, "coupons");
  for (guint i = 0; i < coupons->len; i++)
    cJSON_AddItemToArray (list, mpos_coupon_to_json (store, g_ptr_array_index (coupons, i), now));
  return json;
}
