/* central-pull.c — GET /v1/pull/<stream> and GET /v1/status. Streams are
 * paged by the centre's change number: a row changed again gets a new
 * number, so a cursor never misses a change and a replayed page only sets
 * values it already set (PROTOCOL.md section 5.3). The reference centre keeps
 * the latest row per code, so cursor 0 is always a full snapshot and no
 * cursor is ever compacted away. */
#include "central.h"
#include "money.h"

#include <string.h>

#define DEFAULT_LIMIT 1000
#define MAX_LIMIT 5000

static gboolean
read_count (const char *text, int64_t min, int64_t max, int64_t fallback, int64_t *out)
{
  char *end = NULL;
  int64_t value;

  if (text == NULL)
    {
      *out = fallback;
      return TRUE;
    }
  if (!g_ascii_isdigit (text[0]) || strlen (text) > 18)
    return FALSE;
  value = g_ascii_strtoll (text, &end, 10);
  if (*end != '\0' || value < min || value > max)
    return FALSE;
  *out = value;
  return TRUE;
}

static cJSON *
price_item (PGresult *r, int row)
{
  cJSON *item = cJSON_CreateObject (), *barcodes;
  char buf[MPOS_MONEY_BUF];

  cJSON_AddStringToObject (item, "code", PQgetvalue (r, row, 0));
  cJSON_AddStringToObject (item, "name", PQgetvalue (r, row, 1));
  cJSON_AddStringToObject (
      item, "price", mpos_money_to_buf (g_ascii_strtoll (PQgetvalue (r, row, 2), NULL, 10), buf));
  if (!PQgetisnull (r, row, 4))
    cJSON_AddStringToObject (item, "category", PQgetvalue (r, row, 4));
  if (!PQgetisnull (r, row, 5))
    cJSON_AddStringToObject (item, "unit", PQgetvalue (r, row, 5));
  barcodes = cJSON_Parse (PQgetvalue (r, row, 6));
  cJSON_AddItemToObject (item, "barcodes", barcodes ? barcodes : cJSON_CreateArray ());
  cJSON_AddNumberToObject (item, "change", (double) g_ascii_strtoll (PQgetvalue (r, row, 3), NULL, 10));
  return item;
}

void
central_pull_page (PGconn *db, const char *stream, const char *sql, int n_params,
                   const char *const *params, int change_column,
                   cJSON *(*item) (PGresult *r, int row), CentralReply *reply)
{
  g_autoptr (GError) error = NULL;
  int64_t cursor = g_ascii_strtoll (params[0], NULL, 10);
  int limit = (int) g_ascii_strtoll (params[1], NULL, 10) - 1;
  PGresult *r = central_db_exec (db, PGRES_TUPLES_OK, sql, n_params, params, &error);
  cJSON *body, *items;
  int n;

  if (r == NULL)
    {
      central_reply_db_error (reply, error);
      return;
    }
  body = cJSON_CreateObject ();
  cJSON_AddStringToObject (body, "stream", stream);
  items = cJSON_AddArrayToObject (body, "items");
  n = MIN (PQntuples (r), limit);
  for (int i = 0; i < n; i++)
    {
      cJSON_AddItemToArray (items, item (r, i));
      cursor = g_ascii_strtoll (PQgetvalue (r, i, change_column), NULL, 10);
    }
  cJSON_AddNumberToObject (body, "cursor", (double) cursor);
  cJSON_AddBoolToObject (body, "more", PQntuples (r) > n);
  PQclear (r);
  central_reply_ok (reply, body);
}

static void
pull_prices (PGconn *db, const CentralTerminal *terminal, const char *stream, const char *after,
             const char *limit, CentralReply *reply)
{
  const char *params[] = { after, limit };

  (void) terminal;
  central_pull_page (db, stream,
                     "SELECT code, name, price_fen, change, category, unit, array_to_json (barcodes)::text"
                     " FROM prices WHERE change > $1"
                     " ORDER BY change LIMIT $2",
                     2, params, 3, price_item, reply);
}

static const struct
{
  const char *name;
  void (*pull) (PGconn *db, const CentralTerminal *terminal, const char *stream,
                const char *after, const char *limit, CentralReply *reply);
} streams[] = {
  { "prices", pull_prices },
  { "members", central_pull_members },
  { "hotlist", central_pull_hotlist },
  { "promotions", central_pull_documents },
  { "coupons", central_pull_documents },
  { "loyalty_rules", central_pull_documents },
  { "config", central_pull_documents },
};

void
central_pull (const char *authorization, const char *stream, const char *after,
              const char *limit, CentralReply *reply)
{
  g_autoptr (GError) error = NULL;
  g_auto (CentralTerminal) terminal = { 0 };
  int64_t after_value = 0, limit_value = 0;
  char after_text[24], limit_text[24];
  PGconn *db;

  if (!read_count (after, 0, G_MAXINT64 / 2, 0, &after_value)
      || !read_count (limit, 1, MAX_LIMIT, DEFAULT_LIMIT, &limit_value))
    {
      central_reply_error (reply, 400, "bad_request",
                           "“after” must be a cursor the centre gave (0 to start) and “limit” "
                           "1 to %d",
                           MAX_LIMIT);
      return;
    }
  if ((db = central_db (&error)) == NULL)
    {
      central_reply_db_error (reply, error);
      return;
    }
  if (!central_terminal_authorise (db, authorization, &terminal, reply))
    return;
  g_snprintf (after_text, sizeof after_text, "%" G_GINT64_FORMAT, after_value);
  g_snprintf (limit_text, sizeof limit_text, "%" G_GINT64_FORMAT, limit_value + 1);
  for (guint i = 0; i < G_N_ELEMENTS (streams); i++)
    if (strcmp (stream, streams[i].name) == 0)
      {
        streams[i].pull (db, &terminal, streams[i].name, after_text, limit_text, reply);
        return;
      }
  central_reply_error (reply, 404, "not_found", "this centre serves no stream “%.40s”",
                         stream);
}

void
central_status (const char *authorization, CentralReply *reply)
{
  g_autoptr (GError) error = NULL;
  g_auto (CentralTerminal) terminal = { 0 };
  PGconn *db = central_db (&error);
  cJSON *body;

  if (db == NULL)
    {
      central_reply_db_error (reply, error);
      return;
    }
  if (!central_terminal_authorise (db, authorization, &terminal, reply))
    return;
  body = cJSON_CreateObject ();
  cJSON_AddStringToObject (body, "terminal", terminal.name);
  cJSON_AddNumberToObject (body, "contiguous_seq", (double) terminal.contiguous_seq);
  central_reply_ok (reply, body);
}
