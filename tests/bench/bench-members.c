/* bench-members.c — the synthetic member base of the benchmarks
 * (bench-members.h), made by SQL in one transaction as the centre's delta
 * sync would leave it on a terminal. */
#include "bench-members.h"
#include "store-private.h"

#include <inttypes.h>

/* Member k (0-based): id, 13-digit card 86…, phone 137…; the order of k is
 * not the order of the cards or phones, as in a real member base. */
static MposSql SQL_FILL = MPOS_SQL (
    "bench-member: fill",
    "WITH RECURSIVE n (k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM n WHERE k < :count - 1) "
    "INSERT INTO members (id, phone, name, level_code, created_at, uid, qr_secret, level_since) "
    "SELECT :first + k, '137' || printf ('%08d', (k * 7919 + 13) % 100000000), "
    "'会员' || k, CASE k % 10 WHEN 0 THEN 'gold' WHEN 1 THEN 'silver' ELSE 'normal' END, "
    "1700000000 + k, 'bench-' || k, zeroblob (32), 1700000000 + k FROM n");
static MposSql SQL_FILL_CARDS
    = MPOS_SQL ("bench-member: fill cards",
                "INSERT INTO member_cards (card_no, member_id, kind, status, created_at) "
                "SELECT '86' || printf ('%011d', ((id - :first) * 104729 + 7) % 100000000000), id, "
                "'physical', 'active', created_at FROM members WHERE id >= :first ORDER BY 1");

void
bench_member_card (int64_t k, char out[16])
{
  g_snprintf (out, 16, "86%011" PRId64, (int64_t) ((k * 104729 + 7) % 100000000000LL));
}

void
bench_member_phone (int64_t k, char out[16])
{
  g_snprintf (out, 16, "137%08" PRId64, (int64_t) ((k * 7919 + 13) % 100000000LL));
}

gboolean
bench_members_fill (MposStore *store, gint64 count, GError **error)
{
  g_autoptr (MposStmt) stmt = NULL;

  if (!mpos_store_begin (store, error))
    return FALSE;
  stmt = mpos_store_stmt (store, &SQL_FILL, error);
  if (stmt != NULL)
    {
      mpos_bind_int64 (stmt, ":count", count);
      mpos_bind_int64 (stmt, ":first", BENCH_MEMBERS_FIRST_ID);
    }
  if (stmt == NULL || !mpos_store_step_done (store, stmt, "making members", error)
      || (stmt = mpos_store_stmt (store, &SQL_FILL_CARDS, error)) == NULL)
    {
      mpos_store_rollback (store);
      return FALSE;
    }
  mpos_bind_int64 (stmt, ":first", BENCH_MEMBERS_FIRST_ID);
  if (!mpos_store_step_done (store, stmt, "making member cards", error))
    {
      mpos_store_rollback (store);
      return FALSE;
    }
  return mpos_store_commit (store, error);
}

