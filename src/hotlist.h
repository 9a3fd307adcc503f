/* hotlist.h — cards and members the mall blocked (a stolen card, an account
 * under review, an overdraft found at the centre), pulled with the `hotlist`
 * stream (sync/PROTOCOL.md section 5.6) and refused at this counter: a
 * member found by a blocked card, or a blocked member found by anything, is
 * not given to the sale. */
#pragma once

#include <glib.h>
#include <stdint.h>
#include "store.h"

G_BEGIN_DECLS

typedef enum
{
  MPOS_HOTLIST_CARD,
  MPOS_HOTLIST_MEMBER,
} MposHotlistKind;

typedef struct
{
  MposHotlistKind kind;
  const char *value;  /* card number, or member uid */
  gboolean blocked;   /* FALSE: lifted */
  const char *reason;
} MposHotlistItem;

/* A page of the hotlist stream and its cursor, in one transaction; a page
 * applied twice changes nothing. */
gboolean mpos_hotlist_apply (MposStore *store, const MposHotlistItem *items, guint n,
                             int64_t cursor, int64_t now, GError **error);

/* FALSE with MPOS_MEMBER_ERROR_BLOCKED naming the reason when the card (may
 * be NULL) or the member (uid) is on the hotlist. */
gboolean mpos_hotlist_check (MposStore *store, const char *card_no, const char *uid,
                             GError **error);

G_END_DECLS
