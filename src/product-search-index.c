/* product-search-index.c — bringing the product search index (sku_search,
 * FTS5 trigram over "name spec") up to date with the catalog.
 *
 * The catalog's triggers only note the SKUs whose indexed text changed
 * (sku_search_pending, data/sql/0025-baseline.sql); the entries are made here, in one
 * pass at the end of a bulk write. FTS5 writes out a segment at every
 * savepoint, and an import takes a savepoint per row: indexing row by row
 * made a million-row import write a million segments. product-search.c
 * also reads the noted SKUs directly, so a search between a write and its
 * refresh still finds them. */
#include "catalog.h"
#include "store-private.h"

static MposSql SQL_DROP_STALE = MPOS_SQL ("product-search-index: drop stale",
                                          "DELETE FROM sku_search WHERE rowid IN (SELECT sku_id "
                                          "FROM sku_search_pending WHERE fresh = 0)");
static MposSql SQL_ADD
    = MPOS_SQL ("product-search-index: add",
                "INSERT INTO sku_search (rowid, text) SELECT s.id, p.name || ' ' || s.spec "
                "FROM sku_search_pending q JOIN skus s ON s.id = q.sku_id JOIN products p ON p.id "
                "= s.product_id");
static MposSql SQL_DONE = MPOS_SQL ("product-search-index: done", "DELETE FROM sku_search_pending");

static gboolean
run (MposStore *store, MposSql *sql, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, sql, error);

  return stmt != NULL && mpos_store_step_done (store, stmt, "updating the product search", error);
}

gboolean
mpos_catalog_search_refresh (MposStore *store, GError **error)
{
  return run (store, &SQL_DROP_STALE, error) && run (store, &SQL_ADD, error)
         && run (store, &SQL_DONE, error);
}
