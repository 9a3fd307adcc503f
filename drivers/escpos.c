/* escpos.c — ESC/POS bytes for one printer profile, and the receipt job.
 * The receipt body is laid out once by the core (mpos_receipt_render_text);
 * this file adds what only a printer has: the bold double-size store name,
 * the receipt number as CODE128, the QR, the logo, the cut and the kick. */
#include "escpos.h"

#include "code128.h"
#include "device.h"
#include "text-width.h"

#include <cairo.h>
#include <qrencode.h>
#include <string.h>

#define ESC 0x1b
#define GS 0x1d
#define FS 0x1c
#define LF 0x0a

#define BARCODE_HEIGHT 80 /* dots: 10 mm */
#define BARCODE_MAX_MODULE 3
#define QR_MAX_BYTES 1000
#define QR_QUIET 2 /* modules of quiet zone around a raster QR */

struct _MposEscpos
{
  MposPrinterProfile *profile;
  MposTextCodec *codec; /* the profile's code page: bytes and columns of each character */
  GByteArray *out;
};

/* ---- images ----------------------------------------------------------------- */

MposImage *
mpos_image_new (guint width, guint height)
{
  MposImage *image = g_new0 (MposImage, 1);

  image->width = width;
  image->height = height;
  image->stride = (width + 7) / 8;
  image->bits = g_malloc0 ((gsize)image->stride * height + 1);
  return image;
}

void
mpos_image_free (MposImage *image)
{
  if (image == NULL)
    return;
  g_free (image->bits);
  g_free (image);
}

void
mpos_image_set (MposImage *image, guint x, guint y)
{
  if (x < image->width && y < image->height)
    image->bits[(gsize)y * image->stride + x / 8] |= (guint8)(0x80u >> (x % 8));
}

gboolean
mpos_image_get (const MposImage *image, guint x, guint y)
{
  if (x >= image->width || y >= image->height)
    return FALSE;
  return (image->bits[(gsize)y * image->stride + x / 8] & (0x80u >> (x % 8))) != 0;
}

/* Dark and opaque enough to be ink (ARGB32, premultiplied). */
static gboolean
is_ink (guint32 pixel)
{
  guint a = pixel >> 24, r = (pixel >> 16) & 0xff, g = (pixel >> 8) & 0xff, b = pixel & 0xff;
  guint luma = (r * 299 + g * 587 + b * 114) / 1000;

  /* premultiplied: compare against half the alpha, so transparency is paper */
  return a > 127 && luma * 2 < a;
}

static MposImage *
image_from_surface (cairo_surface_t *surface, guint max_width)
{
  guint width = (guint)cairo_image_surface_get_width (surface);
  guint height = (guint)cairo_image_surface_get_height (surface);
  guint out_width = MIN (width, max_width);
  guint out_height = width > max_width ? (guint)((guint64)height * max_width / width) : height;
  MposImage *image = mpos_image_new (out_width, MAX (out_height, 1));
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);

  for (guint y = 0; y < image->height; y++)
    for (guint x = 0; x < image->width; x++)
      {
        guint sx = (guint)((guint64)x * width / out_width);
        guint sy = (guint)((guint64)y * height / image->height);
        guint32 pixel;

        memcpy (&pixel, data + (gsize)sy * (gsize)stride + sx * 4, 4);
        if (is_ink (pixel))
          mpos_image_set (image, x, y);
      }
  return image;
}

MposImage *
mpos_image_new_from_png (const char *path, guint max_width, GError **error)
{
  cairo_surface_t *png = cairo_image_surface_create_from_png (path);
  cairo_surface_t *argb;
  MposImage *image = NULL;
  cairo_t *cr;

  if (cairo_surface_status (png) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_CONFIG, "logo “%s”: %s", path,
                   cairo_status_to_string (cairo_surface_status (png)));
      cairo_surface_destroy (png);
      return NULL;
    }
  /* Whatever the PNG's format, read it as ARGB32. */
  argb = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, cairo_image_surface_get_width (png),
                                     cairo_image_surface_get_height (png));
  cr = cairo_create (argb);
  cairo_set_source_surface (cr, png, 0, 0);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_flush (argb);
  image = image_from_surface (argb, MAX (max_width, 8));
  cairo_surface_destroy (argb);
  cairo_surface_destroy (png);
  return image;
}

static QRecLevel
qr_level (MposQrLevel level)
{
  static const QRecLevel levels[] = { QR_ECLEVEL_L, QR_ECLEVEL_M, QR_ECLEVEL_Q, QR_ECLEVEL_H };

  return levels[MIN ((guint)level, 3u)];
}

static gboolean
check_qr_text (const char *text, GError **error)
{
  gsize length = text != NULL ? strlen (text) : 0;

  if (length == 0 || length > QR_MAX_BYTES)
    {
      g_set_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_FAILED,
                   "a receipt QR code holds 1 to %d bytes, not %" G_GSIZE_FORMAT, QR_MAX_BYTES,
                   length);
      return FALSE;
    }
  return TRUE;
}

MposImage *
mpos_image_new_qr (const char *text, MposQrLevel level, guint module, GError **error)
{
  QRcode *qr;
  MposImage *image;
  guint side;

  if (!check_qr_text (text, error))
    return NULL;
  qr = QRcode_encodeString8bit (text, 0, qr_level (level));
  if (qr == NULL)
    {
      g_set_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_FAILED,
                   "cannot make a QR code of %" G_GSIZE_FORMAT " bytes", strlen (text));
      return NULL;
    }
  module = CLAMP (module, 1u, 16u);
  side = ((guint)qr->width + 2 * QR_QUIET) * module;
  image = mpos_image_new (side, side);
  for (guint y = 0; y < side; y++)
    for (guint x = 0; x < side; x++)
      {
        int mx = (int)(x / module) - QR_QUIET, my = (int)(y / module) - QR_QUIET;

        if (mx >= 0 && my >= 0 && mx < qr->width && my < qr->width
            && (qr->data[my * qr->width + mx] & 1))
          mpos_image_set (image, x, y);
      }
  QRcode_free (qr);
  return image;
}

/* ---- the builder -------------------------------------------------------------- */

MposEscpos *
mpos_escpos_new (const MposPrinterProfile *profile)
{
  MposEscpos *escpos = g_new0 (MposEscpos, 1);

  escpos->profile = mpos_printer_profile_ref ((MposPrinterProfile *)profile);
  escpos->codec = mpos_printer_profile_new_codec (profile);
  escpos->out = g_byte_array_new ();
  return escpos;
}

void
mpos_escpos_free (MposEscpos *escpos)
{
  if (escpos == NULL)
    return;
  mpos_printer_profile_unref (escpos->profile);
  mpos_text_codec_free (escpos->codec);
  g_byte_array_unref (escpos->out);
  g_free (escpos);
}

GBytes *
mpos_escpos_free_to_bytes (MposEscpos *escpos)
{
  GBytes *bytes = g_byte_array_free_to_bytes (g_steal_pointer (&escpos->out));

  mpos_printer_profile_unref (escpos->profile);
  mpos_text_codec_free (escpos->codec);
  g_free (escpos);
  return bytes;
}

gsize
mpos_escpos_get_length (const MposEscpos *escpos)
{
  return escpos->out->len;
}

void
mpos_escpos_raw (MposEscpos *escpos, const guint8 *bytes, gsize length)
{
  g_byte_array_append (escpos->out, bytes, (guint)length);
}

static void
put (MposEscpos *escpos, guint n, ...)
{
  va_list args;

  va_start (args, n);
  for (guint i = 0; i < n; i++)
    {
      guint8 byte = (guint8)va_arg (args, int);

      g_byte_array_append (escpos->out, &byte, 1);
    }
  va_end (args);
}

void
mpos_escpos_init (MposEscpos *escpos)
{
  put (escpos, 2, ESC, '@');
  switch (escpos->profile->chinese_mode)
    {
    case MPOS_CHINESE_MODE_FS_AND:
      put (escpos, 2, FS, '&');
      break;
    case MPOS_CHINESE_MODE_NONE:
      put (escpos, 2, FS, '.');
      if (escpos->profile->code_page >= 0)
        put (escpos, 3, ESC, 't', escpos->profile->code_page);
      break;
    case MPOS_CHINESE_MODE_NATIVE:
    default:
      break;
    }
}

void
mpos_escpos_align (MposEscpos *escpos, MposAlign align)
{
  put (escpos, 3, ESC, 'a', MIN ((guint)align, 2u));
}

void
mpos_escpos_bold (MposEscpos *escpos, gboolean bold)
{
  put (escpos, 3, ESC, 'E', bold ? 1 : 0);
}

void
mpos_escpos_size (MposEscpos *escpos, guint width, guint height)
{
  guint w = CLAMP (width, 1u, 8u) - 1, h = CLAMP (height, 1u, 8u) - 1;

  put (escpos, 3, GS, '!', (w << 4) | h);
}

void
mpos_escpos_feed (MposEscpos *escpos, guint lines)
{
  if (lines > 0)
    put (escpos, 3, ESC, 'd', MIN (lines, 255u));
}

/* ---- text ----------------------------------------------------------------------- */

/* Character by character through the codec, the one mapping the layout
 * measured with: control characters become spaces, ¥ becomes ￥ where the
 * code page has no ¥ (or the printer no four-byte font), the rest '?'. */
static void
encode_with (MposTextCodec *codec, GByteArray *out, const char *utf8)
{
  g_autofree char *valid = g_utf8_make_valid (utf8 != NULL ? utf8 : "", -1);

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      guint8 bytes[MPOS_TEXT_CODEC_MAX_BYTES];
      guint n = mpos_text_codec_encode (codec, g_utf8_get_char (p), bytes);

      g_byte_array_append (out, bytes, n);
    }
}

GByteArray *
mpos_escpos_encode_text (const MposPrinterProfile *profile, const char *utf8)
{
  g_autoptr (MposTextCodec) codec = mpos_printer_profile_new_codec (profile);
  GByteArray *out = g_byte_array_new ();

  encode_with (codec, out, utf8);
  return out;
}

void
mpos_escpos_text (MposEscpos *escpos, const char *utf8)
{
  encode_with (escpos->codec, escpos->out, utf8);
}

void
mpos_escpos_wrapped (MposEscpos *escpos, const char *utf8, guint columns)
{
  g_autofree char *valid = g_utf8_make_valid (utf8 != NULL ? utf8 : "", -1);

  for (const char *rest = mpos_text_skip_break (valid); *rest != '\0';)
    {
      gsize n = mpos_text_next_line (escpos->codec, rest, columns);
      g_autofree char *chunk = g_strndup (rest, n);

      mpos_escpos_line (escpos, chunk);
      rest = mpos_text_skip_break (rest + n);
    }
}

guint
mpos_escpos_text_width (MposEscpos *escpos, const char *utf8)
{
  return mpos_text_width_in (escpos->codec, utf8);
}

void
mpos_escpos_line (MposEscpos *escpos, const char *utf8)
{
  mpos_escpos_text (escpos, utf8);
  put (escpos, 1, LF);
}

/* ---- barcode, QR, images ------------------------------------------------------ */

gboolean
mpos_escpos_barcode (MposEscpos *escpos, const char *text, GError **error)
{
  g_autoptr (GByteArray) data = mpos_code128_escpos_data (text);
  g_autoptr (GArray) symbols = g_array_new (FALSE, FALSE, sizeof (guint8));
  g_autoptr (GString) hri = g_string_new (NULL);
  guint modules, module;

  if (data == NULL || !mpos_code128_decode_escpos (data->data, data->len, symbols, hri))
    {
      g_set_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_FAILED,
                   "“%s” cannot be a CODE128 barcode (1 to 80 printable ASCII characters)",
                   text != NULL ? text : "");
      return FALSE;
    }
  modules = mpos_code128_modules (symbols) + 2 * MPOS_ESCPOS_BARCODE_QUIET;
  module = MIN (escpos->profile->dots / modules, (guint)BARCODE_MAX_MODULE);
  if (!escpos->profile->barcode || module < escpos->profile->barcode_min_module)
    {
      g_set_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_FAILED,
                   "barcode “%s” does not fit %u dots on printer profile “%s”", text,
                   escpos->profile->dots, escpos->profile->name);
      return FALSE;
    }
  put (escpos, 3, GS, 'H', 2); /* HRI below */
  put (escpos, 3, GS, 'f', 0); /* HRI in font A */
  put (escpos, 3, GS, 'h', BARCODE_HEIGHT);
  put (escpos, 3, GS, 'w', module);
  put (escpos, 4, GS, 'k', 73, data->len);
  g_byte_array_append (escpos->out, data->data, data->len);
  return TRUE;
}

/* GS ( k: function `fn` of the QR code (cn 49) with its parameters. */
static void
put_qr_function (MposEscpos *escpos, guint8 fn, const guint8 *params, gsize length)
{
  gsize size = length + 2;

  put (escpos, 7, GS, '(', 'k', size & 0xff, size >> 8, 49, fn);
  g_byte_array_append (escpos->out, params, (guint)length);
}

static void
put_native_qr (MposEscpos *escpos, const char *text, guint module, MposQrLevel level)
{
  const guint8 model[] = { 50, 0 };
  const guint8 size[] = { (guint8)CLAMP (module, 1u, 16u) };
  const guint8 correction[] = { (guint8)(48 + MIN ((guint)level, 3u)) };
  const guint8 print[] = { 48 };
  g_autoptr (GByteArray) store = g_byte_array_new ();

  g_byte_array_append (store, print, 1); /* m = 48 */
  g_byte_array_append (store, (const guint8 *)text, (guint)strlen (text));
  put_qr_function (escpos, 65, model, sizeof model);
  put_qr_function (escpos, 67, size, sizeof size);
  put_qr_function (escpos, 69, correction, sizeof correction);
  put_qr_function (escpos, 80, store->data, store->len);
  put_qr_function (escpos, 81, print, sizeof print);
}

gboolean
mpos_escpos_qr (MposEscpos *escpos, const char *text, guint module, MposQrLevel level,
                GError **error)
{
  g_autoptr (MposImage) image = NULL;

  if (escpos->profile->qr)
    {
      if (!check_qr_text (text, error))
        return FALSE;
      put_native_qr (escpos, text, module, level);
      return TRUE;
    }
  image = mpos_image_new_qr (text, level, module, error);
  if (image == NULL)
    return FALSE;
  mpos_escpos_image (escpos, image);
  return TRUE;
}

void
mpos_escpos_image (MposEscpos *escpos, const MposImage *image)
{
  guint band = MAX (escpos->profile->raster_band_lines, 1u);
  guint stride = MIN (image->stride, escpos->profile->dots / 8);

  /* Old printers buffer 24 lines, so a tall image goes as several GS v 0. */
  for (guint top = 0; top < image->height; top += band)
    {
      guint rows = MIN (band, image->height - top);

      put (escpos, 8, GS, 'v', '0', 0, stride & 0xff, stride >> 8, rows & 0xff, rows >> 8);
      for (guint y = top; y < top + rows; y++)
        g_byte_array_append (escpos->out, image->bits + (gsize)y * image->stride, stride);
    }
}

void
mpos_escpos_cut (MposEscpos *escpos)
{
  mpos_escpos_feed (escpos, escpos->profile->cut_feed_lines);
  if (escpos->profile->cut == MPOS_CUT_PARTIAL)
    put (escpos, 3, GS, 'V', 1);
  else if (escpos->profile->cut == MPOS_CUT_FULL)
    put (escpos, 3, GS, 'V', 0);
}

gboolean
mpos_escpos_drawer_kick (MposEscpos *escpos, guint pin, GError **error)
{
  const MposPrinterProfile *profile = escpos->profile;

  if (!mpos_printer_profile_has_drawer_pin (profile, pin))
    {
      g_set_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_CONFIG,
                   "printer profile “%s” has no cash drawer on pin %u", profile->name, pin);
      return FALSE;
    }
  put (escpos, 5, ESC, 'p', pin == 2 ? 0 : 1, CLAMP (profile->drawer_on_ms / 2, 1u, 255u),
       CLAMP (profile->drawer_off_ms / 2, 1u, 255u));
  return TRUE;
}

/* ---- the receipt job ------------------------------------------------------------ */

/* The store name, bold and double height; double width too when it fits on
 * one line that way (on 58 mm paper it usually does not), wrapped if need be. */
static void
put_store_name (MposEscpos *escpos, const char *name)
{
  guint columns = escpos->profile->columns;
  guint width = mpos_escpos_text_width (escpos, name) <= columns / 2 ? 2 : 1;
  guint room = columns / width;

  mpos_escpos_align (escpos, MPOS_ALIGN_CENTRE);
  mpos_escpos_bold (escpos, TRUE);
  mpos_escpos_size (escpos, width, 2);
  mpos_escpos_wrapped (escpos, name, room);
  mpos_escpos_size (escpos, 1, 1);
  mpos_escpos_bold (escpos, FALSE);
  mpos_escpos_align (escpos, MPOS_ALIGN_LEFT);
}

/* The line the customer looks for first is printed bold. */
static gboolean
is_total_line (const MposReceipt *receipt, const char *line)
{
  MposReceiptWord word = receipt->kind == MPOS_RECEIPT_RETURN ? MPOS_WORD_REFUND : MPOS_WORD_TOTAL;
  const char *label = mpos_receipt_word (receipt->language, word);

  return g_str_has_prefix (line, label) && line[strlen (label)] == ' ';
}

static void
put_body (MposEscpos *escpos, const MposReceipt *receipt)
{
  MposReceipt body = *receipt;
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;

  body.store_name = NULL; /* printed above, large */
  text = mpos_receipt_render_text_for (&body, escpos->profile->columns, escpos->codec);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      gboolean bold = is_total_line (receipt, lines[i]);

      if (lines[i + 1] == NULL && lines[i][0] == '\0')
        break; /* the text ends in '\n' */
      if (bold)
        mpos_escpos_bold (escpos, TRUE);
      mpos_escpos_line (escpos, lines[i]);
      if (bold)
        mpos_escpos_bold (escpos, FALSE);
    }
}

guint
mpos_escpos_barcode_module (const MposPrinterProfile *profile, const char *text)
{
  g_autoptr (GByteArray) data = mpos_code128_escpos_data (text);
  g_autoptr (GArray) symbols = g_array_new (FALSE, FALSE, sizeof (guint8));
  g_autoptr (GString) hri = g_string_new (NULL);
  guint module;

  if (!profile->barcode || data == NULL
      || !mpos_code128_decode_escpos (data->data, data->len, symbols, hri))
    return 0;
  module = profile->dots / (mpos_code128_modules (symbols) + 2 * MPOS_ESCPOS_BARCODE_QUIET);
  module = MIN (module, (guint)BARCODE_MAX_MODULE);
  return module >= profile->barcode_min_module ? module : 0;
}

guint
mpos_escpos_qr_module (const MposPrinterProfile *profile)
{
  return profile->dots >= 512 ? 6 : 4;
}

/* The receipt number the returns desk scans: CODE128 (set C for digit runs)
 * when it gets MPOS_ESCPOS_RECEIPT_MIN_MODULE dots a module and its quiet
 * zones on this head, else a QR code with the number printed under it. */
static void
put_receipt_code (MposEscpos *escpos, const char *receipt_no)
{
  g_autoptr (GError) error = NULL;

  mpos_escpos_feed (escpos, 1);
  if (mpos_escpos_barcode_module (escpos->profile, receipt_no) >= MPOS_ESCPOS_RECEIPT_MIN_MODULE)
    {
      if (mpos_escpos_barcode (escpos, receipt_no, &error))
        return;
      g_debug ("receipt %s: %s; printing a QR code instead", receipt_no, error->message);
      g_clear_error (&error);
    }
  if (!mpos_escpos_qr (escpos, receipt_no, mpos_escpos_qr_module (escpos->profile),
                       MPOS_QR_LEVEL_M, &error))
    {
      g_debug ("receipt %s printed without its code: %s", receipt_no, error->message);
      return;
    }
  mpos_escpos_line (escpos, receipt_no);
}

static void
put_link_qr (MposEscpos *escpos, const MposReceipt *receipt, const char *url, MposReceiptWord caption)
{
  g_autoptr (GError) error = NULL;

  if (url == NULL || url[0] == '\0')
    return;
  mpos_escpos_feed (escpos, 1);
  mpos_escpos_line (escpos, mpos_receipt_word (receipt->language, caption));
  if (!mpos_escpos_qr (escpos, url, mpos_escpos_qr_module (escpos->profile), MPOS_QR_LEVEL_M,
                       &error))
    g_debug ("receipt printed without its QR code: %s", error->message);
}

static void
put_codes (MposEscpos *escpos, const MposReceipt *receipt)
{
  mpos_escpos_align (escpos, MPOS_ALIGN_CENTRE);
  if (receipt->receipt_no != NULL)
    put_receipt_code (escpos, receipt->receipt_no);
  put_link_qr (escpos, receipt, receipt->invoice_url, MPOS_WORD_SCAN_FOR_INVOICE);
  put_link_qr (escpos, receipt, receipt->join_url, MPOS_WORD_SCAN_TO_JOIN);
  mpos_escpos_align (escpos, MPOS_ALIGN_LEFT);
}

GBytes *
mpos_escpos_render_receipt_full (const MposReceipt *receipt, const MposPrinterProfile *profile,
                                 const MposEscposExtras *extras)
{
  MposEscpos *escpos;

  g_return_val_if_fail (receipt != NULL && profile != NULL, NULL);

  escpos = mpos_escpos_new (profile);
  mpos_escpos_init (escpos);
  if (extras != NULL && extras->logo != NULL)
    {
      mpos_escpos_align (escpos, MPOS_ALIGN_CENTRE);
      mpos_escpos_image (escpos, extras->logo);
    }
  if (receipt->store_name != NULL)
    put_store_name (escpos, receipt->store_name);
  put_body (escpos, receipt);
  put_codes (escpos, receipt);
  mpos_escpos_cut (escpos);
  /* Once per receipt, and only when cash moved: card, mobile, points and
   * stored value never open the drawer, nor does a reprint. */
  if (extras != NULL && extras->drawer_pin != 0 && receipt->cash_moved && !receipt->reprint)
    mpos_escpos_drawer_kick (escpos, extras->drawer_pin, NULL);
  return mpos_escpos_free_to_bytes (escpos);
}

GBytes *
mpos_escpos_render_receipt (const MposReceipt *receipt, const MposPrinterProfile *profile)
{
  return mpos_escpos_render_receipt_full (receipt, profile, NULL);
}
