/* member-card-presence.c — presence tokens of member cards read by a card
 * reader (member-card-presence.h). */
#include "member-card-presence.h"
#include "fail.h"
#include "member-qr-secret.h"
#include "member.h"
#include "stored-value-error.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define MAC_BYTES 16
#define DOMAIN "mallpos card presence"
#define PREFIX "CP1."
/* A reader's clock and the checking process's may differ a little. */
#define FUTURE_SLACK 30

static gboolean
presence_mac (MposStore *store, int64_t member_id, int64_t at, guint8 mac[MAC_BYTES],
              GError **error)
{
  guint8 key[MPOS_STORE_KEY_BYTES];
  crypto_generichash_state state;
  char message[64];
  int n = g_snprintf (message, sizeof message, "%" G_GINT64_FORMAT ".%" G_GINT64_FORMAT,
                      member_id, at);

  if (sodium_init () < 0)
    return mpos_fail (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_FAILED,
                      "the crypto library could not start");
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
  guint8 mac[MAC_BYTES];
  char hex[MAC_BYTES * 2 + 1];

  if (member == NULL || !presence_mac (store, member->id, now, mac, error))
    return NULL;
  sodium_bin2hex (hex, sizeof hex, mac, sizeof mac);
  return g_strdup_printf (PREFIX "%" G_GINT64_FORMAT ".%" G_GINT64_FORMAT ".%s", member->id, now,
                          hex);
}

static gboolean
refuse (GError **error)
{
  return mpos_fail (error, MPOS_STORED_VALUE_ERROR, MPOS_STORED_VALUE_ERROR_INVALID,
                    "that is not a card read for this member just now: the member puts their "
                    "card on the card reader (a card number typed or read aloud is no proof)");
}

/* "CP1.<id>.<time>.<32 hex>", digits only where numbers go, nothing else. */
static gboolean
parse (const char *token, int64_t *member_id, int64_t *at, guint8 mac[MAC_BYTES])
{
  g_auto (GStrv) parts = NULL;
  guint64 id = 0, t = 0;
  gsize got = 0;

  if (token == NULL || strlen (token) > MPOS_CARD_PRESENCE_MAX_LEN
      || !g_str_has_prefix (token, PREFIX))
    return FALSE;
  parts = g_strsplit (token + strlen (PREFIX), ".", 4);
  if (g_strv_length (parts) != 3
      || !g_ascii_string_to_unsigned (parts[0], 10, 1, G_MAXINT64, &id, NULL)
      || !g_ascii_string_to_unsigned (parts[1], 10, 0, G_MAXINT64, &t, NULL)
      || strlen (parts[2]) != MAC_BYTES * 2
      || sodium_hex2bin (mac, MAC_BYTES, parts[2], MAC_BYTES * 2, NULL, &got, NULL) != 0
      || got != MAC_BYTES)
    return FALSE;
  *member_id = (int64_t) id;
  *at = (int64_t) t;
  return TRUE;
}

gboolean
mpos_member_card_presence_check (MposStore *store, const char *token, int64_t member_id,
                                 int64_t now, GError **error)
{
  guint8 given[MAC_BYTES], want[MAC_BYTES];
  int64_t id = 0, at = 0;

  if (!parse (token, &id, &at, given))
    return refuse (error);
  if (!presence_mac (store, id, at, want, error))
    return FALSE;
  if (sodium_memcmp (given, want, MAC_BYTES) != 0 || id != member_id
      || at > now + FUTURE_SLACK || now - at > MPOS_CARD_PRESENCE_SECONDS)
    return refuse (error);
  return TRUE;
}
