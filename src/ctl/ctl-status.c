/* ctl-status.c — `mallposctl status`: which store this is (path, store and
 * terminal, time zone, schema version), whether it is the demo's store and
 * who the default cashier is. Reads only; scripts use --json (demo.sh asks
 * it before it replaces a store). */
#include "ctl.h"
#include "cashier.h"
#include "demo-store.h"

#include <stdio.h>

static cJSON *
status_to_json (MposStore *store, const char *path, const MposStoreIdentity *identity)
{
  g_autofree char *cashier = mpos_cashier_get_default (store);
  cJSON *json = cJSON_CreateObject ();

  cJSON_AddStringToObject (json, "path", path);
  cJSON_AddStringToObject (json, "store_code", identity->store_code);
  cJSON_AddStringToObject (json, "terminal_code", identity->terminal_code);
  cJSON_AddStringToObject (json, "store_name", identity->store_name ? identity->store_name : "");
  cJSON_AddStringToObject (json, "time_zone", identity->time_zone);
  cJSON_AddNumberToObject (json, "schema_version", mpos_store_schema_version ());
  cJSON_AddBoolToObject (json, "demo", mpos_demo_store_is (store));
  cJSON_AddBoolToObject (json, "training", mpos_store_is_training (store));
  if (cashier)
    cJSON_AddStringToObject (json, "default_cashier", cashier);
  else
    cJSON_AddNullToObject (json, "default_cashier");
  return json;
}

static void
print_status (const cJSON *json)
{
  const cJSON *cashier = cJSON_GetObjectItemCaseSensitive (json, "default_cashier");

  printf ("store            %s %s\n", ctl_string_of (json, "store_code"),
          ctl_string_of (json, "store_name"));
  printf ("terminal         %s\n", ctl_string_of (json, "terminal_code"));
  printf ("path             %s\n", ctl_string_of (json, "path"));
  printf ("time zone        %s\n", ctl_string_of (json, "time_zone"));
  printf ("schema           %" G_GINT64_FORMAT "\n", ctl_number_of (json, "schema_version"));
  printf ("default cashier  %s\n", cJSON_IsString (cashier)
                                       ? cashier->valuestring
                                       : "none (returns and top-ups need --cashier)");
  if (cJSON_IsTrue (cJSON_GetObjectItemCaseSensitive (json, "training")))
    printf ("training store   yes (练习模式): receipts say so, the centre never counts its "
            "sales, MALLPOS_NOW may pin its clock\n");
  else
    printf ("training store   no: a production store, on the real clock\n");
  if (cJSON_IsTrue (cJSON_GetObjectItemCaseSensitive (json, "demo")))
    printf ("demo store       yes: made up data; packaging/demo.sh replaces it when run again\n");
}

int
ctl_status (CtlGlobal *global, int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  const MposStoreIdentity *identity;
  cJSON *json;

  if (!ctl_parse (global, "status", "", "Say which store this is and how it is set up.", NULL,
                  &argc, &argv))
    return CTL_EXIT_USAGE;
  if (argc != 1)
    return ctl_usage ("status", "takes options only");
  store = ctl_open_store (global, FALSE, &error);
  identity = store ? mpos_store_get_identity (store, &error) : NULL;
  if (identity == NULL)
    return ctl_fail (error);
  json = status_to_json (store, global->store_path, identity);
  if (global->json)
    ctl_print_json (json);
  else
    {
      print_status (json);
      cJSON_Delete (json);
    }
  return CTL_EXIT_OK;
}
