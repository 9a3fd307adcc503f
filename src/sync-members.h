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
} MposSyncMember;

typedef struct
{
  guint added, updated;
  guint conflicts; /* a phone or card number another member holds here: left out */
} MposSyncMemberCounts;

/* A page of the members stream and its cursor, in one transaction. A page
 * applied twice changes nothing. */
gboolean mpos_sync_apply_members (MposStore *store, const MposSyncMember *items, guint n,
                                  int64_t cursor, int64_t now, MposSyncMemberCounts *counts,
                                  GError **error);

typedef struct
{
  int64_t points;
  MposMoney stored_value;
  int64_t pulled_at; /* 0: never pulled */
} MposCentreBalance;

/* What the other terminals hold for a member, as last pulled. */
gboolean mpos_sync_centre_balance (MposStore *store, int64_t member_id, MposCentreBalance *out,
                                   GError **error);

G_END_DECLS
