/* receipt-words.h — every word a receipt prints, in the store's receipt
 * language (zh_CN, zh_TW, en): one table per language, so a zh receipt
 * carries no English and an English one no hanzi but the goods' names. */
#pragma once

#include <glib.h>

#include "receipt.h"

G_BEGIN_DECLS

typedef enum
{
  MPOS_WORD_REPRINT,
  MPOS_WORD_TRAINING,
  MPOS_WORD_RETURN,
  MPOS_WORD_TOP_UP,
  MPOS_WORD_TOP_UP_REFUND,
  MPOS_WORD_EXCHANGE,
  MPOS_WORD_EXCHANGE_CANCEL,
  MPOS_WORD_PENDING_APPROVAL,
  MPOS_WORD_RETURN_REJECTED,
  MPOS_WORD_REJECTED_BY,
  MPOS_WORD_RECEIPT_NO,
  MPOS_WORD_ORIGINAL_NO,
  MPOS_WORD_TIME,
  MPOS_WORD_CASHIER,
  MPOS_WORD_TERMINAL,
  MPOS_WORD_MEMBER,
  MPOS_WORD_PHONE,
  MPOS_WORD_TAXPAYER_ID,
  MPOS_WORD_ITEM,
  MPOS_WORD_QTY,
  MPOS_WORD_PRICE,
  MPOS_WORD_AMOUNT,
  MPOS_WORD_ITEMS,
  MPOS_WORD_SUBTOTAL,
  MPOS_WORD_DISCOUNT,
  MPOS_WORD_TOTAL,
  MPOS_WORD_REFUND,
  MPOS_WORD_ROUNDING,
  MPOS_WORD_TAX_INCLUDED,
  MPOS_WORD_CHANGE,
  MPOS_WORD_SAVED,
  MPOS_WORD_REFERENCE,
  MPOS_WORD_POINTS_EARNED,
  MPOS_WORD_POINTS_USED,
  MPOS_WORD_POINTS_USABLE,
  MPOS_WORD_POINTS_PENDING,
  MPOS_WORD_USABLE_FROM,
  MPOS_WORD_STORED_VALUE,
  MPOS_WORD_PRINCIPAL,
  MPOS_WORD_BONUS,
  MPOS_WORD_POINTS,
  MPOS_WORD_GIFT_CARD_NO,
  MPOS_WORD_SCAN_FOR_INVOICE,
  MPOS_WORD_SCAN_TO_JOIN,
  MPOS_WORD_MEMBER_PRICE,
  MPOS_WORD_CASH,
  MPOS_WORD_BANK_CARD,
  MPOS_WORD_MOBILE,
  MPOS_WORD_WECHAT_PAY,
  MPOS_WORD_ALIPAY,
  MPOS_WORD_UNIONPAY,
  MPOS_WORD_OTHER,
  MPOS_WORD_STORED_VALUE_TENDER,
  MPOS_WORD_GIFT_CARD,
  MPOS_WORD_REPORT_NO,
  MPOS_WORD_BUSINESS_DAY,
  MPOS_WORD_PERIOD,
  MPOS_WORD_GENERATED,
  MPOS_WORD_TRAINING_REPORT,
  MPOS_WORD_CONTINUED,
  MPOS_WORD_PAGE,
  MPOS_WORD_POINTS_KEPT_BACK,
  MPOS_WORD_REFUNDS_LESS,
  MPOS_WORD_COUPON_FORFEIT,
  MPOS_N_WORDS
} MposReceiptWord;

const char *mpos_receipt_word (MposReceiptLanguage language, MposReceiptWord word);

/* "zh_CN", "zh_TW", "en" (also "zh-CN", "zh_CN.UTF-8"); FALSE for others. */
gboolean mpos_receipt_language_parse (const char *text, MposReceiptLanguage *out);
const char *mpos_receipt_language_name (MposReceiptLanguage language);

/* A tender's name from its type ("cash", "mobile", …) and reference. */
const char *mpos_receipt_tender_word (MposReceiptLanguage language, const char *type,
                                      const char *reference);

/* A member level discount as a shopper reads it: "金卡会员 95折" in Chinese,
 * "金卡会员 5% off" in English, from the percentage off in basis points. */
char *mpos_receipt_level_discount_label (MposReceiptLanguage language, const char *level,
                                         int percent_off_bp);

G_END_DECLS
