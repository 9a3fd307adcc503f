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

/* A refusal a cashier can meet at the counter, in the words of the
 * program's language when the program asked for that (the window:
 * mpos_refusals_speak), else as written here — so mallposctl, whose
 * output scripts read, keeps the English whatever the terminal's
 * language (docs/design.md, "Refusals in the cashier's language").
 * Domain "mallpos"; xgettext collects R_ (data/po/meson.build). */
#define R_(msgid) mpos_refusal_words (msgid)
const char *mpos_refusal_words (const char *msgid) G_GNUC_FORMAT (1);
/* From now on R_ speaks the process's gettext language. Once, at start. */
void mpos_refusals_speak (void);

G_END_DECLS
