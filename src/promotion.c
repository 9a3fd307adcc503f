/* promotion.c — parsing, validating, storing and loading promotions. The
 * stored definition is the JSON as imported, so the centre and the terminal
 * read the same document. */
#include "promotion.h"
#include "clock.h"
#include "json-fields.h"
#include "store-private.h"

#include <string.h>

/* clang-format off */
G_DEFINE_QUARK (mpos-promotion-error-quark, mpos_promotion_error)
/* clang-format on */

#define MAX_TIERS 16

static MposSql SQL_PROMOTION_UPSERT = MPOS_SQL (
    "promotion: promotion upsert",
    "INSERT INTO promotions (code, name, type, priority, exclusive, starts_at, ends_at, "
    "definition) "
    "VALUES (:code, :name, :type, :priority, :exclusive, :starts, :ends, :definition) "
    "ON CONFLICT (code) DO UPDATE SET name = excluded.name, type = excluded.type, "
    "priority = excluded.priority, exclusive = excluded.exclusive, starts_at = excluded.starts_at, "
    "ends_at = excluded.ends_at, definition = excluded.definition");
static MposSql SQL_PROMOTIONS_ACTIVE
    = MPOS_SQL ("promotion: promotions active",
                "SELECT definition FROM promotions WHERE starts_at <= :now AND ends_at > :now "
                "ORDER BY priority DESC, code");

static const char *const type_names[] = { "time_discount", "threshold", "buy_x_get_y" };

/* ---- the document's shape --------------------------------------------------- */

static const MposJsonShape tier_shape = {
  .what = "a tier",
  .keys = (const MposJsonKey[]){ { "threshold", NULL }, { "off", NULL }, { NULL } },
};

static const MposJsonShape promotion_shape = {
  .what = "a promotion",
  .keys = (const MposJsonKey[]){ { "code", NULL },
                                 { "name", NULL },
                                 { "type", NULL },
                                 { "priority", NULL },
                                 { "exclusive", NULL },
                                 { "starts", NULL },
                                 { "ends", NULL },
                                 { "scope", &mpos_scope_shape },
                                 { NULL } },
  .tag = "type",
  .variants
  = (const MposJsonVariant[]){ { "time_discount", (const MposJsonKey[]){ { "percent_off", NULL },
                                                                         { "price", NULL },
                                                                         { NULL } } },
                               { "threshold",
                                 (const MposJsonKey[]){
                                     { "cap", NULL },
                                     { "every", &tier_shape },
                                     { "tiers", &(const MposJsonShape){ .items = &tier_shape } },
                                     { NULL } } },
                               { "buy_x_get_y", (const MposJsonKey[]){ { "buy", NULL },
                                                                       { "get", NULL },
                                                                       { NULL } } },
                               { NULL } },
};

static const MposJsonShape promotions_shape = {
  .what = "a promotions document",
  .keys
  = (const MposJsonKey[]){ { "promotions", &(const MposJsonShape){ .items = &promotion_shape } },
                           { NULL } },
};

void
mpos_promotion_free (MposPromotion *promotion)
{
  if (promotion == NULL)
    return;
  g_free (promotion->code);
  g_free (promotion->name);
  mpos_scope_clear (&promotion->scope);
  g_clear_pointer (&promotion->tiers, g_array_unref);
  g_free (promotion);
}

static gboolean
invalid (GError **error, const char *message)
{
  g_set_error_literal (error, MPOS_PROMOTION_ERROR, MPOS_PROMOTION_ERROR_INVALID, message);
  return FALSE;
}

static gboolean
parse_time (const cJSON *json, const char *key, int64_t *out, GError **error)
{
  const char *text = NULL;

  if (!mpos_json_get_string (json, key, TRUE, 64, &text, error))
    return FALSE;
  if (!mpos_clock_parse_iso8601 (text, out))
    return invalid (error, "starts/ends must be ISO 8601 times with a zone");
  return TRUE;
}

static gboolean
parse_tier (const cJSON *json, MposThresholdTier *tier, GError **error)
{
  if (!mpos_json_get_money (json, "threshold", TRUE, 0, &tier->threshold, error)
      || !mpos_json_get_money (json, "off", TRUE, 0, &tier->off, error))
    return FALSE;
  if (tier->off <= 0 || tier->off > tier->threshold)
    return invalid (error, "a reduction must be more than 0 and not above its threshold");
  return TRUE;
}

static gboolean
parse_tiers (MposPromotion *p, const cJSON *tiers, GError **error)
{
  const cJSON *item;

  if (!cJSON_IsArray (tiers) || cJSON_GetArraySize (tiers) == 0
      || cJSON_GetArraySize (tiers) > MAX_TIERS)
    return invalid (error, "a threshold promotion needs 1–16 “tiers” or an “every”");
  cJSON_ArrayForEach (item, tiers)
    {
      MposThresholdTier tier;
      if (!parse_tier (item, &tier, error))
        return FALSE;
      if (p->tiers->len > 0
          && tier.threshold <= g_array_index (p->tiers, MposThresholdTier, p->tiers->len - 1).threshold)
        return invalid (error, "tiers must have rising thresholds");
      g_array_append_val (p->tiers, tier);
    }
  return TRUE;
}

static gboolean
parse_threshold (MposPromotion *p, const cJSON *json, GError **error)
{
  const cJSON *every = cJSON_GetObjectItemCaseSensitive (json, "every");

  if (!mpos_json_get_money (json, "cap", FALSE, 0, &p->cap, error))
    return FALSE;
  if (every == NULL)
    return parse_tiers (p, cJSON_GetObjectItemCaseSensitive (json, "tiers"), error);
  p->every = TRUE;
  return parse_tier (every, &p->every_tier, error);
}

static gboolean
parse_time_discount (MposPromotion *p, const cJSON *json, GError **error)
{
  if (!mpos_json_get_percent (json, "percent_off", FALSE, &p->percent_off_bp, error)
      || !mpos_json_get_money (json, "price", FALSE, 0, &p->price, error))
    return FALSE;
  p->has_price = cJSON_GetObjectItemCaseSensitive (json, "price") != NULL;
  if (p->has_price == (p->percent_off_bp > 0))
    return invalid (error, "a time discount has either “percent_off” (above 0%) or “price”");
  return TRUE;
}

static gboolean
parse_buy_get (MposPromotion *p, const cJSON *json, GError **error)
{
  return mpos_json_get_int (json, "buy", TRUE, 1, 1000, &p->buy, error)
         && mpos_json_get_int (json, "get", TRUE, 1, 1000, &p->get, error);
}

static gboolean
parse_type (const cJSON *json, MposPromotionType *type, GError **error)
{
  const char *name = NULL;

  if (!mpos_json_get_string (json, "type", TRUE, 32, &name, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (type_names); i++)
    if (strcmp (name, type_names[i]) == 0)
      {
        *type = (MposPromotionType) i;
        return TRUE;
      }
  return invalid (error, "“type” must be time_discount, threshold or buy_x_get_y");
}

static gboolean
parse_common (MposPromotion *p, const cJSON *json, GError **error)
{
  const char *code = NULL, *name = NULL;
  int64_t priority = 0;

  if (!mpos_json_get_string (json, "code", TRUE, 64, &code, error)
      || !mpos_json_get_string (json, "name", TRUE, 200, &name, error)
      || !parse_type (json, &p->type, error)
      || !mpos_json_get_int (json, "priority", FALSE, -1000, 1000, &priority, error)
      || !mpos_json_get_bool (json, "exclusive", &p->exclusive, error)
      || !parse_time (json, "starts", &p->starts_at, error)
      || !parse_time (json, "ends", &p->ends_at, error))
    return FALSE;
  p->code = g_strdup (code);
  p->name = g_strdup (name);
  p->priority = (int) priority;
  if (p->ends_at <= p->starts_at)
    return invalid (error, "a promotion must end after it starts");
  return TRUE;
}

static gboolean
parse_rule (MposPromotion *p, const cJSON *json, GError **error)
{
  switch (p->type)
    {
    case MPOS_PROMOTION_TIME_DISCOUNT:
      return parse_time_discount (p, json, error);
    case MPOS_PROMOTION_THRESHOLD:
      return parse_threshold (p, json, error);
    case MPOS_PROMOTION_BUY_X_GET_Y:
      return parse_buy_get (p, json, error);
    default:
      return invalid (error, "unknown promotion type");
    }
}

MposPromotion *
mpos_promotion_from_json (const cJSON *json, GError **error)
{
  g_autoptr (MposPromotion) p = g_new0 (MposPromotion, 1);

  mpos_scope_init (&p->scope);
  p->tiers = g_array_new (FALSE, FALSE, sizeof (MposThresholdTier));
  if (!cJSON_IsObject (json))
    {
      invalid (error, "a promotion must be an object");
      return NULL;
    }
  if (!parse_common (p, json, error)
      || !mpos_scope_parse (&p->scope, cJSON_GetObjectItemCaseSensitive (json, "scope"), FALSE,
                            MPOS_PROMOTION_ERROR, MPOS_PROMOTION_ERROR_INVALID, error)
      || !parse_rule (p, json, error))
    return NULL;
  return g_steal_pointer (&p);
}

gboolean
mpos_promotion_is_active (const MposPromotion *promotion, int64_t now)
{
  return promotion->starts_at <= now && now < promotion->ends_at;
}

gboolean
mpos_promotion_covers (const MposPromotion *promotion, const MposSku *sku)
{
  return mpos_scope_covers (&promotion->scope, sku);
}

GPtrArray *
mpos_promotions_load_active (MposStore *store, int64_t now, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_PROMOTIONS_ACTIVE, error);
  g_autoptr (GPtrArray) active = g_ptr_array_new_with_free_func ((GDestroyNotify) mpos_promotion_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  mpos_bind_int64 (stmt, ":now", now);
  while ((rc = mpos_store_step (stmt)) == SQLITE_ROW)
    {
      const char *text = (const char *)sqlite3_column_text (stmt, 0);
      g_autoptr (GError) local = NULL;
      /* Stored as imported; promotions imported before keys were checked may
       * hold keys of their own, which must not switch them off now. */
      g_autoptr (cJSON) json
          = mpos_json_parse (text, strlen (text), &mpos_json_shape_written, &local);
      MposPromotion *p = json ? mpos_promotion_from_json (json, &local) : NULL;

      if (p == NULL)
        g_warning ("skipping a stored promotion that no longer validates: %s", local->message);
      else
        g_ptr_array_add (active, p);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      mpos_store_fail (store, rc, "loading promotions", error);
      return NULL;
    }
  return g_steal_pointer (&active);
}

static gboolean
save_promotion (MposStore *store, const MposPromotion *p, const cJSON *json, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_PROMOTION_UPSERT, error);
  g_autofree char *definition = NULL;

  if (stmt == NULL)
    return FALSE;
  definition = cJSON_PrintUnformatted (json);
  mpos_bind_text (stmt, ":code", p->code);
  mpos_bind_text (stmt, ":name", p->name);
  mpos_bind_text (stmt, ":type", type_names[p->type]);
  mpos_bind_int64 (stmt, ":priority", p->priority);
  mpos_bind_int64 (stmt, ":exclusive", p->exclusive);
  mpos_bind_int64 (stmt, ":starts", p->starts_at);
  mpos_bind_int64 (stmt, ":ends", p->ends_at);
  mpos_bind_text (stmt, ":definition", definition);
  return mpos_store_step_done (store, stmt, "saving a promotion", error);
}

static gboolean
import_items (MposStore *store, const cJSON *items, guint *imported, GError **error)
{
  const cJSON *item;
  guint index = 0;

  cJSON_ArrayForEach (item, items)
    {
      g_autoptr (MposPromotion) p = mpos_promotion_from_json (item, error);
      index++;
      if (p == NULL || !save_promotion (store, p, item, error))
        {
          g_prefix_error (error, "promotion %u: ", index);
          return FALSE;
        }
    }
  if (imported)
    *imported = index;
  return TRUE;
}

gboolean
mpos_promotions_import_json (MposStore *store, const char *data, gsize length, guint *imported,
                             GError **error)
{
  g_autoptr (cJSON) root = mpos_json_parse (data, length, &promotions_shape, error);
  const cJSON *items;

  if (root == NULL)
    return FALSE;
  items = cJSON_GetObjectItemCaseSensitive (root, "promotions");
  if (!cJSON_IsArray (items))
    return invalid (error, "not a promotions document: expected {\"promotions\": [ … ]}");
  if (!mpos_store_begin (store, error))
    return FALSE;
  if (!import_items (store, items, imported, error))
    {
      mpos_store_rollback (store);
      return FALSE;
    }
  return mpos_store_commit (store, error);
}

static MposSql SQL_PROMOTION_DEFINITION = MPOS_SQL (
    "promotion: definition", "SELECT definition FROM promotions WHERE code = :code");
static MposSql SQL_PROMOTION_WITHDRAW
    = MPOS_SQL ("promotion: withdraw", "DELETE FROM promotions WHERE code = :code");

gboolean
mpos_promotion_put (MposStore *store, const char *code, const cJSON *json, gboolean *changed,
                    GError **error)
{
  g_autoptr (MposStmt) read = mpos_store_stmt (store, &SQL_PROMOTION_DEFINITION, error);
  g_autoptr (MposPromotion) p = json ? mpos_promotion_from_json (json, error) : NULL;
  g_autofree char *stored = NULL, *definition = json ? cJSON_PrintUnformatted (json) : NULL;
  g_autoptr (MposStmt) withdraw = NULL;

  *changed = FALSE;
  if (read == NULL || (json && p == NULL))
    return FALSE;
  if (p && g_strcmp0 (p->code, code) != 0)
    return invalid (error, "a promotion arrived under another code than its own");
  mpos_bind_text (read, ":code", code);
  if (mpos_store_step (read) == SQLITE_ROW)
    stored = mpos_column_text (read, 0);
  sqlite3_reset (read);
  if (g_strcmp0 (stored, definition) == 0)
    return TRUE;
  *changed = TRUE;
  if (p)
    return save_promotion (store, p, json, error);
  withdraw = mpos_store_stmt (store, &SQL_PROMOTION_WITHDRAW, error);
  if (withdraw == NULL)
    return FALSE;
  mpos_bind_text (withdraw, ":code", code);
  return mpos_store_step_done (store, withdraw, "withdrawing a promotion", error);
}
