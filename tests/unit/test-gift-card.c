/* test-gift-card.c — prepaid gift cards (src/gift-card*.c and their hooks
 * in sale.c, sale-return.c, pricing.c, loyalty.c, cart-json.c): stock import
 * (secrets only as argon2id hashes), activation inside the sale's
 * transaction, sold at face value with no points, spending as a partial
 * tender, exact reversal on return, redemption into stored value as
 * principal, registration, transfer, freeze and report-lost, the secret's
 * lock, every refusal writing nothing, and balance = ledger throughout. */
#include "stored-value-statement.h"
#include "gift-card-sale.h"
#include "gift-card.h"
#include "gift-card-view.h"
#include "integrity.h"
#include "json-fields.h"
#include "journal-read.h"
#include "loyalty-liability.h"
#include "test-points-util.h"

#include <cjson/cJSON.h>

#define DOC(member, lines, tenders)                                                                \
  "{\"cashier\":\"1001\"" member ",\"lines\":[" lines "],\"tenders\":[" tenders "]}"
#define MEMBER(card) ",\"member\":\"" card "\""
#define CARD_LINE(serial) "{\"gift_card\":\"" serial "\"}"
#define NOODLES(n) "{\"sku\":\"100001\",\"qty\":" #n "}"
#define CASH(amount) "{\"type\":\"cash\",\"amount\":\"" amount "\"}"
#define GIFT(serial, pin, amount)                                                                  \
  "{\"type\":\"gift_card\",\"card\":\"" serial "\",\"pin\":\"" pin "\",\"amount\":\"" amount "\"}"

#define GC1 "GC100-000001"
#define GC2 "GC100-000002"
#define GC3 "GC100-000003"
#define GC5 "GC500-000001"
#define PIN1 "7KQ4M2XP9WTA"
#define PIN2 "R3N8VZ5HC2LE"
#define PIN5 "D6YB9Q3TFU7M"

#define STOCK                                                                                        \
  "{\"batch\":\"2026-11\",\"types\":["                                                               \
  "{\"code\":\"GC100\",\"name\":\"100元购物卡\",\"sku\":\"990100\",\"face_value\":\"100.00\","   \
  "\"valid_days\":365},"                                                                             \
  "{\"code\":\"GC500\",\"name\":\"500元购物卡\",\"sku\":\"990500\",\"face_value\":\"500.00\"}]," \
  "\"cards\":[{\"serial\":\"" GC1 "\",\"pin\":\"" PIN1 "\",\"type\":\"GC100\"},"                     \
  "{\"serial\":\"" GC2 "\",\"pin\":\"" PIN2 "\",\"type\":\"GC100\"},"                                \
  "{\"serial\":\"" GC3 "\",\"pin\":\"H4PW8XK2NJ6R\",\"type\":\"GC100\"},"                                \
  "{\"serial\":\"" GC5 "\",\"pin\":\"" PIN5 "\",\"type\":\"GC500\"}]}"

/* Everything a gift card action could touch, on top of the loyalty tables. */
static char *
fingerprint (MposStore *store)
{
  g_autofree char *loyalty = tp_fingerprint (store);
  g_autofree char *cards = test_query_text (
      store, "SELECT (SELECT count(*) FROM gift_card_ledger) || '|' || (SELECT total(balance) || "
             "'/' || group_concat(status || coalesce(hold, '') || coalesce(member_id, ''), ',') "
             "FROM gift_cards) || '|' || (SELECT count(*) FROM gift_card_types)");

  return g_strconcat (loyalty, "|", cards, NULL);
}

static void
add_card_sku (MposStore *store, const char *code, const char *name, MposMoney price, int tax_bp)
{
  TestSku sku = { code, name, NULL, "礼品卡/购物卡", MPOS_UNIT_PIECE, tax_bp, price, 0, NULL };

  test_add_sku_full (store, &sku);
}

static void
import (MposStore *store, const char *doc)
{
  g_autoptr (GError) error = NULL;
  MposGiftCardImportReport report;

  mpos_gift_card_import (store, doc, strlen (doc), "it", mpos_clock_now (), &report, &error);
  g_assert_no_error (error);
}

/* The points fixtures, the loyalty rules, card SKUs 990100 (100.00) and
 * 990500 (500.00) at 0% tax, and the STOCK cards. */
static TestStore *
gc_store (void)
{
  TestStore *ts = tp_store_new ();

  tp_rules (ts->store, NULL, "proportional");
  add_card_sku (ts->store, "990100", "100元购物卡", 10000, 0);
  add_card_sku (ts->store, "990500", "500元购物卡", 50000, 0);
  import (ts->store, STOCK);
  return ts;
}

static MposGiftCard *
card (MposStore *store, const char *serial)
{
  g_autoptr (GError) error = NULL;
  MposGiftCard *c = mpos_gift_card_find (store, serial, &error);

  g_assert_no_error (error);
  return c;
}

static MposMoney
balance_of (MposStore *store, const char *serial)
{
  g_autoptr (MposGiftCard) c = card (store, serial);

  return c->balance;
}

static void
assert_refused (MposStore *store, const char *doc, GQuark domain, int code)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *before = fingerprint (store);
  g_autofree char *after = NULL;
  int64_t audit = test_query_int (store, "SELECT count(*) FROM audit");

  g_assert_false (tp_try_sell (store, doc, NULL, &error));
  g_assert_error (error, domain, code);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  /* A wrong secret is audited (and counted); nothing else may change. */
  if (test_query_int (store, "SELECT count(*) FROM audit") == audit)
    {
      after = fingerprint (store);
      g_assert_cmpstr (before, ==, after);
    }
}

static void
test_gift_card_import_hashes_secrets (void)
{
  g_autoptr (TestStore) ts = gc_store ();
  g_autoptr (MposGiftCard) c = card (ts->store, GC1);
  g_autofree char *hash = test_query_text (ts->store, "SELECT pin_hash FROM gift_cards LIMIT 1");
  g_autofree char *leak = test_query_text (
      ts->store, "SELECT count(*) FROM (SELECT payload t FROM journal UNION ALL SELECT detail "
                 "FROM audit UNION ALL SELECT pin_hash FROM gift_cards) WHERE t LIKE '%" PIN1 "%'");

  g_assert_false (c->active);
  g_assert_cmpint (c->face_value, ==, 10000);
  g_assert_cmpint (c->balance, ==, 0);
  g_assert_cmpstr (c->sku_code, ==, "990100");
  g_assert_true (g_str_has_prefix (hash, "$argon2id$"));
  g_assert_cmpstr (leak, ==, "0");
  g_assert_cmpint (
      test_query_int (ts->store, "SELECT count(*) FROM journal WHERE kind = 'gift_card_import'"), ==,
      1);
  test_assert_consistent (ts->store);
}

static void
assert_import_refused (MposStore *store, const char *doc, int code, const char *says)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *before = fingerprint (store);
  g_autofree char *after = NULL;
  MposGiftCardImportReport report;

  g_assert_false (
      mpos_gift_card_import (store, doc, strlen (doc), "it", mpos_clock_now (), &report, &error));
  g_assert_error (error, MPOS_GIFT_CARD_ERROR, code);
  g_assert_nonnull (strstr (error->message, says));
  after = fingerprint (store);
  g_assert_cmpstr (before, ==, after);
}

static void
test_gift_card_import_refusals (void)
{
  static const char no_sku[]
      = "{\"types\":[{\"code\":\"GCX\",\"name\":\"x\",\"sku\":\"777\",\"face_value\":\"1.00\"}]}";
  static const char extra[] = "{\"cards\":[],\"extra\":1}";
  g_autoptr (TestStore) ts = gc_store ();
  g_autoptr (GError) error = NULL;
  MposGiftCardImportReport report;

  add_card_sku (ts->store, "990200", "200元购物卡", 20000, 1300);
  assert_import_refused (ts->store,
                         "{\"types\":[{\"code\":\"GC200\",\"name\":\"x\",\"sku\":\"990200\","
                         "\"face_value\":\"200.00\"}]}",
                         MPOS_GIFT_CARD_ERROR_INVALID, "0%");
  assert_import_refused (ts->store,
                         "{\"types\":[{\"code\":\"GC200\",\"name\":\"x\",\"sku\":\"990500\","
                         "\"face_value\":\"200.00\"}]}",
                         MPOS_GIFT_CARD_ERROR_INVALID, "listed at 500.00");
  assert_import_refused (ts->store,
                         "{\"types\":[{\"code\":\"GC100\",\"name\":\"x\",\"sku\":\"990100\","
                         "\"face_value\":\"50.00\"}]}",
                         MPOS_GIFT_CARD_ERROR_INVALID, "types[0]");
  assert_import_refused (ts->store,
                         "{\"cards\":[{\"serial\":\"GC100-000009\",\"pin\":\"J5RX2PWK8MNC\","
                         "\"type\":\"GC100\"},{\"serial\":\"" GC1 "\",\"pin\":\"J5RX2PWK8MNC\","
                         "\"type\":\"GC100\"}]}",
                         MPOS_GIFT_CARD_ERROR_DUPLICATE, "cards[1]: gift card " GC1);
  assert_import_refused (ts->store,
                         "{\"cards\":[{\"serial\":\"GC100-000009\",\"pin\":\"J5RX2PWK8MNC\","
                         "\"type\":\"GC999\"}]}",
                         MPOS_GIFT_CARD_ERROR_UNKNOWN, "no card type GC999");
  assert_import_refused (ts->store,
                         "{\"cards\":[{\"serial\":\"GC100-000009\",\"pin\":\"123\","
                         "\"type\":\"GC100\"}]}",
                         MPOS_GIFT_CARD_ERROR_INVALID, "10–32 random");
  /* Eight or nine characters fall to an offline search of their hash: refused, naming the card. */
  assert_import_refused (ts->store,
                         "{\"cards\":[{\"serial\":\"GC100-000009\",\"pin\":\"J5RX2PWK8MNC\","
                         "\"type\":\"GC100\"},{\"serial\":\"GC100-000010\",\"pin\":\"839201745\","
                         "\"type\":\"GC100\"}]}",
                         MPOS_GIFT_CARD_ERROR_INVALID, "cards[1]: gift card GC100-000010: “pin”");
  assert_import_refused (ts->store,
                         "{\"cards\":[{\"serial\":\"GC100-000009\",\"pin\":\"J5RX2PWK8MNC\","
                         "\"type\":\"GC100\"},{\"serial\":\"GC100-000009\",\"pin\":\"J5RX2PWK8MNC\","
                         "\"type\":\"GC100\"}]}",
                         MPOS_GIFT_CARD_ERROR_INVALID, "given twice");
  /* Unknown keys are the JSON layer's refusal, with the place. */
  mpos_gift_card_import (ts->store, extra, strlen (extra), "it", mpos_clock_now (), &report,
                         &error);
  g_assert_error (error, MPOS_JSON_ERROR, MPOS_JSON_ERROR_UNKNOWN);
  g_assert_nonnull (strstr (error->message, "unknown field “extra”"));
  g_clear_error (&error);
  /* A SKU that does not exist is the catalog's refusal. */
  mpos_gift_card_import (ts->store, no_sku, strlen (no_sku), "it", mpos_clock_now (), &report,
                         &error);
  g_assert_error (error, MPOS_CATALOG_ERROR, MPOS_CATALOG_ERROR_NOT_FOUND);
}

static void
test_gift_card_sale_activates_at_face_value_without_points (void)
{
  g_autoptr (TestStore) ts = gc_store ();
  g_autoptr (MposGiftCard) c = NULL;
  MposSaleResult r;

  /* 10% off the order: the noodles take it all, the card keeps its face value. */
  tp_sell (ts->store,
           "{\"cashier\":\"1001\",\"member\":\"" CARD_A
           "\",\"lines\":[" CARD_LINE (GC1) "," NOODLES (
               4) "],\"order_discount\":\"10%\",\"order_discount_approved_by\":\"9001\","
                  "\"tenders\":[" CASH ("200.00") "]}",
           &r);
  c = card (ts->store, GC1);
  g_assert_true (c->active);
  g_assert_cmpint (c->balance, ==, 10000);
  g_assert_cmpint (c->expires_at, ==, mpos_clock_now () + 365 * 86400);
  g_assert_cmpint (test_query_int (ts->store, "SELECT net FROM sale_lines WHERE line_no = 1"), ==,
                   10000);
  g_assert_cmpint (test_query_int (ts->store, "SELECT net FROM sale_lines WHERE line_no = 2"), ==,
                   1800);
  g_assert_cmpint (test_query_int (ts->store, "SELECT tax FROM sale_lines WHERE line_no = 1"), ==, 0);
  /* Points on the 18.00 of noodles only. */
  g_assert_cmpint (tp_points (ts->store, CARD_A).pending, ==, 18);
  test_assert_consistent (ts->store);
}

/* The read model of `gift-card show`: the card and its ledger, typed. */
static void
test_gift_card_view_is_a_typed_read_model (void)
{
  g_autoptr (TestStore) ts = gc_store ();
  g_autoptr (GError) error = NULL;
  g_autoptr (MposGiftCardView) view = NULL;
  const MposGiftCardMovement *activate;
  MposSaleResult r;

  tp_sell (
      ts->store,
      "{\"cashier\":\"1001\",\"lines\":[" CARD_LINE (GC1) "],\"tenders\":[" CASH ("100.00") "]}",
      &r);
  view = mpos_gift_card_view (ts->store, GC1, mpos_clock_now (), &error);
  g_assert_no_error (error);
  g_assert_true (G_TYPE_IS_BOXED (MPOS_TYPE_GIFT_CARD_VIEW));
  g_assert_true (view->card->active);
  g_assert_false (view->expired);
  g_assert_cmpint (view->card->balance, ==, 10000);
  g_assert_cmpuint (view->movements->len, ==, 1);
  activate = g_ptr_array_index (view->movements, 0);
  g_assert_cmpstr (activate->kind, ==, "activate");
  g_assert_cmpint (activate->amount, ==, 10000);
  g_assert_cmpstr (activate->receipt_no, ==, r.receipt_no);
  g_clear_pointer (&view, mpos_gift_card_view_unref);
  /* a year and a day later it reads as expired */
  view = mpos_gift_card_view (ts->store, GC1, mpos_clock_now () + 366 * 86400, &error);
  g_assert_true (view->expired);
}

static void
test_gift_card_void_or_failed_sale_leaves_card_inactive (void)
{
  g_autoptr (TestStore) ts = gc_store ();
  g_autoptr (GError) error = NULL;
  static const char doc[] = DOC ("", CARD_LINE (GC1), CASH ("100.00"));
  g_autoptr (MposCart) cart
      = mpos_cart_from_json (ts->store, doc, strlen (doc), mpos_clock_now (), &error);
  g_autoptr (MposGiftCard) c = NULL;

  g_assert_no_error (error);
  test_cart_approve (cart);
  g_assert_true (mpos_sale_void (cart, "customer changed mind", &error));
  g_assert_no_error (error);
  c = card (ts->store, GC1);
  g_assert_false (c->active);
  /* Short of money: refused before the transaction. */
  assert_refused (ts->store, DOC ("", CARD_LINE (GC1), CASH ("99.99")), MPOS_CART_ERROR,
                  MPOS_CART_ERROR_TENDER);
  /* Refused inside the transaction, after the card was written: rolled back. */
  tp_top_up (ts->store, CARD_A, 50000, NULL);
  assert_refused (
      ts->store,
      DOC (MEMBER (CARD_A), CARD_LINE (GC1), "{\"type\":\"stored_value\",\"amount\":\"100.00\"}"),
      MPOS_GIFT_CARD_ERROR, MPOS_GIFT_CARD_ERROR_NOT_ALLOWED);
  g_clear_pointer (&c, mpos_gift_card_free);
  c = card (ts->store, GC1);
  g_assert_false (c->active);
  g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM gift_card_ledger"), ==, 0);
  tp_sell (ts->store, DOC ("", CARD_LINE (GC1), CASH ("100.00")), NULL);
  test_assert_consistent (ts->store);
}

static void
test_gift_card_sale_refusals (void)
{
  g_autoptr (TestStore) ts = gc_store ();
  g_autoptr (GError) error = NULL;

  tp_sell (ts->store, DOC ("", CARD_LINE (GC1), CASH ("100.00")), NULL);
  assert_refused (ts->store, DOC ("", CARD_LINE (GC1), CASH ("100.00")), MPOS_GIFT_CARD_ERROR,
                  MPOS_GIFT_CARD_ERROR_ALREADY_ACTIVE);
  assert_refused (ts->store, DOC ("", CARD_LINE ("GC100-999999"), CASH ("100.00")),
                  MPOS_GIFT_CARD_ERROR, MPOS_GIFT_CARD_ERROR_UNKNOWN);
  assert_refused (ts->store, DOC ("", CARD_LINE (GC2) "," CARD_LINE (GC2), CASH ("200.00")),
                  MPOS_GIFT_CARD_ERROR, MPOS_GIFT_CARD_ERROR_INVALID);
  /* The card product without a card. */
  assert_refused (ts->store, DOC ("", "{\"sku\":\"990100\"}", CASH ("100.00")),
                  MPOS_GIFT_CARD_ERROR, MPOS_GIFT_CARD_ERROR_INVALID);
  /* Below face value. */
  assert_refused (ts->store,
                  DOC ("", "{\"gift_card\":\"" GC2 "\",\"discount\":\"5%\"}", CASH ("95.00")),
                  MPOS_GIFT_CARD_ERROR, MPOS_GIFT_CARD_ERROR_NOT_ALLOWED);
  /* Bought with another gift card. */
  assert_refused (ts->store, DOC ("", CARD_LINE (GC2), GIFT (GC1, PIN1, "100.00")),
                  MPOS_GIFT_CARD_ERROR, MPOS_GIFT_CARD_ERROR_NOT_ALLOWED);
  /* Stolen stock, frozen: not sold. */
  mpos_gift_card_set_hold (ts->store, GC3, "frozen", "stolen from the back office", "1001", test_manager (ts->store),
                           mpos_clock_now (), &error);
  g_assert_no_error (error);
  assert_refused (ts->store, DOC ("", CARD_LINE (GC3), CASH ("100.00")), MPOS_GIFT_CARD_ERROR,
                  MPOS_GIFT_CARD_ERROR_FROZEN);
  test_assert_consistent (ts->store);
}

static void
test_gift_card_partial_spend_and_exact_return (void)
{
  g_autoptr (TestStore) ts = gc_store ();
  g_autoptr (GArray) lines = NULL;
  MposSaleResult sale, ret;

  tp_sell (ts->store, DOC ("", CARD_LINE (GC1), CASH ("100.00")), NULL);
  /* 30 noodles = 150.00: cash 70.00, then 80.00 from the card. */
  tp_sell (ts->store,
           DOC (MEMBER (CARD_A), NOODLES (30), CASH ("70.00") "," GIFT (GC1, PIN1, "80.00")),
           &sale);
  g_assert_cmpint (balance_of (ts->store, GC1), ==, 2000);
  /* Spending a card earns points like cash. */
  g_assert_cmpint (tp_points (ts->store, CARD_A).pending, ==, 150);
  /* 10 back (50.00): the last payment first — the card. */
  lines = test_return_request_new (1, 10);
  test_return_sale (ts->store, sale.receipt_no, lines, &ret);
  g_assert_cmpint (balance_of (ts->store, GC1), ==, 7000);
  /* The rest (100.00): 30.00 more to the card, 70.00 in cash. */
  test_return_sale (ts->store, sale.receipt_no, NULL, &ret);
  g_assert_cmpint (balance_of (ts->store, GC1), ==, 10000);
  g_assert_cmpint (test_query_int (ts->store, "SELECT -sum(amount) FROM tenders t JOIN sales s ON "
                                          "s.id = t.sale_id WHERE s.kind = 'return' AND t.type = "
                                          "'cash'"),
                   ==, 7000);
  g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM gift_card_ledger WHERE kind = "
                                          "'refund' AND corrects IS NOT NULL"),
                   ==, 2);
  g_assert_cmpint (tp_points (ts->store, CARD_A).pending, ==, 0);
  test_assert_consistent (ts->store);
}

static void
test_gift_card_tender_refusals (void)
{
  g_autoptr (TestStore) ts = gc_store ();

  tp_sell (ts->store, DOC ("", CARD_LINE (GC1), CASH ("100.00")), NULL);
  assert_refused (ts->store, DOC ("", NOODLES (2), GIFT (GC2, PIN2, "10.00")), MPOS_GIFT_CARD_ERROR,
                  MPOS_GIFT_CARD_ERROR_NOT_ACTIVE);
  assert_refused (ts->store, DOC ("", NOODLES (30), GIFT (GC1, PIN1, "150.00")),
                  MPOS_GIFT_CARD_ERROR, MPOS_GIFT_CARD_ERROR_INSUFFICIENT);
  /* Two payments that each fit but together do not: refused in the sale. */
  assert_refused (ts->store,
                  DOC ("", NOODLES (30), GIFT (GC1, PIN1, "75.00") "," GIFT (GC1, PIN1, "75.00")),
                  MPOS_GIFT_CARD_ERROR, MPOS_GIFT_CARD_ERROR_INSUFFICIENT);
  assert_refused (ts->store, DOC ("", NOODLES (2), GIFT ("nope!", PIN1, "10.00")),
                  MPOS_GIFT_CARD_ERROR, MPOS_GIFT_CARD_ERROR_UNKNOWN);
  /* No secret at all: asked for, not counted. */
  assert_refused (
      ts->store,
      DOC ("", NOODLES (2), "{\"type\":\"gift_card\",\"card\":\"" GC1 "\",\"amount\":\"10.00\"}"),
      MPOS_GIFT_CARD_ERROR, MPOS_GIFT_CARD_ERROR_PIN_REQUIRED);
  g_assert_cmpint (
      test_query_int (ts->store, "SELECT pin_failures FROM gift_cards WHERE serial = '" GC1 "'"), ==,
      0);
  /* A year and a day later the card has expired. */
  test_pin_now ("2027-11-24T10:00:00+08:00");
  assert_refused (ts->store, DOC ("", NOODLES (2), GIFT (GC1, PIN1, "10.00")), MPOS_GIFT_CARD_ERROR,
                  MPOS_GIFT_CARD_ERROR_EXPIRED);
  g_assert_cmpint (balance_of (ts->store, GC1), ==, 10000);
  test_assert_consistent (ts->store);
}

static void
test_gift_card_wrong_secret_locks_after_five (void)
{
  g_autoptr (TestStore) ts = gc_store ();
  g_autoptr (GError) error = NULL;
  g_autoptr (MposGiftCard) c = NULL;

  tp_sell (ts->store, DOC ("", CARD_LINE (GC1), CASH ("100.00")), NULL);
  for (int i = 1; i <= 4; i++)
    assert_refused (ts->store, DOC ("", NOODLES (2), GIFT (GC1, "00000000", "10.00")),
                    MPOS_GIFT_CARD_ERROR, MPOS_GIFT_CARD_ERROR_WRONG_PIN);
  /* Counted across restarts. */
  test_store_reopen (ts);
  assert_refused (ts->store, DOC ("", NOODLES (2), GIFT (GC1, "12", "10.00")), MPOS_GIFT_CARD_ERROR,
                  MPOS_GIFT_CARD_ERROR_LOCKED);
  /* Now even the right secret is refused until a supervisor unlocks. */
  assert_refused (ts->store, DOC ("", NOODLES (2), GIFT (GC1, PIN1, "10.00")), MPOS_GIFT_CARD_ERROR,
                  MPOS_GIFT_CARD_ERROR_LOCKED);
  g_assert_cmpint (
      test_query_int (ts->store, "SELECT count(*) FROM audit WHERE action = 'gift_card_locked'"), ==,
      1);
  g_assert_false (mpos_gift_card_unlock (ts->store, GC1, NULL, mpos_clock_now (), &error));
  g_assert_error (error, MPOS_STAFF_ERROR, MPOS_STAFF_ERROR_REQUIRED);
  g_clear_error (&error);
  g_assert_true (mpos_gift_card_unlock (ts->store, GC1, test_supervisor (ts->store), mpos_clock_now (),
                                        &error));
  g_assert_no_error (error);
  tp_sell (ts->store, DOC ("", NOODLES (2), GIFT (GC1, PIN1, "10.00")), NULL);
  c = card (ts->store, GC1);
  g_assert_cmpint (c->pin_failures, ==, 0);
  g_assert_cmpint (c->balance, ==, 9000);
  test_assert_consistent (ts->store);
}

static void
test_gift_card_return_of_card (void)
{
  g_autoptr (TestStore) ts = gc_store ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) first = test_return_request_new (1, 0);
  g_autoptr (MposGiftCard) c = NULL;
  MposSaleResult a, b, ret;
  static const char blind[] = DOC ("", CARD_LINE (GC3), CASH ("100.00"));
  g_autoptr (MposCart) cart = NULL;

  tp_sell (ts->store, DOC ("", CARD_LINE (GC1) "," CARD_LINE (GC2), CASH ("200.00")), &a);
  /* An unused card goes back to stock. */
  test_return_sale (ts->store, a.receipt_no, first, &ret);
  c = card (ts->store, GC1);
  g_assert_false (c->active);
  g_assert_cmpint (c->balance, ==, 0);
  g_assert_null (c->sale_id);
  /* … and can be sold again. */
  tp_sell (ts->store, DOC ("", CARD_LINE (GC1), CASH ("100.00")), &b);
  /* A card that paid for something cannot come back. */
  tp_sell (ts->store, DOC ("", NOODLES (1), GIFT (GC2, PIN2, "5.00")), NULL);
  {
    g_autofree char *before = fingerprint (ts->store);
    g_autofree char *after = NULL;
    g_assert_false (mpos_sale_return (ts->store, a.receipt_no, NULL, "1001", NULL, &ret, &error));
    g_assert_error (error, MPOS_GIFT_CARD_ERROR, MPOS_GIFT_CARD_ERROR_USED);
    after = fingerprint (ts->store);
    g_assert_cmpstr (before, ==, after);
    g_clear_error (&error);
  }
  /* Never without the receipt. */
  cart = mpos_cart_from_json (ts->store, blind, strlen (blind), mpos_clock_now (), &error);
  g_assert_no_error (error);
  g_assert_false (mpos_sale_return_without_receipt (cart, "no receipt", test_supervisor (ts->store), &ret,
                                                    &error));
  g_assert_error (error, MPOS_GIFT_CARD_ERROR, MPOS_GIFT_CARD_ERROR_NOT_ALLOWED);
  test_assert_consistent (ts->store);
}

static void
test_gift_card_redeem_into_stored_value_as_principal (void)
{
  g_autoptr (TestStore) ts = gc_store ();
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStoredValueStatement) statement = NULL;
  MposGiftCardRedeemResult r;
  MposTopUpResult t;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  tp_sell (ts->store, DOC ("", CARD_LINE (GC1), CASH ("100.00")), NULL);
  tp_sell (ts->store, DOC ("", NOODLES (4), GIFT (GC1, PIN1, "20.00")), NULL);
  g_assert_true (mpos_gift_card_redeem (ts->store, GC1, PIN1, tp_member (ts->store, CARD_A), "1001",
                                        NULL, mpos_clock_now (), &r, &error));
  g_assert_no_error (error);
  g_assert_cmpint (r.amount, ==, 8000);
  g_assert_cmpint (r.balance.principal, ==, 8000);
  g_assert_cmpint (r.balance.bonus, ==, 0);
  g_assert_cmpint (balance_of (ts->store, GC1), ==, 0);
  statement = mpos_stored_value_statement (ts->store, tp_member (ts->store, CARD_A), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((MposStoredValueMovement *)g_ptr_array_index (statement->movements, 0))->kind,
                   ==, "gift_card");
  /* Nothing left to redeem; and the money has no top-up a refund could pay out. */
  before = fingerprint (ts->store);
  g_assert_false (mpos_gift_card_redeem (ts->store, GC1, PIN1, tp_member (ts->store, CARD_A),
                                         "1001", NULL, mpos_clock_now (), &r, &error));
  g_assert_error (error, MPOS_GIFT_CARD_ERROR, MPOS_GIFT_CARD_ERROR_STATE);
  g_clear_error (&error);
  g_assert_false (mpos_stored_value_refund_top_up (ts->store, r.action_id, "1001", test_manager (ts->store), "x",
                                                   mpos_clock_now (), &t, &error));
  g_assert_error (error, MPOS_STORED_VALUE_ERROR, MPOS_STORED_VALUE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  after = fingerprint (ts->store);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM journal WHERE kind = "
                                          "'gift_card_redeem' AND payload LIKE '%stored_value%'"),
                   ==, 1);
  test_assert_consistent (ts->store);
}

static void
test_gift_card_register_transfer_and_lost (void)
{
  g_autoptr (TestStore) ts = gc_store ();
  g_autoptr (GError) error = NULL;
  g_autoptr (MposGiftCard) c = NULL;
  int64_t a = tp_member (ts->store, CARD_A), b = tp_member (ts->store, CARD_B);
  MposGiftCardRedeemResult r;

  tp_sell (ts->store, DOC ("", CARD_LINE (GC5), CASH ("500.00")), NULL);
  /* Not registered: nothing to transfer, and a bearer card cannot be reported lost. */
  g_assert_false (
      mpos_gift_card_transfer (ts->store, GC5, PIN5, a, b, "1001", mpos_clock_now (), &error));
  g_assert_error (error, MPOS_GIFT_CARD_ERROR, MPOS_GIFT_CARD_ERROR_NOT_OWNER);
  g_clear_error (&error);
  g_assert_false (mpos_gift_card_set_hold (ts->store, GC5, "lost", "lost", "1001", test_manager (ts->store),
                                           mpos_clock_now (), &error));
  g_assert_error (error, MPOS_GIFT_CARD_ERROR, MPOS_GIFT_CARD_ERROR_NOT_OWNER);
  g_clear_error (&error);
  g_assert_true (
      mpos_gift_card_register (ts->store, GC5, PIN5, a, "1001", mpos_clock_now (), &error));
  g_assert_false (
      mpos_gift_card_register (ts->store, GC5, PIN5, b, "1001", mpos_clock_now (), &error));
  g_assert_error (error, MPOS_GIFT_CARD_ERROR, MPOS_GIFT_CARD_ERROR_STATE);
  g_clear_error (&error);
  /* Only the owner gives it away; then only the new owner redeems it. */
  g_assert_false (
      mpos_gift_card_transfer (ts->store, GC5, PIN5, b, a, "1001", mpos_clock_now (), &error));
  g_assert_error (error, MPOS_GIFT_CARD_ERROR, MPOS_GIFT_CARD_ERROR_NOT_OWNER);
  g_clear_error (&error);
  g_assert_true (
      mpos_gift_card_transfer (ts->store, GC5, PIN5, a, b, "1001", mpos_clock_now (), &error));
  g_assert_no_error (error);
  g_assert_false (
      mpos_gift_card_redeem (ts->store, GC5, PIN5, a, "1001", NULL, mpos_clock_now (), &r, &error));
  g_assert_error (error, MPOS_GIFT_CARD_ERROR, MPOS_GIFT_CARD_ERROR_NOT_OWNER);
  g_clear_error (&error);
  /* 挂失: the owner reports it lost; nobody can spend it … */
  g_assert_false (mpos_gift_card_set_hold (ts->store, GC5, "lost", "", "1001", test_manager (ts->store),
                                           mpos_clock_now (), &error));
  g_assert_error (error, MPOS_GIFT_CARD_ERROR, MPOS_GIFT_CARD_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (mpos_gift_card_set_hold (ts->store, GC5, "lost", "owner lost it", "1001", test_manager (ts->store),
                                          mpos_clock_now (), &error));
  g_assert_false (mpos_gift_card_set_hold (ts->store, GC5, "frozen", "x", "1001", test_manager (ts->store),
                                           mpos_clock_now (), &error));
  g_assert_error (error, MPOS_GIFT_CARD_ERROR, MPOS_GIFT_CARD_ERROR_STATE);
  g_clear_error (&error);
  assert_refused (ts->store, DOC ("", NOODLES (2), GIFT (GC5, PIN5, "10.00")), MPOS_GIFT_CARD_ERROR,
                  MPOS_GIFT_CARD_ERROR_FROZEN);
  /* … but the owner gets the balance into stored value with a supervisor. */
  g_assert_false (
      mpos_gift_card_redeem (ts->store, GC5, NULL, b, "1001", NULL, mpos_clock_now (), &r, &error));
  g_assert_error (error, MPOS_GIFT_CARD_ERROR, MPOS_GIFT_CARD_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (mpos_gift_card_redeem (ts->store, GC5, NULL, b, "1001", test_manager (ts->store), mpos_clock_now (),
                                        &r, &error));
  g_assert_no_error (error);
  g_assert_cmpint (r.amount, ==, 50000);
  g_assert_cmpint (tp_stored_value (ts->store, CARD_B).principal, ==, 50000);
  g_assert_true (mpos_gift_card_set_hold (ts->store, GC5, NULL, "found it", "1001", test_manager (ts->store),
                                          mpos_clock_now (), &error));
  g_assert_false (mpos_gift_card_set_hold (ts->store, GC5, NULL, "again", "1001", test_manager (ts->store),
                                           mpos_clock_now (), &error));
  g_assert_error (error, MPOS_GIFT_CARD_ERROR, MPOS_GIFT_CARD_ERROR_STATE);
  c = card (ts->store, GC5);
  g_assert_null (c->hold);
  g_assert_cmpint (c->member_id, ==, b);
  test_assert_consistent (ts->store);
}

static void
test_gift_card_ledger_is_append_only_and_checked (void)
{
  g_autoptr (TestStore) ts = gc_store ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);

  tp_sell (ts->store, DOC ("", CARD_LINE (GC1), CASH ("100.00")), NULL);
  g_assert_false (mpos_store_exec (ts->store, "UPDATE gift_card_ledger SET amount = 1", &error));
  g_assert_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_assert_false (mpos_store_exec (ts->store, "DELETE FROM gift_card_ledger", &error));
  g_clear_error (&error);
  g_assert_false (mpos_store_exec (ts->store, "UPDATE gift_cards SET balance = -1", &error));
  g_clear_error (&error);
  /* A cached balance that drifts from its ledger is found by `check`. */
  test_exec (ts->store, "UPDATE gift_cards SET balance = 9999 WHERE serial = '" GC1 "'");
  g_assert_true (mpos_integrity_check (ts->store, problems, &error));
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (problems, 0), "gift card " GC1));
}

static void
test_gift_card_liability_and_journal (void)
{
  g_autoptr (TestStore) ts = gc_store ();
  g_autoptr (GError) error = NULL;
  g_autoptr (MposLiability) report = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  gboolean found = FALSE;
  MposSaleResult r;

  tp_sell (ts->store, DOC ("", CARD_LINE (GC1) "," CARD_LINE (GC5), CASH ("600.00")), NULL);
  tp_sell (ts->store, DOC ("", NOODLES (2), GIFT (GC1, PIN1, "10.00")), &r);
  mpos_gift_card_set_hold (ts->store, GC5, "frozen", "fraud check", "1001", test_manager (ts->store),
                           mpos_clock_now (), &error);
  g_assert_no_error (error);
  report = mpos_loyalty_liability (ts->store, mpos_clock_now (), &error);
  g_assert_no_error (error);
  g_assert_cmpint (report->gift_cards.outstanding, ==, 59000);
  g_assert_cmpint (report->gift_cards.active, ==, 9000);
  g_assert_cmpint (report->gift_cards.frozen, ==, 50000);
  g_assert_cmpint (report->gift_cards.cards, ==, 2);
  /* The sale's journal entry carries the card's movement. */
  entries = mpos_journal_read (ts->store, 0, 100, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    {
      const MposJournalEntry *e = g_ptr_array_index (entries, i);
      g_autoptr (cJSON) payload = mpos_journal_entry_payload (e);
      const cJSON *rows = cJSON_GetObjectItemCaseSensitive (payload, "gift_cards");
      if (g_strcmp0 (e->ref_id, r.sale_id) != 0)
        continue;
      g_assert_cmpint (cJSON_GetArraySize (rows), ==, 1);
      g_assert_cmpstr (
          cJSON_GetObjectItemCaseSensitive (cJSON_GetArrayItem (rows, 0), "amount")->valuestring,
          ==, "-10.00");
      found = TRUE;
    }
  g_assert_true (found);
  test_assert_consistent (ts->store);
}

/* Unlocks are a supervisor's, once per card per business day (the store's
 * gift_card_unlock_cap), each journaled: guessing cannot go on at the
 * speed of unlocks. */
static void
test_gift_card_unlocks_capped_per_day_and_journaled (void)
{
  g_autoptr (TestStore) ts = gc_store ();
  g_autoptr (GError) error = NULL;

  tp_sell (ts->store, DOC ("", CARD_LINE (GC1), CASH ("100.00")), NULL);
  for (int round = 0; round < 2; round++)
    {
      for (int i = 1; i <= 5; i++)
        assert_refused (ts->store, DOC ("", NOODLES (2), GIFT (GC1, "00000000", "10.00")),
                        MPOS_GIFT_CARD_ERROR,
                        i < 5 ? MPOS_GIFT_CARD_ERROR_WRONG_PIN : MPOS_GIFT_CARD_ERROR_LOCKED);
      if (round == 0)
        {
          g_assert_true (mpos_gift_card_unlock (ts->store, GC1, test_supervisor (ts->store),
                                                mpos_clock_now (), &error));
          g_assert_no_error (error);
        }
    }
  /* The second unlock the same business day is refused … */
  g_assert_false (mpos_gift_card_unlock (ts->store, GC1, test_manager (ts->store),
                                         mpos_clock_now (), &error));
  g_assert_error (error, MPOS_STAFF_ERROR, MPOS_STAFF_ERROR_NOT_PERMITTED);
  g_clear_error (&error);
  g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM journal WHERE kind = "
                                          "'gift_card_unlock' AND payload LIKE '%\"approved_by\":\"2001\"%'"),
                   ==, 1);
  /* … and allowed the next. */
  test_pin_now ("2026-11-24T10:00:00+08:00");
  g_assert_true (mpos_gift_card_unlock (ts->store, GC1, test_manager (ts->store),
                                        mpos_clock_now (), &error));
  g_assert_no_error (error);
  test_assert_consistent (ts->store);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/gift-card/import/hashes-secrets", test_gift_card_import_hashes_secrets);
  g_test_add_func ("/gift-card/read-model/view", test_gift_card_view_is_a_typed_read_model);
  g_test_add_func ("/gift-card/unlock/capped-per-day", test_gift_card_unlocks_capped_per_day_and_journaled);
  g_test_add_func ("/gift-card/import/refusals", test_gift_card_import_refusals);
  g_test_add_func ("/gift-card/sale/activates-at-face-value-without-points",
                   test_gift_card_sale_activates_at_face_value_without_points);
  g_test_add_func ("/gift-card/sale/void-or-failed-leaves-inactive",
                   test_gift_card_void_or_failed_sale_leaves_card_inactive);
  g_test_add_func ("/gift-card/sale/refusals", test_gift_card_sale_refusals);
  g_test_add_func ("/gift-card/tender/partial-spend-exact-return",
                   test_gift_card_partial_spend_and_exact_return);
  g_test_add_func ("/gift-card/tender/refusals", test_gift_card_tender_refusals);
  g_test_add_func ("/gift-card/tender/wrong-secret-locks",
                   test_gift_card_wrong_secret_locks_after_five);
  g_test_add_func ("/gift-card/return/card", test_gift_card_return_of_card);
  g_test_add_func ("/gift-card/redeem/stored-value-principal",
                   test_gift_card_redeem_into_stored_value_as_principal);
  g_test_add_func ("/gift-card/register-transfer-lost", test_gift_card_register_transfer_and_lost);
  g_test_add_func ("/gift-card/ledger/append-only-and-checked",
                   test_gift_card_ledger_is_append_only_and_checked);
  g_test_add_func ("/gift-card/liability-and-journal", test_gift_card_liability_and_journal);
  return g_test_run ();
}
