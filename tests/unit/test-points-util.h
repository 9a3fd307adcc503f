/* test-points-util.h — fixtures shared by the points and stored-value
 * tests: a small catalog whose categories the rules name, members with
 * levels, rules documents, selling from a sale document, and a fingerprint
 * of every loyalty table to prove a refusal wrote nothing. Header-only
 * (static inline) so each test stays one file. */
#pragma once

#include <glib.h>
#include <string.h>

#include "cart-json.h"
#include "catalog.h"
#include "clock.h"
#include "json-fields.h"
#include "loyalty-rules.h"
#include "member.h"
#include "points.h"
#include "sale.h"
#include "store-private.h"
#include "stored-value.h"
#include "test-util.h"

#define CARD_A "8800000000017" /* normal level */
#define CARD_B "8800000000022" /* normal level, birthday 23 Nov (×2 that day) */
#define CARD_G "8800000000039" /* gold level, points ×1.5 */

/* 1 point per yuan, 100 points = 1 yuan (min 100, steps of 100, ≤ 50%; no
 * proof needed below a million points: test-points-proof.c tests the proof),
 * 7-day return window, 12-month expiry, 充500送50 / 充1000送120. */
#define RULES_BASE                                                                                 \
  "{\"points\":{\"earn\":{\"points\":1,\"per\":\"1.00\"},"                                         \
  "\"return_window_days\":7,\"expiry\":{\"mode\":\"rolling\",\"months\":12},"                      \
  "\"burn\":{\"points_per_yuan\":100,\"minimum\":100,\"multiple\":100,\"max_share\":\"50%%\","     \
  "\"no_proof_max\":1000000,\"no_proof_daily_cap\":100000000},"                                 \
  "\"transfer\":true,\"registration_bonus\":100,\"birthday_bonus\":88,\"referral_bonus\":50%s},"   \
  "\"stored_value\":{\"tiers\":[{\"top_up\":\"500.00\",\"bonus\":\"50.00\"},"                      \
  "{\"top_up\":\"1000.00\",\"bonus\":\"120.00\"}],\"spend_order\":\"%s\","                         \
  "\"pin_required_above\":\"200.00\",\"no_proof_daily_cap\":\"100000.00\"}}"

/* Rules: RULES_BASE with extra "points" members (",\"…\":…" or "") and a spend order. */
static inline void
tp_rules (MposStore *store, const char *extra_points, const char *spend_order)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *doc = g_strdup_printf (RULES_BASE, extra_points ? extra_points : "",
                                          spend_order ? spend_order : "proportional");

  mpos_loyalty_rules_import (store, doc, strlen (doc), "test", mpos_clock_now (), &error);
  g_assert_no_error (error);
}

/* RULES_BASE (proportional) with one piece of text replaced. */
static inline void
tp_rules_replacing (MposStore *store, const char *from, const char *to)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *doc = g_strdup_printf (RULES_BASE, "", "proportional");
  g_auto (GStrv) parts = g_strsplit (doc, from, 2);
  g_autofree char *changed = NULL;

  g_assert_nonnull (parts[1]);
  changed = g_strjoin (to, parts[0], parts[1], NULL);
  mpos_loyalty_rules_import (store, changed, strlen (changed), "test", mpos_clock_now (), &error);
  g_assert_no_error (error);
}

static inline void
tp_add_sku (MposStore *store, const char *code, const char *name, const char *category,
            MposMoney price)
{
  TestSku sku = { code, name, NULL, category, MPOS_UNIT_PIECE, 1300, price, 100000, NULL };

  test_add_sku_full (store, &sku);
}

/* 100001 方便面 5.00 · 200001 中华香烟 45.00 · 300001 矿泉水 2.50 ·
 * 400001 电饭煲 599.00 · 500001 苹果礼盒 12.80; members A, B (birthday
 * 23 Nov), G (gold ×1.5). */
static inline TestStore *
tp_store_new (void)
{
  TestStore *ts = test_store_new ();
  g_autoptr (GError) error = NULL;
  static const char members[]
      = "{\"levels\":[{\"code\":\"normal\",\"name\":\"普通会员\",\"discount\":\"0%\","
        "\"birthday_points_multiplier\":\"2.00\"},"
        "{\"code\":\"gold\",\"name\":\"金卡会员\",\"discount\":\"0%\","
        "\"points_multiplier\":\"1.50\"}],"
        "\"members\":[{\"card\":\"" CARD_A "\",\"phone\":\"13800138000\",\"name\":\"张伟\","
        "\"level\":\"normal\"},"
        "{\"card\":\"" CARD_B "\",\"phone\":\"13912345678\",\"name\":\"王芳\","
        "\"level\":\"normal\",\"birthday\":\"1990-11-23\"},"
        "{\"card\":\"" CARD_G "\",\"phone\":\"15000001111\",\"name\":\"李娜\","
        "\"level\":\"gold\"}]}";

  test_pin_now ("2026-11-23T10:00:00+08:00");
  mpos_member_import_json (ts->store, members, strlen (members), NULL, &error);
  g_assert_no_error (error);
  tp_add_sku (ts->store, "100001", "方便面", "食品/方便食品/方便面", 500);
  tp_add_sku (ts->store, "200001", "中华香烟", "烟酒/香烟", 4500);
  tp_add_sku (ts->store, "300001", "矿泉水", "饮料/水", 250);
  tp_add_sku (ts->store, "400001", "电饭煲", "日化/家电", 59900);
  tp_add_sku (ts->store, "500001", "苹果礼盒", "生鲜/水果", 1280);
  return ts;
}

static inline int64_t
tp_member (MposStore *store, const char *card)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposMember) member = mpos_member_lookup (store, card, &error);

  g_assert_no_error (error);
  return member->id;
}

/* Sells a document; FALSE with the error when refused. */
static inline gboolean
tp_try_sell (MposStore *store, const char *doc, MposSaleResult *result, GError **error)
{
  g_autoptr (MposCart) cart
      = mpos_cart_from_json (store, doc, strlen (doc), mpos_clock_now (), error);
  MposSaleResult local;

  if (cart == NULL)
    return FALSE;
  return mpos_sale_commit (cart, result ? result : &local, error);
}

static inline void
tp_sell (MposStore *store, const char *doc, MposSaleResult *result)
{
  g_autoptr (GError) error = NULL;

  tp_try_sell (store, doc, result, &error);
  g_assert_no_error (error);
}

static inline MposPointsBalance
tp_points (MposStore *store, const char *card)
{
  g_autoptr (GError) error = NULL;
  MposPointsBalance b;

  mpos_points_balance (store, tp_member (store, card), mpos_clock_now (), &b, &error);
  g_assert_no_error (error);
  return b;
}

static inline MposStoredValueBalance
tp_stored_value (MposStore *store, const char *card)
{
  g_autoptr (GError) error = NULL;
  MposStoredValueBalance b;

  mpos_stored_value_balance (store, tp_member (store, card), &b, &error);
  g_assert_no_error (error);
  return b;
}

static inline void
tp_adjust (MposStore *store, const char *card, int64_t points)
{
  g_autoptr (GError) error = NULL;

  mpos_points_adjust (store, tp_member (store, card), points, "test", "1001", test_manager (store),
                      mpos_clock_now (), &error);
  g_assert_no_error (error);
}

static inline void
tp_top_up (MposStore *store, const char *card, MposMoney amount, MposTopUpResult *result)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposTender) cash = mpos_tender_new (MPOS_TENDER_CASH, amount, NULL, NULL);
  MposTopUpResult local;

  mpos_stored_value_top_up (store, tp_member (store, card), cash, "1001", mpos_clock_now (),
                            result ? result : &local, &error);
  g_assert_no_error (error);
}

/* Every row count and balance a loyalty action could touch. */
static inline char *
tp_fingerprint (MposStore *store)
{
  return test_query_text (
      store,
      "SELECT (SELECT count(*) FROM sales) || '|' || (SELECT count(*) FROM sale_lines) || '|' || "
      "(SELECT count(*) FROM tenders) || '|' || (SELECT count(*) FROM journal) || '|' || "
      "(SELECT count(*) FROM audit) || '|' || (SELECT count(*) FROM points_ledger) || '|' || "
      "(SELECT count(*) FROM points_lots) || '|' || (SELECT total(remaining) FROM points_lots) "
      "|| '|' || (SELECT count(*) FROM sv_ledger) || '|' || (SELECT count(*) FROM loyalty_lines) "
      "|| '|' || (SELECT count(*) FROM sv_top_ups) || '|' || (SELECT total(points_available) || "
      "'/' || total(points_pending) || '/' || total(points_frozen) || '/' || total(sv_principal) "
      "|| '/' || total(sv_bonus) FROM members) || '|' || (SELECT total(stock_qty) FROM skus)");
}

/* The store's fingerprint is still `before`: a refusal wrote nothing. */
static inline void
tp_assert_fingerprint (MposStore *store, const char *before)
{
  g_autofree char *now = tp_fingerprint (store);

  g_assert_cmpstr (now, ==, before);
}
