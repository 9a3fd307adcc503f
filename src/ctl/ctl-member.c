/* ctl-member.c — `mallposctl member SUBCOMMAND`: register members, show
 * and look them up (card, phone, last four digits, QR token), lose and
 * replace cards, print the current member QR token, run the level rules and
 * list RFM tags. Phones and cards print masked, except a card just issued. */
#include "ctl.h"
#include "clock.h"
#include "json-fields.h"
#include "member-card.h"
#include "member-level.h"
#include "member-qr.h"
#include "member-register.h"
#include "member-tags.h"
#include "member.h"
#include "member-view.h"
#include "sync-members.h"
#include "percent.h"

#include <stdio.h>
#include <string.h>

#define LAST4_LIMIT 10

static gboolean
parse_member_id (const char *text, int64_t *out)
{
  guint64 value = 0;

  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &value, NULL))
    return FALSE;
  *out = (int64_t) value;
  return TRUE;
}

static char *
local_time (MposStore *store, int64_t utc)
{
  return utc ? mpos_store_local_time (store, utc) : g_strdup ("—");
}

/* ---- printing a member ----------------------------------------------------------- */

static void
print_cards (MposStore *store, int64_t member_id)
{
  g_autoptr (GPtrArray) cards = mpos_member_cards (store, member_id, NULL);

  for (guint i = 0; cards && i < cards->len; i++)
    {
      const MposMemberCard *card = g_ptr_array_index (cards, i);
      g_autofree char *masked = mpos_member_mask_card (card->card_no);
      g_autofree char *masked_new
          = card->replaced_by ? mpos_member_mask_card (card->replaced_by) : NULL;

      printf ("%-11s %s  %s  %s%s%s\n", i == 0 ? "cards" : "", masked,
              card->physical ? "physical" : "virtual", mpos_card_status_name (card->status),
              masked_new ? " → " : "", masked_new ? masked_new : "");
    }
}

/* What the member holds at the mall's other stores, as the centre last
 * said (docs/design.md, "Balances pulled from the centre"): shown, and
 * spent only with the centre online, never offline here. Into json when
 * given, else printed. */
static void
print_centre_balance (MposStore *store, int64_t member_id, cJSON *json)
{
  MposCentreBalance b = { 0 };
  char sv[MPOS_MONEY_BUF];
  g_autofree char *when = NULL;
  cJSON *item;

  if (!mpos_sync_centre_balance (store, member_id, mpos_clock_now (), &b, NULL) || b.pulled_at == 0)
    return;
  mpos_money_to_buf (b.stored_value, sv);
  if (json)
    {
      item = cJSON_AddObjectToObject (json, "centre_balance");
      cJSON_AddNumberToObject (item, "points", (double) b.points);
      cJSON_AddNumberToObject (item, "points_expired", (double) b.points_expired);
      if (b.next_expiry)
        {
          cJSON_AddNumberToObject (item, "next_expiry", (double) b.next_expiry);
          cJSON_AddNumberToObject (item, "points_expiring", (double) b.points_expiring);
        }
      cJSON_AddStringToObject (item, "stored_value", sv);
      cJSON_AddNumberToObject (item, "pulled_at", (double) b.pulled_at);
      cJSON_AddBoolToObject (item, "spendable_offline", FALSE);
      return;
    }
  when = local_time (store, b.pulled_at);
  printf ("%-11s %" G_GINT64_FORMAT " points, %s stored value at the mall's other stores (as of "
          "%s): spendable only while the centre is online — offline this counter spends only "
          "what the member holds here\n",
          "elsewhere", b.points, sv, when);
  if (b.points_expired > 0)
    printf ("%-11s %" G_GINT64_FORMAT " more points there have expired and are not counted\n", "",
            b.points_expired);
  if (b.next_expiry)
    {
      g_autofree char *at = local_time (store, b.next_expiry);
      printf ("%-11s %" G_GINT64_FORMAT " of them expire on %s\n", "", b.points_expiring, at);
    }
}

static void
print_member_text (MposStore *store, const MposMember *m)
{
  g_autofree char *phone = mpos_member_display_phone (store, m->phone);
  g_autofree char *discount = mpos_percent_format (m->level_discount_bp);
  g_autofree char *since = local_time (store, m->level_since);
  g_autofree char *registered = local_time (store, m->created_at);
  char multiplier[MPOS_MONEY_BUF];

  printf ("member %" G_GINT64_FORMAT "  %s\n", m->id, m->name);
  printf ("%-11s %s\n", "phone", m->phone ? phone : "—");
  printf ("%-11s %s (%s), %s off, points ×%s, since %s", "level", m->level_name, m->level_code,
          discount, mpos_money_to_buf (m->points_multiplier_bp / 100, multiplier), since);
  if (m->level_expires_at)
    {
      g_autofree char *expires = local_time (store, m->level_expires_at);
      printf (", until %s", expires);
    }
  printf ("\n");
  if (m->group_code)
    {
      g_autofree char *group_discount = mpos_percent_format (m->group_discount_bp);
      printf ("%-11s %s (%s), %s off\n", "group", m->group_name, m->group_code, group_discount);
    }
  printf ("%-11s %s\n", "birthday", m->birthday ? m->birthday : "—");
  printf ("%-11s %s\n", "gender", m->gender ? m->gender : "—");
  if (m->referrer_id)
    printf ("%-11s member %" G_GINT64_FORMAT "\n", "referrer", m->referrer_id);
  print_cards (store, m->id);
  printf ("%-11s %s\n", "registered", registered);
  print_centre_balance (store, m->id, NULL);
}

static int
print_member (CtlGlobal *global, MposStore *store, const MposMember *m, const char *issued_card)
{
  g_autoptr (GError) error = NULL;

  if (global->json)
    {
      g_autoptr (MposMemberView) view = mpos_member_view_get (store, m->id, mpos_clock_now (), &error);
      cJSON *json;
      if (view == NULL)
        return ctl_fail (error);
      json = mpos_member_view_to_json (store, view);
      /* A card just issued is handed to the member: print it in full, once. */
      if (issued_card)
        cJSON_AddStringToObject (json, "card_no", issued_card);
      print_centre_balance (store, m->id, json);
      ctl_print_json (json);
      return CTL_EXIT_OK;
    }
  print_member_text (store, m);
  return CTL_EXIT_OK;
}

static MposStore *
open_store (CtlGlobal *global, int *status)
{
  g_autoptr (GError) error = NULL;
  MposStore *store = ctl_open_store (global, FALSE, &error);

  if (store == NULL)
    *status = ctl_fail (error);
  return store;
}

/* ---- register ---------------------------------------------------------------------- */

/* A registration before the loyalty rules are imported earns nothing, and
 * nothing will grant it later: say so rather than let it pass silently. */
static void
print_registration_bonus (const MposRegistrationBonus *bonus, const char *card_no)
{
  if (!bonus->rules)
    printf ("no registration bonus: this store has no loyalty rules yet (import them first: "
            "mallposctl import loyalty-rules FILE; then give this member theirs with "
            "mallposctl points grant %s --source registration --reason TEXT --supervisor "
            "NUMBER)\n",
            card_no);
  else if (bonus->points > 0)
    printf ("registration bonus: %" G_GINT64_FORMAT " points\n", bonus->points);
  else
    printf ("no registration bonus: the loyalty rules give none\n");
}

static int
member_register (CtlGlobal *global, int argc, char **argv)
{
  g_autofree char *phone = NULL, *name = NULL, *birthday = NULL, *gender = NULL;
  g_autofree char *card = NULL, *referrer = NULL, *level = NULL, *group = NULL, *cashier = NULL;
  const GOptionEntry entries[] = {
    { "phone", 0, 0, G_OPTION_ARG_STRING, &phone, "Mobile number (required)", "PHONE" },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, "Name (required)", "NAME" },
    { "birthday", 0, 0, G_OPTION_ARG_STRING, &birthday, "Birthday", "YYYY-MM-DD" },
    { "gender", 0, 0, G_OPTION_ARG_STRING, &gender, "female or male", "GENDER" },
    { "card", 0, 0, G_OPTION_ARG_STRING, &card,
      "Physical card number (default: issue a virtual card)", "NUMBER" },
    { "referrer", 0, 0, G_OPTION_ARG_STRING, &referrer,
      "Card, phone or member code of the member who referred them", "KEY" },
    { "level", 0, 0, G_OPTION_ARG_STRING, &level, "Level code (default: the lowest)", "CODE" },
    { "group", 0, 0, G_OPTION_ARG_STRING, &group, "Member group code", "CODE" },
    { "cashier", 0, 0, G_OPTION_ARG_STRING, &cashier, "Who registers the member", "ID" },
    { NULL }
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  g_autoptr (MposMember) member = NULL;
  MposMemberRegistration r = { 0 };
  MposRegistrationBonus bonus = { 0 };
  int status = CTL_EXIT_OK;

  if (!ctl_parse (global, "member register", "",
                  "Register a member at the counter: --phone and --name, the rest optional.",
                  entries, &argc, &argv))
    return CTL_EXIT_USAGE;
  if (argc != 1)
    return ctl_usage ("member register", "takes options only");
  if (phone == NULL || name == NULL)
    return ctl_usage ("member register", "give at least --phone and --name");
  if ((store = open_store (global, &status)) == NULL)
    return status;
  r = (MposMemberRegistration){ phone, name, birthday, gender, card, referrer, level, group,
                                cashier };
  member = mpos_member_register_with_bonus (store, &r, mpos_clock_now (), &bonus, &error);
  if (member == NULL)
    return ctl_fail (error);
  if (!global->json)
    {
      printf ("registered member %" G_GINT64_FORMAT ", %s card %s\n", member->id,
              card ? "physical" : "virtual", member->card_no);
      print_registration_bonus (&bonus, member->card_no);
    }
  return print_member (global, store, member, member->card_no);
}

/* ---- show, lookup ---------------------------------------------------------------- */

static int
member_show (CtlGlobal *global, int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  g_autoptr (MposMember) member = NULL;
  int64_t id = 0;
  int status = CTL_EXIT_OK;

  if (!ctl_parse (global, "member show", "ID", "Show a member by member id (masked).", NULL,
                  &argc, &argv))
    return CTL_EXIT_USAGE;
  if (argc != 2 || !parse_member_id (argv[1], &id))
    return ctl_usage ("member show", "give one member id (a number; find it with member lookup)");
  if ((store = open_store (global, &status)) == NULL)
    return status;
  member = mpos_member_get (store, id, &error);
  if (member == NULL)
    return ctl_fail (error);
  return print_member (global, store, member, NULL);
}

static int
print_choices (CtlGlobal *global, MposStore *store, GPtrArray *found)
{
  cJSON *array = global->json ? cJSON_CreateArray () : NULL;

  for (guint i = 0; i < found->len; i++)
    {
      const MposMember *m = g_ptr_array_index (found, i);
      g_autofree char *phone = mpos_member_display_phone (store, m->phone);
      if (array)
        {
          cJSON *item = cJSON_CreateObject ();
          cJSON_AddNumberToObject (item, "id", (double) m->id);
          cJSON_AddStringToObject (item, "name", m->name);
          cJSON_AddStringToObject (item, "phone", phone);
          cJSON_AddStringToObject (item, "level", m->level_code);
          cJSON_AddItemToArray (array, item);
        }
      else
        printf ("%" G_GINT64_FORMAT "\t%s\t%s\t%s\n", m->id, phone, m->name, m->level_name);
    }
  if (array)
    ctl_print_json (array);
  return CTL_EXIT_OK;
}

static int
member_lookup (CtlGlobal *global, int argc, char **argv)
{
  g_autofree char *card = NULL, *phone = NULL, *last4 = NULL, *qr = NULL;
  const GOptionEntry entries[] = {
    { "card", 0, 0, G_OPTION_ARG_STRING, &card, "By card number", "NUMBER" },
    { "phone", 0, 0, G_OPTION_ARG_STRING, &phone, "By full mobile number", "PHONE" },
    { "last4", 0, 0, G_OPTION_ARG_STRING, &last4,
      "By the last 4 digits of the phone: a list to choose from", "DIGITS" },
    { "qr", 0, 0, G_OPTION_ARG_STRING, &qr, "By member QR token (verified)", "TOKEN" },
    { NULL }
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  g_autoptr (MposMember) member = NULL;
  int given, status = CTL_EXIT_OK;

  if (!ctl_parse (global, "member lookup", "[KEY]",
                  "Find a member by card, phone or QR token (KEY: any of them), or list the "
                  "members whose phone ends in --last4.",
                  entries, &argc, &argv))
    return CTL_EXIT_USAGE;
  given = (card != NULL) + (phone != NULL) + (last4 != NULL) + (qr != NULL) + (argc == 2);
  if (argc > 2 || given != 1)
    return ctl_usage ("member lookup", "give one KEY, or one of --card, --phone, --last4, --qr");
  if ((store = open_store (global, &status)) == NULL)
    return status;
  if (last4)
    {
      g_autoptr (GPtrArray) found
          = mpos_member_find_by_phone_tail (store, last4, LAST4_LIMIT, &error);
      return found ? print_choices (global, store, found) : ctl_fail (error);
    }
  if (qr)
    member = mpos_member_lookup_as (store, MPOS_MEMBER_KEY_QR, qr, &error);
  else if (phone)
    member = mpos_member_lookup_as (store, MPOS_MEMBER_KEY_PHONE, phone, &error);
  else if (card)
    member = mpos_member_lookup_as (store, MPOS_MEMBER_KEY_CARD, card, &error);
  else
    member = mpos_member_lookup (store, argv[1], &error);
  if (member == NULL)
    return ctl_fail (error);
  return print_member (global, store, member, NULL);
}

/* ---- cards ---------------------------------------------------------------------- */

static int
member_card_lost (CtlGlobal *global, int argc, char **argv)
{
  g_autofree char *cashier = NULL;
  const GOptionEntry entries[] = {
    { "cashier", 0, 0, G_OPTION_ARG_STRING, &cashier, "Who takes the report", "ID" },
    { NULL }
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  g_autofree char *masked = NULL;
  int status = CTL_EXIT_OK;

  if (!ctl_parse (global, "member card-lost", "CARD",
                  "Report a card lost: it stops working at once; the member keeps everything.",
                  entries, &argc, &argv))
    return CTL_EXIT_USAGE;
  if (argc != 2)
    return ctl_usage ("member card-lost", "give the card number");
  if ((store = open_store (global, &status)) == NULL)
    return status;
  if (!mpos_member_card_report_lost (store, argv[1], cashier, mpos_clock_now (), &error))
    return ctl_fail (error);
  masked = mpos_member_mask_card (argv[1]);
  if (global->json)
    {
      cJSON *json = cJSON_CreateObject ();
      cJSON_AddStringToObject (json, "card", masked);
      cJSON_AddStringToObject (json, "status", "lost");
      ctl_print_json (json);
    }
  else
    printf ("card %s reported lost; issue a new one with `mallposctl member card-replace`\n",
            masked);
  return CTL_EXIT_OK;
}

static int
print_issued (CtlGlobal *global, const char *what, const char *old_card, const char *card_no)
{
  if (global->json)
    {
      cJSON *json = cJSON_CreateObject ();
      if (old_card)
        {
          g_autofree char *masked = mpos_member_mask_card (old_card);
          cJSON_AddStringToObject (json, "replaced", masked);
        }
      cJSON_AddStringToObject (json, "card_no", card_no);
      ctl_print_json (json);
    }
  else
    printf ("%s: new card %s\n", what, card_no);
  return CTL_EXIT_OK;
}

static int
member_card_replace (CtlGlobal *global, int argc, char **argv)
{
  g_autofree char *card = NULL, *cashier = NULL;
  const GOptionEntry entries[] = {
    { "card", 0, 0, G_OPTION_ARG_STRING, &card,
      "The new physical card's number (default: a virtual card)", "NUMBER" },
    { "cashier", 0, 0, G_OPTION_ARG_STRING, &cashier, "Who replaces the card", "ID" },
    { NULL }
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  g_autofree char *card_no = NULL;
  int status = CTL_EXIT_OK;

  if (!ctl_parse (global, "member card-replace", "OLD-CARD",
                  "Issue a new card in place of an old (active or lost) one; the old one stops "
                  "working and the member and balances stay with the new one.",
                  entries, &argc, &argv))
    return CTL_EXIT_USAGE;
  if (argc != 2)
    return ctl_usage ("member card-replace", "give the old card number");
  if ((store = open_store (global, &status)) == NULL)
    return status;
  card_no = mpos_member_card_replace (store, argv[1], card, cashier, mpos_clock_now (), &error);
  if (card_no == NULL)
    return ctl_fail (error);
  return print_issued (global, "replaced", argv[1], card_no);
}

static int
member_card_add (CtlGlobal *global, int argc, char **argv)
{
  g_autofree char *card = NULL, *cashier = NULL;
  const GOptionEntry entries[] = {
    { "card", 0, 0, G_OPTION_ARG_STRING, &card,
      "A physical card's number (default: a virtual card)", "NUMBER" },
    { "cashier", 0, 0, G_OPTION_ARG_STRING, &cashier, "Who issues the card", "ID" },
    { NULL }
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  g_autofree char *card_no = NULL;
  int64_t id = 0;
  int status = CTL_EXIT_OK;

  if (!ctl_parse (global, "member card-add", "ID", "Give a member one more card.", entries, &argc,
                  &argv))
    return CTL_EXIT_USAGE;
  if (argc != 2 || !parse_member_id (argv[1], &id))
    return ctl_usage ("member card-add", "give one member id");
  if ((store = open_store (global, &status)) == NULL)
    return status;
  card_no = mpos_member_card_add (store, id, card, cashier, mpos_clock_now (), &error);
  if (card_no == NULL)
    return ctl_fail (error);
  return print_issued (global, "added", NULL, card_no);
}

/* ---- qr ------------------------------------------------------------------------- */

static int
member_qr (CtlGlobal *global, int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  g_autofree char *token = NULL, *until = NULL;
  int64_t id = 0, now = mpos_clock_now ();
  int status = CTL_EXIT_OK;
  cJSON *json;

  if (!ctl_parse (global, "member qr", "ID",
                  "Print the member's current QR token (what the mall app shows; format in "
                  "data/demo/README.md).",
                  NULL, &argc, &argv))
    return CTL_EXIT_USAGE;
  if (argc != 2 || !parse_member_id (argv[1], &id))
    return ctl_usage ("member qr", "give one member id");
  if ((store = open_store (global, &status)) == NULL)
    return status;
  token = mpos_member_qr_token (store, id, now, &error);
  if (token == NULL)
    return ctl_fail (error);
  if (!global->json)
    {
      printf ("%s\n", token);
      return CTL_EXIT_OK;
    }
  until = mpos_store_local_time (store, mpos_member_qr_valid_until (now));
  json = cJSON_CreateObject ();
  cJSON_AddNumberToObject (json, "member_id", (double) id);
  cJSON_AddStringToObject (json, "token", token);
  cJSON_AddStringToObject (json, "valid_until", until);
  ctl_print_json (json);
  return CTL_EXIT_OK;
}

/* ---- levels-evaluate ----------------------------------------------------------- */

static cJSON *
change_json (const MposLevelChange *c)
{
  cJSON *json = cJSON_CreateObject ();

  cJSON_AddNumberToObject (json, "member_id", (double) c->member_id);
  cJSON_AddStringToObject (json, "from", c->from_level);
  cJSON_AddStringToObject (json, "to", c->to_level);
  cJSON_AddStringToObject (json, "reason", c->reason);
  mpos_json_add_money (json, "spend", c->activity.spend);
  cJSON_AddNumberToObject (json, "points", (double) c->activity.points);
  mpos_json_add_money (json, "top_up", c->activity.top_up);
  return json;
}

static int
member_levels_evaluate (CtlGlobal *global, int argc, char **argv)
{
  g_autofree char *cashier = NULL;
  const GOptionEntry entries[] = {
    { "cashier", 0, 0, G_OPTION_ARG_STRING, &cashier, "Who runs it (audit)", "ID" },
    { NULL }
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  g_autoptr (GPtrArray) changes
      = g_ptr_array_new_with_free_func ((GDestroyNotify) mpos_level_change_free);
  int status = CTL_EXIT_OK;

  if (!ctl_parse (global, "member levels-evaluate", "",
                  "Apply the level rules to every member: upgrades, and retention or downgrade "
                  "where a level period ended. Running it again changes nothing.",
                  entries, &argc, &argv))
    return CTL_EXIT_USAGE;
  if (argc != 1)
    return ctl_usage ("member levels-evaluate", "takes no arguments");
  if ((store = open_store (global, &status)) == NULL)
    return status;
  if (!mpos_member_levels_evaluate (store, mpos_clock_now (), cashier, changes, &error))
    return ctl_fail (error);
  if (global->json)
    {
      cJSON *json = cJSON_CreateObject ();
      cJSON *list = cJSON_AddArrayToObject (json, "changes");
      for (guint i = 0; i < changes->len; i++)
        cJSON_AddItemToArray (list, change_json (g_ptr_array_index (changes, i)));
      ctl_print_json (json);
      return CTL_EXIT_OK;
    }
  for (guint i = 0; i < changes->len; i++)
    {
      const MposLevelChange *c = g_ptr_array_index (changes, i);
      char spend[MPOS_MONEY_BUF];
      printf ("member %" G_GINT64_FORMAT ": %s → %s (%s), spend %s\n", c->member_id,
              c->from_level, c->to_level, c->reason, mpos_money_to_buf (c->activity.spend, spend));
    }
  printf ("%u level change(s)\n", changes->len);
  return CTL_EXIT_OK;
}

/* ---- tags -------------------------------------------------------------------------- */

static cJSON *
tags_array (guint tags)
{
  cJSON *array = cJSON_CreateArray ();

  for (guint i = 0; i < MPOS_MEMBER_TAG_COUNT; i++)
    if (tags & mpos_member_tag_nth (i))
      cJSON_AddItemToArray (array,
                            cJSON_CreateString (mpos_member_tag_name (mpos_member_tag_nth (i))));
  return array;
}

static int
print_member_tags (CtlGlobal *global, MposStore *store, int64_t id, const MposMemberRfm *rfm)
{
  if (global->json)
    {
      cJSON *json = cJSON_CreateObject ();
      g_autofree char *last = rfm->last_visit_at ? mpos_store_local_time (store, rfm->last_visit_at)
                                                 : NULL;
      cJSON_AddNumberToObject (json, "member_id", (double) id);
      if (last)
        cJSON_AddStringToObject (json, "last_visit", last);
      else
        cJSON_AddNullToObject (json, "last_visit");
      cJSON_AddNumberToObject (json, "visits", (double) rfm->visits);
      mpos_json_add_money (json, "spend", rfm->spend);
      cJSON_AddItemToObject (json, "tags", tags_array (rfm->tags));
      ctl_print_json (json);
      return CTL_EXIT_OK;
    }
  {
    g_autofree char *last = local_time (store, rfm->last_visit_at);
    char spend[MPOS_MONEY_BUF];
    printf ("member %" G_GINT64_FORMAT ": last visit %s, %" G_GINT64_FORMAT
            " visit(s) and spend %s in the window\ntags:",
            id, last, rfm->visits, mpos_money_to_buf (rfm->spend, spend));
    for (guint i = 0; i < MPOS_MEMBER_TAG_COUNT; i++)
      if (rfm->tags & mpos_member_tag_nth (i))
        printf (" %s", mpos_member_tag_label (mpos_member_tag_nth (i)));
    printf ("%s\n", rfm->tags ? "" : " —");
  }
  return CTL_EXIT_OK;
}

static int
tags_summary (CtlGlobal *global, MposStore *store, const MposMemberTagRules *rules, int64_t now)
{
  g_autoptr (GError) error = NULL;
  guint counts[MPOS_MEMBER_TAG_COUNT] = { 0 };
  guint members = 0;

  if (!mpos_member_tags_count (store, rules, now, counts, &members, &error))
    return ctl_fail (error);
  if (global->json)
    {
      cJSON *json = cJSON_CreateObject ();
      cJSON *tags = cJSON_AddObjectToObject (json, "tags");
      cJSON_AddNumberToObject (json, "members", members);
      for (guint i = 0; i < MPOS_MEMBER_TAG_COUNT; i++)
        cJSON_AddNumberToObject (tags, mpos_member_tag_name (mpos_member_tag_nth (i)), counts[i]);
      ctl_print_json (json);
      return CTL_EXIT_OK;
    }
  for (guint i = 0; i < MPOS_MEMBER_TAG_COUNT; i++)
    printf ("%-12s %u\n", mpos_member_tag_name (mpos_member_tag_nth (i)), counts[i]);
  printf ("%u member(s)\n", members);
  return CTL_EXIT_OK;
}

static int
member_tags (CtlGlobal *global, int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  g_autoptr (MposMember) member = NULL;
  MposMemberTagRules rules;
  MposMemberRfm rfm;
  int64_t id = 0, now = mpos_clock_now ();
  int status = CTL_EXIT_OK;

  if (!ctl_parse (global, "member tags", "[ID]",
                  "A member's RFM figures and tags (loyal, big_spender, returning, at_risk, "
                  "lost), or how many members carry each tag.",
                  NULL, &argc, &argv))
    return CTL_EXIT_USAGE;
  if (argc > 2 || (argc == 2 && !parse_member_id (argv[1], &id)))
    return ctl_usage ("member tags", "give one member id, or none for the summary");
  if ((store = open_store (global, &status)) == NULL)
    return status;
  mpos_member_tag_rules (store, &rules);
  if (id == 0)
    return tags_summary (global, store, &rules, now);
  member = mpos_member_get (store, id, &error);
  if (member == NULL || !mpos_member_tags_compute (store, &rules, id, now, &rfm, &error))
    return ctl_fail (error);
  return print_member_tags (global, store, id, &rfm);
}

/* ---- the verb ----------------------------------------------------------------------- */

static const CtlSubcommand commands[] = {
  { "register", member_register, "--phone P --name N [...]", "register a member at the counter" },
  { "show", member_show, "ID", "show a member (phone and cards masked)" },
  { "lookup", member_lookup, "KEY | --card|--phone|--last4|--qr X",
    "find a member by card, phone, QR token or last 4 phone digits" },
  { "card-lost", member_card_lost, "CARD", "report a card lost (it stops working)" },
  { "card-replace", member_card_replace, "OLD-CARD [--card NEW]", "issue a replacement card" },
  { "card-add", member_card_add, "ID [--card NEW]", "give a member one more card" },
  { "qr", member_qr, "ID", "print the member's current QR token" },
  { "levels-evaluate", member_levels_evaluate, "", "run level upgrades and retention/downgrade" },
  { "tags", member_tags, "[ID]", "RFM tags of a member, or a count per tag" },
};

int
ctl_member (CtlGlobal *global, int argc, char **argv)
{
  static const CtlSubcommands verb = {
    .verb = "member",
    .subs = commands,
    .n_subs = G_N_ELEMENTS (commands),
    .name_width = 16,
    .usage_width = 36,
    .footer = "\nEach takes --help, --store PATH and --json.\n",
  };

  /* An empty subcommand counts as none. */
  return ctl_run_subcommand (global, &verb, argc >= 2 && argv[1][0] == '\0' ? 1 : argc, argv);
}
