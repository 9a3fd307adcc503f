/* store-json.h — store values into the JSON documents the core hands out
 * (slips, statements, card views, journal entries): a row's text column
 * and a local time, each left out when there is none, and the ledger rows of
 * one action. */
#pragma once

#include "json-fields.h"
#include "store-private.h"

G_BEGIN_DECLS

/* json[key] = the column's text, unless it is NULL. */
void mpos_store_json_add_text (cJSON *json, const char *key, sqlite3_stmt *stmt, int column);
/* json[key] = text, unless it is NULL (a typed read model's absent value). */
void mpos_store_json_add_string (cJSON *json, const char *key, const char *text);
/* json[key] = utc as the store's local time, unless it is 0 (none). */
void mpos_store_json_add_time (MposStore *store, cJSON *json, const char *key, int64_t utc);

/* How a slip (a top-up, an exchange) was handled, in its JSON's order:
 * "tender", "reference", "at", "cashier", "approved_by", "reason", each
 * left out when there is none. */
void mpos_store_json_add_handling (MposStore *store, cJSON *json, const char *tender,
                                   const char *reference, int64_t at, const char *cashier,
                                   const char *approved_by, const char *reason);

/* One row of a ledger as the journal carries it. */
typedef cJSON *(*MposStoreJsonRow) (sqlite3_stmt *stmt);
/* The rows `sql` selects for one action (its :action parameter), one
 * object each from row_json; `what` says what was being read in an error. */
cJSON *mpos_store_json_action_rows (MposStore *store, MposSql *sql, const char *action_id,
                                    MposStoreJsonRow row_json, const char *what, GError **error);

G_END_DECLS
