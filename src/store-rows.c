/* store-rows.c — reading a query's rows into read models: one loop that
 * steps, resets and says what failed, so that each read model only says how
 * it is made from a row. */
#include "store-private.h"

gboolean
mpos_store_read_rows (MposStore *store, sqlite3_stmt *stmt, MposRowRead read, GPtrArray *into,
                      const char *what, GError **error)
{
  int rc;

  while ((rc = mpos_store_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (into, read (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return mpos_store_fail (store, rc, what, error);
  return TRUE;
}

gboolean
mpos_store_read_row (MposStore *store, sqlite3_stmt *stmt, MposRowRead read, gpointer *row,
                     const char *what, GError **error)
{
  int rc = mpos_store_step (stmt);

  *row = rc == SQLITE_ROW ? read (stmt) : NULL;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return mpos_store_fail (store, rc, what, error);
  return TRUE;
}

gpointer
mpos_row_first_text (sqlite3_stmt *stmt)
{
  return mpos_column_text (stmt, 0);
}

gboolean
mpos_store_read_text (MposStore *store, sqlite3_stmt *stmt, char **text, const char *what,
                      GError **error)
{
  gpointer row = NULL;
  gboolean ok = mpos_store_read_row (store, stmt, mpos_row_first_text, &row, what, error);

  *text = row;
  return ok;
}

gboolean
mpos_store_read_int64 (MposStore *store, sqlite3_stmt *stmt, int64_t *value, gboolean *found,
                       const char *what, GError **error)
{
  int rc = mpos_store_step (stmt);

  if (rc == SQLITE_ROW && value)
    *value = sqlite3_column_int64 (stmt, 0);
  if (found)
    *found = rc == SQLITE_ROW;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return mpos_store_fail (store, rc, what, error);
  return TRUE;
}

gboolean
mpos_store_read_exists (MposStore *store, sqlite3_stmt *stmt, gboolean *exists, const char *what,
                        GError **error)
{
  return mpos_store_read_int64 (store, stmt, NULL, exists, what, error);
}

void
mpos_store_read_into (sqlite3_stmt *stmt, gpointer record, const MposRecordField *fields,
                      guint n_fields)
{
  for (guint i = 0; i < n_fields; i++)
    if (fields[i].kind == MPOS_FIELD_TEXT)
      G_STRUCT_MEMBER (char *, record, fields[i].offset) = mpos_column_text (stmt, (int) i);
    else if (fields[i].kind == MPOS_FIELD_INT64)
      G_STRUCT_MEMBER (int64_t, record, fields[i].offset) = sqlite3_column_int64 (stmt, (int) i);
}

gpointer
mpos_record_from_row (const MposRecordType *type, sqlite3_stmt *stmt)
{
  gpointer record = g_malloc0 (type->size);

  mpos_store_read_into (stmt, record, type->fields, type->n_fields);
  return record;
}

void
mpos_record_free (const MposRecordType *type, gpointer record)
{
  if (record == NULL)
    return;
  for (guint i = 0; i < type->n_fields; i++)
    if (type->fields[i].kind == MPOS_FIELD_TEXT)
      g_free (G_STRUCT_MEMBER (char *, record, type->fields[i].offset));
  g_free (record);
}

gpointer
mpos_record_copy (const MposRecordType *type, gconstpointer record)
{
  gpointer copy = g_memdup2 (record, type->size);

  for (guint i = 0; i < type->n_fields; i++)
    if (type->fields[i].kind == MPOS_FIELD_TEXT)
      G_STRUCT_MEMBER (char *, copy, type->fields[i].offset)
          = g_strdup (G_STRUCT_MEMBER (char *, copy, type->fields[i].offset));
  return copy;
}
