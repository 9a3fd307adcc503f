/* journal-read.h — reading the sync outbox as the centre will receive it:
 * entries in sequence order, each with its payload, derived payloads (sales)
 * built from the rows they refer to. */
#pragma once

#include <glib.h>
#include <stdint.h>
#include <cjson/cJSON.h>
#include "store.h"

G_BEGIN_DECLS

typedef struct
{
  int64_t seq;
  char *id;
  char *kind;
  char *ref_id;
  int64_t created_at;
  gboolean training; /* made in a training store (练习模式): never business */
  cJSON *payload;     /* a payload written with the entry; NULL for a sale's */
  char *payload_text; /* a sale's, written from its rows as read (compact JSON) */
  GArray *member_ids; /* gint64: the members a sale's payload names */
} MposJournalEntry;

void mpos_journal_entry_free (MposJournalEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MposJournalEntry, mpos_journal_entry_free)

/* Up to `limit` entries with seq > after_seq, oldest first, in one read
 * transaction. An array of MposJournalEntry (empty when there are none). */
GPtrArray *mpos_journal_read (MposStore *store, int64_t after_seq, guint limit, GError **error);

/* The entry's payload as a tree, whichever way it was read. Newly allocated. */
cJSON *mpos_journal_entry_payload (const MposJournalEntry *entry);

/* The entry as one JSON object: seq, id, kind, ref_id, created_at,
 * training (true in a training store, where the centre must not count it),
 * payload. */
cJSON *mpos_journal_entry_to_json (const MposJournalEntry *entry);
/* The same, printed unformatted (g_free it). */
char *mpos_journal_entry_print (const MposJournalEntry *entry);
/* The same, written onto out (the sync client's request body). */
void mpos_journal_entry_write (const MposJournalEntry *entry, GString *out);

G_END_DECLS
