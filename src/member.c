/* member.c — finding a member for the checkout (card, full phone, last
 * four digits), the phone rules (normalise, mask, display policy). Finding
 * by whatever was scanned or typed is member-lookup.c, the member as JSON
 * member-json.c (both build on the card and QR modules, which build on this). */
#include "member.h"
#include "mask.h"
#include "clock.h"
#include "member-private.h"
#include "store-private.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

/* clang-format off */
G_DEFINE_QUARK (mpos-member-error-quark, mpos_member_error)
/* clang-format on */

static MposSql SQL_BY_PHONE
    = MPOS_SQL ("member: by phone", MPOS_MEMBER_SELECT "WHERE m.phone = :key");
static MposSql SQL_BY_ID = MPOS_SQL ("member: by id", MPOS_MEMBER_SELECT "WHERE m.id = :id");
static MposSql SQL_BY_PHONE_TAIL
    = MPOS_SQL ("member: by phone tail",
                MPOS_MEMBER_SELECT "WHERE substr (m.phone, -4) = :tail AND m.phone IS NOT NULL "
                                   "ORDER BY m.id LIMIT :limit");
static MposSql SQL_CARD
    = MPOS_SQL ("member: card",
                "SELECT member_id, status, replaced_by FROM member_cards WHERE card_no = :card");

void
mpos_member_free (MposMember *member)
{
  if (member == NULL)
    return;
  g_free (member->uid);
  g_free (member->card_no);
  g_free (member->phone);
  g_free (member->name);
  g_free (member->birthday);
  g_free (member->gender);
  g_free (member->level_code);
  g_free (member->level_name);
  g_free (member->group_code);
  g_free (member->group_name);
  g_free (member);
}

gboolean
mpos_member_valid_digits (const char *text, gsize min, gsize max)
{
  gsize len = text ? strlen (text) : 0;

  if (len < min || len > max)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;
  return TRUE;
}

int64_t
mpos_member_setting_int (MposStore *store, const char *key, int64_t fallback, int64_t min,
                         int64_t max)
{
  g_autofree char *text = mpos_store_get_setting (store, key);
  gint64 value = 0;

  if (text == NULL || !g_ascii_string_to_signed (text, 10, min, max, &value, NULL))
    return fallback;
  return value;
}

gboolean
mpos_member_random_bytes (guint8 *buf, gsize n, GError **error)
{
  gsize done = 0;

  while (done < n)
    {
      ssize_t got = getrandom (buf + done, n - done, 0);
      if (got < 0 && errno == EINTR)
        continue;
      if (got <= 0)
        {
          g_set_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_FAILED,
                       "the kernel gave no random bytes: %s", g_strerror (errno));
          return FALSE;
        }
      done += (gsize) got;
    }
  return TRUE;
}

GDateTime *
mpos_member_local_time (MposStore *store, int64_t utc_seconds)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (utc_seconds);

  if (utc == NULL || mpos_store_get_identity (store, NULL) == NULL || store->time_zone == NULL)
    return utc ? g_date_time_ref (utc) : g_date_time_new_from_unix_utc (0);
  return g_date_time_to_timezone (utc, store->time_zone);
}

MposMember *
mpos_member_from_row (sqlite3_stmt *stmt)
{
  MposMember *m = g_new0 (MposMember, 1);
  int c = 0;

  m->id = sqlite3_column_int64 (stmt, c++);
  m->uid = mpos_column_text (stmt, c++);
  m->phone = mpos_column_text (stmt, c++);
  m->name = mpos_column_text (stmt, c++);
  m->birthday = mpos_column_text (stmt, c++);
  m->gender = mpos_column_text (stmt, c++);
  m->referrer_id = sqlite3_column_int64 (stmt, c++);
  m->created_at = sqlite3_column_int64 (stmt, c++);
  m->level_code = mpos_column_text (stmt, c++);
  m->level_name = mpos_column_text (stmt, c++);
  m->level_discount_bp = sqlite3_column_int (stmt, c++);
  m->points_multiplier_bp = sqlite3_column_int (stmt, c++);
  m->birthday_points_multiplier_bp = sqlite3_column_int (stmt, c++);
  m->birthday_bonus_points = sqlite3_column_int64 (stmt, c++);
  m->level_since = sqlite3_column_int64 (stmt, c++);
  m->level_expires_at = sqlite3_column_int64 (stmt, c++);
  m->group_code = mpos_column_text (stmt, c++);
  m->group_name = mpos_column_text (stmt, c++);
  m->group_discount_bp = sqlite3_column_int (stmt, c++);
  m->card_no = mpos_column_text (stmt, c++);
  return m;
}

static MposMember *
query_member (MposStore *store, MposSql *sql, const char *key, int64_t id, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, sql, error);
  MposMember *member = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  if (key)
    mpos_bind_text (stmt, ":key", key);
  else
    mpos_bind_int64 (stmt, ":id", id);
  rc = mpos_store_step (stmt);
  if (rc == SQLITE_ROW)
    member = mpos_member_from_row (stmt);
  else if (rc != SQLITE_DONE)
    mpos_store_fail (store, rc, "looking up a member", error);
  sqlite3_reset (stmt);
  return member;
}

MposMember *
mpos_member_get (MposStore *store, int64_t member_id, GError **error)
{
  GError *local = NULL;
  MposMember *member = query_member (store, &SQL_BY_ID, NULL, member_id, &local);

  if (local != NULL)
    g_propagate_error (error, local);
  else if (member == NULL)
    mpos_member_fail (error, MPOS_MEMBER_ERROR_NOT_FOUND, "no member %" G_GINT64_FORMAT,
                      member_id);
  return member;
}

/* The member of an active card; a lost or replaced card is an error that
 * names the new card. NULL without an error: no such card. */
static MposMember *
member_by_card (MposStore *store, const char *card_no, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_CARD, error);
  g_autofree char *status = NULL, *replaced_by = NULL;
  int64_t member_id = 0;
  MposMember *member;
  int rc;

  if (stmt == NULL)
    return NULL;
  mpos_bind_text (stmt, ":card", card_no);
  rc = mpos_store_step (stmt);
  if (rc == SQLITE_ROW)
    {
      member_id = sqlite3_column_int64 (stmt, 0);
      status = mpos_column_text (stmt, 1);
      replaced_by = mpos_column_text (stmt, 2);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      mpos_store_fail (store, rc, "looking up a member card", error);
      return NULL;
    }
  if (member_id == 0)
    return NULL;
  if (g_strcmp0 (status, "active") != 0)
    {
      g_autofree char *masked = mpos_member_mask_card (card_no);
      g_autofree char *masked_new = replaced_by ? mpos_member_mask_card (replaced_by) : NULL;
      mpos_member_fail (error, MPOS_MEMBER_ERROR_CARD_LOST, "card %s %s — use the new card%s%s",
                        masked,
                        g_strcmp0 (status, "lost") == 0 ? "reported lost" : "was replaced",
                        masked_new ? " " : " (none issued yet; find the member by phone)",
                        masked_new ? masked_new : "");
      return NULL;
    }
  member = mpos_member_get (store, member_id, error);
  if (member != NULL)
    {
      g_free (member->card_no);
      member->card_no = g_strdup (card_no);
    }
  return member;
}

MposMember *
mpos_member_lookup_card (MposStore *store, const char *card_no, GError **error)
{
  GError *local = NULL;
  MposMember *member = NULL;

  if (!mpos_member_valid_digits (card_no, 6, 32))
    mpos_member_fail (&local, MPOS_MEMBER_ERROR_INVALID, "a member card number is 6–32 digits");
  else
    member = member_by_card (store, card_no, &local);
  if (member == NULL && local == NULL)
    mpos_member_fail (&local, MPOS_MEMBER_ERROR_NOT_FOUND, "no member with that card number");
  if (local != NULL)
    g_propagate_error (error, local);
  return member;
}

MposMember *
mpos_member_lookup_phone (MposStore *store, const char *phone, GError **error)
{
  g_autofree char *normalized = mpos_member_normalize_phone (phone, error);
  GError *local = NULL;
  MposMember *member;

  if (normalized == NULL)
    return NULL;
  member = query_member (store, &SQL_BY_PHONE, normalized, 0, &local);
  if (member == NULL && local == NULL)
    mpos_member_fail (&local, MPOS_MEMBER_ERROR_NOT_FOUND, "no member with that phone number");
  if (local != NULL)
    g_propagate_error (error, local);
  return member;
}

GPtrArray *
mpos_member_find_by_phone_tail (MposStore *store, const char *last4, guint limit, GError **error)
{
  g_autoptr (GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) mpos_member_free);
  g_autoptr (MposStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (limit > 0, NULL);
  if (!mpos_member_valid_digits (last4, 4, 4))
    {
      mpos_member_fail (error, MPOS_MEMBER_ERROR_INVALID,
                        "give exactly the last 4 digits of the phone number");
      return NULL;
    }
  stmt = mpos_store_stmt (store, &SQL_BY_PHONE_TAIL, error);
  if (stmt == NULL)
    return NULL;
  mpos_bind_text (stmt, ":tail", last4);
  mpos_bind_int64 (stmt, ":limit", (int64_t) limit + 1);
  while ((rc = mpos_store_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (found, mpos_member_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      mpos_store_fail (store, rc, "looking up members by phone", error);
      return NULL;
    }
  if (found->len == 0)
    {
      mpos_member_fail (error, MPOS_MEMBER_ERROR_NOT_FOUND, "no member's phone ends in %s", last4);
      return NULL;
    }
  if (found->len > limit)
    {
      mpos_member_fail (error, MPOS_MEMBER_ERROR_AMBIGUOUS,
                        "more than %u members' phones end in %s — ask for the full number",
                        limit, last4);
      return NULL;
    }
  return g_steal_pointer (&found);
}

/* ---- phones ---------------------------------------------------------------- */

char *
mpos_member_normalize_phone (const char *text, GError **error)
{
  g_autoptr (GString) digits = g_string_new (NULL);
  const char *p = text ? text : "";

  while (*p == ' ')
    p++;
  if (g_str_has_prefix (p, "+86"))
    p += 3;
  else if (g_str_has_prefix (p, "0086"))
    p += 4;
  for (; *p; p++)
    {
      if (*p == ' ' || *p == '-')
        continue;
      if (!g_ascii_isdigit (*p) || digits->len >= 11)
        break;
      g_string_append_c (digits, *p);
    }
  if (*p != '\0' || digits->len != 11 || digits->str[0] != '1' || digits->str[1] < '3')
    {
      mpos_member_fail (error, MPOS_MEMBER_ERROR_INVALID,
                        "not a mainland mobile number: give 11 digits starting 13–19");
      return NULL;
    }
  return g_string_free (g_steal_pointer (&digits), FALSE);
}

char *
mpos_member_mask_phone (const char *phone)
{
  return mpos_mask (phone, 3, 4);
}

char *
mpos_member_mask_card (const char *card_no)
{
  return mpos_mask (card_no, 4, 4);
}

char *
mpos_member_display_phone (MposStore *store, const char *phone)
{
  g_autofree char *policy = NULL;

  if (phone == NULL)
    return g_strdup ("");
  policy = mpos_store_get_setting (store, "member.phone_display");
  if (g_strcmp0 (policy, "full") == 0)
    return g_strdup (phone);
  return mpos_member_mask_phone (phone);
}

/* ---- birthday -------------------------------------------------------------- */

gboolean
mpos_member_has_birthday (MposStore *store, const MposMember *member, int64_t now)
{
  g_autoptr (GDateTime) local = NULL;
  int month, day, today_month, today_day;

  if (member->birthday == NULL || sscanf (member->birthday, "%*4d-%2d-%2d", &month, &day) != 2)
    return FALSE;
  local = mpos_member_local_time (store, now);
  today_month = g_date_time_get_month (local);
  today_day = g_date_time_get_day_of_month (local);
  if (month == 2 && day == 29 && !g_date_is_leap_year ((GDateYear) g_date_time_get_year (local)))
    day = 28;
  return month == today_month && day == today_day;
}

