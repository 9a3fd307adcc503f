/* store-damage.c — noticing that the store file is damaged, and then selling
 * nothing more on it. SQLite keeps no page checksums and reads a page cut off
 * the end of the file as zeros, so a store whose last page was cut short
 * would go on taking sales on top of lost ones. Three things guard it:
 *  - at every open, cheap checks of the file as it lies on disk: a file that
 *    ends inside a page was cut; one shorter than its header counts is
 *    suspect and SQLite's quick_check decides. A healthy store's open costs
 *    a file-size call and a 100-byte read;
 *  - SQLite's quick_check when a long-running terminal starts
 *    (mpos_store_verify) — it reads every page, seconds on a large store;
 *  - a mark beside the store, <store>-damaged, written when any operation
 *    meets corruption or an I/O error or a check finds damage. Every process
 *    refuses to write while it is there; `mallposctl check` removes it once
 *    the store passes every check (after a restore, or if the I/O error left
 *    no damage). */
#include "store-private.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#define MPOS_APPLICATION_ID 0x4D504F53 /* 'MPOS', as store.c writes it */
#define HEADER_BYTES 100
#define QUICK_CHECK_ROWS 10

/* The fields of SQLite's 100-byte file header that say what the file should hold. */
typedef struct
{
  gboolean sqlite;      /* starts "SQLite format 3\0" */
  guint32 page_size;
  guint32 pages;        /* the in-header size, 0 when not valid */
  guint32 application_id;
} FileHeader;

static guint32
be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

/* Read through SQLite's own handle on the file: opening and closing the
 * file here would drop every POSIX lock this process holds on it (they
 * belong to the process, not to the descriptor), and with them the lock
 * that keeps another process from deleting the WAL under this connection. */
static gboolean
read_file_header (MposStore *store, FileHeader *header, gint64 *size)
{
  guint8 bytes[HEADER_BYTES];
  sqlite3_file *file = NULL;
  sqlite3_int64 file_size = 0;

  memset (header, 0, sizeof *header);
  if (sqlite3_file_control (store->db, "main", SQLITE_FCNTL_FILE_POINTER, &file) != SQLITE_OK
      || file == NULL || file->pMethods == NULL
      || file->pMethods->xFileSize (file, &file_size) != SQLITE_OK
      || file_size < HEADER_BYTES
      || file->pMethods->xRead (file, bytes, sizeof bytes, 0) != SQLITE_OK)
    return FALSE;
  *size = file_size;
  header->sqlite = memcmp (bytes, "SQLite format 3", 16) == 0;
  header->page_size = ((guint32) bytes[16] << 8) | bytes[17];
  if (header->page_size == 1)
    header->page_size = 65536;
  /* The size at offset 28 counts only when the change counter (24) matches
   * the version it was written for (92); SQLite keeps them in step. */
  if (memcmp (bytes + 24, bytes + 92, 4) == 0)
    header->pages = be32 (bytes + 28);
  header->application_id = be32 (bytes + 68);
  return TRUE;
}

gboolean
mpos_store_file_is_ours (MposStore *store)
{
  FileHeader header;
  gint64 size = 0;

  return read_file_header (store, &header, &size) && header.sqlite
         && header.application_id == MPOS_APPLICATION_ID;
}

/* NULL when the file looks whole, else why not. A file that ends inside a
 * page was cut: SQLite only ever writes whole pages, and quick_check cannot
 * see the loss (it checks how cells are laid out, not what they hold), so
 * that is *certain. Anything else is a suspicion for quick_check to decide:
 * a checkpoint running in another process leaves the file short of its
 * header for a moment (pages are copied in order, the first page first),
 * and a new store's pages may all still be in the WAL. */
static char *
file_suspicion (MposStore *store, gboolean *certain)
{
  FileHeader header;
  gint64 size = 0;

  if (!read_file_header (store, &header, &size) || !header.sqlite)
    return g_strdup ("the file's first page cannot be read");
  if (header.page_size < 512 || (header.page_size & (header.page_size - 1)) != 0)
    return g_strdup_printf ("the file's header gives a page size of %u bytes",
                            header.page_size);
  *certain = size % header.page_size != 0;
  if (*certain)
    return g_strdup_printf ("the file is %" G_GINT64_FORMAT " bytes long, not a whole "
                            "number of %u-byte pages: its end was cut off",
                            size, header.page_size);
  if ((gint64) header.pages * header.page_size > size)
    return g_strdup_printf ("the file holds %" G_GINT64_FORMAT " pages but its header "
                            "counts %u: its end was cut off",
                            size / header.page_size, header.pages);
  return NULL;
}

char *
mpos_store_damage_mark_path (const char *store_path)
{
  return g_strconcat (store_path, "-damaged", NULL);
}

void
mpos_store_mark_damaged (MposStore *store, const char *reason)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *when = g_date_time_format (now, "%Y-%m-%d %H:%M:%S");
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;

  if (store->damage == NULL)
    store->damage = g_strdup (reason);
  if (g_file_test (store->damage_mark, G_FILE_TEST_EXISTS))
    return;
  text = g_strdup_printf ("%s (found %s by %s)\n", reason, when, g_get_prgname ());
  /* Without the mark only this process knows: say so where an operator looks. */
  if (!g_file_set_contents (store->damage_mark, text, -1, &error))
    g_warning ("the store %s is damaged (%s), and the mark that stops other programs selling on "
               "it could not be written: %s",
               store->path, reason, error->message);
}

char *
mpos_store_damage (MposStore *store)
{
  g_autofree char *text = NULL;

  if (access (store->damage_mark, F_OK) != 0)
    return g_strdup (store->damage);
  if (!g_file_get_contents (store->damage_mark, &text, NULL, NULL))
    return g_strdup (store->damage ? store->damage : "the damage mark beside it cannot be read");
  return g_strdup (g_strstrip (text));
}

gboolean
mpos_store_clear_damage (MposStore *store, GError **error)
{
  g_clear_pointer (&store->damage, g_free);
  if (g_unlink (store->damage_mark) != 0 && errno != ENOENT)
    {
      int saved = errno;
      g_set_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_READONLY,
                   "the store passed every check but its damage mark %s cannot be removed: %s",
                   store->damage_mark, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

gboolean
mpos_store_sellable (MposStore *store, GError **error)
{
  g_autofree char *damage = NULL;

  /* A healthy store costs one access(2) per transaction, next to its fsync. */
  if (store->damage == NULL && access (store->damage_mark, F_OK) != 0)
    return TRUE;
  damage = mpos_store_damage (store);
  g_set_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_DAMAGED,
               "the store %s is damaged: %s. Nothing more is sold on it, so that nothing more "
               "is lost. Restore the store from its latest backup (or, once this terminal "
               "syncs, from the centre's copy), then run `mallposctl check`: when it finds no "
               "damage, selling resumes",
               store->path, damage ? damage : "unknown");
  return FALSE;
}

/* SQLite's quick_check: the b-trees of every table and index, page by page.
 * Problems (at most QUICK_CHECK_ROWS) go to *problems. */
gboolean
mpos_store_quick_check (MposStore *store, GPtrArray *problems, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (store->db, "PRAGMA quick_check(" G_STRINGIFY (QUICK_CHECK_ROWS) ")",
                               -1, &stmt, NULL);

  while (rc == SQLITE_OK && (rc = mpos_store_step (stmt)) == SQLITE_ROW)
    {
      const char *text = (const char *) sqlite3_column_text (stmt, 0);
      if (text && strcmp (text, "ok") != 0)
        g_ptr_array_add (problems, g_strdup (text));
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_OK)
    return mpos_store_fail (store, rc, "checking the store's pages", error);
  return TRUE;
}

/* The first line of a quick_check row that names a problem: the row may
 * start with "*** in database main ***" and go on over several lines. */
static char *
first_finding (const char *row)
{
  g_auto (GStrv) lines = g_strsplit (row, "\n", 0);

  for (guint i = 0; lines[i] != NULL; i++)
    if (*lines[i] != '\0' && strstr (lines[i], "*** in database") == NULL)
      return g_strdup (lines[i]);
  return g_strdup (row);
}

/* Runs quick_check; on damage marks the store with what it found first. */
static gboolean
quick_check_marks (MposStore *store, const char *suspicion, GError **error)
{
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);

  if (!mpos_store_quick_check (store, problems, error))
    return FALSE;
  if (problems->len > 0)
    {
      g_autofree char *first = first_finding (problems->pdata[0]);
      g_autofree char *reason
          = g_strdup_printf ("%s%sits pages do not read back whole (SQLite: %s)",
                             suspicion ? suspicion : "", suspicion ? "; " : "", first);
      mpos_store_mark_damaged (store, reason);
    }
  return TRUE;
}

gboolean
mpos_store_probe_damage (MposStore *store, gboolean quick_check, GError **error)
{
  g_autofree char *suspicion = NULL;
  g_autoptr (GError) local = NULL;
  gboolean certain = FALSE;

  if (!store->ours)
    return TRUE;
  suspicion = file_suspicion (store, &certain);
  if (certain)
    {
      mpos_store_mark_damaged (store, suspicion);
      return TRUE;
    }
  if (suspicion == NULL && !quick_check)
    return TRUE;
  if (suspicion != NULL)
    g_debug ("%s: %s; running SQLite's quick_check", store->path, suspicion);
  if (quick_check_marks (store, suspicion, &local))
    return TRUE;
  /* Damage too deep for quick_check to finish is marked like any other:
   * the store still opens, to be checked or read, but not written. */
  if (g_error_matches (local, MPOS_STORE_ERROR, MPOS_STORE_ERROR_DAMAGED))
    return TRUE;
  g_propagate_error (error, g_steal_pointer (&local));
  return FALSE;
}

gboolean
mpos_store_verify (MposStore *store, GError **error)
{
  return mpos_store_probe_damage (store, TRUE, error) && mpos_store_sellable (store, error);
}

gboolean
mpos_store_damage_after_check (MposStore *store, GPtrArray *problems, const char *sqlite_finding,
                               GError **error)
{
  g_autofree char *mark = NULL;

  if (sqlite_finding != NULL)
    {
      g_autofree char *first = first_finding (sqlite_finding);
      g_autofree char *reason
          = g_strdup_printf ("SQLite's integrity check finds: %s", first);
      mpos_store_mark_damaged (store, reason);
    }
  if (problems->len == 0)
    return mpos_store_clear_damage (store, error);
  mark = mpos_store_damage (store);
  if (mark != NULL)
    g_ptr_array_add (problems, g_strdup_printf ("the store is marked damaged: %s. Nothing is "
                                                "sold on it until check finds no problems",
                                                mark));
  return TRUE;
}

void
mpos_store_damage_explain (MposStore *store, GError **error)
{
  g_autofree char *damage = mpos_store_damage (store);
  GError *cause;

  if (damage == NULL || error == NULL || *error == NULL || strstr ((*error)->message, damage))
    return;
  cause = g_steal_pointer (error);
  if (g_error_matches (cause, MPOS_STORE_ERROR, MPOS_STORE_ERROR_DAMAGED))
    {
      /* SQLite found it first: say what the damage mark says as well. */
      g_set_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_DAMAGED, "%s; the damage mark says: %s",
                   cause->message, damage);
      g_error_free (cause);
      return;
    }
  g_set_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_DAMAGED,
               "%s; the store is damaged: %s. Restore it from its latest backup (or, once this "
               "terminal syncs, from the centre's copy), then run `mallposctl check` again",
               cause->message, damage);
  g_error_free (cause);
}
