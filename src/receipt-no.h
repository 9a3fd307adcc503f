/* receipt-no.h — the one way a record gets its receipt number:
 * "<store>-<terminal>-<business day>-<prefix><seq>", counted per kind of
 * record and business day, so sales, top-ups (C) and exchanges (E) never
 * share a number. */
#pragma once

#include "business-day.h"
#include "store-private.h"

G_BEGIN_DECLS

/* Takes the next number of `counter` ("receipt", "top_up", "exchange") for
 * the business day of `now` (business-day.h: never earlier than the latest
 * day begun) and writes the receipt number, with `prefix`
 * ("" for sales) before the sequence, into receipt_no[size]. day_out (may
 * be NULL) gets the business day. Call inside the record's transaction. */
gboolean mpos_receipt_no_next (MposStore *store, int64_t now, const char *counter,
                               const char *prefix, char *receipt_no, gsize size, char **day_out,
                               GError **error);

/* The same, handing back the whole business-day decision (the day, and
 * whether the clock is behind it) for the cashier's warning. */
gboolean mpos_receipt_no_stamp (MposStore *store, int64_t now, const char *counter,
                                const char *prefix, char *receipt_no, gsize size,
                                MposBusinessDay *day, GError **error);

G_END_DECLS
