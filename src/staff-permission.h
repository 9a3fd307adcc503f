/* staff-permission.h — what each role may do or approve in this store
 * (table role_permissions, 0021), and the one check every privileged core
 * call makes: mpos_staff_approve signs the credential in and checks its
 * role against the action. A refusal is audited (and kept) before it
 * returns; an approval is recorded by the action itself, in its own
 * transaction, as the audit row's approved_by and the journal entry's
 * "approved_by". */
#pragma once

#include "staff.h"

G_BEGIN_DECLS

/* The privileged actions. Their names (mpos_staff_action_name) are the
 * words of the store's table, the audit and `mallposctl staff permit`. */
typedef enum
{
  MPOS_ACTION_PRICE_OVERRIDE,         /* a line priced by hand, or at zero */
  MPOS_ACTION_DISCOUNT_ABOVE_LIMIT,   /* a line or order discount above the store's limit */
  MPOS_ACTION_VOID_LINE,              /* remove a line before payment */
  MPOS_ACTION_VOID_SALE,              /* void a whole sale, cancel an exchange */
  MPOS_ACTION_RETURN_WITHOUT_RECEIPT, /* approve a return made without its receipt */
  MPOS_ACTION_DRAWER_OPEN,            /* open the drawer without a sale */
  MPOS_ACTION_POINTS_ADJUST,          /* add or take points by hand, freeze and unfreeze */
  MPOS_ACTION_POINTS_GRANT,           /* grant an activity's points beyond the rules' bounds */
  MPOS_ACTION_POINTS_TRANSFER,        /* move points without the giving member's proof */
  MPOS_ACTION_STORED_VALUE_REFUND,    /* refund a top-up */
  MPOS_ACTION_MEMBER_PIN_RESET,       /* a payment PIN set without the old one, or unlocked */
  MPOS_ACTION_GIFT_CARD_UNLOCK,       /* unlock a gift card after wrong secrets */
  MPOS_ACTION_GIFT_CARD_FREEZE,       /* freeze, unfreeze, redeem a card reported lost */
  MPOS_ACTION_REPORT_ACCESS,          /* read the store's reports */
  MPOS_ACTION_SETTINGS,               /* change the store's settings and rules */
  MPOS_ACTION_STAFF_MANAGE,           /* add staff, reset PINs, disable, change permissions */
  MPOS_ACTION_SHIFT_ACCEPT,           /* accept a shift's over/short past the store's limit */
  MPOS_ACTION_SYNC_RESOLVE,           /* close an entry the centre rejected (sync exception) */
  MPOS_ACTION_COUPON_ISSUE,           /* issue coupons by hand or to a campaign's members */
  MPOS_ACTION_COUNT
} MposStaffAction;

const char *mpos_staff_action_name (MposStaffAction action);
/* What a person calls it, in the terminal's language ("a price change",
 * "改价"): the word refusals use, never the internal name. */
const char *mpos_staff_action_title (MposStaffAction action);
gboolean mpos_staff_action_parse (const char *text, MposStaffAction *out);

/* Whether `role` may do `action` in this store. */
gboolean mpos_staff_role_may (MposStore *store, MposStaffRole role, MposStaffAction action,
                              gboolean *allowed, GError **error);

/* Signs `credential` in (mpos_staff_authenticate) and checks that its role
 * may do `action`; *approver (may be NULL) gets the staff member. REQUIRED
 * when credential is NULL or names no one; NOT_PERMITTED (audited as
 * permission_refused, naming `ref`) when the role may not. Must run outside
 * any transaction. */
gboolean mpos_staff_approve (MposStore *store, const MposStaffCredential *credential,
                             MposStaffAction action, const char *ref, MposStaff *approver,
                             GError **error);

/* Audits that `staff` may not do `action` (permission_refused, naming
 * `ref`), in its own transaction, and fails with NOT_PERMITTED. */
gboolean mpos_staff_refuse (MposStore *store, const MposStaff *staff, MposStaffAction action,
                            const char *ref, GError **error);

/* The same when the credential is optional: NULL gives TRUE with an empty
 * *approver (number NULL), for an action that decides later whether it
 * needs one. */
gboolean mpos_staff_approve_if_given (MposStore *store, const MposStaffCredential *credential,
                                      MposStaffAction action, const char *ref, MposStaff *approver,
                                      GError **error);

/* For an action the store may leave to cashiers (a no-sale drawer open,
 * the reports): TRUE at once, *approver empty, when the cashier role may
 * do it; else as mpos_staff_approve. Then, when audit_action is not NULL,
 * audits it (actor `actor`, approved_by the approver, `ref`). */
gboolean mpos_staff_authorize (MposStore *store, const MposStaffCredential *credential,
                               MposStaffAction action, const char *actor,
                               const char *audit_action, const char *ref, MposStaff *approver,
                               GError **error);

/* Allows (allow TRUE) or forbids `action` to `role`; `by` holds
 * staff_manage. Audited. */
gboolean mpos_staff_permit (MposStore *store, MposStaffRole role, MposStaffAction action,
                            gboolean allow, const MposStaffCredential *by, GError **error);

/* Each role's allowed actions: out[role] is a bit set of 1 << action. */
gboolean mpos_staff_permissions (MposStore *store, guint32 out[3], GError **error);

G_END_DECLS
