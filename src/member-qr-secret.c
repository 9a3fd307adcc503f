/* member-qr-secret.c — member QR secrets sealed at rest (member-qr-secret.h).
 *
 * Why a key file beside the store and not a setting IT types in: the
 * terminal verifies member codes offline, unattended, after every restart,
 * so the key must be at hand without a person; a file the store's own user
 * alone reads (0600, in the store's 0700 folder) gives that, and it is not
 * inside the SQLite file that backups, copies and support dumps carry. It
 * does not stop someone who takes the whole folder: that is the same user
 * account, which can run mallposctl anyway (docs/design.md, threat model). */
#include "member-qr-secret.h"
#include "fail.h"
#include "store-private.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define KEY_BYTES crypto_secretbox_KEYBYTES
#define SEALED_BYTES                                                                               \
  (crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + MPOS_MEMBER_QR_SECRET_BYTES)

static MposSql SQL_SEALED = MPOS_SQL (
    "member-qr-secret: sealed", "SELECT sealed FROM member_qr_secrets WHERE member_id = :id");
/* What a store key protects: sealed member secrets and keyed staff card
 * hashes. Either present means the key file is not to be made anew. */
static MposSql SQL_ANY_SEALED
    = MPOS_SQL ("member-qr-secret: any sealed",
                "SELECT (SELECT count(*) FROM member_qr_secrets) "
                "+ (SELECT count(*) FROM staff_cards)");
static MposSql SQL_PUT = MPOS_SQL (
    "member-qr-secret: put",
    "INSERT INTO member_qr_secrets (member_id, sealed, rotated_at) VALUES (:id, :sealed, :now) "
    "ON CONFLICT (member_id) DO UPDATE SET sealed = excluded.sealed, "
    "rotated_at = excluded.rotated_at");
static MposSql SQL_CLEAR_SECRETS = MPOS_SQL (
    "member-qr-secret: clear secrets",
    "SELECT id, qr_secret, created_at FROM members WHERE qr_secret IS NOT NULL");
static MposSql SQL_EMPTY_COLUMN = MPOS_SQL ("member-qr-secret: empty column",
                                            "UPDATE members SET qr_secret = NULL "
                                            "WHERE qr_secret IS NOT NULL");

char *
mpos_member_qr_key_path (const char *store_path)
{
  return g_strconcat (store_path, ".qrkey", NULL);
}

static gboolean
key_fail (GError **error, const char *path, const char *why)
{
  return mpos_fail (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_FAILED,
                    "the member-code key %s %s: member QR codes cannot be checked or shown "
                    "until it is back (restore it from the backup IT keeps apart from the "
                    "store's)",
                    path, why);
}

/* The key file read; *missing TRUE (and FALSE returned) when there is none. */
static gboolean
read_key (const char *path, guint8 key[KEY_BYTES], gboolean *missing, GError **error)
{
  int fd = open (path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  struct stat st;
  ssize_t got;

  *missing = fd < 0 && errno == ENOENT;
  if (fd < 0)
    return *missing ? FALSE : key_fail (error, path, g_strerror (errno));
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    return close (fd), key_fail (error, path, "is not a regular file");
  if ((st.st_mode & 077) != 0)
    {
      close (fd);
      return mpos_fail (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_FAILED,
                        "the member-code key %s can be read by others: make it private with "
                        "chmod 600 %s, then try again",
                        path, path);
    }
  got = read (fd, key, KEY_BYTES);
  close (fd);
  if (got != KEY_BYTES)
    return key_fail (error, path, "is damaged (it is not 32 bytes)");
  return TRUE;
}

/* A new key file, 0600, written through before any secret sealed with it
 * commits. Another process that made it first wins: its key is read. */
static gboolean
create_key (const char *path, guint8 key[KEY_BYTES], GError **error)
{
  g_autofree char *folder = g_path_get_dirname (path);
  gboolean missing = FALSE;
  int fd, dir;

  randombytes_buf (key, KEY_BYTES);
  fd = open (path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0 && errno == EEXIST)
    return read_key (path, key, &missing, error);
  if (fd < 0)
    return key_fail (error, path, g_strerror (errno));
  if (write (fd, key, KEY_BYTES) != KEY_BYTES || fsync (fd) != 0)
    {
      int saved = errno;
      close (fd);
      unlink (path);
      return key_fail (error, path, g_strerror (saved));
    }
  close (fd);
  if ((dir = open (folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0)
    {
      fsync (dir);
      close (dir);
    }
  return TRUE;
}

static gboolean
any_sealed (MposStore *store, gboolean *out, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_ANY_SEALED, error);
  int64_t count = 0;

  if (stmt == NULL
      || !mpos_store_step_returning (store, stmt, "counting what the store key protects",
                                     &count, error))
    return FALSE;
  *out = count > 0;
  return TRUE;
}

gboolean
mpos_store_key_needed (MposStore *store, gboolean *needed, GError **error)
{
  return any_sealed (store, needed, error);
}

/* An in-memory store (tests, benchmarks, fuzz targets) has no folder to
 * keep a key file in: its key lives and dies with the handle. */
static gboolean
memory_key (MposStore *store, guint8 key[KEY_BYTES], GError **error)
{
  if (store->memory_key == NULL)
    {
      if (sodium_init () < 0 || (store->memory_key = sodium_malloc (KEY_BYTES)) == NULL)
        return mpos_fail (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_FAILED,
                          "the crypto library could not start");
      randombytes_buf (store->memory_key, KEY_BYTES);
    }
  memcpy (key, store->memory_key, KEY_BYTES);
  return TRUE;
}

/* The store's key; made when nothing in the store depends on one yet (a
 * lost key is never replaced silently: what it sealed would be lost with
 * it, and every staff card would stop signing in). */
gboolean
mpos_store_key_load (MposStore *store, gboolean may_create, guint8 key[MPOS_STORE_KEY_BYTES],
                     GError **error)
{
  g_autofree char *path = NULL;
  gboolean missing = FALSE, sealed = FALSE;

  if (g_strcmp0 (mpos_store_path (store), ":memory:") == 0)
    return memory_key (store, key, error);
  path = mpos_member_qr_key_path (mpos_store_path (store));
  if (read_key (path, key, &missing, error))
    return TRUE;
  if (!missing)
    return FALSE;
  if (!any_sealed (store, &sealed, error))
    return FALSE;
  if (sealed)
    return mpos_fail (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_FAILED,
                      "the store key %s is missing, and this store's member codes and staff "
                      "cards depend on it: restore it from the backup beside the store's "
                      "(mallposctl backup writes both), keeping it private (chmod 600); a "
                      "new key is never made for them",
                      path);
  if (!may_create)
    return key_fail (error, path, "is missing");
  return create_key (path, key, error);
}

gboolean
mpos_member_qr_secret_open (MposStore *store, int64_t member_id,
                            guint8 secret[MPOS_MEMBER_QR_SECRET_BYTES], GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_SEALED, error);
  guint8 sealed[SEALED_BYTES], key[KEY_BYTES];
  gboolean found = FALSE, opened;
  int rc;

  if (stmt == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":id", member_id);
  rc = mpos_store_step (stmt);
  if (rc == SQLITE_ROW && sqlite3_column_bytes (stmt, 0) == SEALED_BYTES)
    {
      memcpy (sealed, sqlite3_column_blob (stmt, 0), SEALED_BYTES);
      found = TRUE;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return mpos_store_fail (store, rc, "reading a member's code secret", error);
  if (!found)
    return mpos_fail (error, MPOS_MEMBER_ERROR, MPOS_MEMBER_ERROR_NOT_FOUND,
                      "no member %" G_GINT64_FORMAT " with a member code on this terminal",
                      member_id);
  if (!mpos_store_key_load (store, FALSE, key, error))
    return FALSE;
  opened = crypto_secretbox_open_easy (secret, sealed + crypto_secretbox_NONCEBYTES,
                                       SEALED_BYTES - crypto_secretbox_NONCEBYTES, sealed, key)
           == 0;
  sodium_memzero (key, sizeof key);
  if (!opened)
    {
      g_autofree char *path = mpos_member_qr_key_path (mpos_store_path (store));
      return key_fail (error, path, "does not open this store's member codes (another store's "
                                    "key, or the store was copied without its own)");
    }
  return TRUE;
}

static gboolean
put_sealed (MposStore *store, int64_t member_id, const guint8 *secret, const guint8 *key,
            int64_t now, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_PUT, error);
  guint8 sealed[SEALED_BYTES];

  if (stmt == NULL)
    return FALSE;
  randombytes_buf (sealed, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy (sealed + crypto_secretbox_NONCEBYTES, secret,
                         MPOS_MEMBER_QR_SECRET_BYTES, sealed, key);
  mpos_bind_int64 (stmt, ":id", member_id);
  mpos_bind_blob (stmt, ":sealed", sealed, sizeof sealed);
  mpos_bind_int64 (stmt, ":now", now);
  return mpos_store_step_done (store, stmt, "saving a member's code secret", error);
}

gboolean
mpos_member_qr_secret_keep (MposStore *store, int64_t member_id,
                            const guint8 secret[MPOS_MEMBER_QR_SECRET_BYTES], int64_t now,
                            GError **error)
{
  guint8 key[KEY_BYTES];
  gboolean ok;

  if (sodium_init () < 0)
    return mpos_fail (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_FAILED,
                      "the crypto library could not start");
  if (!mpos_store_key_load (store, TRUE, key, error))
    return FALSE;
  ok = put_sealed (store, member_id, secret, key, now, error);
  sodium_memzero (key, sizeof key);
  return ok;
}

gboolean
mpos_member_qr_secret_renew (MposStore *store, int64_t member_id, int64_t now, GError **error)
{
  guint8 secret[MPOS_MEMBER_QR_SECRET_BYTES];
  gboolean ok;

  if (sodium_init () < 0)
    return mpos_fail (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_FAILED,
                      "the crypto library could not start");
  randombytes_buf (secret, sizeof secret);
  ok = mpos_member_qr_secret_keep (store, member_id, secret, now, error);
  sodium_memzero (secret, sizeof secret);
  return ok;
}

gboolean
mpos_member_qr_secret_seal_all (MposStore *store, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_CLEAR_SECRETS, error);
  g_autoptr (MposStmt) empty = NULL;
  guint8 key[KEY_BYTES];
  gboolean have_key = FALSE, ok = TRUE;
  int rc = SQLITE_DONE;

  if (stmt == NULL || sodium_init () < 0)
    return stmt != NULL && mpos_fail (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_FAILED,
                                      "the crypto library could not start");
  while (ok && (rc = mpos_store_step (stmt)) == SQLITE_ROW)
    {
      if (sqlite3_column_bytes (stmt, 1) != MPOS_MEMBER_QR_SECRET_BYTES)
        continue;
      if (!have_key && !(have_key = mpos_store_key_load (store, TRUE, key, error)))
        ok = FALSE;
      else
        ok = put_sealed (store, sqlite3_column_int64 (stmt, 0), sqlite3_column_blob (stmt, 1),
                         key, sqlite3_column_int64 (stmt, 2), error);
    }
  sqlite3_reset (stmt);
  sodium_memzero (key, sizeof key);
  if (!ok)
    return FALSE;
  if (rc != SQLITE_DONE)
    return mpos_store_fail (store, rc, "reading the member code secrets", error);
  empty = mpos_store_stmt (store, &SQL_EMPTY_COLUMN, error);
  return empty != NULL
         && mpos_store_step_done (store, empty, "emptying the clear code secrets", error);
}

void
mpos_member_qr_secret_register (void)
{
  /* 0027-member-qr-sealed.sql: the clear QR secrets sealed. */
  mpos_store_register_migration_step (27, mpos_member_qr_secret_seal_all);
}
