/* loyalty-liability.c — the liability report. Lots are summed per exact
 * expiry time in SQL (expiries fall on a few day boundaries) and bucketed
 * into the store's local months here, where the time zone is known. */
#include "loyalty-liability.h"
#include "gift-card.h"
#include "json-fields.h"
#include "loyalty-rules.h"
#include "store-private.h"

#include <string.h>

static MposSql SQL_LOTS
    = MPOS_SQL ("loyalty-liability: lots",
                "SELECT status, coalesce (expires_at, 0), sum (remaining) FROM points_lots "
                "WHERE remaining > 0 GROUP BY 1, 2 ORDER BY 2, 1");
/* What frozen members' lots hold (a member who owes points holds none of
 * them: 0026), and what members owe, which is no liability. */
static MposSql SQL_FROZEN = MPOS_SQL (
    "loyalty-liability: frozen",
    "SELECT coalesce (sum (points_available + points_owed + points_pending) FILTER (WHERE "
    "points_frozen = 1), 0), coalesce (sum (points_owed), 0), count (*) FILTER (WHERE "
    "points_owed > 0) FROM members");
static MposSql SQL_STORED_VALUE
    = MPOS_SQL ("loyalty-liability: stored value",
                "SELECT coalesce (sum (sv_principal), 0), coalesce (sum (sv_bonus), 0), "
                "count (*) FILTER (WHERE sv_principal + sv_bonus > 0) FROM members");

/* "2027-11" of the last instant a lot is valid, in the store's zone. */
static void
expiry_month (MposStore *store, int64_t expires_at, char month[8])
{
  g_autofree char *local = NULL;

  if (expires_at == 0)
    {
      g_strlcpy (month, "never", 8);
      return;
    }
  local = mpos_store_local_time (store, expires_at - 1);
  g_strlcpy (month, local, 8);
}

static MposLiabilityMonth *
month_of (GArray *months, const char *month)
{
  MposLiabilityMonth fresh;

  memset (&fresh, 0, sizeof fresh);

  for (guint i = 0; i < months->len; i++)
    if (g_str_equal (g_array_index (months, MposLiabilityMonth, i).month, month))
      return &g_array_index (months, MposLiabilityMonth, i);
  g_strlcpy (fresh.month, month, sizeof fresh.month);
  g_array_append_val (months, fresh);
  return &g_array_index (months, MposLiabilityMonth, months->len - 1);
}

/* SQL orders by expiry ("never" = 0 first): "never" goes last. */
static void
never_last (GArray *months)
{
  if (months->len > 1 && g_str_equal (g_array_index (months, MposLiabilityMonth, 0).month, "never"))
    {
      MposLiabilityMonth never = g_array_index (months, MposLiabilityMonth, 0);
      g_array_remove_index (months, 0);
      g_array_append_val (months, never);
    }
}

static gboolean
points_by_month (MposStore *store, MposLiability *l, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_LOTS, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = mpos_store_step (stmt)) == SQLITE_ROW)
    {
      char month[8];
      gboolean is_pending = g_str_equal (sqlite3_column_text (stmt, 0), "pending");
      int64_t n = sqlite3_column_int64 (stmt, 2);
      MposLiabilityMonth *m;

      expiry_month (store, sqlite3_column_int64 (stmt, 1), month);
      m = month_of (l->by_expiry, month);
      *(is_pending ? &m->pending : &m->confirmed) += n;
      *(is_pending ? &l->points_pending : &l->points_confirmed) += n;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return mpos_store_fail (store, rc, "reading points lots", error);
  never_last (l->by_expiry);
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

void
mpos_liability_free (MposLiability *liability)
{
  if (liability == NULL)
    return;
  g_array_unref (liability->by_expiry);
  g_free (liability);
}

MposLiability *
mpos_loyalty_liability (MposStore *store, int64_t now, GError **error)
{
  g_autoptr (MposLiability) l = g_new0 (MposLiability, 1);
  g_autoptr (MposLoyaltyRules) rules = mpos_loyalty_rules_load (store, NULL);
  int64_t totals[3] = { 0 }, held[3] = { 0 };

  l->at = now;
  l->by_expiry = g_array_new (FALSE, TRUE, sizeof (MposLiabilityMonth));
  if (!points_by_month (store, l, error) || !one_row (store, &SQL_FROZEN, held, 3, error)
      || !one_row (store, &SQL_STORED_VALUE, totals, 3, error)
      || !mpos_gift_card_liability (store, now, &l->gift_cards, error))
    return NULL;
  /* Whole yuan-fen at the burn rate, floor: what the points could pay. */
  l->has_points_value = rules != NULL;
  if (rules)
    l->points_value = l->points_confirmed * 100 / rules->points_per_yuan;
  l->points_frozen = held[0];
  l->points_owed = held[1];
  l->points_owing_members = held[2];
  l->stored_value.principal = totals[0];
  l->stored_value.bonus = totals[1];
  l->stored_value_members = totals[2];
  return g_steal_pointer (&l);
}

/* ---- JSON ------------------------------------------------------------------------------ */

static cJSON *
points_json (const MposLiability *l)
{
  cJSON *points = cJSON_CreateObject ();
  cJSON *list;

  cJSON_AddNumberToObject (points, "pending", (double)l->points_pending);
  cJSON_AddNumberToObject (points, "confirmed", (double)l->points_confirmed);
  list = cJSON_AddArrayToObject (points, "by_expiry");
  for (guint i = 0; i < l->by_expiry->len; i++)
    {
      const MposLiabilityMonth *m = &g_array_index (l->by_expiry, MposLiabilityMonth, i);
      cJSON *item = cJSON_CreateObject ();
      cJSON_AddStringToObject (item, "month", m->month);
      cJSON_AddNumberToObject (item, "pending", (double)m->pending);
      cJSON_AddNumberToObject (item, "confirmed", (double)m->confirmed);
      cJSON_AddItemToArray (list, item);
    }
  cJSON_AddNumberToObject (points, "frozen", (double)l->points_frozen);
  if (l->points_owed != 0) /* only since 0026: the document is unchanged without */
    {
      cJSON_AddNumberToObject (points, "owed", (double)l->points_owed);
      cJSON_AddNumberToObject (points, "owing_members", (double)l->points_owing_members);
    }
  if (l->has_points_value)
    mpos_json_add_money (points, "value", l->points_value);
  return points;
}

cJSON *
mpos_liability_to_json (MposStore *store, const MposLiability *l)
{
  cJSON *json = cJSON_CreateObject ();
  g_autofree char *at = mpos_store_local_time (store, l->at);
  cJSON *sv, *cards;

  /* The order `report liability --json` has always printed. */
  cJSON_AddItemToObject (json, "points", points_json (l));
  sv = cJSON_AddObjectToObject (json, "stored_value");
  cJSON_AddStringToObject (json, "at", at);
  mpos_json_add_money (sv, "principal", l->stored_value.principal);
  mpos_json_add_money (sv, "bonus", l->stored_value.bonus);
  mpos_json_add_money (sv, "total", l->stored_value.principal + l->stored_value.bonus);
  cJSON_AddNumberToObject (sv, "members", (double)l->stored_value_members);
  cards = cJSON_AddObjectToObject (json, "gift_cards");
  mpos_json_add_money (cards, "outstanding", l->gift_cards.outstanding);
  mpos_json_add_money (cards, "active", l->gift_cards.active);
  mpos_json_add_money (cards, "expired", l->gift_cards.expired);
  mpos_json_add_money (cards, "frozen", l->gift_cards.frozen);
  cJSON_AddNumberToObject (cards, "cards", (double)l->gift_cards.cards);
  return json;
}
