/* store-backup.h — a copy of the store while it sells, with its key file.
 *
 * The copy is made with SQLite's online backup API in one step, inside one
 * read transaction of the store: it is the store as of one commit, while
 * the window and other mallposctl commands go on writing (WAL readers do
 * not block writers). The store key (<store>.qrkey, member-qr-secret.h)
 * goes with it as <DEST>.qrkey: the copy's member codes and staff cards
 * need it, and a key is never made anew for them. Both are created 0600
 * with O_EXCL | O_NOFOLLOW: an existing file or a planted link is never
 * overwritten. IT keeps the key copy apart from the store copy (another
 * medium), so that one stolen backup alone mints no member code.
 *
 * Restoring (docs/operations.md): with the window closed, copy DEST to the
 * store's path and DEST.qrkey to <store>.qrkey, both chmod 600, then run
 * `mallposctl check`. */
#pragma once

#include "store.h"

G_BEGIN_DECLS

typedef struct
{
  int64_t pages;       /* database pages copied */
  gboolean key_copied; /* FALSE: the store has no key yet (nothing depends on one) */
} MposStoreBackup;

/* Writes the copy to `dest` and the key to `dest`.qrkey. G_FILE_ERROR_EXIST
 * when either exists already (nothing written); MPOS_STORE_ERROR_* when the
 * store cannot be read, G_FILE_ERROR_* when the copy cannot be written (any
 * part written is removed again). Outside any transaction. */
gboolean mpos_store_backup (MposStore *store, const char *dest, MposStoreBackup *out,
                            GError **error);

G_END_DECLS
