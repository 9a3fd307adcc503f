/* scanner.h — MposScanner, the barcode scanner device: whatever the cable
 * (keyboard wedge, HID POS, serial, virtual), a scan becomes one "data"
 * event with the code and its symbology, after the configured prefix and
 * suffix are stripped and an AIM identifier is parsed off. Input that is
 * not a code becomes an "error" event naming the scanner. */
#pragma once

#include "device.h"

G_BEGIN_DECLS

#define MPOS_TYPE_SCANNER (mpos_scanner_get_type ())
G_DECLARE_DERIVABLE_TYPE (MposScanner, mpos_scanner, MPOS, SCANNER, MposDevice)

/* A backend that can come back after an unplug fills in
 * MposDeviceClass.reconnect and calls mpos_device_lost when its input goes. */
struct _MposScannerClass
{
  MposDeviceClass parent_class;

  gpointer padding[4];
};

/* Properties (all may be set at construction or later):
 *   "prefix", "suffix" — stripped from a scan when present (e.g. a store's
 *                        scanners configured to send "#" … "\t")
 *   "aim"              — parse AIM identifiers off the front (default TRUE)
 *   "terminators"      — bytes that end a scan on byte-stream cables
 *                        (serial, virtual; default "\r\n") */
void mpos_scanner_set_prefix (MposScanner *self, const char *prefix);
void mpos_scanner_set_suffix (MposScanner *self, const char *suffix);
const char *mpos_scanner_get_terminators (MposScanner *self);

/* The longest scan accepted (a large QR code holds ~3 KB). */
#define MPOS_SCANNER_MAX_LENGTH 4096

/* For backends. A complete scan as the scanner sent it (no terminator).
 * `symbology` comes from the cable where it carries one (HID POS), else NULL
 * and an AIM identifier is looked for. Emits "data" or, for garbage, an
 * "error" (MPOS_DEVICE_ERROR_PROTOCOL) naming the scanner
 * (mpos_device_report). */
void mpos_scanner_deliver (MposScanner *self, const char *raw, gsize length, const char *symbology);

/* devices.ini (built by device-registry.c): backends evdev, hidraw, serial
 * and virtual. Options of a
 * [scannerN] group: prefix, suffix, aim (true/false), and for evdev
 * inter_key_timeout_ms, grab (true/false) and keymap (us). A virtual
 * scanner reads its port= Unix socket, or stdin when none is given. */

/* Turns what a scanner typed or sent into the code text: UTF-8 as is, or
 * GB18030 (Chinese QR codes are often GBK) converted; NULL when it is
 * neither or holds control characters other than the GS1/ISO 15434
 * separators (GS, RS, EOT). Exposed for the fuzz targets. */
char *mpos_scanner_clean_text (const char *raw, gsize length);

G_END_DECLS
