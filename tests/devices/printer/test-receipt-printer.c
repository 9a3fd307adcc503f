/* test-receipt-printer.c — print jobs against a fake port (an in-memory
 * printer whose paper, cover, answers and writes the test controls): status
 * before and after, bytes in chunks, paper out mid-job → HELD with its id and
 * status events, reprint on request only, a job whose after-status never
 * comes is UNKNOWN and never resent, garbage answers are PROTOCOL errors,
 * and the drawer kick through MposCashDrawer. */
#include <string.h>

#include "cash-drawer.h"
#include "printer-test-util.h"
#include "receipt-printer.h"

/* ---- the fake port --------------------------------------------------------------- */

typedef struct
{
  GMutex lock;
  GByteArray *received; /* job bytes, status requests not included */
  GByteArray *replies;
  guint writes;
  gboolean paper_out;
  gboolean cover_open;
  gboolean drawer_high;
  gssize paper_out_after; /* job bytes after which the paper runs out; -1: never */
  gssize fail_after;      /* job bytes after which writes fail (TIMEOUT); -1: never */
  gssize mute_after;      /* job bytes after which status requests get no answer; -1: never */
  gint garbage;           /* answer every status request with this byte; -1: no */
} FakePort;

static guint8
fake_status (FakePort *fake, guint n)
{
  gboolean offline = fake->paper_out || fake->cover_open;

  switch (n)
    {
    case 1:
      return 0x12 | (fake->drawer_high ? 0x04 : 0) | (offline ? 0x08 : 0);
    case 2:
      return 0x12 | (fake->cover_open ? 0x04 : 0) | (fake->paper_out ? 0x20 : 0);
    case 4:
      return 0x12 | (fake->paper_out ? 0x60 : 0);
    default:
      return 0x12;
    }
}

static gboolean
fake_write (gpointer data, const guint8 *bytes, gsize length, guint timeout_ms, GError **error)
{
  FakePort *fake = data;
  gboolean ok = TRUE;

  g_mutex_lock (&fake->lock);
  fake->writes++;
  if (length == 3 && bytes[0] == 0x10 && bytes[1] == 0x04)
    {
      gboolean mute = fake->mute_after >= 0 && (gssize)fake->received->len >= fake->mute_after;
      guint8 answer = fake->garbage >= 0 ? (guint8)fake->garbage : fake_status (fake, bytes[2]);

      if (!mute)
        g_byte_array_append (fake->replies, &answer, 1);
    }
  else if (fake->fail_after >= 0 && (gssize)fake->received->len >= fake->fail_after)
    {
      g_set_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_TIMEOUT, "write timed out");
      ok = FALSE;
    }
  else
    {
      g_byte_array_append (fake->received, bytes, (guint)length);
      if (fake->paper_out_after >= 0 && (gssize)fake->received->len >= fake->paper_out_after)
        fake->paper_out = TRUE;
    }
  g_mutex_unlock (&fake->lock);
  return ok;
}

static gssize
fake_read (gpointer data, guint8 *buffer, gsize length, guint timeout_ms, GError **error)
{
  FakePort *fake = data;
  gsize n;

  g_mutex_lock (&fake->lock);
  n = MIN (length, (gsize)fake->replies->len);
  memcpy (buffer, fake->replies->data, n);
  g_byte_array_remove_range (fake->replies, 0, (guint)n);
  g_mutex_unlock (&fake->lock);
  return (gssize)n;
}

static const MposPrinterPortFuncs fake_funcs = { NULL, NULL, fake_write, fake_read, NULL };

/* ---- fixture --------------------------------------------------------------------------- */

typedef struct
{
  FakePort fake;
  MposReceiptPrinter *printer;
  GArray *statuses;
  GArray *completed;
  guint errors;
  GBytes *job;
} Fixture;

static void
on_complete (MposDevice *device, guint job_id, gpointer user_data)
{
  g_array_append_val ((GArray *)user_data, job_id);
}

static void
on_error (MposDevice *device, GError *error, gpointer user_data)
{
  (*(guint *)user_data)++;
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (MposPrinterProfile) profile = printer_test_profile_from (
      "fake-80",
      "encoding=GBK\nqr=true\nwrite-chunk=64\nstatus-timeout-ms=50\ndrawer-status=true\n");
  g_autoptr (GError) error = NULL;
  GByteArray *job = g_byte_array_new ();

  g_mutex_init (&f->fake.lock);
  f->fake.received = g_byte_array_new ();
  f->fake.replies = g_byte_array_new ();
  f->fake.paper_out_after = f->fake.fail_after = f->fake.mute_after = -1;
  f->fake.garbage = -1;
  f->printer = mpos_receipt_printer_new ("printer0", profile, &fake_funcs, &f->fake, "fake port");
  f->statuses = g_array_new (FALSE, FALSE, sizeof (int));
  f->completed = g_array_new (FALSE, FALSE, sizeof (guint));
  printer_test_record_statuses (f->printer, f->statuses);
  g_signal_connect (f->printer, "output-complete", G_CALLBACK (on_complete), f->completed);
  g_signal_connect (f->printer, "error", G_CALLBACK (on_error), &f->errors);
  g_assert_true (mpos_device_open (MPOS_DEVICE (f->printer), &error));
  g_assert_true (mpos_device_claim (MPOS_DEVICE (f->printer), 100, &error));
  g_assert_true (mpos_device_enable (MPOS_DEVICE (f->printer), &error));
  for (guint i = 0; i < 1000; i++) /* 1000 bytes: 16 chunks of 64 */
    {
      guint8 byte = (guint8)('A' + i % 26);

      g_byte_array_append (job, &byte, 1);
    }
  f->job = g_byte_array_free_to_bytes (job);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  mpos_device_close (MPOS_DEVICE (f->printer));
  g_object_unref (f->printer);
  g_byte_array_unref (f->fake.received);
  g_byte_array_unref (f->fake.replies);
  g_mutex_clear (&f->fake.lock);
  g_array_unref (f->statuses);
  g_array_unref (f->completed);
  g_bytes_unref (f->job);
}

static guint
print_and_wait (Fixture *f, GCancellable *cancellable, PrinterTestOutcome *outcome)
{
  guint id = mpos_receipt_printer_print_async (f->printer, f->job, "receipt S001-T01-0007",
                                               cancellable, printer_test_print_done, outcome);

  printer_test_wait (&outcome->done);
  return id;
}

static guint
copies_received (Fixture *f)
{
  g_autoptr (GBytes) received = g_bytes_new (f->fake.received->data, f->fake.received->len);

  return printer_test_count (received, g_bytes_get_data (f->job, NULL), g_bytes_get_size (f->job));
}

/* ---- tests ---------------------------------------------------------------------------------- */

static void
test_printer_job_prints_with_status_before_and_after (Fixture *f, gconstpointer data)
{
  PrinterTestOutcome outcome = { 0 };
  guint id = print_and_wait (f, NULL, &outcome);

  g_assert_no_error (outcome.error);
  g_assert_true (outcome.ok);
  g_assert_cmpint (outcome.state, ==, MPOS_PRINT_JOB_DONE);
  g_assert_cmpuint (id, ==, 1);
  g_assert_cmpuint (copies_received (f), ==, 1);
  /* 16 chunks + 2 × 3 status requests */
  g_assert_cmpuint (f->fake.writes, ==, 16 + 6);
  g_assert_cmpuint (f->completed->len, ==, 1);
  g_assert_cmpuint (g_array_index (f->completed, guint, 0), ==, id);
  g_assert_true (printer_test_has_status (f->statuses, MPOS_DEVICE_STATUS_ONLINE));
  g_assert_true (printer_test_has_status (f->statuses, MPOS_DEVICE_STATUS_PAPER_OK));
  g_assert_cmpuint (f->statuses->len, ==, 4); /* online, paper ok, cover closed, drawer closed */
  g_assert_null (mpos_receipt_printer_get_job (f->printer, id));
  g_assert_cmpint (mpos_device_get_state (MPOS_DEVICE (f->printer)), ==, MPOS_DEVICE_STATE_IDLE);
}

static void
reprint_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  PrinterTestOutcome *outcome = user_data;

  outcome->ok = mpos_receipt_printer_reprint_finish (MPOS_RECEIPT_PRINTER (source), result,
                                                     &outcome->state, &outcome->error);
  outcome->done = TRUE;
}

static void
test_printer_paper_out_mid_job_holds_it_for_reprint (Fixture *f, gconstpointer data)
{
  PrinterTestOutcome outcome = { 0 }, again = { 0 };
  const MposPrintJob *job;
  g_autoptr (GArray) ids = NULL;
  guint id;

  f->fake.paper_out_after = 500;
  id = print_and_wait (f, NULL, &outcome);
  g_assert_false (outcome.ok);
  g_assert_cmpint (outcome.state, ==, MPOS_PRINT_JOB_HELD);
  g_assert_error (outcome.error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_OFFLINE);
  g_assert_true (
      g_str_has_prefix (outcome.error->message, "receipt printer “printer0” (fake port): job 1"));
  g_assert_nonnull (strstr (outcome.error->message, "paper out while printing"));
  g_assert_true (printer_test_has_status (f->statuses, MPOS_DEVICE_STATUS_PAPER_OUT));
  g_assert_true (printer_test_has_status (f->statuses, MPOS_DEVICE_STATUS_OFFLINE));
  g_assert_cmpuint (f->errors, ==, 1);
  g_assert_cmpuint (f->completed->len, ==, 0);
  g_assert_cmpint (mpos_device_get_state (MPOS_DEVICE (f->printer)), ==, MPOS_DEVICE_STATE_ERROR);
  job = mpos_receipt_printer_get_job (f->printer, id);
  g_assert_nonnull (job);
  g_assert_cmpint (job->state, ==, MPOS_PRINT_JOB_HELD);
  g_assert_cmpstr (job->label, ==, "receipt S001-T01-0007");
  ids = mpos_receipt_printer_list_jobs (f->printer);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpuint (g_array_index (ids, guint, 0), ==, id);
  g_clear_error (&outcome.error);

  /* the cashier loads paper and reprints: same id, printed, then gone */
  f->fake.paper_out = FALSE;
  f->fake.paper_out_after = -1;
  g_array_set_size (f->statuses, 0);
  mpos_receipt_printer_reprint_async (f->printer, id, NULL, reprint_done, &again);
  printer_test_wait (&again.done);
  g_assert_no_error (again.error);
  g_assert_true (again.ok);
  g_assert_true (printer_test_has_status (f->statuses, MPOS_DEVICE_STATUS_PAPER_OK));
  g_assert_true (printer_test_has_status (f->statuses, MPOS_DEVICE_STATUS_ONLINE));
  g_assert_cmpuint (copies_received (f), ==,
                    2); /* the first, cut short by the paper, and the reprint */
  g_assert_null (mpos_receipt_printer_get_job (f->printer, id));
  g_assert_cmpuint (g_array_index (f->completed, guint, 0), ==, id);
  g_assert_cmpint (mpos_device_get_state (MPOS_DEVICE (f->printer)), ==, MPOS_DEVICE_STATE_IDLE);
}

static void
test_printer_paper_out_before_sends_nothing (Fixture *f, gconstpointer data)
{
  PrinterTestOutcome outcome = { 0 };
  guint id;

  f->fake.paper_out = TRUE;
  id = print_and_wait (f, NULL, &outcome);
  g_assert_cmpint (outcome.state, ==, MPOS_PRINT_JOB_HELD);
  g_assert_nonnull (strstr (outcome.error->message, "held: paper out"));
  g_assert_cmpuint (f->fake.received->len, ==, 0);
  g_assert_cmpuint (mpos_receipt_printer_get_job (f->printer, id)->sent, ==, 0);
  g_clear_error (&outcome.error);
}

static void
test_printer_cover_open_before_holds (Fixture *f, gconstpointer data)
{
  PrinterTestOutcome outcome = { 0 };

  f->fake.cover_open = TRUE;
  print_and_wait (f, NULL, &outcome);
  g_assert_cmpint (outcome.state, ==, MPOS_PRINT_JOB_HELD);
  g_assert_nonnull (strstr (outcome.error->message, "cover open"));
  g_assert_true (printer_test_has_status (f->statuses, MPOS_DEVICE_STATUS_COVER_OPEN));
  g_clear_error (&outcome.error);
}

static gboolean
quit_later (gpointer data)
{
  *(gboolean *)data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
test_printer_no_status_after_is_unknown_and_never_resent (Fixture *f, gconstpointer data)
{
  PrinterTestOutcome outcome = { 0 };
  gboolean waited = FALSE;
  const MposPrintJob *job;
  guint id;

  f->fake.mute_after = 1000; /* answers before the job, silent after it */
  id = print_and_wait (f, NULL, &outcome);
  g_assert_false (outcome.ok);
  g_assert_cmpint (outcome.state, ==, MPOS_PRINT_JOB_UNKNOWN);
  g_assert_error (outcome.error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (outcome.error->message, "check the paper before reprinting"));
  g_assert_true (printer_test_has_status (f->statuses, MPOS_DEVICE_STATUS_OFFLINE));
  job = mpos_receipt_printer_get_job (f->printer, id);
  g_assert_cmpint (job->state, ==, MPOS_PRINT_JOB_UNKNOWN);
  g_assert_cmpuint (job->sent, ==, 1000);
  /* nothing sends it again by itself */
  g_timeout_add (200, quit_later, &waited);
  printer_test_wait (&waited);
  g_assert_cmpuint (copies_received (f), ==, 1);
  /* the cashier sees it printed fine and discards it */
  g_assert_true (mpos_receipt_printer_discard_job (f->printer, id));
  g_assert_null (mpos_receipt_printer_get_job (f->printer, id));
  g_clear_error (&outcome.error);
}

static void
test_printer_write_failure_mid_job_holds (Fixture *f, gconstpointer data)
{
  PrinterTestOutcome outcome = { 0 };
  guint id;

  f->fake.fail_after = 256;
  id = print_and_wait (f, NULL, &outcome);
  g_assert_cmpint (outcome.state, ==, MPOS_PRINT_JOB_HELD);
  g_assert_error (outcome.error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (outcome.error->message, "stopped after 256 of 1000 bytes"));
  g_assert_cmpuint (mpos_receipt_printer_get_job (f->printer, id)->sent, ==, 256);
  g_clear_error (&outcome.error);
}

static void
test_printer_garbage_status_is_protocol_error (Fixture *f, gconstpointer data)
{
  PrinterTestOutcome outcome = { 0 };

  f->fake.garbage = 0xff;
  print_and_wait (f, NULL, &outcome);
  g_assert_cmpint (outcome.state, ==, MPOS_PRINT_JOB_HELD);
  g_assert_error (outcome.error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (outcome.error->message, "not a status byte"));
  g_assert_cmpuint (f->fake.received->len, ==, 0);
  g_clear_error (&outcome.error);
}

static void
test_printer_cancelled_job_is_held_not_lost (Fixture *f, gconstpointer data)
{
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  PrinterTestOutcome outcome = { 0 };
  guint id;

  g_cancellable_cancel (cancellable);
  id = print_and_wait (f, cancellable, &outcome);
  g_assert_cmpint (outcome.state, ==, MPOS_PRINT_JOB_HELD);
  g_assert_nonnull (mpos_receipt_printer_get_job (f->printer, id));
  g_assert_cmpuint (f->fake.received->len, ==, 0);
  g_clear_error (&outcome.error);
}

static void
test_printer_not_enabled_refuses (Fixture *f, gconstpointer data)
{
  PrinterTestOutcome outcome = { 0 };
  guint id;

  mpos_device_disable (MPOS_DEVICE (f->printer));
  id = mpos_receipt_printer_print_async (f->printer, f->job, NULL, NULL, printer_test_print_done,
                                         &outcome);
  printer_test_wait (&outcome.done);
  g_assert_cmpuint (id, ==, 0);
  g_assert_error (outcome.error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_STATE);
  g_assert_nonnull (strstr (outcome.error->message, "receipt printer “printer0”"));
  g_clear_error (&outcome.error);
}

static void
drawer_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  PrinterTestOutcome *outcome = user_data;

  outcome->ok
      = mpos_cash_drawer_open_drawer_finish (MPOS_CASH_DRAWER (source), result, &outcome->error);
  outcome->done = TRUE;
}

static void
test_printer_drawer_kick_pin_2_and_drawer_status (Fixture *f, gconstpointer data)
{
  g_autoptr (MposCashDrawer) drawer = mpos_cash_drawer_new ("drawer0", f->printer, 2);
  g_autoptr (GArray) drawer_statuses = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr (GError) error = NULL;
  PrinterTestOutcome outcome = { 0 };
  static const guint8 kick[] = { 0x1b, 'p', 0, 25, 250 };
  gboolean known = FALSE;

  printer_test_record_statuses (drawer, drawer_statuses);
  g_assert_true (mpos_device_open (MPOS_DEVICE (drawer), &error));
  g_assert_true (mpos_device_claim (MPOS_DEVICE (drawer), 0, &error));
  g_assert_true (mpos_device_enable (MPOS_DEVICE (drawer), &error));
  f->fake.drawer_high = TRUE; /* the switch opens as the drawer springs out */
  mpos_cash_drawer_open_drawer_async (drawer, NULL, drawer_done, &outcome);
  printer_test_wait (&outcome.done);
  g_assert_no_error (outcome.error);
  g_assert_cmpmem (f->fake.received->data, f->fake.received->len, kick, sizeof kick);
  g_assert_true (mpos_cash_drawer_get_opened (drawer, &known));
  g_assert_true (known);
  g_assert_cmpuint (drawer_statuses->len, ==, 1);
  g_assert_cmpint (g_array_index (drawer_statuses, int, 0), ==, MPOS_DEVICE_STATUS_DRAWER_OPEN);
  /* a kick is never kept as a held job */
  g_assert_null (mpos_receipt_printer_get_job (f->printer, 1));
  mpos_device_close (MPOS_DEVICE (drawer));
}

static void
test_printer_drawer_on_unwired_pin_is_refused (Fixture *f, gconstpointer data)
{
  g_autoptr (MposPrinterProfile) profile = printer_test_profile ("generic-58");
  g_autoptr (MposReceiptPrinter) printer
      = mpos_receipt_printer_new ("printer1", profile, &fake_funcs, &f->fake, "fake port");
  g_autoptr (MposCashDrawer) drawer = mpos_cash_drawer_new ("drawer1", printer, 5);
  g_autoptr (GError) error = NULL;

  g_assert_false (mpos_device_open (MPOS_DEVICE (drawer), &error));
  g_assert_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_CONFIG);
  g_assert_true (g_str_has_prefix (error->message, "cash drawer “drawer1”"));
  g_assert_nonnull (strstr (error->message, "pin 5"));
}

#define ADD(path, test) g_test_add (path, Fixture, NULL, fixture_set_up, test, fixture_tear_down)

int
main (int argc, char **argv)
{
  printer_test_init (&argc, &argv);
  ADD ("/receipt-printer/job-prints-with-status-before-and-after",
       test_printer_job_prints_with_status_before_and_after);
  ADD ("/receipt-printer/paper-out-mid-job-holds-it-for-reprint",
       test_printer_paper_out_mid_job_holds_it_for_reprint);
  ADD ("/receipt-printer/paper-out-before-sends-nothing",
       test_printer_paper_out_before_sends_nothing);
  ADD ("/receipt-printer/cover-open-before-holds", test_printer_cover_open_before_holds);
  ADD ("/receipt-printer/no-status-after-is-unknown-and-never-resent",
       test_printer_no_status_after_is_unknown_and_never_resent);
  ADD ("/receipt-printer/write-failure-mid-job-holds", test_printer_write_failure_mid_job_holds);
  ADD ("/receipt-printer/garbage-status-is-protocol-error",
       test_printer_garbage_status_is_protocol_error);
  ADD ("/receipt-printer/cancelled-job-is-held-not-lost",
       test_printer_cancelled_job_is_held_not_lost);
  ADD ("/receipt-printer/not-enabled-refuses", test_printer_not_enabled_refuses);
  ADD ("/receipt-printer/drawer-kick-pin-2-and-drawer-status",
       test_printer_drawer_kick_pin_2_and_drawer_status);
  ADD ("/receipt-printer/drawer-on-unwired-pin-is-refused",
       test_printer_drawer_on_unwired_pin_is_refused);
  return g_test_run ();
}
