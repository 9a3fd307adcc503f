/* mpos-customer-display.h — the customer-facing second window (客显): the
 * lines as they are rung up, the total, what is paid and still due, the
 * change after a cash sale and the member's points, large, for the shopper
 * across the counter. It opens full screen on a second monitor and stays
 * closed without one; MALLPOS_CUSTOMER_DISPLAY forces it: "off", or a
 * monitor's number (0 is the first, as gdk_display_get_monitors lists
 * them) to open it there even on the cashier's own monitor (a test under
 * Xvfb, a technician's check). It follows the till's "changed". */
#pragma once

#include <gtk/gtk.h>
#include "mpos-till.h"

G_BEGIN_DECLS

#define MPOS_CUSTOMER_DISPLAY_ENV "MALLPOS_CUSTOMER_DISPLAY"

#define MPOS_TYPE_CUSTOMER_DISPLAY (mpos_customer_display_get_type ())
G_DECLARE_FINAL_TYPE (MposCustomerDisplay, mpos_customer_display, MPOS, CUSTOMER_DISPLAY, GtkWindow)

/* The monitor it belongs on, or NULL (stay closed): the setting when one is
 * given, else the second monitor when there is one. `setting` is the
 * environment's value (may be NULL); *why gets a line for the log when a
 * setting names no monitor here. */
GdkMonitor *mpos_customer_display_pick_monitor (GdkDisplay *display, const char *setting,
                                                char **why);

/* Opens it on `monitor`, following `till`. */
MposCustomerDisplay *mpos_customer_display_open (GtkApplication *application, MposTill *till,
                                                 GdkMonitor *monitor);

/* After a sale: the total, what was paid and the change, until the next
 * sale starts ringing. */
void mpos_customer_display_show_change (MposCustomerDisplay *self, MposMoney total, MposMoney paid,
                                        MposMoney change);

/* How many times it read the member's points from the store (for tests). */
guint mpos_customer_display_get_member_reads (MposCustomerDisplay *self);

G_END_DECLS
