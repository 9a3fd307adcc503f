/* payment-attempt.h — the store's record of every card or mobile charge
 * (table payment_attempts, data/sql/0025-baseline.sql): written before the gateway is
 * asked and again when it answers, so what a customer may have paid is
 * known even when the terminal dies in between. The asynchronous flows that
 * use it, charging into a cart and reconciling at start, are payment.h. */
#pragma once

#include <cjson/cJSON.h>
#include <glib.h>
#include "money.h"
#include "store.h"
#include "tender.h"

G_BEGIN_DECLS

typedef enum
{
  MPOS_ATTEMPT_REQUESTED, /* written before the gateway was asked */
  MPOS_ATTEMPT_APPROVED,  /* money taken; the sale not stored yet */
  MPOS_ATTEMPT_COMPLETED, /* money taken and the sale stored */
  MPOS_ATTEMPT_DECLINED,  /* refused: nothing taken */
  MPOS_ATTEMPT_UNKNOWN,   /* no answer: ask the gateway by key */
  MPOS_ATTEMPT_REFUNDED,  /* taken and given back */
} MposAttemptState;

const char *mpos_attempt_state_name (MposAttemptState state);

typedef struct
{
  char *idempotency_key; /* "<sale id>/<tender index>" */
  char *sale_id;
  int tender_index;
  char *gateway;
  MposTenderType tender_type;
  MposMoney amount;
  MposAttemptState state;
  char *reference; /* the gateway's, when approved */
  char *detail;    /* declined: why; unknown: what went wrong */
  int64_t owner_pid;
  gboolean owner_alive; /* the process that charged still runs */
  int64_t requested_at;
  int64_t updated_at;
} MposPaymentAttempt;

void mpos_payment_attempt_free (MposPaymentAttempt *attempt);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MposPaymentAttempt, mpos_payment_attempt_free)

/* "<sale id>/<index>" (a new string). */
char *mpos_payment_attempt_key (const char *sale_id, int tender_index);

/* Before asking the gateway: records the attempt as requested by this
 * process (a new one, or one that was declined or unknown, asked again
 * under the same key) and returns it as it was before (NULL: new). An
 * attempt that is approved or completed is returned unchanged: its money is
 * already taken and must not be asked for again. */
gboolean mpos_payment_attempt_request (MposStore *store, const MposPaymentAttempt *request,
                                       int64_t now, MposPaymentAttempt **before, GError **error);

/* The gateway's answer (or its absence: UNKNOWN with what went wrong). */
gboolean mpos_payment_attempt_record (MposStore *store, const char *idempotency_key,
                                      MposAttemptState state, const char *reference,
                                      const char *detail, int64_t now, GError **error);

/* Inside a sale's transaction: its approved attempts become completed. */
gboolean mpos_payment_attempts_complete_sale (MposStore *store, const char *sale_id,
                                              GError **error);

/* Whether the sale `sale_id` is stored. */
gboolean mpos_payment_attempt_sale_stored (MposStore *store, const char *sale_id, gboolean *stored,
                                           GError **error);

/* Open attempts (requested, unknown, approved), oldest first, of
 * MposPaymentAttempt*. `sale_id` NULL: of every sale, else of that one. */
GPtrArray *mpos_payment_attempts_open (MposStore *store, const char *sale_id, GError **error);

/* The unreconciled ones: open, and the process that charged is gone. */
GPtrArray *mpos_payment_attempts_unreconciled (MposStore *store, GError **error);

/* For `mallposctl --json`: the attempt's fields, money as "12.50". */
cJSON *mpos_payment_attempt_to_json (const MposPaymentAttempt *attempt);

G_END_DECLS
