/* member-private.h — what the member files share and nobody else needs:
 * the one SELECT that makes an MposMember, error and settings helpers, card
 * checks, and the audit + journal record every member change writes. */
#pragma once

#include <sqlite3.h>
#include "member.h"
#include "fail.h"

G_BEGIN_DECLS

/* Columns member_from_row reads, in order; append a WHERE on m. */
#define MPOS_MEMBER_SELECT                                                                         \
  "SELECT m.id, m.uid, m.phone, m.name, m.birthday, m.gender, m.referrer_id, m.created_at, "      \
  "m.level_code, l.name, l.discount_bp, l.points_multiplier_bp, "                                  \
  "l.birthday_points_multiplier_bp, l.birthday_bonus_points, m.level_since, m.level_expires_at, " \
  "m.group_code, g.name, coalesce (g.discount_bp, 0), "                                            \
  "(SELECT c.card_no FROM member_cards c WHERE c.member_id = m.id AND c.status = 'active' "        \
  "ORDER BY c.created_at DESC, c.card_no DESC LIMIT 1) "                                           \
  "FROM members m JOIN member_levels l ON l.code = m.level_code "                                  \
  "LEFT JOIN member_groups g ON g.code = m.group_code "

MposMember *mpos_member_from_row (sqlite3_stmt *stmt);

#define mpos_member_fail(error, code, ...) mpos_fail (error, MPOS_MEMBER_ERROR, code, __VA_ARGS__)

gboolean mpos_member_valid_digits (const char *text, gsize min, gsize max);

/* An integer setting in [min, max], else `fallback` (absent or malformed). */
int64_t mpos_member_setting_int (MposStore *store, const char *key, int64_t fallback, int64_t min,
                                 int64_t max);

/* A birthday "YYYY-MM-DD" that is a real date, not after today; NULL is fine. */
gboolean mpos_member_check_birthday (MposStore *store, const char *birthday, int64_t now,
                                     GError **error);
/* "female", "male", or NULL. */
gboolean mpos_member_check_gender (const char *gender, GError **error);

/* Kernel randomness (getrandom); fails rather than fall back to a weak source. */
gboolean mpos_member_random_bytes (guint8 *buf, gsize n, GError **error);

/* A card number a cashier may give out: 6–32 digits, no member's card yet
 * (whatever its status) and nobody's phone. */
gboolean mpos_member_check_new_card (MposStore *store, const char *card_no, GError **error);
/* "89" + 10 random digits + a Luhn check digit, unused. Newly allocated. */
char *mpos_member_new_virtual_card (MposStore *store, GError **error);
gboolean mpos_member_insert_card (MposStore *store, const char *card_no, int64_t member_id,
                                  gboolean physical, int64_t now, GError **error);

/* Writes the audit record and the sync journal entry of a member change,
 * inside the caller's transaction. `action` is both the audit action and the
 * journal kind; the journal payload is the member's loyalty state with phone
 * and cards masked, no name and no secret, plus "change": `change` (taken).
 * Neither `detail` (the audit trail) nor `change` may hold a full card
 * number or phone. */
gboolean mpos_member_record_change (MposStore *store, int64_t member_id, const char *action,
                                    const char *actor, const char *detail, cJSON *change,
                                    int64_t now, GError **error);

/* The member's local date-time in the store's zone (UTC without identity). */
GDateTime *mpos_member_local_time (MposStore *store, int64_t utc_seconds);

G_END_DECLS
