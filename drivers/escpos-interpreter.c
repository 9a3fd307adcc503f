/* escpos-interpreter.c — the ESC/POS subset MallPOS prints (and the common
 * commands around it, skipped by their lengths) read back into pages. Input
 * is buffered until a command is complete, so a job may arrive in any
 * chunks; unknown or broken commands are skipped the way printers do. */
#include "escpos-interpreter.h"

#include "code128.h"
#include "text-width.h"

#include <string.h>

#define ESC 0x1b
#define GS 0x1d
#define FS 0x1c
#define DLE 0x10
#define LF 0x0a
#define DEFAULT_SPACING 30 /* dots: 1/6 inch at 180 dpi, what ESC 2 sets */
#define MAX_QR_STORE 7089
#define INCOMPLETE 0 /* a handler's "wait for more bytes" */

struct _MposEscposInterpreter
{
  guint dots;
  gboolean chinese_default;
  GByteArray *input;
  GQueue pages;
  GArray *events;
  MposEscposPage *page;
  guint page_height;
  /* the line being filled */
  GArray *cells;
  guint line_x;
  /* print modes */
  gboolean chinese;
  int code_page;
  GIConv gb18030;
  GIConv single;
  MposAlign align;
  gboolean bold;
  guint width_mul;
  guint height_mul;
  guint spacing;
  /* barcode and QR settings */
  guint barcode_height;
  guint barcode_module;
  guint hri_position;
  guint qr_module;
  guint qr_level;
  GByteArray *qr_data;
  MposEscposItem *last_raster; /* the image the next GS v 0 band continues, or NULL */
};

/* ---- pages ---------------------------------------------------------------------- */

static void
item_free (gpointer data)
{
  MposEscposItem *item = data;

  if (item->cells != NULL)
    g_array_unref (item->cells);
  mpos_image_free (item->image);
  g_free (item->caption);
  g_free (item);
}

void
mpos_escpos_page_free (MposEscposPage *page)
{
  if (page == NULL)
    return;
  g_ptr_array_unref (page->items);
  g_free (page);
}

guint
mpos_escpos_page_height (const MposEscposPage *page)
{
  guint height = 0;

  for (guint i = 0; i < page->items->len; i++)
    height += ((MposEscposItem *)g_ptr_array_index (page->items, i))->height;
  return height;
}

static MposEscposPage *
page_new (guint dots)
{
  MposEscposPage *page = g_new0 (MposEscposPage, 1);

  page->dots = dots;
  page->items = g_ptr_array_new_with_free_func (item_free);
  return page;
}

guint
mpos_escpos_align_offset (MposAlign align, guint room, guint used)
{
  if (used >= room || align == MPOS_ALIGN_LEFT)
    return 0;
  return align == MPOS_ALIGN_CENTRE ? (room - used) / 2 : room - used;
}

static void
append_text_item (GString *out, const MposEscposItem *item, guint columns)
{
  g_autoptr (GString) line = g_string_new (NULL);
  guint width = 0;

  for (guint i = 0; i < item->cells->len; i++)
    {
      const MposEscposCell *cell = &g_array_index (item->cells, MposEscposCell, i);

      g_string_append_unichar (line, cell->c);
      /* the columns the printer gave it, size multiplier left out */
      width += cell->width / MAX (cell->width_mul, 1) / MPOS_ESCPOS_CELL_WIDTH;
    }
  for (guint i = mpos_escpos_align_offset (item->align, columns, width); i > 0; i--)
    g_string_append_c (out, ' ');
  g_string_append (out, line->str);
}

static void
strip_trailing_blanks (GString *out)
{
  while (out->len > 0 && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);
}

char *
mpos_escpos_page_to_text (const MposEscposPage *page)
{
  GString *out = g_string_new (NULL);
  guint columns = page->dots / MPOS_ESCPOS_CELL_WIDTH;

  for (guint i = 0; i < page->items->len; i++)
    {
      const MposEscposItem *item = g_ptr_array_index (page->items, i);

      if (item->kind == MPOS_ESCPOS_ITEM_FEED)
        continue;
      if (item->kind == MPOS_ESCPOS_ITEM_TEXT)
        append_text_item (out, item, columns);
      else
        {
          g_autofree char *raster
              = item->caption == NULL
                    ? g_strdup_printf ("[image %u×%u]", item->image->width, item->image->height)
                    : NULL;
          const char *caption = raster != NULL ? raster : item->caption;

          for (guint n = mpos_escpos_align_offset (item->align, columns, mpos_text_width (caption));
               n > 0; n--)
            g_string_append_c (out, ' ');
          g_string_append (out, caption);
        }
      strip_trailing_blanks (out);
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

/* ---- the interpreter -------------------------------------------------------------- */

static void
reset_modes (MposEscposInterpreter *in)
{
  in->chinese = in->chinese_default;
  in->code_page = 0;
  in->align = MPOS_ALIGN_LEFT;
  in->bold = FALSE;
  in->width_mul = 1;
  in->height_mul = 1;
  in->spacing = DEFAULT_SPACING;
  in->barcode_height = 162;
  in->barcode_module = 3;
  in->hri_position = 0;
  in->qr_module = 3;
  in->qr_level = 0;
  g_byte_array_set_size (in->qr_data, 0);
}

MposEscposInterpreter *
mpos_escpos_interpreter_new (guint dots, gboolean chinese)
{
  MposEscposInterpreter *in = g_new0 (MposEscposInterpreter, 1);

  in->dots = CLAMP (dots, 96u, 2048u);
  in->chinese_default = chinese;
  in->input = g_byte_array_new ();
  g_queue_init (&in->pages);
  in->events = g_array_new (FALSE, FALSE, sizeof (MposEscposEvent));
  in->cells = g_array_new (FALSE, FALSE, sizeof (MposEscposCell));
  in->qr_data = g_byte_array_new ();
  in->gb18030 = g_iconv_open ("UTF-8", "GB18030");
  in->single = (GIConv)-1;
  in->page = page_new (in->dots);
  reset_modes (in);
  return in;
}

void
mpos_escpos_interpreter_free (MposEscposInterpreter *in)
{
  if (in == NULL)
    return;
  g_byte_array_unref (in->input);
  g_queue_clear_full (&in->pages, (GDestroyNotify)mpos_escpos_page_free);
  g_array_unref (in->events);
  g_array_unref (in->cells);
  g_byte_array_unref (in->qr_data);
  if (in->gb18030 != (GIConv)-1)
    g_iconv_close (in->gb18030);
  if (in->single != (GIConv)-1)
    g_iconv_close (in->single);
  mpos_escpos_page_free (in->page);
  g_free (in);
}

static void
end_page (MposEscposInterpreter *in, gboolean cut)
{
  in->last_raster = NULL;
  in->page->cut = cut;
  g_queue_push_tail (&in->pages, in->page);
  in->page = page_new (in->dots);
  in->page_height = 0;
}

static void
add_item (MposEscposInterpreter *in, MposEscposItem *item)
{
  in->last_raster = NULL;
  if (in->page_height + item->height > MPOS_ESCPOS_MAX_PAGE_HEIGHT && in->page->items->len > 0)
    end_page (in, FALSE);
  g_ptr_array_add (in->page->items, item);
  in->page_height += item->height;
}

static void
add_feed (MposEscposInterpreter *in, guint dots)
{
  MposEscposItem *item;

  if (dots == 0)
    return;
  item = g_new0 (MposEscposItem, 1);
  item->kind = MPOS_ESCPOS_ITEM_FEED;
  item->height = MIN (dots, (guint)MPOS_ESCPOS_MAX_PAGE_HEIGHT);
  add_item (in, item);
}

/* Prints the line buffer (LF, or before a barcode or image); an empty one
 * just feeds a line. */
static void
print_line (MposEscposInterpreter *in)
{
  MposEscposItem *item;
  guint tallest = 0;

  if (in->cells->len == 0)
    {
      add_feed (in, in->spacing);
      return;
    }
  item = g_new0 (MposEscposItem, 1);
  item->kind = MPOS_ESCPOS_ITEM_TEXT;
  item->align = in->align;
  item->cells = in->cells;
  item->width = in->line_x;
  for (guint i = 0; i < in->cells->len; i++)
    tallest = MAX (tallest, g_array_index (in->cells, MposEscposCell, i).height_mul
                                * (guint)MPOS_ESCPOS_CELL_HEIGHT);
  item->text_height = tallest;
  item->height = MAX (tallest + in->spacing - MPOS_ESCPOS_CELL_HEIGHT, tallest);
  in->cells = g_array_new (FALSE, FALSE, sizeof (MposEscposCell));
  in->line_x = 0;
  add_item (in, item);
}

static void
flush_line (MposEscposInterpreter *in)
{
  if (in->cells->len > 0)
    print_line (in);
}

/* A character goes on the line, `cells` columns wide (a printer's width: one
 * for a single byte, two for a two- or four-byte code whatever Unicode says);
 * one that does not fit starts the next line, as printers wrap. */
static void
put_char (MposEscposInterpreter *in, gunichar c, guint cells)
{
  MposEscposCell cell = { c, 0, 0, (guint8)in->width_mul, (guint8)in->height_mul, in->bold };

  if (cells == 0)
    return;
  cell.width = MIN (cells * MPOS_ESCPOS_CELL_WIDTH * in->width_mul, in->dots);
  if (in->line_x + cell.width > in->dots)
    print_line (in);
  cell.x = in->line_x;
  g_array_append_val (in->cells, cell);
  in->line_x += cell.width;
}

static void
add_image (MposEscposInterpreter *in, MposImage *image, char *caption)
{
  MposEscposItem *item = g_new0 (MposEscposItem, 1);

  flush_line (in);
  item->kind = MPOS_ESCPOS_ITEM_IMAGE;
  item->align = in->align;
  item->image = image;
  item->caption = caption;
  item->height = image->height;
  add_item (in, item);
}

static void
push_event (MposEscposInterpreter *in, MposEscposEventKind kind, guint value)
{
  MposEscposEvent event = { kind, value };

  g_array_append_val (in->events, event);
}

/* ---- text ------------------------------------------------------------------------- */

static gunichar
convert_one (GIConv conv, const guint8 *bytes, gsize length)
{
  char out[8] = { 0 };
  gchar *inbuf = (gchar *)bytes;
  gchar *outbuf = out;
  gsize inleft = length, outleft = sizeof out - 1;
  gunichar c;

  if (conv == (GIConv)-1)
    return '?';
  g_iconv (conv, NULL, NULL, NULL, NULL);
  if (g_iconv (conv, &inbuf, &inleft, &outbuf, &outleft) == (gsize)-1 || inleft != 0)
    return '?';
  c = g_utf8_get_char_validated (out, (gssize)(outbuf - out));
  return c == (gunichar)-1 || c == (gunichar)-2 || c < 0x20 ? '?' : c;
}

/* Length of the GB18030 character starting at p: 1, 2 or 4; 0 when more bytes
 * are needed. */
static gsize
gb18030_length (const guint8 *p, gsize avail)
{
  if (p[0] < 0x81 || p[0] == 0xff)
    return 1;
  if (avail < 2)
    return INCOMPLETE;
  if (p[1] >= 0x30 && p[1] <= 0x39)
    return avail < 4 ? INCOMPLETE : 4;
  return 2;
}

static const char *
code_page_name (int n)
{
  switch (n)
    {
    case 0:
      return "CP437";
    case 2:
      return "CP850";
    case 16:
      return "CP1252";
    case 17:
      return "CP866";
    case 19:
      return "CP858";
    default:
      return NULL;
    }
}

static void
select_code_page (MposEscposInterpreter *in, int n)
{
  const char *name = code_page_name (n);

  if (in->single != (GIConv)-1)
    g_iconv_close (in->single);
  in->code_page = n;
  in->single = name != NULL ? g_iconv_open ("UTF-8", name) : (GIConv)-1;
}

static gsize
handle_text (MposEscposInterpreter *in, const guint8 *p, gsize avail)
{
  gsize n;

  if (p[0] < 0x80)
    {
      put_char (in, p[0], 1);
      return 1;
    }
  if (!in->chinese)
    {
      if (in->single == (GIConv)-1 && code_page_name (in->code_page) != NULL)
        select_code_page (in, in->code_page);
      put_char (in, convert_one (in->single, p, 1), 1);
      return 1;
    }
  n = gb18030_length (p, avail);
  if (n != INCOMPLETE)
    put_char (in, n == 1 ? '?' : convert_one (in->gb18030, p, n), n == 1 ? 1 : 2);
  return n;
}

/* ---- ESC ------------------------------------------------------------------------------ */

static void
set_print_mode (MposEscposInterpreter *in, guint8 n)
{
  in->bold = (n & 0x08) != 0;
  in->height_mul = (n & 0x10) ? 2 : 1;
  in->width_mul = (n & 0x20) ? 2 : 1;
}

/* ESC commands taking one parameter byte that MallPOS does not need. */
static gboolean
esc_one_byte_ignored (guint8 c)
{
  return strchr ("-M R{VUTr%=e", c) != NULL && c != '\0';
}

/* ESC * m nL nH: an old bit image, skipped. */
static gsize
skip_bit_image (const guint8 *p, gsize avail)
{
  gsize columns, bytes;

  if (avail < 5)
    return INCOMPLETE;
  columns = p[3] | (gsize)p[4] << 8;
  bytes = (p[2] == 32 || p[2] == 33) ? columns * 3 : columns;
  return avail < 5 + bytes ? INCOMPLETE : 5 + bytes;
}

/* ESC D: tab stops, up to a NUL. */
static gsize
skip_to_nul (const guint8 *p, gsize avail, gsize from)
{
  for (gsize i = from; i < avail; i++)
    if (p[i] == 0)
      return i + 1;
  return INCOMPLETE;
}

static gsize
handle_esc_with_arg (MposEscposInterpreter *in, guint8 c, guint8 n)
{
  switch (c)
    {
    case 'a':
      flush_line (in);
      in->align = (MposAlign)MIN (n % 48u, 2u); /* 0–2 or '0'–'2' */
      break;
    case 'E':
    case 'G':
      in->bold = n & 1;
      break;
    case '!':
      set_print_mode (in, n);
      break;
    case 'd':
      flush_line (in);
      add_feed (in, (guint)n * in->spacing);
      break;
    case 'J':
      flush_line (in);
      add_feed (in, n);
      break;
    case '3':
      in->spacing = n;
      break;
    case 't':
      select_code_page (in, n);
      break;
    default:
      break; /* a one-byte setting we do not draw */
    }
  return 3;
}

static gsize
handle_esc (MposEscposInterpreter *in, const guint8 *p, gsize avail)
{
  if (avail < 2)
    return INCOMPLETE;
  switch (p[1])
    {
    case '@':
      flush_line (in);
      reset_modes (in);
      return 2;
    case '2':
      in->spacing = DEFAULT_SPACING;
      return 2;
    case 'p':
      if (avail < 5)
        return INCOMPLETE;
      push_event (in, MPOS_ESCPOS_EVENT_DRAWER_KICK, (p[2] & 1) ? 5 : 2);
      return 5;
    case '*':
      return skip_bit_image (p, avail);
    case 'D':
      return skip_to_nul (p, avail, 2);
    case '$':
    case '\\':
    case 'c':
      return avail < 4 ? INCOMPLETE : 4;
    case 'i':
    case 'm':
      flush_line (in);
      end_page (in, TRUE);
      return 2;
    default:
      break;
    }
  if (strchr ("aEG!dJ3t", p[1]) != NULL && p[1] != '\0')
    return avail < 3 ? INCOMPLETE : handle_esc_with_arg (in, p[1], p[2]);
  if (esc_one_byte_ignored (p[1]))
    return avail < 3 ? INCOMPLETE : 3;
  return 2; /* unknown: skip ESC and the command byte */
}

/* ---- GS k: barcodes --------------------------------------------------------------- */

static MposImage *
bars_image (MposEscposInterpreter *in, const GArray *symbols)
{
  guint module = CLAMP (in->barcode_module, 1u, 6u);
  guint width = MIN (mpos_code128_modules (symbols) * module, in->dots);
  MposImage *image = mpos_image_new (width, MAX (in->barcode_height, 1u));
  guint x = 0;

  for (guint i = 0; i < symbols->len; i++)
    {
      const char *pattern = mpos_code128_pattern (g_array_index (symbols, guint8, i));

      for (guint e = 0; pattern != NULL && pattern[e] != '\0'; e++)
        {
          guint w = (guint)(pattern[e] - '0') * module;

          if (e % 2 == 0) /* bars on even elements, spaces on odd */
            for (guint dx = x; dx < x + w && dx < width; dx++)
              for (guint y = 0; y < image->height; y++)
                mpos_image_set (image, dx, y);
          x += w;
        }
    }
  return image;
}

/* HRI goes on a text line of its own, above or below the bars (GS H). */
static void
put_hri (MposEscposInterpreter *in, const char *hri)
{
  gboolean bold = in->bold;
  guint w = in->width_mul, h = in->height_mul;

  in->bold = FALSE;
  in->width_mul = in->height_mul = 1;
  for (const char *p = hri; *p != '\0'; p++)
    put_char (in, (guchar)*p, 1);
  print_line (in);
  in->bold = bold;
  in->width_mul = w;
  in->height_mul = h;
}

static void
print_code128 (MposEscposInterpreter *in, const guint8 *data, gsize length)
{
  g_autoptr (GArray) symbols = g_array_new (FALSE, FALSE, sizeof (guint8));
  g_autoptr (GString) hri = g_string_new (NULL);
  MposImage *image;

  if (!mpos_code128_decode_escpos (data, length, symbols, hri))
    return; /* printers print nothing for bad data */
  flush_line (in);
  if (in->hri_position == 1 || in->hri_position == 3)
    put_hri (in, hri->str);
  image = bars_image (in, symbols);
  add_image (in, image, g_strdup_printf ("[CODE128 %s]", hri->str));
  if (in->hri_position == 2 || in->hri_position == 3)
    put_hri (in, hri->str);
}

static gsize
handle_barcode (MposEscposInterpreter *in, const guint8 *p, gsize avail)
{
  gsize n;

  if (avail < 3)
    return INCOMPLETE;
  if (p[2] <= 6) /* function A: data up to a NUL; only CODE128 is drawn */
    return skip_to_nul (p, avail, 3);
  if (avail < 4)
    return INCOMPLETE;
  n = p[3];
  if (avail < 4 + n)
    return INCOMPLETE;
  if (p[2] == 73)
    print_code128 (in, p + 4, n);
  return 4 + n;
}

/* ---- GS ( k: QR code --------------------------------------------------------------- */

static void
print_qr (MposEscposInterpreter *in)
{
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;
  MposImage *image;

  if (in->qr_data->len == 0)
    return;
  text = g_strndup ((const char *)in->qr_data->data, in->qr_data->len);
  if (strlen (text) != in->qr_data->len)
    return; /* a NUL inside: QR mode 8 of libqrencode cannot take it; nor can we show it */
  image = mpos_image_new_qr (text, (MposQrLevel)(in->qr_level % 4), in->qr_module, &error);
  if (image == NULL)
    return;
  {
    g_autofree char *shown = g_utf8_make_valid (text, -1);
    add_image (in, image, g_strdup_printf ("[QR %s]", shown));
  }
}

static void
qr_function (MposEscposInterpreter *in, guint8 fn, const guint8 *params, gsize length)
{
  switch (fn)
    {
    case 67: /* module size */
      if (length >= 1)
        in->qr_module = CLAMP (params[0], 1u, 16u);
      break;
    case 69: /* error correction '0'..'3' */
      if (length >= 1)
        in->qr_level = params[0] >= 48 && params[0] <= 51 ? params[0] - 48u : 0;
      break;
    case 80: /* store: m, data */
      g_byte_array_set_size (in->qr_data, 0);
      if (length > 1)
        g_byte_array_append (in->qr_data, params + 1, (guint)MIN (length - 1, MAX_QR_STORE));
      break;
    case 81: /* print */
      print_qr (in);
      break;
    default:
      break; /* model (65), size report (82): nothing to draw */
    }
}

static gsize
handle_gs_paren (MposEscposInterpreter *in, const guint8 *p, gsize avail)
{
  gsize length;

  if (avail < 5)
    return INCOMPLETE;
  length = p[3] | (gsize)p[4] << 8;
  if (avail < 5 + length)
    return INCOMPLETE;
  if (p[2] == 'k' && length >= 2 && p[5] == 49)
    qr_function (in, p[6], p + 7, length - 2);
  return 5 + length;
}

/* ---- GS v 0: raster image ------------------------------------------------------------ */

static void
add_raster (MposEscposInterpreter *in, const guint8 *data, gsize stride, guint keep, guint rows)
{
  MposImage *image = mpos_image_new (keep * 8, rows);

  for (gsize y = 0; y < rows; y++)
    memcpy (image->bits + y * image->stride, data + y * stride, keep);
  add_image (in, image, NULL);
  in->last_raster = g_ptr_array_index (in->page->items, in->page->items->len - 1);
}

/* The next band of the same picture (images go in bands of 24 or 255 rows). */
static void
append_band (MposEscposInterpreter *in, const guint8 *data, gsize stride, guint rows)
{
  MposEscposItem *item = in->last_raster;
  MposImage *old = item->image;
  MposImage *image = mpos_image_new (old->width, old->height + rows);

  memcpy (image->bits, old->bits, (gsize)old->stride * old->height);
  for (gsize y = 0; y < rows; y++)
    memcpy (image->bits + (old->height + y) * image->stride, data + y * stride, image->stride);
  mpos_image_free (old);
  item->image = image;
  item->height = image->height;
  in->page_height += rows;
}

static gsize
handle_raster (MposEscposInterpreter *in, const guint8 *p, gsize avail)
{
  gsize stride, rows, size;
  guint keep;

  if (avail < 8)
    return INCOMPLETE;
  if (p[2] != '0')
    return 3; /* not GS v 0: skip the command bytes */
  stride = p[4] | (gsize)p[5] << 8;
  rows = p[6] | (gsize)p[7] << 8;
  size = stride * rows;
  if (avail < 8 + size)
    return INCOMPLETE;
  keep = (guint)MIN (stride, (gsize)in->dots / 8);
  if (keep == 0 || rows == 0)
    return 8 + size;
  flush_line (in);
  if (in->last_raster != NULL && in->last_raster->image->width == keep * 8
      && in->page_height + rows <= MPOS_ESCPOS_MAX_PAGE_HEIGHT)
    append_band (in, p + 8, stride, (guint)rows);
  else
    add_raster (in, p + 8, stride, keep, (guint)rows);
  return 8 + size;
}

/* ---- GS, FS, DLE --------------------------------------------------------------------- */

static gsize
handle_cut (MposEscposInterpreter *in, const guint8 *p, gsize avail)
{
  gsize length;

  if (avail < 3)
    return INCOMPLETE;
  length = p[2] >= 65 ? 4 : 3; /* function B, C, D take a feed amount */
  if (avail < length)
    return INCOMPLETE;
  flush_line (in);
  if (length == 4)
    add_feed (in, p[3]);
  end_page (in, TRUE);
  return length;
}

static gsize
handle_gs (MposEscposInterpreter *in, const guint8 *p, gsize avail)
{
  if (avail < 2)
    return INCOMPLETE;
  switch (p[1])
    {
    case 'k':
      return handle_barcode (in, p, avail);
    case '(':
      return handle_gs_paren (in, p, avail);
    case 'v':
      return handle_raster (in, p, avail);
    case 'V':
      return handle_cut (in, p, avail);
    case 'L':
    case 'W':
    case 'P':
    case '$':
    case '\\':
      return avail < 4 ? INCOMPLETE : 4;
    default:
      break;
    }
  if (strchr ("!HhwfBabrI/T", p[1]) == NULL || p[1] == '\0')
    return 2;
  if (avail < 3)
    return INCOMPLETE;
  if (p[1] == '!')
    {
      in->width_mul = ((p[2] >> 4) & 7) + 1u;
      in->height_mul = (p[2] & 7) + 1u;
    }
  else if (p[1] == 'H')
    in->hri_position = p[2] % 48u;
  else if (p[1] == 'h')
    in->barcode_height = MAX (p[2], 1);
  else if (p[1] == 'w')
    in->barcode_module = p[2];
  return 3;
}

static gsize
handle_fs (MposEscposInterpreter *in, const guint8 *p, gsize avail)
{
  if (avail < 2)
    return INCOMPLETE;
  switch (p[1])
    {
    case '&':
      in->chinese = TRUE;
      return 2;
    case '.':
      in->chinese = FALSE;
      return 2;
    case '!':
    case '-':
    case 'W':
    case 'C':
      return avail < 3 ? INCOMPLETE : 3;
    case 'S':
    case 'p':
      return avail < 4 ? INCOMPLETE : 4;
    default:
      return 2;
    }
}

static gsize
handle_dle (MposEscposInterpreter *in, const guint8 *p, gsize avail)
{
  if (avail < 3)
    return INCOMPLETE;
  if (p[1] == 0x04)
    {
      push_event (in, MPOS_ESCPOS_EVENT_STATUS_REQUEST, p[2]);
      return 3;
    }
  if (p[1] == 0x14) /* DLE DC4 fn m t: real-time pulse */
    {
      if (avail < 5)
        return INCOMPLETE;
      if (p[2] == 1)
        push_event (in, MPOS_ESCPOS_EVENT_DRAWER_KICK, (p[3] & 1) ? 5 : 2);
      return 5;
    }
  return p[1] == 0x05 ? 3 : 1; /* DLE ENQ n; a lone DLE is nothing */
}

static gsize
step (MposEscposInterpreter *in, const guint8 *p, gsize avail)
{
  switch (p[0])
    {
    case ESC:
      return handle_esc (in, p, avail);
    case GS:
      return handle_gs (in, p, avail);
    case FS:
      return handle_fs (in, p, avail);
    case DLE:
      return handle_dle (in, p, avail);
    case LF:
      print_line (in);
      return 1;
    case '\t':
      put_char (in, ' ', 1);
      return 1;
    default:
      if (p[0] < 0x20 || p[0] == 0x7f)
        return 1; /* CR and the other controls print nothing */
      return handle_text (in, p, avail);
    }
}

void
mpos_escpos_interpreter_feed (MposEscposInterpreter *in, const guint8 *data, gsize length)
{
  gsize pos = 0;

  g_byte_array_append (in->input, data, (guint)length);
  while (pos < in->input->len)
    {
      gsize used = step (in, in->input->data + pos, in->input->len - pos);

      if (used == INCOMPLETE)
        break;
      pos += used;
    }
  g_byte_array_remove_range (in->input, 0, (guint)pos);
}

MposEscposPage *
mpos_escpos_interpreter_pop_page (MposEscposInterpreter *in)
{
  return g_queue_pop_head (&in->pages);
}

MposEscposPage *
mpos_escpos_interpreter_flush (MposEscposInterpreter *in)
{
  flush_line (in);
  g_byte_array_set_size (in->input, 0); /* a command cut short never completes */
  if (in->page->items->len == 0)
    return NULL;
  end_page (in, FALSE);
  return g_queue_pop_tail (&in->pages);
}

gboolean
mpos_escpos_interpreter_pop_event (MposEscposInterpreter *in, MposEscposEvent *event)
{
  if (in->events->len == 0)
    return FALSE;
  *event = g_array_index (in->events, MposEscposEvent, 0);
  g_array_remove_index (in->events, 0);
  return TRUE;
}
