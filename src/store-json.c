/* store-json.c — how store values go into the core's JSON documents, kept
 * in one place so every document leaves out a missing value the same way
 * and every ledger reads an action's rows the same way. */
#include "store-json.h"

void
mpos_store_json_add_text (cJSON *json, const char *key, sqlite3_stmt *stmt, int column)
{
  if (sqlite3_column_type (stmt, column) != SQLITE_NULL)
    cJSON_AddStringToObject (json, key, (const char *)sqlite3_column_text (stmt, column));
}

void
mpos_store_json_add_string (cJSON *json, const char *key, const char *text)
{
  if (text != NULL)
    cJSON_AddStringToObject (json, key, text);
}

void
mpos_store_json_add_time (MposStore *store, cJSON *json, const char *key, int64_t utc)
{
  g_autofree char *text = NULL;

  if (utc == 0)
    return;
  text = mpos_store_local_time (store, utc);
  cJSON_AddStringToObject (json, key, text);
}

void
mpos_store_json_add_handling (MposStore *store, cJSON *json, const char *tender,
                              const char *reference, int64_t at, const char *cashier,
                              const char *approved_by, const char *reason)
{
  mpos_store_json_add_string (json, "tender", tender);
  mpos_store_json_add_string (json, "reference", reference);
  mpos_store_json_add_time (store, json, "at", at);
  mpos_store_json_add_string (json, "cashier", cashier);
  mpos_store_json_add_string (json, "approved_by", approved_by);
  mpos_store_json_add_string (json, "reason", reason);
}

cJSON *
mpos_store_json_action_rows (MposStore *store, MposSql *sql, const char *action_id,
                             MposStoreJsonRow row_json, const char *what, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, sql, error);
  g_autoptr (cJSON) rows = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  rows = cJSON_CreateArray ();
  mpos_bind_text (stmt, ":action", action_id);
  while ((rc = mpos_store_step (stmt)) == SQLITE_ROW)
    cJSON_AddItemToArray (rows, row_json (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      mpos_store_fail (store, rc, what, error);
      return NULL;
    }
  return g_steal_pointer (&rows);
}
