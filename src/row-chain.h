/* row-chain.h — the hash chain over the rows that hold money (sales with
 * their lines and tenders, the ledgers, top-ups, points exchanges): writers
 * seal each row they write in the same transaction, `check` verifies every
 * row against its link. What it detects and what it cannot: row-chain.c. */
#pragma once

#include "store-private.h"

G_BEGIN_DECLS

/* The chained tables. A new money table (or the audit journal) is one more
 * value here and one more line in row-chain.c's table list. */
typedef enum
{
  MPOS_CHAINED_SALES, /* sales and returns, with their lines and tenders documents */
  MPOS_CHAINED_POINTS_LEDGER,
  MPOS_CHAINED_SV_LEDGER,
  MPOS_CHAINED_SV_TOP_UPS,
  MPOS_CHAINED_COUPON_EVENTS, /* the coupon ledger */
  MPOS_CHAINED_GIFT_CARD_LEDGER,
  MPOS_CHAINED_POINTS_EXCHANGES,
  MPOS_CHAINED_AUDIT, /* the audit journal: approvals, refusals, sign-in failures */
} MposChainedTable;

/* The name of chained table `index` (an MposChainedTable), NULL past the
 * last: tests and tools walk the list rather than copy it. */
const char *mpos_row_chain_table (guint index);

/* Seals the row of `table` whose key is `key`, as it stands now: appends
 * a link for it to the chain. A row written again later (a return approved)
 * is sealed again. Must run in the write transaction that wrote the row. */
gboolean mpos_row_chain_seal (MposStore *store, MposChainedTable table, const char *key,
                              GError **error);

/* Runs `stmt`, an INSERT of one row into `table` (keyed by an INTEGER
 * PRIMARY KEY), and seals the row; *id (may be NULL) gets its key, which is
 * also left as the connection's last insert rowid. */
gboolean mpos_row_chain_insert (MposStore *store, MposChainedTable table, sqlite3_stmt *stmt,
                                const char *what, int64_t *id, GError **error);

/* Seals every row of every chained table, in key order: the C step
 * (store.c's migration_step) of a migration that rewrites chained rows. */
gboolean mpos_row_chain_seal_all (MposStore *store, GError **error);
/* The same for one table: the C step of the migration that chains it. */
gboolean mpos_row_chain_seal_table (MposStore *store, MposChainedTable table, GError **error);

/* `check`: every link follows from the one before, every chained row
 * matches its latest link, no row lacks one and no link lost its row. One
 * sentence per problem (the first few of each kind, then a count) is
 * appended to *problems; FALSE only when the verification could not run. */
gboolean mpos_row_chain_verify (MposStore *store, GPtrArray *problems, GError **error);

/* The chain's head: its last link, as 64 hex digits (row-chain-head.c).
 * Every sync journal entry carries the head as it stood when the entry was
 * written ("chain_head": {"seq", "link"}), so the centre holds links the
 * terminal can no longer recompute unseen. seq 0 and "" for an empty chain. */
#define MPOS_ROW_CHAIN_LINK_HEX 65
typedef struct
{
  int64_t seq;
  char link[MPOS_ROW_CHAIN_LINK_HEX];
} MposRowChainHead;

gboolean mpos_row_chain_head (MposStore *store, MposRowChainHead *out, GError **error);
/* The link at `seq` as a head (a sale's journal entry carries the one at
 * the seq it was written at); link "" when the chain has no such link. */
gboolean mpos_row_chain_link_at (MposStore *store, int64_t seq, MposRowChainHead *out,
                                 GError **error);

/* Whether this store's link at sent->seq is still sent->link (a head the
 * centre received): CORRUPT, saying what to do, when the link is gone or
 * differs — rows at or before it were rewritten after they were sent,
 * even if every link was recomputed so that `check` finds nothing. */
gboolean mpos_row_chain_vouch (MposStore *store, const MposRowChainHead *sent, GError **error);

G_END_DECLS
