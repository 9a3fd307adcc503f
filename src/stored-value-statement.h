/* stored-value-statement.h — typed read models of stored value: a member's
 * statement (every movement, principal and bonus apart) and one top-up or
 * top-up refund as its slip shows it. The window shows them as they are;
 * `mallposctl stored-value … --json`, the journal and the sync payloads
 * serialise them with the *_to_json functions. Times are UTC (0: none). */
#pragma once

#include <glib-object.h>
#include <stdint.h>
#include <cjson/cJSON.h>
#include "stored-value.h"

G_BEGIN_DECLS

typedef struct
{
  int64_t id;
  int64_t at;
  char *kind; /* top_up, top_up_refund, sale, return, payout, … */
  MposMoney principal;
  MposMoney bonus;
  char *receipt_no; /* the sale or top-up; NULL */
} MposStoredValueMovement;

/* Reference-counted (boxed: MPOS_TYPE_STORED_VALUE_STATEMENT). */
typedef struct
{
  int64_t member_id;
  MposStoredValueBalance balance;
  GPtrArray *movements; /* of MposStoredValueMovement*, oldest first */
} MposStoredValueStatement;

#define MPOS_TYPE_STORED_VALUE_STATEMENT (mpos_stored_value_statement_get_type ())
GType mpos_stored_value_statement_get_type (void);
MposStoredValueStatement *mpos_stored_value_statement_new (int64_t member_id);
MposStoredValueStatement *mpos_stored_value_statement_ref (MposStoredValueStatement *statement);
void mpos_stored_value_statement_unref (MposStoredValueStatement *statement);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MposStoredValueStatement, mpos_stored_value_statement_unref)

MposStoredValueStatement *mpos_stored_value_statement (MposStore *store, int64_t member_id,
                                                       GError **error);

/* {"member_id", "balance": {"principal","bonus","total"}, "movements":
 * [{"id","at","kind","principal","bonus","receipt_no"}]}, money as strings. */
cJSON *mpos_stored_value_statement_to_json (MposStore *store,
                                            const MposStoredValueStatement *statement);
/* json["balance"] = {"principal","bonus","total"}. */
void mpos_stored_value_balance_add_json (cJSON *json, const MposStoredValueBalance *balance);
/* {"member_id","principal","bonus","total","pin_set","pin_locked"}: a
 * member's stored value and payment PIN state (`stored-value balance --json`). */
cJSON *mpos_stored_value_account_to_json (int64_t member_id, const MposStoredValueBalance *balance,
                                          gboolean pin_set, gboolean pin_locked);

/* A top-up or its refund (boxed: MPOS_TYPE_TOP_UP_RECORD). */
typedef struct
{
  char *id;
  char *receipt_no;
  char *kind; /* "top_up" or "refund" */
  int64_t member_id;
  MposMoney principal; /* negative for a refund */
  MposMoney bonus;
  char *tier; /* the bonus tier reached ("充500送50"); NULL */
  char *tender;
  char *reference;
  char *provider;
  int64_t at;
  char *cashier;
  char *approved_by;
  char *reason;
  char *refunded_by;              /* the refund's receipt number, for a refunded top-up; NULL */
  char *refunds;                  /* the top-up a refund refunds; NULL */
  MposStoredValueBalance balance; /* the member's, now */
} MposTopUpRecord;

#define MPOS_TYPE_TOP_UP_RECORD (mpos_top_up_record_get_type ())
GType mpos_top_up_record_get_type (void);
MposTopUpRecord *mpos_top_up_record_copy (const MposTopUpRecord *record);
void mpos_top_up_record_free (MposTopUpRecord *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MposTopUpRecord, mpos_top_up_record_free)

gboolean mpos_top_up_record_is_refund (const MposTopUpRecord *record);

/* By receipt number or id; NOT_FOUND when there is none. */
MposTopUpRecord *mpos_stored_value_top_up_get (MposStore *store, const char *receipt_no,
                                               GError **error);

/* {"receipt_no","kind","member_id","principal","bonus","tier","tender",
 * "reference","at","cashier","approved_by","reason","refunded_by","refunds",
 * "balance":{…}}: the slip's --json and the journal's payload. */
cJSON *mpos_top_up_record_to_json (MposStore *store, const MposTopUpRecord *record);

G_END_DECLS
