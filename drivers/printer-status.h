/* printer-status.h — the printer's real-time status (DLE EOT n): which bytes
 * to send, and what the one-byte answers mean (online, cover, paper, drawer
 * switch, errors). Every answer must carry the fixed bits of a status byte;
 * anything else is a PROTOCOL error, never a guess. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  MPOS_PRINTER_STATUS_PRINTER = 1, /* online/offline, drawer pin 3 */
  MPOS_PRINTER_STATUS_OFFLINE = 2, /* why offline: cover, paper end, error */
  MPOS_PRINTER_STATUS_ERROR = 3,   /* which error: cutter, unrecoverable, auto-recoverable */
  MPOS_PRINTER_STATUS_PAPER = 4,   /* roll paper sensor: near end, end */
} MposPrinterStatusKind;

/* What the printer told us; fields a query did not cover keep their value. */
typedef struct
{
  gboolean online;
  gboolean drawer_pin3_high;
  gboolean cover_open;
  gboolean feed_button;      /* paper being fed by the FEED button */
  gboolean paper_stop;       /* printing stopped at paper end */
  gboolean error;            /* an error occurred (see the kinds below) */
  gboolean mechanical_error; /* recoverable: e.g. a jammed head */
  gboolean cutter_error;
  gboolean unrecoverable_error;
  gboolean auto_recoverable_error; /* e.g. head too hot: waits, then prints */
  gboolean paper_near_end;
  gboolean paper_out;
} MposPrinterStatus;

/* The 3 bytes DLE EOT n. */
void mpos_printer_status_request (MposPrinterStatusKind kind, guint8 request[3]);

/* TRUE when `byte` has the fixed bits of a status byte: bit 1 and bit 4 set,
 * bit 7 clear (and bit 0 clear, as ESC/POS fixes it too). */
gboolean mpos_printer_status_byte_is_valid (guint8 byte);

/* Folds the answer to DLE EOT `kind` into *status. MPOS_DEVICE_ERROR_PROTOCOL
 * (status untouched) when the byte is not a status byte or the kind unknown. */
gboolean mpos_printer_status_decode (MposPrinterStatus *status, MposPrinterStatusKind kind,
                                     guint8 byte, GError **error);

/* Whether a job can start (online, cover shut, paper in, no error); when not,
 * a short reason for the cashier: "paper out", "cover open", "offline". */
gboolean mpos_printer_status_is_ready (const MposPrinterStatus *status, const char **reason);

/* "online, paper ok, cover closed" — for logs and mallposctl. */
char *mpos_printer_status_describe (const MposPrinterStatus *status);

G_END_DECLS
