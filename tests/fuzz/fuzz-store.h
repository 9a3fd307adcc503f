/* fuzz-store.h — the in-memory store the fuzz targets that write start
 * from: a new store with an identity (S001, T01, Asia/Shanghai). */
#pragma once

#include "store.h"

MposStore *fuzz_store_new (void);
