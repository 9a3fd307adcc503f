/* member-tags.h — tags computed from a member's recency, frequency and spend
 * (RFM), for the manager's lists and campaigns; nothing stores them, they
 * are always as fresh as the sales.
 *
 * Figures, from the member's completed sales (and returns, for spend):
 *   last visit   time of the latest sale
 *   visits       sales within the window (member.tags.window_days, 365)
 *   spend        sales minus returns within the window, fen
 * Tags and their thresholds (settings keys, defaults):
 *   loyal        visits ≥ member.tags.loyal_visits (12) and last visit
 *                ≤ member.tags.active_days (30) days ago
 *   big_spender  spend ≥ member.tags.big_spend (500000 fen = 5000.00 yuan)
 *   returning    last visit ≤ active_days ago, and the visit before it
 *                ≥ member.tags.returning_gap_days (90) before that
 *   at_risk      last visit > member.tags.at_risk_days (60) and ≤ lost_days ago
 *   lost         last visit > member.tags.lost_days (180) days ago
 * A member who never bought has no tag. */
#pragma once

#include <glib.h>
#include <stdint.h>
#include "money.h"
#include "store.h"

G_BEGIN_DECLS

typedef enum
{
  MPOS_MEMBER_TAG_LOYAL = 1 << 0,
  MPOS_MEMBER_TAG_BIG_SPENDER = 1 << 1,
  MPOS_MEMBER_TAG_RETURNING = 1 << 2,
  MPOS_MEMBER_TAG_AT_RISK = 1 << 3,
  MPOS_MEMBER_TAG_LOST = 1 << 4,
} MposMemberTag;

#define MPOS_MEMBER_TAG_COUNT 5

typedef struct
{
  int64_t window_days;
  int64_t loyal_visits;
  int64_t active_days;
  MposMoney big_spend;
  int64_t returning_gap_days;
  int64_t at_risk_days;
  int64_t lost_days;
} MposMemberTagRules;

typedef struct
{
  int64_t last_visit_at;     /* 0: never */
  int64_t previous_visit_at; /* 0: none */
  int64_t visits;
  MposMoney spend;
  guint tags; /* MposMemberTag bits */
} MposMemberRfm;

/* The rules: defaults, overridden by the member.tags.* settings. */
void mpos_member_tag_rules (MposStore *store, MposMemberTagRules *rules);

/* "loyal", "big_spender", "returning", "at_risk", "lost" — the stable names. */
const char *mpos_member_tag_name (MposMemberTag tag);
/* "忠诚 loyal" … for people. */
const char *mpos_member_tag_label (MposMemberTag tag);
/* The tag of bit index 0..MPOS_MEMBER_TAG_COUNT-1. */
MposMemberTag mpos_member_tag_nth (guint index);

gboolean mpos_member_tags_compute (MposStore *store, const MposMemberTagRules *rules,
                                   int64_t member_id, int64_t now, MposMemberRfm *out,
                                   GError **error);

/* Over every member: how many carry each tag (counts indexed like
 * mpos_member_tag_nth) and how many members there are. */
gboolean mpos_member_tags_count (MposStore *store, const MposMemberTagRules *rules, int64_t now,
                                 guint counts[MPOS_MEMBER_TAG_COUNT], guint *members,
                                 GError **error);

G_END_DECLS
