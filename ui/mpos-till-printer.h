/* mpos-till-printer.h — the till's receipt printer as the window uses it:
 * the configured printer (devices.ini), a receipt printed after the sale is
 * committed, off the main loop, and any problem (no printer, paper out,
 * offline) told as what to do, with the job kept for a reprint. A printer
 * problem never undoes or blocks a sale. */
#pragma once

#include <glib-object.h>
#include "device-config.h"
#include "device.h"
#include "receipt-printer.h"
#include "receipt.h"

G_BEGIN_DECLS

#define MPOS_TYPE_TILL_PRINTER (mpos_till_printer_get_type ())
G_DECLARE_FINAL_TYPE (MposTillPrinter, mpos_till_printer, MPOS, TILL_PRINTER, GObject)

/* Opens the first printer of `config` (NULL: none configured; the problem
 * says so). Signals: "problem-changed" (the text of get_problem changed),
 * "printed" (const char *receipt_no). */
MposTillPrinter *mpos_till_printer_new (MposDeviceConfig *config);

/* What is wrong and what to do, or NULL when the printer is fine. */
const char *mpos_till_printer_get_problem (MposTillPrinter *self);
/* The device, or NULL when none could be opened. */
MposReceiptPrinter *mpos_till_printer_get_device (MposTillPrinter *self);

/* Prints a receipt of a committed record. */
void mpos_till_printer_print (MposTillPrinter *self, const MposReceipt *receipt);
/* Sends the jobs that could not be printed again (the cashier fixed the paper). */
void mpos_till_printer_retry (MposTillPrinter *self);
/* Jobs still waiting for a reprint. */
guint mpos_till_printer_get_n_held (MposTillPrinter *self);

/* devices.ini as loaded (NULL when it could not be). */
MposDeviceConfig *mpos_till_printer_get_config (MposTillPrinter *self);
/* Prints the printer's test page (printer-test-page.h); a failure is told
 * as the problem, like a receipt's. FALSE when there is no printer. */
gboolean mpos_till_printer_test_print (MposTillPrinter *self, GError **error);
/* Kicks the drawer devices.ini wires to this printer. Whoever calls it has
 * checked and audited the permission (a no-sale open). */
gboolean mpos_till_printer_open_drawer (MposTillPrinter *self, GError **error);

G_END_DECLS
