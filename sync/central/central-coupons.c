/* central-coupons.c — the coupons members hold, as their terminals send
 * them in the member profiles beside a push (PROTOCOL.md 5.2: a profile's
 * "coupons"), so a coupon issued at store A is usable at store B, and one
 * used at B is refused at A after A's next pull (5.5). A coupon's status
 * only moves forward from "issued": a profile read before the coupon was
 * used elsewhere never makes it usable again. */
#include "central.h"
#include "json-fields.h"
#include "text-width.h"

#include <string.h>

typedef struct
{
  GString *codes, *uids, *templates, *statuses, *froms, *tos;
  guint n;
} CouponArrays;

static gboolean
is_status (const char *s)
{
  return strcmp (s, "issued") == 0 || strcmp (s, "redeemed") == 0 || strcmp (s, "expired") == 0
         || strcmp (s, "void") == 0;
}

static gboolean
read_coupon (const cJSON *item, const char *uid, CouponArrays *a, GError **error)
{
  const char *code = NULL, *tmpl = NULL, *status = NULL;
  int64_t from = 0, to = 0;
  char number[24];

  if (!cJSON_IsObject (item))
    return g_set_error (error, MPOS_JSON_ERROR, MPOS_JSON_ERROR_TYPE, "a coupon must be an object"),
           FALSE;
  if (!mpos_json_get_string (item, "code", TRUE, 32, &code, error)
      || !mpos_json_get_string (item, "template", TRUE, 64, &tmpl, error)
      || !mpos_json_get_string (item, "status", TRUE, 16, &status, error)
      || !mpos_json_get_int (item, "valid_from", TRUE, 0, G_MAXINT64, &from, error)
      || !mpos_json_get_int (item, "valid_to", TRUE, 1, G_MAXINT64, &to, error))
    return FALSE;
  if (*code == '\0' || *tmpl == '\0' || !is_status (status) || to <= from)
    return g_set_error (error, MPOS_JSON_ERROR, MPOS_JSON_ERROR_VALUE,
                        "a coupon needs a “code”, a “template”, a status (issued, redeemed, "
                        "expired or void) and “valid_to” after “valid_from”"),
           FALSE;
  central_db_array_add (a->codes, code);
  central_db_array_add (a->uids, uid);
  central_db_array_add (a->templates, tmpl);
  central_db_array_add (a->statuses, status);
  g_snprintf (number, sizeof number, "%" G_GINT64_FORMAT, from);
  central_db_array_add (a->froms, number);
  g_snprintf (number, sizeof number, "%" G_GINT64_FORMAT, to);
  central_db_array_add (a->tos, number);
  a->n++;
  return TRUE;
}

/* The coupons of one profile (a list of at most 200, or absent). */
static gboolean
read_profile_coupons (const cJSON *profile, CouponArrays *a, GError **error)
{
  const cJSON *list = cJSON_GetObjectItemCaseSensitive (profile, "coupons");
  const char *uid = cJSON_GetStringValue (cJSON_GetObjectItemCaseSensitive (profile, "uid"));
  const cJSON *item;
  guint i = 0;

  if (list == NULL)
    return TRUE;
  if (!cJSON_IsArray (list) || cJSON_GetArraySize (list) > 200)
    return g_set_error (error, MPOS_JSON_ERROR, MPOS_JSON_ERROR_TYPE,
                        "“coupons” must be a list of at most 200 coupons"),
           FALSE;
  cJSON_ArrayForEach (item, list)
  {
    if (!read_coupon (item, uid, a, error))
      return g_prefix_error (error, "coupons[%u]: ", i), FALSE;
    i++;
  }
  return TRUE;
}

#define SQL_RECORD_COUPONS                                                                         \
  "WITH c AS (INSERT INTO member_coupons (code, uid, terminal, template, status, valid_from,"     \
  " valid_to) SELECT u.code, u.uid, $1, u.template, u.status, u.valid_from, u.valid_to"            \
  " FROM unnest ($2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::bigint[])"      \
  " AS u (code, uid, template, status, valid_from, valid_to)"                                      \
  " ON CONFLICT (code) DO UPDATE SET status = excluded.status"                                     \
  " WHERE member_coupons.uid = excluded.uid AND member_coupons.status = 'issued'"                  \
  " AND excluded.status <> 'issued' RETURNING uid)"                                                \
  " UPDATE members SET change = nextval ('member_change') WHERE uid IN (SELECT uid FROM c)"

/* Profiles already checked by central-members.c (an object with a UUID
 * "uid"); the member change lock is held. */
gboolean
central_coupons_record (PGconn *db, const CentralTerminal *terminal, const cJSON *members,
                        GError **error)
{
  CouponArrays a = { g_string_new ("{"), g_string_new ("{"), g_string_new ("{"),
                     g_string_new ("{"), g_string_new ("{"), g_string_new ("{"), 0 };
  const cJSON *profile;
  PGresult *r = NULL;
  gboolean ok = TRUE;
  guint i = 0;

  cJSON_ArrayForEach (profile, members)
  {
    if (!(ok = read_profile_coupons (profile, &a, error)))
      {
        g_prefix_error (error, "members[%u]: ", i);
        break;
      }
    i++;
  }
  if (ok && a.n > 0)
    {
      const char *params[] = { terminal->id,
                               central_db_array_end (a.codes),
                               central_db_array_end (a.uids),
                               central_db_array_end (a.templates),
                               central_db_array_end (a.statuses),
                               central_db_array_end (a.froms),
                               central_db_array_end (a.tos) };
      r = central_db_exec (db, PGRES_COMMAND_OK, SQL_RECORD_COUPONS, 7, params, error);
      ok = r != NULL;
    }
  g_string_free (a.codes, TRUE), g_string_free (a.uids, TRUE), g_string_free (a.templates, TRUE);
  g_string_free (a.statuses, TRUE), g_string_free (a.froms, TRUE), g_string_free (a.tos, TRUE);
  PQclear (r);
  return ok;
}

/* ---- coupons a return gave back ---- */

gboolean
central_coupons_restored (const cJSON *payload, GPtrArray *codes, GError **error)
{
  const cJSON *list = cJSON_GetObjectItemCaseSensitive (payload, "restored_coupons");
  const cJSON *code;

  if (list == NULL)
    return TRUE;
  if (!cJSON_IsArray (list) || cJSON_GetArraySize (list) > 200)
    return g_set_error (error, MPOS_JSON_ERROR, MPOS_JSON_ERROR_TYPE,
                        "“restored_coupons” must be a list of at most 200 coupon codes"),
           FALSE;
  cJSON_ArrayForEach (code, list)
  {
    const char *text = cJSON_GetStringValue (code);
    if (text == NULL || *text == '\0' || g_utf8_strlen (text, -1) > 32
        || mpos_text_find_control (text) != NULL)
      return g_set_error (error, MPOS_JSON_ERROR, MPOS_JSON_ERROR_VALUE,
                          "“restored_coupons” must hold coupon codes of 1 to 32 characters"),
             FALSE;
    g_ptr_array_add (codes, (gpointer) text);
  }
  return TRUE;
}

#define SQL_RESTORE_COUPONS                                                                        \
  "WITH c AS (UPDATE member_coupons SET status = 'issued'"                                         \
  " WHERE code = ANY ($1::text[]) AND status = 'redeemed' RETURNING uid)"                          \
  " UPDATE members SET change = nextval ('member_change') WHERE uid IN (SELECT uid FROM c)"

gboolean
central_coupons_restore (PGconn *db, GPtrArray *codes, GError **error)
{
  GString *list = g_string_new ("{");
  const char *params[1];
  PGresult *r = NULL;

  for (guint i = 0; i < codes->len; i++)
    central_db_array_add (list, g_ptr_array_index (codes, i));
  params[0] = central_db_array_end (list);
  if (codes->len > 0 && central_members_lock_changes (db, error))
    r = central_db_exec (db, PGRES_COMMAND_OK, SQL_RESTORE_COUPONS, 1, params, error);
  g_string_free (list, TRUE);
  PQclear (r);
  return codes->len == 0 || r != NULL;
}
