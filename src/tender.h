/* tender.h — how a sale is paid. Every tender type is one row of the tender
 * table (tender.c): its name in the journal and the sale row, its receipt
 * label, and the rules the checkout, returns, top-ups and receipts follow
 * (who gives change, which tenders are the member's own prepaid value, which
 * bring new money in). Adding a tender: a value at the end of MposTenderType
 * (stored sales keep the name, not the number), its row in tender.c, its
 * receipt word (receipt-words.c), and how it is taken (cart-json.c). Mobile
 * payment codes (WeChat Pay, Alipay, UnionPay, recognised by prefix) are
 * charged through a provider interface. */
#pragma once

#include <glib.h>
#include "money.h"

G_BEGIN_DECLS

#define MPOS_TENDER_ERROR (mpos_tender_error_quark ())
GQuark mpos_tender_error_quark (void);

typedef enum
{
  MPOS_TENDER_ERROR_INVALID,  /* unknown type, bad amount, missing reference */
  MPOS_TENDER_ERROR_DECLINED, /* the provider refused the payment */
} MposTenderError;

typedef enum
{
  MPOS_TENDER_CASH,
  MPOS_TENDER_BANK_CARD,
  MPOS_TENDER_MOBILE,
  MPOS_TENDER_OTHER,
  MPOS_TENDER_POINTS,       /* points burnt as payment; amount is their value in fen */
  MPOS_TENDER_STORED_VALUE, /* the member's stored value (储值), principal and/or bonus */
  MPOS_TENDER_GIFT_CARD,    /* a prepaid gift card (购物卡); reference: its serial */
} MposTenderType;

typedef enum
{
  MPOS_WALLET_NONE,
  MPOS_WALLET_WECHAT,
  MPOS_WALLET_ALIPAY,
  MPOS_WALLET_UNIONPAY,
} MposWallet;

typedef struct
{
  MposTenderType type;
  MposMoney amount;
  char *reference; /* bank terminal reference, provider transaction id; NULL for cash */
  char *provider;  /* "wechat", "alipay", "unionpay", "cashier-confirmed", … */
  int64_t points;  /* MPOS_TENDER_POINTS: the points burnt for `amount` */
} MposTender;

MposTender *mpos_tender_new (MposTenderType type, MposMoney amount, const char *reference,
                             const char *provider);
MposTender *mpos_tender_copy (const MposTender *tender);
void mpos_tender_free (MposTender *tender);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MposTender, mpos_tender_free)

/* One row of the tender table. */
typedef struct
{
  MposTenderType type;
  const char *name;          /* journal, --json, the sale row: "cash", "bank_card", … */
  const char *label;         /* receipt and messages: "现金 Cash" */
  gboolean gives_change;     /* a payment above what is due comes back as change */
  gboolean opens_drawer;     /* paying or refunding it moves cash: the drawer opens */
  gboolean prepaid;          /* value the customer already holds with the store (points,
                              * stored value, gift card): it cannot buy a gift card */
  gboolean member_account;   /* a return gives it back to the member's account first */
  gboolean brings_money;     /* new money: may pay a top-up or an exchange's cash part */
  gboolean needs_reference;  /* the payment terminal's reference must be given */
  gboolean masked_reference; /* the reference is a card serial: masked on receipts */
} MposTenderKind;

/* The row of `type`; every MposTenderType has one. */
const MposTenderKind *mpos_tender_kind (MposTenderType type);

const char *mpos_tender_type_name (MposTenderType type); /* "cash", "bank_card", … */
gboolean mpos_tender_type_from_name (const char *name, MposTenderType *out);
/* The same for a name read back from the store: an unknown one (a file
 * edited around SQLite, a newer program's tender) is MPOS_TENDER_ERROR_INVALID
 * naming `what` ("top-up S001-…"), never read as another tender. */
gboolean mpos_tender_type_read (const char *name, const char *what, MposTenderType *out,
                                GError **error);
/* Every type's name, for messages: "cash, bank_card, …". */
char *mpos_tender_type_names (void);
/* Receipt label, e.g. "现金 Cash", "微信支付 WeChat Pay". */
const char *mpos_tender_label (const MposTender *tender);

/* Which wallet a customer's payment code belongs to (18-digit codes 10–15:
 * WeChat Pay; 16–24 digits 25–30: Alipay; 19 digits 62: UnionPay QuickPass). */
MposWallet mpos_wallet_from_code (const char *code);
const char *mpos_wallet_name (MposWallet wallet);

/* A mobile payment provider: charges a scanned payment code. */
typedef struct _MposPaymentProvider MposPaymentProvider;
struct _MposPaymentProvider
{
  const char *name;
  /* Returns the provider's transaction reference, or NULL with an error. */
  char *(*charge) (MposPaymentProvider *provider, MposWallet wallet, const char *code,
                   MposMoney amount, GError **error);
};

/* The default: no gateway; the cashier confirms the customer's phone shows
 * the payment as done. The reference records wallet and the code's last 4. */
MposPaymentProvider *mpos_payment_provider_cashier_confirmed (void);

/* Builds a mobile tender by charging `code` through `provider`. */
MposTender *mpos_tender_new_mobile (MposPaymentProvider *provider, const char *code,
                                    MposMoney amount, GError **error);

G_END_DECLS
