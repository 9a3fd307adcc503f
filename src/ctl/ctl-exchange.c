/* ctl-exchange.c — `mallposctl exchange …`: the points exchange (积分兑换).
 * `exchange --member M ITEM` exchanges; `exchange items import FILE`,
 * `exchange list`, `exchange show RECEIPT_NO` and `exchange cancel
 * RECEIPT_NO` look after the catalog and the exchanges; and the exit codes
 * of exchange errors. */
#include "clock.h"
#include "ctl-credential.h"
#include "ctl.h"
#include "settings-change.h"
#include "slip-receipt.h"
#include "tender-counter.h"
#include "json-fields.h"
#include "member.h"
#include "money.h"
#include "points-exchange.h"
#include "points.h"
#include "text-width.h"

#include <stdio.h>
#include <string.h>

int
ctl_exchange_exit_code (const GError *error)
{
  if (error->domain != MPOS_EXCHANGE_ERROR)
    return -1;
  switch (error->code)
    {
    case MPOS_EXCHANGE_ERROR_NOT_FOUND:
      return CTL_EXIT_NOT_FOUND;
    case MPOS_EXCHANGE_ERROR_INVALID:
      return CTL_EXIT_INVALID;
    default:
      return CTL_EXIT_CONFLICT;
    }
}

/* ---- the catalog --------------------------------------------------------------------- */

static int
ex_items (CtlGlobal *global, int argc, char **argv)
{
  g_autofree char *manager = NULL;
  const GOptionEntry entries[] = { CTL_SETTINGS_MANAGER_ENTRY (manager), { NULL } };
  g_autoptr (GError) error = NULL;
  MposSettingsImported imported;

  if (!ctl_parse (global, "exchange items", "import FILE",
                  "Import exchange items (points price, cash part, stock, dates, per-member "
                  "limit) from a JSON document; all or nothing. " CTL_CREDENTIAL_HELP,
                  entries, &argc, &argv))
    return CTL_EXIT_USAGE;
  if (argc != 3 || strcmp (argv[1], "import") != 0)
    return ctl_usage ("exchange items", "say “import FILE”");
  if (!ctl_import_settings_file (global, manager, MPOS_SETTINGS_EXCHANGE_ITEMS, argv[2], &imported,
                                 &error))
    return ctl_fail (error);
  if (global->json)
    {
      cJSON *json = cJSON_CreateObject ();
      cJSON_AddNumberToObject (json, "items", imported.count);
      return ctl_print_json (json);
    }
  printf ("imported %u exchange item(s)\n", imported.count);
  return CTL_EXIT_OK;
}

static int
ex_list (CtlGlobal *global, int argc, char **argv)
{
  static const CtlCommandHelp help
      = { "exchange list", "",
          "List what points can be exchanged for now: points, cash part, stock.", 0,
          "takes no arguments" };
  gboolean all = FALSE;
  const GOptionEntry entries[] = { { "all", 'a', 0, G_OPTION_ARG_NONE, &all,
                                     "Also items withdrawn or outside their dates", NULL },
                                   { NULL } };
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  g_autoptr (GPtrArray) items = NULL;
  int64_t now = mpos_clock_now ();
  cJSON *json;
  int status;

  if ((store = ctl_start (global, &help, entries, &argc, &argv, &status)) == NULL)
    return status;
  if ((items = mpos_exchange_items_list (store, all, now, &error)) == NULL)
    return ctl_fail (error);
  if (global->json)
    {
      json = cJSON_CreateArray ();
      for (guint i = 0; i < items->len; i++)
        cJSON_AddItemToArray (json,
                              mpos_exchange_item_to_json (store, g_ptr_array_index (items, i)));
      return ctl_print_json (json);
    }
  printf ("%-12s %-20s %9s %10s %7s %6s\n", "item", "name", "points", "cash", "stock", "limit");
  /* Names are padded by display width: a Chinese character takes two columns. */
  for (guint i = 0; i < items->len; i++)
    {
      const MposExchangeItem *item = g_ptr_array_index (items, i);
      char cash[MPOS_MONEY_BUF];
      g_autofree char *limit = item->per_member_limit
                                   ? g_strdup_printf ("%" G_GINT64_FORMAT, item->per_member_limit)
                                   : g_strdup ("-");
      g_autoptr (GString) name = g_string_new (NULL);

      mpos_text_append_padded (name, item->name, 20, FALSE);
      printf ("%-12s %s %9" G_GINT64_FORMAT " %10s %7" G_GINT64_FORMAT " %6s\n", item->code,
              name->str, item->points, mpos_money_to_buf (item->cash, cash), item->stock, limit);
    }
  return CTL_EXIT_OK;
}

/* ---- exchanging --------------------------------------------------------------------------- */

static int
print_slip_text (CtlGlobal *global, MposStore *store, const char *receipt_no)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposExchangeRecord) r = mpos_points_exchange_get (store, receipt_no, &error);
  g_autofree char *at = NULL;
  char cash[MPOS_MONEY_BUF];
  gboolean cancel;

  if (r == NULL)
    return ctl_fail (error);
  if (global->json)
    return ctl_print_json (mpos_exchange_record_to_json (store, r));
  cancel = mpos_exchange_record_is_cancel (r);
  at = ctl_local_time (store, r->at);
  printf ("%s\n",
          cancel ? "*** 积分兑换撤销 EXCHANGE CANCELLED ***" : "*** 积分兑换 POINTS EXCHANGE ***");
  printf ("流水号: %s\n", r->receipt_no);
  if (cancel)
    printf ("原单号: %s\n", r->cancels ? r->cancels : "");
  printf ("时间: %s\n", at);
  printf ("收银员: %s\n", r->cashier ? r->cashier : "");
  /* A cancellation's record is negative; its slip says what goes back. */
  printf ("礼品 %s %s × %" G_GINT64_FORMAT "\n", r->item, r->name, ABS (r->qty));
  printf ("积分 Points     %+" G_GINT64_FORMAT "\n", -r->points);
  if (r->tender && *r->tender)
    printf ("%s %s %s\n", cancel ? "退款 Refunded by" : "现金 Cash part by", r->tender,
            mpos_money_to_buf (mpos_exchange_record_cash_moved (r), cash));
  return CTL_EXIT_OK;
}

/* The slip as text (or JSON), then on the receipt printer when asked. */
static const CtlSlip slip = { print_slip_text, mpos_exchange_receipt, "exchange" };

static int
ex_make (CtlGlobal *global, int argc, char **argv)
{
  g_autofree char *member_key = NULL, *tender_name = NULL, *reference = NULL, *code = NULL;
  g_autofree char *cashier = NULL, *qr = NULL, *card = NULL, *member_pin = NULL;
  g_auto (CtlPrintOptions) print = { 0 };
  gboolean pin_given = FALSE;
  int qty = 1;
  const GOptionEntry entries[]
      = { { "member", 'm', 0, G_OPTION_ARG_STRING, &member_key,
            "The member (card, phone or QR token)", "MEMBER" },
          { "qty", 'q', 0, G_OPTION_ARG_INT, &qty, "How many (default 1)", "N" },
          { "tender", 't', 0, G_OPTION_ARG_STRING, &tender_name,
            "How the cash part is paid: cash (default), bank_card or mobile", "TYPE" },
          { "reference", 0, 0, G_OPTION_ARG_STRING, &reference, "Bank card terminal reference",
            "REF" },
          { "code", 0, 0, G_OPTION_ARG_STRING, &code, "Mobile payment code scanned", "CODE" },
          { "cashier", 0, 0, G_OPTION_ARG_STRING, &cashier, "Who hands it out", "ID" },
          { "member-pin", 0, 0, G_OPTION_ARG_NONE, &pin_given,
            "The member's proof above the store's no-proof limit: they type their payment PIN "
            "(MALLPOS_MEMBER_PIN, else the next line)", NULL },
          { "member-qr", 0, 0, G_OPTION_ARG_STRING, &qr,
            "Or: the member's QR code from their phone", "TOKEN" },
          CTL_MEMBER_CARD_ENTRY (card),
          CTL_PRINT_OPTION_ENTRIES (&print),
          { NULL } };
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  g_autoptr (MposMember) member = NULL;
  MposSpendProof proof = { 0 };
  g_autoptr (MposExchangeItem) item = NULL;
  g_autoptr (MposTender) payment = NULL;
  MposTenderType type = MPOS_TENDER_CASH;
  MposExchangeResult result;
  MposMoney cash = 0;

  if (!ctl_parse (global, "exchange", "--member MEMBER ITEM",
                  "Exchange a member's points (and the item's cash part, if any) for an item: "
                  "oldest points first, from the item's own stock. Above the store's no-proof "
                  "limit the member proves it is them (--member-pin, --member-qr or "
                  "--member-card).",
                  entries, &argc, &argv))
    return CTL_EXIT_USAGE;
  if (argc != 2 || member_key == NULL)
    return ctl_usage ("exchange", "give the --member and one ITEM code (see “exchange list”)");
  if (tender_name && !mpos_tender_type_from_name (tender_name, &type))
    return ctl_usage ("exchange", "--tender is cash, bank_card or mobile");
  store = ctl_open_store (global, FALSE, &error);
  if (store == NULL || (member = mpos_member_lookup (store, member_key, &error)) == NULL
      || (item = mpos_exchange_item_find (store, argv[1], &error)) == NULL)
    return ctl_fail (error);
  /* The payment is for exactly the cash part; the core checks it again. */
  cash = mpos_exchange_item_cash_for (item, qty);
  if (cash > 0 && (payment = mpos_tender_new_at_counter (type, cash, reference, code, &error)) == NULL)
    return ctl_fail (error);
  if (pin_given && (member_pin = ctl_read_member_pin (&error)) == NULL)
    return ctl_fail (error);
  proof = (MposSpendProof){ member_pin, qr, card, NULL };
  if (!mpos_points_exchange (store, member->id, argv[1], qty, payment, &proof, cashier,
                             mpos_clock_now (), &result, &error))
    return ctl_fail (error);
  return ctl_print_slip (global, store, &slip, result.receipt_no, &print, FALSE);
}

static gboolean
cancel_exchange (MposStore *store, const char *receipt_no, const char *cashier,
                 const MposStaffCredential *supervisor, const char *reason, char new_receipt_no[64],
                 GError **error)
{
  MposExchangeResult result;

  if (!mpos_points_exchange_cancel (store, receipt_no, cashier, supervisor, reason,
                                    mpos_clock_now (), &result, error))
    return FALSE;
  g_strlcpy (new_receipt_no, result.receipt_no, sizeof result.receipt_no);
  return TRUE;
}

static int
ex_cancel (CtlGlobal *global, int argc, char **argv)
{
  static const CtlSlipReversal cancel
      = { { "exchange cancel", "RECEIPT_NO",
            "Cancel an exchange: its points go back into the lots they came from, the item "
            "back to stock, the cash part back by the same tender; needs a supervisor "
            "holding void_sale. " CTL_CREDENTIAL_HELP,
            1, "give the exchange's receipt number" },
          "Who takes the item back",
          cancel_exchange };

  return ctl_undo_slip (global, &slip, &cancel, argc, argv);
}

static int
ex_show (CtlGlobal *global, int argc, char **argv)
{
  static const CtlCommandHelp help
      = { "exchange show", "RECEIPT_NO",
          "Show an exchange or a cancellation; --print reprints it (the drawer stays shut).", 1,
          "give the exchange's receipt number" };

  return ctl_show_slip (global, &slip, &help, argc, argv);
}

static const CtlSubcommand commands[] = {
  { "items", ex_items, "import FILE", "import the exchange catalog (JSON)" },
  { "list", ex_list, "[--all]", "what can be exchanged now" },
  { "show", ex_show, "RECEIPT_NO [--print]", "an exchange or cancellation" },
  { "cancel", ex_cancel, "RECEIPT_NO --supervisor S", "give back points, stock and cash" },
  { "make", ex_make, NULL, NULL }, /* the exchange itself may be said “make” */
};

int
ctl_exchange (CtlGlobal *global, int argc, char **argv)
{
  /* Not a subcommand: the exchange itself. */
  static const CtlSubcommands verb = {
    .verb = "exchange",
    .subs = commands,
    .n_subs = G_N_ELEMENTS (commands),
    .name_width = 7,
    .usage_width = 28,
    .usage = "Usage: mallposctl exchange --member MEMBER ITEM [--qty N] [--tender TYPE]\n"
             "       mallposctl exchange SUBCOMMAND [OPTIONS]\n",
    .footer = "\nTry “mallposctl exchange --member M ITEM --help” or "
              "“mallposctl exchange SUBCOMMAND --help”.\n",
    .fallback = ex_make,
  };

  if (argc < 2)
    {
      fprintf (stderr, "mallposctl exchange: nothing to do\n\n");
      return ctl_subcommand_help (&verb, stderr);
    }
  return ctl_run_subcommand (global, &verb, argc, argv);
}
