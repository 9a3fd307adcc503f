/* test-member-qr.c — tests for the dynamic member code (src/member-qr.c):
 * the format against an independent HMAC, the time window, and every way a
 * token can be wrong: expired, from the future, altered, another member's,
 * garbage. */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "clock.h"
#include "member-card.h"
#include "member-qr.h"
#include "member-qr-secret.h"
#include "member-register.h"
#include "member.h"
#include "staff-card.h"
#include "store-private.h"
#include "test-util.h"

#define NOW_TEXT "2026-11-23T10:00:00+08:00"
#define STEP MPOS_MEMBER_QR_STEP_SECONDS

static const guint8 *
fixed_secret (void)
{
  static guint8 secret[MPOS_MEMBER_QR_SECRET_BYTES];

  for (guint i = 0; i < sizeof secret; i++)
    secret[i] = (guint8) i;
  return secret;
}

static gboolean
check_token (const char *token, const guint8 *secret, int64_t now, GError **error)
{
  MposMemberQr qr;

  return mpos_member_qr_parse (token, &qr, error)
         && mpos_member_qr_check (&qr, secret, MPOS_MEMBER_QR_SECRET_BYTES, now, error);
}

/* ---- pure ------------------------------------------------------------------------ */

/* Python: hmac.new(bytes(range(32)), b"MP1.1.59846640", sha256).hexdigest()[:20] */
static void
test_member_qr_token_matches_the_documented_format (void)
{
  g_autofree char *token
      = mpos_member_qr_make (1, fixed_secret (), MPOS_MEMBER_QR_SECRET_BYTES, test_time (NOW_TEXT));
  MposMemberQr qr;
  g_autoptr (GError) error = NULL;

  g_assert_cmpstr (token, ==, "MP1.1.59846640.7579a38370895c0639a1");
  g_assert_true (mpos_member_qr_parse (token, &qr, &error));
  g_assert_no_error (error);
  g_assert_cmpint (qr.member_id, ==, 1);
  g_assert_cmpint (qr.step, ==, test_time (NOW_TEXT) / STEP);
  g_assert_cmpint (qr.mac[0], ==, 0x75);
  g_assert_cmpint (qr.mac[MPOS_MEMBER_QR_MAC_BYTES - 1], ==, 0xa1);
}

static void
test_member_qr_valid_in_its_step_and_one_either_side (void)
{
  int64_t now = test_time (NOW_TEXT);
  g_autofree char *token = mpos_member_qr_make (42, fixed_secret (), 32, now);
  const int64_t offsets[] = { 0, STEP - 1, STEP, 2 * STEP - 1, -1, -STEP };

  for (guint i = 0; i < G_N_ELEMENTS (offsets); i++)
    {
      g_autoptr (GError) error = NULL;
      g_assert_true (check_token (token, fixed_secret (), now + offsets[i], &error));
      g_assert_no_error (error);
    }
}

static void
test_member_qr_expired_token_is_refused (void)
{
  int64_t now = test_time (NOW_TEXT);
  g_autofree char *token = mpos_member_qr_make (42, fixed_secret (), 32, now);
  const int64_t later[] = { 2 * STEP, 90, 3600, 24 * 3600 };

  for (guint i = 0; i < G_N_ELEMENTS (later); i++)
    {
      g_autoptr (GError) error = NULL;
      g_assert_false (check_token (token, fixed_secret (), now + later[i], &error));
      g_assert_error (error, MPOS_MEMBER_ERROR, MPOS_MEMBER_ERROR_QR_EXPIRED);
      g_assert_nonnull (strstr (error->message, "expired"));
    }
}

/* What `member qr --json` says as valid_until is the last second the token verifies. */
static void
test_member_qr_valid_until_is_the_last_second_it_verifies (void)
{
  const int64_t starts[] = { test_time (NOW_TEXT), test_time (NOW_TEXT) + 1, test_time (NOW_TEXT) + STEP - 1 };

  for (guint i = 0; i < G_N_ELEMENTS (starts); i++)
    {
      g_autofree char *token = mpos_member_qr_make (42, fixed_secret (), 32, starts[i]);
      int64_t until = mpos_member_qr_valid_until (starts[i]);
      g_autoptr (GError) error = NULL;

      g_assert_true (check_token (token, fixed_secret (), until, &error));
      g_assert_no_error (error);
      g_assert_false (check_token (token, fixed_secret (), until + 1, &error));
      g_assert_error (error, MPOS_MEMBER_ERROR, MPOS_MEMBER_ERROR_QR_EXPIRED);
    }
}

static void
test_member_qr_token_from_the_future_is_refused (void)
{
  int64_t now = test_time (NOW_TEXT);
  g_autofree char *token = mpos_member_qr_make (42, fixed_secret (), 32, now + 5 * 60);
  g_autoptr (GError) error = NULL;

  g_assert_false (check_token (token, fixed_secret (), now, &error));
  g_assert_error (error, MPOS_MEMBER_ERROR, MPOS_MEMBER_ERROR_QR_EXPIRED);
  g_assert_nonnull (strstr (error->message, "clock"));
}

static void
test_member_qr_tampered_token_does_not_verify (void)
{
  int64_t now = test_time (NOW_TEXT);
  g_autofree char *token = mpos_member_qr_make (42, fixed_secret (), 32, now);
  gsize len = strlen (token);
  /* A changed mac digit, a changed step (still in the window), a changed id. */
  g_autofree char *mac = g_strdup (token);
  g_autofree char *step = g_strdup_printf ("MP1.42.%" G_GINT64_FORMAT ".%s", now / STEP + 1,
                                           token + len - 2 * MPOS_MEMBER_QR_MAC_BYTES);
  g_autofree char *id = g_strdup_printf ("MP1.43.%s", token + strlen ("MP1.42."));
  const char *tampered[] = { mac, step, id };

  mac[len - 1] = mac[len - 1] == '0' ? '1' : '0';
  for (guint i = 0; i < G_N_ELEMENTS (tampered); i++)
    {
      g_autoptr (GError) error = NULL;
      g_assert_false (check_token (tampered[i], fixed_secret (), now, &error));
      g_assert_error (error, MPOS_MEMBER_ERROR, MPOS_MEMBER_ERROR_QR_INVALID);
      g_assert_nonnull (strstr (error->message, "does not verify"));
    }
}

static void
test_member_qr_another_members_secret_does_not_verify (void)
{
  guint8 other[MPOS_MEMBER_QR_SECRET_BYTES];
  int64_t now = test_time (NOW_TEXT);
  g_autofree char *token = NULL;
  g_autoptr (GError) error = NULL;

  memset (other, 0xA5, sizeof other);
  token = mpos_member_qr_make (42, other, sizeof other, now);
  g_assert_false (check_token (token, fixed_secret (), now, &error));
  g_assert_error (error, MPOS_MEMBER_ERROR, MPOS_MEMBER_ERROR_QR_INVALID);
}

static void
test_member_qr_garbage_is_refused_with_a_reason (void)
{
  static const char *const garbage[] = {
    "",
    "MP",
    "MP1",
    "MP1.",
    "MP1..59846640.7579a38370895c0639a1",
    "MP1.0.59846640.7579a38370895c0639a1",
    "MP1.01.59846640.7579a38370895c0639a1",
    "MP1.1.059846640.7579a38370895c0639a1",
    "MP1.1.59846640.7579a38370895c0639a",
    "MP1.1.59846640.7579a38370895c0639a1f",
    "MP1.1.59846640.7579a38370895c0639ag",
    "MP1.1.59846640.",
    "MP1.-1.59846640.7579a38370895c0639a1",
    "MP1.1234567890123456789.59846640.7579a38370895c0639a1",
    "MP1.1.1234567890123.7579a38370895c0639a1",
    "MP1.1.59846640.7579a38370895c0639a1\n",
    "MP1 1 59846640 7579a38370895c0639a1",
    "MP2.1.59846640.7579a38370895c0639a1",
    "XP1.1.59846640.7579a38370895c0639a1",
    "8800000000017",
    "MP1.1.59846640.7579a38370895c0639a1MP1.1.59846640.7579a38370895c0639a1",
  };

  for (guint i = 0; i < G_N_ELEMENTS (garbage); i++)
    {
      g_autoptr (GError) error = NULL;
      MposMemberQr qr;
      g_assert_false (mpos_member_qr_parse (garbage[i], &qr, &error));
      g_assert_error (error, MPOS_MEMBER_ERROR, MPOS_MEMBER_ERROR_QR_INVALID);
      g_assert_true (g_str_has_prefix (error->message, "not a member code: "));
    }
}

static void
test_member_qr_case_inverted_by_a_scanner_still_verifies (void)
{
  int64_t now = test_time (NOW_TEXT);
  g_autofree char *token = mpos_member_qr_make (7, fixed_secret (), 32, now);
  g_autofree char *upper = g_ascii_strup (token, -1);
  g_autofree char *lower = g_ascii_strdown (token, -1);
  g_autoptr (GError) error = NULL;

  g_assert_true (check_token (upper, fixed_secret (), now, &error));
  g_assert_true (check_token (lower, fixed_secret (), now, &error));
  g_assert_no_error (error);
}

/* ---- in a store ---------------------------------------------------------------- */

static int64_t
register_member (MposStore *store, const char *phone, const char *name)
{
  g_autoptr (GError) error = NULL;
  MposMemberRegistration r = { 0 };
  g_autoptr (MposMember) m = NULL;

  r.phone = phone;
  r.name = name;
  m = mpos_member_register (store, &r, test_time (NOW_TEXT), &error);
  g_assert_no_error (error);
  return m->id;
}

static void
test_member_qr_lookup_finds_the_member_and_refuses_bad_tokens (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  int64_t a = register_member (ts->store, "13700001111", "甲");
  int64_t b = register_member (ts->store, "13700002222", "乙");
  int64_t now = test_time (NOW_TEXT);
  g_autofree char *token_a = mpos_member_qr_token (ts->store, a, now, NULL);
  g_autofree char *token_b = mpos_member_qr_token (ts->store, b, now, NULL);
  g_autofree char *a_claims_b = NULL, *stale = NULL;
  g_autoptr (MposMember) found = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_nonnull (token_a);
  g_assert_cmpstr (token_a, !=, token_b);
  found = mpos_member_qr_lookup (ts->store, token_a, now + STEP, &error);
  g_assert_no_error (error);
  g_assert_cmpint (found->id, ==, a);
  g_clear_pointer (&found, mpos_member_free);

  /* Through the checkout's lookup, with the clock pinned. */
  g_setenv ("MALLPOS_NOW", NOW_TEXT, TRUE);
  found = mpos_member_lookup (ts->store, token_b, &error);
  g_assert_no_error (error);
  g_assert_cmpint (found->id, ==, b);
  g_clear_pointer (&found, mpos_member_free);

  /* A's code with B's id: B's secret does not verify it. */
  a_claims_b = g_strdup_printf ("MP1.%" G_GINT64_FORMAT "%s", b, strchr (token_a + 4, '.'));
  g_assert_null (mpos_member_qr_lookup (ts->store, a_claims_b, now, &error));
  g_assert_error (error, MPOS_MEMBER_ERROR, MPOS_MEMBER_ERROR_QR_INVALID);
  g_clear_error (&error);

  /* Yesterday's screenshot. */
  stale = mpos_member_qr_token (ts->store, a, now - 24 * 3600, NULL);
  g_assert_null (mpos_member_lookup (ts->store, stale, &error));
  g_assert_error (error, MPOS_MEMBER_ERROR, MPOS_MEMBER_ERROR_QR_EXPIRED);
  g_clear_error (&error);

  /* Garbage that looks like a code is never tried as a card or phone. */
  g_assert_null (mpos_member_lookup (ts->store, "MP1.garbage", &error));
  g_assert_error (error, MPOS_MEMBER_ERROR, MPOS_MEMBER_ERROR_QR_INVALID);
  g_clear_error (&error);

  /* A well-formed code of a member this terminal does not have answers as a
   * bad MAC does: ids cannot be enumerated. */
  g_assert_null (mpos_member_qr_lookup (ts->store, "MP1.999999.59846640.7579a38370895c0639a1",
                                        now, &error));
  g_assert_error (error, MPOS_MEMBER_ERROR, MPOS_MEMBER_ERROR_QR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "the member code does not verify (altered, or not this member's)");
  g_assert_null (strstr (error->message, "999999"));
  g_unsetenv ("MALLPOS_NOW");
}

/* ---- MP2: the member's global id ---- */

static void
test_member_qr2_names_the_uid_in_base32_within_64_bytes (void)
{
  const char *uid = "01a25091-cfec-7cf3-96c5-0b89c4355d83";
  g_autofree char *token = mpos_member_qr2_make (uid, fixed_secret (), MPOS_MEMBER_QR_SECRET_BYTES,
                                                 test_time (NOW_TEXT));
  g_autofree char *upper = g_ascii_strup (token, -1);
  MposMemberQr qr;

  /* 0x01a25091… in RFC 4648 base32, lower case, no padding */
  g_assert_true (g_str_has_prefix (token, "MP2.agrfbeop5r6phfwfboe4ink5qm.59846640."));
  g_assert_cmpuint (strlen (token), <=, MPOS_MEMBER_QR_MAX_LEN);
  g_assert_true (mpos_member_qr_parse (upper, &qr, NULL)); /* Caps Lock on the scanner */
  g_assert_cmpstr (qr.uid, ==, uid);
  g_assert_cmpint (qr.member_id, ==, 0);
  g_assert_true (mpos_member_qr_check (&qr, fixed_secret (), MPOS_MEMBER_QR_SECRET_BYTES,
                                       test_time (NOW_TEXT), NULL));
  g_assert_null (mpos_member_qr2_make ("not-a-uid", fixed_secret (), 32, test_time (NOW_TEXT)));
}

static void
test_member_qr_lookup_reads_mp2_and_still_mp1 (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  int64_t a = register_member (ts->store, "13700001111", "甲");
  int64_t now = test_time (NOW_TEXT);
  g_autoptr (GError) error = NULL;
  g_autofree char *token = mpos_member_qr_token (ts->store, a, now, &error);
  guint8 secret[MPOS_MEMBER_QR_SECRET_BYTES];
  g_autofree char *old = NULL;
  g_autoptr (MposMember) by_mp2 = NULL, by_mp1 = NULL;

  g_assert_true (g_str_has_prefix (token, "MP2."));
  by_mp2 = mpos_member_qr_lookup (ts->store, token, now, &error);
  g_assert_no_error (error);
  g_assert_cmpint (by_mp2->id, ==, a);
  g_assert_true (mpos_member_qr_secret_export (ts->store, a, secret, &error));
  old = mpos_member_qr_make (a, secret, sizeof secret, now); /* printed before MP2 */
  by_mp1 = mpos_member_qr_lookup (ts->store, old, now, &error);
  g_assert_no_error (error);
  g_assert_cmpint (by_mp1->id, ==, a);
  /* another uid with this member's mac: does not verify */
  token[5] = token[5] == 'a' ? 'b' : 'a';
  g_assert_null (mpos_member_qr_lookup (ts->store, token, now, &error));
  g_assert_error (error, MPOS_MEMBER_ERROR, MPOS_MEMBER_ERROR_QR_INVALID);
}

static void
test_member_qr_secrets_are_random_per_member_and_sealed (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autofree char *key_path = mpos_member_qr_key_path (ts->path);
  sqlite3_stmt *stmt = NULL;
  GStatBuf st;

  register_member (ts->store, "13700003333", "丙");
  /* Sealed apart, each different; nothing clear in the members table. */
  g_assert_cmpint (sqlite3_prepare_v2 (mpos_store_db (ts->store),
                                       "SELECT count(*), count(DISTINCT sealed), "
                                       "min(length(sealed)), max(length(sealed)), "
                                       "(SELECT count(qr_secret) FROM members), "
                                       "(SELECT count(*) FROM members) "
                                       "FROM member_qr_secrets",
                                       -1, &stmt, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 9);
  g_assert_cmpint (sqlite3_column_int (stmt, 1), ==, 9);
  g_assert_cmpint (sqlite3_column_int (stmt, 2), ==, 72);
  g_assert_cmpint (sqlite3_column_int (stmt, 3), ==, 72);
  g_assert_cmpint (sqlite3_column_int (stmt, 4), ==, 0);
  g_assert_cmpint (sqlite3_column_int (stmt, 5), ==, 9);
  sqlite3_finalize (stmt);
  /* The key beside the store, for the store's user alone. */
  g_assert_cmpint (g_stat (key_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (st.st_size, ==, 32);
}

/* A lost or replaced card gives the member a new secret: the codes shown
 * before (another phone, a screenshot) stop verifying, new ones verify. */
static void
test_member_qr_card_loss_and_replacement_rotate_the_secret (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autoptr (GError) error = NULL;
  g_autoptr (MposMember) found = NULL;
  g_autoptr (GPtrArray) cards = NULL;
  int64_t id = register_member (ts->store, "13700004444", "丁");
  int64_t now = test_time (NOW_TEXT);
  g_autofree char *before = mpos_member_qr_token (ts->store, id, now, NULL);
  g_autofree char *after_loss = NULL, *after_replace = NULL, *card = NULL, *new_card = NULL;

  card = test_query_text (ts->store, "SELECT card_no FROM member_cards WHERE member_id = "
                                     "(SELECT max (id) FROM members)");
  g_assert_true (mpos_member_card_report_lost (ts->store, card, "1001", now, &error));
  g_assert_no_error (error);
  g_assert_null (mpos_member_qr_lookup (ts->store, before, now, &error));
  g_assert_error (error, MPOS_MEMBER_ERROR, MPOS_MEMBER_ERROR_QR_INVALID);
  g_clear_error (&error);
  after_loss = mpos_member_qr_token (ts->store, id, now, NULL);
  g_assert_cmpstr (after_loss, !=, before);

  new_card = mpos_member_card_replace (ts->store, card, NULL, "1001", now, &error);
  g_assert_no_error (error);
  g_assert_null (mpos_member_qr_lookup (ts->store, after_loss, now, &error));
  g_assert_error (error, MPOS_MEMBER_ERROR, MPOS_MEMBER_ERROR_QR_INVALID);
  g_clear_error (&error);
  after_replace = mpos_member_qr_token (ts->store, id, now, NULL);
  found = mpos_member_qr_lookup (ts->store, after_replace, now, &error);
  g_assert_no_error (error);
  g_assert_cmpint (found->id, ==, id);
}

/* The key is not in the store file: without it (a stolen copy) no code is
 * shown or checked, and another store's key does not open the secrets. */
static void
test_member_qr_missing_or_wrong_key_is_refused_clearly (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autofree char *key_path = mpos_member_qr_key_path (ts->path);
  g_autofree char *moved = g_strconcat (key_path, ".away", NULL);
  g_autoptr (GError) error = NULL;
  int64_t id = register_member (ts->store, "13700005555", "戊");
  guint8 other[32] = { 1, 2, 3 };
  g_autofree char *token = NULL;

  g_assert_cmpint (g_rename (key_path, moved), ==, 0);
  g_assert_null (mpos_member_qr_token (ts->store, id, test_time (NOW_TEXT), &error));
  g_assert_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, key_path));
  g_assert_nonnull (strstr (error->message, "is missing"));
  g_clear_error (&error);
  /* and no new key is made behind IT's back: the sealed secrets need theirs */
  g_assert_false (mpos_member_register (ts->store,
                                        &(MposMemberRegistration){ .phone = "13700006666",
                                                                   .name = "己" },
                                        test_time (NOW_TEXT), &error));
  g_assert_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_false (g_file_test (key_path, G_FILE_TEST_EXISTS));

  g_assert_true (g_file_set_contents_full (key_path, (const char *)other, sizeof other,
                                           G_FILE_SET_CONTENTS_NONE, 0600, &error));
  g_assert_null (mpos_member_qr_token (ts->store, id, test_time (NOW_TEXT), &error));
  g_assert_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "does not open this store's member codes"));
  g_clear_error (&error);

  g_assert_cmpint (g_rename (moved, key_path), ==, 0);
  token = mpos_member_qr_token (ts->store, id, test_time (NOW_TEXT), &error);
  g_assert_no_error (error);
  g_assert_nonnull (token);
}

/* Staff card hashes are keyed with the store key too: a store with staff
 * cards and no sealed member secret still never gets a new key silently
 * (every card would stop signing in), and says to restore the key. */
static void
test_member_qr_lost_key_with_staff_cards_is_not_remade (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autofree char *key_path = mpos_member_qr_key_path (ts->path);
  g_autofree char *moved = g_strconcat (key_path, ".away", NULL);
  const MposStaffCredential *manager = test_manager (ts->store);
  const MposStaffCredential card = { NULL, NULL, "04A1B2C3" };
  g_autoptr (GError) error = NULL;
  g_auto (MposStaff) staff = { 0 };

  g_assert_true (mpos_staff_card_add (ts->store, "1001", "04A1B2C3", manager, &error));
  g_assert_no_error (error);
  g_test_message ("the store has no sealed member secret, only the card hash");
  test_exec (ts->store, "DELETE FROM member_qr_secrets");
  g_assert_cmpint (g_rename (key_path, moved), ==, 0);

  g_assert_false (mpos_staff_card_add (ts->store, "2001", "04D4E5F6", manager, &error));
  g_assert_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, key_path));
  g_assert_nonnull (strstr (error->message, "restore it from the backup"));
  g_clear_error (&error);
  g_assert_false (mpos_staff_sign_in (ts->store, &card, &staff, &error));
  g_assert_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_false (g_file_test (key_path, G_FILE_TEST_EXISTS));

  g_assert_cmpint (g_rename (moved, key_path), ==, 0);
  g_assert_true (mpos_staff_sign_in (ts->store, &(MposStaffCredential){ NULL, TEST_CASHIER_PIN, "04A1B2C3" },
                                     &staff, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (staff.number, ==, "1001");
}

/* A store opened at ":memory:" (fuzz targets, benchmarks) keeps its key in
 * memory: no file named ":memory:.qrkey" appears in the current folder, and
 * its codes verify while it is open. */
static void
test_member_qr_in_memory_store_writes_no_key_file (void)
{
  g_autofree char *dir = test_make_temp_dir ();
  g_autofree char *cwd = g_get_current_dir ();
  MposStoreOptions options = { TRUE, 0 };
  MposStoreIdentity identity = { .store_code = "S001", .terminal_code = "T01",
                                 .time_zone = "Asia/Shanghai" };
  g_autoptr (GError) error = NULL;
  g_autoptr (MposMember) found = NULL;
  g_autofree char *token = NULL;
  MposStore *store;
  int64_t id;

  g_assert_cmpint (g_chdir (dir), ==, 0);
  store = mpos_store_open (":memory:", &options, &error);
  g_assert_no_error (error);
  static const char levels[] = "{\"levels\":[{\"code\":\"gold\",\"name\":\"金卡\"}]}";
  g_assert_true (mpos_store_set_identity (store, &identity, &error));
  g_assert_true (mpos_member_import_json (store, levels, strlen (levels), NULL, &error));
  id = register_member (store, "13700007777", "庚");
  token = mpos_member_qr_token (store, id, test_time (NOW_TEXT), &error);
  g_assert_no_error (error);
  found = mpos_member_qr_lookup (store, token, test_time (NOW_TEXT), &error);
  g_assert_no_error (error);
  g_assert_cmpint (found->id, ==, id);
  mpos_store_close (store);
  g_assert_false (g_file_test (":memory:.qrkey", G_FILE_TEST_EXISTS));
  g_assert_cmpint (g_chdir (cwd), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/member-qr/mp2-names-the-uid-in-base32",
                   test_member_qr2_names_the_uid_in_base32_within_64_bytes);
  g_test_add_func ("/member-qr/lookup-reads-mp2-and-still-mp1",
                   test_member_qr_lookup_reads_mp2_and_still_mp1);
  g_test_add_func ("/member-qr/token-matches-the-documented-format",
                   test_member_qr_token_matches_the_documented_format);
  g_test_add_func ("/member-qr/valid-in-its-step-and-one-either-side",
                   test_member_qr_valid_in_its_step_and_one_either_side);
  g_test_add_func ("/member-qr/expired-token-is-refused", test_member_qr_expired_token_is_refused);
  g_test_add_func ("/member-qr/valid-until-is-the-last-second-it-verifies",
                   test_member_qr_valid_until_is_the_last_second_it_verifies);
  g_test_add_func ("/member-qr/token-from-the-future-is-refused",
                   test_member_qr_token_from_the_future_is_refused);
  g_test_add_func ("/member-qr/tampered-token-does-not-verify",
                   test_member_qr_tampered_token_does_not_verify);
  g_test_add_func ("/member-qr/another-members-secret-does-not-verify",
                   test_member_qr_another_members_secret_does_not_verify);
  g_test_add_func ("/member-qr/garbage-is-refused-with-a-reason",
                   test_member_qr_garbage_is_refused_with_a_reason);
  g_test_add_func ("/member-qr/case-inverted-by-a-scanner-still-verifies",
                   test_member_qr_case_inverted_by_a_scanner_still_verifies);
  g_test_add_func ("/member-qr/lookup-finds-the-member-and-refuses-bad-tokens",
                   test_member_qr_lookup_finds_the_member_and_refuses_bad_tokens);
  g_test_add_func ("/member-qr/card-loss-and-replacement-rotate-the-secret",
                   test_member_qr_card_loss_and_replacement_rotate_the_secret);
  g_test_add_func ("/member-qr/lost-key-with-staff-cards-is-not-remade",
                   test_member_qr_lost_key_with_staff_cards_is_not_remade);
  g_test_add_func ("/member-qr/in-memory-store-writes-no-key-file",
                   test_member_qr_in_memory_store_writes_no_key_file);
  g_test_add_func ("/member-qr/missing-or-wrong-key-is-refused-clearly",
                   test_member_qr_missing_or_wrong_key_is_refused_clearly);
  g_test_add_func ("/member-qr/secrets-are-random-per-member-and-sealed",
                   test_member_qr_secrets_are_random_per_member_and_sealed);
  return g_test_run ();
}
