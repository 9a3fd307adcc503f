/* member-level.h — member levels (普通, 银卡, 金卡, 钻石 …) and the rules
 * that move members between them.
 *
 * Activity of a member in a window of time:
 *   spend    the totals of their completed sales minus their returns
 *            (`sales` by member_id), fen
 *   points   points earned by sales, net of what returns took back
 *            (points_ledger earn/reverse/reject of lots whose source is a sale)
 *   top_up   stored-value principal topped up, net of refunded top-ups
 *            (sv_top_ups; bonus money does not count), fen
 * A view `member_level_activity (member_id, at, points, top_up)`,
 * when it exists, replaces both sources, so the loyalty core can change
 * what counts without touching this file.
 *
 * The level period is member.level_period_months (default 12) in the
 * store's time zone.
 *   upgrade    at any evaluation, a member moves up to the highest level
 *              whose upgrade threshold (spend, points or top-up: any one is
 *              enough) their activity of the last period meets. The new
 *              level's period starts now.
 *   retention  when a level period ends, the member keeps the highest level
 *              at or below the current one whose retention threshold (or,
 *              without one, upgrade threshold) the ended period's activity
 *              meets; the lowest level always holds. The next period follows
 *              on directly (missed periods are evaluated one by one).
 *   manual     a level without any threshold is assigned by hand: it is
 *              never reached by upgrade and never expires.
 * A period of a level with rules that has no end yet (members imported or
 * from before these rules) starts at the first evaluation.
 * Evaluation is idempotent: running it again at the same time changes
 * nothing. Each change is audited and journalled ("member_level"). */
#pragma once

#include <glib.h>
#include <stdint.h>
#include "money.h"
#include "store.h"

G_BEGIN_DECLS

typedef struct
{
  char *code;
  char *name;
  int rank;
  int discount_bp;
  int points_multiplier_bp;
  int birthday_points_multiplier_bp;
  int64_t birthday_bonus_points;
  /* 0: not a criterion */
  MposMoney upgrade_spend;
  int64_t upgrade_points;
  MposMoney upgrade_top_up;
  MposMoney retain_spend;
  int64_t retain_points;
  MposMoney retain_top_up;
} MposMemberLevel;

void mpos_member_level_free (MposMemberLevel *level);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MposMemberLevel, mpos_member_level_free)

/* All levels, lowest rank first. Of MposMemberLevel*. */
GPtrArray *mpos_member_levels (MposStore *store, GError **error);

typedef struct
{
  MposMoney spend;
  int64_t points;
  MposMoney top_up;
} MposLevelActivity;

/* Activity of a member in [from, to). */
gboolean mpos_member_level_activity (MposStore *store, int64_t member_id, int64_t from, int64_t to,
                                     MposLevelActivity *out, GError **error);

/* The end of a level period starting at `since`: 0 for the lowest level
 * and for manual levels. */
gboolean mpos_member_level_period_end (MposStore *store, const char *level_code, int64_t since,
                                       int64_t *out, GError **error);

typedef struct
{
  int64_t member_id;
  char *from_level;
  char *to_level;
  const char *reason; /* "upgrade", "retain", "downgrade", "period_start" */
  int64_t level_expires_at; /* 0: none */
  MposLevelActivity activity; /* what decided it */
} MposLevelChange;

void mpos_level_change_free (MposLevelChange *change);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MposLevelChange, mpos_level_change_free)

/* Evaluates one member in its own transaction. *change_out is NULL when
 * nothing changed. */
gboolean mpos_member_level_evaluate (MposStore *store, int64_t member_id, int64_t now,
                                     const char *actor, MposLevelChange **change_out,
                                     GError **error);

/* Evaluates every member; appends an MposLevelChange* per changed member
 * to `changes` (may be NULL). Stops at the first store error; what was
 * committed before it stands, and running it again finishes the job. */
gboolean mpos_member_levels_evaluate (MposStore *store, int64_t now, const char *actor,
                                      GPtrArray *changes, GError **error);

G_END_DECLS
