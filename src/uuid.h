/* uuid.h — globally unique ids made at creation on the terminal: UUIDv7
 * (RFC 9562), time-ordered so ids sort by creation and index well. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MPOS_UUID_STRLEN 36

/* Writes a new lowercase UUIDv7 "0190…-7…-…" into buf (37 bytes) and returns buf. */
char *mpos_uuid_v7 (char buf[MPOS_UUID_STRLEN + 1]);

/* Whether text is a UUID's usual spelling: 8-4-4-4-12 hex digits (either
 * case), as a member's uid arrives from the centre. */
gboolean mpos_uuid_valid (const char *text);

G_END_DECLS
