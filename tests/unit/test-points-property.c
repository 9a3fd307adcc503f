/* test-points-property.c — a property test of the loyalty ledgers: a seeded
 * random sequence of sales (cash, points, stored value), partial and whole
 * returns, top-ups and their refunds, adjustments, freezes, transfers and
 * daily runs over a moving clock. After every step every balance equals its
 * ledger and none is negative; every refused step changed nothing; every 50
 * steps and at the end the whole integrity check passes.
 * MALLPOS_PROPERTY_SEED and MALLPOS_PROPERTY_STEPS override the defaults. */
#include "payment-pin.h"
#include "test-points-util.h"

#define DEFAULT_SEED 20261123
#define DEFAULT_STEPS 2000

static const char *const cards[] = { CARD_A, CARD_B, CARD_G };
static const char *const skus[] = { "100001", "200001", "300001", "400001", "500001" };

typedef struct
{
  TestStore *ts;
  GRand *rand;
  int64_t now;
  GPtrArray *sales;   /* receipt numbers */
  GPtrArray *top_ups; /* receipt numbers */
  guint done, refused;
  guint counts[16];
} World;

static int64_t
between (World *w, int64_t lo, int64_t hi) /* inclusive */
{
  return lo + (int64_t)g_rand_double_range (w->rand, 0, (double)(hi - lo + 1));
}

static void
set_now (World *w, int64_t now)
{
  g_autoptr (GDateTime) t = g_date_time_new_from_unix_utc (now);
  g_autofree char *iso = g_date_time_format_iso8601 (t);

  w->now = now;
  test_pin_now (iso);
}

/* Balances equal their ledgers and lots, nothing negative: a cheap subset of
 * `check` run after every step. */
static void
assert_ledgers (MposStore *store)
{
  g_assert_cmpint (
      test_query_int (store,
                  "SELECT count(*) FROM members m LEFT JOIN (SELECT member_id, sum(available) a, "
                  "sum(pending) p FROM points_ledger GROUP BY member_id) l ON l.member_id = m.id "
                  "LEFT JOIN (SELECT member_id, sum(principal) sp, sum(bonus) sb FROM sv_ledger "
                  "GROUP BY member_id) v ON v.member_id = m.id "
                  "WHERE m.points_available <> coalesce(l.a, 0) OR m.points_pending <> "
                  "coalesce(l.p, 0) OR m.sv_principal <> coalesce(v.sp, 0) OR m.sv_bonus <> "
                  "coalesce(v.sb, 0) OR m.points_available < 0 OR m.points_pending < 0 "
                  "OR m.sv_principal < 0 OR m.sv_bonus < 0"),
      ==, 0);
  g_assert_cmpint (test_query_int (store,
                               "SELECT count(*) FROM (SELECT lot.id FROM points_lots lot LEFT JOIN "
                               "points_ledger e ON e.lot_id = lot.id GROUP BY lot.id HAVING "
                               "lot.remaining <> coalesce(sum(e.available + e.pending), 0) "
                               "OR lot.remaining < 0)"),
                   ==, 0);
}

static gboolean
step_sale (World *w, GError **error)
{
  MposStore *store = w->ts->store;
  gboolean member = between (w, 0, 5) > 0;
  const char *card = cards[between (w, 0, 2)];
  g_autoptr (GString) doc = g_string_new ("{\"cashier\":\"1001\"");
  g_autoptr (MposCart) cart = NULL;
  MposMoney total, left;
  MposSaleResult result;
  int lines = (int)between (w, 1, 4);

  if (member)
    g_string_append_printf (doc, ",\"member\":\"%s\"", card);
  g_string_append (doc, ",\"lines\":[");
  for (int i = 0; i < lines; i++)
    g_string_append_printf (doc, "%s{\"sku\":\"%s\",\"qty\":%d}", i ? "," : "",
                            skus[between (w, 0, 4)], (int)between (w, 1, 5));
  g_string_append (doc, "]}");
  cart = mpos_cart_from_json (store, doc->str, doc->len, w->now, error);
  if (cart == NULL)
    return FALSE;
  total = left = mpos_cart_total (cart);
  if (member && between (w, 0, 2) == 0)
    {
      /* Points: mostly valid multiples, sometimes anything at all. */
      g_autoptr (MposTender) points = NULL;
      int64_t n = between (w, 0, 4) ? between (w, 1, 20) * 100 : between (w, 1, 3000);

      points = mpos_tender_new (MPOS_TENDER_POINTS, n, NULL, NULL); /* 100 points = 1 yuan */
      points->points = n;
      if (n <= left && !mpos_cart_add_tender (cart, points, error))
        return FALSE;
      left -= n <= left ? n : 0;
    }
  if (member && left > 0 && between (w, 0, 2) == 0)
    {
      MposMoney amount = MIN (left, between (w, 1, 25000));
      g_autoptr (MposTender) sv = mpos_stored_value_tender_new (store, tp_member (store, card),
                                                                amount, NULL, w->now, error);
      if (sv == NULL || !mpos_cart_add_tender (cart, sv, error))
        return FALSE;
      left -= amount;
    }
  if (left > 0)
    {
      g_autoptr (MposTender) cash
          = mpos_tender_new (MPOS_TENDER_CASH, left + between (w, 0, 1) * 1000, NULL, NULL);
      if (!mpos_cart_add_tender (cart, cash, error))
        return FALSE;
    }
  (void)total;
  if (!mpos_sale_commit (cart, &result, error))
    return FALSE;
  g_ptr_array_add (w->sales, g_strdup (result.receipt_no));
  return TRUE;
}

static gboolean
step_return (World *w, GError **error)
{
  g_autoptr (GArray) lines = g_array_new (FALSE, FALSE, sizeof (MposReturnRequest));
  MposReturnRequest request = { (int)between (w, 1, 4), between (w, 0, 2) };
  MposSaleResult result;

  if (w->sales->len == 0)
    return TRUE;
  if (between (w, 0, 3) > 0)
    g_array_append_val (lines, request);
  return mpos_sale_return (w->ts->store,
                           g_ptr_array_index (w->sales, between (w, 0, w->sales->len - 1)), lines,
                           "1002", NULL, &result, error);
}

static gboolean
step_top_up (World *w, GError **error)
{
  static const MposMoney amounts[] = { -1000, 0, 5000, 20000, 50000, 100000, 123456 };
  g_autoptr (MposTender) cash = mpos_tender_new (
      MPOS_TENDER_CASH, amounts[between (w, 0, G_N_ELEMENTS (amounts) - 1)], NULL, NULL);
  MposTopUpResult result;

  if (!mpos_stored_value_top_up (w->ts->store, tp_member (w->ts->store, cards[between (w, 0, 2)]),
                                 cash, "1001", w->now, &result, error))
    return FALSE;
  g_ptr_array_add (w->top_ups, g_strdup (result.receipt_no));
  return TRUE;
}

static gboolean
step_refund_top_up (World *w, GError **error)
{
  MposTopUpResult result;

  if (w->top_ups->len == 0)
    return TRUE;
  return mpos_stored_value_refund_top_up (
      w->ts->store, g_ptr_array_index (w->top_ups, between (w, 0, w->top_ups->len - 1)), "1001",
      test_manager (w->ts->store), NULL, w->now, &result, error);
}

static gboolean
step_adjust (World *w, GError **error)
{
  int64_t points = between (w, -400, 600);

  return mpos_points_adjust (w->ts->store, tp_member (w->ts->store, cards[between (w, 0, 2)]),
                             points, "property", "1001", test_manager (w->ts->store), w->now,
                             error);
}

static gboolean
step_freeze (World *w, GError **error)
{
  MposPointsBalance b;
  int64_t member = tp_member (w->ts->store, cards[between (w, 0, 2)]);

  if (!mpos_points_balance (w->ts->store, member, w->now, &b, error))
    return FALSE;
  return mpos_points_set_frozen (w->ts->store, member, !b.frozen, "property", "1001",
                                 test_manager (w->ts->store), w->now, error);
}

static gboolean
step_transfer (World *w, GError **error)
{
  int64_t from = between (w, 0, 2), to = (from + between (w, 1, 2)) % 3;
  MposMemberProof proof = { .supervisor = test_supervisor (w->ts->store) };

  return mpos_points_transfer (w->ts->store, tp_member (w->ts->store, cards[from]),
                               tp_member (w->ts->store, cards[to]), between (w, 1, 300),
                               "property", "1001", &proof, w->now, error);
}

static gboolean
step_run (World *w, GError **error)
{
  MposPointsRunReport report;

  set_now (w, w->now + between (w, 0, 4 * 86400));
  return mpos_points_run (w->ts->store, w->now, &report, error);
}

typedef gboolean (*Step) (World *w, GError **error);

static const struct
{
  const char *name;
  Step run;
  int weight;
} steps[] = {
  { "sale", step_sale, 40 },        { "return", step_return, 15 },
  { "top-up", step_top_up, 10 },    { "refund-top-up", step_refund_top_up, 3 },
  { "adjust", step_adjust, 10 },    { "freeze", step_freeze, 4 },
  { "transfer", step_transfer, 6 }, { "run", step_run, 12 },
};

static guint
pick (World *w)
{
  int total = 0, at;

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    total += steps[i].weight;
  at = (int)between (w, 0, total - 1);
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if ((at -= steps[i].weight) < 0)
      return i;
  return 0;
}

/* What a refusal may legitimately be: an answer to the cashier, not a bug. */
static gboolean
expected_refusal (const GError *error)
{
  return error->domain == MPOS_POINTS_ERROR || error->domain == MPOS_STORED_VALUE_ERROR
         || error->domain == MPOS_PAYMENT_PIN_ERROR || error->domain == MPOS_SALE_ERROR
         || (error->domain == MPOS_CART_ERROR && error->code == MPOS_CART_ERROR_TENDER)
         /* a day's transfer cap reached */
         || g_error_matches (error, MPOS_STAFF_ERROR, MPOS_STAFF_ERROR_NOT_PERMITTED);
}

static void
test_points_property_ledgers_balance (void)
{
  g_autoptr (TestStore) ts = tp_store_new ();
  const char *seed_env = g_getenv ("MALLPOS_PROPERTY_SEED");
  const char *steps_env = g_getenv ("MALLPOS_PROPERTY_STEPS");
  guint32 seed = seed_env ? (guint32)g_ascii_strtoull (seed_env, NULL, 10) : DEFAULT_SEED;
  guint n = steps_env ? (guint)g_ascii_strtoull (steps_env, NULL, 10) : DEFAULT_STEPS;
  World w = { ts,
              g_rand_new_with_seed (seed),
              0,
              g_ptr_array_new_with_free_func (g_free),
              g_ptr_array_new_with_free_func (g_free),
              0,
              0,
              { 0 } };

  g_test_message ("seed %u, %u steps", seed, n);
  /* A short return window and expiry so both happen many times. */
  tp_rules_replacing (ts->store,
                      "\"return_window_days\":7,\"expiry\":{\"mode\":\"rolling\","
                      "\"months\":12}",
                      "\"return_window_days\":2,\"expiry\":{\"mode\":\"rolling\",\"months\":1},"
                      "\"member_day\":{\"day\":10,\"multiplier\":\"2\"},"
                      "\"threshold_bonus\":[{\"spend\":\"100.00\",\"points\":30}]");
  set_now (&w, test_time ("2026-11-23T10:00:00+08:00"));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *before = tp_fingerprint (ts->store);
      guint which = pick (&w);

      if (steps[which].run (&w, &error))
        {
          w.done++;
          w.counts[which]++;
        }
      else
        {
          g_autofree char *after = tp_fingerprint (ts->store);
          if (!expected_refusal (error))
            g_error ("step %u (%s): unexpected failure: %s", i, steps[which].name, error->message);
          /* A refused step leaves everything as it was. */
          if (g_strcmp0 (before, after) != 0)
            g_error ("step %u (%s) was refused (%s) but changed the store:\n%s\n%s", i,
                     steps[which].name, error->message, before, after);
          w.refused++;
        }
      assert_ledgers (ts->store);
      if (i % 50 == 49)
        test_assert_consistent (ts->store);
    }
  test_assert_consistent (ts->store);
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    g_test_message ("%-14s %u done", steps[i].name, w.counts[i]);
  g_test_message ("%u steps done, %u refused", w.done, w.refused);
  /* The sequence really exercised the ledgers. */
  g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM points_ledger WHERE kind = 'burn'"),
                   >, 0);
  g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM points_ledger WHERE kind = "
                                          "'restore'"),
                   >, 0);
  g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM points_ledger WHERE kind = "
                                          "'expire'"),
                   >, 0);
  g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM sv_ledger WHERE kind = 'refund'"),
                   >, 0);
  g_assert_cmpint (w.refused, >, 0);
  g_rand_free (w.rand);
  g_ptr_array_unref (w.sales);
  g_ptr_array_unref (w.top_ups);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/points-property/ledgers-balance", test_points_property_ledgers_balance);
  return g_test_run ();
}
