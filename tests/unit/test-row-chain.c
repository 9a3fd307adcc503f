/* test-row-chain.c — tests for src/row-chain.c: every row that holds money
 * is sealed by the transaction that writes it (a return approved later is
 * sealed again), and `check` names the row and the field of an amount
 * changed behind MallPOS's back in each chained table, a damaged link, a
 * lost row and a row written around MallPOS. Changes are made in raw SQL
 * with the append-only triggers dropped, as bit rot or a careless tool
 * would change the file. */
#include "coupon.h"
#include "gift-card.h"
#include "integrity.h"
#include "points-exchange.h"
#include "row-chain.h"
#include "staff-policy.h"
#include "test-points-util.h"

#define NOODLES(n) "{\"sku\":\"100001\",\"qty\":" #n "}" /* 5.00 */
#define GIFT_CARD "GC100-000001"
#define RESTORE "the store is damaged or was edited; restore it from a backup"

/* Bit rot does not fire triggers: drop those that refuse an UPDATE or DELETE. */
#define DROP_GUARDS                                                                                \
  "DROP TRIGGER points_ledger_no_update; DROP TRIGGER points_ledger_no_delete; "                   \
  "DROP TRIGGER sv_ledger_no_update; DROP TRIGGER sv_top_ups_no_update; "                          \
  "DROP TRIGGER coupon_events_no_update; DROP TRIGGER gift_card_ledger_no_update; "                \
  "DROP TRIGGER points_exchanges_no_update; DROP TRIGGER sales_lines_written_once; "               \
  "DROP TRIGGER row_chain_no_update"

typedef struct
{
  TestStore *ts;
  MposSaleResult sale;      /* points + stored value + cash, earning points */
  MposSaleResult card_sale; /* a gift card activated */
  MposTopUpResult top_up;
  MposExchangeResult exchange;
} Chained;

static void
add_gift_card (MposStore *store)
{
  static const char stock[]
      = "{\"batch\":\"2026-11\",\"types\":[{\"code\":\"GC100\",\"name\":\"100元购物卡\","
        "\"sku\":\"990100\",\"face_value\":\"100.00\"}],"
        "\"cards\":[{\"serial\":\"" GIFT_CARD "\",\"pin\":\"7KQ4M2XP9WTA\",\"type\":\"GC100\"}]}";
  TestSku sku
      = { "990100", "100元购物卡", NULL, "礼品卡/购物卡", MPOS_UNIT_PIECE, 0, 10000, 0, NULL };
  g_autoptr (GError) error = NULL;
  MposGiftCardImportReport report;

  test_add_sku_full (store, &sku);
  mpos_gift_card_import (store, stock, strlen (stock), "it", mpos_clock_now (), &report, &error);
  g_assert_no_error (error);
}

static void
issue_coupon (MposStore *store)
{
  static const char templates[] = "{\"templates\":[{\"code\":\"MJ5\",\"name\":\"5元券\","
                                  "\"type\":\"amount\",\"off\":\"5.00\",\"valid_days\":30}]}";
  g_autoptr (GError) error = NULL;
  guint imported = 0;

  g_assert_true (mpos_coupon_templates_import (store, templates, strlen (templates), "it",
                                               mpos_clock_now (), &imported, &error));
  g_assert_true (mpos_coupon_issue (store, "MJ5", tp_member (store, CARD_A), 1, "9001", test_supervisor (store), "test",
                                    mpos_clock_now (), NULL, &error));
  g_assert_no_error (error);
}

static void
exchange_points (Chained *c)
{
  static const char items[] = "{\"items\":[{\"code\":\"BAG01\",\"kind\":\"gift\","
                              "\"name\":\"购物袋\",\"points\":100,\"stock\":5}]}";
  MposStore *store = c->ts->store;
  g_autoptr (GError) error = NULL;
  int64_t count = 0;

  mpos_exchange_items_import (store, items, strlen (items), "it", mpos_clock_now (), &count,
                              &error);
  g_assert_true (mpos_points_exchange (store, tp_member (store, CARD_A), "BAG01", 1, NULL, NULL, "1001",
                                       mpos_clock_now (), &c->exchange, &error));
  g_assert_no_error (error);
}

/* A store with rows in every chained table. */
static Chained *
chained_new (void)
{
  Chained *c = g_new0 (Chained, 1);
  MposStore *store;

  c->ts = tp_store_new ();
  store = c->ts->store;
  tp_rules (store, NULL, "proportional");
  tp_top_up (store, CARD_A, 50000, &c->top_up);
  tp_adjust (store, CARD_A, 2000);
  /* 30 noodles, 150.00: 500 points (5.00), 20.00 stored value, 125.00 cash */
  tp_sell (store,
           "{\"cashier\":\"1001\",\"member\":\"" CARD_A
           "\",\"lines\":[" NOODLES (30) "],"
                                         "\"tenders\":[{\"type\":\"points\",\"points\":500},"
                                         "{\"type\":\"stored_value\",\"amount\":\"20.00\"},"
                                         "{\"type\":\"cash\",\"amount\":\"125.00\"}]}",
           &c->sale);
  add_gift_card (store);
  tp_sell (store,
           "{\"cashier\":\"1001\",\"lines\":[{\"gift_card\":\"" GIFT_CARD "\"}],"
           "\"tenders\":[{\"type\":\"cash\",\"amount\":\"100.00\"}]}",
           &c->card_sale);
  issue_coupon (store);
  exchange_points (c);
  return c;
}

static void
chained_free (Chained *c)
{
  test_store_free (c->ts);
  g_free (c);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Chained, chained_free)

/* Asserts `expected` is among the problems check finds, and that it is the
 * only one about the hash chain. */
static void
assert_chain_problem (MposStore *store, const char *expected)
{
  g_autoptr (GPtrArray) problems = test_check (store);
  guint found = 0, chain = 0;

  for (guint i = 0; i < problems->len; i++)
    {
      const char *problem = g_ptr_array_index (problems, i);
      found += g_strcmp0 (problem, expected) == 0;
      chain += strstr (problem, "hash chain") != NULL;
    }
  if (found != 1 || chain != 1)
    {
      for (guint i = 0; i < problems->len; i++)
        g_printerr ("check: %s\n", (const char *)g_ptr_array_index (problems, i));
      g_error ("expected “%s” as the one hash chain problem", expected);
    }
}

static int64_t query_int (MposStore *store, const char *format, ...) G_GNUC_PRINTF (2, 3);

static int64_t
query_int (MposStore *store, const char *format, ...)
{
  g_autofree char *sql = NULL;
  va_list args;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);
  return test_query_int (store, sql);
}

/* ---- sealing ----------------------------------------------------------------- */

static void
test_row_chain_every_money_row_is_sealed (void)
{
  g_autoptr (Chained) c = chained_new ();
  MposStore *store = c->ts->store;
  int64_t rows = 0;

  for (guint i = 0; mpos_row_chain_table (i) != NULL; i++)
    {
      const char *table = mpos_row_chain_table (i);
      int64_t n = test_count_rows (store, table);

      g_test_message ("%s: %" G_GINT64_FORMAT " rows", table, n);
      g_assert_cmpint (n, >, 0);
      /* each row has exactly one link: each was written once */
      g_assert_cmpint (query_int (store,
                                  "SELECT count(*) FROM %s t WHERE (SELECT count(*) FROM row_chain "
                                  "c WHERE c.tbl = '%s' AND c.row_key = t.id) <> 1",
                                  table, table),
                       ==, 0);
      rows += n;
    }
  /* one line of links, 1…n, nothing else in it */
  g_assert_cmpint (test_count_rows (store, "row_chain"), ==, rows);
  g_assert_cmpint (query_int (store, "SELECT max (seq) FROM row_chain"), ==, rows);
  test_assert_consistent (store);
}

/* A return without a receipt is written pending and written again when a
 * supervisor approves it: the row gets a second link, and is checked
 * against that one. */
static void
test_row_chain_approved_return_sealed_again (void)
{
  g_autoptr (TestStore) ts = tp_store_new ();
  g_autoptr (MposCart) cart = test_cart_new (ts->store);
  g_autoptr (GError) error = NULL;
  g_autofree char *expected = NULL;
  MposSaleResult r;

  test_cart_add_sku (cart, "100001", 2);
  g_assert_true (mpos_sale_return_without_receipt (cart, "无小票退货", NULL, &r, &error));
  g_assert_no_error (error);
  g_assert_cmpint (
      query_int (ts->store, "SELECT count(*) FROM row_chain WHERE row_key = '%s'", r.sale_id), ==,
      1);
  g_assert_true (mpos_sale_approve_return (ts->store, r.receipt_no, test_supervisor (ts->store), &error));
  g_assert_no_error (error);
  g_assert_cmpint (
      query_int (ts->store, "SELECT count(*) FROM row_chain WHERE row_key = '%s'", r.sale_id), ==,
      2);
  test_assert_consistent (ts->store);

  /* the refund as approved, 8.00 cash, made 80.00 */
  test_exec (ts->store, "UPDATE sales SET tenders = json_set (tenders, '$[0][2]', -8000)");
  /* its second link, after the audit rows' links */
  expected = g_strdup_printf ("return %s was changed after it was written (field tenders; hash "
                              "chain link %" G_GINT64_FORMAT "): " RESTORE,
                              r.receipt_no,
                              query_int (ts->store, "SELECT max (seq) FROM row_chain WHERE "
                                                    "row_key = '%s'", r.sale_id));
  assert_chain_problem (ts->store, expected);
}

static MposSql SQL_TEST_ROW_CHAIN_INSERT_KEEPS_THE_ROWS_ID
    = MPOS_SQL ("test-row-chain: test row chain insert keeps the rows id",
                "INSERT INTO points_ledger (member_id, kind, action_id, created_at) "
                "VALUES (:member, 'freeze', 'test', 0)");

/* Sealing writes a link, yet the caller's row stays the last insert. */
static void
test_row_chain_insert_keeps_the_rows_id (void)
{
  g_autoptr (TestStore) ts = tp_store_new ();
  g_autoptr (GError) error = NULL;
  MposStore *store = ts->store;
  g_autoptr (MposStmt) stmt = NULL;
  int64_t id = 0;

  /* rows written before, so the row's id and its link's seq differ */
  test_exec (store, "INSERT INTO points_ledger (member_id, kind, action_id, created_at) "
                    "SELECT id, 'freeze', 'earlier', 0 FROM members");
  g_assert_true (mpos_store_begin (store, &error));
  stmt = mpos_store_stmt (store, &SQL_TEST_ROW_CHAIN_INSERT_KEEPS_THE_ROWS_ID, &error);
  g_assert_nonnull (stmt);
  mpos_bind_int64 (stmt, ":member", tp_member (store, CARD_A));
  g_assert_true (
      mpos_row_chain_insert (store, MPOS_CHAINED_POINTS_LEDGER, stmt, "testing", &id, &error));
  g_assert_true (mpos_store_commit (store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (id, ==, query_int (store, "SELECT max (id) FROM points_ledger"));
  g_assert_cmpint (sqlite3_last_insert_rowid (mpos_store_db (store)), ==, id);
  g_assert_cmpint (query_int (store, "SELECT row_key FROM row_chain WHERE seq = 1"), ==, id);
}

/* ---- check names a changed amount in each chained table ------------------------ */

typedef struct
{
  const char *table;
  const char *name; /* as check names the row, %s: its key or receipt number */
  const char *field;
  const char *change; /* SQL, %s: the row's key */
  const char *undo;
} Flip;

/* `key` of the row to flip: a ledger row id, or a sale's, top-up's or exchange's id. */
static void
flip_and_undo (Chained *c, const Flip *f, const char *key, const char *label)
{
  MposStore *store = c->ts->store;
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
  g_autofree char *change = g_strdup_printf (f->change, key);
  g_autofree char *undo = g_strdup_printf (f->undo, key);
  g_autofree char *name = g_strdup_printf (f->name, label);
#pragma GCC diagnostic pop
  g_autofree char *fields = g_strconcat ("field ", f->field, NULL);
  g_autofree char *expected = test_chain_changed (store, f->table, key, name, fields);

  g_test_message ("%s", change);
  test_exec (store, change);
  assert_chain_problem (store, expected);
  test_exec (store, undo);
  test_assert_consistent (store);
}

static char *
ledger_row (MposStore *store, const char *table, const char *where)
{
  g_autofree char *sql = g_strdup_printf ("SELECT max (id) FROM %s WHERE %s", table, where);

  return g_strdup_printf ("%" G_GINT64_FORMAT, test_query_int (store, sql));
}

static void
test_row_chain_flipped_amount_named_in_each_table (void)
{
  g_autoptr (Chained) c = chained_new ();
  MposStore *store = c->ts->store;
  g_autofree char *burn = ledger_row (store, "points_ledger", "kind = 'burn'");
  g_autofree char *spend = ledger_row (store, "sv_ledger", "kind = 'spend'");
  g_autofree char *issue = ledger_row (store, "coupon_events", "kind = 'issue'");
  g_autofree char *activate = ledger_row (store, "gift_card_ledger", "kind = 'activate'");
  static const Flip ledgers[] = {
    { "points_ledger", "points ledger row %s", "available",
      "UPDATE points_ledger SET available = available - 100 WHERE id = %s",
      "UPDATE points_ledger SET available = available + 100 WHERE id = %s" },
    { "sv_ledger", "stored-value ledger row %s", "principal",
      "UPDATE sv_ledger SET principal = principal + 1 WHERE id = %s",
      "UPDATE sv_ledger SET principal = principal - 1 WHERE id = %s" },
    { "coupon_events", "coupon ledger row %s", "amount",
      "UPDATE coupon_events SET amount = amount + 500 WHERE id = %s",
      "UPDATE coupon_events SET amount = amount - 500 WHERE id = %s" },
    { "gift_card_ledger", "gift card ledger row %s", "amount",
      "UPDATE gift_card_ledger SET amount = amount * 10 WHERE id = %s",
      "UPDATE gift_card_ledger SET amount = amount / 10 WHERE id = %s" },
  };
  static const Flip documents[] = {
    /* line 1's net, [9] of the line's array in the lines document (0014) */
    { "sales", "sale %s", "lines",
      "UPDATE sales SET lines = json_set (lines, '$[0][9]', lines ->> '$[0][9]' - 1000) "
      "WHERE id = '%s'",
      "UPDATE sales SET lines = json_set (lines, '$[0][9]', lines ->> '$[0][9]' + 1000) "
      "WHERE id = '%s'" },
    /* the cash tender's amount, [2] of its array in the tenders document (0012) */
    { "sales", "sale %s", "tenders",
      "UPDATE sales SET tenders = json_set (tenders, '$[2][2]', tenders ->> '$[2][2]' + 10000) "
      "WHERE id = '%s'",
      "UPDATE sales SET tenders = json_set (tenders, '$[2][2]', tenders ->> '$[2][2]' - 10000) "
      "WHERE id = '%s'" },
    { "sales", "sale %s", "total", "UPDATE sales SET total = total + 1 WHERE id = '%s'",
      "UPDATE sales SET total = total - 1 WHERE id = '%s'" },
    { "sv_top_ups", "top-up %s", "principal",
      "UPDATE sv_top_ups SET principal = 5000 WHERE id = '%s'",
      "UPDATE sv_top_ups SET principal = 50000 WHERE id = '%s'" },
    { "points_exchanges", "points exchange %s", "points",
      "UPDATE points_exchanges SET points = 1 WHERE id = '%s'",
      "UPDATE points_exchanges SET points = 100 WHERE id = '%s'" },
  };

  test_exec (store, DROP_GUARDS);
  test_assert_consistent (store);
  flip_and_undo (c, &ledgers[0], burn, burn);
  flip_and_undo (c, &ledgers[1], spend, spend);
  flip_and_undo (c, &ledgers[2], issue, issue);
  flip_and_undo (c, &ledgers[3], activate, activate);
  for (guint i = 0; i < 3; i++)
    flip_and_undo (c, &documents[i], c->sale.sale_id, c->sale.receipt_no);
  flip_and_undo (c, &documents[3], c->top_up.id, c->top_up.receipt_no);
  flip_and_undo (c, &documents[4], c->exchange.id, c->exchange.receipt_no);
}

/* ---- damaged links, lost rows, rows written around MallPOS --------------------- */

/* A damaged row hash in a link: that link no longer follows, and its row
 * no longer matches it. */
static void
test_row_chain_damaged_row_hash_named (void)
{
  g_autoptr (Chained) c = chained_new ();
  MposStore *store = c->ts->store;
  int64_t seq
      = query_int (store, "SELECT seq FROM row_chain WHERE row_key = '%s'", c->sale.sale_id);
  g_autofree char *link = g_strdup_printf ("hash chain link %" G_GINT64_FORMAT " (sale %s) does "
                                           "not follow from the link before it: " RESTORE,
                                           seq, c->sale.sale_id);
  g_autofree char *row
      = g_strdup_printf ("sale %s was changed after it was written (which field "
                         "cannot be told; hash chain link %" G_GINT64_FORMAT "): " RESTORE,
                         c->sale.receipt_no, seq);
  g_autoptr (GPtrArray) problems = NULL;
  g_autofree char *sql = g_strdup_printf ("UPDATE row_chain SET row_hash = zeroblob (32) "
                                          "WHERE seq = %" G_GINT64_FORMAT,
                                          seq);

  test_exec (store, DROP_GUARDS);
  test_exec (store, sql);
  problems = test_check (store);
  g_assert_cmpuint (problems->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (problems, 0), ==, link);
  g_assert_cmpstr (g_ptr_array_index (problems, 1), ==, row);
}

/* A damaged link: it no longer follows from the one before it, nor does
 * the next one from it. */
static void
test_row_chain_damaged_link_named (void)
{
  g_autoptr (Chained) c = chained_new ();
  MposStore *store = c->ts->store;
  g_autoptr (GPtrArray) problems = NULL;

  g_assert_cmpint (test_count_rows (store, "row_chain"), >, 4);
  test_exec (store, DROP_GUARDS);
  test_exec (store, "UPDATE row_chain SET link = x'00' || substr (link, 2) WHERE seq = 3");
  problems = test_check (store);
  g_assert_cmpuint (problems->len, ==, 2);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (problems, 0), "hash chain link 3 ("));
  g_assert_true (g_str_has_prefix (g_ptr_array_index (problems, 1), "hash chain link 4 ("));
}

/* A ledger row lost: its link names it. */
static void
test_row_chain_lost_row_named (void)
{
  g_autoptr (Chained) c = chained_new ();
  MposStore *store = c->ts->store;
  g_autofree char *earn = ledger_row (store, "points_ledger", "kind = 'earn'");
  int64_t seq = query_int (store,
                           "SELECT seq FROM row_chain WHERE tbl = 'points_ledger' "
                           "AND row_key = %s",
                           earn);
  g_autofree char *lost = g_strdup_printf ("hash chain link %" G_GINT64_FORMAT " seals points "
                                           "ledger row %s, which is not in the store: the row "
                                           "was lost or its key changed; " RESTORE,
                                           seq, earn);
  g_autofree char *sql = g_strdup_printf ("DELETE FROM points_ledger WHERE id = %s", earn);

  test_exec (store, DROP_GUARDS);
  test_exec (store, "PRAGMA foreign_keys = OFF");
  test_exec (store, sql);
  /* the balance and lot checks notice the missing points too */
  assert_chain_problem (store, lost);
}

/* A flip in a sale's key: the row has no link, its link no row. */
static void
test_row_chain_changed_key_named (void)
{
  g_autoptr (Chained) c = chained_new ();
  MposStore *store = c->ts->store;
  g_autofree char *changed_id = g_strdup (c->sale.sale_id);
  g_autoptr (GPtrArray) problems = NULL;
  g_autofree char *unsealed = NULL;
  g_autofree char *orphan = NULL;
  int64_t seq
      = query_int (store, "SELECT seq FROM row_chain WHERE row_key = '%s'", c->sale.sale_id);
  guint found = 0;

  changed_id[0] = changed_id[0] == '0' ? '1' : '0';
  test_exec (store, "PRAGMA foreign_keys = OFF");
  {
    g_autofree char *sql = g_strdup_printf ("UPDATE sales SET id = '%s' WHERE id = '%s'",
                                            changed_id, c->sale.sale_id);
    test_exec (store, sql);
  }
  unsealed = g_strdup_printf ("sale %s has no hash chain link: its key or its link was damaged, "
                              "or it was written by another program; restore the store from a "
                              "backup",
                              c->sale.receipt_no);
  orphan = g_strdup_printf ("hash chain link %" G_GINT64_FORMAT " seals sale %s, which is not in "
                            "the store: the row was lost or its key changed; " RESTORE,
                            seq, c->sale.sale_id);
  problems = test_check (store);
  for (guint i = 0; i < problems->len; i++)
    found += g_strcmp0 (g_ptr_array_index (problems, i), unsealed) == 0
             || g_strcmp0 (g_ptr_array_index (problems, i), orphan) == 0;
  g_assert_cmpuint (found, ==, 2);
}

/* Rows written by another program: the first ten are named, the rest counted. */
static void
test_row_chain_many_problems_counted (void)
{
  g_autoptr (TestStore) ts = tp_store_new ();
  g_autoptr (GPtrArray) problems = NULL;
  g_autofree char *sql = g_strdup_printf (
      "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 13) "
      "INSERT INTO points_ledger (member_id, kind, action_id, created_at) "
      "SELECT %" G_GINT64_FORMAT ", 'freeze', 'raw-' || i, 0 FROM n",
      tp_member (ts->store, CARD_A));
  guint named = 0;

  test_exec (ts->store, sql);
  problems = test_check (ts->store);
  for (guint i = 0; i < problems->len; i++)
    named += strstr (g_ptr_array_index (problems, i), "has no hash chain link") != NULL;
  g_assert_cmpuint (named, ==, 10);
  g_assert_cmpstr (g_ptr_array_index (problems, problems->len - 1), ==,
                   "… and 3 more problems with points ledger rows and their hash chain links");
}

/* ---- the head the centre holds ---------------------------------------------- */

/* What the centre received: the chain head of the newest journal entry. */
static MposRowChainHead
head_sent (MposStore *store)
{
  MposRowChainHead head = { 0 };
  g_autofree char *link = test_query_text (
      store, "SELECT json_extract (payload, '$.chain_head.link') FROM journal "
             "ORDER BY seq DESC LIMIT 1");

  head.seq = test_query_int (store, "SELECT json_extract (payload, '$.chain_head.seq') "
                                    "FROM journal ORDER BY seq DESC LIMIT 1");
  g_strlcpy (head.link, link, sizeof head.link);
  return head;
}

/* Someone with the store file rewrites an audit row and recomputes every
 * link: `check` cannot tell, but the head the journal already carried to
 * the centre no longer matches. */
static void
test_row_chain_rewritten_audit_fails_the_centres_head (void)
{
  g_autoptr (Chained) c = chained_new ();
  MposStore *store = c->ts->store;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) problems = NULL;
  MposRowChainHead sent, now;

  g_assert_true (mpos_policy_set (store, MPOS_POLICY_DISCOUNT_LIMIT, 500, test_manager (store),
                                  &error));
  g_assert_no_error (error);
  sent = head_sent (store);
  /* the entry carries the head with the change's own audit row in it */
  g_assert_true (mpos_row_chain_head (store, &now, &error));
  g_assert_cmpint (sent.seq, ==, now.seq);
  g_assert_cmpstr (sent.link, ==, now.link);
  g_assert_cmpint (strlen (sent.link), ==, 64);
  g_assert_cmpint (test_query_int (store, "SELECT count(*) FROM row_chain WHERE tbl = 'audit' "
                                          "AND seq <= (SELECT max (seq) FROM row_chain)"),
                   >, 0);
  g_assert_true (mpos_row_chain_vouch (store, &sent, &error));
  g_assert_no_error (error);

  test_exec (store, "DROP TRIGGER audit_no_update; DROP TRIGGER row_chain_no_delete; "
                    "UPDATE audit SET approved_by = '1001' WHERE action = 'setting_change'; "
                    "DELETE FROM row_chain; BEGIN IMMEDIATE");
  g_assert_true (mpos_row_chain_seal_all (store, &error));
  test_exec (store, "COMMIT");
  problems = test_check (store);
  for (guint i = 0; i < problems->len; i++)
    g_assert_null (strstr (g_ptr_array_index (problems, i), "hash chain"));

  g_assert_false (mpos_row_chain_vouch (store, &sent, &error));
  g_assert_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "differs from the one the centre received"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  test_pin_now (TEST_NOW_ISO);
  g_test_add_func ("/row-chain/every-money-row-is-sealed",
                   test_row_chain_every_money_row_is_sealed);
  g_test_add_func ("/row-chain/approved-return-sealed-again",
                   test_row_chain_approved_return_sealed_again);
  g_test_add_func ("/row-chain/insert-keeps-the-rows-id", test_row_chain_insert_keeps_the_rows_id);
  g_test_add_func ("/row-chain/flipped-amount-named-in-each-table",
                   test_row_chain_flipped_amount_named_in_each_table);
  g_test_add_func ("/row-chain/damaged-row-hash-named", test_row_chain_damaged_row_hash_named);
  g_test_add_func ("/row-chain/damaged-link-named", test_row_chain_damaged_link_named);
  g_test_add_func ("/row-chain/lost-row-named", test_row_chain_lost_row_named);
  g_test_add_func ("/row-chain/changed-key-named", test_row_chain_changed_key_named);
  g_test_add_func ("/row-chain/many-problems-counted", test_row_chain_many_problems_counted);
  g_test_add_func ("/row-chain/rewritten-audit-fails-the-centres-head",
                   test_row_chain_rewritten_audit_fails_the_centres_head);
  return g_test_run ();
}
