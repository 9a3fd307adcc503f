/* member.c — member lookup for the checkout and the levels/members import. */
#include "member.h"
#include "clock.h"
#include "json-fields.h"
#include "percent.h"
#include "store-private.h"

#include <string.h>

G_DEFINE_QUARK (mpos-member-error-quark, mpos_member_error)

#define MEMBER_COLUMNS                                                                             \
  "SELECT m.id, m.card_no, m.phone, m.name, m.level_code, l.name, l.discount_bp "                 \
  "FROM members m JOIN member_levels l ON l.code = m.level_code "
#define SQL_BY_CARD MEMBER_COLUMNS "WHERE m.card_no = :key"
#define SQL_BY_PHONE MEMBER_COLUMNS "WHERE m.phone = :key"
#define SQL_BY_ID MEMBER_COLUMNS "WHERE m.id = :id"
#define SQL_LEVEL_UPSERT                                                                           \
  "INSERT INTO member_levels (code, name, discount_bp, rank) VALUES (:code, :name, :bp, :rank) "  \
  "ON CONFLICT (code) DO UPDATE SET name = excluded.name, discount_bp = excluded.discount_bp, "   \
  "rank = excluded.rank"
#define SQL_MEMBER_UPSERT                                                                          \
  "INSERT INTO members (card_no, phone, name, level_code, created_at) "                           \
  "VALUES (:card, :phone, :name, :level, :now) "                                                  \
  "ON CONFLICT (card_no) DO UPDATE SET phone = excluded.phone, name = excluded.name, "            \
  "level_code = excluded.level_code"

void
mpos_member_free (MposMember *member)
{
  if (member == NULL)
    return;
  g_free (member->card_no);
  g_free (member->phone);
  g_free (member->name);
  g_free (member->level_code);
  g_free (member->level_name);
  g_free (member);
}

static char *
text_or_null (sqlite3_stmt *stmt, int column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return text ? g_strdup ((const char *) text) : NULL;
}

static MposMember *
member_from_row (sqlite3_stmt *stmt)
{
  MposMember *member = g_new0 (MposMember, 1);

  member->id = sqlite3_column_int64 (stmt, 0);
  member->card_no = text_or_null (stmt, 1);
  member->phone = text_or_null (stmt, 2);
  member->name = text_or_null (stmt, 3);
  member->level_code = text_or_null (stmt, 4);
  member->level_name = text_or_null (stmt, 5);
  member->level_discount_bp = sqlite3_column_int (stmt, 6);
  return member;
}

static MposMember *
query_member (MposStore *store, const char *sql, const char *key, int64_t id, GError **error)
{
  sqlite3_stmt *stmt = mpos_store_stmt (store, sql, error);
  MposMember *member = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  if (key)
    mpos_bind_text (stmt, ":key", key);
  else
    mpos_bind_int64 (stmt, ":id", id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    member = member_from_row (stmt);
  else if (rc != SQLITE_DONE)
    mpos_store_fail (store, rc, "looking up a member", error);
  sqlite3_reset (stmt);
  return member;
}

MposMember *
mpos_member_lookup (MposStore *store, const char *card_or_phone, GError **error)
{
  GError *local = NULL;
  MposMember *member = query_member (store, SQL_BY_CARD, card_or_phone, 0, &local);

  if (member == NULL && local == NULL)
    member = query_member (store, SQL_BY_PHONE, card_or_phone, 0, &local);
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return NULL;
    }
  if (member == NULL)
    g_set_error (error, MPOS_MEMBER_ERROR, MPOS_MEMBER_ERROR_NOT_FOUND,
                 "no member with that card or phone number");
  return member;
}

MposMember *
mpos_member_get (MposStore *store, int64_t member_id, GError **error)
{
  GError *local = NULL;
  MposMember *member = query_member (store, SQL_BY_ID, NULL, member_id, &local);

  if (local != NULL)
    g_propagate_error (error, local);
  else if (member == NULL)
    g_set_error (error, MPOS_MEMBER_ERROR, MPOS_MEMBER_ERROR_NOT_FOUND, "no member %" G_GINT64_FORMAT,
                 member_id);
  return member;
}

static char *
mask_middle (const char *text, gsize keep_front, gsize keep_back)
{
  gsize len = text ? strlen (text) : 0;
  GString *out;

  if (len <= keep_front + keep_back)
    return g_strnfill (len, '*');
  out = g_string_new_len (text, keep_front);
  for (gsize i = keep_front; i < len - keep_back; i++)
    g_string_append_c (out, '*');
  g_string_append (out, text + len - keep_back);
  return g_string_free (out, FALSE);
}

char *
mpos_member_mask_phone (const char *phone)
{
  return mask_middle (phone, 3, 4);
}

char *
mpos_member_mask_card (const char *card_no)
{
  return mask_middle (card_no, 4, 4);
}

/* ---- import -------------------------------------------------------------- */

static gboolean
import_level (MposStore *store, const cJSON *level, int rank, GError **error)
{
  const char *code = NULL, *name = NULL;
  int bp = 0;
  sqlite3_stmt *stmt;

  if (!mpos_json_get_string (level, "code", TRUE, 32, &code, error)
      || !mpos_json_get_string (level, "name", TRUE, 64, &name, error)
      || !mpos_json_get_percent (level, "discount", FALSE, &bp, error))
    return FALSE;
  stmt = mpos_store_stmt (store, SQL_LEVEL_UPSERT, error);
  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":code", code);
  mpos_bind_text (stmt, ":name", name);
  mpos_bind_int64 (stmt, ":bp", bp);
  mpos_bind_int64 (stmt, ":rank", rank);
  return mpos_store_step_done (store, stmt, "saving a member level", error);
}

static gboolean
valid_digits (const char *text, gsize min, gsize max)
{
  gsize len = strlen (text);

  if (len < min || len > max)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;
  return TRUE;
}

static gboolean
import_member (MposStore *store, const cJSON *item, int64_t now, GError **error)
{
  const char *card = NULL, *phone = NULL, *name = NULL, *level = NULL;
  sqlite3_stmt *stmt;

  if (!mpos_json_get_string (item, "card", TRUE, 32, &card, error)
      || !mpos_json_get_string (item, "phone", FALSE, 20, &phone, error)
      || !mpos_json_get_string (item, "name", TRUE, 64, &name, error)
      || !mpos_json_get_string (item, "level", TRUE, 32, &level, error))
    return FALSE;
  if (!valid_digits (card, 6, 32) || (phone && !valid_digits (phone, 11, 11)))
    {
      g_set_error (error, MPOS_MEMBER_ERROR, MPOS_MEMBER_ERROR_INVALID,
                   "card numbers are 6–32 digits and phones 11 digits");
      return FALSE;
    }
  stmt = mpos_store_stmt (store, SQL_MEMBER_UPSERT, error);
  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":card", card);
  mpos_bind_text (stmt, ":phone", phone);
  mpos_bind_text (stmt, ":name", name);
  mpos_bind_text (stmt, ":level", level);
  mpos_bind_int64 (stmt, ":now", now);
  return mpos_store_step_done (store, stmt, "saving a member", error);
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
      gboolean ok = strcmp (key, "levels") == 0 ? import_level (store, item, (int) index, error)
                                                : import_member (store, item, now, error);
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
  g_autoptr (cJSON) root = mpos_json_parse (data, length, error);

  if (root == NULL || !mpos_store_begin (store, error))
    return FALSE;
  if (!import_array (store, root, "levels", NULL, error)
      || !import_array (store, root, "members", members_imported, error))
    {
      mpos_store_rollback (store);
      return FALSE;
    }
  return mpos_store_commit (store, error);
}
