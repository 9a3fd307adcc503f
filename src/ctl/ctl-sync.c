/* ctl-sync.c — `mallposctl sync`: enrol with the centre, see the sync
 * status, run a pass now, and read and resolve the exceptions (entries the
 * centre rejected; closing one takes a manager's credential). The work is
 * in sync/client, src/sync-state.c and src/sync-exception-resolve.c. */
#include "ctl.h"
#include "clock.h"
#include "ctl-credential.h"
#include "sync-client.h"
#include "sync-state.h"

#include <stdio.h>

static int
sync_fail (GError *error)
{
  static const int codes[] = {
    [MPOS_SYNC_ERROR_NOT_ENROLLED] = CTL_EXIT_NOT_FOUND,
    [MPOS_SYNC_ERROR_NOT_FOUND] = CTL_EXIT_NOT_FOUND,
    [MPOS_SYNC_ERROR_INVALID] = CTL_EXIT_INVALID,
    [MPOS_SYNC_ERROR_STOPPED] = CTL_EXIT_CONFLICT,
    [MPOS_SYNC_ERROR_OFFLINE] = CTL_EXIT_FAILED,
    [MPOS_SYNC_ERROR_REFUSED] = CTL_EXIT_CONFLICT,
  };

  if (error->domain != MPOS_SYNC_ERROR || error->code < 0 || error->code >= (int) G_N_ELEMENTS (codes))
    return ctl_fail (error);
  fprintf (stderr, "mallposctl: %s\n", error->message);
  return codes[error->code];
}

static int
sync_enrol (CtlGlobal *global, int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  g_autofree char *url = NULL, *code = NULL, *ca = NULL;
  g_auto (GStrv) pins = NULL;
  const GOptionEntry options[] = {
    { "url", 0, 0, G_OPTION_ARG_STRING, &url, "the centre: https://HOST:PORT", "URL" },
    { "code", 0, 0, G_OPTION_ARG_STRING, &code, "the one-time enrolment code from IT", "CODE" },
    { "pin", 0, 0, G_OPTION_ARG_STRING_ARRAY, &pins,
      "the centre's key pin (sha256//…); twice for current and next", "PIN" },
    { "ca", 0, 0, G_OPTION_ARG_FILENAME, &ca, "also check the certificate against this CA", "FILE" },
    { NULL },
  };

  if (!ctl_parse (global, "sync enrol", "",
                  "Enrol this terminal with the centre, with the code and pin IT gives.", options,
                  &argc, &argv))
    return CTL_EXIT_USAGE;
  if (argc != 1 || url == NULL || code == NULL || pins == NULL)
    return ctl_usage ("sync enrol", "--url, --code and --pin are required");
  store = ctl_open_store (global, FALSE, &error);
  if (store == NULL || !mpos_sync_enrol (store, url, code, (const char *const *) pins, ca, &error))
    return sync_fail (error);
  printf ("enrolled with %s; the journal is pushed from the next sync (mallposctl sync now)\n",
          url);
  return CTL_EXIT_OK;
}

static char *
when (MposStore *store, int64_t t)
{
  return t ? mpos_store_local_time (store, t) : g_strdup ("never");
}

static void
print_status_text (MposStore *store, const MposSyncStatus *s)
{
  g_autofree char *last = when (store, s->last_success);
  g_autofree char *since = when (store, s->offline_since);

  if (!s->enrolled)
    {
      printf ("not enrolled with a centre (mallposctl sync enrol)\n");
      return;
    }
  printf ("centre:      %s (%s)\n", s->url, s->terminal);
  printf ("state:       %s\n", s->stopped ? "STOPPED until IT acts"
                           : s->offline_since ? "offline" : s->last_success ? "online"
                                                                            : "not yet synced");
  if (s->offline_since)
    printf ("offline since: %s\n", since);
  printf ("pending:     %" G_GINT64_FORMAT " journal entries\n", s->journal_seq - s->pushed_seq);
  printf ("last success: %s\n", last);
  printf ("exceptions:  %" G_GINT64_FORMAT " open (mallposctl sync exceptions)\n",
          s->open_exceptions);
  if (s->last_error)
    printf ("last error:  %s\n", s->last_error);
}

static cJSON *
status_json (const MposSyncStatus *s)
{
  cJSON *json = cJSON_CreateObject ();

  cJSON_AddBoolToObject (json, "enrolled", s->enrolled);
  if (s->enrolled)
    {
      cJSON_AddStringToObject (json, "url", s->url);
      cJSON_AddStringToObject (json, "terminal", s->terminal);
    }
  cJSON_AddBoolToObject (json, "online", s->last_success && !s->offline_since && !s->stopped);
  cJSON_AddNumberToObject (json, "offline_since", (double) s->offline_since);
  cJSON_AddNumberToObject (json, "pending", (double) (s->journal_seq - s->pushed_seq));
  cJSON_AddNumberToObject (json, "pushed_seq", (double) s->pushed_seq);
  cJSON_AddNumberToObject (json, "centre_seq", (double) s->centre_seq);
  cJSON_AddNumberToObject (json, "last_success", (double) s->last_success);
  cJSON_AddNumberToObject (json, "failures", s->failures);
  cJSON_AddNumberToObject (json, "next_attempt", (double) s->next_attempt);
  cJSON_AddNumberToObject (json, "exceptions", (double) s->open_exceptions);
  if (s->last_error)
    cJSON_AddStringToObject (json, "last_error", s->last_error);
  if (s->stopped)
    cJSON_AddStringToObject (json, "stopped", s->stopped);
  return json;
}

static int
sync_status (CtlGlobal *global, int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  g_auto (MposSyncStatus) status = { 0 };
  const GOptionEntry options[] = { { NULL } };

  if (!ctl_parse (global, "sync status", "",
                  "Online or offline, since when, entries pending, last success, exceptions.",
                  options, &argc, &argv))
    return CTL_EXIT_USAGE;
  if (argc != 1)
    return ctl_usage ("sync status", "takes no arguments");
  store = ctl_open_store (global, FALSE, &error);
  if (store == NULL || !mpos_sync_status_load (store, &status, &error))
    return sync_fail (error);
  if (global->json)
    ctl_print_json (status_json (&status));
  else
    print_status_text (store, &status);
  return CTL_EXIT_OK;
}

static int
sync_now (CtlGlobal *global, int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  MposSyncReport r = { 0 };
  const GOptionEntry options[] = { { NULL } };

  if (!ctl_parse (global, "sync now", "",
                  "Push every pending journal entry and pull every stream now, whatever the backoff.",
                  options, &argc, &argv))
    return CTL_EXIT_USAGE;
  if (argc != 1)
    return ctl_usage ("sync now", "takes no arguments");
  store = ctl_open_store (global, FALSE, &error);
  if (store == NULL || !mpos_sync_run (store, NULL, &r, &error))
    return sync_fail (error);
  printf ("pushed %u entries: %u applied, %u already there, %u rejected%s; %u prices changed\n",
          r.sent, r.applied, r.duplicate, r.rejected,
          r.rejected ? " (mallposctl sync exceptions)" : "", r.prices_changed);
  printf ("promotions, coupon templates, loyalty rules and settings: %u changed\n",
          r.documents_changed);
  printf ("members: %u new, %u brought up to date%s; %u hotlist changes%s\n", r.members_added,
          r.members_updated,
          r.member_conflicts ? " (a phone or card number another member holds here was left out)"
                             : "",
          r.hotlist_changes,
          r.snapshots ? " (the centre had compacted a stream: a full snapshot was taken)" : "");
  if (r.barcode_conflicts)
    printf ("%u barcodes from the centre were left out: another product holds them here, or they "
            "are no valid barcode (check the catalog at the centre)\n",
            r.barcode_conflicts);
  printf ("member coupons: %u new here, %u used elsewhere and voided here", r.coupons_added,
          r.coupons_voided);
  if (r.coupons_unknown)
    printf (", %u left out: their template is not at this store yet (it comes with the coupons "
            "stream; sync again)",
            r.coupons_unknown);
  putchar ('\n');
  return CTL_EXIT_OK;
}

static cJSON *
exception_json (const MposSyncException *x)
{
  cJSON *json = cJSON_CreateObject ();

  cJSON_AddNumberToObject (json, "seq", (double) x->seq);
  cJSON_AddStringToObject (json, "id", x->entry_id);
  cJSON_AddStringToObject (json, "kind", x->kind);
  cJSON_AddStringToObject (json, "reason", x->reason);
  cJSON_AddNumberToObject (json, "raised_at", (double) x->raised_at);
  if (x->resolved_at)
    {
      cJSON_AddNumberToObject (json, "resolved_at", (double) x->resolved_at);
      cJSON_AddStringToObject (json, "resolved_by", x->resolved_by);
      cJSON_AddStringToObject (json, "note", x->note);
    }
  return json;
}

static int
sync_exceptions (CtlGlobal *global, int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  g_autoptr (GPtrArray) list = NULL;
  gboolean all = FALSE;
  const GOptionEntry options[] = {
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, "resolved ones too", NULL },
    { NULL },
  };

  if (!ctl_parse (global, "sync exceptions", "",
                  "Journal entries the centre rejected, one a line: seq, kind, reason.", options,
                  &argc, &argv))
    return CTL_EXIT_USAGE;
  if (argc != 1)
    return ctl_usage ("sync exceptions", "takes no arguments");
  store = ctl_open_store (global, FALSE, &error);
  if (store == NULL || (list = mpos_sync_exceptions (store, !all, &error)) == NULL)
    return sync_fail (error);
  if (global->json)
    {
      cJSON *json = cJSON_CreateArray ();
      for (guint i = 0; i < list->len; i++)
        cJSON_AddItemToArray (json, exception_json (g_ptr_array_index (list, i)));
      ctl_print_json (json);
      return CTL_EXIT_OK;
    }
  for (guint i = 0; i < list->len; i++)
    {
      const MposSyncException *x = g_ptr_array_index (list, i);
      printf ("%" G_GINT64_FORMAT "\t%s\t%s\t%s\n", x->seq, x->kind,
              x->resolved_at ? "resolved" : "open", x->reason);
    }
  if (list->len == 0)
    printf ("no %sexceptions\n", all ? "" : "open ");
  return CTL_EXIT_OK;
}

static int
sync_resolve (CtlGlobal *global, int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  g_autofree char *manager = NULL, *note = NULL;
  g_auto (CtlCredential) credential = { 0 };
  const MposStaffCredential *by;
  gint64 seq = 0;
  char *end = NULL;
  const GOptionEntry options[] = {
    CTL_MANAGER_ENTRY (manager, "Staff number of the manager who resolves it (PIN: "
                                "MALLPOS_SUPERVISOR_PIN, else the terminal, else a line of "
                                "standard input; never an argument), or card"),
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, "what was done about it", "TEXT" },
    { NULL },
  };

  if (!ctl_parse (global, "sync resolve", "SEQ",
                  "Close an exception once it was dealt with (the entry stays in the journal; "
                  "the resolve is audited and journaled with the manager's number). "
                  CTL_CREDENTIAL_HELP,
                  options, &argc, &argv))
    return CTL_EXIT_USAGE;
  if (argc != 2 || note == NULL || *note == '\0')
    return ctl_usage ("sync resolve", "give the entry's SEQ, --manager NUMBER and --note TEXT");
  seq = g_ascii_strtoll (argv[1], &end, 10);
  if (*end != '\0' || seq < 1)
    return ctl_usage ("sync resolve", "SEQ is the journal sequence number sync exceptions shows");
  if (manager == NULL)
    return ctl_credential_missing ("sync resolve", "--manager");
  store = ctl_open_store (global, FALSE, &error);
  if (store == NULL || (by = ctl_credential (&credential, manager, FALSE, &error)) == NULL
      || !mpos_sync_exception_resolve (store, seq, by, note, mpos_clock_now (), &error))
    return sync_fail (error);
  printf ("exception %" G_GINT64_FORMAT " resolved\n", seq);
  return CTL_EXIT_OK;
}

static const CtlSubcommand sync_commands[] = {
  { "enrol", sync_enrol, "--url URL --code CODE --pin PIN",
    "enrol this terminal with the centre" },
  { "status", sync_status, "", "online/offline, pending, last success, exceptions" },
  { "now", sync_now, "", "push the journal and pull prices now" },
  { "exceptions", sync_exceptions, "[--all]", "entries the centre rejected" },
  { "resolve", sync_resolve, "SEQ --manager M --note TEXT", "close an exception" },
};

int
ctl_sync (CtlGlobal *global, int argc, char **argv)
{
  static const CtlSubcommands verb = CTL_SUBCOMMANDS ("sync", sync_commands, 10, 32);

  return ctl_run_subcommand (global, &verb, argc, argv);
}
