/* member.h — members as the checkout sees them: who they are, their level
 * and group and the benefits of both. Lookup by card number, full phone,
 * member QR token, or the last four phone digits (a list to choose from).
 * Registration and cards: member-register.h, member-card.h; QR tokens:
 * member-qr.h; level rules: member-level.h; tags: member-tags.h. */
#pragma once

#include <glib.h>
#include <stdint.h>
#include <cjson/cJSON.h>
#include "store.h"

G_BEGIN_DECLS

#define MPOS_MEMBER_ERROR (mpos_member_error_quark ())
GQuark mpos_member_error_quark (void);

typedef enum
{
  MPOS_MEMBER_ERROR_NOT_FOUND,  /* no such card, phone, member or level */
  MPOS_MEMBER_ERROR_INVALID,    /* malformed phone, card, name, birthday … */
  MPOS_MEMBER_ERROR_DUPLICATE,  /* phone or card already belongs to a member */
  MPOS_MEMBER_ERROR_CARD_LOST,  /* the card was reported lost or replaced */
  MPOS_MEMBER_ERROR_AMBIGUOUS,  /* last four digits match too many members */
  MPOS_MEMBER_ERROR_QR_EXPIRED, /* a genuine member code outside its time window */
  MPOS_MEMBER_ERROR_QR_INVALID, /* not a member code, or one that does not verify */
  MPOS_MEMBER_ERROR_STATE,      /* card already lost/replaced: nothing to do */
  MPOS_MEMBER_ERROR_BLOCKED,    /* the card or member is on the mall's hotlist (hotlist.h) */
} MposMemberError;

typedef struct
{
  int64_t id;
  char *uid;     /* globally unique (UUID): the ref of the member's journal entries */
  char *card_no; /* the card it was found by, else the newest active card; may be NULL */
  char *phone;   /* full: mask it (mpos_member_display_phone) before showing it */
  char *name;
  char *birthday; /* "1990-05-12" or NULL */
  char *gender;   /* "female", "male" or NULL */
  int64_t referrer_id; /* 0: none */
  int64_t created_at;
  char *level_code;
  char *level_name;
  int level_discount_bp; /* 500 = 5% off */
  int points_multiplier_bp;          /* 10000 = ×1 (member_levels.points_multiplier_bp) */
  int birthday_points_multiplier_bp; /* on the member's birthday, instead of the above */
  int64_t birthday_bonus_points;     /* granted once on the birthday */
  int64_t level_since;
  int64_t level_expires_at; /* 0: the level does not expire (yet) */
  char *group_code;         /* NULL: no group */
  char *group_name;
  int group_discount_bp;
} MposMember;

void mpos_member_free (MposMember *member);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MposMember, mpos_member_free)

/* By card number, member QR token or full phone number (any of "138 0013
 * 8000", "+86 13800138000"). A lost or replaced card fails with CARD_LOST
 * ("card reported lost — use the new card …"), a bad QR token with
 * QR_EXPIRED or QR_INVALID. */
MposMember *mpos_member_lookup (MposStore *store, const char *key, GError **error);

/* What the cashier has in hand, when the caller knows which it is. */
typedef enum
{
  MPOS_MEMBER_KEY_ANY, /* told apart as mpos_member_lookup does */
  MPOS_MEMBER_KEY_CARD,
  MPOS_MEMBER_KEY_PHONE,
  MPOS_MEMBER_KEY_QR,
} MposMemberKey;

/* The counter's lookup (member-lookup.c), which mpos_member_lookup is with
 * ANY: refused with BLOCKED when the mall's hotlist (hotlist.h) blocks the
 * card it was found by or the member, however found. */
MposMember *mpos_member_lookup_as (MposStore *store, MposMemberKey kind, const char *key,
                                   GError **error);
MposMember *mpos_member_get (MposStore *store, int64_t member_id, GError **error);
/* By card number only, or by phone only (normalised first): the store's own
 * reads, which do not consult the hotlist — the counter uses
 * mpos_member_lookup_as. */
MposMember *mpos_member_lookup_card (MposStore *store, const char *card_no, GError **error);
MposMember *mpos_member_lookup_phone (MposStore *store, const char *phone, GError **error);

/* The members whose phone ends in these 4 digits, by id: a list for the
 * cashier to choose from. None: NOT_FOUND; more than `limit`: AMBIGUOUS
 * (ask for the full phone). Of MposMember*. */
GPtrArray *mpos_member_find_by_phone_tail (MposStore *store, const char *last4, guint limit,
                                           GError **error);

/* "13800138000" from what a cashier typed: blanks, hyphens and a +86/0086
 * prefix are dropped; the rest must be a mainland mobile number (11 digits,
 * 1[3-9]…). Newly allocated, or NULL with INVALID. */
char *mpos_member_normalize_phone (const char *text, GError **error);

/* "138****8000" — never log or print a full phone. Newly allocated. */
char *mpos_member_mask_phone (const char *phone);
/* "8800****0017". Newly allocated. */
char *mpos_member_mask_card (const char *card_no);
/* The phone as this store may show it: masked unless the setting
 * member.phone_display is "full". Newly allocated; "" for no phone. */
char *mpos_member_display_phone (MposStore *store, const char *phone);

/* Whether `now` is the member's birthday in the store's time zone (29 Feb
 * counts on 28 Feb in other years). FALSE without a birthday. */
gboolean mpos_member_has_birthday (MposStore *store, const MposMember *member, int64_t now);

/* The member with their balances, as a screen shows them: member-view.h. */

/* The member's profile as the centre keeps it and the sync client sends it
 * beside a member's journal entry: identity, level, name, full phone,
 * birthday, gender and full card numbers; never the QR secret. Only for the
 * pinned channel to the centre, never for a log, a screen or the journal. */
cJSON *mpos_member_profile_json (MposStore *store, int64_t member_id, GError **error);

/* The member as `member show --json` prints it: phone as the policy allows,
 * card numbers masked, no secret. */
cJSON *mpos_member_to_json (MposStore *store, const MposMember *member, GError **error);

/* Import of groups, levels and members: {"groups":[…],"levels":[…],"members":[…]}
 * (data/demo/members.json, described in data/demo/README.md). */
gboolean mpos_member_import_json (MposStore *store, const char *data, gsize length,
                                  guint *members_imported, GError **error);

G_END_DECLS
