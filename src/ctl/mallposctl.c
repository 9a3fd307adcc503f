/* mallposctl.c — the headless MallPOS: one binary, one verb per task, for
 * IT, managers, scripts and tests. Every verb has --help and --json, prints
 * errors in plain words on stderr and exits with a stable code. */
#include "clock.h"
#include "ctl.h"
#include "terminal-language.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

typedef struct
{
  const char *name;
  CtlCommand run;
  const char *summary;
} CtlVerb;

static const CtlVerb verbs[] = {
  { "init", ctl_init, N_ ("create a store and set the store/terminal identity") },
  { "import", ctl_import, N_ ("import catalog, prices, promotions or members") },
  { "product", ctl_product, N_ ("look up a product by code, or search by name/pinyin") },
  { "quote", ctl_quote, N_ ("price a sale document without selling (why this price)") },
  { "sale", ctl_sale, N_ ("ring up a sale from a JSON document on stdin, print the receipt") },
  { "return", ctl_return, N_ ("return goods, with or without the receipt") },
  { "approve-return", ctl_approve_return, N_ ("approve a return made without a receipt") },
  { "reject-return", ctl_reject_return, N_ ("reject a return made without a receipt: nothing is refunded") },
  { "suspend", ctl_suspend, N_ ("suspend (park) a sale document for later") },
  { "suspended", ctl_suspended, N_ ("list suspended sales, or show one") },
  { "receipt", ctl_receipt, N_ ("show or reprint a receipt") },
  { "receipt-settings", ctl_receipt_settings, N_ ("what receipts print: phone, taxpayer ID, QR links, logo, language") },
  { "check", ctl_check, N_ ("verify the store: SQLite, foreign keys, every total and balance") },
  { "backup", ctl_backup, N_ ("copy the store while it sells, with its key file (restore: backup --help)") },
  { "status", ctl_status, N_ ("which store this is: path, store and terminal, demo or not") },
  { "payments", ctl_payments, N_ ("card and mobile charges left open by a terminal that stopped") },
  { "language", ctl_language, N_ ("the language this terminal speaks, and the receipts' language") },
  { "journal", ctl_journal, N_ ("list the sync journal (outbox) as the centre will receive it") },
  { "sync", ctl_sync, N_ ("sync with the centre: enrol, status, now, exceptions, resolve") },
  { "member", ctl_member, N_ ("register, find and look after members: cards, QR code, levels, tags") },
  { "points", ctl_points, N_ ("a member's points: balance, statement, adjust, freeze, transfer, run") },
  { "stored-value", ctl_stored_value, N_ ("a member's stored value: top-up, refund, statement, PIN") },
  { "report", ctl_report, N_ ("reports: X, Z (day close), reprint-z, analysis, liability") },
  { "coupon", ctl_coupon, N_ ("coupons: templates, issue, campaign, list, exchange, benefits, void") },
  { "gift-card", ctl_gift_card, N_ ("gift cards: import, show, redeem, register, transfer, freeze") },
  { "shift", ctl_shift, N_ ("the shift on this drawer: open, pay-in/out, drop, count and close") },
  { "staff", ctl_staff, N_ ("staff numbers, roles and PINs; what each role may do") },
  { "exchange", ctl_exchange, N_ ("points exchange (积分兑换): exchange, list, items, cancel") },
  { "devices", ctl_devices_list, N_ ("list the configured devices and whether each is connected") },
  { "test-print", ctl_test_print, N_ ("print a test page on the receipt printer") },
  { "drawer", ctl_drawer, N_ ("open the cash drawer (drawer open)") },
  { "wait-scan", ctl_wait_scan, N_ ("wait for one scan from a scanner and print the code") },
  { "wait-card", ctl_wait_card, N_ ("wait for one member card and print its number (masked)") },
};

static int
print_help (FILE *out)
{
  fprintf (out, _("Usage: mallposctl COMMAND [OPTIONS]\n\nCommands:\n"));
  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    fprintf (out, "  %-15s %s\n", verbs[i].name, _(verbs[i].summary));
  fprintf (out, _("\nEvery command takes --help, --store PATH and --json.\n"
                  "Exit codes: 0 ok, 1 failed, 2 usage, 3 not found, 4 invalid input,\n"
                  "5 store problem (busy, full, read-only, not a store), 6 conflict,\n"
                  "7 check found problems, 8 store damaged (restore it from a backup),\n"
                  "9 refused: no staff credential, wrong staff number or PIN, locked, or the\n"
                  "  role may not (PINs: mallposctl staff --help).\n"));
  return out == stdout ? CTL_EXIT_OK : CTL_EXIT_USAGE;
}

int
main (int argc, char **argv)
{
  CtlGlobal global = { NULL, FALSE };
  int status;

  g_autofree char *language = mpos_terminal_language_choose (NULL);

  mpos_i18n_init (LOCALEDIR);
  if (language != NULL)
    mpos_i18n_use (language);
  if (argc < 2 || argv[1][0] == '\0')
    {
      fprintf (stderr, _("mallposctl: no command given\n\n"));
      return print_help (stderr);
    }
  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0
      || strcmp (argv[1], "help") == 0)
    return print_help (stdout);
  /* A malformed MALLPOS_NOW would otherwise surface as an odd error deep in
   * some command, or not at all. */
  if (g_getenv ("MALLPOS_NOW") && mpos_clock_now () == MPOS_CLOCK_UNREADABLE)
    {
      g_autoptr (GError) error = NULL;

      mpos_clock_check (MPOS_CLOCK_UNREADABLE, &error);
      return ctl_fail (error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    if (strcmp (argv[1], verbs[i].name) == 0)
      {
        status = verbs[i].run (&global, argc - 1, argv + 1);
        g_free (global.store_path);
        return status;
      }
  if (argv[1][0] == '-')
    fprintf (stderr, _("mallposctl: “%s” is an option; options go after the command, "
                       "e.g. mallposctl check %s\n\n"), argv[1], argv[1]);
  else
    fprintf (stderr, _("mallposctl: unknown command “%s”\n\n"), argv[1]);
  return print_help (stderr);
}
