/* cash-drawer.h — MposCashDrawer: the till's drawer, opened by a pulse from
 * its receipt printer (pin 2 or 5) and, where the printer senses pin 3,
 * reporting open/closed as status events of its own. */
#pragma once

#include "receipt-printer.h"

G_BEGIN_DECLS

#define MPOS_TYPE_CASH_DRAWER (mpos_cash_drawer_get_type ())
G_DECLARE_FINAL_TYPE (MposCashDrawer, mpos_cash_drawer, MPOS, CASH_DRAWER, MposDevice)

/* `pin` is 2 or 5 and must be wired in the printer's profile. */
MposCashDrawer *mpos_cash_drawer_new (const char *name, MposReceiptPrinter *printer, guint pin);
MposReceiptPrinter *mpos_cash_drawer_get_printer (MposCashDrawer *self);

/* Kicks the drawer through the printer (both must be enabled). */
void mpos_cash_drawer_open_drawer_async (MposCashDrawer *self, GCancellable *cancellable,
                                         GAsyncReadyCallback callback, gpointer user_data);
gboolean mpos_cash_drawer_open_drawer_finish (MposCashDrawer *self, GAsyncResult *result,
                                              GError **error);

/* Asks the printer for the drawer switch; emits DRAWER_OPEN/CLOSED on change. */
void mpos_cash_drawer_query_async (MposCashDrawer *self, GCancellable *cancellable,
                                   GAsyncReadyCallback callback, gpointer user_data);
/* TRUE on success, with *open and *known (FALSE without drawer sense). */
gboolean mpos_cash_drawer_query_finish (MposCashDrawer *self, GAsyncResult *result, gboolean *open,
                                        gboolean *known, GError **error);

/* From the last status read: open, and whether that is known at all. */
gboolean mpos_cash_drawer_get_opened (MposCashDrawer *self, gboolean *known);

G_END_DECLS
