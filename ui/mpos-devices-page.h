/* mpos-devices-page.h — the till's devices as devices.ini names them, each
 * with what it is and how it is now (ready, paper out, not opened and why),
 * a test print, and the drawer opened without a sale: a supervisor signs
 * for it unless the store lets cashiers (drawer_open), and it is audited
 * (no_sale_drawer_open) before the drawer is kicked. */
#pragma once

#include <gtk/gtk.h>
#include "device.h"
#include "mpos-till.h"

G_BEGIN_DECLS

#define MPOS_TYPE_DEVICES_PAGE (mpos_devices_page_get_type ())
G_DECLARE_FINAL_TYPE (MposDevicesPage, mpos_devices_page, MPOS, DEVICES_PAGE, GtkBox)

void mpos_devices_page_set_till (MposDevicesPage *self, MposTill *till);
/* An input device the window opened (scanner, card reader), for its status. */
void mpos_devices_page_add_input (MposDevicesPage *self, MposDevice *device);
/* Reads every device's state again and shows it; the approval fields close. */
void mpos_devices_page_refresh (MposDevicesPage *self);

G_END_DECLS
