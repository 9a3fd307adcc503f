/* staff-policy.c — the store's limits on unaided actions and the per-day
 * caps (staff-policy.h). */
#include "staff-policy.h"
#include "audit.h"
#include "clock.h"
#include "journal.h"
#include "json-fields.h"
#include "staff-private.h"

#include <string.h>

static MposSql SQL_USED = MPOS_SQL (
    "staff-policy: used",
    "SELECT coalesce ((SELECT used FROM daily_caps WHERE day = :day AND cap = :cap), 0)");
static MposSql SQL_USE = MPOS_SQL (
    "staff-policy: use", "INSERT INTO daily_caps (day, cap, used) VALUES (:day, :cap, :amount) "
                         "ON CONFLICT (day, cap) DO UPDATE SET used = used + excluded.used");

static const struct
{
  const char *name;
  int64_t fallback;
  int64_t min;
  int64_t max;
} policies[MPOS_POLICY_COUNT] = {
  [MPOS_POLICY_DISCOUNT_LIMIT] = { "discount_limit", MPOS_POLICY_DEFAULT_DISCOUNT_LIMIT, 0, 10000 },
  [MPOS_POLICY_POINTS_GRANT_CAP]
  = { "points_grant_cap", MPOS_POLICY_DEFAULT_POINTS_GRANT_CAP, 0, 1000000000 },
  [MPOS_POLICY_POINTS_TRANSFER_CAP]
  = { "points_transfer_cap", MPOS_POLICY_DEFAULT_POINTS_TRANSFER_CAP, 0, 1000000000 },
  [MPOS_POLICY_GIFT_CARD_UNLOCK_CAP]
  = { "gift_card_unlock_cap", MPOS_POLICY_DEFAULT_GIFT_CARD_UNLOCK_CAP, 0, 100 },
  /* A lockout needs at least one failure and a lock that lasts: 0 would
   * lock every number at once, or never. */
  [MPOS_POLICY_STAFF_PIN_FAILURES]
  = { "staff_pin_failures", MPOS_POLICY_DEFAULT_STAFF_PIN_FAILURES, 1, 20 },
  [MPOS_POLICY_STAFF_LOCK_MINUTES]
  = { "staff_lock_minutes", MPOS_POLICY_DEFAULT_STAFF_LOCK_MINUTES, 1, 1440 },
  [MPOS_POLICY_GIFT_CARD_PIN_FAILURES]
  = { "gift_card_pin_failures", MPOS_POLICY_DEFAULT_GIFT_CARD_PIN_FAILURES, 1, 20 },
  [MPOS_POLICY_STAFF_CARD_ALONE] = { "staff_card_alone", 0, 0, 1 },
  [MPOS_POLICY_SHIFT_OVER_SHORT_LIMIT]
  = { "shift_over_short_limit", MPOS_POLICY_DEFAULT_SHIFT_OVER_SHORT_LIMIT, 0, 100000000 },
};

const char *
mpos_policy_name (MposPolicy policy)
{
  return (guint)policy < MPOS_POLICY_COUNT ? policies[policy].name : "?";
}

gboolean
mpos_policy_parse (const char *text, MposPolicy *out)
{
  for (guint i = 0; text != NULL && i < MPOS_POLICY_COUNT; i++)
    if (strcmp (text, policies[i].name) == 0)
      {
        *out = (MposPolicy)i;
        return TRUE;
      }
  return FALSE;
}

static char *
setting_key (MposPolicy policy)
{
  return g_strconcat ("policy.", policies[policy].name, NULL);
}

gboolean
mpos_policy_get (MposStore *store, MposPolicy policy, int64_t *value, GError **error)
{
  g_autofree char *key = setting_key (policy);
  g_autofree char *text = mpos_store_get_setting (store, key);
  guint64 parsed = 0;

  *value = policies[policy].fallback;
  if (text == NULL)
    return TRUE;
  if (!g_ascii_string_to_unsigned (text, 10, (guint64)policies[policy].min,
                                   (guint64)policies[policy].max, &parsed, NULL))
    return staff_fail (error, MPOS_STAFF_ERROR_INVALID,
                       "the store's setting %s is “%s”, not a number from %" G_GINT64_FORMAT
                       " to %" G_GINT64_FORMAT ": set it again with mallposctl staff policy",
                       key, text, policies[policy].min, policies[policy].max);
  *value = (int64_t)parsed;
  return TRUE;
}

int64_t
mpos_policy_value (MposStore *store, MposPolicy policy)
{
  int64_t value = 0;

  g_return_val_if_fail ((guint)policy < MPOS_POLICY_COUNT, 0);
  if (!mpos_policy_get (store, policy, &value, NULL))
    value = policies[policy].fallback;
  return value;
}

typedef struct
{
  MposPolicy policy;
  int64_t value;
  const char *by;
} PolicyChange;

static gboolean
set_body (MposStore *store, gpointer data, GError **error)
{
  const PolicyChange *c = data;
  g_autofree char *key = setting_key (c->policy);
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, c->value);
  g_autoptr (cJSON) payload = cJSON_CreateObject ();
  int64_t now = mpos_clock_now ();

  cJSON_AddStringToObject (payload, "setting", key);
  cJSON_AddStringToObject (payload, "value", text);
  cJSON_AddStringToObject (payload, "approved_by", c->by);
  return mpos_store_put_setting (store, key, text, error)
         && mpos_audit_record_approved (store, now, c->by, c->by, "setting_change", key, text,
                                        error)
         && mpos_journal_append (store, "setting_change", key, payload, now, NULL, error);
}

gboolean
mpos_policy_set (MposStore *store, MposPolicy policy, int64_t value, const MposStaffCredential *by,
                 GError **error)
{
  g_auto (MposStaff) approver = { 0 };
  PolicyChange c = { policy, value, NULL };

  if ((guint)policy >= MPOS_POLICY_COUNT)
    return staff_fail (error, MPOS_STAFF_ERROR_INVALID, "no such policy");
  if (value < policies[policy].min || value > policies[policy].max)
    return staff_fail (error, MPOS_STAFF_ERROR_INVALID,
                       "%s is a number from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT,
                       policies[policy].name, policies[policy].min, policies[policy].max);
  if (!mpos_staff_approve (store, by, MPOS_ACTION_SETTINGS, "policy", &approver, error))
    return FALSE;
  c.by = approver.number;
  return mpos_store_transaction (store, set_body, &c, error);
}

gboolean
mpos_policy_use_daily (MposStore *store, const char *cap, int64_t amount, int64_t limit,
                       int64_t now, const char *what, GError **error)
{
  g_autofree char *day = mpos_store_business_day (store, now);
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_USED, error);
  int64_t used = 0;

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":day", day);
  mpos_bind_text (stmt, ":cap", cap);
  if (!mpos_store_step_returning (store, stmt, "reading today's use of a cap", &used, error))
    return FALSE;
  if (amount > limit - used)
    return staff_fail (error, MPOS_STAFF_ERROR_NOT_PERMITTED,
                       "%s: the store allows %" G_GINT64_FORMAT " a business day and %" G_GINT64_FORMAT
                       " is used; try again tomorrow, or a manager raises the cap (mallposctl staff "
                       "policy)",
                       what, limit, used);
  if ((stmt = mpos_store_stmt (store, &SQL_USE, error)) == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":day", day);
  mpos_bind_text (stmt, ":cap", cap);
  mpos_bind_int64 (stmt, ":amount", amount);
  return mpos_store_step_done (store, stmt, "counting today's use of a cap", error);
}
