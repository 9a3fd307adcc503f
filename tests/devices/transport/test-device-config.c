/* test-device-config.c — devices.ini: a full example parses into the right
 * addresses, every kind of mistake is refused with a message naming the
 * file, group and key, the default path and the built-in default, presence
 * probes, and the factory table. */
#include "card-reader.h"
#include "device-registry.h"
#include "device-config.h"
#include "test-dir.h"
#include "transport-test-device.h"

#include <glib/gstdio.h>
#include <string.h>

static MposDeviceConfig *
load_example (void)
{
  g_autofree char *path = g_build_filename (TEST_DATA_DIR, "devices.ini", NULL);
  g_autoptr (GError) error = NULL;
  MposDeviceConfig *config = mpos_device_config_load (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (config);
  return config;
}

static void
test_config_example_parses_into_addresses (void)
{
  g_autoptr (MposDeviceConfig) config = load_example ();
  const MposDeviceEntry *entry;
  g_autofree char *text = NULL;

  g_assert_cmpuint (mpos_device_config_get_n_entries (config), ==, 7);
  g_assert_true (g_str_has_suffix (mpos_device_config_get_source (config), "devices.ini"));

  entry = mpos_device_config_get_entry (config, 0);
  g_assert_cmpstr (entry->name, ==, "printer0");
  g_assert_cmpint (entry->category, ==, MPOS_DEVICE_PRINTER);
  g_assert_cmpint (entry->backend, ==, MPOS_DEVICE_BACKEND_USB);
  g_assert_cmpint (entry->address.kind, ==, MPOS_TRANSPORT_USB);
  g_assert_cmphex (entry->address.vendor_id, ==, 0x0416);
  g_assert_cmphex (entry->address.product_id, ==, 0x5011);
  g_assert_cmpstr (entry->address.serial, ==, "MPOS0001");
  g_assert_true (entry->address.detach_kernel_driver);
  g_assert_cmpstr (entry->profile, ==, "xprinter-58");
  text = mpos_device_entry_describe (entry);
  g_assert_cmpstr (text, ==, "usb 0416:5011 serial MPOS0001");
  g_clear_pointer (&text, g_free);

  entry = mpos_device_config_lookup (config, "printer1");
  g_assert_cmpint (entry->address.kind, ==, MPOS_TRANSPORT_TCP);
  g_assert_cmpstr (entry->address.host, ==, "127.0.0.1");
  g_assert_cmpuint (entry->address.port, ==, 9100);

  entry = mpos_device_config_lookup (config, "drawer0");
  g_assert_cmpint (entry->category, ==, MPOS_DEVICE_DRAWER);
  g_assert_cmpint (entry->backend, ==, MPOS_DEVICE_BACKEND_NONE);
  g_assert_cmpstr (entry->printer, ==, "printer0");
  g_assert_false (entry->has_address);
  g_assert_cmpstr (mpos_device_entry_get (entry, "pin"), ==, "2");
  text = mpos_device_entry_describe (entry);
  g_assert_cmpstr (text, ==, "through printer0");
  g_clear_pointer (&text, g_free);

  entry = mpos_device_config_lookup (config, "scanner0");
  g_assert_cmpint (entry->backend, ==, MPOS_DEVICE_BACKEND_EVDEV);
  g_assert_cmpint (entry->address.kind, ==, MPOS_TRANSPORT_SERIAL);
  g_assert_true (g_str_has_prefix (entry->address.path, "/dev/input/by-id/usb-Honeywell"));
  g_assert_cmpstr (mpos_device_entry_get (entry, "suffix"), ==, "\r");

  entry = mpos_device_config_lookup (config, "scanner1");
  g_assert_cmpint (entry->address.kind, ==, MPOS_TRANSPORT_SERIAL);
  g_assert_cmpuint (entry->address.baud, ==, 115200);

  entry = mpos_device_config_lookup (config, "card0");
  g_assert_cmpint (entry->backend, ==, MPOS_DEVICE_BACKEND_PCSC);
  text = mpos_device_entry_describe (entry);
  g_assert_cmpstr (text, ==, "pcsc reader “ACS ACR122U PICC Interface 00 00”");
  g_clear_pointer (&text, g_free);

  entry = mpos_device_config_lookup (config, "virtual0");
  g_assert_cmpstr (entry->output_dir, ==, "/var/lib/mallpos/receipts");
  g_assert_null (mpos_device_config_lookup (config, "printer9"));
}

/* Each bad file and the words its message must hold. */
static const struct
{
  const char *ini;
  const char *message;
} bad_files[] = {
  { "[p]\nbackend=usb\n", "test.ini: [p]: missing category" },
  { "[p]\ncategory=toaster\nbackend=usb\n", "[p]: unknown category “toaster”" },
  { "[p]\ncategory=printer\n", "[p]: missing backend" },
  { "[p]\ncategory=printer\nbackend=bluetooth\n", "[p]: unknown backend “bluetooth”" },
  { "[p]\ncategory=printer\nbackend=evdev\nport=/dev/input/event3\n",
    "[p]: a receipt printer cannot use backend evdev" },
  { "[p]\ncategory=printer\nbackend=usb\nproduct_id=0x5011\n",
    "[p]: missing vendor_id (the USB vendor id in hexadecimal, e.g. vendor_id=0x0416)" },
  { "[p]\ncategory=printer\nbackend=usb\nvendor_id=0x0416\n", "[p]: missing product_id" },
  { "[p]\ncategory=printer\nbackend=usb\nvendor_id=0x10416\nproduct_id=1\n",
    "[p]: vendor_id “0x10416” is not a USB id" },
  { "[p]\ncategory=printer\nbackend=usb\nvendor_id=xprinter\nproduct_id=1\n",
    "[p]: vendor_id “xprinter” is not a USB id" },
  { "[p]\ncategory=printer\nbackend=usb\nvendor_id=0\nproduct_id=1\n",
    "[p]: vendor_id “0” is not a USB id" },
  { "[p]\ncategory=printer\nbackend=usb\nvendor_id=0x0416\nproduct_id=0x5011\nspeed=fast\n",
    "[p]: unknown key “speed”" },
  { "[p]\ncategory=printer\nbackend=usb\nvendor_id=0x0416\nproduct_id=0x5011\nhost=printer\n",
    "[p]: key “host” does not apply to usb" },
  { "[p]\ncategory=printer\nbackend=usb\nvendor_id=1\nproduct_id=2\ndetach_kernel_driver=maybe\n",
    "[p]: detach_kernel_driver “maybe” must be true or false" },
  { "[p]\ncategory=printer\nbackend=serial\n", "[p]: missing port (e.g. port=/dev/ttyUSB0)" },
  { "[p]\ncategory=printer\nbackend=serial\nport=ttyUSB0\n",
    "[p]: port “ttyUSB0” must be an absolute path" },
  { "[p]\ncategory=printer\nbackend=serial\nport=/dev/ttyS0\nbaud=12345\n",
    "[p]: baud 12345 is not a standard rate" },
  { "[p]\ncategory=printer\nbackend=serial\nport=/dev/ttyS0\nbaud=fast\n",
    "[p]: baud “fast” must be a whole number" },
  { "[p]\ncategory=printer\nbackend=tcp\n", "[p]: missing host" },
  { "[p]\ncategory=printer\nbackend=tcp\nhost=10.0.0.9\ntcp_port=70000\n",
    "[p]: tcp_port “70000” must be a whole number from 1 to 65535" },
  { "[s]\ncategory=scanner\nbackend=hidraw\n",
    "[s]: missing port (e.g. port=/dev/input/by-id/…) or "
    "vendor_id and product_id" },
  { "[d]\ncategory=drawer\n", "[d]: missing printer" },
  { "[d]\ncategory=drawer\nbackend=usb\nprinter=p\n", "[d]: a cash drawer opens through its "
                                                      "printer" },
  { "[s]\ncategory=scanner\nbackend=virtual\n[d]\ncategory=drawer\nprinter=s\n",
    "[d]: printer “s” is not a printer of this file" },
  { "[d]\ncategory=drawer\nprinter=p\nport=/dev/ttyS0\n",
    "[d]: key “port” does not apply to a cash drawer" },
  { "[printer 0]\ncategory=printer\nbackend=virtual\n",
    "[printer 0]: a device name may only hold letters, digits, - and _" },
};

static void
test_config_bad_files_are_refused_naming_group_and_key (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_files); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (MposDeviceConfig) config
          = mpos_device_config_load_from_data (bad_files[i].ini, -1, "test.ini", &error);

      g_test_message ("%s", bad_files[i].ini);
      g_assert_null (config);
      g_assert_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_CONFIG);
      if (strstr (error->message, bad_files[i].message) == NULL)
        g_error ("“%s” does not hold “%s”", error->message, bad_files[i].message);
      g_assert_true (g_str_has_prefix (error->message, "test.ini: ["));
    }
}

static void
test_config_not_an_ini_file (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposDeviceConfig) config
      = mpos_device_config_load_from_data ("category=printer\n", -1, "test.ini", &error);

  g_assert_null (config);
  g_assert_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_GROUP_NOT_FOUND);
  g_assert_true (g_str_has_prefix (error->message, "test.ini: "));
}

static void
test_config_missing_file_is_file_error (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposDeviceConfig) config
      = mpos_device_config_load ("/nonexistent/mallpos/devices.ini", &error);

  g_assert_null (config);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
}

static void
test_config_empty_file_has_no_devices (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposDeviceConfig) config
      = mpos_device_config_load_from_data ("# no devices at this till\n", -1, "test.ini", &error);

  g_assert_no_error (error);
  g_assert_cmpuint (mpos_device_config_get_n_entries (config), ==, 0);
}

/* Runs with a fresh $XDG_CONFIG_HOME: no devices.ini → the built-in default; then
 * $XDG_CONFIG_HOME/mallpos/devices.ini; then $MALLPOS_DEVICES. */
static void
test_config_default_path_and_builtin_default (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_config_dir (), "mallpos", NULL);
  g_autofree char *path = g_build_filename (dir, "devices.ini", NULL);
  g_autofree char *default_path = NULL;
  g_autofree char *other = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (MposDeviceConfig) config = NULL;
  const MposDeviceEntry *entry;

  g_unsetenv ("MALLPOS_DEVICES");
  default_path = mpos_device_config_default_path ();
  g_assert_cmpstr (default_path, ==, path);
  config = mpos_device_config_load (NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mpos_device_config_get_source (config), ==, "(built-in default)");
  g_assert_cmpuint (mpos_device_config_get_n_entries (config), ==, 2);
  entry = mpos_device_config_get_entry (config, 0);
  g_assert_cmpstr (entry->name, ==, "printer0");
  g_assert_cmpint (entry->category, ==, MPOS_DEVICE_PRINTER);
  g_assert_cmpint (entry->backend, ==, MPOS_DEVICE_BACKEND_VIRTUAL);
  entry = mpos_device_config_get_entry (config, 1);
  g_assert_cmpint (entry->category, ==, MPOS_DEVICE_SCANNER);
  g_assert_cmpint (entry->backend, ==, MPOS_DEVICE_BACKEND_VIRTUAL);
  g_clear_pointer (&config, mpos_device_config_free);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (
      path, "[printer7]\ncategory=printer\nbackend=serial\nport=/dev/ttyS0\n", -1, NULL));
  config = mpos_device_config_load (NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mpos_device_config_get_source (config), ==, path);
  g_assert_nonnull (mpos_device_config_lookup (config, "printer7"));
  g_clear_pointer (&config, mpos_device_config_free);

  other = g_build_filename (TEST_DATA_DIR, "devices.ini", NULL);
  g_setenv ("MALLPOS_DEVICES", other, TRUE);
  config = mpos_device_config_load (NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mpos_device_config_get_n_entries (config), ==, 7);
  g_unsetenv ("MALLPOS_DEVICES");
  g_unlink (path);
}

/* A devices file someone named in $MALLPOS_DEVICES is as required as one given
 * by path: missing, it is an error, never a silent fall back to the built-in
 * virtual devices (which would print the day's receipts nowhere). */
static void
test_config_env_naming_a_missing_file_fails (void)
{
  g_autofree char *missing = g_build_filename (g_get_user_config_dir (), "no-such.ini", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (MposDeviceConfig) config = NULL;

  g_setenv ("MALLPOS_DEVICES", missing, TRUE);
  config = mpos_device_config_load (NULL, &error);
  g_unsetenv ("MALLPOS_DEVICES");
  g_assert_null (config);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_nonnull (strstr (error->message, "MALLPOS_DEVICES names"));
  g_assert_nonnull (strstr (error->message, missing));
  g_clear_error (&error);

  config = mpos_device_config_load (missing, &error);
  g_assert_null (config);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
}

/* There is no default member-card key: FFFFFFFFFFFF would take any blank card. */
static void
test_config_pcsc_reader_needs_its_key (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposDeviceConfig) config = NULL;
  g_autoptr (MposDevice) keyless = NULL;
  g_autoptr (MposDevice) keyed = NULL;

  mpos_device_registry_init ();
  config = mpos_device_config_load_from_data (
      "[c]\ncategory=card-reader\nbackend=pcsc\n"
      "[k]\ncategory=card-reader\nbackend=pcsc\nkey=4D504F533135\n",
      -1, "test.ini", &error);
  g_assert_no_error (error);
  keyless = mpos_device_config_create_device (mpos_device_config_lookup (config, "c"), &error);
  g_assert_null (keyless);
  g_assert_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, "[c]: a PC/SC reader needs key="));
  g_clear_error (&error);
  keyed = mpos_device_config_create_device (mpos_device_config_lookup (config, "k"), &error);
  g_assert_no_error (error);
  g_assert_nonnull (keyed);
}

static void
test_config_probe_says_present_absent_unknown (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposDeviceConfig) config = mpos_device_config_load_from_data (
      "[v]\ncategory=printer\nbackend=virtual\n"
      "[s]\ncategory=scanner\nbackend=serial\nport=/dev/serial/by-id/usb-none-if00\n"
      "[d]\ncategory=drawer\nprinter=v\n"
      "[c]\ncategory=card-reader\nbackend=pcsc\n",
      -1, "test.ini", &error);

  g_assert_no_error (error);
  g_assert_cmpint (mpos_device_entry_probe (mpos_device_config_lookup (config, "v"), 100, &error),
                   ==, MPOS_DEVICE_PRESENCE_PRESENT);
  g_assert_cmpint (mpos_device_entry_probe (mpos_device_config_lookup (config, "s"), 100, &error),
                   ==, MPOS_DEVICE_PRESENCE_ABSENT);
  g_assert_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_NO_HARDWARE);
  g_clear_error (&error);
  g_assert_cmpint (mpos_device_entry_probe (mpos_device_config_lookup (config, "d"), 100, &error),
                   ==, MPOS_DEVICE_PRESENCE_UNKNOWN);
  g_assert_cmpint (mpos_device_entry_probe (mpos_device_config_lookup (config, "c"), 100, &error),
                   ==, MPOS_DEVICE_PRESENCE_UNKNOWN);
  g_assert_no_error (error);
}

static guint factory_calls;

static MposDevice *
printer_factory (const MposDeviceEntry *entry, GError **error)
{
  factory_calls++;
  return MPOS_DEVICE (mpos_test_device_new (entry->name, &entry->address));
}

static void
test_config_factories_build_devices_by_category_and_backend (void)
{
  static const char *const keys[] = { "logo", NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (MposDeviceConfig) config = NULL;
  g_autoptr (MposDevice) device = NULL;
  const char *ini = "[p]\ncategory=printer\nbackend=virtual\nlogo=/usr/share/logo.png\n"
                    "[d]\ncategory=drawer\nprinter=p\n";

  /* A driver's own key is unknown until the driver registers it. */
  config = mpos_device_config_load_from_data (ini, -1, "test.ini", &error);
  g_assert_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, "unknown key “logo”"));
  g_clear_error (&error);
  mpos_device_config_register_keys ("printer", keys);
  config = mpos_device_config_load_from_data (ini, -1, "test.ini", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mpos_device_entry_get (mpos_device_config_lookup (config, "p"), "logo"), ==,
                   "/usr/share/logo.png");

  device = mpos_device_config_create_device (mpos_device_config_lookup (config, "p"), &error);
  g_assert_null (device);
  g_assert_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_CONFIG);
  g_assert_cmpstr (error->message, ==,
                   "[p]: this build has no driver for a printer on backend virtual");
  g_clear_error (&error);

  mpos_device_config_register_factory ("printer", "virtual", printer_factory);
  device = mpos_device_config_create_device (mpos_device_config_lookup (config, "p"), &error);
  g_assert_no_error (error);
  g_assert_true (MPOS_IS_TEST_DEVICE (device));
  g_assert_cmpstr (mpos_device_get_name (device), ==, "p");
  g_clear_object (&device);

  /* "*" takes any backend of the category. */
  mpos_device_config_register_factory ("drawer", "*", printer_factory);
  device = mpos_device_config_create_device (mpos_device_config_lookup (config, "d"), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (factory_calls, ==, 2);
}

int
main (int argc, char **argv)
{
  /* Not G_TEST_OPTION_ISOLATE_DIRS: GLib 2.74 leaks its strings under LSan.
   * GLib reads $XDG_CONFIG_HOME once, so set it before anything asks. */
  g_autofree char *home = g_dir_make_tmp ("mpos-config-XXXXXX", NULL);
  int status;

  g_setenv ("XDG_CONFIG_HOME", home, TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/config/test_config_example_parses_into_addresses",
                   test_config_example_parses_into_addresses);
  g_test_add_func ("/config/test_config_bad_files_are_refused_naming_group_and_key",
                   test_config_bad_files_are_refused_naming_group_and_key);
  g_test_add_func ("/config/test_config_not_an_ini_file", test_config_not_an_ini_file);
  g_test_add_func ("/config/test_config_missing_file_is_file_error",
                   test_config_missing_file_is_file_error);
  g_test_add_func ("/config/test_config_empty_file_has_no_devices",
                   test_config_empty_file_has_no_devices);
  g_test_add_func ("/config/test_config_default_path_and_builtin_default",
                   test_config_default_path_and_builtin_default);
  g_test_add_func ("/config/test_config_env_naming_a_missing_file_fails",
                   test_config_env_naming_a_missing_file_fails);
  g_test_add_func ("/config/test_config_probe_says_present_absent_unknown",
                   test_config_probe_says_present_absent_unknown);
  g_test_add_func ("/config/test_config_factories_build_devices_by_category_and_backend",
                   test_config_factories_build_devices_by_category_and_backend);
  /* Last: it registers every backend (the registry), which the factory test
   * above must not see yet. */
  g_test_add_func ("/config/test_config_pcsc_reader_needs_its_key",
                   test_config_pcsc_reader_needs_its_key);
  status = g_test_run ();
  test_remove_dir (home);
  return status;
}
