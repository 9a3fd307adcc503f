/* member-json.h — a member's JSON object (member-json.c), shared by
 * mpos_member_to_json (member.h) and the member view's serialiser
 * (member-view.c), which has already read the phone and cards. */
#pragma once

#include <cjson/cJSON.h>

#include "member.h"

G_BEGIN_DECLS

/* {"id", "uid", "name", "phone", "birthday", "gender", "level", "group",
 * "referrer_id", "cards", "registered"}: phone_shown as the store's policy
 * shows it (NULL: none), cards of MposMemberCard* as read. */
cJSON *mpos_member_json_object (MposStore *store, const MposMember *m, const char *phone_shown,
                                GPtrArray *cards);

G_END_DECLS
