/* central-members.c — members at the centre, keyed by their global id (uid):
 * the profiles terminals send beside a push (PROTOCOL.md section 5.2,
 * "members"), which terminal-local ledger account is whose, and the pull
 * stream `members` (section 5.5) that carries each member with the balance
 * the *other* terminals hold for them. A terminal's own ledger rows are
 * already in its own store, so the centre leaves them out of what it sends
 * that terminal: local ledger + centre balance never counts a row twice,
 * pushed or not. */
#include "central.h"
#include "json-fields.h"
#include "money.h"
#include "uuid.h"

#include <string.h>

/* Held from the first change number a push takes to its commit, so member
 * change numbers commit in order and no pull cursor passes one not yet
 * committed. */
#define MEMBER_CHANGE_LOCK "7301"

typedef struct
{
  GString *uids, *accounts, *profiles; /* all profiles sent */
  GString *fresh_uids, *fresh_profiles; /* of member entries applied now */
  guint n, n_fresh;
} ProfileArrays;

static gboolean
read_profile (const CentralTerminal *terminal, const cJSON *profile, GHashTable *fresh,
              ProfileArrays *a, GError **error)
{
  const char *uid = NULL, *name = NULL;
  int64_t local_id = 0;
  g_autofree char *account = NULL, *text = NULL;

  if (!cJSON_IsObject (profile) || !mpos_json_get_string (profile, "uid", TRUE, 36, &uid, error)
      || !mpos_json_get_int (profile, "local_id", TRUE, 1, G_MAXINT64, &local_id, error)
      || !mpos_json_get_string (profile, "name", TRUE, 200, &name, error))
    return FALSE;
  if (!mpos_uuid_valid (uid) || !cJSON_IsArray (cJSON_GetObjectItemCaseSensitive (profile, "cards")))
    {
      g_set_error (error, MPOS_JSON_ERROR, MPOS_JSON_ERROR_VALUE,
                   "a member needs a UUID “uid” and a list of “cards”");
      return FALSE;
    }
  account = g_strdup_printf ("%s#member:%" G_GINT64_FORMAT, terminal->name, local_id);
  text = central_json_print (profile);
  central_db_array_add (a->uids, uid);
  central_db_array_add (a->accounts, account);
  central_db_array_add (a->profiles, text);
  a->n++;
  if (g_hash_table_contains (fresh, uid))
    {
      central_db_array_add (a->fresh_uids, uid);
      central_db_array_add (a->fresh_profiles, text);
      a->n_fresh++;
    }
  return TRUE;
}

static gboolean
run (PGconn *db, const char *sql, int n, const char *const *params, GError **error)
{
  PGresult *r = central_db_exec (db, PGRES_COMMAND_OK, sql, n, params, error);

  PQclear (r);
  return r != NULL;
}

static gboolean
store_profiles (PGconn *db, const CentralTerminal *terminal, ProfileArrays *a, GError **error)
{
  const char *accounts[] = { terminal->id, central_db_array_end (a->accounts),
                             central_db_array_end (a->uids), central_db_array_end (a->profiles) };
  const char *profiles[] = { terminal->id, accounts[2], accounts[3] };
  const char *fresh[] = { central_db_array_end (a->fresh_uids),
                          central_db_array_end (a->fresh_profiles), terminal->id };

  return run (db,
              "INSERT INTO member_accounts (account, terminal, uid)"
              " SELECT u.account, $1, u.uid FROM unnest ($2::text[], $3::text[]) AS u (account, uid)"
              " ON CONFLICT (account) DO NOTHING",
              3, accounts, error)
         && run (db,
                 "INSERT INTO members (uid, home, profile, change)"
                 " SELECT u.uid, $1, u.profile::jsonb, nextval ('member_change')"
                 " FROM unnest ($2::text[], $3::text[]) AS u (uid, profile)"
                 " ON CONFLICT (uid) DO NOTHING",
                 3, profiles, error)
         && (a->n_fresh == 0
             || run (db,
                     "UPDATE members m SET profile = u.profile::jsonb,"
                     " change = nextval ('member_change')"
                     " FROM unnest ($1::text[], $2::text[]) AS u (uid, profile) WHERE m.uid = u.uid"
                     " AND (SELECT training FROM terminals WHERE id = m.home)"
                     " = (SELECT training FROM terminals WHERE id = $3)",
                     3, fresh, error));
}

gboolean
central_members_lock_changes (PGconn *db, GError **error)
{
  PGresult *r = central_db_exec (db, PGRES_TUPLES_OK,
                                 "SELECT pg_advisory_xact_lock (" MEMBER_CHANGE_LOCK ")", 0, NULL,
                                 error);

  PQclear (r);
  return r != NULL;
}

/* Members whose balance moved in this batch get a new change number. */
static gboolean
touch_balances (PGconn *db, GPtrArray *ledgers, GError **error)
{
  g_autoptr (GString) accounts = g_string_new ("{");
  const char *params[1];
  guint n = 0;

  for (guint i = 0; i < ledgers->len; i++)
    {
      GArray *rows = g_ptr_array_index (ledgers, i);
      for (guint j = 0; j < rows->len; j++, n++)
        central_db_array_add (accounts, g_array_index (rows, CentralLedgerRow, j).account);
    }
  if (n == 0)
    return TRUE;
  params[0] = central_db_array_end (accounts);
  return run (db,
              "UPDATE members SET change = nextval ('member_change') WHERE uid IN"
              " (SELECT uid FROM member_accounts WHERE account = ANY ($1::text[]))",
              1, params, error);
}

/* members may be NULL (a push with no profiles beside it). */
gboolean
central_members_record (PGconn *db, const CentralTerminal *terminal, const cJSON *members,
                        GHashTable *fresh, GPtrArray *ledgers, GError **error)
{
  ProfileArrays a = { g_string_new ("{"), g_string_new ("{"), g_string_new ("{"),
                      g_string_new ("{"), g_string_new ("{"), 0, 0 };
  const cJSON *profile;
  gboolean ok = TRUE;
  guint i = 0;

  cJSON_ArrayForEach (profile, members)
  {
    if (!(ok = read_profile (terminal, profile, fresh, &a, error)))
      {
        g_prefix_error (error, "members[%u]: ", i);
        break;
      }
    i++;
  }
  if (ok && (a.n > 0 || ledgers->len > 0))
    ok = central_members_lock_changes (db, error) && (a.n == 0 || store_profiles (db, terminal, &a, error))
         && (a.n == 0 || central_coupons_record (db, terminal, members, error))
         && touch_balances (db, ledgers, error);
  g_string_free (a.uids, TRUE), g_string_free (a.accounts, TRUE);
  g_string_free (a.profiles, TRUE), g_string_free (a.fresh_uids, TRUE);
  g_string_free (a.fresh_profiles, TRUE);
  return ok;
}

/* ---- the pull stream ---- */

static void
copy_keys (cJSON *to, const cJSON *from, const char *const *keys)
{
  for (guint i = 0; keys[i]; i++)
    {
      const cJSON *value = cJSON_GetObjectItemCaseSensitive (from, keys[i]);
      cJSON_AddItemToObject (to, keys[i], value ? cJSON_Duplicate (value, TRUE) : cJSON_CreateNull ());
    }
}

static cJSON *
member_cards (const cJSON *profile)
{
  static const char *const card_keys[] = { "card_no", "kind", "status", "replaced_by", NULL };
  cJSON *cards = cJSON_CreateArray ();
  const cJSON *card;

  cJSON_ArrayForEach (card, cJSON_GetObjectItemCaseSensitive (profile, "cards"))
  {
    cJSON *item = cJSON_CreateObject ();
    copy_keys (item, card, card_keys);
    cJSON_AddItemToArray (cards, item);
  }
  return cards;
}

/* A JSON text the query built (json_agg), as an item's field. */
static void
add_json (cJSON *item, const char *key, const char *text)
{
  cJSON *value = cJSON_Parse (text);

  cJSON_AddItemToObject (item, key, value ? value : cJSON_CreateArray ());
}

/* uid, profile, change, points, stored value (fen), lots, coupons */
static cJSON *
member_item (PGresult *r, int row)
{
  static const char *const keys[] = { "uid",    "name",       "phone",     "level", "birthday",
                                      "gender", "created_at", "qr_secret", NULL };
  g_autoptr (cJSON) profile = cJSON_Parse (PQgetvalue (r, row, 1));
  cJSON *item = cJSON_CreateObject ();
  char buf[MPOS_MONEY_BUF];

  copy_keys (item, profile, keys);
  cJSON_AddItemToObject (item, "cards", member_cards (profile));
  cJSON_AddNumberToObject (item, "points", (double) g_ascii_strtoll (PQgetvalue (r, row, 3), NULL, 10));
  cJSON_AddStringToObject (item, "stored_value",
                           mpos_money_to_buf (g_ascii_strtoll (PQgetvalue (r, row, 4), NULL, 10), buf));
  add_json (item, "points_lots", PQgetvalue (r, row, 5));
  add_json (item, "coupons", PQgetvalue (r, row, 6));
  cJSON_AddNumberToObject (item, "change", (double) g_ascii_strtoll (PQgetvalue (r, row, 2), NULL, 10));
  return item;
}

/* The terminals of the asking terminal's kind ($3): a training store (练习模式)
 * and a store that sells never see each other's members or balances. */
#define SAME_KIND                                                                                  \
  "(SELECT id FROM terminals WHERE training = (SELECT training FROM terminals WHERE id = $3))"

/* The lots the other terminals hold for the member: what is available in
 * each and when it expires (central-lots.c). */
#define LOTS_JSON                                                                                  \
  "coalesce ((SELECT json_agg (json_build_object ('points', l.available, 'expires_at',"            \
  " l.expires_at) ORDER BY coalesce (l.expires_at, 9223372036854775807), l.account, l.lot)"       \
  " FROM member_accounts a JOIN points_lots l ON l.account = a.account"                           \
  " WHERE a.uid = m.uid AND a.terminal <> $3 AND l.available > 0 AND a.terminal IN " SAME_KIND    \
  "), '[]')::text"

/* The member's coupons (central-coupons.c), the latest 100. */
#define COUPONS_JSON                                                                               \
  "coalesce ((SELECT json_agg (json_build_object ('code', c.code, 'template', c.template,"          \
  " 'status', c.status, 'valid_from', c.valid_from, 'valid_to', c.valid_to) ORDER BY c.code)"      \
  " FROM (SELECT * FROM member_coupons WHERE uid = m.uid AND terminal IN " SAME_KIND              \
  " ORDER BY valid_to DESC, code LIMIT 100) c), '[]')::text"

void
central_pull_members (PGconn *db, const CentralTerminal *terminal, const char *stream,
                      const char *after, const char *limit, CentralReply *reply)
{
  const char *params[] = { after, limit, terminal->id };

  central_pull_page (db, stream,
                     "SELECT m.uid, m.profile::text, m.change,"
                     " coalesce (sum (b.balance) FILTER (WHERE b.asset = 'points'), 0),"
                     " coalesce (sum (b.balance) FILTER (WHERE b.asset = 'stored_value'), 0),"
                     " " LOTS_JSON ", " COUPONS_JSON
                     " FROM (SELECT * FROM members WHERE change > $1 AND home IN " SAME_KIND
                     " ORDER BY change LIMIT $2) m"
                     " LEFT JOIN member_accounts a ON a.uid = m.uid AND a.terminal <> $3"
                     " AND a.terminal IN " SAME_KIND
                     " LEFT JOIN balances b ON b.account = a.account"
                     " GROUP BY m.uid, m.profile, m.change ORDER BY m.change",
                     3, params, 2, member_item, reply);
}
