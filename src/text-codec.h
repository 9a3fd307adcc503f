/* text-codec.h — how one receipt printer's code page prints a character: the
 * bytes sent and the columns they take on paper. Chinese printers draw every
 * two-byte GBK/GB18030 code from their full-width font, so × π · ° ± ① ※,
 * Greek, Cyrillic and box drawing take two columns there although Unicode
 * calls them "ambiguous" (one column on a terminal). The receipt layout and
 * the ESC/POS encoder both ask this one codec, so they cannot disagree. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MPOS_TEXT_CODEC_MAX_BYTES 4

typedef struct _MposTextCodec MposTextCodec;

/* `encoding` is an iconv name ("GB18030", "GBK", "CP437"); `four_byte` says
 * whether the printer has glyphs for GB18030's four-byte codes (many printers
 * labelled GB18030 carry only the GBK font): without them such a character
 * goes as '?', and ¥ (U+00A5, four bytes in GB18030, none in GBK) as the
 * full-width ￥ (A3 A4). NULL when iconv cannot convert to the encoding. */
MposTextCodec *mpos_text_codec_new (const char *encoding, gboolean four_byte, GError **error);
void mpos_text_codec_free (MposTextCodec *codec);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MposTextCodec, mpos_text_codec_free)

/* The bytes the printer receives for c, into out; returns their number: 0 for
 * zero-width characters (dropped), 1–4 otherwise. Control characters go as a
 * space and what the code page lacks as '?', so nothing can become a command. */
guint mpos_text_codec_encode (MposTextCodec *codec, gunichar c,
                              guint8 out[MPOS_TEXT_CODEC_MAX_BYTES]);

/* Columns c takes on paper: 0 (dropped), 1 (one byte) or 2 (two or four
 * bytes: the printer's full-width font). */
guint mpos_text_codec_char_width (MposTextCodec *codec, gunichar c);

G_END_DECLS
