/* points-exchange.c — the exchange catalog (import, list), the exchange
 * itself and its cancellation. An exchange is its own business action, like
 * a top-up: one record with a receipt number, the points burnt through the
 * points ledger under the exchange's id, one stock movement and the cash
 * part's tender, all in one transaction with audit and journal. Every
 * refusal is decided before the first row is written. */
#include "points-exchange.h"
#include "staff-permission.h"
#include "store-json.h"
#include "fail.h"
#include "audit.h"
#include "cashier.h"
#include "clock.h"
#include "journal.h"
#include "json-fields.h"
#include "json-out.h"
#include "points-private.h"
#include "receipt-no.h"
#include "report-day.h"
#include "row-chain.h"
#include "spend-proof.h"
#include "store-private.h"
#include "uuid.h"

#include <inttypes.h>
#include <string.h>

/* clang-format off */
G_DEFINE_QUARK (mpos-exchange-error-quark, mpos_exchange_error)
/* clang-format on */

#define MAX_ITEMS 10000
#define MAX_POINTS ((int64_t)100000000)
#define MAX_CASH ((MposMoney)10000000) /* 100,000.00 yuan */
#define MAX_STOCK ((int64_t)10000000)

#define ITEM_COLUMNS                                                                               \
  "SELECT code, kind, ref, name, points, cash, stock, coalesce (per_member_limit, 0), "            \
  "coalesce (starts_at, 0), coalesce (ends_at, 0), active FROM exchange_items "
static MposSql SQL_ITEM = MPOS_SQL ("points-exchange: item", ITEM_COLUMNS "WHERE code = :code");
static MposSql SQL_ITEMS = MPOS_SQL ("points-exchange: items", ITEM_COLUMNS "ORDER BY code");
static MposSql SQL_KIND_EXISTS = MPOS_SQL (
    "points-exchange: kind exists", "SELECT count(*) FROM exchange_item_kinds WHERE kind = :kind");
static MposSql SQL_UPSERT_ITEM = MPOS_SQL (
    "points-exchange: upsert item",
    "INSERT INTO exchange_items (code, kind, ref, name, points, cash, per_member_limit, starts_at, "
    "ends_at, active, updated_at) VALUES (:code, :kind, :ref, :name, :points, :cash, :limit, "
    ":starts, :ends, :active, :now) ON CONFLICT (code) DO UPDATE SET kind = excluded.kind, "
    "ref = excluded.ref, name = excluded.name, points = excluded.points, cash = excluded.cash, "
    "per_member_limit = excluded.per_member_limit, starts_at = excluded.starts_at, "
    "ends_at = excluded.ends_at, active = excluded.active, updated_at = excluded.updated_at");
static MposSql SQL_STOCK_OF
    = MPOS_SQL ("points-exchange: stock of", "SELECT stock FROM exchange_items WHERE code = :code");
static MposSql SQL_MOVE_STOCK
    = MPOS_SQL ("points-exchange: move stock",
                "INSERT INTO exchange_stock (item_code, qty, reason, exchange_id, created_at) "
                "VALUES (:code, :qty, :reason, :exchange, :now)");
static MposSql SQL_ITEM_STOCK
    = MPOS_SQL ("points-exchange: item stock",
                "UPDATE exchange_items SET stock = stock + :qty WHERE code = :code");
static MposSql SQL_TAKEN
    = MPOS_SQL ("points-exchange: taken",
                "SELECT coalesce (sum (qty), 0) FROM points_exchanges WHERE member_id = :member "
                "AND item_code = :code");
static MposSql SQL_INSERT = MPOS_SQL (
    "points-exchange: insert",
    "INSERT INTO points_exchanges (id, receipt_no, kind, original_id, member_id, item_code, qty, "
    "points, cash, tender_type, reference, provider, business_day, cashier, approved_by, reason, "
    "created_at) VALUES (:id, :receipt_no, :kind, :original, :member, :code, :qty, :points, :cash, "
    ":tender, :reference, :provider, :day, :cashier, :approved_by, :reason, :now)");
static MposSql SQL_INSERT_PROOF = MPOS_SQL (
    "points-exchange: what proved the member",
    "INSERT INTO points_exchange_proofs (exchange_id, proven_by) VALUES (:id, :proven_by)");
#define EXCHANGE_COLUMNS                                                                           \
  "SELECT x.id, x.receipt_no, x.kind, x.member_id, x.item_code, i.name, x.qty, x.points, x.cash, " \
  "x.tender_type, x.reference, x.provider, x.created_at, x.cashier, x.approved_by, x.reason, "     \
  "o.receipt_no, (SELECT c.receipt_no FROM points_exchanges c WHERE c.original_id = x.id) "        \
  "FROM points_exchanges x JOIN exchange_items i ON i.code = x.item_code "                         \
  "LEFT JOIN points_exchanges o ON o.id = x.original_id "
static MposSql SQL_EXCHANGE = MPOS_SQL ("points-exchange: exchange", EXCHANGE_COLUMNS
                                        "WHERE x.receipt_no = :key OR x.id = :key");
static MposSql SQL_BURNS = MPOS_SQL (
    "points-exchange: burns",
    "SELECT b.id, b.lot_id, -b.available, coalesce (l.expires_at, 0) FROM points_ledger b "
    "JOIN points_lots l ON l.id = b.lot_id WHERE b.action_id = :action AND b.kind = 'burn' "
    "ORDER BY b.id DESC");

#define exchange_fail(error, code, ...) mpos_fail (error, MPOS_EXCHANGE_ERROR, code, __VA_ARGS__)

void
mpos_exchange_item_free (MposExchangeItem *item)
{
  if (item == NULL)
    return;
  g_free (item->code);
  g_free (item->kind);
  g_free (item->ref);
  g_free (item->name);
  g_free (item);
}

/* ---- the catalog ------------------------------------------------------------------ */

/* {"items":[…]} */
static const MposJsonShape item_shape = {
  .what = "an exchange item",
  .keys = (const MposJsonKey[]){ { "code", NULL },
                                 { "kind", NULL },
                                 { "ref", NULL },
                                 { "name", NULL },
                                 { "points", NULL },
                                 { "cash", NULL },
                                 { "stock", NULL },
                                 { "per_member_limit", NULL },
                                 { "starts", NULL },
                                 { "ends", NULL },
                                 { "active", NULL },
                                 { NULL } },
};

static const MposJsonShape items_shape = {
  .what = "an exchange items document",
  .keys
  = (const MposJsonKey[]){ { "items", &(const MposJsonShape){ .items = &item_shape } }, { NULL } },
};

/* Codes share the CLI with the verb's subcommands: those words are taken. */
static gboolean
code_valid (const char *code)
{
  static const char *const reserved[] = { "items", "list", "cancel", "show", "make", NULL };
  gsize len = strlen (code);

  if (len == 0 || len > 32 || g_strv_contains (reserved, code))
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (code[i]) && code[i] != '-' && code[i] != '_')
      return FALSE;
  return TRUE;
}

static gboolean
get_time (const cJSON *item, const char *key, int64_t *out, GError **error)
{
  const char *text = NULL;

  if (!mpos_json_get_string (item, key, FALSE, 40, &text, error))
    return FALSE;
  if (text && (!mpos_clock_parse_iso8601 (text, out) || *out <= 0))
    return exchange_fail (error, MPOS_EXCHANGE_ERROR_INVALID,
                          R_ ("“%s” must be a time like \"2026-11-01T00:00:00+08:00\""), key);
  return TRUE;
}

static MposExchangeItem *
parse_item (const cJSON *json, GError **error)
{
  const char *code = NULL, *kind = NULL, *ref = NULL, *name = NULL;
  g_autoptr (MposExchangeItem) item = g_new0 (MposExchangeItem, 1);

  item->active = TRUE;
  if (!mpos_json_get_string (json, "code", TRUE, 32, &code, error)
      || !mpos_json_get_string (json, "kind", TRUE, 32, &kind, error)
      || !mpos_json_get_string (json, "ref", FALSE, 64, &ref, error)
      || !mpos_json_get_string (json, "name", TRUE, 64, &name, error)
      || !mpos_json_get_int (json, "points", TRUE, 1, MAX_POINTS, &item->points, error)
      || !mpos_json_get_money (json, "cash", FALSE, MPOS_MONEY_PARSE_DEFAULT, &item->cash, error)
      || !mpos_json_get_int (json, "stock", TRUE, 0, MAX_STOCK, &item->stock, error)
      || !mpos_json_get_int (json, "per_member_limit", FALSE, 1, MAX_STOCK, &item->per_member_limit,
                             error)
      || !get_time (json, "starts", &item->starts_at, error)
      || !get_time (json, "ends", &item->ends_at, error)
      || !mpos_json_get_bool (json, "active", &item->active, error))
    return NULL;
  if (!code_valid (code))
    {
      exchange_fail (error, MPOS_EXCHANGE_ERROR_INVALID,
                     R_ ("“code” is 1–32 letters, digits, '-' or '_' (and not a word of the "
                         "exchange command)"));
      return NULL;
    }
  if (*name == '\0')
    {
      exchange_fail (error, MPOS_EXCHANGE_ERROR_INVALID, R_ ("“name” must not be empty"));
      return NULL;
    }
  if (item->cash < 0 || item->cash > MAX_CASH)
    {
      exchange_fail (error, MPOS_EXCHANGE_ERROR_INVALID,
                     R_ ("“cash” is the cash part, from 0 to 100000.00"));
      return NULL;
    }
  if (item->starts_at && item->ends_at && item->ends_at <= item->starts_at)
    {
      exchange_fail (error, MPOS_EXCHANGE_ERROR_INVALID, R_ ("“ends” must be after “starts”"));
      return NULL;
    }
  item->code = g_strdup (code);
  item->kind = g_strdup (kind);
  item->ref = g_strdup (ref);
  item->name = g_strdup (name);
  return g_steal_pointer (&item);
}

GPtrArray *
mpos_exchange_items_parse (const char *data, gsize length, GError **error)
{
  g_autoptr (cJSON) root = mpos_json_parse (data, length, &items_shape, error);
  g_autoptr (GPtrArray) items = NULL;
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  const cJSON *list, *json;
  guint index = 0;

  if (root == NULL)
    return NULL;
  list = cJSON_GetObjectItemCaseSensitive (root, "items");
  if (!cJSON_IsArray (list) || cJSON_GetArraySize (list) == 0)
    {
      exchange_fail (error, MPOS_EXCHANGE_ERROR_INVALID,
                     R_ ("exchange items: “items” must be a non-empty array"));
      return NULL;
    }
  items = g_ptr_array_new_with_free_func ((GDestroyNotify)mpos_exchange_item_free);
  cJSON_ArrayForEach (json, list)
  {
    MposExchangeItem *item;

    if (index >= MAX_ITEMS)
      {
        exchange_fail (error, MPOS_EXCHANGE_ERROR_INVALID, R_ ("at most %d items per import"),
                       MAX_ITEMS);
        return NULL;
      }
    item = parse_item (json, error);
    if (item == NULL)
      {
        g_prefix_error (error, "items[%u]: ", index);
        return NULL;
      }
    g_ptr_array_add (items, item);
    if (!g_hash_table_add (seen, item->code))
      {
        exchange_fail (error, MPOS_EXCHANGE_ERROR_INVALID, R_ ("items[%u]: “%s” is given twice"),
                       index, item->code);
        return NULL;
      }
    index++;
  }
  return g_steal_pointer (&items);
}

static gboolean
move_stock (MposStore *store, const char *code, int64_t qty, const char *reason,
            const char *exchange_id, int64_t now, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_MOVE_STOCK, error);

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":code", code);
  mpos_bind_int64 (stmt, ":qty", qty);
  mpos_bind_text (stmt, ":reason", reason);
  mpos_bind_optional_text (stmt, ":exchange", exchange_id);
  mpos_bind_int64 (stmt, ":now", now);
  if (!mpos_store_step_done (store, stmt, "writing an exchange stock movement", error))
    return FALSE;
  stmt = mpos_store_stmt (store, &SQL_ITEM_STOCK, error);
  if (stmt == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":qty", qty);
  mpos_bind_text (stmt, ":code", code);
  return mpos_store_step_done (store, stmt, "updating an exchange item's stock", error);
}

static gboolean
import_item (MposStore *store, const MposExchangeItem *item, int64_t now, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_KIND_EXISTS, error);
  int64_t known = 0, stock = 0;

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":kind", item->kind);
  if (!mpos_store_step_returning (store, stmt, "reading exchange kinds", &known, error))
    return FALSE;
  if (known == 0)
    return exchange_fail (error, MPOS_EXCHANGE_ERROR_INVALID,
                          R_ ("unknown kind “%s”: this terminal exchanges points for gifts"),
                          item->kind);
  stmt = mpos_store_stmt (store, &SQL_UPSERT_ITEM, error);
  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":code", item->code);
  mpos_bind_text (stmt, ":kind", item->kind);
  mpos_bind_optional_text (stmt, ":ref", item->ref);
  mpos_bind_text (stmt, ":name", item->name);
  mpos_bind_int64 (stmt, ":points", item->points);
  mpos_bind_int64 (stmt, ":cash", item->cash);
  mpos_bind_optional_int64 (stmt, ":limit", item->per_member_limit);
  mpos_bind_optional_int64 (stmt, ":starts", item->starts_at);
  mpos_bind_optional_int64 (stmt, ":ends", item->ends_at);
  mpos_bind_int64 (stmt, ":active", item->active);
  mpos_bind_int64 (stmt, ":now", now);
  if (!mpos_store_step_done (store, stmt, "saving an exchange item", error))
    return FALSE;
  stmt = mpos_store_stmt (store, &SQL_STOCK_OF, error);
  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":code", item->code);
  if (!mpos_store_step_returning (store, stmt, "reading an exchange item", &stock, error))
    return FALSE;
  return stock == item->stock
         || move_stock (store, item->code, item->stock - stock, "import", NULL, now, error);
}

static cJSON *
items_json (MposStore *store, GPtrArray *items)
{
  cJSON *json = cJSON_CreateObject ();
  cJSON *list = cJSON_AddArrayToObject (json, "items");

  for (guint i = 0; i < items->len; i++)
    cJSON_AddItemToArray (list, mpos_exchange_item_to_json (store, g_ptr_array_index (items, i)));
  return json;
}

gboolean
mpos_exchange_items_import (MposStore *store, const char *data, gsize length, const char *actor,
                            int64_t now, int64_t *count, GError **error)
{
  g_autoptr (GPtrArray) items = mpos_exchange_items_parse (data, length, error);
  g_autoptr (cJSON) payload = NULL;
  g_autofree char *detail = NULL;
  char id[MPOS_UUID_STRLEN + 1];

  *count = 0;
  if (items == NULL || !mpos_store_begin (store, error))
    return FALSE;
  mpos_uuid_v7 (id);
  for (guint i = 0; i < items->len; i++)
    if (!import_item (store, g_ptr_array_index (items, i), now, error))
      {
        g_prefix_error (error, "items[%u]: ", i);
        mpos_store_rollback (store);
        return FALSE;
      }
  payload = items_json (store, items);
  cJSON_AddStringToObject (payload, "id", id);
  detail = g_strdup_printf ("%u exchange item(s)", items->len);
  if (!mpos_audit_record (store, now, actor, "exchange_items_import", id, detail, error)
      || !mpos_journal_append (store, "exchange_items_import", id, payload, now, NULL, error))
    {
      mpos_store_rollback (store);
      return FALSE;
    }
  if (!mpos_store_commit (store, error))
    return FALSE;
  *count = items->len;
  return TRUE;
}

static gpointer
item_from_row (sqlite3_stmt *stmt)
{
  MposExchangeItem *item = g_new0 (MposExchangeItem, 1);

  item->code = mpos_column_text (stmt, 0);
  item->kind = mpos_column_text (stmt, 1);
  item->ref = mpos_column_text (stmt, 2);
  item->name = mpos_column_text (stmt, 3);
  item->points = sqlite3_column_int64 (stmt, 4);
  item->cash = sqlite3_column_int64 (stmt, 5);
  item->stock = sqlite3_column_int64 (stmt, 6);
  item->per_member_limit = sqlite3_column_int64 (stmt, 7);
  item->starts_at = sqlite3_column_int64 (stmt, 8);
  item->ends_at = sqlite3_column_int64 (stmt, 9);
  item->active = sqlite3_column_int (stmt, 10) != 0;
  return item;
}

MposExchangeItem *
mpos_exchange_item_find (MposStore *store, const char *code, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_ITEM, error);
  MposExchangeItem *item = NULL;

  if (stmt == NULL)
    return NULL;
  mpos_bind_text (stmt, ":code", code);
  if (!mpos_store_read_row (store, stmt, item_from_row, (gpointer *) &item,
                            "reading an exchange item", error))
    return NULL;
  if (item == NULL)
    exchange_fail (error, MPOS_EXCHANGE_ERROR_NOT_FOUND, R_ ("no exchange item %s"), code);
  return item;
}

static gboolean
available (const MposExchangeItem *item, int64_t now)
{
  return item->active && (item->starts_at == 0 || now >= item->starts_at)
         && (item->ends_at == 0 || now < item->ends_at);
}

GPtrArray *
mpos_exchange_items_list (MposStore *store, gboolean all, int64_t now, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_ITEMS, error);
  g_autoptr (GPtrArray) items = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  items = g_ptr_array_new_with_free_func ((GDestroyNotify)mpos_exchange_item_free);
  while ((rc = mpos_store_step (stmt)) == SQLITE_ROW)
    {
      MposExchangeItem *item = item_from_row (stmt);
      if (all || available (item, now))
        g_ptr_array_add (items, item);
      else
        mpos_exchange_item_free (item);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      mpos_store_fail (store, rc, "reading exchange items", error);
      return NULL;
    }
  return g_steal_pointer (&items);
}

cJSON *
mpos_exchange_item_to_json (MposStore *store, const MposExchangeItem *item)
{
  cJSON *json = cJSON_CreateObject ();

  cJSON_AddStringToObject (json, "code", item->code);
  cJSON_AddStringToObject (json, "kind", item->kind);
  if (item->ref)
    cJSON_AddStringToObject (json, "ref", item->ref);
  cJSON_AddStringToObject (json, "name", item->name);
  mpos_json_add_int (json, "points", item->points);
  mpos_json_add_money (json, "cash", item->cash);
  mpos_json_add_int (json, "stock", item->stock);
  if (item->per_member_limit)
    mpos_json_add_int (json, "per_member_limit", item->per_member_limit);
  mpos_store_json_add_time (store, json, "starts", item->starts_at);
  mpos_store_json_add_time (store, json, "ends", item->ends_at);
  cJSON_AddBoolToObject (json, "active", item->active);
  return json;
}

/* ---- exchanging ---------------------------------------------------------------------- */

typedef struct
{
  MposPointsAction a;
  MposStore *store;
  const char *kind; /* "exchange" or "cancel" */
  const char *original_id;
  int64_t member_id;
  const char *item_code;
  int64_t qty, points;
  MposMoney cash;
  const char *tender_type, *reference, *provider;
  /* An exchange: the store's rules and what proved the member (NULL: nothing). */
  const MposLoyaltyRules *rules;
  const char *proven_by;
  const MposTender *payment; /* an exchange's cash part; NULL: none */
  const char *cancels;       /* a cancellation: the exchange's receipt number or id */
  MposExchangeResult *result;
  char day[16];
} Exchange;

static gboolean
number (Exchange *x, GError **error)
{
  g_autofree char *day = NULL;

  /* E (兑换) keeps exchange numbers apart from sale and top-up receipt numbers. */
  if (!mpos_receipt_no_next (x->store, x->a.now, "exchange", "E", x->result->receipt_no,
                             sizeof x->result->receipt_no, &day, error)
      || !mpos_report_day_refuse_closed (x->store, day, "a points exchange", NULL, error))
    return FALSE;
  g_strlcpy (x->day, day, sizeof x->day);
  return TRUE;
}

/* What proved the member, beside the sealed exchange row (0042). */
static gboolean
insert_proof (Exchange *x, GError **error)
{
  g_autoptr (MposStmt) stmt = NULL;

  if (x->proven_by == NULL)
    return TRUE;
  if ((stmt = mpos_store_stmt (x->store, &SQL_INSERT_PROOF, error)) == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":id", x->result->id);
  mpos_bind_text (stmt, ":proven_by", x->proven_by);
  return mpos_store_step_done (x->store, stmt, "saving what proved the member", error);
}

static gboolean
insert_exchange (Exchange *x, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (x->store, &SQL_INSERT, error);
  MposCounterAction counted = { MPOS_COUNTER_EXCHANGE, x->result->id, x->result->receipt_no, 0,
                                x->a.actor, x->a.now };

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":id", x->result->id);
  mpos_bind_text (stmt, ":receipt_no", x->result->receipt_no);
  mpos_bind_text (stmt, ":kind", x->kind);
  mpos_bind_optional_text (stmt, ":original", x->original_id);
  mpos_bind_int64 (stmt, ":member", x->member_id);
  mpos_bind_text (stmt, ":code", x->item_code);
  mpos_bind_int64 (stmt, ":qty", x->qty);
  mpos_bind_int64 (stmt, ":points", x->points);
  mpos_bind_int64 (stmt, ":cash", x->cash);
  mpos_bind_optional_text (stmt, ":tender", x->cash != 0 ? x->tender_type : NULL);
  mpos_bind_optional_text (stmt, ":reference", x->reference);
  mpos_bind_optional_text (stmt, ":provider", x->provider);
  mpos_bind_text (stmt, ":day", x->day);
  mpos_bind_text (stmt, ":cashier", x->a.actor ? x->a.actor : "unknown");
  mpos_bind_optional_text (stmt, ":approved_by", x->a.approved_by);
  mpos_bind_optional_text (stmt, ":reason", x->a.reason);
  mpos_bind_int64 (stmt, ":now", x->a.now);
  /* Its cash part (a cancellation: negative) goes through the open shift's
   * drawer (the counter hooks, store-private.h). */
  counted.cash = g_strcmp0 (x->tender_type, "cash") == 0 ? x->cash : 0;
  return mpos_store_counter_committing (x->store, &counted, error)
         && mpos_store_step_done (x->store, stmt, "saving the exchange", error)
         && mpos_row_chain_seal (x->store, MPOS_CHAINED_POINTS_EXCHANGES, x->result->id, error)
         && insert_proof (x, error);
}

static gboolean
record (Exchange *x, GError **error)
{
  static const char *const written[] = { "id", "kind", "member_id", "reason", "approved_by" };
  g_autoptr (MposExchangeRecord) recorded = mpos_points_exchange_get (x->store, x->result->id, error);
  cJSON *extra = recorded ? mpos_exchange_record_to_json (x->store, recorded) : NULL;
  g_autofree char *detail = NULL;
  char c[MPOS_MONEY_BUF];

  if (extra == NULL)
    return FALSE;
  /* mpos_points_record writes these itself, and "points" becomes its ledger rows. */
  for (guint i = 0; i < G_N_ELEMENTS (written); i++)
    cJSON_DeleteItemFromObjectCaseSensitive (extra, written[i]);
  cJSON_DeleteItemFromObjectCaseSensitive (extra, "points");
  mpos_json_add_int (extra, "points_total", x->points);
  if (x->proven_by)
    cJSON_AddStringToObject (extra, "proven_by", x->proven_by);
  detail = g_strdup_printf ("%s %" G_GINT64_FORMAT " × %s: %" G_GINT64_FORMAT " points, cash %s",
                            x->result->receipt_no, x->qty, x->item_code, x->points,
                            mpos_money_to_buf (x->cash, c));
  return mpos_points_record (&x->a,
                             strcmp (x->kind, "cancel") == 0 ? "exchange_cancel" : "exchange",
                             x->member_id, detail, extra, error);
}

static gboolean
check_item (const MposExchangeItem *item, int64_t qty, int64_t now, GError **error)
{
  if (strcmp (item->kind, "gift") != 0)
    return exchange_fail (error, MPOS_EXCHANGE_ERROR_UNSUPPORTED,
                          R_ ("%s is a %s: this terminal hands out gifts only"), item->code,
                          item->kind);
  if (!available (item, now))
    return exchange_fail (error, MPOS_EXCHANGE_ERROR_NOT_AVAILABLE,
                          R_ ("%s (%s) cannot be exchanged now: it is %s"), item->code, item->name,
                          !item->active                              ? R_ ("withdrawn")
                          : item->starts_at && now < item->starts_at ? R_ ("not yet on offer")
                                                                     : R_ ("no longer on offer"));
  if (item->stock < qty)
    return exchange_fail (error, MPOS_EXCHANGE_ERROR_OUT_OF_STOCK,
                          R_ ("%s (%s) is out of stock: %" PRId64 " left, %" PRId64 " asked"),
                          item->code, item->name, item->stock, qty);
  return TRUE;
}

static gboolean
check_limit (MposStore *store, const MposExchangeItem *item, int64_t member_id, int64_t qty,
             GError **error)
{
  g_autoptr (MposStmt) stmt = NULL;
  int64_t taken = 0;

  if (item->per_member_limit == 0)
    return TRUE;
  stmt = mpos_store_stmt (store, &SQL_TAKEN, error);
  if (stmt == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":member", member_id);
  mpos_bind_text (stmt, ":code", item->code);
  if (!mpos_store_step_returning (store, stmt, "reading the member's exchanges", &taken, error))
    return FALSE;
  if (taken + qty > item->per_member_limit)
    return exchange_fail (
        error, MPOS_EXCHANGE_ERROR_LIMIT,
        R_ ("%s (%s) is limited to %" PRId64 " per member; this member has %" PRId64 " already"),
        item->code, item->name, item->per_member_limit, taken);
  return TRUE;
}

static gboolean
check_payment (const MposTender *payment, MposMoney cash, GError **error)
{
  char a[MPOS_MONEY_BUF], b[MPOS_MONEY_BUF];

  if (cash == 0)
    return payment == NULL
           || exchange_fail (error, MPOS_EXCHANGE_ERROR_INVALID,
                             R_ ("this item is paid in points only: take no payment"));
  if (payment == NULL)
    return exchange_fail (error, MPOS_EXCHANGE_ERROR_INVALID,
                          R_ ("this exchange has a cash part of %s: take its payment"),
                          mpos_money_to_buf (cash, a));
  if (!mpos_tender_kind (payment->type)->brings_money)
    return exchange_fail (error, MPOS_EXCHANGE_ERROR_INVALID,
                          R_ ("the cash part is paid in cash, by bank card or by mobile payment"));
  if (mpos_tender_kind (payment->type)->needs_reference
      && (payment->reference == NULL || *payment->reference == '\0'))
    return exchange_fail (error, MPOS_EXCHANGE_ERROR_INVALID,
                          R_ ("a bank card payment needs the card terminal's reference"));
  if (payment->amount != cash)
    return exchange_fail (error, MPOS_EXCHANGE_ERROR_INVALID, R_ ("the cash part is %s, not %s"),
                          mpos_money_to_buf (cash, a), mpos_money_to_buf (payment->amount, b));
  return TRUE;
}

/* Read-only: every refusal of an exchange. */
static gboolean
plan_exchange (Exchange *x, const MposExchangeItem *item, const MposTender *payment, GError **error)
{
  gboolean frozen = FALSE;
  int64_t usable = 0;

  if (!mpos_points_account (x->store, x->member_id, NULL, NULL, &frozen, error)
      || !check_item (item, x->qty, x->a.now, error)
      || !check_limit (x->store, item, x->member_id, x->qty, error))
    return FALSE;
  if (!mpos_money_mul (item->cash, x->qty, &x->cash) || item->points > MAX_POINTS / x->qty)
    return exchange_fail (error, MPOS_EXCHANGE_ERROR_INVALID, R_ ("the quantity is too large"));
  x->points = item->points * x->qty;
  if (!check_payment (payment, x->cash, error))
    return FALSE;
  if (frozen)
    return mpos_points_fail (
        error, MPOS_POINTS_ERROR_FROZEN,
        R_ ("the member's points are frozen (fraud hold): they cannot exchange "
            "points"));
  /* The member's proof before the balance: no refusal names it without. */
  if (!mpos_points_check_proof (x->store, x->rules, x->member_id, x->points, NULL,
                                x->proven_by != NULL, x->a.now, error)
      || !mpos_points_usable (x->store, x->member_id, x->a.now, &usable, error))
    return FALSE;
  if (usable >= x->points)
    return TRUE;
  if (x->proven_by == NULL)
    return mpos_points_fail (error, MPOS_POINTS_ERROR_INSUFFICIENT,
                             R_ ("not enough points for %" PRId64), x->points);
  return mpos_points_fail (error, MPOS_POINTS_ERROR_INSUFFICIENT,
                           R_ ("not enough points: %" PRId64 " needed, %" PRId64 " usable"),
                           x->points, usable);
}

static gboolean
exchange_body (Exchange *x, GError **error)
{
  g_autoptr (MposExchangeItem) item = mpos_exchange_item_find (x->store, x->item_code, error);
  const MposTender *payment = x->payment;

  if (item == NULL || !plan_exchange (x, item, payment, error))
    return FALSE;
  if (payment)
    {
      x->tender_type = mpos_tender_type_name (payment->type);
      x->reference = payment->reference;
      x->provider = payment->provider;
    }
  x->result->points = x->points;
  x->result->cash = x->cash;
  return number (x, error) && insert_exchange (x, error)
         && mpos_points_take (&x->a, x->member_id, x->points, "burn", NULL, error)
         && move_stock (x->store, x->item_code, -x->qty, "exchange", x->result->id, x->a.now, error)
         && record (x, error);
}

/* An exchange or a cancellation in its own transaction, written by `body`:
 * on any failure the result is cleared; on success it carries the journal
 * entry's number. */
static gboolean
run_exchange (Exchange *x, gboolean (*body) (Exchange *x, GError **error), GError **error)
{
  if (!mpos_store_begin (x->store, error))
    return FALSE;
  if (!body (x, error))
    {
      mpos_store_rollback (x->store);
      memset (x->result, 0, sizeof *x->result);
      return FALSE;
    }
  if (!mpos_store_commit (x->store, error))
    {
      memset (x->result, 0, sizeof *x->result);
      return FALSE;
    }
  x->result->journal_seq = mpos_journal_last_seq (x->store);
  return TRUE;
}

/* Checks the member's proof, if any, before the transaction (a PIN counts
 * its failures, a card read is used up: spend-proof.h). */
static gboolean
check_member_proof (Exchange *x, const MposSpendProof *proof, GError **error)
{
  MposPaymentPinState pin;

  return mpos_payment_pin_state (x->store, x->member_id, &pin, error)
         && mpos_spend_proof_check (x->store, x->rules, x->member_id, &pin, proof, x->a.now,
                                    &x->proven_by, error);
}

gboolean
mpos_points_exchange (MposStore *store, int64_t member_id, const char *item_code, int64_t qty,
                      const MposTender *payment, const MposSpendProof *proof,
                      const char *cashier, int64_t now, MposExchangeResult *result,
                      GError **error)
{
  Exchange x = { 0 };
  g_autofree char *who = NULL;
  g_autofree char *reason = g_strdup_printf ("exchange %s", item_code ? item_code : "");
  g_autoptr (MposLoyaltyRules) rules = NULL;

  memset (result, 0, sizeof *result);
  if (qty < 1 || qty > MPOS_EXCHANGE_MAX_QTY)
    return exchange_fail (error, MPOS_EXCHANGE_ERROR_INVALID, R_ ("exchange 1–%d at a time"),
                          MPOS_EXCHANGE_MAX_QTY);
  if ((who = mpos_cashier_resolve (store, cashier, "an exchange", error)) == NULL)
    return FALSE;
  x.a = (MposPointsAction){ store, now, NULL, NULL, who, NULL, NULL };
  x.a.action_id = mpos_uuid_v7 (result->id);
  x.a.reason = reason;
  x.store = store;
  x.kind = "exchange";
  x.member_id = member_id;
  x.item_code = item_code;
  x.qty = qty;
  x.result = result;
  if ((rules = mpos_loyalty_rules_load (store, error)) == NULL)
    {
      g_prefix_error (error, "an exchange is held to the store's limits for points spent "
                             "without the member's proof, and ");
      return FALSE;
    }
  x.rules = rules;
  x.payment = payment;
  return check_member_proof (&x, proof, error) && run_exchange (&x, exchange_body, error);
}

/* ---- cancelling ------------------------------------------------------------------------ */

typedef struct
{
  char *id, *receipt_no, *kind, *item_code, *tender_type, *reference, *provider, *cancelled_by;
  int64_t member_id, qty, points;
  MposMoney cash;
} Row;

static void
row_clear (Row *row)
{
  g_free (row->id);
  g_free (row->receipt_no);
  g_free (row->kind);
  g_free (row->item_code);
  g_free (row->tender_type);
  g_free (row->reference);
  g_free (row->provider);
  g_free (row->cancelled_by);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Row, row_clear)

static gboolean
load_row (MposStore *store, const char *key, Row *row, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_EXCHANGE, error);
  int rc;

  memset (row, 0, sizeof *row);
  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":key", key);
  rc = mpos_store_step (stmt);
  if (rc == SQLITE_ROW)
    {
      row->id = mpos_column_text (stmt, 0);
      row->receipt_no = mpos_column_text (stmt, 1);
      row->kind = mpos_column_text (stmt, 2);
      row->member_id = sqlite3_column_int64 (stmt, 3);
      row->item_code = mpos_column_text (stmt, 4);
      row->qty = sqlite3_column_int64 (stmt, 6);
      row->points = sqlite3_column_int64 (stmt, 7);
      row->cash = sqlite3_column_int64 (stmt, 8);
      row->tender_type = mpos_column_text (stmt, 9);
      row->reference = mpos_column_text (stmt, 10);
      row->provider = mpos_column_text (stmt, 11);
      row->cancelled_by = mpos_column_text (stmt, 17);
    }
  sqlite3_reset (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    return mpos_store_fail (store, rc, "reading an exchange", error);
  return exchange_fail (error, MPOS_EXCHANGE_ERROR_NOT_FOUND, R_ ("no exchange %s"), key);
}

typedef struct
{
  int64_t entry_id, lot_id, points, expires_at;
} Burn;

/* Back into the lots they came from, newest burn row first; points of a
 * lot already past its expiry expire again at once (as a return does). */
static gboolean
restore_points (Exchange *x, const char *original_id, int64_t points, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (x->store, &SQL_BURNS, error);
  g_autoptr (GArray) burns = g_array_new (FALSE, FALSE, sizeof (Burn));
  int64_t left = points;
  int rc;

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":action", original_id);
  while ((rc = mpos_store_step (stmt)) == SQLITE_ROW)
    {
      Burn b = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1),
                 sqlite3_column_int64 (stmt, 2), sqlite3_column_int64 (stmt, 3) };
      g_array_append_val (burns, b);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return mpos_store_fail (x->store, rc, "reading the exchange's points", error);
  for (guint i = 0; i < burns->len && left > 0; i++)
    {
      const Burn *b = &g_array_index (burns, Burn, i);
      int64_t n = MIN (b->points, left);

      if (!mpos_points_entry (&x->a, x->member_id, b->lot_id, "restore", n, 0, b->entry_id, error))
        return FALSE;
      if (b->expires_at != 0 && b->expires_at <= x->a.now
          && !mpos_points_entry (&x->a, x->member_id, b->lot_id, "expire", -n, 0, 0, error))
        return FALSE;
      left -= n;
    }
  if (left != 0)
    return exchange_fail (error, MPOS_EXCHANGE_ERROR_INVALID,
                          R_ ("the exchange's points ledger is short of %" PRId64 " points"), left);
  return TRUE;
}

static gboolean
cancel_body (Exchange *x, GError **error)
{
  g_auto (Row) row = { 0 };
  const char *key = x->cancels;

  if (!load_row (x->store, key, &row, error))
    return FALSE;
  if (strcmp (row.kind, "exchange") != 0)
    return exchange_fail (error, MPOS_EXCHANGE_ERROR_INVALID,
                          R_ ("%s is a cancellation, not an exchange"), key);
  if (row.cancelled_by)
    return exchange_fail (error, MPOS_EXCHANGE_ERROR_ALREADY_CANCELLED,
                          R_ ("exchange %s was already cancelled (%s)"), row.receipt_no,
                          row.cancelled_by);
  x->original_id = row.id;
  x->member_id = row.member_id;
  x->item_code = row.item_code;
  x->qty = -row.qty;
  x->points = -row.points;
  x->cash = -row.cash;
  x->tender_type = row.tender_type;
  x->reference = row.reference;
  x->provider = row.provider;
  x->result->points = x->points;
  x->result->cash = x->cash;
  return number (x, error) && insert_exchange (x, error)
         && restore_points (x, row.id, row.points, error)
         && move_stock (x->store, row.item_code, row.qty, "cancel", x->result->id, x->a.now, error)
         && record (x, error);
}

gboolean
mpos_points_exchange_cancel (MposStore *store, const char *receipt_no, const char *cashier,
                             const MposStaffCredential *supervisor, const char *reason,
                             int64_t now, MposExchangeResult *result, GError **error)
{
  Exchange x = { 0 };
  g_autofree char *who = NULL;
  g_auto (MposStaff) approver = { 0 };

  memset (result, 0, sizeof *result);
  if ((who = mpos_cashier_resolve (store, cashier, "cancelling an exchange", error)) == NULL
      || !mpos_staff_approve (store, supervisor, MPOS_ACTION_VOID_SALE, receipt_no, &approver,
                              error))
    return FALSE;
  x.a = (MposPointsAction){ store, now, NULL, NULL, who, approver.number, reason };
  x.a.action_id = mpos_uuid_v7 (result->id);
  x.store = store;
  x.kind = "cancel";
  x.result = result;
  x.cancels = receipt_no;
  return run_exchange (&x, cancel_body, error);
}

/* ---- the slip ---------------------------------------------------------------------------- */

MposExchangeRecord *
mpos_points_exchange_get (MposStore *store, const char *receipt_no, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_EXCHANGE, error);
  gpointer record = NULL;

  if (stmt == NULL)
    return NULL;
  mpos_bind_text (stmt, ":key", receipt_no);
  if (!mpos_store_read_row (store, stmt, mpos_exchange_record_row, &record, "reading an exchange",
                            error))
    return NULL;
  if (record == NULL)
    exchange_fail (error, MPOS_EXCHANGE_ERROR_NOT_FOUND, R_ ("no exchange %s"), receipt_no);
  return record;
}
