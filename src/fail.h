/* fail.h — the one way core code turns a formatted message into a GError and
 * a FALSE return. Each module keeps its own domain and codes; its
 * `…_fail` helper is a thin macro over mpos_fail. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Sets `error` (may be NULL) to domain/code with the formatted message;
 * always returns FALSE so a caller can `return mpos_fail (…);`. */
gboolean mpos_fail (GError **error, GQuark domain, int code, const char *format, ...)
    G_GNUC_PRINTF (4, 5);

G_END_DECLS
