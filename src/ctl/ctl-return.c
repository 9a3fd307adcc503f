/* ctl-return.c — `mallposctl return RECEIPT_NO [--line N[:QTY]]…` and
 * `return --no-receipt`, plus `approve-return` and `reject-return`. */
#include "cart-json.h"
#include "clock.h"
#include "ctl-credential.h"
#include "ctl.h"
#include "stored-value.h"
#include "sale.h"

#include <stdio.h>

/* "3" or "3:2" → line 3 (all that remains, or 2 of it). */
static gboolean
parse_line_spec (const char *spec, MposReturnRequest *out)
{
  g_auto (GStrv) parts = g_strsplit (spec, ":", 2);
  guint64 line = 0, qty = 0;

  if (!g_ascii_string_to_unsigned (parts[0], 10, 1, 10000, &line, NULL))
    return FALSE;
  if (parts[1] && !g_ascii_string_to_unsigned (parts[1], 10, 1, 1000000, &qty, NULL))
    return FALSE;
  out->line_no = (int) line;
  out->qty = (int64_t) qty;
  return TRUE;
}

static int
blind_return (CtlGlobal *global, MposStore *store, const char *cashier, const char *reason,
              const char *supervisor, int width, const CtlPrintOptions *print)
{
  g_autoptr (GError) error = NULL;
  gsize length = 0;
  g_autofree char *data = ctl_read_stdin (&length, &error);
  g_autoptr (MposCart) cart = data ? mpos_cart_from_json (store, data, length, mpos_clock_now (), &error) : NULL;
  g_auto (CtlCredential) credential = { 0 };
  const MposStaffCredential *approver;
  MposSaleResult result;
  int status;

  if (cart == NULL)
    {
      ctl_name_stdin (&error);
      return ctl_fail (error);
    }
  if (cashier)
    mpos_cart_set_cashier (cart, cashier);
  if (!ctl_credential_get (&credential, supervisor, TRUE, &approver, &error)
      || !mpos_sale_return_without_receipt (cart, reason, approver, &result, &error))
    return ctl_fail (error);
  if (supervisor == NULL && !global->json)
    fprintf (stderr, "mallposctl: return %s waits for a supervisor: "
                     "mallposctl approve-return %s --supervisor NUMBER\n",
             result.receipt_no, result.receipt_no);
  ctl_warn (result.clock_warning);
  status = ctl_print_receipt (global, store, result.receipt_no, width, FALSE, NULL);
  if (print->print && status == CTL_EXIT_OK)
    ctl_print_sale_receipt (global, store, result.receipt_no, print);
  return status;
}

int
ctl_return (CtlGlobal *global, int argc, char **argv)
{
  g_auto (GStrv) line_specs = NULL;
  g_autofree char *cashier = NULL, *reason = NULL, *supervisor = NULL;
  gboolean no_receipt = FALSE, last = FALSE;
  int width = 42;
  g_auto (CtlPrintOptions) print = { 0 };
  const GOptionEntry entries[] = {
    { "line", 'l', 0, G_OPTION_ARG_STRING_ARRAY, &line_specs,
      "Return line N (all of it) or N:QTY; repeat for more lines (default: everything)",
      "N[:QTY]" },
    { "cashier", 0, 0, G_OPTION_ARG_STRING, &cashier,
      "Who takes the return (default: the terminal's default cashier)", "ID" },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, "Why the goods come back", "TEXT" },
    { "last", 0, 0, G_OPTION_ARG_NONE, &last, "Return from the terminal's last sale", NULL },
    { "no-receipt", 0, 0, G_OPTION_ARG_NONE, &no_receipt,
      "Return without a receipt: goods as a sale document on stdin, refunded in cash", NULL },
    { "supervisor", 0, 0, G_OPTION_ARG_STRING, &supervisor,
      "Staff number of the supervisor approving a return without receipt (PIN in "
      "MALLPOS_SUPERVISOR_PIN or from the terminal: standard input holds the goods)",
      "NUMBER" },
    { "width", 'w', 0, G_OPTION_ARG_INT, &width, "Receipt width", "N" },
    CTL_PRINT_OPTION_ENTRIES (&print),
    { NULL }
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  g_autoptr (GArray) requests = g_array_new (FALSE, FALSE, sizeof (MposReturnRequest));
  g_autofree char *payouts = NULL;
  g_autofree char *receipt_no = NULL;
  MposSaleResult result;
  int status;

  if (!ctl_parse (global, "return", "[RECEIPT_NO]", "Return goods and refund them.", entries,
                  &argc, &argv))
    return CTL_EXIT_USAGE;
  if (no_receipt && (argc != 1 || last))
    return ctl_usage ("return", "--no-receipt takes no RECEIPT_NO: the goods come on standard input");
  if (!no_receipt && argc != (last ? 1 : 2))
    return ctl_usage ("return",
                      "give a RECEIPT_NO (or --last), or --no-receipt with goods on stdin");
  if (!ctl_width_ok ("return", width))
    return CTL_EXIT_USAGE;
  for (guint i = 0; line_specs && line_specs[i]; i++)
    {
      MposReturnRequest request;
      if (!parse_line_spec (line_specs[i], &request))
        return ctl_usage ("return", "--line takes N or N:QTY with whole numbers");
      g_array_append_val (requests, request);
    }
  store = ctl_open_store (global, FALSE, &error);
  if (store == NULL)
    return ctl_fail (error);
  if (no_receipt)
    return blind_return (global, store, cashier, reason, supervisor, width, &print);
  receipt_no = last ? mpos_sale_last_receipt_no (store, "sale", &error) : g_strdup (argv[1]);
  if (receipt_no == NULL
      || !mpos_sale_return (store, receipt_no, requests, cashier, reason, &result, &error))
    return ctl_fail (error);
  ctl_warn (result.clock_warning);
  status = ctl_print_receipt (global, store, result.receipt_no, width, FALSE, NULL);
  payouts = mpos_stored_value_payouts_text (store, result.receipt_no, &error);
  if (payouts == NULL)
    return ctl_fail (error);
  fputs (payouts, global->json ? stderr : stdout);
  /* A printer problem never undoes the return: it is reported on stderr only. */
  if (print.print && status == CTL_EXIT_OK)
    ctl_print_sale_receipt (global, store, result.receipt_no, &print);
  return status;
}

int
ctl_approve_return (CtlGlobal *global, int argc, char **argv)
{
  g_autofree char *supervisor = NULL;
  g_auto (CtlPrintOptions) print = { 0 };
  const GOptionEntry entries[] = {
    CTL_SUPERVISOR_ENTRY (supervisor),
    CTL_PRINT_OPTION_ENTRIES (&print),
    { NULL }
  };
  g_auto (CtlCredential) credential = { 0 };
  const MposStaffCredential *approver;
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  int status;

  if (!ctl_parse (global, "approve-return", "RECEIPT_NO",
                  "Approve a return made without a receipt; the cash refund is then recorded. "
                  CTL_CREDENTIAL_HELP,
                  entries, &argc, &argv))
    return CTL_EXIT_USAGE;
  if (argc != 2)
    return ctl_usage ("approve-return", "give the return's RECEIPT_NO and --supervisor NUMBER");
  if (supervisor == NULL)
    return ctl_credential_missing ("approve-return", "--supervisor");
  store = ctl_open_store (global, FALSE, &error);
  if (store == NULL || !ctl_credential_get (&credential, supervisor, FALSE, &approver, &error)
      || !mpos_sale_approve_return (store, argv[1], approver, &error))
    return ctl_fail (error);
  status = ctl_print_receipt (global, store, argv[1], 42, FALSE, NULL);
  /* The cash refund is paid now: this is the print that opens the drawer. */
  if (print.print && status == CTL_EXIT_OK)
    ctl_print_sale_receipt (global, store, argv[1], &print);
  return status;
}

int
ctl_reject_return (CtlGlobal *global, int argc, char **argv)
{
  g_autofree char *supervisor = NULL, *reason = NULL;
  const GOptionEntry entries[] = {
    CTL_SUPERVISOR_ENTRY (supervisor),
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason,
      "Why the return is refused (kept in the audit journal)", "TEXT" },
    { NULL }
  };
  g_auto (CtlCredential) credential = { 0 };
  const MposStaffCredential *approver;
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;

  if (!ctl_parse (global, "reject-return", "RECEIPT_NO",
                  "Reject a return made without a receipt that waits for approval: nothing is "
                  "refunded, the goods stay with the store, and the day's reports no longer "
                  "count it as waiting. Allowed after the day's Z report. " CTL_CREDENTIAL_HELP,
                  entries, &argc, &argv))
    return CTL_EXIT_USAGE;
  if (argc != 2)
    return ctl_usage ("reject-return",
                      "give the return's RECEIPT_NO, --reason TEXT and --supervisor NUMBER");
  if (reason == NULL)
    return ctl_usage ("reject-return", "say why with --reason TEXT (the customer may ask)");
  if (supervisor == NULL)
    return ctl_credential_missing ("reject-return", "--supervisor");
  store = ctl_open_store (global, FALSE, &error);
  if (store == NULL || !ctl_credential_get (&credential, supervisor, FALSE, &approver, &error)
      || !mpos_sale_reject_return (store, argv[1], approver, reason, &error))
    return ctl_fail (error);
  if (global->json)
    {
      cJSON *json = cJSON_CreateObject ();
      cJSON_AddStringToObject (json, "receipt_no", argv[1]);
      cJSON_AddStringToObject (json, "status", "rejected");
      return ctl_print_json (json);
    }
  printf ("退货 %s 已驳回：不退款，商品留在店内。\n", argv[1]);
  return CTL_EXIT_OK;
}
