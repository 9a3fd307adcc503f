/* ctl-init.c — `mallposctl init`: create the store and set who this
 * terminal is, from options or from a store.json (data/demo/store.json). */
#include "business-day.h"
#include "clock.h"
#include "ctl.h"
#include "ctl-credential.h"
#include "fail.h"
#include "cashier.h"
#include "demo-store.h"
#include "json-fields.h"
#include "settings-change.h"
#include "text-width.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#define CUTOFF_UNSET G_MININT

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
  char **discount_excludes;
  char *default_cashier;
  char *manager;
  gboolean demo;
  gboolean training;
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
  g_strfreev (o->discount_excludes);
  g_free (o->default_cashier);
  g_free (o->manager);
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

/* store.json: what `init --from` reads; any other key is refused. */
static const MposJsonShape store_file_shape = {
  .what = "a store file",
  .keys
  = (const MposJsonKey[]){ { "store",
                             &(const MposJsonShape){
                                 .what = "“store”",
                                 .keys
                                 = (const MposJsonKey[]){ { "code", NULL },
                                                          { "name", NULL },
                                                          { "address", NULL },
                                                          { "time_zone", NULL },
                                                          { "footer", NULL },
                                                          { "business_day_cutoff_hour", NULL },
                                                          { NULL } } } },
                           { "terminal",
                             &(const MposJsonShape){
                                 .what = "“terminal”",
                                 .keys = (const MposJsonKey[]){ { "code", NULL }, { NULL } } } },
                           { "cash_rounding", NULL },
                           { "scale_layout", NULL },
                           { "member_discount_excludes", NULL },
                           { NULL } },
};

/* A footer or an address may have several lines. */
static gboolean
take_string (const cJSON *object, const char *key, char **slot, GError **error)
{
  const char *text = NULL;

  if (!mpos_json_get_lines (object, key, FALSE, 512, &text, error))
    return FALSE;
  if (*slot == NULL && text)
    *slot = g_strdup (text);
  return TRUE;
}

static gboolean
take_strings (const cJSON *object, const char *key, char ***slot, GError **error)
{
  const cJSON *array = cJSON_GetObjectItemCaseSensitive (object, key);
  g_autoptr (GPtrArray) out = NULL;
  const cJSON *item;

  if (array == NULL)
    return TRUE;
  if (!cJSON_IsArray (array))
    return mpos_fail (error, MPOS_JSON_ERROR, MPOS_JSON_ERROR_TYPE,
                      "“%s” must be a list of strings", key);
  out = g_ptr_array_new_with_free_func (g_free);
  cJSON_ArrayForEach (item, array)
  {
    if (!cJSON_IsString (item) || mpos_text_find_control (item->valuestring))
      return mpos_fail (error, MPOS_JSON_ERROR, MPOS_JSON_ERROR_TYPE,
                        "“%s” must be a list of strings on one line each", key);
    if (*item->valuestring)
      g_ptr_array_add (out, g_strdup (item->valuestring));
  }
  g_ptr_array_add (out, NULL);
  if (*slot == NULL)
    *slot = (char **)g_ptr_array_free (g_steal_pointer (&out), FALSE);
  return TRUE;
}

/* Options given on the command line win over the file's values. */
static gboolean
load_from_file (InitOptions *o, GError **error)
{
  gsize length = 0;
  g_autofree char *data = ctl_read_file (o->from, &length, error);
  g_autoptr (cJSON) root = data ? mpos_json_parse (data, length, &store_file_shape, error) : NULL;
  const cJSON *store, *terminal;
  int64_t cutoff = -1;

  if (root == NULL)
    {
      if (data != NULL) /* GLib's own message already names the file */
        g_prefix_error (error, "%s: ", o->from);
      return FALSE;
    }
  store = cJSON_GetObjectItemCaseSensitive (root, "store");
  terminal = cJSON_GetObjectItemCaseSensitive (root, "terminal");
  if (!take_string (store, "code", &o->store_code, error)
      || !take_string (store, "name", &o->name, error)
      || !take_string (store, "address", &o->address, error)
      || !take_string (store, "time_zone", &o->tz, error)
      || !take_string (store, "footer", &o->footer, error)
      || !take_string (terminal, "code", &o->terminal, error)
      || !take_string (root, "cash_rounding", &o->rounding, error)
      || !take_string (root, "scale_layout", &o->scale_layout, error)
      || !take_strings (root, "member_discount_excludes", &o->discount_excludes, error))
    {
      g_prefix_error (error, "%s: ", o->from);
      return FALSE;
    }
  if (o->cutoff == CUTOFF_UNSET
      && mpos_json_get_int (store, "business_day_cutoff_hour", FALSE, 0, 23, &cutoff, error)
      && cutoff >= 0)
    o->cutoff = (int) cutoff;
  if (error && *error)
    {
      g_prefix_error (error, "%s: ", o->from);
      return FALSE;
    }
  return TRUE;
}

/* A refused init leaves no half-made store behind for the next command to trip on. */
static void
remove_new_store (const char *path, MposStore **store)
{
  static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };

  g_clear_pointer (store, mpos_store_close);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      g_unlink (file);
    }
}

/* Options given win; the rest keeps the store's current identity (or the
 * defaults for a new store), so `init --footer X` changes only the footer. */
static void
merge_current (MposStore *store, const InitOptions *o, MposStoreIdentity *identity)
{
  const MposStoreIdentity *current = mpos_store_get_identity (store, NULL);
  MposStoreIdentity none = { 0 };

  if (current == NULL)
    {
      mpos_scale_layout_init_default (&none.scale_layout);
      current = &none;
    }
  /* Copies: the store's cached identity goes away when the new one is saved. */
  identity->store_code = g_strdup (o->store_code ? o->store_code : current->store_code);
  identity->terminal_code = g_strdup (o->terminal ? o->terminal : current->terminal_code);
  identity->time_zone = g_strdup (o->tz              ? o->tz
                                  : current->time_zone ? current->time_zone
                                                       : "Asia/Shanghai");
  identity->store_name = g_strdup (o->name ? o->name : current->store_name);
  identity->store_address = g_strdup (o->address ? o->address : current->store_address);
  identity->receipt_footer = g_strdup (o->footer ? o->footer : current->receipt_footer);
  identity->business_day_cutoff_hour
      = o->cutoff != CUTOFF_UNSET ? o->cutoff : current->business_day_cutoff_hour;
  if (o->rounding == NULL)
    identity->cash_rounding_step = current->cash_rounding_step;
  if (o->scale_layout == NULL)
    identity->scale_layout = current->scale_layout;
  identity->member_discount_excludes
      = g_strdupv (o->discount_excludes ? o->discount_excludes : current->member_discount_excludes);
}

int
ctl_init (CtlGlobal *global, int argc, char **argv)
{
  InitOptions o = { .cutoff = CUTOFF_UNSET };
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
    { "no-member-discount", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o.discount_excludes,
      "A category without member level discount, e.g. 烟酒/香烟 (repeat)", "CATEGORY" },
    { "default-cashier", 0, 0, G_OPTION_ARG_STRING, &o.default_cashier,
      "Cashier of returns and top-ups that name none (\"\": none)", "ID" },
    CTL_SETTINGS_MANAGER_ENTRY (o.manager),
    { "demo", 0, 0, G_OPTION_ARG_NONE, &o.demo,
      "Mark a new store as the demo's (packaging/demo.sh may replace it); a training store", NULL },
    { "training", 0, 0, G_OPTION_ARG_NONE, &o.training,
      "Make a new store a training store (练习模式) for good: receipts say so, the centre never "
      "counts it, MALLPOS_NOW may pin its clock", NULL },
    { NULL }
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  g_auto (MposStoreIdentity) identity = { 0 };
  g_auto (CtlCredential) credential = { 0 };
  const MposStaffCredential *by = NULL;
  int status = CTL_EXIT_OK;
  gboolean existed;

  if (!ctl_parse (global, "init", "",
                  "Create a store, or update its identity: options not given keep their value. "
                  CTL_CREDENTIAL_HELP,
                  entries, &argc, &argv))
    status = CTL_EXIT_USAGE;
  else if (o.from && !load_from_file (&o, &error))
    status = ctl_fail (error);
  else if (o.rounding && !parse_rounding (o.rounding, &identity.cash_rounding_step))
    status = ctl_usage ("init", "--cash-rounding must be none, 0.1 or 1");
  else if (o.cutoff != CUTOFF_UNSET && (o.cutoff < 0 || o.cutoff > 23))
    status = ctl_usage ("init", "--cutoff-hour must be an hour from 0 to 23");
  else if (o.scale_layout
           && !mpos_scale_layout_parse (o.scale_layout, &identity.scale_layout, &error))
    status = ctl_fail (error);
  if (status != CTL_EXIT_OK)
    {
      init_options_clear (&o);
      return status;
    }
  existed = g_file_test (global->store_path, G_FILE_TEST_EXISTS);
  if (o.demo && existed)
    {
      init_options_clear (&o);
      return ctl_usage ("init", "--demo marks a new store only, and this store already exists");
    }
  store = ctl_open_store (global, TRUE, &error);
  if (store != NULL)
    merge_current (store, &o, &identity);
  if (store != NULL && (identity.store_code == NULL || identity.terminal_code == NULL))
    status = ctl_usage ("init", "--store-code and --terminal are required (or --from FILE)");
  else if (store == NULL || !ctl_settings_credential (&credential, o.manager, &by, &error)
           || ((o.training || o.demo) && !mpos_store_make_training (store, mpos_clock_now (), &error))
           || !mpos_settings_set_identity (store, &identity, by, &error)
           || !mpos_business_day_note_created (store, mpos_clock_now (), &error)
           || (o.demo && !mpos_demo_store_mark (store, &error))
           || (o.default_cashier && !mpos_cashier_set_default (store, o.default_cashier, &error)))
    {
      status = ctl_fail (error);
      /* A refused identity (zone, codes) is bad input, not a store problem. */
      if (g_error_matches (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_CONSTRAINT))
        status = CTL_EXIT_INVALID;
    }
  else if (!global->json)
    printf ("store %s terminal %s ready at %s\n", identity.store_code, identity.terminal_code,
            global->store_path);
  if (status != CTL_EXIT_OK && !existed)
    remove_new_store (global->store_path, &store);
  init_options_clear (&o);
  return status;
}
