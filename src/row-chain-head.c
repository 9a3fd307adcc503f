/* row-chain-head.c — the head of the row chain (row-chain.c) that travels
 * with every sync journal entry, and the check of a store against a head
 * the centre received. The chain has no key: someone who rewrites the store
 * file can recompute every link and `check` stays quiet. But a link the
 * centre already holds cannot be recomputed after the fact: a rewritten row
 * at or below a head that was sent makes the link at that seq differ. */
#include "row-chain.h"
#include "fail.h"

#include <sodium.h>
#include <string.h>

#define LINK_BYTES 32

static MposSql SQL_HEAD = MPOS_SQL ("row-chain-head: head",
                                    "SELECT seq, link FROM row_chain ORDER BY seq DESC LIMIT 1");
static MposSql SQL_LINK_AT
    = MPOS_SQL ("row-chain-head: link at", "SELECT link FROM row_chain WHERE seq = :seq");

static void
to_hex (const void *blob, int length, char out[MPOS_ROW_CHAIN_LINK_HEX])
{
  if (blob == NULL || length != LINK_BYTES)
    {
      out[0] = '\0';
      return;
    }
  sodium_bin2hex (out, MPOS_ROW_CHAIN_LINK_HEX, blob, LINK_BYTES);
}

gboolean
mpos_row_chain_head (MposStore *store, MposRowChainHead *out, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_HEAD, error);
  int rc;

  memset (out, 0, sizeof *out);
  if (stmt == NULL)
    return FALSE;
  rc = mpos_store_step (stmt);
  if (rc == SQLITE_ROW)
    {
      out->seq = sqlite3_column_int64 (stmt, 0);
      to_hex (sqlite3_column_blob (stmt, 1), sqlite3_column_bytes (stmt, 1), out->link);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return mpos_store_fail (store, rc, "reading the head of the hash chain", error);
  return TRUE;
}

gboolean
mpos_row_chain_link_at (MposStore *store, int64_t seq, MposRowChainHead *out, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_LINK_AT, error);
  int rc;

  memset (out, 0, sizeof *out);
  out->seq = seq;
  if (stmt == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":seq", seq);
  rc = mpos_store_step (stmt);
  if (rc == SQLITE_ROW)
    to_hex (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0), out->link);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return mpos_store_fail (store, rc, "reading the hash chain", error);
  return TRUE;
}

gboolean
mpos_row_chain_vouch (MposStore *store, const MposRowChainHead *sent, GError **error)
{
  MposRowChainHead here;

  if (sent->seq == 0)
    return TRUE; /* sent before anything was chained: nothing to vouch for */
  if (!mpos_row_chain_link_at (store, sent->seq, &here, error))
    return FALSE;
  if (here.link[0] == '\0')
    return mpos_fail (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_CORRUPT,
                      "the hash chain has no link %" G_GINT64_FORMAT
                      ", which the centre received: rows were removed from this store after "
                      "they were sent; restore it from a backup and tell IT",
                      sent->seq);
  if (sodium_memcmp (here.link, sent->link, sizeof here.link) != 0)
    return mpos_fail (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_CORRUPT,
                      "link %" G_GINT64_FORMAT " of the hash chain differs from the one the "
                      "centre received: audit or money rows at or before it were rewritten "
                      "after they were sent; restore the store from a backup and tell IT",
                      sent->seq);
  return TRUE;
}
