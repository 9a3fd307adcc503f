/* ctl-gift-card.c — `mallposctl gift-card …`: import card types and stock,
 * show a card, redeem it into a member's stored value, register it to a
 * member, transfer it, freeze / report lost / unfreeze, unlock after wrong
 * secrets; and the exit codes of gift-card errors. A card's secret is read
 * from standard input, never from the command line where others could see
 * it. Selling and spending cards happen in `mallposctl sale`. */
#include "clock.h"
#include "ctl-credential.h"
#include "ctl.h"
#include "gift-card-view.h"
#include "gift-card.h"
#include "json-fields.h"
#include "member.h"
#include "money.h"
#include "settings-change.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

int
ctl_gift_card_exit_code (const GError *error)
{
  if (error->domain != MPOS_GIFT_CARD_ERROR)
    return -1;
  switch (error->code)
    {
    case MPOS_GIFT_CARD_ERROR_UNKNOWN:
      return CTL_EXIT_NOT_FOUND;
    case MPOS_GIFT_CARD_ERROR_INVALID:
    case MPOS_GIFT_CARD_ERROR_WRONG_PIN:
    case MPOS_GIFT_CARD_ERROR_PIN_REQUIRED:
      return CTL_EXIT_INVALID;
    default:
      return CTL_EXIT_CONFLICT;
    }
}

/* The card's secret from standard input (without echo on a terminal);
 * NULL with an error when it cannot be read, "" when none was given. */
static char *
read_secret (GError **error)
{
  g_autofree char *text = NULL;
  gsize length = 0;

  if (isatty (STDIN_FILENO))
    {
      struct termios old, quiet;
      char line[128] = { 0 };
      gboolean echo_off = tcgetattr (STDIN_FILENO, &old) == 0;

      fprintf (stderr, "gift card secret (not shown): ");
      if (echo_off)
        {
          quiet = old;
          quiet.c_lflag &= ~(tcflag_t)ECHO;
          tcsetattr (STDIN_FILENO, TCSANOW, &quiet);
        }
      if (fgets (line, sizeof line, stdin) == NULL)
        line[0] = '\0';
      if (echo_off)
        tcsetattr (STDIN_FILENO, TCSANOW, &old);
      fputc ('\n', stderr);
      text = g_strdup (g_strstrip (line));
      sodium_memzero (line, sizeof line);
      return g_steal_pointer (&text);
    }
  text = ctl_read_stdin (&length, error);
  if (text == NULL)
    return NULL;
  g_strstrip (text);
  return g_steal_pointer (&text);
}

static void
forget (char *secret)
{
  if (secret)
    sodium_memzero (secret, strlen (secret));
  g_free (secret);
}

/* A secret read from stdin: wiped when it goes out of scope. */
typedef char CtlSecret;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CtlSecret, forget)

/* ---- import, show ------------------------------------------------------------------ */

static int
gc_import (CtlGlobal *global, int argc, char **argv)
{
  g_autofree char *manager = NULL;
  const GOptionEntry entries[]
      = { CTL_SETTINGS_MANAGER_ENTRY (manager),
          { NULL } };
  g_autoptr (GError) error = NULL;
  MposSettingsImported imported;
  const MposGiftCardImportReport *report = &imported.gift_cards;

  if (!ctl_parse (global, "gift-card import", "FILE",
                  "Import gift card types and card stock (serials and secrets) from a JSON "
                  "document; all or nothing. " CTL_CREDENTIAL_HELP,
                  entries, &argc, &argv))
    return CTL_EXIT_USAGE;
  if (argc != 2)
    return ctl_usage ("gift-card import", "give the FILE to import");
  if (!ctl_import_settings_file (global, manager, MPOS_SETTINGS_GIFT_CARDS, argv[1], &imported,
                                 &error))
    return ctl_fail (error);
  if (global->json)
    {
      cJSON *json = cJSON_CreateObject ();
      cJSON_AddNumberToObject (json, "types", (double)report->types);
      cJSON_AddNumberToObject (json, "cards", (double)report->cards);
      return ctl_print_json (json);
    }
  printf ("imported %" G_GINT64_FORMAT " card type(s) and %" G_GINT64_FORMAT " card(s)\n",
          report->types, report->cards);
  return CTL_EXIT_OK;
}

static void
print_card (MposStore *store, const MposGiftCardView *view)
{
  const MposGiftCard *card = view->card;
  g_autofree char *activated
      = card->activated_at ? mpos_store_local_time (store, card->activated_at) : NULL;
  g_autofree char *expires
      = card->expires_at ? mpos_store_local_time (store, card->expires_at) : NULL;
  char face[MPOS_MONEY_BUF], balance[MPOS_MONEY_BUF];

  printf ("购物卡 Gift card %s — %s (%s)\n", card->serial, card->type_name, card->type_code);
  printf ("  status      %s%s%s%s%s\n", card->active ? "active" : "inactive",
          card->hold ? ", " : "", card->hold ? card->hold : "", view->expired ? ", EXPIRED" : "",
          card->locked ? ", LOCKED" : "");
  printf ("  face value  %s\n", mpos_money_to_buf (card->face_value, face));
  printf ("  balance     %s\n", mpos_money_to_buf (card->balance, balance));
  if (card->member_id)
    printf ("  member      %" G_GINT64_FORMAT " (registered)\n", card->member_id);
  if (activated)
    printf ("  activated   %s\n", activated);
  if (expires)
    printf ("  expires     %s\n", expires);
  printf ("  %-19s  %-10s %10s  %s\n", "at", "kind", "amount", "receipt / reason");
  for (guint i = 0; i < view->movements->len; i++)
    {
      const MposGiftCardMovement *m = g_ptr_array_index (view->movements, i);
      g_autofree char *at = mpos_store_local_time (store, m->at);
      char amount[MPOS_MONEY_BUF];

      printf ("  %-19s  %-10s %10s  %s%s\n", at, m->kind, mpos_money_to_buf (m->amount, amount),
              m->receipt_no ? m->receipt_no : "", m->reason ? m->reason : "");
    }
}

static int
show_card (CtlGlobal *global, MposStore *store, const char *serial)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposGiftCardView) view
      = mpos_gift_card_view (store, serial, mpos_clock_now (), &error);

  if (view == NULL)
    return ctl_fail (error);
  if (global->json)
    return ctl_print_json (mpos_gift_card_view_to_json (store, view));
  print_card (store, view);
  return CTL_EXIT_OK;
}

static int
gc_show (CtlGlobal *global, int argc, char **argv)
{
  static const CtlCommandHelp help
      = { "gift-card show", "SERIAL",
          "Show a gift card: status, balance, owner, expiry and every movement.", 1,
          "give one SERIAL" };
  g_autoptr (MposStore) store = NULL;
  int status;

  if ((store = ctl_start (global, &help, NULL, &argc, &argv, &status)) == NULL)
    return status;
  return show_card (global, store, argv[1]);
}

/* ---- redeem, register, transfer ---------------------------------------------------- */

static int
gc_redeem (CtlGlobal *global, int argc, char **argv)
{
  g_autofree char *member_key = NULL, *supervisor = NULL, *cashier = NULL;
  const GOptionEntry entries[]
      = { { "member", 'm', 0, G_OPTION_ARG_STRING, &member_key,
            "Member whose stored value receives the balance (card, phone or QR token)", "MEMBER" },
          { "supervisor", 0, 0, G_OPTION_ARG_STRING, &supervisor,
            "Supervisor: redeems a card reported lost for its owner, without the secret (their "
            "PIN in MALLPOS_SUPERVISOR_PIN or from the terminal: standard input holds the secret)",
            "NUMBER" },
          { "cashier", 0, 0, G_OPTION_ARG_STRING, &cashier, "Who redeems", "ID" },
          { NULL } };
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  g_autoptr (MposMember) member = NULL;
  g_autoptr (CtlSecret) secret = NULL;
  MposGiftCardRedeemResult result;
  char a[MPOS_MONEY_BUF], p[MPOS_MONEY_BUF], b[MPOS_MONEY_BUF];
  g_auto (CtlCredential) credential = { 0 };
  const MposStaffCredential *approver;

  if (!ctl_parse (global, "gift-card redeem", "SERIAL --member MEMBER < SECRET",
                  "Move a gift card's whole balance into a member's stored value, as principal "
                  "(not refundable as cash). The card's secret is read from standard input.",
                  entries, &argc, &argv))
    return CTL_EXIT_USAGE;
  if (argc != 2 || member_key == NULL)
    return ctl_usage ("gift-card redeem", "give one SERIAL and the --member to credit");
  store = ctl_open_store (global, FALSE, &error);
  if (store == NULL || (member = mpos_member_lookup (store, member_key, &error)) == NULL
      || (secret = read_secret (&error)) == NULL
      || !ctl_credential_get (&credential, supervisor, TRUE, &approver, &error))
    return ctl_fail (error);
  if (!mpos_gift_card_redeem (store, argv[1], *secret ? secret : NULL, member->id,
                              cashier ? cashier : "unknown", approver, mpos_clock_now (), &result,
                              &error))
    return ctl_fail (error);
  if (global->json)
    {
      cJSON *json = cJSON_CreateObject ();
      cJSON_AddStringToObject (json, "id", result.action_id);
      cJSON_AddStringToObject (json, "serial", argv[1]);
      cJSON_AddNumberToObject (json, "member_id", (double)member->id);
      mpos_json_add_money (json, "amount", result.amount);
      mpos_json_add_money (json, "principal", result.balance.principal);
      mpos_json_add_money (json, "bonus", result.balance.bonus);
      return ctl_print_json (json);
    }
  printf ("redeemed %s from gift card %s into stored value (principal)\n",
          mpos_money_to_buf (result.amount, a), argv[1]);
  printf ("储值 Stored value: principal 本金 %s, bonus 赠额 %s\n",
          mpos_money_to_buf (result.balance.principal, p),
          mpos_money_to_buf (result.balance.bonus, b));
  return CTL_EXIT_OK;
}

static int
gc_register (CtlGlobal *global, int argc, char **argv)
{
  g_autofree char *member_key = NULL, *cashier = NULL;
  const GOptionEntry entries[]
      = { { "member", 'm', 0, G_OPTION_ARG_STRING, &member_key, "Member who owns the card",
            "MEMBER" },
          { "cashier", 0, 0, G_OPTION_ARG_STRING, &cashier, "Who registers it", "ID" },
          { NULL } };
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  g_autoptr (MposMember) member = NULL;
  g_autoptr (CtlSecret) secret = NULL;

  if (!ctl_parse (global, "gift-card register", "SERIAL --member MEMBER < SECRET",
                  "Register a sold bearer card to a member (记名), so it can be reported lost "
                  "and transferred. The card's secret is read from standard input.",
                  entries, &argc, &argv))
    return CTL_EXIT_USAGE;
  if (argc != 2 || member_key == NULL)
    return ctl_usage ("gift-card register", "give one SERIAL and the --member");
  store = ctl_open_store (global, FALSE, &error);
  if (store == NULL || (member = mpos_member_lookup (store, member_key, &error)) == NULL
      || (secret = read_secret (&error)) == NULL
      || !mpos_gift_card_register (store, argv[1], secret, member->id,
                                   cashier ? cashier : "unknown", mpos_clock_now (), &error))
    return ctl_fail (error);
  return show_card (global, store, argv[1]);
}

static int
gc_transfer (CtlGlobal *global, int argc, char **argv)
{
  g_autofree char *from_key = NULL, *to_key = NULL, *cashier = NULL;
  const GOptionEntry entries[]
      = { { "from", 0, 0, G_OPTION_ARG_STRING, &from_key, "Member the card is registered to",
            "MEMBER" },
          { "to", 0, 0, G_OPTION_ARG_STRING, &to_key, "Member who receives it", "MEMBER" },
          { "cashier", 0, 0, G_OPTION_ARG_STRING, &cashier, "Who transfers it", "ID" },
          { NULL } };
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  g_autoptr (MposMember) from = NULL;
  g_autoptr (MposMember) to = NULL;
  g_autoptr (CtlSecret) secret = NULL;

  if (!ctl_parse (global, "gift-card transfer", "SERIAL --from MEMBER --to MEMBER < SECRET",
                  "Give a registered gift card to another member (转赠). The card's secret is "
                  "read from standard input.",
                  entries, &argc, &argv))
    return CTL_EXIT_USAGE;
  if (argc != 2 || from_key == NULL || to_key == NULL)
    return ctl_usage ("gift-card transfer", "give one SERIAL, --from and --to");
  store = ctl_open_store (global, FALSE, &error);
  if (store == NULL || (from = mpos_member_lookup (store, from_key, &error)) == NULL
      || (to = mpos_member_lookup (store, to_key, &error)) == NULL
      || (secret = read_secret (&error)) == NULL
      || !mpos_gift_card_transfer (store, argv[1], secret, from->id, to->id,
                                   cashier ? cashier : "unknown", mpos_clock_now (), &error))
    return ctl_fail (error);
  return show_card (global, store, argv[1]);
}

/* ---- freeze, unfreeze, unlock -------------------------------------------------------- */

/* Freeze (or report lost) when `freeze`, else lift the hold: a reason and
 * a supervisor either way; --lost only when freezing. */
static int
set_hold (CtlGlobal *global, const CtlCommandHelp *help, gboolean freeze, int argc, char **argv)
{
  g_autofree char *reason = NULL, *supervisor = NULL, *cashier = NULL;
  gboolean lost = FALSE;
  const GOptionEntry lost_entry
      = { "lost", 0, 0, G_OPTION_ARG_NONE, &lost,
          "Report the card lost (挂失): a registered card; its owner can still redeem it", NULL };
  const GOptionEntry cashier_entry
      = { "cashier", 0, 0, G_OPTION_ARG_STRING, &cashier, "Who records it", "ID" };
  const GOptionEntry end = { NULL };
  /* reason, supervisor, [lost,] cashier */
  const GOptionEntry entries[]
      = { { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, "Why (required)", "TEXT" },
          CTL_SUPERVISOR_ENTRY (supervisor),
          freeze ? lost_entry : cashier_entry,
          freeze ? cashier_entry : end,
          end };
  g_autoptr (GError) error = NULL;
  g_auto (CtlCredential) credential = { 0 };
  const MposStaffCredential *approver;
  g_autoptr (MposStore) store = NULL;
  int status;

  if ((store = ctl_start (global, help, entries, &argc, &argv, &status)) == NULL)
    return status;
  if (!ctl_credential_get (&credential, supervisor, FALSE, &approver, &error)
      || !mpos_gift_card_set_hold (store, argv[1], !freeze ? NULL : lost ? "lost" : "frozen",
                                   reason, cashier ? cashier : "unknown", approver,
                                   mpos_clock_now (), &error))
    return ctl_fail (error);
  return show_card (global, store, argv[1]);
}

static int
gc_freeze (CtlGlobal *global, int argc, char **argv)
{
  static const CtlCommandHelp help
      = { "gift-card freeze", "SERIAL",
          "Freeze a gift card (fraud, stolen stock) or report it lost: it cannot be "
          "sold, spent, redeemed or transferred while held.",
          1, "give one SERIAL" };

  return set_hold (global, &help, TRUE, argc, argv);
}

static int
gc_unfreeze (CtlGlobal *global, int argc, char **argv)
{
  static const CtlCommandHelp help
      = { "gift-card unfreeze", "SERIAL", "Lift a freeze or a loss report from a gift card.", 1,
          "give one SERIAL" };

  return set_hold (global, &help, FALSE, argc, argv);
}

static int
gc_unlock (CtlGlobal *global, int argc, char **argv)
{
  static const CtlCommandHelp help
      = { "gift-card unlock", "SERIAL",
          "Clear a gift card's wrong-secret count and its lock: a supervisor, at most the "
          "store's gift_card_unlock_cap times a business day per card. " CTL_CREDENTIAL_HELP,
          1, "give one SERIAL" };
  g_autofree char *supervisor = NULL;
  const GOptionEntry entries[]
      = { CTL_SUPERVISOR_ENTRY (supervisor), { NULL } };
  g_autoptr (GError) error = NULL;
  g_auto (CtlCredential) credential = { 0 };
  const MposStaffCredential *approver;
  g_autoptr (MposStore) store = NULL;
  int status;

  if ((store = ctl_start (global, &help, entries, &argc, &argv, &status)) == NULL)
    return status;
  if (!ctl_credential_get (&credential, supervisor, FALSE, &approver, &error)
      || !mpos_gift_card_unlock (store, argv[1], approver, mpos_clock_now (), &error))
    return ctl_fail (error);
  if (!global->json)
    printf ("gift card %s unlocked\n", argv[1]);
  return CTL_EXIT_OK;
}

static const CtlSubcommand commands[] = {
  { "import", gc_import, "FILE", "card types and stock (serials, secrets) from JSON" },
  { "show", gc_show, "SERIAL", "status, balance, owner, expiry, movements" },
  { "redeem", gc_redeem, "SERIAL --member M < SECRET", "whole balance into stored value" },
  { "register", gc_register, "SERIAL --member M < SECRET", "register a bearer card (记名)" },
  { "transfer", gc_transfer, "SERIAL --from M --to M < SECRET", "give a registered card away" },
  { "freeze", gc_freeze, "SERIAL --reason R --supervisor S [--lost]",
    "freeze, or report lost (挂失)" },
  { "unfreeze", gc_unfreeze, "SERIAL --reason R --supervisor S", "lift a freeze or loss" },
  { "unlock", gc_unlock, "SERIAL --supervisor S", "unlock after wrong secrets" },
};

int
ctl_gift_card (CtlGlobal *global, int argc, char **argv)
{
  static const CtlSubcommands verb = {
    .verb = "gift-card",
    .subs = commands,
    .n_subs = G_N_ELEMENTS (commands),
    .name_width = 9,
    .usage_width = 42,
    .footer = "\nSell a card with a sale line {\"gift_card\":\"SERIAL\"}; pay with one with the "
              "tender\n{\"type\":\"gift_card\",\"card\":\"SERIAL\",\"pin\":\"…\",\"amount\":\"…\"}"
              " (mallposctl sale).\nTry “mallposctl gift-card SUBCOMMAND --help”.\n",
  };

  return ctl_run_subcommand (global, &verb, argc, argv);
}
