/* ctl-backup.c — `mallposctl backup DEST`: a consistent copy of the store
 * while the window sells, with its key file beside it as DEST.qrkey (both
 * 0600, never over an existing file). store-backup.h says how, and how to
 * restore. */
#include "ctl.h"
#include "store-backup.h"

#include <stdio.h>

static void
print_done (CtlGlobal *global, const char *dest, const MposStoreBackup *b)
{
  g_autofree char *key = g_strconcat (dest, ".qrkey", NULL);
  cJSON *json;

  if (!global->json)
    {
      printf ("store copied to %s (%" G_GINT64_FORMAT " pages)\n", dest, b->pages);
      if (b->key_copied)
        printf ("store key copied to %s: keep it apart from the copy (another medium); "
                "restoring needs both\n",
                key);
      else
        printf ("the store has no key file yet (no member code or staff card needs one)\n");
      return;
    }
  json = cJSON_CreateObject ();
  cJSON_AddStringToObject (json, "store", dest);
  if (b->key_copied)
    cJSON_AddStringToObject (json, "key", key);
  else
    cJSON_AddNullToObject (json, "key");
  cJSON_AddNumberToObject (json, "pages", (double) b->pages);
  ctl_print_json (json);
}

int
ctl_backup (CtlGlobal *global, int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  MposStoreBackup backup;

  if (!ctl_parse (global, "backup", "DEST",
                  "Copy the store to DEST while it is in use (one consistent moment) and its key "
                  "file to DEST.qrkey, both readable by this user only. An existing DEST or "
                  "DEST.qrkey is never written over. To restore: with the window closed, copy "
                  "DEST to the store's path and DEST.qrkey to <store>.qrkey (chmod 600 both), "
                  "then run mallposctl check.",
                  NULL, &argc, &argv))
    return CTL_EXIT_USAGE;
  if (argc != 2 || argv[1][0] == '\0')
    return ctl_usage ("backup", "give the DEST file of the copy");
  store = ctl_open_store (global, FALSE, &error);
  if (store == NULL || !mpos_store_backup (store, argv[1], &backup, &error))
    {
      if (error->domain == G_FILE_ERROR && error->code == G_FILE_ERROR_EXIST)
        return ctl_fail (error), CTL_EXIT_CONFLICT;
      return ctl_fail (error);
    }
  print_done (global, argv[1], &backup);
  return CTL_EXIT_OK;
}
