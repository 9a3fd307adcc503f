/* central-db.c — the centre's PostgreSQL: one connection per thread (the
 * HTTP layer's pool threads each keep theirs), parameterised queries, and
 * the centre's own schema migrations compiled in from sync/central/sql/. */
#include "central.h"
#include "json-out.h"

#include <gio/gio.h>
#include <stdlib.h>
#include <string.h>

#define MIGRATIONS "/org/mallpos/central/sql"
/* Any constant: serialises migrations between centre processes starting together. */
#define MIGRATION_LOCK "7315002"

static char *conninfo;
static GPrivate thread_db = G_PRIVATE_INIT ((GDestroyNotify) PQfinish);

void
central_db_configure (const char *text)
{
  g_free (conninfo);
  conninfo = g_strdup (text);
}

static gboolean
db_failed (PGconn *db, const char *what, GError **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED, "%s: %s", what,
               g_strchomp (g_strdup (PQerrorMessage (db))));
  return FALSE;
}

PGconn *
central_db (GError **error)
{
  PGconn *db = g_private_get (&thread_db);

  if (db != NULL && PQstatus (db) == CONNECTION_OK)
    return db;
  if (db != NULL)
    {
      PQreset (db);
      if (PQstatus (db) == CONNECTION_OK)
        return db;
      db_failed (db, "the database is not reachable", error);
      return NULL;
    }
  db = PQconnectdb (conninfo ? conninfo : "");
  g_private_replace (&thread_db, db);
  if (PQstatus (db) != CONNECTION_OK)
    {
      db_failed (db, "the database is not reachable", error);
      return NULL;
    }
  return db;
}

PGresult *
central_db_exec (PGconn *db, ExecStatusType want, const char *sql, int n_params,
                 const char *const *params, GError **error)
{
  PGresult *result = PQexecParams (db, sql, n_params, NULL, params, NULL, NULL, 0);

  if (PQresultStatus (result) == want)
    return result;
  g_set_error (error, G_IO_ERROR,
               PQstatus (db) == CONNECTION_OK ? G_IO_ERROR_FAILED : G_IO_ERROR_NOT_CONNECTED,
               "%s", g_strchomp (g_strdup (PQresultErrorMessage (result)[0]
                                               ? PQresultErrorMessage (result)
                                               : PQerrorMessage (db))));
  PQclear (result);
  return NULL;
}

/* PQexec, not PQexecParams: a migration holds several statements. */
gboolean
central_db_command (PGconn *db, const char *sql, GError **error)
{
  PGresult *result = PQexec (db, sql);
  gboolean ok = PQresultStatus (result) == PGRES_COMMAND_OK;

  if (!ok)
    g_set_error (error, G_IO_ERROR,
                 PQstatus (db) == CONNECTION_OK ? G_IO_ERROR_FAILED : G_IO_ERROR_NOT_CONNECTED,
                 "%s", g_strchomp (g_strdup (PQerrorMessage (db))));
  PQclear (result);
  return ok;
}

char *
central_json_print (const cJSON *json)
{
  GString *out = g_string_sized_new (1024);

  mpos_json_out_tree (out, json);
  return g_string_free (out, FALSE);
}

void
central_db_array_add (GString *array, const char *value)
{
  if (array->len > 1)
    g_string_append_c (array, ',');
  if (value == NULL)
    {
      g_string_append (array, "NULL");
      return;
    }
  g_string_append_c (array, '"');
  /* Runs between quotes and backslashes go in whole: a batch's payloads are
   * megabytes of text. */
  for (const char *p = value;;)
    {
      gsize run = strcspn (p, "\"\\");
      g_string_append_len (array, p, run);
      if (p[run] == '\0')
        break;
      g_string_append_c (array, '\\');
      g_string_append_c (array, p[run]);
      p += run + 1;
    }
  g_string_append_c (array, '"');
}

const char *
central_db_array_end (GString *array)
{
  g_string_append_c (array, '}');
  return array->str;
}

char *
central_hash (const char *text)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
}

static gboolean
migration_applied (PGconn *db, const char *name, gboolean *applied, GError **error)
{
  const char *params[] = { name };
  PGresult *r = central_db_exec (db, PGRES_TUPLES_OK,
                                 "SELECT 1 FROM schema_migrations WHERE name = $1", 1, params,
                                 error);

  if (r == NULL)
    return FALSE;
  *applied = PQntuples (r) > 0;
  PQclear (r);
  return TRUE;
}

static gboolean
apply_migration (PGconn *db, const char *name, GError **error)
{
  g_autofree char *path = g_strconcat (MIGRATIONS "/", name, NULL);
  g_autoptr (GBytes) sql = g_resources_lookup_data (path, 0, error);
  const char *params[] = { name };
  gboolean applied = FALSE;
  PGresult *r;

  if (sql == NULL || !migration_applied (db, name, &applied, error))
    return FALSE;
  if (applied)
    return TRUE;
  if (!central_db_command (db, g_bytes_get_data (sql, NULL), error))
    {
      g_prefix_error (error, "migration %s: ", name);
      return FALSE;
    }
  r = central_db_exec (db, PGRES_COMMAND_OK, "INSERT INTO schema_migrations (name) VALUES ($1)",
                       1, params, error);
  PQclear (r);
  return r != NULL;
}

static int
by_name (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

static gboolean
apply_all (PGconn *db, GError **error)
{
  g_auto (GStrv) names = g_resources_enumerate_children (MIGRATIONS, 0, error);

  if (names == NULL)
    return FALSE;
  qsort (names, g_strv_length (names), sizeof (char *), by_name);
  for (guint i = 0; names[i]; i++)
    if (!apply_migration (db, names[i], error))
      return FALSE;
  return TRUE;
}

static gboolean
lock_migrations (PGconn *db, GError **error)
{
  PGresult *r = central_db_exec (db, PGRES_TUPLES_OK,
                                 "SELECT pg_advisory_xact_lock(" MIGRATION_LOCK ")", 0, NULL, error);

  PQclear (r);
  return r != NULL;
}

gboolean
central_db_migrate (PGconn *db, GError **error)
{
  gboolean ok;

  if (!central_db_command (db, "BEGIN", error))
    return FALSE;
  ok = lock_migrations (db, error)
       && central_db_command (db,
                              "CREATE TABLE IF NOT EXISTS schema_migrations ("
                              " name text PRIMARY KEY,"
                              " applied_at timestamptz NOT NULL DEFAULT now())",
                              error)
       && apply_all (db, error);
  return central_db_command (db, ok ? "COMMIT" : "ROLLBACK", NULL) && ok;
}
