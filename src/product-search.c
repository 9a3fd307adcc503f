/* product-search.c — name search through the trigram index (3+ characters,
 * which covers most Chinese names), a bounded substring scan for 1–2
 * characters, and a prefix range over pinyin initials for Latin letters. */
#include "catalog-private.h"
#include "product-search.h"

#include <string.h>

#define MAX_QUERY_BYTES 200

/* Every query walks an index in the order its results are shown and stops
 * at :limit, so a one-letter query over a million SKUs reads a few rows, not
 * every match: name matches in catalog order (the search index's rowid is
 * the SKU's id, and FTS5 returns rowids in order), pinyin matches in the
 * order of their initials (products_pinyin), then product and SKU id.
 *
 * An entry of a SKU written since the last refresh may be stale: such SKUs
 * are matched on their text as it is now (SQL_PENDING) instead. */
#define BY_TEXT(match)                                                                             \
  MPOS_SKU_SELECT "JOIN sku_search f ON f.rowid = s.id WHERE " match " AND s.active "              \
                  "AND s.id NOT IN (SELECT sku_id FROM sku_search_pending) "                       \
                  "ORDER BY f.rowid LIMIT :limit"
static MposSql SQL_BY_TRIGRAM
    = MPOS_SQL ("product-search: by trigram", BY_TEXT ("f.sku_search MATCH :query"));
/* FTS5 answers a LIKE of under 3 characters by reading its rows in order. */
static MposSql SQL_BY_SUBSTRING
    = MPOS_SQL ("product-search: by substring", BY_TEXT ("f.text LIKE :query ESCAPE '\\'"));
/* SKUs written since the last index refresh (product-search-index.c). */
static MposSql SQL_PENDING
    = MPOS_SQL ("product-search: pending", MPOS_SKU_SELECT
                "WHERE s.active AND s.id IN (SELECT sku_id FROM sku_search_pending) "
                "AND p.name || ' ' || s.spec LIKE :query ESCAPE '\\' ORDER BY s.id LIMIT :limit");
static MposSql SQL_BY_PINYIN = MPOS_SQL ("product-search: by pinyin", MPOS_SKU_SELECT
                                         "WHERE s.active AND p.pinyin >= :low AND p.pinyin < :high "
                                         "ORDER BY p.pinyin, p.id, s.id LIMIT :limit");

static gboolean
is_latin_initials (const char *query)
{
  for (const char *c = query; *c; c++)
    if (!g_ascii_isalnum (*c))
      return FALSE;
  return TRUE;
}

/* An FTS5 string literal: the whole query as one phrase, quotes doubled. */
static char *
fts_phrase (const char *query)
{
  GString *out = g_string_new ("\"");

  for (const char *c = query; *c; c++)
    {
      if (*c == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *c);
    }
  g_string_append_c (out, '"');
  return g_string_free (out, FALSE);
}

static char *
like_pattern (const char *query)
{
  GString *out = g_string_new ("%");

  for (const char *c = query; *c; c++)
    {
      if (*c == '%' || *c == '_' || *c == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *c);
    }
  g_string_append_c (out, '%');
  return g_string_free (out, FALSE);
}

static gboolean
collect (MposStore *store, sqlite3_stmt *stmt, GPtrArray *out, GError **error)
{
  int rc;

  while ((rc = mpos_store_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (out, mpos_sku_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return mpos_store_fail (store, rc, "searching products", error);
  return TRUE;
}

static gboolean
search_pinyin (MposStore *store, const char *query, guint limit, GPtrArray *out, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_BY_PINYIN, error);
  g_autofree char *low = g_ascii_strdown (query, -1);
  g_autofree char *high = g_strconcat (low, "\x7f", NULL);

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":low", low);
  mpos_bind_text (stmt, ":high", high);
  mpos_bind_int64 (stmt, ":limit", limit);
  return collect (store, stmt, out, error);
}

static gboolean
search_pending (MposStore *store, const char *query, guint limit, GPtrArray *out, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_PENDING, error);
  g_autofree char *pattern = like_pattern (query);

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":query", pattern);
  mpos_bind_int64 (stmt, ":limit", limit);
  return collect (store, stmt, out, error);
}

static int
by_sku_id (gconstpointer a, gconstpointer b)
{
  const MposSku *x = *(const MposSku *const *)a, *y = *(const MposSku *const *)b;

  return (x->sku_id > y->sku_id) - (x->sku_id < y->sku_id);
}

/* Indexed matches and those written since the refresh, as one list in
 * catalog order. */
static gboolean
search_name (MposStore *store, const char *query, guint limit, GPtrArray *out, GError **error)
{
  gboolean trigram = g_utf8_strlen (query, -1) >= 3;
  g_autoptr (MposStmt) stmt
      = mpos_store_stmt (store, trigram ? &SQL_BY_TRIGRAM : &SQL_BY_SUBSTRING, error);
  g_autofree char *pattern = trigram ? fts_phrase (query) : like_pattern (query);
  g_autoptr (GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify)mpos_sku_free);

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":query", pattern);
  mpos_bind_int64 (stmt, ":limit", limit);
  if (!collect (store, stmt, found, error) || !search_pending (store, query, limit, found, error))
    return FALSE;
  g_ptr_array_sort (found, by_sku_id);
  /* moves the SKUs, frees the array alone */
  g_ptr_array_extend_and_steal (out, g_steal_pointer (&found));
  return TRUE;
}

/* Keeps the first of each SKU (pinyin matches come first). */
static void
drop_duplicates (GPtrArray *found)
{
  g_autoptr (GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);

  for (guint i = 0; i < found->len;)
    {
      MposSku *sku = g_ptr_array_index (found, i);
      if (g_hash_table_contains (seen, &sku->sku_id))
        g_ptr_array_remove_index (found, i);
      else
        {
          g_hash_table_add (seen, &sku->sku_id);
          i++;
        }
    }
}

GPtrArray *
mpos_product_search (MposStore *store, const char *query, guint limit, GError **error)
{
  g_autoptr (GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) mpos_sku_free);
  g_autofree char *trimmed = g_strstrip (g_strdup (query ? query : ""));

  limit = CLAMP (limit, 1, 200);
  if (*trimmed == '\0' || strlen (trimmed) > MAX_QUERY_BYTES
      || !g_utf8_validate (trimmed, -1, NULL))
    return g_steal_pointer (&found);
  if (is_latin_initials (trimmed) && !search_pinyin (store, trimmed, limit, found, error))
    return NULL;
  /* Latin text may be initials ("kkkl") or part of a name or spec ("500ml"): find both. */
  if (found->len < limit && !search_name (store, trimmed, limit, found, error))
    return NULL;
  drop_duplicates (found);
  if (found->len > limit)
    g_ptr_array_set_size (found, limit);
  return g_steal_pointer (&found);
}
