/* test-staff.c — the staff model (src/staff.c, staff-sign-in.c,
 * staff-permission.c): adding and listing staff, the first manager, PINs
 * kept only as argon2id hashes, the same refusal for an unknown number and a
 * wrong PIN, the lockout and its end, disabling, permissions per role and
 * the audit of every refusal. */
#include <string.h>

#include "core.h"
#include "staff-permission.h"
#include "test-race.h"
#include "test-util.h"

#define MANAGER_PIN "135790"
#define SUPERVISOR_PIN "246801"
#define CASHIER_PIN "1111"

static const MposStaffCredential manager = { "9001", MANAGER_PIN, NULL };

/* A store with manager 9001, supervisor 2001 and cashier 1001. */
static TestStore *
staffed_store (void)
{
  TestStore *ts = test_store_new ();
  g_autoptr (GError) error = NULL;

  g_assert_true (mpos_staff_add (ts->store, "9001", "王经理", MPOS_STAFF_ROLE_MANAGER, MANAGER_PIN,
                                 NULL, &error));
  g_assert_no_error (error);
  g_assert_true (mpos_staff_add (ts->store, "2001", "李主管", MPOS_STAFF_ROLE_SUPERVISOR,
                                 SUPERVISOR_PIN, &manager, &error));
  g_assert_no_error (error);
  g_assert_true (mpos_staff_add (ts->store, "1001", "张三", MPOS_STAFF_ROLE_CASHIER, CASHIER_PIN,
                                 &manager, &error));
  g_assert_no_error (error);
  return ts;
}

static int64_t
audit_count (TestStore *ts, const char *action)
{
  g_autofree char *sql
      = g_strdup_printf ("SELECT count(*) FROM audit WHERE action = '%s'", action);

  return test_query_int (ts->store, sql);
}

static void
test_staff_add_list_and_no_pin_kept (void)
{
  g_autoptr (TestStore) ts = staffed_store ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) list = mpos_staff_list (ts->store, &error);
  g_autofree char *hash = NULL;
  g_autofree char *journal = NULL;
  const MposStaff *first;

  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 3);
  first = list->pdata[0];
  g_assert_cmpstr (first->number, ==, "1001");
  g_assert_cmpstr (first->name, ==, "张三");
  g_assert_cmpint (first->role, ==, MPOS_STAFF_ROLE_CASHIER);
  hash = test_query_text (ts->store, "SELECT pin_hash FROM staff WHERE number = '2001'");
  g_assert_true (g_str_has_prefix (hash, "$argon2id$"));
  g_assert_null (strstr (hash, SUPERVISOR_PIN));
  /* The journal names staff and who approved, never a hash. */
  journal = test_query_text (ts->store, "SELECT group_concat (payload) FROM journal");
  g_assert_null (strstr (journal, "argon2"));
  g_assert_nonnull (strstr (journal, "\"approved_by\":\"9001\""));
  test_assert_consistent (ts->store);
}

static void
test_staff_add_refuses_bad_input_and_duplicates (void)
{
  g_autoptr (TestStore) ts = staffed_store ();
  const char *bad_numbers[] = { "", "12a", "123456789", "-1" };
  const char *bad_pins[] = { "", "123", "123456789", "12 34", "abcd" };
  GError *error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad_numbers); i++)
    {
      g_assert_false (mpos_staff_add (ts->store, bad_numbers[i], "x", MPOS_STAFF_ROLE_CASHIER,
                                      "1234", &manager, &error));
      g_assert_error (error, MPOS_STAFF_ERROR, MPOS_STAFF_ERROR_INVALID);
      g_clear_error (&error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad_pins); i++)
    {
      g_assert_false (mpos_staff_add (ts->store, "1002", "x", MPOS_STAFF_ROLE_CASHIER,
                                      bad_pins[i], &manager, &error));
      g_assert_error (error, MPOS_STAFF_ERROR, MPOS_STAFF_ERROR_INVALID);
      g_clear_error (&error);
    }
  g_assert_false (mpos_staff_add (ts->store, "1002", "a\tb", MPOS_STAFF_ROLE_CASHIER, "1234",
                                  &manager, &error));
  g_assert_error (error, MPOS_STAFF_ERROR, MPOS_STAFF_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (mpos_staff_add (ts->store, "2001", "又一个", MPOS_STAFF_ROLE_CASHIER, "1234",
                                  &manager, &error));
  g_assert_error (error, MPOS_STAFF_ERROR, MPOS_STAFF_ERROR_DUPLICATE);
  g_clear_error (&error);
  g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM staff"), ==, 3);
}

/* Only a store without a manager adds one without a credential. */
static void
test_staff_first_manager_only_without_credential (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  GError *error = NULL;

  g_assert_false (mpos_staff_add (ts->store, "2001", "李主管", MPOS_STAFF_ROLE_SUPERVISOR,
                                  SUPERVISOR_PIN, NULL, &error));
  g_assert_error (error, MPOS_STAFF_ERROR, MPOS_STAFF_ERROR_REQUIRED);
  g_clear_error (&error);
  g_assert_true (mpos_staff_add (ts->store, "9001", "王经理", MPOS_STAFF_ROLE_MANAGER,
                                 MANAGER_PIN, NULL, &error));
  g_assert_false (mpos_staff_add (ts->store, "9002", "赵经理", MPOS_STAFF_ROLE_MANAGER,
                                  MANAGER_PIN, NULL, &error));
  g_assert_error (error, MPOS_STAFF_ERROR, MPOS_STAFF_ERROR_REQUIRED);
  g_clear_error (&error);
}

static void
test_staff_unknown_number_and_wrong_pin_read_alike (void)
{
  g_autoptr (TestStore) ts = staffed_store ();
  GError *unknown = NULL, *wrong = NULL, *malformed = NULL, *error = NULL;
  g_auto (MposStaff) staff = { 0 };

  g_assert_false (mpos_staff_authenticate (ts->store, "2999", SUPERVISOR_PIN, NULL, &unknown));
  g_assert_false (mpos_staff_authenticate (ts->store, "2001", "000000", NULL, &wrong));
  g_assert_false (mpos_staff_authenticate (ts->store, "2001", "x", NULL, &malformed));
  g_assert_error (unknown, MPOS_STAFF_ERROR, MPOS_STAFF_ERROR_REFUSED);
  g_assert_error (wrong, MPOS_STAFF_ERROR, MPOS_STAFF_ERROR_REFUSED);
  g_assert_error (malformed, MPOS_STAFF_ERROR, MPOS_STAFF_ERROR_REFUSED);
  g_assert_cmpstr (unknown->message, ==, wrong->message);
  g_assert_cmpstr (malformed->message, ==, wrong->message);
  g_assert_cmpint (audit_count (ts, "staff_sign_in_failed"), ==, 3);
  g_assert_true (mpos_staff_authenticate (ts->store, "2001", SUPERVISOR_PIN, &staff, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (staff.name, ==, "李主管");
  g_assert_cmpint (staff.role, ==, MPOS_STAFF_ROLE_SUPERVISOR);
  /* The right PIN clears the count. */
  g_assert_cmpint (test_query_int (ts->store, "SELECT failures FROM staff WHERE number = '2001'"),
                   ==, 0);
  g_error_free (unknown);
  g_error_free (wrong);
  g_error_free (malformed);
}

static void
test_staff_locks_after_five_wrong_pins_until_the_time_passes (void)
{
  g_autoptr (TestStore) ts = staffed_store ();
  GError *error = NULL;

  for (int i = 1; i <= MPOS_STAFF_MAX_FAILURES; i++)
    {
      int want = i < MPOS_STAFF_MAX_FAILURES ? MPOS_STAFF_ERROR_REFUSED : MPOS_STAFF_ERROR_LOCKED;

      g_assert_false (mpos_staff_authenticate (ts->store, "2001", "000000", NULL, &error));
      g_assert_error (error, MPOS_STAFF_ERROR, want);
      g_clear_error (&error);
    }
  /* Locked: the right PIN is refused too, and nothing more is counted. */
  g_assert_false (mpos_staff_authenticate (ts->store, "2001", SUPERVISOR_PIN, NULL, &error));
  g_assert_error (error, MPOS_STAFF_ERROR, MPOS_STAFF_ERROR_LOCKED);
  g_assert_nonnull (strstr (error->message, "until 10:15"));
  g_clear_error (&error);
  g_assert_cmpint (audit_count (ts, "staff_sign_in_failed"), ==, 4);
  g_assert_cmpint (audit_count (ts, "staff_locked"), ==, 1);
  /* Fifteen minutes later the right PIN signs in; a wrong one counts from 1. */
  test_pin_now ("2026-11-23T10:15:00+08:00");
  g_assert_false (mpos_staff_authenticate (ts->store, "2001", "000000", NULL, &error));
  g_assert_error (error, MPOS_STAFF_ERROR, MPOS_STAFF_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_true (mpos_staff_authenticate (ts->store, "2001", SUPERVISOR_PIN, NULL, &error));
  g_assert_no_error (error);
  test_pin_now (TEST_NOW_ISO);
  test_assert_consistent (ts->store);
}

static void
test_staff_set_pin_own_or_by_manager (void)
{
  g_autoptr (TestStore) ts = staffed_store ();
  const MposStaffCredential own_wrong = { "2001", "999999", NULL };
  const MposStaffCredential own = { "2001", SUPERVISOR_PIN, NULL };
  const MposStaffCredential cashier = { "1001", CASHIER_PIN, NULL };
  GError *error = NULL;

  g_assert_false (mpos_staff_set_pin (ts->store, "2001", "5555", &own_wrong, &error));
  g_assert_error (error, MPOS_STAFF_ERROR, MPOS_STAFF_ERROR_REFUSED);
  g_clear_error (&error);
  /* A cashier may not reset someone else's PIN. */
  g_assert_false (mpos_staff_set_pin (ts->store, "2001", "5555", &cashier, &error));
  g_assert_error (error, MPOS_STAFF_ERROR, MPOS_STAFF_ERROR_NOT_PERMITTED);
  g_clear_error (&error);
  g_assert_cmpint (audit_count (ts, "permission_refused"), ==, 1);
  g_assert_true (mpos_staff_set_pin (ts->store, "2001", "5555", &own, &error));
  g_assert_no_error (error);
  g_assert_true (mpos_staff_authenticate (ts->store, "2001", "5555", NULL, &error));
  g_assert_true (mpos_staff_set_pin (ts->store, "2001", "6666", &manager, &error));
  g_assert_true (mpos_staff_authenticate (ts->store, "2001", "6666", NULL, &error));
  g_assert_no_error (error);
}

static void
test_staff_disabled_cannot_sign_in_and_last_manager_stays (void)
{
  g_autoptr (TestStore) ts = staffed_store ();
  GError *error = NULL;

  g_assert_false (mpos_staff_disable (ts->store, "9001", &manager, &error));
  g_assert_error (error, MPOS_STAFF_ERROR, MPOS_STAFF_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (mpos_staff_disable (ts->store, "2001", &manager, &error));
  g_assert_no_error (error);
  g_assert_false (mpos_staff_authenticate (ts->store, "2001", SUPERVISOR_PIN, NULL, &error));
  g_assert_error (error, MPOS_STAFF_ERROR, MPOS_STAFF_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_false (mpos_staff_disable (ts->store, "4040", &manager, &error));
  g_assert_error (error, MPOS_STAFF_ERROR, MPOS_STAFF_ERROR_NOT_FOUND);
  g_clear_error (&error);
}

static void
test_staff_permissions_per_role_and_store (void)
{
  g_autoptr (TestStore) ts = staffed_store ();
  const MposStaffCredential supervisor = { "2001", SUPERVISOR_PIN, NULL };
  const MposStaffCredential cashier = { "1001", CASHIER_PIN, NULL };
  g_auto (MposStaff) approver = { 0 };
  GError *error = NULL;

  g_assert_false (mpos_staff_approve (ts->store, NULL, MPOS_ACTION_VOID_SALE, "x", NULL, &error));
  g_assert_error (error, MPOS_STAFF_ERROR, MPOS_STAFF_ERROR_REQUIRED);
  g_clear_error (&error);
  g_assert_false (mpos_staff_approve (ts->store, &cashier, MPOS_ACTION_VOID_SALE, "x", NULL, &error));
  g_assert_error (error, MPOS_STAFF_ERROR, MPOS_STAFF_ERROR_NOT_PERMITTED);
  g_clear_error (&error);
  g_assert_true (
      mpos_staff_approve (ts->store, &supervisor, MPOS_ACTION_VOID_SALE, "x", &approver, &error));
  g_assert_cmpstr (approver.number, ==, "2001");
  /* This store lets its cashiers void, and takes it from supervisors. */
  g_assert_true (mpos_staff_permit (ts->store, MPOS_STAFF_ROLE_CASHIER, MPOS_ACTION_VOID_SALE, TRUE,
                                    &manager, &error));
  g_assert_true (mpos_staff_permit (ts->store, MPOS_STAFF_ROLE_SUPERVISOR, MPOS_ACTION_VOID_SALE, FALSE,
                                    &manager, &error));
  g_assert_no_error (error);
  g_assert_true (mpos_staff_approve (ts->store, &cashier, MPOS_ACTION_VOID_SALE, "x", NULL, &error));
  g_assert_false (mpos_staff_approve (ts->store, &supervisor, MPOS_ACTION_VOID_SALE, "x", NULL, &error));
  g_assert_error (error, MPOS_STAFF_ERROR, MPOS_STAFF_ERROR_NOT_PERMITTED);
  g_clear_error (&error);
  /* Changing permissions is staff management: a supervisor may not. */
  g_assert_false (mpos_staff_permit (ts->store, MPOS_STAFF_ROLE_CASHIER, MPOS_ACTION_SETTINGS,
                                     TRUE, &supervisor, &error));
  g_assert_error (error, MPOS_STAFF_ERROR, MPOS_STAFF_ERROR_NOT_PERMITTED);
  g_clear_error (&error);
  g_assert_cmpint (audit_count (ts, "permission_refused"), ==, 3);
  g_assert_cmpint (audit_count (ts, "permission_allow"), ==, 1);
  test_assert_consistent (ts->store);
}

/* One process types a wrong PIN for 2001: 1 refused, 2 locked, 4 signed
 * in (a fault), 5 another error. */
static int
type_wrong_pin (MposStore *store, gpointer data)
{
  g_autoptr (GError) error = NULL;

  mpos_staff_authenticate (store, "2001", "000000", NULL, &error);
  return error == NULL                                                   ? 4
         : g_error_matches (error, MPOS_STAFF_ERROR, MPOS_STAFF_ERROR_REFUSED) ? 1
         : g_error_matches (error, MPOS_STAFF_ERROR, MPOS_STAFF_ERROR_LOCKED)  ? 2
                                                                               : 5;
}

/* Twelve processes type a wrong PIN for 2001 at once: exactly five are
 * counted (four failures and the lock), the rest are told it is locked. */
static void
test_staff_concurrent_wrong_pins_count_exactly (void)
{
  g_autoptr (TestStore) ts = staffed_store ();
  enum { PROCESSES = 12 };
  guint counts[8];

  test_store_reopen (ts);
  test_race (ts->path, PROCESSES, type_wrong_pin, NULL, counts);
  g_assert_cmpuint (counts[1], ==, MPOS_STAFF_MAX_FAILURES - 1);
  g_assert_cmpuint (counts[2], ==, PROCESSES - MPOS_STAFF_MAX_FAILURES + 1);
  g_assert_cmpint (audit_count (ts, "staff_sign_in_failed"), ==, MPOS_STAFF_MAX_FAILURES - 1);
  g_assert_cmpint (audit_count (ts, "staff_locked"), ==, 1);
  g_assert_cmpint (test_query_int (ts->store, "SELECT failures FROM staff WHERE number = '2001'"),
                   ==, MPOS_STAFF_MAX_FAILURES);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  test_pin_now (TEST_NOW_ISO);
  g_test_add_func ("/staff/add-list-no-pin-kept", test_staff_add_list_and_no_pin_kept);
  g_test_add_func ("/staff/bad-input-duplicates", test_staff_add_refuses_bad_input_and_duplicates);
  g_test_add_func ("/staff/first-manager", test_staff_first_manager_only_without_credential);
  g_test_add_func ("/staff/unknown-and-wrong-alike",
                   test_staff_unknown_number_and_wrong_pin_read_alike);
  g_test_add_func ("/staff/lockout", test_staff_locks_after_five_wrong_pins_until_the_time_passes);
  g_test_add_func ("/staff/set-pin", test_staff_set_pin_own_or_by_manager);
  g_test_add_func ("/staff/disable", test_staff_disabled_cannot_sign_in_and_last_manager_stays);
  g_test_add_func ("/staff/permissions", test_staff_permissions_per_role_and_store);
  g_test_add_func ("/staff/concurrent-wrong-pins", test_staff_concurrent_wrong_pins_count_exactly);
  return g_test_run ();
}
