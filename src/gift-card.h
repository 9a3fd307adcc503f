/* gift-card.h — prepaid gift cards (购物卡/礼品卡). Card types are catalog
 * products sold at their face value; card stock is imported as serials with
 * a secret (卡密, kept only as an argon2id hash); a card is activated by the
 * sale that sells it (src/gift-card-sale.h) and holds a balance that is the
 * sum of its append-only ledger. It is spent as a tender (partly, given back
 * exactly on return), redeemed whole into a member's stored value (as
 * principal), registered to a member (记名) and transferred between members,
 * frozen or reported lost (挂失). Every action is one transaction with its
 * ledger rows, audit record and journal entry. */
#pragma once

#include <glib.h>
#include <stdint.h>
#include <cjson/cJSON.h>
#include "money.h"
#include "staff.h"
#include "store.h"
#include "stored-value.h"
#include "tender.h"

G_BEGIN_DECLS

#define MPOS_GIFT_CARD_ERROR (mpos_gift_card_error_quark ())
GQuark mpos_gift_card_error_quark (void);

typedef enum
{
  MPOS_GIFT_CARD_ERROR_INVALID,    /* bad serial, secret, amount, document, supervisor missing */
  MPOS_GIFT_CARD_ERROR_UNKNOWN,    /* no card with that serial (or no such card type) */
  MPOS_GIFT_CARD_ERROR_WRONG_PIN,  /* wrong secret; the message says how many tries are left */
  MPOS_GIFT_CARD_ERROR_LOCKED,     /* too many wrong secrets: a supervisor must unlock */
  MPOS_GIFT_CARD_ERROR_NOT_ACTIVE, /* the card was never sold (activated) */
  MPOS_GIFT_CARD_ERROR_ALREADY_ACTIVE, /* selling a card that is already sold */
  MPOS_GIFT_CARD_ERROR_EXPIRED,        /* past its expiry */
  MPOS_GIFT_CARD_ERROR_FROZEN,         /* frozen or reported lost */
  MPOS_GIFT_CARD_ERROR_INSUFFICIENT,   /* the balance does not cover the payment */
  MPOS_GIFT_CARD_ERROR_NOT_OWNER,      /* registered to another member, or to nobody */
  MPOS_GIFT_CARD_ERROR_USED,           /* a card already spent from cannot be returned */
  MPOS_GIFT_CARD_ERROR_STATE,          /* already frozen / registered, nothing to redeem … */
  MPOS_GIFT_CARD_ERROR_NOT_ALLOWED,    /* bought with points, stored value or another card;
                                          sold below face value; returned without receipt */
  MPOS_GIFT_CARD_ERROR_DUPLICATE,      /* import: the serial is already in stock */
  MPOS_GIFT_CARD_ERROR_PIN_REQUIRED,   /* no secret given (nothing is counted): ask for it */
} MposGiftCardError;

/* The shortest secret (卡密) a card may have: random letters or digits,
 * so a stolen hash cannot be searched offline (gift-card-import.c). */
#define MPOS_GIFT_CARD_SECRET_MIN 10
/* Wrong secrets before a card locks: the store's policy
 * gift_card_pin_failures (staff-policy.h, default 5). */
/* The provider of a gift-card tender whose secret was verified. */
#define MPOS_GIFT_CARD_PIN_VERIFIED "card_pin"

typedef struct
{
  int64_t id;
  char *serial;
  char *type_code;
  char *type_name;
  char *sku_code;
  MposMoney face_value;
  gboolean active; /* sold; else in stock */
  char *hold;      /* NULL, "frozen" or "lost" */
  MposMoney balance;
  int64_t member_id; /* registered owner, 0: none (bearer card) */
  char *sale_id;     /* the sale that activated it */
  int64_t activated_at;
  int64_t expires_at; /* 0: never */
  int pin_failures;
  gboolean locked;
} MposGiftCard;

void mpos_gift_card_free (MposGiftCard *card);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MposGiftCard, mpos_gift_card_free)

/* UNKNOWN when there is no card with that serial. */
MposGiftCard *mpos_gift_card_find (MposStore *store, const char *serial, GError **error);

/* A serial as printed: 6–32 letters, digits or '-'. */
gboolean mpos_gift_card_serial_valid (const char *serial);

/* ---- stock import ---------------------------------------------------------------- */

/* {"batch":"2026-11",
 *  "types":[{"code":"GC100","name":"100元购物卡","sku":"990100","face_value":"100.00",
 *            "valid_days":1095}],
 *  "cards":[{"serial":"GC100-000001","pin":"7KQ4M2XP9WTA","type":"GC100"}]}
 * Types are added or updated (a type's face value never changes once cards
 * of it exist); cards are added inactive. A type's SKU must exist, be taxed
 * at 0% and be listed at the face value. Secrets: 6–32 letters or digits.
 * All or nothing: the first refusal names the item ("cards[3]: …"). */
typedef struct
{
  char *code, *name, *sku;
  MposMoney face_value;
  int64_t valid_days; /* 0: never expires */
} MposGiftCardTypeDef;

typedef struct
{
  char *serial, *pin, *type;
} MposGiftCardDef;

typedef struct
{
  char *batch;
  GPtrArray *types; /* of MposGiftCardTypeDef* */
  GPtrArray *cards; /* of MposGiftCardDef* */
} MposGiftCardStock;

void mpos_gift_card_stock_free (MposGiftCardStock *stock);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MposGiftCardStock, mpos_gift_card_stock_free)

/* Parses and validates the document alone (no store): fuzzed. */
MposGiftCardStock *mpos_gift_card_stock_parse (const char *data, gsize length, GError **error);

typedef struct
{
  int64_t types;
  int64_t cards;
} MposGiftCardImportReport;

gboolean mpos_gift_card_import (MposStore *store, const char *data, gsize length, const char *actor,
                                int64_t now, MposGiftCardImportReport *report, GError **error);

/* ---- the secret ------------------------------------------------------------------ */

/* Checks a card's secret. Must run outside any transaction: a failure is
 * counted and committed before WRONG_PIN or LOCKED is returned; success
 * clears the count. UNKNOWN when there is no such card. */
gboolean mpos_gift_card_verify_pin (MposStore *store, const char *serial, const char *pin,
                                    int64_t now, GError **error);

/* Clears the failures and the lock; needs a supervisor holding
 * gift_card_unlock, at most the store's gift_card_unlock_cap times a
 * business day per card; each unlock is journaled. */
gboolean mpos_gift_card_unlock (MposStore *store, const char *serial,
                                const MposStaffCredential *supervisor,
                                int64_t now, GError **error);

/* ---- spending ---------------------------------------------------------------------- */

/* A gift-card tender of `amount` from card `serial`, its secret verified
 * now (a wrong one counts even though no sale follows). Refuses a card that
 * is unknown, locked, not active, held, expired or short. The tender's
 * reference is the serial; its provider MPOS_GIFT_CARD_PIN_VERIFIED. The
 * sale checks the card again when it commits. Outside any transaction. */
MposTender *mpos_gift_card_tender_new (MposStore *store, const char *serial, const char *pin,
                                       MposMoney amount, int64_t now, GError **error);

/* ---- actions ------------------------------------------------------------------------- */

typedef struct
{
  char action_id[40];
  MposMoney amount;               /* moved into stored value */
  MposStoredValueBalance balance; /* the member's, after */
  int64_t journal_seq;
} MposGiftCardRedeemResult;

/* Moves the card's whole balance into `member_id`'s stored value as
 * principal (not refundable as cash: it has no top-up to refund). Needs the
 * card's secret, or — for a card reported lost — its registered owner and a
 * supervisor instead. A registered card only goes to its owner. */
gboolean mpos_gift_card_redeem (MposStore *store, const char *serial, const char *pin,
                                int64_t member_id, const char *actor,
                                const MposStaffCredential *supervisor, int64_t now,
                                MposGiftCardRedeemResult *result, GError **error);

/* Registers an active bearer card to a member (记名), with its secret. */
gboolean mpos_gift_card_register (MposStore *store, const char *serial, const char *pin,
                                  int64_t member_id, const char *actor, int64_t now,
                                  GError **error);

/* Gives a registered card to another member (转赠): the secret, and the
 * card must be registered to from_member. */
gboolean mpos_gift_card_transfer (MposStore *store, const char *serial, const char *pin,
                                  int64_t from_member, int64_t to_member, const char *actor,
                                  int64_t now, GError **error);

/* hold "frozen" (any card, e.g. stolen stock), "lost" (挂失: a registered
 * active card) or NULL (unfreeze). Needs a reason and a supervisor. */
gboolean mpos_gift_card_set_hold (MposStore *store, const char *serial, const char *hold,
                                  const char *reason, const char *actor,
                                  const MposStaffCredential *supervisor, int64_t now,
                                  GError **error);

/* ---- reading --------------------------------------------------------------------------- */

/* The card with its ledger, as a screen and `gift-card show` read it:
 * gift-card-view.h. */

/* What the store owes on sold cards. */
typedef struct
{
  MposMoney outstanding; /* active + expired + frozen */
  MposMoney active;
  MposMoney expired;
  MposMoney frozen; /* frozen or lost */
  int64_t cards;    /* how many hold a balance */
} MposGiftCardLiability;

gboolean mpos_gift_card_liability (MposStore *store, int64_t now, MposGiftCardLiability *out,
                                   GError **error);

G_END_DECLS
