/* demo-store.h — the mark that says "this store is the demo's, made up from
 * data/demo": packaging/demo.sh replaces a store only when it carries the
 * mark, so running the demo again can never delete a store of real sales.
 * The mark is set when the store is created (`mallposctl init --demo`) and
 * never later, so no real store can become replaceable. */
#pragma once

#include <glib.h>
#include "store.h"

G_BEGIN_DECLS

/* Marks a store made a moment ago as the demo's (settings key store.demo). */
gboolean mpos_demo_store_mark (MposStore *store, GError **error);
/* Whether the store carries the demo mark. */
gboolean mpos_demo_store_is (MposStore *store);

G_END_DECLS
