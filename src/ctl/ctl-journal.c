/* ctl-journal.c — `mallposctl journal`: the sync outbox as the centre will
 * receive it (IT and tests look at what a terminal will send). */
#include "ctl.h"
#include "journal-read.h"
#include "json-fields.h"

#include <stdio.h>

#define DEFAULT_LIMIT 100

static void
print_entry (const MposJournalEntry *entry)
{
  g_autoptr (cJSON) tree = mpos_journal_entry_payload (entry);
  g_autofree char *payload = cJSON_PrintUnformatted (tree);

  printf ("%" G_GINT64_FORMAT "\t%s\t%s\t%s\n", entry->seq, entry->kind, entry->ref_id,
          payload ? payload : "");
}

static void
print_entries (CtlGlobal *global, GPtrArray *entries)
{
  cJSON *json;

  if (!global->json)
    {
      for (guint i = 0; i < entries->len; i++)
        print_entry (g_ptr_array_index (entries, i));
      return;
    }
  json = cJSON_CreateArray ();
  for (guint i = 0; i < entries->len; i++)
    cJSON_AddItemToArray (json, mpos_journal_entry_to_json (g_ptr_array_index (entries, i)));
  ctl_print_json (json);
}

int
ctl_journal (CtlGlobal *global, int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  gint64 after = 0;
  gint limit = DEFAULT_LIMIT;
  const GOptionEntry entries_options[] = {
    { "after", 'a', 0, G_OPTION_ARG_INT64, &after, "only entries after this sequence number",
      "SEQ" },
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, "at most this many entries (default 100)", "N" },
    { NULL },
  };

  if (!ctl_parse (global, "journal", "",
                  "List the sync journal (outbox) in sequence order, one entry a line: seq, "
                  "kind, reference, payload.",
                  entries_options, &argc, &argv))
    return CTL_EXIT_USAGE;
  if (argc != 1)
    return ctl_usage ("journal", "takes no arguments");
  if (after < 0 || limit < 1)
    return ctl_usage ("journal", "--after must be 0 or more and --limit at least 1");
  store = ctl_open_store (global, FALSE, &error);
  if (store == NULL || (entries = mpos_journal_read (store, after, (guint) limit, &error)) == NULL)
    return ctl_fail (error);
  print_entries (global, entries);
  return CTL_EXIT_OK;
}
