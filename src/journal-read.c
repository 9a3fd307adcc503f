/* journal-read.c — the outbox as the sync client sends it. An entry written
 * with a NULL payload (a completed sale, whose rows are never updated) gets
 * its payload built here from those rows; every other entry carries the
 * payload written in its own transaction. A sale's is kept as the text
 * sent (no tree: building, printing and freeing one was a third of the
 * sync client's CPU). */
#include "journal-read.h"
#include "journal.h"
#include "fail.h"
#include "json-fields.h"
#include "json-out.h"
#include "row-chain.h"
#include "sale-write.h"

#include <string.h>

static MposSql SQL_READ
    = MPOS_SQL ("journal-read: read",
                "SELECT seq, id, kind, ref_id, created_at, payload, chain_seq FROM journal "
                "WHERE seq > :after "
                "ORDER BY seq LIMIT :limit");

void
mpos_journal_entry_free (MposJournalEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->id);
  g_free (entry->kind);
  g_free (entry->ref_id);
  cJSON_Delete (entry->payload);
  g_free (entry->payload_text);
  if (entry->member_ids != NULL)
    g_array_unref (entry->member_ids);
  g_free (entry);
}

/* The head at chain_seq, where the chain stood when the sale's entry was
 * written (0035-journal-chain-seq.sql); NULL when it is out of reach. */
static cJSON *
head_at (MposStore *store, int64_t chain_seq, GError **error)
{
  MposRowChainHead at;

  if (!mpos_row_chain_link_at (store, chain_seq, &at, error))
    return NULL;
  if (at.link[0] == '\0')
    return mpos_fail (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_CORRUPT,
                      "the hash chain has no link %" G_GINT64_FORMAT ", which a sale's journal "
                      "entry names: rows were removed from this store; restore it from a "
                      "backup and tell IT",
                      chain_seq),
           NULL;
  return mpos_journal_head_json (&at);
}

/* A sale's payload, written straight from its rows (sale-write.h) with
 * the chain head as it stood when the entry was written (`head`, the head
 * now, for the sales written before 0035: chain_seq NULL). */
static gboolean
sale_payload (MposStore *store, MposJournalEntry *entry, sqlite3_stmt *row, const cJSON *head,
              GError **error)
{
  g_autoptr (GString) out = g_string_sized_new (4096);
  g_autoptr (cJSON) at = NULL;

  entry->member_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (!mpos_sale_payload_write (store, entry->ref_id, out, entry->member_ids, error))
    return FALSE;
  if (sqlite3_column_type (row, 6) != SQLITE_NULL && sqlite3_column_int64 (row, 6) != 0
      && (at = head_at (store, sqlite3_column_int64 (row, 6), error)) == NULL)
    return FALSE;
  g_string_append_len (out, ",\"chain_head\":", 14);
  mpos_json_out_tree (out, at ? at : head);
  g_string_append_c (out, '}');
  entry->payload_text = g_string_free (g_steal_pointer (&out), FALSE);
  return TRUE;
}

/* The entry's payload: the one written with it, or a sale's from its rows. */
static gboolean
read_payload (MposStore *store, MposJournalEntry *entry, sqlite3_stmt *row, const cJSON *head,
              GError **error)
{
  const char *text = (const char *) sqlite3_column_text (row, 5);

  if (text != NULL)
    return (entry->payload
            = mpos_json_parse (text, strlen (text), &mpos_json_shape_written, error))
           != NULL;
  if (strcmp (entry->kind, "sale") == 0)
    return sale_payload (store, entry, row, head, error);
  g_set_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_CORRUPT,
               "sync journal entry %" G_GINT64_FORMAT " (%s) has no payload", entry->seq,
               entry->kind);
  return FALSE;
}

static MposJournalEntry *
entry_from_row (MposStore *store, sqlite3_stmt *stmt, const cJSON *head, GError **error)
{
  g_autoptr (MposJournalEntry) entry = g_new0 (MposJournalEntry, 1);

  entry->seq = sqlite3_column_int64 (stmt, 0);
  entry->id = mpos_column_text (stmt, 1);
  entry->kind = mpos_column_text (stmt, 2);
  entry->ref_id = mpos_column_text (stmt, 3);
  entry->created_at = sqlite3_column_int64 (stmt, 4);
  /* The whole store is training or not, for good (training-mode.c). */
  entry->training = mpos_store_is_training (store);
  if (!read_payload (store, entry, stmt, head, error))
    {
      g_prefix_error (error, "reading the sync journal: ");
      return NULL;
    }
  return g_steal_pointer (&entry);
}

static gboolean
read_rows (MposStore *store, int64_t after_seq, guint limit, GPtrArray *out, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_READ, error);
  g_autoptr (cJSON) head = stmt ? mpos_journal_chain_head (store, error) : NULL;
  int rc;

  if (head == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":after", after_seq);
  mpos_bind_int64 (stmt, ":limit", limit);
  while ((rc = mpos_store_step (stmt)) == SQLITE_ROW)
    {
      MposJournalEntry *entry = entry_from_row (store, stmt, head, error);
      if (entry == NULL)
        {
          sqlite3_reset (stmt);
          return FALSE;
        }
      g_ptr_array_add (out, entry);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return mpos_store_fail (store, rc, "reading the sync journal", error);
  return TRUE;
}

GPtrArray *
mpos_journal_read (MposStore *store, int64_t after_seq, guint limit, GError **error)
{
  g_autoptr (GPtrArray) out
      = g_ptr_array_new_with_free_func ((GDestroyNotify) mpos_journal_entry_free);
  gboolean began = mpos_store_read_begin (store);
  gboolean ok = read_rows (store, after_seq, limit, out, error);

  mpos_store_read_end (store, began);
  return ok ? g_steal_pointer (&out) : NULL;
}

static cJSON *
entry_fields (const MposJournalEntry *entry)
{
  cJSON *json = cJSON_CreateObject ();

  cJSON_AddNumberToObject (json, "seq", (double) entry->seq);
  cJSON_AddStringToObject (json, "id", entry->id);
  cJSON_AddStringToObject (json, "kind", entry->kind);
  cJSON_AddStringToObject (json, "ref_id", entry->ref_id);
  cJSON_AddNumberToObject (json, "created_at", (double) entry->created_at);
  cJSON_AddBoolToObject (json, "training", entry->training);
  return json;
}

cJSON *
mpos_journal_entry_payload (const MposJournalEntry *entry)
{
  if (entry->payload_text != NULL)
    return cJSON_Parse (entry->payload_text);
  return cJSON_Duplicate (entry->payload, TRUE);
}

cJSON *
mpos_journal_entry_to_json (const MposJournalEntry *entry)
{
  cJSON *json = entry_fields (entry);

  cJSON_AddItemToObject (json, "payload", mpos_journal_entry_payload (entry));
  return json;
}

/* The sync client writes every entry it sends: straight onto the body,
 * the payload in place (never copied), whole numbers without printf. */
void
mpos_journal_entry_write (const MposJournalEntry *entry, GString *out)
{
  g_string_append_len (out, "{\"seq\":", 7);
  mpos_json_out_int (out, entry->seq);
  g_string_append_len (out, ",\"id\":", 6);
  mpos_json_out_string (out, entry->id);
  g_string_append_len (out, ",\"kind\":", 8);
  mpos_json_out_string (out, entry->kind);
  g_string_append_len (out, ",\"ref_id\":", 10);
  mpos_json_out_string (out, entry->ref_id);
  g_string_append_len (out, ",\"created_at\":", 14);
  mpos_json_out_int (out, entry->created_at);
  g_string_append (out, entry->training ? ",\"training\":true" : ",\"training\":false");
  g_string_append_len (out, ",\"payload\":", 11);
  if (entry->payload_text != NULL)
    g_string_append (out, entry->payload_text);
  else
    mpos_json_out_tree (out, entry->payload);
  g_string_append_c (out, '}');
}

char *
mpos_journal_entry_print (const MposJournalEntry *entry)
{
  GString *out = g_string_new (NULL);

  mpos_journal_entry_write (entry, out);
  return g_string_free (out, FALSE);
}
