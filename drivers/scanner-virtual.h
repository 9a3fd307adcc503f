/* scanner-virtual.h — a scanner without hardware for demos, tests and
 * training: one code per line from standard input, from every client of a
 * Unix socket (`echo 6901234567892 | socat - UNIX-CONNECT:PATH`), or from a
 * given fd. The lines go through the same checks as a real scanner's. */
#pragma once

#include "scanner.h"

G_BEGIN_DECLS

#define MPOS_TYPE_SCANNER_VIRTUAL (mpos_scanner_virtual_get_type ())
G_DECLARE_FINAL_TYPE (MposScannerVirtual, mpos_scanner_virtual, MPOS, SCANNER_VIRTUAL, MposScanner)

/* source: "stdin", or "unix:PATH" (listens there while enabled). */
MposScanner *mpos_scanner_virtual_new (const char *name, const char *source);
/* Reads lines from fd, which it takes over (closed with the scanner). */
MposScanner *mpos_scanner_virtual_new_for_fd (const char *name, int fd);

G_END_DECLS
