/* member-qr.h — the dynamic member code (会员码) a mall app shows and the
 * terminal verifies offline, from a per-member secret and the clock, so a
 * screenshot stops working within a minute and a half.
 *
 * Format, version 1 (also in data/demo/README.md):
 *
 *     MP1.<member id>.<step>.<mac>
 *
 * e.g. MP1.1.59846640.7579a38370895c0639a1: member 1 at 2026-11-23
 * 10:00:00 +08:00 with the secret 00 01 02 … 1f (a test vector).
 *
 *   MP1        version tag (version 2 is MP2, below)
 *   member id  members.id, decimal, 1–18 digits, no leading zero
 *   step       floor(unix time / 30), decimal, 1–12 digits, no leading zero
 *   mac        the first 10 bytes of HMAC-SHA256 (key: the member's 32-byte
 *              members.qr_secret; message: the token's text before the last
 *              dot, "MP1.<member id>.<step>"), as 20 hex digits
 *
 * A token is accepted when its mac verifies and its step is the current
 * step or one either side (a window of 60–90 s: clocks of phone and
 * terminal may differ a little). Tokens are written in upper-case "MP1" and
 * lower-case hex; the parser accepts either case, because keyboard-wedge
 * scanners invert letters under Caps Lock. At most 64 bytes, printable
 * ASCII only. The step is in the token so that an old genuine code says
 * "expired" and a forged one says "does not verify".
 *
 * Version 2 names the member by its global id, so a code shown in store A
 * verifies in store B offline (the member and its secret reach B with the
 * sync's members stream, sync/PROTOCOL.md 5.5):
 *
 *     MP2.<member uid>.<step>.<mac>
 *
 *   member uid members.uid's 16 bytes in base32 (RFC 4648 alphabet, lower
 *              case, no padding): 26 characters, the last one carrying 3
 *              bits and two zeros — case-insensitive like the rest, and
 *              short enough to keep a token within 64 bytes
 *   mac        as MP1, over the token's text before the last dot
 *
 * `member qr` makes MP2 tokens; MP1 tokens already printed or shown stay
 * readable at the terminal that holds the member. */
#pragma once

#include <glib.h>
#include <stdint.h>
#include "member.h"

G_BEGIN_DECLS

#define MPOS_MEMBER_QR_PREFIX "MP1."
#define MPOS_MEMBER_QR_STEP_SECONDS 30
#define MPOS_MEMBER_QR_WINDOW_STEPS 1
#define MPOS_MEMBER_QR_SECRET_BYTES 32
#define MPOS_MEMBER_QR_MAC_BYTES 10
#define MPOS_MEMBER_QR_MAX_LEN 64
#define MPOS_MEMBER_QR2_PREFIX "MP2."
#define MPOS_MEMBER_QR_UID_LEN 36

typedef struct
{
  int64_t member_id; /* MP1; 0 in an MP2 token */
  char uid[MPOS_MEMBER_QR_UID_LEN + 1]; /* MP2, lower case; "" in an MP1 token */
  int64_t step;
  guint8 mac[MPOS_MEMBER_QR_MAC_BYTES];
} MposMemberQr;

/* Whether the text claims to be a member code ("MP" in any case): a
 * lookup key that does is verified as one, never tried as a card. */
gboolean mpos_member_qr_is_token (const char *text);

/* Syntax only (no secret, no clock): QR_INVALID with a reason. */
gboolean mpos_member_qr_parse (const char *token, MposMemberQr *out, GError **error);

/* The token for this member at `now`. Newly allocated. */
char *mpos_member_qr_make (int64_t member_id, const guint8 *secret, gsize secret_len, int64_t now);

/* A parsed token against the member's secret at `now`: QR_INVALID when the
 * mac does not verify, QR_EXPIRED when it does but the step is too old (or
 * too new: the phone's clock is wrong). */
gboolean mpos_member_qr_check (const MposMemberQr *qr, const guint8 *secret, gsize secret_len,
                               int64_t now, GError **error);

/* The last second a token made at `now` is still accepted: the end of its
 * step and of the window after it (what a screen shows as "valid until"). */
int64_t mpos_member_qr_valid_until (int64_t now);

/* Store side: the member's current token (`member qr`), and lookup by token
 * (parse, find the member, check). A token naming an unknown member is
 * NOT_FOUND (not synced to this terminal yet). */
char *mpos_member_qr_token (MposStore *store, int64_t member_id, int64_t now, GError **error);
MposMember *mpos_member_qr_lookup (MposStore *store, const char *token, int64_t now,
                                   GError **error);

/* ---- MP2: the member's global id (sync-pull) ---- */

/* The MP2 token for the member `uid` at `now` (newly allocated), or NULL
 * when uid is not a uid (8-4-4-4-12 hex). */
char *mpos_member_qr2_make (const char *uid, const guint8 *secret, gsize secret_len, int64_t now);

/* The member's QR secret, for the sync client to send to the centre over
 * the pinned channel (never into the journal) … */
gboolean mpos_member_qr_secret_export (MposStore *store, int64_t member_id,
                                       guint8 secret[MPOS_MEMBER_QR_SECRET_BYTES], GError **error);
/* … and to keep for a member pulled from it, inside the caller's transaction. */
gboolean mpos_member_qr_secret_import (MposStore *store, int64_t member_id,
                                       const guint8 secret[MPOS_MEMBER_QR_SECRET_BYTES],
                                       GError **error);

G_END_DECLS
