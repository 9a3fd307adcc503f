/* gift-card-import.c — card types and card stock from a JSON document (from
 * the card printer or the centre): every field checked while parsing, with
 * no store, so the parser is fuzzed alone; then all or nothing in one
 * transaction. Secrets are hashed (argon2id) before the write lock is
 * taken, so a large batch never holds up a sale at the next terminal. */
#include "gift-card-private.h"
#include "fail.h"
#include "audit.h"
#include "catalog.h"
#include "journal.h"
#include "json-out.h"
#include "uuid.h"

#include <sodium.h>
#include <string.h>

#define MAX_CARDS 100000
#define MAX_TYPES 1000
#define MAX_FACE_VALUE ((MposMoney)100000000) /* 1,000,000.00 yuan */
#define MAX_VALID_DAYS 36500
/* Light argon2id (t=2, 1 MiB: about 3 ms a card): a batch of 10 000 cards
 * hashes in half a minute. The random card secret carries the strength
 * against an offline guess; the lock at the fifth wrong try against an
 * online one. */
#define PIN_OPSLIMIT 2
#define PIN_MEMLIMIT ((size_t)1 << 20)

static MposSql SQL_TYPE = MPOS_SQL (
    "gift-card-import: type",
    "SELECT t.face_value, t.sku_id, (SELECT count(*) FROM gift_cards c WHERE c.type_code = t.code) "
    "FROM gift_card_types t WHERE t.code = :code");
static MposSql SQL_TYPE_OF_SKU
    = MPOS_SQL ("gift-card-import: type of sku",
                "SELECT code FROM gift_card_types WHERE sku_id = :sku AND code <> :code");
static MposSql SQL_UPSERT_TYPE = MPOS_SQL (
    "gift-card-import: upsert type",
    "INSERT INTO gift_card_types (code, name, sku_id, face_value, valid_days, updated_at) "
    "VALUES (:code, :name, :sku, :face, :days, :now) ON CONFLICT (code) DO UPDATE SET "
    "name = excluded.name, sku_id = excluded.sku_id, face_value = excluded.face_value, "
    "valid_days = excluded.valid_days, updated_at = excluded.updated_at");
static MposSql SQL_SERIAL_EXISTS = MPOS_SQL (
    "gift-card-import: serial exists", "SELECT count(*) FROM gift_cards WHERE serial = :serial");
static MposSql SQL_INSERT_CARD = MPOS_SQL (
    "gift-card-import: insert card",
    "INSERT INTO gift_cards (serial, type_code, face_value, pin_hash, batch, imported_at) "
    "SELECT :serial, code, face_value, :hash, :batch, :now FROM gift_card_types WHERE code = "
    ":type");

static void
type_def_free (MposGiftCardTypeDef *t)
{
  g_free (t->code);
  g_free (t->name);
  g_free (t->sku);
  g_free (t);
}

static void
card_def_free (MposGiftCardDef *c)
{
  g_free (c->serial);
  if (c->pin)
    sodium_memzero (c->pin, strlen (c->pin));
  g_free (c->pin);
  g_free (c->type);
  g_free (c);
}

void
mpos_gift_card_stock_free (MposGiftCardStock *stock)
{
  if (stock == NULL)
    return;
  g_free (stock->batch);
  g_ptr_array_unref (stock->types);
  g_ptr_array_unref (stock->cards);
  g_free (stock);
}

#define invalid(error, ...) mpos_gift_card_fail (error, MPOS_GIFT_CARD_ERROR_INVALID, __VA_ARGS__)

/* {"batch":"…","types":[…],"cards":[…]} */
static const MposJsonShape card_type_shape = {
  .what = "a gift card type",
  .keys = (const MposJsonKey[]){ { "code", NULL },
                                 { "name", NULL },
                                 { "sku", NULL },
                                 { "face_value", NULL },
                                 { "valid_days", NULL },
                                 { NULL } },
};

static const MposJsonShape card_shape = {
  .what = "a gift card",
  .keys = (const MposJsonKey[]){ { "serial", NULL }, { "pin", NULL }, { "type", NULL }, { NULL } },
};

static const MposJsonShape stock_shape = {
  .what = "a gift card stock document",
  .keys = (const MposJsonKey[]){ { "batch", NULL },
                                 { "types", &(const MposJsonShape){ .items = &card_type_shape } },
                                 { "cards", &(const MposJsonShape){ .items = &card_shape } },
                                 { NULL } },
};

static gboolean
code_valid (const char *code)
{
  gsize len = strlen (code);

  if (len == 0 || len > 32)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (code[i]) && code[i] != '-' && code[i] != '_')
      return FALSE;
  return TRUE;
}

static gpointer
parse_type (const cJSON *item, GError **error)
{
  const char *code = NULL, *name = NULL, *sku = NULL;
  MposMoney face = 0;
  int64_t days = 0;
  MposGiftCardTypeDef *t;

  if (!mpos_json_get_string (item, "code", TRUE, 32, &code, error)
      || !mpos_json_get_string (item, "name", TRUE, 64, &name, error)
      || !mpos_json_get_string (item, "sku", TRUE, 64, &sku, error)
      || !mpos_json_get_money (item, "face_value", TRUE, MPOS_MONEY_PARSE_DEFAULT, &face, error)
      || !mpos_json_get_int (item, "valid_days", FALSE, 1, MAX_VALID_DAYS, &days, error))
    return NULL;
  if (!code_valid (code))
    {
      invalid (error, R_ ("“code” is 1–32 letters, digits, '-' or '_'"));
      return NULL;
    }
  if (*name == '\0' || *sku == '\0')
    {
      invalid (error, R_ ("“name” and “sku” must not be empty"));
      return NULL;
    }
  if (face <= 0 || face > MAX_FACE_VALUE)
    {
      invalid (error, R_ ("“face_value” must be more than 0 and at most 1000000.00"));
      return NULL;
    }
  t = g_new0 (MposGiftCardTypeDef, 1);
  t->code = g_strdup (code);
  t->name = g_strdup (name);
  t->sku = g_strdup (sku);
  t->face_value = face;
  t->valid_days = days;
  return t;
}

/* A secret of 10 random characters or more: with 10 digits an offline
 * search of a stolen hash needs 10^10 argon2id runs (years of one CPU at
 * 3 ms each), where 6 digits fell in minutes. Shorter ones are refused. */
static gboolean
secret_valid (const char *pin)
{
  gsize len = strlen (pin);

  if (len < MPOS_GIFT_CARD_SECRET_MIN || len > 32)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (pin[i]))
      return FALSE;
  return TRUE;
}

static gpointer
parse_card (const cJSON *item, GError **error)
{
  const char *serial = NULL, *pin = NULL, *type = NULL;
  MposGiftCardDef *c;

  if (!mpos_json_get_string (item, "serial", TRUE, 32, &serial, error)
      || !mpos_json_get_string (item, "pin", TRUE, 32, &pin, error)
      || !mpos_json_get_string (item, "type", TRUE, 32, &type, error))
    return NULL;
  if (!mpos_gift_card_serial_valid (serial))
    {
      invalid (error, R_ ("“serial” is 6–32 letters, digits or '-'"));
      return NULL;
    }
  if (!secret_valid (pin))
    {
      invalid (error,
               R_ ("gift card %s: “pin” (the card's secret, 卡密) must be %d–32 random letters or "
                   "digits; a shorter one can be guessed from a copy of the store: ask the card "
                   "printer for a batch with longer secrets"),
               serial, MPOS_GIFT_CARD_SECRET_MIN);
      return NULL;
    }
  c = g_new0 (MposGiftCardDef, 1);
  c->serial = g_strdup (serial);
  c->pin = g_strdup (pin);
  c->type = g_strdup (type);
  return c;
}

typedef gpointer (*ParseItem) (const cJSON *item, GError **error);

static gboolean
parse_list (const cJSON *root, const char *key, guint max, ParseItem parse, GPtrArray *out,
            GHashTable *seen, GError **error)
{
  const cJSON *list = cJSON_GetObjectItemCaseSensitive (root, key);
  const cJSON *item;
  guint index = 0;

  if (list == NULL)
    return TRUE;
  if (!cJSON_IsArray (list))
    return invalid (error, R_ ("“%s” must be an array"), key);
  cJSON_ArrayForEach (item, list)
  {
    gpointer parsed;
    const char *id;

    if (index >= max)
      return invalid (error, R_ ("at most %u %s per import"), max, key);
    parsed = parse (item, error);
    if (parsed == NULL)
      {
        g_prefix_error (error, "%s[%u]: ", key, index);
        return FALSE;
      }
    g_ptr_array_add (out, parsed);
    /* Both defs start with their key: the type's code, the card's serial. */
    id = *(char **)parsed;
    if (!g_hash_table_add (seen, (gpointer)id))
      return invalid (error, R_ ("%s[%u]: “%s” is given twice"), key, index, id);
    index++;
  }
  return TRUE;
}

MposGiftCardStock *
mpos_gift_card_stock_parse (const char *data, gsize length, GError **error)
{
  g_autoptr (cJSON) root = mpos_json_parse (data, length, &stock_shape, error);
  g_autoptr (MposGiftCardStock) stock = NULL;
  g_autoptr (GHashTable) codes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) serials = g_hash_table_new (g_str_hash, g_str_equal);
  const char *batch = NULL;

  if (root == NULL)
    return NULL;
  if (!mpos_json_get_string (root, "batch", FALSE, 64, &batch, error))
    {
      g_prefix_error (error, "gift card stock: ");
      return NULL;
    }
  stock = g_new0 (MposGiftCardStock, 1);
  stock->batch = g_strdup (batch);
  stock->types = g_ptr_array_new_with_free_func ((GDestroyNotify)type_def_free);
  stock->cards = g_ptr_array_new_with_free_func ((GDestroyNotify)card_def_free);
  if (!parse_list (root, "types", MAX_TYPES, parse_type, stock->types, codes, error)
      || !parse_list (root, "cards", MAX_CARDS, parse_card, stock->cards, serials, error))
    return NULL;
  if (stock->types->len + stock->cards->len == 0)
    {
      invalid (error, R_ ("gift card stock: nothing to import (no “types” and no “cards”)"));
      return NULL;
    }
  return g_steal_pointer (&stock);
}

/* ---- into the store ------------------------------------------------------------------ */

typedef struct
{
  MposStore *store;
  MposGiftCardStock *stock;
  char **hashes; /* per card */
  const char *actor;
  int64_t now;
  char id[MPOS_UUID_STRLEN + 1];
  MposGiftCardImportReport *report;
} Import;

static gboolean
check_sku (Import *imp, const MposGiftCardTypeDef *t, int64_t *sku_id, GError **error)
{
  g_autoptr (MposSku) sku = mpos_catalog_find_sku (imp->store, t->sku, error);
  MposSkuPrice price;
  char a[MPOS_MONEY_BUF], b[MPOS_MONEY_BUF];

  if (sku == NULL)
    return FALSE;
  if (sku->tax_rate_bp != 0)
    return invalid (error,
                    R_ ("SKU %s is taxed at %d.%02d%%: a gift card is sold at 0%% (VAT is due when "
                        "the card is spent)"),
                    t->sku, sku->tax_rate_bp / 100, sku->tax_rate_bp % 100);
  if (sku->unit != MPOS_UNIT_PIECE)
    return invalid (error, R_ ("SKU %s is sold by weight, not a card"), t->sku);
  if (!mpos_catalog_price (imp->store, sku->sku_id, NULL, imp->now, &price, error))
    return FALSE;
  if (price.list_price != t->face_value)
    return invalid (error, R_ ("SKU %s is listed at %s but the card's face value is %s"), t->sku,
                    mpos_money_to_buf (price.list_price, a), mpos_money_to_buf (t->face_value, b));
  *sku_id = sku->sku_id;
  return TRUE;
}

static gboolean
check_type_change (Import *imp, const MposGiftCardTypeDef *t, int64_t sku_id, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (imp->store, &SQL_TYPE, error);
  int64_t face = 0, cards = 0;
  g_autofree char *other = NULL;
  int rc;

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":code", t->code);
  rc = mpos_store_step (stmt);
  if (rc == SQLITE_ROW)
    {
      face = sqlite3_column_int64 (stmt, 0);
      cards = sqlite3_column_int64 (stmt, 2);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return mpos_store_fail (imp->store, rc, "reading card types", error);
  if (cards > 0 && face != t->face_value)
    return invalid (error, R_ ("card type %s has cards in stock: its face value cannot change"),
                    t->code);
  stmt = mpos_store_stmt (imp->store, &SQL_TYPE_OF_SKU, error);
  if (stmt == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":sku", sku_id);
  mpos_bind_text (stmt, ":code", t->code);
  if (!mpos_store_read_text (imp->store, stmt, &other, "reading card types", error))
    return FALSE;
  if (other)
    return invalid (error, R_ ("SKU %s already sells card type %s"), t->sku, other);
  return TRUE;
}

static gboolean
import_type (Import *imp, const MposGiftCardTypeDef *t, GError **error)
{
  g_autoptr (MposStmt) stmt = NULL;
  int64_t sku_id = 0;

  if (!check_sku (imp, t, &sku_id, error) || !check_type_change (imp, t, sku_id, error))
    return FALSE;
  stmt = mpos_store_stmt (imp->store, &SQL_UPSERT_TYPE, error);
  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":code", t->code);
  mpos_bind_text (stmt, ":name", t->name);
  mpos_bind_int64 (stmt, ":sku", sku_id);
  mpos_bind_int64 (stmt, ":face", t->face_value);
  if (t->valid_days > 0)
    mpos_bind_int64 (stmt, ":days", t->valid_days);
  else
    mpos_bind_null (stmt, ":days");
  mpos_bind_int64 (stmt, ":now", imp->now);
  return mpos_store_step_done (imp->store, stmt, "saving a card type", error);
}

static gboolean
import_card (Import *imp, const MposGiftCardDef *c, const char *hash, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (imp->store, &SQL_SERIAL_EXISTS, error);
  int64_t n = 0;

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":serial", c->serial);
  if (!mpos_store_step_returning (imp->store, stmt, "reading gift cards", &n, error))
    return FALSE;
  if (n > 0)
    return mpos_gift_card_fail (error, MPOS_GIFT_CARD_ERROR_DUPLICATE,
                                R_ ("gift card %s is already in stock"), c->serial);
  stmt = mpos_store_stmt (imp->store, &SQL_INSERT_CARD, error);
  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":serial", c->serial);
  mpos_bind_text (stmt, ":hash", hash);
  mpos_bind_optional_text (stmt, ":batch", imp->stock->batch);
  mpos_bind_int64 (stmt, ":now", imp->now);
  mpos_bind_text (stmt, ":type", c->type);
  if (!mpos_store_step_done (imp->store, stmt, "saving a gift card", error))
    return FALSE;
  if (sqlite3_changes (mpos_store_db (imp->store)) == 0)
    return mpos_gift_card_fail (error, MPOS_GIFT_CARD_ERROR_UNKNOWN,
                                R_ ("no card type %s: import the type first"), c->type);
  return TRUE;
}

/* The journal carries what the centre needs to honour a card sold here:
 * serial, type and face value. Neither the secret nor its hash: the centre
 * has the secrets from the batch it issued, and a hash in the journal would
 * let anyone with a copy search for the secret offline. */
static cJSON *
import_json (Import *imp)
{
  cJSON *json = cJSON_CreateObject ();
  cJSON *types = cJSON_AddArrayToObject (json, "types");
  cJSON *cards = cJSON_AddArrayToObject (json, "cards");

  cJSON_AddStringToObject (json, "id", imp->id);
  if (imp->stock->batch)
    cJSON_AddStringToObject (json, "batch", imp->stock->batch);
  for (guint i = 0; i < imp->stock->types->len; i++)
    {
      const MposGiftCardTypeDef *t = g_ptr_array_index (imp->stock->types, i);
      cJSON *item = cJSON_CreateObject ();
      cJSON_AddStringToObject (item, "code", t->code);
      cJSON_AddStringToObject (item, "name", t->name);
      cJSON_AddStringToObject (item, "sku", t->sku);
      mpos_json_add_money (item, "face_value", t->face_value);
      if (t->valid_days)
        mpos_json_add_int (item, "valid_days", t->valid_days);
      cJSON_AddItemToArray (types, item);
    }
  for (guint i = 0; i < imp->stock->cards->len; i++)
    {
      const MposGiftCardDef *c = g_ptr_array_index (imp->stock->cards, i);
      cJSON *item = cJSON_CreateObject ();
      cJSON_AddStringToObject (item, "serial", c->serial);
      cJSON_AddStringToObject (item, "type", c->type);
      cJSON_AddItemToArray (cards, item);
    }
  return json;
}

static gboolean
import_body (Import *imp, GError **error)
{
  MposGiftCardStock *stock = imp->stock;
  g_autoptr (cJSON) payload = NULL;
  g_autofree char *detail = NULL;

  for (guint i = 0; i < stock->types->len; i++)
    if (!import_type (imp, g_ptr_array_index (stock->types, i), error))
      {
        g_prefix_error (error, "types[%u]: ", i);
        return FALSE;
      }
  for (guint i = 0; i < stock->cards->len; i++)
    if (!import_card (imp, g_ptr_array_index (stock->cards, i), imp->hashes[i], error))
      {
        g_prefix_error (error, "cards[%u]: ", i);
        return FALSE;
      }
  imp->report->types = stock->types->len;
  imp->report->cards = stock->cards->len;
  payload = import_json (imp);
  detail = g_strdup_printf ("%u card type(s), %u card(s)%s%s", stock->types->len, stock->cards->len,
                            stock->batch ? ", batch " : "", stock->batch ? stock->batch : "");
  return mpos_audit_record (imp->store, imp->now, imp->actor, "gift_card_import", imp->id, detail,
                            error)
         && mpos_journal_append (imp->store, "gift_card_import", imp->id, payload, imp->now, NULL,
                                 error);
}

static char **
hash_secrets (const MposGiftCardStock *stock, GError **error)
{
  g_auto (GStrv) hashes = g_new0 (char *, stock->cards->len + 1);

  if (sodium_init () < 0)
    {
      invalid (error, R_ ("the secret library could not start"));
      return NULL;
    }
  for (guint i = 0; i < stock->cards->len; i++)
    {
      const MposGiftCardDef *c = g_ptr_array_index (stock->cards, i);
      hashes[i] = g_malloc (crypto_pwhash_STRBYTES);
      if (crypto_pwhash_str_alg (hashes[i], c->pin, strlen (c->pin), PIN_OPSLIMIT, PIN_MEMLIMIT,
                                 crypto_pwhash_ALG_ARGON2ID13)
          != 0)
        {
          invalid (error, R_ ("not enough memory to hash the card secrets"));
          return NULL;
        }
    }
  return g_steal_pointer (&hashes);
}

gboolean
mpos_gift_card_import (MposStore *store, const char *data, gsize length, const char *actor,
                       int64_t now, MposGiftCardImportReport *report, GError **error)
{
  g_autoptr (MposGiftCardStock) stock = mpos_gift_card_stock_parse (data, length, error);
  g_auto (GStrv) hashes = NULL;
  Import imp = { store, NULL, NULL, actor, now, { 0 }, report };

  memset (report, 0, sizeof *report);
  if (stock == NULL || (hashes = hash_secrets (stock, error)) == NULL)
    return FALSE;
  imp.stock = stock;
  imp.hashes = hashes;
  mpos_uuid_v7 (imp.id);
  if (!mpos_store_begin (store, error))
    return FALSE;
  if (!import_body (&imp, error))
    {
      mpos_store_rollback (store);
      memset (report, 0, sizeof *report);
      return FALSE;
    }
  return mpos_store_commit (store, error);
}
