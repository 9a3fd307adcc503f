/* receipt-printer.h — MposReceiptPrinter, the receipt printer device: print
 * jobs of ESC/POS bytes with a real-time status check before and after, over
 * a transport (USB, serial, TCP 9100, file) or any other port such as the
 * virtual printer. A job that cannot be printed is HELD with its id so the
 * cashier can reprint it: never silently lost, never printed twice blindly. */
#pragma once

#include "device.h"
#include "printer-profile.h"
#include "printer-status.h"
#include "transport.h"

G_BEGIN_DECLS

/* Where the bytes go. Called from a worker thread, one call at a time; errors
 * are MPOS_DEVICE_ERROR codes with a reason that does not name the device
 * (the printer adds its name). */
typedef struct
{
  gboolean (*open) (gpointer port, guint timeout_ms, GError **error);
  void (*close) (gpointer port);
  gboolean (*write) (gpointer port, const guint8 *data, gsize length, guint timeout_ms,
                     GError **error);
  /* The count read, 0 on timeout, -1 on error. */
  gssize (*read) (gpointer port, guint8 *buffer, gsize length, guint timeout_ms, GError **error);
  void (*free) (gpointer port);
} MposPrinterPortFuncs;

typedef enum
{
  MPOS_PRINT_JOB_PRINTING, /* under way */
  MPOS_PRINT_JOB_DONE,     /* printed, the status afterwards was fine */
  MPOS_PRINT_JOB_HELD,     /* not (completely) printed: reprint when the printer is ready */
  MPOS_PRINT_JOB_UNKNOWN,  /* sent completely, but no status afterwards: check the paper */
} MposPrintJobState;

typedef struct
{
  guint id;
  MposPrintJobState state;
  char *label;  /* "receipt S001-T01-20261123-0007" */
  char *reason; /* why it is held or unknown, for the cashier */
  GBytes *data;
  gsize sent; /* bytes the port took in the last attempt */
} MposPrintJob;

#define MPOS_TYPE_RECEIPT_PRINTER (mpos_receipt_printer_get_type ())
G_DECLARE_FINAL_TYPE (MposReceiptPrinter, mpos_receipt_printer, MPOS, RECEIPT_PRINTER, MposDevice)

/* Takes `port` (freed with funcs->free). `description` says where it is. */
MposReceiptPrinter *mpos_receipt_printer_new (const char *name, MposPrinterProfile *profile,
                                              const MposPrinterPortFuncs *funcs, gpointer port,
                                              const char *description);
/* A printer on a transport, opened and claimed when the device is claimed. */
MposReceiptPrinter *mpos_receipt_printer_new_for_transport (const char *name,
                                                            MposPrinterProfile *profile,
                                                            const MposTransportAddress *address);

MposPrinterProfile *mpos_receipt_printer_get_profile (MposReceiptPrinter *self);
/* The last status read, or NULL before the first. */
const MposPrinterStatus *mpos_receipt_printer_get_status (MposReceiptPrinter *self);

/* Prints `data` (the whole job) in a worker thread and returns its id, or 0
 * when the printer is not enabled (the callback then gets the error). The
 * job is HELD when the printer is not ready before, stops during, or reports
 * paper out / cover open / offline after it; UNKNOWN when it went out whole
 * but no status came back. Status events are emitted on the caller's main
 * context before the callback runs. */
guint mpos_receipt_printer_print_async (MposReceiptPrinter *self, GBytes *data, const char *label,
                                        GCancellable *cancellable, GAsyncReadyCallback callback,
                                        gpointer user_data);
/* TRUE when the job printed. Else *error names the printer, the job and
 * what to do; *state (if given) says HELD or UNKNOWN. */
gboolean mpos_receipt_printer_print_finish (MposReceiptPrinter *self, GAsyncResult *result,
                                            MposPrintJobState *state, GError **error);

/* Sends a held or unknown job again, under the same id: only when asked. */
void mpos_receipt_printer_reprint_async (MposReceiptPrinter *self, guint job_id,
                                         GCancellable *cancellable, GAsyncReadyCallback callback,
                                         gpointer user_data);
gboolean mpos_receipt_printer_reprint_finish (MposReceiptPrinter *self, GAsyncResult *result,
                                              MposPrintJobState *state, GError **error);

/* Jobs still kept (printing, held, unknown), by id; NULL when gone. */
const MposPrintJob *mpos_receipt_printer_get_job (MposReceiptPrinter *self, guint job_id);
/* Their ids in order, as a GArray of guint. */
GArray *mpos_receipt_printer_list_jobs (MposReceiptPrinter *self);
/* The cashier checked the paper: the job printed after all, forget it. */
gboolean mpos_receipt_printer_discard_job (MposReceiptPrinter *self, guint job_id);

/* Reads the status (DLE EOT 1, 2, 4 and 3 on error) and emits what changed. */
void mpos_receipt_printer_query_status_async (MposReceiptPrinter *self, GCancellable *cancellable,
                                              GAsyncReadyCallback callback, gpointer user_data);
gboolean mpos_receipt_printer_query_status_finish (MposReceiptPrinter *self, GAsyncResult *result,
                                                   MposPrinterStatus *status, GError **error);

/* Pulses the cash drawer on pin 2 or 5 (ESC p). Never held: a drawer that did
 * not open must not open later by surprise. Reads the status afterwards when
 * the profile has drawer sense. */
void mpos_receipt_printer_kick_drawer_async (MposReceiptPrinter *self, guint pin,
                                             GCancellable *cancellable,
                                             GAsyncReadyCallback callback, gpointer user_data);
gboolean mpos_receipt_printer_kick_drawer_finish (MposReceiptPrinter *self, GAsyncResult *result,
                                                  GError **error);

/* For the cash drawer: whether the last status says the drawer is open;
 * FALSE when unknown (no status yet or no drawer sense). */
gboolean mpos_receipt_printer_get_drawer_open (MposReceiptPrinter *self, gboolean *known);

/* devices.ini (built by device-registry.c): printers of every backend (usb,
 * serial, tcp with `profile=`; virtual with `output_dir=`, by default
 * mpos_virtual_printer_default_dir ()) and the drawer key `pin=2|5`.
 * Drawers themselves are built with mpos_cash_drawer_new on their printer. */

G_END_DECLS
