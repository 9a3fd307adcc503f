/* central-admin.c — what IT runs at the centre: terminals (add → one-time
 * code, revoke, list), the arrivals (`entries`), the invariant check
 * (`check`: every balance is the sum of its ledger) and a certificate's pin. */
#include "central.h"
#include "money.h"

#include <gnutls/abstract.h>
#include <gnutls/x509.h>
#include <stdio.h>
#include <string.h>

enum
{
  EXIT_OK = 0,
  EXIT_FAILED = 1,
  EXIT_USAGE = 2,
  EXIT_NOT_FOUND = 3,
  EXIT_CHECK = 7,
};

static int
fail (const char *what, const GError *error)
{
  fprintf (stderr, "mallpos-central: %s: %s\n", what, error->message);
  return EXIT_FAILED;
}

static int
usage (const char *text)
{
  fprintf (stderr, "mallpos-central: %s (see mallpos-central --help)\n", text);
  return EXIT_USAGE;
}

static gboolean
valid_name (const char *s)
{
  gsize n = s ? strlen (s) : 0;

  if (n < 1 || n > 32)
    return FALSE;
  for (; *s; s++)
    if (!g_ascii_isalnum (*s) && *s != '_' && *s != '-')
      return FALSE;
  return TRUE;
}

static int
terminal_add (PGconn *db, const char *store, const char *terminal)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *code = central_terminal_add (db, store, terminal, &error);

  if (code == NULL)
    return fail ("adding the terminal", error);
  printf ("terminal %s/%s added; enrolment code (valid 24 h, once): %s\n", store, terminal, code);
  printf ("at the terminal: mallposctl sync enrol --url https://THIS-CENTRE:PORT --code %s "
          "--pin PIN\n",
          code);
  return EXIT_OK;
}

static int
terminal_revoke (PGconn *db, const char *store, const char *terminal)
{
  g_autoptr (GError) error = NULL;
  gboolean found = FALSE;

  if (!central_terminal_revoke (db, store, terminal, &found, &error))
    return fail ("revoking the terminal", error);
  if (!found)
    {
      fprintf (stderr, "mallpos-central: no terminal %s/%s (see mallpos-central terminal list)\n",
               store, terminal);
      return EXIT_NOT_FOUND;
    }
  printf ("terminal %s/%s revoked: its next request is refused\n", store, terminal);
  return EXIT_OK;
}

static int
print_rows (PGconn *db, const char *sql)
{
  g_autoptr (GError) error = NULL;
  PGresult *r = central_db_exec (db, PGRES_TUPLES_OK, sql, 0, NULL, &error);

  if (r == NULL)
    return fail ("reading", error);
  for (int i = 0; i < PQntuples (r); i++)
    for (int c = 0; c < PQnfields (r); c++)
      printf ("%s%c", PQgetvalue (r, i, c), c + 1 < PQnfields (r) ? '\t' : '\n');
  PQclear (r);
  return EXIT_OK;
}

int
central_cmd_terminal (int argc, char **argv)
{
  const char *verb = argc > 1 ? argv[1] : "";
  PGconn *db;

  if (strcmp (verb, "clear-chain") == 0)
    return central_cmd_clear_chain (argc, argv);
  if (strcmp (verb, "list") == 0 && argc == 2)
    return (db = central_db_or_say ())
               ? print_rows (db, "SELECT store_id || '/' || terminal_id,"
                                 " CASE WHEN revoked_at IS NOT NULL THEN 'revoked'"
                                 " WHEN token_hash IS NOT NULL THEN 'enrolled'"
                                 " ELSE 'waiting for enrolment' END,"
                                 " 'holds 1…' || contiguous_seq,"
                                 " coalesce ('AUDIT CHAIN BROKEN: ' || chain_broken,"
                                 " 'audit chain vouched to link ' || chain_seq)"
                                 " FROM terminals ORDER BY 1")
               : EXIT_FAILED;
  if ((strcmp (verb, "add") != 0 && strcmp (verb, "revoke") != 0) || argc != 6
      || strcmp (argv[2], "--store") != 0 || strcmp (argv[4], "--terminal") != 0)
    return usage ("usage: terminal add|revoke|clear-chain --store STORE --terminal TERMINAL …, or "
                  "terminal list");
  if (!valid_name (argv[3]) || !valid_name (argv[5]))
    return usage ("store and terminal ids are 1 to 32 letters, digits, “_” or “-”");
  if ((db = central_db_or_say ()) == NULL)
    return EXIT_FAILED;
  return strcmp (verb, "add") == 0 ? terminal_add (db, argv[3], argv[5])
                                   : terminal_revoke (db, argv[3], argv[5]);
}

int
central_cmd_entries (int argc, char **argv)
{
  PGconn *db;

  if (argc != 1)
    return usage ("usage: entries (the last 50 journal entries the terminals pushed)");
  if ((db = central_db_or_say ()) == NULL)
    return EXIT_FAILED;
  return print_rows (db, "SELECT * FROM (SELECT to_char (received_at, 'YYYY-MM-DD HH24:MI:SS'),"
                         " t.store_id || '/' || t.terminal_id, e.seq, e.kind, e.status,"
                         " coalesce (e.reason, '') FROM entries e JOIN terminals t"
                         " ON t.id = e.terminal ORDER BY e.received_at DESC LIMIT 50) x"
                         " ORDER BY 1, 3");
}

/* Balances whose ledger sums to something else, in one snapshot. */
#define SQL_CHECK_BALANCES                                                                         \
  "SELECT account, asset, coalesce (b.balance, 0), coalesce (l.total, 0)"                        \
  " FROM balances b FULL JOIN (SELECT account, asset, sum (delta) AS total FROM ledger"          \
  " GROUP BY 1, 2) l USING (account, asset)"                                                      \
  " WHERE b.balance IS DISTINCT FROM l.total"

/* Terminals whose audit chain broke (central-chain.c); -1 if unreadable. */
static int
count_broken_chains (PGconn *db)
{
  PGresult *r = central_db_exec (db, PGRES_TUPLES_OK,
                                 "SELECT count (*) FROM terminals WHERE chain_broken IS NOT NULL", 0,
                                 NULL, NULL);
  int n = r ? atoi (PQgetvalue (r, 0, 0)) : -1;

  PQclear (r);
  return n;
}

int
central_cmd_check (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  PGresult *r;
  PGconn *db;
  int bad, broken;

  if (argc != 1)
    return usage ("usage: check");
  if ((db = central_db_or_say ()) == NULL)
    return EXIT_FAILED;
  if (!central_db_command (db, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", &error)
      || (r = central_db_exec (db, PGRES_TUPLES_OK, SQL_CHECK_BALANCES, 0, NULL, &error)) == NULL)
    return fail ("checking", error);
  bad = PQntuples (r);
  for (int i = 0; i < bad; i++)
    printf ("balance %s %s is %s but its ledger sums to %s\n", PQgetvalue (r, i, 0),
            PQgetvalue (r, i, 1), PQgetvalue (r, i, 2), PQgetvalue (r, i, 3));
  PQclear (r);
  print_rows (db, "SELECT t.store_id || '/' || t.terminal_id, count (e.id) || ' entries',"
                  " count (e.id) FILTER (WHERE e.status = 'rejected') || ' rejected',"
                  " 'holds 1…' || t.contiguous_seq,"
                  " coalesce ('AUDIT CHAIN BROKEN: ' || t.chain_broken,"
                  " 'audit chain vouched to link ' || t.chain_seq)"
                  " FROM terminals t LEFT JOIN entries e"
                  " ON e.terminal = t.id GROUP BY t.id ORDER BY 1");
  broken = count_broken_chains (db);
  central_db_command (db, "COMMIT", NULL);
  printf (bad ? "check: %d balances differ from their ledgers\n"
              : "check: every balance equals the sum of its ledger\n",
          bad);
  if (broken != 0)
    printf ("check: %d terminals' audit chains are broken (above): IT must check those stores\n",
            broken);
  return bad || broken ? EXIT_CHECK : EXIT_OK;
}

/* ---- pin: sha256// of the certificate's SubjectPublicKeyInfo ---- */

static char *
spki_pin (const char *pem, gsize length, const char **why)
{
  gnutls_datum_t in = { (unsigned char *) pem, (unsigned) length }, der = { 0 };
  gnutls_x509_crt_t crt = NULL;
  gnutls_pubkey_t key = NULL;
  guint8 digest[32];
  gsize digest_len = sizeof digest;
  char *pin = NULL;

  *why = "not a PEM certificate";
  if (gnutls_x509_crt_init (&crt) == 0 && gnutls_x509_crt_import (crt, &in, GNUTLS_X509_FMT_PEM) == 0
      && gnutls_pubkey_init (&key) == 0 && gnutls_pubkey_import_x509 (key, crt, 0) == 0
      && gnutls_pubkey_export2 (key, GNUTLS_X509_FMT_DER, &der) == 0)
    {
      g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
      g_autofree char *b64 = NULL;
      g_checksum_update (sum, der.data, der.size);
      g_checksum_get_digest (sum, digest, &digest_len);
      b64 = g_base64_encode (digest, digest_len);
      pin = g_strconcat ("sha256//", b64, NULL);
      gnutls_free (der.data);
    }
  if (key)
    gnutls_pubkey_deinit (key);
  if (crt)
    gnutls_x509_crt_deinit (crt);
  return pin;
}

int
central_cmd_pin (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *pem = NULL, *pin = NULL;
  const char *why = NULL;
  gsize length = 0;

  if (argc != 3 || strcmp (argv[1], "--cert") != 0)
    return usage ("usage: pin --cert FILE (the centre's certificate, PEM)");
  if (!g_file_get_contents (argv[2], &pem, &length, &error))
    return fail ("reading the certificate", error);
  if ((pin = spki_pin (pem, length, &why)) == NULL)
    {
      fprintf (stderr, "mallpos-central: %s: %s\n", argv[2], why);
      return EXIT_FAILED;
    }
  printf ("%s\n", pin);
  return EXIT_OK;
}
