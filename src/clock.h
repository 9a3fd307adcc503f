/* clock.h — the core's one source of "now" (UTC unix seconds). A store's
 * tests and demos can pin it with MALLPOS_NOW (ISO 8601 with offset) so
 * scheduled prices and time-limited promotions are reproducible. */
#pragma once

#include <glib.h>
#include <stdint.h>

G_BEGIN_DECLS

int64_t mpos_clock_now (void);

/* Parses ISO 8601 with a zone ("2026-11-23T10:00:00+08:00", "…Z") to UTC seconds. */
gboolean mpos_clock_parse_iso8601 (const char *text, int64_t *out);

G_END_DECLS
