/* cart-approval.c — a supervisor's approval on a sale, and the store's
 * policy that decides which changes to a sale need one (cart.h). The
 * policy runs in the core at commit, so a window, mallposctl and any
 * future caller meet the same rules: a price override (a zero price
 * included), a manual discount above the store's limit and a line voided
 * before payment are refused unless the cashier role or the approver's
 * role may do them. */
#include "cart-private.h"
#include "staff-card.h"
#include "fail.h"
#include "staff-permission.h"
#include "staff-policy.h"

#include <string.h>

gboolean
mpos_cart_approve (MposCart *cart, const MposStaffCredential *credential, GError **error)
{
  MposStaff staff = { 0 };

  if (credential == NULL)
    return mpos_fail (error, MPOS_STAFF_ERROR, MPOS_STAFF_ERROR_REQUIRED,
                      R_ ("an approval needs a supervisor's staff number and PIN"));
  if (!mpos_staff_sign_in (cart->store, credential, &staff, error))
    return FALSE;
  mpos_staff_clear (&cart->approver);
  cart->approver = staff;
  return TRUE;
}

gboolean
mpos_cart_set_approver (MposCart *cart, const char *number, GError **error)
{
  MposStaff staff = { 0 };

  if (number == NULL)
    return mpos_fail (error, MPOS_STAFF_ERROR, MPOS_STAFF_ERROR_REQUIRED,
                      R_ ("an approval needs a supervisor's staff number and PIN"));
  if (!mpos_staff_get (cart->store, number, &staff, error))
    return FALSE;
  if (staff.disabled)
    {
      mpos_staff_clear (&staff);
      return mpos_fail (error, MPOS_STAFF_ERROR, MPOS_STAFF_ERROR_REFUSED,
                        R_ ("staff %s is disabled: another supervisor approves"), number);
    }
  mpos_staff_clear (&cart->approver);
  cart->approver = staff;
  return TRUE;
}

const char *
mpos_cart_get_approver (MposCart *cart)
{
  return cart->approver.number;
}

gboolean
mpos_cart_require (MposCart *cart, MposStaffAction action, guint line_no, const char *what,
         const char **approved_by, GError **error)
{
  g_autofree char *ref = line_no ? g_strdup_printf ("line %u", line_no) : g_strdup ("sale");
  gboolean allowed = FALSE;

  *approved_by = NULL;
  if (!mpos_staff_role_may (cart->store, MPOS_STAFF_ROLE_CASHIER, action, &allowed, error))
    return FALSE;
  if (allowed)
    return TRUE;
  if (cart->approver.number == NULL && line_no == 0)
    return mpos_fail (error, MPOS_STAFF_ERROR, MPOS_STAFF_ERROR_REQUIRED,
                      R_ ("%s needs a supervisor's approval (their staff number and PIN; "
                          "mallposctl sale --supervisor NUMBER)"),
                      what);
  if (cart->approver.number == NULL)
    return mpos_fail (error, MPOS_STAFF_ERROR, MPOS_STAFF_ERROR_REQUIRED,
                      R_ ("line %u: %s needs a supervisor's approval (their staff number and PIN; "
                          "mallposctl sale --supervisor NUMBER)"),
                      line_no, what);
  if (!mpos_staff_role_may (cart->store, cart->approver.role, action, &allowed, error))
    return FALSE;
  if (!allowed)
    return mpos_staff_refuse (cart->store, &cart->approver, action, ref, error);
  *approved_by = cart->approver.number;
  return TRUE;
}

/* The line's manual discounts (line and its share of the order's) above
 * `limit` basis points of its price after any override. */
static gboolean
discount_above (const MposCartLine *line, int64_t limit)
{
  MposMoney base = line->gross, off = 0;

  for (guint i = 0; line->adjustments && i < line->adjustments->len; i++)
    {
      const MposAdjustment *a = g_ptr_array_index (line->adjustments, i);

      if (a->kind == MPOS_ADJUST_PRICE_OVERRIDE)
        base += a->amount;
      else if (a->kind == MPOS_ADJUST_LINE_DISCOUNT || a->kind == MPOS_ADJUST_ORDER_DISCOUNT)
        off -= a->amount;
    }
  /* off / base > limit / 10000 in integers: the cart keeps both below 2^47
   * fen and limit is at most 10000, so neither product overflows. */
  return off > 0 && (base <= 0 || off * 10000 > limit * base);
}

static void
stamp (char **field, const char *approved_by)
{
  g_free (*field);
  *field = g_strdup (approved_by);
}

static gboolean
check_line (MposCart *cart, MposCartLine *line, int64_t limit, GError **error)
{
  const char *by = NULL;

  if (line->overridden)
    {
      if (!mpos_cart_require (cart, MPOS_ACTION_PRICE_OVERRIDE, line->line_no,
                              line->override_unit_price == 0 ? R_ ("a zero price")
                                                             : R_ ("a price override"),
                              &by, error))
        return FALSE;
    }
  stamp (&line->override_by, by);
  by = NULL;
  if (discount_above (line, limit)
      && !mpos_cart_require (cart, MPOS_ACTION_DISCOUNT_ABOVE_LIMIT, line->line_no,
                             R_ ("a discount above the store's limit"), &by, error))
    return FALSE;
  stamp (&line->discount.approved_by, by);
  if (by != NULL && cart->order_discount.kind != MPOS_DISCOUNT_NONE)
    stamp (&cart->order_discount.approved_by, by);
  return TRUE;
}

gboolean
mpos_cart_check_policy (MposCart *cart, GError **error)
{
  int64_t limit = 0;
  const char *by = NULL;

  if (!mpos_policy_get (cart->store, MPOS_POLICY_DISCOUNT_LIMIT, &limit, error))
    return FALSE;
  if (cart->order_discount.kind != MPOS_DISCOUNT_NONE)
    stamp (&cart->order_discount.approved_by, NULL);
  for (guint i = 0; i < cart->lines->len; i++)
    if (!check_line (cart, g_ptr_array_index (cart->lines, i), limit, error))
      return FALSE;
  if (cart->voided > 0
      && !mpos_cart_require (cart, MPOS_ACTION_VOID_LINE, 0, R_ ("a line voided before payment"),
                             &by, error))
    return FALSE;
  mpos_cart_reprice (cart);
  return TRUE;
}

/* Tries the discount on the line, measures it as the commit will, and puts
 * the line's own discount back. */
gboolean
mpos_cart_discount_needs_approval (MposCart *cart, guint line_no, MposDiscountKind kind,
                                   int64_t value, gboolean *needs, GError **error)
{
  MposCartLine *line = mpos_cart_get_line (cart, line_no);
  g_autofree char *kept_by = NULL;
  MposDiscount kept;
  gboolean allowed = FALSE, above;
  int64_t limit = 0;

  if (line == NULL)
    return mpos_fail (error, MPOS_CART_ERROR, MPOS_CART_ERROR_NO_LINE, R_ ("there is no line %u"),
                      line_no);
  if (!mpos_policy_get (cart->store, MPOS_POLICY_DISCOUNT_LIMIT, &limit, error)
      || !mpos_staff_role_may (cart->store, MPOS_STAFF_ROLE_CASHIER,
                               MPOS_ACTION_DISCOUNT_ABOVE_LIMIT, &allowed, error))
    return FALSE;
  kept = line->discount;
  kept_by = g_strdup (kept.approved_by);
  if (!mpos_cart_set_line_discount (cart, line_no, kind, value, NULL, error))
    return FALSE;
  line = mpos_cart_get_line (cart, line_no);
  above = discount_above (line, limit);
  mpos_cart_set_line_discount (cart, line_no, kept.kind, kept.value, kept_by, NULL);
  *needs = above && !allowed;
  return TRUE;
}
