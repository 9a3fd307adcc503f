/* ctl-receipt.c — `mallposctl receipt NO`: show a stored receipt, or
 * reprint it (audited, marked 重印), on screen or on the receipt printer (a
 * reprint never opens the drawer). */
#include "ctl.h"
#include "sale.h"
#include "sale-json.h"

#include <stdio.h>

int
ctl_print_receipt (CtlGlobal *global, MposStore *store, const char *receipt_no, int width,
                   gboolean reprint, const char *actor)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposSaleRecord) record = mpos_sale_load (store, receipt_no, &error);
  g_autoptr (MposReceipt) receipt = NULL;
  g_autofree char *text = NULL;

  if (record == NULL)
    return ctl_fail (error);
  if (global->json)
    {
      /* A reprint is audited however it is shown. */
      if (reprint && (receipt = mpos_sale_reprint (store, receipt_no, actor, &error)) == NULL)
        return ctl_fail (error);
      ctl_print_json (mpos_sale_record_to_json (record));
      return CTL_EXIT_OK;
    }
  receipt = reprint ? mpos_sale_reprint (store, receipt_no, actor, &error)
                    : mpos_sale_record_to_receipt (store, record, FALSE, &error);
  if (receipt == NULL)
    return ctl_fail (error);
  text = mpos_receipt_render_text (receipt, (guint) width);
  fputs (text, stdout);
  return CTL_EXIT_OK;
}

int
ctl_receipt (CtlGlobal *global, int argc, char **argv)
{
  int width = 42;
  gboolean reprint = FALSE, last = FALSE;
  char *actor = NULL;
  g_auto (CtlPrintOptions) print = { 0 };
  const GOptionEntry entries[] = {
    { "last", 0, 0, G_OPTION_ARG_NONE, &last, "The terminal's last receipt (sale or return)", NULL },
    { "width", 'w', 0, G_OPTION_ARG_INT, &width, "Receipt width: 32, 42 or 48 columns", "N" },
    { "reprint", 0, 0, G_OPTION_ARG_NONE, &reprint, "Reprint (audited, marked 重印)", NULL },
    { "cashier", 0, 0, G_OPTION_ARG_STRING, &actor, "Who reprints", "ID" },
    CTL_PRINT_OPTION_ENTRIES (&print),
    { NULL }
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  g_autofree char *who = NULL, *receipt_no = NULL;
  g_autoptr (MposSaleRecord) record = NULL;
  g_autoptr (MposReceipt) receipt = NULL;
  g_autofree char *again = NULL;
  int status;

  if (!ctl_parse (global, "receipt", "RECEIPT_NO|--last", "Show or reprint a receipt.", entries,
                  &argc, &argv))
    return CTL_EXIT_USAGE;
  who = actor;
  if (argc != (last ? 1 : 2))
    return ctl_usage ("receipt", "give one receipt number, or --last");
  if (!ctl_width_ok ("receipt", width))
    return CTL_EXIT_USAGE;
  if (print.print && !reprint)
    return ctl_usage ("receipt", "a receipt printed again is a reprint: add --reprint");
  store = ctl_open_store (global, FALSE, &error);
  if (store == NULL
      || (receipt_no = last ? mpos_sale_last_receipt_no (store, NULL, &error) : g_strdup (argv[1]))
             == NULL)
    return ctl_fail (error);
  status = ctl_print_receipt (global, store, receipt_no, width, reprint, who);
  if (!print.print || status != CTL_EXIT_OK)
    return status;
  /* the copy on paper: marked 重印, audited above, the drawer stays shut */
  record = mpos_sale_load (store, receipt_no, &error);
  receipt = record ? mpos_sale_record_to_receipt (store, record, TRUE, &error) : NULL;
  if (receipt == NULL)
    return ctl_fail (error);
  again = g_strdup_printf ("mallposctl receipt %s --reprint --print", receipt_no);
  return ctl_print_on_printer (global, receipt, &print, again);
}
