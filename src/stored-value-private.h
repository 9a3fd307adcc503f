/* stored-value-private.h — the stored-value ledger's one writer, shared by
 * the top-up actions (stored-value.c) and the sale/return hooks (loyalty.c).
 * Runs inside the caller's transaction. */
#pragma once

#include <cjson/cJSON.h>
#include "store-private.h"
#include "fail.h"
#include "loyalty-rules.h"
#include "stored-value.h"

G_BEGIN_DECLS

#define mpos_stored_value_fail(error, code, ...)                                                   \
  mpos_fail (error, MPOS_STORED_VALUE_ERROR, code, __VA_ARGS__)

/* Appends one movement (corrects: the row it reverses, 0 for none) and
 * moves the member's cached principal and bonus by the same amounts (their
 * CHECKs refuse a negative balance). */
gboolean mpos_stored_value_entry (MposStore *store, int64_t member_id, const char *kind,
                                  MposMoney principal, MposMoney bonus, const char *action_id,
                                  const char *sale_id, const char *top_up_id, int64_t corrects,
                                  int64_t now, GError **error);

/* The id of the ledger row of `kind` written for a sale (sale_id) or a
 * top-up (top_up_id); 0 when there is none. */
int64_t mpos_stored_value_entry_id (MposStore *store, const char *kind, const char *sale_id,
                                    const char *top_up_id);

/* The member's proof behind spending `amount` of stored value
 * (stored-value-proof.c): a locked PIN refuses; a verified proof passes;
 * else the PIN limit per sale and the daily no-proof cap apply, summed
 * over the day's sales but `sale_id` (may be NULL: the sale spending it,
 * which may be written already). Names no balance. */
gboolean mpos_stored_value_check_proof (MposStore *store, const MposLoyaltyRules *rules,
                                        int64_t member_id, MposMoney amount, const char *sale_id,
                                        gboolean pin_verified, int64_t now, GError **error);

/* The ledger rows of one action, as the journal carries them. */
cJSON *mpos_stored_value_action_json (MposStore *store, const char *action_id, GError **error);

/* In a return's transaction, after it gave `principal` and `bonus` back to
 * the member's stored value: when every top-up of the member has been
 * refunded (none left that could take this principal back), the principal
 * is paid out at once by the refunded top-up's tender, newest top-up first
 * up to what each has not paid back, and the bonus goes with it (the
 * refund took the top-up's bonus back). Each payout is a refund row of that
 * top-up with its own C receipt number, ledger rows and journal entry. */
gboolean mpos_stored_value_pay_out_returned (MposStore *store, int64_t member_id,
                                             MposMoney principal, MposMoney bonus,
                                             const char *cashier, const char *return_receipt,
                                             int64_t now, GError **error);

/* A top-up record made from a row of SQL_TOP_UP (stored-value-statement.c);
 * its balance is read apart. */
gpointer mpos_top_up_record_row (sqlite3_stmt *stmt);

G_END_DECLS
