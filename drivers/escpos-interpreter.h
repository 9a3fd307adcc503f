/* escpos-interpreter.h — reads ESC/POS bytes the way a thermal printer does
 * and lays them out on paper: text lines (GB18030 in Chinese mode, a code
 * page otherwise) with alignment, bold and size; CODE128 bars, QR codes and
 * raster images as bitmaps; a cut ends a page. The virtual printer draws the
 * pages; status requests and drawer kicks come out as events. Pure and
 * incremental: bytes may arrive in any chunks, garbage is skipped. */
#pragma once

#include <glib.h>

#include "escpos.h"

G_BEGIN_DECLS

#define MPOS_ESCPOS_CELL_WIDTH 12 /* font A: 12 × 24 dots, hanzi 24 × 24 */
#define MPOS_ESCPOS_CELL_HEIGHT 24
#define MPOS_ESCPOS_MAX_PAGE_HEIGHT 30000 /* longer pages are split, as on a roll */

typedef struct
{
  gunichar c;
  guint x;     /* left edge in dots, from the start of the line */
  guint width; /* dots, multiplier included */
  guint8 width_mul;
  guint8 height_mul;
  gboolean bold;
} MposEscposCell;

typedef enum
{
  MPOS_ESCPOS_ITEM_TEXT,  /* one printed line of characters */
  MPOS_ESCPOS_ITEM_IMAGE, /* bars, a QR code or a raster image */
  MPOS_ESCPOS_ITEM_FEED,  /* blank paper */
} MposEscposItemKind;

typedef struct
{
  MposEscposItemKind kind;
  MposAlign align;
  guint height;      /* dots of paper the item takes, line spacing included */
  GArray *cells;     /* TEXT: of MposEscposCell */
  guint width;       /* TEXT: dots the characters take */
  guint text_height; /* TEXT: dots of the tallest character */
  MposImage *image;  /* IMAGE */
  char *caption;     /* IMAGE: "[QR https://…]", "[CODE128 S001-…]"; NULL for a raster */
} MposEscposItem;

typedef struct
{
  guint dots;       /* paper width */
  GPtrArray *items; /* of MposEscposItem* */
  gboolean cut;     /* ended by a cut (else by a flush or the length limit) */
} MposEscposPage;

/* Where an item of `used` dots (or columns) starts on a line of `room`. */
guint mpos_escpos_align_offset (MposAlign align, guint room, guint used);

void mpos_escpos_page_free (MposEscposPage *page);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MposEscposPage, mpos_escpos_page_free)
guint mpos_escpos_page_height (const MposEscposPage *page);
/* The page as UTF-8 text, one line per printed line, laid out on the
 * paper's columns (sizes ignored, alignment kept), each line ending in '\n'. */
char *mpos_escpos_page_to_text (const MposEscposPage *page);

typedef enum
{
  MPOS_ESCPOS_EVENT_STATUS_REQUEST, /* DLE EOT n: the host waits for one status byte */
  MPOS_ESCPOS_EVENT_DRAWER_KICK,    /* ESC p / DLE DC4: a pulse on pin 2 or 5 */
} MposEscposEventKind;

typedef struct
{
  MposEscposEventKind kind;
  guint value; /* the status number n, or the pin */
} MposEscposEvent;

typedef struct _MposEscposInterpreter MposEscposInterpreter;

/* `chinese` is the state after ESC @: TRUE for a model that starts up in
 * GB18030 (or after FS &), FALSE for a single-byte code page. */
MposEscposInterpreter *mpos_escpos_interpreter_new (guint dots, gboolean chinese);
void mpos_escpos_interpreter_free (MposEscposInterpreter *interpreter);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MposEscposInterpreter, mpos_escpos_interpreter_free)

void mpos_escpos_interpreter_feed (MposEscposInterpreter *interpreter, const guint8 *data,
                                   gsize length);
/* The oldest finished page, or NULL. */
MposEscposPage *mpos_escpos_interpreter_pop_page (MposEscposInterpreter *interpreter);
/* Ends the page in progress (no cut came), or NULL when it is blank. */
MposEscposPage *mpos_escpos_interpreter_flush (MposEscposInterpreter *interpreter);
gboolean mpos_escpos_interpreter_pop_event (MposEscposInterpreter *interpreter,
                                            MposEscposEvent *event);

G_END_DECLS
