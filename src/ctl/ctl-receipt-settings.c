/* ctl-receipt-settings.c — `mallposctl receipt-settings`: list what the
 * store prints on its receipts, set one setting or unset it. The checks
 * live in the core (receipt-settings.c), so a window or the centre's pushed
 * config is held to the same rules. */
#include "ctl.h"
#include "ctl-credential.h"
#include "receipt-settings.h"
#include "settings-change.h"

#include <stdio.h>
#include <string.h>

static int
list_settings (CtlGlobal *global, MposStore *store)
{
  const char *const *keys = mpos_receipt_settings_keys ();
  cJSON *json = global->json ? cJSON_CreateObject () : NULL;

  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *value = mpos_receipt_settings_get (store, keys[i], &error);

      if (error != NULL)
        {
          cJSON_Delete (json);
          return ctl_fail (error);
        }
      if (json != NULL)
        {
          if (value != NULL)
            cJSON_AddStringToObject (json, keys[i], value);
          else
            cJSON_AddNullToObject (json, keys[i]);
          continue;
        }
      printf ("%-15s %s\n", keys[i], value != NULL ? value : "(not set)");
      printf ("%-15s   %s\n", "", mpos_receipt_settings_describe (keys[i]));
    }
  if (json != NULL)
    ctl_print_json (json);
  return CTL_EXIT_OK;
}

/* "\n" typed on a command line starts a new receipt line. */
static char *
unescape_lines (const char *value)
{
  GString *out = g_string_new (value);

  g_string_replace (out, "\\n", "\n", 0);
  return g_string_free (out, FALSE);
}

int
ctl_receipt_settings (CtlGlobal *global, int argc, char **argv)
{
  gboolean unset = FALSE;
  g_autofree char *manager = NULL;
  g_auto (CtlCredential) credential = { 0 };
  const MposStaffCredential *by = NULL;
  const GOptionEntry entries[]
      = { { "unset", 0, 0, G_OPTION_ARG_NONE, &unset,
            "Remove the setting: the receipt leaves it out", NULL },
          CTL_SETTINGS_MANAGER_ENTRY (manager),
          { NULL } };
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  g_autofree char *value = NULL;

  if (!ctl_parse (global, "receipt-settings", "[KEY [VALUE]]",
                  "Show the receipt settings, or set one (language, phone, taxpayer_id, header, "
                  "returns_policy, invoice_url, join_url, logo). In header and returns_policy "
                  "\\n starts a new line. " CTL_CREDENTIAL_HELP,
                  entries, &argc, &argv))
    return CTL_EXIT_USAGE;
  if (argc > 3 || (unset && argc != 2) || (!unset && argc == 2))
    return ctl_usage ("receipt-settings",
                      "give nothing (list), KEY VALUE (set) or KEY --unset (remove)");
  store = ctl_open_store (global, FALSE, &error);
  if (store == NULL)
    return ctl_fail (error);
  if (argc == 1)
    return list_settings (global, store);
  value = unset ? NULL : unescape_lines (argv[2]);
  if (!ctl_settings_credential (&credential, manager, &by, &error))
    return ctl_fail (error);
  if (!mpos_settings_set_receipt (store, argv[1], value, by, &error))
    {
      int status = ctl_fail (error);

      /* a refused value is bad input, not a store problem */
      return g_error_matches (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_CONSTRAINT)
                 ? CTL_EXIT_INVALID
                 : status;
    }
  if (!global->json)
    printf ("receipt setting %s %s\n", argv[1], unset ? "removed" : "saved");
  return CTL_EXIT_OK;
}
