/* receipt-job.h — a receipt as the print job of one configured printer: the
 * logo rasterised for its head, the drawer devices.ini wires to it kicked
 * when cash moved. Shared by mallposctl and the cashier window so both
 * print the same bytes. */
#pragma once

#include "device-config.h"
#include "receipt-printer.h"
#include "receipt.h"

G_BEGIN_DECLS

/* pin= of a drawer entry: 2 (the usual one) unless it says 5; entry may be NULL. */
gboolean mpos_drawer_entry_pin (const MposDeviceEntry *entry, guint *pin, GError **error);

/* The pin of the drawer devices.ini wires to `printer`; 0 when none is (and
 * *error unset), 0 with *error when the wiring is wrong. */
guint mpos_receipt_job_drawer_pin (MposDeviceConfig *config, MposReceiptPrinter *printer,
                                   GError **error);

/* The whole job; *drawer_pin (may be NULL) gets the pin it kicks, 0 for none.
 * A logo that cannot be read is left out with a warning, never the receipt. */
GBytes *mpos_receipt_job_render (MposDeviceConfig *config, MposReceiptPrinter *printer,
                                 const MposReceipt *receipt, guint *drawer_pin, GError **error);

G_END_DECLS
