/* terminal-language.c — the terminal language setting and gettext's set-up
 * (terminal-language.h). */
#include "terminal-language.h"

#include <libintl.h>
#include <locale.h>

#include "receipt-words.h"
#include "store-private.h"

#define SETTING_KEY "terminal.language"
#define LOCALEDIR_ENV "MALLPOS_LOCALEDIR"

void
mpos_i18n_init (const char *installed_localedir)
{
  const char *dir = g_getenv (LOCALEDIR_ENV);

  setlocale (LC_ALL, "");
  bindtextdomain (MPOS_GETTEXT_PACKAGE, dir && *dir ? dir : installed_localedir);
  bind_textdomain_codeset (MPOS_GETTEXT_PACKAGE, "UTF-8");
  textdomain (MPOS_GETTEXT_PACKAGE);
}

static char *
canonical (const char *language)
{
  MposReceiptLanguage parsed;

  if (language == NULL || !mpos_receipt_language_parse (language, &parsed))
    return NULL;
  return g_strdup (mpos_receipt_language_name (parsed));
}

/* gettext reads LANGUAGE first, but ignores it in the "C" locale: a
 * terminal set up without any locale (a fresh Debian, CI) then gets
 * C.UTF-8 for its messages. setlocale also tells gettext to forget the
 * translations it has looked up so far. */
gboolean
mpos_i18n_use (const char *language)
{
  g_autofree char *name = canonical (language);
  const char *messages;

  if (name == NULL)
    return FALSE;
  g_setenv ("LANGUAGE", name, TRUE);
  messages = setlocale (LC_MESSAGES, "");
  if (messages == NULL || g_strcmp0 (messages, "C") == 0 || g_strcmp0 (messages, "POSIX") == 0)
    setlocale (LC_MESSAGES, "C.UTF-8");
  return TRUE;
}

char *
mpos_terminal_language_get (MposStore *store)
{
  g_autofree char *value = mpos_store_get_setting (store, SETTING_KEY);

  return canonical (value);
}

gboolean
mpos_terminal_language_set (MposStore *store, const char *language, GError **error)
{
  g_autofree char *name = NULL;

  if (language != NULL && *language != '\0' && (name = canonical (language)) == NULL)
    {
      g_set_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_CONSTRAINT,
                   "the terminal language is zh_CN, zh_TW or en, not “%s”", language);
      return FALSE;
    }
  return mpos_store_put_setting (store, SETTING_KEY, name, error);
}

char *
mpos_terminal_language_problem (const char *key, const char *value)
{
  g_autofree char *name = canonical (value);

  if (g_strcmp0 (key, SETTING_KEY) != 0 || *value == '\0' || name != NULL)
    return NULL;
  return g_strdup ("not zh_CN, zh_TW or en: the terminal speaks the system's language instead; "
                   "set it with `mallposctl language --set`");
}

char *
mpos_terminal_language_choose (MposStore *store)
{
  char *chosen = canonical (g_getenv (MPOS_TERMINAL_LANGUAGE_ENV));

  if (chosen == NULL && store != NULL)
    chosen = mpos_terminal_language_get (store);
  return chosen;
}
