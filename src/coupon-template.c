/* coupon-template.c — reading, validating and storing coupon templates
 * (批次) and the level benefits that issue them. Unknown fields are refused
 * so a typo never silently turns a rule off; a template that already has
 * coupons out keeps its value (what a coupon is worth never changes under
 * the customer's feet). */
#include "coupon-private.h"
#include "fail.h"
#include "audit.h"
#include "clock.h"
#include "journal.h"
#include "json-fields.h"
#include "json-out.h"
#include "percent.h"
#include "uuid.h"

#include <inttypes.h>
#include <string.h>

#define MAX_LIST 10000
#define MAX_POINTS ((int64_t)1000000000)

static MposSql SQL_TEMPLATE_UPSERT = MPOS_SQL (
    "coupon-template: template upsert",
    "INSERT INTO coupon_templates (code, name, type, points_price, definition, updated_at) "
    "VALUES (:code, :name, :type, :points, :definition, :now) ON CONFLICT (code) DO UPDATE SET "
    "name = excluded.name, type = excluded.type, points_price = excluded.points_price, "
    "definition = excluded.definition, updated_at = excluded.updated_at");
static MposSql SQL_TEMPLATE = MPOS_SQL (
    "coupon-template: template", "SELECT definition FROM coupon_templates WHERE code = :code");
static MposSql SQL_TEMPLATES = MPOS_SQL ("coupon-template: templates",
                                         "SELECT definition FROM coupon_templates ORDER BY code");
static MposSql SQL_ISSUED = MPOS_SQL ("coupon-template: issued",
                                      "SELECT count(*) FROM coupons WHERE template_code = :code");
static MposSql SQL_LEVEL
    = MPOS_SQL ("coupon-template: level", "SELECT count(*) FROM member_levels WHERE code = :code");
static MposSql SQL_BENEFITS_CLEAR
    = MPOS_SQL ("coupon-template: benefits clear", "DELETE FROM coupon_benefits");
static MposSql SQL_BENEFIT_INSERT
    = MPOS_SQL ("coupon-template: benefit insert",
                "INSERT INTO coupon_benefits (level_code, occasion, template_code, quantity) "
                "VALUES (:level, :occasion, :template, :quantity)");
static MposSql SQL_BENEFITS
    = MPOS_SQL ("coupon-template: benefits",
                "SELECT level_code, occasion, template_code, quantity FROM coupon_benefits "
                "ORDER BY level_code, occasion, template_code");

/* clang-format off */
G_DEFINE_QUARK (mpos-coupon-error-quark, mpos_coupon_error)
/* clang-format on */

static const char *const type_names[] = { "amount", "percent", "gift" };

void
mpos_coupon_template_free (MposCouponTemplate *tmpl)
{
  if (tmpl == NULL)
    return;
  g_free (tmpl->code);
  g_free (tmpl->name);
  g_free (tmpl->gift_sku);
  mpos_scope_clear (&tmpl->scope);
  g_clear_pointer (&tmpl->stores, g_ptr_array_unref);
  g_free (tmpl->definition);
  g_free (tmpl);
}

static void
benefit_free (MposCouponBenefit *benefit)
{
  g_free (benefit->level);
  g_free (benefit->occasion);
  g_free (benefit->template_code);
  g_free (benefit);
}

void
mpos_coupon_document_free (MposCouponDocument *document)
{
  if (document == NULL)
    return;
  g_clear_pointer (&document->templates, g_ptr_array_unref);
  g_clear_pointer (&document->benefits, g_ptr_array_unref);
  g_free (document);
}

/* ---- parsing ---------------------------------------------------------------------- */

static gboolean
invalid (GError **error, const char *message)
{
  return mpos_coupon_fail (error, MPOS_COUPON_ERROR_INVALID, "%s", message);
}

/* ---- the document's shape ----------------------------------------------------------- */

static const MposJsonShape template_shape = {
  .what = "a coupon template",
  .keys = (const MposJsonKey[]){ { "code", NULL },
                                 { "name", NULL },
                                 { "type", NULL },
                                 { "off", NULL },
                                 { "percent_off", NULL },
                                 { "cap", NULL },
                                 { "min_spend", NULL },
                                 { "gift_sku", NULL },
                                 { "gift_qty", NULL },
                                 { "scope", &mpos_scope_shape },
                                 { "stores", NULL },
                                 { "valid_days", NULL },
                                 { "starts", NULL },
                                 { "ends", NULL },
                                 { "stack_with_promotions", NULL },
                                 { "stack_with_coupons", NULL },
                                 { "points_price", NULL },
                                 { "per_member_limit", NULL },
                                 { "restore_on_return", NULL },
                                 { NULL } },
};

static const MposJsonShape benefit_shape = {
  .what = "a level benefit",
  .keys = (const MposJsonKey[]){ { "level", NULL },
                                 { "occasion", NULL },
                                 { "template", NULL },
                                 { "quantity", NULL },
                                 { NULL } },
};

static const MposJsonShape coupon_document_shape = {
  .what = "a coupon document",
  .keys
  = (const MposJsonKey[]){ { "templates", &(const MposJsonShape){ .items = &template_shape } },
                           { "benefits", &(const MposJsonShape){ .items = &benefit_shape } },
                           { NULL } },
};

/* Codes go into once-only keys ("monthly:2026-11:CODE#1"): plain characters only. */
static gboolean
code_ok (const char *code)
{
  if (code == NULL || *code == '\0' || strlen (code) > 32)
    return FALSE;
  for (const char *p = code; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

static gboolean
parse_time (const cJSON *json, const char *key, int64_t *out, GError **error)
{
  const char *text = NULL;

  if (!mpos_json_get_string (json, key, FALSE, 64, &text, error))
    return FALSE;
  if (text && !mpos_clock_parse_iso8601 (text, out))
    return mpos_coupon_fail (error, MPOS_COUPON_ERROR_INVALID,
                             R_ ("“%s” must be an ISO 8601 time with a zone"), key);
  return TRUE;
}

static gboolean
parse_type (const cJSON *json, MposCouponType *type, GError **error)
{
  const char *name = NULL;

  if (!mpos_json_get_string (json, "type", TRUE, 16, &name, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (type_names); i++)
    if (strcmp (name, type_names[i]) == 0)
      {
        *type = (MposCouponType)i;
        return TRUE;
      }
  return invalid (error, R_ ("“type” must be amount, percent or gift"));
}

static gboolean
has (const cJSON *json, const char *key)
{
  return cJSON_GetObjectItemCaseSensitive (json, key) != NULL;
}

/* What the coupon is worth, by type; fields of another type are refused. */
static gboolean
parse_value (MposCouponTemplate *t, const cJSON *json, GError **error)
{
  const char *gift = NULL;

  if (t->type != MPOS_COUPON_AMOUNT && has (json, "off"))
    return invalid (error, R_ ("“off” belongs to an amount coupon"));
  if (t->type != MPOS_COUPON_PERCENT && (has (json, "percent_off") || has (json, "cap")))
    return invalid (error, R_ ("“percent_off” and “cap” belong to a percent coupon"));
  if (t->type != MPOS_COUPON_GIFT && (has (json, "gift_sku") || has (json, "gift_qty")))
    return invalid (error, R_ ("“gift_sku” and “gift_qty” belong to a gift coupon"));
  switch (t->type)
    {
    case MPOS_COUPON_AMOUNT:
      if (!mpos_json_get_money (json, "off", TRUE, 0, &t->off, error))
        return FALSE;
      if (t->off <= 0 || (t->min_spend > 0 && t->off > t->min_spend))
        return invalid (error, R_ ("“off” must be more than 0 and not above “min_spend”"));
      return TRUE;
    case MPOS_COUPON_PERCENT:
      if (!mpos_json_get_percent (json, "percent_off", TRUE, &t->percent_off_bp, error)
          || !mpos_json_get_money (json, "cap", FALSE, 0, &t->cap, error))
        return FALSE;
      if (t->percent_off_bp <= 0 || t->percent_off_bp >= 10000)
        return invalid (error, R_ ("“percent_off” must be above 0% and below 100%"));
      return TRUE;
    case MPOS_COUPON_GIFT:
    default:
      t->gift_qty = 1;
      if (!mpos_json_get_string (json, "gift_sku", TRUE, 64, &gift, error)
          || !mpos_json_get_int (json, "gift_qty", FALSE, 1, 100, &t->gift_qty, error))
        return FALSE;
      if (*gift == '\0')
        return invalid (error, R_ ("“gift_sku” must name the gift's SKU"));
      t->gift_sku = g_strdup (gift);
      return TRUE;
    }
}

static gboolean
parse_validity (MposCouponTemplate *t, const cJSON *json, GError **error)
{
  if (!mpos_json_get_int (json, "valid_days", FALSE, 1, 3650, &t->valid_days, error)
      || !parse_time (json, "starts", &t->starts_at, error)
      || !parse_time (json, "ends", &t->ends_at, error))
    return FALSE;
  if (t->valid_days == 0 && t->ends_at == 0)
    return invalid (error, R_ ("a coupon needs “valid_days” or an “ends” time"));
  if (t->starts_at && t->ends_at && t->ends_at <= t->starts_at)
    return invalid (error, R_ ("“ends” must be after “starts”"));
  return TRUE;
}

static gboolean
parse_template (MposCouponTemplate *t, const cJSON *json, GError **error)
{
  const char *code = NULL, *name = NULL;

  if (!mpos_json_get_string (json, "code", TRUE, 32, &code, error))
    return FALSE;
  if (!code_ok (code))
    return invalid (error, R_ ("“code” must be 1–32 letters, digits, “-” or “_”"));
  t->code = g_strdup (code);
  if (!mpos_json_get_string (json, "name", TRUE, 64, &name, error)
      || !parse_type (json, &t->type, error)
      || !mpos_json_get_money (json, "min_spend", FALSE, 0, &t->min_spend, error)
      || !parse_value (t, json, error)
      || !mpos_scope_parse (&t->scope, cJSON_GetObjectItemCaseSensitive (json, "scope"), TRUE,
                            MPOS_COUPON_ERROR, MPOS_COUPON_ERROR_INVALID, error)
      || !mpos_json_strings (cJSON_GetObjectItemCaseSensitive (json, "stores"), "stores", MAX_LIST,
                             t->stores, MPOS_COUPON_ERROR, MPOS_COUPON_ERROR_INVALID, error)
      || !parse_validity (t, json, error)
      || !mpos_json_get_bool (json, "stack_with_promotions", &t->stack_with_promotions, error)
      || !mpos_json_get_bool (json, "stack_with_coupons", &t->stack_with_coupons, error)
      || !mpos_json_get_int (json, "points_price", FALSE, 0, MAX_POINTS, &t->points_price, error)
      || !mpos_json_get_int (json, "per_member_limit", FALSE, 0, 1000, &t->per_member_limit, error)
      || !mpos_json_get_bool (json, "restore_on_return", &t->restore_on_return, error))
    return FALSE;
  if (*name == '\0')
    return invalid (error, R_ ("“name” must not be empty"));
  t->name = g_strdup (name);
  return TRUE;
}

/* Every refusal in the coupon domain, naming the field. */
static void as_invalid (GError **error, GError *local, const char *format, ...)
    G_GNUC_PRINTF (3, 4);

static void
as_invalid (GError **error, GError *local, const char *format, ...)
{
  va_list args;
  g_autofree char *where = NULL;

  va_start (args, format);
  where = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, MPOS_COUPON_ERROR, MPOS_COUPON_ERROR_INVALID, "%s: %s", where,
               local->message);
}

MposCouponTemplate *
mpos_coupon_template_from_json (const cJSON *json, GError **error)
{
  g_autoptr (MposCouponTemplate) t = g_new0 (MposCouponTemplate, 1);
  g_autoptr (GError) local = NULL;

  mpos_scope_init (&t->scope);
  t->stores = g_ptr_array_new_with_free_func (g_free);
  t->stack_with_promotions = TRUE;
  t->restore_on_return = TRUE;
  if (!parse_template (t, json, &local))
    {
      /* One domain for every refusal, JSON field errors included. */
      mpos_coupon_fail (error, MPOS_COUPON_ERROR_INVALID, "%s", local->message);
      return NULL;
    }
  return g_steal_pointer (&t);
}

static gboolean
parse_benefit (const cJSON *json, MposCouponBenefit *b, GError **error)
{
  const char *level = NULL, *occasion = NULL, *tmpl = NULL;

  b->quantity = 1;
  if (!mpos_json_get_string (json, "level", TRUE, 64, &level, error)
      || !mpos_json_get_string (json, "occasion", TRUE, 16, &occasion, error)
      || !mpos_json_get_string (json, "template", TRUE, 32, &tmpl, error)
      || !mpos_json_get_int (json, "quantity", FALSE, 1, 100, &b->quantity, error))
    return FALSE;
  if (strcmp (occasion, "birthday") != 0 && strcmp (occasion, "monthly") != 0)
    return invalid (error, R_ ("“occasion” must be birthday or monthly"));
  b->level = g_strdup (level);
  b->occasion = g_strdup (occasion);
  b->template_code = g_strdup (tmpl);
  return TRUE;
}

static gboolean
parse_benefits (MposCouponDocument *doc, const cJSON *list, GError **error)
{
  const cJSON *item;
  guint index = 0;

  if (list == NULL)
    return TRUE;
  if (!cJSON_IsArray (list) || cJSON_GetArraySize (list) > MAX_LIST)
    return invalid (error, R_ ("“benefits” must be an array"));
  doc->benefits = g_ptr_array_new_with_free_func ((GDestroyNotify)benefit_free);
  cJSON_ArrayForEach (item, list)
  {
    MposCouponBenefit *b = g_new0 (MposCouponBenefit, 1);
    g_autoptr (GError) local = NULL;

    index++;
    g_ptr_array_add (doc->benefits, b);
    if (!parse_benefit (item, b, &local))
      {
        as_invalid (error, local, R_ ("benefit %u"), index);
        return FALSE;
      }
    for (guint k = 0; k + 1 < doc->benefits->len; k++)
      {
        const MposCouponBenefit *o = g_ptr_array_index (doc->benefits, k);
        if (strcmp (o->level, b->level) == 0 && strcmp (o->occasion, b->occasion) == 0
            && strcmp (o->template_code, b->template_code) == 0)
          return mpos_coupon_fail (error, MPOS_COUPON_ERROR_INVALID,
                                   R_ ("benefit %u: %s %s %s is given twice"), index, b->level,
                                   b->occasion, b->template_code);
      }
  }
  return TRUE;
}

static gboolean
parse_templates (MposCouponDocument *doc, const cJSON *list, GError **error)
{
  const cJSON *item;
  guint index = 0;

  if (!cJSON_IsArray (list) || cJSON_GetArraySize (list) > MAX_LIST)
    return invalid (error, R_ ("not a coupon template document: expected {\"templates\": [ … ]}"));
  cJSON_ArrayForEach (item, list)
  {
    g_autoptr (GError) local = NULL;
    MposCouponTemplate *t;

    index++;
    t = mpos_coupon_template_from_json (item, &local);
    if (t == NULL)
      {
        const cJSON *code = cJSON_GetObjectItemCaseSensitive (item, "code");
        if (cJSON_IsString (code) && code_ok (code->valuestring))
          as_invalid (error, local, R_ ("template %u (%s)"), index, code->valuestring);
        else
          as_invalid (error, local, R_ ("template %u"), index);
        return FALSE;
      }
    g_ptr_array_add (doc->templates, t);
    for (guint k = 0; k + 1 < doc->templates->len; k++)
      if (strcmp (((MposCouponTemplate *)g_ptr_array_index (doc->templates, k))->code, t->code)
          == 0)
        return mpos_coupon_fail (error, MPOS_COUPON_ERROR_INVALID,
                                 R_ ("template %u: code %s is given twice"), index, t->code);
  }
  return TRUE;
}

MposCouponDocument *
mpos_coupon_document_parse (const char *data, gsize length, GError **error)
{
  g_autoptr (GError) local = NULL;
  g_autoptr (cJSON) root = mpos_json_parse (data, length, &coupon_document_shape, &local);
  g_autoptr (MposCouponDocument) doc = NULL;

  doc = g_new0 (MposCouponDocument, 1);
  doc->templates = g_ptr_array_new_with_free_func ((GDestroyNotify)mpos_coupon_template_free);
  if (root == NULL
      || !parse_templates (doc, cJSON_GetObjectItemCaseSensitive (root, "templates"), &local)
      || !parse_benefits (doc, cJSON_GetObjectItemCaseSensitive (root, "benefits"), &local))
    {
      g_set_error (error, MPOS_COUPON_ERROR, MPOS_COUPON_ERROR_INVALID, "coupon templates: %s",
                   local->message);
      return NULL;
    }
  return g_steal_pointer (&doc);
}

/* ---- storing ----------------------------------------------------------------------- */

/* A stored definition is read as strictly as an imported one. */
static cJSON *
template_json_from_text (const char *text, GError **error)
{
  g_autoptr (GError) local = NULL;
  cJSON *json = text ? mpos_json_parse (text, strlen (text), &template_shape, &local) : NULL;

  if (json == NULL)
    mpos_coupon_fail (error, MPOS_COUPON_ERROR_INVALID,
                      R_ ("a stored coupon template is damaged%s%s"), local ? ": " : "",
                      local ? local->message : "");
  return json;
}

static MposCouponTemplate *
template_from_text (const char *text, GError **error)
{
  g_autoptr (cJSON) json = template_json_from_text (text, error);

  return json ? mpos_coupon_template_from_json (json, error) : NULL;
}

MposCouponTemplate *
mpos_coupon_template_load (MposStore *store, const char *code, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_TEMPLATE, error);
  g_autofree char *text = NULL;

  if (stmt == NULL)
    return NULL;
  mpos_bind_text (stmt, ":code", code ? code : "");
  if (!mpos_store_read_text (store, stmt, &text, "reading a coupon template", error))
    return NULL;
  if (text == NULL)
    {
      mpos_coupon_fail (error, MPOS_COUPON_ERROR_NO_TEMPLATE,
                        R_ ("no coupon template %s; import it first (mallposctl coupon templates "
                            "import FILE)"),
                        code ? code : "");
      return NULL;
    }
  return template_from_text (text, error);
}

static gboolean
count_of (MposStore *store, MposSql *sql, const char *code, int64_t *out, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":code", code);
  return mpos_store_step_returning (store, stmt, "counting", out, error);
}

/* What a coupon is worth and where it applies. */
static gboolean
same_value (const MposCouponTemplate *a, const MposCouponTemplate *b)
{
  return a->type == b->type && a->off == b->off && a->percent_off_bp == b->percent_off_bp
         && a->cap == b->cap && a->min_spend == b->min_spend
         && g_strcmp0 (a->gift_sku, b->gift_sku) == 0 && a->gift_qty == b->gift_qty;
}

/* A template with coupons out may change its name, scope, stores, window
 * and limits, never its value. */
static gboolean
check_change (MposStore *store, const MposCouponTemplate *t, GError **error)
{
  g_autoptr (GError) local = NULL;
  g_autoptr (MposCouponTemplate) old = mpos_coupon_template_load (store, t->code, &local);
  int64_t issued = 0;

  if (old == NULL)
    {
      if (g_error_matches (local, MPOS_COUPON_ERROR, MPOS_COUPON_ERROR_NO_TEMPLATE))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (same_value (old, t))
    return TRUE;
  if (!count_of (store, &SQL_ISSUED, t->code, &issued, error))
    return FALSE;
  if (issued > 0)
    return mpos_coupon_fail (
        error, MPOS_COUPON_ERROR_INVALID,
        R_ ("template %s has %" PRId64
            " coupons out: its type and value cannot change; import it under a "
            "new code"),
        t->code, issued);
  return TRUE;
}

static gboolean
save_template (MposStore *store, const MposCouponTemplate *t, const cJSON *json, int64_t now,
               GError **error)
{
  g_autoptr (MposStmt) stmt = NULL;
  g_autofree char *definition = cJSON_PrintUnformatted (json);

  if (!check_change (store, t, error))
    return FALSE;
  stmt = mpos_store_stmt (store, &SQL_TEMPLATE_UPSERT, error);
  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":code", t->code);
  mpos_bind_text (stmt, ":name", t->name);
  mpos_bind_text (stmt, ":type", type_names[t->type]);
  mpos_bind_int64 (stmt, ":points", t->points_price);
  mpos_bind_text (stmt, ":definition", definition);
  mpos_bind_int64 (stmt, ":now", now);
  return mpos_store_step_done (store, stmt, "saving a coupon template", error);
}

static gboolean
save_benefit (MposStore *store, const MposCouponBenefit *b, GError **error)
{
  g_autoptr (MposStmt) stmt = NULL;
  int64_t levels = 0;
  g_autoptr (MposCouponTemplate) t = NULL;

  if (!count_of (store, &SQL_LEVEL, b->level, &levels, error))
    return FALSE;
  if (levels == 0)
    return mpos_coupon_fail (error, MPOS_COUPON_ERROR_INVALID, R_ ("no member level %s"), b->level);
  t = mpos_coupon_template_load (store, b->template_code, error);
  if (t == NULL)
    return FALSE;
  if (t->valid_days == 0)
    return mpos_coupon_fail (error, MPOS_COUPON_ERROR_INVALID,
                             R_ ("template %s has no “valid_days”: a benefit issued every %s needs "
                                 "coupons valid for days after issue"),
                             b->template_code,
                             strcmp (b->occasion, "monthly") == 0 ? R_ ("month") : R_ ("year"));
  stmt = mpos_store_stmt (store, &SQL_BENEFIT_INSERT, error);
  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":level", b->level);
  mpos_bind_text (stmt, ":occasion", b->occasion);
  mpos_bind_text (stmt, ":template", b->template_code);
  mpos_bind_int64 (stmt, ":quantity", b->quantity);
  return mpos_store_step_done (store, stmt, "saving a level benefit", error);
}

static gboolean
import_body (MposStore *store, const MposCouponDocument *doc, const cJSON *root, int64_t now,
             GError **error)
{
  const cJSON *items = cJSON_GetObjectItemCaseSensitive (root, "templates");
  g_autoptr (MposStmt) stmt = NULL;
  guint index = 0;
  const cJSON *item;

  cJSON_ArrayForEach (item, items)
  {
    if (!save_template (store, g_ptr_array_index (doc->templates, index), item, now, error))
      {
        g_prefix_error (error, "template %u: ", index + 1);
        return FALSE;
      }
    index++;
  }
  if (doc->benefits == NULL)
    return TRUE;
  stmt = mpos_store_stmt (store, &SQL_BENEFITS_CLEAR, error);
  if (stmt == NULL || !mpos_store_step_done (store, stmt, "replacing level benefits", error))
    return FALSE;
  for (guint i = 0; i < doc->benefits->len; i++)
    if (!save_benefit (store, g_ptr_array_index (doc->benefits, i), error))
      {
        g_prefix_error (error, "benefit %u: ", i + 1);
        return FALSE;
      }
  return TRUE;
}

gboolean
mpos_coupon_templates_import (MposStore *store, const char *data, gsize length, const char *actor,
                              int64_t now, guint *imported, GError **error)
{
  g_autoptr (MposCouponDocument) doc = mpos_coupon_document_parse (data, length, error);

  /* checked before the write lock is taken */
  if (doc == NULL || !mpos_store_begin (store, error))
    return FALSE;
  if (!mpos_coupon_templates_write (store, data, length, actor, now, imported, error))
    {
      mpos_store_rollback (store);
      return FALSE;
    }
  return mpos_store_commit (store, error);
}

gboolean
mpos_coupon_templates_write (MposStore *store, const char *data, gsize length, const char *actor,
                             int64_t now, guint *imported, GError **error)
{
  g_autoptr (MposCouponDocument) doc = mpos_coupon_document_parse (data, length, error);
  g_autoptr (cJSON) root = NULL;
  g_autofree char *detail = NULL;
  char id[MPOS_UUID_STRLEN + 1];

  if (doc == NULL || (root = mpos_json_parse (data, length, &coupon_document_shape, error)) == NULL)
    return FALSE;
  detail = g_strdup_printf ("%u template(s)%s", doc->templates->len,
                            doc->benefits ? ", level benefits replaced" : "");
  if (!import_body (store, doc, root, now, error)
      || !mpos_audit_record (store, now, actor, "import_coupon_templates", NULL, detail, error)
      || !mpos_journal_append (store, "coupon_templates", mpos_uuid_v7 (id), root, now, NULL,
                               error))
    return FALSE;
  if (imported)
    *imported = doc->templates->len;
  return TRUE;
}

static gboolean
load_templates (MposStore *store, GPtrArray *templates, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_TEMPLATES, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = mpos_store_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr (GError) local = NULL;
      const char *text = (const char *)sqlite3_column_text (stmt, 0);
      MposCouponTemplate *tmpl = template_from_text (text, &local);

      if (tmpl == NULL)
        {
          sqlite3_reset (stmt);
          return mpos_coupon_fail (error, MPOS_COUPON_ERROR_INVALID, "%s", local->message);
        }
      tmpl->definition = g_strdup (text);
      g_ptr_array_add (templates, tmpl);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return mpos_store_fail (store, rc, "reading coupon templates", error);
  return TRUE;
}

static gboolean
load_benefits (MposStore *store, GPtrArray *benefits, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_BENEFITS, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = mpos_store_step (stmt)) == SQLITE_ROW)
    {
      MposCouponBenefit *b = g_new0 (MposCouponBenefit, 1);

      b->level = mpos_column_text (stmt, 0);
      b->occasion = mpos_column_text (stmt, 1);
      b->template_code = mpos_column_text (stmt, 2);
      b->quantity = sqlite3_column_int64 (stmt, 3);
      g_ptr_array_add (benefits, b);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return mpos_store_fail (store, rc, "reading level benefits", error);
  return TRUE;
}

MposCouponDocument *
mpos_coupon_templates_load (MposStore *store, GError **error)
{
  g_autoptr (MposCouponDocument) doc = g_new0 (MposCouponDocument, 1);

  doc->templates = g_ptr_array_new_with_free_func ((GDestroyNotify)mpos_coupon_template_free);
  doc->benefits = g_ptr_array_new_with_free_func ((GDestroyNotify)benefit_free);
  if (!load_templates (store, doc->templates, error)
      || !load_benefits (store, doc->benefits, error))
    return NULL;
  return g_steal_pointer (&doc);
}

cJSON *
mpos_coupon_document_to_json (const MposCouponDocument *doc)
{
  cJSON *json = cJSON_CreateObject ();
  cJSON *templates = cJSON_AddArrayToObject (json, "templates");
  cJSON *benefits = cJSON_AddArrayToObject (json, "benefits");

  for (guint i = 0; i < doc->templates->len; i++)
    {
      const MposCouponTemplate *t = g_ptr_array_index (doc->templates, i);
      /* Stored only after validation (template_from_text read it just now). */
      cJSON_AddItemToArray (templates,
                            t->definition ? cJSON_Parse (t->definition) : cJSON_CreateObject ());
    }
  for (guint i = 0; doc->benefits != NULL && i < doc->benefits->len; i++)
    {
      const MposCouponBenefit *b = g_ptr_array_index (doc->benefits, i);
      cJSON *item = cJSON_CreateObject ();

      cJSON_AddStringToObject (item, "level", b->level);
      cJSON_AddStringToObject (item, "occasion", b->occasion);
      cJSON_AddStringToObject (item, "template", b->template_code);
      mpos_json_add_int (item, "quantity", b->quantity);
      cJSON_AddItemToArray (benefits, item);
    }
  return json;
}

char *
mpos_coupon_template_describe (const MposCouponTemplate *t)
{
  g_autoptr (GString) out = g_string_new (NULL);
  char buf[MPOS_MONEY_BUF];

  if (t->type == MPOS_COUPON_AMOUNT)
    g_string_append_printf (out, "%s off", mpos_money_to_buf (t->off, buf));
  else if (t->type == MPOS_COUPON_PERCENT)
    {
      g_autofree char *percent = mpos_percent_format (t->percent_off_bp);
      g_string_append_printf (out, "%s off", percent);
      if (t->cap)
        g_string_append_printf (out, " (at most %s)", mpos_money_to_buf (t->cap, buf));
    }
  else
    g_string_append_printf (out, "gift %d × SKU %s", (int)t->gift_qty, t->gift_sku);
  if (t->min_spend)
    g_string_append_printf (out, " from %s", mpos_money_to_buf (t->min_spend, buf));
  return g_string_free (g_steal_pointer (&out), FALSE);
}
