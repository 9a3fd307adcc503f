/* demo-store.c — the demo mark in the store's settings (demo-store.h). */
#include "demo-store.h"
#include "store-private.h"

#include <string.h>

#define DEMO_KEY "store.demo"

gboolean
mpos_demo_store_mark (MposStore *store, GError **error)
{
  return mpos_store_put_setting (store, DEMO_KEY, "packaging/demo.sh", error);
}

gboolean
mpos_demo_store_is (MposStore *store)
{
  g_autofree char *value = mpos_store_get_setting (store, DEMO_KEY);

  return value != NULL && strcmp (value, "packaging/demo.sh") == 0;
}
