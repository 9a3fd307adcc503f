/* test-message-catalog.c — the .mo reader (src/message-catalog.c) and the
 * catalogs compiled into the core: each language is there and complete for
 * the receipt words, a context keeps two messages with the same English
 * apart, either byte order reads, and every kind of damage is refused with
 * an error instead of a read past the end. */
#include <glib.h>
#include <string.h>

#include "message-catalog.h"
#include "receipt-words.h"

/* A one-message catalog ("a" → "b") in big-endian byte order. */
static GByteArray *
tiny_catalog (void)
{
  static const guint32 words[] = { 0x950412de, 0, 1, 28, 36, 0, 0, 1, 44, 1, 46 };
  GByteArray *mo = g_byte_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    {
      guint32 be = GUINT32_TO_BE (words[i]);

      g_byte_array_append (mo, (const guint8 *) &be, 4);
    }
  g_byte_array_append (mo, (const guint8 *) "a\0b\0", 4);
  return mo;
}

static void
put_word (GByteArray *mo, guint at, guint32 value)
{
  guint32 be = GUINT32_TO_BE (value);

  memcpy (mo->data + at, &be, 4);
}

static void
test_message_catalog_reads_either_byte_order (void)
{
  g_autoptr (GByteArray) mo = tiny_catalog ();
  g_autoptr (GError) error = NULL;
  g_autoptr (MposMessageCatalog) catalog = mpos_message_catalog_new (mo->data, mo->len, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (mpos_message_catalog_lookup (catalog, NULL, "a"), ==, "b");
  g_assert_null (mpos_message_catalog_lookup (catalog, NULL, "b"));
  g_assert_null (mpos_message_catalog_lookup (catalog, "receipt", "a"));
}

static void
assert_refused (GByteArray *mo, const char *why)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposMessageCatalog) catalog = mpos_message_catalog_new (mo->data, mo->len, &error);

  g_assert_null (catalog);
  g_assert_error (error, MPOS_MESSAGE_CATALOG_ERROR, MPOS_MESSAGE_CATALOG_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, why));
}

static void
test_message_catalog_refuses_damage (void)
{
  g_autoptr (GByteArray) mo = NULL;

  mo = tiny_catalog ();
  g_byte_array_set_size (mo, 20);
  assert_refused (mo, "shorter than its header");
  g_byte_array_unref (mo);

  mo = tiny_catalog ();
  put_word (mo, 0, 0x12345678);
  assert_refused (mo, "wrong magic number");
  g_byte_array_unref (mo);

  mo = tiny_catalog ();
  put_word (mo, 8, 0xffffffff);
  assert_refused (mo, "more entries than the file can hold");
  g_byte_array_unref (mo);

  mo = tiny_catalog ();
  put_word (mo, 12, 0xfffffff0);
  assert_refused (mo, "table past the end");
  g_byte_array_unref (mo);

  mo = tiny_catalog ();
  put_word (mo, 32, 1000);
  assert_refused (mo, "string past the end");
  g_byte_array_unref (mo);

  mo = tiny_catalog ();
  mo->data[45] = 'x'; /* the NUL after "a" */
  assert_refused (mo, "not terminated");
  g_byte_array_unref (mo);

  mo = tiny_catalog ();
  put_word (mo, 4, 2 << 16);
  assert_refused (mo, "revision");
}

/* The compiled-in catalogs: present, and "Stored value" is 储值余额 as a
 * balance but 储值 as a payment (the context tells them apart). */
static void
test_message_catalog_built_in_languages (void)
{
  static const char *const languages[] = { "zh_CN", "zh_TW", "en" };

  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      g_autoptr (MposMessageCatalog) catalog = mpos_message_catalog_for (languages[i]);

      g_assert_nonnull (catalog);
      g_assert_cmpuint (mpos_message_catalog_size (catalog), >, MPOS_N_WORDS);
    }
  g_assert_null (mpos_message_catalog_for ("fr"));
  g_assert_cmpstr (mpos_receipt_word (MPOS_RECEIPT_LANGUAGE_ZH_CN, MPOS_WORD_STORED_VALUE), ==,
                   "储值余额");
  g_assert_cmpstr (mpos_receipt_tender_word (MPOS_RECEIPT_LANGUAGE_ZH_CN, "stored_value", NULL),
                   ==, "储值");
  g_assert_cmpstr (mpos_receipt_word (MPOS_RECEIPT_LANGUAGE_ZH_TW, MPOS_WORD_TOTAL), ==, "應付");
  g_assert_cmpstr (mpos_receipt_word (MPOS_RECEIPT_LANGUAGE_EN, MPOS_WORD_TOTAL), ==, "Total");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/message-catalog/reads-either-byte-order",
                   test_message_catalog_reads_either_byte_order);
  g_test_add_func ("/message-catalog/refuses-damage", test_message_catalog_refuses_damage);
  g_test_add_func ("/message-catalog/built-in-languages", test_message_catalog_built_in_languages);
  return g_test_run ();
}
