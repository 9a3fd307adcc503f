/* message-catalog.h — a compiled gettext catalog (.mo) read from memory, so
 * a receipt can be worded in the store's receipt language whatever language
 * the program itself speaks (gettext answers only in the process's one).
 * The catalogs of data/po/ are compiled into the core (message-words.c);
 * this reader checks every offset and length before it trusts one, since a
 * damaged catalog must never crash a till. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MPOS_MESSAGE_CATALOG_ERROR (mpos_message_catalog_error_quark ())
GQuark mpos_message_catalog_error_quark (void);

typedef enum
{
  MPOS_MESSAGE_CATALOG_ERROR_INVALID, /* not a .mo file, or damaged */
} MposMessageCatalogError;

typedef struct _MposMessageCatalog MposMessageCatalog;

/* Reads a .mo image (either byte order). The catalog copies what it keeps. */
MposMessageCatalog *mpos_message_catalog_new (const guint8 *data, gsize length, GError **error);
void mpos_message_catalog_free (MposMessageCatalog *catalog);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MposMessageCatalog, mpos_message_catalog_free)

/* The translation of msgid in context (NULL: none), or NULL when the
 * catalog has none. Plural entries answer with their first form. */
const char *mpos_message_catalog_lookup (const MposMessageCatalog *catalog, const char *context,
                                         const char *msgid);

/* The catalog of data/po/<language>.po compiled into the core ("zh_CN",
 * "zh_TW", "en"), or NULL when there is none. */
MposMessageCatalog *mpos_message_catalog_for (const char *language);

/* How many messages it holds (the header entry included). */
guint mpos_message_catalog_size (const MposMessageCatalog *catalog);

G_END_DECLS
