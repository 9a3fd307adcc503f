/* sale-return-reject.c — the supervisor's other answer to a return made
 * without a receipt that waits for approval: rejected, the goods stay with
 * the store and no money moves. The decision is a row of return_rejections
 * (0039), audited with the supervisor and journaled ("return_rejected") in
 * one transaction. It moves no money, so it may go into a business day its
 * Z report has closed: a manager can always clear what waits. */
#include "audit.h"
#include "clock.h"
#include "fail.h"
#include "journal.h"
#include "json-fields.h"
#include "sale.h"
#include "staff-permission.h"
#include "store-private.h"

#include <string.h>

#define sale_fail(error, code, ...) mpos_fail (error, MPOS_SALE_ERROR, code, __VA_ARGS__)

static MposSql SQL_REJECTION = MPOS_SQL (
    "sale-return-reject: find",
    "SELECT rejected_by FROM return_rejections WHERE sale_id = :id");
static MposSql SQL_REASON = MPOS_SQL ("sale-return-reject: reason",
                                      "SELECT reason FROM return_rejections WHERE sale_id = :id");
static MposSql SQL_STATUS
    = MPOS_SQL ("sale-return-reject: status", "SELECT status FROM sales WHERE id = :id");
static MposSql SQL_INSERT = MPOS_SQL (
    "sale-return-reject: keep",
    "INSERT INTO return_rejections (sale_id, rejected_by, reason, rejected_at) "
    "VALUES (:id, :by, :reason, :at)");

gboolean
mpos_sale_return_rejected_by (MposStore *store, const char *sale_id, char **rejected_by,
                              GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_REJECTION, error);

  *rejected_by = NULL;
  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":id", sale_id);
  return mpos_store_read_text (store, stmt, rejected_by, "reading the return's rejection", error);
}

gboolean
mpos_sale_return_rejection (MposStore *store, const char *sale_id, char **rejected_by,
                            char **reason, GError **error)
{
  g_autoptr (MposStmt) stmt = NULL;

  *reason = NULL;
  if (!mpos_sale_return_rejected_by (store, sale_id, rejected_by, error))
    return FALSE;
  if (*rejected_by == NULL)
    return TRUE;
  if ((stmt = mpos_store_stmt (store, &SQL_REASON, error)) == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":id", sale_id);
  return mpos_store_read_text (store, stmt, reason, "reading why the return was rejected", error);
}

/* Refuses what no longer waits: approved (status completed), or rejected. */
static gboolean
refuse_decided (MposStore *store, const MposSaleRecord *ret, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_STATUS, error);
  g_autofree char *by = NULL;
  int rc;

  if (stmt == NULL || !mpos_sale_return_rejected_by (store, ret->id, &by, error))
    return FALSE;
  if (by != NULL)
    return sale_fail (error, MPOS_SALE_ERROR_INVALID,
                      "return %s was already rejected by %s; nothing waits for a decision",
                      ret->receipt_no, by);
  mpos_bind_text (stmt, ":id", ret->id);
  rc = mpos_store_step (stmt);
  if (rc != SQLITE_ROW)
    return mpos_store_fail (store, rc, "reading the return", error);
  if (g_strcmp0 ((const char *)sqlite3_column_text (stmt, 0), "pending_approval") != 0)
    return sale_fail (error, MPOS_SALE_ERROR_INVALID,
                      "return %s was already approved and refunded; it cannot be rejected now",
                      ret->receipt_no);
  return TRUE;
}

typedef struct
{
  const MposSaleRecord *ret;
  const char *supervisor, *reason;
  int64_t now;
} Rejection;

static gboolean
reject_body (MposStore *store, gpointer data, GError **error)
{
  const Rejection *r = data;
  g_autoptr (MposStmt) stmt = NULL;
  g_autoptr (cJSON) payload = cJSON_CreateObject ();

  if (!refuse_decided (store, r->ret, error)
      || (stmt = mpos_store_stmt (store, &SQL_INSERT, error)) == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":id", r->ret->id);
  mpos_bind_text (stmt, ":by", r->supervisor);
  mpos_bind_text (stmt, ":reason", r->reason);
  mpos_bind_int64 (stmt, ":at", r->now);
  if (!mpos_store_step_done (store, stmt, "rejecting the return", error))
    return FALSE;
  cJSON_AddStringToObject (payload, "sale_id", r->ret->id);
  cJSON_AddStringToObject (payload, "receipt_no", r->ret->receipt_no);
  cJSON_AddStringToObject (payload, "business_day", r->ret->business_day);
  cJSON_AddStringToObject (payload, "rejected_by", r->supervisor);
  cJSON_AddStringToObject (payload, "reason", r->reason);
  return mpos_audit_record_approved (store, r->now, r->ret->cashier, r->supervisor,
                                     "return_rejected", r->ret->receipt_no, r->reason, error)
         && mpos_journal_append (store, "return_rejected", r->ret->id, payload, r->now, NULL,
                                 error);
}

gboolean
mpos_sale_reject_return (MposStore *store, const char *receipt_no,
                         const MposStaffCredential *supervisor, const char *reason,
                         GError **error)
{
  g_autoptr (MposSaleRecord) ret = mpos_sale_load (store, receipt_no, error);
  g_auto (MposStaff) approver = { 0 };
  Rejection rejection = { ret, NULL, reason, mpos_clock_now () };

  if (ret == NULL)
    return FALSE;
  if (g_strcmp0 (ret->kind, "return") != 0)
    return sale_fail (error, MPOS_SALE_ERROR_INVALID,
                      "%s is a sale, not a return waiting for approval", receipt_no);
  if (reason == NULL || reason[strspn (reason, " \t\r\n")] == '\0')
    return sale_fail (error, MPOS_SALE_ERROR_INVALID,
                      "say why the return is rejected (--reason): the customer may ask");
  if (!refuse_decided (store, ret, error))
    return FALSE;
  if (supervisor == NULL)
    return sale_fail (error, MPOS_SALE_ERROR_NEEDS_APPROVAL,
                      "a supervisor must reject it: their staff number and PIN");
  if (!mpos_staff_approve (store, supervisor, MPOS_ACTION_RETURN_WITHOUT_RECEIPT, receipt_no,
                           &approver, error))
    return FALSE;
  rejection.supervisor = approver.number;
  return mpos_store_transaction (store, reject_body, &rejection, error);
}
