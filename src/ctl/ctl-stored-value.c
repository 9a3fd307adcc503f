/* ctl-stored-value.c — `mallposctl stored-value …`: balance, statement,
 * top-up (with its bonus tier, paid in cash, by card or mobile), refund of
 * a top-up, and the member's payment PIN (set from stdin, status, unlock). */
#include "clock.h"
#include "ctl-credential.h"
#include "ctl.h"
#include "slip-receipt.h"
#include "member.h"
#include "money.h"
#include "payment-pin.h"
#include "stored-value.h"
#include "stored-value-statement.h"
#include "tender-counter.h"

#include <stdio.h>
#include <string.h>

static void
print_balance (const MposStoredValueBalance *b)
{
  char p[MPOS_MONEY_BUF], o[MPOS_MONEY_BUF], t[MPOS_MONEY_BUF];

  printf ("储值 Stored value: principal 本金 %s, bonus 赠额 %s, total %s\n",
          mpos_money_to_buf (b->principal, p), mpos_money_to_buf (b->bonus, o),
          mpos_money_to_buf (b->principal + b->bonus, t));
}

static int
sv_balance (CtlGlobal *global, int argc, char **argv)
{
  static const CtlCommandHelp help
      = { .command = "stored-value balance",
          .parameter = "MEMBER",
          .summary = "Show a member's stored value: principal and bonus." };
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  g_autoptr (MposMember) member = NULL;
  MposStoredValueBalance b;
  MposPaymentPinState pin;
  int status;

  if ((status = ctl_start_member (global, &help, NULL, &argc, &argv, &store, &member)) != 0)
    return status;
  if (!mpos_stored_value_balance (store, member->id, &b, &error)
      || !mpos_payment_pin_state (store, member->id, &pin, &error))
    return ctl_fail (error);
  if (global->json)
    return ctl_print_json (mpos_stored_value_account_to_json (member->id, &b, pin.set, pin.locked));
  ctl_print_member (member);
  print_balance (&b);
  printf ("支付密码 Payment PIN: %s\n", !pin.set ? "none" : pin.locked ? "LOCKED" : "set");
  return CTL_EXIT_OK;
}

static int
sv_statement (CtlGlobal *global, int argc, char **argv)
{
  static const CtlCommandHelp help
      = { .command = "stored-value statement",
          .parameter = "MEMBER",
          .summary = "Every stored-value movement of a member, principal and bonus apart." };
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  g_autoptr (MposMember) member = NULL;
  g_autoptr (MposStoredValueStatement) statement = NULL;
  int status;

  if ((status = ctl_start_member (global, &help, NULL, &argc, &argv, &store, &member)) != 0)
    return status;
  statement = mpos_stored_value_statement (store, member->id, &error);
  if (statement == NULL)
    return ctl_fail (error);
  if (global->json)
    return ctl_print_json (mpos_stored_value_statement_to_json (store, statement));
  ctl_print_member (member);
  printf ("%-19s  %-14s %12s %12s  %s\n", "at", "kind", "principal", "bonus", "receipt");
  for (guint i = 0; i < statement->movements->len; i++)
    {
      const MposStoredValueMovement *m = g_ptr_array_index (statement->movements, i);
      g_autofree char *at = ctl_local_time (store, m->at);
      char principal[MPOS_MONEY_BUF], bonus[MPOS_MONEY_BUF];

      printf ("%-19s  %-14s %12s %12s  %s\n", at, m->kind, mpos_money_to_buf (m->principal, principal),
              mpos_money_to_buf (m->bonus, bonus), m->receipt_no ? m->receipt_no : "");
    }
  return CTL_EXIT_OK;
}

static int
print_slip_text (CtlGlobal *global, MposStore *store, const char *receipt_no)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposTopUpRecord) r = mpos_stored_value_top_up_get (store, receipt_no, &error);
  char principal[MPOS_MONEY_BUF], bonus[MPOS_MONEY_BUF];
  char b_principal[MPOS_MONEY_BUF], b_bonus[MPOS_MONEY_BUF], b_total[MPOS_MONEY_BUF];
  g_autofree char *at = NULL;
  gboolean refund, tiered;

  if (r == NULL)
    return ctl_fail (error);
  if (global->json)
    return ctl_print_json (mpos_top_up_record_to_json (store, r));
  refund = mpos_top_up_record_is_refund (r);
  tiered = r->tier != NULL && *r->tier;
  at = ctl_local_time (store, r->at);
  mpos_money_to_buf (r->principal, principal);
  printf ("%s\n", refund ? "*** 充值退款 TOP-UP REFUND ***" : "*** 充值 TOP-UP ***");
  printf ("流水号: %s\n", r->receipt_no);
  if (refund)
    printf ("原单号: %s\n", r->refunds ? r->refunds : "");
  printf ("时间: %s\n", at);
  printf ("收银员: %s\n", r->cashier ? r->cashier : "");
  printf ("本金 Principal    %s\n", principal);
  printf ("赠额 Bonus        %s%s%s%s\n", mpos_money_to_buf (r->bonus, bonus), tiered ? " (" : "",
          tiered ? r->tier : "", tiered ? ")" : "");
  printf ("%s %s %s\n", refund ? "退款 Refunded by" : "支付 Paid by", r->tender ? r->tender : "",
          principal);
  printf ("余额 Balance      principal %s, bonus %s, total %s\n",
          mpos_money_to_buf (r->balance.principal, b_principal),
          mpos_money_to_buf (r->balance.bonus, b_bonus),
          mpos_money_to_buf (r->balance.principal + r->balance.bonus, b_total));
  return CTL_EXIT_OK;
}

/* The slip as text (or JSON), then on the receipt printer when asked. */
static const CtlSlip slip = { print_slip_text, mpos_top_up_receipt, "stored-value" };

static int
sv_top_up (CtlGlobal *global, int argc, char **argv)
{
  g_autofree char *amount_text = NULL, *tender_name = NULL, *reference = NULL, *code = NULL;
  g_autofree char *cashier = NULL;
  g_auto (CtlPrintOptions) print = { 0 };
  const GOptionEntry entries[] = {
    { "amount", 'a', 0, G_OPTION_ARG_STRING, &amount_text, "Amount paid in (principal)", "YUAN" },
    { "tender", 't', 0, G_OPTION_ARG_STRING, &tender_name, "cash (default), bank_card or mobile",
      "TYPE" },
    { "reference", 0, 0, G_OPTION_ARG_STRING, &reference, "Bank card terminal reference", "REF" },
    { "code", 0, 0, G_OPTION_ARG_STRING, &code, "Mobile payment code scanned", "CODE" },
    { "cashier", 0, 0, G_OPTION_ARG_STRING, &cashier,
      "Who takes the top-up (default: the terminal's default cashier)", "ID" },
    CTL_PRINT_OPTION_ENTRIES (&print),
    { NULL }
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  g_autoptr (MposMember) member = NULL;
  g_autoptr (MposTender) payment = NULL;
  MposTenderType type = MPOS_TENDER_CASH;
  MposMoney amount = 0;
  MposTopUpResult result;
  int status;

  if (!ctl_parse (global, "stored-value top-up", "MEMBER",
                  "Top up a member's stored value; the bonus tier reached is added as bonus.",
                  entries, &argc, &argv))
    return CTL_EXIT_USAGE;
  if (amount_text == NULL)
    return ctl_usage ("stored-value top-up", "give the --amount paid in");
  if (tender_name && !mpos_tender_type_from_name (tender_name, &type))
    return ctl_usage ("stored-value top-up", "--tender is cash, bank_card or mobile");
  if (!mpos_money_parse (amount_text, MPOS_MONEY_PARSE_DEFAULT, &amount, &error))
    return ctl_fail (error);
  if ((status = ctl_open_member (global, "stored-value top-up", argc, argv, &store, &member)) != 0)
    return status;
  payment = mpos_tender_new_at_counter (type, amount, reference, code, &error);
  if (payment == NULL
      || !mpos_stored_value_top_up (store, member->id, payment, cashier, mpos_clock_now (), &result,
                                    &error))
    return ctl_fail (error);
  return ctl_print_slip (global, store, &slip, result.receipt_no, &print, FALSE);
}

static gboolean
refund_top_up (MposStore *store, const char *receipt_no, const char *cashier,
               const MposStaffCredential *supervisor, const char *reason, char new_receipt_no[64],
               GError **error)
{
  MposTopUpResult result;

  if (!mpos_stored_value_refund_top_up (store, receipt_no, cashier, supervisor, reason,
                                        mpos_clock_now (), &result, error))
    return FALSE;
  g_strlcpy (new_receipt_no, result.receipt_no, sizeof result.receipt_no);
  return TRUE;
}

static int
sv_refund_top_up (CtlGlobal *global, int argc, char **argv)
{
  static const CtlSlipReversal refund
      = { { "stored-value refund-top-up", "TOP_UP_RECEIPT_NO",
            "Refund a top-up: its unused principal is paid back, its bonus taken back; "
            "needs --supervisor. " CTL_CREDENTIAL_HELP,
            1, "give the top-up's receipt number" },
          "Who pays out (default: the terminal's default cashier)",
          refund_top_up };

  return ctl_undo_slip (global, &slip, &refund, argc, argv);
}

static int
sv_show (CtlGlobal *global, int argc, char **argv)
{
  static const CtlCommandHelp help
      = { "stored-value show", "RECEIPT_NO",
          "Show a top-up or a top-up refund; --print reprints it (the drawer stays shut).", 1,
          "give the top-up's receipt number" };

  return ctl_show_slip (global, &slip, &help, argc, argv);
}

static int
sv_set_pin (CtlGlobal *global, int argc, char **argv)
{
  static const CtlCommandHelp help
      = { .command = "stored-value set-pin",
          .parameter = "MEMBER",
          .summary
          = "Set the member's 6-digit payment PIN, read as the first line of standard input "
            "or from the terminal (never from the command line, where others could see it), "
            "with the member's proof: their old PIN (--old-pin), their QR code (--member-qr), "
            "their card (--member-card), or a supervisor who checked their ID (--supervisor). "
            CTL_CREDENTIAL_HELP };
  g_autofree char *cashier = NULL, *supervisor = NULL, *qr = NULL, *old = NULL, *pin = NULL;
  g_autofree char *card = NULL;
  gboolean old_pin = FALSE;
  const GOptionEntry entries[]
      = { { "old-pin", 0, 0, G_OPTION_ARG_NONE, &old_pin,
            "The member types their old PIN (MALLPOS_MEMBER_PIN, else the next line)", NULL },
          { "member-qr", 0, 0, G_OPTION_ARG_STRING, &qr,
            "Or: the member's QR code from their phone", "TOKEN" },
          CTL_MEMBER_CARD_ENTRY (card),
          CTL_SUPERVISOR_ENTRY (supervisor),
          { "cashier", 0, 0, G_OPTION_ARG_STRING, &cashier, "Who sets it", "ID" },
          { NULL } };
  g_auto (CtlCredential) credential = { 0 };
  MposMemberProof proof = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  g_autoptr (MposMember) member = NULL;
  int status;

  if ((status = ctl_start_member (global, &help, entries, &argc, &argv, &store, &member)) != 0)
    return status;
  if ((pin = ctl_read_pin ("New payment PIN: ", FALSE, &error)) == NULL
      || (old_pin && (old = ctl_read_member_pin (&error)) == NULL)
      || !ctl_credential_get (&credential, supervisor, FALSE, &proof.supervisor, &error))
    return ctl_fail (error);
  proof.payment_pin = old;
  proof.qr_token = qr;
  proof.card_presence = card;
  g_strstrip (pin);
  if (!mpos_payment_pin_set (store, member->id, pin, &proof, cashier, mpos_clock_now (), &error))
    return ctl_fail (error);
  if (!global->json)
    printf ("payment PIN set\n");
  return CTL_EXIT_OK;
}

static int
sv_unlock_pin (CtlGlobal *global, int argc, char **argv)
{
  static const CtlCommandHelp help
      = { .command = "stored-value unlock-pin",
          .parameter = "MEMBER",
          .summary
          = "Clear the wrong-PIN count and the lock; needs --supervisor. " CTL_CREDENTIAL_HELP };
  g_autofree char *supervisor = NULL;
  const GOptionEntry entries[]
      = { CTL_SUPERVISOR_ENTRY (supervisor), { NULL } };
  g_auto (CtlCredential) credential = { 0 };
  const MposStaffCredential *approver;
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  g_autoptr (MposMember) member = NULL;
  int status;

  if ((status = ctl_start_member (global, &help, entries, &argc, &argv, &store, &member)) != 0)
    return status;
  if (!ctl_credential_get (&credential, supervisor, FALSE, &approver, &error)
      || !mpos_payment_pin_unlock (store, member->id, approver, mpos_clock_now (), &error))
    return ctl_fail (error);
  if (!global->json)
    printf ("payment PIN unlocked\n");
  return CTL_EXIT_OK;
}

static const CtlSubcommand commands[] = {
  { "balance", sv_balance, "MEMBER", "principal, bonus and PIN state" },
  { "statement", sv_statement, "MEMBER", "every movement, principal and bonus apart" },
  { "top-up", sv_top_up, "MEMBER --amount YUAN [--tender TYPE]", "top up, with the bonus tier" },
  { "show", sv_show, "RECEIPT_NO [--print]", "a top-up or its refund, again" },
  { "refund-top-up", sv_refund_top_up, "RECEIPT_NO --supervisor S",
    "pay back a top-up's unused principal" },
  { "set-pin", sv_set_pin, "MEMBER < PIN", "set the payment PIN (6 digits on stdin)" },
  { "unlock-pin", sv_unlock_pin, "MEMBER --supervisor S", "unlock after wrong PINs" },
};

int
ctl_stored_value (CtlGlobal *global, int argc, char **argv)
{
  static const CtlSubcommands verb = CTL_SUBCOMMANDS ("stored-value", commands, 14, 40);

  return ctl_run_subcommand (global, &verb, argc, argv);
}
