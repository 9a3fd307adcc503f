/* audit.c — appending to the audit trail. */
#include "audit.h"
#include "store-private.h"

static MposSql SQL_AUDIT
    = MPOS_SQL ("audit: audit", "INSERT INTO audit (at, actor, action, ref, detail) VALUES (:at, "
                                ":actor, :action, :ref, :detail)");

gboolean
mpos_audit_record (MposStore *store, int64_t at, const char *actor, const char *action,
                   const char *ref, const char *detail, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_AUDIT, error);

  if (stmt == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":at", at);
  mpos_bind_text (stmt, ":actor", actor);
  mpos_bind_text (stmt, ":action", action);
  mpos_bind_text (stmt, ":ref", ref);
  mpos_bind_text (stmt, ":detail", detail);
  return mpos_store_step_done (store, stmt, "writing the audit trail", error);
}
