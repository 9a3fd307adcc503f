/* member-qr.c — making, parsing and verifying the dynamic member code
 * (format in member-qr.h). Parsing is pure and strict, so it can be fuzzed
 * on its own; verification compares the mac in constant time. */
#include "member-qr.h"
#include "member-qr-secret.h"
#include "member-private.h"
#include "store-private.h"

#include <string.h>


#define MAX_ID_DIGITS 18
#define MAX_STEP_DIGITS 12

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
  if (g_ascii_strncasecmp (token, MPOS_MEMBER_QR_PREFIX, strlen (MPOS_MEMBER_QR_PREFIX)) != 0)
    return qr_invalid (error, "a format this terminal does not know (update MallPOS?)");
  p = token + strlen (MPOS_MEMBER_QR_PREFIX);
  if (!parse_number (p, '.', MAX_ID_DIGITS, &p, &out->member_id))
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

static void
compute_mac (int64_t member_id, int64_t step, const guint8 *secret, gsize secret_len,
             guint8 mac[MPOS_MEMBER_QR_MAC_BYTES])
{
  g_autoptr (GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, secret, secret_len);
  g_autofree char *message = g_strdup_printf (MPOS_MEMBER_QR_PREFIX "%" G_GINT64_FORMAT
                                              ".%" G_GINT64_FORMAT, member_id, step);
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
  compute_mac (member_id, step, secret, secret_len, mac);
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

  compute_mac (qr->member_id, qr->step, secret, secret_len, mac);
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

  if (!load_secret (store, member_id, secret, error))
    return NULL;
  token = mpos_member_qr_make (member_id, secret, sizeof secret, now);
  memset (secret, 0, sizeof secret);
  return token;
}

MposMember *
mpos_member_qr_lookup (MposStore *store, const char *token, int64_t now, GError **error)
{
  guint8 secret[MPOS_MEMBER_QR_SECRET_BYTES];
  MposMemberQr qr;
  gboolean ok;

  g_autoptr (GError) unknown = NULL;

  if (!mpos_member_qr_parse (token, &qr, error))
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
