/* printer-test-util.h — what the receipt printer tests share: the shipped
 * profiles, golden byte files (hex, regenerated with MPOS_UPDATE_GOLDEN=1),
 * a demo receipt in Chinese, and spinning the main loop until a job is done
 * (with the outcome of a print job). */
#pragma once

#include <gio/gio.h>

#include "printer-profile.h"
#include "receipt-printer.h"
#include "receipt.h"

G_BEGIN_DECLS

/* Points MALLPOS_PRINTER_PROFILES at data/printers; call first in main(). */
void printer_test_init (int *argc, char ***argv);

MposPrinterProfile *printer_test_profile (const char *name);
/* A profile from ini text (group [printer] added). */
MposPrinterProfile *printer_test_profile_from (const char *name, const char *keys);

/* Compares bytes with tests/devices/printer/golden/NAME.hex (fails the test
 * with the first differing offset), or rewrites it when MPOS_UPDATE_GOLDEN=1. */
void printer_test_assert_golden (const char *name, GBytes *bytes);

/* 惠民会员超市(中山路店): six lines (one weighed, adjustments, a ¥ label),
 * member, WeChat Pay with a reference, cash and change. */
MposReceipt *printer_test_demo_receipt (void);

/* Runs the default main context until *done is TRUE (fails after 10 s). */
void printer_test_wait (gboolean *done);

/* How a print job ended: printer_test_print_done fills it in (wait on `done`). */
typedef struct
{
  gboolean done;
  gboolean ok;
  MposPrintJobState state;
  GError *error;
} PrinterTestOutcome;

/* The callback of mpos_receipt_printer_print_async; user_data is a PrinterTestOutcome. */
void printer_test_print_done (GObject *source, GAsyncResult *result, gpointer user_data);

/* Records every "status" a device (printer or drawer) emits into `statuses`
 * (an int array), in order; returns `statuses`. */
GArray *printer_test_record_statuses (gpointer device, GArray *statuses);
/* TRUE when `status` is among the recorded ones. */
gboolean printer_test_has_status (GArray *statuses, MposDeviceStatus status);

/* TRUE when `needle` occurs in `haystack`. */
gboolean printer_test_contains (GBytes *haystack, const void *needle, gsize length);
/* How often `needle` occurs (not overlapping). */
guint printer_test_count (GBytes *haystack, const void *needle, gsize length);

G_END_DECLS
