/* escpos.h — the ESC/POS encoder: commands for one printer profile (text in
 * its code page, Chinese mode, sizes, CODE128, QR, raster images in bands,
 * cut, drawer kick) and the rendering of the core's receipt model into the
 * bytes of one print job. Pure: it writes bytes, it never talks to a device. */
#pragma once

#include <glib.h>

#include "printer-profile.h"
#include "receipt-words.h"
#include "receipt.h"
#include "text-width.h"

G_BEGIN_DECLS

typedef enum
{
  MPOS_ALIGN_LEFT,
  MPOS_ALIGN_CENTRE,
  MPOS_ALIGN_RIGHT,
} MposAlign;

typedef enum
{
  MPOS_QR_LEVEL_L,
  MPOS_QR_LEVEL_M,
  MPOS_QR_LEVEL_Q,
  MPOS_QR_LEVEL_H,
} MposQrLevel;

/* A 1-bit image, rows packed MSB first, 1 = black (ink). */
typedef struct
{
  guint width;
  guint height;
  guint stride; /* bytes per row: (width + 7) / 8 */
  guint8 *bits;
} MposImage;

MposImage *mpos_image_new (guint width, guint height);
void mpos_image_free (MposImage *image);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MposImage, mpos_image_free)
void mpos_image_set (MposImage *image, guint x, guint y);
gboolean mpos_image_get (const MposImage *image, guint x, guint y);
/* A logo: a PNG thresholded to black and white, shrunk to max_width dots. */
MposImage *mpos_image_new_from_png (const char *path, guint max_width, GError **error);
/* A QR code as an image (libqrencode), `module` dots per module, with a
 * two-module quiet zone; for printers without GS ( k. */
MposImage *mpos_image_new_qr (const char *text, MposQrLevel level, guint module, GError **error);

/* What a printed receipt has that the core's model does not: the logo as
 * rasterised for this printer, and the drawer wired to it. */
typedef struct
{
  const MposImage *logo; /* printed first, centred; NULL for none */
  guint drawer_pin;      /* 2 or 5: kicked after the cut when the receipt moved cash; 0: no drawer */
} MposEscposExtras;

#define MPOS_ESCPOS_BARCODE_QUIET 10     /* modules of blank each side of a CODE128 */
#define MPOS_ESCPOS_RECEIPT_MIN_MODULE 2 /* dots a module of the receipt barcode needs */

typedef struct _MposEscpos MposEscpos;

MposEscpos *mpos_escpos_new (const MposPrinterProfile *profile);
void mpos_escpos_free (MposEscpos *escpos);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MposEscpos, mpos_escpos_free)
/* The bytes so far; the builder is freed. */
GBytes *mpos_escpos_free_to_bytes (MposEscpos *escpos);
gsize mpos_escpos_get_length (const MposEscpos *escpos);

/* ESC @, then the profile's character mode: FS & (Chinese), nothing (a model
 * that starts up Chinese), or FS . and ESC t n (single-byte code page). */
void mpos_escpos_init (MposEscpos *escpos);
void mpos_escpos_align (MposEscpos *escpos, MposAlign align);
void mpos_escpos_bold (MposEscpos *escpos, gboolean bold);
/* GS ! — character width and height multipliers, 1–8 each. */
void mpos_escpos_size (MposEscpos *escpos, guint width, guint height);
/* UTF-8 text in the profile's code page; what it cannot print becomes '?',
 * control characters become spaces, ¥ becomes ￥ in GBK. */
void mpos_escpos_text (MposEscpos *escpos, const char *utf8);
/* Text, then LF. */
void mpos_escpos_line (MposEscpos *escpos, const char *utf8);
void mpos_escpos_feed (MposEscpos *escpos, guint lines);
/* CODE128 (GS k 73) with the text printed under it, as wide as the paper
 * allows. Fails when the text is not printable ASCII or would not fit. */
gboolean mpos_escpos_barcode (MposEscpos *escpos, const char *text, GError **error);
/* GS ( k model 2 when the profile has QR, else a raster image of the code. */
gboolean mpos_escpos_qr (MposEscpos *escpos, const char *text, guint module, MposQrLevel level,
                         GError **error);
/* GS v 0 in bands of at most the profile's raster-band-lines rows. */
void mpos_escpos_image (MposEscpos *escpos, const MposImage *image);
/* Feeds the profile's cut-feed-lines, then GS V (partial or full) if it cuts. */
void mpos_escpos_cut (MposEscpos *escpos);
/* ESC p m t1 t2: pin 2 is m = 0, pin 5 is m = 1. Fails for a pin the profile
 * does not wire. */
gboolean mpos_escpos_drawer_kick (MposEscpos *escpos, guint pin, GError **error);
void mpos_escpos_raw (MposEscpos *escpos, const guint8 *bytes, gsize length);

/* Text as lines of at most `columns` on this printer, broken as receipts
 * break them (never inside 750ml or a model number that fits a line). */
void mpos_escpos_wrapped (MposEscpos *escpos, const char *utf8, guint columns);
/* Columns the text takes on this printer (a two-byte code is two columns). */
guint mpos_escpos_text_width (MposEscpos *escpos, const char *utf8);
/* Dots per module CODE128 of `text` gets on this profile with its quiet
 * zones (at most 3), or 0 when it does not fit at the profile's minimum. */
guint mpos_escpos_barcode_module (const MposPrinterProfile *profile, const char *text);
/* Dots per module of the receipt's QR codes on this profile. */
guint mpos_escpos_qr_module (const MposPrinterProfile *profile);

/* Converts UTF-8 to the profile's code page (the mapping mpos_escpos_text uses). */
GByteArray *mpos_escpos_encode_text (const MposPrinterProfile *profile, const char *utf8);

/* One whole print job for a receipt: logo, store name in bold double size,
 * the body as mpos_receipt_render_text_for lays it out at the profile's
 * columns and code page, the receipt number as CODE128 (or a QR code where a
 * CODE128 would be too thin), the e-invoice and membership QR codes, the cut,
 * and the drawer kick when cash moved and a drawer is wired. */
GBytes *mpos_escpos_render_receipt (const MposReceipt *receipt, const MposPrinterProfile *profile);
GBytes *mpos_escpos_render_receipt_full (const MposReceipt *receipt,
                                         const MposPrinterProfile *profile,
                                         const MposEscposExtras *extras);

G_END_DECLS
