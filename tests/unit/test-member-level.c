/* test-member-level.c — tests for the level rules (src/member-level.c) and
 * the RFM tags (src/member-tags.c), on real sales committed at pinned
 * times: upgrade on spend, points or top-up within the period, retention
 * and downgrade at period end, idempotent evaluation, audit and journal. */
#include <glib.h>
#include <string.h>

#include "cart.h"
#include "catalog.h"
#include "clock.h"
#include "member-level.h"
#include "member-register.h"
#include "member-tags.h"
#include "member.h"
#include "sale.h"
#include "store-private.h"
#include "tender.h"
#include "test-util.h"

#define NOW_TEXT "2026-11-23T10:00:00+08:00"
#define GIFT_SKU "900001" /* 100.00, in a category no promotion covers */

static int64_t
at (const char *text)
{
  int64_t t = 0;

  g_assert_true (mpos_clock_parse_iso8601 (text, &t));
  return t;
}

static TestStore *
level_store (void)
{
  TestStore *ts = test_store_new_demo ();
  g_autoptr (GError) error = NULL;
  MposSkuRecord r = { 0 };
  int64_t id = 0;

  r.sku_code = GIFT_SKU;
  r.product_code = "P9001";
  r.name = "礼品套装";
  r.category_path = "礼品/套装";
  r.unit = MPOS_UNIT_PIECE;
  r.tax_rate_bp = 1300;
  r.set_stock = TRUE;
  r.stock_qty = 100000;
  g_assert_true (mpos_store_begin (ts->store, &error));
  g_assert_true (mpos_catalog_upsert_sku (ts->store, &r, at (NOW_TEXT), &id, &error));
  g_assert_true (mpos_catalog_add_price (ts->store, id, NULL, 10000, 0, 0, at (NOW_TEXT), &error));
  g_assert_true (mpos_store_commit (ts->store, &error));
  g_assert_no_error (error);
  return ts;
}

static MposMember *
new_member (MposStore *store, const char *phone)
{
  g_autoptr (GError) error = NULL;
  MposMemberRegistration r = { 0 };
  MposMember *m;

  r.phone = phone;
  r.name = "测试会员";
  m = mpos_member_register (store, &r, at ("2024-01-01T10:00:00+08:00"), &error);
  g_assert_no_error (error);
  return m;
}

/* Sells qty × 100.00 (less the member's discount) to the card's member at `when`. */
static char *
sell (MposStore *store, const char *card, int64_t qty, const char *when)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposCart) cart = NULL;
  g_autoptr (MposTender) cash = NULL;
  MposSaleResult result = { 0 };

  g_setenv ("MALLPOS_NOW", when, TRUE);
  cart = mpos_cart_new (store, at (when), &error);
  g_assert_no_error (error);
  mpos_cart_set_cashier (cart, "1001");
  g_assert_true (mpos_cart_set_member (cart, card, &error));
  g_assert_nonnull (mpos_cart_add_sku (cart, GIFT_SKU, qty, &error));
  cash = mpos_tender_new (MPOS_TENDER_CASH, mpos_cart_total (cart), NULL, NULL);
  g_assert_true (mpos_cart_add_tender (cart, cash, &error));
  g_assert_true (mpos_sale_commit (cart, &result, &error));
  g_assert_no_error (error);
  g_unsetenv ("MALLPOS_NOW");
  return g_strdup (result.receipt_no);
}

static GPtrArray *
evaluate (MposStore *store, const char *when)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *changes = g_ptr_array_new_with_free_func ((GDestroyNotify) mpos_level_change_free);

  g_assert_true (mpos_member_levels_evaluate (store, at (when), "1001", changes, &error));
  g_assert_no_error (error);
  return changes;
}

static const MposLevelChange *
change_of (GPtrArray *changes, int64_t member_id)
{
  for (guint i = 0; i < changes->len; i++)
    if (((MposLevelChange *) changes->pdata[i])->member_id == member_id)
      return changes->pdata[i];
  return NULL;
}

static char *
level_of (MposStore *store, int64_t member_id)
{
  g_autoptr (MposMember) m = mpos_member_get (store, member_id, NULL);

  return g_strdup (m->level_code);
}

/* ---- levels ---------------------------------------------------------------------- */

static void
test_member_level_upgrades_on_spend_and_is_idempotent (void)
{
  g_autoptr (TestStore) ts = level_store ();
  g_autoptr (MposMember) m = new_member (ts->store, "13700000001");
  g_autoptr (GPtrArray) first = NULL, second = NULL, third = NULL;
  const MposLevelChange *c;
  g_autofree char *r1 = NULL, *r2 = NULL, *r3 = NULL, *level = NULL;
  int64_t journal_before;

  r1 = sell (ts->store, m->card_no, 20, "2026-06-01T12:00:00+08:00"); /* 2000.00 */
  journal_before = test_query_int (ts->store, "SELECT count(*) FROM journal");
  first = evaluate (ts->store, NOW_TEXT);
  c = change_of (first, m->id);
  g_assert_nonnull (c);
  g_assert_cmpstr (c->from_level, ==, "normal");
  g_assert_cmpstr (c->to_level, ==, "silver");
  g_assert_cmpstr (c->reason, ==, "upgrade");
  g_assert_cmpint (c->activity.spend, ==, 200000);
  g_assert_cmpint (c->level_expires_at, ==, at ("2027-11-23T10:00:00+08:00"));
  g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM journal WHERE kind = "
                                         "'member_level'"),
                   ==, (int64_t) first->len);
  g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM journal"), ==,
                   journal_before + (int64_t) first->len);
  g_assert_cmpint (test_query_int (ts->store,
                                   "SELECT count(*) FROM audit WHERE action = "
                                   "'member_level' AND detail = 'normal → silver (upgrade)'"),
                   ==, 1);

  second = evaluate (ts->store, NOW_TEXT);
  g_assert_cmpuint (second->len, ==, 0);

  /* 30 × 98.00 at silver's 2%: 4940.00 in all, short of gold's 5000.00 … */
  r2 = sell (ts->store, m->card_no, 30, "2026-11-23T11:00:00+08:00");
  third = evaluate (ts->store, "2026-11-23T12:00:00+08:00");
  g_assert_null (change_of (third, m->id));
  /* … one more reaches it. */
  r3 = sell (ts->store, m->card_no, 1, "2026-11-23T13:00:00+08:00");
  g_clear_pointer (&third, g_ptr_array_unref);
  third = evaluate (ts->store, "2026-11-23T14:00:00+08:00");
  c = change_of (third, m->id);
  g_assert_nonnull (c);
  g_assert_cmpstr (c->to_level, ==, "gold");
  g_assert_cmpint (c->activity.spend, ==, 503800);
  level = level_of (ts->store, m->id);
  g_assert_cmpstr (level, ==, "gold");
  test_assert_consistent (ts->store);
}

static void
test_member_level_counts_only_the_period_and_net_of_returns (void)
{
  g_autoptr (TestStore) ts = level_store ();
  g_autoptr (MposMember) old = new_member (ts->store, "13700000002");
  g_autoptr (MposMember) returner = new_member (ts->store, "13700000003");
  g_autoptr (GPtrArray) changes = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *receipt = NULL;
  g_autoptr (GArray) lines = g_array_new (FALSE, FALSE, sizeof (MposReturnRequest));
  MposReturnRequest one = { 1, 1 };
  MposSaleResult result = { 0 };

  g_free (sell (ts->store, old->card_no, 60, "2025-10-01T12:00:00+08:00")); /* > 12 months ago */
  receipt = sell (ts->store, returner->card_no, 20, "2026-10-01T12:00:00+08:00");
  g_array_append_val (lines, one);
  g_setenv ("MALLPOS_NOW", "2026-10-02T12:00:00+08:00", TRUE);
  g_assert_true (
      mpos_sale_return (ts->store, receipt, lines, "1001", "不想要了", &result, &error));
  g_assert_no_error (error);
  g_unsetenv ("MALLPOS_NOW");
  changes = evaluate (ts->store, NOW_TEXT);
  g_assert_null (change_of (changes, old->id));
  g_assert_null (change_of (changes, returner->id)); /* 1900.00 < 2000.00 */
}

/* Three gold members at the end of their first period: one keeps gold, one
 * earned silver's retention only, one bought nothing. */
static void
test_member_level_retention_and_downgrade_at_period_end (void)
{
  g_autoptr (TestStore) ts = level_store ();
  g_autoptr (MposMember) a = new_member (ts->store, "13700000004");
  g_autoptr (MposMember) b = new_member (ts->store, "13700000005");
  g_autoptr (MposMember) c = new_member (ts->store, "13700000006");
  g_autoptr (GPtrArray) start = NULL, end = NULL, again = NULL;
  g_autoptr (MposMember) a_after = NULL, b_after = NULL, c_after = NULL;
  const MposLevelChange *change;

  const MposMember *all[] = { a, b, c };

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    g_free (sell (ts->store, all[i]->card_no, 50, "2025-11-01T12:00:00+08:00"));
  start = evaluate (ts->store, "2025-11-23T10:00:00+08:00");
  g_assert_cmpstr (change_of (start, a->id)->to_level, ==, "gold");
  g_assert_cmpstr (change_of (start, c->id)->to_level, ==, "gold");

  g_free (sell (ts->store, a->card_no, 32, "2026-05-01T12:00:00+08:00")); /* 3040.00 ≥ 3000 */
  g_free (sell (ts->store, b->card_no, 16, "2026-05-01T12:00:00+08:00")); /* 1520.00 ≥ 1000 */
  end = evaluate (ts->store, "2026-11-24T09:00:00+08:00");

  change = change_of (end, a->id);
  g_assert_cmpstr (change->reason, ==, "retain");
  g_assert_cmpstr (change->to_level, ==, "gold");
  g_assert_cmpint (change->activity.spend, ==, 304000);
  a_after = mpos_member_get (ts->store, a->id, NULL);
  g_assert_cmpint (a_after->level_since, ==, at ("2025-11-23T10:00:00+08:00"));
  g_assert_cmpint (a_after->level_expires_at, ==, at ("2027-11-23T10:00:00+08:00"));

  change = change_of (end, b->id);
  g_assert_cmpstr (change->reason, ==, "downgrade");
  g_assert_cmpstr (change->to_level, ==, "silver");
  b_after = mpos_member_get (ts->store, b->id, NULL);
  g_assert_cmpint (b_after->level_since, ==, at ("2026-11-23T10:00:00+08:00"));
  g_assert_cmpint (b_after->level_expires_at, ==, at ("2027-11-23T10:00:00+08:00"));

  change = change_of (end, c->id);
  g_assert_cmpstr (change->reason, ==, "downgrade");
  g_assert_cmpstr (change->to_level, ==, "normal");
  c_after = mpos_member_get (ts->store, c->id, NULL);
  g_assert_cmpint (c_after->level_expires_at, ==, 0);

  again = evaluate (ts->store, "2026-11-24T09:00:00+08:00");
  g_assert_null (change_of (again, a->id));
  g_assert_null (change_of (again, b->id));
  g_assert_null (change_of (again, c->id));
  test_assert_consistent (ts->store);
}

static void
test_member_level_period_starts_for_imported_members (void)
{
  g_autoptr (TestStore) ts = level_store ();
  g_autoptr (GPtrArray) first = evaluate (ts->store, NOW_TEXT);
  g_autoptr (GPtrArray) second = NULL;

  /* 6 demo members above the lowest level, none with a period yet. */
  g_assert_cmpuint (first->len, ==, 6);
  for (guint i = 0; i < first->len; i++)
    {
      const MposLevelChange *c = first->pdata[i];
      g_assert_cmpstr (c->reason, ==, "period_start");
      g_assert_cmpstr (c->from_level, ==, c->to_level);
      g_assert_cmpint (c->level_expires_at, ==, at ("2027-11-23T10:00:00+08:00"));
    }
  second = evaluate (ts->store, NOW_TEXT);
  g_assert_cmpuint (second->len, ==, 0);
}

static void
test_member_level_manual_level_never_expires (void)
{
  g_autoptr (TestStore) ts = level_store ();
  static const char levels[]
      = "{\"levels\":[{\"code\":\"normal\",\"name\":\"普通会员\"},"
        "{\"code\":\"silver\",\"name\":\"银卡会员\",\"upgrade\":{\"spend\":\"2000.00\"}},"
        "{\"code\":\"honor\",\"name\":\"荣誉会员\",\"discount\":\"12%\"}]}";
  g_autoptr (GError) error = NULL;
  MposMemberRegistration r = { 0 };
  g_autoptr (MposMember) m = NULL;
  g_autoptr (GPtrArray) changes = NULL;

  g_assert_true (mpos_member_import_json (ts->store, levels, strlen (levels), NULL, &error));
  g_assert_no_error (error);
  r.phone = "13700000007";
  r.name = "荣誉";
  r.level_code = "honor";
  m = mpos_member_register (ts->store, &r, at ("2020-01-01T10:00:00+08:00"), &error);
  g_assert_no_error (error);
  g_assert_cmpint (m->level_expires_at, ==, 0);
  changes = evaluate (ts->store, "2030-01-01T10:00:00+08:00");
  g_assert_null (change_of (changes, m->id));
}

/* Points and top-up come from the loyalty ledgers' view when it exists. */
static void
test_member_level_counts_points_and_top_up_from_the_loyalty_view (void)
{
  g_autoptr (TestStore) ts = level_store ();
  g_autoptr (MposMember) by_points = new_member (ts->store, "13700000008");
  g_autoptr (MposMember) by_top_up = new_member (ts->store, "13700000009");
  g_autoptr (GPtrArray) changes = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *sql = g_strdup_printf (
      "CREATE TABLE member_level_activity (member_id INTEGER, at INTEGER, points INTEGER, "
      "top_up INTEGER);"
      "INSERT INTO member_level_activity VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT
      ", 2500, 0), (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 0, 300000);",
      by_points->id, at ("2026-09-01T10:00:00+08:00"), by_top_up->id,
      at ("2026-09-01T10:00:00+08:00"));

  g_assert_true (mpos_store_exec (ts->store, sql, &error));
  changes = evaluate (ts->store, NOW_TEXT);
  g_assert_cmpstr (change_of (changes, by_points->id)->to_level, ==, "silver");
  g_assert_cmpint (change_of (changes, by_points->id)->activity.points, ==, 2500);
  g_assert_cmpstr (change_of (changes, by_top_up->id)->to_level, ==, "gold");
  g_assert_cmpint (change_of (changes, by_top_up->id)->activity.top_up, ==, 300000);
}

/* Without the view, the loyalty ledgers themselves (migration 0003). */
static void
test_member_level_counts_points_and_top_up_from_the_loyalty_ledgers (void)
{
  g_autoptr (TestStore) ts = level_store ();
  g_autoptr (MposMember) by_points = NULL, by_top_up = NULL;
  g_autoptr (GPtrArray) changes = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *sql = NULL;
  int64_t t = at ("2026-09-01T10:00:00+08:00");

  if (test_query_int (ts->store, "SELECT count(*) FROM sqlite_schema WHERE name IN "
                            "('points_lots', 'points_ledger', 'sv_top_ups')")
      != 3)
    {
      g_test_skip ("the loyalty ledgers (migration 0003) are not in this build");
      return;
    }
  by_points = new_member (ts->store, "13700000013");
  by_top_up = new_member (ts->store, "13700000014");
  /* 2600 earned by a sale, 500 taken back by a return: 2100 ≥ silver's 2000.
   * 5000 registration points would make gold, but only sales count. */
  /* :a is the points member, :b the top-up member, :t the time. */
  sql = g_strdup (
      "INSERT INTO points_lots (id, member_id, source, status, earned, remaining, earned_at) "
      "VALUES (9001, :a, 'sale', 'confirmed', 2600, 2100, :t), "
      "(9002, :a, 'registration', 'confirmed', 5000, 5000, :t);"
      "INSERT INTO points_ledger (member_id, lot_id, kind, available, action_id, created_at) "
      "VALUES (:a, 9001, 'earn', 2600, 'test-sale', :t), "
      "(:a, 9001, 'reverse', -500, 'test-return', :t), "
      "(:a, 9002, 'earn', 5000, 'test-registration', :t);"
      "INSERT INTO sv_top_ups (id, receipt_no, kind, member_id, principal, bonus, tender_type, "
      "business_day, cashier, created_at) VALUES ('test-top-up', 'TU-1', 'top_up', :b, 300000, "
      "50000, 'cash', '20260901', '1001', :t);");
  {
    g_autofree char *a = g_strdup_printf ("%" G_GINT64_FORMAT, by_points->id);
    g_autofree char *b = g_strdup_printf ("%" G_GINT64_FORMAT, by_top_up->id);
    g_autofree char *when = g_strdup_printf ("%" G_GINT64_FORMAT, t);
    g_auto (GStrv) parts = g_strsplit (sql, ":a", -1);
    g_free (sql);
    sql = g_strjoinv (a, parts);
    g_strfreev (parts);
    parts = g_strsplit (sql, ":b", -1);
    g_free (sql);
    sql = g_strjoinv (b, parts);
    g_strfreev (parts);
    parts = g_strsplit (sql, ":t", -1);
    g_free (sql);
    sql = g_strjoinv (when, parts);
  }
  g_assert_true (mpos_store_exec (ts->store, sql, &error));
  g_assert_no_error (error);
  changes = evaluate (ts->store, NOW_TEXT);
  g_assert_cmpstr (change_of (changes, by_points->id)->to_level, ==, "silver");
  g_assert_cmpint (change_of (changes, by_points->id)->activity.points, ==, 2100);
  g_assert_cmpstr (change_of (changes, by_top_up->id)->to_level, ==, "gold");
  g_assert_cmpint (change_of (changes, by_top_up->id)->activity.top_up, ==, 300000);
}

/* ---- tags -------------------------------------------------------------------------- */

static guint
tags_at (MposStore *store, int64_t member_id, const char *when, MposMemberRfm *rfm)
{
  g_autoptr (GError) error = NULL;
  MposMemberTagRules rules;

  mpos_member_tag_rules (store, &rules);
  g_assert_true (mpos_member_tags_compute (store, &rules, member_id, at (when), rfm, &error));
  g_assert_no_error (error);
  return rfm->tags;
}

static void
test_member_tags_from_recency_frequency_and_spend (void)
{
  g_autoptr (TestStore) ts = level_store ();
  g_autoptr (MposMember) regular = new_member (ts->store, "13700000010");
  g_autoptr (MposMember) back = new_member (ts->store, "13700000011");
  g_autoptr (MposMember) never = new_member (ts->store, "13700000012");
  MposMemberRfm rfm;
  guint counts[MPOS_MEMBER_TAG_COUNT];
  guint members = 0;
  MposMemberTagRules rules;
  g_autoptr (GError) error = NULL;

  /* Monthly, 12 times, then a big one: loyal and a big spender. */
  for (int month = 1; month <= 12; month++)
    {
      g_autofree char *when = g_strdup_printf ("2026-%02d-10T12:00:00+08:00", month);
      g_free (sell (ts->store, regular->card_no, month == 11 ? 40 : 1, when));
    }
  g_assert_cmpuint (tags_at (ts->store, regular->id, "2026-12-20T12:00:00+08:00", &rfm), ==,
                    MPOS_MEMBER_TAG_LOYAL | MPOS_MEMBER_TAG_BIG_SPENDER);
  g_assert_cmpint (rfm.visits, ==, 12);
  g_assert_cmpint (rfm.last_visit_at, ==, at ("2026-12-10T12:00:00+08:00"));
  /* Three months later the same member is at risk; seven months later, lost. */
  g_assert_true (tags_at (ts->store, regular->id, "2027-03-20T12:00:00+08:00", &rfm)
                 & MPOS_MEMBER_TAG_AT_RISK);
  g_assert_true (tags_at (ts->store, regular->id, "2027-07-20T12:00:00+08:00", &rfm)
                 & MPOS_MEMBER_TAG_LOST);
  g_assert_false (rfm.tags & MPOS_MEMBER_TAG_AT_RISK);

  /* Away for half a year, then back: returning. */
  g_free (sell (ts->store, back->card_no, 1, "2026-03-01T12:00:00+08:00"));
  g_free (sell (ts->store, back->card_no, 1, "2026-11-01T12:00:00+08:00"));
  g_assert_cmpuint (tags_at (ts->store, back->id, NOW_TEXT, &rfm), ==, MPOS_MEMBER_TAG_RETURNING);
  g_assert_cmpint (rfm.previous_visit_at, ==, at ("2026-03-01T12:00:00+08:00"));

  g_assert_cmpuint (tags_at (ts->store, never->id, NOW_TEXT, &rfm), ==, 0);
  g_assert_cmpint (rfm.last_visit_at, ==, 0);

  /* A store setting moves a threshold. */
  g_assert_true (mpos_store_put_setting (ts->store, "member.tags.big_spend", "99999999", &error));
  g_assert_false (tags_at (ts->store, regular->id, "2026-12-20T12:00:00+08:00", &rfm)
                  & MPOS_MEMBER_TAG_BIG_SPENDER);

  mpos_member_tag_rules (ts->store, &rules);
  g_assert_true (mpos_member_tags_count (ts->store, &rules, at ("2026-12-20T12:00:00+08:00"),
                                         counts, &members, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (members, ==, 11);
  g_assert_cmpuint (counts[0], ==, 1); /* loyal */
  g_assert_cmpuint (counts[1], ==, 0); /* big_spender: the threshold moved */
  g_assert_cmpuint (counts[2], ==, 0); /* returning: back's last visit is 49 days ago */
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/member-level/upgrades-on-spend-and-is-idempotent",
                   test_member_level_upgrades_on_spend_and_is_idempotent);
  g_test_add_func ("/member-level/counts-only-the-period-and-net-of-returns",
                   test_member_level_counts_only_the_period_and_net_of_returns);
  g_test_add_func ("/member-level/retention-and-downgrade-at-period-end",
                   test_member_level_retention_and_downgrade_at_period_end);
  g_test_add_func ("/member-level/period-starts-for-imported-members",
                   test_member_level_period_starts_for_imported_members);
  g_test_add_func ("/member-level/manual-level-never-expires",
                   test_member_level_manual_level_never_expires);
  g_test_add_func ("/member-level/counts-points-and-top-up-from-the-loyalty-view",
                   test_member_level_counts_points_and_top_up_from_the_loyalty_view);
  g_test_add_func ("/member-level/counts-points-and-top-up-from-the-loyalty-ledgers",
                   test_member_level_counts_points_and_top_up_from_the_loyalty_ledgers);
  g_test_add_func ("/member-tags/from-recency-frequency-and-spend",
                   test_member_tags_from_recency_frequency_and_spend);
  return g_test_run ();
}
