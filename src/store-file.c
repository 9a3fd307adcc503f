/* store-file.c — the store file as the operating system sees it. A store
 * holds members' phones and secrets' hashes: it is made 0600 (its -wal and
 * -shm take the same mode from it, as SQLite gives them the database's mode),
 * a new store is never made through a symbolic link someone planted, and a
 * store other users can read is refused until its mode is fixed, with the
 * command that fixes it. */
#include "store-private.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define STORE_FILE_MODE 0600

static gboolean
refuse_link (const char *path, GError **error)
{
  g_set_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_EXPOSED,
               "%s is a symbolic link: a store is made only as a plain file (give the path "
               "the link points to, or remove the link)",
               path);
  return FALSE;
}

/* Makes the empty file SQLite then fills, private from its first byte. */
static gboolean
create_private (const char *path, GError **error)
{
  int fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, STORE_FILE_MODE);

  if (fd < 0 && errno == ELOOP)
    return refuse_link (path, error);
  if (fd < 0 && errno != EEXIST)
    {
      int saved = errno;
      g_set_error (error, MPOS_STORE_ERROR,
                   saved == EACCES ? MPOS_STORE_ERROR_READONLY : MPOS_STORE_ERROR_IO,
                   "cannot create the store %s: %s", path, g_strerror (saved));
      return FALSE;
    }
  if (fd >= 0)
    close (fd);
  return TRUE;
}

static gboolean
refuse_exposed (const char *path, mode_t mode, GError **error)
{
  g_autofree char *quoted = g_shell_quote (path);

  g_set_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_EXPOSED,
               "other users can read or change the store %s (mode %04o): it holds members' personal data; "
               "run `chmod 600 %s` (and the same on its -wal and -shm files if there are any), "
               "then try again",
               path, (unsigned) (mode & 07777), quoted);
  return FALSE;
}

gboolean
mpos_store_file_prepare (const char *path, gboolean create, GError **error)
{
  GStatBuf st;

  if (strcmp (path, ":memory:") == 0) /* the fuzz targets' stores: no file */
    return TRUE;
  if (g_lstat (path, &st) != 0)
    return !create || create_private (path, error);
  if (create && S_ISLNK (st.st_mode))
    return refuse_link (path, error);
  if (g_stat (path, &st) != 0 || !S_ISREG (st.st_mode))
    return TRUE; /* SQLite says what is wrong with it */
  if ((st.st_mode & 0077) != 0)
    return refuse_exposed (path, st.st_mode, error);
  return TRUE;
}
