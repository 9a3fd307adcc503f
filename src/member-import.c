/* member-import.c — import of member groups, levels (benefits and rules)
 * and members from JSON (data/demo/members.json, format in
 * data/demo/README.md): one transaction, all or nothing. A member is matched
 * by card number; a new one gets a uid and a QR secret like a registration.
 * Imports are the centre's or IT's data, so they are not journalled back. */
#include "clock.h"
#include "json-fields.h"
#include "member-private.h"
#include "member-qr-secret.h"
#include "member-qr.h"
#include "store-private.h"
#include "uuid.h"

#include <string.h>

static MposSql SQL_GROUP_UPSERT = MPOS_SQL (
    "member-import: group upsert",
    "INSERT INTO member_groups (code, name, discount_bp) VALUES (:code, :name, :bp) "
    "ON CONFLICT (code) DO UPDATE SET name = excluded.name, discount_bp = excluded.discount_bp");
static MposSql SQL_LEVEL_UPSERT = MPOS_SQL (
    "member-import: level upsert",
    "INSERT INTO member_levels (code, name, discount_bp, rank, points_multiplier_bp, "
    "birthday_points_multiplier_bp, birthday_bonus_points, upgrade_spend, upgrade_points, "
    "upgrade_top_up, retain_spend, retain_points, retain_top_up) VALUES (:code, :name, :bp, :rank, "
    ":multiplier, :birthday_multiplier, :birthday_bonus, :upgrade_spend, :upgrade_points, "
    ":upgrade_top_up, :retain_spend, :retain_points, :retain_top_up) "
    "ON CONFLICT (code) DO UPDATE SET name = excluded.name, discount_bp = excluded.discount_bp, "
    "rank = excluded.rank, points_multiplier_bp = excluded.points_multiplier_bp, "
    "birthday_points_multiplier_bp = excluded.birthday_points_multiplier_bp, "
    "birthday_bonus_points = excluded.birthday_bonus_points, "
    "upgrade_spend = excluded.upgrade_spend, upgrade_points = excluded.upgrade_points, "
    "upgrade_top_up = excluded.upgrade_top_up, retain_spend = excluded.retain_spend, "
    "retain_points = excluded.retain_points, retain_top_up = excluded.retain_top_up");
static MposSql SQL_CARD_MEMBER = MPOS_SQL (
    "member-import: card member", "SELECT member_id FROM member_cards WHERE card_no = :card");
static MposSql SQL_MEMBER_UPDATE = MPOS_SQL (
    "member-import: member update",
    "UPDATE members SET phone = :phone, name = :name, birthday = :birthday, gender = :gender, "
    "group_code = :group, level_since = CASE WHEN level_code = :level THEN level_since ELSE :now "
    "END, level_expires_at = CASE WHEN level_code = :level THEN level_expires_at END, "
    "level_code = :level WHERE id = :id");
static MposSql SQL_MEMBER_INSERT = MPOS_SQL (
    "member-import: member insert",
    "INSERT INTO members (uid, phone, name, birthday, gender, group_code, level_code, qr_secret, "
    "level_since, created_at) VALUES (:uid, :phone, :name, :birthday, :gender, :group, :level, "
    ":secret, :now, :now)");

/* ---- the document's shape --------------------------------------------------- */

static const MposJsonShape thresholds_shape = {
  .what = "a level threshold",
  .keys
  = (const MposJsonKey[]){ { "spend", NULL }, { "points", NULL }, { "top_up", NULL }, { NULL } },
};

static const MposJsonShape group_shape = {
  .what = "a member group",
  .keys
  = (const MposJsonKey[]){ { "code", NULL }, { "name", NULL }, { "discount", NULL }, { NULL } },
};

static const MposJsonShape level_shape = {
  .what = "a member level",
  .keys = (const MposJsonKey[]){ { "code", NULL },
                                 { "name", NULL },
                                 { "discount", NULL },
                                 { "points_multiplier", NULL },
                                 { "birthday_points_multiplier", NULL },
                                 { "birthday_bonus_points", NULL },
                                 { "upgrade", &thresholds_shape },
                                 { "retain", &thresholds_shape },
                                 { NULL } },
};

static const MposJsonShape member_shape = {
  .what = "a member",
  .keys = (const MposJsonKey[]){ { "card", NULL },
                                 { "phone", NULL },
                                 { "name", NULL },
                                 { "level", NULL },
                                 { "birthday", NULL },
                                 { "gender", NULL },
                                 { "group", NULL },
                                 { NULL } },
};

static const MposJsonShape members_shape = {
  .what = "a members document",
  .keys = (const MposJsonKey[]){ { "groups", &(const MposJsonShape){ .items = &group_shape } },
                                 { "levels", &(const MposJsonShape){ .items = &level_shape } },
                                 { "members", &(const MposJsonShape){ .items = &member_shape } },
                                 { NULL } },
};

/* ---- groups and levels ------------------------------------------------------ */

static gboolean
import_group (MposStore *store, const cJSON *item, GError **error)
{
  const char *code = NULL, *name = NULL;
  int bp = 0;
  g_autoptr (MposStmt) stmt = NULL;

  if (!mpos_json_get_string (item, "code", TRUE, 32, &code, error)
      || !mpos_json_get_string (item, "name", TRUE, 64, &name, error)
      || !mpos_json_get_percent (item, "discount", FALSE, &bp, error))
    return FALSE;
  stmt = mpos_store_stmt (store, &SQL_GROUP_UPSERT, error);
  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":code", code);
  mpos_bind_text (stmt, ":name", name);
  mpos_bind_int64 (stmt, ":bp", bp);
  return mpos_store_step_done (store, stmt, "saving a member group", error);
}

/* "1.50" → 15000 basis points (×1.5), at most ×10. */
static gboolean
get_multiplier (const cJSON *item, const char *key, int *bp, GError **error)
{
  MposMoney hundredths = *bp / 100;

  if (!mpos_json_get_money (item, key, FALSE, MPOS_MONEY_PARSE_DEFAULT, &hundredths, error))
    return FALSE;
  if (hundredths > 1000)
    {
      g_set_error (error, MPOS_JSON_ERROR, MPOS_JSON_ERROR_VALUE,
                   "“%s” is a multiplier from \"0.00\" to \"10.00\"", key);
      return FALSE;
    }
  *bp = (int) hundredths * 100;
  return TRUE;
}

typedef struct
{
  MposMoney spend;
  int64_t points;
  MposMoney top_up;
} Thresholds;

static gboolean
get_thresholds (const cJSON *level, const char *key, Thresholds *out, GError **error)
{
  const cJSON *rule = cJSON_GetObjectItemCaseSensitive (level, key);

  *out = (Thresholds){ 0 };
  if (rule == NULL)
    return TRUE;
  if (!cJSON_IsObject (rule))
    {
      g_set_error (error, MPOS_JSON_ERROR, MPOS_JSON_ERROR_TYPE,
                   "“%s” must be an object like {\"spend\": \"2000.00\"}", key);
      return FALSE;
    }
  if (!mpos_json_get_money (rule, "spend", FALSE, MPOS_MONEY_PARSE_DEFAULT, &out->spend, error)
      || !mpos_json_get_int (rule, "points", FALSE, 0, G_GINT64_CONSTANT (1000000000000),
                             &out->points, error)
      || !mpos_json_get_money (rule, "top_up", FALSE, MPOS_MONEY_PARSE_DEFAULT, &out->top_up,
                               error))
    {
      g_prefix_error (error, "%s: ", key);
      return FALSE;
    }
  return TRUE;
}

static void
bind_threshold (sqlite3_stmt *stmt, const char *name, int64_t value)
{
  if (value > 0)
    mpos_bind_int64 (stmt, name, value);
  else
    mpos_bind_null (stmt, name);
}

static gboolean
import_level (MposStore *store, const cJSON *level, int rank, GError **error)
{
  const char *code = NULL, *name = NULL;
  int bp = 0, multiplier = 10000, birthday_multiplier = 10000;
  int64_t birthday_bonus = 0;
  Thresholds upgrade, retain;
  g_autoptr (MposStmt) stmt = NULL;

  if (!mpos_json_get_string (level, "code", TRUE, 32, &code, error)
      || !mpos_json_get_string (level, "name", TRUE, 64, &name, error)
      || !mpos_json_get_percent (level, "discount", FALSE, &bp, error)
      || !get_multiplier (level, "points_multiplier", &multiplier, error)
      || !get_multiplier (level, "birthday_points_multiplier", &birthday_multiplier, error)
      || !mpos_json_get_int (level, "birthday_bonus_points", FALSE, 0, 100000000, &birthday_bonus,
                             error)
      || !get_thresholds (level, "upgrade", &upgrade, error)
      || !get_thresholds (level, "retain", &retain, error))
    return FALSE;
  stmt = mpos_store_stmt (store, &SQL_LEVEL_UPSERT, error);
  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":code", code);
  mpos_bind_text (stmt, ":name", name);
  mpos_bind_int64 (stmt, ":bp", bp);
  mpos_bind_int64 (stmt, ":rank", rank);
  mpos_bind_int64 (stmt, ":multiplier", multiplier);
  mpos_bind_int64 (stmt, ":birthday_multiplier", birthday_multiplier);
  mpos_bind_int64 (stmt, ":birthday_bonus", birthday_bonus);
  bind_threshold (stmt, ":upgrade_spend", upgrade.spend);
  bind_threshold (stmt, ":upgrade_points", upgrade.points);
  bind_threshold (stmt, ":upgrade_top_up", upgrade.top_up);
  bind_threshold (stmt, ":retain_spend", retain.spend);
  bind_threshold (stmt, ":retain_points", retain.points);
  bind_threshold (stmt, ":retain_top_up", retain.top_up);
  return mpos_store_step_done (store, stmt, "saving a member level", error);
}

/* ---- members -------------------------------------------------------------------- */

typedef struct
{
  const char *card, *name, *level, *birthday, *gender, *group;
  char *phone;
} MemberFields;

static gboolean
read_member (MposStore *store, const cJSON *item, int64_t now, MemberFields *f, GError **error)
{
  const char *phone = NULL;

  if (!mpos_json_get_string (item, "card", TRUE, 32, &f->card, error)
      || !mpos_json_get_string (item, "phone", FALSE, 20, &phone, error)
      || !mpos_json_get_string (item, "name", TRUE, 64, &f->name, error)
      || !mpos_json_get_string (item, "level", TRUE, 32, &f->level, error)
      || !mpos_json_get_string (item, "birthday", FALSE, 10, &f->birthday, error)
      || !mpos_json_get_string (item, "gender", FALSE, 6, &f->gender, error)
      || !mpos_json_get_string (item, "group", FALSE, 32, &f->group, error))
    return FALSE;
  if (!mpos_member_valid_digits (f->card, 6, 32))
    return mpos_member_fail (error, MPOS_MEMBER_ERROR_INVALID,
                             "card numbers are 6–32 digits and phones 11 digits");
  if (phone && (f->phone = mpos_member_normalize_phone (phone, error)) == NULL)
    return FALSE;
  return mpos_member_check_birthday (store, f->birthday, now, error)
         && mpos_member_check_gender (f->gender, error);
}

static gboolean
card_member (MposStore *store, const char *card, int64_t *member_id, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_CARD_MEMBER, error);

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":card", card);
  *member_id = 0;
  return mpos_store_read_int64 (store, stmt, member_id, NULL, "looking up a member card", error);
}

static void
bind_fields (sqlite3_stmt *stmt, const MemberFields *f, int64_t now)
{
  mpos_bind_text (stmt, ":phone", f->phone);
  mpos_bind_text (stmt, ":name", f->name);
  mpos_bind_text (stmt, ":birthday", f->birthday);
  mpos_bind_text (stmt, ":gender", f->gender);
  mpos_bind_text (stmt, ":group", f->group);
  mpos_bind_text (stmt, ":level", f->level);
  mpos_bind_int64 (stmt, ":now", now);
}

static gboolean
insert_member (MposStore *store, const MemberFields *f, int64_t now, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_MEMBER_INSERT, error);
  char uid[MPOS_UUID_STRLEN + 1];
  int64_t member_id;

  if (stmt == NULL)
    return FALSE;
  bind_fields (stmt, f, now);
  mpos_bind_text (stmt, ":uid", mpos_uuid_v7 (uid));
  mpos_bind_null (stmt, ":secret"); /* sealed apart: member-qr-secret.c */
  if (!mpos_store_step_done (store, stmt, "saving a member", error))
    return FALSE;
  member_id = sqlite3_last_insert_rowid (mpos_store_db (store));
  return mpos_member_qr_secret_renew (store, member_id, now, error)
         && mpos_member_insert_card (store, f->card, member_id, TRUE, now, error);
}

static gboolean
import_member (MposStore *store, const cJSON *item, int64_t now, GError **error)
{
  MemberFields f = { 0 };
  g_autofree char *phone = NULL;
  g_autoptr (MposStmt) stmt = NULL;
  int64_t member_id = 0;
  gboolean ok;

  ok = read_member (store, item, now, &f, error);
  phone = f.phone;
  if (!ok || !card_member (store, f.card, &member_id, error))
    return FALSE;
  if (member_id == 0)
    return insert_member (store, &f, now, error);
  stmt = mpos_store_stmt (store, &SQL_MEMBER_UPDATE, error);
  if (stmt == NULL)
    return FALSE;
  bind_fields (stmt, &f, now);
  mpos_bind_int64 (stmt, ":id", member_id);
  return mpos_store_step_done (store, stmt, "saving a member", error);
}

static gboolean
import_item (MposStore *store, const char *key, const cJSON *item, int index, int64_t now,
             GError **error)
{
  if (strcmp (key, "groups") == 0)
    return import_group (store, item, error);
  if (strcmp (key, "levels") == 0)
    return import_level (store, item, index, error);
  return import_member (store, item, now, error);
}

static gboolean
import_array (MposStore *store, const cJSON *root, const char *key, guint *count, GError **error)
{
  const cJSON *items = cJSON_GetObjectItemCaseSensitive (root, key);
  const cJSON *item;
  int64_t now = mpos_clock_now ();
  guint index = 0;

  if (items != NULL && !cJSON_IsArray (items))
    {
      g_set_error (error, MPOS_MEMBER_ERROR, MPOS_MEMBER_ERROR_INVALID, "“%s” must be an array",
                   key);
      return FALSE;
    }
  cJSON_ArrayForEach (item, items)
    {
      gboolean ok = import_item (store, key, item, (int) index, now, error);
      index++;
      if (!ok)
        {
          g_prefix_error (error, "%s item %u: ", key, index);
          return FALSE;
        }
    }
  if (count)
    *count = index;
  return TRUE;
}

gboolean
mpos_member_import_json (MposStore *store, const char *data, gsize length,
                         guint *members_imported, GError **error)
{
  g_autoptr (cJSON) root = mpos_json_parse (data, length, &members_shape, error);

  if (root == NULL || !mpos_store_begin (store, error))
    return FALSE;
  if (!import_array (store, root, "groups", NULL, error)
      || !import_array (store, root, "levels", NULL, error)
      || !import_array (store, root, "members", members_imported, error))
    {
      mpos_store_rollback (store);
      return FALSE;
    }
  return mpos_store_commit (store, error);
}
