/* ctl-devices-list.c — `mallposctl devices`: the devices this terminal is
 * configured with (devices.ini, or the built-in virtual printer and scanner),
 * each with its backend, its address and whether it is connected right now,
 * so IT can see at a glance which cable to check. */
#include "card-reader.h"
#include "ctl.h"
#include "device-config.h"
#include "device-registry.h"
#include "printer-profile.h"
#include "receipt-printer.h"
#include "scanner.h"

#include <stdio.h>

/* Long enough for a TCP printer on the shop LAN, short enough for a listing. */
#define PROBE_TIMEOUT_MS 500

static const char *
presence_word (MposDevicePresence presence)
{
  switch (presence)
    {
    case MPOS_DEVICE_PRESENCE_PRESENT:
      return "yes";
    case MPOS_DEVICE_PRESENCE_ABSENT:
      return "no";
    default:
      return "unknown";
    }
}

/* A printer's profile= that names no profile file prints nothing right: say
 * so now, not at the first sale. NULL when the profile loads (or none is named). */
static GError *
profile_problem (const MposDeviceEntry *entry)
{
  g_autoptr (MposPrinterProfile) profile = NULL;
  GError *error = NULL;

  if (entry->category != MPOS_DEVICE_PRINTER || entry->profile == NULL)
    return NULL;
  profile = mpos_printer_profile_load (entry->profile, &error);
  return error;
}

static cJSON *
entry_json (const MposDeviceEntry *entry, const char *address, MposDevicePresence presence,
            const GError *error, const GError *profile_error)
{
  cJSON *json = cJSON_CreateObject ();

  cJSON_AddStringToObject (json, "name", entry->name);
  cJSON_AddStringToObject (json, "category", mpos_device_category_key (entry->category));
  cJSON_AddStringToObject (json, "backend", mpos_device_backend_name (entry->backend));
  cJSON_AddStringToObject (json, "address", address);
  if (entry->profile)
    cJSON_AddStringToObject (json, "profile", entry->profile);
  if (presence == MPOS_DEVICE_PRESENCE_UNKNOWN)
    cJSON_AddNullToObject (json, "present");
  else
    cJSON_AddBoolToObject (json, "present", presence == MPOS_DEVICE_PRESENCE_PRESENT);
  if (error)
    cJSON_AddStringToObject (json, "reason", error->message);
  if (profile_error)
    cJSON_AddStringToObject (json, "profile_problem", profile_error->message);
  return json;
}

/* devices.ini mistakes are bad input; a missing file is "not found". */
static int
fail_config (GError *error)
{
  int code = ctl_fail (error);

  if (error->domain == MPOS_DEVICE_ERROR || error->domain == G_KEY_FILE_ERROR)
    return CTL_EXIT_INVALID;
  return code;
}

int
ctl_devices_list (CtlGlobal *global, int argc, char **argv)
{
  g_autofree char *devices = NULL;
  const GOptionEntry entries[] = { { "devices", 0, 0, G_OPTION_ARG_FILENAME, &devices,
                                     "devices.ini (default: $MALLPOS_DEVICES or "
                                     "~/.config/mallpos/devices.ini, else the built-in "
                                     "virtual printer and scanner)",
                                     "PATH" },
                                   { NULL } };
  g_autoptr (GError) error = NULL;
  g_autoptr (MposDeviceConfig) config = NULL;
  cJSON *json = NULL;
  cJSON *list = NULL;

  if (!ctl_parse (global, "devices", NULL,
                  "List the configured devices and whether each is connected now.", entries, &argc,
                  &argv))
    return CTL_EXIT_USAGE;
  if (argc != 1)
    return ctl_usage ("devices", "takes no arguments");
  /* The drivers' own devices.ini keys are known once they have registered. */
  mpos_device_registry_init ();
  config = mpos_device_config_load (devices, &error);
  if (config == NULL)
    return fail_config (error);

  if (global->json)
    {
      json = cJSON_CreateObject ();
      cJSON_AddStringToObject (json, "source", mpos_device_config_get_source (config));
      list = cJSON_AddArrayToObject (json, "devices");
    }
  else
    printf ("devices from %s\n%-12s %-16s %-8s %-7s %s\n", mpos_device_config_get_source (config),
            "NAME", "CATEGORY", "BACKEND", "PRESENT", "ADDRESS");
  for (guint i = 0; i < mpos_device_config_get_n_entries (config); i++)
    {
      const MposDeviceEntry *entry = mpos_device_config_get_entry (config, i);
      g_autofree char *address = mpos_device_entry_describe (entry);
      g_autoptr (GError) reason = NULL;
      g_autoptr (GError) bad_profile = profile_problem (entry);
      MposDevicePresence presence = mpos_device_entry_probe (entry, PROBE_TIMEOUT_MS, &reason);

      if (bad_profile != NULL)
        fprintf (stderr, "mallposctl: warning: [%s]: %s\n", entry->name, bad_profile->message);
      if (json)
        {
          cJSON_AddItemToArray (list, entry_json (entry, address, presence, reason, bad_profile));
          continue;
        }
      printf ("%-12s %-16s %-8s %-7s %s\n", entry->name, mpos_device_category_key (entry->category),
              mpos_device_backend_name (entry->backend), presence_word (presence), address);
      if (reason)
        printf ("  %s\n", reason->message);
    }
  if (json)
    ctl_print_json (json);
  return CTL_EXIT_OK;
}
