/* receipt-words.c — the receipt's words per language. A new word is one row
 * here; the test checks that no language leaves a word out. */
#include "receipt-words.h"

#include <string.h>

#define YEN "¥"

static const char *const words[MPOS_N_WORDS][3] = {
  [MPOS_WORD_REPRINT] = { "*** 重印 ***", "*** 重印 ***", "*** REPRINT ***" },
  [MPOS_WORD_TRAINING]
  = { "*** 练习模式 非销售凭证 ***", "*** 練習模式 非銷售憑證 ***", "*** TRAINING - NOT A SALE ***" },
  [MPOS_WORD_RETURN] = { "*** 退货 ***", "*** 退貨 ***", "*** RETURN ***" },
  [MPOS_WORD_TOP_UP] = { "*** 储值充值 ***", "*** 儲值充值 ***", "*** TOP-UP ***" },
  [MPOS_WORD_TOP_UP_REFUND] = { "*** 充值退款 ***", "*** 充值退款 ***", "*** TOP-UP REFUND ***" },
  [MPOS_WORD_EXCHANGE] = { "*** 积分兑换 ***", "*** 積分兌換 ***", "*** POINTS EXCHANGE ***" },
  [MPOS_WORD_EXCHANGE_CANCEL]
  = { "*** 积分兑换撤销 ***", "*** 積分兌換撤銷 ***", "*** EXCHANGE CANCELLED ***" },
  [MPOS_WORD_PENDING_APPROVAL]
  = { "待审批 不得退款", "待審批 不得退款", "PENDING APPROVAL - NO REFUND YET" },
  [MPOS_WORD_RECEIPT_NO] = { "流水号:", "流水號:", "No.:" },
  [MPOS_WORD_ORIGINAL_NO] = { "原单号:", "原單號:", "Orig.:" },
  [MPOS_WORD_TIME] = { "时间:", "時間:", "Time:" },
  [MPOS_WORD_CASHIER] = { "收银员:", "收銀員:", "Cashier:" },
  [MPOS_WORD_TERMINAL] = { "终端:", "終端:", "Till:" },
  [MPOS_WORD_MEMBER] = { "会员:", "會員:", "Member:" },
  [MPOS_WORD_PHONE] = { "电话:", "電話:", "Tel:" },
  [MPOS_WORD_TAXPAYER_ID] = { "纳税人识别号:", "納稅人識別號:", "Tax ID:" },
  [MPOS_WORD_ITEM] = { "商品", "商品", "Item" },
  [MPOS_WORD_QTY] = { "数量", "數量", "Qty" },
  [MPOS_WORD_PRICE] = { "单价", "單價", "Price" },
  [MPOS_WORD_AMOUNT] = { "金额", "金額", "Amount" },
  [MPOS_WORD_ITEMS] = { "件数", "件數", "Items" },
  [MPOS_WORD_SUBTOTAL] = { "合计", "合計", "Subtotal" },
  [MPOS_WORD_DISCOUNT] = { "优惠", "優惠", "Discount" },
  [MPOS_WORD_TOTAL] = { "应付", "應付", "Total" },
  [MPOS_WORD_REFUND] = { "应退", "應退", "Refund" },
  [MPOS_WORD_ROUNDING] = { "抹零", "抹零", "Rounding" },
  [MPOS_WORD_TAX_INCLUDED] = { "含税", "含稅", "Tax incl." },
  [MPOS_WORD_CHANGE] = { "找零", "找零", "Change" },
  [MPOS_WORD_SAVED] = { "本次节省 " YEN, "本次節省 " YEN, "You saved " YEN },
  [MPOS_WORD_REFERENCE] = { "参考号: ", "參考號: ", "Ref: " },
  [MPOS_WORD_POINTS_EARNED] = { "本单积分", "本單積分", "Points earned" },
  [MPOS_WORD_POINTS_USED] = { "积分抵扣", "積分抵扣", "Points used" },
  [MPOS_WORD_POINTS_USABLE] = { "可用积分", "可用積分", "Usable points" },
  [MPOS_WORD_POINTS_PENDING] = { "待生效积分", "待生效積分", "Pending points" },
  [MPOS_WORD_USABLE_FROM] = { "%s起可用", "%s起可用", "usable from %s" },
  [MPOS_WORD_STORED_VALUE] = { "储值余额", "儲值餘額", "Stored value" },
  [MPOS_WORD_PRINCIPAL] = { "本金", "本金", "Principal" },
  [MPOS_WORD_BONUS] = { "赠额", "贈額", "Bonus" },
  [MPOS_WORD_POINTS] = { "积分", "積分", "Points" },
  [MPOS_WORD_GIFT_CARD_NO] = { "卡号 ", "卡號 ", "Card " },
  [MPOS_WORD_SCAN_FOR_INVOICE] = { "扫码开具电子发票", "掃碼開立電子發票", "Scan for your e-invoice" },
  [MPOS_WORD_SCAN_TO_JOIN] = { "扫码注册会员 积分当场可用", "掃碼註冊會員 積分當場可用",
                               "Scan to join: earn points today" },
  [MPOS_WORD_MEMBER_PRICE] = { "会员价", "會員價", "Member price" },
  [MPOS_WORD_CASH] = { "现金", "現金", "Cash" },
  [MPOS_WORD_BANK_CARD] = { "银行卡", "銀行卡", "Bank card" },
  [MPOS_WORD_MOBILE] = { "移动支付", "行動支付", "Mobile" },
  [MPOS_WORD_WECHAT_PAY] = { "微信支付", "微信支付", "WeChat Pay" },
  [MPOS_WORD_ALIPAY] = { "支付宝", "支付寶", "Alipay" },
  [MPOS_WORD_UNIONPAY] = { "云闪付", "雲閃付", "UnionPay" },
  [MPOS_WORD_OTHER] = { "其他", "其他", "Other" },
  [MPOS_WORD_STORED_VALUE_TENDER] = { "储值", "儲值", "Stored value" },
  [MPOS_WORD_GIFT_CARD] = { "购物卡", "購物卡", "Gift card" },
};

static const char *const language_names[] = { "zh_CN", "zh_TW", "en" };

const char *
mpos_receipt_word (MposReceiptLanguage language, MposReceiptWord word)
{
  g_return_val_if_fail ((guint)word < MPOS_N_WORDS, "");

  return words[word][MIN ((guint)language, 2u)];
}

gboolean
mpos_receipt_language_parse (const char *text, MposReceiptLanguage *out)
{
  g_autofree char *canon = NULL;
  char *dot;

  if (text == NULL)
    return FALSE;
  canon = g_strdup (text);
  g_strdelimit (canon, "-", '_');
  if ((dot = strchr (canon, '.')) != NULL)
    *dot = '\0';
  for (guint i = 0; i < G_N_ELEMENTS (language_names); i++)
    if (g_ascii_strcasecmp (canon, language_names[i]) == 0)
      {
        *out = (MposReceiptLanguage)i;
        return TRUE;
      }
  return FALSE;
}

const char *
mpos_receipt_language_name (MposReceiptLanguage language)
{
  return language_names[MIN ((guint)language, 2u)];
}

static MposReceiptWord
mobile_word (const char *reference)
{
  if (g_str_has_prefix (reference, "wechat"))
    return MPOS_WORD_WECHAT_PAY;
  if (g_str_has_prefix (reference, "alipay"))
    return MPOS_WORD_ALIPAY;
  if (g_str_has_prefix (reference, "unionpay"))
    return MPOS_WORD_UNIONPAY;
  return MPOS_WORD_MOBILE;
}

const char *
mpos_receipt_tender_word (MposReceiptLanguage language, const char *type, const char *reference)
{
  static const struct
  {
    const char *type;
    MposReceiptWord word;
  } types[] = {
    { "cash", MPOS_WORD_CASH },         { "bank_card", MPOS_WORD_BANK_CARD },
    { "points", MPOS_WORD_POINTS },     { "stored_value", MPOS_WORD_STORED_VALUE_TENDER },
    { "gift_card", MPOS_WORD_GIFT_CARD },
  };

  if (g_strcmp0 (type, "mobile") == 0)
    return mpos_receipt_word (language, mobile_word (reference != NULL ? reference : ""));
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    if (g_strcmp0 (type, types[i].type) == 0)
      return mpos_receipt_word (language, types[i].word);
  return mpos_receipt_word (language, MPOS_WORD_OTHER);
}

/* "95", "9", "87.5": what is paid, in tenths, as a Chinese shopper says it. */
static char *
zhe (int percent_off_bp)
{
  int paid = 10000 - CLAMP (percent_off_bp, 0, 10000); /* basis points paid */

  if (paid % 1000 == 0)
    return g_strdup_printf ("%d", paid / 1000);
  if (paid % 100 == 0)
    return g_strdup_printf ("%d", paid / 100);
  return g_strdup_printf ("%d.%d", paid / 100, (paid % 100) / 10);
}

char *
mpos_receipt_level_discount_label (MposReceiptLanguage language, const char *level,
                                   int percent_off_bp)
{
  g_autofree char *figure = NULL;

  if (language == MPOS_RECEIPT_LANGUAGE_EN)
    {
      int whole = percent_off_bp / 100, part = percent_off_bp % 100;

      figure = part ? g_strdup_printf ("%d.%02d", whole, part) : g_strdup_printf ("%d", whole);
      if (part % 10 == 0 && part)
        figure[strlen (figure) - 1] = '\0';
      return g_strdup_printf ("%s %s%% off", level, figure);
    }
  figure = zhe (percent_off_bp);
  return g_strdup_printf ("%s %s折", level, figure);
}
