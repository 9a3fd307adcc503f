/* suspend.c — suspended sales are kept as the cart document that rebuilds
 * them, so a resumed sale is repriced by the same engine (a promotion that
 * ended meanwhile no longer applies, as at any till). */
#include "suspend.h"
#include "audit.h"
#include "cart-json.h"
#include "clock.h"
#include "json-fields.h"
#include "sale-record.h"
#include "store-private.h"

static MposSql SQL_INSERT
    = MPOS_SQL ("suspend: insert", "INSERT INTO suspended_carts (cashier, note, created_at, cart) "
                                   "VALUES (:cashier, :note, :now, :cart) RETURNING id");
static MposSql SQL_LIST = MPOS_SQL (
    "suspend: list", "SELECT id, cashier, note, created_at, cart FROM suspended_carts ORDER BY id");
static MposSql SQL_GET
    = MPOS_SQL ("suspend: get",
                "SELECT id, cashier, note, created_at, cart FROM suspended_carts WHERE id = :id");
static MposSql SQL_DELETE
    = MPOS_SQL ("suspend: delete", "DELETE FROM suspended_carts WHERE id = :id");

void
mpos_suspended_free (MposSuspended *s)
{
  if (s == NULL)
    return;
  g_free (s->cashier);
  g_free (s->note);
  g_free (s->document);
  g_free (s);
}

static gboolean
insert_suspended (MposStore *store, MposCart *cart, const char *note, int64_t now, int64_t *id,
                  GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_INSERT, error);
  g_autoptr (cJSON) json = mpos_cart_to_json (cart);
  g_autofree char *text = cJSON_PrintUnformatted (json);

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":cashier", mpos_cart_get_cashier (cart) ? mpos_cart_get_cashier (cart) : "unknown");
  mpos_bind_text (stmt, ":note", note);
  mpos_bind_int64 (stmt, ":now", now);
  mpos_bind_text (stmt, ":cart", text);
  return mpos_store_step_returning (store, stmt, "suspending the sale", id, error);
}

gboolean
mpos_suspend_cart (MposCart *cart, const char *note, int64_t *id_out, GError **error)
{
  MposStore *store = mpos_cart_get_store (cart);
  int64_t now = mpos_clock_now (), id = 0;
  g_autofree char *ref = NULL;

  if (mpos_cart_get_lines (cart)->len == 0)
    {
      g_set_error (error, MPOS_CART_ERROR, MPOS_CART_ERROR_EMPTY, "there is nothing to suspend");
      return FALSE;
    }
  if (!mpos_store_begin (store, error))
    return FALSE;
  /* a resumed sale parked again replaces its old parking, never copies it */
  if ((mpos_cart_get_resumed_from (cart) != 0
       && !mpos_suspend_remove (store, mpos_cart_get_resumed_from (cart), error))
      || !insert_suspended (store, cart, note, now, &id, error)
      || !mpos_audit_record (store, now, mpos_cart_get_cashier (cart), "suspend",
                             (ref = g_strdup_printf ("%" G_GINT64_FORMAT, id)), note, error))
    {
      mpos_store_rollback (store);
      return FALSE;
    }
  if (!mpos_store_commit (store, error))
    return FALSE;
  if (id_out)
    *id_out = id;
  return TRUE;
}

static gpointer
suspended_from_row (sqlite3_stmt *stmt)
{
  MposSuspended *s = g_new0 (MposSuspended, 1);
  const unsigned char *note = sqlite3_column_text (stmt, 2);

  s->id = sqlite3_column_int64 (stmt, 0);
  s->cashier = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  s->note = note ? g_strdup ((const char *) note) : NULL;
  s->created_at = sqlite3_column_int64 (stmt, 3);
  s->document = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  return s;
}

GPtrArray *
mpos_suspend_list (MposStore *store, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_LIST, error);
  g_autoptr (GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) mpos_suspended_free);

  if (stmt == NULL)
    return NULL;
  if (!mpos_store_read_rows (store, stmt, suspended_from_row, list, "listing suspended sales",
                             error))
    return NULL;
  return g_steal_pointer (&list);
}

MposSuspended *
mpos_suspend_get (MposStore *store, int64_t id, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_GET, error);
  MposSuspended *s = NULL;

  if (stmt == NULL)
    return NULL;
  mpos_bind_int64 (stmt, ":id", id);
  if (!mpos_store_read_row (store, stmt, suspended_from_row, (gpointer *) &s,
                            "reading a suspended sale", error))
    return NULL;
  if (s == NULL)
    g_set_error (error, MPOS_SALE_ERROR, MPOS_SALE_ERROR_NOT_FOUND,
                 "no suspended sale %" G_GINT64_FORMAT " (it may have been resumed already)", id);
  return s;
}

gboolean
mpos_suspend_remove (MposStore *store, int64_t id, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_DELETE, error);

  if (stmt == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":id", id);
  if (!mpos_store_step_done (store, stmt, "resuming a sale", error))
    return FALSE;
  if (sqlite3_changes (mpos_store_db (store)) != 1)
    {
      g_set_error (error, MPOS_SALE_ERROR, MPOS_SALE_ERROR_NOT_FOUND,
                   "suspended sale %" G_GINT64_FORMAT " was already resumed", id);
      return FALSE;
    }
  return TRUE;
}
