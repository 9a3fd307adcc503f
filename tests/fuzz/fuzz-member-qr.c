/* fuzz-member-qr.c — libFuzzer target for the member QR token parser, which
 * sees whatever a customer's phone (or a forger) shows the scanner. Whatever
 * parses must be canonical (the token rebuilt from its fields is the input
 * up to letter case) and verify only with the mac its secret makes; every
 * refusal is a QR_INVALID or QR_EXPIRED member error with a readable message. */
#include <glib.h>
#include <stdint.h>
#include <string.h>

#include "fuzz-util.h"
#include "member-qr.h"

static void
check_error (const GError *error)
{
  fuzz_assert_refusal (error, MPOS_MEMBER_ERROR, 0);
  g_assert_true (error->code == MPOS_MEMBER_ERROR_QR_INVALID
                 || error->code == MPOS_MEMBER_ERROR_QR_EXPIRED);
}

/* The parsed fields, printed back: equal to the input but for letter case. */
static void
check_canonical (const char *text, const MposMemberQr *qr)
{
  g_autoptr (GString) rebuilt = g_string_new (NULL);

  if (qr->uid[0] != '\0') /* MP2: made again from the uid, up to the mac */
    {
      g_autofree char *made = mpos_member_qr2_make (qr->uid, (const guint8 *) "k", 1,
                                                    qr->step * MPOS_MEMBER_QR_STEP_SECONDS);
      g_string_append_len (rebuilt, made, (gssize) strlen (made) - 2 * MPOS_MEMBER_QR_MAC_BYTES);
    }
  else
    g_string_printf (rebuilt, MPOS_MEMBER_QR_PREFIX "%" G_GINT64_FORMAT ".%" G_GINT64_FORMAT ".",
                     qr->member_id, qr->step);
  for (gsize i = 0; i < MPOS_MEMBER_QR_MAC_BYTES; i++)
    g_string_append_printf (rebuilt, "%02x", qr->mac[i]);
  g_assert_cmpint (g_ascii_strcasecmp (rebuilt->str, text), ==, 0);
}

/* With a fixed secret at the token's own time: verifies exactly when the
 * mac is the one mpos_member_qr_make gives; a step later than the window
 * never verifies. */
static void
check_verification (const MposMemberQr *qr)
{
  static const guint8 secret[MPOS_MEMBER_QR_SECRET_BYTES] = { 1, 2, 3, 4, 5, 6, 7, 8 };
  int64_t now = qr->step * MPOS_MEMBER_QR_STEP_SECONDS;
  g_autofree char *genuine
      = qr->uid[0] ? mpos_member_qr2_make (qr->uid, secret, sizeof secret, now)
                   : mpos_member_qr_make (qr->member_id, secret, sizeof secret, now);
  MposMemberQr expected;
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) late_error = NULL;
  gboolean ok;

  g_assert_true (mpos_member_qr_parse (genuine, &expected, NULL));
  ok = mpos_member_qr_check (qr, secret, sizeof secret, now, &error);
  g_assert_true (ok == (memcmp (expected.mac, qr->mac, sizeof qr->mac) == 0));
  if (!ok)
    check_error (error);
  g_assert_false (mpos_member_qr_check (qr, secret, sizeof secret,
                                        now + 3 * MPOS_MEMBER_QR_STEP_SECONDS, &late_error));
  check_error (late_error);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *text = g_malloc (size + 1);
  g_autoptr (GError) error = NULL;
  MposMemberQr qr;

  memcpy (text, data, size);
  text[size] = '\0';
  if (!mpos_member_qr_parse (text, &qr, &error))
    {
      check_error (error);
      return 0;
    }
  g_assert_null (error);
  /* A C string: the parser sees the input up to its first NUL. */
  g_assert_cmpuint (strlen (text), <=, MPOS_MEMBER_QR_MAX_LEN);
  g_assert_true ((qr.member_id > 0) != (qr.uid[0] != '\0')); /* MP1 or MP2 */
  g_assert_cmpint (qr.step, >, 0);
  g_assert_true (mpos_member_qr_is_token (text));
  check_canonical (text, &qr);
  check_verification (&qr);
  return 0;
}
