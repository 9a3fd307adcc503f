/* ctl-common.c — shared plumbing of the mallposctl commands. */
#include "core.h"
#include "ctl.h"
#include "barcode.h"
#include "cart.h"
#include "cashier.h"
#include "catalog-import.h"
#include "catalog.h"
#include "clock.h"
#include "csv.h"
#include "json-fields.h"
#include "member.h"
#include "money.h"
#include "percent.h"
#include "promotion.h"
#include "report-day.h"
#include "sale.h"
#include "tender.h"
#include "terminal-language.h"

#include <glib/gi18n.h>

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define MAX_INPUT_BYTES ((gsize) 64 << 20)

gboolean
ctl_parse (CtlGlobal *global, const char *command, const char *parameter, const char *summary,
           const GOptionEntry *entries, int *argc, char ***argv)
{
  const GOptionEntry common[] = {
    { "store", 's', 0, G_OPTION_ARG_FILENAME, &global->store_path,
      "Store file (default: $MALLPOS_STORE or ~/.local/share/mallpos/store.db)", "PATH" },
    { "json", 'j', 0, G_OPTION_ARG_NONE, &global->json, "Print JSON instead of text", NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new (parameter);
  g_autofree char *prgname = g_strdup_printf ("mallposctl %s", command);
  g_autoptr (GError) error = NULL;

  g_set_prgname (prgname);
  g_option_context_set_summary (context, summary);
  if (entries)
    g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_add_main_entries (context, common, NULL);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      ctl_usage (command, error->message);
      return FALSE;
    }
  if (global->store_path != NULL && global->store_path[0] == '\0')
    {
      ctl_usage (command, "--store needs the path of a store file");
      return FALSE;
    }
  if (global->store_path == NULL)
    global->store_path = mpos_store_default_path ();
  return TRUE;
}

/* The terminal's language setting, unless MALLPOS_LANGUAGE chose already
 * (mallposctl.c): what is said from here on, once the store is open. */
static MposStore *
ctl_speak_store_language (MposStore *store)
{
  g_autofree char *language = NULL;

  if (store != NULL && (language = mpos_terminal_language_choose (store)) != NULL)
    mpos_i18n_use (language);
  return store;
}

MposStore *
ctl_open_store (CtlGlobal *global, gboolean create, GError **error)
{
  MposStoreOptions options = { create, 0 };
  const char *busy = g_getenv ("MALLPOS_BUSY_TIMEOUT_MS");
  g_autofree char *dir = g_path_get_dirname (global->store_path);

  if (busy)
    options.busy_timeout_ms = (int) g_ascii_strtoll (busy, NULL, 10);
  if (create && g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
                   "cannot create the folder %s: %s", dir, g_strerror (errno));
      return NULL;
    }
  mpos_core_init ();
  return ctl_speak_store_language (mpos_store_open (global->store_path, &options, error));
}

int
ctl_start_args (CtlGlobal *global, const CtlCommandHelp *help, const GOptionEntry *entries,
                int *argc, char ***argv)
{
  if (!ctl_parse (global, help->command, help->parameter, help->summary, entries, argc, argv))
    return CTL_EXIT_USAGE;
  if (help->args >= 0 && *argc != help->args + 1)
    return ctl_usage (help->command, help->wrong);
  return CTL_EXIT_OK;
}

MposStore *
ctl_start (CtlGlobal *global, const CtlCommandHelp *help, const GOptionEntry *entries, int *argc,
           char ***argv, int *status)
{
  g_autoptr (GError) error = NULL;
  MposStore *store;

  if ((*status = ctl_start_args (global, help, entries, argc, argv)) != CTL_EXIT_OK)
    return NULL;
  if ((store = ctl_open_store (global, FALSE, &error)) == NULL)
    *status = ctl_fail (error);
  return store;
}

int
ctl_exit_code (const GError *error)
{
  int loyalty = ctl_loyalty_exit_code (error);
  int coupon = ctl_coupon_exit_code (error);

  if (loyalty >= 0)
    return loyalty;
  if (coupon >= 0)
    return coupon;
  if ((coupon = ctl_gift_card_exit_code (error)) >= 0
      || (coupon = ctl_exchange_exit_code (error)) >= 0 || (coupon = ctl_staff_exit_code (error)) >= 0
      || (coupon = ctl_shift_exit_code (error)) >= 0)
    return coupon;
  if (error->domain == MPOS_CASHIER_ERROR)
    return error->code == MPOS_CASHIER_ERROR_MISSING ? CTL_EXIT_USAGE : CTL_EXIT_INVALID;
  if (error->domain == MPOS_REPORT_ERROR)
    return error->code == MPOS_REPORT_ERROR_INVALID     ? CTL_EXIT_INVALID
           : error->code == MPOS_REPORT_ERROR_NOT_FOUND ? CTL_EXIT_NOT_FOUND
                                                        : CTL_EXIT_CONFLICT;
  if (error->domain == MPOS_STORE_ERROR)
    {
      if (error->code == MPOS_STORE_ERROR_IDENTITY_IN_USE)
        return CTL_EXIT_CONFLICT;
      if (error->code == MPOS_STORE_ERROR_DAMAGED || error->code == MPOS_STORE_ERROR_CORRUPT)
        return CTL_EXIT_DAMAGED;
      return error->code == MPOS_STORE_ERROR_NOT_FOUND ? CTL_EXIT_NOT_FOUND : CTL_EXIT_STORE;
    }
  if ((error->domain == MPOS_CATALOG_ERROR && error->code == MPOS_CATALOG_ERROR_NOT_FOUND)
      || (error->domain == MPOS_SALE_ERROR && error->code == MPOS_SALE_ERROR_NOT_FOUND)
      || (error->domain == MPOS_MEMBER_ERROR && error->code == MPOS_MEMBER_ERROR_NOT_FOUND)
      || (error->domain == G_FILE_ERROR && error->code == G_FILE_ERROR_NOENT))
    return CTL_EXIT_NOT_FOUND;
  if ((error->domain == MPOS_SALE_ERROR && error->code == MPOS_SALE_ERROR_ALREADY_RETURNED)
      || (error->domain == MPOS_MEMBER_ERROR
          && (error->code == MPOS_MEMBER_ERROR_DUPLICATE
              || error->code == MPOS_MEMBER_ERROR_AMBIGUOUS
              || error->code == MPOS_MEMBER_ERROR_CARD_LOST
              || error->code == MPOS_MEMBER_ERROR_STATE
              || error->code == MPOS_MEMBER_ERROR_BLOCKED))
      || (error->domain == MPOS_CART_ERROR
          && (error->code == MPOS_CART_ERROR_AMBIGUOUS || error->code == MPOS_CART_ERROR_TENDER)))
    return CTL_EXIT_CONFLICT;
  if (error->domain == MPOS_CATALOG_ERROR || error->domain == MPOS_CART_ERROR
      || error->domain == MPOS_SALE_ERROR || error->domain == MPOS_JSON_ERROR
      || error->domain == MPOS_BARCODE_ERROR || error->domain == MPOS_MONEY_ERROR
      || error->domain == MPOS_IMPORT_ERROR || error->domain == MPOS_PROMOTION_ERROR
      || error->domain == MPOS_MEMBER_ERROR || error->domain == MPOS_TENDER_ERROR
      || error->domain == MPOS_PERCENT_ERROR || error->domain == MPOS_CSV_ERROR
      || error->domain == MPOS_CLOCK_ERROR)
    return CTL_EXIT_INVALID;
  return CTL_EXIT_FAILED;
}

int
ctl_fail (GError *error)
{
  int code = ctl_exit_code (error);

  fprintf (stderr, "mallposctl: %s\n", error->message);
  return code;
}

void
ctl_warn (const char *warning)
{
  if (warning != NULL && *warning != '\0')
    fprintf (stderr, _("mallposctl: warning: %s\n"), warning);
}

int
ctl_usage (const char *command, const char *message)
{
  fprintf (stderr, _("mallposctl %s: %s\nTry “mallposctl %s --help”.\n"), command, message,
           command);
  return CTL_EXIT_USAGE;
}

static char *
read_stream (FILE *stream, const char *what, gsize *length, GError **error)
{
  g_autoptr (GString) data = g_string_new (NULL);
  char buf[65536];
  size_t got;

  while ((got = fread (buf, 1, sizeof buf, stream)) > 0)
    {
      if (data->len + got > MAX_INPUT_BYTES)
        {
          g_set_error (error, MPOS_JSON_ERROR, MPOS_JSON_ERROR_VALUE,
                       "%s is larger than 64 MiB", what);
          return NULL;
        }
      g_string_append_len (data, buf, (gssize) got);
    }
  if (ferror (stream))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_IO, "cannot read %s", what);
      return NULL;
    }
  *length = data->len;
  return g_string_free (g_steal_pointer (&data), FALSE);
}

gboolean
ctl_width_ok (const char *command, int width)
{
  if (width == 32 || width == 42 || width == 48)
    return TRUE;
  ctl_usage (command, "--width must be 32, 42 or 48 (columns of 58 mm and 80 mm paper)");
  return FALSE;
}

void
ctl_name_stdin (GError **error)
{
  /* Refusals that carry a line and column: say of which text. */
  if (error && *error && (*error)->domain == MPOS_JSON_ERROR
      && ((*error)->code == MPOS_JSON_ERROR_SYNTAX || (*error)->code == MPOS_JSON_ERROR_DUPLICATE
          || (*error)->code == MPOS_JSON_ERROR_UNKNOWN || (*error)->code == MPOS_JSON_ERROR_NUL))
    g_prefix_error (error, "standard input: ");
}

char *
ctl_read_stdin (gsize *length, GError **error)
{
  if (isatty (STDIN_FILENO))
    fprintf (stderr, "mallposctl: reading the JSON document from standard input…\n");
  return read_stream (stdin, "standard input", length, error);
}

char *
ctl_read_file (const char *path, gsize *length, GError **error)
{
  char *contents = NULL;

  if (!g_file_get_contents (path, &contents, length, error))
    return NULL;
  return contents;
}

int
ctl_print_json (cJSON *json)
{
  g_autofree char *text = cJSON_Print (json);

  printf ("%s\n", text ? text : "null");
  cJSON_Delete (json);
  return CTL_EXIT_OK;
}

const char *
ctl_string_of (const cJSON *object, const char *key)
{
  const cJSON *item = cJSON_GetObjectItemCaseSensitive (object, key);

  return cJSON_IsString (item) ? item->valuestring : "";
}

int64_t
ctl_number_of (const cJSON *object, const char *key)
{
  const cJSON *item = cJSON_GetObjectItemCaseSensitive (object, key);

  return cJSON_IsNumber (item) ? (int64_t)item->valuedouble : 0;
}

int
ctl_open_member (CtlGlobal *global, const char *command, int argc, char **argv,
                 MposStore **store, MposMember **member)
{
  g_autoptr (GError) error = NULL;

  if (argc != 2)
    return ctl_usage (command, "give one MEMBER: card number, phone or member QR token");
  *store = ctl_open_store (global, FALSE, &error);
  if (*store == NULL)
    return ctl_fail (error);
  *member = mpos_member_lookup (*store, argv[1], &error);
  if (*member == NULL)
    return ctl_fail (error);
  return CTL_EXIT_OK;
}

int
ctl_start_member (CtlGlobal *global, const CtlCommandHelp *help, const GOptionEntry *entries,
                  int *argc, char ***argv, MposStore **store, MposMember **member)
{
  if (!ctl_parse (global, help->command, help->parameter, help->summary, entries, argc, argv))
    return CTL_EXIT_USAGE;
  return ctl_open_member (global, help->command, *argc, *argv, store, member);
}

void
ctl_print_member (const MposMember *member)
{
  g_autofree char *card = mpos_member_mask_card (member->card_no);

  printf ("会员 Member: %s %s\n", card, member->name ? member->name : "");
}

/* ---- verbs made of subcommands ------------------------------------------------------- */

int
ctl_subcommand_help (const CtlSubcommands *verb, FILE *out)
{
  if (verb->usage)
    fputs (verb->usage, out);
  else
    fprintf (out, "Usage: mallposctl %s SUBCOMMAND [OPTIONS]\n", verb->verb);
  fprintf (out, "\nSubcommands:\n");
  for (guint i = 0; i < verb->n_subs; i++)
    if (verb->subs[i].summary)
      fprintf (out, "  %-*s %-*s %s\n", verb->name_width, verb->subs[i].name, verb->usage_width,
               verb->subs[i].usage, verb->subs[i].summary);
  if (verb->footer)
    fputs (verb->footer, out);
  else
    fprintf (out, "\nTry “mallposctl %s SUBCOMMAND --help”.\n", verb->verb);
  return out == stdout ? CTL_EXIT_OK : CTL_EXIT_USAGE;
}

int
ctl_run_subcommand (CtlGlobal *global, const CtlSubcommands *verb, int argc, char **argv)
{
  if (argc < 2)
    {
      fprintf (stderr, "mallposctl %s: no subcommand given\n\n", verb->verb);
      return ctl_subcommand_help (verb, stderr);
    }
  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0)
    return ctl_subcommand_help (verb, stdout);
  for (guint i = 0; i < verb->n_subs; i++)
    if (strcmp (argv[1], verb->subs[i].name) == 0)
      return verb->subs[i].run (global, argc - 1, argv + 1);
  if (verb->fallback)
    return verb->fallback (global, argc, argv);
  fprintf (stderr, "mallposctl %s: unknown subcommand “%s”\n\n", verb->verb, argv[1]);
  return ctl_subcommand_help (verb, stderr);
}

char *
ctl_local_time (MposStore *store, int64_t utc)
{
  return utc ? mpos_store_local_time (store, utc) : g_strdup ("");
}
