/* ctl-import.c — `mallposctl import KIND FILE`: catalog (CSV or JSON),
 * scheduled prices (CSV), promotions and members (JSON). Bad rows are
 * listed with their line; by default a file with any bad row imports nothing. */
#include "catalog-import.h"
#include "ctl.h"
#include "ctl-credential.h"
#include "settings-change.h"

#include <stdio.h>
#include <string.h>

static cJSON *
notes_json (const GPtrArray *notes)
{
  cJSON *array = cJSON_CreateArray ();

  for (guint i = 0; i < notes->len; i++)
    {
      const MposImportProblem *p = g_ptr_array_index (notes, i);
      cJSON *item = cJSON_CreateObject ();
      cJSON_AddNumberToObject (item, "line", p->line);
      cJSON_AddStringToObject (item, "message", p->message);
      cJSON_AddItemToArray (array, item);
    }
  return array;
}

static void
print_report_json (const char *kind, const MposImportReport *report, gboolean ok)
{
  cJSON *json = cJSON_CreateObject ();

  cJSON_AddStringToObject (json, "kind", kind);
  cJSON_AddBoolToObject (json, "ok", ok);
  cJSON_AddNumberToObject (json, "imported", report->rows_imported);
  cJSON_AddNumberToObject (json, "rejected", report->rows_rejected);
  cJSON_AddItemToObject (json, "problems", notes_json (report->problems));
  cJSON_AddNumberToObject (json, "created", report->created);
  cJSON_AddNumberToObject (json, "updated", report->updated);
  cJSON_AddNumberToObject (json, "unchanged", report->unchanged);
  cJSON_AddNumberToObject (json, "stock_opened", report->stock_opened);
  cJSON_AddNumberToObject (json, "stock_adjusted", report->stock_adjusted);
  cJSON_AddNumberToObject (json, "stock_ignored", report->stock_ignored);
  cJSON_AddNumberToObject (json, "prices_in_effect", report->prices_added);
  cJSON_AddNumberToObject (json, "prices_scheduled", report->prices_scheduled);
  cJSON_AddItemToObject (json, "scheduled", notes_json (report->scheduled));
  ctl_print_json (json);
}

/* What the import changed, so nobody has to guess what a re-import did. */
static void
print_changes (const char *kind, const MposImportReport *report)
{
  if (strcmp (kind, "prices") == 0)
    {
      printf ("prices: %u in effect now, %u scheduled for later\n", report->prices_added,
              report->prices_scheduled);
      for (guint i = 0; i < report->scheduled->len; i++)
        {
          const MposImportProblem *p = g_ptr_array_index (report->scheduled, i);
          printf ("line %u: scheduled: %s\n", p->line, p->message);
        }
      return;
    }
  printf ("SKUs: created %u, updated %u, unchanged %u; stock: opening stock %u, adjusted %u\n",
          report->created, report->updated, report->unchanged, report->stock_opened,
          report->stock_adjusted);
  if (report->stock_ignored > 0)
    printf ("stock left as it is for %u existing SKU(s) whose stock differs from the file "
            "(stock changes through sales, returns and counts); to count them to the file's "
            "figures, import again with --set-stock\n",
            report->stock_ignored);
}

static void
print_report (CtlGlobal *global, const char *kind, const MposImportReport *report, gboolean ok)
{
  if (global->json)
    {
      print_report_json (kind, report, ok);
      return;
    }
  for (guint i = 0; i < report->problems->len; i++)
    {
      const MposImportProblem *p = g_ptr_array_index (report->problems, i);
      fprintf (stderr, "line %u: %s\n", p->line, p->message);
    }
  if (!ok)
    return;
  printf ("imported %u %s row(s), rejected %u\n", report->rows_imported, kind,
          report->rows_rejected);
  print_changes (kind, report);
}

static gboolean
import_rows (MposStore *store, const char *kind, const char *path, const char *data, gsize length,
             MposImportMode mode, const MposStaffCredential *by, MposImportReport *report,
             GError **error)
{
  gboolean prices = strcmp (kind, "prices") == 0;

  return mpos_settings_import_rows (store, prices ? MPOS_IMPORT_PRICES : MPOS_IMPORT_CATALOG,
                                    !prices && g_str_has_suffix (path, ".json"), data, length,
                                    mode, by, report, error);
}

/* A whole document: promotions, members, or the loyalty rules
 * (src/loyalty-rules.h, validated whole, stored as one document). */
static int
import_document (CtlGlobal *global, MposStore *store, const char *kind, const char *data,
                 gsize length, const MposStaffCredential *by)
{
  gboolean rules = strcmp (kind, "loyalty-rules") == 0;
  MposSettingsDocument document = rules                              ? MPOS_SETTINGS_LOYALTY_RULES
                                  : strcmp (kind, "promotions") == 0 ? MPOS_SETTINGS_PROMOTIONS
                                                                     : MPOS_SETTINGS_MEMBERS;
  g_autoptr (GError) error = NULL;
  MposSettingsImported imported;
  guint count;

  if (!mpos_settings_import_document (store, document, data, length, by, &imported, &error))
    return ctl_fail (error);
  count = rules ? 1 : imported.count;
  if (global->json)
    {
      cJSON *json = cJSON_CreateObject ();
      cJSON_AddStringToObject (json, "kind", kind);
      cJSON_AddNumberToObject (json, "imported", count);
      ctl_print_json (json);
    }
  else if (rules)
    printf ("imported the loyalty rules\n");
  else
    printf ("imported %u %s\n", count, kind);
  return CTL_EXIT_OK;
}

static int
run_import (CtlGlobal *global, MposStore *store, const char *kind, const char *path,
            MposImportMode mode, const MposStaffCredential *by)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GMappedFile) file = g_mapped_file_new (path, FALSE, &error);
  g_auto (MposImportReport) report = { 0 };
  const char *data;
  gsize length;
  gboolean ok;

  if (file == NULL)
    return ctl_fail (error);
  data = g_mapped_file_get_contents (file);
  length = g_mapped_file_get_length (file);
  if (strcmp (kind, "catalog") != 0 && strcmp (kind, "prices") != 0)
    return import_document (global, store, kind, data ? data : "", length, by);
  mpos_import_report_init (&report);
  ok = import_rows (store, kind, path, data ? data : "", length, mode, by, &report, &error);
  print_report (global, kind, &report, ok);
  return ok ? CTL_EXIT_OK : ctl_fail (error);
}

int
ctl_import (CtlGlobal *global, int argc, char **argv)
{
  gboolean skip_bad = FALSE, set_stock = FALSE;
  g_autofree char *manager = NULL;
  g_auto (CtlCredential) credential = { 0 };
  const MposStaffCredential *by = NULL;
  const GOptionEntry entries[] = {
    CTL_SETTINGS_MANAGER_ENTRY (manager),
    { "skip-bad-rows", 0, 0, G_OPTION_ARG_NONE, &skip_bad,
      "Import the good rows of a file that has bad ones", NULL },
    { "set-stock", 0, 0, G_OPTION_ARG_NONE, &set_stock,
      "catalog: count existing SKUs to the file's stock (adjustment movements); without it "
      "only new SKUs take the file's stock", NULL },
    { NULL }
  };
  static const char *const kinds[]
      = { "catalog", "prices", "promotions", "members", "loyalty-rules", NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;

  if (!ctl_parse (global, "import", "catalog|prices|promotions|members|loyalty-rules FILE",
                  "Import a file. catalog: CSV or JSON; prices: CSV "
                  "(sku,price,level,effective_from,effective_to); promotions, members, "
                  "loyalty-rules: JSON. " CTL_CREDENTIAL_HELP,
                  entries, &argc, &argv))
    return CTL_EXIT_USAGE;
  if (argc == 3 && !g_strv_contains (kinds, argv[1]))
    {
      g_autofree char *message = g_strdup_printf (
          "unknown kind “%s”: use catalog, prices, promotions, members or loyalty-rules",
          argv[1]);
      return ctl_usage ("import", message);
    }
  if (argc != 3)
    return ctl_usage ("import", "give a kind (catalog, prices, promotions, members, "
                                "loyalty-rules) and a file");
  if (set_stock && strcmp (argv[1], "catalog") != 0)
    return ctl_usage ("import", "--set-stock applies to a catalog import only");
  store = ctl_open_store (global, FALSE, &error);
  if (store == NULL || !ctl_settings_credential (&credential, manager, &by, &error))
    return ctl_fail (error);
  return run_import (global, store, argv[1], argv[2],
                     (skip_bad ? MPOS_IMPORT_SKIP_BAD_ROWS : 0)
                         | (set_stock ? MPOS_IMPORT_SET_STOCK : 0),
                     by);
}
