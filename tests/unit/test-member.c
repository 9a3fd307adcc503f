/* test-member.c — tests for members at the counter (src/member.c,
 * member-register.c, member-card.c, member-import.c, member-change.c and the
 * 0002 migration): registration and every refusal, lookup by card, phone and
 * last four digits, lost and replaced cards, the phone display policy,
 * birthdays, the group discount in pricing, and upgrading a 0001 store that
 * holds members. */
#include "member-view.h"
#include <gio/gio.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "cart.h"
#include "clock.h"
#include "json-fields.h"
#include "member-card.h"
#include "member-qr.h"
#include "member-register.h"
#include "member.h"
#include "store-private.h"
#include "test-util.h"

#define NOW_TEXT "2026-11-23T10:00:00+08:00"

/* Row counts of everything a member change writes. */
static char *
snapshot (MposStore *store)
{
  return g_strdup_printf ("members=%" G_GINT64_FORMAT " cards=%" G_GINT64_FORMAT
                          " audit=%" G_GINT64_FORMAT " journal=%" G_GINT64_FORMAT,
                          test_query_int (store, "SELECT count(*) FROM members"),
                          test_query_int (store, "SELECT count(*) FROM member_cards"),
                          test_query_int (store, "SELECT count(*) FROM audit"),
                          test_query_int (store, "SELECT count(*) FROM journal"));
}

static MposMember *
register_full (MposStore *store, const char *phone, const char *name, const char *card,
               GError **error)
{
  MposMemberRegistration r = { 0 };

  r.phone = phone;
  r.name = name;
  r.card_no = card;
  r.actor = "1001";
  return mpos_member_register (store, &r, test_time (NOW_TEXT), error);
}

static MposMember *
register_ok (MposStore *store, const char *phone, const char *name, const char *card)
{
  g_autoptr (GError) error = NULL;
  MposMember *m = register_full (store, phone, name, card, &error);

  g_assert_no_error (error);
  g_assert_nonnull (m);
  return m;
}

static void
assert_refused (MposStore *store, const MposMemberRegistration *r, int code)
{
  g_autofree char *before = snapshot (store);
  g_autofree char *after = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (MposMember) m = mpos_member_register (store, r, test_time (NOW_TEXT), &error);

  g_assert_null (m);
  g_assert_error (error, MPOS_MEMBER_ERROR, code);
  after = snapshot (store);
  g_assert_cmpstr (after, ==, before);
}

/* ---- registration ------------------------------------------------------------------ */

static void
test_member_register_issues_a_virtual_card_with_audit_and_journal (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autoptr (MposMember) m = NULL;
  g_autoptr (MposMember) again = NULL;
  g_autoptr (GError) error = NULL;
  MposMemberRegistration r = { 0 };
  g_autofree char *payload = NULL, *kind = NULL, *detail = NULL, *masked = NULL;

  r.phone = "+86 137-0000-1234";
  r.name = "  孙悦 ";
  r.birthday = "1992-02-29";
  r.gender = "female";
  r.referrer = "13800138000";
  r.actor = "1001";
  m = mpos_member_register (ts->store, &r, test_time (NOW_TEXT), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (m->phone, ==, "13700001234");
  g_assert_cmpstr (m->name, ==, "孙悦");
  g_assert_cmpstr (m->birthday, ==, "1992-02-29");
  g_assert_cmpstr (m->gender, ==, "female");
  g_assert_cmpstr (m->level_code, ==, "normal");
  g_assert_cmpint (m->referrer_id, ==, 1);
  g_assert_cmpint (m->level_expires_at, ==, 0);
  g_assert_cmpuint (strlen (m->uid), ==, 36);
  /* Virtual: 89, 10 digits, Luhn check digit. */
  g_assert_cmpuint (strlen (m->card_no), ==, 13);
  g_assert_true (g_str_has_prefix (m->card_no, "89"));
  {
    int sum = 0;
    for (int i = 12; i >= 0; i--)
      {
        int d = m->card_no[i] - '0';
        if ((12 - i) % 2 == 1)
          d = d * 2 > 9 ? d * 2 - 9 : d * 2;
        sum += d;
      }
    g_assert_cmpint (sum % 10, ==, 0);
  }
  again = mpos_member_lookup (ts->store, m->card_no, &error);
  g_assert_no_error (error);
  g_assert_cmpint (again->id, ==, m->id);

  g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM journal"), ==, 1);
  kind = test_query_text (ts->store, "SELECT kind FROM journal");
  g_assert_cmpstr (kind, ==, "member_register");
  payload = test_query_text (ts->store, "SELECT payload FROM journal");
  g_assert_nonnull (strstr (payload, m->uid));
  /* The journal leaves the terminal: the card masked, no QR secret, no name. */
  g_assert_null (strstr (payload, m->card_no));
  masked = mpos_member_mask_card (m->card_no);
  g_assert_nonnull (strstr (payload, masked));
  g_assert_null (strstr (payload, "\"qr_secret\""));
  g_assert_null (strstr (payload, m->name));
  g_assert_nonnull (strstr (payload, "\"referrer_uid\""));
  detail = test_query_text (ts->store, "SELECT detail FROM audit WHERE action = 'member_register'");
  /* The audit trail never holds a full card number or phone. */
  g_assert_null (strstr (detail, m->card_no));
  g_assert_null (strstr (detail, m->phone));
  g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM audit WHERE actor = '1001'"),
                   ==, 1);
}

static void
test_member_register_with_a_physical_card (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autoptr (MposMember) m = register_ok (ts->store, "13700001235", "周杰", "8800000000101");

  g_assert_cmpstr (m->card_no, ==, "8800000000101");
  g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM member_cards WHERE card_no = "
                                         "'8800000000101' AND kind = 'physical' "
                                         "AND status = 'active'"),
                   ==, 1);
}

static void
test_member_register_refuses_invalid_phone (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  static const char *const bad[]
      = { "", "1380013800", "138001380001", "12800138000", "23800138000", "1380013800a",
          "+1 4155550100", "138 0013 800０", "138\t00138000" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      MposMemberRegistration r = { 0 };
      r.phone = bad[i];
      r.name = "某人";
      assert_refused (ts->store, &r, MPOS_MEMBER_ERROR_INVALID);
    }
}

static void
test_member_register_refuses_duplicate_phone_and_card (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  MposMemberRegistration r = { 0 };

  r.name = "重复";
  r.phone = "138-0013-8000"; /* 张伟's, written differently */
  assert_refused (ts->store, &r, MPOS_MEMBER_ERROR_DUPLICATE);
  r.phone = "13700009999";
  r.card_no = "8800000000017"; /* 张伟's card */
  assert_refused (ts->store, &r, MPOS_MEMBER_ERROR_DUPLICATE);
  r.card_no = "13800138000"; /* a member's phone as a card number */
  assert_refused (ts->store, &r, MPOS_MEMBER_ERROR_DUPLICATE);
  r.card_no = "8800000000200";
  r.phone = "13700009999";
  {
    g_autoptr (MposMember) first = register_ok (ts->store, r.phone, r.name, r.card_no);
  }
  /* Lost cards stay taken: a card number is never given out twice. */
  g_assert_true (
      mpos_member_card_report_lost (ts->store, "8800000000200", NULL, test_time (NOW_TEXT), NULL));
  r.phone = "13700009998";
  assert_refused (ts->store, &r, MPOS_MEMBER_ERROR_DUPLICATE);
}

static void
test_member_register_refuses_bad_fields (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  struct
  {
    const char *name, *birthday, *gender, *card;
  } bad[] = {
    { "", NULL, NULL, NULL },
    { "   ", NULL, NULL, NULL },
    { "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三", NULL, NULL, NULL },
    { "tab\there", NULL, NULL, NULL },
    { "\xe5\x87", NULL, NULL, NULL },
    { "某人", "1990-2-3", NULL, NULL },
    { "某人", "1990-02-30", NULL, NULL },
    { "某人", "1899-12-31", NULL, NULL },
    { "某人", "2030-01-01", NULL, NULL },
    { "某人", "19900101", NULL, NULL },
    { "某人", NULL, "other", NULL },
    { "某人", NULL, NULL, "12345" },
    { "某人", NULL, NULL, "8800-0000-0001" },
    { "某人", NULL, NULL, "880000000000000000000000000000001" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      MposMemberRegistration r = { 0 };
      r.phone = "13700007777";
      r.name = bad[i].name;
      r.birthday = bad[i].birthday;
      r.gender = bad[i].gender;
      r.card_no = bad[i].card;
      assert_refused (ts->store, &r, MPOS_MEMBER_ERROR_INVALID);
    }
}

static void
test_member_register_refuses_unknown_references (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  MposMemberRegistration r = { 0 };

  r.phone = "13700006666";
  r.name = "某人";
  r.level_code = "platinum";
  assert_refused (ts->store, &r, MPOS_MEMBER_ERROR_NOT_FOUND);
  r.level_code = NULL;
  r.group_code = "vip";
  assert_refused (ts->store, &r, MPOS_MEMBER_ERROR_NOT_FOUND);
  r.group_code = NULL;
  r.referrer = "8800000009999";
  assert_refused (ts->store, &r, MPOS_MEMBER_ERROR_NOT_FOUND);
  g_assert_true (
      mpos_member_card_report_lost (ts->store, "8800000000022", NULL, test_time (NOW_TEXT), NULL));
  r.referrer = "8800000000022";
  assert_refused (ts->store, &r, MPOS_MEMBER_ERROR_CARD_LOST);
}

/* The journal entry commits with the member or not at all. */
static void
test_member_register_is_one_transaction (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autoptr (GError) error = NULL;
  g_autofree char *before = NULL, *after = NULL;
  g_autoptr (MposMember) m = NULL;

  mpos_store_exec (ts->store,
                   "CREATE TEMP TRIGGER journal_fails BEFORE INSERT ON journal "
                   "BEGIN SELECT RAISE (ABORT, 'injected journal failure'); END",
                   &error);
  g_assert_no_error (error);
  before = snapshot (ts->store);
  m = register_full (ts->store, "13700005555", "某人", NULL, &error);
  g_assert_null (m);
  g_assert_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_CONSTRAINT);
  after = snapshot (ts->store);
  g_assert_cmpstr (after, ==, before);
  g_clear_error (&error);
  mpos_store_exec (ts->store, "DROP TRIGGER journal_fails", &error);
  g_assert_no_error (error);
  m = register_full (ts->store, "13700005555", "某人", NULL, &error);
  g_assert_no_error (error);
}

/* ---- lookup ------------------------------------------------------------------------ */

static void
test_member_lookup_by_card_phone_and_written_phone (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  static const char *const keys[]
      = { "8800000000017", " 8800000000017\n", "13800138000", "138 0013 8000", "+8613800138000",
          "0086 138-0013-8000" };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (MposMember) m = mpos_member_lookup (ts->store, keys[i], &error);
      g_assert_no_error (error);
      g_assert_cmpint (m->id, ==, 1);
      g_assert_cmpstr (m->level_code, ==, "gold");
      g_assert_cmpstr (m->level_name, ==, "金卡会员");
      g_assert_cmpint (m->level_discount_bp, ==, 500);
      g_assert_cmpstr (m->card_no, ==, "8800000000017");
    }
}

static void
test_member_lookup_unknown_card_or_phone (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  static const char *const keys[] = { "8800000000000", "13900000000", "hello", "1234" };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autoptr (GError) error = NULL;
      g_assert_null (mpos_member_lookup (ts->store, keys[i], &error));
      g_assert_error (error, MPOS_MEMBER_ERROR, MPOS_MEMBER_ERROR_NOT_FOUND);
    }
  {
    g_autoptr (GError) error = NULL;
    g_assert_null (mpos_member_lookup (ts->store, "  ", &error));
    g_assert_error (error, MPOS_MEMBER_ERROR, MPOS_MEMBER_ERROR_INVALID);
  }
  {
    /* Explicit card lookup never falls back to the phone. */
    g_autoptr (GError) error = NULL;
    g_assert_null (mpos_member_lookup_card (ts->store, "13800138000", &error));
    g_assert_error (error, MPOS_MEMBER_ERROR, MPOS_MEMBER_ERROR_NOT_FOUND);
  }
}

static void
test_member_last4_lists_the_matches (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (MposMember) a = register_ok (ts->store, "13911118000", "甲", NULL);
  g_autoptr (MposMember) b = register_ok (ts->store, "15022228000", "乙", NULL);

  found = mpos_member_find_by_phone_tail (ts->store, "8000", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 3);
  g_assert_cmpint (((MposMember *) found->pdata[0])->id, ==, 1);
  g_assert_cmpint (((MposMember *) found->pdata[1])->id, ==, a->id);
  g_assert_cmpint (((MposMember *) found->pdata[2])->id, ==, b->id);
  g_clear_pointer (&found, g_ptr_array_unref);

  found = mpos_member_find_by_phone_tail (ts->store, "5678", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (((MposMember *) found->pdata[0])->name, ==, "王芳");
}

static void
test_member_last4_matching_nobody_or_too_many (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  static const char *const malformed[] = { "", "123", "12345", "12a4", "８０００" };
  g_autoptr (GError) error = NULL;

  g_assert_null (mpos_member_find_by_phone_tail (ts->store, "0001", 10, &error));
  g_assert_error (error, MPOS_MEMBER_ERROR, MPOS_MEMBER_ERROR_NOT_FOUND);
  g_clear_error (&error);
  /* Five members whose phones end in 0000. */
  for (int i = 1; i <= 5; i++)
    {
      g_autofree char *phone = g_strdup_printf ("136000%d0000", i);
      g_autoptr (MposMember) m = register_ok (ts->store, phone, "同尾", NULL);
    }
  g_assert_null (mpos_member_find_by_phone_tail (ts->store, "0000", 4, &error));
  g_assert_error (error, MPOS_MEMBER_ERROR, MPOS_MEMBER_ERROR_AMBIGUOUS);
  g_assert_nonnull (strstr (error->message, "full number"));
  g_clear_error (&error);
  {
    g_autoptr (GPtrArray) five = mpos_member_find_by_phone_tail (ts->store, "0000", 5, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (five->len, ==, 5);
  }
  for (guint i = 0; i < G_N_ELEMENTS (malformed); i++)
    {
      g_assert_null (mpos_member_find_by_phone_tail (ts->store, malformed[i], 10, &error));
      g_assert_error (error, MPOS_MEMBER_ERROR, MPOS_MEMBER_ERROR_INVALID);
      g_clear_error (&error);
    }
}

/* ---- cards ----------------------------------------------------------------------- */

static void
test_member_lost_card_stops_working_and_the_member_stays (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autoptr (GError) error = NULL;
  g_autoptr (MposMember) by_phone = NULL;
  g_autofree char *before = snapshot (ts->store);

  g_assert_true (
      mpos_member_card_report_lost (ts->store, "8800000000017", "1001", test_time (NOW_TEXT), &error));
  g_assert_no_error (error);
  g_assert_null (mpos_member_lookup (ts->store, "8800000000017", &error));
  g_assert_error (error, MPOS_MEMBER_ERROR, MPOS_MEMBER_ERROR_CARD_LOST);
  g_assert_nonnull (strstr (error->message, "reported lost — use the new card"));
  g_assert_null (strstr (error->message, "8800000000017"));
  g_clear_error (&error);
  by_phone = mpos_member_lookup (ts->store, "13800138000", &error);
  g_assert_no_error (error);
  g_assert_cmpint (by_phone->id, ==, 1);
  g_assert_null (by_phone->card_no);
  g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM journal WHERE kind = "
                                         "'member_card_lost'"),
                   ==, 1);
  g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM audit WHERE action = "
                                         "'member_card_lost' AND ref = 'member 1'"),
                   ==, 1);
  /* Twice is refused and writes nothing more. */
  g_free (before);
  before = snapshot (ts->store);
  g_assert_false (
      mpos_member_card_report_lost (ts->store, "8800000000017", "1001", test_time (NOW_TEXT), &error));
  g_assert_error (error, MPOS_MEMBER_ERROR, MPOS_MEMBER_ERROR_STATE);
  g_clear_error (&error);
  g_assert_false (
      mpos_member_card_report_lost (ts->store, "8800000009999", "1001", test_time (NOW_TEXT), &error));
  g_assert_error (error, MPOS_MEMBER_ERROR, MPOS_MEMBER_ERROR_NOT_FOUND);
  {
    g_autofree char *after = snapshot (ts->store);
    g_assert_cmpstr (after, ==, before);
  }
}

static void
test_member_replaced_card_moves_the_member_to_the_new_card (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autoptr (GError) error = NULL;
  g_autofree char *virtual_card = NULL, *physical = NULL;
  g_autoptr (MposMember) m = NULL;
  g_autoptr (GPtrArray) cards = NULL;

  /* Lost, then replaced by a virtual card; that one replaced by a physical one. */
  g_assert_true (
      mpos_member_card_report_lost (ts->store, "8800000000017", NULL, test_time (NOW_TEXT), NULL));
  virtual_card = mpos_member_card_replace (ts->store, "8800000000017", NULL, "1001",
                                           test_time (NOW_TEXT) + 60, &error);
  g_assert_no_error (error);
  m = mpos_member_lookup (ts->store, virtual_card, &error);
  g_assert_no_error (error);
  g_assert_cmpint (m->id, ==, 1);
  g_assert_cmpstr (m->level_code, ==, "gold");
  g_clear_pointer (&m, mpos_member_free);
  g_assert_null (mpos_member_lookup (ts->store, "8800000000017", &error));
  g_assert_error (error, MPOS_MEMBER_ERROR, MPOS_MEMBER_ERROR_CARD_LOST);
  g_assert_nonnull (strstr (error->message, "use the new card 89"));
  g_clear_error (&error);

  physical = mpos_member_card_replace (ts->store, virtual_card, "8800000000305", NULL,
                                       test_time (NOW_TEXT) + 120, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (physical, ==, "8800000000305");
  g_assert_null (mpos_member_lookup (ts->store, virtual_card, &error));
  g_assert_error (error, MPOS_MEMBER_ERROR, MPOS_MEMBER_ERROR_CARD_LOST);
  g_assert_nonnull (strstr (error->message, "was replaced — use the new card 8800"));
  g_clear_error (&error);

  cards = mpos_member_cards (ts->store, 1, &error);
  g_assert_cmpuint (cards->len, ==, 3);
  g_assert_cmpint (((MposMemberCard *) cards->pdata[0])->status, ==, MPOS_CARD_LOST);
  g_assert_cmpstr (((MposMemberCard *) cards->pdata[0])->replaced_by, ==, virtual_card);
  g_assert_cmpint (((MposMemberCard *) cards->pdata[1])->status, ==, MPOS_CARD_REPLACED);
  g_assert_false (((MposMemberCard *) cards->pdata[1])->physical);
  g_assert_cmpint (((MposMemberCard *) cards->pdata[2])->status, ==, MPOS_CARD_ACTIVE);

  /* A replaced card cannot be replaced again, nor given to a new member. */
  g_assert_null (
      mpos_member_card_replace (ts->store, virtual_card, NULL, NULL, test_time (NOW_TEXT), &error));
  g_assert_error (error, MPOS_MEMBER_ERROR, MPOS_MEMBER_ERROR_STATE);
  g_clear_error (&error);
  g_assert_null (mpos_member_card_replace (ts->store, "8800000000022", "8800000000305", NULL,
                                           test_time (NOW_TEXT), &error));
  g_assert_error (error, MPOS_MEMBER_ERROR, MPOS_MEMBER_ERROR_DUPLICATE);
  g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM journal WHERE kind = "
                                         "'member_card_replace'"),
                   ==, 2);
  test_assert_consistent (ts->store);
}

static void
test_member_holds_several_cards (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autoptr (GError) error = NULL;
  g_autofree char *extra = mpos_member_card_add (ts->store, 2, NULL, NULL, test_time (NOW_TEXT), &error);
  g_autoptr (MposMember) by_old = NULL, by_new = NULL;

  g_assert_no_error (error);
  by_old = mpos_member_lookup (ts->store, "8800000000022", &error);
  by_new = mpos_member_lookup (ts->store, extra, &error);
  g_assert_no_error (error);
  g_assert_cmpint (by_old->id, ==, 2);
  g_assert_cmpint (by_new->id, ==, 2);
  g_assert_cmpstr (by_new->card_no, ==, extra);
  g_assert_null (mpos_member_card_add (ts->store, 999, NULL, NULL, test_time (NOW_TEXT), &error));
  g_assert_error (error, MPOS_MEMBER_ERROR, MPOS_MEMBER_ERROR_NOT_FOUND);
}

/* ---- policy, birthday, import ------------------------------------------------------ */

static void
test_member_phone_is_masked_unless_the_policy_allows (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autoptr (GError) error = NULL;
  g_autoptr (MposMember) m = mpos_member_get (ts->store, 1, &error);
  g_autofree char *masked = mpos_member_display_phone (ts->store, m->phone);
  g_autofree char *full = NULL, *text = NULL;
  g_autoptr (MposMemberView) view = NULL;
  cJSON *json;

  g_assert_cmpstr (masked, ==, "138****8000");
  view = mpos_member_view_get (ts->store, m->id, mpos_clock_now (), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (view->phone_shown, ==, "138****8000");
  json = mpos_member_view_to_json (ts->store, view);
  text = cJSON_PrintUnformatted (json);
  cJSON_Delete (json);
  g_assert_null (strstr (text, "13800138000"));
  g_assert_null (strstr (text, "8800000000017"));
  g_assert_nonnull (strstr (text, "\"138****8000\""));
  g_assert_null (strstr (text, "secret"));

  g_assert_true (mpos_store_put_setting (ts->store, "member.phone_display", "full", &error));
  full = mpos_member_display_phone (ts->store, m->phone);
  g_assert_cmpstr (full, ==, "13800138000");
}

static void
test_member_birthday_is_today_in_the_store_zone (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  MposMember m = { 0 };
  int64_t t = 0;

  m.birthday = (char *) "1990-11-23";
  /* 2026-11-23 00:30 in Shanghai is still the 22nd in UTC. */
  g_assert_true (mpos_clock_parse_iso8601 ("2026-11-23T00:30:00+08:00", &t));
  g_assert_true (mpos_member_has_birthday (ts->store, &m, t));
  g_assert_true (mpos_clock_parse_iso8601 ("2026-11-23T23:59:00+08:00", &t));
  g_assert_true (mpos_member_has_birthday (ts->store, &m, t));
  g_assert_true (mpos_clock_parse_iso8601 ("2026-11-24T00:00:00+08:00", &t));
  g_assert_false (mpos_member_has_birthday (ts->store, &m, t));
  m.birthday = (char *) "1992-02-29";
  g_assert_true (mpos_clock_parse_iso8601 ("2027-02-28T12:00:00+08:00", &t));
  g_assert_true (mpos_member_has_birthday (ts->store, &m, t));
  g_assert_true (mpos_clock_parse_iso8601 ("2028-02-28T12:00:00+08:00", &t));
  g_assert_false (mpos_member_has_birthday (ts->store, &m, t));
  g_assert_true (mpos_clock_parse_iso8601 ("2028-02-29T12:00:00+08:00", &t));
  g_assert_true (mpos_member_has_birthday (ts->store, &m, t));
  m.birthday = NULL;
  g_assert_false (mpos_member_has_birthday (ts->store, &m, t));
}

static void
test_member_import_is_repeatable_and_brings_levels_and_groups (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autoptr (GError) error = NULL;
  gsize length = 0;
  g_autofree char *members = test_demo_file ("members.json", &length);
  g_autofree char *uid_before = test_query_text (ts->store, "SELECT uid FROM members WHERE id = 1");
  g_autofree char *uid_after = NULL;
  guint count = 0;

  g_assert_true (mpos_member_import_json (ts->store, members, length, &count, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, 8);
  g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM members"), ==, 8);
  g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM member_cards"), ==, 8);
  g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM member_groups"), ==, 2);
  uid_after = test_query_text (ts->store, "SELECT uid FROM members WHERE id = 1");
  g_assert_cmpstr (uid_after, ==, uid_before);
  g_assert_cmpint (test_query_int (ts->store,
                                   "SELECT upgrade_spend FROM member_levels WHERE code = "
                                   "'silver'"),
                   ==, 200000);
  g_assert_cmpint (test_query_int (ts->store,
                                   "SELECT birthday_points_multiplier_bp FROM member_levels "
                                   "WHERE code = 'diamond'"),
                   ==, 30000);
  g_assert_cmpint (test_query_int (ts->store,
                                   "SELECT points_multiplier_bp FROM member_levels WHERE "
                                   "code = 'gold'"),
                   ==, 10000);
  {
    static const char bad[] = "{\"levels\":[{\"code\":\"x\",\"name\":\"X\","
                              "\"points_multiplier\":\"11.00\"}]}";
    g_assert_false (mpos_member_import_json (ts->store, bad, strlen (bad), NULL, &error));
    g_assert_error (error, MPOS_JSON_ERROR, MPOS_JSON_ERROR_VALUE);
  }
}

/* ---- pricing: the larger of level and group discount ---------------------------------- */

static void
test_member_group_discount_applies_when_larger_than_the_level (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autoptr (GError) error = NULL;
  MposMemberRegistration r = { 0 };
  g_autoptr (MposMember) staff = NULL, partner = NULL;
  const MposAdjustment *adj;

  r.phone = "13700004444";
  r.name = "店员";
  r.group_code = "staff"; /* 10% beats normal 0% */
  staff = mpos_member_register (ts->store, &r, test_time (NOW_TEXT), &error);
  g_assert_no_error (error);
  g_assert_cmpint (staff->group_discount_bp, ==, 1000);
  r.phone = "13700004445";
  r.name = "企业";
  r.group_code = "corporate"; /* 3% loses to gold 5% */
  r.level_code = "gold";
  partner = mpos_member_register (ts->store, &r, test_time (NOW_TEXT), &error);
  g_assert_no_error (error);

  {
    /* Two packs of gum (2.50 each): no member price, no promotion reached. */
    g_autoptr (MposCart) cart = mpos_cart_new (ts->store, test_time (NOW_TEXT), &error);
    MposCartLine *line;
    g_assert_no_error (error);
    g_assert_true (mpos_cart_set_member (cart, staff->card_no, &error));
    line = mpos_cart_add_code (cart, "69176548", 2, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (line->adjustments->len, ==, 1);
    adj = g_ptr_array_index (line->adjustments, 0);
    g_assert_cmpstr (mpos_adjustment_kind_name (adj->kind), ==, "level_discount");
    g_assert_cmpstr (adj->source, ==, "staff");
    g_assert_cmpstr (adj->label, ==, "员工 10% off (member group)");
    g_assert_cmpint (adj->amount, ==, -50);
  }
  {
    g_autoptr (MposCart) cart = mpos_cart_new (ts->store, test_time (NOW_TEXT), &error);
    MposCartLine *line;
    g_assert_true (mpos_cart_set_member (cart, partner->card_no, &error));
    line = mpos_cart_add_code (cart, "69176548", 2, &error);
    g_assert_no_error (error);
    adj = g_ptr_array_index (line->adjustments, 0);
    g_assert_cmpstr (adj->source, ==, "gold");
    g_assert_cmpstr (adj->label, ==, "金卡会员 5% off");
    g_assert_cmpint (adj->amount, ==, -25);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* Imports and lookups read the clock: pin it to the tests' "now". */
  g_setenv ("MALLPOS_NOW", NOW_TEXT, TRUE);
  g_test_add_func ("/member/register-issues-a-virtual-card-with-audit-and-journal",
                   test_member_register_issues_a_virtual_card_with_audit_and_journal);
  g_test_add_func ("/member/register-with-a-physical-card",
                   test_member_register_with_a_physical_card);
  g_test_add_func ("/member/register-refuses-invalid-phone",
                   test_member_register_refuses_invalid_phone);
  g_test_add_func ("/member/register-refuses-duplicate-phone-and-card",
                   test_member_register_refuses_duplicate_phone_and_card);
  g_test_add_func ("/member/register-refuses-bad-fields", test_member_register_refuses_bad_fields);
  g_test_add_func ("/member/register-refuses-unknown-references",
                   test_member_register_refuses_unknown_references);
  g_test_add_func ("/member/register-is-one-transaction", test_member_register_is_one_transaction);
  g_test_add_func ("/member/lookup-by-card-phone-and-written-phone",
                   test_member_lookup_by_card_phone_and_written_phone);
  g_test_add_func ("/member/lookup-unknown-card-or-phone",
                   test_member_lookup_unknown_card_or_phone);
  g_test_add_func ("/member/last4-lists-the-matches", test_member_last4_lists_the_matches);
  g_test_add_func ("/member/last4-matching-nobody-or-too-many",
                   test_member_last4_matching_nobody_or_too_many);
  g_test_add_func ("/member/lost-card-stops-working-and-the-member-stays",
                   test_member_lost_card_stops_working_and_the_member_stays);
  g_test_add_func ("/member/replaced-card-moves-the-member-to-the-new-card",
                   test_member_replaced_card_moves_the_member_to_the_new_card);
  g_test_add_func ("/member/holds-several-cards", test_member_holds_several_cards);
  g_test_add_func ("/member/phone-is-masked-unless-the-policy-allows",
                   test_member_phone_is_masked_unless_the_policy_allows);
  g_test_add_func ("/member/birthday-is-today-in-the-store-zone",
                   test_member_birthday_is_today_in_the_store_zone);
  g_test_add_func ("/member/import-is-repeatable-and-brings-levels-and-groups",
                   test_member_import_is_repeatable_and_brings_levels_and_groups);
  g_test_add_func ("/member/group-discount-applies-when-larger-than-the-level",
                   test_member_group_discount_applies_when_larger_than_the_level);
  return g_test_run ();
}
