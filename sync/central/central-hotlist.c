/* central-hotlist.c — the hotlist: cards and members the mall has blocked
 * (a stolen card, a member's account under review, an overdraft), which
 * every terminal refuses at its counter after its next pull (PROTOCOL.md
 * section 5.6). IT blocks and unblocks with `mallpos-central hotlist`; an
 * unblocked row stays with blocked = false and a new change number, so
 * terminals hear the unblocking too. */
#include "central.h"

#include <stdio.h>
#include <string.h>

static cJSON *
hotlist_item (PGresult *r, int row)
{
  cJSON *item = cJSON_CreateObject ();

  cJSON_AddStringToObject (item, "kind", PQgetvalue (r, row, 0));
  cJSON_AddStringToObject (item, "value", PQgetvalue (r, row, 1));
  cJSON_AddBoolToObject (item, "blocked", strcmp (PQgetvalue (r, row, 2), "t") == 0);
  cJSON_AddStringToObject (item, "reason", PQgetvalue (r, row, 3));
  cJSON_AddNumberToObject (item, "change", (double) g_ascii_strtoll (PQgetvalue (r, row, 4), NULL, 10));
  return item;
}

void
central_pull_hotlist (PGconn *db, const CentralTerminal *terminal, const char *stream,
                      const char *after, const char *limit, CentralReply *reply)
{
  const char *params[] = { after, limit };

  (void) terminal;
  central_pull_page (db, stream,
                     "SELECT kind, value, blocked, reason, change FROM hotlist WHERE change > $1"
                     " ORDER BY change LIMIT $2",
                     2, params, 4, hotlist_item, reply);
}

/* ---- IT: mallpos-central hotlist block|unblock card|member VALUE [REASON] ---- */

static gboolean
valid_value (const char *kind, const char *value)
{
  gsize n = strlen (value);

  if (strcmp (kind, "member") == 0)
    return n == 36 && strspn (value, "0123456789abcdef-") == n;
  return n >= 6 && n <= 32 && strspn (value, "0123456789") == n;
}

static int
say_usage (const char *text)
{
  fprintf (stderr, "mallpos-central: %s (see mallpos-central --help)\n", text);
  return 2;
}

int
central_cmd_hotlist (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  gboolean block = argc == 5 && strcmp (argv[1], "block") == 0;
  const char *params[4];
  PGresult *r;
  PGconn *db;

  if (!block && !(argc == 4 && strcmp (argv[1], "unblock") == 0))
    return say_usage ("usage: hotlist block card|member VALUE REASON, or hotlist unblock "
                      "card|member VALUE");
  if ((strcmp (argv[2], "card") != 0 && strcmp (argv[2], "member") != 0)
      || !valid_value (argv[2], argv[3]))
    return say_usage ("a card is 6–32 digits, a member is its uid (a lower-case UUID)");
  if (block && (strlen (argv[4]) < 1 || g_utf8_strlen (argv[4], -1) > 200
                || !g_utf8_validate (argv[4], -1, NULL)))
    return say_usage ("give a reason of 1 to 200 characters; the cashier reads it");
  if ((db = central_db (&error)) == NULL)
    {
      fprintf (stderr, "mallpos-central: cannot reach the database: %s\n", error->message);
      return 1;
    }
  params[0] = argv[2], params[1] = argv[3], params[2] = block ? "true" : "false";
  params[3] = block ? argv[4] : "unblocked";
  r = central_db_exec (db, PGRES_TUPLES_OK,
                       "INSERT INTO hotlist (kind, value, blocked, reason, change)"
                       " VALUES ($1, $2, $3, $4, nextval ('hotlist_change'))"
                       " ON CONFLICT (kind, value) DO UPDATE SET blocked = excluded.blocked,"
                       " reason = excluded.reason, change = excluded.change RETURNING change",
                       4, params, &error);
  if (r == NULL)
    {
      fprintf (stderr, "mallpos-central: changing the hotlist: %s\n", error->message);
      return 1;
    }
  PQclear (r);
  printf ("%s %s %s at every terminal's next pull\n", argv[2], argv[3],
          block ? "is blocked" : "is unblocked");
  return 0;
}
