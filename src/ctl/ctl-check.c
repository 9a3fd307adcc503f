/* ctl-check.c — `mallposctl check`: prove the store is consistent. */
#include "ctl.h"
#include "integrity.h"

#include <stdio.h>

int
ctl_check (CtlGlobal *global, int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *mark = NULL;

  if (!ctl_parse (global, "check", "",
                  "Check SQLite integrity, foreign keys, every cached total and the hash chain "
                  "over sales and ledgers.", NULL, &argc,
                  &argv))
    return CTL_EXIT_USAGE;
  if (argc != 1)
    return ctl_usage ("check", "takes no arguments");
  store = ctl_open_store (global, FALSE, &error);
  if (store == NULL)
    return ctl_fail (error);
  /* A mark the check removes is worth saying: selling resumes. */
  mark = mpos_store_damage (store);
  if (!mpos_integrity_check (store, problems, &error))
    return ctl_fail (error);
  if (global->json)
    {
      cJSON *json = cJSON_CreateObject ();
      cJSON *list = cJSON_AddArrayToObject (json, "problems");
      cJSON_AddBoolToObject (json, "ok", problems->len == 0);
      if (problems->len == 0 && mark != NULL)
        cJSON_AddStringToObject (json, "damage_mark_removed", mark);
      for (guint i = 0; i < problems->len; i++)
        cJSON_AddItemToArray (list, cJSON_CreateString (g_ptr_array_index (problems, i)));
      ctl_print_json (json);
    }
  else
    {
      for (guint i = 0; i < problems->len; i++)
        printf ("PROBLEM: %s\n", (const char *) g_ptr_array_index (problems, i));
      if (problems->len == 0)
        printf ("ok: the store is consistent\n");
      if (problems->len == 0 && mark != NULL)
        printf ("The damage mark is removed (it said: %s); selling may resume.\n", mark);
    }
  return problems->len == 0 ? CTL_EXIT_OK : CTL_EXIT_CHECK;
}
