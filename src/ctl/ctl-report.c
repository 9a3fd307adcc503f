/* ctl-report.c — `mallposctl report x|z|reprint-z|analysis|liability`:
 * parses the arguments, calls one core function for the report document
 * (report-day.h, report-analysis.h) and prints it as text (report-text.h),
 * CSV (report-csv.h) or JSON (--json). */
#include "clock.h"
#include "ctl-credential.h"
#include "ctl.h"
#include "report-analysis.h"
#include "report-range.h"
#include "report-csv.h"
#include "report-day.h"
#include "report-text.h"

#include <errno.h>
#include <string.h>

#define REPORT_HELP                                                                                \
  "Needs --supervisor (a staff member allowed report_access) unless the store lets cashiers "     \
  "read reports. Prints text (--width 32 or 48 for receipt paper), --csv (RFC 4180 for Excel: "   \
  "UTF-8 with its byte order mark, CRLF; --csv-plain without the mark and Excel's guards, for "  \
  "scripts) or --json. " CTL_CREDENTIAL_HELP

/* The options every report takes. */
typedef struct
{
  char *supervisor;
  gboolean csv;
  gboolean csv_plain;
  int width;
  char *pdf;
  CtlPrintOptions print;
} ReportOptions;

static void
report_options_clear (ReportOptions *o)
{
  g_free (o->supervisor);
  g_free (o->pdf);
  ctl_print_options_clear (&o->print);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ReportOptions, report_options_clear)

#define REPORT_OPTION_ENTRIES(o)                                                                   \
  CTL_SUPERVISOR_ENTRY ((o)->supervisor),                                                          \
      { "csv", 0, 0, G_OPTION_ARG_NONE, &(o)->csv,                                                 \
        "Print as CSV for Excel (UTF-8 with byte order mark, CRLF, codes kept as text)", NULL },   \
      { "csv-plain", 0, 0, G_OPTION_ARG_NONE, &(o)->csv_plain,                                     \
        "Print as plain CSV for scripts (UTF-8, no byte order mark, cells as they are)", NULL },   \
      { "width", 'w', 0, G_OPTION_ARG_INT, &(o)->width,                                            \
        "Text for receipt paper: 32 (58 mm), 42 or 48 (80 mm) columns; default: as wide as "      \
        "needed",                                                                                  \
        "N" },                                                                                     \
      { "pdf", 0, 0, G_OPTION_ARG_FILENAME, &(o)->pdf, "Also write an A4 PDF (a new file)",        \
        "FILE" },                                                                                  \
      CTL_PRINT_OPTION_ENTRIES (&(o)->print)

static gboolean
options_ok (CtlGlobal *global, const char *command, const ReportOptions *o)
{
  if ((o->csv || o->csv_plain) && global->json)
    {
      ctl_usage (command, "--csv and --json are two outputs: choose one");
      return FALSE;
    }
  if (o->csv && o->csv_plain)
    {
      ctl_usage (command, "--csv (for Excel) and --csv-plain (for scripts) are two outputs: "
                          "choose one");
      return FALSE;
    }
  return o->width == 0 || ctl_width_ok (command, o->width);
}

/* The command that prints `report` again: a Z report by its number. */
static char *
again_command (const MposReport *report)
{
  if (g_strcmp0 (report->kind, "z") == 0)
    return g_strdup_printf ("mallposctl report reprint-z %" G_GINT64_FORMAT " --print",
                            report->number);
  if (g_strcmp0 (report->kind, "x") == 0)
    return g_strdup ("mallposctl report x --print");
  return g_strdup_printf ("mallposctl report analysis %s --print", report->kind);
}

/* Prints the report made, or says why none was (error). */
static int
print_report (CtlGlobal *global, MposStore *store, const ReportOptions *o, MposReport *report,
              GError **error)
{
  g_autoptr (MposReport) owned = report;
  g_autofree char *text = NULL, *again = NULL;
  int status;

  if (report == NULL)
    return ctl_fail (g_steal_pointer (error));
  if (o->pdf != NULL || o->print.print)
    {
      again = again_command (report);
      if ((status = ctl_report_output (global, store, report, o->pdf, &o->print, again)) != 0)
        return status;
      if (!global->json && !o->csv && !o->csv_plain)
        return CTL_EXIT_OK; /* the paper or the PDF is the output */
    }
  if (global->json)
    {
      ctl_print_json (mpos_report_to_json (report));
      return CTL_EXIT_OK;
    }
  if (o->csv || o->csv_plain)
    text = mpos_report_to_csv (report, o->csv ? MPOS_REPORT_CSV_EXCEL : MPOS_REPORT_CSV_PLAIN);
  else
    text = mpos_report_to_text (report, (guint)o->width);
  fputs (text, stdout);
  return CTL_EXIT_OK;
}

/* Opens the store and reads the --supervisor credential: 0, or an exit code. */
static int
open_with_credential (CtlGlobal *global, const ReportOptions *o, MposStore **store,
                      CtlCredential *credential, const MposStaffCredential **by)
{
  g_autoptr (GError) error = NULL;

  *store = ctl_open_store (global, FALSE, &error);
  if (*store == NULL || !ctl_credential_get (credential, o->supervisor, FALSE, by, &error))
    return ctl_fail (g_steal_pointer (&error));
  return 0;
}

static int
report_x (CtlGlobal *global, int argc, char **argv)
{
  g_auto (ReportOptions) o = { 0 };
  const GOptionEntry entries[] = { REPORT_OPTION_ENTRIES (&o), { NULL } };
  g_auto (CtlCredential) credential = { 0 };
  const MposStaffCredential *by = NULL;
  g_autoptr (MposStore) store = NULL;
  GError *error = NULL;
  MposReport *report;
  int status;

  if (!ctl_parse (global, "report x", "",
                  "The X report: the business day's figures so far (sales, discounts, tax, "
                  "tenders, cash, stored value, points, coupons, gift cards, unsynced). Reads "
                  "only. " REPORT_HELP,
                  entries, &argc, &argv)
      || !options_ok (global, "report x", &o))
    return CTL_EXIT_USAGE;
  if (argc != 1)
    return ctl_usage ("report x", "takes no arguments");
  if ((status = open_with_credential (global, &o, &store, &credential, &by)) != 0)
    return status;
  report = mpos_report_x (store, by, mpos_clock_now (), &error);
  return print_report (global, store, &o, report, &error);
}

static int
report_z (CtlGlobal *global, int argc, char **argv)
{
  g_auto (ReportOptions) o = { 0 };
  g_autofree char *day = NULL;
  const GOptionEntry entries[]
      = { REPORT_OPTION_ENTRIES (&o),
          { "day", 0, 0, G_OPTION_ARG_STRING, &day,
            "The business day to close (default: today's business day)", "YYYY-MM-DD" },
          { NULL } };
  g_auto (CtlCredential) credential = { 0 };
  const MposStaffCredential *by = NULL;
  g_autoptr (MposStore) store = NULL;
  GError *error = NULL;
  MposReport *report;
  int status;

  if (!ctl_parse (global, "report z", "",
                  "The Z report: closes the business day with the next Z number and keeps its "
                  "figures; a day is closed once, and nothing more can be sold or returned in "
                  "it. Reprint with `report reprint-z N`. " REPORT_HELP,
                  entries, &argc, &argv)
      || !options_ok (global, "report z", &o))
    return CTL_EXIT_USAGE;
  if (argc != 1)
    return ctl_usage ("report z", "takes no arguments (the day is --day YYYY-MM-DD)");
  if ((status = open_with_credential (global, &o, &store, &credential, &by)) != 0)
    return status;
  report = mpos_report_z (store, by, day, mpos_clock_now (), &error);
  return print_report (global, store, &o, report, &error);
}

static gboolean
parse_number (const char *text, int64_t *out)
{
  char *end = NULL;
  gint64 n;

  if (text == NULL || !g_ascii_isdigit (text[0]))
    return FALSE;
  errno = 0;
  n = g_ascii_strtoll (text, &end, 10);
  if (errno != 0 || *end != '\0' || n <= 0)
    return FALSE;
  *out = n;
  return TRUE;
}

static int
report_reprint_z (CtlGlobal *global, int argc, char **argv)
{
  g_auto (ReportOptions) o = { 0 };
  const GOptionEntry entries[] = { REPORT_OPTION_ENTRIES (&o), { NULL } };
  g_auto (CtlCredential) credential = { 0 };
  const MposStaffCredential *by = NULL;
  g_autoptr (MposStore) store = NULL;
  GError *error = NULL;
  MposReport *report;
  int64_t number = 0;
  int status;

  if (!ctl_parse (global, "report reprint-z", "NUMBER",
                  "Reprints Z report NUMBER with the figures and time it was first made. "
                  REPORT_HELP,
                  entries, &argc, &argv)
      || !options_ok (global, "report reprint-z", &o))
    return CTL_EXIT_USAGE;
  if (argc != 2)
    return ctl_usage ("report reprint-z", "takes one argument: the Z report's number");
  if (!parse_number (argv[1], &number))
    return ctl_usage ("report reprint-z", "the Z report's number is a whole number from 1 up");
  if ((status = open_with_credential (global, &o, &store, &credential, &by)) != 0)
    return status;
  report = mpos_report_z_reprint (store, by, number, &error);
  return print_report (global, store, &o, report, &error);
}

static int
report_analysis (CtlGlobal *global, int argc, char **argv)
{
  g_auto (ReportOptions) o = { 0 };
  g_autofree char *from = NULL, *to = NULL, *period = NULL, *kinds = NULL, *summary = NULL;
  MposReportRange range = MPOS_REPORT_RANGE_TODAY;
  const GOptionEntry entries[]
      = { REPORT_OPTION_ENTRIES (&o),
          { "period", 0, 0, G_OPTION_ARG_STRING, &period,
            "A named period instead of --from/--to: today, this-week (Monday to today), "
            "this-month, last-month",
            "NAME" },
          { "from", 0, 0, G_OPTION_ARG_STRING, &from,
            "First business day (default: today's business day)", "YYYY-MM-DD" },
          { "to", 0, 0, G_OPTION_ARG_STRING, &to, "Last business day, included (default: --from)",
            "YYYY-MM-DD" },
          { NULL } };
  g_auto (CtlCredential) credential = { 0 };
  const MposStaffCredential *by = NULL;
  g_autoptr (MposStore) store = NULL;
  GError *error = NULL;
  MposReport *report;
  int status;

  kinds = g_strjoinv (", ", (char **)mpos_report_analysis_kinds ());
  summary = g_strdup_printf ("A manager's analysis of business days --from … --to. KIND is one "
                             "of: %s. " REPORT_HELP,
                             kinds);
  if (!ctl_parse (global, "report analysis", "KIND", summary, entries, &argc, &argv)
      || !options_ok (global, "report analysis", &o))
    return CTL_EXIT_USAGE;
  if (argc != 2)
    {
      g_autofree char *message = g_strdup_printf ("takes one argument: the analysis (%s)", kinds);
      return ctl_usage ("report analysis", message);
    }
  if (period != NULL && (from != NULL || to != NULL))
    return ctl_usage ("report analysis", "give --period or --from/--to, not both");
  if (period != NULL && !mpos_report_range_parse (period, &range, &error))
    return ctl_fail (error);
  if ((status = open_with_credential (global, &o, &store, &credential, &by)) != 0)
    return status;
  report = period != NULL
               ? mpos_report_analysis_range (store, by, argv[1], range, mpos_clock_now (), &error)
               : mpos_report_analysis (store, by, argv[1], from, to, mpos_clock_now (), &error);
  return print_report (global, store, &o, report, &error);
}

static const CtlSubcommand report_commands[] = {
  { "x", report_x, "", "the business day's figures so far (X report, reads only)" },
  { "z", report_z, "[--day YYYY-MM-DD]", "close the business day (Z report, numbered, once)" },
  { "reprint-z", report_reprint_z, "NUMBER", "a Z report again, as first made" },
  { "analysis", report_analysis, "KIND [--period]",
    "sales by hour, category, cashier, tender; products; members (--from --to, or --period)" },
  { "liability", ctl_report_liability, "", "points and stored value the store owes its members" },
  { "render", ctl_report_render, "FILE.json", "a saved report as text, PDF (--pdf) or on paper" },
};

int
ctl_report (CtlGlobal *global, int argc, char **argv)
{
  static const CtlSubcommands verb = CTL_SUBCOMMANDS ("report", report_commands, 10, 20);

  return ctl_run_subcommand (global, &verb, argc, argv);
}
