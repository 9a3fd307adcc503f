/* mpos-window.h — the cashier's window: the pages (sale, payment, …) in a
 * stack, the top bar (store, cashier, online state and unsynced count,
 * printer problems), a notice line for what just happened, the function-key
 * actions, and scanning: every key reaches the window's wedge recogniser
 * first (capture phase), so a scan is a scan whatever has focus. */
#pragma once

#include <gtk/gtk.h>
#include "device.h"
#include "mpos-customer-display.h"
#include "mpos-till.h"

G_BEGIN_DECLS

#define MPOS_TYPE_WINDOW (mpos_window_get_type ())
G_DECLARE_FINAL_TYPE (MposWindow, mpos_window, MPOS, WINDOW, GtkApplicationWindow)

/* Registers the window's templates and stylesheet (once). */
void mpos_window_register_resources (void);

MposWindow *mpos_window_new (GtkApplication *application, MposTill *till);

MposTill *mpos_window_get_till (MposWindow *self);
/* A code from a scanner device (or the wedge): routed as the page in front wants. */
void mpos_window_scan (MposWindow *self, const char *code);
/* The name of the page in front: "sign-in", "sale", "payment", "return". */
const char *mpos_window_get_page (MposWindow *self);
/* The notice line's text (what the last action did or why it was refused). */
const char *mpos_window_get_notice (MposWindow *self);
/* A key as the capture controller sees it, for tests that drive the wedge
 * by timing without an X server's keyboard. */
gboolean mpos_window_key (MposWindow *self, guint keyval, GdkModifierType state, guint32 time_ms);
/* The customer-facing window (客显), or NULL when it stays closed (no second
 * monitor, MALLPOS_CUSTOMER_DISPLAY=off). */
MposCustomerDisplay *mpos_window_get_customer_display (MposWindow *self);
/* Listens to an input device's "data" (scanners, card readers). */
void mpos_window_add_input (MposWindow *self, MposDevice *device);

G_END_DECLS
