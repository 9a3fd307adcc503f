/* points-exchange.h — points exchange (积分兑换): items priced in points, or
 * points plus a cash part, with their own stock, validity and per-member
 * limit; an exchange burns the points through the points ledger (oldest
 * lots first, frozen members refused), takes the item from stock and the
 * cash part by one tender, all in one transaction with its own receipt
 * number ("…-E0001"); a cancellation gives back exactly those points (into
 * the lots they came from), that stock and that cash. An item's kind says
 * what it gives: 'gift' (handed over at the desk) now; the row for another
 * kind (a coupon) is added by its own migration. */
#pragma once

#include <glib.h>
#include <stdint.h>
#include <cjson/cJSON.h>
#include "money.h"
#include "staff.h"
#include "store.h"
#include <glib-object.h>
#include "spend-proof.h"
#include "tender.h"

G_BEGIN_DECLS

#define MPOS_EXCHANGE_ERROR (mpos_exchange_error_quark ())
GQuark mpos_exchange_error_quark (void);

typedef enum
{
  MPOS_EXCHANGE_ERROR_INVALID,           /* bad quantity, document, payment; supervisor missing */
  MPOS_EXCHANGE_ERROR_NOT_FOUND,         /* no such item or exchange */
  MPOS_EXCHANGE_ERROR_NOT_AVAILABLE,     /* the item is withdrawn or outside its dates */
  MPOS_EXCHANGE_ERROR_OUT_OF_STOCK,      /* fewer left than asked */
  MPOS_EXCHANGE_ERROR_LIMIT,             /* more than the per-member limit */
  MPOS_EXCHANGE_ERROR_ALREADY_CANCELLED, /* the exchange was cancelled before */
  MPOS_EXCHANGE_ERROR_UNSUPPORTED,       /* an item kind this terminal cannot hand out */
} MposExchangeError;

#define MPOS_EXCHANGE_MAX_QTY 99

typedef struct
{
  char *code;
  char *kind; /* "gift" */
  char *ref;  /* what a non-gift item gives (a coupon template's code), else NULL */
  char *name;
  int64_t points; /* per item */
  MposMoney cash; /* per item, 0: points only */
  int64_t stock;
  int64_t per_member_limit; /* 0: none */
  int64_t starts_at;        /* 0: no bound */
  int64_t ends_at;          /* 0: no bound */
  gboolean active;
} MposExchangeItem;

void mpos_exchange_item_free (MposExchangeItem *item);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MposExchangeItem, mpos_exchange_item_free)

/* {"items":[{"code":"UMB01","kind":"gift","name":"晴雨伞","points":800,
 *            "cash":"10.00","stock":20,"per_member_limit":2,
 *            "starts":"2026-11-01T00:00:00+08:00","ends":"2027-01-01T00:00:00+08:00",
 *            "active":true}]}
 * "stock" is the new stock level (the difference is recorded as a
 * movement). Items are added or updated; all or nothing. Parsing alone (no
 * store) is fuzzed. */
GPtrArray *mpos_exchange_items_parse (const char *data, gsize length, GError **error);
gboolean mpos_exchange_items_import (MposStore *store, const char *data, gsize length,
                                     const char *actor, int64_t now, int64_t *count,
                                     GError **error);

MposExchangeItem *mpos_exchange_item_find (MposStore *store, const char *code, GError **error);
/* Items that can be exchanged at `now` (all of them with `all`), by code. */
GPtrArray *mpos_exchange_items_list (MposStore *store, gboolean all, int64_t now, GError **error);
cJSON *mpos_exchange_item_to_json (MposStore *store, const MposExchangeItem *item);
/* The cash part of exchanging `qty` of `item`, what the payment must be:
 * 0 when the item has none, or when qty is outside 1..MPOS_EXCHANGE_MAX_QTY
 * or the product overflows (mpos_points_exchange refuses those itself). */
MposMoney mpos_exchange_item_cash_for (const MposExchangeItem *item, int64_t qty);

typedef struct
{
  char id[40];
  char receipt_no[64];
  int64_t points; /* burnt (negative: given back) */
  MposMoney cash; /* paid (negative: refunded) */
  int64_t journal_seq;
} MposExchangeResult;

/* Exchanges qty of `item_code` for member_id. `payment` (cash, bank_card
 * with its reference, or mobile) pays exactly the cash part; NULL when the
 * item has none. Points are spent as at the till: above the store's
 * no-proof limits (loyalty rules points.burn no_proof_max, no_proof_daily_cap,
 * counted with the day's sales) the exchange needs the member's `proof`
 * (may be NULL; spend-proof.h), and what proved it is kept beside the
 * exchange and journaled. Refusals (nothing written): NOT_FOUND,
 * NOT_AVAILABLE, UNSUPPORTED, OUT_OF_STOCK, LIMIT, INVALID;
 * MPOS_POINTS_ERROR_NO_MEMBER, _FROZEN, _INSUFFICIENT (naming no balance
 * before the proof); MPOS_PAYMENT_PIN_ERROR_REQUIRED, _LOCKED; the
 * proof's own (a wrong PIN, another member's code, a used card read);
 * the rules' NOT_SET_UP. */
gboolean mpos_points_exchange (MposStore *store, int64_t member_id, const char *item_code,
                               int64_t qty, const MposTender *payment,
                               const MposSpendProof *proof, const char *cashier, int64_t now,
                               MposExchangeResult *result, GError **error);

/* Cancels an exchange (by receipt number or id), once, with a supervisor:
 * its points back into the lots they came from (a lot already past its
 * expiry expires again at once), its stock back, its cash refunded by the
 * same tender type. */
gboolean mpos_points_exchange_cancel (MposStore *store, const char *receipt_no, const char *cashier,
                                      const MposStaffCredential *supervisor, const char *reason,
                                      int64_t now,
                                      MposExchangeResult *result, GError **error);

/* An exchange or its cancellation as recorded (boxed: MPOS_TYPE_EXCHANGE_RECORD).
 * A cancellation's qty, points and cash are negative: what went back. */
typedef struct
{
  char *id;
  char *receipt_no;
  char *kind; /* "exchange" or "cancel" */
  int64_t member_id;
  char *item; /* the item's code */
  char *name;
  int64_t qty;
  int64_t points;  /* burnt; negative: given back */
  MposMoney cash;  /* paid; negative: refunded */
  char *tender;    /* NULL: no cash part */
  char *reference;
  int64_t at;
  char *cashier;
  char *approved_by;
  char *reason;
  char *cancels;      /* the exchange a cancellation cancels; NULL */
  char *cancelled_by; /* the cancellation of a cancelled exchange; NULL */
} MposExchangeRecord;

#define MPOS_TYPE_EXCHANGE_RECORD (mpos_exchange_record_get_type ())
GType mpos_exchange_record_get_type (void);
MposExchangeRecord *mpos_exchange_record_copy (const MposExchangeRecord *record);
void mpos_exchange_record_free (MposExchangeRecord *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MposExchangeRecord, mpos_exchange_record_free)

gboolean mpos_exchange_record_is_cancel (const MposExchangeRecord *record);
/* The cash that moved, as the slip says it: paid in for an exchange, paid
 * back for a cancellation; never negative. */
MposMoney mpos_exchange_record_cash_moved (const MposExchangeRecord *record);

/* By receipt number or id; NOT_FOUND when there is none. */
MposExchangeRecord *mpos_points_exchange_get (MposStore *store, const char *receipt_no,
                                              GError **error);

/* {"id","receipt_no","kind","member_id","item","name","qty","points","cash",
 * "tender","reference","at","cashier","approved_by","reason","cancels",
 * "cancelled_by"}, absent values left out: the slip's --json and the
 * journal's payload. */
cJSON *mpos_exchange_record_to_json (MposStore *store, const MposExchangeRecord *record);

G_END_DECLS
