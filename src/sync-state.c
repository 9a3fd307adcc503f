/* sync-state.c — the terminal's sync tables (0025-baseline.sql): enrolment,
 * push cursor and status, exceptions and pull cursors. See sync-state.h;
 * the price pages are applied in sync-prices.c. */
#include "sync-state.h"
#include "catalog.h"
#include "journal.h"
#include "store-private.h"

/* clang-format off */
G_DEFINE_QUARK (mpos-sync-error-quark, mpos_sync_error)
/* clang-format on */

#define SQL_STATE_ROW "INSERT INTO sync_state (id) VALUES (1) ON CONFLICT (id) DO NOTHING"

void
mpos_sync_enrolment_clear (MposSyncEnrolment *e)
{
  g_clear_pointer (&e->url, g_free);
  g_clear_pointer (&e->terminal, g_free);
  g_clear_pointer (&e->token, g_free);
  g_clear_pointer (&e->pin_current, g_free);
  g_clear_pointer (&e->pin_next, g_free);
  g_clear_pointer (&e->ca_file, g_free);
}

void
mpos_sync_status_clear (MposSyncStatus *s)
{
  g_clear_pointer (&s->url, g_free);
  g_clear_pointer (&s->terminal, g_free);
  g_clear_pointer (&s->last_error, g_free);
  g_clear_pointer (&s->stopped, g_free);
}

void
mpos_sync_exception_free (MposSyncException *x)
{
  if (x == NULL)
    return;
  g_free (x->entry_id);
  g_free (x->kind);
  g_free (x->reason);
  g_free (x->resolved_by);
  g_free (x->note);
  g_free (x);
}

static gboolean
not_enrolled (GError **error)
{
  g_set_error (error, MPOS_SYNC_ERROR, MPOS_SYNC_ERROR_NOT_ENROLLED,
               "this terminal is not enrolled with a centre; ask IT for an enrolment code and "
               "run: mallposctl sync enrol --url URL --code CODE --pin PIN");
  return FALSE;
}

static MposSql SQL_SYNC_ENROLMENT_LOAD
    = MPOS_SQL ("sync-state: sync enrolment load",
                "SELECT url, terminal, token, pin_current, pin_next, ca_file, enrolled_at"
                " FROM sync_enrolment WHERE id = 1");

gboolean
mpos_sync_enrolment_load (MposStore *store, MposSyncEnrolment *out, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_SYNC_ENROLMENT_LOAD, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = mpos_store_step (stmt);
  if (rc == SQLITE_ROW)
    {
      out->url = mpos_column_text (stmt, 0);
      out->terminal = mpos_column_text (stmt, 1);
      out->token = mpos_column_text (stmt, 2);
      out->pin_current = mpos_column_text (stmt, 3);
      out->pin_next = mpos_column_text (stmt, 4);
      out->ca_file = mpos_column_text (stmt, 5);
      out->enrolled_at = sqlite3_column_int64 (stmt, 6);
    }
  sqlite3_reset (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;
  return rc == SQLITE_DONE ? not_enrolled (error)
                           : mpos_store_fail (store, rc, "reading the enrolment", error);
}

static MposSql SQL_SAVE_ENROLMENT = MPOS_SQL (
    "sync-state: save enrolment",
    "INSERT OR REPLACE INTO sync_enrolment (id, url, terminal, token, pin_current, pin_next,"
    " ca_file, enrolled_at) VALUES (1, :url, :terminal, :token, :pin, :next, :ca, :at)");

static MposSql SQL_SAVE_ENROLMENT_2 = MPOS_SQL (
    "sync-state: save enrolment", "UPDATE sync_state SET pushed_seq = max (pushed_seq, :seq),"
                                  " centre_seq = :seq, stopped = NULL, failures = 0,"
                                  " next_attempt = 0 WHERE id = 1");

static gboolean
save_enrolment (MposStore *store, gpointer data, GError **error)
{
  const MposSyncEnrolment *e = ((gpointer *) data)[0];
  int64_t centre_seq = *(int64_t *) ((gpointer *) data)[1];
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_SAVE_ENROLMENT, error);

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":url", e->url);
  mpos_bind_text (stmt, ":terminal", e->terminal);
  mpos_bind_text (stmt, ":token", e->token);
  mpos_bind_text (stmt, ":pin", e->pin_current);
  mpos_bind_optional_text (stmt, ":next", e->pin_next);
  mpos_bind_optional_text (stmt, ":ca", e->ca_file);
  mpos_bind_int64 (stmt, ":at", e->enrolled_at);
  if (!mpos_store_step_done (store, stmt, "saving the enrolment", error)
      || !mpos_store_exec (store, SQL_STATE_ROW, error)
      || (stmt = mpos_store_stmt (store, &SQL_SAVE_ENROLMENT_2, error)) == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":seq", centre_seq);
  return mpos_store_step_done (store, stmt, "saving the enrolment", error);
}

gboolean
mpos_sync_enrolment_save (MposStore *store, const MposSyncEnrolment *enrolment,
                          int64_t centre_seq, GError **error)
{
  gpointer data[] = { (gpointer) enrolment, &centre_seq };

  return mpos_store_transaction (store, save_enrolment, data, error);
}

static MposSql SQL_LOAD_STATE = MPOS_SQL (
    "sync-state: load state",
    "SELECT pushed_seq, centre_seq, coalesce (last_success, 0), coalesce (offline_since, 0),"
    " last_error, failures, next_attempt, stopped,"
    " (SELECT count (*) FROM sync_exceptions WHERE resolved_at IS NULL)"
    " FROM sync_state WHERE id = 1");

static gboolean
load_state (MposStore *store, MposSyncStatus *s, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_LOAD_STATE, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  if ((rc = mpos_store_step (stmt)) == SQLITE_ROW)
    {
      s->pushed_seq = sqlite3_column_int64 (stmt, 0);
      s->centre_seq = sqlite3_column_int64 (stmt, 1);
      s->last_success = sqlite3_column_int64 (stmt, 2);
      s->offline_since = sqlite3_column_int64 (stmt, 3);
      s->last_error = mpos_column_text (stmt, 4);
      s->failures = sqlite3_column_int (stmt, 5);
      s->next_attempt = sqlite3_column_int64 (stmt, 6);
      s->stopped = mpos_column_text (stmt, 7);
      s->open_exceptions = sqlite3_column_int64 (stmt, 8);
    }
  sqlite3_reset (stmt);
  return rc == SQLITE_ROW || rc == SQLITE_DONE
         || mpos_store_fail (store, rc, "reading the sync status", error);
}

gboolean
mpos_sync_status_load (MposStore *store, MposSyncStatus *out, GError **error)
{
  g_auto (MposSyncEnrolment) e = { 0 };
  g_autoptr (GError) local = NULL;
  gboolean began = mpos_store_read_begin (store);
  gboolean ok = mpos_sync_enrolment_load (store, &e, &local);

  out->enrolled = ok;
  if (!ok && !g_error_matches (local, MPOS_SYNC_ERROR, MPOS_SYNC_ERROR_NOT_ENROLLED))
    {
      mpos_store_read_end (store, began);
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  out->url = g_steal_pointer (&e.url);
  out->terminal = g_steal_pointer (&e.terminal);
  out->journal_seq = mpos_journal_last_seq (store);
  ok = load_state (store, out, error);
  mpos_store_read_end (store, began);
  return ok;
}

/* ---- answers and contacts ---- */

typedef struct
{
  const MposSyncAnswer *answers;
  guint n;
  int64_t pushed_seq, centre_seq, now;
  const char *why;
  int64_t next_attempt;
  gboolean stop;
} Contact;

static MposSql SQL_RAISE_EXCEPTION
    = MPOS_SQL ("sync-state: raise exception",
                "INSERT INTO sync_exceptions (seq, entry_id, kind, reason, raised_at)"
                " VALUES (:seq, :id, :kind, :reason, :now) ON CONFLICT (seq) DO NOTHING");

static gboolean
raise_exception (MposStore *store, const MposSyncAnswer *a, int64_t now, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_RAISE_EXCEPTION, error);

  if (stmt == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":seq", a->seq);
  mpos_bind_text (stmt, ":id", a->entry_id);
  mpos_bind_text (stmt, ":kind", a->kind);
  mpos_bind_text (stmt, ":reason", a->reason);
  mpos_bind_int64 (stmt, ":now", now);
  return mpos_store_step_done (store, stmt, "keeping a rejected entry", error);
}

static MposSql SQL_WRITE_CONTACT
    = MPOS_SQL ("sync-state: write contact",
                "UPDATE sync_state SET pushed_seq = max (pushed_seq, :pushed),"
                " centre_seq = CASE WHEN :centre < 0 THEN centre_seq ELSE :centre END,"
                " last_success = :now, offline_since = NULL, last_error = NULL, failures = 0,"
                " next_attempt = 0, stopped = NULL WHERE id = 1");

static MposSql SQL_WRITE_CONTACT_2
    = MPOS_SQL ("sync-state: write contact",
                "UPDATE sync_state SET last_error = :why, failures = failures + 1,"
                " offline_since = coalesce (offline_since, :now), next_attempt = :next,"
                " stopped = CASE WHEN :stop THEN :why ELSE stopped END WHERE id = 1");

static gboolean
write_contact (MposStore *store, gpointer data, GError **error)
{
  const Contact *c = data;
  g_autoptr (MposStmt) stmt = NULL;

  for (guint i = 0; i < c->n; i++)
    if (c->answers[i].reason && !raise_exception (store, &c->answers[i], c->now, error))
      return FALSE;
  if (!mpos_store_exec (store, SQL_STATE_ROW, error))
    return FALSE;
  stmt = mpos_store_stmt (store, c->why == NULL ? &SQL_WRITE_CONTACT : &SQL_WRITE_CONTACT_2, error);
  if (stmt == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":now", c->now);
  if (c->why == NULL)
    {
      mpos_bind_int64 (stmt, ":pushed", c->pushed_seq);
      mpos_bind_int64 (stmt, ":centre", c->centre_seq);
    }
  else
    {
      mpos_bind_text (stmt, ":why", c->why);
      mpos_bind_int64 (stmt, ":next", c->next_attempt);
      mpos_bind_int64 (stmt, ":stop", c->stop);
    }
  return mpos_store_step_done (store, stmt, "saving the sync status", error);
}

gboolean
mpos_sync_record_answers (MposStore *store, const MposSyncAnswer *answers, guint n,
                          int64_t pushed_seq, int64_t centre_seq, int64_t now, GError **error)
{
  Contact c = { .answers = answers, .n = n, .pushed_seq = pushed_seq, .centre_seq = centre_seq, .now = now };

  return mpos_store_transaction (store, write_contact, &c, error);
}

gboolean
mpos_sync_record_success (MposStore *store, int64_t now, GError **error)
{
  Contact c = { .centre_seq = -1, .now = now };

  return mpos_store_transaction (store, write_contact, &c, error);
}

gboolean
mpos_sync_record_failure (MposStore *store, int64_t now, const char *why, int64_t next_attempt,
                          gboolean stop, GError **error)
{
  Contact c = { .now = now, .why = why, .next_attempt = next_attempt, .stop = stop };

  return mpos_store_transaction (store, write_contact, &c, error);
}

/* ---- exceptions ---- */

static MposSql SQL_SYNC_EXCEPTIONS = MPOS_SQL (
    "sync-state: sync exceptions",
    "SELECT seq, entry_id, kind, reason, raised_at, coalesce (resolved_at, 0), resolved_by,"
    " note FROM sync_exceptions WHERE NOT :open OR resolved_at IS NULL ORDER BY seq");

GPtrArray *
mpos_sync_exceptions (MposStore *store, gboolean open_only, GError **error)
{
  g_autoptr (GPtrArray) out
      = g_ptr_array_new_with_free_func ((GDestroyNotify) mpos_sync_exception_free);
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_SYNC_EXCEPTIONS, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  mpos_bind_int64 (stmt, ":open", open_only);
  while ((rc = mpos_store_step (stmt)) == SQLITE_ROW)
    {
      MposSyncException *x = g_new0 (MposSyncException, 1);
      x->seq = sqlite3_column_int64 (stmt, 0);
      x->entry_id = mpos_column_text (stmt, 1);
      x->kind = mpos_column_text (stmt, 2);
      x->reason = mpos_column_text (stmt, 3);
      x->raised_at = sqlite3_column_int64 (stmt, 4);
      x->resolved_at = sqlite3_column_int64 (stmt, 5);
      x->resolved_by = mpos_column_text (stmt, 6);
      x->note = mpos_column_text (stmt, 7);
      g_ptr_array_add (out, x);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      mpos_store_fail (store, rc, "reading the sync exceptions", error);
      return NULL;
    }
  return g_steal_pointer (&out);
}

/* ---- pull ---- */

static MposSql SQL_SYNC_CURSOR = MPOS_SQL (
    "sync-state: sync cursor", "SELECT cursor FROM sync_cursors WHERE stream = :stream");

gboolean
mpos_sync_cursor (MposStore *store, const char *stream, int64_t *out, GError **error)
{
  sqlite3_stmt *stmt = mpos_store_stmt (store, &SQL_SYNC_CURSOR, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":stream", stream);
  *out = (rc = mpos_store_step (stmt)) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_reset (stmt);
  return rc == SQLITE_ROW || rc == SQLITE_DONE
         || mpos_store_fail (store, rc, "reading a sync cursor", error);
}


static MposSql SQL_SAVE_CURSOR
    = MPOS_SQL ("sync-state: save cursor",
                "INSERT INTO sync_cursors (stream, cursor) VALUES (:stream, :cursor)"
                " ON CONFLICT (stream) DO UPDATE SET cursor = excluded.cursor");

gboolean
mpos_sync_cursor_save (MposStore *store, const char *stream, int64_t cursor, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_SAVE_CURSOR, error);

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":stream", stream);
  mpos_bind_int64 (stmt, ":cursor", cursor);
  return mpos_store_step_done (store, stmt, "saving a pull cursor", error);
}

typedef struct
{
  const char *stream;
  int64_t cursor;
} CursorReset;

static gboolean
write_cursor (MposStore *store, gpointer data, GError **error)
{
  const CursorReset *reset = data;

  return mpos_sync_cursor_save (store, reset->stream, reset->cursor, error);
}

gboolean
mpos_sync_cursor_restart (MposStore *store, const char *stream, GError **error)
{
  CursorReset reset = { stream, 0 };

  return mpos_store_transaction (store, write_cursor, &reset, error);
}

