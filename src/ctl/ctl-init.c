/* ctl-init.c — `mallposctl init`: create the store and set who this
 * terminal is, from options or from a store.json (data/demo/store.json). */
#include "ctl.h"
#include "json-fields.h"

#include <stdio.h>
#include <string.h>

typedef struct
{
  char *from;
  char *store_code;
  char *terminal;
  char *tz;
  char *name;
  char *address;
  char *footer;
  int cutoff;
  char *rounding;
  char *scale_layout;
} InitOptions;

static void
init_options_clear (InitOptions *o)
{
  g_free (o->from);
  g_free (o->store_code);
  g_free (o->terminal);
  g_free (o->tz);
  g_free (o->name);
  g_free (o->address);
  g_free (o->footer);
  g_free (o->rounding);
  g_free (o->scale_layout);
}

static gboolean
parse_rounding (const char *text, int64_t *step)
{
  if (text == NULL || strcmp (text, "none") == 0)
    *step = 0;
  else if (strcmp (text, "0.1") == 0)
    *step = 10;
  else if (strcmp (text, "1") == 0)
    *step = 100;
  else
    return FALSE;
  return TRUE;
}

static void
take_string (const cJSON *object, const char *key, char **slot)
{
  const char *text = NULL;

  if (*slot == NULL && mpos_json_get_string (object, key, FALSE, 512, &text, NULL) && text)
    *slot = g_strdup (text);
}

/* Options given on the command line win over the file's values. */
static gboolean
load_from_file (InitOptions *o, GError **error)
{
  gsize length = 0;
  g_autofree char *data = ctl_read_file (o->from, &length, error);
  g_autoptr (cJSON) root = data ? mpos_json_parse (data, length, error) : NULL;
  const cJSON *store, *terminal;
  int64_t cutoff = -1;

  if (root == NULL)
    return FALSE;
  store = cJSON_GetObjectItemCaseSensitive (root, "store");
  terminal = cJSON_GetObjectItemCaseSensitive (root, "terminal");
  take_string (store, "code", &o->store_code);
  take_string (store, "name", &o->name);
  take_string (store, "address", &o->address);
  take_string (store, "time_zone", &o->tz);
  take_string (store, "footer", &o->footer);
  take_string (terminal, "code", &o->terminal);
  take_string (root, "cash_rounding", &o->rounding);
  take_string (root, "scale_layout", &o->scale_layout);
  if (o->cutoff < 0 && mpos_json_get_int (store, "business_day_cutoff_hour", FALSE, 0, 23, &cutoff, error))
    o->cutoff = (int) cutoff;
  return error == NULL || *error == NULL;
}

int
ctl_init (CtlGlobal *global, int argc, char **argv)
{
  InitOptions o = { .cutoff = -1 };
  const GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_FILENAME, &o.from, "Read the identity from a store.json", "FILE" },
    { "store-code", 0, 0, G_OPTION_ARG_STRING, &o.store_code, "Store code, e.g. S001", "CODE" },
    { "terminal", 0, 0, G_OPTION_ARG_STRING, &o.terminal, "Terminal code, e.g. T01", "CODE" },
    { "tz", 0, 0, G_OPTION_ARG_STRING, &o.tz, "Store time zone (default Asia/Shanghai)", "ZONE" },
    { "name", 0, 0, G_OPTION_ARG_STRING, &o.name, "Store name printed on receipts", "TEXT" },
    { "address", 0, 0, G_OPTION_ARG_STRING, &o.address, "Store address", "TEXT" },
    { "footer", 0, 0, G_OPTION_ARG_STRING, &o.footer, "Receipt footer", "TEXT" },
    { "cutoff-hour", 0, 0, G_OPTION_ARG_INT, &o.cutoff, "Business day starts at this hour", "H" },
    { "cash-rounding", 0, 0, G_OPTION_ARG_STRING, &o.rounding, "none, 0.1 or 1 (yuan)", "STEP" },
    { "scale-layout", 0, 0, G_OPTION_ARG_STRING, &o.scale_layout,
      "Scale label layout (default 20-29/5/5/weight)", "LAYOUT" },
    { NULL }
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  MposStoreIdentity identity = { 0 };
  int status = CTL_EXIT_OK;

  if (!ctl_parse (global, "init", "", "Create a store (or update its identity).", entries, &argc,
                  &argv))
    status = CTL_EXIT_USAGE;
  else if (o.from && !load_from_file (&o, &error))
    status = ctl_fail (error);
  else if (o.store_code == NULL || o.terminal == NULL)
    status = ctl_usage ("init", "--store-code and --terminal are required (or --from FILE)");
  else if (!parse_rounding (o.rounding, &identity.cash_rounding_step))
    status = ctl_usage ("init", "--cash-rounding must be none, 0.1 or 1");
  else if (o.scale_layout
           && !mpos_scale_layout_parse (o.scale_layout, &identity.scale_layout, &error))
    status = ctl_fail (error);
  if (status != CTL_EXIT_OK)
    {
      init_options_clear (&o);
      return status;
    }
  identity.store_code = o.store_code;
  identity.terminal_code = o.terminal;
  identity.time_zone = o.tz ? o.tz : "Asia/Shanghai";
  identity.store_name = o.name;
  identity.store_address = o.address;
  identity.receipt_footer = o.footer;
  identity.business_day_cutoff_hour = o.cutoff < 0 ? 0 : o.cutoff;
  store = ctl_open_store (global, TRUE, &error);
  if (store == NULL || !mpos_store_set_identity (store, &identity, &error))
    status = ctl_fail (error);
  else if (!global->json)
    printf ("store %s terminal %s ready at %s\n", o.store_code, o.terminal, global->store_path);
  init_options_clear (&o);
  return status;
}
