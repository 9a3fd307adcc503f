/* settings-check.c — `check` reads every settings row the way the program
 * will: the identity (codes, time zone, day cut-off, rounding, scale
 * layout), the loyalty rules, the members' numeric policies. A row a bit
 * flip or a hand edit made unreadable is named here by its key, instead of
 * surfacing as a refused sale, or not at all (an unknown time zone once
 * fell back to UTC in silence). */
#include "settings-check.h"
#include "loyalty-rules.h"
#include "store-private.h"
#include "terminal-language.h"

#include <string.h>

static MposSql SQL_SETTINGS = MPOS_SQL (
    "settings-check: settings", "SELECT key, value, typeof (value) FROM settings ORDER BY key");
#define SHOWN_CHARS 40

/* Why `value` cannot be used as setting `key`, or NULL. */
static char *
value_problem (const char *key, const char *value)
{
  g_autoptr (MposLoyaltyRules) rules = NULL;
  g_autoptr (GError) error = NULL;
  gint64 number = 0;

  if (strcmp (key, "loyalty_rules") == 0)
    {
      rules = *value ? mpos_loyalty_rules_parse (value, strlen (value), &error) : NULL;
      return *value && rules == NULL ? g_strdup (error->message) : NULL;
    }
  /* member.phone_display is a word; the other member policies are numbers. */
  if (g_str_has_prefix (key, "member.") && strcmp (key, "member.phone_display") != 0)
    return g_ascii_string_to_signed (value, 10, G_MININT64, G_MAXINT64, &number, NULL)
               ? NULL
               : g_strdup ("not a whole number");
  if (g_str_has_prefix (key, "terminal."))
    return mpos_terminal_language_problem (key, value);
  return mpos_store_identity_setting_problem (key, value);
}

/* Bytes 0x80–0xff: UTF-8 text (店名) is shown as it is, only controls are escaped. */
static const char utf8_bytes[] =
    "\x80\x81\x82\x83\x84\x85\x86\x87\x88\x89\x8a\x8b\x8c\x8d\x8e\x8f"
    "\x90\x91\x92\x93\x94\x95\x96\x97\x98\x99\x9a\x9b\x9c\x9d\x9e\x9f"
    "\xa0\xa1\xa2\xa3\xa4\xa5\xa6\xa7\xa8\xa9\xaa\xab\xac\xad\xae\xaf"
    "\xb0\xb1\xb2\xb3\xb4\xb5\xb6\xb7\xb8\xb9\xba\xbb\xbc\xbd\xbe\xbf"
    "\xc0\xc1\xc2\xc3\xc4\xc5\xc6\xc7\xc8\xc9\xca\xcb\xcc\xcd\xce\xcf"
    "\xd0\xd1\xd2\xd3\xd4\xd5\xd6\xd7\xd8\xd9\xda\xdb\xdc\xdd\xde\xdf"
    "\xe0\xe1\xe2\xe3\xe4\xe5\xe6\xe7\xe8\xe9\xea\xeb\xec\xed\xee\xef"
    "\xf0\xf1\xf2\xf3\xf4\xf5\xf6\xf7\xf8\xf9\xfa\xfb\xfc\xfd\xfe\xff";

/* The text as it can be shown in one line: escaped, and cut when long. */
static char *
shown (const char *text)
{
  g_autofree char *escaped = g_strescape (text, utf8_bytes);

  if (g_utf8_strlen (escaped, -1) <= SHOWN_CHARS)
    return g_steal_pointer (&escaped);
  return g_strdup_printf ("%.*s…", (int) (g_utf8_offset_to_pointer (escaped, SHOWN_CHARS)
                                          - escaped),
                          escaped);
}

static char *
row_problem (sqlite3_stmt *stmt)
{
  const char *key = (const char *) sqlite3_column_text (stmt, 0);
  const char *value = (const char *) sqlite3_column_text (stmt, 1);
  const char *type = (const char *) sqlite3_column_text (stmt, 2);
  g_autofree char *key_shown = shown (key ? key : "");
  g_autofree char *why = NULL;
  g_autofree char *value_shown = NULL;

  /* A number reads as its text; a blob or a NULL does not read at all. */
  if (strcmp (type, "blob") == 0 || strcmp (type, "null") == 0)
    return g_strdup_printf ("setting %s holds %s data, not text: it cannot be read", key_shown,
                            type);
  if (!g_utf8_validate (value, sqlite3_column_bytes (stmt, 1), NULL)
      || (int) strlen (value) != sqlite3_column_bytes (stmt, 1))
    return g_strdup_printf ("setting %s cannot be read: its text is not valid UTF-8 (or holds "
                            "a NUL)",
                            key_shown);
  why = value_problem (key, value);
  if (why == NULL)
    return NULL;
  value_shown = shown (value);
  return g_strdup_printf ("setting %s (“%s”) cannot be used: %s; set it again (mallposctl init "
                          "or the import that set it)",
                          key_shown, value_shown, why);
}

gboolean
mpos_settings_check (MposStore *store, GPtrArray *problems, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_SETTINGS, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = mpos_store_step (stmt)) == SQLITE_ROW)
    {
      char *problem = row_problem (stmt);
      if (problem != NULL)
        g_ptr_array_add (problems, problem);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return mpos_store_fail (store, rc, "reading the settings", error);
  return TRUE;
}
