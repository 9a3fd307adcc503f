/* scanner-hidpos.h — HID POS scanners (USB HID usage page 0x8C, "Bar Code
 * Scanner") read through /dev/hidrawN: no key map, no timing guesswork, the
 * symbology comes with the data.
 *
 * The scanned-data input report, as Honeywell/Zebra HID POS scanners send it:
 *   byte 0       report id 0x02
 *   byte 1       n: data bytes in this report (0…56)
 *   bytes 2…4    AIM symbology identifier ("]E0"), or 0 0 0
 *   bytes 5…60   data, the first n bytes used
 *   bytes 61…62  vendor code id (ignored)
 *   byte 63      bit 0 set: more reports follow with the rest of this scan
 * A code longer than 56 bytes (a QR code) comes as several reports.
 * Reports shorter than 64 bytes carry no flags byte: their data area is
 * what follows byte 4, at most 56 bytes. Other report ids (status, trigger)
 * are ignored. */
#pragma once

#include "scanner.h"

G_BEGIN_DECLS

#define MPOS_HIDPOS_REPORT_ID 0x02
#define MPOS_HIDPOS_REPORT_SIZE 64
#define MPOS_HIDPOS_DATA_MAX 56

typedef struct
{
  guint8 report_id;
  gsize length;       /* data bytes */
  const guint8 *data; /* points into the report */
  char aim[4];        /* "]E0" or "" */
  gboolean more;      /* continued in the next report */
} MposHidposReport;

/* Parses one input report. FALSE with MPOS_DEVICE_ERROR_PROTOCOL when it is
 * a scanned-data report that contradicts itself (length past the end). */
gboolean mpos_hidpos_parse_report (const guint8 *bytes, gsize size, MposHidposReport *report,
                                   GError **error);

/* Joins the reports of one scan. */
typedef struct _MposHidposAssembler MposHidposAssembler;

typedef struct
{
  void (*scan) (const char *data, gsize length, const char *symbology, gpointer user_data);
  void (*error) (const GError *error, gpointer user_data);
} MposHidposFuncs;

MposHidposAssembler *mpos_hidpos_assembler_new (const MposHidposFuncs *funcs, gpointer user_data);
void mpos_hidpos_assembler_free (MposHidposAssembler *assembler);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MposHidposAssembler, mpos_hidpos_assembler_free)
void mpos_hidpos_assembler_feed (MposHidposAssembler *assembler, const guint8 *bytes, gsize size);

#define MPOS_TYPE_SCANNER_HIDPOS (mpos_scanner_hidpos_get_type ())
G_DECLARE_FINAL_TYPE (MposScannerHidpos, mpos_scanner_hidpos, MPOS, SCANNER_HIDPOS, MposScanner)

/* By path (/dev/hidrawN), or when NULL by USB vendor/product id; with both
 * ids 0, the first hidraw device whose report descriptor uses page 0x8C. */
MposScanner *mpos_scanner_hidpos_new (const char *name, const char *path, guint16 vendor_id,
                                      guint16 product_id);
/* Reads reports from an fd it takes over, one report per read (a hidraw
 * node, or a SOCK_SEQPACKET socket in tests). */
MposScanner *mpos_scanner_hidpos_new_for_fd (const char *name, int fd);

/* The /dev/hidrawN of a HID POS scanner, found under sysfs_root ("/sys"). */
char *mpos_scanner_hidpos_find_node (const char *sysfs_root, guint16 vendor_id, guint16 product_id,
                                     GError **error);

G_END_DECLS
