/* scan-code.h — what a scanned code is at the till: goods (a barcode or a
 * scale label), a member card, a member QR code, a coupon, a gift card, a
 * receipt number (for a return), a customer's payment code, or none of
 * these. The window routes a scan by this answer, so a member card never
 * lands as a line and an unknown code is told in plain words. */
#pragma once

#include <glib.h>
#include "barcode.h"
#include "store.h"

G_BEGIN_DECLS

typedef enum
{
  MPOS_SCAN_UNKNOWN,      /* none of the below: *error says so in plain words */
  MPOS_SCAN_PRODUCT,      /* a barcode, internal code or SKU code of the catalog */
  MPOS_SCAN_SCALE_LABEL,  /* a weighed-goods label from a store scale (weight or price inside) */
  MPOS_SCAN_MEMBER_CARD,  /* a member card number (also a lost one: the lookup says so) */
  MPOS_SCAN_MEMBER_QR,    /* a member's dynamic code "MP1.…" */
  MPOS_SCAN_COUPON,       /* a coupon of this store */
  MPOS_SCAN_GIFT_CARD,    /* a gift card serial of this store */
  MPOS_SCAN_RECEIPT,      /* the receipt number of a sale on this store: a return */
  MPOS_SCAN_PAYMENT_CODE, /* a customer's WeChat Pay / Alipay / UnionPay code */
} MposScanKind;

const char *mpos_scan_kind_name (MposScanKind kind);

/* Tells what `text` is, asking the store in that order: member QR, goods,
 * member card, receipt, gift card, coupon, payment code. UNKNOWN sets
 * *error (MPOS_BARCODE_ERROR) to a sentence for the cashier naming the code
 * and what to do; every other kind leaves it unset. */
MposScanKind mpos_scan_classify (MposStore *store, const char *text, GError **error);

G_END_DECLS
