/* device-registry.h — how devices.ini's groups are turned into devices:
 * call mpos_device_registry_init once at start-up, before loading the
 * configuration (device-config.h). What each backend takes is documented
 * with its category: scanner.h, card-reader.h, receipt-printer.h. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Registers the factories of every category and backend with devices.ini.
 * Calling it again changes nothing. */
void mpos_device_registry_init (void);

G_END_DECLS
