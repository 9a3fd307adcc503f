/* core.h — starting the core in a program: mpos_core_init registers every
 * module's migration steps and counter hooks with the store (store-private.h)
 * before any store opens. The store knows none of these modules; this is
 * the one place that knows them all, as drivers/device-registry.c is for
 * device backends. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Call before the first mpos_store_open (mpos_store_open refuses
 * otherwise). Any thread, any number of times: the work is done once. */
void mpos_core_init (void);

G_END_DECLS
