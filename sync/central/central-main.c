/* central-main.c — `mallpos-central`, the reference centre: serves the sync
 * protocol (sync/PROTOCOL.md) over HTTPS from PostgreSQL, and gives IT its
 * commands. Several `serve` processes may share one database. */
#include "central.h"

#include <stdio.h>
#include <string.h>

#define HELP                                                                                       \
  "Usage: mallpos-central [--db CONNINFO] COMMAND …\n"                                            \
  "\n"                                                                                             \
  "The MallPOS centre on PostgreSQL. --db is a libpq connection string\n"                          \
  "(default: $MALLPOS_CENTRAL_DB, else libpq's PG* variables).\n"                                  \
  "\n"                                                                                             \
  "  migrate                                  create or update the centre's tables\n"              \
  "  serve --cert FILE --key FILE [--listen ADDR] [--port N] [--threads N] [--port-file FILE]\n"  \
  "                                           serve HTTPS (migrates first; port 0: any free)\n"    \
  "  terminal add --store S --terminal T      a terminal and its one-time enrolment code\n"        \
  "  terminal revoke --store S --terminal T   refuse the terminal from its next request\n"         \
  "  terminal list                            terminals, enrolled or not, and what they sent\n"    \
  "  price set CODE [NAME] PRICE              a price the terminals pull (PRICE: 12.50)\n"         \
  "     [--category PATH] [--unit piece|weight] [--barcode CODE]…  and what it is\n"                 \
  "  terminal clear-chain --store S --terminal T --operator NAME --note TEXT\n"                     \
  "                                           after investigation (role security; secret in\n"       \
  "                                           MALLPOS_CENTRAL_SECRET); audited\n"                    \
  "  operator add NAME --role it|security     a person and their secret (printed once)\n"           \
  "  audit                                    what operators did\n"                                 \
  "  promotion import FILE                    {\"promotions\": […]} as mallposctl imports it\n"     \
  "  coupon import FILE                       {\"templates\": […]}: coupon templates\n"             \
  "  rule import FILE                         the loyalty rules document\n"                        \
  "  config set KEY VALUE | config unset KEY  a terminal setting (receipt.footer, …)\n"           \
  "  hotlist block card|member VALUE REASON   refused at every counter after its next pull\n"      \
  "  hotlist unblock card|member VALUE        lifts it\n"                                          \
  "  entries                                  the last 50 journal entries that arrived\n"          \
  "  check                                    every balance equals the sum of its ledger\n"        \
  "  pin --cert FILE                          the pin terminals give to `mallposctl sync enrol`\n"

static int
cmd_migrate (void)
{
  g_autoptr (GError) error = NULL;
  PGconn *db = central_db (&error);

  if (db == NULL || !central_db_migrate (db, &error))
    {
      fprintf (stderr, "mallpos-central: migrate: %s\n", error->message);
      return 1;
    }
  return 0;
}

static int
cmd_serve (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GOptionContext) context = g_option_context_new ("- serve the sync protocol");
  g_autofree char *listen = NULL, *cert = NULL, *key = NULL, *port_file = NULL;
  CentralServeOptions o = { .listen_address = "127.0.0.1", .port = 8443, .threads = 4 };
  GOptionEntry entries[] = {
    { "cert", 0, 0, G_OPTION_ARG_FILENAME, &cert, "the centre's certificate (PEM)", "FILE" },
    { "key", 0, 0, G_OPTION_ARG_FILENAME, &key, "its private key (PEM)", "FILE" },
    { "listen", 0, 0, G_OPTION_ARG_STRING, &listen, "IPv4 address (default 127.0.0.1)", "ADDR" },
    { "port", 0, 0, G_OPTION_ARG_INT, &o.port, "port (default 8443; 0: any free)", "N" },
    { "threads", 0, 0, G_OPTION_ARG_INT, &o.threads, "request threads (default 4)", "N" },
    { "port-file", 0, 0, G_OPTION_ARG_FILENAME, &port_file, "write the port here", "FILE" },
    { NULL },
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 1 || !cert || !key
      || o.port < 0 || o.port > 65535 || o.threads < 1 || o.threads > 64)
    {
      fprintf (stderr, "mallpos-central: serve: %s\n",
               error ? error->message : "--cert and --key are required; port 0–65535, threads 1–64");
      return 2;
    }
  if (cmd_migrate () != 0)
    return 1;
  o.listen_address = listen ? listen : o.listen_address;
  o.cert_file = cert, o.key_file = key, o.port_file = port_file;
  if (!central_serve (&o, &error))
    {
      fprintf (stderr, "mallpos-central: serve: %s\n", error->message);
      return 1;
    }
  return 0;
}

int
main (int argc, char **argv)
{
  const char *db = g_getenv ("MALLPOS_CENTRAL_DB");
  const char *cmd;

  if (argc > 2 && strcmp (argv[1], "--db") == 0)
    {
      db = argv[2];
      argc -= 2, argv += 2;
    }
  central_db_configure (db ? db : "");
  cmd = argc > 1 ? argv[1] : "";
  argc--, argv++;
  if (strcmp (cmd, "--help") == 0 || strcmp (cmd, "-h") == 0)
    return printf ("%s", HELP), 0;
  if (strcmp (cmd, "migrate") == 0 && argc == 1)
    return cmd_migrate ();
  if (strcmp (cmd, "serve") == 0)
    return cmd_serve (argc, argv);
  if (strcmp (cmd, "terminal") == 0)
    return central_cmd_terminal (argc, argv);
  if (strcmp (cmd, "operator") == 0)
    return central_cmd_operator (argc, argv);
  if (strcmp (cmd, "audit") == 0)
    return central_cmd_audit (argc, argv);
  if (strcmp (cmd, "price") == 0)
    return central_cmd_price (argc, argv);
  if (strcmp (cmd, "entries") == 0)
    return central_cmd_entries (argc, argv);
  if (strcmp (cmd, "check") == 0)
    return central_cmd_check (argc, argv);
  if (strcmp (cmd, "pin") == 0)
    return central_cmd_pin (argc, argv);
  if (strcmp (cmd, "hotlist") == 0)
    return central_cmd_hotlist (argc, argv);
  if (strcmp (cmd, "promotion") == 0 || strcmp (cmd, "coupon") == 0 || strcmp (cmd, "rule") == 0)
    return central_cmd_import (argc, argv);
  if (strcmp (cmd, "config") == 0)
    return central_cmd_config (argc, argv);
  fprintf (stderr, "mallpos-central: %s “%s”\n%s", *cmd ? "unknown command" : "no command", cmd,
           HELP);
  return 2;
}
