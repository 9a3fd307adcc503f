/* sync-member-holdings.c — a member's points lots and coupons as the
 * `members` stream carries them (see sync-member-holdings.h). A lot's
 * points are an integer of 1 … 10^15 and its expiry Unix seconds or null;
 * a coupon's code and template are short printable text and its status one
 * of four words. Anything else refuses the page. */
#include "sync-member-holdings.h"
#include "fail.h"
#include "json-fields.h"
#include "sync-response.h"

#include <string.h>

#define MAX_LOTS 1000
#define MAX_COUPONS 100
#define MAX_TIME ((int64_t) 9007199254740991)

static const MposJsonKey lot_keys[] = { { "points", NULL }, { "expires_at", NULL }, { NULL, NULL } };
static const MposJsonShape lot_shape = { .what = "a points lot", .keys = lot_keys };
const MposJsonShape mpos_sync_lots_shape = { .what = "the points lots", .items = &lot_shape };

static const MposJsonKey coupon_keys[] = {
  { "code", NULL }, { "template", NULL }, { "status", NULL }, { "valid_from", NULL },
  { "valid_to", NULL }, { NULL, NULL },
};
static const MposJsonShape coupon_shape = { .what = "a coupon", .keys = coupon_keys };
const MposJsonShape mpos_sync_coupons_shape = { .what = "the coupons", .items = &coupon_shape };

#define refuse(error, ...) mpos_fail ((error), MPOS_JSON_ERROR, MPOS_JSON_ERROR_VALUE, __VA_ARGS__)

static gboolean
read_lot (const cJSON *item, MposSyncLot *lot, GError **error)
{
  if (!cJSON_IsObject (item))
    return refuse (error, "a points lot must be an object");
  return mpos_json_get_int (item, "points", TRUE, 1, MPOS_SYNC_MAX_POINTS, &lot->points, error)
         && mpos_json_get_int (item, "expires_at", FALSE, 1, MAX_TIME, &lot->expires_at, error);
}

static gboolean
is_code (const char *s)
{
  gsize n = strlen (s);

  if (n < 1 || n > 32)
    return FALSE;
  for (; *s; s++)
    if (!g_ascii_isalnum (*s) && *s != '-' && *s != '_')
      return FALSE;
  return TRUE;
}

static const char *
keep (GPtrArray *strings, const char *text)
{
  char *copy = g_strdup (text);

  g_ptr_array_add (strings, copy);
  return copy;
}

static gboolean
read_coupon (const cJSON *item, GPtrArray *strings, MposSyncCoupon *c, GError **error)
{
  const char *code = NULL, *tmpl = NULL, *status = NULL;

  if (!cJSON_IsObject (item))
    return refuse (error, "a coupon must be an object");
  if (!mpos_json_get_string (item, "code", TRUE, 32, &code, error)
      || !mpos_json_get_string (item, "template", TRUE, 64, &tmpl, error)
      || !mpos_json_get_string (item, "status", TRUE, 16, &status, error)
      || !mpos_json_get_int (item, "valid_from", TRUE, 0, MAX_TIME, &c->valid_from, error)
      || !mpos_json_get_int (item, "valid_to", TRUE, 1, MAX_TIME, &c->valid_to, error))
    return FALSE;
  if (!is_code (code) || *tmpl == '\0')
    return refuse (error, "a coupon's “code” is 1–32 letters or digits and “template” not empty");
  if (strcmp (status, "issued") != 0 && strcmp (status, "redeemed") != 0
      && strcmp (status, "expired") != 0 && strcmp (status, "void") != 0)
    return refuse (error, "a coupon's “status” is issued, redeemed, expired or void");
  if (c->valid_to <= c->valid_from)
    return refuse (error, "a coupon's “valid_to” must be after its “valid_from”");
  c->code = keep (strings, code);
  c->template_code = keep (strings, tmpl);
  c->status = keep (strings, status);
  return TRUE;
}

/* A list of at most `max` objects, each read by `read` into an array of
 * `size`-byte elements; NULL list: absent. */
static GArray *
read_list (const cJSON *list, const char *key, guint max, gsize size, GPtrArray *arrays,
           GPtrArray *strings,
           gboolean (*read) (const cJSON *, GPtrArray *, gpointer, GError **), GError **error)
{
  GArray *out = g_array_sized_new (FALSE, TRUE, size, 0);
  const cJSON *item;

  g_ptr_array_add (arrays, out);
  if (!cJSON_IsArray (list) || (guint) cJSON_GetArraySize (list) > max)
    return refuse (error, "“%s” must be a list of at most %u", key, max), NULL;
  cJSON_ArrayForEach (item, list)
  {
    g_array_set_size (out, out->len + 1);
    if (!read (item, strings, out->data + (out->len - 1) * size, error))
      return g_prefix_error (error, "%s[%u]: ", key, out->len - 1), NULL;
  }
  return out;
}

static gboolean
read_lot_item (const cJSON *item, GPtrArray *strings, gpointer out, GError **error)
{
  (void) strings;
  return read_lot (item, out, error);
}

static gboolean
read_coupon_item (const cJSON *item, GPtrArray *strings, gpointer out, GError **error)
{
  return read_coupon (item, strings, out, error);
}

gboolean
mpos_sync_read_holdings (const cJSON *item, GPtrArray *arrays, GPtrArray *strings,
                         MposSyncMember *m, GError **error)
{
  const cJSON *lots = cJSON_GetObjectItemCaseSensitive (item, "points_lots");
  const cJSON *coupons = cJSON_GetObjectItemCaseSensitive (item, "coupons");
  GArray *a;

  if (lots != NULL)
    {
      if ((a = read_list (lots, "points_lots", MAX_LOTS, sizeof (MposSyncLot), arrays, strings,
                          read_lot_item, error))
          == NULL)
        return FALSE;
      m->has_lots = TRUE, m->lots = (const MposSyncLot *) a->data, m->n_lots = a->len;
    }
  if (coupons != NULL)
    {
      if ((a = read_list (coupons, "coupons", MAX_COUPONS, sizeof (MposSyncCoupon), arrays,
                          strings, read_coupon_item, error))
          == NULL)
        return FALSE;
      m->coupons = (const MposSyncCoupon *) a->data, m->n_coupons = a->len;
    }
  return TRUE;
}
