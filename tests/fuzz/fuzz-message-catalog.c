/* fuzz-message-catalog.c — libFuzzer target for the .mo reader
 * (src/message-catalog.c): whatever the bytes, it answers a catalog or a
 * MPOS_MESSAGE_CATALOG_ERROR with a message, and a catalog it accepted
 * answers lookups without reading outside what it copied. */
#include <glib.h>
#include <stdint.h>

#include "fuzz-util.h"
#include "message-catalog.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (GError) error = NULL;
  /* A copy of exactly `size` bytes, so reading one past the end is caught. */
  g_autofree guint8 *copy = g_memdup2 (data, size);
  g_autoptr (MposMessageCatalog) catalog = mpos_message_catalog_new (copy, size, &error);

  if (catalog == NULL)
    {
      g_assert_error (error, MPOS_MESSAGE_CATALOG_ERROR, MPOS_MESSAGE_CATALOG_ERROR_INVALID);
      g_assert_true (error->message[0] != '\0');
      return 0;
    }
  g_assert_no_error (error);
  g_free (g_steal_pointer (&copy));
  (void) mpos_message_catalog_lookup (catalog, "receipt", "Total");
  (void) mpos_message_catalog_lookup (catalog, NULL, "");
  (void) mpos_message_catalog_size (catalog);
  return 0;
}
