/* central-terminal.c — terminals at the centre: IT adds one (a one-time
 * enrolment code), the terminal enrols with the code (a bearer token), every
 * request is authorised by the token, and IT can revoke it. Codes and tokens
 * are stored only as SHA-256 (PROTOCOL.md section 4). */
#include "central.h"
#include "json-fields.h"
#include "json-strict.h"

#include <string.h>
#include <sys/random.h>

#define CODE_ALPHABET "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
#define CODE_CHARS 16
#define TOKEN_BYTES 32

static void
random_bytes (guint8 *out, gsize length)
{
  gsize done = 0;

  while (done < length)
    {
      ssize_t n = getrandom (out + done, length - done, 0);
      if (n < 0)
        g_error ("getrandom failed: %s", g_strerror (errno));
      done += (gsize) n;
    }
}

/* "K7QF-2MXC-9PDA-RT4H": 16 of 31 characters, about 79 bits. */
static char *
make_code (void)
{
  GString *code = g_string_new (NULL);
  const guint n = sizeof CODE_ALPHABET - 1;

  while (code->len < CODE_CHARS + CODE_CHARS / 4 - 1)
    {
      guint8 b;
      random_bytes (&b, 1);
      if (b >= 256 / n * n)
        continue; /* keeps every character equally likely */
      if (code->len % 5 == 4)
        g_string_append_c (code, '-');
      g_string_append_c (code, CODE_ALPHABET[b % n]);
    }
  return g_string_free (code, FALSE);
}

/* Dashes, spaces and case do not matter when a code is typed. */
static char *
normal_code (const char *typed)
{
  GString *code = g_string_new (NULL);

  for (const char *p = typed; *p; p++)
    if (*p != '-' && *p != ' ')
      g_string_append_c (code, g_ascii_toupper (*p));
  return g_string_free (code, FALSE);
}

char *
central_token_new (void)
{
  guint8 bytes[TOKEN_BYTES];
  g_autofree char *b64 = NULL;

  random_bytes (bytes, sizeof bytes);
  b64 = g_base64_encode (bytes, sizeof bytes);
  g_strdelimit (b64, "+", '-');
  g_strdelimit (b64, "/", '_');
  *strchr (b64, '=') = '\0';
  return g_steal_pointer (&b64);
}

void
central_terminal_clear (CentralTerminal *terminal)
{
  g_clear_pointer (&terminal->id, g_free);
  g_clear_pointer (&terminal->name, g_free);
}

gboolean
central_terminal_authorise (PGconn *db, const char *authorization, CentralTerminal *terminal,
                            CentralReply *reply)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *hash = NULL;
  const char *params[1];
  PGresult *r;

  if (authorization == NULL || !g_str_has_prefix (authorization, "Bearer ")
      || strlen (authorization) > 200)
    {
      central_reply_error (reply, 401, "unauthorized",
                           "no terminal token was sent; enrol this terminal first");
      return FALSE;
    }
  hash = central_hash (authorization + strlen ("Bearer "));
  params[0] = hash;
  r = central_db_exec (db, PGRES_TUPLES_OK,
                       "SELECT id, store_id || '/' || terminal_id, revoked_at IS NOT NULL,"
                       " contiguous_seq FROM terminals WHERE token_hash = $1",
                       1, params, &error);
  if (r == NULL)
    {
      central_reply_db_error (reply, error);
      return FALSE;
    }
  if (PQntuples (r) == 0)
    central_reply_error (reply, 401, "unauthorized",
                         "the centre does not know this terminal's token; enrol it again");
  else if (strcmp (PQgetvalue (r, 0, 2), "t") == 0)
    central_reply_error (reply, 403, "revoked",
                         "terminal %s was revoked at the centre; ask IT to enrol it again",
                         PQgetvalue (r, 0, 1));
  else
    {
      terminal->id = g_strdup (PQgetvalue (r, 0, 0));
      terminal->name = g_strdup (PQgetvalue (r, 0, 1));
      terminal->contiguous_seq = g_ascii_strtoll (PQgetvalue (r, 0, 3), NULL, 10);
    }
  PQclear (r);
  return terminal->id != NULL;
}

/* ---- enrolment (POST /v1/enrol) ---- */

static const MposJsonKey enrol_keys[]
    = { { "protocol", NULL }, { "store_id", NULL }, { "terminal_id", NULL }, { "code", NULL }, { NULL, NULL } };
static const MposJsonShape enrol_shape = { .what = "an enrolment request", .keys = enrol_keys };

static cJSON *
enrolled (PGresult *r, const char *token)
{
  cJSON *body = cJSON_CreateObject ();

  cJSON_AddStringToObject (body, "terminal", PQgetvalue (r, 0, 0));
  cJSON_AddStringToObject (body, "token", token);
  cJSON_AddNumberToObject (body, "contiguous_seq",
                           (double) g_ascii_strtoll (PQgetvalue (r, 0, 1), NULL, 10));
  return body;
}

/* Spends the code and sets the token in one statement: two enrolments
 * racing with one code cannot both win. */
static void
enrol_with (PGconn *db, const char *store_id, const char *terminal_id, const char *code,
            CentralReply *reply)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *normal = normal_code (code);
  g_autofree char *code_hash = central_hash (normal);
  g_autofree char *token = central_token_new ();
  g_autofree char *token_hash = central_hash (token);
  const char *params[] = { store_id, terminal_id, code_hash, token_hash };
  PGresult *r = central_db_exec (
      db, PGRES_TUPLES_OK,
      "UPDATE terminals SET token_hash = $4, code_hash = NULL, code_expires = NULL"
      " WHERE store_id = $1 AND terminal_id = $2 AND code_hash = $3"
      " AND code_expires > now() AND revoked_at IS NULL"
      " RETURNING store_id || '/' || terminal_id, contiguous_seq",
      4, params, &error);

  if (r == NULL)
    {
      central_reply_db_error (reply, error);
      return;
    }
  if (PQntuples (r) == 1)
    {
      g_message ("terminal %s enrolled", PQgetvalue (r, 0, 0));
      central_reply_ok (reply, enrolled (r, token));
    }
  else
    central_reply_error (reply, 403, "enrolment_refused",
                         "the enrolment code is unknown, spent, expired or made for another "
                         "terminal than %s/%s; ask IT for a new code "
                         "(mallpos-central terminal add)",
                         store_id, terminal_id);
  PQclear (r);
}

void
central_enrol (const char *body, gsize length, CentralReply *reply)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (cJSON) json = mpos_json_parse (body, length, &enrol_shape, &error);
  const char *store_id = NULL, *terminal_id = NULL, *code = NULL;
  int64_t protocol = 0;
  PGconn *db;

  if (json == NULL
      || !mpos_json_get_int (json, "protocol", TRUE, 0, G_MAXINT32, &protocol, &error)
      || !mpos_json_get_string (json, "store_id", TRUE, 32, &store_id, &error)
      || !mpos_json_get_string (json, "terminal_id", TRUE, 32, &terminal_id, &error)
      || !mpos_json_get_string (json, "code", TRUE, 64, &code, &error))
    {
      central_reply_error (reply, 400, "bad_request", "%s", error->message);
      return;
    }
  if (protocol != CENTRAL_PROTOCOL)
    {
      central_reply_error (reply, 400, "unsupported_protocol",
                           "this centre speaks protocol %d, not %" G_GINT64_FORMAT,
                           CENTRAL_PROTOCOL, protocol);
      return;
    }
  if ((db = central_db (&error)) == NULL)
    {
      central_reply_db_error (reply, error);
      return;
    }
  enrol_with (db, store_id, terminal_id, code, reply);
}

/* ---- IT's side ---- */

char *
central_terminal_add (PGconn *db, const char *store_id, const char *terminal_id, GError **error)
{
  g_autofree char *code = make_code ();
  g_autofree char *normal = normal_code (code);
  g_autofree char *hash = central_hash (normal);
  const char *params[] = { store_id, terminal_id, hash };
  PGresult *r = central_db_exec (
      db, PGRES_COMMAND_OK,
      "INSERT INTO terminals (store_id, terminal_id, code_hash, code_expires)"
      " VALUES ($1, $2, $3, now() + interval '24 hours')"
      " ON CONFLICT (store_id, terminal_id) DO UPDATE"
      " SET code_hash = excluded.code_hash, code_expires = excluded.code_expires,"
      " revoked_at = NULL, token_hash = NULL",
      3, params, error);

  PQclear (r);
  return r ? g_steal_pointer (&code) : NULL;
}

gboolean
central_terminal_revoke (PGconn *db, const char *store_id, const char *terminal_id,
                         gboolean *found, GError **error)
{
  const char *params[] = { store_id, terminal_id };
  PGresult *r = central_db_exec (
      db, PGRES_COMMAND_OK,
      "UPDATE terminals SET revoked_at = coalesce(revoked_at, now()), code_hash = NULL"
      " WHERE store_id = $1 AND terminal_id = $2",
      2, params, error);

  if (r == NULL)
    return FALSE;
  *found = strcmp (PQcmdTuples (r), "1") == 0;
  PQclear (r);
  return TRUE;
}
