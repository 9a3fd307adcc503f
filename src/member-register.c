/* member-register.c — registration at the counter. Everything typed is
 * checked before the transaction begins writing; then member, card, QR
 * secret, audit record and journal entry commit together or not at all. */
#include "member-register.h"
#include "member-qr-secret.h"
#include "points.h"
#include "member-level.h"
#include "member-private.h"
#include "member-qr.h"
#include "store-private.h"
#include "uuid.h"

#include <string.h>

#define NAME_MAX_CHARS 32

static MposSql SQL_PHONE_OWNER
    = MPOS_SQL ("member-register: phone owner", "SELECT id FROM members WHERE phone = :phone");
static MposSql SQL_PHONE_IS_CARD = MPOS_SQL ("member-register: phone is card",
                                             "SELECT 1 FROM member_cards WHERE card_no = :phone");
static MposSql SQL_LOWEST_LEVEL = MPOS_SQL (
    "member-register: lowest level", "SELECT code FROM member_levels ORDER BY rank, code LIMIT 1");
static MposSql SQL_LEVEL_EXISTS = MPOS_SQL ("member-register: level exists",
                                            "SELECT code FROM member_levels WHERE code = :code");
static MposSql SQL_GROUP_EXISTS = MPOS_SQL ("member-register: group exists",
                                            "SELECT code FROM member_groups WHERE code = :code");
static MposSql SQL_INSERT = MPOS_SQL (
    "member-register: insert",
    "INSERT INTO members (uid, phone, name, birthday, gender, referrer_id, group_code, level_code, "
    "qr_secret, level_since, level_expires_at, created_at) VALUES (:uid, :phone, :name, "
    ":birthday, :gender, :referrer, :group, :level, :secret, :now, :expires, :now)");

typedef struct
{
  char *phone;
  char *name;
  const char *birthday;
  const char *gender;
  char *level_code;
  int64_t referrer_id;
} Checked;

static void
checked_clear (Checked *c)
{
  g_free (c->phone);
  g_free (c->name);
  g_free (c->level_code);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Checked, checked_clear)

/* One text column of the first row, or NULL (no row, or an error). */
static char *
query_text (MposStore *store, MposSql *sql, const char *name, const char *value, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, sql, error);
  char *out = NULL;

  if (stmt == NULL)
    return NULL;
  if (name)
    mpos_bind_text (stmt, name, value);
  mpos_store_read_text (store, stmt, &out, "checking a registration", error);
  return out;
}

static char *
check_name (const char *text, GError **error)
{
  g_autofree char *name = g_strstrip (g_strdup (text ? text : ""));

  if (!g_utf8_validate (name, -1, NULL) || *name == '\0'
      || g_utf8_strlen (name, -1) > NAME_MAX_CHARS)
    {
      mpos_member_fail (error, MPOS_MEMBER_ERROR_INVALID, "a member's name is 1–%d characters",
                        NAME_MAX_CHARS);
      return NULL;
    }
  for (const char *p = name; *p; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      {
        mpos_member_fail (error, MPOS_MEMBER_ERROR_INVALID,
                          "a member's name cannot hold control characters");
        return NULL;
      }
  return g_steal_pointer (&name);
}

/* "YYYY-MM-DD" with digits where digits belong; the calendar is checked after. */
static gboolean
parse_date (const char *text, guint *year, guint *month, guint *day)
{
  if (strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;
  *year = (guint) g_ascii_strtoull (text, NULL, 10);
  *month = (guint) g_ascii_strtoull (text + 5, NULL, 10);
  *day = (guint) g_ascii_strtoull (text + 8, NULL, 10);
  return TRUE;
}

gboolean
mpos_member_check_birthday (MposStore *store, const char *text, int64_t now, GError **error)
{
  g_autoptr (GDateTime) local = mpos_member_local_time (store, now);
  g_autofree char *today = g_date_time_format (local, "%Y-%m-%d");
  guint year = 0, month = 0, day = 0;

  if (text == NULL)
    return TRUE;
  if (!parse_date (text, &year, &month, &day))
    return mpos_member_fail (error, MPOS_MEMBER_ERROR_INVALID,
                             "a birthday is written YYYY-MM-DD, e.g. 1990-05-12");
  if (year < 1900 || !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return mpos_member_fail (error, MPOS_MEMBER_ERROR_INVALID, "%s is not a date", text);
  if (strcmp (text, today) > 0)
    return mpos_member_fail (error, MPOS_MEMBER_ERROR_INVALID, "birthday %s is in the future",
                             text);
  return TRUE;
}

static gboolean
check_phone_free (MposStore *store, const char *phone, GError **error)
{
  GError *local = NULL;
  g_autofree char *owner = query_text (store, &SQL_PHONE_OWNER, ":phone", phone, &local);
  g_autofree char *card
      = owner ? NULL : query_text (store, &SQL_PHONE_IS_CARD, ":phone", phone, &local);
  g_autofree char *masked = mpos_member_mask_phone (phone);

  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  if (owner)
    return mpos_member_fail (error, MPOS_MEMBER_ERROR_DUPLICATE,
                             "phone %s already belongs to member %s", masked, owner);
  if (card)
    return mpos_member_fail (error, MPOS_MEMBER_ERROR_DUPLICATE,
                             "phone %s is a member card number", masked);
  return TRUE;
}

static char *
check_level (MposStore *store, const char *code, GError **error)
{
  GError *local = NULL;
  char *found = code ? query_text (store, &SQL_LEVEL_EXISTS, ":code", code, &local)
                     : query_text (store, &SQL_LOWEST_LEVEL, NULL, NULL, &local);

  if (local != NULL)
    g_propagate_error (error, local);
  else if (found == NULL && code)
    mpos_member_fail (error, MPOS_MEMBER_ERROR_NOT_FOUND, "no member level “%s”", code);
  else if (found == NULL)
    mpos_member_fail (error, MPOS_MEMBER_ERROR_NOT_FOUND,
                      "no member levels yet: import them (mallposctl import members) first");
  return found;
}

static gboolean
check_group (MposStore *store, const char *code, GError **error)
{
  GError *local = NULL;
  g_autofree char *found
      = code ? query_text (store, &SQL_GROUP_EXISTS, ":code", code, &local) : NULL;

  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  if (code && found == NULL)
    return mpos_member_fail (error, MPOS_MEMBER_ERROR_NOT_FOUND, "no member group “%s”", code);
  return TRUE;
}

static gboolean
check_referrer (MposStore *store, const char *key, int64_t *out, GError **error)
{
  g_autoptr (MposMember) referrer = NULL;

  *out = 0;
  if (key == NULL)
    return TRUE;
  referrer = mpos_member_lookup (store, key, error);
  if (referrer == NULL)
    {
      g_prefix_error (error, "referrer: ");
      return FALSE;
    }
  *out = referrer->id;
  return TRUE;
}

gboolean
mpos_member_check_gender (const char *gender, GError **error)
{
  if (gender == NULL || strcmp (gender, "female") == 0 || strcmp (gender, "male") == 0)
    return TRUE;
  return mpos_member_fail (error, MPOS_MEMBER_ERROR_INVALID, "gender is “female” or “male”");
}

static gboolean
check_all (MposStore *store, const MposMemberRegistration *r, int64_t now, Checked *c,
           GError **error)
{
  if ((c->phone = mpos_member_normalize_phone (r->phone, error)) == NULL
      || (c->name = check_name (r->name, error)) == NULL
      || !mpos_member_check_birthday (store, r->birthday, now, error)
      || !mpos_member_check_gender (r->gender, error)
      || !check_phone_free (store, c->phone, error)
      || (r->card_no && !mpos_member_check_new_card (store, r->card_no, error))
      || (c->level_code = check_level (store, r->level_code, error)) == NULL
      || !check_group (store, r->group_code, error)
      || !check_referrer (store, r->referrer, &c->referrer_id, error))
    return FALSE;
  c->birthday = r->birthday;
  c->gender = r->gender;
  return TRUE;
}

static gboolean
insert_member (MposStore *store, const MposMemberRegistration *r, const Checked *c, int64_t now,
               int64_t *member_id, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_INSERT, error);
  char uid[MPOS_UUID_STRLEN + 1];
  int64_t expires = 0;

  if (stmt == NULL
      || !mpos_member_level_period_end (store, c->level_code, now, &expires, error))
    return FALSE;
  mpos_bind_text (stmt, ":uid", mpos_uuid_v7 (uid));
  mpos_bind_text (stmt, ":phone", c->phone);
  mpos_bind_text (stmt, ":name", c->name);
  mpos_bind_text (stmt, ":birthday", c->birthday);
  mpos_bind_text (stmt, ":gender", c->gender);
  if (c->referrer_id)
    mpos_bind_int64 (stmt, ":referrer", c->referrer_id);
  else
    mpos_bind_null (stmt, ":referrer");
  mpos_bind_text (stmt, ":group", r->group_code);
  mpos_bind_text (stmt, ":level", c->level_code);
  mpos_bind_null (stmt, ":secret"); /* sealed apart: member-qr-secret.c */
  mpos_bind_int64 (stmt, ":now", now);
  if (expires)
    mpos_bind_int64 (stmt, ":expires", expires);
  else
    mpos_bind_null (stmt, ":expires");
  if (!mpos_store_step_done (store, stmt, "saving a new member", error))
    return FALSE;
  *member_id = sqlite3_last_insert_rowid (mpos_store_db (store));
  return mpos_member_qr_secret_renew (store, *member_id, now, error);
}

static char *
register_member (MposStore *store, const MposMemberRegistration *r, int64_t now, int64_t *member_id,
                 MposRegistrationBonus *bonus, GError **error)
{
  g_auto (Checked) checked = { 0 };
  g_autofree char *card_no = NULL, *masked = NULL, *detail = NULL;
  cJSON *change;

  if (!check_all (store, r, now, &checked, error)
      || !insert_member (store, r, &checked, now, member_id, error))
    return NULL;
  card_no = r->card_no ? g_strdup (r->card_no) : mpos_member_new_virtual_card (store, error);
  if (card_no == NULL
      || !mpos_member_insert_card (store, card_no, *member_id, r->card_no != NULL, now, error))
    return NULL;
  masked = mpos_member_mask_card (card_no);
  detail = g_strdup_printf ("registered with card %s", masked);
  change = cJSON_CreateObject ();
  cJSON_AddStringToObject (change, "action", "register");
  cJSON_AddStringToObject (change, "card_no_masked", masked);
  if (!mpos_member_record_change (store, *member_id, "member_register", r->actor, detail, change,
                                  now, error)
      || !mpos_points_grant_registration (store, *member_id, now, bonus, error))
    return NULL;
  return g_steal_pointer (&card_no);
}

MposMember *
mpos_member_register (MposStore *store, const MposMemberRegistration *registration, int64_t now,
                      GError **error)
{
  return mpos_member_register_with_bonus (store, registration, now, NULL, error);
}

MposMember *
mpos_member_register_with_bonus (MposStore *store, const MposMemberRegistration *registration,
                                 int64_t now, MposRegistrationBonus *bonus, GError **error)
{
  g_autofree char *card_no = NULL;
  int64_t member_id = 0;
  MposMember *member;

  g_return_val_if_fail (registration != NULL, NULL);
  /* Checks run inside the write transaction: no other terminal process can
   * take the phone or card between the check and the insert. */
  if (!mpos_store_begin (store, error))
    return NULL;
  card_no = register_member (store, registration, now, &member_id, bonus, error);
  if (card_no == NULL)
    {
      mpos_store_rollback (store);
      return NULL;
    }
  if (!mpos_store_commit (store, error))
    return NULL;
  member = mpos_member_get (store, member_id, error);
  if (member)
    {
      g_free (member->card_no);
      member->card_no = g_steal_pointer (&card_no);
    }
  return member;
}
