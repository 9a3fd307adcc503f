/* receipt-settings.c — the store's receipt settings: one settings row per key
 * ("receipt.phone", …), each value checked by its own rule before it is
 * stored, read back into a typed struct when a receipt is composed. */
#include "receipt-settings.h"

#include "receipt-words.h"
#include "store-private.h"

#include <string.h>

#define PREFIX "receipt."
#define MAX_TEXT 400

typedef gboolean (*CheckFunc) (const char *value, GError **error);

typedef struct
{
  const char *key;
  const char *about;
  CheckFunc check;
  gsize offset; /* of the char * in MposReceiptSettings; 0 for language */
} Key;

static gboolean
refuse (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

static gboolean
refuse (GError **error, const char *format, ...)
{
  va_list args;
  GError *refusal;

  va_start (args, format);
  refusal = g_error_new_valist (MPOS_STORE_ERROR, MPOS_STORE_ERROR_CONSTRAINT, format, args);
  va_end (args);
  g_propagate_error (error, refusal);
  return FALSE;
}

static gboolean
check_text (const char *value, GError **error)
{
  if (!g_utf8_validate (value, -1, NULL) || g_utf8_strlen (value, -1) > MAX_TEXT)
    return refuse (error, "the text must be UTF-8 and at most %d characters", MAX_TEXT);
  for (const char *p = value; *p != '\0'; p++)
    if ((guchar)*p < 0x20 && *p != '\n')
      return refuse (error, "the text may hold line breaks but no other control characters");
  return TRUE;
}

static gboolean
check_language (const char *value, GError **error)
{
  MposReceiptLanguage language;

  if (!mpos_receipt_language_parse (value, &language))
    return refuse (error, "the receipt language is zh_CN, zh_TW or en, not “%s”", value);
  return TRUE;
}

static gboolean
check_phone (const char *value, GError **error)
{
  gsize digits = 0;

  for (const char *p = value; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        digits++;
      else if (strchr ("+-() ", *p) == NULL)
        return refuse (error, "a phone number holds digits, spaces and + - ( ), e.g. 021-6288 1234");
    }
  if (digits < 5 || strlen (value) > 24)
    return refuse (error, "a phone number has 5 to 20 digits, e.g. 021-6288 1234");
  return TRUE;
}

/* 统一社会信用代码 (18 characters) or an old taxpayer number (15, 17 or 20). */
static gboolean
check_taxpayer_id (const char *value, GError **error)
{
  gsize n = strlen (value);

  for (const char *p = value; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && !g_ascii_isupper (*p))
      return refuse (error, "a taxpayer ID (纳税人识别号) is digits and capital letters, "
                            "e.g. 91310000MA1FL0XX3K");
  if (n != 15 && n != 17 && n != 18 && n != 20)
    return refuse (error, "a taxpayer ID (纳税人识别号) has 18 characters (15, 17 or 20 for "
                          "old numbers), not %" G_GSIZE_FORMAT, n);
  return TRUE;
}

static gboolean
check_url (const char *value, GError **error)
{
  if (!g_str_has_prefix (value, "https://") && !g_str_has_prefix (value, "http://"))
    return refuse (error, "the link must start with https:// (or http://)");
  if (strlen (value) > 300)
    return refuse (error, "the link is longer than 300 bytes: a receipt QR code would be too dense");
  for (const char *p = value; *p != '\0'; p++)
    if ((guchar)*p <= ' ' || (guchar)*p >= 0x7f)
      return refuse (error, "the link may not hold spaces or non-ASCII characters: percent-encode them");
  return TRUE;
}

/* Only {receipt_no} and {total} may be filled in. */
static gboolean
check_invoice_url (const char *value, GError **error)
{
  g_autoptr (GString) probe = NULL;

  if (!check_url (value, error))
    return FALSE;
  probe = g_string_new (value);
  g_string_replace (probe, "{receipt_no}", "", 0);
  g_string_replace (probe, "{total}", "", 0);
  if (strchr (probe->str, '{') != NULL || strchr (probe->str, '}') != NULL)
    return refuse (error, "the e-invoice link may fill in {receipt_no} and {total} only");
  return TRUE;
}

static gboolean
check_logo (const char *value, GError **error)
{
  if (!g_path_is_absolute (value) || !g_str_has_suffix (value, ".png"))
    return refuse (error, "the logo is the absolute path of a PNG file, e.g. /etc/mallpos/logo.png");
  if (!g_file_test (value, G_FILE_TEST_IS_REGULAR))
    return refuse (error, "the logo %s does not exist (copy the PNG there first)", value);
  return TRUE;
}

#define AT(field) G_STRUCT_OFFSET (MposReceiptSettings, field)

static const Key keys[] = {
  { "language", "receipt language: zh_CN, zh_TW or en", check_language, 0 },
  { "phone", "store phone number", check_phone, AT (phone) },
  { "taxpayer_id", "纳税人识别号 (18 characters)", check_taxpayer_id, AT (taxpayer_id) },
  { "header", "free lines under the store name", check_text, AT (header) },
  { "returns_policy", "returns policy line, e.g. 凭小票七日内退换", check_text,
    AT (returns_policy) },
  { "invoice_url", "e-invoice link with {receipt_no} and {total}", check_invoice_url,
    AT (invoice_url) },
  { "join_url", "membership link (QR on non-member receipts)", check_url, AT (join_url) },
  { "logo", "PNG printed above the store name", check_logo, AT (logo) },
};

static const Key *
find_key (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    if (g_strcmp0 (keys[i].key, key) == 0)
      return &keys[i];
  return NULL;
}

const char *const *
mpos_receipt_settings_keys (void)
{
  static const char *names[G_N_ELEMENTS (keys) + 1];

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    names[i] = keys[i].key;
  return names;
}

const char *
mpos_receipt_settings_describe (const char *key)
{
  const Key *k = find_key (key);

  return k != NULL ? k->about : NULL;
}

static gboolean
unknown_key (const char *key, GError **error)
{
  g_autofree char *list = g_strjoinv (", ", (char **)mpos_receipt_settings_keys ());

  return refuse (error, "“%s” is not a receipt setting (%s)", key, list);
}

char *
mpos_receipt_settings_get (MposStore *store, const char *key, GError **error)
{
  g_autofree char *name = g_strconcat (PREFIX, key, NULL);
  char *value;

  if (find_key (key) == NULL)
    {
      unknown_key (key, error);
      return NULL;
    }
  value = mpos_store_get_setting (store, name);
  if (value != NULL && value[0] == '\0')
    g_clear_pointer (&value, g_free);
  return value;
}

gboolean
mpos_receipt_settings_set (MposStore *store, const char *key, const char *value, GError **error)
{
  const Key *k = find_key (key);
  g_autofree char *name = g_strconcat (PREFIX, key, NULL);

  if (k == NULL)
    return unknown_key (key, error);
  if (value != NULL && value[0] != '\0' && !k->check (value, error))
    {
      g_prefix_error (error, "receipt setting %s: ", key);
      return FALSE;
    }
  return mpos_store_put_setting (store, name, value, error);
}

void
mpos_receipt_settings_clear (MposReceiptSettings *settings)
{
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    if (keys[i].offset != 0)
      g_clear_pointer (&G_STRUCT_MEMBER (char *, settings, keys[i].offset), g_free);
}

gboolean
mpos_receipt_settings_load (MposStore *store, MposReceiptSettings *out, GError **error)
{
  memset (out, 0, sizeof *out);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autofree char *value = mpos_receipt_settings_get (store, keys[i].key, error);

      if (keys[i].offset != 0)
        G_STRUCT_MEMBER (char *, out, keys[i].offset) = g_steal_pointer (&value);
      else if (value != NULL)
        mpos_receipt_language_parse (value, &out->language);
    }
  return TRUE;
}

char *
mpos_receipt_invoice_url (const char *template_, const char *receipt_no, MposMoney total)
{
  GString *url = g_string_new (template_);
  g_autofree char *escaped = g_uri_escape_string (receipt_no, NULL, FALSE);
  char buf[MPOS_MONEY_BUF];

  g_string_replace (url, "{receipt_no}", escaped, 0);
  g_string_replace (url, "{total}", mpos_money_to_buf (total, buf), 0);
  return g_string_free (url, FALSE);
}

void
mpos_receipt_apply_settings (MposReceipt *receipt, const MposReceiptSettings *settings)
{
  receipt->language = settings->language;
  g_free (receipt->store_phone);
  receipt->store_phone = g_strdup (settings->phone);
  g_free (receipt->taxpayer_id);
  receipt->taxpayer_id = g_strdup (settings->taxpayer_id);
  g_free (receipt->header);
  receipt->header = g_strdup (settings->header);
  g_free (receipt->returns_policy);
  receipt->returns_policy = g_strdup (settings->returns_policy);
  g_free (receipt->logo);
  receipt->logo = g_strdup (settings->logo);
}

void
mpos_receipt_set_store (MposReceipt *receipt, const MposStoreIdentity *identity)
{
  g_free (receipt->store_name);
  receipt->store_name = g_strdup (identity->store_name && *identity->store_name
                                      ? identity->store_name
                                      : identity->store_code);
  g_free (receipt->store_address);
  receipt->store_address = g_strdup (identity->store_address);
  g_free (receipt->footer);
  receipt->footer = g_strdup (identity->receipt_footer);
  g_free (receipt->terminal);
  receipt->terminal = g_strdup (identity->terminal_code);
}
