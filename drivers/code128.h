/* code128.h — CODE128 as ESC/POS speaks it (GS k 73: data that starts with
 * "{A", "{B" or "{C" and switches sets with the same escapes, set C as byte
 * values 0–99): packing a receipt number compactly, and turning such data
 * back into symbols and bars for the virtual printer. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MPOS_CODE128_START_A 103
#define MPOS_CODE128_START_B 104
#define MPOS_CODE128_START_C 105
#define MPOS_CODE128_STOP 106

/* GS k 73 data for printable ASCII text (32–126): set B, with runs of four or
 * more digits in set C. Returns NULL (and no error: the caller names the
 * device) when the text is empty, too long (> 80) or not printable ASCII. */
GByteArray *mpos_code128_escpos_data (const char *text);

/* Symbols (start, data, check, stop) and the human-readable text for GS k 73
 * data. FALSE when the data is not valid CODE128 for a printer. */
gboolean mpos_code128_decode_escpos (const guint8 *data, gsize length, GArray *symbols,
                                     GString *hri);

/* Modules (narrowest bar widths) the symbols take, quiet zones excluded. */
guint mpos_code128_modules (const GArray *symbols);

/* Bar/space widths of one symbol, "211214"; 7 digits for the stop symbol. */
const char *mpos_code128_pattern (guint symbol);

G_END_DECLS
