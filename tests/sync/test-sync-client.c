/* test-sync-client.c — the sync client without a centre: the backoff's full
 * jitter and Retry-After, the sync thread running its passes on its own
 * store while sales commit on the caller's, and the terminal-side state
 * (pending count, exceptions kept once) in src/sync-state.c. */
#include <glib.h>

#include "clock.h"
#include "hotlist.h"
#include "journal.h"
#include "sync-agent.h"
#include "sync-client.h"
#include "sync-response.h"
#include "sync-state.h"
#include "test-util.h"

#define PIN "sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="

static void
test_backoff_full_jitter_grows_and_caps (void)
{
  g_assert_cmpint (mpos_sync_backoff_ms (0, 0, 0), ==, 0);
  g_assert_cmpint (mpos_sync_backoff_ms (0, 0, G_MAXUINT32), ==, 1000);
  g_assert_cmpint (mpos_sync_backoff_ms (3, 0, G_MAXUINT32), ==, 8000);
  g_assert_cmpint (mpos_sync_backoff_ms (40, 0, G_MAXUINT32), ==, 300000);
  g_assert_cmpint (mpos_sync_backoff_ms (3, 0, G_MAXUINT32 / 2), ==, 4000);
  /* the centre's Retry-After wins over a shorter jittered wait */
  g_assert_cmpint (mpos_sync_backoff_ms (0, 120, 0), ==, 120000);
  g_assert_cmpint (mpos_sync_backoff_ms (40, 120, G_MAXUINT32), ==, 300000);
}

static void
enrol_nowhere (MposStore *store)
{
  g_autoptr (GError) error = NULL;
  MposSyncEnrolment e = { .url = "https://127.0.0.1:1", .terminal = "S001/T01",
                          .token = "tyc8zeLA1yqYy8tNtuuqG3wSqwIYZfIJDPg6wlAw28c",
                          .pin_current = PIN, .enrolled_at = 1 };

  g_assert_true (mpos_sync_enrolment_save (store, &e, 0, &error));
  g_assert_no_error (error);
}

static void
test_agent_runs_beside_sales (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autoptr (GError) error = NULL;
  g_auto (MposSyncStatus) status = { 0 };
  MposSyncAgent *agent;

  enrol_nowhere (ts->store);
  agent = mpos_sync_agent_start (ts->path, 1, &error);
  g_assert_no_error (error);
  for (int i = 0; i < 10; i++)
    {
      MposSaleResult result = { 0 };
      test_commit_demo_sale (ts->store, &result);
      mpos_sync_agent_wake (agent);
    }
  while (mpos_sync_agent_passes (agent) < 2)
    g_usleep (10000);
  mpos_sync_agent_stop (agent);
  g_assert_true (mpos_sync_status_load (ts->store, &status, &error));
  g_assert_cmpint (status.failures, >=, 1);
  g_assert_nonnull (status.last_error);
  g_assert_cmpint (status.offline_since, >, 0);
  g_assert_cmpint (status.pushed_seq, ==, 0);
  g_assert_cmpint (status.journal_seq - status.pushed_seq, ==, mpos_journal_last_seq (ts->store));
  g_assert_null (status.stopped);
}

static void
test_rejections_are_kept_once (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) open = NULL;
  g_auto (MposSyncStatus) status = { 0 };
  const MposSyncAnswer answers[] = {
    { 1, "0190f6a2-0000-7000-8000-000000000001", "sale", NULL },
    { 2, "0190f6a2-0000-7000-8000-000000000002", "sv_top_up", "principal: not an amount" },
  };

  enrol_nowhere (ts->store);
  g_assert_true (mpos_sync_record_answers (ts->store, answers, 2, 2, 2, 100, &error));
  g_assert_true (mpos_sync_record_answers (ts->store, answers, 2, 2, 2, 200, &error));
  open = mpos_sync_exceptions (ts->store, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (open->len, ==, 1);
  g_assert_cmpstr (((MposSyncException *) open->pdata[0])->reason, ==, "principal: not an amount");
  g_assert_true (mpos_sync_status_load (ts->store, &status, &error));
  g_assert_cmpint (status.pushed_seq, ==, 2);
  g_assert_cmpint (status.open_exceptions, ==, 1);
  g_assert_cmpint (status.last_success, ==, 200);
  g_assert_false (
      mpos_sync_exception_resolve (ts->store, 1, test_manager (ts->store), "x", 300, &error));
  g_assert_error (error, MPOS_SYNC_ERROR, MPOS_SYNC_ERROR_NOT_FOUND);
  g_clear_error (&error);
  /* closing one is a manager's: a name alone or a supervisor is refused */
  g_assert_false (mpos_sync_exception_resolve (ts->store, 2, NULL, "核对", 300, &error));
  g_assert_error (error, MPOS_STAFF_ERROR, MPOS_STAFF_ERROR_REQUIRED);
  g_clear_error (&error);
  g_assert_false (
      mpos_sync_exception_resolve (ts->store, 2, test_supervisor (ts->store), "核对", 300, &error));
  g_assert_error (error, MPOS_STAFF_ERROR, MPOS_STAFF_ERROR_NOT_PERMITTED);
  g_clear_error (&error);
  g_assert_true (
      mpos_sync_exception_resolve (ts->store, 2, test_manager (ts->store), "核对", 300, &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM audit WHERE action = "
                                              "'sync_exception_resolved' AND actor = '9001' AND "
                                              "approved_by = '9001' AND ref = 'journal:2'"),
                   ==, 1);
  g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM journal WHERE kind = "
                                              "'sync_exception_resolved' AND json_extract (payload, "
                                              "'$.approved_by') = '9001'"),
                   ==, 1);
  g_assert_false (
      mpos_sync_exception_resolve (ts->store, 2, test_manager (ts->store), "again", 400, &error));
}

static void
test_not_enrolled_says_what_to_run (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (GError) error = NULL;
  MposSyncReport report = { 0 };

  g_assert_false (mpos_sync_run (ts->store, NULL, &report, &error));
  g_assert_error (error, MPOS_SYNC_ERROR, MPOS_SYNC_ERROR_NOT_ENROLLED);
  g_assert_nonnull (strstr (error->message, "mallposctl sync enrol"));
}

#define MEMBER_PAGE(points)                                                                        \
  "{\"protocol\":1,\"stream\":\"members\",\"items\":[{\"uid\":"                                \
  "\"01a25091-cfec-7cf3-96c5-0b89c4355d83\",\"name\":\"王芳\",\"created_at\":1,\"cards\":[],"     \
  "\"points\":" points ",\"stored_value\":\"100.00\",\"change\":5}],\"cursor\":5,\"more\":false}"

static gboolean
parse_member_page (const char *text, MposSyncMemberPage *page, GError **error)
{
  return mpos_sync_parse_members (text, strlen (text), page, error);
}

static void
test_member_points_are_range_checked_integers (void)
{
  g_auto (MposSyncMemberPage) page = { 0 };
  g_autoptr (GError) error = NULL;

  g_assert_true (parse_member_page (MEMBER_PAGE ("120"), &page, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_array_index (page.items, MposSyncMember, 0).points, ==, 120);
  g_assert_cmpint (g_array_index (page.items, MposSyncMember, 0).stored_value, ==, 10000);
  mpos_sync_member_page_clear (&page);
  for (guint i = 0; i < 3; i++)
    {
      const char *bad[] = { MEMBER_PAGE ("1.5"), MEMBER_PAGE ("1e300"),
                            MEMBER_PAGE ("2000000000000000") };
      g_auto (MposSyncMemberPage) refused = { 0 };
      g_assert_false (parse_member_page (bad[i], &refused, &error));
      g_assert_nonnull (strstr (error->message, "points"));
      g_assert_null (refused.items);
      g_clear_error (&error);
    }
}

static void
test_hotlist_blocks_and_lifts (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (GError) error = NULL;
  const char *uid = "01a25091-cfec-7cf3-96c5-0b89c4355d83";
  MposHotlistItem block[] = { { MPOS_HOTLIST_CARD, "8800000000017", TRUE, "挂失" },
                              { MPOS_HOTLIST_MEMBER, uid, TRUE, "冻结" } };
  MposHotlistItem lift[] = { { MPOS_HOTLIST_CARD, "8800000000017", FALSE, "unblocked" } };
  int64_t cursor = 0;

  g_assert_true (mpos_hotlist_apply (ts->store, block, 2, 4, 100, &error));
  g_assert_true (mpos_hotlist_apply (ts->store, block, 2, 4, 100, &error)); /* replayed */
  g_assert_no_error (error);
  g_assert_false (mpos_hotlist_check (ts->store, "8800000000017", NULL, &error));
  g_assert_error (error, MPOS_MEMBER_ERROR, MPOS_MEMBER_ERROR_BLOCKED);
  g_assert_nonnull (strstr (error->message, "挂失"));
  g_assert_null (strstr (error->message, "8800000000017")); /* masked */
  g_clear_error (&error);
  g_assert_false (mpos_hotlist_check (ts->store, NULL, uid, &error));
  g_clear_error (&error);
  g_assert_true (mpos_hotlist_apply (ts->store, lift, 1, 6, 200, &error));
  g_assert_true (mpos_hotlist_check (ts->store, "8800000000017", NULL, &error));
  g_assert_true (mpos_sync_cursor (ts->store, "hotlist", &cursor, &error));
  g_assert_cmpint (cursor, ==, 6);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  test_pin_now ("2026-11-23T10:00:00+08:00");
  g_test_add_func ("/sync/backoff/full-jitter-grows-and-caps", test_backoff_full_jitter_grows_and_caps);
  g_test_add_func ("/sync/agent/runs-beside-sales", test_agent_runs_beside_sales);
  g_test_add_func ("/sync/state/rejections-kept-once", test_rejections_are_kept_once);
  g_test_add_func ("/sync/state/not-enrolled", test_not_enrolled_says_what_to_run);
  g_test_add_func ("/sync/members/points-range-checked", test_member_points_are_range_checked_integers);
  g_test_add_func ("/sync/hotlist/blocks-and-lifts", test_hotlist_blocks_and_lifts);
  return g_test_run ();
}
