/* member-qr.c — making, parsing and verifying the dynamic member code
 * (format in member-qr.h). Parsing is pure and strict, so it can be fuzzed
 * on its own; verification compares the mac in constant time. */
#include "member-qr.h"
#include "clock.h"
#include "member-qr-secret.h"
#include "member-private.h"
#include "store-private.h"
#include "uuid.h"

#include <string.h>

static MposSql SQL_MEMBER_OF_UID
    = MPOS_SQL ("member-qr: member of uid", "SELECT id FROM members WHERE uid = :uid");

#define MAX_ID_DIGITS 18
#define MAX_STEP_DIGITS 12
#define UID_BASE32_CHARS 26 /* 128 bits in 5-bit characters */

static void
uid_from_bytes (const guint8 bytes[16], char uid[MPOS_MEMBER_QR_UID_LEN + 1])
{
  char *p = uid;

  for (int i = 0; i < 16; i++)
    {
      p += g_snprintf (p, 3, "%02x", bytes[i]);
      if (i == 3 || i == 5 || i == 7 || i == 9)
        *p++ = '-';
    }
}

/* The uid (8-4-4-4-12 hex, either case) as 26 base32 characters; FALSE when
 * it is not a uid. */
static gboolean
uid_base32 (const char *uid, char out[UID_BASE32_CHARS + 1])
{
  static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
  guint8 bytes[16];
  int n = 0;

  if (!mpos_uuid_valid (uid))
    return FALSE;
  for (int i = 0; i < MPOS_MEMBER_QR_UID_LEN; i++)
    if (uid[i] != '-')
      {
        bytes[n++] = (guint8) (g_ascii_xdigit_value (uid[i]) << 4 | g_ascii_xdigit_value (uid[i + 1]));
        i++;
      }
  for (int c = 0; c < UID_BASE32_CHARS; c++)
    {
      guint value = 0;
      for (int b = 0; b < 5; b++)
        {
          guint bit = c * 5 + b;
          value = value << 1 | (bit < 128 ? bytes[bit / 8] >> (7 - bit % 8) & 1 : 0);
        }
      out[c] = alphabet[value];
    }
  out[UID_BASE32_CHARS] = '\0';
  return TRUE;
}

gboolean
mpos_member_qr_is_token (const char *text)
{
  return text != NULL && g_ascii_strncasecmp (text, "MP", 2) == 0;
}

static gboolean
qr_invalid (GError **error, const char *why)
{
  return mpos_member_fail (error, MPOS_MEMBER_ERROR_QR_INVALID, "not a member code: %s", why);
}

/* A decimal field of 1..max_digits digits, no leading zero, ending at `end`. */
static gboolean
parse_number (const char *text, char end, int max_digits, const char **next, int64_t *out)
{
  int64_t value = 0;
  int n = 0;

  if (text[0] == '0')
    return FALSE;
  for (; g_ascii_isdigit (text[n]); n++)
    {
      if (n >= max_digits)
        return FALSE;
      value = value * 10 + (text[n] - '0');
    }
  if (n == 0 || text[n] != end)
    return FALSE;
  *out = value;
  *next = text + n + (end ? 1 : 0);
  return TRUE;
}

/* MP2: the uid's 16 bytes as 26 base32 characters (either case), then a
 * dot; kept as the uid's usual text (8-4-4-4-12, lower-case hex). */
static gboolean
parse_uid (const char *text, char uid[MPOS_MEMBER_QR_UID_LEN + 1], const char **next)
{
  static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
  guint8 bytes[16] = { 0 };
  guint bits = 0;

  for (int i = 0; i < UID_BASE32_CHARS; i++)
    {
      const char *at = text[i] ? strchr (alphabet, g_ascii_tolower (text[i])) : NULL;
      guint value, bit;
      if (at == NULL)
        return FALSE;
      value = (guint) (at - alphabet);
      for (int b = 4; b >= 0; b--, bits++)
        {
          bit = value >> b & 1;
          if (bits >= 128)
            {
              if (bit) /* the padding bits are zero: one spelling per uid */
                return FALSE;
              continue;
            }
          bytes[bits / 8] |= (guint8) (bit << (7 - bits % 8));
        }
    }
  if (text[UID_BASE32_CHARS] != '.')
    return FALSE;
  uid_from_bytes (bytes, uid);
  *next = text + UID_BASE32_CHARS + 1;
  return TRUE;
}

gboolean
mpos_member_qr_parse (const char *token, MposMemberQr *out, GError **error)
{
  const char *p;
  gsize len;

  if (token == NULL)
    return qr_invalid (error, "nothing scanned");
  len = strlen (token);
  if (len > MPOS_MEMBER_QR_MAX_LEN)
    return qr_invalid (error, "too long");
  if (g_ascii_strncasecmp (token, "MP", 2) != 0)
    return qr_invalid (error, "it does not start with MP");
  out->member_id = 0;
  out->uid[0] = '\0';
  if (g_ascii_strncasecmp (token, MPOS_MEMBER_QR2_PREFIX, strlen (MPOS_MEMBER_QR2_PREFIX)) == 0)
    {
      if (!parse_uid (token + strlen (MPOS_MEMBER_QR2_PREFIX), out->uid, &p))
        return qr_invalid (error, "bad member id");
    }
  else if (g_ascii_strncasecmp (token, MPOS_MEMBER_QR_PREFIX, strlen (MPOS_MEMBER_QR_PREFIX)) != 0)
    return qr_invalid (error, "a format this terminal does not know (update MallPOS?)");
  else if (!parse_number (token + strlen (MPOS_MEMBER_QR_PREFIX), '.', MAX_ID_DIGITS, &p,
                          &out->member_id))
    return qr_invalid (error, "bad member number");
  if (!parse_number (p, '.', MAX_STEP_DIGITS, &p, &out->step))
    return qr_invalid (error, "bad time step");
  if (strlen (p) != 2 * MPOS_MEMBER_QR_MAC_BYTES)
    return qr_invalid (error, "bad check code length");
  for (gsize i = 0; i < MPOS_MEMBER_QR_MAC_BYTES; i++)
    {
      int hi = g_ascii_xdigit_value (p[2 * i]), lo = g_ascii_xdigit_value (p[2 * i + 1]);
      if (hi < 0 || lo < 0)
        return qr_invalid (error, "bad check code");
      out->mac[i] = (guint8) (hi << 4 | lo);
    }
  return TRUE;
}

/* The token's text before the mac: "MP1.<member id>.<step>" or
 * "MP2.<member uid in base32>.<step>" (what the mac covers). */
static char *
mac_message (const char *uid, int64_t member_id, int64_t step)
{
  char id[UID_BASE32_CHARS + 1];

  if (uid != NULL && uid[0] != '\0' && uid_base32 (uid, id))
    return g_strdup_printf (MPOS_MEMBER_QR2_PREFIX "%s.%" G_GINT64_FORMAT, id, step);
  return g_strdup_printf (MPOS_MEMBER_QR_PREFIX "%" G_GINT64_FORMAT ".%" G_GINT64_FORMAT,
                          member_id, step);
}

static void
compute_mac (const char *uid, int64_t member_id, int64_t step, const guint8 *secret,
             gsize secret_len, guint8 mac[MPOS_MEMBER_QR_MAC_BYTES])
{
  g_autoptr (GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, secret, secret_len);
  g_autofree char *message = mac_message (uid, member_id, step);
  guint8 digest[32];
  gsize digest_len = sizeof digest;

  g_hmac_update (hmac, (const guchar *) message, (gssize) strlen (message));
  g_hmac_get_digest (hmac, digest, &digest_len);
  memcpy (mac, digest, MPOS_MEMBER_QR_MAC_BYTES);
}

static int64_t
step_of (int64_t now)
{
  /* Floor division: a clock before 1970 is nonsense, but must not crash. */
  return now >= 0 ? now / MPOS_MEMBER_QR_STEP_SECONDS
                  : -((-now + MPOS_MEMBER_QR_STEP_SECONDS - 1) / MPOS_MEMBER_QR_STEP_SECONDS);
}

char *
mpos_member_qr_make (int64_t member_id, const guint8 *secret, gsize secret_len, int64_t now)
{
  guint8 mac[MPOS_MEMBER_QR_MAC_BYTES];
  int64_t step = step_of (now);
  GString *token;

  g_return_val_if_fail (member_id > 0 && step > 0, NULL);
  compute_mac (NULL, member_id, step, secret, secret_len, mac);
  token = g_string_new (NULL);
  g_string_printf (token, MPOS_MEMBER_QR_PREFIX "%" G_GINT64_FORMAT ".%" G_GINT64_FORMAT ".",
                   member_id, step);
  for (gsize i = 0; i < sizeof mac; i++)
    g_string_append_printf (token, "%02x", mac[i]);
  return g_string_free (token, FALSE);
}

gboolean
mpos_member_qr_check (const MposMemberQr *qr, const guint8 *secret, gsize secret_len,
                      int64_t now, GError **error)
{
  guint8 mac[MPOS_MEMBER_QR_MAC_BYTES];
  guint8 diff = 0;
  int64_t current = step_of (now);

  compute_mac (qr->uid, qr->member_id, qr->step, secret, secret_len, mac);
  for (gsize i = 0; i < sizeof mac; i++)
    diff |= (guint8) (mac[i] ^ qr->mac[i]);
  if (diff != 0)
    return mpos_member_fail (error, MPOS_MEMBER_ERROR_QR_INVALID,
                             "the member code does not verify (altered, or not this member's)");
  if (qr->step < current - MPOS_MEMBER_QR_WINDOW_STEPS)
    return mpos_member_fail (error, MPOS_MEMBER_ERROR_QR_EXPIRED,
                             "the member code has expired — ask the member to refresh it");
  if (qr->step > current + MPOS_MEMBER_QR_WINDOW_STEPS)
    return mpos_member_fail (error, MPOS_MEMBER_ERROR_QR_EXPIRED,
                             "the member code is from the future — check the phone's clock");
  return TRUE;
}

/* The member's secret (sealed at rest: member-qr-secret.c); FALSE with
 * NOT_FOUND for an unknown member. */
static gboolean
load_secret (MposStore *store, int64_t member_id, guint8 secret[MPOS_MEMBER_QR_SECRET_BYTES],
             GError **error)
{
  return mpos_member_qr_secret_open (store, member_id, secret, error);
}

char *
mpos_member_qr_token (MposStore *store, int64_t member_id, int64_t now, GError **error)
{
  guint8 secret[MPOS_MEMBER_QR_SECRET_BYTES];
  char *token;

  g_autoptr (MposMember) member = mpos_member_get (store, member_id, error);

  if (member == NULL || !load_secret (store, member_id, secret, error))
    return NULL;
  /* MP2 names the member by its uid; a member without a well-formed uid
   * (none is made so) keeps MP1. */
  token = mpos_member_qr2_make (member->uid, secret, sizeof secret, now);
  if (token == NULL)
    token = mpos_member_qr_make (member_id, secret, sizeof secret, now);
  memset (secret, 0, sizeof secret);
  return token;
}

/* MP2: the local id of the member `uid` (0: not on this terminal). */
static gboolean
member_of_uid (MposStore *store, const char *uid, int64_t *member_id, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_MEMBER_OF_UID, error);

  *member_id = 0;
  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":uid", uid);
  return mpos_store_read_int64 (store, stmt, member_id, NULL, "looking up a member code's member",
                                error);
}

MposMember *
mpos_member_qr_lookup (MposStore *store, const char *token, int64_t now, GError **error)
{
  guint8 secret[MPOS_MEMBER_QR_SECRET_BYTES];
  MposMemberQr qr;
  gboolean ok;

  g_autoptr (GError) unknown = NULL;

  if (!mpos_member_qr_parse (token, &qr, error)
      || (qr.uid[0] != '\0' && !member_of_uid (store, qr.uid, &qr.member_id, error)))
    return NULL;
  /* A member this terminal does not have is checked against a random
   * secret: it fails as a bad MAC does, the same answer in the same time,
   * so member ids cannot be enumerated through member codes. */
  if (!load_secret (store, qr.member_id, secret, &unknown))
    {
      if (!g_error_matches (unknown, MPOS_MEMBER_ERROR, MPOS_MEMBER_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&unknown));
          return NULL;
        }
      if (!mpos_member_random_bytes (secret, sizeof secret, error))
        return NULL;
    }
  ok = mpos_member_qr_check (&qr, secret, sizeof secret, now, error);
  memset (secret, 0, sizeof secret);
  return ok ? mpos_member_get (store, qr.member_id, error) : NULL;
}

int64_t
mpos_member_qr_valid_until (int64_t now)
{
  return (now / MPOS_MEMBER_QR_STEP_SECONDS + 1 + MPOS_MEMBER_QR_WINDOW_STEPS)
             * MPOS_MEMBER_QR_STEP_SECONDS
         - 1;
}

/* ---- MP2: the member's global id (sync-pull) ---------------------------------
 * Kept apart from the MP1 code above: the token names members.uid, and the
 * secret behind it travels with the member (export for the push, import for
 * a member pulled from the centre), sealed at rest like every secret
 * (member-qr-secret.c). */

char *
mpos_member_qr2_make (const char *uid, const guint8 *secret, gsize secret_len, int64_t now)
{
  guint8 mac[MPOS_MEMBER_QR_MAC_BYTES];
  char id[UID_BASE32_CHARS + 1];
  int64_t step = step_of (now);
  GString *token;

  g_return_val_if_fail (step > 0, NULL);
  if (!uid_base32 (uid, id))
    return NULL;
  compute_mac (uid, 0, step, secret, secret_len, mac);
  token = g_string_new (NULL);
  g_string_printf (token, MPOS_MEMBER_QR2_PREFIX "%s.%" G_GINT64_FORMAT ".", id, step);
  for (gsize i = 0; i < sizeof mac; i++)
    g_string_append_printf (token, "%02x", mac[i]);
  return g_string_free (token, FALSE);
}

gboolean
mpos_member_qr_secret_export (MposStore *store, int64_t member_id,
                              guint8 secret[MPOS_MEMBER_QR_SECRET_BYTES], GError **error)
{
  return load_secret (store, member_id, secret, error);
}

gboolean
mpos_member_qr_secret_import (MposStore *store, int64_t member_id,
                              const guint8 secret[MPOS_MEMBER_QR_SECRET_BYTES], GError **error)
{
  return mpos_member_qr_secret_keep (store, member_id, secret, mpos_clock_now (), error);
}
