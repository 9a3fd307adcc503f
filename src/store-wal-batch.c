/* store-wal-batch.c — a VFS shim that writes a transaction's WAL frames with
 * one pwrite() instead of two per page.
 *
 * SQLite appends each dirty page to the WAL as a 24-byte frame header and
 * the page, one write call each, then (synchronous=FULL) syncs the WAL. A
 * sale dirties some thirty pages, so a commit cost sixty system calls before
 * its fsync, which on a virtual machine was more than the fsync itself. This
 * shim gathers consecutive writes to a WAL file in memory and hands them to
 * the real file as one write:
 *   - when the page after a commit frame's header arrives (the transaction's
 *     last frame: other connections may read it as soon as SQLite publishes
 *     the commit, which it does after these writes return),
 *   - before a sync, read, truncate, size query, file control or close of
 *     that file, and before any write that does not continue the run.
 * The same bytes reach the same offsets before the same sync as without the
 * shim, so what survives a crash is what SQLite's own recovery expects. A
 * failed write (a full disk) is reported by the call that flushed, which is
 * the commit's own write or sync: SQLite then rolls the transaction back and
 * discards its frames, as it does when its own write fails.
 * Every other file (the database, its shared memory) passes straight through. */
#include "store-private.h"

#include <string.h>

#define WAL_BATCH_VFS_NAME "mallpos-wal-batch"
#define WAL_FRAME_HEADER_SIZE 24
#define WAL_BATCH_CAPACITY (1024 * 1024)
/* The unix VFS writes at most 0x1ffff bytes per call (seekAndWrite masks the
 * length), so a flush hands it pieces below that. */
#define REAL_WRITE_MAX (0x1ffff & ~4095)

typedef struct
{
  sqlite3_file base;
  sqlite3_file *real;   /* the underlying VFS's file, right after this struct */
  gboolean is_wal;
  unsigned char *buffer; /* pending bytes destined for [start, start + length) */
  sqlite3_int64 start;
  int length;
  gboolean commit_page_next; /* the last header written was a commit frame's */
} BatchFile;

static sqlite3_vfs *real_vfs;

static int
batch_flush (BatchFile *f)
{
  int rc = SQLITE_OK;

  for (int done = 0; done < f->length && rc == SQLITE_OK; done += REAL_WRITE_MAX)
    rc = f->real->pMethods->xWrite (f->real, f->buffer + done, MIN (REAL_WRITE_MAX, f->length - done),
                                    f->start + done);
  f->length = 0;
  return rc;
}

/* A frame header's bytes 4–7 hold the database size after the commit in a
 * commit frame, zero in any other frame. */
static gboolean
is_commit_frame_header (const unsigned char *data, int amount)
{
  return amount == WAL_FRAME_HEADER_SIZE && (data[4] | data[5] | data[6] | data[7]) != 0;
}

static int
batch_write (sqlite3_file *file, const void *data, int amount, sqlite3_int64 offset)
{
  BatchFile *f = (BatchFile *) file;
  gboolean commit_page = f->commit_page_next;
  int rc = SQLITE_OK;

  if (!f->is_wal)
    return f->real->pMethods->xWrite (f->real, data, amount, offset);
  f->commit_page_next = is_commit_frame_header (data, amount);
  if (f->length > 0
      && (offset != f->start + f->length || amount > WAL_BATCH_CAPACITY - f->length))
    rc = batch_flush (f);
  if (rc != SQLITE_OK)
    return rc;
  if (amount > REAL_WRITE_MAX)
    return f->real->pMethods->xWrite (f->real, data, amount, offset);
  if (f->length == 0)
    f->start = offset;
  memcpy (f->buffer + f->length, data, (size_t) amount);
  f->length += amount;
  return commit_page ? batch_flush (f) : SQLITE_OK;
}

static int
batch_close (sqlite3_file *file)
{
  BatchFile *f = (BatchFile *) file;
  int rc = batch_flush (f);
  int close_rc = f->real->pMethods ? f->real->pMethods->xClose (f->real) : SQLITE_OK;

  g_free (f->buffer);
  f->buffer = NULL;
  return rc != SQLITE_OK ? rc : close_rc;
}

/* Every call below except the write reads or settles the file: pending bytes
 * go first. */
#define FLUSH_OR_RETURN(f)                                                                        \
  do                                                                                              \
    {                                                                                             \
      int flush_rc = batch_flush (f);                                                             \
      if (flush_rc != SQLITE_OK)                                                                  \
        return flush_rc;                                                                          \
    }                                                                                             \
  while (0)

static int
batch_read (sqlite3_file *file, void *data, int amount, sqlite3_int64 offset)
{
  BatchFile *f = (BatchFile *) file;

  FLUSH_OR_RETURN (f);
  return f->real->pMethods->xRead (f->real, data, amount, offset);
}

static int
batch_truncate (sqlite3_file *file, sqlite3_int64 size)
{
  BatchFile *f = (BatchFile *) file;

  FLUSH_OR_RETURN (f);
  return f->real->pMethods->xTruncate (f->real, size);
}

static int
batch_sync (sqlite3_file *file, int flags)
{
  BatchFile *f = (BatchFile *) file;

  FLUSH_OR_RETURN (f);
  return f->real->pMethods->xSync (f->real, flags);
}

static int
batch_file_size (sqlite3_file *file, sqlite3_int64 *size)
{
  BatchFile *f = (BatchFile *) file;

  FLUSH_OR_RETURN (f);
  return f->real->pMethods->xFileSize (f->real, size);
}

static int
batch_file_control (sqlite3_file *file, int op, void *arg)
{
  BatchFile *f = (BatchFile *) file;

  FLUSH_OR_RETURN (f);
  return f->real->pMethods->xFileControl (f->real, op, arg);
}

/* ---- plain pass-through ------------------------------------------------- */

#define REAL(file) (((BatchFile *) (file))->real)

static int
batch_lock (sqlite3_file *file, int level)
{
  return REAL (file)->pMethods->xLock (REAL (file), level);
}

static int
batch_unlock (sqlite3_file *file, int level)
{
  return REAL (file)->pMethods->xUnlock (REAL (file), level);
}

static int
batch_check_reserved_lock (sqlite3_file *file, int *out)
{
  return REAL (file)->pMethods->xCheckReservedLock (REAL (file), out);
}

static int
batch_sector_size (sqlite3_file *file)
{
  return REAL (file)->pMethods->xSectorSize (REAL (file));
}

static int
batch_device_characteristics (sqlite3_file *file)
{
  return REAL (file)->pMethods->xDeviceCharacteristics (REAL (file));
}

static int
batch_shm_map (sqlite3_file *file, int region, int size, int extend, void volatile **out)
{
  return REAL (file)->pMethods->xShmMap (REAL (file), region, size, extend, out);
}

static int
batch_shm_lock (sqlite3_file *file, int offset, int n, int flags)
{
  return REAL (file)->pMethods->xShmLock (REAL (file), offset, n, flags);
}

static void
batch_shm_barrier (sqlite3_file *file)
{
  REAL (file)->pMethods->xShmBarrier (REAL (file));
}

static int
batch_shm_unmap (sqlite3_file *file, int delete_flag)
{
  return REAL (file)->pMethods->xShmUnmap (REAL (file), delete_flag);
}

static int
batch_fetch (sqlite3_file *file, sqlite3_int64 offset, int amount, void **out)
{
  return REAL (file)->pMethods->xFetch (REAL (file), offset, amount, out);
}

static int
batch_unfetch (sqlite3_file *file, sqlite3_int64 offset, void *page)
{
  return REAL (file)->pMethods->xUnfetch (REAL (file), offset, page);
}

static const sqlite3_io_methods batch_io_methods = {
  .iVersion = 3,
  .xClose = batch_close,
  .xRead = batch_read,
  .xWrite = batch_write,
  .xTruncate = batch_truncate,
  .xSync = batch_sync,
  .xFileSize = batch_file_size,
  .xLock = batch_lock,
  .xUnlock = batch_unlock,
  .xCheckReservedLock = batch_check_reserved_lock,
  .xFileControl = batch_file_control,
  .xSectorSize = batch_sector_size,
  .xDeviceCharacteristics = batch_device_characteristics,
  .xShmMap = batch_shm_map,
  .xShmLock = batch_shm_lock,
  .xShmBarrier = batch_shm_barrier,
  .xShmUnmap = batch_shm_unmap,
  .xFetch = batch_fetch,
  .xUnfetch = batch_unfetch,
};

static int
batch_open (sqlite3_vfs *vfs, const char *name, sqlite3_file *file, int flags, int *out_flags)
{
  BatchFile *f = (BatchFile *) file;
  int rc;

  memset (f, 0, sizeof *f);
  f->real = (sqlite3_file *) (f + 1);
  rc = real_vfs->xOpen (real_vfs, name, f->real, flags, out_flags);
  if (rc != SQLITE_OK || f->real->pMethods == NULL)
    return rc;
  /* The real methods must offer what these forward (unix VFS: version 3). */
  if (f->real->pMethods->iVersion < batch_io_methods.iVersion)
    {
      f->real->pMethods->xClose (f->real);
      return SQLITE_CANTOPEN;
    }
  f->is_wal = (flags & SQLITE_OPEN_WAL) != 0;
  if (f->is_wal)
    f->buffer = g_malloc (WAL_BATCH_CAPACITY);
  file->pMethods = &batch_io_methods;
  (void) vfs;
  return SQLITE_OK;
}

static gpointer
register_vfs (gpointer unused)
{
  static sqlite3_vfs vfs;

  (void) unused;
  real_vfs = sqlite3_vfs_find (NULL);
  if (real_vfs == NULL)
    return NULL;
  vfs = *real_vfs;
  vfs.szOsFile = (int) sizeof (BatchFile) + real_vfs->szOsFile;
  vfs.zName = WAL_BATCH_VFS_NAME;
  vfs.pNext = NULL;
  vfs.xOpen = batch_open;
  if (sqlite3_vfs_register (&vfs, 0) != SQLITE_OK)
    return NULL;
  return (gpointer) WAL_BATCH_VFS_NAME;
}

const char *
mpos_store_wal_batch_vfs (void)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, register_vfs, NULL);
  return once.retval;
}
