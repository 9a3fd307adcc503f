/* bench-report.c — DESIGN.md target "Z report or any analysis over a year
 * (3 M sales, 15 M lines) < 300 ms; keeping the summaries adds < 5 % to a
 * sale's commit".
 *
 * History: a year of 3,000,000 sales of 5 lines each (15,000,000 lines) is
 * simulated in memory — each sale a random hour, cashier (of 20), tender
 * mix, member (60 % of sales, of 200,000 members) and 5 lines over 20,000
 * SKUs in 60 categories — and what the reports' catch-up would have added
 * to sales_summary (its day rows) is inserted directly, as are
 * the members, categories and SKUs: the sales rows themselves are not
 * written (the reports never read them; 3 M sale rows with their lines
 * would take hours and gigabytes here). Then the Z report of five days
 * (each closes its day), the X report and every analysis over the whole
 * year are timed.
 *
 * The months are packed from their day rows as an analysis would once each
 * is over (timed).
 *
 * Commit cost: member sales (10 lines of the demo catalog, a gold member,
 * earning points, cash) are committed through mpos_sale_commit in turn
 * with and without the summary upkeep (the counter hook paused: in the
 * commit it only refuses a closed day since 0043), everything else the
 * same; the bench prints both medians, wall and CPU, and the ratio; and the
 * member totals' trigger's time per member update. The upkeep's work left
 * the commit for the reports' catch-up: the first report after the commits
 * catches them all up, timed, and printed per sale and for a day of the
 * history's sales (what a Z report pays when nothing read the day before).
 * Then two days of a day's share of the history's sales are sold and each
 * closed by its Z report, timed: one day read by nothing before, one kept
 * caught up by the store's upkeep (the window's idle slices).
 * MALLPOS_BENCH_REPORT_DAY_SALES sets those days' sales (default: the
 * history's sales / 365).
 * Wall times on a shared machine count the waits for a core: the CPU time
 * of the bench's thread is printed beside them.
 * MALLPOS_BENCH_REPORT_SALES=300000 makes a quick run;
 * MALLPOS_BENCH_REPORT_STORE=PATH keeps the store (a new file) to look at;
 * with MALLPOS_BENCH_REPORT_REUSE=1 as well, that kept store's analyses
 * are timed again (no new history, commits or Z reports). */
#include "bench-util.h"
#include "cart.h"
#include "clock.h"
#include "report-analysis.h"
#include "report-day.h"
#include "report-summary.h"
#include "sale.h"
#include "shift.h"
#include "staff-permission.h"
#include "store-maintenance.h"
#include "store-private.h"

#include <stdio.h>
#include <time.h>
#include <string.h>

#define DAYS 365
#define LINES 5
#define SKUS 20000
#define CATEGORIES 60
#define MEMBERS 200000
#define CASHIERS 20
#define COMMITS 200
#define FIRST_DAY_UTC 1764547200 /* 2025-12-01T00:00:00Z */

static const char *const TENDERS[] = { "cash", "bank_card", "mobile", "stored_value", "points" };

typedef struct
{
  int64_t records, quantity, gross, discount, net, tax, change;
} Figures;

/* ---- the simulated history -------------------------------------------- */

typedef struct
{
  GRand *rand;
  GHashTable *day; /* "dimension\x1fkey" → Figures* */
  sqlite3_stmt *insert;
  int64_t rows;
} History;

static void
add (GHashTable *table, const char *dimension, const char *key, const Figures *f)
{
  g_autofree char *id = g_strdup_printf ("%s\x1f%s", dimension, key);
  Figures *sum = g_hash_table_lookup (table, id);

  if (sum == NULL)
    {
      sum = g_new0 (Figures, 1);
      g_hash_table_insert (table, g_steal_pointer (&id), sum);
    }
  sum->records += f->records;
  sum->quantity += f->quantity;
  sum->gross += f->gross;
  sum->discount += f->discount;
  sum->net += f->net;
  sum->tax += f->tax;
  sum->change += f->change;
}

static void
add_both (History *h, const char *dimension, const char *key, const Figures *f, gboolean monthly)
{
  (void)monthly; /* months are packed from the day rows */
  add (h->day, dimension, key, f);
}

static void
simulate_sale (History *h)
{
  Figures total = { 1, 0, 0, 0, 0, 0, 0 };
  char key[32];

  for (int l = 0; l < LINES; l++)
    {
      int sku = g_rand_int_range (h->rand, 0, SKUS);
      int64_t qty = g_rand_int_range (h->rand, 1, 4), price = 100 + sku % 5000;
      Figures line = { 1, qty * 1000, qty * price, qty * price / 10, 0, 0, 0 };
      line.net = line.gross - line.discount;
      line.tax = line.net * 13 / 113;
      g_snprintf (key, sizeof key, "%d", 200000 + sku);
      add_both (h, "product", key, &line, TRUE);
      g_snprintf (key, sizeof key, "%d", 1000 + sku % CATEGORIES);
      add_both (h, "category", key, &line, TRUE);
      add_both (h, "tax", "1300", &line, FALSE);
      add_both (h, "discount", "promotion", &(Figures){ 0, 0, 0, line.discount, 0, 0, 0 }, FALSE);
      total.quantity += qty;
      total.gross += line.gross;
      total.discount -= line.discount;
      total.net += line.net;
      total.tax += line.tax;
    }
  add_both (h, "total", "", &total, TRUE);
  g_snprintf (key, sizeof key, "%02d", g_rand_int_range (h->rand, 8, 22));
  add_both (h, "hour", key, &(Figures){ 1, 0, 0, 0, total.net, 0, 0 }, TRUE);
  g_snprintf (key, sizeof key, "%d", 1001 + g_rand_int_range (h->rand, 0, CASHIERS));
  add_both (h, "cashier", key, &(Figures){ 1, 0, 0, 0, total.net, 0, 0 }, TRUE);
  if (g_rand_int_range (h->rand, 0, 10) < 6)
    g_snprintf (key, sizeof key, "%d", 1000000 + g_rand_int_range (h->rand, 0, MEMBERS));
  else
    key[0] = '\0';
  add_both (h, "member", key, &(Figures){ 1, 0, 0, 0, total.net, 0, 0 }, TRUE);
  add_both (h, "tender", TENDERS[g_rand_int_range (h->rand, 0, G_N_ELEMENTS (TENDERS))],
            &(Figures){ 1, 0, 0, 0, total.net, 0, 0 }, TRUE);
}

static gboolean
flush (History *h, GHashTable *table, const char *period, GError **error)
{
  GHashTableIter iter;
  gpointer id, value;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &id, &value))
    {
      const Figures *f = value;
      const char *sep = strchr (id, '\x1f');
      g_autofree char *dimension = g_strndup (id, (gsize)(sep - (const char *)id));
      int64_t values[] = { f->records, f->quantity, f->gross, f->discount, 0, f->net, f->tax, f->change };

      sqlite3_reset (h->insert);
      sqlite3_bind_text (h->insert, 1, dimension, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (h->insert, 2, period, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (h->insert, 3, sep + 1, -1, SQLITE_TRANSIENT);
      for (int c = 0; c < 8; c++)
        sqlite3_bind_int64 (h->insert, 4 + c, values[c]);
      if (sqlite3_step (h->insert) != SQLITE_DONE)
        {
          g_set_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_FAILED, "inserting: %s",
                       sqlite3_errmsg (sqlite3_db_handle (h->insert)));
          return FALSE;
        }
      h->rows++;
    }
  g_hash_table_remove_all (table);
  return TRUE;
}

static char *
day_of (int d)
{
  g_autoptr (GDateTime) t = g_date_time_new_from_unix_utc (FIRST_DAY_UTC + (int64_t)d * 86400);

  return g_date_time_format (t, "%Y%m%d");
}

static gboolean
exec (MposStore *store, const char *sql, GError **error)
{
  char *message = NULL;

  if (sqlite3_exec (mpos_store_db (store), sql, NULL, NULL, &message) == SQLITE_OK)
    return TRUE;
  g_set_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_FAILED, "%s: %s", sql, message);
  sqlite3_free (message);
  return FALSE;
}

/* The members, categories and SKUs the summaries name, by direct inserts. */
static gboolean
add_master_data (MposStore *store, GError **error)
{
  return exec (store,
               "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 199999) "
               "INSERT INTO members (id, name, level_code, created_at, points_available, "
               "sv_principal) SELECT 1000000 + i, '会员' || i, l.code, 1764547200 + i * 150, "
               "i % 1000, i % 50000 FROM n JOIN (SELECT code, row_number () OVER (ORDER BY rank) "
               "- 1 AS k FROM member_levels) AS l ON l.k = n.i % 3",
               error)
         && exec (store,
                  "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 59) "
                  "INSERT INTO categories (id, name, path) SELECT 1000 + i, '品类' || i, "
                  "'基准/品类' || i FROM n",
                  error)
         && exec (store,
                  "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 19999) "
                  "INSERT INTO products (id, code, name, category_id, unit, tax_rate_bp) "
                  "SELECT 200000 + i, 'B' || i, '基准商品' || i, 1000 + i % 60, 'piece', 1300 "
                  "FROM n",
                  error)
         && exec (store,
                  "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 19999) "
                  "INSERT INTO skus (id, code, product_id, stock_qty) SELECT 200000 + i, "
                  "'B' || i, 200000 + i, i % 97 FROM n",
                  error);
}

static gboolean
build_history (MposStore *store, guint64 sales, GError **error)
{
  History h = { g_rand_new_with_seed (14),
                g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free), NULL, 0 };
  guint64 per_day = sales / DAYS;
  gboolean ok = exec (store, "BEGIN", error) && add_master_data (store, error);
  int64_t t0 = bench_now_ns ();

  ok = ok
       && sqlite3_prepare_v2 (mpos_store_db (store),
                              "INSERT INTO sales_summary (dimension, period, key, kind, records, "
                              "quantity, gross, discount, rounding, net, tax, change) VALUES "
                              "(?1, ?2, ?3, 'sale', ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                              -1, &h.insert, NULL)
              == SQLITE_OK;
  for (int d = 0; ok && d < DAYS; d++)
    {
      g_autofree char *day = day_of (d);
      for (guint64 s = 0; s < per_day; s++)
        simulate_sale (&h);
      ok = flush (&h, h.day, day, error);
    }
  ok = ok && exec (store, "COMMIT", error);
  printf ("history: %" G_GUINT64_FORMAT " sales, %" G_GUINT64_FORMAT
          " lines over %d days -> %" G_GINT64_FORMAT " summary rows in %.1f s\n",
          per_day * DAYS, per_day * DAYS * LINES, DAYS, h.rows,
          (double)(bench_now_ns () - t0) / 1e9);
  sqlite3_finalize (h.insert);
  g_hash_table_unref (h.day);
  g_rand_free (h.rand);
  return ok;
}

/* ---- timing the reports -------------------------------------------------- */

static int64_t thread_cpu_ns (void);

/* What an analysis does once after a month ends (report-summary.h): pack
 * it. The history's twelve months are packed at once here, and timed. */
static gboolean
pack_months (MposStore *store, GError **error)
{
  g_autofree char *today = day_of (DAYS);
  int64_t t0 = bench_now_ns (), c0 = thread_cpu_ns ();
  guint packed = 0;

  if (!mpos_report_summary_pack (store, today, &packed, error))
    return FALSE;
  printf ("packing the year's months (%u packs, %d months, once each when it is over): "
          "%.1f ms wall, %.1f ms CPU\n",
          packed, 12, (double)(bench_now_ns () - t0) / 1e6, (double)(thread_cpu_ns () - c0) / 1e6);
  return TRUE;
}

/* CPU time of this thread in ns: on a machine shared with other work the
 * wall clock also counts the time spent waiting for a core. */
static int64_t
thread_cpu_ns (void)
{
  struct timespec t;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &t);
  return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

typedef struct
{
  GArray *wall, *cpu;
} Samples;

static void
samples_print (Samples *s, const char *what, double *worst_ms)
{
  BenchStats wall = bench_stats (s->wall), cpu = bench_stats (s->cpu);

  printf ("%-44s median %8.1f ms wall, %8.1f ms CPU (max %.1f ms wall)\n", what,
          wall.median_us / 1000, cpu.median_us / 1000, wall.max_us / 1000);
  *worst_ms = MAX (*worst_ms, wall.median_us / 1000);
  g_array_unref (s->wall);
  g_array_unref (s->cpu);
}

static const MposStaffCredential MANAGER = { "9001", "135790", NULL };
/* The reports are timed without a sign-in (an argon2id PIN check, a
 * deliberate ~0.1–1 s): the store lets cashiers read reports, and the
 * reports are asked with no credential. */
#define NO_SIGN_IN NULL

static gboolean
time_analysis (MposStore *store, const char *kind, const char *from, const char *to,
               double *worst_ms, GError **error)
{
  Samples s = { g_array_new (FALSE, FALSE, sizeof (int64_t)),
                g_array_new (FALSE, FALSE, sizeof (int64_t)) };
  g_autofree char *what = g_strdup_printf ("analysis %s over the year:", kind);

  for (int run = 0; run < 5; run++)
    {
      int64_t t0 = bench_now_ns (), c0 = thread_cpu_ns (), ns, cpu;
      g_autoptr (MposReport) report
          = mpos_report_analysis (store, NO_SIGN_IN, kind, from, to, mpos_clock_now (), error);
      if (report == NULL)
        return FALSE;
      ns = bench_now_ns () - t0;
      cpu = thread_cpu_ns () - c0;
      g_array_append_val (s.wall, ns);
      g_array_append_val (s.cpu, cpu);
    }
  samples_print (&s, what, worst_ms);
  return TRUE;
}

/* A Z report waits for the shift's count: the bench's shift (bench-util.c)
 * is closed first, the manager accepting whatever it is short. */
static gboolean
close_shift (MposStore *store, GError **error)
{
  MposCashCount count = { { 0 } };

  return mpos_shift_close (store, "1001", &count, &MANAGER, NULL, error);
}

static gboolean
time_z (MposStore *store, double *worst_ms, GError **error)
{
  Samples s = { g_array_new (FALSE, FALSE, sizeof (int64_t)),
                g_array_new (FALSE, FALSE, sizeof (int64_t)) };

  for (int d = 100; d < 105; d++)
    {
      g_autofree char *day = day_of (d);
      int64_t t0 = bench_now_ns (), c0 = thread_cpu_ns (), ns, cpu;
      g_autoptr (MposReport) z = mpos_report_z (store, NO_SIGN_IN, day, mpos_clock_now (), error);
      if (z == NULL)
        return FALSE;
      ns = bench_now_ns () - t0;
      cpu = thread_cpu_ns () - c0;
      g_array_append_val (s.wall, ns);
      g_array_append_val (s.cpu, cpu);
    }
  samples_print (&s, "Z report of a day (closes it, durable):", worst_ms);
  return TRUE;
}

/* ---- the commit ---------------------------------------------------------- */

static MposCart *
member_sale (MposStore *store, GPtrArray *codes, GRand *rand, GError **error)
{
  g_autoptr (MposCart) cart = mpos_cart_new (store, mpos_clock_now (), error);
  g_autoptr (MposTender) cash = NULL;

  if (cart == NULL || !mpos_cart_set_member (cart, "8800000000017", error))
    return NULL;
  mpos_cart_set_cashier (cart, "1001");
  for (int k = 0; k < 10; k++)
    if (mpos_cart_add_code (cart, codes->pdata[g_rand_int_range (rand, 0, (gint32)codes->len)],
                            g_rand_int_range (rand, 1, 4), error)
        == NULL)
      return NULL;
  cash = mpos_tender_new (MPOS_TENDER_CASH, (mpos_cart_total (cart) / 10000 + 1) * 10000, NULL,
                          NULL);
  return mpos_cart_add_tender (cart, cash, error) ? g_steal_pointer (&cart) : NULL;
}

static GPtrArray *
demo_barcodes (MposStore *store)
{
  GPtrArray *codes = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;

  sqlite3_prepare_v2 (mpos_store_db (store),
                      "SELECT b.code FROM barcodes b JOIN skus s ON s.id = b.sku_id "
                      "JOIN products p ON p.id = s.product_id WHERE p.unit = 'piece' "
                      "AND length (b.code) = 13",
                      -1, &stmt, NULL);
  while (stmt && sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (codes, g_strdup ((const char *)sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  return codes;
}

/* Drops the member totals' triggers (0038), saving their SQL, or makes them
 * again from it. */
static gboolean
member_triggers (MposStore *store, GPtrArray *saved, gboolean drop, GError **error)
{
  sqlite3_stmt *stmt = NULL;

  if (!drop)
    {
      for (guint i = 0; i < saved->len; i++)
        if (!exec (store, saved->pdata[i], error))
          return FALSE;
      g_ptr_array_set_size (saved, 0);
      return TRUE;
    }
  sqlite3_prepare_v2 (mpos_store_db (store),
                      "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' "
                      "AND name LIKE 'member_level_totals_%'",
                      -1, &stmt, NULL);
  while (stmt && sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *sql
          = g_strdup_printf ("DROP TRIGGER %s", (const char *)sqlite3_column_text (stmt, 0));
      g_ptr_array_add (saved, g_strdup ((const char *)sqlite3_column_text (stmt, 1)));
      if (!exec (store, sql, error))
        break;
    }
  sqlite3_finalize (stmt);
  if (saved->len == 0 && (error == NULL || *error == NULL))
    g_set_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_FAILED, "no member totals triggers");
  return error == NULL || *error == NULL;
}

/* A member's points earned, as a sale writes them, n times in a
 * transaction rolled back: the time of the member totals' trigger is the
 * difference with and without it. */
static gboolean
time_member_updates (MposStore *store, int n, double *us, GError **error)
{
  int64_t t0;

  if (!exec (store, "BEGIN", error))
    return FALSE;
  t0 = thread_cpu_ns ();
  for (int i = 0; i < n; i++)
    if (!exec (store, "UPDATE members SET points_available = points_available + 7 "
                      "WHERE card_no = '8800000000017'", error))
      return FALSE;
  *us = (double)(thread_cpu_ns () - t0) / 1000.0 / n;
  return exec (store, "ROLLBACK", error);
}

static gboolean
time_member_totals (MposStore *store, GError **error)
{
  g_autoptr (GPtrArray) saved = g_ptr_array_new_with_free_func (g_free);
  double with = 0, without = 0;

  if (!time_member_updates (store, 2000, &with, error)
      || !member_triggers (store, saved, TRUE, error)
      || !time_member_updates (store, 2000, &without, error)
      || !member_triggers (store, saved, FALSE, error))
    return FALSE;
  printf ("  member totals' trigger (0038): %.1f us CPU per member update "
          "(%.1f with, %.1f without)\n", with - without, with, without);
  return TRUE;
}

typedef struct
{
  GArray *wall[2], *cpu[2]; /* [0] without the upkeep, [1] with */
} Commits;

static gboolean
commit_one (MposStore *store, GPtrArray *codes, GRand *rand, Commits *c, gboolean with,
            gboolean keep, GError **error)
{
  g_autoptr (MposCart) cart = member_sale (store, codes, rand, error);
  MposSaleResult result = { 0 };
  int64_t t0 = bench_now_ns (), c0 = thread_cpu_ns (), ns, cpu;

  if (cart == NULL || !mpos_sale_commit (cart, &result, error))
    return FALSE;
  ns = bench_now_ns () - t0;
  cpu = thread_cpu_ns () - c0;
  if (keep)
    {
      g_array_append_val (c->wall[with], ns);
      g_array_append_val (c->cpu[with], cpu);
    }
  return TRUE;
}

/* Member sales committed in turn with and without the summary upkeep (the
 * report-summary counter hook), all else the same: the sale, its lines,
 * tenders, points, stock, drawer rows, chain seal, audit and journal. The
 * member totals' trigger is timed apart (dropping it is a schema change,
 * which would make every statement of the next commit prepare again). */
static gboolean
time_commits (MposStore *store, GError **error)
{
  g_autoptr (GPtrArray) codes = demo_barcodes (store);
  Commits c = { { g_array_new (FALSE, FALSE, sizeof (int64_t)),
                  g_array_new (FALSE, FALSE, sizeof (int64_t)) },
                { g_array_new (FALSE, FALSE, sizeof (int64_t)),
                  g_array_new (FALSE, FALSE, sizeof (int64_t)) } };
  GRand *rand = g_rand_new_with_seed (7);
  BenchStats wall[2], cpu[2];
  gboolean ok = TRUE;

  for (int i = 0; ok && i < 2 * COMMITS + 20; i++)
    {
      gboolean with = i % 2;
      mpos_report_summary_pause_upkeep (!with);
      ok = commit_one (store, codes, rand, &c, with, i >= 20 /* warm-up */, error);
    }
  mpos_report_summary_pause_upkeep (FALSE);
  g_rand_free (rand);
  for (int w = 0; w < 2; w++)
    {
      wall[w] = bench_stats (c.wall[w]);
      cpu[w] = bench_stats (c.cpu[w]);
      g_array_unref (c.wall[w]);
      g_array_unref (c.cpu[w]);
    }
  if (!ok)
    return FALSE;
  printf ("member sale commit (10 lines, points earned, cash, drawer rows, chain, journal), "
          "%d each, in turn:\n", COMMITS);
  printf ("  without the summary upkeep: median %.1f us wall, %.1f us CPU\n", wall[0].median_us,
          cpu[0].median_us);
  printf ("  with the summary upkeep:    median %.1f us wall, %.1f us CPU\n", wall[1].median_us,
          cpu[1].median_us);
  printf ("  the upkeep adds %.2f %% wall, %.2f %% CPU (target < 5 %%)\n",
          100.0 * (wall[1].median_us - wall[0].median_us) / wall[0].median_us,
          100.0 * (cpu[1].median_us - cpu[0].median_us) / cpu[0].median_us);
  printf ("RESULT summary_upkeep_share=%.2f %%\n",
          100.0 * (wall[1].median_us - wall[0].median_us) / wall[0].median_us);
  return time_member_totals (store, error);
}

/* The summaries of the sales just committed, caught up as the first
 * report after them does (one write transaction). */
/* The sales the summaries are not yet caught up with. */
static int64_t
journal_sales_behind (MposStore *store)
{
  sqlite3_stmt *stmt = NULL;
  int64_t n = 0;

  sqlite3_prepare_v2 (mpos_store_db (store),
                      "SELECT count (*) FROM journal WHERE seq > (SELECT value FROM counters "
                      "WHERE name = 'report_summary_through') AND kind = 'sale'",
                      -1, &stmt, NULL);
  if (stmt && sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static gboolean
time_catch_up (MposStore *store, guint64 sales, GError **error)
{
  int64_t n = journal_sales_behind (store), t0, c0, ns, cpu;

  t0 = bench_now_ns ();
  c0 = thread_cpu_ns ();
  if (!mpos_report_summary_catch_up (store, error))
    return FALSE;
  ns = bench_now_ns () - t0;
  cpu = thread_cpu_ns () - c0;
  if (n == 0)
    return TRUE;
  printf ("summary catch-up by the next report (out of the commits): %" G_GINT64_FORMAT
          " sales in %.1f ms wall, %.1f ms CPU = %.1f us wall, %.1f us CPU a sale\n",
          n, ns / 1e6, cpu / 1e6, ns / 1e3 / n, cpu / 1e3 / n);
  printf ("  a day of this history (%" G_GUINT64_FORMAT " sales) caught up at once, e.g. by a Z "
          "report nothing read before: ~%.0f ms CPU\n",
          sales / DAYS, cpu / 1e6 / n * (double)(sales / DAYS));
  return TRUE;
}

/* ---- a Z report after a day of sales ------------------------------------- */

/* Two days of `n` member sales each, after the year's history: the first
 * read by nothing until its Z report, the second caught up by the store's
 * upkeep (one mpos_store_maintain, the window's 2-second idle tick, every
 * IDLE_EVERY sales; a store selling 8,000 sales in 14 hours ticks some
 * three times a sale). Each day opens its shift, sells, closes the shift,
 * and its Z report (which catches up what is left) is timed. */
#define IDLE_EVERY 10

static gboolean
sell_a_day (MposStore *store, guint64 n, gboolean idle, GError **error)
{
  g_autoptr (GPtrArray) codes = demo_barcodes (store);
  GRand *rand = g_rand_new_with_seed (11);
  gboolean ok = mpos_shift_open (store, "1001", 0, NULL, error);

  for (guint64 i = 0; ok && i < n; i++)
    {
      g_autoptr (MposCart) cart = member_sale (store, codes, rand, error);
      MposSaleResult result = { 0 };
      ok = cart != NULL && mpos_sale_commit (cart, &result, error)
           && (!idle || i % IDLE_EVERY != 0 || mpos_store_maintain (store, NULL, error));
    }
  g_rand_free (rand);
  return ok && close_shift (store, error);
}

static gboolean
time_z_after_a_day (MposStore *store, guint64 n, const char *now, gboolean idle, GError **error)
{
  int64_t left, t0, c0, ns, cpu;
  g_autoptr (MposReport) z = NULL;

  g_setenv ("MALLPOS_NOW", now, TRUE);
  if (!sell_a_day (store, n, idle, error))
    return FALSE;
  left = journal_sales_behind (store);
  t0 = bench_now_ns ();
  c0 = thread_cpu_ns ();
  if ((z = mpos_report_z (store, NO_SIGN_IN, NULL, mpos_clock_now (), error)) == NULL)
    return FALSE;
  ns = bench_now_ns () - t0;
  cpu = thread_cpu_ns () - c0;
  printf ("Z report after a day of %" G_GUINT64_FORMAT " sales %s: %.1f ms wall, %.1f ms CPU "
          "(%" G_GINT64_FORMAT " sales left to catch up)\n",
          n, idle ? "caught up by idle slices" : "nothing read", ns / 1e6, cpu / 1e6, left);
  printf ("RESULT z_after_day_%s=%.1f ms CPU\n", idle ? "idle" : "unread", cpu / 1e6);
  return TRUE;
}

static gboolean
time_z_after_days (MposStore *store, guint64 sales, GError **error)
{
  guint64 n = bench_env_count ("MALLPOS_BENCH_REPORT_DAY_SALES", sales / DAYS);
  gboolean ok = time_z_after_a_day (store, n, "2027-03-01T10:00:00+08:00", FALSE, error)
                && time_z_after_a_day (store, n, "2027-03-02T10:00:00+08:00", TRUE, error);

  g_unsetenv ("MALLPOS_NOW");
  return ok;
}

int
main (void)
{
  g_autoptr (GError) error = NULL;
  const char *keep = g_getenv ("MALLPOS_BENCH_REPORT_STORE"); /* a store file to keep */
  g_autoptr (BenchStore) bs = keep ? bench_store_open (keep, &error) : bench_store_new (&error);
  guint64 sales = bench_env_count ("MALLPOS_BENCH_REPORT_SALES", 3000000);
  const char *const *kinds = mpos_report_analysis_kinds ();
  g_autofree char *from = day_of (0), *to = day_of (DAYS - 1);
  double worst = 0;

  /* MALLPOS_BENCH_REPORT_REUSE=1: the kept store's history is timed again */
  if (keep && g_getenv ("MALLPOS_BENCH_REPORT_REUSE") != NULL)
    {
      if (bs == NULL || !pack_months (bs->store, &error))
        goto failed;
      goto analyses;
    }
  if (bs == NULL || !bench_load_demo (bs->store, NULL, TRUE, &error)
      || !mpos_staff_add (bs->store, MANAGER.number, "经理", MPOS_STAFF_ROLE_MANAGER, MANAGER.pin,
                          NULL, &error)
      || !mpos_staff_permit (bs->store, MPOS_STAFF_ROLE_CASHIER, MPOS_ACTION_REPORT_ACCESS, TRUE,
                             &MANAGER, &error)
      || !time_commits (bs->store, &error) || !time_catch_up (bs->store, sales, &error)
      || !build_history (bs->store, sales, &error) || !pack_months (bs->store, &error))
    goto failed;
analyses:
  for (guint i = 0; kinds[i] != NULL; i++)
    if (!time_analysis (bs->store, kinds[i], from, to, &worst, &error))
      goto failed;
  if (keep && g_getenv ("MALLPOS_BENCH_REPORT_REUSE") != NULL)
    return 0; /* the Z reports closed their days the first time */
  if (!close_shift (bs->store, &error) || !time_z (bs->store, &worst, &error)
      || !time_z_after_days (bs->store, sales, &error))
    goto failed;
  printf ("slowest report over the year: %.1f ms (target < 300 ms)\n", worst);
  printf ("RESULT report_year_worst=%.1f ms\n", worst);
  return 0;
failed:
  fprintf (stderr, "bench-report: %s\n", error ? error->message : "failed");
  return 1;
}
