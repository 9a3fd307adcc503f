/* text-width.h — display width of UTF-8 text on a fixed-pitch receipt or
 * terminal: East Asian wide/fullwidth characters take two columns,
 * combining marks none. Shared by the text renderer and the ESC/POS encoder. */
#pragma once

#include <glib.h>

#include "text-codec.h"

G_BEGIN_DECLS

/* Columns one character takes: 0, 1 or 2. */
guint mpos_text_char_width (gunichar c);

/* Columns the whole (valid UTF-8) string takes. */
guint mpos_text_width (const char *utf8);

/* Longest prefix of utf8 fitting into `columns`; returns its byte length. */
gsize mpos_text_fit (const char *utf8, guint columns);

/* Appends utf8 to out padded with spaces to `columns` (left or right aligned);
 * text wider than columns is cut at a character boundary. */
void mpos_text_append_padded (GString *out, const char *utf8, guint columns, gboolean align_right);

/* The first control character of (valid UTF-8) text — C0, DEL, C1 or a
 * Unicode line/paragraph separator — or NULL. Names, codes and notes hold
 * none: each would break a receipt line or a row of a report. */
const char *mpos_text_find_control (const char *utf8);
/* Names and labels come from the catalogue, the centre or the operator:
 * valid UTF-8 with every control character (newline, tab, ESC) turned into a
 * space, so they can neither break a layout nor reach a printer as a
 * command. Never NULL (NULL in: ""). */
char *mpos_text_clean (const char *text);

/* The same, measured as the printer of `codec` prints (NULL: as above). */
guint mpos_text_width_in (MposTextCodec *codec, const char *utf8);
gsize mpos_text_fit_in (MposTextCodec *codec, const char *utf8, guint columns);
void mpos_text_append_padded_in (MposTextCodec *codec, GString *out, const char *utf8,
                                 guint columns, gboolean align_right);

/* Byte length of the next line's worth of `text` on a line of `columns`: as
 * much as fits, pulled back so that a run of digits and Latin letters (750ml,
 * a model number) is never cut unless the run alone is longer than a line.
 * Never 0 for a non-empty text, so a loop over lines always advances. */
gsize mpos_text_next_line (MposTextCodec *codec, const char *text, guint columns);
/* The rest after a line break: blanks at the break are not carried over. */
const char *mpos_text_skip_break (const char *rest);

G_END_DECLS
