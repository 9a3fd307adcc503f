/* ctl-scan.c — `mallposctl wait-scan` and `mallposctl wait-card`: open the
 * configured scanner or card reader (devices.ini, or the built-in virtual
 * devices reading stdin), wait on a main loop for one read and print it.
 * Card numbers are printed masked, in text and JSON alike: a terminal's
 * output ends up in logs and scripts' files (look the member up with the
 * card at the counter, never from a copy of its number). `wait-card
 * --proof` seals a chip read as the member's proof (member-card-presence.h)
 * and prints the token a sale's stored-value tender takes as "card". */
#include "card-reader-virtual.h"
#include "card-reader.h"
#include "clock.h"
#include "ctl.h"
#include "device-config.h"
#include "device-registry.h"
#include "member-card-presence.h"
#include "member.h"
#include "scanner.h"

#include <stdio.h>

#define CLAIM_TIMEOUT_MS 2000

typedef struct
{
  GMainLoop *loop;
  MposDevice *device;
  gboolean stdin_device; /* a virtual device on stdin: its end is final */
  MposDeviceData *data;
  GError *failure;
  gboolean timed_out;
} Wait;

static void
on_data (MposDevice *device, MposDeviceData *data, gpointer user_data)
{
  Wait *wait = user_data;

  if (wait->data == NULL)
    wait->data = mpos_device_data_copy (data);
  g_main_loop_quit (wait->loop);
}

/* A bad read is reported and the wait goes on, as at the till; only a
 * device that cannot come back ends it. */
static void
on_error (MposDevice *device, GError *error, gpointer user_data)
{
  Wait *wait = user_data;

  if (wait->stdin_device && g_error_matches (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_OFFLINE))
    {
      g_clear_error (&wait->failure);
      wait->failure = g_error_copy (error);
      g_main_loop_quit (wait->loop);
      return;
    }
  fprintf (stderr, "mallposctl: %s\n", error->message);
}

static gboolean
on_timeout (gpointer user_data)
{
  Wait *wait = user_data;

  wait->timed_out = TRUE;
  g_main_loop_quit (wait->loop);
  return G_SOURCE_REMOVE;
}

static const MposDeviceEntry *
find_entry (MposDeviceConfig *config, MposDeviceCategory category, const char *name, GError **error)
{
  const MposDeviceEntry *entry;

  if (name)
    {
      entry = mpos_device_config_lookup (config, name);
      if (entry && entry->category == category)
        return entry;
      g_set_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_CONFIG, "%s: no %s named “%s”",
                   mpos_device_config_get_source (config), mpos_device_category_name (category),
                   name);
      return NULL;
    }
  for (guint i = 0; i < mpos_device_config_get_n_entries (config); i++)
    {
      entry = mpos_device_config_get_entry (config, i);
      if (entry->category == category)
        return entry;
    }
  g_set_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_CONFIG,
               "%s: no %s is configured; add a group with category=%s",
               mpos_device_config_get_source (config), mpos_device_category_name (category),
               mpos_device_category_key (category));
  return NULL;
}

/* The configured device; with no devices.ini and no card reader in the
 * built-in default, a virtual card reader on stdin, like the default scanner. */
static MposDevice *
create_device (MposDeviceCategory category, const char *name, gboolean *stdin_device,
               GError **error)
{
  g_autoptr (MposDeviceConfig) config = mpos_device_config_load (NULL, error);
  g_autoptr (GError) missing = NULL;
  const MposDeviceEntry *entry;

  if (config == NULL)
    return NULL;
  entry = find_entry (config, category, name, &missing);
  if (entry == NULL && name == NULL && category == MPOS_DEVICE_CARD_READER
      && g_str_equal (mpos_device_config_get_source (config), "(built-in default)"))
    {
      *stdin_device = TRUE;
      return MPOS_DEVICE (mpos_card_reader_virtual_new ("card0", "stdin"));
    }
  if (entry == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&missing));
      return NULL;
    }
  *stdin_device = entry->backend == MPOS_DEVICE_BACKEND_VIRTUAL && entry->address.path == NULL;
  return mpos_device_config_create_device (entry, error);
}

static gboolean
start (MposDevice *device, GError **error)
{
  return mpos_device_open (device, error) && mpos_device_claim (device, CLAIM_TIMEOUT_MS, error)
         && mpos_device_enable (device, error);
}

/* The member's proof from a card read: only a chip read is one. */
static int
seal_presence (CtlGlobal *global, const MposDeviceData *data, char **presence)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;

  if (!data->chip)
    {
      fprintf (stderr, "mallposctl wait-card: that card was swiped or typed, which proves "
                       "nothing: the member puts the card on the chip reader\n");
      return CTL_EXIT_DENIED;
    }
  store = ctl_open_store (global, FALSE, &error);
  if (store == NULL
      || (*presence = mpos_member_card_presence_seal (store, data->text, mpos_clock_now (),
                                                      &error))
             == NULL)
    return ctl_fail (error);
  return CTL_EXIT_OK;
}

static void
print_read (CtlGlobal *global, MposDevice *device, const MposDeviceData *data,
            const char *presence)
{
  cJSON *json;

  if (!global->json)
    {
      g_autofree char *masked = NULL;
      if (data->kind == MPOS_DEVICE_DATA_CARD)
        masked = mpos_member_mask_card (data->text);
      printf ("%s\n", masked ? masked : data->text);
      if (presence != NULL)
        printf ("%s\n", presence);
      return;
    }
  json = cJSON_CreateObject ();
  cJSON_AddStringToObject (json, "device", mpos_device_get_name (device));
  if (data->kind == MPOS_DEVICE_DATA_CARD)
    {
      g_autofree char *masked = mpos_member_mask_card (data->text);
      cJSON_AddStringToObject (json, "kind", "card");
      cJSON_AddStringToObject (json, "card_no_masked", masked);
      cJSON_AddBoolToObject (json, "track2", data->track2 != NULL);
      cJSON_AddBoolToObject (json, "chip", data->chip);
      if (presence != NULL)
        cJSON_AddStringToObject (json, "presence", presence);
    }
  else
    {
      cJSON_AddStringToObject (json, "kind", "barcode");
      cJSON_AddStringToObject (json, "code", data->text);
      if (data->symbology)
        cJSON_AddStringToObject (json, "symbology", data->symbology);
      else
        cJSON_AddNullToObject (json, "symbology");
    }
  ctl_print_json (json);
}

static int
wait_for_read (CtlGlobal *global, MposDeviceCategory category, const char *name, int timeout_s,
               gboolean proof)
{
  g_autofree char *presence = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (MposDevice) device = NULL;
  Wait wait = { 0 };
  guint timeout_id = 0;
  int status;

  mpos_device_registry_init ();
  device = create_device (category, name, &wait.stdin_device, &error);
  if (device == NULL || !start (device, &error))
    return ctl_fail (error);
  wait.loop = g_main_loop_new (NULL, FALSE);
  wait.device = device;
  g_signal_connect (device, "data", G_CALLBACK (on_data), &wait);
  g_signal_connect (device, "error", G_CALLBACK (on_error), &wait);
  if (timeout_s > 0)
    timeout_id = g_timeout_add_seconds ((guint)timeout_s, on_timeout, &wait);
  g_main_loop_run (wait.loop);
  if (!wait.timed_out && timeout_id)
    g_source_remove (timeout_id);
  g_signal_handlers_disconnect_by_data (device, &wait);
  mpos_device_close (device);
  g_main_loop_unref (wait.loop);
  if (wait.data)
    {
      status = proof ? seal_presence (global, wait.data, &presence) : CTL_EXIT_OK;
      if (status == CTL_EXIT_OK)
        print_read (global, device, wait.data, presence);
    }
  else if (wait.timed_out)
    {
      fprintf (stderr, "mallposctl: nothing was %s within %d s on %s “%s”\n",
               category == MPOS_DEVICE_SCANNER ? "scanned" : "read", timeout_s,
               mpos_device_category_name (category), mpos_device_get_name (device));
      status = CTL_EXIT_NOT_FOUND;
    }
  else
    status = ctl_fail (wait.failure);
  mpos_device_data_free (wait.data);
  g_clear_error (&wait.failure);
  return status;
}

static int
run (CtlGlobal *global, const char *command, MposDeviceCategory category, const char *summary,
     int argc, char **argv)
{
  g_autofree char *device = NULL;
  int timeout_s = 0;
  gboolean proof = FALSE;
  const GOptionEntry entries[]
      = { { "device", 'd', 0, G_OPTION_ARG_STRING, &device,
            "The device of devices.ini to use (default: the first of its kind)", "NAME" },
          { "timeout", 't', 0, G_OPTION_ARG_INT, &timeout_s,
            "Give up after S seconds (exit 3); default: wait for ever", "S" },
          { "proof", 0, 0, G_OPTION_ARG_NONE, &proof,
            "wait-card: seal a chip read as the member's proof (the presence token a "
            "stored-value payment takes as \"card\"); a swipe or typed number is refused (exit 9)",
            NULL },
          { NULL } };

  if (!ctl_parse (global, command, NULL, summary, entries, &argc, &argv))
    return CTL_EXIT_USAGE;
  if (argc > 1)
    return ctl_usage (command, "takes no arguments");
  if (timeout_s < 0)
    return ctl_usage (command, "--timeout must be 0 or more seconds");
  if (proof && category != MPOS_DEVICE_CARD_READER)
    return ctl_usage (command, "--proof is for wait-card");
  return wait_for_read (global, category, device, timeout_s, proof);
}

int
ctl_wait_scan (CtlGlobal *global, int argc, char **argv)
{
  return run (global, "wait-scan", MPOS_DEVICE_SCANNER,
              "Wait for one scan and print the code (--json: with its symbology).\n"
              "The default virtual scanner reads one code per line from stdin.\n"
              "Exit 3 when nothing was scanned within --timeout.",
              argc, argv);
}

int
ctl_wait_card (CtlGlobal *global, int argc, char **argv)
{
  return run (global, "wait-card", MPOS_DEVICE_CARD_READER,
              "Wait for one card and print its number, masked (--json too).\n"
              "The default virtual reader reads a swipe or a card number per line from stdin.\n"
              "Exit 3 when no card was read within --timeout.",
              argc, argv);
}
