/* ctl-coupon.c — `mallposctl coupon …`: templates (import, list), issue (by
 * hand to a member or as bearer coupons), campaign, list, show, exchange
 * (for points), run-benefits (birthday month, monthly; expiry) and void;
 * and the exit codes of coupon errors. MEMBER is a card number, phone or
 * member QR token. */
#include "clock.h"
#include "coupon.h"
#include "ctl-credential.h"
#include "ctl.h"
#include "coupon-view.h"
#include "settings-change.h"
#include "json-fields.h"
#include "member.h"
#include "points.h"

#include <stdio.h>
#include <string.h>

int
ctl_coupon_exit_code (const GError *error)
{
  if (error->domain != MPOS_COUPON_ERROR)
    return -1;
  switch (error->code)
    {
    case MPOS_COUPON_ERROR_NOT_FOUND:
    case MPOS_COUPON_ERROR_NO_TEMPLATE:
      return CTL_EXIT_NOT_FOUND;
    case MPOS_COUPON_ERROR_INVALID:
      return CTL_EXIT_INVALID;
    default: /* used, void, expired, not yet valid, store, member, threshold, stacking, limit */
      return CTL_EXIT_CONFLICT;
    }
}

static void
print_coupon_line (MposStore *store, const MposCoupon *c, int64_t now)
{
  g_autofree char *value = mpos_coupon_template_describe (c->tmpl);
  g_autofree char *until = mpos_store_local_time (store, c->valid_to - 1);

  printf ("%-18s %-9s %-19s  %s — %s\n", c->code, mpos_coupon_status_at (c, now), until,
          c->tmpl->name, value);
}

static int
print_coupons (CtlGlobal *global, MposStore *store, GPtrArray *codes, const char *verb)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) coupons = g_ptr_array_new_with_free_func ((GDestroyNotify)mpos_coupon_free);
  int64_t now = mpos_clock_now ();
  cJSON *list;

  for (guint i = 0; i < codes->len; i++)
    {
      MposCoupon *coupon = mpos_coupon_load (store, g_ptr_array_index (codes, i), &error);
      if (coupon == NULL)
        return ctl_fail (error);
      g_ptr_array_add (coupons, coupon);
    }
  if (global->json)
    {
      cJSON *root = cJSON_CreateObject ();
      list = cJSON_AddArrayToObject (root, "coupons");
      for (guint i = 0; i < coupons->len; i++)
        cJSON_AddItemToArray (list,
                              mpos_coupon_to_json (store, g_ptr_array_index (coupons, i), now));
      return ctl_print_json (root);
    }
  printf ("%s %u coupon(s)\n", verb, codes->len);
  for (guint i = 0; i < coupons->len; i++)
    print_coupon_line (store, g_ptr_array_index (coupons, i), now);
  return CTL_EXIT_OK;
}

static MposMember *
find_member (MposStore *store, const char *key, GError **error)
{
  if (key == NULL || *key == '\0')
    {
      g_set_error (error, MPOS_MEMBER_ERROR, MPOS_MEMBER_ERROR_INVALID,
                   "give the member: card number, phone or member QR token");
      return NULL;
    }
  return mpos_member_lookup (store, key, error);
}

/* ---- templates ----------------------------------------------------------------------- */

static int
templates_import (CtlGlobal *global, int argc, char **argv)
{
  g_autofree char *manager = NULL;
  const GOptionEntry entries[] = { CTL_SETTINGS_MANAGER_ENTRY (manager), { NULL } };
  g_autoptr (GError) error = NULL;
  MposSettingsImported imported;

  if (!ctl_parse (global, "coupon templates import", "FILE.json",
                  "Import coupon templates (批次) and level benefits; see src/coupon.h for the "
                  "document. All or nothing. " CTL_CREDENTIAL_HELP,
                  entries, &argc, &argv))
    return CTL_EXIT_USAGE;
  if (argc != 2)
    return ctl_usage ("coupon templates import", "give one FILE.json");
  if (!ctl_import_settings_file (global, manager, MPOS_SETTINGS_COUPON_TEMPLATES, argv[1],
                                 &imported, &error))
    return ctl_fail (error);
  if (global->json)
    {
      cJSON *json = cJSON_CreateObject ();
      cJSON_AddBoolToObject (json, "ok", TRUE);
      cJSON_AddNumberToObject (json, "imported", imported.count);
      ctl_print_json (json);
    }
  else
    printf ("imported %u coupon template(s)\n", imported.count);
  return CTL_EXIT_OK;
}

static int
templates_list (CtlGlobal *global, int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  g_autoptr (MposCouponDocument) doc = NULL;

  if (!ctl_parse (global, "coupon templates list", "",
                  "List the coupon templates and the level benefits.", NULL, &argc, &argv))
    return CTL_EXIT_USAGE;
  if (argc != 1)
    return ctl_usage ("coupon templates list", "takes no arguments");
  store = ctl_open_store (global, FALSE, &error);
  doc = store ? mpos_coupon_templates_load (store, &error) : NULL;
  if (doc == NULL)
    return ctl_fail (error);
  if (global->json)
    return ctl_print_json (mpos_coupon_document_to_json (doc));
  for (guint i = 0; i < doc->templates->len; i++)
    {
      const MposCouponTemplate *tmpl = g_ptr_array_index (doc->templates, i);
      g_autofree char *value = mpos_coupon_template_describe (tmpl);

      printf ("%-16s %-24s %s", tmpl->code, tmpl->name, value);
      if (tmpl->points_price > 0)
        printf (", for %" G_GINT64_FORMAT " points", tmpl->points_price);
      printf ("\n");
    }
  for (guint i = 0; i < doc->benefits->len; i++)
    {
      const MposCouponBenefit *b = g_ptr_array_index (doc->benefits, i);

      printf ("benefit: %s %s %" G_GINT64_FORMAT " × %s\n", b->level, b->occasion, b->quantity,
              b->template_code);
    }
  return CTL_EXIT_OK;
}

static const CtlSubcommand template_commands[] = {
  { "import", templates_import, "FILE.json", "import templates and level benefits" },
  { "list", templates_list, "", "templates and level benefits" },
};

static int
coupon_templates (CtlGlobal *global, int argc, char **argv)
{
  static const CtlSubcommands verb
      = CTL_SUBCOMMANDS ("coupon templates", template_commands, 13, 52);

  return ctl_run_subcommand (global, &verb, argc, argv);
}

/* ---- issue, campaign ------------------------------------------------------------------- */

static int
coupon_issue (CtlGlobal *global, int argc, char **argv)
{
  g_autofree char *tmpl = NULL, *member_key = NULL, *cashier = NULL, *reason = NULL;
  g_autofree char *supervisor = NULL;
  gboolean bearer = FALSE;
  gint64 count = 1;
  const GOptionEntry entries[]
      = { { "template", 't', 0, G_OPTION_ARG_STRING, &tmpl, "Template code (required)", "CODE" },
          { "member", 'm', 0, G_OPTION_ARG_STRING, &member_key, "To this member", "MEMBER" },
          { "bearer", 0, 0, G_OPTION_ARG_NONE, &bearer, "Bearer coupons (anyone with the code)",
            NULL },
          { "count", 'n', 0, G_OPTION_ARG_INT64, &count, "How many (default 1)", "N" },
          { "cashier", 0, 0, G_OPTION_ARG_STRING, &cashier, "Who issues (required)", "ID" },
          CTL_SUPERVISOR_ENTRY (supervisor),
          { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, "Why", "TEXT" },
          { NULL } };
  g_auto (CtlCredential) credential = { 0 };
  const MposStaffCredential *approver;
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  g_autoptr (MposMember) member = NULL;
  g_autoptr (GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);

  if (!ctl_parse (global, "coupon issue", "",
                  "Issue coupons of a template by hand, to a member or as bearer coupons, with "
                  "the approval of a supervisor or manager (coupon_issue). " CTL_CREDENTIAL_HELP,
                  entries, &argc, &argv))
    return CTL_EXIT_USAGE;
  if (argc != 1)
    return ctl_usage ("coupon issue", "takes no arguments: use --template and --member/--bearer");
  if (tmpl == NULL)
    return ctl_usage ("coupon issue", "give the --template");
  if ((member_key != NULL) == bearer)
    return ctl_usage ("coupon issue", "give either --member MEMBER or --bearer");
  store = ctl_open_store (global, FALSE, &error);
  if (store == NULL || (member_key && (member = find_member (store, member_key, &error)) == NULL)
      || !ctl_credential_get (&credential, supervisor, FALSE, &approver, &error)
      || !mpos_coupon_issue (store, tmpl, member ? member->id : 0, count, cashier, approver,
                             reason, mpos_clock_now (), codes, &error))
    return ctl_fail (error);
  return print_coupons (global, store, codes, "issued");
}

static gboolean
add_members_file (MposStore *store, const char *path, GArray *ids, GError **error)
{
  gsize length = 0;
  g_autofree char *data = ctl_read_file (path, &length, error);
  g_auto (GStrv) lines = NULL;

  if (data == NULL)
    return FALSE;
  lines = g_strsplit (data, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      g_autoptr (MposMember) member = NULL;
      char *key = g_strstrip (lines[i]);
      if (*key == '\0' || *key == '#')
        continue;
      member = mpos_member_lookup (store, key, error);
      if (member == NULL)
        {
          g_prefix_error (error, "%s line %u: ", path, i + 1);
          return FALSE;
        }
      g_array_append_val (ids, member->id);
    }
  return TRUE;
}

static int
coupon_campaign (CtlGlobal *global, int argc, char **argv)
{
  g_autofree char *tmpl = NULL, *campaign = NULL, *cashier = NULL, *file = NULL;
  g_autofree char *supervisor = NULL;
  g_auto (GStrv) member_keys = NULL;
  const GOptionEntry entries[] = {
    { "template", 't', 0, G_OPTION_ARG_STRING, &tmpl, "Template code (required)", "CODE" },
    { "campaign", 'c', 0, G_OPTION_ARG_STRING, &campaign, "Campaign code (required)", "CODE" },
    { "member", 'm', 0, G_OPTION_ARG_STRING_ARRAY, &member_keys, "A member (repeat)", "MEMBER" },
    { "members-file", 0, 0, G_OPTION_ARG_FILENAME, &file, "One member per line", "PATH" },
    { "cashier", 0, 0, G_OPTION_ARG_STRING, &cashier, "Who issues", "ID" },
    CTL_SUPERVISOR_ENTRY (supervisor),
    { NULL }
  };
  g_auto (CtlCredential) credential = { 0 };
  const MposStaffCredential *approver;
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (int64_t));
  g_autoptr (GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  guint issued = 0;

  if (!ctl_parse (global, "coupon campaign", "",
                  "Issue one coupon of a template to each member of a campaign; members who "
                  "already got it from this campaign get nothing more. Needs the approval of a "
                  "supervisor or manager (coupon_issue). " CTL_CREDENTIAL_HELP,
                  entries, &argc, &argv))
    return CTL_EXIT_USAGE;
  if (argc != 1)
    return ctl_usage ("coupon campaign", "takes no arguments: use --member or --members-file");
  if (tmpl == NULL || campaign == NULL)
    return ctl_usage ("coupon campaign", "give the --template and the --campaign");
  if (member_keys == NULL && file == NULL)
    return ctl_usage ("coupon campaign", "give the members: --member (repeat) or --members-file");
  store = ctl_open_store (global, FALSE, &error);
  if (store == NULL)
    return ctl_fail (error);
  for (guint i = 0; member_keys && member_keys[i]; i++)
    {
      g_autoptr (MposMember) member = find_member (store, member_keys[i], &error);
      if (member == NULL)
        return ctl_fail (error);
      g_array_append_val (ids, member->id);
    }
  if ((file && !add_members_file (store, file, ids, &error))
      || !ctl_credential_get (&credential, supervisor, FALSE, &approver, &error)
      || !mpos_coupon_issue_campaign (store, tmpl, campaign, (const int64_t *)(void *)ids->data,
                                      ids->len, cashier ? cashier : "mallposctl", approver,
                                      mpos_clock_now (), &issued, codes, &error))
    return ctl_fail (error);
  return print_coupons (global, store, codes, "issued");
}

/* ---- list, show ------------------------------------------------------------------------ */

static int
coupon_list (CtlGlobal *global, int argc, char **argv)
{
  g_autofree char *member_key = NULL;
  const GOptionEntry entries[]
      = { { "member", 'm', 0, G_OPTION_ARG_STRING, &member_key, "The member (required)", "MEMBER" },
          { NULL } };
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  g_autoptr (MposMember) member = NULL;
  g_autoptr (GPtrArray) coupons = NULL;
  int64_t now = mpos_clock_now ();

  if (!ctl_parse (global, "coupon list", "", "A member's coupons, newest first, with status.",
                  entries, &argc, &argv))
    return CTL_EXIT_USAGE;
  if (argc != 1 || member_key == NULL)
    return ctl_usage ("coupon list", "give --member MEMBER");
  store = ctl_open_store (global, FALSE, &error);
  if (store == NULL || (member = find_member (store, member_key, &error)) == NULL
      || (coupons = mpos_coupon_list (store, member->id, &error)) == NULL)
    return ctl_fail (error);
  if (global->json)
    return ctl_print_json (mpos_coupon_list_to_json (store, member->id, coupons, now));
  printf ("%-18s %-9s %-19s  %s\n", "code", "status", "valid until", "coupon");
  for (guint i = 0; i < coupons->len; i++)
    print_coupon_line (store, g_ptr_array_index (coupons, i), now);
  return CTL_EXIT_OK;
}

/* "  2026-11-23 10:00:00 redeem   S001-… 10.00 reason", trailing blanks cut. */
static void
print_coupon_event (MposStore *store, const MposCouponEvent *e)
{
  g_autofree char *at = mpos_store_local_time (store, e->at);
  char amount[MPOS_MONEY_BUF] = "";
  g_autofree char *line = NULL;

  if (e->amount != 0)
    mpos_money_to_buf (e->amount, amount);
  line = g_strdup_printf ("  %-19s %-8s %s %s %s", at, e->kind, e->receipt_no ? e->receipt_no : "",
                          amount, e->reason ? e->reason : "");
  printf ("%s\n", g_strchomp (line));
}

static int
coupon_show (CtlGlobal *global, int argc, char **argv)
{
  static const CtlCommandHelp help
      = { "coupon show", "CODE", "One coupon: what it is worth, status, history.", 1,
          "give one coupon CODE" };
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  g_autoptr (MposCouponView) view = NULL;
  g_autofree char *value = NULL, *from = NULL, *until = NULL;
  const MposCoupon *coupon;
  int status;

  if ((store = ctl_start (global, &help, NULL, &argc, &argv, &status)) == NULL)
    return status;
  if ((view = mpos_coupon_view (store, argv[1], mpos_clock_now (), &error)) == NULL)
    return ctl_fail (error);
  if (global->json)
    return ctl_print_json (mpos_coupon_view_to_json (store, view));
  coupon = view->coupon;
  value = mpos_coupon_template_describe (coupon->tmpl);
  from = mpos_store_local_time (store, coupon->valid_from);
  until = mpos_store_local_time (store, coupon->valid_to - 1);
  printf ("券 Coupon %s\n", coupon->code);
  printf ("template    %s %s — %s\n", coupon->template_code, coupon->tmpl->name, value);
  if (coupon->member_id)
    printf ("member      %" G_GINT64_FORMAT "\n", coupon->member_id);
  else
    printf ("member      none (bearer coupon)\n");
  printf ("status      %s%s%s\n", mpos_coupon_status_at (coupon, view->at),
          coupon->redeemed_receipt_no ? " on receipt " : "",
          coupon->redeemed_receipt_no ? coupon->redeemed_receipt_no : "");
  printf ("valid       %s to %s\n", from, until);
  printf ("source      %s\n", coupon->source);
  for (guint i = 0; i < view->events->len; i++)
    print_coupon_event (store, g_ptr_array_index (view->events, i));
  return CTL_EXIT_OK;
}

/* ---- exchange, run, void --------------------------------------------------------------- */

static int
coupon_exchange (CtlGlobal *global, int argc, char **argv)
{
  g_autofree char *tmpl = NULL, *member_key = NULL, *cashier = NULL, *code = NULL;
  const GOptionEntry entries[]
      = { { "template", 't', 0, G_OPTION_ARG_STRING, &tmpl, "Template code (required)", "CODE" },
          { "member", 'm', 0, G_OPTION_ARG_STRING, &member_key, "The member (required)", "MEMBER" },
          { "cashier", 0, 0, G_OPTION_ARG_STRING, &cashier, "Who serves the member", "ID" },
          { NULL } };
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  g_autoptr (MposMember) member = NULL;
  g_autoptr (GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  MposPointsBalance balance;

  if (!ctl_parse (global, "coupon exchange", "",
                  "Exchange a member's points for a coupon (积分兑券) at the template's points "
                  "price.",
                  entries, &argc, &argv))
    return CTL_EXIT_USAGE;
  if (argc != 1 || tmpl == NULL || member_key == NULL)
    return ctl_usage ("coupon exchange", "give --member MEMBER and --template CODE");
  store = ctl_open_store (global, FALSE, &error);
  if (store == NULL || (member = find_member (store, member_key, &error)) == NULL
      || !mpos_coupon_exchange (store, member->id, tmpl, cashier ? cashier : "unknown",
                                mpos_clock_now (), &code, &error)
      || !mpos_points_balance (store, member->id, mpos_clock_now (), &balance, &error))
    return ctl_fail (error);
  g_ptr_array_add (codes, g_steal_pointer (&code));
  if (!global->json)
    printf ("积分 Points left: %" G_GINT64_FORMAT " available\n", balance.available);
  return print_coupons (global, store, codes, "exchanged for");
}

static int
coupon_run_benefits (CtlGlobal *global, int argc, char **argv)
{
  static const CtlCommandHelp help
      = { "coupon run-benefits", "",
          "Issue the level benefits due (monthly coupons; birthday coupons in the "
          "member's birthday month) and expire coupons past their validity. Safe to run "
          "again: a member gets a month's benefit once.",
          0, "takes no arguments" };
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  MposCouponRunReport r;
  int status;

  if ((store = ctl_start (global, &help, NULL, &argc, &argv, &status)) == NULL)
    return status;
  if (!mpos_coupon_run_benefits (store, mpos_clock_now (), &r, &error))
    return ctl_fail (error);
  if (global->json)
    return ctl_print_json (mpos_coupon_run_report_to_json (&r));
  printf ("birthday coupons issued %" G_GINT64_FORMAT "\n", r.birthday_issued);
  printf ("monthly coupons issued %" G_GINT64_FORMAT "\n", r.monthly_issued);
  printf ("coupons expired %" G_GINT64_FORMAT "\n", r.expired);
  return CTL_EXIT_OK;
}

static int
coupon_void (CtlGlobal *global, int argc, char **argv)
{
  static const CtlCommandHelp help
      = { "coupon void", "CODE",
          "Void an unused coupon so it can never be used; a used one is refused (return "
          "its sale instead).",
          1, "give one coupon CODE and --reason" };
  g_autofree char *reason = NULL, *cashier = NULL;
  const GOptionEntry entries[]
      = { { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, "Why (required)", "TEXT" },
          { "cashier", 0, 0, G_OPTION_ARG_STRING, &cashier, "Who voids it", "ID" },
          { NULL } };
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  g_autoptr (GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  int64_t forfeit = 0;
  int status;

  if ((store = ctl_start (global, &help, entries, &argc, &argv, &status)) == NULL)
    return status;
  if (!mpos_coupon_void (store, argv[1], reason, cashier ? cashier : "mallposctl",
                         mpos_clock_now (), &forfeit, &error))
    return ctl_fail (error);
  if (forfeit > 0)
    fprintf (stderr,
             "mallposctl: the %" G_GINT64_FORMAT " points paid for coupon %s are forfeit (recorded "
             "with the reason); to give them back, cancel an unused exchange instead: "
             "mallposctl coupon cancel-exchange CODE --reason TEXT\n",
             forfeit, argv[1]);
  g_ptr_array_add (codes, g_strdup (argv[1]));
  return print_coupons (global, store, codes, "voided");
}

static int
coupon_cancel_exchange (CtlGlobal *global, int argc, char **argv)
{
  static const CtlCommandHelp help
      = { "coupon cancel-exchange", "CODE",
          "Cancel an unused coupon bought with points: the points go back to the member "
          "(within the store's cancellation window); a supervisor when the store's policy "
          "asks for one. " CTL_CREDENTIAL_HELP,
          1, "give one coupon CODE and --reason" };
  g_autofree char *reason = NULL, *cashier = NULL, *supervisor = NULL;
  const GOptionEntry entries[]
      = { { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, "Why (required)", "TEXT" },
          { "cashier", 0, 0, G_OPTION_ARG_STRING, &cashier, "Who cancels it", "ID" },
          CTL_SUPERVISOR_ENTRY (supervisor),
          { NULL } };
  g_auto (CtlCredential) credential = { 0 };
  const MposStaffCredential *approver;
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  g_autoptr (GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  int64_t points = 0;
  int status;

  if ((store = ctl_start (global, &help, entries, &argc, &argv, &status)) == NULL)
    return status;
  if (!ctl_credential_get (&credential, supervisor, FALSE, &approver, &error)
      || !mpos_coupon_cancel_exchange (store, argv[1], reason, cashier ? cashier : "mallposctl",
                                       approver, mpos_clock_now (), &points, &error))
    return ctl_fail (error);
  if (!global->json)
    printf ("%" G_GINT64_FORMAT " points given back for coupon %s\n", points, argv[1]);
  g_ptr_array_add (codes, g_strdup (argv[1]));
  return print_coupons (global, store, codes, "voided");
}

static const CtlSubcommand coupon_commands[] = {
  { "templates", coupon_templates, "import FILE.json | list", "coupon templates and benefits" },
  { "issue", coupon_issue, "--template T --member MEMBER|--bearer [--count N] --supervisor NUMBER",
    "issue coupons by hand (--cashier)" },
  { "campaign", coupon_campaign, "--template T --campaign C --member MEMBER… --supervisor NUMBER",
    "one coupon to each member, once" },
  { "list", coupon_list, "--member MEMBER", "a member's coupons and their status" },
  { "show", coupon_show, "CODE", "one coupon with its history" },
  { "exchange", coupon_exchange, "--member MEMBER --template T", "points for a coupon" },
  { "run-benefits", coupon_run_benefits, "", "monthly/birthday benefits, expiry (idempotent)" },
  { "void", coupon_void, "CODE --reason TEXT", "void an unused coupon" },
  { "cancel-exchange", coupon_cancel_exchange, "CODE --reason TEXT [--supervisor ID]",
    "cancel an unused points coupon: points back" },
};

int
ctl_coupon (CtlGlobal *global, int argc, char **argv)
{
  static const CtlSubcommands verb = CTL_SUBCOMMANDS ("coupon", coupon_commands, 13, 52);

  return ctl_run_subcommand (global, &verb, argc, argv);
}
