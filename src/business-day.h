/* business-day.h — the business day a record is numbered in, and what a
 * clock that jumped back does to it.
 *
 * A business day once begun is never returned to. When the clock is set
 * back (10:00 → 03:00 across the 04:00 cut-off, a drifting clock corrected,
 * a wrong date fixed), the next records still go into the latest business
 * day begun, and their receipt numbers continue that day's sequence, so
 * neither ever runs backwards. A record keeps the clock's real reading as
 * its time (created_at): the terminal never invents a time, so times may be
 * out of order across the jump; the journal sequence gives the true order.
 * The jump itself (a reading more than MPOS_CLOCK_JUMP_TOLERANCE before the
 * previous record's) is written to the audit trail once, by the record that
 * found it, and every record made while the clock reads an earlier business
 * day carries a warning for the cashier.
 *
 * Two counters hold the state: 'business_day' (latest day begun, yyyymmdd)
 * and 'clock_last' (the previous numbered record's clock reading). A clock
 * before 2000, after 2099, or before the store was created (setting
 * 'created_at', written by `mallposctl init`) is refused. */
#pragma once

#include <stdint.h>
#include "store.h"

G_BEGIN_DECLS

/* Readings this much before the previous record are normal: a process that
 * read the clock and then waited for the write lock behind another. */
#define MPOS_CLOCK_JUMP_TOLERANCE 120

typedef struct
{
  int64_t now;            /* the clock reading the record keeps */
  char clock_day[16];     /* the business day the clock says ("20261122") */
  char business_day[16];  /* the business day the record goes into */
  int64_t previous_at;    /* the previous numbered record's reading, 0: none */
  gboolean day_held;      /* clock_day is before business_day */
  gboolean jumped_back;   /* now is before previous_at (beyond the tolerance) */
} MposBusinessDay;

/* For a record being numbered, inside its transaction: refuses an absurd
 * clock, decides the business day, moves the counters on and audits a jump
 * back (as `actor`). */
gboolean mpos_business_day_stamp (MposStore *store, int64_t now, const char *actor,
                                  MposBusinessDay *out, GError **error);

/* Read only: what the next record would get at `now` (the window shows the
 * warning before a sale begins). */
gboolean mpos_business_day_peek (MposStore *store, int64_t now, MposBusinessDay *out,
                                 GError **error);

/* The warning for the cashier, or NULL when the clock is in step. */
char *mpos_business_day_warning (MposStore *store, const MposBusinessDay *day);

/* Records the store's creation time (`mallposctl init`) unless one is set. */
gboolean mpos_business_day_note_created (MposStore *store, int64_t now, GError **error);

G_END_DECLS
