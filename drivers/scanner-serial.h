/* scanner-serial.h — serial scanners (RS-232, or USB CDC-ACM at
 * /dev/ttyACMn): the code arrives as bytes ended by CR and/or LF (the
 * scanner's "terminators" property). The port is opened through the serial
 * transport, so it is held exclusively and found again after a replug. */
#pragma once

#include "scanner.h"

G_BEGIN_DECLS

#define MPOS_TYPE_SCANNER_SERIAL (mpos_scanner_serial_get_type ())
G_DECLARE_FINAL_TYPE (MposScannerSerial, mpos_scanner_serial, MPOS, SCANNER_SERIAL, MposScanner)

/* path: /dev/ttyACM0 or better /dev/serial/by-id/…; baud 0: 9600. */
MposScanner *mpos_scanner_serial_new (const char *name, const char *path, guint baud);

G_END_DECLS
