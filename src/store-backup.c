/* store-backup.c — the online backup of a store with its key file
 * (store-backup.h). */
#include "store-backup.h"
#include "fail.h"
#include "fd-write.h"
#include "member-qr-secret.h"
#include "store-private.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>
#include <unistd.h>

static gboolean
file_fail (GError **error, int saved, const char *path, const char *doing)
{
  return mpos_fail (error, G_FILE_ERROR, g_file_error_from_errno (saved), "cannot %s %s: %s%s",
                    doing, path, g_strerror (saved),
                    saved == EEXIST ? " (a backup is never written over: give a new name, or "
                                      "move the old one away first)"
                                    : "");
}

/* A new private file: refused when anything (a file, a link) is there. */
static int
create_private (const char *path, GError **error)
{
  int fd = open (path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);

  if (fd < 0)
    file_fail (error, errno, path, "create");
  return fd;
}

static gboolean
sync_close (int fd, const char *path, GError **error)
{
  int saved = 0;

  if (fsync (fd) != 0)
    saved = errno;
  if (close (fd) != 0 && saved == 0)
    saved = errno;
  return saved == 0 || file_fail (error, saved, path, "write");
}

/* The whole database in one backup step: one read transaction of the
 * store, so the copy is one commit's state whatever else writes. */
static gboolean
copy_database (MposStore *store, const char *dest, MposStoreBackup *out, GError **error)
{
  sqlite3 *db = NULL;
  sqlite3_backup *backup;
  int rc = sqlite3_open_v2 (dest, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW, NULL);

  if (rc == SQLITE_OK)
    {
      sqlite3_busy_timeout (db, 5000);
      backup = sqlite3_backup_init (db, "main", mpos_store_db (store), "main");
      if (backup == NULL)
        rc = sqlite3_errcode (db);
      else
        {
          while ((rc = sqlite3_backup_step (backup, -1)) == SQLITE_BUSY || rc == SQLITE_LOCKED)
            g_usleep (10000);
          out->pages = sqlite3_backup_pagecount (backup);
          if (sqlite3_backup_finish (backup) != SQLITE_OK && rc == SQLITE_DONE)
            rc = sqlite3_errcode (db);
        }
    }
  if (rc == SQLITE_DONE)
    rc = sqlite3_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
  if (rc != SQLITE_OK && rc != SQLITE_DONE)
    mpos_fail (error, G_FILE_ERROR, G_FILE_ERROR_IO, "cannot copy the store to %s: %s", dest,
               db ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
  sqlite3_close (db);
  return rc == SQLITE_OK || rc == SQLITE_DONE;
}

static gboolean
copy_key (MposStore *store, const char *dest_key, MposStoreBackup *out, GError **error)
{
  g_autofree char *key_path = mpos_member_qr_key_path (mpos_store_path (store));
  guint8 key[MPOS_STORE_KEY_BYTES];
  gboolean ok;
  int fd;

  gboolean needed = TRUE;

  out->key_copied = FALSE;
  /* No key file and nothing that needs one: the copy needs none either
   * (a missing key that is needed fails below, saying to restore it). */
  if (!g_file_test (key_path, G_FILE_TEST_EXISTS)
      && (!mpos_store_key_needed (store, &needed, error) || !needed))
    return !needed;
  if (!mpos_store_key_load (store, FALSE, key, error))
    return FALSE;
  if ((fd = create_private (dest_key, error)) < 0)
    {
      sodium_memzero (key, sizeof key);
      return FALSE;
    }
  ok = mpos_fd_write_all (fd, key, sizeof key);
  sodium_memzero (key, sizeof key);
  if (!ok)
    {
      int saved = errno;
      close (fd);
      g_unlink (dest_key);
      return file_fail (error, saved, dest_key, "write");
    }
  out->key_copied = sync_close (fd, dest_key, error);
  if (!out->key_copied)
    g_unlink (dest_key);
  return out->key_copied;
}

gboolean
mpos_store_backup (MposStore *store, const char *dest, MposStoreBackup *out, GError **error)
{
  g_autofree char *dest_key = mpos_member_qr_key_path (dest);
  int fd;

  memset (out, 0, sizeof *out);
  if (g_file_test (dest_key, G_FILE_TEST_EXISTS) || g_file_test (dest_key, G_FILE_TEST_IS_SYMLINK))
    return file_fail (error, EEXIST, dest_key, "create");
  if ((fd = create_private (dest, error)) < 0)
    return FALSE;
  if (!sync_close (fd, dest, error) || !copy_database (store, dest, out, error)
      || !copy_key (store, dest_key, out, error))
    {
      g_unlink (dest);
      return FALSE;
    }
  return TRUE;
}
