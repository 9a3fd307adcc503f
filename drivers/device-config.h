/* device-config.h — which devices this terminal has: devices.ini, one group
 * per logical device (printer0, drawer0, scanner0, …), validated with
 * messages that say which group and key is wrong, parsed into transport
 * addresses; and the table of constructors the drivers register, so a new
 * printer or scanner backend is a factory, not a change here.
 *
 *   [printer0]
 *   category=printer          printer | drawer | scanner | card-reader
 *   backend=usb               usb | serial | tcp | virtual | evdev | hidraw | pcsc | file
 *   vendor_id=0x0416          usb (and hidraw/evdev matched by id)
 *   product_id=0x5011
 *   serial=MPOS0001           optional: the first match without it
 *   detach_kernel_driver=true usb: take the device from usblp
 *   profile=xprinter-xp58     printer profile (a file of data/printers/)
 *
 *   [drawer0]
 *   category=drawer
 *   printer=printer0          the drawer is kicked through this printer
 *
 * Other keys: port=/dev/… (serial, evdev, hidraw; the output file of a
 * virtual device; file: the file that receives a printer's bytes, no status
 * asked), baud=9600, host=… and tcp_port=9100 (tcp), output_dir=…
 * (virtual printers), reply=… (virtual: reply file), reader=… (pcsc), and the
 * driver options listed in device-config.c (prefix, suffix, …). */
#pragma once

#include "device.h"
#include "transport.h"

G_BEGIN_DECLS

typedef enum
{
  MPOS_DEVICE_BACKEND_USB,
  MPOS_DEVICE_BACKEND_SERIAL,
  MPOS_DEVICE_BACKEND_TCP,
  MPOS_DEVICE_BACKEND_VIRTUAL,
  MPOS_DEVICE_BACKEND_EVDEV,
  MPOS_DEVICE_BACKEND_HIDRAW,
  MPOS_DEVICE_BACKEND_PCSC,
  MPOS_DEVICE_BACKEND_FILE, /* a printer whose bytes go to a file: exactly what it would receive */
  MPOS_DEVICE_BACKEND_NONE, /* a drawer: it goes through its printer */
} MposDeviceBackend;

const char *mpos_device_backend_name (MposDeviceBackend backend);
/* "printer", "drawer", "scanner", "card-reader": the words of devices.ini. */
const char *mpos_device_category_key (MposDeviceCategory category);

typedef struct
{
  char *name; /* the group: "printer0" */
  MposDeviceCategory category;
  MposDeviceBackend backend;
  /* usb/serial/tcp: where it is; virtual: kind FILE with the port= file
   * (path NULL when none is given); evdev/hidraw: kind SERIAL with the node
   * in path, or kind USB with the ids. Unused (kind FILE, empty) for pcsc
   * and drawers. */
  MposTransportAddress address;
  gboolean has_address;
  char *profile;    /* printers, may be NULL */
  char *output_dir; /* virtual printers, may be NULL */
  char *printer;    /* drawers: the printer's group */
  GHashTable *keys; /* every key of the group as written (key → value) */
} MposDeviceEntry;

/* The value of any key of the entry (driver options), or NULL. */
const char *mpos_device_entry_get (const MposDeviceEntry *entry, const char *key);
/* A true/false (or 1/0) driver option; *out is fallback when the key is absent. */
gboolean mpos_device_entry_get_boolean (const MposDeviceEntry *entry, const char *key,
                                        gboolean fallback, gboolean *out, GError **error);
/* For drivers checking their options: MPOS_DEVICE_ERROR_CONFIG
 * "[scanner0]: key “value” must be <expected>"; returns FALSE. */
gboolean mpos_device_entry_bad_value (const MposDeviceEntry *entry, GError **error, const char *key,
                                      const char *value, const char *expected);
/* "usb 0416:5011 serial X", "virtual /tmp/out", "via printer0", "pcsc any reader". */
char *mpos_device_entry_describe (const MposDeviceEntry *entry);

typedef struct _MposDeviceConfig MposDeviceConfig;

/* $XDG_CONFIG_HOME/mallpos/devices.ini (or $MALLPOS_DEVICES when set). */
char *mpos_device_config_default_path (void);

/* Loads `path`; with NULL $MALLPOS_DEVICES (which must exist, like a path
 * given), else ~/.config/mallpos/devices.ini or, when that file does not
 * exist, the embedded default (one virtual printer, one virtual scanner).
 * Errors: G_FILE_ERROR (cannot read), G_KEY_FILE_ERROR (not an .ini file),
 * MPOS_DEVICE_ERROR_CONFIG (a wrong group or key, named in the message). */
MposDeviceConfig *mpos_device_config_load (const char *path, GError **error);
MposDeviceConfig *mpos_device_config_load_from_data (const char *data, gssize length,
                                                     const char *source, GError **error);
void mpos_device_config_free (MposDeviceConfig *config);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MposDeviceConfig, mpos_device_config_free)

/* Where it came from: a path, or "(built-in default)". */
const char *mpos_device_config_get_source (MposDeviceConfig *config);
guint mpos_device_config_get_n_entries (MposDeviceConfig *config);
/* In file order. */
const MposDeviceEntry *mpos_device_config_get_entry (MposDeviceConfig *config, guint index);
const MposDeviceEntry *mpos_device_config_lookup (MposDeviceConfig *config, const char *name);

/* Whether the device is connected now (see mpos_transport_probe). Virtual
 * devices are always present; pcsc readers and drawers are UNKNOWN here. */
typedef enum
{
  MPOS_DEVICE_PRESENCE_PRESENT,
  MPOS_DEVICE_PRESENCE_ABSENT,
  MPOS_DEVICE_PRESENCE_UNKNOWN,
} MposDevicePresence;

MposDevicePresence mpos_device_entry_probe (const MposDeviceEntry *entry, guint timeout_ms,
                                            GError **error);

/* ---- factories ------------------------------------------------------------------ */

/* Builds the device for an entry; the config outlives the call only. */
typedef MposDevice *(*MposDeviceFactory) (const MposDeviceEntry *entry, GError **error);

/* Registers the constructor for a category ("printer", …) and backend ("usb",
 * …, or "*" for any backend of that category). The one process-wide table,
 * filled at start-up like GType registration; later registrations replace
 * earlier ones. */
void mpos_device_config_register_factory (const char *category, const char *backend,
                                          MposDeviceFactory factory);
/* Lets a driver accept keys of its own in a category's groups (NULL-ended). */
void mpos_device_config_register_keys (const char *category, const char *const *keys);

/* Calls the registered factory; MPOS_DEVICE_ERROR_CONFIG when there is none. */
MposDevice *mpos_device_config_create_device (const MposDeviceEntry *entry, GError **error);

G_END_DECLS
