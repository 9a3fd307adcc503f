/* sync-exception-resolve.c — a manager closes an exception (an entry the
 * centre rejected, kept in sync_exceptions, never dropped). Closing one
 * says the store has dealt with it by hand, so it is a privileged action
 * like any other: a staff credential holding sync_resolve signs it, and
 * the exception, the audit row and a journal entry (so the centre sees who
 * closed its rejection and why) are written in one transaction. */
#include "audit.h"
#include "journal.h"
#include "json-fields.h"
#include "staff-permission.h"
#include "store-private.h"
#include "sync-state.h"

#include <string.h>

#define NOTE_MAX_BYTES 500

static MposSql SQL_SYNC_EXCEPTION_RESOLVE
    = MPOS_SQL ("sync-exception-resolve: resolve",
                "UPDATE sync_exceptions SET resolved_at = :now, resolved_by = :by, note = :note"
                " WHERE seq = :seq AND resolved_at IS NULL");

typedef struct
{
  int64_t seq;
  const char *by; /* the approver's staff number */
  const char *note;
  int64_t now;
} Resolve;

static gboolean
resolve_body (MposStore *store, gpointer data, GError **error)
{
  const Resolve *r = data;
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_SYNC_EXCEPTION_RESOLVE, error);
  g_autofree char *ref = g_strdup_printf ("journal:%" G_GINT64_FORMAT, r->seq);
  g_autoptr (cJSON) payload = cJSON_CreateObject ();

  if (stmt == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":seq", r->seq);
  mpos_bind_text (stmt, ":by", r->by);
  mpos_bind_text (stmt, ":note", r->note);
  mpos_bind_int64 (stmt, ":now", r->now);
  if (!mpos_store_step_done (store, stmt, "resolving a sync exception", error))
    return FALSE;
  if (sqlite3_changes (mpos_store_db (store)) != 1)
    {
      g_set_error (error, MPOS_SYNC_ERROR, MPOS_SYNC_ERROR_NOT_FOUND,
                   "no open sync exception for journal entry %" G_GINT64_FORMAT
                   " (see mallposctl sync exceptions)",
                   r->seq);
      return FALSE;
    }
  cJSON_AddNumberToObject (payload, "seq", (double) r->seq);
  cJSON_AddStringToObject (payload, "approved_by", r->by);
  cJSON_AddStringToObject (payload, "note", r->note);
  return mpos_audit_record_approved (store, r->now, r->by, r->by, "sync_exception_resolved", ref,
                                     r->note, error)
         && mpos_journal_append (store, "sync_exception_resolved", ref, payload, r->now, NULL,
                                 error);
}

gboolean
mpos_sync_exception_resolve (MposStore *store, int64_t seq, const MposStaffCredential *by,
                             const char *note, int64_t now, GError **error)
{
  g_auto (MposStaff) approver = { 0 };
  g_autofree char *ref = g_strdup_printf ("journal:%" G_GINT64_FORMAT, seq);
  Resolve r = { seq, NULL, note, now };

  if (note == NULL || *note == '\0' || strlen (note) > NOTE_MAX_BYTES
      || !g_utf8_validate (note, -1, NULL))
    {
      g_set_error (error, MPOS_SYNC_ERROR, MPOS_SYNC_ERROR_INVALID,
                   "resolving a sync exception needs a note saying what was done (--note TEXT, "
                   "at most %d bytes)",
                   NOTE_MAX_BYTES);
      return FALSE;
    }
  if (!mpos_staff_approve (store, by, MPOS_ACTION_SYNC_RESOLVE, ref, &approver, error))
    return FALSE;
  r.by = approver.number;
  return mpos_store_transaction (store, resolve_body, &r, error);
}
