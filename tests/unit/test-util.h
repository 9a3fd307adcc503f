/* test-util.h — temp stores for tests: an initialised empty store, or one
 * loaded with the demo catalog, promotions and members (MALLPOS_DEMO_DIR). */
#pragma once

#include <glib.h>
#include "store.h"

G_BEGIN_DECLS

typedef struct
{
  char *dir;
  char *path;
  MposStore *store;
} TestStore;

/* A new store in a fresh temp dir, identity S001/T01/Asia/Shanghai. */
TestStore *test_store_new (void);
/* The same, loaded with data/demo. */
TestStore *test_store_new_demo (void);
void test_store_free (TestStore *ts);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestStore, test_store_free)

/* Reopens the store (drops the connection and opens it again). */
void test_store_reopen (TestStore *ts);

/* A file of data/demo as a string (aborts the test if missing). */
char *test_demo_file (const char *name, gsize *length);

/* Asserts `check` finds nothing wrong. */
void test_assert_consistent (MposStore *store);

G_END_DECLS
