/* fuzz-store.c — the fuzz targets' in-memory store (fuzz-store.h). */
#include "fuzz-store.h"

#include "core.h"

MposStore *
fuzz_store_new (void)
{
  MposStoreOptions options = { TRUE, 0 };
  MposStoreIdentity identity = { 0 };
  MposStore *store;

  mpos_core_init ();
  store = mpos_store_open (":memory:", &options, NULL);

  g_assert_nonnull (store);
  identity.store_code = "S001";
  identity.terminal_code = "T01";
  identity.time_zone = "Asia/Shanghai";
  g_assert (mpos_store_set_identity (store, &identity, NULL));
  return store;
}
