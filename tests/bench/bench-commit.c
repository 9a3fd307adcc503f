/* bench-commit.c — DESIGN.md target "durable sale commit (10 lines, member,
 * points, stored value, journal) < 2× a bare single-row SQLite commit with
 * the same synchronous setting, measured in the same run". Each sale is a
 * gold member's: 10 lines with the demo promotions, paid 1000 points, 20.00
 * stored value and cash, earning points. Both databases live in one temp
 * directory on the same disk; the two kinds of commit alternate so that both
 * see the same disk.
 *
 * Upkeep (WAL checkpoint, stock fold) used to run inside the committing
 * call; it now runs when nobody waits (store-maintenance.h). The bench runs
 * it right after each sale, timed on its own, and prints the sale commit
 * without it (now) beside the commit plus the upkeep that sale carried
 * (until now: the same checkpoint at the same 1000 WAL pages, the same fold
 * at the same 256 movements, but inside the commit). */
#include "bench-util.h"
#include "cart.h"
#include "clock.h"
#include "loyalty-rules.h"
#include "member.h"
#include "points.h"
#include "sale.h"
#include "stock.h"
#include "store-private.h"
#include "store-maintenance.h"
#include "stored-value.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>
#include <fcntl.h>
#include <sys/vfs.h>
#include <unistd.h>

#define DEFAULT_COMMITS 300
#define WARMUP_COMMITS 50 /* each sale writes ~30 WAL frames: the store's WAL wraps once */
#define WAL_AUTOCHECKPOINT_PAGES 1000 /* SQLite's default */
#define LINES_PER_SALE 10
#define TARGET_RATIO 2.0
#define MEMBER_CARD "8800000000017" /* 张伟, gold, from the demo members */
#define POINTS_PER_SALE 1000
#define STORED_VALUE_PER_SALE 2000 /* fen, below the demo rules' PIN threshold */
/* The store's manager, who approves a points adjustment. */
static const MposStaffCredential SUPERVISOR = { "9001", "135790", NULL };
#define TMPFS_MAGIC_NUMBER 0x01021994

/* Frames each commit appends to the WAL: the pages a transaction dirties,
 * each one pwrite() before the fsync. Installing a WAL hook replaces the
 * store's own (which notes the upkeep owed) and, on the bare database,
 * SQLite's auto-checkpoint: this one passes the count on to the store's,
 * or checkpoints the bare database as SQLite would. */
typedef struct
{
  MposStore *store; /* NULL: the bare database */
  int64_t frames;
  int64_t commits;
  int last_frames;
  GHashTable *pages; /* with --profile: page number → times written */
} WalCount;

#define WAL_HEADER_BYTES 32
#define WAL_FRAME_HEADER_BYTES 24

/* The page numbers of WAL frames [from, to): each frame header starts with
 * its page number, big-endian. */
static void
record_wal_pages (sqlite3 *db, const char *schema, int from, int to, GHashTable *pages)
{
  g_autofree char *wal = g_strconcat (sqlite3_db_filename (db, schema), "-wal", NULL);
  sqlite3_stmt *stmt = NULL;
  int page_size = 0, fd;

  if (sqlite3_prepare_v2 (db, "PRAGMA page_size", -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    page_size = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  if (page_size == 0 || (fd = open (wal, O_RDONLY)) < 0)
    return;
  for (int f = from; f < to; f++)
    {
      guint8 header[4];
      off_t at = WAL_HEADER_BYTES + (off_t)f * (WAL_FRAME_HEADER_BYTES + page_size);

      if (pread (fd, header, sizeof header, at) == sizeof header)
        {
          guint page = (guint)header[0] << 24 | (guint)header[1] << 16 | (guint)header[2] << 8
                       | header[3];
          gpointer seen = g_hash_table_lookup (pages, GUINT_TO_POINTER (page));

          g_hash_table_insert (pages, GUINT_TO_POINTER (page),
                               GINT_TO_POINTER (GPOINTER_TO_INT (seen) + 1));
        }
    }
  close (fd);
}

static int
count_wal_frames (void *data, sqlite3 *db, const char *schema, int frames_in_wal)
{
  WalCount *count = data;

  /* After a complete checkpoint the next writer starts the WAL again. */
  if (frames_in_wal < count->last_frames)
    count->last_frames = 0;
  count->frames += frames_in_wal - count->last_frames;
  if (count->pages != NULL)
    record_wal_pages (db, schema, count->last_frames, frames_in_wal, count->pages);
  count->commits++;
  count->last_frames = frames_in_wal;
  if (count->store != NULL)
    return mpos_store_note_wal (count->store, db, schema, frames_in_wal);
  if (frames_in_wal >= WAL_AUTOCHECKPOINT_PAGES)
    sqlite3_wal_checkpoint_v2 (db, schema, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
  return SQLITE_OK;
}

static double
frames_per_commit (const WalCount *count)
{
  return count->commits ? (double)count->frames / (double)count->commits : 0;
}

typedef struct
{
  GPtrArray *barcodes; /* piece goods of the demo catalog */
  GPtrArray *plus;     /* weighed goods */
  GRand *rand;
  MposMoney points_value; /* what POINTS_PER_SALE are worth under the demo rules */
} SaleMaker;

static GPtrArray *
column_strings (MposStore *store, MposSql *sql, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, sql, error);
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func (g_free);

  if (stmt == NULL)
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (out, g_strdup ((const char *)sqlite3_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  return g_steal_pointer (&out);
}

static const char *
pick (SaleMaker *m, GPtrArray *from)
{
  return g_ptr_array_index (from, g_rand_int_range (m->rand, 0, (gint32)from->len));
}

static gboolean
add_tender (MposCart *cart, MposTender *tender, GError **error)
{
  g_autoptr (MposTender) owned = tender;

  return owned != NULL && mpos_cart_add_tender (cart, owned, error);
}

/* Points, stored value, and cash rounded up to the next 100 yuan. */
static gboolean
pay (MposCart *cart, SaleMaker *m, GError **error)
{
  MposTender *points = mpos_tender_new (MPOS_TENDER_POINTS, m->points_value, NULL, NULL);
  MposMoney rest;

  points->points = POINTS_PER_SALE;
  if (!add_tender (cart, points, error)
      || !add_tender (cart,
                      mpos_stored_value_tender_new (mpos_cart_get_store (cart),
                                                    mpos_cart_get_member (cart)->id,
                                                    STORED_VALUE_PER_SALE, NULL, mpos_clock_now (),
                                                    error),
                      error))
    return FALSE;
  rest = mpos_cart_total (cart) - m->points_value - STORED_VALUE_PER_SALE;
  return add_tender (cart, mpos_tender_new (MPOS_TENDER_CASH, (rest / 10000 + 1) * 10000, NULL, NULL),
                     error);
}

/* 9 scanned piece goods (1–3 each) and one scale label for the gold member.
 * Returns the cart ready to commit. */
static MposCart *
ring_up_sale (MposStore *store, SaleMaker *m, GError **error)
{
  g_autoptr (MposCart) cart = mpos_cart_new (store, mpos_clock_now (), error);
  char label[14];

  if (cart == NULL)
    return NULL;
  mpos_cart_set_cashier (cart, "1001");
  if (!mpos_cart_set_member (cart, MEMBER_CARD, error))
    return NULL;
  for (int k = 0; k < LINES_PER_SALE - 1; k++)
    if (mpos_cart_add_code (cart, pick (m, m->barcodes), g_rand_int_range (m->rand, 1, 4), error)
        == NULL)
      return NULL;
  g_snprintf (label, sizeof label, "20%s%05d", pick (m, m->plus),
              g_rand_int_range (m->rand, 200, 3000));
  label[12] = (char)('0' + mpos_barcode_gs1_check_digit (label, 12));
  label[13] = '\0';
  if (mpos_cart_add_code (cart, label, 0, error) == NULL || !pay (cart, m, error))
    return NULL;
  return g_steal_pointer (&cart);
}

/* The demo loyalty rules, and enough points and stored value for every sale. */
static gboolean
fund_member (MposStore *store, const char *demo_dir, guint sales, MposMoney *points_value,
             GError **error)
{
  gsize length = 0;
  g_autofree char *rules_doc = bench_demo_file (demo_dir, "loyalty-rules.json", &length, error);
  g_autoptr (MposLoyaltyRules) rules = NULL;
  g_autoptr (MposMember) member = NULL;
  g_autoptr (MposTender) cash = NULL;
  MposTopUpResult top_up;
  int64_t now = mpos_clock_now ();

  if (rules_doc == NULL
      || !mpos_loyalty_rules_import (store, rules_doc, length, "bench", now, error)
      || (rules = mpos_loyalty_rules_load (store, error)) == NULL
      || (member = mpos_member_lookup (store, MEMBER_CARD, error)) == NULL)
    return FALSE;
  if (!mpos_loyalty_rules_points_value (rules, POINTS_PER_SALE, points_value))
    {
      g_set_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_FAILED,
                   "the demo rules do not value %d points in whole fen", POINTS_PER_SALE);
      return FALSE;
    }
  cash = mpos_tender_new (MPOS_TENDER_CASH, (MposMoney)sales * STORED_VALUE_PER_SALE, NULL, NULL);
  /* The store's first manager approves the benchmark's points. */
  return mpos_staff_add (store, SUPERVISOR.number, "经理", MPOS_STAFF_ROLE_MANAGER, SUPERVISOR.pin,
                         NULL, error)
         && mpos_points_adjust (store, member->id, (int64_t)sales * POINTS_PER_SALE, "benchmark",
                                "1001", &SUPERVISOR, now, error)
         && mpos_stored_value_top_up (store, member->id, cash, "1001", now, &top_up, error);
}

/* ---- the bare baseline ----------------------------------------------------- */

/* SQLite's default VFS, the store's page size, WAL, synchronous=FULL. */
static sqlite3 *
bare_open (const char *path, int page_size, GError **error)
{
  sqlite3 *db = NULL;
  int rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  g_autofree char *setup = g_strdup_printf (
      "PRAGMA page_size = %d; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; "
      "CREATE TABLE bare (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, payload TEXT NOT NULL);",
      page_size);

  if (rc == SQLITE_OK)
    rc = sqlite3_exec (db, setup, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_FAILED, "bare database %s: %s", path,
                   db ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      sqlite3_close (db);
      return NULL;
    }
  return db;
}

/* A WAL that has never wrapped grows with every commit, and an fsync that
 * must also record a new file size costs more. A terminal's WAL is past that
 * after its first minutes, so both databases are timed in that steady state:
 * here one transaction of more than the auto-checkpoint's pages, after which
 * the WAL is checkpointed and written again from its start. */
static gboolean
bare_warm_up (sqlite3 *db, GError **error)
{
  g_autofree char *sql = g_strdup_printf (
      "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d) "
      "INSERT INTO bare (at, payload) SELECT 0, hex (randomblob (1800)) FROM n",
      WAL_AUTOCHECKPOINT_PAGES + 100);

  if (sqlite3_exec (db, sql, NULL, NULL, NULL) != SQLITE_OK)
    {
      g_set_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_FAILED, "bare warm-up: %s",
                   sqlite3_errmsg (db));
      return FALSE;
    }
  return TRUE;
}

/* One autocommit INSERT: one row, one transaction, one WAL fsync. */
static gboolean
bare_commit (sqlite3 *db, sqlite3_stmt *insert, guint k, int64_t *ns, GError **error)
{
  char payload[64];
  int64_t t0;
  int rc;

  g_snprintf (payload, sizeof payload, "S001-T01-20261123-%04u cash 100.00", k);
  sqlite3_bind_int64 (insert, 1, g_get_real_time ());
  sqlite3_bind_text (insert, 2, payload, -1, SQLITE_TRANSIENT);
  t0 = bench_now_ns ();
  rc = sqlite3_step (insert);
  sqlite3_reset (insert);
  *ns = bench_now_ns () - t0;
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_FAILED, "bare insert: %s",
                   sqlite3_errmsg (db));
      return FALSE;
    }
  return TRUE;
}

/* ---- where a sale's time goes (--profile) ------------------------------------ */

/* Per statement text: how often it ran during the timed sale commits and
 * how long its steps took (SQLite's own profile clock). */
typedef struct
{
  GHashTable *by_sql; /* sql → StatementTime */
  gboolean on;
} Profile;

typedef struct
{
  int64_t runs;
  int64_t ns;
} StatementTime;

static int
profile_statement (unsigned type, void *data, void *p, void *x)
{
  Profile *profile = data;
  const char *sql;
  StatementTime *t;

  if (type != SQLITE_TRACE_PROFILE || !profile->on || (sql = sqlite3_sql (p)) == NULL)
    return 0;
  t = g_hash_table_lookup (profile->by_sql, sql);
  if (t == NULL)
    {
      t = g_new0 (StatementTime, 1);
      g_hash_table_insert (profile->by_sql, g_strdup (sql), t);
    }
  t->runs++;
  t->ns += *(sqlite3_int64 *)x;
  return 0;
}

static gint
by_time_descending (gconstpointer a, gconstpointer b, gpointer by_sql)
{
  const StatementTime *ta = g_hash_table_lookup (by_sql, *(char *const *)a);
  const StatementTime *tb = g_hash_table_lookup (by_sql, *(char *const *)b);

  return (ta->ns < tb->ns) - (ta->ns > tb->ns);
}

static void
print_profile (Profile *profile, guint sales)
{
  g_autoptr (GPtrArray) keys = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer sql;
  int64_t total_ns = 0, total_runs = 0;

  g_hash_table_iter_init (&iter, profile->by_sql);
  while (g_hash_table_iter_next (&iter, &sql, NULL))
    g_ptr_array_add (keys, sql);
  g_ptr_array_sort_with_data (keys, by_time_descending, profile->by_sql);
  printf ("  statements per sale commit (SQLite profile clock, per sale):\n");
  for (guint i = 0; i < keys->len; i++)
    {
      const char *text = g_ptr_array_index (keys, i);
      const StatementTime *t = g_hash_table_lookup (profile->by_sql, text);

      total_ns += t->ns;
      total_runs += t->runs;
      printf ("  %8.2f µs %6.2f× %s\n", t->ns / 1000.0 / sales, (double)t->runs / sales, text);
    }
  printf ("  %8.2f µs %6.2f× in all\n", total_ns / 1000.0 / sales, (double)total_runs / sales);
}

/* Which table or index each page written by the timed sales belongs to. */
static void
print_pages (sqlite3 *db, GHashTable *pages, guint sales)
{
  sqlite3_stmt *stmt = NULL;
  g_autoptr (GHashTable) by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer page, times;

  if (sqlite3_prepare_v2 (db, "SELECT name FROM dbstat WHERE pageno = ?", -1, &stmt, NULL)
      != SQLITE_OK)
    return;
  g_hash_table_iter_init (&iter, pages);
  while (g_hash_table_iter_next (&iter, &page, &times))
    {
      const char *name = "(free or new)";
      gpointer sum;

      sqlite3_bind_int (stmt, 1, (int)GPOINTER_TO_UINT (page));
      if (sqlite3_step (stmt) == SQLITE_ROW)
        name = (const char *)sqlite3_column_text (stmt, 0);
      sum = g_hash_table_lookup (by_name, name);
      g_hash_table_insert (by_name, g_strdup (name),
                           GINT_TO_POINTER (GPOINTER_TO_INT (sum) + GPOINTER_TO_INT (times)));
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
  printf ("  pages written per sale commit, by table or index:\n");
  g_hash_table_iter_init (&iter, by_name);
  while (g_hash_table_iter_next (&iter, &page, &times))
    printf ("  %8.2f %s\n", GPOINTER_TO_INT (times) / (double)sales, (const char *)page);
}

/* ---- the sale ---------------------------------------------------------------- */

typedef struct
{
  int64_t commit_ns; /* mpos_sale_commit */
  int64_t full_ns;   /* cart, lines, tenders and commit */
  int64_t upkeep_ns; /* mpos_store_maintain right after */
  gboolean upkeep;   /* it had work: a checkpoint or a fold */
} SaleTimes;

static gboolean
sale_commit (MposStore *store, SaleMaker *m, Profile *profile, SaleTimes *times, GError **error)
{
  int64_t t0 = bench_now_ns (), t1, t2, t3;
  MposMaintenance done;
  g_autoptr (MposCart) cart = ring_up_sale (store, m, error);
  MposSaleResult result;

  if (cart == NULL)
    return FALSE;
  t1 = bench_now_ns ();
  profile->on = TRUE;
  if (!mpos_sale_commit (cart, &result, error))
    return FALSE;
  t2 = bench_now_ns ();
  profile->on = FALSE;
  if (!mpos_store_maintain (store, &done, error))
    return FALSE;
  t3 = bench_now_ns ();
  times->commit_ns = t2 - t1;
  times->full_ns = t2 - t0;
  times->upkeep_ns = t3 - t2;
  times->upkeep = done.checkpointed || done.folded;
  return TRUE;
}

static char *
pragma_text (sqlite3 *db, const char *pragma)
{
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  if (sqlite3_prepare_v2 (db, pragma, -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value ? value : g_strdup ("?");
}

static void
print_setup (const char *dir, sqlite3 *store_db, sqlite3 *bare_db)
{
  g_autofree char *store_mode = pragma_text (store_db, "PRAGMA journal_mode");
  g_autofree char *store_sync = pragma_text (store_db, "PRAGMA synchronous");
  g_autofree char *bare_mode = pragma_text (bare_db, "PRAGMA journal_mode");
  g_autofree char *bare_sync = pragma_text (bare_db, "PRAGMA synchronous");
  g_autofree char *store_page = pragma_text (store_db, "PRAGMA page_size");
  g_autofree char *bare_page = pragma_text (bare_db, "PRAGMA page_size");
  struct statfs fs;

  printf ("bench-commit: durable sale commit vs bare single-row SQLite commit\n");
  printf ("  directory %s (both databases); SQLite %s\n", dir, sqlite3_libversion ());
  printf ("  store: journal_mode=%s synchronous=%s page_size=%s   bare: journal_mode=%s "
          "synchronous=%s page_size=%s (2 = FULL)\n",
          store_mode, store_sync, store_page, bare_mode, bare_sync, bare_page);
  if (statfs (dir, &fs) == 0 && fs.f_type == TMPFS_MAGIC_NUMBER)
    printf ("  WARNING: %s is tmpfs: fsync costs nothing here; set TMPDIR to a real disk\n", dir);
}

static double
wal_kib (const char *db_path)
{
  g_autofree char *wal = g_strconcat (db_path, "-wal", NULL);
  GStatBuf st;

  return g_stat (wal, &st) == 0 ? st.st_size / 1024.0 : 0;
}

typedef struct
{
  guint commits;
  char *demo_dir;
  gboolean profile;
  gboolean cpu_only; /* the store without fsync: what the sale costs besides the disk */
} Options;

static MposSql SQL_RUN
    = MPOS_SQL ("bench-commit: run", "SELECT b.code FROM barcodes b JOIN skus s ON s.id = b.sku_id "
                                     "WHERE s.plu IS NULL ORDER BY b.code");

static MposSql SQL_RUN_2
    = MPOS_SQL ("bench-commit: run", "SELECT plu FROM skus WHERE plu IS NOT NULL ORDER BY plu");

static int
run (const Options *o, GError **error)
{
  g_autoptr (BenchStore) bs = bench_store_new (error);
  g_autoptr (GRand) rand = g_rand_new_with_seed (20261123);
  g_autoptr (GPtrArray) barcodes = NULL;
  g_autoptr (GPtrArray) plus = NULL;
  g_autoptr (GArray) bare = g_array_new (FALSE, FALSE, sizeof (int64_t));
  g_autoptr (GArray) commit = g_array_new (FALSE, FALSE, sizeof (int64_t));
  g_autoptr (GArray) full = g_array_new (FALSE, FALSE, sizeof (int64_t));
  g_autoptr (GArray) upkeep = g_array_new (FALSE, FALSE, sizeof (int64_t));
  g_autoptr (GArray) with_upkeep = g_array_new (FALSE, FALSE, sizeof (int64_t));
  guint upkeep_runs = 0;
  g_autofree char *bare_path = NULL;
  sqlite3 *bare_db = NULL;
  sqlite3_stmt *insert = NULL;
  BenchStats bare_stats, commit_stats, full_stats, upkeep_stats, with_upkeep_stats;
  WalCount bare_wal = { 0 }, store_wal = { .store = bs ? bs->store : NULL };
  char money[MPOS_MONEY_BUF];
  g_autofree char *store_page_size = NULL;
  SaleMaker m;
  Profile profile = { NULL, FALSE };
  int status = 1;

  if (bs == NULL || !bench_load_demo (bs->store, o->demo_dir, TRUE, error))
    return 1;
  barcodes = column_strings (bs->store, &SQL_RUN, error);
  plus = column_strings (bs->store, &SQL_RUN_2, error);
  if (barcodes == NULL || plus == NULL)
    return 1;
  m = (SaleMaker){ barcodes, plus, rand, 0 };
  if (!fund_member (bs->store, o->demo_dir, WARMUP_COMMITS + o->commits, &m.points_value, error))
    return 1;
  bare_path = g_build_filename (bs->dir, "bare.db", NULL);
  store_page_size = pragma_text (mpos_store_db (bs->store), "PRAGMA page_size");
  bare_db = bare_open (bare_path, atoi (store_page_size), error);
  if (bare_db == NULL || !bare_warm_up (bare_db, error))
    goto out;
  if (sqlite3_prepare_v3 (bare_db, "INSERT INTO bare (at, payload) VALUES (?, ?)", -1,
                          SQLITE_PREPARE_PERSISTENT, &insert, NULL)
      != SQLITE_OK)
    {
      g_set_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_FAILED, "bare insert: %s",
                   sqlite3_errmsg (bare_db));
      goto out;
    }

  profile.by_sql = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (o->profile)
    store_wal.pages = g_hash_table_new (NULL, NULL);
  if (o->profile)
    sqlite3_trace_v2 (mpos_store_db (bs->store), SQLITE_TRACE_PROFILE, profile_statement,
                      &profile);
  if (o->cpu_only
      && sqlite3_exec (mpos_store_db (bs->store), "PRAGMA synchronous = OFF", NULL, NULL, NULL)
             != SQLITE_OK)
    goto out;
  sqlite3_wal_hook (bare_db, count_wal_frames, &bare_wal);
  sqlite3_wal_hook (mpos_store_db (bs->store), count_wal_frames, &store_wal);

  /* Alternate bare and sale commits so both see the same disk at the same time. */
  for (guint k = 0; k < WARMUP_COMMITS + o->commits; k++)
    {
      int64_t bare_ns, before_ns;
      SaleTimes t;

      if (k == WARMUP_COMMITS)
        bare_wal.frames = bare_wal.commits = store_wal.frames = store_wal.commits = 0;

      if (!bare_commit (bare_db, insert, k, &bare_ns, error)
          || !sale_commit (bs->store, &m, &profile, &t, error))
        goto out;
      if (k < WARMUP_COMMITS)
        continue;
      before_ns = t.commit_ns + t.upkeep_ns;
      upkeep_runs += t.upkeep;
      g_array_append_val (bare, bare_ns);
      g_array_append_val (commit, t.commit_ns);
      g_array_append_val (full, t.full_ns);
      g_array_append_val (upkeep, t.upkeep_ns);
      g_array_append_val (with_upkeep, before_ns);
    }
  bare_stats = bench_stats (bare);
  commit_stats = bench_stats (commit);
  full_stats = bench_stats (full);
  upkeep_stats = bench_stats (upkeep);
  with_upkeep_stats = bench_stats (with_upkeep);

  print_setup (bs->dir, mpos_store_db (bs->store), bare_db);
  printf ("  sale: %d lines (9 scanned, 1 scale label), gold member earning points, paid %d "
          "points + %s stored value + cash; demo catalog, promotions and loyalty rules; %u "
          "commits after %d warm-up\n",
          LINES_PER_SALE, POINTS_PER_SALE, mpos_money_to_buf (STORED_VALUE_PER_SALE, money),
          o->commits, WARMUP_COMMITS);
  printf (
      "  WAL files after the run (steady state, never growing): store %.0f KiB, bare %.0f KiB\n",
      wal_kib (bs->path), wal_kib (bare_path));
  printf ("  WAL frames (pages written) per commit: sale %.1f, bare %.1f\n",
          frames_per_commit (&store_wal), frames_per_commit (&bare_wal));
  bench_print_stats ("bare INSERT (autocommit, WAL, FULL)", &bare_stats);
  bench_print_stats ("mpos_sale_commit (tx + journal + fsync)", &commit_stats);
  bench_print_stats ("cart + 10 × add_code + tender + commit", &full_stats);
  printf ("  upkeep (WAL checkpoint at %d pages, stock fold at %d movements) had work after %u "
          "of %u sales:\n",
          MPOS_STORE_WAL_CHECKPOINT_FRAMES, MPOS_STOCK_FOLD_EVERY, upkeep_runs, o->commits);
  bench_print_stats ("idle upkeep after each sale", &upkeep_stats);
  bench_print_stats ("before: commit + its upkeep in it", &with_upkeep_stats);
  bench_print_stats ("after: commit, upkeep in idle time", &commit_stats);
  printf ("  ratio of medians, sale commit / bare commit: %.2f×\n",
          commit_stats.median_us / bare_stats.median_us);
  printf ("  ratio of medians, priced sale incl. cart / bare commit: %.2f×\n",
          full_stats.median_us / bare_stats.median_us);
  printf ("  ratio of p99, sale commit / bare commit: %.2f×\n",
          commit_stats.p99_us / bare_stats.p99_us);
  if (o->cpu_only)
    printf ("  --cpu-only: the store does not sync, the bare database does; no target applies\n");
  else
    printf ("  target ratio < %.0f×: %s\n", TARGET_RATIO,
            commit_stats.median_us / bare_stats.median_us < TARGET_RATIO ? "met" : "MISSED");
  if (o->profile)
    {
      print_profile (&profile, WARMUP_COMMITS + o->commits);
      print_pages (mpos_store_db (bs->store), store_wal.pages, o->commits);
    }
  printf ("RESULT commit_ratio=%.2f x\n", commit_stats.median_us / bare_stats.median_us);
  printf ("RESULT commit_p99_before=%.0f us\nRESULT commit_p99_after=%.0f us\n",
          with_upkeep_stats.p99_us, commit_stats.p99_us);
  status = 0;

out:
  if (profile.by_sql != NULL)
    g_hash_table_destroy (profile.by_sql);
  if (store_wal.pages != NULL)
    g_hash_table_destroy (store_wal.pages);
  sqlite3_finalize (insert);
  sqlite3_close (bare_db);
  return status;
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GOptionContext) context = g_option_context_new ("- time durable sale commits");
  gint commits = (gint)bench_env_count ("MALLPOS_BENCH_COMMITS", DEFAULT_COMMITS);
  Options o = { 0 };
  GOptionEntry entries[] = {
    { "commits", 'm', 0, G_OPTION_ARG_INT, &commits,
      "timed commits of each kind (default $MALLPOS_BENCH_COMMITS or 300)", "M" },
    { "demo-dir", 'd', 0, G_OPTION_ARG_FILENAME, &o.demo_dir,
      "demo data (relative to the source root; default $MALLPOS_DEMO_DIR)", "DIR" },
    { "profile", 'p', 0, G_OPTION_ARG_NONE, &o.profile,
      "also print each statement's time per sale commit (slows the sale)", NULL },
    { "cpu-only", 0, 0, G_OPTION_ARG_NONE, &o.cpu_only,
      "the store with synchronous=OFF: the sale's cost besides the disk (no target)", NULL },
    { NULL },
  };
  int status;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || commits < 1)
    {
      fprintf (stderr, "bench-commit: %s\n", error ? error->message : "--commits must be positive");
      return 2;
    }
  o.commits = (guint)commits;
  status = run (&o, &error);
  if (status != 0)
    fprintf (stderr, "bench-commit: %s\n", error ? error->message : "failed");
  g_free (o.demo_dir);
  return status;
}
