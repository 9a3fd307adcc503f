/* central-push.c — POST /v1/push: a batch of journal entries applied exactly
 * once. The batch is one PostgreSQL transaction under a lock on the
 * terminal's row; each entry is inserted with ON CONFLICT DO NOTHING on its
 * global id, so a retry — to this process or another — finds the first
 * outcome and answers `duplicate` with it (PROTOCOL.md section 5.2). */
#include "central.h"
#include "json-fields.h"
#include "json-out.h"
#include "json-strict.h"
#include "money.h"

#include <string.h>

static const MposJsonKey entry_keys[] = { { "seq", NULL },     { "id", NULL },         { "kind", NULL },
                                          { "ref_id", NULL },  { "created_at", NULL },
                                          { "payload", &mpos_json_shape_written },
                                          { "training", NULL },
                                          { NULL, NULL } };
static const MposJsonShape entry_shape = { .what = "a journal entry", .keys = entry_keys };
static const MposJsonShape entries_shape = { .what = "the entries", .items = &entry_shape };
static const MposJsonShape members_shape = { .what = "the members",
                                             .items = &mpos_json_shape_written };
static const MposJsonKey push_keys[] = { { "protocol", NULL },
                                         { "entries", &entries_shape },
                                         { "members", &members_shape },
                                         { NULL, NULL } };
static const MposJsonShape push_shape = { .what = "a push request", .keys = push_keys };

typedef enum
{
  OUTCOME_NEW,       /* inserted now: applied, or rejected when reason is set */
  OUTCOME_DUPLICATE, /* held already: first_status / first_reason */
} Outcome;

typedef struct
{
  int64_t seq;
  char seq_text[24];
  const char *id, *kind, *ref_id;
  int64_t created_at;
  const cJSON *payload;
  gboolean training; /* written by a training (练习模式) store: never business */
  char *reason;    /* why it is rejected, or NULL */
  GArray *ledger;  /* CentralLedgerRow the payload carries */
  GPtrArray *restored; /* the coupon codes a return gave back (borrowed) */
  Outcome outcome;
  char *first_status, *first_reason;
} PushEntry;

typedef struct
{
  PGconn *db;
  const CentralTerminal *terminal;
  const cJSON *members; /* the profiles sent beside the entries, or NULL */
  cJSON *results;
  guint applied, duplicate, rejected;
} Push;

static void
push_entry_clear (PushEntry *e)
{
  g_clear_pointer (&e->reason, g_free);
  g_clear_pointer (&e->ledger, g_array_unref);
  g_clear_pointer (&e->restored, g_ptr_array_unref);
  g_clear_pointer (&e->first_status, g_free);
  g_clear_pointer (&e->first_reason, g_free);
}

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

/* "training": absent (a production terminal) or a boolean. */
static gboolean
read_training (const cJSON *item, gboolean *training)
{
  const cJSON *flag = cJSON_GetObjectItemCaseSensitive (item, "training");

  *training = cJSON_IsTrue (flag);
  return flag == NULL || cJSON_IsBool (flag);
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
  else if (!read_training (item, &e->training))
    g_set_error (error, MPOS_JSON_ERROR, MPOS_JSON_ERROR_TYPE,
                 "“training” must be true or false");
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

  g_array_set_clear_func (entries, (GDestroyNotify) push_entry_clear);
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

/* ---- applying: a few statements per batch, not per entry ---- */

/* An entry's fields onto the statement's arrays; its payload onto one JSON
 * array, as it is (never escaped into an array literal: a batch's payloads
 * are megabytes). */
static void
add_entry_arrays (const PushEntry *e, GString **a, GString *payloads)
{
  char created[24];

  g_snprintf (created, sizeof created, "%" G_GINT64_FORMAT, e->created_at);
  central_db_array_add (a[0], e->id);
  central_db_array_add (a[1], e->seq_text);
  central_db_array_add (a[2], e->kind);
  central_db_array_add (a[3], e->ref_id);
  central_db_array_add (a[4], created);
  central_db_array_add (a[5], e->reason ? "rejected" : "applied");
  central_db_array_add (a[6], e->reason);
  central_db_array_add (a[7], e->training ? "true" : "false");
  if (payloads->len > 1)
    g_string_append_c (payloads, ',');
  mpos_json_out_tree (payloads, e->payload);
}

/* Inserts every entry not yet held, with its outcome, in one statement;
 * marks the ones it inserted. */
static gboolean
insert_new (Push *p, GArray *entries, GHashTable *inserted, GError **error)
{
  GString *a[8];
  GString *payloads = g_string_sized_new (1024 * 1024);
  const char *params[10] = { p->terminal->id };
  PGresult *r;

  g_string_append_c (payloads, '[');
  for (guint k = 0; k < G_N_ELEMENTS (a); k++)
    a[k] = g_string_new ("{");
  for (guint i = 0; i < entries->len; i++)
    add_entry_arrays (&g_array_index (entries, PushEntry, i), a, payloads);
  for (guint k = 0; k < G_N_ELEMENTS (a); k++)
    params[k + 1] = central_db_array_end (a[k]);
  g_string_append_c (payloads, ']');
  params[9] = payloads->str;
  r = central_db_exec (
      p->db, PGRES_TUPLES_OK,
      "INSERT INTO entries (id, terminal, seq, kind, ref_id, created_at, payload, status, reason,"
      " training)"
      " SELECT u.id::uuid, $1, u.seq, u.kind, u.ref_id, u.created_at, j.payload,"
      " u.status, u.reason, u.training FROM unnest ($2::text[], $3::bigint[], $4::text[],"
      " $5::text[], $6::bigint[], $7::text[], $8::text[], $9::boolean[])"
      " WITH ORDINALITY AS u (id, seq, kind, ref_id, created_at, status, reason, training, n)"
      " JOIN json_array_elements ($10::json) WITH ORDINALITY AS j (payload, n) USING (n)"
      " ORDER BY u.n ON CONFLICT DO NOTHING RETURNING id::text",
      10, params, error);
  for (guint k = 0; k < G_N_ELEMENTS (a); k++)
    g_string_free (a[k], TRUE);
  g_string_free (payloads, TRUE);
  if (r == NULL)
    return FALSE;
  for (int i = 0; i < PQntuples (r); i++)
    g_hash_table_add (inserted, g_strdup (PQgetvalue (r, i, 0)));
  PQclear (r);
  return TRUE;
}

/* The first outcome of each entry that was held already (by this terminal). */
static gboolean
read_first (Push *p, GArray *entries, GHashTable *inserted, GError **error)
{
  GString *ids = g_string_new ("{");
  const char *params[2] = { p->terminal->id };
  PGresult *r;

  for (guint i = 0; i < entries->len; i++)
    if (!g_hash_table_contains (inserted, g_array_index (entries, PushEntry, i).id))
      central_db_array_add (ids, g_array_index (entries, PushEntry, i).id);
  params[1] = central_db_array_end (ids);
  r = central_db_exec (p->db, PGRES_TUPLES_OK,
                       "SELECT id::text, status, reason FROM entries"
                       " WHERE id = ANY ($2::uuid[]) AND terminal = $1",
                       2, params, error);
  g_string_free (ids, TRUE);
  if (r == NULL)
    return FALSE;
  for (guint i = 0; i < entries->len; i++)
    {
      PushEntry *e = &g_array_index (entries, PushEntry, i);
      for (int row = 0; !g_hash_table_contains (inserted, e->id) && row < PQntuples (r); row++)
        if (strcmp (PQgetvalue (r, row, 0), e->id) == 0)
          {
            e->outcome = OUTCOME_DUPLICATE;
            e->first_status = g_strdup (PQgetvalue (r, row, 1));
            e->first_reason = PQgetisnull (r, row, 2) ? NULL : g_strdup (PQgetvalue (r, row, 2));
          }
    }
  PQclear (r);
  return TRUE;
}

/* An entry neither inserted nor held under its id: its sequence is held by
 * another entry (a terminal restored from an old backup?). It is kept,
 * rejected, outside the sequence index. */
static gboolean
reject_sequence_taken (Push *p, PushEntry *e, GError **error)
{
  g_autofree char *payload = central_json_print (e->payload);
  char created[24];
  const char *params[10];
  PGresult *r;

  g_free (e->reason);
  e->reason = g_strdup_printf ("sequence %s is already held by another entry of this terminal",
                               e->seq_text);
  g_snprintf (created, sizeof created, "%" G_GINT64_FORMAT, e->created_at);
  params[0] = e->id, params[1] = p->terminal->id, params[2] = e->seq_text, params[3] = e->kind;
  params[4] = e->ref_id, params[5] = created, params[6] = payload, params[7] = "rejected";
  params[8] = e->reason, params[9] = e->training ? "true" : "false";
  r = central_db_exec (p->db, PGRES_COMMAND_OK,
                       "INSERT INTO entries (id, terminal, seq, kind, ref_id, created_at, payload,"
                       " status, reason, training) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
                       " ON CONFLICT DO NOTHING",
                       10, params, error);
  PQclear (r);
  return r != NULL;
}

static void
answer (Push *p, const PushEntry *e)
{
  cJSON *result = cJSON_CreateObject ();
  gboolean duplicate = e->outcome == OUTCOME_DUPLICATE;

  cJSON_AddNumberToObject (result, "seq", (double) e->seq);
  cJSON_AddStringToObject (result, "id", e->id);
  cJSON_AddStringToObject (result, "status",
                           duplicate ? "duplicate" : e->reason ? "rejected" : "applied");
  if (duplicate)
    {
      cJSON *first = cJSON_AddObjectToObject (result, "first");
      cJSON_AddStringToObject (first, "status", e->first_status);
      if (e->first_reason)
        cJSON_AddStringToObject (first, "reason", e->first_reason);
    }
  else if (e->reason)
    cJSON_AddStringToObject (result, "reason", e->reason);
  cJSON_AddItemToArray (p->results, result);
  p->duplicate += duplicate;
  p->rejected += !duplicate && e->reason != NULL;
  p->applied += !duplicate && e->reason == NULL;
}

/* The member profiles sent beside the batch; the uids of member entries
 * applied now take the profile sent. */
static gboolean
record_members (Push *p, GArray *entries, GHashTable *inserted, GPtrArray *applied,
                GError **error)
{
  g_autoptr (GHashTable) fresh = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < entries->len; i++)
    {
      PushEntry *e = &g_array_index (entries, PushEntry, i);
      if (g_hash_table_contains (inserted, e->id) && e->reason == NULL
          && g_str_has_prefix (e->kind, "member_"))
        g_hash_table_add (fresh, (gpointer) e->ref_id);
    }
  if (!central_members_record (p->db, p->terminal, p->members, fresh, applied, error))
    return g_prefix_error (error, "the members sent beside the entries: "), FALSE;
  return TRUE;
}

/* The chain heads the entries carry (central-chain.c): an entry whose head
 * breaks the terminal's chain is rejected with the reason. */
static gboolean
vouch_chain (Push *p, GArray *entries, GError **error)
{
  g_autofree CentralChainHead *heads = g_new0 (CentralChainHead, MAX (entries->len, 1));
  gboolean ok;

  for (guint i = 0; i < entries->len; i++)
    {
      const PushEntry *e = &g_array_index (entries, PushEntry, i);
      heads[i] = (CentralChainHead) { .entry_seq = e->seq, .entry_id = e->id, .payload = e->payload };
    }
  ok = central_chain_vouch (p->db, p->terminal, heads, entries->len, error);
  for (guint i = 0; i < entries->len; i++)
    {
      PushEntry *e = &g_array_index (entries, PushEntry, i);
      if (e->reason == NULL)
        e->reason = g_steal_pointer (&heads[i].reason);
      g_free (heads[i].reason);
    }
  return ok;
}

/* What an entry applies besides its ledger rows: the coupons a return
 * gave back. An entry that names them wrongly is rejected with why. */
static void
collect_restored (PushEntry *e)
{
  g_autoptr (GError) invalid = NULL;

  e->restored = g_ptr_array_new ();
  if (e->reason == NULL && !central_coupons_restored (e->payload, e->restored, &invalid))
    e->reason = g_strdup (invalid->message);
}

/* The coupons the entries applied now gave back, issued again. */
static gboolean
restore_coupons (Push *p, GArray *entries, GHashTable *inserted, GError **error)
{
  g_autoptr (GPtrArray) codes = g_ptr_array_new ();

  for (guint i = 0; i < entries->len; i++)
    {
      PushEntry *e = &g_array_index (entries, PushEntry, i);
      if (g_hash_table_contains (inserted, e->id) && e->reason == NULL)
        g_ptr_array_extend (codes, e->restored, NULL, NULL);
    }
  return central_coupons_restore (p->db, codes, error);
}

/* A terminal that sends a training entry is a training store (练习模式)
 * from then on: its members and balances are kept apart from the stores
 * that sell (central-members.c). */
static gboolean
mark_training (Push *p, GArray *entries, GError **error)
{
  const char *params[] = { p->terminal->id };
  PGresult *r;
  guint i = 0;

  while (i < entries->len && !g_array_index (entries, PushEntry, i).training)
    i++;
  if (i == entries->len)
    return TRUE;
  r = central_db_exec (p->db, PGRES_COMMAND_OK,
                       "UPDATE terminals SET training = true WHERE id = $1 AND NOT training", 1,
                       params, error);
  PQclear (r);
  return r != NULL;
}

static gboolean
push_batch (Push *p, GArray *entries, GError **error)
{
  g_autoptr (GHashTable) inserted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GPtrArray) applied = g_ptr_array_new ();

  for (guint i = 0; i < entries->len; i++)
    {
      PushEntry *e = &g_array_index (entries, PushEntry, i);
      g_autoptr (GError) invalid = NULL;
      e->ledger = central_ledger_collect (p->terminal->name, e->id, e->payload, &invalid);
      if (e->ledger == NULL)
        e->reason = g_strdup (invalid->message);
      collect_restored (e);
    }
  if (!vouch_chain (p, entries, error) || !insert_new (p, entries, inserted, error)
      || !read_first (p, entries, inserted, error))
    return FALSE;
  for (guint i = 0; i < entries->len; i++)
    {
      PushEntry *e = &g_array_index (entries, PushEntry, i);
      if (g_hash_table_contains (inserted, e->id) && e->reason == NULL)
        g_ptr_array_add (applied, e->ledger);
      else if (!g_hash_table_contains (inserted, e->id) && e->outcome != OUTCOME_DUPLICATE
               && !reject_sequence_taken (p, e, error))
        return FALSE;
    }
  if (!mark_training (p, entries, error) || !central_ledger_apply (p->db, applied, error)
      || !central_lots_apply (p->db, applied, error)
      || !record_members (p, entries, inserted, applied, error)
      || !restore_coupons (p, entries, inserted, error))
    return FALSE;
  for (guint i = 0; i < entries->len; i++)
    answer (p, &g_array_index (entries, PushEntry, i));
  return TRUE;
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

/* The highest n such that entries 1…n are all held: from the contiguous
 * sequence held before, the run of entries right after it (the k-th entry
 * above it is in the run when its seq is exactly k above). One range scan
 * of the sequence index (its predicate repeated so the partial index
 * serves it), not a step per entry: stepping got slower with every entry
 * the centre held. */
static gboolean
advance_contiguous (Push *p, int64_t *contiguous, GError **error)
{
  const char *params[] = { p->terminal->id };
  PGresult *r = central_db_exec (
      p->db, PGRES_TUPLES_OK,
      "WITH t AS (SELECT contiguous_seq AS c FROM terminals WHERE id = $1),"
      " s AS (SELECT e.seq - t.c AS above, row_number () OVER (ORDER BY e.seq) AS k"
      "  FROM entries e, t WHERE e.terminal = $1 AND e.seq > t.c"
      "  AND (e.reason IS NULL OR e.reason NOT LIKE 'sequence %'))"
      " UPDATE terminals SET contiguous_seq = t.c"
      " + coalesce ((SELECT max (k) FROM s WHERE above = k), 0)"
      " FROM t WHERE id = $1 RETURNING contiguous_seq",
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
  if (!push_batch (p, entries, error))
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
  p.members = cJSON_GetObjectItemCaseSensitive (json, "members");
  answer = cJSON_CreateObject ();
  p.results = cJSON_AddArrayToObject (answer, "results");
  if (!push_all (&p, entries, &revoked, &contiguous, &error) || revoked)
    {
      cJSON_Delete (answer);
      if (revoked)
        central_reply_error (reply, 403, "revoked",
                             "terminal %s was revoked at the centre; ask IT to enrol it again",
                             terminal.name);
      else if (error->domain == MPOS_JSON_ERROR)
        central_reply_error (reply, 400, "bad_request", "%s", error->message);
      else
        central_reply_db_error (reply, error);
      return;
    }
  cJSON_AddNumberToObject (answer, "contiguous_seq", (double) contiguous);
  g_message ("%s: %u entries: %u applied, %u duplicate, %u rejected; contiguous to seq %" G_GINT64_FORMAT,
             terminal.name, entries->len, p.applied, p.duplicate, p.rejected, contiguous);
  central_reply_ok (reply, answer);
}
