/* test-bit-rot.c — random byte flips in a copy of a store file with sales,
 * returns, top-ups and points: what does `check` catch? SQLite keeps no
 * page checksums, so a flipped byte inside a row is just another value;
 * the hash chain (src/row-chain.c) is what catches it in the rows that hold
 * money. Every flip that changes a chained row or a chain link as a reader
 * sees it, or leaves the file unreadable, must be caught (a problem, or a
 * store that refuses to open or to be checked). Flips elsewhere are counted
 * and printed: those that changed nothing a reader sees (free space, slack
 * in pages) and those that changed an unchained table (a product name, a
 * price), which is what stays undetectable by design. BITROT_SEED repeats a
 * run; BITROT_FLIPS sets how many (fewer when MAX_SECONDS run out first, as
 * on a busy machine under the sanitizers). */
#include "core.h"
#include "crash-util.h"
#include "test-util.h"
#include "cart-json.h"
#include "clock.h"
#include "integrity.h"
#include "loyalty-rules.h"
#include "member.h"
#include "points.h"
#include "row-chain.h"
#include "sale.h"
#include "stored-value.h"

#include <glib/gstdio.h>
#include <string.h>

#define DEFAULT_FLIPS 400
#define MAX_SECONDS 150 /* then stop flipping, having done at least MIN_FLIPS */
#define MIN_FLIPS 60
#define DEFAULT_SEED 20261123
#define SALES 60
#define MEMBER_CARD "8800000000017"
/* The store's manager (crash_demo_store), who approves a points adjustment. */
static const MposStaffCredential SUPERVISOR = { "9001", CRASH_MANAGER_PIN, NULL };

typedef struct
{
  guint flips;
  guint caught;
  guint chained_changed; /* a chained row or link changed, or unreadable */
  guint chained_caught;
  guint chained_caught_otherwise; /* by SQLite's checks or the totals, not the chain */
  guint unchained_changed;        /* only unchained tables changed */
  guint unchained_caught;
  guint nothing_changed; /* no table reads differently */
} Tally;

/* ---- a store with money rows ------------------------------------------------- */

static void
sell (MposStore *store, const char *doc, MposSaleResult *result)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposCart) cart
      = mpos_cart_from_json (store, doc, strlen (doc), mpos_clock_now (), &error);

  g_assert_no_error (error);
  g_assert_true (mpos_sale_commit (cart, result, &error));
  g_assert_no_error (error);
}

/* The demo loyalty rules, 1000.00 of stored value and 100000 points. The
 * sales here pay stored value without the member's PIN many times a day:
 * the store's no-proof cap is set high explicitly (stored-value-proof.c). */
static void
give_member_money (MposStore *store)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) rules = crash_rules_without_proof_caps ();
  g_autoptr (MposMember) member = NULL;
  g_autoptr (MposTender) cash = mpos_tender_new (MPOS_TENDER_CASH, 100000, NULL, NULL);
  MposTopUpResult top_up;

  g_assert_true (mpos_loyalty_rules_import (store, rules->str, rules->len, "it", mpos_clock_now (),
                                            &error));
  member = mpos_member_lookup (store, MEMBER_CARD, &error);
  g_assert_no_error (error);
  g_assert_true (mpos_stored_value_top_up (store, member->id, cash, "1001", mpos_clock_now (),
                                           &top_up, &error));
  g_assert_true (mpos_points_adjust (store, member->id, 100000, "welcome", "1001", &SUPERVISOR,
                                     mpos_clock_now (), &error));
  g_assert_no_error (error);
}

/* The demo store with SALES sales, alternately paid in cash and with
 * points and stored value, every fifth returned. Closed, so the file holds
 * everything (no WAL). */
static char *
store_with_sales (char **dir)
{
  g_autofree char *sale_path = crash_demo_path ("sale.json");
  g_autofree char *cash_doc = NULL;
  g_autofree char *loyalty_doc = NULL;
  g_autofree char *wal = NULL;
  g_autoptr (GError) error = NULL;
  char *path = crash_demo_store (dir);
  MposStoreOptions options = { FALSE, 5000 };
  mpos_core_init ();
  MposStore *store = mpos_store_open (path, &options, &error);

  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (sale_path, &cash_doc, NULL, &error));
  loyalty_doc = crash_loyalty_sale_doc ();
  give_member_money (store);
  for (guint i = 0; i < SALES; i++)
    {
      MposSaleResult sale, ret;

      sell (store, i % 2 ? loyalty_doc : cash_doc, &sale);
      if (i % 5 == 4)
        g_assert_true (
            mpos_sale_return (store, sale.receipt_no, NULL, "1001", "退货", &ret, &error));
      g_assert_no_error (error);
    }
  mpos_store_close (store);
  wal = g_strconcat (path, "-wal", NULL);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  return path;
}

/* ---- what a reader sees -------------------------------------------------------- */

static void
dump_table (sqlite3 *db, const char *table, GString *out, gboolean *readable)
{
  g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\"", table);
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  g_string_append_printf (out, "[%s]", table);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        {
          const void *bytes = sqlite3_column_blob (stmt, i);
          int length = sqlite3_column_bytes (stmt, i);

          g_string_append_printf (out, "|%d:%d:", sqlite3_column_type (stmt, i), length);
          if (bytes != NULL)
            g_string_append_len (out, bytes, length);
        }
      rc = SQLITE_OK;
    }
  if (rc != SQLITE_DONE)
    *readable = FALSE;
  sqlite3_finalize (stmt);
}

/* Every table's rows (virtual ones aside: their shadow tables hold their
 * data), as bytes; *chained_out gets the chained tables' part. FALSE when
 * the file cannot be read as a whole. */
static gboolean
dump_store (const char *path, char **all_out, char **chained_out)
{
  g_autofree char *uri = g_strdup_printf ("file:%s?immutable=1", path);
  g_autoptr (GString) all = g_string_new (NULL);
  g_autoptr (GString) money = g_string_new (NULL);
  g_autoptr (GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  gboolean readable = TRUE;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_open_v2 (uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);

  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (db,
                             "SELECT name FROM sqlite_schema WHERE type = 'table' "
                             "AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name",
                             -1, &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_ptr_array_add (tables, g_strdup ((const char *)sqlite3_column_text (stmt, 0)));
      rc = SQLITE_OK;
    }
  readable = rc == SQLITE_DONE;
  sqlite3_finalize (stmt);
  for (guint i = 0; readable && i < tables->len; i++)
    dump_table (db, tables->pdata[i], all, &readable);
  /* the tables the hash chain covers, and the chain itself */
  for (guint i = 0; readable && mpos_row_chain_table (i) != NULL; i++)
    dump_table (db, mpos_row_chain_table (i), money, &readable);
  if (readable)
    dump_table (db, "row_chain", money, &readable);
  sqlite3_close (db);
  *all_out = g_string_free (g_steal_pointer (&all), FALSE);
  *chained_out = g_string_free (g_steal_pointer (&money), FALSE);
  return readable;
}

/* ---- check on a damaged copy -------------------------------------------------- */

/* Whether check reports anything: a problem, or a store that will not
 * open or cannot be checked (exit 5 from `mallposctl check`); *otherwise:
 * whether it does without the hash chain's sentences. */
static gboolean
check_reports (const char *path, GString *said, gboolean *otherwise)
{
  MposStoreOptions options = { FALSE, 2000 };
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  mpos_core_init ();
  g_autoptr (MposStore) store = mpos_store_open (path, &options, &error);

  *otherwise = TRUE;
  if (store == NULL || !mpos_integrity_check (store, problems, &error))
    {
      g_string_append (said, error->message);
      return TRUE;
    }
  *otherwise = FALSE;
  for (guint i = 0; i < problems->len; i++)
    *otherwise |= strstr (g_ptr_array_index (problems, i), "hash chain") == NULL;
  if (problems->len > 0)
    g_string_append (said, g_ptr_array_index (problems, 0));
  return problems->len > 0;
}

static void
remove_store (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
}

/* Where a dump of the chained rows first differs, for whoever debugs a
 * flip the check missed. */
static void
print_first_difference (const char *before, const char *after)
{
  gsize at = 0;
  gsize start;

  while (before[at] != '\0' && before[at] == after[at])
    at++;
  start = at > 120 ? at - 120 : 0;
  g_printerr ("  before: %.240s\n  after:  %.240s\n", before + start, after + start);
}

/* One flip: byte `offset` XOR `mask` in a copy of the store. */
static void
one_flip (const char *copy, const guint8 *original, gsize size, gsize offset, guint8 mask,
          const char *all, const char *money, Tally *t)
{
  g_autofree guint8 *bytes = g_memdup2 (original, size);
  g_autofree char *all_now = NULL, *money_now = NULL;
  g_autoptr (GString) said = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  gboolean readable, caught, otherwise;

  bytes[offset] ^= mask;
  remove_store (copy);
  g_assert_true (g_file_set_contents_full (copy, (const char *)bytes, (gssize)size,
                                           G_FILE_SET_CONTENTS_NONE, 0600, &error));
  readable = dump_store (copy, &all_now, &money_now);
  caught = check_reports (copy, said, &otherwise);
  t->flips++;
  t->caught += caught;
  if (!readable || strcmp (money_now, money) != 0)
    {
      t->chained_changed++;
      t->chained_caught += caught;
      t->chained_caught_otherwise += otherwise;
      if (!caught)
        g_printerr ("NOT CAUGHT: byte %" G_GSIZE_FORMAT " ^ 0x%02x changed a chained row or "
                    "link%s\n",
                    offset, mask, readable ? "" : " (the copy is unreadable)");
      if (!caught && readable)
        print_first_difference (money, money_now);
    }
  else if (strcmp (all_now, all) != 0)
    {
      t->unchained_changed++;
      t->unchained_caught += caught;
    }
  else
    t->nothing_changed++;
  if (caught)
    g_test_message ("byte %" G_GSIZE_FORMAT " ^ 0x%02x: %s", offset, mask, said->str);
}

/* Where the damaged copies go: tmpfs when there is one. Each check opens
 * and closes its copy, and on a busy disk the fsync of the close costs
 * more than the check. */
static char *
scratch_dir (const char *fallback)
{
  g_autofree char *shm = g_strdup ("/dev/shm/mallpos-bitrot-XXXXXX");

  if (g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR) && g_mkdtemp (shm) != NULL)
    return g_steal_pointer (&shm);
  return g_strdup (fallback);
}

static guint
env_number (const char *name, guint fallback)
{
  const char *text = g_getenv (name);

  return text ? (guint)g_ascii_strtoull (text, NULL, 10) : fallback;
}

static void
test_bit_rot_in_chained_rows_is_caught (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = store_with_sales (&dir);
  g_autofree char *scratch = scratch_dir (dir);
  g_autofree char *copy = g_build_filename (scratch, "flipped.db", NULL);
  g_autofree guint8 *original = NULL;
  g_autofree char *all = NULL, *money = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GRand) rand = NULL;
  guint seed = env_number ("BITROT_SEED", DEFAULT_SEED);
  guint flips = env_number ("BITROT_FLIPS", DEFAULT_FLIPS);
  Tally t = { 0 };
  gsize size = 0;
  gint64 deadline;

  g_assert_true (g_file_get_contents (path, (char **)&original, &size, &error));
  g_assert_true (dump_store (path, &all, &money));
  {
    g_autoptr (GString) said = g_string_new (NULL);
    gboolean otherwise;

    g_assert_false (check_reports (path, said, &otherwise));
  }
  rand = g_rand_new_with_seed (seed);
  deadline = g_get_monotonic_time () + MAX_SECONDS * G_USEC_PER_SEC;
  for (guint i = 0; i < flips && g_get_monotonic_time () < deadline; i++)
    {
      gsize offset = (gsize)g_rand_int_range (rand, 0, (gint32)size);
      guint8 mask = (guint8)g_rand_int_range (rand, 1, 256);

      one_flip (copy, original, size, offset, mask, all, money, &t);
    }
  g_print ("# seed %u (BITROT_SEED to repeat), a %" G_GSIZE_FORMAT " KiB store with %d sales: "
           "of %u random byte flips check caught %u (%.0f%%)\n",
           seed, size / 1024, SALES, t.flips, t.caught, 100.0 * t.caught / MAX (t.flips, 1));
  g_print ("#   %u changed a chained row or link or left the file unreadable: %u caught "
           "(%u of them without the hash chain's sentences)\n",
           t.chained_changed, t.chained_caught, t.chained_caught_otherwise);
  g_print ("#   %u changed only unchained tables (names, prices, search index...): %u caught\n",
           t.unchained_changed, t.unchained_caught);
  g_print ("#   %u changed nothing a reader sees (free space, slack in pages)\n",
           t.nothing_changed);
  g_assert_cmpuint (t.flips, >=, MIN (flips, MIN_FLIPS));
  g_assert_cmpuint (t.chained_changed, >, 0);
  g_assert_cmpuint (t.chained_caught, ==, t.chained_changed);
  remove_store (copy);
  remove_store (path);
  if (strcmp (scratch, dir) != 0)
    g_rmdir (scratch);
  test_remove_dir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_setenv ("MALLPOS_NOW", CRASH_NOW, TRUE);
  g_test_add_func ("/bit-rot/chained-rows-caught", test_bit_rot_in_chained_rows_is_caught);
  return g_test_run ();
}
