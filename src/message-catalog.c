/* message-catalog.c — the .mo reader (message-catalog.h). Layout (GNU
 * gettext manual, "The Format of GNU MO Files"): a 28-byte header (magic,
 * revision, count, offset of the original-strings table, offset of the
 * translations table, hash size and offset), then per table `count`
 * (length, offset) pairs of 32-bit words; each string is NUL-terminated
 * at offset + length. A context is "context\004msgid". */
#include "message-catalog.h"

#include <gio/gio.h>
#include <string.h>

#define MO_MAGIC 0x950412deu
#define MO_MAGIC_SWAPPED 0xde120495u
#define MO_HEADER_BYTES 28
#define CONTEXT_GLUE "\004"

struct _MposMessageCatalog
{
  GHashTable *translations; /* "context\004msgid" or msgid → first form */
};

/* clang-format off */
G_DEFINE_QUARK (mpos-message-catalog-error-quark, mpos_message_catalog_error)
/* clang-format on */

typedef struct
{
  const guint8 *data;
  gsize length;
  gboolean swapped;
} MoImage;

static guint32
word_at (const MoImage *mo, gsize at)
{
  guint32 w;

  memcpy (&w, mo->data + at, sizeof w);
  w = GUINT32_FROM_LE (w);
  return mo->swapped ? GUINT32_SWAP_LE_BE (w) : w;
}

static gboolean
invalid (GError **error, const char *what, guint32 index)
{
  g_set_error (error, MPOS_MESSAGE_CATALOG_ERROR, MPOS_MESSAGE_CATALOG_ERROR_INVALID,
               "damaged message catalog: %s (entry %u)", what, index);
  return FALSE;
}

/* The string of entry `index` in the table at `table`, checked to lie in
 * the image with its NUL where its length says. */
static gboolean
string_at (const MoImage *mo, guint32 table, guint32 index, const char **out, guint32 *out_length,
           GError **error)
{
  gsize entry = (gsize) table + (gsize) index * 8;
  guint32 length, offset;

  if (entry + 8 > mo->length)
    return invalid (error, "table past the end", index);
  length = word_at (mo, entry);
  offset = word_at (mo, entry + 4);
  if ((gsize) offset + length >= mo->length || mo->data[(gsize) offset + length] != '\0')
    return invalid (error, "string past the end or not terminated", index);
  *out = (const char *) mo->data + offset;
  *out_length = length;
  return TRUE;
}

static gboolean
read_entries (MposMessageCatalog *catalog, const MoImage *mo, GError **error)
{
  guint32 count = word_at (mo, 8), originals = word_at (mo, 12), translated = word_at (mo, 16);

  if (count > mo->length / 16)
    return invalid (error, "more entries than the file can hold", count);
  for (guint32 i = 0; i < count; i++)
    {
      const char *msgid, *msgstr;
      guint32 id_length, str_length;

      if (!string_at (mo, originals, i, &msgid, &id_length, error)
          || !string_at (mo, translated, i, &msgstr, &str_length, error))
        return FALSE;
      /* Plural forms follow the first after a NUL: the key and answer end at it. */
      g_hash_table_replace (catalog->translations, g_strdup (msgid), g_strdup (msgstr));
    }
  return TRUE;
}

MposMessageCatalog *
mpos_message_catalog_new (const guint8 *data, gsize length, GError **error)
{
  g_autoptr (MposMessageCatalog) catalog = g_new0 (MposMessageCatalog, 1);
  MoImage mo = { data, length, FALSE };
  guint32 magic;

  catalog->translations = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (length < MO_HEADER_BYTES)
    {
      invalid (error, "shorter than its header", 0);
      return NULL;
    }
  magic = word_at (&mo, 0);
  if (magic != MO_MAGIC && magic != MO_MAGIC_SWAPPED)
    {
      invalid (error, "not a .mo file (wrong magic number)", 0);
      return NULL;
    }
  mo.swapped = magic == MO_MAGIC_SWAPPED;
  if (word_at (&mo, 4) >> 16 > 1)
    {
      invalid (error, "a revision this reader does not know", 0);
      return NULL;
    }
  if (!read_entries (catalog, &mo, error))
    return NULL;
  return g_steal_pointer (&catalog);
}

void
mpos_message_catalog_free (MposMessageCatalog *catalog)
{
  if (catalog == NULL)
    return;
  g_hash_table_destroy (catalog->translations);
  g_free (catalog);
}

const char *
mpos_message_catalog_lookup (const MposMessageCatalog *catalog, const char *context,
                             const char *msgid)
{
  g_autofree char *key = NULL;
  const char *found;

  g_return_val_if_fail (catalog != NULL && msgid != NULL, NULL);

  if (context != NULL)
    key = g_strconcat (context, CONTEXT_GLUE, msgid, NULL);
  found = g_hash_table_lookup (catalog->translations, key ? key : msgid);
  /* msgfmt leaves untranslated messages out; an empty one is not an answer either. */
  return found != NULL && *found != '\0' ? found : NULL;
}

guint
mpos_message_catalog_size (const MposMessageCatalog *catalog)
{
  return g_hash_table_size (catalog->translations);
}

/* data/po/meson.build compiles the catalogs into this resource. */
GResource *mpos_po_get_resource (void);

MposMessageCatalog *
mpos_message_catalog_for (const char *language)
{
  g_autofree char *path = g_strdup_printf ("/org/mallpos/po/%s/LC_MESSAGES/mallpos.mo", language);
  g_autoptr (GBytes) mo = g_resource_lookup_data (mpos_po_get_resource (), path, 0, NULL);
  g_autoptr (GError) error = NULL;
  MposMessageCatalog *catalog;
  gsize length = 0;
  const guint8 *data;

  if (mo == NULL)
    return NULL;
  data = g_bytes_get_data (mo, &length);
  catalog = mpos_message_catalog_new (data, length, &error);
  if (catalog == NULL)
    g_warning ("the %s messages built into this program are damaged: %s", language,
               error->message);
  return catalog;
}
