/* payment-simulated.c — the simulated payment gateway: each call runs in a
 * worker thread (GTask) that sleeps its latency, acts on the bank's ledger
 * (a GKeyFile, one group per idempotency key, saved whole after each change
 * so it survives a crash of this process) and answers. Cancelling a call
 * before the bank acted takes nothing; after, the answer is lost (UNKNOWN
 * for the caller), as with a real acquirer. */
#include "payment-simulated.h"

#include <signal.h>
#include <unistd.h>

struct _MposPaymentSimulated
{
  GObject parent_instance;
  char *ledger_path;
  GMutex lock; /* the ledger file and the settings below */
  guint latency_ms;
  char *decline;
  MposSimulatedFault fault;
};

typedef enum
{
  OP_CHARGE,
  OP_QUERY,
  OP_REFUND,
} OpKind;

/* One call, with the settings as they were when it was made. */
typedef struct
{
  OpKind kind;
  char *key;
  MposMoney amount;
  guint latency_ms;
  char *decline;
  MposSimulatedFault fault;
} Op;

static void mpos_payment_simulated_gateway_init (MposPaymentGatewayInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MposPaymentSimulated, mpos_payment_simulated, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (MPOS_TYPE_PAYMENT_GATEWAY,
                                                      mpos_payment_simulated_gateway_init))

static void
op_free (Op *op)
{
  g_free (op->key);
  g_free (op->decline);
  g_free (op);
}

static void
outcome_free (MposChargeOutcome *outcome)
{
  mpos_charge_outcome_clear (outcome);
  g_free (outcome);
}

/* ---- the ledger ---------------------------------------------------------- */

static GKeyFile *
ledger_load (MposPaymentSimulated *self)
{
  GKeyFile *ledger = g_key_file_new ();

  /* A missing ledger is an empty bank. */
  g_key_file_load_from_file (ledger, self->ledger_path, G_KEY_FILE_NONE, NULL);
  return ledger;
}

static gboolean
ledger_save (MposPaymentSimulated *self, GKeyFile *ledger, GError **error)
{
  return g_key_file_save_to_file (ledger, self->ledger_path, error);
}

static MposChargeState
ledger_state (GKeyFile *ledger, const char *key)
{
  g_autofree char *state = g_key_file_get_string (ledger, key, "state", NULL);

  for (int s = MPOS_CHARGE_APPROVED; s <= MPOS_CHARGE_REFUNDED; s++)
    if (g_strcmp0 (state, mpos_charge_state_name (s)) == 0)
      return s;
  return MPOS_CHARGE_NOT_FOUND;
}

static void
ledger_count (GKeyFile *ledger, const char *key, const char *field)
{
  g_key_file_set_integer (ledger, key, field,
                          g_key_file_get_integer (ledger, key, field, NULL) + 1);
}

static void
ledger_answer (GKeyFile *ledger, const char *key, MposChargeOutcome *out)
{
  out->state = ledger_state (ledger, key);
  out->reference = g_key_file_get_string (ledger, key, "reference", NULL);
  out->detail = g_key_file_get_string (ledger, key, "detail", NULL);
}

/* The bank's side of a charge: takes the money once per key. */
static void
bank_charge (GKeyFile *ledger, const Op *op)
{
  MposChargeState state = ledger_state (ledger, op->key);
  g_autofree char *digest = NULL;

  ledger_count (ledger, op->key, "charges");
  if (state == MPOS_CHARGE_APPROVED || state == MPOS_CHARGE_REFUNDED)
    return; /* the same key again: the first outcome stands */
  g_key_file_set_int64 (ledger, op->key, "amount", op->amount);
  if (op->decline != NULL)
    {
      g_key_file_set_string (ledger, op->key, "state", "declined");
      g_key_file_set_string (ledger, op->key, "detail", op->decline);
      return;
    }
  digest = g_compute_checksum_for_string (G_CHECKSUM_SHA1, op->key, -1);
  digest[12] = '\0';
  g_key_file_set_string (ledger, op->key, "state", "approved");
  g_key_file_set_string (ledger, op->key, "reference", digest);
  g_key_file_remove_key (ledger, op->key, "detail", NULL);
  ledger_count (ledger, op->key, "taken");
}

static void
bank_refund (GKeyFile *ledger, const Op *op)
{
  if (ledger_state (ledger, op->key) != MPOS_CHARGE_APPROVED)
    return; /* nothing taken, or already given back */
  g_key_file_set_string (ledger, op->key, "state", "refunded");
  ledger_count (ledger, op->key, "refunds");
}

/* Acts on the ledger and answers; FALSE when the ledger cannot be saved. */
static gboolean
bank_act (MposPaymentSimulated *self, const Op *op, MposChargeOutcome *out, GError **error)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr (GKeyFile) ledger = ledger_load (self);

  if (op->kind == OP_CHARGE)
    bank_charge (ledger, op);
  else if (op->kind == OP_REFUND)
    bank_refund (ledger, op);
  if (op->kind != OP_QUERY && !ledger_save (self, ledger, error))
    return FALSE;
  ledger_answer (ledger, op->key, out);
  return TRUE;
}

/* ---- the calls ----------------------------------------------------------- */

/* Sleeps ms in small steps; FALSE when cancelled meanwhile. */
static gboolean
travel (guint ms, GCancellable *cancellable)
{
  for (guint slept = 0; slept < ms; slept += 5)
    {
      if (g_cancellable_is_cancelled (cancellable))
        return FALSE;
      g_usleep (MIN (5u, ms - slept) * 1000);
    }
  return !g_cancellable_is_cancelled (cancellable);
}

static void
no_answer (GTask *task, const Op *op, const char *why)
{
  g_task_return_new_error (task, MPOS_PAYMENT_ERROR, MPOS_PAYMENT_ERROR_UNKNOWN,
                           "simulated gateway: %s (payment %s); ask it again by key", why, op->key);
}

static void
run_op (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  MposPaymentSimulated *self = source;
  const Op *op = data;
  MposChargeOutcome *out = g_new0 (MposChargeOutcome, 1);
  GError *error = NULL;

  if (op->fault == MPOS_SIMULATED_FAULT_OFFLINE)
    {
      travel (op->latency_ms, cancellable);
      no_answer (task, op, "cannot reach the bank");
      outcome_free (out);
      return;
    }
  if (!travel (op->latency_ms / 2, cancellable))
    {
      no_answer (task, op, "cancelled before the bank answered");
      outcome_free (out);
      return;
    }
  if (!bank_act (self, op, out, &error))
    {
      g_task_return_error (task, error);
      outcome_free (out);
      return;
    }
  if (op->kind == OP_CHARGE && op->fault == MPOS_SIMULATED_FAULT_CRASH_AFTER_CHARGE)
    kill (getpid (), SIGKILL);
  if (!travel (op->latency_ms - op->latency_ms / 2, cancellable)
      || (op->kind == OP_CHARGE && op->fault == MPOS_SIMULATED_FAULT_LOSE_REPLY))
    {
      no_answer (task, op, "the answer never came");
      outcome_free (out);
      return;
    }
  g_task_return_pointer (task, out, (GDestroyNotify)outcome_free);
}

static void
start_op (MposPaymentSimulated *self, OpKind kind, const char *key, MposMoney amount,
          GCancellable *cancellable, GAsyncReadyCallback callback, gpointer data)
{
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, data);
  Op *op = g_new0 (Op, 1);

  op->kind = kind;
  op->key = g_strdup (key);
  op->amount = amount;
  g_mutex_lock (&self->lock);
  op->latency_ms = self->latency_ms;
  op->decline = g_strdup (self->decline);
  op->fault = self->fault;
  g_mutex_unlock (&self->lock);
  g_task_set_name (task, "simulated payment gateway");
  /* The answer or its absence is ours to say: a cancellable only stops the wait. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, op, (GDestroyNotify)op_free);
  g_task_run_in_thread (task, run_op);
}

static gboolean
finish_op (MposPaymentGateway *gateway, GAsyncResult *result, MposChargeOutcome *outcome,
           GError **error)
{
  MposChargeOutcome *out;

  g_return_val_if_fail (g_task_is_valid (result, gateway), FALSE);
  out = g_task_propagate_pointer (G_TASK (result), error);
  if (out == NULL)
    return FALSE;
  *outcome = *out;
  g_free (out);
  return TRUE;
}

static const char *
simulated_get_name (MposPaymentGateway *gateway)
{
  (void)gateway;
  return "simulated";
}

static void
simulated_charge_async (MposPaymentGateway *gateway, const MposChargeRequest *request,
                        GCancellable *cancellable, GAsyncReadyCallback callback, gpointer data)
{
  start_op (MPOS_PAYMENT_SIMULATED (gateway), OP_CHARGE, request->idempotency_key, request->amount,
            cancellable, callback, data);
}

static void
simulated_query_async (MposPaymentGateway *gateway, const char *key, GCancellable *cancellable,
                       GAsyncReadyCallback callback, gpointer data)
{
  start_op (MPOS_PAYMENT_SIMULATED (gateway), OP_QUERY, key, 0, cancellable, callback, data);
}

static void
simulated_refund_async (MposPaymentGateway *gateway, const char *key, GCancellable *cancellable,
                        GAsyncReadyCallback callback, gpointer data)
{
  start_op (MPOS_PAYMENT_SIMULATED (gateway), OP_REFUND, key, 0, cancellable, callback, data);
}

static void
mpos_payment_simulated_gateway_init (MposPaymentGatewayInterface *iface)
{
  iface->get_name = simulated_get_name;
  iface->charge_async = simulated_charge_async;
  iface->charge_finish = finish_op;
  iface->query_async = simulated_query_async;
  iface->query_finish = finish_op;
  iface->refund_async = simulated_refund_async;
  iface->refund_finish = finish_op;
}

/* ---- the object ---------------------------------------------------------- */

static void
mpos_payment_simulated_finalize (GObject *object)
{
  MposPaymentSimulated *self = MPOS_PAYMENT_SIMULATED (object);

  g_free (self->ledger_path);
  g_free (self->decline);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (mpos_payment_simulated_parent_class)->finalize (object);
}

static void
mpos_payment_simulated_class_init (MposPaymentSimulatedClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mpos_payment_simulated_finalize;
}

static void
mpos_payment_simulated_init (MposPaymentSimulated *self)
{
  g_mutex_init (&self->lock);
}

MposPaymentSimulated *
mpos_payment_simulated_new (const char *ledger_path)
{
  MposPaymentSimulated *self = g_object_new (MPOS_TYPE_PAYMENT_SIMULATED, NULL);

  self->ledger_path = g_strdup (ledger_path);
  return self;
}

void
mpos_payment_simulated_set_latency (MposPaymentSimulated *self, guint latency_ms)
{
  g_mutex_lock (&self->lock);
  self->latency_ms = latency_ms;
  g_mutex_unlock (&self->lock);
}

void
mpos_payment_simulated_set_decline (MposPaymentSimulated *self, const char *reason)
{
  g_mutex_lock (&self->lock);
  g_free (self->decline);
  self->decline = g_strdup (reason);
  g_mutex_unlock (&self->lock);
}

void
mpos_payment_simulated_set_fault (MposPaymentSimulated *self, MposSimulatedFault fault)
{
  g_mutex_lock (&self->lock);
  self->fault = fault;
  g_mutex_unlock (&self->lock);
}

gboolean
mpos_payment_simulated_lookup (MposPaymentSimulated *self, const char *key,
                               MposSimulatedCharge *out)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr (GKeyFile) ledger = ledger_load (self);

  if (!g_key_file_has_group (ledger, key))
    return FALSE;
  out->state = ledger_state (ledger, key);
  out->amount = g_key_file_get_int64 (ledger, key, "amount", NULL);
  out->taken = (guint)g_key_file_get_integer (ledger, key, "taken", NULL);
  out->refunds = (guint)g_key_file_get_integer (ledger, key, "refunds", NULL);
  out->charges = (guint)g_key_file_get_integer (ledger, key, "charges", NULL);
  return TRUE;
}

char **
mpos_payment_simulated_keys (MposPaymentSimulated *self)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr (GKeyFile) ledger = ledger_load (self);

  return g_key_file_get_groups (ledger, NULL);
}
