/* coupon-cart.c — coupons at the checkout: putting one on a cart (every
 * refusal before it changes a price, then the cart reprices), redeeming
 * inside the sale's transaction, restoring on a full return inside the
 * return's, and the journal's view. What a coupon takes off each line is
 * the pricing engine's step, in coupon-price.c: the engine calls it and it
 * calls nothing back, so cart → pricing → coupon-price runs one way and
 * this file, which changes a cart, sits above them all. Policies are
 * described in coupon.h. */
#include "coupon-private.h"
#include "cart-private.h"
#include "json-fields.h"
#include "loyalty-rules.h"
#include "rounding.h"

#include <string.h>

#define SECONDS_PER_DAY 86400
#define DEFAULT_RETURN_WINDOW_DAYS 7

static MposSql SQL_REDEEM = MPOS_SQL (
    "coupon-cart: redeem",
    "UPDATE coupons SET status = 'redeemed', redeemed_sale_id = :sale, redeemed_at = :now, "
    "status_at = :now WHERE code = :code AND status = 'issued'");
static MposSql SQL_SALE_COUPONS = MPOS_SQL (
    "coupon-cart: sale coupons",
    "SELECT c.code, coalesce ((SELECT e.amount FROM coupon_events e WHERE e.code = c.code "
    "AND e.kind = 'redeem' AND e.sale_id = c.redeemed_sale_id ORDER BY e.id DESC LIMIT 1), 0) "
    "FROM coupons c WHERE c.redeemed_sale_id = :sale AND c.status = 'redeemed' ORDER BY c.code");
static MposSql SQL_UNRETURNED = MPOS_SQL (
    "coupon-cart: unreturned",
    "SELECT count(*) FROM sale_lines ol LEFT JOIN (SELECT l.original_line_no lno, sum (l.qty) q "
    "FROM sale_lines l JOIN sales s ON s.id = l.sale_id WHERE s.original_sale_id = :sale "
    "AND s.kind = 'return' GROUP BY 1) r ON r.lno = ol.line_no "
    "WHERE ol.sale_id = :sale AND coalesce (r.q, 0) < ol.qty");
static MposSql SQL_RESTORE = MPOS_SQL (
    "coupon-cart: restore",
    "UPDATE coupons SET status = CASE WHEN valid_to <= :now THEN 'expired' ELSE 'issued' END, "
    "redeemed_sale_id = NULL, redeemed_at = NULL, status_at = :now "
    "WHERE code = :code AND status = 'redeemed'");

void
mpos_cart_coupon_free (MposCartCoupon *coupon)
{
  if (coupon == NULL)
    return;
  g_free (coupon->code);
  g_free (coupon->label);
  mpos_coupon_free (coupon->coupon);
  g_free (coupon->problem_message);
  g_free (coupon);
}

GPtrArray *
mpos_cart_get_coupons (MposCart *cart)
{
  if (cart->coupons == NULL)
    cart->coupons = g_ptr_array_new_with_free_func ((GDestroyNotify)mpos_cart_coupon_free);
  return cart->coupons;
}

static int64_t
cart_member_id (MposCart *cart)
{
  return cart->member ? cart->member->id : 0;
}

static MposCartCoupon *
find_coupon (MposCart *cart, const char *code, guint *index)
{
  GPtrArray *coupons = mpos_cart_get_coupons (cart);

  for (guint i = 0; i < coupons->len; i++)
    {
      MposCartCoupon *c = g_ptr_array_index (coupons, i);
      if (strcmp (c->code, code) == 0)
        {
          if (index)
            *index = i;
          return c;
        }
    }
  return NULL;
}

static gboolean
check_stacking (MposCart *cart, const MposCoupon *coupon, GError **error)
{
  GPtrArray *coupons = mpos_cart_get_coupons (cart);

  if (coupons->len >= MPOS_COUPON_MAX_PER_SALE)
    return mpos_coupon_fail (error, MPOS_COUPON_ERROR_LIMIT, R_ ("at most %d coupons per sale"),
                             MPOS_COUPON_MAX_PER_SALE);
  if (coupons->len > 0 && !coupon->tmpl->stack_with_coupons)
    return mpos_coupon_fail (error, MPOS_COUPON_ERROR_DOES_NOT_STACK,
                             R_ ("coupon %s (%s) cannot be combined with other coupons; remove the "
                                 "others to use it"),
                             coupon->code, coupon->tmpl->name);
  for (guint i = 0; i < coupons->len; i++)
    {
      const MposCartCoupon *other = g_ptr_array_index (coupons, i);
      if (!other->coupon->tmpl->stack_with_coupons)
        return mpos_coupon_fail (error, MPOS_COUPON_ERROR_DOES_NOT_STACK,
                                 R_ ("coupon %s (%s) on this sale cannot be combined with other "
                                     "coupons"),
                                 other->code, other->coupon->tmpl->name);
    }
  return TRUE;
}

static gboolean
problem_error (const MposCartCoupon *c, GError **error)
{
  return mpos_coupon_fail (error, (MposCouponError)c->problem, "%s", c->problem_message);
}

/* What was scanned or typed: blank is a mistake (INVALID); anything else
 * that is no coupon's code is simply not found. */
static char *
scanned_code (const char *code, GError **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (code ? code : ""));
  char *normal;

  if (*trimmed == '\0')
    {
      mpos_coupon_fail (error, MPOS_COUPON_ERROR_INVALID, R_ ("give a coupon code"));
      return NULL;
    }
  normal = mpos_coupon_normalize_code (trimmed, NULL);
  if (normal == NULL)
    mpos_coupon_fail (error, MPOS_COUPON_ERROR_NOT_FOUND, R_ ("no coupon “%s”: check the code"),
                      g_utf8_validate (trimmed, -1, NULL) ? trimmed : "?");
  return normal;
}

gboolean
mpos_cart_add_coupon (MposCart *cart, const char *code, GError **error)
{
  g_autofree char *normal = scanned_code (code, error);
  g_autoptr (MposCoupon) coupon = NULL;
  MposCartCoupon *c;
  GPtrArray *coupons = mpos_cart_get_coupons (cart);

  if (normal == NULL)
    return FALSE;
  if (find_coupon (cart, normal, NULL))
    return mpos_coupon_fail (error, MPOS_COUPON_ERROR_ALREADY_REDEEMED,
                             R_ ("coupon %s is already on this sale: a coupon is used once"),
                             normal);
  coupon = mpos_coupon_load (cart->store, normal, error);
  if (coupon == NULL
      || !mpos_coupon_check_usable (cart->store, coupon, cart_member_id (cart), cart->now, error)
      || !check_stacking (cart, coupon, error))
    return FALSE;
  c = g_new0 (MposCartCoupon, 1);
  c->code = g_strdup (coupon->code);
  c->label = g_strdup_printf ("券 %s", coupon->tmpl->name);
  c->coupon = g_steal_pointer (&coupon);
  c->problem = -1;
  g_ptr_array_add (coupons, c);
  mpos_cart_reprice (cart);
  if (c->problem < 0)
    return TRUE;
  /* It gives nothing on this sale: say why and leave the cart as it was. */
  problem_error (c, error);
  g_ptr_array_remove_index (coupons, coupons->len - 1);
  mpos_cart_reprice (cart);
  return FALSE;
}

gboolean
mpos_cart_remove_coupon (MposCart *cart, const char *code, GError **error)
{
  g_autofree char *normal = scanned_code (code, error);
  guint index = 0;

  if (normal == NULL)
    return FALSE;
  if (find_coupon (cart, normal, &index) == NULL)
    return mpos_coupon_fail (error, MPOS_COUPON_ERROR_NOT_FOUND,
                             R_ ("coupon %s is not on this sale"), normal);
  g_ptr_array_remove_index (cart->coupons, index);
  mpos_cart_reprice (cart);
  return TRUE;
}

gboolean
mpos_cart_check_coupons (MposCart *cart, GError **error)
{
  GPtrArray *coupons = mpos_cart_get_coupons (cart);

  for (guint i = 0; i < coupons->len; i++)
    {
      const MposCartCoupon *c = g_ptr_array_index (coupons, i);
      if (!mpos_coupon_check_usable (cart->store, c->coupon, cart_member_id (cart), cart->now,
                                     error))
        return FALSE;
      if (c->problem >= 0)
        return problem_error (c, error);
    }
  return TRUE;
}

/* ---- the sale ------------------------------------------------------------------- */

static gboolean
redeem_one (MposStore *store, MposCart *cart, const MposCartCoupon *c, const char *sale_id,
            int64_t now, GError **error)
{
  g_autoptr (MposCoupon) fresh = mpos_coupon_load (store, c->code, error);
  g_autoptr (MposStmt) stmt = NULL;

  /* Read again inside the transaction: another terminal process may have used it. */
  if (fresh == NULL || !mpos_coupon_check_usable (store, fresh, cart_member_id (cart), now, error))
    return FALSE;
  if (c->problem >= 0)
    return problem_error (c, error);
  if (c->discount <= 0)
    return mpos_coupon_fail (error, MPOS_COUPON_ERROR_NO_APPLICABLE_ITEM,
                             R_ ("coupon %s gives nothing on this sale"), c->code);
  stmt = mpos_store_stmt (store, &SQL_REDEEM, error);
  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":code", c->code);
  mpos_bind_text (stmt, ":sale", sale_id);
  mpos_bind_int64 (stmt, ":now", now);
  if (!mpos_store_step_done (store, stmt, "redeeming a coupon", error))
    return FALSE;
  if (sqlite3_changes (mpos_store_db (store)) != 1)
    return mpos_coupon_fail (error, MPOS_COUPON_ERROR_ALREADY_REDEEMED,
                             R_ ("coupon %s was used elsewhere meanwhile"), c->code);
  return mpos_coupon_redeem_event (store, c->code, sale_id, c->discount, c->forfeit, cart->cashier,
                                   now, error);
}

gboolean
mpos_coupon_redeem_sale (MposStore *store, MposCart *cart, const char *sale_id, int64_t now,
                         GError **error)
{
  for (guint i = 0; cart->coupons && i < cart->coupons->len; i++)
    if (!redeem_one (store, cart, g_ptr_array_index (cart->coupons, i), sale_id, now, error))
      return FALSE;
  return TRUE;
}

/* ---- returns -------------------------------------------------------------------- */

typedef struct
{
  char *code;
  MposMoney amount;
} Redeemed;

static void
redeemed_free (Redeemed *r)
{
  g_free (r->code);
  g_free (r);
}

static gboolean
sale_coupons (MposStore *store, const char *sale_id, GPtrArray *out, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_SALE_COUPONS, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":sale", sale_id);
  while ((rc = mpos_store_step (stmt)) == SQLITE_ROW)
    {
      Redeemed *r = g_new0 (Redeemed, 1);
      r->code = mpos_column_text (stmt, 0);
      r->amount = sqlite3_column_int64 (stmt, 1);
      g_ptr_array_add (out, r);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return mpos_store_fail (store, rc, "reading the sale's coupons", error);
  return TRUE;
}

/* Whether every unit of every line of the sale has now come back. */
static gboolean
fully_returned (MposStore *store, const char *sale_id, gboolean *out, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_UNRETURNED, error);
  int64_t open = 0;

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":sale", sale_id);
  if (!mpos_store_step_returning (store, stmt, "reading what was returned", &open, error))
    return FALSE;
  *out = open == 0;
  return TRUE;
}

static gboolean
within_window (MposStore *store, const MposSaleRecord *original, int64_t now)
{
  g_autoptr (MposLoyaltyRules) rules = mpos_loyalty_rules_load (store, NULL);
  int64_t days = rules ? rules->return_window_days : DEFAULT_RETURN_WINDOW_DAYS;

  return now < original->created_at + days * SECONDS_PER_DAY;
}

static gboolean
restore_one (MposStore *store, const Redeemed *r, const MposSaleRecord *ret, int64_t now,
             GError **error)
{
  g_autoptr (MposCoupon) coupon = mpos_coupon_load (store, r->code, error);
  g_autoptr (MposStmt) stmt = NULL;

  if (coupon == NULL)
    return FALSE;
  if (!coupon->tmpl->restore_on_return)
    return TRUE;
  stmt = mpos_store_stmt (store, &SQL_RESTORE, error);
  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":code", r->code);
  mpos_bind_int64 (stmt, ":now", now);
  return mpos_store_step_done (store, stmt, "restoring a coupon", error)
         && mpos_coupon_event (store, r->code, "restore", ret->id, ret->id, r->amount, 0,
                               ret->cashier, ret->reason, now, error);
}

gboolean
mpos_coupon_apply_return (MposStore *store, const MposSaleRecord *original,
                          const MposSaleRecord *ret, int64_t now, GError **error)
{
  g_autoptr (GPtrArray) redeemed = g_ptr_array_new_with_free_func ((GDestroyNotify)redeemed_free);
  gboolean full = FALSE;

  if (!sale_coupons (store, original->id, redeemed, error))
    return FALSE;
  if (redeemed->len == 0)
    return TRUE;
  /* A partial return keeps the coupon used (see coupon.h); the last return
   * that completes the sale gives it back, within the window. */
  if (!fully_returned (store, original->id, &full, error))
    return FALSE;
  if (!full || !within_window (store, original, now))
    return TRUE;
  for (guint i = 0; i < redeemed->len; i++)
    if (!restore_one (store, g_ptr_array_index (redeemed, i), ret, now, error))
      return FALSE;
  return TRUE;
}

/* ---- journal --------------------------------------------------------------------- */

/* The codes a return gave back ("restore" rows), so the centre makes them
 * usable again (PROTOCOL.md 5.2 "restored_coupons"): it moves a coupon's
 * status forward only from what member profiles say. */
static void
add_restored (cJSON *payload, const cJSON *rows)
{
  const cJSON *row;
  cJSON *codes = NULL;

  cJSON_ArrayForEach (row, rows)
  {
    const char *kind = cJSON_GetStringValue (cJSON_GetObjectItemCaseSensitive (row, "kind"));
    const char *code = cJSON_GetStringValue (cJSON_GetObjectItemCaseSensitive (row, "code"));
    if (kind == NULL || code == NULL || strcmp (kind, "restore") != 0)
      continue;
    if (codes == NULL)
      codes = cJSON_AddArrayToObject (payload, "restored_coupons");
    cJSON_AddItemToArray (codes, cJSON_CreateString (code));
  }
}

gboolean
mpos_coupon_add_json (MposStore *store, const char *sale_id, cJSON *payload, GError **error)
{
  cJSON *rows = mpos_coupon_action_json (store, sale_id, error);

  if (rows == NULL)
    return FALSE;
  if (cJSON_GetArraySize (rows) == 0)
    {
      cJSON_Delete (rows);
      return TRUE;
    }
  cJSON_AddItemToObject (payload, "coupons", rows);
  add_restored (payload, rows);
  return TRUE;
}
