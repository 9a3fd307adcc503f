/* scanner-wedge.h — keyboard-wedge scanners read through evdev: the
 * scanner's /dev/input/eventN is grabbed exclusively (EVIOCGRAB) so a scan
 * never types into whatever field has the focus, and its key events are
 * assembled into codes with the US key map.
 *
 * The scan rule (MposWedgeAssembler): a scanner types a whole code in a
 * burst, a few milliseconds per key; people type 80 ms or more per key. A
 * burst is a run of character keys each pressed at most `inter_key_ms`
 * (default 30) after the one before, measured on the kernel's event
 * timestamps. A burst is a scan when it ends with Enter or Tab (pressed
 * within the same gap) and holds at least `min_length` (default 4)
 * characters. Anything else — a slower key, a short burst, keys with no
 * terminator — is typing, not a scan: it is dropped (and logged at debug
 * level with its length only). A fast, terminated burst with keys outside the
 * US key map is a scanner set to another keyboard country: an error. With
 * `terminator_required` FALSE (scanners sending no suffix) a burst is also
 * ended by `inter_key_ms` of silence. With `multi_line` (magnetic stripe
 * readers that type Enter after each track) a terminator followed by more
 * keys within `inter_key_ms` does not end the burst: it ends at the first
 * silence after a terminator, its text holding "\n" between the lines.
 *
 * The device half (node lookup, grab, reading, hot-plug) is shared with the
 * card reader that types (card-reader-wedge.c) through
 * scanner-wedge-private.h. */
#pragma once

#include "scanner.h"

#include <linux/input.h>

G_BEGIN_DECLS

/* ---- the assembler (pure; fed from any fd, a file or a fuzzer) ------------- */

typedef struct
{
  guint inter_key_ms;           /* 0: 30 */
  guint min_length;             /* 0: 4 */
  gboolean terminator_required; /* Enter/Tab must end a scan */
  gboolean multi_line;          /* a terminator ends a line, silence the read */
} MposWedgeRules;

typedef enum
{
  MPOS_WEDGE_REJECT_TYPING,        /* slow or short: a person typing */
  MPOS_WEDGE_REJECT_UNMAPPED,      /* fast, but keys outside the US key map */
  MPOS_WEDGE_REJECT_NO_TERMINATOR, /* fast, long, but never ended by Enter/Tab */
  MPOS_WEDGE_REJECT_TOO_LONG,
} MposWedgeReject;

typedef struct
{
  void (*code) (const char *code, gsize length, gpointer user_data);
  void (*reject) (MposWedgeReject reason, gsize keys, gpointer user_data);
} MposWedgeFuncs;

typedef struct _MposWedgeAssembler MposWedgeAssembler;

MposWedgeAssembler *mpos_wedge_assembler_new (const MposWedgeRules *rules,
                                              const MposWedgeFuncs *funcs, gpointer user_data);
void mpos_wedge_assembler_free (MposWedgeAssembler *assembler);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MposWedgeAssembler, mpos_wedge_assembler_free)

void mpos_wedge_assembler_feed (MposWedgeAssembler *assembler, const struct input_event *event);
/* No key came for inter_key_ms (or the input ended): ends a burst in progress. */
void mpos_wedge_assembler_idle (MposWedgeAssembler *assembler);
gboolean mpos_wedge_assembler_busy (MposWedgeAssembler *assembler);

/* ---- the device ------------------------------------------------------------ */

#define MPOS_TYPE_SCANNER_WEDGE (mpos_scanner_wedge_get_type ())
G_DECLARE_FINAL_TYPE (MposScannerWedge, mpos_scanner_wedge, MPOS, SCANNER_WEDGE, MposScanner)

/* By path (/dev/input/by-id/… or eventN), or when path is NULL by USB
 * vendor/product id, looked up in /sys/class/input on open. */
MposScanner *mpos_scanner_wedge_new (const char *name, const char *path, guint16 vendor_id,
                                     guint16 product_id);
/* Reads struct input_event records from an fd it takes over, without grab:
 * recorded streams in tests and demos. */
MposScanner *mpos_scanner_wedge_new_for_fd (const char *name, int fd);
void mpos_scanner_wedge_set_rules (MposScannerWedge *self, const MposWedgeRules *rules);
/* FALSE: read without EVIOCGRAB (to watch a scanner while it still types
 * into the desktop; never in a store). */
void mpos_scanner_wedge_set_grab (MposScannerWedge *self, gboolean grab);

/* The /dev/input/eventN of the keyboard interface of a USB device, found
 * under sysfs_root (normally "/sys"). */
char *mpos_scanner_wedge_find_node (const char *sysfs_root, guint16 vendor_id, guint16 product_id,
                                    GError **error);

G_END_DECLS
