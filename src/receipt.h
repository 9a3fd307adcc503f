/* receipt.h — one device-independent receipt, composed once from a sale or
 * return and rendered by whoever prints it: as text here (32/42/48 columns,
 * CJK counted double-width), as ESC/POS or PNG by the drivers. */
#pragma once

#include <glib.h>
#include "money.h"
#include "receipt-table.h"
#include "text-codec.h"

G_BEGIN_DECLS

typedef enum
{
  MPOS_RECEIPT_SALE, /* a gift-card sale is a sale whose lines carry the card */
  MPOS_RECEIPT_RETURN,
  MPOS_RECEIPT_TOP_UP,
  MPOS_RECEIPT_TOP_UP_REFUND,
  MPOS_RECEIPT_EXCHANGE,        /* points exchange (积分兑换) */
  MPOS_RECEIPT_EXCHANGE_CANCEL,
  MPOS_RECEIPT_REPORT, /* a manager's report: rows, then tables (receipt-table.h) */
} MposReceiptKind;

/* The store's receipt language: every word the layout prints comes from
 * this language's table (receipt-words.h). */
typedef enum
{
  MPOS_RECEIPT_LANGUAGE_ZH_CN,
  MPOS_RECEIPT_LANGUAGE_ZH_TW,
  MPOS_RECEIPT_LANGUAGE_EN,
} MposReceiptLanguage;

/* A labelled figure of a receipt that is not a goods line: a top-up's
 * principal and bonus, an exchange's points. */
typedef struct
{
  char *label;
  char *value;
} MposReceiptRow;

typedef struct
{
  char *label;      /* "限时折扣 饮料九折", "会员价", "满100减10" */
  MposMoney amount; /* negative for a discount */
} MposReceiptAdjustment;

typedef struct
{
  char *name;        /* product name + spec, UTF-8 */
  char *code;        /* barcode or internal code as scanned */
  gboolean weighed;  /* qty is grams, unit_price is per kg */
  int64_t qty;       /* pieces, or grams when weighed */
  MposMoney unit_price;  /* list unit price (per piece or per kg) */
  MposMoney gross;       /* before adjustments */
  MposMoney net;         /* what the customer pays for this line */
  GPtrArray *adjustments; /* of MposReceiptAdjustment*, in the order applied */
  char *note;             /* under the name, e.g. a gift card's masked serial; may be NULL */
} MposReceiptLine;

typedef struct
{
  char *label;       /* "现金 Cash", "微信支付 WeChat Pay" */
  MposMoney amount;  /* amount tendered (for cash, before change) */
  char *reference;   /* bank/mobile reference, may be NULL */
} MposReceiptTender;

/* The member block under the payments; all zero/FALSE: not printed. */
typedef struct
{
  gboolean has_points;      /* the member has points movements: show the points lines */
  int64_t points_earned;    /* by this sale (a return: minus what it took back) */
  int64_t points_used;      /* burnt as payment (a return: minus what it gave back) */
  int64_t points_available; /* right after this sale */
  int64_t points_pending;   /* earned, waiting for the return window */
  char pending_from[16];    /* "2026-12-14": when this sale's pending points become usable; "" */
  gboolean has_stored_value;
  MposMoney stored_value; /* principal + bonus right after this sale */
} MposReceiptLoyalty;

typedef struct
{
  MposReceiptKind kind;
  MposReceiptLanguage language;
  gboolean reprint;       /* prints a 重印 REPRINT banner */
  gboolean training;      /* a training store's (练习模式): a banner at the top and bottom */
  gboolean cash_moved;    /* cash went into or out of the drawer: the drawer opens */
  char *store_name;
  char *store_address;    /* may be NULL, as may every text below */
  char *store_phone;
  char *taxpayer_id;      /* 纳税人识别号 */
  char *header;           /* free lines under the store name ('\n' between lines) */
  char *terminal;
  char *cashier_name;     /* printed beside the cashier number when known */
  char *receipt_no;       /* S001-T01-20261123-0007 */
  char *original_receipt_no; /* for returns, may be NULL */
  char *time_local;       /* "2026-11-23 14:05:09", store's time zone */
  char *cashier;
  char *member;           /* masked card/phone + level, may be NULL */
  GPtrArray *lines;       /* of MposReceiptLine* */
  GPtrArray *order_adjustments; /* of MposReceiptAdjustment*: order-level promotions,
                                 * coupons and discounts, once each with their total */
  GPtrArray *order_notes; /* of char*: lines under them, e.g. the part of a coupon
                           * worth more than its goods that was forfeit */
  GPtrArray *rows;        /* of MposReceiptRow*: figures of a receipt without goods */
  GPtrArray *tables;      /* of MposReceiptTable*: a report's tables, after the rows */
  MposMoney subtotal;     /* sum of gross */
  MposMoney discount_total; /* sum of all adjustments (negative or 0) */
  MposMoney total;        /* sum of net; negative for returns */
  MposMoney tax_total;    /* tax included in total */
  GPtrArray *tenders;     /* of MposReceiptTender* */
  MposMoney change;
  MposMoney rounding;     /* cash rounding (抹零), 0 if none; negative when rounded down */
  /* A return keeping back the value of earned points already spent (policy
   * spent_points_return "deduct"): 0 if none. */
  MposMoney points_deduction;
  int64_t points_deducted;  /* the points it pays for */
  char *deduction_tender;   /* the refund that gives less ("现金 Cash"), may be NULL */
  char *returns_policy;   /* "凭小票七日内退换" */
  char *invoice_url;      /* e-invoice link for the QR code (扫码开票) */
  char *join_url;         /* membership link for the QR code on non-member receipts */
  char *logo;             /* PNG file printed above the store name, rasterised per printer */
  char *footer;           /* may be NULL */
  char *notice;           /* a centred warning under the banners, e.g. pending approval; may be NULL */
  gboolean no_refund;     /* a rejected return: its lines for reference, 应退 0.00, no
                           * other figure and no payment block (nothing was refunded) */
  gint64 item_count;      /* pieces (weighed lines count as 1) */
  MposReceiptLoyalty loyalty;
} MposReceipt;

MposReceipt *mpos_receipt_new (MposReceiptKind kind);
void mpos_receipt_free (MposReceipt *receipt);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MposReceipt, mpos_receipt_free)

/* Appends and returns a new line owned by the receipt (strings copied). */
MposReceiptLine *mpos_receipt_add_line (MposReceipt *receipt, const char *name, const char *code,
                                        gboolean weighed, int64_t qty, MposMoney unit_price,
                                        MposMoney gross, MposMoney net);
void mpos_receipt_line_add_adjustment (MposReceiptLine *line, const char *label, MposMoney amount);
void mpos_receipt_add_tender (MposReceipt *receipt, const char *label, MposMoney amount,
                              const char *reference);
/* Adds `amount` to the order-level adjustment called `label` (a new one the
 * first time): a promotion allocated over lines shows once, with its total. */
void mpos_receipt_add_order_adjustment (MposReceipt *receipt, const char *label, MposMoney amount);
void mpos_receipt_add_row (MposReceipt *receipt, const char *label, const char *value);
/* A line under the order adjustments (copied). */
void mpos_receipt_add_order_note (MposReceipt *receipt, const char *note);

/* A card serial as a receipt may show it: at most the first and the last
 * four characters, never more than half of it ("6200****1234"). */
char *mpos_receipt_mask_serial (const char *serial);

/* Renders to plain UTF-8 text, `columns` wide (32, 42 or 48; others are
 * clamped to 24..80), each line ending in '\n'. Hanzi and other East Asian
 * wide characters count as two columns; nothing is cut in the middle of a
 * character; long names wrap onto a following line. */
char *mpos_receipt_render_text (const MposReceipt *receipt, guint columns);
/* The same, every width measured as the printer of `codec` prints it (a
 * two-byte code takes two columns); NULL: as a terminal shows it. */
char *mpos_receipt_render_text_for (const MposReceipt *receipt, guint columns,
                                    MposTextCodec *codec);

G_END_DECLS
