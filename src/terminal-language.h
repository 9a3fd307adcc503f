/* terminal-language.h — the language the terminal speaks to its people:
 * the window's words and mallposctl's messages (zh_CN, zh_TW or en). It is
 * a setting of the terminal's store (`mallposctl language --set`), and the
 * environment overrides it for one program (MALLPOS_LANGUAGE=en): a
 * technician reading English on a Chinese till. A receipt's language is the
 * store's receipt setting instead (receipt-settings.h): the shopper's, not
 * the cashier's.
 *
 * Messages are gettext's, domain "mallpos", catalogs from data/po/, found
 * in MALLPOS_LOCALEDIR (a build tree's data/po, set by the tests) or the
 * installed locale directory. */
#pragma once

#include <glib.h>

#include "store.h"

G_BEGIN_DECLS

#define MPOS_GETTEXT_PACKAGE "mallpos"
#define MPOS_TERMINAL_LANGUAGE_ENV "MALLPOS_LANGUAGE"

/* Binds the "mallpos" domain (UTF-8 whatever the locale's codeset) and sets
 * the process locale from the environment. Call once, first thing in main. */
void mpos_i18n_init (const char *installed_localedir);

/* Speaks `language` (zh_CN, zh_TW, en) from now on in this process. FALSE
 * for a language MallPOS has no catalog for. */
gboolean mpos_i18n_use (const char *language);

/* The store's terminal language, or NULL when never set (the program then
 * speaks what the environment's locale says). */
char *mpos_terminal_language_get (MposStore *store);
/* Checks and stores it; NULL or "" unsets it. */
gboolean mpos_terminal_language_set (MposStore *store, const char *language, GError **error);

/* Why a stored terminal language cannot be used (a new string), or NULL:
 * for `check` (settings-check.c). */
char *mpos_terminal_language_problem (const char *key, const char *value);

/* What to speak: MALLPOS_LANGUAGE when set, else the store's setting (store
 * may be NULL), else NULL. A new string in canonical form ("zh_TW"). */
char *mpos_terminal_language_choose (MposStore *store);

G_END_DECLS
