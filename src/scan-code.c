/* scan-code.c — telling scanned codes apart for the till (scan-code.h).
 * Each kind is asked of the module that owns it, so the answer is the
 * store's, not a guess from the shape of the code: a 13-digit member card
 * can pass an EAN-13 check, so goods are asked before cards. */
#include "scan-code.h"

#include "catalog.h"
#include "coupon.h"
#include "gift-card.h"
#include "member-qr.h"
#include "member.h"
#include "sale.h"
#include "tender.h"

#include <string.h>

static const char *const kind_names[] = {
  "unknown", "product",   "scale_label", "member_card",  "member_qr",
  "coupon",  "gift_card", "receipt",     "payment_code",
};

const char *
mpos_scan_kind_name (MposScanKind kind)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (kind_names), "unknown");
  return kind_names[kind];
}

static MposScanKind
classify_goods (MposStore *store, const char *text)
{
  const MposStoreIdentity *identity = mpos_store_get_identity (store, NULL);
  MposBarcode barcode = { 0 };
  g_autoptr (MposSku) sku = mpos_catalog_resolve_code (
      store, text, identity ? &identity->scale_layout : NULL, &barcode, NULL);

  if (sku == NULL)
    return MPOS_SCAN_UNKNOWN;
  if (barcode.kind == MPOS_BARCODE_WEIGHT_EMBEDDED || barcode.kind == MPOS_BARCODE_PRICE_EMBEDDED)
    return MPOS_SCAN_SCALE_LABEL;
  return MPOS_SCAN_PRODUCT;
}

static gboolean
is_member_card (MposStore *store, const char *text)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposMember) member = mpos_member_lookup_card (store, text, &error);

  /* a lost card is still a card: the member lookup tells the cashier what to do */
  return member != NULL || g_error_matches (error, MPOS_MEMBER_ERROR, MPOS_MEMBER_ERROR_CARD_LOST);
}

static gboolean
is_receipt (MposStore *store, const char *text)
{
  g_autoptr (MposSaleRecord) record = NULL;

  /* receipt numbers carry dashes ("S001-T01-20261123-0007"); digits alone are never one */
  if (strchr (text, '-') == NULL)
    return FALSE;
  record = mpos_sale_load (store, text, NULL);
  return record != NULL && g_strcmp0 (record->kind, "sale") == 0;
}

static gboolean
is_gift_card (MposStore *store, const char *text)
{
  g_autoptr (MposGiftCard) card = NULL;

  if (!mpos_gift_card_serial_valid (text))
    return FALSE;
  card = mpos_gift_card_find (store, text, NULL);
  return card != NULL;
}

static gboolean
is_coupon (MposStore *store, const char *text)
{
  g_autofree char *code = mpos_coupon_normalize_code (text, NULL);
  g_autoptr (MposCoupon) coupon = code ? mpos_coupon_load (store, code, NULL) : NULL;

  return coupon != NULL;
}

MposScanKind
mpos_scan_classify (MposStore *store, const char *text, GError **error)
{
  g_autofree char *code = g_strstrip (g_strdup (text ? text : ""));
  MposScanKind kind;

  if (code[0] == '\0')
    {
      g_set_error (error, MPOS_BARCODE_ERROR, MPOS_BARCODE_ERROR_EMPTY,
                   "the scan was empty: scan the code again");
      return MPOS_SCAN_UNKNOWN;
    }
  if (g_ascii_strncasecmp (code, "MP", 2) == 0)
    return MPOS_SCAN_MEMBER_QR;
  kind = classify_goods (store, code);
  if (kind != MPOS_SCAN_UNKNOWN)
    return kind;
  if (is_member_card (store, code))
    return MPOS_SCAN_MEMBER_CARD;
  if (is_receipt (store, code))
    return MPOS_SCAN_RECEIPT;
  if (is_gift_card (store, code))
    return MPOS_SCAN_GIFT_CARD;
  if (is_coupon (store, code))
    return MPOS_SCAN_COUPON;
  if (mpos_wallet_from_code (code) != MPOS_WALLET_NONE)
    return MPOS_SCAN_PAYMENT_CODE;
  g_set_error (error, MPOS_BARCODE_ERROR, MPOS_BARCODE_ERROR_LENGTH,
               "“%.40s” is not a product, member card, coupon, gift card or receipt of this "
               "store: key the product's number or search it by name",
               code);
  return MPOS_SCAN_UNKNOWN;
}
