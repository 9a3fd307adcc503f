/* clock.h — the core's one source of "now" (UTC unix seconds). A store's
 * tests and demos can pin it with MALLPOS_NOW (ISO 8601 with offset) so
 * scheduled prices and time-limited promotions are reproducible — in a
 * training store only (mpos_clock_note_store). A pinned
 * value that does not parse is an error, never a silent fall-back to the
 * real clock; a reading outside 2000–2099 is absurd and refused wherever a
 * record is stamped with it (business-day.h). */
#pragma once

#include <glib.h>
#include <stdint.h>

G_BEGIN_DECLS

#define MPOS_CLOCK_ERROR (mpos_clock_error_quark ())
GQuark mpos_clock_error_quark (void);

typedef enum
{
  MPOS_CLOCK_ERROR_MALFORMED, /* MALLPOS_NOW is not an ISO 8601 time with a zone */
  MPOS_CLOCK_ERROR_ABSURD,    /* before 2000, after 2099, or before the store was created */
} MposClockError;

/* 2000-01-01T00:00:00Z and 2100-01-01T00:00:00Z: a terminal clock outside
 * [EARLIEST, END) has lost its battery or been mistyped. */
#define MPOS_CLOCK_EARLIEST G_GINT64_CONSTANT (946684800)
#define MPOS_CLOCK_END G_GINT64_CONSTANT (4102444800)

/* What mpos_clock_now returns when MALLPOS_NOW does not parse: a time
 * mpos_clock_check refuses, naming MALLPOS_NOW. */
#define MPOS_CLOCK_UNREADABLE G_MININT64

int64_t mpos_clock_now (void);

/* Called by the store (training-mode.c) for each production store it opens
 * and closes: while one is open, MALLPOS_NOW is ignored. With none (a
 * training store, or none yet: nothing is recorded without a store) it
 * counts. */
void mpos_clock_production_store_opened (void);
void mpos_clock_production_store_closed (void);
/* Whether MALLPOS_NOW is set and honoured now. */
gboolean mpos_clock_pinned (void);

/* The clock (pinned or real) into *now; fails when MALLPOS_NOW is set but
 * malformed, or the reading is absurd. For a program's start (mallposctl
 * checks it before any command). */
gboolean mpos_clock_read (int64_t *now, GError **error);

/* FALSE with a message that says what to fix when `now` is unreadable or
 * outside [MPOS_CLOCK_EARLIEST, MPOS_CLOCK_END). */
gboolean mpos_clock_check (int64_t now, GError **error);

/* Parses ISO 8601 with a zone ("2026-11-23T10:00:00+08:00", "…Z") to UTC seconds. */
gboolean mpos_clock_parse_iso8601 (const char *text, int64_t *out);

G_END_DECLS
