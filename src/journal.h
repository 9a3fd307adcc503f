/* journal.h — the sync outbox. Every business action appends one entry, in
 * the action's own transaction, with a UUIDv7 id and the terminal's
 * contiguous sequence number; the sync client sends them to the centre. */
#pragma once

#include <glib.h>
#include <stdint.h>
#include <cjson/cJSON.h>
#include "row-chain.h"
#include "store.h"

G_BEGIN_DECLS

/* Appends (inside the caller's transaction). payload is serialised compactly;
 * NULL means "derived": the entry's payload is built from ref_id's rows when
 * it is read (journal-read.c), for records that are never updated (sales). */
gboolean mpos_journal_append (MposStore *store, const char *kind, const char *ref_id,
                              const cJSON *payload, int64_t now, int64_t *seq_out,
                              GError **error);

/* Highest sequence number written (0 if none). */
int64_t mpos_journal_last_seq (MposStore *store);

/* The head of the store's hash chain as every journal entry carries it
 * ("chain_head": {"seq", "link"}, row-chain.h). Newly allocated. */
cJSON *mpos_journal_chain_head (MposStore *store, GError **error);
/* The same for a given head (the link at the seq a sale's entry names). */
cJSON *mpos_journal_head_json (const MposRowChainHead *head);

G_END_DECLS
