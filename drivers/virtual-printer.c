/* virtual-printer.c — a receipt printer in software: the ESC/POS interpreter
 * turns the job's bytes into pages, each page is written as NNNN.txt and
 * drawn as NNNN.png (cairo + pango, a CJK monospace font on the 12 × 24 dot
 * grid of font A), and DLE EOT is answered from simulated paper, cover and
 * drawer, so the driver's whole path runs without hardware. */
#include "virtual-printer.h"

#include "device.h"
#include "fd-write.h"

#include <cairo.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define MARGIN_TOP 24
#define MARGIN_BOTTOM 32
#define MAX_SURFACE_HEIGHT 32000
#define FONT_FAMILY "WenQuanYi Micro Hei Mono, Noto Sans Mono CJK SC, Monospace"
#define FONT_PIXELS 22

struct _MposVirtualPrinter
{
  GMutex lock;
  char *output_dir;
  MposPrinterProfile *profile;
  MposEscposInterpreter *interpreter;
  GByteArray *replies; /* status bytes waiting to be read */
  MposVirtualPaper paper;
  gboolean cover_open;
  gboolean drawer_open;
  guint drawer_kicks;
  guint last_number;
  guint pages_written;
  char *last_png;
  char *last_txt;
};

/* ---- drawing ------------------------------------------------------------------------ */

/* One character in its cell, scaled by its size, bold as a double strike
 * (what a thermal head does). `bottom` is the line's lowest dot. */
static void
draw_cell (cairo_t *cr, PangoLayout *layout, const MposEscposCell *cell, double x, double bottom)
{
  char utf8[8];
  int length = g_unichar_to_utf8 (cell->c, utf8);
  double base_width = (double)cell->width / cell->width_mul;
  PangoRectangle logical;
  double dx, dy;

  pango_layout_set_text (layout, utf8, length);
  pango_layout_get_pixel_extents (layout, NULL, &logical);
  dx = (base_width - logical.width) / 2.0;
  dy = (MPOS_ESCPOS_CELL_HEIGHT - logical.height) / 2.0;
  cairo_save (cr);
  cairo_translate (cr, x, bottom - (double)MPOS_ESCPOS_CELL_HEIGHT * cell->height_mul);
  cairo_scale (cr, cell->width_mul, cell->height_mul);
  cairo_move_to (cr, dx, dy);
  pango_cairo_show_layout (cr, layout);
  if (cell->bold)
    {
      cairo_move_to (cr, dx + 0.9 / cell->width_mul, dy);
      pango_cairo_show_layout (cr, layout);
    }
  cairo_restore (cr);
}

static void
draw_text (cairo_t *cr, PangoLayout *layout, const MposEscposItem *item, guint dots, guint top)
{
  guint left = mpos_escpos_align_offset (item->align, dots, item->width);

  for (guint i = 0; i < item->cells->len; i++)
    {
      const MposEscposCell *cell = &g_array_index (item->cells, MposEscposCell, i);

      draw_cell (cr, layout, cell, left + cell->x, top + item->text_height);
    }
}

/* Ink straight into the surface's pixels: bars and QR modules stay crisp. */
static void
draw_image (cairo_surface_t *surface, const MposEscposItem *item, guint dots, guint top)
{
  guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint height = (guint)cairo_image_surface_get_height (surface);
  guint left = mpos_escpos_align_offset (item->align, dots, item->image->width);

  for (guint y = 0; y < item->image->height && top + y < height; y++)
    for (guint x = 0; x < item->image->width && left + x < dots; x++)
      if (mpos_image_get (item->image, x, y))
        {
          guint32 black = 0;

          memcpy (data + (gsize)(top + y) * (gsize)stride + (gsize)(left + x) * 4, &black, 4);
        }
}

static PangoLayout *
new_layout (cairo_t *cr)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string (FONT_FAMILY);
  cairo_font_options_t *options = cairo_font_options_create ();

  pango_font_description_set_absolute_size (font, FONT_PIXELS * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  /* Gray antialiasing without hinting: the same pixels on every machine. */
  cairo_font_options_set_antialias (options, CAIRO_ANTIALIAS_GRAY);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (pango_layout_get_context (layout), options);
  pango_layout_context_changed (layout);
  cairo_font_options_destroy (options);
  return layout;
}

/* Text first with cairo, then the bitmaps into the pixels. */
static void
draw_page (cairo_surface_t *surface, const MposEscposPage *page)
{
  cairo_t *cr = cairo_create (surface);
  PangoLayout *layout = new_layout (cr);
  guint top = MARGIN_TOP;

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  for (guint i = 0; i < page->items->len; i++)
    {
      const MposEscposItem *item = g_ptr_array_index (page->items, i);

      if (item->kind == MPOS_ESCPOS_ITEM_TEXT)
        draw_text (cr, layout, item, page->dots, top);
      top += item->height;
    }
  g_object_unref (layout);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  top = MARGIN_TOP;
  for (guint i = 0; i < page->items->len; i++)
    {
      const MposEscposItem *item = g_ptr_array_index (page->items, i);

      if (item->kind == MPOS_ESCPOS_ITEM_IMAGE)
        draw_image (surface, item, page->dots, top);
      top += item->height;
    }
  cairo_surface_mark_dirty (surface);
}

static cairo_status_t
write_png_bytes (void *closure, const unsigned char *data, unsigned int length)
{
  return mpos_fd_write_all (GPOINTER_TO_INT (closure), data, length) ? CAIRO_STATUS_SUCCESS
                                                                       : CAIRO_STATUS_WRITE_ERROR;
}

/* A receipt names the member and what they bought: the file is the
 * cashier's only (0600), and never written through a link someone planted
 * in the folder (cairo's own file API follows one), nor over a file. */
static int
open_receipt_file (const char *path, GError **error)
{
  int fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, MPOS_DEVICE_ERROR,
                   saved == EACCES ? MPOS_DEVICE_ERROR_PERMISSION : MPOS_DEVICE_ERROR_FAILED,
                   "cannot write %s: %s%s", path, g_strerror (saved),
                   saved == EEXIST || saved == ELOOP
                       ? " (something else is in its place: move it away, then print again)"
                       : "");
    }
  return fd;
}

gboolean
mpos_virtual_printer_render_png (const MposEscposPage *page, const char *path, GError **error)
{
  guint height = MIN (mpos_escpos_page_height (page) + MARGIN_TOP + MARGIN_BOTTOM,
                      (guint)MAX_SURFACE_HEIGHT);
  cairo_surface_t *surface;
  cairo_status_t status;
  int fd = open_receipt_file (path, error);

  if (fd < 0)
    return FALSE;
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int)page->dots, (int)height);
  draw_page (surface, page);
  status = cairo_surface_write_to_png_stream (surface, write_png_bytes, GINT_TO_POINTER (fd));
  cairo_surface_destroy (surface);
  if (close (fd) != 0 && status == CAIRO_STATUS_SUCCESS)
    status = CAIRO_STATUS_WRITE_ERROR;
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_FAILED, "cannot write %s: %s", path,
                   cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

/* ---- the output folder --------------------------------------------------------------- */

char *
mpos_virtual_printer_default_dir (void)
{
  const char *dir = g_getenv ("MALLPOS_RECEIPT_DIR");

  if (dir != NULL && dir[0] != '\0')
    return g_strdup (dir);
  return g_build_filename (g_get_user_data_dir (), "mallpos", "receipts", NULL);
}

/* The highest NNNN already in the folder, so runs never overwrite each other. */
static guint
highest_number (const char *dir_path)
{
  g_autoptr (GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;
  guint highest = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      guint64 n;
      g_autofree char *stem = g_strndup (name, 4);

      if (strlen (name) == 8 && (g_str_has_suffix (name, ".txt") || g_str_has_suffix (name, ".png"))
          && g_ascii_string_to_unsigned (stem, 10, 0, 9999, &n, NULL))
        highest = MAX (highest, (guint)n);
    }
  return highest;
}

/* Claims the next free NNNN.txt (O_EXCL: two processes never share one). */
static int
create_next_txt (MposVirtualPrinter *self, char **txt_path, GError **error)
{
  for (guint tries = 0; tries < 10000; tries++)
    {
      g_autofree char *name = g_strdup_printf ("%04u.txt", ++self->last_number);
      g_autofree char *path = g_build_filename (self->output_dir, name, NULL);
      int fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);

      if (fd >= 0)
        {
          *txt_path = g_steal_pointer (&path);
          return fd;
        }
      if (errno != EEXIST)
        {
          int saved = errno;

          g_set_error (error, MPOS_DEVICE_ERROR,
                       saved == EACCES ? MPOS_DEVICE_ERROR_PERMISSION : MPOS_DEVICE_ERROR_FAILED,
                       "cannot write receipts into %s: %s", self->output_dir, g_strerror (saved));
          return -1;
        }
    }
  g_set_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_FAILED, "%s is full (9999 receipts)",
               self->output_dir);
  return -1;
}

static gboolean
write_all (int fd, const char *text, GError **error)
{
  gsize length = strlen (text), done = 0;

  while (done < length)
    {
      ssize_t n = write (fd, text + done, length - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          g_set_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_FAILED, "writing a receipt: %s",
                       g_strerror (errno));
          return FALSE;
        }
      done += (gsize)n;
    }
  return TRUE;
}

static gboolean
save_page (MposVirtualPrinter *self, const MposEscposPage *page, GError **error)
{
  g_autofree char *txt = NULL;
  g_autofree char *png = NULL;
  g_autofree char *text = mpos_escpos_page_to_text (page);
  int fd = create_next_txt (self, &txt, error);
  gboolean ok;

  if (fd < 0)
    return FALSE;
  ok = write_all (fd, text, error);
  close (fd);
  if (!ok)
    return FALSE;
  png = g_strdup (txt);
  memcpy (png + strlen (png) - 3, "png", 3);
  if (!mpos_virtual_printer_render_png (page, png, error))
    return FALSE;
  g_free (self->last_txt);
  self->last_txt = g_steal_pointer (&txt);
  g_free (self->last_png);
  self->last_png = g_steal_pointer (&png);
  self->pages_written++;
  return TRUE;
}

/* ---- the printer ------------------------------------------------------------------------- */

/* What DLE EOT n answers, from the simulated state. */
static guint8
status_byte (MposVirtualPrinter *self, guint n)
{
  gboolean paper_out = self->paper == MPOS_VIRTUAL_PAPER_OUT;
  gboolean offline = paper_out || self->cover_open;
  gboolean pin3_high = self->drawer_open == self->profile->drawer_open_high;
  guint8 byte = 0x12;

  switch (n)
    {
    case 1:
      return byte | (pin3_high ? 0x04 : 0) | (offline ? 0x08 : 0);
    case 2:
      return byte | (self->cover_open ? 0x04 : 0) | (paper_out ? 0x20 : 0);
    case 4:
      return byte | (self->paper == MPOS_VIRTUAL_PAPER_NEAR_END ? 0x0c : 0)
             | (paper_out ? 0x6c : 0);
    default:
      return byte;
    }
}

static void
handle_events (MposVirtualPrinter *self)
{
  MposEscposEvent event;

  while (mpos_escpos_interpreter_pop_event (self->interpreter, &event))
    {
      if (event.kind == MPOS_ESCPOS_EVENT_STATUS_REQUEST)
        {
          guint8 byte = status_byte (self, event.value);

          if (event.value >= 1 && event.value <= 4)
            g_byte_array_append (self->replies, &byte, 1);
        }
      else if (!self->cover_open)
        {
          self->drawer_open = TRUE;
          self->drawer_kicks++;
        }
    }
}

/* Pages are written while there is paper and the cover is shut; an offline
 * printer takes the bytes and prints nothing, as a real one loses them. */
static gboolean
handle_pages (MposVirtualPrinter *self, MposEscposPage *page, GError **error)
{
  gboolean ok = TRUE;

  while (page != NULL)
    {
      if (ok && self->paper != MPOS_VIRTUAL_PAPER_OUT && !self->cover_open)
        ok = save_page (self, page, error);
      mpos_escpos_page_free (page);
      page = mpos_escpos_interpreter_pop_page (self->interpreter);
    }
  return ok;
}

static gboolean
virtual_open (gpointer data, guint timeout_ms, GError **error)
{
  MposVirtualPrinter *self = data;

  if (g_mkdir_with_parents (self->output_dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, MPOS_DEVICE_ERROR,
                   saved == EACCES ? MPOS_DEVICE_ERROR_PERMISSION : MPOS_DEVICE_ERROR_FAILED,
                   "cannot create the receipt folder %s: %s", self->output_dir, g_strerror (saved));
      return FALSE;
    }
  g_mutex_lock (&self->lock);
  self->last_number = highest_number (self->output_dir);
  g_mutex_unlock (&self->lock);
  return TRUE;
}

static void
virtual_close (gpointer data)
{
  MposVirtualPrinter *self = data;
  g_autoptr (GError) error = NULL;

  g_mutex_lock (&self->lock);
  if (!handle_pages (self, mpos_escpos_interpreter_flush (self->interpreter), &error))
    g_warning ("virtual printer: %s", error->message);
  g_mutex_unlock (&self->lock);
}

static gboolean
virtual_write (gpointer data, const guint8 *bytes, gsize length, guint timeout_ms, GError **error)
{
  MposVirtualPrinter *self = data;
  gboolean ok;

  g_mutex_lock (&self->lock);
  mpos_escpos_interpreter_feed (self->interpreter, bytes, length);
  handle_events (self);
  ok = handle_pages (self, mpos_escpos_interpreter_pop_page (self->interpreter), error);
  g_mutex_unlock (&self->lock);
  return ok;
}

static gssize
virtual_read (gpointer data, guint8 *buffer, gsize length, guint timeout_ms, GError **error)
{
  MposVirtualPrinter *self = data;
  gsize n;

  g_mutex_lock (&self->lock);
  n = MIN (length, (gsize)self->replies->len);
  memcpy (buffer, self->replies->data, n);
  g_byte_array_remove_range (self->replies, 0, (guint)n);
  g_mutex_unlock (&self->lock);
  return (gssize)n;
}

static void
virtual_free (gpointer data)
{
  mpos_virtual_printer_unref (data);
}

static const MposPrinterPortFuncs virtual_port_funcs = {
  virtual_open, virtual_close, virtual_write, virtual_read, virtual_free,
};

MposVirtualPrinter *
mpos_virtual_printer_new (const char *output_dir, MposPrinterProfile *profile)
{
  MposVirtualPrinter *self = g_atomic_rc_box_new0 (MposVirtualPrinter);

  g_mutex_init (&self->lock);
  self->output_dir = g_strdup (output_dir);
  self->profile = mpos_printer_profile_ref (profile);
  self->interpreter = mpos_escpos_interpreter_new (profile->dots, profile->chinese_mode
                                                                      == MPOS_CHINESE_MODE_NATIVE);
  self->replies = g_byte_array_new ();
  return self;
}

MposVirtualPrinter *
mpos_virtual_printer_ref (MposVirtualPrinter *self)
{
  return g_atomic_rc_box_acquire (self);
}

static void
virtual_printer_clear (gpointer data)
{
  MposVirtualPrinter *self = data;

  g_free (self->output_dir);
  mpos_printer_profile_unref (self->profile);
  mpos_escpos_interpreter_free (self->interpreter);
  g_byte_array_unref (self->replies);
  g_free (self->last_png);
  g_free (self->last_txt);
  g_mutex_clear (&self->lock);
}

void
mpos_virtual_printer_unref (MposVirtualPrinter *self)
{
  if (self != NULL)
    g_atomic_rc_box_release_full (self, virtual_printer_clear);
}

MposReceiptPrinter *
mpos_virtual_printer_new_device (MposVirtualPrinter *self, const char *name)
{
  g_autofree char *description = g_strdup_printf ("virtual, into %s", self->output_dir);
  MposReceiptPrinter *device = mpos_receipt_printer_new (
      name, self->profile, &virtual_port_funcs, mpos_virtual_printer_ref (self), description);

  /* The device owns its port's reference; this one is only a pointer to it. */
  g_object_set_data (G_OBJECT (device), "mpos-virtual-printer", self);
  return device;
}

MposVirtualPrinter *
mpos_virtual_printer_get_for_device (MposReceiptPrinter *device)
{
  return g_object_get_data (G_OBJECT (device), "mpos-virtual-printer");
}

/* ---- simulated conditions ----------------------------------------------------------------- */

#define LOCKED(self, statement)                                                                    \
  G_STMT_START                                                                                     \
  {                                                                                                \
    g_mutex_lock (&(self)->lock);                                                                  \
    statement;                                                                                     \
    g_mutex_unlock (&(self)->lock);                                                                \
  }                                                                                                \
  G_STMT_END

void
mpos_virtual_printer_set_paper (MposVirtualPrinter *self, MposVirtualPaper paper)
{
  LOCKED (self, self->paper = paper);
}

void
mpos_virtual_printer_set_cover_open (MposVirtualPrinter *self, gboolean open)
{
  LOCKED (self, self->cover_open = open);
}

void
mpos_virtual_printer_set_drawer_open (MposVirtualPrinter *self, gboolean open)
{
  LOCKED (self, self->drawer_open = open);
}

gboolean
mpos_virtual_printer_get_drawer_open (MposVirtualPrinter *self)
{
  gboolean open;

  LOCKED (self, open = self->drawer_open);
  return open;
}

guint
mpos_virtual_printer_get_drawer_kicks (MposVirtualPrinter *self)
{
  guint kicks;

  LOCKED (self, kicks = self->drawer_kicks);
  return kicks;
}

guint
mpos_virtual_printer_get_pages_written (MposVirtualPrinter *self)
{
  guint pages;

  LOCKED (self, pages = self->pages_written);
  return pages;
}

char *
mpos_virtual_printer_dup_last_png (MposVirtualPrinter *self)
{
  char *path;

  LOCKED (self, path = g_strdup (self->last_png));
  return path;
}

char *
mpos_virtual_printer_dup_last_txt (MposVirtualPrinter *self)
{
  char *path;

  LOCKED (self, path = g_strdup (self->last_txt));
  return path;
}
