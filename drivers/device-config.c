/* device-config.c — devices.ini: parsing, validation with messages that name
 * the file, group and key, the embedded default (a virtual printer and a
 * virtual scanner, so a fresh terminal prints and scans without hardware),
 * the presence probe behind `mallposctl devices`, and the factory table the
 * drivers register their constructors in. */
#include "device-config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <string.h>

struct _MposDeviceConfig
{
  char *source;
  GPtrArray *entries; /* MposDeviceEntry, in file order */
};

static const char default_config[] = "# The built-in default: no hardware needed.\n"
                                     "[printer0]\n"
                                     "category=printer\n"
                                     "backend=virtual\n"
                                     "\n"
                                     "[scanner0]\n"
                                     "category=scanner\n"
                                     "backend=virtual\n";

static const char *const backend_names[] = {
  "usb", "serial", "tcp", "virtual", "evdev", "hidraw", "pcsc", "file", "none",
};

static const char *const category_keys[] = { "scanner", "printer", "drawer", "card-reader" };

/* Which backends make sense for which category (bit per MposDeviceBackend). */
#define BIT(b) (1u << (b))
static const guint category_backends[] = {
  [MPOS_DEVICE_SCANNER] = BIT (MPOS_DEVICE_BACKEND_USB) | BIT (MPOS_DEVICE_BACKEND_SERIAL)
                          | BIT (MPOS_DEVICE_BACKEND_VIRTUAL) | BIT (MPOS_DEVICE_BACKEND_EVDEV)
                          | BIT (MPOS_DEVICE_BACKEND_HIDRAW),
  [MPOS_DEVICE_PRINTER] = BIT (MPOS_DEVICE_BACKEND_USB) | BIT (MPOS_DEVICE_BACKEND_SERIAL)
                          | BIT (MPOS_DEVICE_BACKEND_TCP) | BIT (MPOS_DEVICE_BACKEND_VIRTUAL)
                          | BIT (MPOS_DEVICE_BACKEND_FILE),
  [MPOS_DEVICE_DRAWER] = BIT (MPOS_DEVICE_BACKEND_NONE),
  [MPOS_DEVICE_CARD_READER] = BIT (MPOS_DEVICE_BACKEND_USB) | BIT (MPOS_DEVICE_BACKEND_SERIAL)
                              | BIT (MPOS_DEVICE_BACKEND_VIRTUAL) | BIT (MPOS_DEVICE_BACKEND_EVDEV)
                              | BIT (MPOS_DEVICE_BACKEND_HIDRAW) | BIT (MPOS_DEVICE_BACKEND_PCSC),
};

/* The keys of devices.ini, and the backends each applies to (0: any). */
static const struct
{
  const char *key;
  guint backends;
} known_keys[] = {
  { "category", 0 },
  { "backend", 0 },
  { "profile", 0 },
  { "vendor_id", BIT (MPOS_DEVICE_BACKEND_USB) | BIT (MPOS_DEVICE_BACKEND_EVDEV)
                     | BIT (MPOS_DEVICE_BACKEND_HIDRAW) },
  { "product_id", BIT (MPOS_DEVICE_BACKEND_USB) | BIT (MPOS_DEVICE_BACKEND_EVDEV)
                      | BIT (MPOS_DEVICE_BACKEND_HIDRAW) },
  { "serial", BIT (MPOS_DEVICE_BACKEND_USB) | BIT (MPOS_DEVICE_BACKEND_EVDEV)
                  | BIT (MPOS_DEVICE_BACKEND_HIDRAW) },
  { "detach_kernel_driver", BIT (MPOS_DEVICE_BACKEND_USB) },
  { "port", BIT (MPOS_DEVICE_BACKEND_SERIAL) | BIT (MPOS_DEVICE_BACKEND_EVDEV)
                | BIT (MPOS_DEVICE_BACKEND_HIDRAW) | BIT (MPOS_DEVICE_BACKEND_VIRTUAL)
                | BIT (MPOS_DEVICE_BACKEND_FILE) },
  { "baud", BIT (MPOS_DEVICE_BACKEND_SERIAL) },
  { "host", BIT (MPOS_DEVICE_BACKEND_TCP) },
  { "tcp_port", BIT (MPOS_DEVICE_BACKEND_TCP) },
  { "output_dir", BIT (MPOS_DEVICE_BACKEND_VIRTUAL) },
  { "reply", BIT (MPOS_DEVICE_BACKEND_VIRTUAL) },
  { "reader", BIT (MPOS_DEVICE_BACKEND_PCSC) },
  { "printer", BIT (MPOS_DEVICE_BACKEND_NONE) },
};

/* Driver options known without registration (a driver adds more with
 * mpos_device_config_register_keys). */
static const char *const builtin_options[] = {
  /* scanners and magnetic card readers (keyboard wedge) */
  "prefix",
  "suffix",
  "inter_key_timeout_ms",
  "keymap",
  "grab",
  "aim",
  /* card readers */
  "sector",
  "key",
  /* printers and drawers */
  "width",
  "code_page",
  "pin",
  "pulse_ms",
  /* any: a human label for lists */
  "label",
};

static const guint baud_rates[]
    = { 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600 };

/* ---- names ----------------------------------------------------------------------- */

const char *
mpos_device_backend_name (MposDeviceBackend backend)
{
  return (guint)backend < G_N_ELEMENTS (backend_names) ? backend_names[backend] : "unknown";
}

const char *
mpos_device_category_key (MposDeviceCategory category)
{
  return (guint)category < G_N_ELEMENTS (category_keys) ? category_keys[category] : "unknown";
}

static gboolean
parse_backend (const char *text, MposDeviceBackend *backend)
{
  for (guint i = 0; i < MPOS_DEVICE_BACKEND_NONE; i++)
    if (g_strcmp0 (text, backend_names[i]) == 0)
      {
        *backend = (MposDeviceBackend)i;
        return TRUE;
      }
  return FALSE;
}

static gboolean
parse_category (const char *text, MposDeviceCategory *category)
{
  for (guint i = 0; i < G_N_ELEMENTS (category_keys); i++)
    if (g_strcmp0 (text, category_keys[i]) == 0)
      {
        *category = (MposDeviceCategory)i;
        return TRUE;
      }
  return FALSE;
}

/* ---- the factory table -------------------------------------------------------------- */

/* A function pointer cannot sit in a gpointer in ISO C; a slot holds it. */
typedef struct
{
  MposDeviceFactory factory;
} FactorySlot;

static GMutex registry_lock;
static GHashTable *factories;   /* "category/backend" → FactorySlot */
static GHashTable *option_keys; /* "category/key" → itself */

void
mpos_device_config_register_factory (const char *category, const char *backend,
                                     MposDeviceFactory factory)
{
  g_autoptr (GMutexLocker) locker = NULL;
  FactorySlot *slot;

  g_return_if_fail (category != NULL && backend != NULL && factory != NULL);

  locker = g_mutex_locker_new (&registry_lock);
  if (factories == NULL)
    factories = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  slot = g_new (FactorySlot, 1);
  slot->factory = factory;
  g_hash_table_insert (factories, g_strdup_printf ("%s/%s", category, backend), slot);
}

void
mpos_device_config_register_keys (const char *category, const char *const *keys)
{
  g_autoptr (GMutexLocker) locker = NULL;

  g_return_if_fail (category != NULL && keys != NULL);

  locker = g_mutex_locker_new (&registry_lock);
  if (option_keys == NULL)
    option_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; keys[i]; i++)
    g_hash_table_add (option_keys, g_strdup_printf ("%s/%s", category, keys[i]));
}

static gboolean
is_registered_option (const char *category, const char *key)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&registry_lock);
  g_autofree char *name = g_strdup_printf ("%s/%s", category, key);

  return option_keys && g_hash_table_contains (option_keys, name);
}

static MposDeviceFactory
lookup_factory (const char *category, const char *backend)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&registry_lock);
  g_autofree char *exact = g_strdup_printf ("%s/%s", category, backend);
  g_autofree char *any = g_strdup_printf ("%s/*", category);
  FactorySlot *slot;

  if (factories == NULL)
    return NULL;
  slot = g_hash_table_lookup (factories, exact);
  if (slot == NULL)
    slot = g_hash_table_lookup (factories, any);
  return slot ? slot->factory : NULL;
}

MposDevice *
mpos_device_config_create_device (const MposDeviceEntry *entry, GError **error)
{
  const char *category = mpos_device_category_key (entry->category);
  const char *backend = mpos_device_backend_name (entry->backend);
  MposDeviceFactory factory;

  g_return_val_if_fail (entry != NULL, NULL);

  factory = lookup_factory (category, backend);
  if (factory == NULL)
    {
      g_set_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_CONFIG,
                   "[%s]: this build has no driver for a %s on backend %s", entry->name, category,
                   backend);
      return NULL;
    }
  return factory (entry, error);
}

/* ---- entries ------------------------------------------------------------------------- */

static void
entry_free (gpointer data)
{
  MposDeviceEntry *entry = data;

  g_free (entry->name);
  mpos_transport_address_clear (&entry->address);
  g_free (entry->profile);
  g_free (entry->output_dir);
  g_free (entry->printer);
  g_hash_table_unref (entry->keys);
  g_free (entry);
}

const char *
mpos_device_entry_get (const MposDeviceEntry *entry, const char *key)
{
  g_return_val_if_fail (entry != NULL && key != NULL, NULL);

  return g_hash_table_lookup (entry->keys, key);
}

/* "true"/"1" → 1, "false"/"0" → 0, anything else -1. */
static int
boolean_value (const char *text)
{
  if (g_ascii_strcasecmp (text, "true") == 0 || strcmp (text, "1") == 0)
    return 1;
  if (g_ascii_strcasecmp (text, "false") == 0 || strcmp (text, "0") == 0)
    return 0;
  return -1;
}

gboolean
mpos_device_entry_bad_value (const MposDeviceEntry *entry, GError **error, const char *key,
                             const char *value, const char *expected)
{
  g_set_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_CONFIG, "[%s]: %s “%s” must be %s",
               entry->name, key, value, expected);
  return FALSE;
}

gboolean
mpos_device_entry_get_boolean (const MposDeviceEntry *entry, const char *key, gboolean fallback,
                               gboolean *out, GError **error)
{
  const char *text = mpos_device_entry_get (entry, key);
  int value = text ? boolean_value (text) : fallback;

  *out = fallback;
  if (value < 0)
    return mpos_device_entry_bad_value (entry, error, key, text, "true or false");
  *out = value;
  return TRUE;
}

char *
mpos_device_entry_describe (const MposDeviceEntry *entry)
{
  const char *backend = mpos_device_backend_name (entry->backend);
  g_autofree char *address = NULL;

  switch (entry->backend)
    {
    case MPOS_DEVICE_BACKEND_NONE:
      /* TRANSLATORS: a cash drawer opened through this printer */
      return g_strdup_printf (_ ("through %s"), entry->printer);
    case MPOS_DEVICE_BACKEND_PCSC:
      {
        const char *reader = mpos_device_entry_get (entry, "reader");

        return reader ? g_strdup_printf (_ ("pcsc reader “%s”"), reader)
                      : g_strdup (_ ("pcsc (first reader)"));
      }
    case MPOS_DEVICE_BACKEND_FILE:
      return g_strdup_printf (_ ("file %s"), entry->address.path);
    case MPOS_DEVICE_BACKEND_VIRTUAL:
      /* TRANSLATORS: a device simulated in software, writing into a folder or file */
      if (entry->address.path)
        return g_strdup_printf (_ ("virtual, to %s"), entry->address.path);
      if (entry->output_dir)
        return g_strdup_printf (_ ("virtual, to %s"), entry->output_dir);
      return g_strdup (_ ("virtual"));
    case MPOS_DEVICE_BACKEND_EVDEV:
    case MPOS_DEVICE_BACKEND_HIDRAW:
      if (entry->address.kind == MPOS_TRANSPORT_SERIAL)
        return g_strdup_printf ("%s %s", backend, entry->address.path);
      address = mpos_transport_address_describe (&entry->address);
      return g_strdup_printf ("%s %s", backend, address);
    default:
      return mpos_transport_address_describe (&entry->address);
    }
}

/* An input device node (evdev, hidraw): there while the scanner is plugged in. */
static MposDevicePresence
node_present (const MposDeviceEntry *entry, GError **error)
{
  g_autofree char *where = NULL;

  if (g_file_test (entry->address.path, G_FILE_TEST_EXISTS))
    return MPOS_DEVICE_PRESENCE_PRESENT;
  where = mpos_device_entry_describe (entry);
  g_set_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_NO_HARDWARE,
               "%s: no such device node; is the device plugged in?", where);
  return MPOS_DEVICE_PRESENCE_ABSENT;
}

MposDevicePresence
mpos_device_entry_probe (const MposDeviceEntry *entry, guint timeout_ms, GError **error)
{
  g_return_val_if_fail (entry != NULL, MPOS_DEVICE_PRESENCE_UNKNOWN);

  switch (entry->backend)
    {
    case MPOS_DEVICE_BACKEND_VIRTUAL:
      return MPOS_DEVICE_PRESENCE_PRESENT;
    case MPOS_DEVICE_BACKEND_PCSC:
    case MPOS_DEVICE_BACKEND_NONE:
      return MPOS_DEVICE_PRESENCE_UNKNOWN;
    case MPOS_DEVICE_BACKEND_EVDEV:
    case MPOS_DEVICE_BACKEND_HIDRAW:
      if (entry->address.kind == MPOS_TRANSPORT_SERIAL)
        return node_present (entry, error);
      G_GNUC_FALLTHROUGH;
    default:
      return mpos_transport_probe (&entry->address, timeout_ms, error)
                 ? MPOS_DEVICE_PRESENCE_PRESENT
                 : MPOS_DEVICE_PRESENCE_ABSENT;
    }
}

/* ---- parsing --------------------------------------------------------------------------- */

typedef struct
{
  const char *source;
  const char *group;
  GKeyFile *file;
} Parser;

static gboolean G_GNUC_PRINTF (3, 4)
    fail (const Parser *parser, GError **error, const char *format, ...)
{
  g_autofree char *reason = NULL;
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_CONFIG, "%s: [%s]: %s", parser->source,
               parser->group, reason);
  return FALSE;
}

/* GKeyFile already trims the raw text; escapes such as \r (a scanner's
 * suffix) must survive, so no trimming after unescaping. */
static char *
get (const Parser *parser, const char *key)
{
  return g_key_file_get_string (parser->file, parser->group, key, NULL);
}

/* A USB id: hexadecimal, with or without 0x, 1 to 4 digits, not zero. */
static gboolean
parse_usb_id (const Parser *parser, const char *key, guint16 *id, GError **error)
{
  g_autofree char *text = get (parser, key);
  const char *digits;
  guint64 value = 0;

  if (text == NULL || *text == '\0')
    return fail (parser, error, "missing %s (the USB %s id in hexadecimal, e.g. %s=%s)", key,
                 g_str_has_prefix (key, "vendor") ? "vendor" : "product", key,
                 g_str_has_prefix (key, "vendor") ? "0x0416" : "0x5011");
  digits = g_str_has_prefix (text, "0x") || g_str_has_prefix (text, "0X") ? text + 2 : text;
  if (strlen (digits) < 1 || strlen (digits) > 4
      || !g_ascii_string_to_unsigned (digits, 16, 1, 0xffff, &value, NULL))
    return fail (parser, error, "%s “%s” is not a USB id (4 hexadecimal digits, e.g. 0x0416)", key,
                 text);
  *id = (guint16)value;
  return TRUE;
}

static gboolean
parse_number (const Parser *parser, const char *key, guint64 min, guint64 max, guint64 fallback,
              guint64 *out, GError **error)
{
  g_autofree char *text = get (parser, key);

  *out = fallback;
  if (text == NULL)
    return TRUE;
  if (!g_ascii_string_to_unsigned (text, 10, min, max, out, NULL))
    return fail (parser, error,
                 "%s “%s” must be a whole number from %" G_GUINT64_FORMAT " to %" G_GUINT64_FORMAT,
                 key, text, min, max);
  return TRUE;
}

static gboolean
parse_boolean (const Parser *parser, const char *key, gboolean *out, GError **error)
{
  g_autofree char *text = get (parser, key);
  int value = text ? boolean_value (text) : 0;

  *out = value == 1;
  if (value >= 0)
    return TRUE;
  return fail (parser, error, "%s “%s” must be true or false", key, text);
}

static gboolean
parse_path (const Parser *parser, const char *key, gboolean required, const char *example,
            char **out, GError **error)
{
  g_autofree char *text = get (parser, key);

  if (text == NULL || *text == '\0')
    {
      if (required)
        return fail (parser, error, "missing %s (e.g. %s=%s)", key, key, example);
      return TRUE;
    }
  if (!g_path_is_absolute (text))
    return fail (parser, error, "%s “%s” must be an absolute path (e.g. %s)", key, text, example);
  *out = g_steal_pointer (&text);
  return TRUE;
}

static gboolean
check_baud (const Parser *parser, guint64 baud, GError **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (baud_rates); i++)
    if (baud_rates[i] == baud)
      return TRUE;
  return fail (parser, error,
               "baud %" G_GUINT64_FORMAT " is not a standard rate (1200, 2400, 4800, 9600, "
               "19200, 38400, 57600, 115200, …)",
               baud);
}

/* Every key must be known and make sense for the backend. */
static gboolean
check_keys (const Parser *parser, MposDeviceCategory category, MposDeviceBackend backend,
            GError **error)
{
  g_auto (GStrv) keys = g_key_file_get_keys (parser->file, parser->group, NULL, NULL);

  for (guint i = 0; keys && keys[i]; i++)
    {
      gboolean known = FALSE;

      for (guint k = 0; k < G_N_ELEMENTS (known_keys) && !known; k++)
        {
          if (strcmp (keys[i], known_keys[k].key) != 0)
            continue;
          if (known_keys[k].backends && !(known_keys[k].backends & BIT (backend)))
            return fail (parser, error, "key “%s” does not apply to %s", keys[i],
                         backend == MPOS_DEVICE_BACKEND_NONE ? "a cash drawer"
                                                             : mpos_device_backend_name (backend));
          known = TRUE;
        }
      for (guint k = 0; k < G_N_ELEMENTS (builtin_options) && !known; k++)
        known = strcmp (keys[i], builtin_options[k]) == 0;
      if (!known && !is_registered_option (mpos_device_category_key (category), keys[i]))
        return fail (parser, error, "unknown key “%s”", keys[i]);
    }
  return TRUE;
}

static gboolean
parse_usb_address (const Parser *parser, MposTransportAddress *address, GError **error)
{
  address->kind = MPOS_TRANSPORT_USB;
  if (!parse_usb_id (parser, "vendor_id", &address->vendor_id, error)
      || !parse_usb_id (parser, "product_id", &address->product_id, error)
      || !parse_boolean (parser, "detach_kernel_driver", &address->detach_kernel_driver, error))
    return FALSE;
  address->serial = get (parser, "serial");
  if (address->serial && *address->serial == '\0')
    g_clear_pointer (&address->serial, g_free);
  return TRUE;
}

static gboolean
parse_address (const Parser *parser, MposDeviceEntry *entry, GError **error)
{
  MposTransportAddress *address = &entry->address;
  guint64 number;

  entry->has_address = TRUE;
  switch (entry->backend)
    {
    case MPOS_DEVICE_BACKEND_USB:
      return parse_usb_address (parser, address, error);
    case MPOS_DEVICE_BACKEND_SERIAL:
      address->kind = MPOS_TRANSPORT_SERIAL;
      if (!parse_path (parser, "port", TRUE, "/dev/ttyUSB0", &address->path, error)
          || !parse_number (parser, "baud", 1, G_MAXUINT, 9600, &number, error)
          || !check_baud (parser, number, error))
        return FALSE;
      address->baud = (guint)number;
      return TRUE;
    case MPOS_DEVICE_BACKEND_TCP:
      address->kind = MPOS_TRANSPORT_TCP;
      address->host = get (parser, "host");
      if (address->host == NULL || *address->host == '\0')
        return fail (parser, error,
                     "missing host (the printer's address, e.g. "
                     "host=192.168.1.50)");
      if (!parse_number (parser, "tcp_port", 1, 65535, 9100, &number, error))
        return FALSE;
      address->port = (guint16)number;
      return TRUE;
    case MPOS_DEVICE_BACKEND_EVDEV:
    case MPOS_DEVICE_BACKEND_HIDRAW:
      if (g_key_file_has_key (parser->file, parser->group, "port", NULL))
        {
          address->kind = MPOS_TRANSPORT_SERIAL; /* a device node, found by path */
          return parse_path (parser, "port", TRUE, "/dev/input/by-id/…", &address->path, error);
        }
      if (!g_key_file_has_key (parser->file, parser->group, "vendor_id", NULL))
        return fail (parser, error,
                     "missing port (e.g. port=/dev/input/by-id/…) or "
                     "vendor_id and product_id");
      return parse_usb_address (parser, address, error);
    case MPOS_DEVICE_BACKEND_VIRTUAL:
      address->kind = MPOS_TRANSPORT_FILE;
      return parse_path (parser, "port", FALSE, "/tmp/printer0.bin", &address->path, error)
             && parse_path (parser, "reply", FALSE, "/tmp/printer0.reply", &address->reply_path,
                            error)
             && parse_path (parser, "output_dir", FALSE, "/var/lib/mallpos/receipts",
                            &entry->output_dir, error);
    case MPOS_DEVICE_BACKEND_FILE:
      address->kind = MPOS_TRANSPORT_FILE;
      return parse_path (parser, "port", TRUE, "/var/spool/mallpos/printer0.bin", &address->path,
                         error);
    case MPOS_DEVICE_BACKEND_PCSC:
    case MPOS_DEVICE_BACKEND_NONE:
    default:
      address->kind = MPOS_TRANSPORT_FILE;
      entry->has_address = FALSE;
      return TRUE;
    }
}

static gboolean
parse_kind (const Parser *parser, MposDeviceEntry *entry, GError **error)
{
  g_autofree char *category = get (parser, "category");
  g_autofree char *backend = get (parser, "backend");

  if (category == NULL)
    return fail (parser, error, "missing category (printer, drawer, scanner or card-reader)");
  if (!parse_category (category, &entry->category))
    return fail (parser, error, "unknown category “%s” (printer, drawer, scanner or card-reader)",
                 category);
  if (entry->category == MPOS_DEVICE_DRAWER)
    {
      if (backend)
        return fail (parser, error,
                     "a cash drawer opens through its printer: set printer= "
                     "instead of backend=");
      entry->backend = MPOS_DEVICE_BACKEND_NONE;
      return TRUE;
    }
  if (backend == NULL)
    return fail (parser, error,
                 "missing backend (usb, serial, tcp, virtual, file, evdev, hidraw or "
                 "pcsc)");
  if (!parse_backend (backend, &entry->backend))
    return fail (parser, error,
                 "unknown backend “%s” (usb, serial, tcp, virtual, file, evdev, hidraw or pcsc)",
                 backend);
  if (!(category_backends[entry->category] & BIT (entry->backend)))
    return fail (parser, error, "a %s cannot use backend %s",
                 mpos_device_category_name (entry->category), backend);
  return TRUE;
}

static gboolean
valid_name (const char *name)
{
  if (*name == '\0')
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

static MposDeviceEntry *
parse_entry (const Parser *parser, GError **error)
{
  g_autoptr (GPtrArray) owner = g_ptr_array_new_with_free_func (entry_free);
  MposDeviceEntry *entry = g_new0 (MposDeviceEntry, 1);
  g_auto (GStrv) keys = NULL;

  g_ptr_array_add (owner, entry);
  entry->name = g_strdup (parser->group);
  entry->keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (!valid_name (parser->group))
    {
      fail (parser, error, "a device name may only hold letters, digits, - and _");
      return NULL;
    }
  if (!parse_kind (parser, entry, error)
      || !check_keys (parser, entry->category, entry->backend, error)
      || !parse_address (parser, entry, error))
    return NULL;
  entry->profile = get (parser, "profile");
  if (entry->category == MPOS_DEVICE_DRAWER)
    {
      entry->printer = get (parser, "printer");
      if (entry->printer == NULL || *entry->printer == '\0')
        {
          fail (parser, error,
                "missing printer (the printer whose drawer port it is on, e.g. "
                "printer=printer0)");
          return NULL;
        }
    }
  keys = g_key_file_get_keys (parser->file, parser->group, NULL, NULL);
  for (guint i = 0; keys && keys[i]; i++)
    g_hash_table_insert (entry->keys, g_strdup (keys[i]), get (parser, keys[i]));
  return g_ptr_array_steal_index (owner, 0);
}

/* A drawer must name a printer of this file. */
static gboolean
check_drawers (MposDeviceConfig *config, GError **error)
{
  for (guint i = 0; i < config->entries->len; i++)
    {
      const MposDeviceEntry *entry = g_ptr_array_index (config->entries, i);
      const MposDeviceEntry *printer;

      if (entry->category != MPOS_DEVICE_DRAWER)
        continue;
      printer = mpos_device_config_lookup (config, entry->printer);
      if (printer == NULL || printer->category != MPOS_DEVICE_PRINTER)
        {
          g_set_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_CONFIG,
                       "%s: [%s]: printer “%s” is not a printer of this file", config->source,
                       entry->name, entry->printer);
          return FALSE;
        }
    }
  return TRUE;
}

MposDeviceConfig *
mpos_device_config_load_from_data (const char *data, gssize length, const char *source,
                                   GError **error)
{
  g_autoptr (GKeyFile) file = g_key_file_new ();
  g_autoptr (MposDeviceConfig) config = g_new0 (MposDeviceConfig, 1);
  g_auto (GStrv) groups = NULL;
  g_autoptr (GError) local = NULL;

  g_return_val_if_fail (data != NULL, NULL);

  config->source = g_strdup (source ? source : "devices.ini");
  config->entries = g_ptr_array_new_with_free_func (entry_free);
  if (!g_key_file_load_from_data (file, data, length < 0 ? strlen (data) : (gsize)length,
                                  G_KEY_FILE_NONE, &local))
    {
      g_set_error (error, local->domain, local->code, "%s: %s", config->source, local->message);
      return NULL;
    }
  groups = g_key_file_get_groups (file, NULL);
  for (guint i = 0; groups[i]; i++)
    {
      Parser parser = { config->source, groups[i], file };
      MposDeviceEntry *entry = parse_entry (&parser, error);

      if (entry == NULL)
        return NULL;
      g_ptr_array_add (config->entries, entry);
    }
  if (!check_drawers (config, error))
    return NULL;
  return g_steal_pointer (&config);
}

char *
mpos_device_config_default_path (void)
{
  const char *env = g_getenv ("MALLPOS_DEVICES");

  if (env && *env)
    return g_strdup (env);
  return g_build_filename (g_get_user_config_dir (), "mallpos", "devices.ini", NULL);
}

MposDeviceConfig *
mpos_device_config_load (const char *path, GError **error)
{
  g_autofree char *default_path = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  const char *env = g_getenv ("MALLPOS_DEVICES");
  gboolean named = path != NULL || (env != NULL && env[0] != '\0');

  if (path == NULL)
    {
      default_path = mpos_device_config_default_path ();
      /* Only the usual place may be absent: a file someone named must be there. */
      if (!named && !g_file_test (default_path, G_FILE_TEST_EXISTS))
        return mpos_device_config_load_from_data (default_config, -1, "(built-in default)", error);
      path = default_path;
    }
  if (named && path == default_path && !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                   "MALLPOS_DEVICES names %s, which does not exist: create it, or unset "
                   "MALLPOS_DEVICES to use ~/.config/mallpos/devices.ini (or, without one, the "
                   "built-in virtual printer and scanner)",
                   path);
      return NULL;
    }
  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  return mpos_device_config_load_from_data (contents, (gssize)length, path, error);
}

void
mpos_device_config_free (MposDeviceConfig *config)
{
  if (config == NULL)
    return;
  g_free (config->source);
  if (config->entries)
    g_ptr_array_unref (config->entries);
  g_free (config);
}

const char *
mpos_device_config_get_source (MposDeviceConfig *config)
{
  g_return_val_if_fail (config != NULL, NULL);

  return config->source;
}

guint
mpos_device_config_get_n_entries (MposDeviceConfig *config)
{
  g_return_val_if_fail (config != NULL, 0);

  return config->entries->len;
}

const MposDeviceEntry *
mpos_device_config_get_entry (MposDeviceConfig *config, guint index)
{
  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (index < config->entries->len, NULL);

  return g_ptr_array_index (config->entries, index);
}

const MposDeviceEntry *
mpos_device_config_lookup (MposDeviceConfig *config, const char *name)
{
  g_return_val_if_fail (config != NULL, NULL);

  for (guint i = 0; i < config->entries->len; i++)
    {
      const MposDeviceEntry *entry = g_ptr_array_index (config->entries, i);

      if (g_strcmp0 (entry->name, name) == 0)
        return entry;
    }
  return NULL;
}
