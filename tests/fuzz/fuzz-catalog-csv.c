/* fuzz-catalog-csv.c — IT's catalog files are untrusted: feed arbitrary
 * bytes to the CSV reader (every record it returns has its header's width
 * and no control character) and to a full catalog import into an in-memory
 * store; whatever happens, the store must stay consistent. */
#include "core.h"
#include "catalog-import.h"
#include "csv.h"
#include "integrity.h"
#include "store.h"
#include "text-width.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Every record after a good header has the header's width and no control character. */
static void
read_all_records (const char *data, size_t size)
{
  static const char *const columns[]
      = { "sku", "product", "name",          "spec",     "category", "unit",   "barcodes",
          "plu", "price",   "member_prices", "tax_rate", "stock",    "pinyin", NULL };
  static const char *const required[] = { "sku", NULL };
  g_autoptr (MposCsvReader) reader = mpos_csv_reader_new (data, size);
  g_auto (GStrv) header = NULL;
  g_autoptr (GError) error = NULL;
  char **fields = NULL;
  guint line = 0, last_line = 0;

  if (!mpos_csv_reader_read_header (reader, columns, required, &header, &line, NULL))
    return;
  for (;;)
    {
      if (!mpos_csv_reader_next (reader, &fields, &line, &error))
        {
          if (error == NULL || !mpos_csv_error_spoils_record_only (error))
            return;
          g_clear_error (&error);
          continue;
        }
      g_assert_cmpuint (line, >=, last_line);
      g_assert_cmpuint (g_strv_length (fields), ==, g_strv_length (header));
      for (guint i = 0; fields[i]; i++)
        g_assert (g_utf8_validate (fields[i], -1, NULL)
                  && mpos_text_find_control (fields[i]) == NULL);
      last_line = line;
      g_strfreev (fields);
    }
}

static MposStore *
fuzz_store (void)
{
  MposStoreOptions options = { TRUE, 0 };
  MposStoreIdentity identity = { 0 };
  mpos_core_init ();
  MposStore *store = mpos_store_open (":memory:", &options, NULL);

  g_assert_nonnull (store);
  identity.store_code = "S001";
  identity.terminal_code = "T01";
  identity.time_zone = "Asia/Shanghai";
  g_assert (mpos_store_set_identity (store, &identity, NULL));
  return store;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static MposStore *store;
  g_auto (MposImportReport) report = { 0 };
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);

  read_all_records ((const char *) data, size);
  if (store == NULL)
    store = fuzz_store ();
  mpos_import_report_init (&report);
  mpos_import_csv (store, MPOS_IMPORT_CATALOG, (const char *) data, size,
                   MPOS_IMPORT_SKIP_BAD_ROWS, &report, NULL);
  g_assert (mpos_integrity_check (store, problems, NULL));
  g_assert_cmpuint (problems->len, ==, 0);
  return 0;
}
