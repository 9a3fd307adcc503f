/* receipt-words.c — the receipt's words per language. A new word is one row
 * here and one message in each of data/po/<language>.po; the test checks that no
 * language leaves a word out. */
#include "receipt-words.h"

#include <glib/gi18n-lib.h>

#include "message-catalog.h"

#include <string.h>

/* Receipt words are gettext messages (data/po/, context "receipt" or
 * "receipt tender" for a payment's name): the English msgid, translated by
 * the catalog of the receipt's language, which is compiled into the core.
 * The NC_ () marks are for xgettext; the context is kept beside each. */
typedef struct
{
  const char *context;
  const char *msgid;
} Word;

static const Word words[MPOS_N_WORDS] = {
  [MPOS_WORD_REPRINT] = { "receipt", NC_ ("receipt", "*** REPRINT ***") },
  [MPOS_WORD_TRAINING] = { "receipt", NC_ ("receipt", "*** TRAINING - NOT A SALE ***") },
  [MPOS_WORD_RETURN] = { "receipt", NC_ ("receipt", "*** RETURN ***") },
  [MPOS_WORD_TOP_UP] = { "receipt", NC_ ("receipt", "*** TOP-UP ***") },
  [MPOS_WORD_TOP_UP_REFUND] = { "receipt", NC_ ("receipt", "*** TOP-UP REFUND ***") },
  [MPOS_WORD_EXCHANGE] = { "receipt", NC_ ("receipt", "*** POINTS EXCHANGE ***") },
  [MPOS_WORD_EXCHANGE_CANCEL] = { "receipt", NC_ ("receipt", "*** EXCHANGE CANCELLED ***") },
  [MPOS_WORD_PENDING_APPROVAL] = { "receipt", NC_ ("receipt", "PENDING APPROVAL - NO REFUND YET") },
  [MPOS_WORD_RETURN_REJECTED] = { "receipt", NC_ ("receipt", "RETURN REJECTED - NO REFUND") },
  /* "%s": the supervisor who rejected the return, then their reason. */
  [MPOS_WORD_REJECTED_BY] = { "receipt", NC_ ("receipt", "Rejected by %s: %s") },
  [MPOS_WORD_RECEIPT_NO] = { "receipt", NC_ ("receipt", "No.:") },
  [MPOS_WORD_ORIGINAL_NO] = { "receipt", NC_ ("receipt", "Orig.:") },
  [MPOS_WORD_TIME] = { "receipt", NC_ ("receipt", "Time:") },
  [MPOS_WORD_CASHIER] = { "receipt", NC_ ("receipt", "Cashier:") },
  [MPOS_WORD_TERMINAL] = { "receipt", NC_ ("receipt", "Till:") },
  [MPOS_WORD_MEMBER] = { "receipt", NC_ ("receipt", "Member:") },
  [MPOS_WORD_PHONE] = { "receipt", NC_ ("receipt", "Tel:") },
  [MPOS_WORD_TAXPAYER_ID] = { "receipt", NC_ ("receipt", "Tax ID:") },
  [MPOS_WORD_ITEM] = { "receipt", NC_ ("receipt", "Item") },
  [MPOS_WORD_QTY] = { "receipt", NC_ ("receipt", "Qty") },
  [MPOS_WORD_PRICE] = { "receipt", NC_ ("receipt", "Price") },
  [MPOS_WORD_AMOUNT] = { "receipt", NC_ ("receipt", "Amount") },
  [MPOS_WORD_ITEMS] = { "receipt", NC_ ("receipt", "Items") },
  [MPOS_WORD_SUBTOTAL] = { "receipt", NC_ ("receipt", "Subtotal") },
  [MPOS_WORD_DISCOUNT] = { "receipt", NC_ ("receipt", "Discount") },
  [MPOS_WORD_TOTAL] = { "receipt", NC_ ("receipt", "Total") },
  [MPOS_WORD_REFUND] = { "receipt", NC_ ("receipt", "Refund") },
  [MPOS_WORD_ROUNDING] = { "receipt", NC_ ("receipt", "Rounding") },
  [MPOS_WORD_TAX_INCLUDED] = { "receipt", NC_ ("receipt", "Tax incl.") },
  [MPOS_WORD_CHANGE] = { "receipt", NC_ ("receipt", "Change") },
  [MPOS_WORD_SAVED] = { "receipt", NC_ ("receipt", "You saved ¥") },
  [MPOS_WORD_REFERENCE] = { "receipt", NC_ ("receipt", "Ref: ") },
  [MPOS_WORD_POINTS_EARNED] = { "receipt", NC_ ("receipt", "Points earned") },
  [MPOS_WORD_POINTS_USED] = { "receipt", NC_ ("receipt", "Points used") },
  [MPOS_WORD_POINTS_USABLE] = { "receipt", NC_ ("receipt", "Usable points") },
  [MPOS_WORD_POINTS_PENDING] = { "receipt", NC_ ("receipt", "Pending points") },
  [MPOS_WORD_USABLE_FROM] = { "receipt", NC_ ("receipt", "usable from %s") },
  [MPOS_WORD_STORED_VALUE] = { "receipt", NC_ ("receipt", "Stored value") },
  [MPOS_WORD_PRINCIPAL] = { "receipt", NC_ ("receipt", "Principal") },
  [MPOS_WORD_BONUS] = { "receipt", NC_ ("receipt", "Bonus") },
  [MPOS_WORD_POINTS] = { "receipt", NC_ ("receipt", "Points") },
  [MPOS_WORD_GIFT_CARD_NO] = { "receipt", NC_ ("receipt", "Card ") },
  [MPOS_WORD_SCAN_FOR_INVOICE] = { "receipt", NC_ ("receipt", "Scan for your e-invoice") },
  [MPOS_WORD_SCAN_TO_JOIN] = { "receipt", NC_ ("receipt", "Scan to join: earn points today") },
  [MPOS_WORD_MEMBER_PRICE] = { "receipt", NC_ ("receipt", "Member price") },
  [MPOS_WORD_CASH] = { "receipt tender", NC_ ("receipt tender", "Cash") },
  [MPOS_WORD_BANK_CARD] = { "receipt tender", NC_ ("receipt tender", "Bank card") },
  [MPOS_WORD_MOBILE] = { "receipt tender", NC_ ("receipt tender", "Mobile") },
  [MPOS_WORD_WECHAT_PAY] = { "receipt tender", NC_ ("receipt tender", "WeChat Pay") },
  [MPOS_WORD_ALIPAY] = { "receipt tender", NC_ ("receipt tender", "Alipay") },
  [MPOS_WORD_UNIONPAY] = { "receipt tender", NC_ ("receipt tender", "UnionPay") },
  [MPOS_WORD_OTHER] = { "receipt tender", NC_ ("receipt tender", "Other") },
  [MPOS_WORD_STORED_VALUE_TENDER] = { "receipt tender", NC_ ("receipt tender", "Stored value") },
  [MPOS_WORD_GIFT_CARD] = { "receipt tender", NC_ ("receipt tender", "Gift card") },
  [MPOS_WORD_REPORT_NO] = { "receipt", NC_ ("receipt", "Report No.:") },
  [MPOS_WORD_BUSINESS_DAY] = { "receipt", NC_ ("receipt", "Business day:") },
  [MPOS_WORD_PERIOD] = { "receipt", NC_ ("receipt", "Period:") },
  [MPOS_WORD_GENERATED] = { "receipt", NC_ ("receipt", "Generated:") },
  [MPOS_WORD_TRAINING_REPORT] = { "receipt", NC_ ("receipt", "TRAINING - NOT BUSINESS FIGURES") },
  [MPOS_WORD_CONTINUED] = { "receipt", NC_ ("receipt", "(continued)") },
  [MPOS_WORD_PAGE] = { "receipt", NC_ ("receipt", "Page {page} of {pages}") },
  /* "%s": the points a return kept back the value of; the tender giving less;
   * a coupon's code, worth, part used and part forfeit (in that order). */
  [MPOS_WORD_POINTS_KEPT_BACK] = { "receipt", NC_ ("receipt", "Spent points kept back (%s)") },
  [MPOS_WORD_REFUNDS_LESS] = { "receipt", NC_ ("receipt", "%s refunds less") },
  [MPOS_WORD_COUPON_FORFEIT]
  = { "receipt", NC_ ("receipt", "Coupon %s worth %s, used %s (%s forfeit)") },
};

static const char *const language_names[] = { "zh_CN", "zh_TW", "en" };

/* The catalog of a receipt language, read once from the core's resources;
 * NULL (words stay English) only if the build left it out. */
static const MposMessageCatalog *
catalog_of (MposReceiptLanguage language)
{
  static MposMessageCatalog *catalogs[G_N_ELEMENTS (language_names)];
  static gsize loaded[G_N_ELEMENTS (language_names)];
  guint i = MIN ((guint)language, 2u);

  if (g_once_init_enter (&loaded[i]))
    {
      catalogs[i] = mpos_message_catalog_for (language_names[i]);
      g_once_init_leave (&loaded[i], 1);
    }
  return catalogs[i];
}

const char *
mpos_receipt_word (MposReceiptLanguage language, MposReceiptWord word)
{
  const MposMessageCatalog *catalog;
  const char *translated = NULL;

  g_return_val_if_fail ((guint)word < MPOS_N_WORDS, "");

  catalog = catalog_of (language);
  if (catalog != NULL)
    translated = mpos_message_catalog_lookup (catalog, words[word].context, words[word].msgid);
  return translated ? translated : words[word].msgid;
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
