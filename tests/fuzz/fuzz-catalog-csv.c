/* fuzz-catalog-csv.c — IT's catalog files are untrusted: feed arbitrary
 * bytes to the CSV reader and to a full catalog import into an in-memory
 * store; whatever happens, the store must stay consistent. */
#include "catalog-import.h"
#include "csv.h"
#include "integrity.h"
#include "store.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
read_all_records (const char *data, size_t size)
{
  g_autoptr (MposCsvReader) reader = mpos_csv_reader_new (data, size);
  char **fields = NULL;
  guint line = 0, last_line = 0;

  while (mpos_csv_reader_next (reader, &fields, &line, NULL))
    {
      g_assert_cmpuint (line, >=, last_line);
      for (guint i = 0; fields[i]; i++)
        g_assert (g_utf8_validate (fields[i], -1, NULL));
      last_line = line;
      g_strfreev (fields);
    }
}

static MposStore *
fuzz_store (void)
{
  MposStoreOptions options = { TRUE, 0 };
  MposStoreIdentity identity = { 0 };
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
