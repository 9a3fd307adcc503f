/* member-view.h — a member as a screen shows them, one typed read model:
 * who they are (MposMember), the phone as the store may show it, their
 * cards, points, stored value and how many coupons they can use now. The
 * window's member panel reads it; `member show --json` serialises the
 * member part with mpos_member_view_to_json (cards masked, no secret). */
#pragma once

#include <glib-object.h>
#include <cjson/cJSON.h>
#include "member.h"
#include "points.h"
#include "stored-value.h"

G_BEGIN_DECLS

/* What a member has to spend: the figures of the member panel, re-read
 * after every action (member-balances.h tells a screen which moved). */
typedef struct
{
  MposPointsBalance points;
  MposStoredValueBalance stored_value;
  guint coupons_usable; /* issued, valid now */
} MposMemberFigures;

gboolean mpos_member_figures_read (MposStore *store, int64_t member_id, int64_t now,
                                   MposMemberFigures *out, GError **error);

/* Reference-counted (boxed: MPOS_TYPE_MEMBER_VIEW). */
typedef struct
{
  MposMember *member;
  char *phone_shown; /* masked unless the store shows phones in full; NULL: no phone */
  GPtrArray *cards;  /* of MposMemberCard*, oldest first (numbers in full: mask to show) */
  MposMemberFigures figures;
} MposMemberView;

#define MPOS_TYPE_MEMBER_VIEW (mpos_member_view_get_type ())
GType mpos_member_view_get_type (void);
MposMemberView *mpos_member_view_ref (MposMemberView *view);
void mpos_member_view_unref (MposMemberView *view);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MposMemberView, mpos_member_view_unref)

/* The member `member_id` as it stands at `now`; NOT_FOUND when there is none. */
MposMemberView *mpos_member_view_get (MposStore *store, int64_t member_id, int64_t now,
                                      GError **error);

/* The member as `member show --json` prints it: {"id","uid","name","phone",
 * "birthday","gender","level":{…},"group","referrer_id","cards":[…],
 * "registered"}: phone as shown, card numbers masked. */
cJSON *mpos_member_view_to_json (MposStore *store, const MposMemberView *view);

G_END_DECLS
