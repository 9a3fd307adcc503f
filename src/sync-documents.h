/* sync-documents.h — what the document pull streams (`promotions`,
 * `coupons`, `loyalty_rules`, `config`; sync/PROTOCOL.md section 5.7) leave
 * at the terminal: each document goes through the core's own importer, in
 * the page's one transaction with the stream's cursor. */
#pragma once

#include <glib.h>
#include <stdint.h>
#include <cjson/cJSON.h>
#include "store.h"

G_BEGIN_DECLS

typedef struct
{
  const char *key;    /* promotion or template code, "rules", "receipt.footer" … */
  const cJSON *body;  /* the document; NULL: withdrawn */
} MposSyncDocument;

/* TRUE for a stream this terminal applies with mpos_sync_apply_documents. */
gboolean mpos_sync_documents_stream (const char *stream);

/* A page of `stream` and its cursor, in one transaction. A document the
 * store holds already is not written again (no audit row, no journal entry),
 * so a page applied twice changes nothing; *changed counts the others. A
 * document the core's importer refuses fails the whole page, naming its key:
 * nothing of it is applied and the stream stays where it was. */
gboolean mpos_sync_apply_documents (MposStore *store, const char *stream,
                                    const MposSyncDocument *items, guint n, int64_t cursor,
                                    int64_t now, guint *changed, GError **error);

G_END_DECLS
