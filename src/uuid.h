/* uuid.h — globally unique ids made at creation on the terminal: UUIDv7
 * (RFC 9562), time-ordered so ids sort by creation and index well. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MPOS_UUID_STRLEN 36

/* Writes a new lowercase UUIDv7 "0190…-7…-…" into buf (37 bytes) and returns buf. */
char *mpos_uuid_v7 (char buf[MPOS_UUID_STRLEN + 1]);

G_END_DECLS
