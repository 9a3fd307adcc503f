/* coupon.h — coupons (优惠券). A template (批次) defines what a coupon is
 * worth — an amount off above a threshold (满100减10), a percent off with a
 * cap, or a gift item — where it applies (goods, stores), when it is valid
 * and how it stacks; each coupon issued from it has its own unique code,
 * bound to a member or to whoever bears it, and is redeemed at checkout
 * once. Issued by hand, by a campaign, by the level benefits run (birthday
 * month, monthly), by exchange for points and with a top-up tier.
 *
 * The template document (`mallposctl coupon templates import FILE`):
 * {"templates": [
 *    {"code": "MJ100-10", "name": "满100减10", "type": "amount", "off": "10.00",
 *     "min_spend": "100.00",                         threshold on the goods it covers
 *     "scope": {"all": true} | {"skus": […], "categories": […]},
 *     "stores": ["S001"],                            omit: every store
 *     "valid_days": 30,                              from issue to the end of the 30th local day
 *     "starts": "…+08:00", "ends": "…+08:00",        the template's own window (either or both)
 *     "stack_with_promotions": true,                 false: only goods without a promotion
 *     "stack_with_coupons": false,                   false: the only coupon on the sale
 *     "points_price": 500,                           exchangeable for points (0/omit: not)
 *     "per_member_limit": 0,                         coupons of it a member may ever get (0: any)
 *     "restore_on_return": true},                    a full return gives it back
 *    {"code": "P10", "type": "percent", "percent_off": "10%", "cap": "20.00", …},
 *    {"code": "GIFT-WATER", "type": "gift", "gift_sku": "300001", "gift_qty": 1, …}],
 *  "benefits": [{"level": "gold", "occasion": "monthly" | "birthday",
 *                "template": "MJ100-10", "quantity": 2}]}
 * Unknown fields are refused. "benefits", when present, replaces every
 * level benefit; templates are replaced by code.
 *
 * Pricing (src/pricing.c, step 3b): after promotions and line discounts,
 * before the order discount and cash rounding. A threshold is measured on
 * what the covered goods cost before any coupon; the discount is allocated
 * to the covered lines by largest remainder and stored as line adjustments
 * of kind 'coupon' (source: the coupon's code), so a partial return refunds
 * exactly what those lines were paid. A gift coupon makes `gift_qty` units
 * of the gift SKU on the sale free (the cashier scans the gift). Lines with
 * a price override, and gift cards sold, take no coupon.
 *
 * Returns: a coupon is restored (status issued again, or expired if its
 * validity has passed) when its sale is returned in full — by one return or
 * the last of several — within the loyalty rules' return window (7 days
 * without rules) and its template has restore_on_return. A partial return
 * keeps the coupon redeemed and claws nothing back: each returned line
 * refunds its net, which already carries its share of the discount
 * (proportional allocation, 优惠分摊), even if what is kept falls below the
 * threshold. */
#pragma once

#include <glib.h>
#include <stdint.h>
#include <cjson/cJSON.h>
#include "cart.h"
#include "money.h"
#include "scope.h"
#include "staff.h"
#include "store.h"

G_BEGIN_DECLS

#define MPOS_COUPON_ERROR (mpos_coupon_error_quark ())
GQuark mpos_coupon_error_quark (void);

typedef enum
{
  MPOS_COUPON_ERROR_INVALID,            /* a bad template document, code or argument */
  MPOS_COUPON_ERROR_NOT_FOUND,          /* no coupon with that code */
  MPOS_COUPON_ERROR_NO_TEMPLATE,        /* no such coupon template */
  MPOS_COUPON_ERROR_ALREADY_REDEEMED,   /* used on a sale already (or twice on this one) */
  MPOS_COUPON_ERROR_VOID,               /* voided: cannot be used */
  MPOS_COUPON_ERROR_EXPIRED,            /* past its validity (or its template's) */
  MPOS_COUPON_ERROR_NOT_YET_VALID,      /* before its validity */
  MPOS_COUPON_ERROR_WRONG_STORE,        /* not valid in this store */
  MPOS_COUPON_ERROR_WRONG_MEMBER,       /* another member's coupon, or no member on the sale */
  MPOS_COUPON_ERROR_BELOW_THRESHOLD,    /* the covered goods do not reach the minimum spend */
  MPOS_COUPON_ERROR_NO_APPLICABLE_ITEM, /* nothing on the sale is covered (or no gift item) */
  MPOS_COUPON_ERROR_DOES_NOT_STACK,     /* with another coupon, or with the goods' promotions */
  MPOS_COUPON_ERROR_LIMIT,              /* per-member limit, or too many coupons on one sale */
} MposCouponError;

#define MPOS_COUPON_MAX_PER_SALE 10
#define MPOS_COUPON_MAX_ISSUE 1000 /* coupons per manual issue */

typedef enum
{
  MPOS_COUPON_AMOUNT,  /* `off` above `min_spend` */
  MPOS_COUPON_PERCENT, /* `percent_off_bp`, at most `cap` */
  MPOS_COUPON_GIFT,    /* `gift_qty` units of `gift_sku` free */
} MposCouponType;

typedef struct
{
  char *code;
  char *name;
  MposCouponType type;
  MposMoney off;
  int percent_off_bp;
  MposMoney cap;       /* 0: none */
  MposMoney min_spend; /* 0: none */
  char *gift_sku;
  int64_t gift_qty;
  MposScope scope;
  GPtrArray *stores;           /* of char* store codes; empty: every store */
  gboolean stack_with_promotions;
  gboolean stack_with_coupons;
  int64_t starts_at, ends_at; /* the template's window; 0: open */
  int64_t valid_days;         /* 0: the coupon is valid for the template's window */
  int64_t points_price;       /* 0: not exchangeable */
  int64_t per_member_limit;   /* 0: none */
  gboolean restore_on_return;
  char *definition; /* as stored (mpos_coupon_templates_load), the JSON imported; else NULL */
} MposCouponTemplate;

void mpos_coupon_template_free (MposCouponTemplate *tmpl);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MposCouponTemplate, mpos_coupon_template_free)

/* Validates one template object. */
MposCouponTemplate *mpos_coupon_template_from_json (const cJSON *json, GError **error);

/* What the coupon is worth, as a cashier reads it: "10.00 off from 100.00",
 * "10% off (at most 20.00)", "gift 1 × SKU 300001". Newly allocated. */
char *mpos_coupon_template_describe (const MposCouponTemplate *tmpl);

typedef struct
{
  char *level;
  char *occasion; /* "birthday" or "monthly" */
  char *template_code;
  int64_t quantity;
} MposCouponBenefit;

typedef struct
{
  GPtrArray *templates; /* of MposCouponTemplate* */
  GPtrArray *benefits;  /* of MposCouponBenefit*; NULL when the document has none */
} MposCouponDocument;

void mpos_coupon_document_free (MposCouponDocument *document);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MposCouponDocument, mpos_coupon_document_free)

/* Parses and validates a whole template document (no store needed). */
MposCouponDocument *mpos_coupon_document_parse (const char *data, gsize length, GError **error);

/* Validates and stores the document (templates by code; benefits, when
 * given, replace all), with its audit record and journal entry, in one
 * transaction. A benefit naming an unknown level or template is refused. */
gboolean mpos_coupon_templates_import (MposStore *store, const char *data, gsize length,
                                       const char *actor, int64_t now, guint *imported,
                                       GError **error);
/* The same inside the caller's transaction (the `coupons` pull stream). */
gboolean mpos_coupon_templates_write (MposStore *store, const char *data, gsize length,
                                      const char *actor, int64_t now, guint *imported,
                                      GError **error);

/* NO_TEMPLATE when there is none. */
MposCouponTemplate *mpos_coupon_template_load (MposStore *store, const char *code, GError **error);

/* The store's templates (by code, each with its stored definition) and
 * level benefits: what `coupon templates list` and a screen read. */
MposCouponDocument *mpos_coupon_templates_load (MposStore *store, GError **error);

/* {"templates": [definitions as imported…], "benefits": [{level, occasion,
 * template, quantity}]}: the serialiser of a loaded document. */
cJSON *mpos_coupon_document_to_json (const MposCouponDocument *document);

/* ---- coupons --------------------------------------------------------------------- */

typedef struct
{
  char *code;
  char *template_code;
  int64_t member_id; /* 0: bearer */
  char *status;      /* as stored: issued, redeemed, expired, void */
  int64_t valid_from, valid_to, issued_at;
  char *source;
  char *source_ref;
  char *redeemed_sale_id;
  char *redeemed_receipt_no;
  int64_t redeemed_at;
  MposCouponTemplate *tmpl;
} MposCoupon;

void mpos_coupon_free (MposCoupon *coupon);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MposCoupon, mpos_coupon_free)

/* A code as typed or scanned, normalised: blanks and hyphens dropped, upper
 * case, O → 0 and I/L → 1 (Crockford base32, which coupon codes use).
 * NULL (INVALID) when it cannot be a coupon code. */
char *mpos_coupon_normalize_code (const char *text, GError **error);

/* By code (normalised first); NOT_FOUND when there is none. */
MposCoupon *mpos_coupon_load (MposStore *store, const char *code, GError **error);

/* The status a cashier sees at `now`: an issued coupon past valid_to is "expired". */
const char *mpos_coupon_status_at (const MposCoupon *coupon, int64_t now);

/* Whether the coupon may be used now, in this store, by this member (0: no
 * member on the sale): ALREADY_REDEEMED, VOID, EXPIRED, NOT_YET_VALID,
 * WRONG_STORE or WRONG_MEMBER with a sentence the cashier can read out. */
gboolean mpos_coupon_check_usable (MposStore *store, const MposCoupon *coupon, int64_t member_id,
                                   int64_t now, GError **error);

/* Issues `count` coupons of a template by hand to a member (member_id 0:
 * bearer coupons), with the actor and a reason, in one transaction with the
 * audit record and journal entry. A coupon is money: `approver` must be a
 * staff credential whose role holds coupon_issue (mpos_staff_approve:
 * REQUIRED without one, NOT_PERMITTED, audited, for a role without it);
 * both names are recorded. `codes` (may be NULL) gets the new codes. */
gboolean mpos_coupon_issue (MposStore *store, const char *template_code, int64_t member_id,
                            int64_t count, const char *actor, const MposStaffCredential *approver,
                            const char *reason, int64_t now, GPtrArray *codes, GError **error);

/* A campaign: one coupon to each member (once per member and campaign:
 * running the same campaign again issues nothing twice), approved as
 * mpos_coupon_issue is. *issued counts the new ones. */
gboolean mpos_coupon_issue_campaign (MposStore *store, const char *template_code,
                                     const char *campaign, const int64_t *member_ids, guint n,
                                     const char *actor, const MposStaffCredential *approver,
                                     int64_t now, guint *issued, GPtrArray *codes, GError **error);

/* Points exchange (积分兑券): debits the template's points_price from the
 * member's points (oldest lots first, through the points ledger) and issues
 * one coupon, in one transaction. Points errors (FROZEN, INSUFFICIENT) come
 * from the points domain. *code_out gets the new code. */
gboolean mpos_coupon_exchange (MposStore *store, int64_t member_id, const char *template_code,
                               const char *actor, int64_t now, char **code_out, GError **error);

/* Voids an issued (or expired) coupon; a reason is required. A redeemed
 * one is refused: return its sale instead. A coupon bought with points
 * (exchange) keeps nothing back: *forfeit (may be NULL) gets the points it
 * cost, which are forfeit — the void's record says so with the reason. To
 * give them back, cancel the exchange instead (mpos_coupon_cancel_exchange). */
gboolean mpos_coupon_void (MposStore *store, const char *code, const char *reason,
                           const char *actor, int64_t now, int64_t *forfeit, GError **error);

/* Cancels an unused coupon bought with points (积分兑券) and gives the points
 * back to the lots they came from (a lot past its expiry expires again at
 * once), within the rules' exchange_cancel_days of the exchange and with a
 * supervisor when exchange_cancel_supervisor says so (a reason always).
 * One transaction: the coupon's void, the points' restore rows (each
 * correcting its burn), audit and journal. *points_back gets the points. */
gboolean mpos_coupon_cancel_exchange (MposStore *store, const char *code, const char *reason,
                                      const char *actor, const MposStaffCredential *supervisor,
                                      int64_t now,
                                      int64_t *points_back, GError **error);

typedef struct
{
  int64_t birthday_issued;
  int64_t monthly_issued;
  int64_t expired;
} MposCouponRunReport;

/* {"birthday_issued","monthly_issued","expired"}: the run's journal
 * payload and `coupon run-benefits --json`. */
cJSON *mpos_coupon_run_report_to_json (const MposCouponRunReport *report);

/* The benefits run, idempotent: each member gets their level's monthly
 * coupons once per calendar month and their birthday coupons once a year
 * in their birthday month (store time zone), and issued coupons past
 * valid_to are marked expired. One transaction and one journal entry (none
 * when nothing changed). */
gboolean mpos_coupon_run_benefits (MposStore *store, int64_t now, MposCouponRunReport *report,
                                   GError **error);

/* {"code","template","name","type",…value…,"member_id" | "bearer","status",
 *  "valid_from","valid_until","issued_at","source","redeemed_receipt_no"}:
 * the status at `now`, times in the store's zone. With its history: a
 * coupon view (coupon-view.h). */
cJSON *mpos_coupon_to_json (MposStore *store, const MposCoupon *coupon, int64_t now);
/* The member's coupons, newest first: of MposCoupon*. */
GPtrArray *mpos_coupon_list (MposStore *store, int64_t member_id, GError **error);
/* How many of them the member could use at `now` (issued, valid). */
guint mpos_coupon_list_count_usable (const GPtrArray *coupons, int64_t now);
/* {"member_id", "coupons": [mpos_coupon_to_json without events]}. */
cJSON *mpos_coupon_list_to_json (MposStore *store, int64_t member_id, const GPtrArray *coupons,
                                 int64_t now);

/* ---- coupons on a cart ----------------------------------------------------------- */

typedef struct
{
  char *code;
  char *label; /* what the line and the receipt show: "券 满100减10" */
  MposCoupon *coupon;
  MposMoney discount; /* what the pricing engine took off for it */
  MposMoney forfeit;  /* of its worth, what this sale cannot use (the store's
                       * coupon_over_sale policy: forfeit, or refuse the coupon) */
  int problem;        /* -1: none, else the MposCouponError that stops it */
  char *problem_message;
} MposCartCoupon;

/* Validates the coupon for this sale (status, validity, store, member,
 * stacking with the coupons already on it) and reprices; refuses one that
 * then gives nothing (BELOW_THRESHOLD, NO_APPLICABLE_ITEM, DOES_NOT_STACK)
 * and leaves the cart as it was. */
gboolean mpos_cart_add_coupon (MposCart *cart, const char *code, GError **error);
gboolean mpos_cart_remove_coupon (MposCart *cart, const char *code, GError **error);
/* Of MposCartCoupon*, in the order added; owned by the cart. Never NULL. */
GPtrArray *mpos_cart_get_coupons (MposCart *cart);

/* Whether every coupon on the cart still applies as priced (a later void or
 * quantity change can drop a sale below a threshold): the first problem. */
gboolean mpos_cart_check_coupons (MposCart *cart, GError **error);

G_END_DECLS
