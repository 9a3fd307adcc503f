/* staff-permission.c — the per-store table of what each role may do, and
 * the approval every privileged core call asks for (staff-permission.h). */
#include "staff-permission.h"
#include "audit.h"
#include "clock.h"
#include "journal.h"
#include "json-fields.h"
#include "staff-card.h"
#include "staff-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

static MposSql SQL_MAY
    = MPOS_SQL ("staff-permission: may",
                "SELECT count(*) FROM role_permissions WHERE role = :role AND action = :action");
static MposSql SQL_ALLOW = MPOS_SQL (
    "staff-permission: allow",
    "INSERT INTO role_permissions (role, action) VALUES (:role, :action) ON CONFLICT DO NOTHING");
static MposSql SQL_FORBID
    = MPOS_SQL ("staff-permission: forbid",
                "DELETE FROM role_permissions WHERE role = :role AND action = :action");
static MposSql SQL_ALL
    = MPOS_SQL ("staff-permission: all", "SELECT role, action FROM role_permissions");

static const char *const action_names[MPOS_ACTION_COUNT] = {
  [MPOS_ACTION_PRICE_OVERRIDE] = "price_override",
  [MPOS_ACTION_DISCOUNT_ABOVE_LIMIT] = "discount_above_limit",
  [MPOS_ACTION_VOID_LINE] = "void_line",
  [MPOS_ACTION_VOID_SALE] = "void_sale",
  [MPOS_ACTION_RETURN_WITHOUT_RECEIPT] = "return_without_receipt",
  [MPOS_ACTION_DRAWER_OPEN] = "drawer_open",
  [MPOS_ACTION_POINTS_ADJUST] = "points_adjust",
  [MPOS_ACTION_POINTS_GRANT] = "points_grant",
  [MPOS_ACTION_POINTS_TRANSFER] = "points_transfer",
  [MPOS_ACTION_STORED_VALUE_REFUND] = "stored_value_refund",
  [MPOS_ACTION_MEMBER_PIN_RESET] = "member_pin_reset",
  [MPOS_ACTION_GIFT_CARD_UNLOCK] = "gift_card_unlock",
  [MPOS_ACTION_GIFT_CARD_FREEZE] = "gift_card_freeze",
  [MPOS_ACTION_REPORT_ACCESS] = "report_access",
  [MPOS_ACTION_SETTINGS] = "settings",
  [MPOS_ACTION_STAFF_MANAGE] = "staff_manage",
  [MPOS_ACTION_SHIFT_ACCEPT] = "shift_accept",
  [MPOS_ACTION_SYNC_RESOLVE] = "sync_resolve",
  [MPOS_ACTION_COUPON_ISSUE] = "coupon_issue",
};

const char *
mpos_staff_action_name (MposStaffAction action)
{
  return (guint)action < MPOS_ACTION_COUNT ? action_names[action] : "?";
}

/* What a person calls each action, for the refusals a cashier reads. */
static const char *const action_titles[MPOS_ACTION_COUNT] = {
  [MPOS_ACTION_PRICE_OVERRIDE] = N_ ("a price change"),
  [MPOS_ACTION_DISCOUNT_ABOVE_LIMIT] = N_ ("a discount above the store's limit"),
  [MPOS_ACTION_VOID_LINE] = N_ ("removing a line"),
  [MPOS_ACTION_VOID_SALE] = N_ ("voiding a sale"),
  [MPOS_ACTION_RETURN_WITHOUT_RECEIPT] = N_ ("a return without a receipt"),
  [MPOS_ACTION_DRAWER_OPEN] = N_ ("opening the cash drawer without a sale"),
  [MPOS_ACTION_POINTS_ADJUST] = N_ ("a points correction"),
  [MPOS_ACTION_POINTS_GRANT] = N_ ("giving points"),
  [MPOS_ACTION_POINTS_TRANSFER] = N_ ("moving points between members"),
  [MPOS_ACTION_STORED_VALUE_REFUND] = N_ ("a stored-value refund"),
  [MPOS_ACTION_MEMBER_PIN_RESET] = N_ ("resetting a member's payment PIN"),
  [MPOS_ACTION_GIFT_CARD_UNLOCK] = N_ ("unlocking a gift card"),
  [MPOS_ACTION_GIFT_CARD_FREEZE] = N_ ("freezing a gift card"),
  [MPOS_ACTION_REPORT_ACCESS] = N_ ("reading the reports"),
  [MPOS_ACTION_SETTINGS] = N_ ("changing the settings"),
  [MPOS_ACTION_STAFF_MANAGE] = N_ ("managing staff"),
  [MPOS_ACTION_SHIFT_ACCEPT] = N_ ("accepting a shift's cash count"),
  [MPOS_ACTION_SYNC_RESOLVE] = N_ ("closing an entry the centre refused"),
  [MPOS_ACTION_COUPON_ISSUE] = N_ ("issuing coupons by hand"),
};

const char *
mpos_staff_action_title (MposStaffAction action)
{
  return (guint)action < MPOS_ACTION_COUNT ? _ (action_titles[action]) : "?";
}

static const char *
role_title (MposStaffRole role)
{
  switch (role)
    {
    case MPOS_STAFF_ROLE_CASHIER:
      return _ ("cashier");
    case MPOS_STAFF_ROLE_SUPERVISOR:
      return _ ("supervisor");
    case MPOS_STAFF_ROLE_MANAGER:
      return _ ("manager");
    }
  return "?";
}

gboolean
mpos_staff_action_parse (const char *text, MposStaffAction *out)
{
  for (guint i = 0; text != NULL && i < MPOS_ACTION_COUNT; i++)
    if (strcmp (text, action_names[i]) == 0)
      {
        *out = (MposStaffAction)i;
        return TRUE;
      }
  return FALSE;
}

static sqlite3_stmt *
role_action_stmt (MposStore *store, MposSql *sql, MposStaffRole role, MposStaffAction action,
                  GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, sql, error);

  if (stmt != NULL)
    {
      mpos_bind_text (stmt, ":role", mpos_staff_role_name (role));
      mpos_bind_text (stmt, ":action", mpos_staff_action_name (action));
    }
  return stmt;
}

gboolean
mpos_staff_role_may (MposStore *store, MposStaffRole role, MposStaffAction action,
                     gboolean *allowed, GError **error)
{
  sqlite3_stmt *stmt = role_action_stmt (store, &SQL_MAY, role, action, error);
  int64_t count = 0;

  if (stmt == NULL || !mpos_store_step_returning (store, stmt, "reading the permissions", &count,
                                                  error))
    return FALSE;
  *allowed = count > 0;
  return TRUE;
}

typedef struct
{
  const MposStaff *staff;
  MposStaffAction action;
  const char *ref;
} Refusal;

static gboolean
refusal_body (MposStore *store, gpointer data, GError **error)
{
  const Refusal *r = data;
  g_autofree char *detail = g_strdup_printf ("%s may not %s", mpos_staff_role_name (r->staff->role),
                                             mpos_staff_action_name (r->action));

  return mpos_audit_record (store, mpos_clock_now (), r->staff->number, "permission_refused",
                            r->ref, detail, error);
}

gboolean
mpos_staff_refuse (MposStore *store, const MposStaff *staff, MposStaffAction action,
                   const char *ref, GError **error)
{
  Refusal r = { staff, action, ref };

  if (!mpos_store_transaction (store, refusal_body, &r, error))
    return FALSE;
  return staff_fail (error, MPOS_STAFF_ERROR_NOT_PERMITTED,
                     _ ("%s (%s, %s) may not approve %s in this store: ask someone whose role "
                        "may (mallposctl staff permissions lists them)"),
                     staff->number, staff->name, role_title (staff->role),
                     mpos_staff_action_title (action));
}

gboolean
mpos_staff_approve (MposStore *store, const MposStaffCredential *credential,
                    MposStaffAction action, const char *ref, MposStaff *approver, GError **error)
{
  g_auto (MposStaff) staff = { 0 };
  gboolean allowed = FALSE;

  if (approver != NULL)
    memset (approver, 0, sizeof *approver);
  if (credential == NULL
      || ((credential->number == NULL || *credential->number == '\0') && credential->card == NULL))
    return staff_fail (error, MPOS_STAFF_ERROR_REQUIRED,
                       _ ("%s needs a supervisor's approval (or another member of staff whose "
                          "role may do it here): their staff number and PIN"),
                       mpos_staff_action_title (action));
  if (!mpos_staff_sign_in (store, credential, &staff, error)
      || !mpos_staff_role_may (store, staff.role, action, &allowed, error))
    return FALSE;
  if (!allowed)
    return mpos_staff_refuse (store, &staff, action, ref, error);
  if (approver != NULL)
    {
      *approver = staff;
      memset (&staff, 0, sizeof staff);
    }
  return TRUE;
}

gboolean
mpos_staff_approve_if_given (MposStore *store, const MposStaffCredential *credential,
                             MposStaffAction action, const char *ref, MposStaff *approver,
                             GError **error)
{
  memset (approver, 0, sizeof *approver);
  return credential == NULL || mpos_staff_approve (store, credential, action, ref, approver, error);
}

gboolean
mpos_staff_authorize (MposStore *store, const MposStaffCredential *credential,
                      MposStaffAction action, const char *actor, const char *audit_action,
                      const char *ref, MposStaff *approver, GError **error)
{
  gboolean cashiers_may = FALSE;

  memset (approver, 0, sizeof *approver);
  if (!mpos_staff_role_may (store, MPOS_STAFF_ROLE_CASHIER, action, &cashiers_may, error))
    return FALSE;
  if (!cashiers_may && !mpos_staff_approve (store, credential, action, ref, approver, error))
    return FALSE;
  return audit_action == NULL
         || mpos_audit_record_approved (store, mpos_clock_now (), actor, approver->number,
                                        audit_action, ref, NULL, error);
}

typedef struct
{
  MposStaffRole role;
  MposStaffAction action;
  gboolean allow;
  const char *by;
} Permit;

static gboolean
permit_body (MposStore *store, gpointer data, GError **error)
{
  const Permit *p = data;
  sqlite3_stmt *stmt
      = role_action_stmt (store, p->allow ? &SQL_ALLOW : &SQL_FORBID, p->role, p->action, error);
  g_autofree char *ref = g_strdup_printf ("role:%s", mpos_staff_role_name (p->role));
  g_autoptr (cJSON) payload = cJSON_CreateObject ();
  const char *kind = p->allow ? "permission_allow" : "permission_forbid";
  int64_t now = mpos_clock_now ();

  if (stmt == NULL || !mpos_store_step_done (store, stmt, "saving the permission", error))
    return FALSE;
  cJSON_AddStringToObject (payload, "role", mpos_staff_role_name (p->role));
  cJSON_AddStringToObject (payload, "action", mpos_staff_action_name (p->action));
  cJSON_AddStringToObject (payload, "approved_by", p->by);
  return mpos_audit_record_approved (store, now, p->by, p->by, kind, ref,
                                     mpos_staff_action_name (p->action), error)
         && mpos_journal_append (store, kind, ref, payload, now, NULL, error);
}

gboolean
mpos_staff_permit (MposStore *store, MposStaffRole role, MposStaffAction action, gboolean allow,
                   const MposStaffCredential *by, GError **error)
{
  g_auto (MposStaff) approver = { 0 };
  Permit p = { role, action, allow, NULL };

  if ((guint)role > MPOS_STAFF_ROLE_MANAGER || (guint)action >= MPOS_ACTION_COUNT)
    return staff_fail (error, MPOS_STAFF_ERROR_INVALID, "no such role or action");
  if (!mpos_staff_approve (store, by, MPOS_ACTION_STAFF_MANAGE, "permissions", &approver, error))
    return FALSE;
  /* Nobody could manage staff again: the managers keep staff_manage. */
  if (!allow && role == MPOS_STAFF_ROLE_MANAGER && action == MPOS_ACTION_STAFF_MANAGE)
    return staff_fail (error, MPOS_STAFF_ERROR_INVALID,
                       "managers keep staff_manage, or nobody could manage staff again");
  p.by = approver.number;
  return mpos_store_transaction (store, permit_body, &p, error);
}

gboolean
mpos_staff_permissions (MposStore *store, guint32 out[3], GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_ALL, error);
  int rc;

  memset (out, 0, 3 * sizeof out[0]);
  if (stmt == NULL)
    return FALSE;
  while ((rc = mpos_store_step (stmt)) == SQLITE_ROW)
    {
      MposStaffRole role;
      MposStaffAction action;

      if (mpos_staff_role_parse ((const char *)sqlite3_column_text (stmt, 0), &role)
          && mpos_staff_action_parse ((const char *)sqlite3_column_text (stmt, 1), &action))
        out[role] |= 1u << action;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return mpos_store_fail (store, rc, "reading the permissions", error);
  return TRUE;
}
