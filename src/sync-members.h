/* sync-members.h — members pulled from the centre (sync/PROTOCOL.md section
 * 5.5): a member registered at another store becomes a member here, found by
 * card and phone like any other; one already here gets the cards and card
 * status changes made elsewhere; and each gets its centre balance — what the
 * other terminals hold for it, kept apart from this terminal's own ledgers
 * (docs/design.md "Balances pulled from the centre"). */
#pragma once

#include <glib.h>
#include <stdint.h>
#include "money.h"
#include "store.h"

G_BEGIN_DECLS

typedef struct
{
  const char *card_no;
  gboolean physical;
  const char *status;      /* "active", "lost" or "replaced" */
  const char *replaced_by; /* with "replaced"; else NULL */
} MposSyncMemberCard;

/* A points lot another terminal holds for the member (sync/PROTOCOL.md
 * 5.5 "points_lots"): what is available in it, and when it expires. */
typedef struct
{
  int64_t points;
  int64_t expires_at; /* Unix seconds; 0: never */
} MposSyncLot;

/* A coupon the member holds, wherever it was issued. */
typedef struct
{
  const char *code, *template_code;
  const char *status; /* issued, redeemed, expired, void */
  int64_t valid_from, valid_to;
} MposSyncCoupon;

typedef struct
{
  const char *uid, *name;
  const char *phone, *level, *birthday, *gender; /* NULL: none */
  int64_t created_at;
  const MposSyncMemberCard *cards;
  guint n_cards;
  const guint8 *qr_secret; /* 32 bytes behind the member's QR code, or NULL */
  int64_t points;          /* at the other terminals */
  MposMoney stored_value;  /* at the other terminals, principal + bonus */
  gboolean has_lots;       /* the centre sent points_lots (a centre older than 0041 does not) */
  const MposSyncLot *lots;
  guint n_lots;
  const MposSyncCoupon *coupons;
  guint n_coupons;
} MposSyncMember;

typedef struct
{
  guint added, updated;
  guint conflicts; /* a phone or card number another member holds here: left out */
  guint coupons_added, coupons_voided;
  guint coupons_unknown; /* of a template this store does not hold: left out */
} MposSyncMemberCounts;

/* In a members page's transaction (src/sync-coupons.c): a coupon issued to
 * the member elsewhere, of a template this store holds, becomes usable
 * here; one the member holds here that the centre says was used, expired
 * or voided elsewhere is set void here, with its coupon ledger row. */
gboolean mpos_sync_apply_member_coupons (MposStore *store, int64_t member_id,
                                         const MposSyncMember *m, int64_t now,
                                         MposSyncMemberCounts *counts, GError **error);

/* A page of the members stream and its cursor, in one transaction. A page
 * applied twice changes nothing. */
gboolean mpos_sync_apply_members (MposStore *store, const MposSyncMember *items, guint n,
                                  int64_t cursor, int64_t now, MposSyncMemberCounts *counts,
                                  GError **error);

typedef struct
{
  int64_t points;         /* what the centre said, less the expired below */
  int64_t points_expired; /* in lots past their expiry at `now` (not counted) */
  int64_t next_expiry;    /* the earliest expiry still ahead (0: none) */
  int64_t points_expiring; /* the points that expire then */
  MposMoney stored_value;
  int64_t pulled_at; /* 0: never pulled */
} MposCentreBalance;

/* What the other terminals hold for a member, as last pulled, at `now`: a
 * lot past its expiry by this terminal's clock is not counted, even before
 * its own store pushed the expiry. */
gboolean mpos_sync_centre_balance (MposStore *store, int64_t member_id, int64_t now,
                                   MposCentreBalance *out, GError **error);

G_END_DECLS
