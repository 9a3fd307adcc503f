/* gift-card-sale.c — gift cards in a sale and a return, inside their one
 * transaction: the line that sells a card activates it (so a voided or
 * failed sale leaves it in stock), a gift-card tender spends from its card,
 * and a return puts an unused card back in stock and gives every fen a card
 * paid back to that card, each row correcting the one it reverses. */
#include "gift-card-sale.h"
#include "fail.h"
#include "cart-private.h"
#include "gift-card-private.h"

#include <string.h>

#define SECONDS_PER_DAY 86400

static MposSql SQL_CARD_SKUS
    = MPOS_SQL ("gift-card-sale: card skus", "SELECT sku_id FROM gift_card_types");
static MposSql SQL_VALID_DAYS
    = MPOS_SQL ("gift-card-sale: valid days",
                "SELECT coalesce (valid_days, 0) FROM gift_card_types WHERE code = :code");
static MposSql SQL_ACTIVATION = MPOS_SQL (
    "gift-card-sale: activation",
    "SELECT e.id, c.serial, e.amount FROM gift_card_ledger e JOIN gift_cards c ON c.id = e.card_id "
    "WHERE e.sale_id = :sale AND e.line_no = :line AND e.kind = 'activate'");
static MposSql SQL_USED_SINCE = MPOS_SQL (
    "gift-card-sale: used since",
    "SELECT count(*) FROM gift_card_ledger WHERE card_id = :card AND id > :since AND amount <> 0");
static MposSql SQL_SPEND = MPOS_SQL (
    "gift-card-sale: spend",
    "SELECT id, card_id FROM gift_card_ledger WHERE sale_id = :sale AND tender_seq = :seq "
    "AND kind = 'spend'");

/* The SKUs that are gift cards (a handful of card types): one read per sale
 * instead of one per line. */
static GHashTable *
card_skus (MposStore *store, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_CARD_SKUS, error);
  g_autoptr (GHashTable) skus = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = mpos_store_step (stmt)) == SQLITE_ROW)
    {
      int64_t id = sqlite3_column_int64 (stmt, 0);
      g_hash_table_add (skus, g_memdup2 (&id, sizeof id));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      mpos_store_fail (store, rc, "reading card types", error);
      return NULL;
    }
  return g_steal_pointer (&skus);
}

/* ---- selling a card ------------------------------------------------------------------ */

static gboolean
check_sellable (const MposGiftCard *card, GError **error)
{
  if (card->active)
    return mpos_gift_card_fail (
        error, MPOS_GIFT_CARD_ERROR_ALREADY_ACTIVE,
        R_ ("gift card %s is already sold (active): it cannot be sold again"), card->serial);
  if (card->hold)
    return mpos_gift_card_fail (error, MPOS_GIFT_CARD_ERROR_FROZEN,
                                R_ ("gift card %s is frozen: it cannot be sold"), card->serial);
  return TRUE;
}

MposCartLine *
mpos_cart_add_gift_card (MposCart *cart, const char *serial, GError **error)
{
  g_autoptr (MposGiftCard) card = mpos_gift_card_find (cart->store, serial, error);
  MposCartLine *line;

  if (card == NULL || !check_sellable (card, error))
    return NULL;
  for (guint i = 0; i < cart->lines->len; i++)
    {
      const MposCartLine *other = g_ptr_array_index (cart->lines, i);
      if (g_strcmp0 (other->gift_card, card->serial) == 0)
        {
          mpos_gift_card_fail (error, MPOS_GIFT_CARD_ERROR_INVALID,
                               R_ ("gift card %s is already in this sale"), card->serial);
          return NULL;
        }
    }
  line = mpos_cart_add_sku (cart, card->sku_code, 1, error);
  if (line == NULL)
    return NULL;
  line->gift_card = g_strdup (card->serial);
  mpos_cart_reprice (cart); /* without the member price or discounts it was first given */
  return line;
}

typedef struct
{
  MposGiftCardAction a;
  MposCart *cart;
  const char *sale_id;
} SaleRun;

static int64_t
expiry_of (MposStore *store, const MposGiftCard *card, int64_t now, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_VALID_DAYS, error);
  int64_t days = 0;

  if (stmt == NULL)
    return -1;
  mpos_bind_text (stmt, ":code", card->type_code);
  if (!mpos_store_step_returning (store, stmt, "reading the card type", &days, error))
    return -1;
  return days > 0 ? now + days * SECONDS_PER_DAY : 0;
}

static gboolean
activate_line (SaleRun *run, const MposCartLine *line, GError **error)
{
  MposStore *store = run->a.store;
  g_autoptr (MposGiftCard) card = mpos_gift_card_find (store, line->gift_card, error);
  MposGiftCardMove move = { "activate", 0, run->sale_id, (int)line->line_no, 0, 0, 0 };
  int64_t expires_at;
  char a[MPOS_MONEY_BUF], b[MPOS_MONEY_BUF];

  if (card == NULL || !check_sellable (card, error))
    return FALSE;
  if (strcmp (card->sku_code, line->sku->sku_code) != 0 || line->qty != 1)
    return mpos_gift_card_fail (error, MPOS_GIFT_CARD_ERROR_INVALID,
                                R_ ("gift card %s is sold as one piece of SKU %s"), card->serial,
                                card->sku_code);
  if (line->net != card->face_value)
    return mpos_gift_card_fail (error, MPOS_GIFT_CARD_ERROR_NOT_ALLOWED,
                                R_ ("gift card %s is sold at its face value %s, not %s: remove the "
                                    "price change or discount"),
                                card->serial, mpos_money_to_buf (card->face_value, a),
                                mpos_money_to_buf (line->net, b));
  expires_at = expiry_of (store, card, run->a.now, error);
  move.amount = card->face_value;
  return expires_at >= 0
         && mpos_gift_card_set_active (store, card->id, TRUE, run->sale_id, run->a.now, expires_at,
                                       error)
         && mpos_gift_card_entry (&run->a, card->id, &move, NULL, error);
}

/* Gift cards are money: bought only with money, never with points, stored
 * value or another card (which would turn those into cash-like cards). */
static gboolean
check_card_tenders (SaleRun *run, GError **error)
{
  for (guint i = 0; i < run->cart->tenders->len; i++)
    {
      const MposTender *t = g_ptr_array_index (run->cart->tenders, i);
      if (mpos_tender_kind (t->type)->prepaid)
        return mpos_gift_card_fail (error, MPOS_GIFT_CARD_ERROR_NOT_ALLOWED,
                                    R_ ("a gift card is paid in cash, by bank card or mobile "
                                        "payment, not with %s: sell it on its own"),
                                    mpos_tender_label (t));
    }
  return TRUE;
}

static gboolean
activate_cards (SaleRun *run, GError **error)
{
  g_autoptr (GHashTable) card_products = card_skus (run->a.store, error);
  gboolean any = FALSE;

  if (card_products == NULL)
    return FALSE;
  for (guint i = 0; i < run->cart->lines->len; i++)
    {
      const MposCartLine *line = g_ptr_array_index (run->cart->lines, i);

      if (line->gift_card != NULL)
        {
          any = TRUE;
          if (!activate_line (run, line, error))
            return FALSE;
          continue;
        }
      if (g_hash_table_contains (card_products, &line->sku->sku_id))
        return mpos_gift_card_fail (error, MPOS_GIFT_CARD_ERROR_INVALID,
                                    R_ ("line %u sells a gift card (%s): scan the card's serial "
                                        "instead of the product"),
                                    line->line_no, line->sku->sku_code);
    }
  return !any || check_card_tenders (run, error);
}

static gboolean
spend_tender (SaleRun *run, const MposTender *t, int seq, GError **error)
{
  g_autoptr (MposGiftCard) card = NULL;
  MposGiftCardMove move = { "spend", -t->amount, run->sale_id, 0, seq, 0, 0 };
  char a[MPOS_MONEY_BUF], b[MPOS_MONEY_BUF];

  if (g_strcmp0 (t->provider, MPOS_GIFT_CARD_PIN_VERIFIED) != 0)
    return mpos_gift_card_fail (error, MPOS_GIFT_CARD_ERROR_PIN_REQUIRED,
                                R_ ("a gift card payment needs the card's secret"));
  card = mpos_gift_card_find (run->a.store, t->reference, error);
  if (card == NULL || !mpos_gift_card_check_usable (card, run->a.now, error))
    return FALSE;
  /* Re-read per tender: two payments from one card see the first one spent. */
  if (t->amount > card->balance)
    return mpos_gift_card_fail (error, MPOS_GIFT_CARD_ERROR_INSUFFICIENT,
                                R_ ("not enough on gift card %s: %s to pay, balance %s"),
                                card->serial, mpos_money_to_buf (t->amount, a),
                                mpos_money_to_buf (card->balance, b));
  return mpos_gift_card_entry (&run->a, card->id, &move, NULL, error);
}

gboolean
mpos_gift_card_apply_sale (MposStore *store, MposCart *cart, const char *sale_id, int64_t now,
                           GError **error)
{
  SaleRun run = { { store, now, sale_id, cart->cashier, NULL, NULL }, cart, sale_id };

  if (!activate_cards (&run, error))
    return FALSE;
  /* The sale numbers its tenders from 1 in the cart's order (sale.c, sale_tenders). */
  for (guint i = 0; i < cart->tenders->len; i++)
    {
      const MposTender *t = g_ptr_array_index (cart->tenders, i);
      if (t->type == MPOS_TENDER_GIFT_CARD && !spend_tender (&run, t, (int)i + 1, error))
        return FALSE;
    }
  return TRUE;
}

/* ---- returns ------------------------------------------------------------------------- */

typedef struct
{
  int64_t entry_id;
  char *serial;
  MposMoney amount;
} Activation;

static gboolean
find_activation (MposStore *store, const char *sale_id, int line_no, Activation *out,
                 GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_ACTIVATION, error);
  int rc;

  memset (out, 0, sizeof *out);
  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":sale", sale_id);
  mpos_bind_int64 (stmt, ":line", line_no);
  rc = mpos_store_step (stmt);
  if (rc == SQLITE_ROW)
    {
      out->entry_id = sqlite3_column_int64 (stmt, 0);
      out->serial = mpos_column_text (stmt, 1);
      out->amount = sqlite3_column_int64 (stmt, 2);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return mpos_store_fail (store, rc, "reading the gift card ledger", error);
  return TRUE;
}

static gboolean
deactivate (const MposGiftCardAction *a, const MposSaleRecord *original, const MposSaleLine *r,
            const Activation *act, GError **error)
{
  g_autoptr (MposGiftCard) card = mpos_gift_card_find (a->store, act->serial, error);
  MposGiftCardMove move
      = { "deactivate", -act->amount, a->action_id, r->line_no, 0, 0, act->entry_id };
  g_autoptr (MposStmt) stmt = NULL;
  int64_t used = 0;

  if (card == NULL)
    return FALSE;
  if (!card->active || g_strcmp0 (card->sale_id, original->id) != 0)
    return mpos_gift_card_fail (error, MPOS_GIFT_CARD_ERROR_STATE,
                                R_ ("gift card %s is no longer the card this sale activated"),
                                card->serial);
  if (card->hold)
    return mpos_gift_card_fail (
        error, MPOS_GIFT_CARD_ERROR_FROZEN,
        R_ ("gift card %s is frozen or reported lost: it cannot be returned"), card->serial);
  stmt = mpos_store_stmt (a->store, &SQL_USED_SINCE, error);
  if (stmt == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":card", card->id);
  mpos_bind_int64 (stmt, ":since", act->entry_id);
  if (!mpos_store_step_returning (a->store, stmt, "reading the gift card ledger", &used, error))
    return FALSE;
  if (used > 0 || card->balance != act->amount)
    return mpos_gift_card_fail (
        error, MPOS_GIFT_CARD_ERROR_USED,
        R_ ("gift card %s was already used: a used card cannot be returned"), card->serial);
  /* Balance to 0 first: an inactive card holds nothing. */
  return mpos_gift_card_entry (a, card->id, &move, NULL, error)
         && mpos_gift_card_set_active (a->store, card->id, FALSE, NULL, 0, 0, error);
}

static gboolean
refund_tender (const MposGiftCardAction *a, const MposSaleRecord *original, const MposSaleTender *t,
               GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (a->store, &SQL_SPEND, error);
  MposGiftCardMove move = { "refund", -t->tender->amount, a->action_id, 0, t->seq, 0, 0 };
  int64_t card_id = 0;
  int rc;

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":sale", original->id);
  mpos_bind_int64 (stmt, ":seq", t->original_seq);
  rc = mpos_store_step (stmt);
  if (rc == SQLITE_ROW)
    {
      move.corrects = sqlite3_column_int64 (stmt, 0);
      card_id = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return mpos_store_fail (a->store, rc, "reading the gift card ledger", error);
  if (card_id == 0)
    return mpos_gift_card_fail (error, MPOS_GIFT_CARD_ERROR_INVALID,
                                R_ ("payment %d of the sale spent from no gift card"),
                                t->original_seq);
  /* Back to the card whatever its state: the money belongs to it. */
  return mpos_gift_card_entry (a, card_id, &move, NULL, error);
}

gboolean
mpos_gift_card_apply_return (MposStore *store, const MposSaleRecord *original,
                             const MposSaleRecord *ret, int64_t now, GError **error)
{
  MposGiftCardAction a = { store, now, ret->id, ret->cashier, ret->approved_by, ret->reason };

  for (guint i = 0; i < ret->lines->len; i++)
    {
      const MposSaleLine *r = g_ptr_array_index (ret->lines, i);
      Activation act;
      gboolean ok;

      if (!find_activation (store, original->id, r->original_line_no, &act, error))
        return FALSE;
      ok = act.serial == NULL || deactivate (&a, original, r, &act, error);
      g_free (act.serial);
      if (!ok)
        return FALSE;
    }
  for (guint i = 0; i < ret->tenders->len; i++)
    {
      const MposSaleTender *t = g_ptr_array_index (ret->tenders, i);
      if (t->tender->type == MPOS_TENDER_GIFT_CARD && t->tender->amount < 0
          && !refund_tender (&a, original, t, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
mpos_gift_card_check_blind_return (MposCart *cart, GError **error)
{
  g_autoptr (GHashTable) card_products = card_skus (cart->store, error);

  if (card_products == NULL)
    return FALSE;
  for (guint i = 0; i < cart->lines->len; i++)
    {
      const MposCartLine *line = g_ptr_array_index (cart->lines, i);

      if (g_hash_table_contains (card_products, &line->sku->sku_id) || line->gift_card)
        return mpos_gift_card_fail (error, MPOS_GIFT_CARD_ERROR_NOT_ALLOWED,
                                    R_ ("a gift card cannot be returned without its receipt"));
    }
  return TRUE;
}

gboolean
mpos_gift_card_add_json (MposStore *store, const char *sale_id, cJSON *payload, GError **error)
{
  cJSON *rows = mpos_gift_card_action_json (store, sale_id, error);

  if (rows == NULL)
    return FALSE;
  if (cJSON_GetArraySize (rows) == 0)
    {
      cJSON_Delete (rows);
      return TRUE;
    }
  cJSON_AddItemToObject (payload, "gift_cards", rows);
  return TRUE;
}
