/* member-card.h — a member's cards: physical (magstripe/IC number) or
 * virtual (generated), each active, lost or replaced. A lost or replaced card
 * stops finding its member; the member, and every balance (kept per member,
 * never per card), stays with the new card. Each change is audited and
 * journalled in its own transaction. */
#pragma once

#include <glib.h>
#include <stdint.h>
#include "member.h"

G_BEGIN_DECLS

typedef enum
{
  MPOS_CARD_ACTIVE,
  MPOS_CARD_LOST,
  MPOS_CARD_REPLACED,
} MposCardStatus;

typedef struct
{
  char *card_no;
  int64_t member_id;
  gboolean physical; /* FALSE: a virtual card number we generated */
  MposCardStatus status;
  char *replaced_by; /* NULL unless a new card replaced this one */
  int64_t created_at;
} MposMemberCard;

void mpos_member_card_free (MposMemberCard *card);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MposMemberCard, mpos_member_card_free)

const char *mpos_card_status_name (MposCardStatus status); /* "active", "lost", "replaced" */

/* Every card the member ever held, oldest first. Of MposMemberCard*. */
GPtrArray *mpos_member_cards (MposStore *store, int64_t member_id, GError **error);

/* The card stops working at once (CARD_LOST on lookup). An unknown card:
 * NOT_FOUND; one already lost or replaced: STATE. */
gboolean mpos_member_card_report_lost (MposStore *store, const char *card_no, const char *actor,
                                       int64_t now, GError **error);

/* Issues a new card in place of `old_card` (active or lost): `new_card` is a
 * physical card number, or NULL for a generated virtual one. The old card is
 * marked replaced (or stays lost) and names the new one. Returns the new
 * card number (newly allocated). */
char *mpos_member_card_replace (MposStore *store, const char *old_card, const char *new_card,
                                const char *actor, int64_t now, GError **error);

/* One more active card for the member (NULL: virtual). Returns its number. */
char *mpos_member_card_add (MposStore *store, int64_t member_id, const char *new_card,
                            const char *actor, int64_t now, GError **error);

G_END_DECLS
