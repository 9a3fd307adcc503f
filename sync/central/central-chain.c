/* central-chain.c — the centre vouches for each terminal's audit chain.
 * Every journal entry carries the head of the terminal's hash chain as it
 * stood when the entry was written (payload.chain_head, src/row-chain.h).
 * In the push's transaction, under the lock on the terminal's row, the heads
 * of a batch are checked against the links held (chain_links) and the
 * highest head vouched for so far (terminals.chain_seq): a link that differs
 * from the one held for its seq means the chain forked (rows rewritten and
 * every link recomputed); a head lower than one an earlier entry carried
 * means it went back (rows removed, an older copy of the store put back).
 * Such an entry is rejected with the reason — it reaches the terminal's
 * exceptions list — and the terminal is marked (terminal list). Nothing in
 * the chain names a row or carries a secret. */
#include "central.h"
#include "json-fields.h"

#include <stdlib.h>
#include <string.h>

typedef struct
{
  int64_t seq, entry_seq; /* the highest head vouched for, and its entry */
  char *broken;           /* how the chain first broke, or NULL */
  GHashTable *held;       /* seq (int64 *) → link, for the seqs of the batch */
} ChainState;

static void
chain_state_clear (ChainState *s)
{
  g_clear_pointer (&s->broken, g_free);
  g_clear_pointer (&s->held, g_hash_table_unref);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ChainState, chain_state_clear)

/* The head an entry carries: FALSE with a reason when it is malformed;
 * seq 0 when there is none, or the chain was empty. */
static gboolean
read_head (const cJSON *payload, int64_t *seq, const char **link, GError **error)
{
  const cJSON *head = cJSON_GetObjectItemCaseSensitive (payload, "chain_head");

  *seq = 0;
  *link = NULL;
  if (head == NULL)
    return TRUE;
  if (!cJSON_IsObject (head))
    return g_set_error (error, MPOS_JSON_ERROR, MPOS_JSON_ERROR_TYPE,
                        "payload.chain_head must be an object"),
           FALSE;
  if (!mpos_json_get_int (head, "seq", TRUE, 0, G_MAXINT64, seq, error)
      || !mpos_json_get_string (head, "link", TRUE, 64, link, error))
    return g_prefix_error (error, "payload.chain_head: "), FALSE;
  if (*seq > 0 && (strlen (*link) != 64 || strspn (*link, "0123456789abcdef") != 64))
    return g_set_error (error, MPOS_JSON_ERROR, MPOS_JSON_ERROR_VALUE,
                        "payload.chain_head.link must be 64 lower-case hex digits"),
           FALSE;
  return TRUE;
}

static gboolean
load_state (PGconn *db, const CentralTerminal *t, const CentralChainHead *heads, guint n,
            ChainState *s, GError **error)
{
  GString *seqs = g_string_new ("{");
  const char *params[2] = { t->id };
  PGresult *r;

  r = central_db_exec (db, PGRES_TUPLES_OK,
                       "SELECT chain_seq, chain_entry_seq, chain_broken FROM terminals"
                       " WHERE id = $1",
                       1, params, error);
  if (r == NULL || PQntuples (r) != 1)
    return PQclear (r), g_string_free (seqs, TRUE), r != NULL;
  s->seq = g_ascii_strtoll (PQgetvalue (r, 0, 0), NULL, 10);
  s->entry_seq = g_ascii_strtoll (PQgetvalue (r, 0, 1), NULL, 10);
  s->broken = PQgetisnull (r, 0, 2) ? NULL : g_strdup (PQgetvalue (r, 0, 2));
  PQclear (r);
  for (guint i = 0; i < n; i++)
    if (heads[i].seq > 0)
      {
        char text[24];
        g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, heads[i].seq);
        central_db_array_add (seqs, text);
      }
  params[1] = central_db_array_end (seqs);
  r = central_db_exec (db, PGRES_TUPLES_OK,
                       "SELECT seq, link FROM chain_links WHERE terminal = $1"
                       " AND seq = ANY ($2::bigint[])",
                       2, params, error);
  g_string_free (seqs, TRUE);
  if (r == NULL)
    return FALSE;
  s->held = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  for (int i = 0; i < PQntuples (r); i++)
    g_hash_table_insert (s->held, g_memdup2 (&(int64_t) { g_ascii_strtoll (PQgetvalue (r, i, 0), NULL, 10) }, sizeof (int64_t)),
                         g_strdup (PQgetvalue (r, i, 1)));
  PQclear (r);
  return TRUE;
}

/* Why this head breaks the chain, or NULL; a head that holds is taken in. */
static char *
judge (ChainState *s, const CentralChainHead *h, GString *fresh[3])
{
  const char *held = g_hash_table_lookup (s->held, &h->seq);
  char text[24];

  if (held != NULL && strcmp (held, h->link) != 0)
    return g_strdup_printf ("the terminal's audit chain forked: its link %" G_GINT64_FORMAT
                            " differs from the one it sent before (rows at or before it were "
                            "rewritten); IT must check this terminal's store",
                            h->seq);
  if (h->entry_seq > s->entry_seq && h->seq < s->seq)
    return g_strdup_printf ("the terminal's audit chain went back from link %" G_GINT64_FORMAT
                            " to %" G_GINT64_FORMAT " (rows removed, or an older copy of the "
                            "store put back); IT must check this terminal's store",
                            s->seq, h->seq);
  if (held == NULL)
    {
      g_hash_table_insert (s->held, g_memdup2 (&h->seq, sizeof h->seq), g_strdup (h->link));
      g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, h->seq);
      central_db_array_add (fresh[0], text);
      central_db_array_add (fresh[1], h->link);
      central_db_array_add (fresh[2], h->entry_id);
    }
  if (h->entry_seq > s->entry_seq)
    s->seq = h->seq, s->entry_seq = h->entry_seq;
  return NULL;
}

static gboolean
save_state (PGconn *db, const CentralTerminal *t, const ChainState *s, GString *fresh[3],
            GError **error)
{
  char seq[24], entry_seq[24];
  const char *params[] = { t->id, central_db_array_end (fresh[0]), central_db_array_end (fresh[1]),
                           central_db_array_end (fresh[2]), seq, entry_seq, s->broken };
  PGresult *r;

  g_snprintf (seq, sizeof seq, "%" G_GINT64_FORMAT, s->seq);
  g_snprintf (entry_seq, sizeof entry_seq, "%" G_GINT64_FORMAT, s->entry_seq);
  r = central_db_exec (db, PGRES_COMMAND_OK,
                       "WITH l AS (INSERT INTO chain_links (terminal, seq, link, entry_id)"
                       " SELECT $1, * FROM unnest ($2::bigint[], $3::text[], $4::uuid[])"
                       " ON CONFLICT DO NOTHING)"
                       " UPDATE terminals SET chain_seq = $5, chain_entry_seq = $6,"
                       " chain_broken = $7 WHERE id = $1",
                       7, params, error);
  PQclear (r);
  return r != NULL;
}

gboolean
central_chain_vouch (PGconn *db, const CentralTerminal *terminal, CentralChainHead *heads,
                     guint n, GError **error)
{
  g_auto (ChainState) s = { 0 };
  GString *fresh[3] = { g_string_new ("{"), g_string_new ("{"), g_string_new ("{") };
  gboolean ok;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (GError) bad = NULL;
      if (!read_head (heads[i].payload, &heads[i].seq, &heads[i].link, &bad))
        heads[i].reason = g_strdup (bad->message), heads[i].seq = 0;
    }
  ok = load_state (db, terminal, heads, n, &s, error);
  for (guint i = 0; ok && i < n; i++)
    if (heads[i].seq > 0 && heads[i].reason == NULL
        && (heads[i].reason = judge (&s, &heads[i], fresh)) != NULL && s.broken == NULL)
      s.broken = g_strdup (heads[i].reason);
  ok = ok && save_state (db, terminal, &s, fresh, error);
  for (guint k = 0; k < G_N_ELEMENTS (fresh); k++)
    g_string_free (fresh[k], TRUE);
  return ok;
}
