/* printer-test-page.h — the page a technician prints to check a receipt
 * printer: sizes, hanzi, ¥, a ruler of its columns, CODE128, QR and the
 * cut, as ESC/POS bytes for its profile. `mallposctl test-print` and the
 * window's devices screen print the same page. */
#pragma once

#include <glib.h>
#include "printer-profile.h"

G_BEGIN_DECLS

GBytes *mpos_printer_test_page (MposPrinterProfile *profile);

G_END_DECLS
