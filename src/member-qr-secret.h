/* member-qr-secret.h — each member's QR secret (member-qr.h), kept sealed
 * at rest with the store's member-code key, which lives outside the
 * database: a file beside the store, <store>.qrkey, 32 random bytes, 0600,
 * made when the store seals its first secret. Someone holding a copy of the
 * store file (a backup, a copied disk) cannot mint member codes without the
 * key file too; IT backs the two up apart. A secret is rotated when the
 * member's card is reported lost or replaced, so old codes stop verifying. */
#pragma once

#include "member-qr.h"
#include "store.h"

G_BEGIN_DECLS

/* The store's secret key (32 bytes), from its key file: it seals the QR
 * secrets and keys the staff card hashes (staff-card.c). A new key is made
 * (when may_create) only while the store has nothing that depends on one:
 * no sealed member secret and no staff card hash. A lost key is never
 * replaced silently: MPOS_STORE_ERROR_FAILED says to restore it from the
 * backup (mallposctl backup takes it along). */
#define MPOS_STORE_KEY_BYTES 32
gboolean mpos_store_key_load (MposStore *store, gboolean may_create,
                              guint8 key[MPOS_STORE_KEY_BYTES], GError **error);

/* *needed TRUE when something in the store depends on its key (a sealed
 * member secret, a staff card hash): a missing key file is then an error,
 * never a fresh start. */
gboolean mpos_store_key_needed (MposStore *store, gboolean *needed, GError **error);

/* Wipes an in-memory store's key (a store opened at ":memory:" keeps its
 * key in memory and never writes a key file). For mpos_store_close. */

/* The key file of the store at `store_path`. Newly allocated. */
char *mpos_member_qr_key_path (const char *store_path);

/* Member `member_id`'s secret, opened with the key. NOT_FOUND when the
 * member has none; MPOS_STORE_ERROR_FAILED, naming the key file and what to
 * do, when the key file is missing, unreadable, open to others or not this
 * store's. */
gboolean mpos_member_qr_secret_open (MposStore *store, int64_t member_id,
                                     guint8 secret[MPOS_MEMBER_QR_SECRET_BYTES], GError **error);

/* A new random secret for the member, sealed (replacing any before: the
 * rotation). Runs inside the caller's write transaction. */
gboolean mpos_member_qr_secret_renew (MposStore *store, int64_t member_id, int64_t now,
                                      GError **error);

/* Seals `secret` as the member's (a secret that came with the member from
 * the centre: sync-members.c through mpos_member_qr_secret_import). Inside
 * the caller's write transaction. */
gboolean mpos_member_qr_secret_keep (MposStore *store, int64_t member_id,
                                     const guint8 secret[MPOS_MEMBER_QR_SECRET_BYTES], int64_t now,
                                     GError **error);

/* Migration 0027's C step: seals every clear members.qr_secret an older
 * store holds and empties the column. Inside the migration's transaction. */
gboolean mpos_member_qr_secret_seal_all (MposStore *store, GError **error);

/* Registers mpos_member_qr_secret_seal_all as migration 0027's step
 * (store-private.h). Called once by mpos_core_init. */
void mpos_member_qr_secret_register (void);

G_END_DECLS
