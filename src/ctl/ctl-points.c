/* ctl-points.c — `mallposctl points …` (balance, statement, adjust, freeze,
 * unfreeze, transfer, grant, run), `mallposctl report liability` (its verb
 * table is in ctl-report.c), and the
 * exit codes of the loyalty errors. MEMBER is a card number, phone or
 * member QR token. */
#include "clock.h"
#include "ctl-credential.h"
#include "ctl.h"
#include "json-fields.h"
#include "json-out.h"
#include "loyalty-liability.h"
#include "loyalty-rules.h"
#include "member.h"
#include "payment-pin.h"
#include "points.h"
#include "points-statement.h"
#include "staff-permission.h"
#include "stored-value.h"

#include <stdio.h>
#include <string.h>

int
ctl_loyalty_exit_code (const GError *error)
{
  if (error->domain == MPOS_POINTS_ERROR)
    switch (error->code)
      {
      case MPOS_POINTS_ERROR_FROZEN:
      case MPOS_POINTS_ERROR_INSUFFICIENT:
      case MPOS_POINTS_ERROR_ABOVE_MAX_SHARE:
      case MPOS_POINTS_ERROR_DISABLED:
      case MPOS_POINTS_ERROR_STATE:
        return CTL_EXIT_CONFLICT;
      default:
        return CTL_EXIT_INVALID;
      }
  if (error->domain == MPOS_STORED_VALUE_ERROR)
    switch (error->code)
      {
      case MPOS_STORED_VALUE_ERROR_NOT_FOUND:
        return CTL_EXIT_NOT_FOUND;
      case MPOS_STORED_VALUE_ERROR_INSUFFICIENT:
      case MPOS_STORED_VALUE_ERROR_ALREADY_REFUNDED:
      case MPOS_STORED_VALUE_ERROR_NOTHING_TO_REFUND:
        return CTL_EXIT_CONFLICT;
      default:
        return CTL_EXIT_INVALID;
      }
  if (error->domain == MPOS_PAYMENT_PIN_ERROR)
    switch (error->code)
      {
      case MPOS_PAYMENT_PIN_ERROR_LOCKED:
      case MPOS_PAYMENT_PIN_ERROR_NOT_SET:
        return CTL_EXIT_CONFLICT;
      case MPOS_PAYMENT_PIN_ERROR_FAILED:
        return CTL_EXIT_FAILED;
      default:
        return CTL_EXIT_INVALID;
      }
  if (error->domain == MPOS_LOYALTY_RULES_ERROR)
    return error->code == MPOS_LOYALTY_RULES_ERROR_NOT_SET_UP ? CTL_EXIT_CONFLICT
                                                              : CTL_EXIT_INVALID;
  return -1;
}

/* ---- balance, statement --------------------------------------------------------- */

/* Usable first: what the member can spend now; points past their expiry
 * are never shown as spendable, even before the daily run sweeps them. */
static void
print_points_line (int64_t usable, int64_t pending, int64_t past_expiry, gboolean frozen)
{
  printf ("积分 Points: usable %" G_GINT64_FORMAT ", pending %" G_GINT64_FORMAT, usable, pending);
  if (past_expiry > 0)
    printf (" (%" G_GINT64_FORMAT " more are past their expiry and leave at the next points run)",
            past_expiry);
  printf ("%s\n", frozen ? " — FROZEN (fraud hold)" : "");
}

static int
print_balance (CtlGlobal *global, MposStore *store, MposMember *member)
{
  g_autoptr (GError) error = NULL;
  MposPointsBalance b;

  if (!mpos_points_balance (store, member->id, mpos_clock_now (), &b, &error))
    return ctl_fail (error);
  if (global->json)
    {
      cJSON *json = cJSON_CreateObject ();
      mpos_json_add_int (json, "member_id", member->id);
      mpos_points_balance_add_json (json, &b);
      return ctl_print_json (json);
    }
  ctl_print_member (member);
  print_points_line (b.usable, b.pending, b.past_expiry, b.frozen);
  return CTL_EXIT_OK;
}

static int
points_balance (CtlGlobal *global, int argc, char **argv)
{
  static const CtlCommandHelp help
      = { .command = "points balance", .parameter = "MEMBER", .summary = "Show a member's points." };
  g_autoptr (MposStore) store = NULL;
  g_autoptr (MposMember) member = NULL;
  int status;

  if ((status = ctl_start_member (global, &help, NULL, &argc, &argv, &store, &member)) != 0)
    return status;
  return print_balance (global, store, member);
}

static void
print_statement (MposStore *store, const MposPointsStatement *statement)
{
  printf ("%-19s  %-12s %9s  %-9s %5s %-12s %-19s  %s\n", "at", "kind", "points", "status", "lot",
          "source", "expires", "receipt / reason");
  for (guint i = 0; i < statement->movements->len; i++)
    {
      const MposPointsMovement *m = g_ptr_array_index (statement->movements, i);
      const char *receipt = m->receipt_no ? m->receipt_no : "";
      const char *reason = m->reason ? m->reason : "";
      g_autofree char *at = ctl_local_time (store, m->at);
      g_autofree char *expires = ctl_local_time (store, m->expires_at);

      printf ("%-19s  %-12s %+9" G_GINT64_FORMAT "  %-9s %5" G_GINT64_FORMAT " %-12s %-19s  %s%s%s\n",
              at, m->kind, mpos_points_movement_points (m), m->status ? m->status : "", m->lot,
              m->source ? m->source : "", expires, receipt, *receipt && *reason ? " " : "", reason);
    }
}

static int
points_statement (CtlGlobal *global, int argc, char **argv)
{
  static const CtlCommandHelp help
      = { .command = "points statement",
          .parameter = "MEMBER",
          .summary = "Every points movement of a member with its status, source, lot and expiry." };
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  g_autoptr (MposMember) member = NULL;
  g_autoptr (MposPointsStatement) statement = NULL;
  int status;

  if ((status = ctl_start_member (global, &help, NULL, &argc, &argv, &store, &member)) != 0)
    return status;
  statement = mpos_points_statement (store, member->id, mpos_clock_now (), &error);
  if (statement == NULL)
    return ctl_fail (error);
  if (global->json)
    return ctl_print_json (mpos_points_statement_to_json (store, statement));
  ctl_print_member (member);
  print_points_line (statement->balance.usable, statement->balance.pending,
                     statement->balance.past_expiry, FALSE);
  print_statement (store, statement);
  return CTL_EXIT_OK;
}

/* ---- adjust, freeze, transfer, grant ---------------------------------------------- */

static int
points_adjust (CtlGlobal *global, int argc, char **argv)
{
  static const CtlCommandHelp help
      = { .command = "points adjust",
          .parameter = "MEMBER",
          .summary = "Add or take points by hand, with a reason and a supervisor. "
                     CTL_CREDENTIAL_HELP };
  gint64 points = 0;
  g_autofree char *reason = NULL, *supervisor = NULL, *cashier = NULL;
  const GOptionEntry entries[]
      = { { "points", 'p', 0, G_OPTION_ARG_INT64, &points, "Points to add (or take, negative)",
            "N" },
          { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, "Why (required)", "TEXT" },
          CTL_SUPERVISOR_ENTRY (supervisor),
          { "cashier", 0, 0, G_OPTION_ARG_STRING, &cashier, "Who makes the adjustment", "ID" },
          { NULL } };
  g_auto (CtlCredential) credential = { 0 };
  const MposStaffCredential *approver;
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  g_autoptr (MposMember) member = NULL;
  int status;

  if ((status = ctl_start_member (global, &help, entries, &argc, &argv, &store, &member)) != 0)
    return status;
  if (!ctl_credential_get (&credential, supervisor, FALSE, &approver, &error)
      || !mpos_points_adjust (store, member->id, points, reason, cashier, approver,
                              mpos_clock_now (), &error))
    return ctl_fail (error);
  if (!global->json)
    printf ("adjusted by %+" G_GINT64_FORMAT " points\n", (int64_t)points);
  return print_balance (global, store, member);
}

static int
points_award (CtlGlobal *global, int argc, char **argv)
{
  static const CtlCommandHelp help
      = { .command = "points award",
          .parameter = "MEMBER",
          .summary = "Points for an activity of the rules (a review, a sign-in), capped per member "
                     "per business day." };
  gint64 points = 0;
  int64_t awarded = 0;
  g_autofree char *code = NULL, *cashier = NULL;
  const GOptionEntry entries[]
      = { { "code", 0, 0, G_OPTION_ARG_STRING, &code,
            "The activity's reason code in the rules (review, sign_in)", "CODE" },
          { "points", 'p', 0, G_OPTION_ARG_INT64, &points,
            "Fewer points than the activity gives (default: its points)", "N" },
          { "cashier", 0, 0, G_OPTION_ARG_STRING, &cashier, "Who gives them", "ID" },
          { NULL } };
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  g_autoptr (MposMember) member = NULL;
  int status;

  if ((status = ctl_start_member (global, &help, entries, &argc, &argv, &store, &member)) != 0)
    return status;
  if (!mpos_points_award (store, member->id, code, points, cashier ? cashier : "mallposctl",
                          mpos_clock_now (), &awarded, &error))
    return ctl_fail (error);
  if (!global->json)
    printf ("awarded %+" G_GINT64_FORMAT " points for %s\n", awarded, code);
  return print_balance (global, store, member);
}

static int
freeze (CtlGlobal *global, int argc, char **argv, gboolean frozen)
{
  const CtlCommandHelp help
      = { .command = frozen ? "points freeze" : "points unfreeze",
          .parameter = "MEMBER",
          .summary = frozen ? "Put a member's points on hold (no burn, no transfer)."
                            : "Release a member's points from hold." };
  g_autofree char *reason = NULL, *supervisor = NULL, *cashier = NULL;
  const GOptionEntry entries[]
      = { { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, "Why (required)", "TEXT" },
          CTL_SUPERVISOR_ENTRY (supervisor),
          { "cashier", 0, 0, G_OPTION_ARG_STRING, &cashier, "Who asks", "ID" },
          { NULL } };
  g_auto (CtlCredential) credential = { 0 };
  const MposStaffCredential *approver;
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  g_autoptr (MposMember) member = NULL;
  int status;

  if ((status = ctl_start_member (global, &help, entries, &argc, &argv, &store, &member)) != 0)
    return status;
  if (!ctl_credential_get (&credential, supervisor, FALSE, &approver, &error)
      || !mpos_points_set_frozen (store, member->id, frozen, reason, cashier, approver,
                                  mpos_clock_now (), &error))
    return ctl_fail (error);
  if (!global->json)
    printf ("points %s\n", frozen ? "frozen" : "unfrozen");
  return CTL_EXIT_OK;
}

static int
points_freeze (CtlGlobal *global, int argc, char **argv)
{
  return freeze (global, argc, argv, TRUE);
}

static int
points_unfreeze (CtlGlobal *global, int argc, char **argv)
{
  return freeze (global, argc, argv, FALSE);
}

/* The giving member's proof: their payment PIN, their QR code, or a
 * supervisor who checked their ID. */
static gboolean
transfer_proof (CtlCredential *credential, const char *supervisor, gboolean member_pin,
                char **pin, MposMemberProof *proof, GError **error)
{
  if (member_pin && (*pin = ctl_read_member_pin (error)) == NULL)
    return FALSE;
  proof->payment_pin = *pin;
  return ctl_credential_get (credential, supervisor, FALSE, &proof->supervisor, error);
}

static int
points_transfer (CtlGlobal *global, int argc, char **argv)
{
  static const CtlCommandHelp help
      = { "points transfer", "FROM TO",
          "Move points between members (when the rules enable transfers), with the giving "
          "member's proof (--member-pin, --member-qr or --member-card) or a supervisor who "
          "checked their ID (--supervisor). " CTL_CREDENTIAL_HELP,
          2, "give the giving and the receiving MEMBER" };
  gint64 points = 0;
  gboolean member_pin = FALSE;
  g_autofree char *reason = NULL, *supervisor = NULL, *cashier = NULL, *qr = NULL, *pin = NULL;
  g_autofree char *card = NULL;
  const GOptionEntry entries[]
      = { { "points", 'p', 0, G_OPTION_ARG_INT64, &points, "Points to move", "N" },
          { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, "Why (required)", "TEXT" },
          { "member-pin", 0, 0, G_OPTION_ARG_NONE, &member_pin,
            "The giving member types their payment PIN (MALLPOS_MEMBER_PIN, else the terminal, "
            "else a line of standard input)",
            NULL },
          { "member-qr", 0, 0, G_OPTION_ARG_STRING, &qr,
            "Or: the giving member's QR code from their phone", "TOKEN" },
          CTL_MEMBER_CARD_ENTRY (card),
          CTL_SUPERVISOR_ENTRY (supervisor),
          { "cashier", 0, 0, G_OPTION_ARG_STRING, &cashier, "Who makes the transfer", "ID" },
          { NULL } };
  g_auto (CtlCredential) credential = { 0 };
  MposMemberProof proof = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  g_autoptr (MposMember) from = NULL;
  g_autoptr (MposMember) to = NULL;
  int status;

  if ((store = ctl_start (global, &help, entries, &argc, &argv, &status)) == NULL)
    return status;
  proof.qr_token = qr;
  proof.card_presence = card;
  if ((from = mpos_member_lookup (store, argv[1], &error)) == NULL
      || (to = mpos_member_lookup (store, argv[2], &error)) == NULL
      || !transfer_proof (&credential, supervisor, member_pin, &pin, &proof, &error)
      || !mpos_points_transfer (store, from->id, to->id, points, reason, cashier, &proof,
                                mpos_clock_now (), &error))
    return ctl_fail (error);
  if (!global->json)
    printf ("moved %" G_GINT64_FORMAT " points\n", (int64_t)points);
  return CTL_EXIT_OK;
}

static int
points_grant (CtlGlobal *global, int argc, char **argv)
{
  static const CtlCommandHelp help
      = { .command = "points grant",
          .parameter = "MEMBER",
          .summary = "Grant a bonus lot by hand: a reason, a manager's approval (points_grant), "
                     "within the store's points_grant_cap a business day. " CTL_CREDENTIAL_HELP };
  gint64 points = 0;
  g_autofree char *source = NULL, *ref = NULL, *cashier = NULL, *reason = NULL, *supervisor = NULL;
  const GOptionEntry entries[]
      = { { "source", 0, 0, G_OPTION_ARG_STRING, &source,
            "registration, birthday, referral, review or campaign", "SOURCE" },
          { "points", 'p', 0, G_OPTION_ARG_INT64, &points, "Points (default: the rules' bonus)",
            "N" },
          { "ref", 0, 0, G_OPTION_ARG_STRING, &ref, "Once-only key (e.g. review:ORDER)", "KEY" },
          { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, "Why (required)", "TEXT" },
          CTL_SUPERVISOR_ENTRY (supervisor),
          { "cashier", 0, 0, G_OPTION_ARG_STRING, &cashier, "Who grants", "ID" },
          { NULL } };
  g_auto (CtlCredential) credential = { 0 };
  const MposStaffCredential *approver;
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  g_autoptr (MposMember) member = NULL;
  gboolean granted = FALSE;
  int status;

  if ((status = ctl_start_member (global, &help, entries, &argc, &argv, &store, &member)) != 0)
    return status;
  if (!ctl_credential_get (&credential, supervisor, FALSE, &approver, &error)
      || !mpos_points_grant_by_hand (store, member->id, source, points, ref, reason, cashier,
                                     approver, mpos_clock_now (), &granted, &error))
    return ctl_fail (error);
  if (!global->json)
    printf ("%s\n", granted ? "granted" : "already granted: nothing changed");
  return CTL_EXIT_OK;
}

static int
points_run (CtlGlobal *global, int argc, char **argv)
{
  static const CtlCommandHelp help
      = { "points run", "",
          "The daily run: expire, confirm pending points past the return window, grant "
          "birthday bonuses. Safe to run again.",
          0, "takes no arguments" };
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  MposPointsRunReport r;
  int status;

  if ((store = ctl_start (global, &help, NULL, &argc, &argv, &status)) == NULL)
    return status;
  if (!mpos_points_run (store, mpos_clock_now (), &r, &error))
    return ctl_fail (error);
  if (global->json)
    return ctl_print_json (mpos_points_run_report_to_json (&r));
  printf ("confirmed %" G_GINT64_FORMAT " points in %" G_GINT64_FORMAT " lots\n",
          r.confirmed_points, r.confirmed_lots);
  printf ("expired %" G_GINT64_FORMAT " points in %" G_GINT64_FORMAT " lots\n", r.expired_points,
          r.expired_lots);
  printf ("birthday bonus %" G_GINT64_FORMAT " points to %" G_GINT64_FORMAT " members\n",
          r.birthday_points, r.birthday_grants);
  return CTL_EXIT_OK;
}

static const CtlSubcommand points_commands[] = {
  { "balance", points_balance, "MEMBER", "available, pending and usable points" },
  { "statement", points_statement, "MEMBER", "every movement: status, source, lot, expiry" },
  { "award", points_award, "MEMBER --code CODE [--points N]",
    "points for a review or sign-in (rules' activities, daily cap)" },
  { "adjust", points_adjust, "MEMBER --points N --reason R --supervisor S",
    "add or take points by hand" },
  { "freeze", points_freeze, "MEMBER --reason R --supervisor S", "fraud hold: no burn" },
  { "unfreeze", points_unfreeze, "MEMBER --reason R --supervisor S", "release the hold" },
  { "transfer", points_transfer, "FROM TO --points N --reason R --member-pin|--supervisor S",
    "move points between members" },
  { "grant", points_grant, "MEMBER --source S --reason R --supervisor S [--points N]",
    "grant a bonus lot by hand" },
  { "run", points_run, "", "expire, confirm, birthday bonuses (daily; idempotent)" },
};

int
ctl_points (CtlGlobal *global, int argc, char **argv)
{
  static const CtlSubcommands verb = CTL_SUBCOMMANDS ("points", points_commands, 10, 45);

  return ctl_run_subcommand (global, &verb, argc, argv);
}

/* ---- report liability ------------------------------------------------------------------ */

static void
print_liability (MposStore *store, const MposLiability *l)
{
  g_autofree char *at = mpos_store_local_time (store, l->at);
  char value[MPOS_MONEY_BUF], p[MPOS_MONEY_BUF], b[MPOS_MONEY_BUF], t[MPOS_MONEY_BUF];
  const MposGiftCardLiability *cards = &l->gift_cards;

  printf ("负债 Liability at %s\n\n", at);
  printf ("积分 Points outstanding\n");
  printf ("  confirmed %12" G_GINT64_FORMAT "%s%s%s\n", l->points_confirmed,
          l->has_points_value ? "  (worth " : "",
          l->has_points_value ? mpos_money_to_buf (l->points_value, value) : "",
          l->has_points_value ? ")" : "");
  printf ("  pending   %12" G_GINT64_FORMAT "\n", l->points_pending);
  printf ("  frozen    %12" G_GINT64_FORMAT "  (included above)\n", l->points_frozen);
  if (l->points_owed != 0)
    printf ("  owed      %12" G_GINT64_FORMAT "  (by %" G_GINT64_FORMAT
            " members with a negative balance; not included above)\n",
            l->points_owed, l->points_owing_members);
  printf ("  by expiry month       pending    confirmed\n");
  for (guint i = 0; i < l->by_expiry->len; i++)
    {
      const MposLiabilityMonth *m = &g_array_index (l->by_expiry, MposLiabilityMonth, i);
      printf ("    %-10s %14" G_GINT64_FORMAT " %12" G_GINT64_FORMAT "\n", m->month, m->pending,
              m->confirmed);
    }
  printf ("\n储值 Stored value outstanding (%" G_GINT64_FORMAT " members)\n",
          l->stored_value_members);
  printf ("  principal 本金 %12s\n", mpos_money_to_buf (l->stored_value.principal, p));
  printf ("  bonus     赠额 %12s\n", mpos_money_to_buf (l->stored_value.bonus, b));
  printf ("  total          %12s\n",
          mpos_money_to_buf (l->stored_value.principal + l->stored_value.bonus, t));
  printf ("\n购物卡 Gift cards outstanding (%" G_GINT64_FORMAT " cards)\n", cards->cards);
  printf ("  usable         %12s\n", mpos_money_to_buf (cards->active, p));
  printf ("  expired        %12s\n", mpos_money_to_buf (cards->expired, b));
  printf ("  frozen/lost    %12s\n", mpos_money_to_buf (cards->frozen, t));
  printf ("  total          %12s\n", mpos_money_to_buf (cards->outstanding, value));
}

int
ctl_report_liability (CtlGlobal *global, int argc, char **argv)
{
  static const CtlCommandHelp help
      = { "report liability", "",
          "Points outstanding by status and expiry month; stored value outstanding "
          "(principal and bonus). Needs --supervisor unless the store lets cashiers read "
          "reports (report_access). " CTL_CREDENTIAL_HELP,
          0, "takes no arguments" };
  g_autofree char *supervisor = NULL;
  const GOptionEntry entries[] = { CTL_SUPERVISOR_ENTRY (supervisor), { NULL } };
  g_auto (CtlCredential) credential = { 0 };
  g_auto (MposStaff) approver = { 0 };
  const MposStaffCredential *by = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  g_autoptr (MposLiability) liability = NULL;
  int status;

  if ((store = ctl_start (global, &help, entries, &argc, &argv, &status)) == NULL)
    return status;
  if (ctl_credential_get (&credential, supervisor, FALSE, &by, &error)
      && mpos_staff_authorize (store, by, MPOS_ACTION_REPORT_ACCESS, NULL, NULL, "report liability",
                               &approver, &error))
    liability = mpos_loyalty_liability (store, mpos_clock_now (), &error);
  if (liability == NULL)
    return ctl_fail (error);
  if (global->json)
    return ctl_print_json (mpos_liability_to_json (store, liability));
  print_liability (store, liability);
  return CTL_EXIT_OK;
}
