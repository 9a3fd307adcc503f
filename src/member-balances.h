/* member-balances.h — a member's balances as a screen watches them: after
 * an action (a sale, a top-up, an exchange, a return) the screen calls
 * mpos_member_balances_refresh and hears "notify::<property>" for exactly
 * the figures that moved, so the member panel redraws what changed. The
 * balances live in the store (several programs write it), so a refresh
 * re-reads them rather than trusting what this process did. */
#pragma once

#include <glib-object.h>
#include "member-view.h"

G_BEGIN_DECLS

#define MPOS_TYPE_MEMBER_BALANCES (mpos_member_balances_get_type ())
G_DECLARE_FINAL_TYPE (MposMemberBalances, mpos_member_balances, MPOS, MEMBER_BALANCES, GObject)

/* Properties (read-only, gint64; money in fen): "member-id", "points-usable",
 * "points-pending", "points-frozen" (boolean), "stored-value-principal",
 * "stored-value-bonus", "stored-value" (their sum), "coupons-usable" (guint). */
MposMemberBalances *mpos_member_balances_new (int64_t member_id);

/* Re-reads the figures at `now`; notifies each property that moved (all of
 * them after one freeze, so a screen redraws once). */
gboolean mpos_member_balances_refresh (MposMemberBalances *balances, MposStore *store, int64_t now,
                                       GError **error);

int64_t mpos_member_balances_get_member_id (MposMemberBalances *balances);
const MposMemberFigures *mpos_member_balances_get_figures (MposMemberBalances *balances);

G_END_DECLS
