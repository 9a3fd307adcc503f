/* test-payment-crash.c — kill -9 between a card charge and the sale's
 * commit never charges a customer twice and never loses a paid charge.
 * The terminal (this program run with --terminal) rings a demo sale and
 * pays it by bank card and WeChat Pay through the simulated gateway (its
 * bank a ledger file beside the store), then commits. The test kills it at
 * random moments, and also lets the gateway kill it right after the bank
 * took the money; after every run it reconciles as the next start would
 * and proves, key by key: the bank took money at most once; money taken
 * belongs to a stored sale (its attempt completed, its amount a tender of
 * that sale) or was refunded exactly once; nothing is left open. */
#include "core.h"
#include "crash-util.h"
#include "test-util.h"
#include "cart.h"
#include "clock.h"
#include "payment-attempt.h"
#include "payment-simulated.h"
#include "payment.h"
#include "sale.h"
#include "store.h"

#include <cjson/cJSON.h>
#include <signal.h>
#include <string.h>

#define RUNS 36
#define LATENCY_MS 30
#define CARD_PART 10000 /* fen paid by card; the rest by WeChat Pay */
#define WECHAT_CODE "134567890123456789"

/* ---- the terminal (child) ------------------------------------------------ */

static gboolean
terminal_charge (MposCart *cart, MposPaymentGateway *gateway, MposTenderType type, const char *code,
                 MposMoney amount, GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  mpos_payment_charge_async (cart, gateway, type, code, amount, NULL, test_keep_result, &result);
  return mpos_payment_charge_finish (cart, test_wait_result (&result), error);
}

static int
run_terminal (const char *store_path, const char *ledger, const char *fault)
{
  g_autoptr (GError) error = NULL;
  mpos_core_init ();
  g_autoptr (MposStore) store = mpos_store_open (store_path, NULL, &error);
  g_autoptr (MposPaymentSimulated) bank = mpos_payment_simulated_new (ledger);
  g_autoptr (MposCart) cart = store ? mpos_cart_new (store, mpos_clock_now (), &error) : NULL;
  MposSaleResult result;

  mpos_payment_simulated_set_latency (bank, LATENCY_MS);
  if (g_strcmp0 (fault, "crash-after-charge") == 0)
    mpos_payment_simulated_set_fault (bank, MPOS_SIMULATED_FAULT_CRASH_AFTER_CHARGE);
  if (cart == NULL)
    goto failed;
  mpos_cart_set_cashier (cart, "1001");
  if (mpos_cart_add_sku (cart, "100002", 10, &error) == NULL /* 159.00 */
      || !terminal_charge (cart, MPOS_PAYMENT_GATEWAY (bank), MPOS_TENDER_BANK_CARD, NULL,
                           CARD_PART, &error)
      || !terminal_charge (cart, MPOS_PAYMENT_GATEWAY (bank), MPOS_TENDER_MOBILE, WECHAT_CODE,
                           mpos_cart_total (cart) - CARD_PART, &error)
      || !mpos_sale_commit (cart, &result, &error))
    goto failed;
  return 0;
failed:
  g_printerr ("terminal: %s\n", error ? error->message : "?");
  return 1;
}

/* ---- the test (parent) --------------------------------------------------- */

typedef struct
{
  char *dir;
  char *store_path;
  char *ledger;
  const char *self;
  guint refunded, declined, completed, nothing_taken, finished;
  gint64 sales;
} Crash;

static MposReconcileReport
reconcile (Crash *c, MposStore *store, MposPaymentSimulated *bank)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  MposReconcileReport report = { 0 };

  mpos_payment_reconcile_async (store, MPOS_PAYMENT_GATEWAY (bank), NULL, NULL, test_keep_result,
                                &result);
  g_assert_true (mpos_payment_reconcile_finish (store, test_wait_result (&result), &report, &error));
  g_assert_no_error (error);
  c->refunded += report.refunded;
  c->declined += report.declined;
  return report;
}

/* crash_sql_int of `format` with `text` quoted into it (%Q). */
static gint64
query_int (sqlite3 *db, const char *format, const char *text)
{
  char *sql = sqlite3_mprintf (format, text);
  gint64 value = test_db_int (db, sql);

  sqlite3_free (sql);
  return value;
}

/* The tender a stored sale holds for `key` ("<sale id>/<index>"). */
static const MposTender *
stored_tender (MposSaleRecord *sale, const char *key)
{
  guint index = (guint)g_ascii_strtoull (strchr (key, '/') + 1, NULL, 10);

  g_assert_cmpuint (index, <, sale->tenders->len);
  return ((MposSaleTender *)g_ptr_array_index (sale->tenders, index))->tender;
}

/* One key of the bank, after reconciliation. */
static void
check_key (Crash *c, MposStore *store, sqlite3 *db, MposPaymentSimulated *bank, const char *key)
{
  g_autofree char *sale_id = g_strndup (key, strcspn (key, "/"));
  g_autoptr (MposSaleRecord) sale = mpos_sale_load (store, sale_id, NULL);
  MposSimulatedCharge charge = { 0 };

  g_assert_true (mpos_payment_simulated_lookup (bank, key, &charge));
  g_assert_cmpuint (charge.taken, <=, 1);
  if (charge.taken == 0)
    {
      g_assert_cmpuint (charge.refunds, ==, 0);
      g_assert_null (sale);
      c->nothing_taken++;
      return;
    }
  if (sale != NULL)
    {
      g_assert_cmpuint (charge.refunds, ==, 0);
      g_assert_cmpint (charge.state, ==, MPOS_CHARGE_APPROVED);
      g_assert_cmpint (stored_tender (sale, key)->amount, ==, charge.amount);
      g_assert_cmpint (query_int (db,
                                  "SELECT count(*) FROM payment_attempts WHERE "
                                  "idempotency_key = %Q AND state = 'completed'",
                                  key),
                       ==, 1);
      c->completed++;
      return;
    }
  g_assert_cmpuint (charge.refunds, ==, 1);
  g_assert_cmpint (charge.state, ==, MPOS_CHARGE_REFUNDED);
  g_assert_cmpint (query_int (db,
                              "SELECT count(*) FROM payment_attempts WHERE "
                              "idempotency_key = %Q AND state = 'refunded'",
                              key),
                   ==, 1);
}

/* The next start: reconcile, then every key of the bank is settled. */
static void
next_start (Crash *c)
{
  g_autoptr (GError) error = NULL;
  mpos_core_init ();
  g_autoptr (MposStore) store = mpos_store_open (c->store_path, NULL, &error);
  g_autoptr (MposPaymentSimulated) bank = mpos_payment_simulated_new (c->ledger);
  g_auto (GStrv) keys = NULL;
  g_autoptr (GPtrArray) open = NULL;
  sqlite3 *db = NULL;

  g_assert_no_error (error);
  reconcile (c, store, bank);
  open = mpos_payment_attempts_open (store, NULL, &error);
  g_assert_cmpuint (open->len, ==, 0);
  g_assert_cmpint (sqlite3_open_v2 (c->store_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  keys = mpos_payment_simulated_keys (bank);
  c->completed = c->nothing_taken = 0;
  for (guint i = 0; keys[i] != NULL; i++)
    check_key (c, store, db, bank, keys[i]);
  /* And every stored sale was paid through the bank, both its charges. */
  g_assert_cmpint (test_db_int (db, "SELECT count(*) FROM sales s WHERE (SELECT count(*) "
                                      "FROM payment_attempts a WHERE a.sale_id = s.id "
                                      "AND a.state = 'completed') != 2"),
                   ==, 0);
  c->sales = test_db_int (db, "SELECT count(*) FROM sales");
  sqlite3_close (db);
}

/* What `mallposctl payments pending --json` lists now. */
static cJSON *
pending (Crash *c)
{
  g_autoptr (GSubprocessLauncher) launcher
      = crash_launcher (c->store_path, G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autofree char *out = NULL;
  cJSON *list;

  g_assert_cmpint (crash_run_ctl (launcher, NULL, &out, NULL, "payments", "pending", "--json",
                                  NULL),
                   ==, 0);
  list = cJSON_Parse (out);
  g_assert_true (cJSON_IsArray (list));
  return list;
}

/* The card charge the gateway took before it killed the terminal is listed
 * as open (its outcome never reached the store) until the next start. */
static void
assert_one_pending_card_charge (Crash *c)
{
  cJSON *list = pending (c);
  const cJSON *attempt = cJSON_GetArrayItem (list, 0);

  g_assert_cmpint (cJSON_GetArraySize (list), ==, 1);
  g_assert_cmpstr (cJSON_GetStringValue (cJSON_GetObjectItem (attempt, "state")), ==,
                   "requested");
  g_assert_cmpstr (cJSON_GetStringValue (cJSON_GetObjectItem (attempt, "amount")), ==, "100.00");
  g_assert_cmpstr (cJSON_GetStringValue (cJSON_GetObjectItem (attempt, "tender_type")), ==,
                   "bank_card");
  cJSON_Delete (list);
}

/* Runs the terminal; kills it after delay_us unless it is negative. */
static void
run_once (Crash *c, const char *fault, gint64 delay_us)
{
  g_autoptr (GSubprocessLauncher) launcher
      = crash_launcher (c->store_path, G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) terminal = g_subprocess_launcher_spawn (
      launcher, &error, c->self, "--terminal", c->store_path, c->ledger, fault, NULL);

  g_assert_no_error (error);
  if (delay_us >= 0)
    {
      g_usleep (delay_us);
      g_subprocess_force_exit (terminal);
    }
  g_subprocess_wait (terminal, NULL, &error);
  g_assert_no_error (error);
  if (g_subprocess_get_if_exited (terminal) && g_subprocess_get_exit_status (terminal) == 0)
    c->finished++;
  if (strcmp (fault, "crash-after-charge") == 0)
    assert_one_pending_card_charge (c);
  next_start (c);
}

static void
test_payment_crash_never_charges_twice_never_loses_a_charge (void)
{
  Crash c = { 0 };
  g_autoptr (GRand) rand = g_rand_new ();

  c.store_path = crash_demo_store (&c.dir);
  c.ledger = g_build_filename (c.dir, "bank.ini", NULL);
  c.self = g_test_get_filename (G_TEST_BUILT, "test-payment-crash", NULL);
  /* The gateway itself kills the terminal right after the bank took the money. */
  for (guint i = 0; i < 3; i++)
    run_once (&c, "crash-after-charge", -1);
  g_assert_cmpuint (c.refunded, ==, 3);
  {
    cJSON *after = pending (&c);
    g_assert_cmpint (cJSON_GetArraySize (after), ==, 0);
    cJSON_Delete (after);
  }
  for (guint i = 0; i < RUNS; i++)
    run_once (&c, "none", g_rand_int_range (rand, 0, 400 * 1000));
  run_once (&c, "none", -1); /* one left alone finishes */
  g_print ("# %u runs: %u finished, %" G_GINT64_FORMAT " sales stored, %u charges kept with "
           "their sale, %u refunded, %u asked for but never taken (%u of them never reached "
           "the bank)\n",
           RUNS + 4, c.finished, c.sales, c.completed, c.refunded, c.nothing_taken + c.declined,
           c.declined);
  g_assert_cmpuint (c.finished, >=, 1);
  g_assert_cmpint (c.sales, >=, c.finished);
  g_assert_cmpint (c.completed, ==, 2 * c.sales);
  test_remove_dir (c.dir);
  g_free (c.dir);
  g_free (c.store_path);
  g_free (c.ledger);
}

int
main (int argc, char **argv)
{
  if (argc == 5 && strcmp (argv[1], "--terminal") == 0)
    return run_terminal (argv[2], argv[3], argv[4]);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/payment-crash/never-charges-twice-never-loses-a-charge",
                   test_payment_crash_never_charges_twice_never_loses_a_charge);
  return g_test_run ();
}
