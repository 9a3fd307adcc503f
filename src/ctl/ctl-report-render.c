/* ctl-report-render.c — `mallposctl report render FILE.json`: a report saved
 * as JSON (`--json` of any report) shown as receipt text, written as an A4
 * PDF (--pdf) or printed on the receipt printer (--print). The words and
 * times follow the store's receipt language and time zone, or --language
 * and --time-zone on a back-office machine without a store. */
#include "ctl.h"
#include "receipt-settings.h"
#include "receipt-words.h"
#include "report-json-read.h"
#include "report-pdf.h"
#include "report-receipt.h"

#include <stdio.h>

typedef struct
{
  char *language;
  char *time_zone;
  MposReceiptLanguage receipt_language;
  GTimeZone *zone;
} RenderPlace;

static void
render_place_clear (RenderPlace *place)
{
  g_clear_pointer (&place->language, g_free);
  g_clear_pointer (&place->time_zone, g_free);
  g_clear_pointer (&place->zone, g_time_zone_unref);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RenderPlace, render_place_clear)

/* Language and zone from the options, else the zone the report names,
 * else the store's. */
static gboolean
render_place_fill (CtlGlobal *global, RenderPlace *place, const MposReport *report, GError **error)
{
  g_autoptr (MposStore) store = NULL;
  g_auto (MposReceiptSettings) settings = { 0 };
  const MposStoreIdentity *identity = NULL;

  if (place->time_zone == NULL && report->time_zone != NULL)
    place->time_zone = g_strdup (report->time_zone);
  if (place->language == NULL || place->time_zone == NULL)
    {
      store = ctl_open_store (global, FALSE, error);
      if (store == NULL || (identity = mpos_store_get_identity (store, error)) == NULL
          || !mpos_receipt_settings_load (store, &settings, error))
        {
          g_prefix_error (error, "no store to take the language and time zone from (give "
                                 "--language and --time-zone): ");
          return FALSE;
        }
      place->receipt_language = settings.language;
      if (place->time_zone == NULL)
        place->time_zone = g_strdup (identity->time_zone);
    }
  if (place->language != NULL
      && !mpos_receipt_language_parse (place->language, &place->receipt_language))
    return g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                        "--language must be zh_CN, zh_TW or en, not “%s”", place->language),
           FALSE;
  place->zone = g_time_zone_new_identifier (place->time_zone);
  if (place->zone == NULL)
    return g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                        "“%s” is not a time zone (give an IANA name such as Asia/Shanghai)",
                        place->time_zone),
           FALSE;
  return TRUE;
}

static MposReport *
read_report (const char *path, GError **error)
{
  gsize length = 0;
  g_autofree char *data = ctl_read_file (path, &length, error);
  MposReport *report = data != NULL ? mpos_report_from_json (data, length, error) : NULL;

  if (data != NULL && report == NULL)
    g_prefix_error (error, "%s: ", path);
  return report;
}

/* --pdf and --print of a report made or read: the PDF first, then paper. */
static int
output (CtlGlobal *global, const MposReport *report, MposReceiptLanguage language, GTimeZone *zone,
        const char *pdf, const CtlPrintOptions *print, const char *again)
{
  MposReportRenderOptions options = { language, zone };
  g_autoptr (MposReceipt) receipt = NULL;
  g_autoptr (GError) error = NULL;

  if (pdf != NULL && !mpos_report_pdf_save (report, &options, pdf, &error))
    return ctl_fail (error);
  if (pdf != NULL && !global->json)
    printf ("report written to %s\n", pdf);
  if (!print->print)
    return CTL_EXIT_OK;
  receipt = mpos_report_receipt (report, language, zone);
  return ctl_print_on_printer (global, receipt, print, again);
}

int
ctl_report_output (CtlGlobal *global, MposStore *store, const MposReport *report, const char *pdf,
                   const CtlPrintOptions *print, const char *again)
{
  g_auto (MposReceiptSettings) settings = { 0 };
  g_autoptr (GError) error = NULL;

  if (!mpos_receipt_settings_load (store, &settings, &error))
    return ctl_fail (error);
  return output (global, report, settings.language, NULL, pdf, print, again);
}

int
ctl_report_render (CtlGlobal *global, int argc, char **argv)
{
  int width = 48;
  g_autofree char *pdf = NULL;
  g_auto (RenderPlace) place = { 0 };
  g_auto (CtlPrintOptions) print = { 0 };
  const GOptionEntry entries[] = {
    { "pdf", 0, 0, G_OPTION_ARG_FILENAME, &pdf, "Write an A4 PDF (a new file)", "FILE" },
    { "width", 'w', 0, G_OPTION_ARG_INT, &width, "Receipt text width: 32, 42 or 48 columns", "N" },
    { "language", 0, 0, G_OPTION_ARG_STRING, &place.language,
      "Words of the header: zh_CN, zh_TW or en (default: the store's receipt language)", "LANG" },
    { "time-zone", 0, 0, G_OPTION_ARG_STRING, &place.time_zone,
      "Times in this zone (default: the store's)", "ZONE" },
    CTL_PRINT_OPTION_ENTRIES (&print),
    { NULL }
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (MposReport) report = NULL;
  g_autoptr (MposReceipt) receipt = NULL;
  g_autofree char *text = NULL, *again = NULL;

  if (!ctl_parse (global, "report render", "FILE.json",
                  "Show a report saved as JSON as receipt text, write it as an A4 PDF (--pdf) "
                  "or print it on the receipt printer (--print).",
                  entries, &argc, &argv))
    return CTL_EXIT_USAGE;
  if (argc != 2)
    return ctl_usage ("report render", "give one report file (JSON, as `--json` wrote it)");
  if (!ctl_width_ok ("report render", width))
    return CTL_EXIT_USAGE;
  if ((report = read_report (argv[1], &error)) == NULL
      || !render_place_fill (global, &place, report, &error))
    return error->domain == G_OPTION_ERROR ? ctl_usage ("report render", error->message)
                                           : ctl_fail (error);
  if (pdf == NULL && !print.print)
    {
      receipt = mpos_report_receipt (report, place.receipt_language, place.zone);
      text = mpos_receipt_render_text (receipt, (guint)width);
      fputs (text, stdout);
      return CTL_EXIT_OK;
    }
  again = g_strdup_printf ("mallposctl report render %s --print", argv[1]);
  return output (global, report, place.receipt_language, place.zone, pdf, &print, again);
}
