/* ctl-payments.c — `mallposctl payments pending`: the card and mobile
 * charges a terminal left open (it stopped between the charge and the
 * sale), which the window reconciles with the gateway at its next start.
 * Reads only. */
#include "ctl.h"
#include "payment-attempt.h"

static void
print_attempt (MposStore *store, const MposPaymentAttempt *a)
{
  g_autofree char *amount = mpos_money_format (a->amount, MPOS_MONEY_FORMAT_PLAIN);
  g_autofree char *when = mpos_store_local_time (store, a->updated_at);

  printf ("%-9s %10s  %-9s %-9s %s  %s\n", mpos_attempt_state_name (a->state), amount,
          mpos_tender_type_name (a->tender_type), a->gateway, when, a->idempotency_key);
  if (a->detail)
    printf ("          %s\n", a->detail);
}

static int
payments_pending (CtlGlobal *global, int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  g_autoptr (GPtrArray) open = NULL;

  if (!ctl_parse (global, "payments pending", "",
                  "List card and mobile charges left open by a terminal that stopped.", NULL, &argc,
                  &argv))
    return CTL_EXIT_USAGE;
  if (argc != 1)
    return ctl_usage ("payments pending", "takes options only");
  store = ctl_open_store (global, FALSE, &error);
  open = store ? mpos_payment_attempts_unreconciled (store, &error) : NULL;
  if (open == NULL)
    return ctl_fail (error);
  if (global->json)
    {
      cJSON *list = cJSON_CreateArray ();

      for (guint i = 0; i < open->len; i++)
        cJSON_AddItemToArray (list, mpos_payment_attempt_to_json (open->pdata[i]));
      ctl_print_json (list);
      return CTL_EXIT_OK;
    }
  if (open->len == 0)
    {
      printf ("no open payments: every card and mobile charge is settled\n");
      return CTL_EXIT_OK;
    }
  printf ("%-9s %10s  %-9s %-9s %-19s  %s\n", "state", "amount", "type", "gateway", "updated",
          "key (sale id/payment)");
  for (guint i = 0; i < open->len; i++)
    print_attempt (store, open->pdata[i]);
  printf ("%u open payment(s): the customer may have paid. The cashier window settles them "
          "when it starts on this terminal (it asks the gateway by key, keeps what a stored "
          "sale took and refunds the rest); until then ask the acquirer about each key.\n",
          open->len);
  return CTL_EXIT_OK;
}

static const CtlSubcommand commands[] = {
  { "pending", payments_pending, "", "card and mobile charges not yet reconciled" },
};

int
ctl_payments (CtlGlobal *global, int argc, char **argv)
{
  static const CtlSubcommands verb = CTL_SUBCOMMANDS ("payments", commands, 8, 1);

  return ctl_run_subcommand (global, &verb, argc, argv);
}
