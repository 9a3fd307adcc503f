/* payment-simulated.h — a payment gateway that simulates a bank for tests
 * and the demo: configurable latency, a decline, a lost reply, no answer at
 * all, and a crash of the terminal right after the money was taken. Its
 * "bank" is a small key file (the ledger) that outlives the process, so a
 * crash test can ask it afterwards what was really charged. It keeps the
 * gateway contract (payment-gateway.h): one charge per idempotency key. */
#pragma once

#include "payment-gateway.h"

G_BEGIN_DECLS

#define MPOS_TYPE_PAYMENT_SIMULATED (mpos_payment_simulated_get_type ())
G_DECLARE_FINAL_TYPE (MposPaymentSimulated, mpos_payment_simulated, MPOS, PAYMENT_SIMULATED,
                      GObject)

typedef enum
{
  MPOS_SIMULATED_FAULT_NONE,
  MPOS_SIMULATED_FAULT_OFFLINE,            /* no call gets through: nothing taken, no answer */
  MPOS_SIMULATED_FAULT_LOSE_REPLY,         /* a charge is taken, its answer never comes */
  MPOS_SIMULATED_FAULT_CRASH_AFTER_CHARGE, /* a charge is taken, then this process is killed */
} MposSimulatedFault;

/* The ledger is used by one process at a time (a test, the demo). */
MposPaymentSimulated *mpos_payment_simulated_new (const char *ledger_path);
/* How long each call takes (half before the bank acts, half for the reply). */
void mpos_payment_simulated_set_latency (MposPaymentSimulated *self, guint latency_ms);
/* Every charge is declined with this reason (NULL: approve again). */
void mpos_payment_simulated_set_decline (MposPaymentSimulated *self, const char *reason);
void mpos_payment_simulated_set_fault (MposPaymentSimulated *self, MposSimulatedFault fault);

/* What the bank holds for a key. */
typedef struct
{
  MposChargeState state;
  MposMoney amount;
  guint taken;   /* how many times money was taken under the key (the contract: at most 1) */
  guint refunds; /* how many times it was given back */
  guint charges; /* charge calls received */
} MposSimulatedCharge;

/* FALSE when the bank never heard of the key. */
gboolean mpos_payment_simulated_lookup (MposPaymentSimulated *self, const char *idempotency_key,
                                        MposSimulatedCharge *out);
/* Every key the bank has heard of (free with g_strfreev). */
char **mpos_payment_simulated_keys (MposPaymentSimulated *self);

G_END_DECLS
