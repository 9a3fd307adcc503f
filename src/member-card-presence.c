/* member-card-presence.c — presence tokens of member cards read by a card
 * reader (member-card-presence.h), each accepted once: a token checked is
 * recorded by its MAC (card_presence_used, 0036) in a write transaction of
 * its own, so two processes given the same token cannot both accept it. */
#include "member-card-presence.h"
#include "fail.h"
#include "member-qr-secret.h"
#include "member.h"
#include "store-private.h"
#include "stored-value-error.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define MAC_BYTES 16
#define NONCE_BYTES 8
#define DOMAIN "mallpos card presence"
#define PREFIX "CP2."
/* A reader's clock and the checking process's may differ a little. */
#define FUTURE_SLACK 30

/* Tokens past their expiry can no longer pass the time check: their rows go. */
static MposSql SQL_PRUNE = MPOS_SQL ("member-card-presence: prune used",
                                     "DELETE FROM card_presence_used WHERE expires_at < :now");
static MposSql SQL_USE
    = MPOS_SQL ("member-card-presence: use",
                "INSERT INTO card_presence_used (mac, expires_at) VALUES (:mac, :expires) "
                "ON CONFLICT (mac) DO NOTHING");

static gboolean
presence_mac (MposStore *store, int64_t member_id, int64_t at, const char *nonce,
              guint8 mac[MAC_BYTES], GError **error)
{
  guint8 key[MPOS_STORE_KEY_BYTES];
  crypto_generichash_state state;
  char message[96];
  int n = g_snprintf (message, sizeof message, "%" G_GINT64_FORMAT ".%" G_GINT64_FORMAT ".%s",
                      member_id, at, nonce);

  if (sodium_init () < 0)
    return mpos_fail (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_FAILED,
                      R_ ("the crypto library could not start"));
  if (!mpos_store_key_load (store, TRUE, key, error))
    return FALSE;
  crypto_generichash_init (&state, key, sizeof key, MAC_BYTES);
  crypto_generichash_update (&state, (const guint8 *) DOMAIN, sizeof DOMAIN);
  crypto_generichash_update (&state, (const guint8 *) message, (gsize) n);
  crypto_generichash_final (&state, mac, MAC_BYTES);
  sodium_memzero (key, sizeof key);
  return TRUE;
}

char *
mpos_member_card_presence_seal (MposStore *store, const char *card_no, int64_t now,
                                GError **error)
{
  g_autoptr (MposMember) member = mpos_member_lookup_card (store, card_no, error);
  guint8 mac[MAC_BYTES], nonce[NONCE_BYTES];
  char hex[MAC_BYTES * 2 + 1], nonce_hex[NONCE_BYTES * 2 + 1];

  if (member == NULL || sodium_init () < 0)
    return NULL;
  /* Two reads in the same second are two tokens, each good once. */
  randombytes_buf (nonce, sizeof nonce);
  sodium_bin2hex (nonce_hex, sizeof nonce_hex, nonce, sizeof nonce);
  if (!presence_mac (store, member->id, now, nonce_hex, mac, error))
    return NULL;
  sodium_bin2hex (hex, sizeof hex, mac, sizeof mac);
  return g_strdup_printf (PREFIX "%" G_GINT64_FORMAT ".%" G_GINT64_FORMAT ".%s.%s", member->id,
                          now, nonce_hex, hex);
}

static gboolean
refuse (GError **error)
{
  return mpos_fail (error, MPOS_STORED_VALUE_ERROR, MPOS_STORED_VALUE_ERROR_INVALID,
                    R_ ("that is not a card read for this member just now: the member puts their "
                        "card on the card reader (a card number typed or read aloud is no proof)"));
}

static gboolean
is_hex (const char *text, gsize length)
{
  if (strlen (text) != length)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isxdigit (text[i]) || g_ascii_isupper (text[i]))
      return FALSE;
  return TRUE;
}

/* "CP2.<id>.<time>.<16 hex nonce>.<32 hex MAC>", digits only where numbers
 * go, lower-case hex (the nonce goes into the MAC as written), nothing else. */
static gboolean
parse (const char *token, int64_t *member_id, int64_t *at, char nonce[NONCE_BYTES * 2 + 1],
       guint8 mac[MAC_BYTES])
{
  g_auto (GStrv) parts = NULL;
  guint64 id = 0, t = 0;
  gsize got = 0;

  if (token == NULL || strlen (token) > MPOS_CARD_PRESENCE_MAX_LEN
      || !g_str_has_prefix (token, PREFIX))
    return FALSE;
  parts = g_strsplit (token + strlen (PREFIX), ".", 5);
  if (g_strv_length (parts) != 4
      || !g_ascii_string_to_unsigned (parts[0], 10, 1, G_MAXINT64, &id, NULL)
      || !g_ascii_string_to_unsigned (parts[1], 10, 0, G_MAXINT64, &t, NULL)
      || !is_hex (parts[2], NONCE_BYTES * 2) || !is_hex (parts[3], MAC_BYTES * 2)
      || sodium_hex2bin (mac, MAC_BYTES, parts[3], MAC_BYTES * 2, NULL, &got, NULL) != 0
      || got != MAC_BYTES)
    return FALSE;
  *member_id = (int64_t) id;
  *at = (int64_t) t;
  memcpy (nonce, parts[2], NONCE_BYTES * 2 + 1);
  return TRUE;
}

typedef struct
{
  const guint8 *mac;
  int64_t expires_at, now;
} Use;

/* Under the write lock: records the token's MAC, refusing one already there. */
static gboolean
use_once (MposStore *store, gpointer data, GError **error)
{
  const Use *use = data;
  g_autoptr (MposStmt) prune = mpos_store_stmt (store, &SQL_PRUNE, error);
  g_autoptr (MposStmt) insert = NULL;

  if (prune == NULL)
    return FALSE;
  mpos_bind_int64 (prune, ":now", use->now - FUTURE_SLACK);
  if (!mpos_store_step_done (store, prune, "pruning used card reads", error)
      || (insert = mpos_store_stmt (store, &SQL_USE, error)) == NULL)
    return FALSE;
  mpos_bind_blob (insert, ":mac", use->mac, MAC_BYTES);
  mpos_bind_int64 (insert, ":expires", use->expires_at);
  if (!mpos_store_step_done (store, insert, "recording the card read as used", error))
    return FALSE;
  if (sqlite3_changes (mpos_store_db (store)) != 1)
    return mpos_fail (error, MPOS_STORED_VALUE_ERROR, MPOS_STORED_VALUE_ERROR_INVALID,
                      R_ ("that card read was used already: each read proves the member once; the "
                          "member puts their card on the card reader again"));
  return TRUE;
}

gboolean
mpos_member_card_presence_check (MposStore *store, const char *token, int64_t member_id,
                                 int64_t now, GError **error)
{
  guint8 given[MAC_BYTES], want[MAC_BYTES];
  char nonce[NONCE_BYTES * 2 + 1];
  int64_t id = 0, at = 0;
  Use use = { given, 0, now };

  if (!parse (token, &id, &at, nonce, given))
    return refuse (error);
  if (!presence_mac (store, id, at, nonce, want, error))
    return FALSE;
  if (sodium_memcmp (given, want, MAC_BYTES) != 0 || id != member_id
      || at > now + FUTURE_SLACK || now - at > MPOS_CARD_PRESENCE_SECONDS)
    return refuse (error);
  use.expires_at = at + MPOS_CARD_PRESENCE_SECONDS;
  /* Inside a caller's transaction the record commits (or not) with it. */
  if (sqlite3_get_autocommit (mpos_store_db (store)))
    return mpos_store_transaction (store, use_once, &use, error);
  return use_once (store, &use, error);
}
