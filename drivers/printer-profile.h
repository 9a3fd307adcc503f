/* printer-profile.h — what the driver needs to know about one receipt printer
 * model family (paper width, code page, Chinese mode, cut, QR, drawer pins,
 * status support), read from a small data file in data/printers/ so that a
 * new printer is configuration, not code. */
#pragma once

#include <glib.h>

#include "text-codec.h"

G_BEGIN_DECLS

/* How hanzi reach the printer. */
typedef enum
{
  MPOS_CHINESE_MODE_NONE,   /* single-byte code page: leave Chinese mode (FS .), select ESC t n */
  MPOS_CHINESE_MODE_FS_AND, /* two-byte code page that must be switched on with FS & */
  MPOS_CHINESE_MODE_NATIVE, /* the model starts up in its Chinese code page: send nothing */
} MposChineseMode;

typedef enum
{
  MPOS_CUT_NONE,
  MPOS_CUT_PARTIAL,
  MPOS_CUT_FULL,
} MposCut;

typedef struct
{
  char *name;     /* the file's stem: "xprinter-80" */
  char *model;    /* human words: "Xprinter XP-80 series (80 mm)" */
  guint dots;     /* printable width: 576 (80 mm), 512 (TM-T88), 384 (58 mm) */
  guint columns;  /* font A (12 × 24 dots) characters per line: 48, 42, 32 */
  guint columns_font_b; /* font B (9 × 17 dots) characters per line: 64, 56, 42 */
  char *encoding; /* iconv name of the text encoding: "GB18030", "GBK", "CP437" */
  int code_page;  /* ESC t n for single-byte code pages; -1 to send none */
  MposChineseMode chinese_mode;
  gboolean four_byte;   /* has glyphs for GB18030's four-byte codes (else: '?', ¥ as ￥) */
  MposCut cut;
  guint cut_feed_lines;      /* blank lines fed so the last line clears the cutter */
  gboolean qr;               /* has GS ( k model 2 QR; else a raster image is sent */
  gboolean barcode;          /* has GS k CODE128 */
  guint barcode_min_module;  /* narrowest GS w the model accepts (1 or 2) */
  guint raster_band_lines;   /* GS v 0 images go in bands of at most this many lines */
  guint drawer_pins;         /* bit mask: 1 << 2 for pin 2, 1 << 5 for pin 5 */
  guint drawer_on_ms;        /* kick pulse (ESC p t1 × 2 ms) */
  guint drawer_off_ms;       /* pause after it (ESC p t2 × 2 ms) */
  gboolean status;           /* answers DLE EOT n */
  gboolean drawer_status;    /* reports the drawer switch on pin 3 */
  gboolean drawer_open_high; /* pin 3 HIGH means the drawer is open (depends on the drawer) */
  guint write_chunk;         /* bytes per write, so a job can be stopped between chunks */
  guint status_timeout_ms;
  guint write_timeout_ms;
} MposPrinterProfile;

MposPrinterProfile *mpos_printer_profile_ref (MposPrinterProfile *profile);
void mpos_printer_profile_unref (MposPrinterProfile *profile);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MposPrinterProfile, mpos_printer_profile_unref)

/* Parses one profile file's contents; `name` is the file's stem. Errors are
 * MPOS_DEVICE_ERROR_CONFIG naming the profile and the bad key. */
MposPrinterProfile *mpos_printer_profile_new_from_data (const char *name, const char *data,
                                                        gsize length, GError **error);
MposPrinterProfile *mpos_printer_profile_new_from_file (const char *path, GError **error);

/* Finds NAME.ini in $MALLPOS_PRINTER_PROFILES when set, else in the installed
 * datadir/mallpos/printers and the XDG data dirs. Names are [a-z0-9_-]. */
MposPrinterProfile *mpos_printer_profile_load (const char *name, GError **error);

/* The virtual printer's own profile, needing no file: GB18030 in FS & mode,
 * QR, CODE128, status and drawer sense; 576 or 384 dots wide. */
MposPrinterProfile *mpos_printer_profile_new_virtual (guint dots);

/* A copy the caller may change (a backend that cannot answer status). */
MposPrinterProfile *mpos_printer_profile_copy (const MposPrinterProfile *profile);

/* The profile's code page as the layout and the encoder use it. */
MposTextCodec *mpos_printer_profile_new_codec (const MposPrinterProfile *profile);

/* TRUE when the drawer kick can use this pin (2 or 5). */
gboolean mpos_printer_profile_has_drawer_pin (const MposPrinterProfile *profile, guint pin);

G_END_DECLS
