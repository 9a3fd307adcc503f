/* bench-member.c — DESIGN.md target "member lookup by card or phone,
 * 5,000,000 members: < 100 µs median". Fills a temp store with synthetic
 * members (each with a card and a phone, as the centre's delta sync leaves
 * them on a terminal), reopens it, then times mpos_member_lookup_card,
 * mpos_member_lookup_phone and mpos_member_lookup (what the till calls for a
 * swipe or a typed number) on random members, beside a bare prepared SQLite
 * lookup of the same card in the same run. */
#include "bench-members.h"
#include "member.h"
#include "store-private.h"

#include <inttypes.h>
#include <stdio.h>

#define DEFAULT_MEMBERS 5000000
#define DEFAULT_LOOKUPS 50000
#define WARMUP_LOOKUPS 2000
#define TARGET_MEDIAN_US 100.0
#define FIRST_ID BENCH_MEMBERS_FIRST_ID

#define SQL_BARE_CARD "SELECT member_id FROM member_cards WHERE card_no = ? AND status = 'active'"

typedef struct
{
  gint64 members;
  gint lookups;
} Options;

typedef enum
{
  BY_CARD,
  BY_PHONE,
  BY_ANY_KEY,
} LookupKind;

/* One timed lookup of member k; checks the answer, so a fast wrong answer
 * cannot pass. */
static gboolean
time_lookup (MposStore *store, LookupKind kind, int64_t k, int64_t *ns, GError **error)
{
  char key[16];
  g_autoptr (MposMember) member = NULL;
  int64_t t0;

  (kind == BY_PHONE ? bench_member_phone : bench_member_card) (k, key);
  t0 = bench_now_ns ();
  if (kind == BY_CARD)
    member = mpos_member_lookup_card (store, key, error);
  else if (kind == BY_PHONE)
    member = mpos_member_lookup_phone (store, key, error);
  else
    member = mpos_member_lookup (store, key, error);
  *ns = bench_now_ns () - t0;
  if (member == NULL)
    return FALSE;
  if (member->id != FIRST_ID + k)
    {
      g_set_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_FAILED,
                   "member %s came back as id %" G_GINT64_FORMAT ", not %" G_GINT64_FORMAT, key,
                   member->id, FIRST_ID + k);
      return FALSE;
    }
  return TRUE;
}

static gboolean
time_bare (sqlite3 *db, sqlite3_stmt *stmt, int64_t k, int64_t *ns, GError **error)
{
  char key[16];
  int64_t t0, id = 0;
  int rc;

  bench_member_card (k, key);
  t0 = bench_now_ns ();
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  *ns = bench_now_ns () - t0;
  if (id != FIRST_ID + k)
    {
      g_set_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_FAILED, "bare lookup of %s: %s", key,
                   rc == SQLITE_ROW ? "wrong member" : sqlite3_errmsg (db));
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  GArray *card, *phone, *any, *bare;
} Samples;

/* The four kinds interleave so that all see the same caches. */
static gboolean
measure (MposStore *store, const Options *o, Samples *s, GError **error)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (20261123);
  sqlite3 *db = mpos_store_db (store);
  sqlite3_stmt *bare = NULL;
  gboolean ok = TRUE;

  if (sqlite3_prepare_v3 (db, SQL_BARE_CARD, -1, SQLITE_PREPARE_PERSISTENT, &bare, NULL)
      != SQLITE_OK)
    {
      g_set_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_FAILED, "bare lookup: %s",
                   sqlite3_errmsg (db));
      return FALSE;
    }
  for (gint i = 0; ok && i < WARMUP_LOOKUPS + o->lookups; i++)
    {
      int64_t ns[4];
      int64_t k = (int64_t) g_rand_double_range (rand, 0, (double) o->members);

      ok = time_lookup (store, BY_CARD, k, &ns[0], error)
           && time_lookup (store, BY_PHONE, (k * 31 + 7) % o->members, &ns[1], error)
           && time_lookup (store, BY_ANY_KEY, (k * 17 + 3) % o->members, &ns[2], error)
           && time_bare (db, bare, (k * 13 + 5) % o->members, &ns[3], error);
      if (!ok || i < WARMUP_LOOKUPS)
        continue;
      g_array_append_val (s->card, ns[0]);
      g_array_append_val (s->phone, ns[1]);
      g_array_append_val (s->any, ns[2]);
      g_array_append_val (s->bare, ns[3]);
    }
  sqlite3_finalize (bare);
  return ok;
}

static int
run (const Options *o, GError **error)
{
  g_autoptr (BenchStore) bs = bench_store_new (error);
  g_autoptr (GArray) card = g_array_new (FALSE, FALSE, sizeof (int64_t));
  g_autoptr (GArray) phone = g_array_new (FALSE, FALSE, sizeof (int64_t));
  g_autoptr (GArray) any = g_array_new (FALSE, FALSE, sizeof (int64_t));
  g_autoptr (GArray) bare = g_array_new (FALSE, FALSE, sizeof (int64_t));
  Samples s = { card, phone, any, bare };
  BenchStats card_stats, phone_stats, any_stats, bare_stats;
  int64_t t0 = bench_now_ns ();
  double build_seconds;

  if (bs == NULL || !bench_load_demo (bs->store, NULL, FALSE, error)
      || !bench_members_fill (bs->store, o->members, error))
    return 1;
  build_seconds = (double) (bench_now_ns () - t0) / 1e9;
  /* A terminal starts with the member base already on disk. */
  if (!bench_store_reopen (bs, error) || !measure (bs->store, o, &s, error))
    return 1;
  card_stats = bench_stats (card);
  phone_stats = bench_stats (phone);
  any_stats = bench_stats (any);
  bare_stats = bench_stats (bare);

  printf ("bench-member: member lookup, %" G_GINT64_FORMAT " synthetic members (+ the demo "
          "ones), each with a card and a phone; built in %.1f s; store %s\n",
          o->members, build_seconds, bs->path);
  printf ("  %d lookups of each kind after %d warm-up, random members, answers checked\n",
          o->lookups, WARMUP_LOOKUPS);
  bench_print_stats ("mpos_member_lookup_card", &card_stats);
  bench_print_stats ("mpos_member_lookup_phone", &phone_stats);
  bench_print_stats ("mpos_member_lookup (a swiped card)", &any_stats);
  bench_print_stats ("bare SQLite: card to member id", &bare_stats);
  printf ("  ratio of medians, card lookup / bare: %.2f×\n",
          card_stats.median_us / bare_stats.median_us);
  printf ("  target median < %.0f µs: card %s, phone %s\n", TARGET_MEDIAN_US,
          card_stats.median_us < TARGET_MEDIAN_US ? "met" : "MISSED",
          phone_stats.median_us < TARGET_MEDIAN_US ? "met" : "MISSED");
  printf ("RESULT member_lookup_card_median=%.2f us\n", card_stats.median_us);
  printf ("RESULT member_lookup_phone_median=%.2f us\n", phone_stats.median_us);
  return 0;
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GOptionContext) context = g_option_context_new ("- time member lookups");
  Options o = { (gint64) bench_env_count ("MALLPOS_BENCH_MEMBERS", DEFAULT_MEMBERS),
                DEFAULT_LOOKUPS };
  GOptionEntry entries[] = {
    { "members", 'n', 0, G_OPTION_ARG_INT64, &o.members,
      "members in the store (default $MALLPOS_BENCH_MEMBERS or 5000000)", "N" },
    { "lookups", 'l', 0, G_OPTION_ARG_INT, &o.lookups, "timed lookups of each kind", "N" },
    { NULL },
  };
  int status;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || o.members < 1
      || o.members > 90000000 || o.lookups < 1)
    {
      fprintf (stderr, "bench-member: %s\n",
               error ? error->message : "--members must be 1–90000000 and --lookups positive");
      return 2;
    }
  status = run (&o, &error);
  if (status != 0)
    fprintf (stderr, "bench-member: %s\n", error ? error->message : "failed");
  return status;
}
