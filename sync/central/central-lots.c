/* central-lots.c — each terminal's points lots at the centre. A pushed
 * points row names the terminal-local lot it moves and the lot's expiry
 * (PROTOCOL.md 5.2), so the centre sums a lot's available and pending
 * points per account as the rows arrive, in the push's transaction. The
 * `members` stream (central-members.c) then says how much of a member's
 * points at the other stores expires when, and a store counts only what has
 * not expired by its own clock — even before the lot's home store pushes
 * the expiry. Rows without a lot (a freeze, a debt) move only the balance. */
#include "central.h"

typedef struct
{
  GString *accounts, *lots, *available, *pending, *expires;
  guint n;
} LotArrays;

static void
add_number (GString *array, int64_t value)
{
  char text[24];

  g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, value);
  central_db_array_add (array, text);
}

static void
add_row (LotArrays *a, const CentralLedgerRow *row)
{
  central_db_array_add (a->accounts, row->account);
  add_number (a->lots, row->lot);
  add_number (a->available, row->available);
  add_number (a->pending, row->pending);
  if (row->expires_at > 0)
    add_number (a->expires, row->expires_at);
  else
    central_db_array_add (a->expires, NULL);
  a->n++;
}

gboolean
central_lots_apply (PGconn *db, GPtrArray *ledgers, GError **error)
{
  LotArrays a = { g_string_new ("{"), g_string_new ("{"), g_string_new ("{"), g_string_new ("{"),
                  g_string_new ("{"), 0 };
  PGresult *r = NULL;

  for (guint i = 0; i < ledgers->len; i++)
    {
      GArray *rows = g_ptr_array_index (ledgers, i);
      for (guint j = 0; j < rows->len; j++)
        if (g_array_index (rows, CentralLedgerRow, j).lot > 0)
          add_row (&a, &g_array_index (rows, CentralLedgerRow, j));
    }
  if (a.n > 0)
    {
      const char *params[] = { central_db_array_end (a.accounts), central_db_array_end (a.lots),
                               central_db_array_end (a.available), central_db_array_end (a.pending),
                               central_db_array_end (a.expires) };
      r = central_db_exec (
          db, PGRES_COMMAND_OK,
          "INSERT INTO points_lots (account, lot, available, pending, expires_at)"
          " SELECT account, lot, sum (available), sum (pending), max (expires_at)"
          " FROM unnest ($1::text[], $2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[])"
          " AS u (account, lot, available, pending, expires_at) GROUP BY account, lot"
          " ON CONFLICT (account, lot) DO UPDATE SET"
          " available = points_lots.available + excluded.available,"
          " pending = points_lots.pending + excluded.pending,"
          " expires_at = coalesce (excluded.expires_at, points_lots.expires_at)",
          5, params, error);
    }
  g_string_free (a.accounts, TRUE), g_string_free (a.lots, TRUE);
  g_string_free (a.available, TRUE), g_string_free (a.pending, TRUE);
  g_string_free (a.expires, TRUE);
  PQclear (r);
  return a.n == 0 || r != NULL;
}
