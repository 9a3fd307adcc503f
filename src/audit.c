/* audit.c — appending to the audit journal. Every row is sealed into the
 * hash chain (row-chain.c) in the transaction that writes it, so `check`
 * names a row edited or deleted afterwards; triggers (audit_no_update,
 * audit_no_delete) refuse UPDATE and DELETE through SQLite. */
#include "audit.h"
#include "row-chain.h"
#include "store-private.h"

static MposSql SQL_AUDIT
    = MPOS_SQL ("audit: audit", "INSERT INTO audit (at, actor, action, ref, detail, approved_by) "
                                "VALUES (:at, :actor, :action, :ref, :detail, :approved_by)");

typedef struct
{
  int64_t at;
  const char *actor, *approved_by, *action, *ref, *detail;
} AuditRow;

static gboolean
insert_row (MposStore *store, gpointer data, GError **error)
{
  const AuditRow *row = data;
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_AUDIT, error);

  if (stmt == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":at", row->at);
  mpos_bind_text (stmt, ":actor", row->actor);
  mpos_bind_text (stmt, ":action", row->action);
  mpos_bind_text (stmt, ":ref", row->ref);
  mpos_bind_text (stmt, ":detail", row->detail);
  mpos_bind_text (stmt, ":approved_by", row->approved_by);
  return mpos_row_chain_insert (store, MPOS_CHAINED_AUDIT, stmt, "writing the audit journal", NULL,
                                error);
}

gboolean
mpos_audit_record_approved (MposStore *store, int64_t at, const char *actor,
                            const char *approved_by, const char *action, const char *ref,
                            const char *detail, GError **error)
{
  AuditRow row = { at, actor, approved_by, action, ref, detail };

  /* An action that writes nothing else (a reprint) gets a transaction of
   * its own: the row and its chain link commit together. */
  if (sqlite3_get_autocommit (mpos_store_db (store)))
    return mpos_store_transaction (store, insert_row, &row, error);
  return insert_row (store, &row, error);
}

gboolean
mpos_audit_record (MposStore *store, int64_t at, const char *actor, const char *action,
                   const char *ref, const char *detail, GError **error)
{
  return mpos_audit_record_approved (store, at, actor, NULL, action, ref, detail, error);
}
