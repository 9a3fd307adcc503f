/* central-operators.c — people who act at the centre, each with a secret
 * of their own and a role, and the audit of what they did. Clearing a
 * terminal's "audit chain broken" mark (central-chain.c) is such an act: it
 * needs an operator of role `security` (not the IT role that adds
 * terminals and sets prices), a note saying what the investigation found,
 * and leaves an audit row with the reason it clears, so the proof the
 * centre kept is never lost. The secret is read from the environment
 * (MALLPOS_CENTRAL_SECRET), never from the command line where `ps` shows
 * it; the centre keeps only its SHA-256 (32 random bytes: no offline
 * search). */
#include "central.h"

#include <stdio.h>
#include <string.h>

static gboolean
valid_operator (const char *s)
{
  gsize n = strlen (s);

  if (n < 1 || n > 32)
    return FALSE;
  for (; *s; s++)
    if (!g_ascii_isalnum (*s) && *s != '_' && *s != '-' && *s != '.')
      return FALSE;
  return TRUE;
}

int
central_cmd_operator (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *secret = central_token_new ();
  g_autofree char *hash = central_hash (secret);
  const char *params[3];
  PGresult *r;
  PGconn *db;

  if (argc != 5 || strcmp (argv[1], "add") != 0 || strcmp (argv[3], "--role") != 0
      || (strcmp (argv[4], "it") != 0 && strcmp (argv[4], "security") != 0))
    return central_say (2, "usage: operator add NAME --role it|security (see mallpos-central --help)");
  if (!valid_operator (argv[2]))
    return central_say (2, "an operator's NAME is 1 to 32 letters, digits, “.”, “_” or “-”");
  if ((db = central_db_or_say ()) == NULL)
    return 1;
  params[0] = argv[2], params[1] = argv[4], params[2] = hash;
  r = central_db_exec (db, PGRES_COMMAND_OK,
                       "INSERT INTO operators (name, role, secret_hash) VALUES ($1, $2, $3)"
                       " ON CONFLICT (name) DO UPDATE SET role = excluded.role,"
                       " secret_hash = excluded.secret_hash",
                       3, params, &error);
  if (r == NULL)
    return central_say (1, "adding the operator: %s", error->message);
  PQclear (r);
  printf ("operator %s (role %s) added; their secret, shown this once: %s\n", argv[2], argv[4],
          secret);
  printf ("they act with: MALLPOS_CENTRAL_SECRET=<secret> mallpos-central … --operator %s\n",
          argv[2]);
  return 0;
}

/* The operator, if their secret (MALLPOS_CENTRAL_SECRET) matches and their
 * role is `role`; otherwise says why and returns FALSE. */
static gboolean
operator_may (PGconn *db, const char *name, const char *role, int *status)
{
  g_autoptr (GError) error = NULL;
  const char *secret = g_getenv ("MALLPOS_CENTRAL_SECRET");
  g_autofree char *hash = central_hash (secret ? secret : "");
  const char *params[] = { name };
  PGresult *r;
  gboolean known, match, allowed;

  r = central_db_exec (db, PGRES_TUPLES_OK,
                       "SELECT secret_hash, role FROM operators WHERE name = $1", 1, params,
                       &error);
  if (r == NULL)
    return *status = central_say (1, "reading the operators: %s", error->message), FALSE;
  known = PQntuples (r) == 1;
  match = known && secret && strcmp (PQgetvalue (r, 0, 0), hash) == 0;
  allowed = match && strcmp (PQgetvalue (r, 0, 1), role) == 0;
  if (!match)
    *status = central_say (5, "operator %s is unknown or MALLPOS_CENTRAL_SECRET is not their secret: "
                      "nothing was changed (IT adds operators with `operator add`)",
                   name);
  else if (!allowed)
    *status = central_say (5, "operator %s has role %s; this needs role %s: ask a %s operator", name,
                   PQgetvalue (r, 0, 1), role, role);
  PQclear (r);
  return allowed;
}

#define SQL_CLEAR_CHAIN                                                                            \
  "WITH t AS (SELECT id, chain_broken FROM terminals WHERE store_id = $1 AND terminal_id = $2"     \
  "           FOR UPDATE),"                                                                        \
  " cleared AS (UPDATE terminals SET chain_broken = NULL FROM t"                                   \
  "             WHERE terminals.id = t.id AND t.chain_broken IS NOT NULL RETURNING t.chain_broken)" \
  " INSERT INTO audit (operator, action, target, detail)"                                          \
  " SELECT $3, 'clear_chain_broken', $1 || '/' || $2,"                                             \
  " 'was: ' || chain_broken || '; note: ' || $4 FROM cleared RETURNING detail"

static int
clear_chain (PGconn *db, const char *store, const char *terminal, const char *operator_name,
             const char *note)
{
  g_autoptr (GError) error = NULL;
  const char *params[] = { store, terminal, operator_name, note };
  PGresult *r = central_db_exec (db, PGRES_TUPLES_OK, SQL_CLEAR_CHAIN, 4, params, &error);
  int found;

  if (r == NULL)
    return central_say (1, "clearing the mark: %s", error->message);
  found = PQntuples (r);
  PQclear (r);
  if (found == 0)
    return central_say (3, "terminal %s/%s is not marked \"audit chain broken\" (or does not exist: see "
                   "terminal list); nothing was changed",
                store, terminal);
  printf ("terminal %s/%s: the \"audit chain broken\" mark is cleared by %s; the reason it had is "
          "kept in the audit (mallpos-central audit)\n",
          store, terminal, operator_name);
  return 0;
}

/* terminal clear-chain --store S --terminal T --operator NAME --note TEXT */
int
central_cmd_clear_chain (int argc, char **argv)
{
  const char *keys[] = { "--store", "--terminal", "--operator", "--note" };
  const char *values[G_N_ELEMENTS (keys)] = { 0 };
  int status = 0;
  PGconn *db;

  for (int i = 2; i + 1 < argc; i += 2)
    for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
      if (strcmp (argv[i], keys[k]) == 0)
        values[k] = argv[i + 1];
  if (argc != 10 || !values[0] || !values[1] || !values[2] || !values[3])
    return central_say (2, "usage: terminal clear-chain --store S --terminal T --operator NAME --note "
                   "TEXT (with MALLPOS_CENTRAL_SECRET set to the operator's secret)");
  if (g_utf8_strlen (values[3], -1) < 10 || !g_utf8_validate (values[3], -1, NULL)
      || strlen (values[3]) > 2000)
    return central_say (2, "--note says what the investigation found (10 to 2000 characters)");
  if ((db = central_db_or_say ()) == NULL)
    return 1;
  if (!operator_may (db, values[2], "security", &status))
    return status;
  return clear_chain (db, values[0], values[1], values[2], values[3]);
}

int
central_cmd_audit (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  PGresult *r;
  PGconn *db;

  if (argc != 1)
    return central_say (2, "usage: audit (what operators did, oldest first)");
  if ((db = central_db_or_say ()) == NULL)
    return 1;
  r = central_db_exec (db, PGRES_TUPLES_OK,
                       "SELECT to_char (at, 'YYYY-MM-DD HH24:MI:SS'), operator, action, target,"
                       " detail FROM audit ORDER BY id",
                       0, NULL, &error);
  if (r == NULL)
    return central_say (1, "reading the audit: %s", error->message);
  for (int i = 0; i < PQntuples (r); i++)
    printf ("%s\t%s\t%s\t%s\t%s\n", PQgetvalue (r, i, 0), PQgetvalue (r, i, 1),
            PQgetvalue (r, i, 2), PQgetvalue (r, i, 3), PQgetvalue (r, i, 4));
  PQclear (r);
  return 0;
}
