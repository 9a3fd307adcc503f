/* loyalty-liability.c — the liability report. Lots are summed per exact
 * expiry time in SQL (expiries fall on a few day boundaries) and bucketed
 * into the store's local months here, where the time zone is known. */
#include "loyalty-liability.h"
#include "gift-card.h"
#include "json-fields.h"
#include "loyalty-rules.h"
#include "store-private.h"

static MposSql SQL_LOTS
    = MPOS_SQL ("loyalty-liability: lots",
                "SELECT status, coalesce (expires_at, 0), sum (remaining) FROM points_lots "
                "WHERE remaining > 0 GROUP BY 1, 2 ORDER BY 2, 1");
static MposSql SQL_FROZEN = MPOS_SQL (
    "loyalty-liability: frozen",
    "SELECT coalesce (sum (points_available + points_pending), 0) FROM members WHERE points_frozen "
    "= 1");
static MposSql SQL_STORED_VALUE
    = MPOS_SQL ("loyalty-liability: stored value",
                "SELECT coalesce (sum (sv_principal), 0), coalesce (sum (sv_bonus), 0), "
                "count (*) FILTER (WHERE sv_principal + sv_bonus > 0) FROM members");

typedef struct
{
  int64_t pending, confirmed;
} Bucket;

/* "2027-11" of the last instant a lot is valid, in the store's zone. */
static char *
expiry_month (MposStore *store, int64_t expires_at)
{
  g_autofree char *local = NULL;

  if (expires_at == 0)
    return g_strdup ("never");
  local = mpos_store_local_time (store, expires_at - 1);
  return g_strndup (local, 7);
}

static gboolean
points_by_month (MposStore *store, cJSON *points, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_LOTS, error);
  g_autoptr (GHashTable) months = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (GPtrArray) order = g_ptr_array_new ();
  int64_t pending = 0, confirmed = 0;
  cJSON *list;
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = mpos_store_step (stmt)) == SQLITE_ROW)
    {
      char *month = expiry_month (store, sqlite3_column_int64 (stmt, 1));
      Bucket *b = g_hash_table_lookup (months, month);
      gboolean is_pending = g_str_equal (sqlite3_column_text (stmt, 0), "pending");
      int64_t n = sqlite3_column_int64 (stmt, 2);

      if (b == NULL)
        {
          b = g_new0 (Bucket, 1);
          g_hash_table_insert (months, month, b);
          g_ptr_array_add (order, month);
        }
      else
        g_free (month);
      *(is_pending ? &b->pending : &b->confirmed) += n;
      *(is_pending ? &pending : &confirmed) += n;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return mpos_store_fail (store, rc, "reading points lots", error);
  cJSON_AddNumberToObject (points, "pending", (double)pending);
  cJSON_AddNumberToObject (points, "confirmed", (double)confirmed);
  list = cJSON_AddArrayToObject (points, "by_expiry");
  /* SQL ordered by expiry ("never" = 0 first): put never last. */
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < order->len; i++)
      {
        const char *month = g_ptr_array_index (order, i);
        const Bucket *b = g_hash_table_lookup (months, month);
        cJSON *item;

        if (g_str_equal (month, "never") != (pass == 1))
          continue;
        item = cJSON_CreateObject ();
        cJSON_AddStringToObject (item, "month", month);
        cJSON_AddNumberToObject (item, "pending", (double)b->pending);
        cJSON_AddNumberToObject (item, "confirmed", (double)b->confirmed);
        cJSON_AddItemToArray (list, item);
      }
  return TRUE;
}

static gboolean
one_row (MposStore *store, MposSql *sql, int64_t *out, int n, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = mpos_store_step (stmt);
  for (int i = 0; rc == SQLITE_ROW && i < n; i++)
    out[i] = sqlite3_column_int64 (stmt, i);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return mpos_store_fail (store, rc, "reading balances", error);
  return TRUE;
}

cJSON *
mpos_loyalty_liability (MposStore *store, int64_t now, GError **error)
{
  g_autoptr (cJSON) json = cJSON_CreateObject ();
  g_autoptr (MposLoyaltyRules) rules = mpos_loyalty_rules_load (store, NULL);
  g_autofree char *at = mpos_store_local_time (store, now);
  cJSON *points = cJSON_AddObjectToObject (json, "points");
  cJSON *sv = cJSON_AddObjectToObject (json, "stored_value");
  int64_t frozen = 0, totals[3] = { 0 };
  const cJSON *confirmed;
  cJSON *gift_cards;

  cJSON_AddStringToObject (json, "at", at);
  if (!points_by_month (store, points, error) || !one_row (store, &SQL_FROZEN, &frozen, 1, error)
      || !one_row (store, &SQL_STORED_VALUE, totals, 3, error))
    return NULL;
  cJSON_AddNumberToObject (points, "frozen", (double)frozen);
  confirmed = cJSON_GetObjectItemCaseSensitive (points, "confirmed");
  if (rules)
    {
      /* Whole yuan-fen at the burn rate, floor: what the points could pay. */
      int64_t n = (int64_t)confirmed->valuedouble;
      mpos_json_add_money (points, "value", n * 100 / rules->points_per_yuan);
    }
  mpos_json_add_money (sv, "principal", totals[0]);
  mpos_json_add_money (sv, "bonus", totals[1]);
  mpos_json_add_money (sv, "total", totals[0] + totals[1]);
  cJSON_AddNumberToObject (sv, "members", (double)totals[2]);
  /* Money paid for gift cards not yet spent (src/gift-card.h). */
  gift_cards = mpos_gift_card_liability (store, now, error);
  if (gift_cards == NULL)
    return NULL;
  cJSON_AddItemToObject (json, "gift_cards", gift_cards);
  return g_steal_pointer (&json);
}
