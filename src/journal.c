/* journal.c — appending to the sync outbox. The id is made here, at
 * creation, so the centre can apply each entry exactly once however often
 * it is sent. The journal leaves the terminal and lives on in backups, so an
 * entry naming a field meant for a secret or a full personal number is
 * refused here, whoever wrote it (docs/formats.md, "What a journal entry may
 * carry"). Every entry carries the row chain's head as it stands when the
 * entry is written ("chain_head", row-chain-head.c): the centre then holds
 * links a rewritten store file cannot match. */
#include "journal.h"
#include "json-fields.h"
#include "row-chain.h"
#include "store-private.h"
#include "uuid.h"

static MposSql SQL_APPEND = MPOS_SQL (
    "journal: append",
    "INSERT INTO journal (seq, id, kind, ref_id, payload, created_at, chain_seq) "
    "VALUES (:seq, :id, :kind, :ref_id, :payload, :created_at, :chain_seq)");
#define JOURNAL_COUNTER "journal"

/* Fields that never leave the terminal: secret verifiers and secrets, full
 * phones and member card numbers (send "phone_masked", "card_no_masked"). */
static const char *const journal_forbidden[]
    = { "hash", "pin_hash", "pin", "secret", "qr_secret", "phone", "card_no", "new_card_no",
        "replaced_by", "track2", NULL };

static const char *
forbidden_field (const cJSON *json)
{
  for (const cJSON *item = json ? json->child : NULL; item != NULL; item = item->next)
    {
      const char *found;
      if (item->string != NULL && g_strv_contains (journal_forbidden, item->string))
        return item->string;
      if ((found = forbidden_field (item)) != NULL)
        return found;
    }
  return NULL;
}

/* A chain head as the journal carries it: {"seq": N, "link": "…"}. */
cJSON *
mpos_journal_head_json (const MposRowChainHead *head)
{
  cJSON *json = cJSON_CreateObject ();

  cJSON_AddNumberToObject (json, "seq", (double)head->seq);
  cJSON_AddStringToObject (json, "link", head->link);
  return json;
}

cJSON *
mpos_journal_chain_head (MposStore *store, GError **error)
{
  MposRowChainHead head;

  if (!mpos_row_chain_head (store, &head, error))
    return NULL;
  return mpos_journal_head_json (&head);
}

/* The payload as it is stored and sent: the caller's fields and the chain
 * head, added for the printing only (the caller's object is left as it
 * was). No payload stays none: a completed sale's is built from its rows
 * when read (journal-read.c), with the link at *chain_seq, the head now. */
static gboolean
payload_text (MposStore *store, const cJSON *payload, char **text, int64_t *chain_seq,
              GError **error)
{
  cJSON *target = (cJSON *)payload, *head;
  MposRowChainHead now;

  *text = NULL;
  if (payload == NULL)
    {
      *chain_seq = mpos_row_chain_head (store, &now, error) ? now.seq : -1;
      return *chain_seq >= 0;
    }
  if (!cJSON_IsObject (target))
    *text = cJSON_PrintUnformatted (target);
  else if ((head = mpos_journal_chain_head (store, error)) == NULL)
    return FALSE;
  else
    {
      cJSON_AddItemToObject (target, "chain_head", head);
      *text = cJSON_PrintUnformatted (target);
      cJSON_Delete (cJSON_DetachItemViaPointer (target, head));
    }
  if (*text == NULL)
    g_set_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_FAILED,
                 "out of memory writing the sync journal");
  return *text != NULL;
}

gboolean
mpos_journal_append (MposStore *store, const char *kind, const char *ref_id,
                     const cJSON *payload, int64_t now, int64_t *seq_out, GError **error)
{
  g_autoptr (MposStmt) stmt = NULL;
  g_autofree char *text = NULL;
  char id[MPOS_UUID_STRLEN + 1];
  int64_t seq = 0, chain_seq = -1;
  const char *forbidden = forbidden_field (payload);

  if (forbidden != NULL)
    {
      g_set_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_FAILED,
                   "a %s journal entry may not carry “%s”: it would leave the terminal "
                   "(a bug in this MallPOS; nothing was recorded)",
                   kind, forbidden);
      return FALSE;
    }
  if (!payload_text (store, payload, &text, &chain_seq, error))
    return FALSE;
  /* The counter row shares its page with the receipt counters a sale bumps anyway. */
  if (!mpos_store_next_counter (store, JOURNAL_COUNTER, &seq, error)
      || (stmt = mpos_store_stmt (store, &SQL_APPEND, error)) == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":seq", seq);
  mpos_bind_text (stmt, ":id", mpos_uuid_v7 (id));
  mpos_bind_text (stmt, ":kind", kind);
  mpos_bind_text (stmt, ":ref_id", ref_id);
  mpos_bind_optional_text (stmt, ":payload", text);
  mpos_bind_int64 (stmt, ":created_at", now);
  if (chain_seq >= 0)
    mpos_bind_int64 (stmt, ":chain_seq", chain_seq);
  else
    mpos_bind_null (stmt, ":chain_seq");
  if (!mpos_store_step_done (store, stmt, "writing the sync journal", error))
    return FALSE;
  if (seq_out)
    *seq_out = seq;
  return TRUE;
}

static MposSql SQL_JOURNAL_LAST_SEQ
    = MPOS_SQL ("journal: last seq", "SELECT coalesce(max(seq), 0) FROM journal");

int64_t
mpos_journal_last_seq (MposStore *store)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_JOURNAL_LAST_SEQ, NULL);
  int64_t seq = 0;

  if (stmt != NULL && mpos_store_step (stmt) == SQLITE_ROW)
    seq = sqlite3_column_int64 (stmt, 0);
  if (stmt)
    sqlite3_reset (stmt);
  return seq;
}
