/* tender.c — the tender table (tender.h: the one place a tender type is
 * described), wallet recognition and the default cashier-confirmed payment
 * provider. */
#include "tender.h"

#include <string.h>

/* clang-format off */
G_DEFINE_QUARK (mpos-tender-error-quark, mpos_tender_error)
/* clang-format on */

/* The tender table: one row per type, in MposTenderType order. */
static const MposTenderKind kinds[] = {
  /* type, name, label, change, drawer, prepaid, member, brings money, reference, masked */
  { MPOS_TENDER_CASH, "cash", "现金 Cash", TRUE, TRUE, FALSE, FALSE, TRUE, FALSE, FALSE },
  { MPOS_TENDER_BANK_CARD, "bank_card", "银行卡 Card", FALSE, FALSE, FALSE, FALSE, TRUE, TRUE,
    FALSE },
  { MPOS_TENDER_MOBILE, "mobile", "移动支付 Mobile", FALSE, FALSE, FALSE, FALSE, TRUE, FALSE,
    FALSE },
  { MPOS_TENDER_OTHER, "other", "其他 Other", FALSE, FALSE, FALSE, FALSE, FALSE, FALSE, FALSE },
  { MPOS_TENDER_POINTS, "points", "积分 Points", FALSE, FALSE, TRUE, TRUE, FALSE, FALSE, FALSE },
  { MPOS_TENDER_STORED_VALUE, "stored_value", "储值 Stored value", FALSE, FALSE, TRUE, TRUE, FALSE,
    FALSE, FALSE },
  { MPOS_TENDER_GIFT_CARD, "gift_card", "购物卡 Gift card", FALSE, FALSE, TRUE, FALSE, FALSE,
    FALSE, TRUE },
};

const MposTenderKind *
mpos_tender_kind (MposTenderType type)
{
  G_STATIC_ASSERT (G_N_ELEMENTS (kinds) == MPOS_TENDER_GIFT_CARD + 1);
  g_return_val_if_fail ((guint) type < G_N_ELEMENTS (kinds), &kinds[MPOS_TENDER_OTHER]);
  g_assert (kinds[type].type == type);
  return &kinds[type];
}

MposTender *
mpos_tender_new (MposTenderType type, MposMoney amount, const char *reference,
                 const char *provider)
{
  MposTender *tender = g_new0 (MposTender, 1);

  tender->type = type;
  tender->amount = amount;
  tender->reference = g_strdup (reference);
  tender->provider = g_strdup (provider);
  return tender;
}

MposTender *
mpos_tender_copy (const MposTender *tender)
{
  MposTender *copy = mpos_tender_new (tender->type, tender->amount, tender->reference,
                                      tender->provider);

  copy->points = tender->points;
  return copy;
}

void
mpos_tender_free (MposTender *tender)
{
  if (tender == NULL)
    return;
  g_free (tender->reference);
  g_free (tender->provider);
  g_free (tender);
}

const char *
mpos_tender_type_name (MposTenderType type)
{
  return mpos_tender_kind (type)->name;
}

gboolean
mpos_tender_type_from_name (const char *name, MposTenderType *out)
{
  for (guint i = 0; name && i < G_N_ELEMENTS (kinds); i++)
    if (strcmp (name, kinds[i].name) == 0)
      {
        *out = kinds[i].type;
        return TRUE;
      }
  return FALSE;
}

gboolean
mpos_tender_type_read (const char *name, const char *what, MposTenderType *out, GError **error)
{
  if (mpos_tender_type_from_name (name, out))
    return TRUE;
  g_set_error (error, MPOS_TENDER_ERROR, MPOS_TENDER_ERROR_INVALID,
               "%s names a tender this program does not know (%s): run mallposctl check, or "
               "open the store with the program that wrote it",
               what, name ? name : "none");
  return FALSE;
}

char *
mpos_tender_type_names (void)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    g_string_append_printf (out, "%s%s", i ? ", " : "", kinds[i].name);
  return g_string_free (out, FALSE);
}

const char *
mpos_tender_label (const MposTender *tender)
{
  if (tender->type == MPOS_TENDER_MOBILE && tender->provider)
    {
      if (g_str_has_prefix (tender->reference ? tender->reference : "", "wechat"))
        return "微信支付 WeChat Pay";
      if (g_str_has_prefix (tender->reference ? tender->reference : "", "alipay"))
        return "支付宝 Alipay";
      if (g_str_has_prefix (tender->reference ? tender->reference : "", "unionpay"))
        return "云闪付 UnionPay";
    }
  return mpos_tender_kind (tender->type)->label;
}

static gboolean
all_digits (const char *code, gsize len)
{
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (code[i]))
      return FALSE;
  return len > 0;
}

MposWallet
mpos_wallet_from_code (const char *code)
{
  gsize len = code ? strlen (code) : 0;
  int prefix;

  if (len < 16 || !all_digits (code, len))
    return MPOS_WALLET_NONE;
  prefix = (code[0] - '0') * 10 + (code[1] - '0');
  if (len == 18 && prefix >= 10 && prefix <= 15)
    return MPOS_WALLET_WECHAT;
  if (len >= 16 && len <= 24 && prefix >= 25 && prefix <= 30)
    return MPOS_WALLET_ALIPAY;
  if (len == 19 && prefix == 62)
    return MPOS_WALLET_UNIONPAY;
  return MPOS_WALLET_NONE;
}

const char *
mpos_wallet_name (MposWallet wallet)
{
  switch (wallet)
    {
    case MPOS_WALLET_WECHAT:
      return "wechat";
    case MPOS_WALLET_ALIPAY:
      return "alipay";
    case MPOS_WALLET_UNIONPAY:
      return "unionpay";
    default:
      return "unknown";
    }
}

static char *
cashier_confirmed_charge (MposPaymentProvider *provider, MposWallet wallet, const char *code,
                          MposMoney amount, GError **error)
{
  gsize len = strlen (code);

  /* Never store a whole payment code: it is a bearer token until it expires. */
  return g_strdup_printf ("%s-****%s", mpos_wallet_name (wallet), code + (len > 4 ? len - 4 : 0));
}

MposPaymentProvider *
mpos_payment_provider_cashier_confirmed (void)
{
  static MposPaymentProvider provider = { "cashier-confirmed", cashier_confirmed_charge };

  return &provider;
}

MposTender *
mpos_tender_new_mobile (MposPaymentProvider *provider, const char *code, MposMoney amount,
                        GError **error)
{
  MposWallet wallet = mpos_wallet_from_code (code);
  g_autofree char *reference = NULL;

  if (wallet == MPOS_WALLET_NONE)
    {
      g_set_error (error, MPOS_TENDER_ERROR, MPOS_TENDER_ERROR_INVALID,
                   "not a WeChat Pay, Alipay or UnionPay payment code; ask the customer to "
                   "refresh the code and scan again");
      return NULL;
    }
  if (amount <= 0)
    {
      g_set_error (error, MPOS_TENDER_ERROR, MPOS_TENDER_ERROR_INVALID,
                   "a mobile payment must be more than 0");
      return NULL;
    }
  reference = provider->charge (provider, wallet, code, amount, error);
  if (reference == NULL)
    return NULL;
  return mpos_tender_new (MPOS_TENDER_MOBILE, amount, reference, provider->name);
}
