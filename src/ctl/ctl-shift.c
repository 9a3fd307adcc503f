/* ctl-shift.c — `mallposctl shift open|status|pay-in|pay-out|drop|close|
 * accept|list`: the shift (班次) on this terminal's drawer, and the exit
 * codes of shift errors. Each subcommand parses, calls one core function
 * (src/shift.h) and prints the shift. */
#include "ctl-credential.h"
#include "ctl.h"
#include "shift.h"
#include "text-width.h"

#include <stdio.h>
#include <string.h>

#define SHIFT_FOOTER                                                                               \
  "A sale, return, top-up or points exchange needs an open shift. Amounts in yuan (500.00).\n"     \
  "A count is DENOMINATION=PIECES,… over 100, 50, 20, 10, 5, 1, 0.5 and 0.1 yuan.\n"             \
  "Past the store's over/short limit (staff policy shift_over_short_limit, in fen) a manager\n"    \
  "accepts the count: --manager at close, or shift accept later.\n"                                \
  "Try \"mallposctl shift SUBCOMMAND --help\".\n"

/* --cashier ID: who does it, when not the terminal's default cashier. */
#define SHIFT_CASHIER_ENTRY(var, who)                                                              \
  {                                                                                                \
    "cashier", 0, 0, G_OPTION_ARG_STRING, &(var),                                                  \
        who " (default: the terminal's default cashier)", "ID"                                     \
  }

int
ctl_shift_exit_code (const GError *error)
{
  if (error->domain != MPOS_SHIFT_ERROR)
    return -1;
  switch (error->code)
    {
    case MPOS_SHIFT_ERROR_INVALID:
      return CTL_EXIT_INVALID;
    case MPOS_SHIFT_ERROR_NOT_FOUND:
      return CTL_EXIT_NOT_FOUND;
    default:
      return CTL_EXIT_CONFLICT;
    }
}

/* "  label ……… amount [note]", the label padded by display columns (CJK: 2). */
static void
print_money_row_note (const char *label, MposMoney amount, const char *note)
{
  g_autoptr (GString) line = g_string_new ("  ");
  char buf[MPOS_MONEY_BUF];

  mpos_text_append_padded (line, label, 28, FALSE);
  g_string_append_printf (line, " %12s%s%s", mpos_money_to_buf (amount, buf), *note ? " " : "",
                          note);
  puts (line->str);
}

static void
print_money_row (const char *label, MposMoney amount)
{
  print_money_row_note (label, amount, "");
}

static const char *const kind_labels[MPOS_CASH_KIND_COUNT] = {
  "备用金 Float",     "现金销售 Cash sales",     "找零 Change",        "现金退款 Cash refunds",
  "现金充值 Top-ups", "充值退款 Top-up refunds", "积分兑换 Exchanges", "购物卡 Gift cards",
  "收入 Paid-in",     "支出 Paid-out",           "存款 Safe drops",
};

static void
print_counted (const MposShift *shift)
{
  printf ("点钞 Count:\n");
  for (int d = 0; d < MPOS_DENOMINATION_COUNT; d++)
    if (shift->count.pieces[d] != 0)
      printf ("  %6s × %" G_GINT64_FORMAT "\n", mpos_denomination_name ((MposDenomination)d),
              shift->count.pieces[d]);
  print_money_row ("实点 Counted", shift->counted);
  print_money_row ("应有 Expected", shift->expected);
  print_money_row_note ("长短款 Over/short", shift->over_short,
                        shift->over_short > 0   ? "(长款 over)"
                        : shift->over_short < 0 ? "(短款 short)"
                                                : "");
}

static void
print_shift (MposStore *store, const MposShift *shift)
{
  g_autofree char *opened = ctl_local_time (store, shift->opened_at);

  printf ("班次 Shift %s (%s)\n", shift->shift_no, mpos_shift_status_name (shift->status));
  printf ("开班 Opened %s by %s\n", opened, shift->opened_by);
  printf ("钱箱 Drawer:\n");
  for (int k = 0; k < MPOS_CASH_KIND_COUNT; k++)
    if (k == MPOS_CASH_FLOAT || shift->cash.by_kind[k] != 0)
      print_money_row (kind_labels[k], shift->cash.by_kind[k]);
  print_money_row ("应有 Expected in the drawer", shift->cash.expected);
  if (shift->status != MPOS_SHIFT_OPEN)
    {
      g_autofree char *counted = ctl_local_time (store, shift->counted_at);
      printf ("交班 Counted %s by %s\n", counted, shift->counted_by);
      print_counted (shift);
    }
  if (shift->status == MPOS_SHIFT_COUNTED)
    printf ("待经理确认 Waits for a manager: mallposctl shift accept --manager NUMBER\n");
  if (shift->accepted_by != NULL)
    printf ("经理确认 Accepted by %s\n", shift->accepted_by);
}

static int
done (CtlGlobal *global, MposStore *store, const MposShift *shift)
{
  if (global->json)
    ctl_print_json (mpos_shift_to_json (store, shift));
  else
    print_shift (store, shift);
  return CTL_EXIT_OK;
}

static gboolean
parse_amount (const char *command, const char *text, MposMoney *out, int *code)
{
  g_autoptr (GError) error = NULL;

  if (text == NULL)
    {
      *code = ctl_usage (command, "give the amount in yuan (500.00)");
      return FALSE;
    }
  if (!mpos_money_parse (text, MPOS_MONEY_PARSE_DEFAULT, out, &error))
    {
      fprintf (stderr, "mallposctl %s: the amount “%s”: %s\n", command, text, error->message);
      *code = CTL_EXIT_INVALID;
      return FALSE;
    }
  return TRUE;
}

static int
shift_open (CtlGlobal *global, int argc, char **argv)
{
  g_autofree char *amount = NULL, *cashier = NULL;
  const GOptionEntry entries[] = { { "float", 0, 0, G_OPTION_ARG_STRING, &amount,
                                     "Opening float (备用金) in yuan", "AMOUNT" },
                                   SHIFT_CASHIER_ENTRY (cashier, "Who opens it"),
                                   { NULL } };
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  g_auto (MposShift) shift = { 0 };
  MposMoney opening_float = 0;
  int code = 0;

  if (!ctl_parse (global, "shift open", "",
                  "Open a shift on this terminal's drawer with its float.", entries, &argc, &argv))
    return CTL_EXIT_USAGE;
  if (argc != 1)
    return ctl_usage ("shift open", "give only --float AMOUNT (and --cashier ID)");
  if (!parse_amount ("shift open", amount, &opening_float, &code))
    return code;
  if ((store = ctl_open_store (global, FALSE, &error)) == NULL
      || !mpos_shift_open (store, cashier, opening_float, &shift, &error))
    return ctl_fail (error);
  return done (global, store, &shift);
}

static int
shift_status (CtlGlobal *global, int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  g_auto (MposShift) shift = { 0 };

  if (!ctl_parse (global, "shift status", "[SHIFT_NO]",
                  "The open shift (or the one named) and what its drawer should hold.", NULL, &argc,
                  &argv))
    return CTL_EXIT_USAGE;
  if (argc > 2)
    return ctl_usage ("shift status", "give at most one shift number");
  if ((store = ctl_open_store (global, FALSE, &error)) == NULL
      || !(argc == 2 ? mpos_shift_get (store, argv[1], &shift, &error)
                     : mpos_shift_current (store, &shift, &error)))
    return ctl_fail (error);
  return done (global, store, &shift);
}

static int
move_cash (CtlGlobal *global, int argc, char **argv, const char *command, MposCashKind kind,
           const char *summary)
{
  g_autofree char *reason = NULL, *cashier = NULL;
  const GOptionEntry entries[]
      = { { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, "Why the cash moves (one line)", "TEXT" },
          SHIFT_CASHIER_ENTRY (cashier, "Who moves it"),
          { NULL } };
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  g_auto (MposShift) shift = { 0 };
  MposMoney amount = 0;
  int code = 0;

  if (!ctl_parse (global, command, "AMOUNT --reason TEXT", summary, entries, &argc, &argv))
    return CTL_EXIT_USAGE;
  if (argc != 2)
    return ctl_usage (command, "give one AMOUNT in yuan and --reason TEXT");
  if (reason == NULL)
    return ctl_usage (command, "say why with --reason TEXT");
  if (!parse_amount (command, argv[1], &amount, &code))
    return code;
  if ((store = ctl_open_store (global, FALSE, &error)) == NULL
      || !mpos_shift_move_cash (store, cashier, kind, amount, reason, &shift, &error))
    return ctl_fail (error);
  return done (global, store, &shift);
}

static int
shift_pay_in (CtlGlobal *global, int argc, char **argv)
{
  return move_cash (global, argc, argv, "shift pay-in", MPOS_CASH_PAY_IN,
                    "Put cash into the drawer (收入), with a reason.");
}

static int
shift_pay_out (CtlGlobal *global, int argc, char **argv)
{
  return move_cash (global, argc, argv, "shift pay-out", MPOS_CASH_PAY_OUT,
                    "Pay cash out of the drawer (支出), with a reason.");
}

static int
shift_drop (CtlGlobal *global, int argc, char **argv)
{
  return move_cash (global, argc, argv, "shift drop", MPOS_CASH_DROP,
                    "Take cash to the safe (存款/上缴), with a reason.");
}

static int
shift_close (CtlGlobal *global, int argc, char **argv)
{
  g_autofree char *count_text = NULL, *cashier = NULL, *manager = NULL;
  const GOptionEntry entries[]
      = { { "count", 0, 0, G_OPTION_ARG_STRING, &count_text,
            "The drawer counted: 100=3,50=1,…,0.1=4 (pieces of each denomination)", "COUNT" },
          SHIFT_CASHIER_ENTRY (cashier, "Who counts"),
          CTL_MANAGER_ENTRY (manager, "Staff number of the manager who accepts an over/short "
                                      "past the store's limit"),
          { NULL } };
  g_auto (CtlCredential) credential = { 0 };
  const MposStaffCredential *by = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  g_auto (MposShift) shift = { 0 };
  MposCashCount count;

  if (!ctl_parse (global, "shift close", "--count COUNT",
                  "Close the open shift with the drawer's count (blind: the expectation is shown "
                  "after). " CTL_CREDENTIAL_HELP,
                  entries, &argc, &argv))
    return CTL_EXIT_USAGE;
  if (argc != 1 || count_text == NULL)
    return ctl_usage ("shift close", "give --count 100=N,50=N,… (and --manager NUMBER)");
  if (!mpos_cash_count_parse (count_text, &count, &error))
    return ctl_fail (error);
  if ((store = ctl_open_store (global, FALSE, &error)) == NULL
      || !ctl_credential_get (&credential, manager, FALSE, &by, &error)
      || !mpos_shift_close (store, cashier, &count, by, &shift, &error))
    return ctl_fail (error);
  done (global, store, &shift);
  if (shift.status != MPOS_SHIFT_COUNTED)
    return CTL_EXIT_OK;
  fprintf (stderr, "mallposctl: the count is recorded, but its over/short passes the store's "
                   "limit: the shift stays closed to sales until a manager accepts it "
                   "(mallposctl shift accept --manager NUMBER)\n");
  return CTL_EXIT_DENIED;
}

static int
shift_accept (CtlGlobal *global, int argc, char **argv)
{
  g_autofree char *manager = NULL;
  const GOptionEntry entries[]
      = { CTL_MANAGER_ENTRY (manager, "Staff number of the manager who accepts the over/short"),
          { NULL } };
  g_auto (CtlCredential) credential = { 0 };
  const MposStaffCredential *by = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  g_auto (MposShift) shift = { 0 };

  if (!ctl_parse (
          global, "shift accept", "[SHIFT_NO] --manager NUMBER",
          "A manager accepts a counted shift's over/short and closes it. " CTL_CREDENTIAL_HELP,
          entries, &argc, &argv))
    return CTL_EXIT_USAGE;
  if (argc > 2)
    return ctl_usage ("shift accept", "give --manager NUMBER (and at most one shift number)");
  if (manager == NULL)
    return ctl_credential_missing ("shift accept", "--manager");
  if ((store = ctl_open_store (global, FALSE, &error)) == NULL
      || (by = ctl_credential (&credential, manager, FALSE, &error)) == NULL
      || !mpos_shift_accept (store, argc == 2 ? argv[1] : NULL, by, &shift, &error))
    return ctl_fail (error);
  return done (global, store, &shift);
}

static void
print_list_row (MposStore *store, const MposShift *s)
{
  g_autofree char *opened = ctl_local_time (store, s->opened_at);
  char f[MPOS_MONEY_BUF], e[MPOS_MONEY_BUF], o[MPOS_MONEY_BUF];

  printf ("%-26s %-8s %-19s %-8s %10s %10s %10s\n", s->shift_no, mpos_shift_status_name (s->status),
          opened, s->opened_by, mpos_money_to_buf (s->opening_float, f),
          mpos_money_to_buf (s->cash.expected, e),
          s->status == MPOS_SHIFT_OPEN ? "" : mpos_money_to_buf (s->over_short, o));
}

static gboolean
day_ok (const char *day)
{
  if (day == NULL)
    return TRUE;
  for (const char *p = day; *p; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return strlen (day) == 8;
}

static int
shift_list (CtlGlobal *global, int argc, char **argv)
{
  g_autofree char *from = NULL, *to = NULL;
  const GOptionEntry entries[]
      = { { "from", 0, 0, G_OPTION_ARG_STRING, &from, "First business day", "YYYYMMDD" },
          { "to", 0, 0, G_OPTION_ARG_STRING, &to, "Last business day", "YYYYMMDD" },
          { NULL } };
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  g_autoptr (GPtrArray) shifts = NULL;

  if (!ctl_parse (global, "shift list", "", "The shifts of this terminal, newest first.", entries,
                  &argc, &argv))
    return CTL_EXIT_USAGE;
  if (argc != 1 || !day_ok (from) || !day_ok (to))
    return ctl_usage ("shift list", "give only --from/--to as business days, YYYYMMDD");
  if ((store = ctl_open_store (global, FALSE, &error)) == NULL
      || (shifts = mpos_shift_list (store, from, to, &error)) == NULL)
    return ctl_fail (error);
  if (global->json)
    {
      cJSON *array = cJSON_CreateArray ();
      for (guint i = 0; i < shifts->len; i++)
        cJSON_AddItemToArray (array, mpos_shift_to_json (store, g_ptr_array_index (shifts, i)));
      ctl_print_json (array);
      return CTL_EXIT_OK;
    }
  printf ("%-26s %-8s %-19s %-8s %10s %10s %10s\n", "shift", "status", "opened", "by", "float",
          "expected", "over/short");
  for (guint i = 0; i < shifts->len; i++)
    print_list_row (store, g_ptr_array_index (shifts, i));
  return CTL_EXIT_OK;
}

static const CtlSubcommand shift_commands[] = {
  { "open", shift_open, "--float AMOUNT [--cashier ID]", "open a shift with its float" },
  { "status", shift_status, "[SHIFT_NO]", "the open shift and its drawer" },
  { "pay-in", shift_pay_in, "AMOUNT --reason TEXT", "cash into the drawer (收入)" },
  { "pay-out", shift_pay_out, "AMOUNT --reason TEXT", "cash out of the drawer (支出)" },
  { "drop", shift_drop, "AMOUNT --reason TEXT", "cash to the safe (存款/上缴)" },
  { "close", shift_close, "--count COUNT [--manager M]", "count the drawer and close" },
  { "accept", shift_accept, "[SHIFT_NO] --manager M", "a manager accepts an over/short" },
  { "list", shift_list, "[--from DAY] [--to DAY]", "this terminal's shifts" },
};

int
ctl_shift (CtlGlobal *global, int argc, char **argv)
{
  static const CtlSubcommands verb = { .verb = "shift",
                                       .subs = shift_commands,
                                       .n_subs = G_N_ELEMENTS (shift_commands),
                                       .name_width = 8,
                                       .usage_width = 30,
                                       .footer = SHIFT_FOOTER };

  return ctl_run_subcommand (global, &verb, argc, argv);
}
