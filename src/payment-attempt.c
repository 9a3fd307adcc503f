/* payment-attempt.c — the payment_attempts table: one row per idempotency
 * key, written before the gateway is asked (requested) and when it answers
 * (approved, declined, unknown), completed inside the sale's own transaction
 * and refunded or declined by reconciliation (payment.c). Each write is its
 * own short transaction: it must be durable before the gateway is asked. */
#include "payment-attempt.h"
#include "store-private.h"

#include <errno.h>
#include <signal.h>
#include <unistd.h>

#define ATTEMPT_COLUMNS                                                                            \
  "idempotency_key, sale_id, tender_index, gateway, tender_type, amount, state, reference, "       \
  "detail, owner_pid, requested_at, updated_at"
static MposSql SQL_SELECT_KEY
    = MPOS_SQL ("payment-attempt: select key",
                "SELECT " ATTEMPT_COLUMNS " FROM payment_attempts WHERE idempotency_key = :key");
static MposSql SQL_INSERT = MPOS_SQL (
    "payment-attempt: insert",
    "INSERT INTO payment_attempts (" ATTEMPT_COLUMNS ") VALUES (:key, :sale_id, :tender_index, "
    ":gateway, :tender_type, :amount, 'requested', NULL, NULL, :pid, :now, :now)");
static MposSql SQL_REQUEST_AGAIN = MPOS_SQL (
    "payment-attempt: request again",
    "UPDATE payment_attempts SET state = 'requested', amount = :amount, gateway = :gateway, "
    "tender_type = :tender_type, detail = NULL, owner_pid = :pid, updated_at = :now "
    "WHERE idempotency_key = :key");
static MposSql SQL_RECORD = MPOS_SQL (
    "payment-attempt: record",
    "UPDATE payment_attempts SET state = :state, reference = coalesce (:reference, reference), "
    "detail = :detail, updated_at = :now WHERE idempotency_key = :key");
static MposSql SQL_COMPLETE_SALE = MPOS_SQL (
    "payment-attempt: complete sale",
    "UPDATE payment_attempts SET state = 'completed' WHERE sale_id = :sale_id AND state = "
    "'approved'");
static MposSql SQL_SALE_STORED
    = MPOS_SQL ("payment-attempt: sale stored", "SELECT count(*) FROM sales WHERE id = :sale_id");
static MposSql SQL_OPEN
    = MPOS_SQL ("payment-attempt: open",
                "SELECT " ATTEMPT_COLUMNS " FROM payment_attempts "
                "WHERE (state = 'requested' OR state = 'unknown' OR state = 'approved') "
                "AND (:sale_id IS NULL OR sale_id = :sale_id) ORDER BY id");

static const char *const state_names[]
    = { "requested", "approved", "completed", "declined", "unknown", "refunded" };

const char *
mpos_attempt_state_name (MposAttemptState state)
{
  return (guint)state < G_N_ELEMENTS (state_names) ? state_names[state] : "?";
}

static MposAttemptState
state_from_name (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (state_names); i++)
    if (g_strcmp0 (name, state_names[i]) == 0)
      return (MposAttemptState)i;
  return MPOS_ATTEMPT_UNKNOWN; /* the table's CHECK allows no other */
}

void
mpos_payment_attempt_free (MposPaymentAttempt *attempt)
{
  if (attempt == NULL)
    return;
  g_free (attempt->idempotency_key);
  g_free (attempt->sale_id);
  g_free (attempt->gateway);
  g_free (attempt->reference);
  g_free (attempt->detail);
  g_free (attempt);
}

char *
mpos_payment_attempt_key (const char *sale_id, int tender_index)
{
  return g_strdup_printf ("%s/%d", sale_id, tender_index);
}

/* Whether process `pid` still runs (on this machine: the store is local). */
static gboolean
process_alive (int64_t pid)
{
  if (pid <= 0 || pid > G_MAXINT)
    return FALSE;
  if (pid == getpid ())
    return TRUE;
  return kill ((pid_t)pid, 0) == 0 || errno == EPERM;
}

static MposPaymentAttempt *
attempt_from_row (sqlite3_stmt *stmt)
{
  MposPaymentAttempt *a = g_new0 (MposPaymentAttempt, 1);
  g_autofree char *type = mpos_column_text (stmt, 4);
  g_autofree char *state = mpos_column_text (stmt, 6);

  a->idempotency_key = mpos_column_text (stmt, 0);
  a->sale_id = mpos_column_text (stmt, 1);
  a->tender_index = sqlite3_column_int (stmt, 2);
  a->gateway = mpos_column_text (stmt, 3);
  if (!mpos_tender_type_from_name (type, &a->tender_type))
    a->tender_type = MPOS_TENDER_BANK_CARD; /* the table's CHECK allows no other */
  a->amount = sqlite3_column_int64 (stmt, 5);
  a->state = state_from_name (state);
  a->reference = mpos_column_text (stmt, 7);
  a->detail = mpos_column_text (stmt, 8);
  a->owner_pid = sqlite3_column_int64 (stmt, 9);
  a->owner_alive = process_alive (a->owner_pid);
  a->requested_at = sqlite3_column_int64 (stmt, 10);
  a->updated_at = sqlite3_column_int64 (stmt, 11);
  return a;
}

/* Steps a SELECT of attempts into `out` (of MposPaymentAttempt*). */
static gboolean
collect (MposStore *store, sqlite3_stmt *stmt, GPtrArray *out, GError **error)
{
  int rc;

  while ((rc = mpos_store_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (out, attempt_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return mpos_store_fail (store, rc, "reading payment attempts", error);
  return TRUE;
}

static gboolean
attempt_by_key (MposStore *store, const char *key, MposPaymentAttempt **out, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_SELECT_KEY, error);
  g_autoptr (GPtrArray) found
      = g_ptr_array_new_with_free_func ((GDestroyNotify)mpos_payment_attempt_free);

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":key", key);
  if (!collect (store, stmt, found, error))
    return FALSE;
  *out = found->len ? g_ptr_array_steal_index (found, 0) : NULL;
  return TRUE;
}

typedef struct
{
  const MposPaymentAttempt *request;
  int64_t now;
  MposPaymentAttempt *before;
} RequestRun;

static void
bind_request (sqlite3_stmt *stmt, const RequestRun *run)
{
  mpos_bind_text (stmt, ":key", run->request->idempotency_key);
  mpos_bind_text (stmt, ":gateway", run->request->gateway);
  mpos_bind_text (stmt, ":tender_type", mpos_tender_type_name (run->request->tender_type));
  mpos_bind_int64 (stmt, ":amount", run->request->amount);
  mpos_bind_int64 (stmt, ":pid", getpid ());
  mpos_bind_int64 (stmt, ":now", run->now);
}

static gboolean
request_body (MposStore *store, gpointer data, GError **error)
{
  RequestRun *run = data;
  g_autoptr (MposStmt) stmt = NULL;

  if (!attempt_by_key (store, run->request->idempotency_key, &run->before, error))
    return FALSE;
  if (run->before != NULL
      && (run->before->state == MPOS_ATTEMPT_APPROVED
          || run->before->state == MPOS_ATTEMPT_COMPLETED
          || run->before->state == MPOS_ATTEMPT_REFUNDED))
    return TRUE; /* taken already (or given back): never asked for again */
  stmt = mpos_store_stmt (store, run->before ? &SQL_REQUEST_AGAIN : &SQL_INSERT, error);
  if (stmt == NULL)
    return FALSE;
  bind_request (stmt, run);
  if (run->before == NULL)
    {
      mpos_bind_text (stmt, ":sale_id", run->request->sale_id);
      mpos_bind_int64 (stmt, ":tender_index", run->request->tender_index);
    }
  return mpos_store_step_done (store, stmt, "recording a payment request", error);
}

gboolean
mpos_payment_attempt_request (MposStore *store, const MposPaymentAttempt *request, int64_t now,
                              MposPaymentAttempt **before, GError **error)
{
  RequestRun run = { request, now, NULL };

  if (!mpos_store_transaction (store, request_body, &run, error))
    {
      mpos_payment_attempt_free (run.before);
      return FALSE;
    }
  *before = run.before;
  return TRUE;
}

typedef struct
{
  const char *key;
  MposAttemptState state;
  const char *reference;
  const char *detail;
  int64_t now;
} RecordRun;

static gboolean
record_body (MposStore *store, gpointer data, GError **error)
{
  RecordRun *run = data;
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_RECORD, error);

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":key", run->key);
  mpos_bind_text (stmt, ":state", mpos_attempt_state_name (run->state));
  mpos_bind_optional_text (stmt, ":reference", run->reference);
  mpos_bind_optional_text (stmt, ":detail", run->detail);
  mpos_bind_int64 (stmt, ":now", run->now);
  return mpos_store_step_done (store, stmt, "recording a payment's outcome", error);
}

gboolean
mpos_payment_attempt_record (MposStore *store, const char *idempotency_key, MposAttemptState state,
                             const char *reference, const char *detail, int64_t now, GError **error)
{
  RecordRun run = { idempotency_key, state, reference, detail, now };

  return mpos_store_transaction (store, record_body, &run, error);
}

gboolean
mpos_payment_attempts_complete_sale (MposStore *store, const char *sale_id, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_COMPLETE_SALE, error);

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":sale_id", sale_id);
  return mpos_store_step_done (store, stmt, "completing the sale's payments", error);
}

gboolean
mpos_payment_attempt_sale_stored (MposStore *store, const char *sale_id, gboolean *stored,
                                  GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_SALE_STORED, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":sale_id", sale_id);
  rc = mpos_store_step (stmt);
  *stored = rc == SQLITE_ROW && sqlite3_column_int64 (stmt, 0) > 0;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return mpos_store_fail (store, rc, "looking for a sale", error);
  return TRUE;
}

GPtrArray *
mpos_payment_attempts_open (MposStore *store, const char *sale_id, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_OPEN, error);
  g_autoptr (GPtrArray) out
      = g_ptr_array_new_with_free_func ((GDestroyNotify)mpos_payment_attempt_free);

  if (stmt == NULL)
    return NULL;
  mpos_bind_optional_text (stmt, ":sale_id", sale_id);
  if (!collect (store, stmt, out, error))
    return NULL;
  return g_steal_pointer (&out);
}

GPtrArray *
mpos_payment_attempts_unreconciled (MposStore *store, GError **error)
{
  GPtrArray *open = mpos_payment_attempts_open (store, NULL, error);

  for (guint i = open ? open->len : 0; i > 0; i--)
    if (((MposPaymentAttempt *)g_ptr_array_index (open, i - 1))->owner_alive)
      g_ptr_array_remove_index (open, i - 1);
  return open;
}

cJSON *
mpos_payment_attempt_to_json (const MposPaymentAttempt *a)
{
  cJSON *json = cJSON_CreateObject ();
  char amount[MPOS_MONEY_BUF];

  cJSON_AddStringToObject (json, "idempotency_key", a->idempotency_key);
  cJSON_AddStringToObject (json, "sale_id", a->sale_id);
  cJSON_AddNumberToObject (json, "tender_index", a->tender_index);
  cJSON_AddStringToObject (json, "gateway", a->gateway);
  cJSON_AddStringToObject (json, "tender_type", mpos_tender_type_name (a->tender_type));
  cJSON_AddStringToObject (json, "amount", mpos_money_to_buf (a->amount, amount));
  cJSON_AddStringToObject (json, "state", mpos_attempt_state_name (a->state));
  if (a->reference)
    cJSON_AddStringToObject (json, "reference", a->reference);
  if (a->detail)
    cJSON_AddStringToObject (json, "detail", a->detail);
  cJSON_AddNumberToObject (json, "requested_at", (double)a->requested_at);
  cJSON_AddNumberToObject (json, "updated_at", (double)a->updated_at);
  return json;
}
