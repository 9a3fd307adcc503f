/* sync-gzip.h — gzip for sync bodies, both ways (the client compresses what
 * it pushes; the centre inflates it and compresses its answers). Inflating
 * stops at a limit so a small bomb cannot fill memory. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A gzip stream (RFC 1952) of data[0..length). */
GBytes *mpos_sync_gzip (const void *data, gsize length);

/* The inflated bytes, or NULL with a message in *error_message (static text)
 * when data is not one whole gzip stream or inflates past max_length. */
GBytes *mpos_sync_gunzip (const void *data, gsize length, gsize max_length,
                          const char **error_message);

G_END_DECLS
