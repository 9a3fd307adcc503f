/* cart.h — the sale being rung up: lines added by code, SKU or search, with
 * quantity or weight, cashier discounts and overrides, a member, tenders.
 * Prices are recomputed by the pricing engine after every change, and every
 * line carries the steps that took it from list price to what is paid. */
#pragma once

#include <glib.h>
#include <stdint.h>
#include "catalog.h"
#include "member.h"
#include "money.h"
#include "staff.h"
#include "store.h"
#include "tender.h"

G_BEGIN_DECLS

#define MPOS_CART_ERROR (mpos_cart_error_quark ())
GQuark mpos_cart_error_quark (void);

typedef enum
{
  MPOS_CART_ERROR_INVALID,      /* a quantity, discount or price the cart refuses */
  MPOS_CART_ERROR_NO_LINE,      /* no such line */
  MPOS_CART_ERROR_EMPTY,        /* nothing to sell */
  MPOS_CART_ERROR_AMBIGUOUS,    /* a search matched several products */
  MPOS_CART_ERROR_TENDER,       /* tenders do not cover the total, or give change wrongly */
} MposCartError;

#define MPOS_CART_MAX_LINES 500
#define MPOS_CART_MAX_QTY 9999          /* pieces per line */
#define MPOS_CART_MAX_GRAMS 999999      /* per weighed line */

typedef enum
{
  MPOS_ADJUST_MEMBER_PRICE,
  MPOS_ADJUST_PRICE_OVERRIDE,
  MPOS_ADJUST_LEVEL_DISCOUNT,
  MPOS_ADJUST_PROMOTION,
  MPOS_ADJUST_LINE_DISCOUNT,
  MPOS_ADJUST_ORDER_DISCOUNT,
  MPOS_ADJUST_CASH_ROUNDING,
  MPOS_ADJUST_COUPON, /* a coupon on the sale (source: its code), src/coupon.h */
} MposAdjustmentKind;

const char *mpos_adjustment_kind_name (MposAdjustmentKind kind);

typedef struct
{
  MposAdjustmentKind kind;
  char *source; /* promotion code, supervisor, … may be NULL */
  char *label;  /* what the cashier and the receipt see */
  MposMoney amount; /* negative lowers the price */
} MposAdjustment;

typedef enum
{
  MPOS_DISCOUNT_NONE,
  MPOS_DISCOUNT_AMOUNT,  /* value in fen off */
  MPOS_DISCOUNT_PERCENT, /* value in basis points off */
} MposDiscountKind;

typedef struct
{
  MposDiscountKind kind;
  int64_t value;
  char *approved_by; /* supervisor, may be NULL */
} MposDiscount;

typedef struct
{
  guint line_no;          /* 1-based, stable while the line exists */
  MposSku *sku;
  char *code;             /* as scanned (normalised; scale labels whole) or the SKU code */
  gboolean by_sku;        /* added by SKU code or search rather than by a scanned code */
  int64_t qty;            /* pieces, or grams when weighed */
  MposMoney list_unit_price;
  gboolean has_member_price;
  MposMoney member_unit_price;
  gboolean has_embedded_price; /* a price-embedded scale code fixes the gross */
  MposMoney embedded_price;
  gboolean overridden;
  MposMoney override_unit_price;
  char *override_by;
  MposDiscount discount;
  /* computed by the pricing engine */
  MposMoney gross;
  MposMoney net;
  MposMoney tax;
  GPtrArray *adjustments; /* of MposAdjustment* */
  char *gift_card;        /* the serial of a gift card this line sells, else NULL: sold at
                             face value, no discount applies (src/gift-card-sale.h) */
} MposCartLine;

typedef struct _MposCart MposCart;

/* `now` decides prices and promotions (pass mpos_clock_now ()). */
MposCart *mpos_cart_new (MposStore *store, int64_t now, GError **error);
void mpos_cart_free (MposCart *cart);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MposCart, mpos_cart_free)

MposStore *mpos_cart_get_store (MposCart *cart);
int64_t mpos_cart_get_now (MposCart *cart);
const char *mpos_cart_get_cashier (MposCart *cart);
/* The global id the sale will be stored under (a UUIDv7 made with the
 * cart), known before payment so a card or mobile charge can carry it as its
 * idempotency key (payment-attempt.h). */
const char *mpos_cart_get_sale_id (MposCart *cart);
void mpos_cart_set_cashier (MposCart *cart, const char *cashier);

/* Adds a scanned/keyed code; qty 0 means 1 piece, or the scale code's weight.
 * Weighed goods need a weight (grams) from a scale code or qty. */
MposCartLine *mpos_cart_add_code (MposCart *cart, const char *code, int64_t qty, GError **error);
MposCartLine *mpos_cart_add_sku (MposCart *cart, const char *sku_code, int64_t qty, GError **error);
/* Adds the one product a search finds; AMBIGUOUS (naming the matches) when several do. */
MposCartLine *mpos_cart_add_search (MposCart *cart, const char *query, int64_t qty,
                                    GError **error);

gboolean mpos_cart_set_qty (MposCart *cart, guint line_no, int64_t qty, GError **error);
gboolean mpos_cart_override_price (MposCart *cart, guint line_no, MposMoney unit_price,
                                   const char *approved_by, GError **error);
gboolean mpos_cart_set_line_discount (MposCart *cart, guint line_no, MposDiscountKind kind,
                                      int64_t value, const char *approved_by, GError **error);
gboolean mpos_cart_set_order_discount (MposCart *cart, MposDiscountKind kind, int64_t value,
                                       const char *approved_by, GError **error);
/* Removes a line before commit (the void is audited at commit). */
gboolean mpos_cart_void_line (MposCart *cart, guint line_no, GError **error);
guint mpos_cart_voided_count (MposCart *cart);

gboolean mpos_cart_set_member (MposCart *cart, const char *card_or_phone, GError **error);
const MposMember *mpos_cart_get_member (MposCart *cart);
/* The member's proof on this sale, and whether it was given: cart-member-proof.h. */

GPtrArray *mpos_cart_get_lines (MposCart *cart); /* of MposCartLine*, owned by the cart */
MposCartLine *mpos_cart_get_line (MposCart *cart, guint line_no);
const MposDiscount *mpos_cart_get_order_discount (MposCart *cart);

MposMoney mpos_cart_subtotal (MposCart *cart); /* sum of gross */
MposMoney mpos_cart_total (MposCart *cart);    /* sum of net: what is due */
MposMoney mpos_cart_tax_total (MposCart *cart);
int64_t mpos_cart_item_count (MposCart *cart);

/* Tenders. */
gboolean mpos_cart_add_tender (MposCart *cart, const MposTender *tender, GError **error);
/* Takes back a payment not yet committed (0-based, in the order added): a
 * cashier's mistake, or a points/stored-value payment the checks refuse. */
gboolean mpos_cart_remove_tender (MposCart *cart, guint index, GError **error);
GPtrArray *mpos_cart_get_tenders (MposCart *cart); /* of MposTender* */
/* What proved the member on this sale (spend-proof.h: the provider of its
 * first points or stored-value tender that carries the member's proof),
 * NULL when nothing did yet: later tenders name it instead of a new proof. */
const char *mpos_cart_get_member_proof (MposCart *cart);
MposMoney mpos_cart_tendered (MposCart *cart);
/* Checks the tenders against the total (applying cash rounding when every
 * tender is cash and the store rounds) and works out the change. */
gboolean mpos_cart_settle (MposCart *cart, MposMoney *change_out, GError **error);

/* The suspended sale this cart resumes: committing the sale removes it. */
void mpos_cart_set_resumed_from (MposCart *cart, int64_t suspended_id);
int64_t mpos_cart_get_resumed_from (MposCart *cart);

/* ---- approvals (cart-approval.c) ---- */

/* A supervisor signs on to this sale with their staff number and PIN (on
 * the cashier's screen, or mallposctl sale --supervisor): their approval
 * covers what their role may approve in this store (staff-permission.h).
 * Signing again replaces them. Must run outside a transaction. */
gboolean mpos_cart_approve (MposCart *cart, const MposStaffCredential *credential,
                            GError **error);
/* The same for a supervisor already signed in with their PIN elsewhere
 * (the window checks it off its main loop: mpos_staff_approve in a worker
 * with its own connection): staff `number` is read again from the store,
 * so a disabled or unknown one is refused (NOT_FOUND / REFUSED) and the role
 * is the store's, never the caller's. */
gboolean mpos_cart_set_approver (MposCart *cart, const char *number, GError **error);
/* The staff number who signed on, or NULL. */
const char *mpos_cart_get_approver (MposCart *cart);

/* The store's policy over this sale, for every caller (it runs in
 * mpos_sale_commit): a price override (a zero price included) needs
 * price_override, a manual line or order discount above the store's
 * discount_limit needs discount_above_limit, lines voided before payment
 * need void_line — held by the cashier role or by the approver. FALSE with
 * MPOS_STAFF_ERROR_REQUIRED (no approver) or NOT_PERMITTED (the approver's
 * role may not: audited), naming the line. The lines' approved_by become
 * the approver's number (or NULL where none was needed): no text from a
 * document stands as an approval. */
gboolean mpos_cart_check_policy (MposCart *cart, GError **error);

/* Asks the same policy before a change: whether giving line `line_no` the
 * manual discount (kind, value) would need a supervisor's approval (above
 * the store's discount_limit, and the cashier role may not). The cart is
 * left as it was; *needs is set on success. A window asks this so that a
 * discount within the limit goes through without a supervisor. */
gboolean mpos_cart_discount_needs_approval (MposCart *cart, guint line_no, MposDiscountKind kind,
                                            int64_t value, gboolean *needs, GError **error);

/* Re-runs the pricing engine (called by every mutator; public for tests). */
void mpos_cart_reprice (MposCart *cart);

/* "Why this price": the line's steps from list price to net, one per line of text. */
char *mpos_cart_line_explain (const MposCartLine *line);

G_END_DECLS
