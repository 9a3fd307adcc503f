/* test-points-proof.c — paying with points needs the member's proof above
 * the store's no-proof limits (src/points-proof.c, src/spend-proof.c):
 * per sale and per member and business day, default 0; one proof (PIN,
 * member code, card read) covers the sale's points and stored value; a
 * locked PIN blocks points; no refusal before the proof names the balance;
 * a points exchange (积分兑换) is held to the same limits, counted with the
 * day's sales. */
#include "loyalty.h"
#include "member-card-presence.h"
#include "payment-pin.h"
#include "points-exchange.h"
#include "test-points-util.h"

#define SALE(tenders)                                                                              \
  "{\"cashier\":\"1001\",\"member\":\"" CARD_A "\",\"lines\":[{\"sku\":\"400001\"}],"              \
  "\"tenders\":[" tenders "]}"
#define CASH(amount) "{\"type\":\"cash\",\"amount\":\"" amount "\"}"
#define POINTS(n) "{\"type\":\"points\",\"points\":" #n
#define SV(amount) "{\"type\":\"stored_value\",\"amount\":\"" amount "\""
#define PIN ",\"pin\":\"135790\"}"
#define NO_LIMITS "\"no_proof_max\":1000000,\"no_proof_daily_cap\":100000000"

/* 电饭煲 599.00; member A holds 5000 points and (with_pin) the PIN 135790;
 * no proof needed up to 500 points a sale and 800 a day. */
static TestStore *
store_new (gboolean with_pin)
{
  TestStore *ts = tp_store_new ();
  g_autoptr (GError) error = NULL;
  MposMemberProof proof = { .supervisor = test_supervisor (ts->store) };

  tp_rules_replacing (ts->store, NO_LIMITS, "\"no_proof_max\":500,\"no_proof_daily_cap\":800");
  tp_adjust (ts->store, CARD_A, 5000);
  if (with_pin)
    mpos_payment_pin_set (ts->store, tp_member (ts->store, CARD_A), "135790", &proof, "1001",
                          mpos_clock_now (), &error);
  g_assert_no_error (error);
  return ts;
}

static void
assert_refused (MposStore *store, const char *doc, GQuark domain, int code, const char *says)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *before = tp_fingerprint (store);
  g_autofree char *after = NULL;

  g_assert_false (tp_try_sell (store, doc, NULL, &error));
  g_assert_error (error, domain, code);
  g_assert_nonnull (strstr (error->message, says));
  g_assert_null (strstr (error->message, "5000")); /* the balance */
  after = tp_fingerprint (store);
  g_assert_cmpstr (after, ==, before);
}

static char *
provider_of_points (MposStore *store, const char *receipt_no)
{
  g_autofree char *sql = g_strdup_printf (
      "SELECT coalesce (json_extract (t.value, '$[4]'), 'none') FROM sales s, "
      "json_each (s.tenders) t WHERE s.receipt_no = '%s' AND json_extract (t.value, '$[1]') = "
      "'points'",
      receipt_no);

  return test_query_text (store, sql);
}

static void
test_points_proof_needed_above_the_sale_limit (void)
{
  g_autoptr (TestStore) ts = store_new (TRUE);
  MposSaleResult r;
  g_autofree char *provider = NULL;

  assert_refused (ts->store, SALE (POINTS (600) "}," CASH ("593.00")), MPOS_PAYMENT_PIN_ERROR,
                  MPOS_PAYMENT_PIN_ERROR_REQUIRED,
                  "paying 600 points needs the member's proof (their payment PIN");
  tp_sell (ts->store, SALE (POINTS (600) PIN "," CASH ("593.00")), &r);
  provider = provider_of_points (ts->store, r.receipt_no);
  g_assert_cmpstr (provider, ==, MPOS_PAYMENT_PIN_VERIFIED);
  g_assert_cmpint (tp_points (ts->store, CARD_A).available, ==, 4400);
  /* within the limit no proof is asked */
  tp_sell (ts->store, SALE (POINTS (500) "}," CASH ("594.00")), NULL);
  g_assert_cmpint (tp_points (ts->store, CARD_A).available, ==, 3900);
  test_assert_consistent (ts->store);
}

/* 500 + 300 without proof fill the day's 800; 100 more is refused, proven
 * sales do not count. Not enough points before the proof: no balance told. */
static void
test_points_proof_daily_cap_is_cumulative (void)
{
  g_autoptr (TestStore) ts = store_new (TRUE);

  tp_sell (ts->store, SALE (POINTS (500) "}," CASH ("594.00")), NULL);
  tp_sell (ts->store, SALE (POINTS (1000) PIN "," CASH ("589.00")), NULL);
  tp_sell (ts->store, SALE (POINTS (300) "}," CASH ("596.00")), NULL);
  assert_refused (ts->store, SALE (POINTS (100) "}," CASH ("598.00")), MPOS_PAYMENT_PIN_ERROR,
                  MPOS_PAYMENT_PIN_ERROR_REQUIRED, "a member 800 a day, of which 0 are left today");
  tp_sell (ts->store, SALE (POINTS (100) PIN "," CASH ("598.00")), NULL);
  g_assert_cmpint (tp_points (ts->store, CARD_A).available, ==, 3100);
}

static void
test_points_proof_insufficient_names_no_balance_before_proof (void)
{
  g_autoptr (TestStore) ts = store_new (TRUE);

  tp_rules_replacing (ts->store, NO_LIMITS, "\"no_proof_max\":10000,\"no_proof_daily_cap\":10000");
  assert_refused (ts->store, SALE (POINTS (6000) "}," CASH ("539.00")), MPOS_POINTS_ERROR,
                  MPOS_POINTS_ERROR_INSUFFICIENT, "not enough points for 6000");
  {
    g_autoptr (GError) error = NULL;

    g_assert_false (tp_try_sell (ts->store, SALE (POINTS (6000) PIN "," CASH ("539.00")), NULL,
                                 &error));
    g_assert_error (error, MPOS_POINTS_ERROR, MPOS_POINTS_ERROR_INSUFFICIENT);
    g_assert_nonnull (strstr (error->message, "5000 usable")); /* proven: told */
  }
}

/* Rules without the keys: every points payment needs the proof. */
static void
test_points_proof_default_is_always (void)
{
  g_autoptr (TestStore) ts = store_new (FALSE);

  tp_rules_replacing (ts->store, "," NO_LIMITS, "");
  assert_refused (ts->store, SALE (POINTS (100) "}," CASH ("598.00")), MPOS_PAYMENT_PIN_ERROR,
                  MPOS_PAYMENT_PIN_ERROR_REQUIRED,
                  "paying with points needs the member's proof: their payment PIN, the member "
                  "code on their phone or their card on the card reader (they have no PIN yet");
}

/* The PIN given once, on the stored-value payment, covers the points; a
 * card read given on both payments is checked (used up) once. */
static void
test_points_proof_one_proof_covers_the_sale (void)
{
  g_autoptr (TestStore) ts = store_new (TRUE);
  g_autoptr (GError) error = NULL;
  g_autofree char *card = NULL, *doc = NULL;
  MposSaleResult r;
  g_autofree char *provider = NULL;

  tp_top_up (ts->store, CARD_A, 100000, NULL);
  tp_sell (ts->store, SALE (SV ("100.00") PIN "," POINTS (2000) "}," CASH ("479.00")), &r);
  provider = provider_of_points (ts->store, r.receipt_no);
  g_assert_cmpstr (provider, ==, MPOS_PAYMENT_PIN_VERIFIED);
  card = mpos_member_card_presence_seal (ts->store, CARD_A, mpos_clock_now (), &error);
  g_assert_no_error (error);
  doc = g_strdup_printf (SALE ("%s,\"card\":\"%s\"},%s,\"card\":\"%s\"}," CASH ("479.00")),
                         POINTS (2000), card, SV ("100.00"), card);
  tp_sell (ts->store, doc, NULL);
  g_assert_cmpint (tp_points (ts->store, CARD_A).available, ==, 1000);
  /* the read is used: a second sale with it is refused */
  assert_refused (ts->store, doc, MPOS_STORED_VALUE_ERROR, MPOS_STORED_VALUE_ERROR_INVALID,
                  "used already");
}

static void
test_points_proof_locked_pin_blocks_points (void)
{
  g_autoptr (TestStore) ts = store_new (TRUE);

  for (int i = 0; i < 5; i++)
    {
      g_autoptr (GError) error = NULL;
      g_assert_false (tp_try_sell (
          ts->store, SALE (POINTS (600) ",\"pin\":\"000000\"}," CASH ("593.00")), NULL, &error));
    }
  assert_refused (ts->store, SALE (POINTS (100) "}," CASH ("598.00")), MPOS_PAYMENT_PIN_ERROR,
                  MPOS_PAYMENT_PIN_ERROR_LOCKED, "no points payment until a supervisor unlocks it");
}

static void
test_points_proof_rules_checked (void)
{
  g_autoptr (GError) error = NULL;
  static const char bad[]
      = "{\"points\":{\"earn\":{\"points\":1,\"per\":\"1.00\"},\"burn\":{\"points_per_yuan\":100,"
        "\"no_proof_max\":500,\"no_proof_daily_cap\":400}}}";
  static const char negative[]
      = "{\"points\":{\"earn\":{\"points\":1,\"per\":\"1.00\"},\"burn\":{\"points_per_yuan\":100,"
        "\"no_proof_max\":-1}}}";
  static const char only_max[]
      = "{\"points\":{\"earn\":{\"points\":1,\"per\":\"1.00\"},\"burn\":{\"points_per_yuan\":100,"
        "\"no_proof_max\":700}}}";
  g_autoptr (MposLoyaltyRules) rules = NULL;

  g_assert_null (mpos_loyalty_rules_parse (bad, strlen (bad), &error));
  g_assert_error (error, MPOS_LOYALTY_RULES_ERROR, MPOS_LOYALTY_RULES_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "must be at least “no_proof_max”"));
  g_clear_error (&error);
  g_assert_null (mpos_loyalty_rules_parse (negative, strlen (negative), &error));
  g_assert_error (error, MPOS_LOYALTY_RULES_ERROR, MPOS_LOYALTY_RULES_ERROR_INVALID);
  g_clear_error (&error);
  rules = mpos_loyalty_rules_parse (only_max, strlen (only_max), &error);
  g_assert_no_error (error);
  g_assert_cmpint (rules->burn_no_proof_max, ==, 700);
  g_assert_cmpint (rules->burn_no_proof_daily_cap, ==, 700);
}

#define GIFTS                                                                                      \
  "{\"items\":[{\"code\":\"UMB01\",\"kind\":\"gift\",\"name\":\"晴雨伞\",\"points\":600,"     \
  "\"stock\":5},{\"code\":\"BAG01\",\"kind\":\"gift\",\"name\":\"购物袋\",\"points\":300,"   \
  "\"stock\":5}]}"

static void
import_gifts (MposStore *store)
{
  g_autoptr (GError) error = NULL;
  int64_t count = 0;

  mpos_exchange_items_import (store, GIFTS, strlen (GIFTS), "it", mpos_clock_now (), &count,
                              &error);
  g_assert_no_error (error);
}

static gboolean
exchange (MposStore *store, const char *card, const char *code, const char *pin, GError **error)
{
  MposSpendProof proof = { pin, NULL, NULL, NULL };
  MposExchangeResult result;

  return mpos_points_exchange (store, tp_member (store, card), code, 1, NULL, &proof, "1001",
                               mpos_clock_now (), &result, error);
}

static void
assert_exchange_refused (MposStore *store, const char *card, const char *code, GQuark domain,
                         int error_code, const char *says)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *before = tp_fingerprint (store);
  g_autofree char *after = NULL;

  g_assert_false (exchange (store, card, code, NULL, &error));
  g_assert_error (error, domain, error_code);
  g_assert_nonnull (strstr (error->message, says));
  g_assert_null (strstr (error->message, "5000")); /* the balance */
  g_assert_null (strstr (error->message, "usable"));
  after = tp_fingerprint (store);
  g_assert_cmpstr (after, ==, before);
}

/* An exchange above the per-sale limit needs the proof, and what proved it
 * is kept; exchanges without proof count towards the day's cap. */
static void
test_points_proof_exchange (void)
{
  g_autoptr (TestStore) ts = store_new (TRUE);
  g_autoptr (GError) error = NULL;
  g_autofree char *proven = NULL;

  import_gifts (ts->store);
  assert_exchange_refused (ts->store, CARD_A, "UMB01", MPOS_PAYMENT_PIN_ERROR,
                           MPOS_PAYMENT_PIN_ERROR_REQUIRED,
                           "paying 600 points needs the member's proof");
  g_assert_true (exchange (ts->store, CARD_A, "UMB01", "135790", &error));
  g_assert_no_error (error);
  proven = test_query_text (ts->store, "SELECT group_concat (proven_by) FROM "
                                       "points_exchange_proofs");
  g_assert_cmpstr (proven, ==, MPOS_PAYMENT_PIN_VERIFIED);
  g_assert_cmpint (tp_points (ts->store, CARD_A).available, ==, 4400);
  /* 300 + 300 without proof fit the day's 800; a third does not */
  g_assert_true (exchange (ts->store, CARD_A, "BAG01", NULL, &error));
  g_assert_true (exchange (ts->store, CARD_A, "BAG01", NULL, &error));
  g_assert_no_error (error);
  assert_exchange_refused (ts->store, CARD_A, "BAG01", MPOS_PAYMENT_PIN_ERROR,
                           MPOS_PAYMENT_PIN_ERROR_REQUIRED,
                           "200 are left today");
  /* … and neither does a sale's points: the exchanges count with the sales */
  assert_refused (ts->store, SALE (POINTS (300) "}," CASH ("596.00")), MPOS_PAYMENT_PIN_ERROR,
                  MPOS_PAYMENT_PIN_ERROR_REQUIRED, "200 are left today");
}

/* Not enough points: the refusal says how many are needed, never how many
 * the member has, before the proof. */
static void
test_points_proof_exchange_names_no_balance (void)
{
  g_autoptr (TestStore) ts = store_new (TRUE);
  g_autoptr (GError) error = NULL;

  import_gifts (ts->store);
  tp_adjust (ts->store, CARD_B, 100);
  assert_exchange_refused (ts->store, CARD_B, "BAG01", MPOS_POINTS_ERROR,
                           MPOS_POINTS_ERROR_INSUFFICIENT,
                           "not enough points for 300");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/points-proof/needed-above-the-sale-limit",
                   test_points_proof_needed_above_the_sale_limit);
  g_test_add_func ("/points-proof/daily-cap-is-cumulative",
                   test_points_proof_daily_cap_is_cumulative);
  g_test_add_func ("/points-proof/insufficient-names-no-balance-before-proof",
                   test_points_proof_insufficient_names_no_balance_before_proof);
  g_test_add_func ("/points-proof/default-is-always", test_points_proof_default_is_always);
  g_test_add_func ("/points-proof/one-proof-covers-the-sale",
                   test_points_proof_one_proof_covers_the_sale);
  g_test_add_func ("/points-proof/locked-pin-blocks-points",
                   test_points_proof_locked_pin_blocks_points);
  g_test_add_func ("/points-proof/rules-checked", test_points_proof_rules_checked);
  g_test_add_func ("/points-proof/exchange", test_points_proof_exchange);
  g_test_add_func ("/points-proof/exchange-names-no-balance",
                   test_points_proof_exchange_names_no_balance);
  return g_test_run ();
}
