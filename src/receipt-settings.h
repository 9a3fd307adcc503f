/* receipt-settings.h — what a store prints on its receipts beyond its name
 * and address: phone, taxpayer ID (纳税人识别号), free header lines, the
 * returns policy, the e-invoice QR link (扫码开票), the membership QR link
 * for non-members, a logo image and the receipt language. Kept in the
 * store's settings (one row per key), set with `mallposctl receipt-settings`
 * or pushed by the centre, checked here so a typo never reaches paper. */
#pragma once

#include <glib.h>

#include "money.h"
#include "receipt.h"
#include "store.h"

G_BEGIN_DECLS

typedef struct
{
  MposReceiptLanguage language; /* zh_CN unless set */
  char *phone;
  char *taxpayer_id;
  char *header;
  char *returns_policy;
  char *invoice_url; /* a template: {receipt_no} and {total} are filled in */
  char *join_url;
  char *logo;        /* path of a PNG, rasterised per printer */
} MposReceiptSettings;

void mpos_receipt_settings_clear (MposReceiptSettings *settings);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MposReceiptSettings, mpos_receipt_settings_clear)

gboolean mpos_receipt_settings_load (MposStore *store, MposReceiptSettings *out, GError **error);

/* The keys ("language", "phone", …), NULL-terminated, and what each holds. */
const char *const *mpos_receipt_settings_keys (void);
const char *mpos_receipt_settings_describe (const char *key);
/* The value as stored, or NULL when unset. */
char *mpos_receipt_settings_get (MposStore *store, const char *key, GError **error);
/* Checks and stores one setting; value NULL or "" unsets it. Errors are
 * MPOS_STORE_ERROR_CONSTRAINT saying what a right value looks like. */
gboolean mpos_receipt_settings_set (MposStore *store, const char *key, const char *value,
                                    GError **error);

/* The e-invoice link of one receipt: {receipt_no} and {total} (yuan, "12.50")
 * replaced, the receipt number percent-encoded. */
char *mpos_receipt_invoice_url (const char *template_, const char *receipt_no, MposMoney total);

/* The store's name (its code when it has none), address, footer and the
 * terminal, from the store identity. */
void mpos_receipt_set_store (MposReceipt *receipt, const MposStoreIdentity *identity);

/* Copies the settings' texts into a receipt (language included). */
void mpos_receipt_apply_settings (MposReceipt *receipt, const MposReceiptSettings *settings);

G_END_DECLS
