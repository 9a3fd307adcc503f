/* ctl-language.c — `mallposctl language`: the language this terminal
 * speaks (window and mallposctl), and --set to change it. The receipt's
 * language is a receipt setting (`mallposctl receipt-settings set
 * language …`): shown here beside it, since a store often wants both. */
#include "ctl.h"
#include "ctl-credential.h"
#include "receipt-settings.h"
#include "settings-change.h"
#include "receipt-words.h"
#include "terminal-language.h"

#include <glib/gi18n.h>
#include <stdio.h>

static cJSON *
language_to_json (const char *setting, const char *env, const char *receipt)
{
  cJSON *json = cJSON_CreateObject ();

  if (setting)
    cJSON_AddStringToObject (json, "terminal_language", setting);
  else
    cJSON_AddNullToObject (json, "terminal_language");
  if (env)
    cJSON_AddStringToObject (json, "override", env);
  else
    cJSON_AddNullToObject (json, "override");
  cJSON_AddStringToObject (json, "receipt_language", receipt);
  return json;
}

static void
print_language (const char *setting, const char *env, const char *receipt)
{
  printf (_("terminal language  %s\n"), setting ? setting : _("not set (the system's locale)"));
  if (env)
    printf (_("overridden by      %s=%s for this program\n"), MPOS_TERMINAL_LANGUAGE_ENV, env);
  printf (_("receipt language   %s\n"), receipt);
}

static int
show (CtlGlobal *global, MposStore *store)
{
  g_auto (MposReceiptSettings) receipt = { 0 };
  g_autoptr (GError) error = NULL;
  g_autofree char *setting = mpos_terminal_language_get (store);
  const char *env = g_getenv (MPOS_TERMINAL_LANGUAGE_ENV);
  const char *receipt_language;

  if (!mpos_receipt_settings_load (store, &receipt, &error))
    return ctl_fail (error);
  receipt_language = mpos_receipt_language_name (receipt.language);
  if (env != NULL && *env == '\0')
    env = NULL;
  if (global->json)
    ctl_print_json (language_to_json (setting, env, receipt_language));
  else
    print_language (setting, env, receipt_language);
  return CTL_EXIT_OK;
}

int
ctl_language (CtlGlobal *global, int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  g_autofree char *set = NULL;
  gboolean unset = FALSE;
  g_autofree char *manager = NULL;
  g_auto (CtlCredential) credential = { 0 };
  const MposStaffCredential *by = NULL;
  const GOptionEntry entries[] = {
    CTL_SETTINGS_MANAGER_ENTRY (manager),
    { "set", 0, 0, G_OPTION_ARG_STRING, &set, "speak LANGUAGE from now on: zh_CN, zh_TW or en",
      "LANGUAGE" },
    { "unset", 0, 0, G_OPTION_ARG_NONE, &unset, "speak the system locale's language again",
      NULL },
    { NULL },
  };

  if (!ctl_parse (global, "language", "",
                  "Show or set the language this terminal speaks (window and mallposctl).",
                  entries, &argc, &argv))
    return CTL_EXIT_USAGE;
  if (argc != 1)
    return ctl_usage ("language", _("takes options only"));
  if (set != NULL && unset)
    return ctl_usage ("language", _("give --set or --unset, not both"));
  store = ctl_open_store (global, FALSE, &error);
  if (store == NULL)
    return ctl_fail (error);
  if ((set != NULL || unset)
      && (!ctl_settings_credential (&credential, manager, &by, &error)
          || !mpos_settings_set_language (store, unset ? NULL : set, by, &error)))
    return ctl_fail (error);
  if (set != NULL && g_getenv (MPOS_TERMINAL_LANGUAGE_ENV) == NULL)
    mpos_i18n_use (set);
  return show (global, store);
}
