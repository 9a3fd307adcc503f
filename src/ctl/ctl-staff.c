/* ctl-staff.c — `mallposctl staff add|list|set-pin|disable|permissions|
 * permit|forbid`, and the exit codes of staff errors. PINs are read as
 * ctl-credential.c says, never from argv. */
#include "ctl-credential.h"
#include "ctl.h"
#include "json-fields.h"
#include "staff-card.h"
#include "staff-permission.h"
#include "staff-policy.h"

#include <stdio.h>
#include <string.h>

#define STAFF_FOOTER                                                                               \
  "PINs are 4 to 8 digits and never arguments. A new PIN is read from the terminal (twice, no\n"  \
  "echo) or as the first line of standard input; the PIN that approves (--manager's, or your\n"   \
  "old PIN when you change your own) from MALLPOS_SUPERVISOR_PIN, else the terminal, else the\n"  \
  "next line of standard input. The store's first manager is added without --manager.\n"         \
  "Try \"mallposctl staff SUBCOMMAND --help\".\n"

int
ctl_staff_exit_code (const GError *error)
{
  if (error->domain == CTL_CREDENTIAL_ERROR)
    return CTL_EXIT_USAGE;
  if (error->domain != MPOS_STAFF_ERROR)
    return -1;
  switch (error->code)
    {
    case MPOS_STAFF_ERROR_INVALID:
      return CTL_EXIT_INVALID;
    case MPOS_STAFF_ERROR_DUPLICATE:
      return CTL_EXIT_CONFLICT;
    case MPOS_STAFF_ERROR_NOT_FOUND:
      return CTL_EXIT_NOT_FOUND;
    case MPOS_STAFF_ERROR_FAILED:
      return CTL_EXIT_FAILED;
    default:
      return CTL_EXIT_DENIED;
    }
}

/* A new PIN: on a terminal typed twice and compared. */
static char *
read_new_pin (const char *number, GError **error)
{
  g_autofree char *prompt = g_strdup_printf ("New PIN for staff %s: ", number);
  g_autofree char *again = NULL;
  char *pin = ctl_read_pin (prompt, FALSE, error);

  if (pin == NULL || !isatty (0))
    return pin;
  again = ctl_read_pin ("The same PIN again: ", FALSE, error);
  if (again == NULL || strcmp (pin, again) != 0)
    {
      g_clear_error (error);
      g_set_error (error, CTL_CREDENTIAL_ERROR, 0, "the two PINs differ; nothing was changed");
      g_free (pin);
      return NULL;
    }
  return pin;
}

static void
pin_free (char *pin)
{
  if (pin != NULL)
    explicit_bzero (pin, strlen (pin));
  g_free (pin);
}

static int
staff_add (CtlGlobal *global, int argc, char **argv)
{
  g_autofree char *name = NULL, *role_text = NULL, *manager = NULL;
  const GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, "Name printed on receipts (required)", "NAME" },
    { "role", 0, 0, G_OPTION_ARG_STRING, &role_text, "cashier, supervisor or manager (required)",
      "ROLE" },
    CTL_MANAGER_ENTRY (
        manager, "Staff number of the manager who approves (not for the store's first manager)"),
    { NULL }
  };
  g_auto (CtlCredential) credential = { 0 };
  const MposStaffCredential *by;
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  char *pin = NULL;
  MposStaffRole role;
  gboolean ok;

  if (!ctl_parse (global, "staff add", "NUMBER",
                  "Add a member of staff with a PIN. " CTL_CREDENTIAL_HELP, entries, &argc, &argv))
    return CTL_EXIT_USAGE;
  if (argc != 2 || name == NULL || role_text == NULL)
    return ctl_usage ("staff add", "give the staff NUMBER, --name and --role");
  if (!mpos_staff_role_parse (role_text, &role))
    return ctl_usage ("staff add", "--role is cashier, supervisor or manager");
  if ((store = ctl_open_store (global, FALSE, &error)) == NULL
      || (pin = read_new_pin (argv[1], &error)) == NULL)
    return ctl_fail (error);
  by = ctl_credential (&credential, manager, FALSE, &error);
  ok = (manager == NULL || by != NULL)
       && mpos_staff_add (store, argv[1], name, role, pin, by, &error);
  pin_free (pin);
  if (!ok)
    return ctl_fail (error);
  if (!global->json)
    printf ("staff %s (%s, %s) added\n", argv[1], name, role_text);
  return CTL_EXIT_OK;
}

static cJSON *
staff_to_json (const MposStaff *s)
{
  cJSON *o = cJSON_CreateObject ();

  cJSON_AddStringToObject (o, "number", s->number);
  cJSON_AddStringToObject (o, "name", s->name);
  cJSON_AddStringToObject (o, "role", mpos_staff_role_name (s->role));
  cJSON_AddBoolToObject (o, "disabled", s->disabled);
  cJSON_AddNumberToObject (o, "failures", s->failures);
  if (s->locked_until != 0)
    cJSON_AddNumberToObject (o, "locked_until", (double)s->locked_until);
  return o;
}

static int
staff_list (CtlGlobal *global, int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  g_autoptr (GPtrArray) list = NULL;

  if (!ctl_parse (global, "staff list", "", "List the staff, their roles and whether each can "
                                            "sign in.", NULL, &argc, &argv))
    return CTL_EXIT_USAGE;
  if (argc != 1)
    return ctl_usage ("staff list", "takes no arguments");
  if ((store = ctl_open_store (global, FALSE, &error)) == NULL
      || (list = mpos_staff_list (store, &error)) == NULL)
    return ctl_fail (error);
  if (global->json)
    {
      cJSON *array = cJSON_CreateArray ();

      for (guint i = 0; i < list->len; i++)
        cJSON_AddItemToArray (array, staff_to_json (list->pdata[i]));
      ctl_print_json (array);
      return CTL_EXIT_OK;
    }
  for (guint i = 0; i < list->len; i++)
    {
      const MposStaff *s = list->pdata[i];

      printf ("%-8s %-10s %s%s%s\n", s->number, mpos_staff_role_name (s->role), s->name,
              s->disabled ? "  (disabled)" : "", s->locked_until ? "  (locked: wrong PINs)" : "");
    }
  if (list->len == 0)
    printf ("no staff yet: add the store's first manager with mallposctl staff add NUMBER "
            "--name NAME --role manager\n");
  return CTL_EXIT_OK;
}

static int
staff_set_pin (CtlGlobal *global, int argc, char **argv)
{
  g_autofree char *manager = NULL;
  const GOptionEntry entries[]
      = { CTL_MANAGER_ENTRY (manager, "Staff number of the manager who resets it (without: your "
                                      "own PIN, approved by the old one)"),
          { NULL } };
  g_auto (CtlCredential) credential = { 0 };
  const MposStaffCredential *by;
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  char *pin = NULL;
  gboolean ok;

  if (!ctl_parse (global, "staff set-pin", "NUMBER",
                  "Set a new PIN (clears a lock). " CTL_CREDENTIAL_HELP, entries, &argc, &argv))
    return CTL_EXIT_USAGE;
  if (argc != 2)
    return ctl_usage ("staff set-pin", "give the staff NUMBER");
  if ((store = ctl_open_store (global, FALSE, &error)) == NULL
      || (pin = read_new_pin (argv[1], &error)) == NULL)
    return ctl_fail (error);
  by = ctl_credential (&credential, manager ? manager : argv[1], FALSE, &error);
  ok = by != NULL && mpos_staff_set_pin (store, argv[1], pin, by, &error);
  pin_free (pin);
  if (!ok)
    return ctl_fail (error);
  if (!global->json)
    printf ("staff %s has a new PIN\n", argv[1]);
  return CTL_EXIT_OK;
}

typedef gboolean (*StaffChange) (MposStore *store, const char *number,
                                 const MposStaffCredential *by, GError **error);

/* A change to one staff number that a manager approves (disable, unlock). */
static int
staff_managed_change (CtlGlobal *global, int argc, char **argv, const char *verb,
                      const char *help, StaffChange change, const char *done)
{
  g_autofree char *manager = NULL;
  const GOptionEntry entries[]
      = { CTL_MANAGER_ENTRY (manager, "Staff number of the manager who approves (required)"),
          { NULL } };
  g_auto (CtlCredential) credential = { 0 };
  const MposStaffCredential *by;
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;

  if (!ctl_parse (global, verb, "NUMBER", help, entries, &argc, &argv))
    return CTL_EXIT_USAGE;
  if (argc != 2)
    return ctl_usage (verb, "give the staff NUMBER and --manager NUMBER");
  if (manager == NULL)
    return ctl_credential_missing (verb, "--manager");
  if ((store = ctl_open_store (global, FALSE, &error)) == NULL
      || (by = ctl_credential (&credential, manager, FALSE, &error)) == NULL
      || !change (store, argv[1], by, &error))
    return ctl_fail (error);
  if (!global->json)
    printf ("staff %s %s\n", argv[1], done);
  return CTL_EXIT_OK;
}

static int
staff_disable (CtlGlobal *global, int argc, char **argv)
{
  return staff_managed_change (global, argc, argv, "staff disable",
                               "Disable a member of staff for good. " CTL_CREDENTIAL_HELP,
                               mpos_staff_disable, "is disabled");
}

static int
staff_remove_card (CtlGlobal *global, int argc, char **argv)
{
  return staff_managed_change (global, argc, argv, "staff remove-card",
                               "Take every staff card from a member of staff (a card lost or "
                               "handed back). " CTL_CREDENTIAL_HELP,
                               mpos_staff_card_remove, "has no card any more");
}

static int
staff_add_card (CtlGlobal *global, int argc, char **argv)
{
  g_autofree char *manager = NULL;
  const GOptionEntry entries[]
      = { CTL_MANAGER_ENTRY (manager, "Staff number of the manager who approves (required)"),
          { NULL } };
  g_auto (CtlCredential) credential = { 0 };
  const MposStaffCredential *by;
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  g_autofree char *card = NULL;
  const char *env = g_getenv (CTL_STAFF_CARD_ENV);

  if (!ctl_parse (global, "staff add-card", "NUMBER",
                  "Give a member of staff a staff card: the card from " CTL_STAFF_CARD_ENV
                  " (as the reader or scanner gives it), else a line of standard input read "
                  "before the manager's PIN; never an argument. The store keeps only a keyed "
                  "hash of it. " CTL_CREDENTIAL_HELP,
                  entries, &argc, &argv))
    return CTL_EXIT_USAGE;
  if (argc != 2)
    return ctl_usage ("staff add-card", "give the staff NUMBER and --manager NUMBER");
  if (manager == NULL)
    return ctl_credential_missing ("staff add-card", "--manager");
  card = env != NULL ? g_strdup (env) : ctl_read_pin ("Staff card (scan it): ", FALSE, &error);
  if (card == NULL || (store = ctl_open_store (global, FALSE, &error)) == NULL
      || (by = ctl_credential (&credential, manager, FALSE, &error)) == NULL
      || !mpos_staff_card_add (store, argv[1], card, by, &error))
    return ctl_fail (error);
  if (!global->json)
    printf ("staff %s has a new staff card\n", argv[1]);
  return CTL_EXIT_OK;
}

static int
staff_unlock (CtlGlobal *global, int argc, char **argv)
{
  return staff_managed_change (global, argc, argv, "staff unlock",
                               "Clear a staff number's wrong PINs and its lock (journaled and "
                               "audited). " CTL_CREDENTIAL_HELP,
                               mpos_staff_unlock, "is unlocked");
}

static int
staff_permissions (CtlGlobal *global, int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  guint32 allowed[3];
  cJSON *json = cJSON_CreateObject ();

  if (!ctl_parse (global, "staff permissions", "", "What each role may do or approve here.", NULL,
                  &argc, &argv))
    return CTL_EXIT_USAGE;
  if ((store = ctl_open_store (global, FALSE, &error)) == NULL
      || !mpos_staff_permissions (store, allowed, &error))
    return cJSON_Delete (json), ctl_fail (error);
  for (int a = 0; a < MPOS_ACTION_COUNT; a++)
    {
      cJSON *roles = cJSON_AddArrayToObject (json, mpos_staff_action_name (a));

      if (!global->json)
        printf ("%-24s", mpos_staff_action_name (a));
      for (int r = 0; r <= MPOS_STAFF_ROLE_MANAGER; r++)
        if (allowed[r] & (1u << a))
          {
            cJSON_AddItemToArray (roles, cJSON_CreateString (mpos_staff_role_name (r)));
            if (!global->json)
              printf (" %s", mpos_staff_role_name (r));
          }
      if (!global->json)
        printf ("\n");
    }
  if (global->json)
    ctl_print_json (json);
  else
    cJSON_Delete (json);
  return CTL_EXIT_OK;
}

static int
permit (CtlGlobal *global, int argc, char **argv, gboolean allow)
{
  const char *command = allow ? "staff permit" : "staff forbid";
  g_autofree char *manager = NULL;
  const GOptionEntry entries[]
      = { CTL_MANAGER_ENTRY (manager, "Staff number of the manager who approves (required)"),
          { NULL } };
  g_auto (CtlCredential) credential = { 0 };
  const MposStaffCredential *by;
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  MposStaffRole role;
  MposStaffAction action;

  if (!ctl_parse (global, command, "ROLE ACTION",
                  allow ? "Let a role do or approve an action. " CTL_CREDENTIAL_HELP
                        : "Take an action from a role. " CTL_CREDENTIAL_HELP,
                  entries, &argc, &argv))
    return CTL_EXIT_USAGE;
  if (argc != 3)
    return ctl_usage (command, "give ROLE, ACTION and --manager NUMBER");
  if (manager == NULL)
    return ctl_credential_missing (command, "--manager");
  if (!mpos_staff_role_parse (argv[1], &role))
    return ctl_usage (command, "ROLE is cashier, supervisor or manager");
  if (!mpos_staff_action_parse (argv[2], &action))
    return ctl_usage (command, "no such ACTION: mallposctl staff permissions lists them");
  if ((store = ctl_open_store (global, FALSE, &error)) == NULL
      || (by = ctl_credential (&credential, manager, FALSE, &error)) == NULL
      || !mpos_staff_permit (store, role, action, allow, by, &error))
    return ctl_fail (error);
  if (!global->json)
    printf ("%s %s %s\n", argv[1], allow ? "may now" : "may no longer", argv[2]);
  return CTL_EXIT_OK;
}

static int
staff_permit (CtlGlobal *global, int argc, char **argv)
{
  return permit (global, argc, argv, TRUE);
}

static int
staff_forbid (CtlGlobal *global, int argc, char **argv)
{
  return permit (global, argc, argv, FALSE);
}

static int
staff_policy (CtlGlobal *global, int argc, char **argv)
{
  g_autofree char *manager = NULL;
  const GOptionEntry entries[]
      = { CTL_MANAGER_ENTRY (manager, "Staff number of the manager who changes it"), { NULL } };
  g_auto (CtlCredential) credential = { 0 };
  const MposStaffCredential *by;
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  cJSON *json = cJSON_CreateObject ();
  MposPolicy policy;
  guint64 value = 0;

  if (!ctl_parse (global, "staff policy", "[NAME VALUE]",
                  "Show the store's limits, or set one (discount_limit in basis points, "
                  "points_grant_cap, points_transfer_cap, gift_card_unlock_cap, "
                  "staff_pin_failures, staff_lock_minutes, gift_card_pin_failures, "
                  "staff_card_alone 0/1, shift_over_short_limit in fen). " CTL_CREDENTIAL_HELP,
                  entries, &argc, &argv))
    return cJSON_Delete (json), CTL_EXIT_USAGE;
  if (argc != 1 && argc != 3)
    return cJSON_Delete (json), ctl_usage ("staff policy", "give nothing, or NAME VALUE --manager NUMBER");
  if (argc == 3 && (!mpos_policy_parse (argv[1], &policy)
                    || !g_ascii_string_to_unsigned (argv[2], 10, 0, G_MAXINT64, &value, NULL)))
    return cJSON_Delete (json), ctl_usage ("staff policy", "give a policy NAME (see staff policy), "
                                                           "a whole number and --manager NUMBER");
  if (argc == 3 && manager == NULL)
    return cJSON_Delete (json), ctl_credential_missing ("staff policy", "--manager");
  if ((store = ctl_open_store (global, FALSE, &error)) == NULL
      || (argc == 3
          && ((by = ctl_credential (&credential, manager, FALSE, &error)) == NULL
              || !mpos_policy_set (store, policy, (int64_t)value, by, &error))))
    return cJSON_Delete (json), ctl_fail (error);
  for (int p = 0; p < MPOS_POLICY_COUNT; p++)
    {
      int64_t v = 0;

      if (!mpos_policy_get (store, p, &v, &error))
        return cJSON_Delete (json), ctl_fail (error);
      cJSON_AddNumberToObject (json, mpos_policy_name (p), (double)v);
      if (!global->json)
        printf ("%-22s %" G_GINT64_FORMAT "\n", mpos_policy_name (p), v);
    }
  if (global->json)
    ctl_print_json (json);
  else
    cJSON_Delete (json);
  return CTL_EXIT_OK;
}

static const CtlSubcommand staff_commands[] = {
  { "add", staff_add, "NUMBER --name N --role R [--manager M]", "add staff with a PIN" },
  { "list", staff_list, "", "staff, roles, disabled or locked" },
  { "set-pin", staff_set_pin, "NUMBER [--manager M]", "new PIN (own, or reset by a manager)" },
  { "unlock", staff_unlock, "NUMBER --manager M", "clear wrong PINs and the lock" },
  { "add-card", staff_add_card, "NUMBER --manager M", "a staff card (MALLPOS_STAFF_CARD or stdin)" },
  { "remove-card", staff_remove_card, "NUMBER --manager M", "take their staff cards" },
  { "disable", staff_disable, "NUMBER --manager M", "never signs in again" },
  { "permissions", staff_permissions, "", "what each role may do or approve" },
  { "permit", staff_permit, "ROLE ACTION --manager M", "let a role do an action" },
  { "forbid", staff_forbid, "ROLE ACTION --manager M", "take an action from a role" },
  { "policy", staff_policy, "[NAME VALUE --manager M]", "discount limit, daily caps, lockouts" },
};

int
ctl_staff (CtlGlobal *global, int argc, char **argv)
{
  static const CtlSubcommands verb = { .verb = "staff",
                                       .subs = staff_commands,
                                       .n_subs = G_N_ELEMENTS (staff_commands),
                                       .name_width = 12,
                                       .usage_width = 40,
                                       .footer = STAFF_FOOTER };

  return ctl_run_subcommand (global, &verb, argc, argv);
}
