/* ctl-suspend.c — `mallposctl suspend` parks a sale document;
 * `suspended` lists what is parked or shows one; `sale --resume ID` sells it. */
#include "cart-json.h"
#include "clock.h"
#include "ctl.h"
#include "suspend.h"

#include <stdio.h>

int
ctl_suspend (CtlGlobal *global, int argc, char **argv)
{
  g_autofree char *note = NULL;
  const GOptionEntry entries[] = {
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, "A note for whoever resumes it", "TEXT" },
    { NULL }
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  g_autoptr (MposCart) cart = NULL;
  g_autofree char *data = NULL;
  gsize length = 0;
  int64_t id = 0;

  if (!ctl_parse (global, "suspend", "< SALE.json", "Suspend (park) a sale.", entries, &argc,
                  &argv))
    return CTL_EXIT_USAGE;
  if (argc != 1)
    return ctl_usage ("suspend", "the sale document comes on standard input");
  store = ctl_open_store (global, FALSE, &error);
  data = store ? ctl_read_stdin (&length, &error) : NULL;
  cart = data ? mpos_cart_from_json (store, data, length, mpos_clock_now (), &error) : NULL;
  if (cart == NULL)
    ctl_name_stdin (&error);
  if (cart == NULL || !mpos_suspend_cart (cart, note, &id, &error))
    return ctl_fail (error);
  if (global->json)
    {
      cJSON *json = cJSON_CreateObject ();
      cJSON_AddNumberToObject (json, "id", (double) id);
      ctl_print_json (json);
    }
  else
    printf ("suspended as %" G_GINT64_FORMAT "; resume with: mallposctl sale --resume %" G_GINT64_FORMAT "\n", id, id);
  return CTL_EXIT_OK;
}

static int
list_suspended (CtlGlobal *global, MposStore *store)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) list = mpos_suspend_list (store, &error);
  cJSON *array = global->json ? cJSON_CreateArray () : NULL;

  if (list == NULL)
    return ctl_fail (error);
  for (guint i = 0; i < list->len; i++)
    {
      MposSuspended *s = g_ptr_array_index (list, i);
      g_autofree char *when = mpos_store_local_time (store, s->created_at);
      if (array)
        {
          cJSON *item = cJSON_CreateObject ();
          cJSON_AddNumberToObject (item, "id", (double) s->id);
          cJSON_AddStringToObject (item, "cashier", s->cashier);
          cJSON_AddStringToObject (item, "time", when);
          if (s->note)
            cJSON_AddStringToObject (item, "note", s->note);
          cJSON_AddItemToArray (array, item);
        }
      else
        printf ("%" G_GINT64_FORMAT "  %s  cashier %s  %s\n", s->id, when, s->cashier,
                s->note ? s->note : "");
    }
  if (array)
    ctl_print_json (array);
  return CTL_EXIT_OK;
}

int
ctl_suspended (CtlGlobal *global, int argc, char **argv)
{
  static const CtlCommandHelp help
      = { "suspended", "", "List suspended sales.", 0, "takes no arguments" };
  gint64 show = 0;
  const GOptionEntry entries[] = {
    { "show", 0, 0, G_OPTION_ARG_INT64, &show, "Print this suspended sale's document", "ID" },
    { NULL }
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  g_autoptr (MposSuspended) s = NULL;
  int status;

  if ((store = ctl_start (global, &help, entries, &argc, &argv, &status)) == NULL)
    return status;
  if (show == 0)
    return list_suspended (global, store);
  s = mpos_suspend_get (store, show, &error);
  if (s == NULL)
    return ctl_fail (error);
  printf ("%s\n", s->document);
  return CTL_EXIT_OK;
}
