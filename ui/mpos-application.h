/* mpos-application.h — the `mallpos` application: opens the store named by
 * --store (or $MALLPOS_STORE, else the default store), the devices of
 * devices.ini (receipt printer, scanners, card readers; virtual ones when
 * none is configured), and shows the cashier's window. */
#pragma once

#include <gtk/gtk.h>
#include "mpos-window.h"

G_BEGIN_DECLS

#define MPOS_TYPE_APPLICATION (mpos_application_get_type ())
G_DECLARE_FINAL_TYPE (MposApplication, mpos_application, MPOS, APPLICATION, GtkApplication)

MposApplication *mpos_application_new (void);
/* The window once the application is activated, else NULL. */
MposWindow *mpos_application_get_window (MposApplication *self);

G_END_DECLS
