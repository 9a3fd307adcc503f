/* central-ledger.c — the ledger a journal entry carries, and applying it:
 * every "points" list (rows of available + pending points) and every
 * "stored_value" list (rows of principal + bonus fen), at any depth of the
 * payload, becomes rows of the centre's append-only ledger, and each
 * account's balance moves by their sum, in the batch's transaction. Local
 * member ids are keyed by the terminal that wrote them. */
#include "central.h"
#include "json-fields.h"
#include "money.h"

#include <string.h>

static void
row_clear (CentralLedgerRow *row)
{
  g_clear_pointer (&row->account, g_free);
}

static gboolean
read_row (const char *terminal, const char *entry_id, const char *asset, const cJSON *item,
          GArray *rows, GError **error)
{
  int64_t member = 0, a = 0, b = 0;
  CentralLedgerRow row = { .entry_id = entry_id, .asset = asset };
  gboolean points = strcmp (asset, "points") == 0;

  if (!mpos_json_get_int (item, "member_id", TRUE, 1, G_MAXINT64, &member, error))
    return FALSE;
  if (points && (!mpos_json_get_int (item, "lot", FALSE, 1, G_MAXINT64, &row.lot, error)
                 || !mpos_json_get_int (item, "expires_at", FALSE, 1, G_MAXINT64, &row.expires_at,
                                        error)))
    return FALSE;
  if (points ? !mpos_json_get_int (item, "available", TRUE, -CENTRAL_MAX_POINTS,
                                   CENTRAL_MAX_POINTS, &a, error)
                   || !mpos_json_get_int (item, "pending", FALSE, -CENTRAL_MAX_POINTS,
                                          CENTRAL_MAX_POINTS, &b, error)
             : !mpos_json_get_money (item, "principal", TRUE, MPOS_MONEY_PARSE_ALLOW_NEGATIVE, &a,
                                     error)
                   || !mpos_json_get_money (item, "bonus", TRUE, MPOS_MONEY_PARSE_ALLOW_NEGATIVE,
                                            &b, error))
    return FALSE;
  row.delta = a + b; /* both bounded far below overflow */
  if (points)
    row.available = a, row.pending = b;
  row.account = g_strdup_printf ("%s#member:%" G_GINT64_FORMAT, terminal, member);
  g_array_append_val (rows, row);
  return TRUE;
}

static gboolean
read_list (const char *terminal, const char *entry_id, const cJSON *list, GArray *rows,
           GError **error)
{
  const cJSON *item;
  guint j = 0;

  cJSON_ArrayForEach (item, list)
  {
    if (!read_row (terminal, entry_id, list->string, item, rows, error))
      {
        g_prefix_error (error, "[%u]: ", j);
        return FALSE;
      }
    j++;
  }
  return TRUE;
}

static gboolean
is_ledger_list (const cJSON *parent, const cJSON *child)
{
  return cJSON_IsObject (parent) && cJSON_IsArray (child)
         && (strcmp (child->string, "points") == 0 || strcmp (child->string, "stored_value") == 0);
}

/* The path to a refused row ("payload.points[0]: …") is put together only
 * when a row is refused, each level prefixing its step as the walk
 * unwinds: building it for every node was a tenth of a push's CPU. */
static gboolean
walk (const char *terminal, const char *entry_id, const cJSON *node, GArray *rows, GError **error)
{
  const cJSON *child;
  guint i = 0;

  cJSON_ArrayForEach (child, node)
  {
    gboolean ok = TRUE;

    if (is_ledger_list (node, child))
      ok = read_list (terminal, entry_id, child, rows, error);
    else if (cJSON_IsObject (child) || cJSON_IsArray (child))
      ok = walk (terminal, entry_id, child, rows, error);
    if (!ok)
      {
        if (cJSON_IsObject (node))
          g_prefix_error (error, ".%s", child->string);
        else
          g_prefix_error (error, "[%u]", i);
        return FALSE;
      }
    i++;
  }
  return TRUE;
}

GArray *
central_ledger_collect (const char *terminal, const char *entry_id, const cJSON *payload,
                        GError **error)
{
  g_autoptr (GArray) rows = g_array_new (FALSE, TRUE, sizeof (CentralLedgerRow));

  g_array_set_clear_func (rows, (GDestroyNotify) row_clear);
  if (!walk (terminal, entry_id, payload, rows, error))
    {
      g_prefix_error (error, "payload");
      return NULL;
    }
  return g_steal_pointer (&rows);
}

gboolean
central_ledger_apply (PGconn *db, GPtrArray *ledgers, GError **error)
{
  GString *a[4];
  const char *params[4];
  PGresult *r;
  guint n = 0;

  for (guint k = 0; k < G_N_ELEMENTS (a); k++)
    a[k] = g_string_new ("{");
  for (guint i = 0; i < ledgers->len; i++)
    {
      GArray *rows = g_ptr_array_index (ledgers, i);
      for (guint j = 0; j < rows->len; j++, n++)
        {
          const CentralLedgerRow *row = &g_array_index (rows, CentralLedgerRow, j);
          char delta[24];
          g_snprintf (delta, sizeof delta, "%" G_GINT64_FORMAT, row->delta);
          central_db_array_add (a[0], row->entry_id);
          central_db_array_add (a[1], row->account);
          central_db_array_add (a[2], row->asset);
          central_db_array_add (a[3], delta);
        }
    }
  for (guint k = 0; k < G_N_ELEMENTS (a); k++)
    params[k] = central_db_array_end (a[k]);
  r = n == 0 ? NULL
             : central_db_exec (
                 db, PGRES_COMMAND_OK,
                 "WITH l AS (INSERT INTO ledger (entry_id, account, asset, delta)"
                 " SELECT * FROM unnest ($1::uuid[], $2::text[], $3::text[], $4::bigint[]))"
                 " INSERT INTO balances (account, asset, balance)"
                 " SELECT account, asset, sum (delta) FROM unnest ($2::text[], $3::text[],"
                 " $4::bigint[]) AS u (account, asset, delta) GROUP BY account, asset"
                 " ON CONFLICT (account, asset)"
                 " DO UPDATE SET balance = balances.balance + excluded.balance",
                 4, params, error);
  for (guint k = 0; k < G_N_ELEMENTS (a); k++)
    g_string_free (a[k], TRUE);
  PQclear (r);
  return n == 0 || r != NULL;
}
