/* central-push.c — POST /v1/push: a batch of journal entries applied exactly
 * once. The batch is one PostgreSQL transaction under a lock on the
 * terminal's row; each entry is inserted with ON CONFLICT DO NOTHING on its
 * global id, so a retry — to this process or another — finds the first
 * outcome and answers `duplicate` with it (PROTOCOL.md section 5.2). */
#include "central.h"
#include "json-fields.h"
#include "json-strict.h"
#include "money.h"

#include <string.h>

static const MposJsonKey entry_keys[] = { { "seq", NULL },     { "id", NULL },         { "kind", NULL },
                                          { "ref_id", NULL },  { "created_at", NULL },
                                          { "payload", &mpos_json_shape_written },
                                          { NULL, NULL } };
static const MposJsonShape entry_shape = { .what = "a journal entry", .keys = entry_keys };
static const MposJsonShape entries_shape = { .what = "the entries", .items = &entry_shape };
static const MposJsonKey push_keys[]
    = { { "protocol", NULL }, { "entries", &entries_shape }, { NULL, NULL } };
static const MposJsonShape push_shape = { .what = "a push request", .keys = push_keys };

typedef struct
{
  int64_t seq;
  char seq_text[24];
  const char *id, *kind, *ref_id;
  int64_t created_at;
  const cJSON *payload;
} PushEntry;

typedef struct
{
  char *account;
  const char *asset;
  int64_t delta;
} LedgerRow;

typedef struct
{
  PGconn *db;
  const CentralTerminal *terminal;
  cJSON *results;
  guint applied, duplicate, rejected;
} Push;

/* ---- reading the request ---- */

static gboolean
is_uuid (const char *s)
{
  static const char form[] = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";

  if (strlen (s) != sizeof form - 1)
    return FALSE;
  for (guint i = 0; form[i]; i++)
    if (form[i] == '-' ? s[i] != '-' : !g_ascii_isxdigit (s[i]) || g_ascii_isupper (s[i]))
      return FALSE;
  return TRUE;
}

static gboolean
is_kind (const char *s)
{
  for (const char *p = s; *p; p++)
    if (!(g_ascii_islower (*p) || *p == '_'))
      return FALSE;
  return *s != '\0';
}

static gboolean
read_entry (const cJSON *item, guint index, int64_t after, PushEntry *e, GError **error)
{
  if (!mpos_json_get_int (item, "seq", TRUE, 1, G_MAXINT64, &e->seq, error)
      || !mpos_json_get_string (item, "id", TRUE, 36, &e->id, error)
      || !mpos_json_get_string (item, "kind", TRUE, 40, &e->kind, error)
      || !mpos_json_get_string (item, "ref_id", TRUE, 64, &e->ref_id, error)
      || !mpos_json_get_int (item, "created_at", TRUE, 0, G_MAXINT64, &e->created_at, error))
    ;
  else if (!is_uuid (e->id))
    g_set_error (error, MPOS_JSON_ERROR, MPOS_JSON_ERROR_VALUE,
                 "“id” must be a lower-case UUID");
  else if (!is_kind (e->kind))
    g_set_error (error, MPOS_JSON_ERROR, MPOS_JSON_ERROR_VALUE,
                 "“kind” must be lower-case letters and “_”");
  else if (!cJSON_IsObject (e->payload = cJSON_GetObjectItemCaseSensitive (item, "payload")))
    g_set_error (error, MPOS_JSON_ERROR, MPOS_JSON_ERROR_TYPE, "“payload” must be an object");
  else if (e->seq <= after)
    g_set_error (error, MPOS_JSON_ERROR, MPOS_JSON_ERROR_VALUE,
                 "“seq” must increase from one entry to the next");
  else
    {
      g_snprintf (e->seq_text, sizeof e->seq_text, "%" G_GINT64_FORMAT, e->seq);
      return TRUE;
    }
  g_prefix_error (error, "entries[%u]: ", index);
  return FALSE;
}

static GArray *
read_entries (const char *body, gsize length, cJSON **json, CentralReply *reply)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) entries = g_array_new (FALSE, TRUE, sizeof (PushEntry));
  const cJSON *list, *item;
  int64_t protocol = 0;
  guint i = 0;

  if ((*json = mpos_json_parse (body, length, &push_shape, &error)) == NULL
      || !mpos_json_get_int (*json, "protocol", TRUE, 0, G_MAXINT32, &protocol, &error))
    goto bad;
  if (protocol != CENTRAL_PROTOCOL)
    {
      central_reply_error (reply, 400, "unsupported_protocol",
                           "this centre speaks protocol %d, not %" G_GINT64_FORMAT,
                           CENTRAL_PROTOCOL, protocol);
      return NULL;
    }
  list = cJSON_GetObjectItemCaseSensitive (*json, "entries");
  if (!cJSON_IsArray (list) || cJSON_GetArraySize (list) < 1)
    {
      central_reply_error (reply, 400, "bad_request", "“entries” must be a list of 1 to %d entries",
                           CENTRAL_MAX_ENTRIES);
      return NULL;
    }
  if (cJSON_GetArraySize (list) > CENTRAL_MAX_ENTRIES)
    {
      central_reply_error (reply, 413, "too_large", "at most %d entries in one push",
                           CENTRAL_MAX_ENTRIES);
      return NULL;
    }
  cJSON_ArrayForEach (item, list)
  {
    PushEntry e = { 0 };
    if (!read_entry (item, i++, entries->len ? g_array_index (entries, PushEntry, entries->len - 1).seq : 0,
                     &e, &error))
      goto bad;
    g_array_append_val (entries, e);
  }
  return g_steal_pointer (&entries);
bad:
  central_reply_error (reply, 400, "bad_request", "%s", error->message);
  return NULL;
}

/* ---- the ledger an entry carries ---- */

static void
ledger_row_free (LedgerRow *row)
{
  g_free (row->account);
}

static gboolean
ledger_row (const CentralTerminal *terminal, const char *asset, const cJSON *item, GArray *rows,
            GError **error)
{
  int64_t member = 0, a = 0, b = 0;
  LedgerRow row = { .asset = asset };

  if (!mpos_json_get_int (item, "member_id", TRUE, 1, G_MAXINT64, &member, error))
    return FALSE;
  if (strcmp (asset, "points") == 0
      ? !mpos_json_get_int (item, "available", TRUE, -CENTRAL_MAX_POINTS, CENTRAL_MAX_POINTS, &a, error)
            || !mpos_json_get_int (item, "pending", FALSE, -CENTRAL_MAX_POINTS, CENTRAL_MAX_POINTS, &b, error)
      : !mpos_json_get_money (item, "principal", TRUE, MPOS_MONEY_PARSE_ALLOW_NEGATIVE, &a, error)
            || !mpos_json_get_money (item, "bonus", TRUE, MPOS_MONEY_PARSE_ALLOW_NEGATIVE, &b, error))
    return FALSE;
  row.delta = a + b; /* both bounded far below overflow */
  row.account = g_strdup_printf ("%s#member:%" G_GINT64_FORMAT, terminal->name, member);
  g_array_append_val (rows, row);
  return TRUE;
}

/* Every "points" / "stored_value" list of ledger rows, at any depth. */
static gboolean
collect_ledger (const CentralTerminal *terminal, const cJSON *node, GString *path, GArray *rows,
                GError **error)
{
  const cJSON *child;
  guint i = 0;

  cJSON_ArrayForEach (child, node)
  {
    gsize len = path->len;
    const char *asset = NULL;

    if (cJSON_IsObject (node))
      g_string_append_printf (path, "%s%s", len ? "." : "", child->string);
    else
      g_string_append_printf (path, "[%u]", i++);
    if (cJSON_IsObject (node) && cJSON_IsArray (child)
        && (strcmp (child->string, "points") == 0 || strcmp (child->string, "stored_value") == 0))
      asset = child->string;
    if (asset != NULL)
      {
        const cJSON *item;
        guint j = 0;
        cJSON_ArrayForEach (item, child)
        {
          if (!ledger_row (terminal, asset, item, rows, error))
            {
              g_prefix_error (error, "%s[%u]: ", path->str, j);
              return FALSE;
            }
          j++;
        }
      }
    else if ((cJSON_IsObject (child) || cJSON_IsArray (child))
             && !collect_ledger (terminal, child, path, rows, error))
      return FALSE;
    g_string_truncate (path, len);
  }
  return TRUE;
}

/* ---- applying ---- */

static gboolean
apply_ledger (Push *p, const PushEntry *e, GArray *rows, GError **error)
{
  for (guint i = 0; i < rows->len; i++)
    {
      const LedgerRow *row = &g_array_index (rows, LedgerRow, i);
      char delta[24];
      const char *params[] = { e->id, row->account, row->asset, delta };
      PGresult *r;

      g_snprintf (delta, sizeof delta, "%" G_GINT64_FORMAT, row->delta);
      r = central_db_exec (p->db, PGRES_COMMAND_OK,
                           "WITH l AS (INSERT INTO ledger (entry_id, account, asset, delta)"
                           " VALUES ($1, $2, $3, $4))"
                           " INSERT INTO balances (account, asset, balance) VALUES ($2, $3, $4)"
                           " ON CONFLICT (account, asset)"
                           " DO UPDATE SET balance = balances.balance + excluded.balance",
                           4, params, error);
      if (r == NULL)
        return FALSE;
      PQclear (r);
    }
  return TRUE;
}

/* Inserts the entry with its outcome; *inserted FALSE when a row with its id
 * (or, for a non-rejected entry, its sequence) is already there. */
static gboolean
insert_entry (Push *p, const PushEntry *e, const char *reason, gboolean *inserted, GError **error)
{
  g_autofree char *payload = cJSON_PrintUnformatted (e->payload);
  char created[24];
  const char *params[] = { e->id,     p->terminal->id, e->seq_text, e->kind, e->ref_id, created,
                           payload,   reason ? "rejected" : "applied", reason };
  PGresult *r;

  g_snprintf (created, sizeof created, "%" G_GINT64_FORMAT, e->created_at);
  r = central_db_exec (p->db, PGRES_TUPLES_OK,
                       "INSERT INTO entries (id, terminal, seq, kind, ref_id, created_at, payload,"
                       " status, reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
                       " ON CONFLICT DO NOTHING RETURNING 1",
                       9, params, error);
  if (r == NULL)
    return FALSE;
  *inserted = PQntuples (r) == 1;
  PQclear (r);
  return TRUE;
}

static cJSON *
result_json (const PushEntry *e, const char *status)
{
  cJSON *result = cJSON_CreateObject ();

  cJSON_AddNumberToObject (result, "seq", (double) e->seq);
  cJSON_AddStringToObject (result, "id", e->id);
  cJSON_AddStringToObject (result, "status", status);
  return result;
}

static gboolean
answer_duplicate (Push *p, const PushEntry *e, GError **error)
{
  const char *params[] = { e->id, p->terminal->id };
  PGresult *r = central_db_exec (
      p->db, PGRES_TUPLES_OK,
      "SELECT status, reason, terminal = $2 FROM entries WHERE id = $1", 2, params, error);
  cJSON *result, *first;

  if (r == NULL)
    return FALSE;
  if (PQntuples (r) == 0 || strcmp (PQgetvalue (r, 0, 2), "t") != 0)
    {
      PQclear (r);
      return FALSE; /* not this id: the sequence is held by another entry */
    }
  result = result_json (e, "duplicate");
  first = cJSON_AddObjectToObject (result, "first");
  cJSON_AddStringToObject (first, "status", PQgetvalue (r, 0, 0));
  if (!PQgetisnull (r, 0, 1))
    cJSON_AddStringToObject (first, "reason", PQgetvalue (r, 0, 1));
  cJSON_AddItemToArray (p->results, result);
  p->duplicate++;
  PQclear (r);
  return TRUE;
}

static void
answer_new (Push *p, const PushEntry *e, const char *reason)
{
  cJSON *result = result_json (e, reason ? "rejected" : "applied");

  if (reason)
    cJSON_AddStringToObject (result, "reason", reason);
  cJSON_AddItemToArray (p->results, result);
  if (reason)
    p->rejected++;
  else
    p->applied++;
}

static gboolean
push_entry (Push *p, const PushEntry *e, GError **error)
{
  g_autoptr (GArray) rows = g_array_new (FALSE, TRUE, sizeof (LedgerRow));
  g_autoptr (GString) path = g_string_new ("payload");
  g_autoptr (GError) invalid = NULL;
  g_autofree char *reason = NULL;
  gboolean inserted = FALSE;

  g_array_set_clear_func (rows, (GDestroyNotify) ledger_row_free);
  if (!collect_ledger (p->terminal, e->payload, path, rows, &invalid))
    reason = g_strdup (invalid->message);
  if (!insert_entry (p, e, reason, &inserted, error))
    return FALSE;
  if (inserted)
    {
      answer_new (p, e, reason);
      return reason != NULL || apply_ledger (p, e, rows, error);
    }
  if (answer_duplicate (p, e, error))
    return TRUE;
  if (*error != NULL)
    return FALSE;
  /* Its sequence is held by another id (a terminal restored from an old backup?). */
  g_free (reason);
  reason = g_strdup_printf ("sequence %s is already held by another entry of this terminal",
                            e->seq_text);
  if (!insert_entry (p, e, reason, &inserted, error))
    return FALSE;
  if (!inserted && answer_duplicate (p, e, error))
    return TRUE;
  answer_new (p, e, reason);
  return *error == NULL;
}

static gboolean
lock_terminal (Push *p, gboolean *revoked, GError **error)
{
  const char *params[] = { p->terminal->id };
  PGresult *r = central_db_exec (p->db, PGRES_TUPLES_OK,
                                 "SELECT revoked_at IS NOT NULL FROM terminals WHERE id = $1"
                                 " FOR UPDATE",
                                 1, params, error);

  if (r == NULL)
    return FALSE;
  *revoked = PQntuples (r) != 1 || strcmp (PQgetvalue (r, 0, 0), "t") == 0;
  PQclear (r);
  return TRUE;
}

/* The highest n such that entries 1…n are all held. */
static gboolean
advance_contiguous (Push *p, int64_t *contiguous, GError **error)
{
  const char *params[] = { p->terminal->id };
  PGresult *r = central_db_exec (
      p->db, PGRES_TUPLES_OK,
      "WITH RECURSIVE c (n) AS ("
      "  SELECT contiguous_seq FROM terminals WHERE id = $1"
      "  UNION ALL SELECT n + 1 FROM c"
      "  WHERE EXISTS (SELECT 1 FROM entries WHERE terminal = $1 AND seq = n + 1))"
      " UPDATE terminals SET contiguous_seq = (SELECT max (n) FROM c) WHERE id = $1"
      " RETURNING contiguous_seq",
      1, params, error);

  if (r == NULL)
    return FALSE;
  *contiguous = g_ascii_strtoll (PQgetvalue (r, 0, 0), NULL, 10);
  PQclear (r);
  return TRUE;
}

static gboolean
push_all (Push *p, GArray *entries, gboolean *revoked, int64_t *contiguous, GError **error)
{
  if (!central_db_command (p->db, "BEGIN", error))
    return FALSE;
  if (!lock_terminal (p, revoked, error) || *revoked)
    goto rollback;
  for (guint i = 0; i < entries->len; i++)
    if (!push_entry (p, &g_array_index (entries, PushEntry, i), error))
      goto rollback;
  if (advance_contiguous (p, contiguous, error) && central_db_command (p->db, "COMMIT", error))
    return TRUE;
rollback:
  central_db_command (p->db, "ROLLBACK", NULL);
  return *revoked;
}

void
central_push (const char *authorization, const char *body, gsize length, CentralReply *reply)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (cJSON) json = NULL;
  g_autoptr (GArray) entries = read_entries (body, length, &json, reply);
  g_auto (CentralTerminal) terminal = { 0 };
  gboolean revoked = FALSE;
  int64_t contiguous = 0;
  Push p = { 0 };
  cJSON *answer;

  if (entries == NULL)
    return;
  if ((p.db = central_db (&error)) == NULL)
    {
      central_reply_db_error (reply, error);
      return;
    }
  if (!central_terminal_authorise (p.db, authorization, &terminal, reply))
    return;
  p.terminal = &terminal;
  answer = cJSON_CreateObject ();
  p.results = cJSON_AddArrayToObject (answer, "results");
  if (!push_all (&p, entries, &revoked, &contiguous, &error) || revoked)
    {
      cJSON_Delete (answer);
      if (revoked)
        central_reply_error (reply, 403, "revoked",
                             "terminal %s was revoked at the centre; ask IT to enrol it again",
                             terminal.name);
      else
        central_reply_db_error (reply, error);
      return;
    }
  cJSON_AddNumberToObject (answer, "contiguous_seq", (double) contiguous);
  g_message ("%s: %u entries: %u applied, %u duplicate, %u rejected; contiguous to seq %" G_GINT64_FORMAT,
             terminal.name, entries->len, p.applied, p.duplicate, p.rejected, contiguous);
  central_reply_ok (reply, answer);
}
