/* test-card-reader-pcsc.c — tests for drivers/card-reader-pcsc.c against a
 * real pcscd with vsmartcard's vpcd reader driver and card-emulator.c as
 * the member card: a card presented gives its member number, a card pulled
 * mid-read or a foreign card gives a clear error, pcscd going away takes the
 * reader offline and it comes back by itself. Run by run-pcsc-test.sh in a
 * namespace with a private /run/pcscd; every test starts its own pcscd. */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <winscard.h>

#include "card-reader-pcsc.h"
#include "device-test-util.h"

#define READER "Virtual PCD 00 00"
#define MEMBER "8800000000017"
/* The store's key A ("MPOS15"): the emulated member cards carry it; a card
 * left on the factory key FFFFFFFFFFFF is not one of the store's. */
#define STORE_KEY_HEX "4D504F533135"
static const guint8 STORE_KEY[6] = { 0x4D, 0x50, 0x4F, 0x53, 0x31, 0x35 };

typedef struct
{
  char *dir;
  GSubprocess *pcscd;
  GSubprocess *emulator;
  MposCardReader *reader;
  DeviceRecorder *recorder;
} Fixture;

/* ---- pcscd and the emulator ----------------------------------------------- */

/* pcscd is ready once it lists the vpcd reader. */
static gboolean
wait_for_reader (guint timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64)timeout_ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      SCARDCONTEXT context;
      char names[1024] = "";
      DWORD length = sizeof names;
      gboolean found = FALSE;

      if (SCardEstablishContext (SCARD_SCOPE_SYSTEM, NULL, NULL, &context) == SCARD_S_SUCCESS)
        {
          found = SCardListReaders (context, NULL, names, &length) == SCARD_S_SUCCESS
                  && strstr (names, READER) != NULL;
          SCardReleaseContext (context);
        }
      if (found)
        return TRUE;
      g_usleep (50 * 1000);
    }
  return FALSE;
}

static void
write_reader_conf (const char *dir)
{
  g_autofree char *conf_dir = g_build_filename (dir, "reader.conf.d", NULL);
  g_autofree char *text = g_strdup_printf ("FRIENDLYNAME \"Virtual PCD\"\n"
                                           "DEVICENAME /dev/null:0x8C7B\n"
                                           "LIBPATH %s\n"
                                           "CHANNELID 0x8C7B\n",
                                           g_getenv ("MPOS_VPCD_DRIVER"));

  device_test_write_file (conf_dir, "vpcd", text, -1);
}

static GSubprocess *
pcscd_spawn (const char *dir, GError **error)
{
  g_autofree char *conf_dir = g_build_filename (dir, "reader.conf.d", NULL);
  g_autofree char *log = g_build_filename (dir, "pcscd.log", NULL);
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);

  g_subprocess_launcher_set_stdout_file_path (launcher, log);
  g_subprocess_launcher_set_stderr_file_path (launcher, log);
  return g_subprocess_launcher_spawn (launcher, error, g_getenv ("MPOS_PCSCD"), "--foreground",
                                      "--config", conf_dir, "--debug", NULL);
}

static void
pcscd_start (Fixture *fixture)
{
  g_autoptr (GError) error = NULL;

  fixture->pcscd = pcscd_spawn (fixture->dir, &error);
  g_assert_no_error (error);
  g_assert_true (wait_for_reader (10000));
}

static void
on_exited (GObject *source, GAsyncResult *result, gpointer user_data)
{
  gboolean *done = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *done = TRUE;
}

/* Stops a child and waits for it, spinning the main loop meanwhile so the
 * reader's events keep flowing. */
static void
stop_process (GSubprocess **process)
{
  gboolean done = FALSE;
  gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  if (*process == NULL)
    return;
  g_subprocess_send_signal (*process, SIGTERM);
  g_subprocess_wait_async (*process, NULL, on_exited, &done);
  while (!done && g_get_monotonic_time () < end)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (10 * 1000);
    }
  if (!done)
    {
      g_subprocess_force_exit (*process);
      while (!done)
        g_main_context_iteration (NULL, TRUE);
    }
  g_clear_object (process);
}

static void
emulator_start (Fixture *fixture, const char *option, const char *value)
{
  g_autofree char *log = g_build_filename (fixture->dir, "emulator.log", NULL);
  g_autoptr (GSubprocessLauncher) launcher
      = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();

  g_subprocess_launcher_set_stdout_file_path (launcher, log);
  g_subprocess_launcher_set_stderr_file_path (launcher, log);

  g_ptr_array_add (argv, (gpointer) g_getenv ("MPOS_CARD_EMULATOR"));
  /* the store's key unless the test gives another */
  if (g_strcmp0 (option, "--key") != 0)
    {
      g_ptr_array_add (argv, "--key");
      g_ptr_array_add (argv, STORE_KEY_HEX);
    }
  g_ptr_array_add (argv, (gpointer) option);
  if (value != NULL)
    g_ptr_array_add (argv, (gpointer) value);
  g_ptr_array_add (argv, NULL);
  fixture->emulator
      = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
}

static void
emulator_command (Fixture *fixture, const char *command)
{
  GOutputStream *in = g_subprocess_get_stdin_pipe (fixture->emulator);
  g_autofree char *line = g_strdup_printf ("%s\n", command);
  g_autoptr (GError) error = NULL;

  g_output_stream_write_all (in, line, strlen (line), NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_flush (in, NULL, NULL);
}

/* ---- what the driver logs ------------------------------------------------------ */

/* Every message the drivers log, so a test can check no card data leaks. */
static GString *driver_log;

static GLogWriterOutput
record_log (GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (g_strcmp0 (fields[i].key, "MESSAGE") == 0 && fields[i].length < 0)
      g_string_append_printf (driver_log, "%s\n", (const char *) fields[i].value);
  return g_log_writer_default (level, fields, n_fields, user_data);
}

/* ---- fixtures ----------------------------------------------------------------- */

static void
fixture_set_up (Fixture *fixture, gconstpointer user_data)
{
  gboolean with_pcscd = GPOINTER_TO_INT (user_data) == 0;

  fixture->dir = g_dir_make_tmp ("mpos-pcsc-XXXXXX", NULL);
  write_reader_conf (fixture->dir);
  if (with_pcscd)
    pcscd_start (fixture);
  fixture->reader = mpos_card_reader_pcsc_new ("card0", READER, STORE_KEY);
  fixture->recorder = device_recorder_new (MPOS_DEVICE (fixture->reader));
}

static void
show_log (const char *dir, const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *text = NULL;

  if (g_file_get_contents (path, &text, NULL, NULL))
    g_test_message ("%s:\n%s", name, text);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer user_data)
{
  device_test_finish (MPOS_DEVICE (fixture->reader), fixture->recorder, -1);
  stop_process (&fixture->emulator);
  stop_process (&fixture->pcscd);
  if (g_test_failed ())
    {
      show_log (fixture->dir, "pcscd.log");
      show_log (fixture->dir, "emulator.log");
    }
  test_remove_dir (fixture->dir);
  g_free (fixture->dir);
}

static void
start_reader (Fixture *fixture)
{
  device_recorder_start (MPOS_DEVICE (fixture->reader));
  g_assert_true (
      device_recorder_wait_status (fixture->recorder, MPOS_DEVICE_STATUS_ONLINE, 0, 5000));
}

/* ---- tests ------------------------------------------------------------------- */

static void
test_pcsc_member_card_gives_its_number (Fixture *fixture, gconstpointer user_data)
{
  const MposDeviceData *data;

  start_reader (fixture);
  g_assert_cmpstr (mpos_device_get_description (MPOS_DEVICE (fixture->reader)), ==, "pcsc " READER);
  emulator_start (fixture, "--number", MEMBER);
  g_assert_true (device_recorder_wait (fixture->recorder, 1, 0, 10000));
  data = device_recorder_data (fixture->recorder, 0);
  g_assert_cmpint (data->kind, ==, MPOS_DEVICE_DATA_CARD);
  g_assert_cmpstr (data->text, ==, MEMBER);
  g_assert_cmpuint (fixture->recorder->errors->len, ==, 0);
  /* the debug trace names the card by its masked UID and number only */
  g_assert_nonnull (strstr (driver_log->str, "card UID 04****6B"));
  g_assert_null (strstr (driver_log->str, "04A2246B"));
  g_assert_null (strstr (driver_log->str, MEMBER));
}

static void
test_pcsc_card_is_read_once_per_presentation (Fixture *fixture, gconstpointer user_data)
{
  start_reader (fixture);
  emulator_start (fixture, "--number", MEMBER);
  g_assert_true (device_recorder_wait (fixture->recorder, 1, 0, 10000));
  /* left on the reader: not read again */
  device_recorder_spin (1500);
  g_assert_cmpuint (fixture->recorder->data->len, ==, 1);
  emulator_command (fixture, "remove");
  device_recorder_spin (1000);
  emulator_command (fixture, "insert");
  g_assert_true (device_recorder_wait (fixture->recorder, 2, 0, 10000));
  g_assert_cmpstr (device_recorder_data (fixture->recorder, 1)->text, ==, MEMBER);
}

static void
test_pcsc_card_removed_mid_read_is_an_error (Fixture *fixture, gconstpointer user_data)
{
  const GError *error;

  start_reader (fixture);
  emulator_start (fixture, "--remove-on-read", NULL);
  g_assert_true (device_recorder_wait (fixture->recorder, 0, 1, 10000));
  error = device_recorder_error (fixture->recorder, 0);
  g_assert_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_FAILED);
  g_assert_true (g_str_has_prefix (error->message, "card reader “card0” (pcsc " READER "): "));
  g_assert_nonnull (strstr (error->message, "taken away"));
  g_assert_cmpuint (fixture->recorder->data->len, ==, 0);
}

static void
test_pcsc_foreign_card_is_refused (Fixture *fixture, gconstpointer user_data)
{
  const GError *error;

  start_reader (fixture);
  emulator_start (fixture, "--key", "FFFFFFFFFFFF");
  g_assert_true (device_recorder_wait (fixture->recorder, 0, 1, 10000));
  error = device_recorder_error (fixture->recorder, 0);
  g_assert_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "not one of this store's member cards"));
  g_assert_cmpuint (fixture->recorder->data->len, ==, 0);
}

static void
test_pcsc_blank_card_has_no_member_number (Fixture *fixture, gconstpointer user_data)
{
  start_reader (fixture);
  emulator_start (fixture, "--number", "");
  g_assert_true (device_recorder_wait (fixture->recorder, 0, 1, 10000));
  g_assert_error (device_recorder_error (fixture->recorder, 0), MPOS_DEVICE_ERROR,
                  MPOS_DEVICE_ERROR_PROTOCOL);
  g_assert_cmpuint (fixture->recorder->data->len, ==, 0);
}

static void
test_pcsc_service_gone_goes_offline_and_comes_back (Fixture *fixture, gconstpointer user_data)
{
  guint seen;

  start_reader (fixture);
  stop_process (&fixture->pcscd);
  g_assert_true (
      device_recorder_wait_status (fixture->recorder, MPOS_DEVICE_STATUS_OFFLINE, 0, 10000));
  g_assert_true (device_recorder_wait (fixture->recorder, 0, 1, 1000));
  g_assert_error (device_recorder_error (fixture->recorder, 0), MPOS_DEVICE_ERROR,
                  MPOS_DEVICE_ERROR_OFFLINE);
  g_assert_nonnull (strstr (device_recorder_error (fixture->recorder, 0)->message, "pcscd"));
  g_assert_cmpint (mpos_device_get_state (MPOS_DEVICE (fixture->reader)), ==,
                   MPOS_DEVICE_STATE_ERROR);
  seen = fixture->recorder->statuses->len;
  pcscd_start (fixture);
  g_assert_true (
      device_recorder_wait_status (fixture->recorder, MPOS_DEVICE_STATUS_ONLINE, seen, 10000));
  emulator_start (fixture, "--number", MEMBER);
  g_assert_true (device_recorder_wait (fixture->recorder, 1, 1, 10000));
  g_assert_cmpstr (device_recorder_data (fixture->recorder, 0)->text, ==, MEMBER);
}

static void
test_pcsc_open_without_service_names_pcscd (Fixture *fixture, gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;

  g_assert_false (mpos_device_open (MPOS_DEVICE (fixture->reader), &error));
  g_assert_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_OFFLINE);
  g_assert_nonnull (strstr (error->message, "card reader “card0”"));
  g_assert_nonnull (strstr (error->message, "pcscd"));
}

static void
test_pcsc_open_without_matching_reader_is_no_hardware (Fixture *fixture, gconstpointer user_data)
{
  g_autoptr (MposCardReader) other = mpos_card_reader_pcsc_new ("card1", "ACR122U", STORE_KEY);
  g_autoptr (GError) error = NULL;

  g_assert_false (mpos_device_open (MPOS_DEVICE (other), &error));
  g_assert_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_NO_HARDWARE);
  g_assert_nonnull (strstr (error->message, "ACR122U"));
}

static void
test_member_block_parse (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *number = NULL;
  g_autofree char *blank = NULL;
  const guint8 block[16] = "8800000000017\0\0";
  const guint8 zeros[16] = { 0 };

  number = mpos_member_block_parse (block, sizeof block, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (number, ==, MEMBER);
  blank = mpos_member_block_parse (zeros, sizeof zeros, &error);
  g_assert_null (blank);
  g_assert_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_PROTOCOL);
  g_clear_error (&error);
  g_assert_null (mpos_member_block_parse (block, 5, &error));
  g_assert_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_PROTOCOL);
}

/* Outside run-pcsc-test.sh, or where pcscd cannot start, there is nothing
 * to test against: say exactly why and skip. */
static int
probe (void)
{
  g_autofree char *dir = NULL;
  g_autoptr (GSubprocess) pcscd = NULL;
  g_autoptr (GError) error = NULL;
  gboolean ready;

  if (!g_getenv ("MPOS_PCSCD") || !g_getenv ("MPOS_VPCD_DRIVER")
      || !g_getenv ("MPOS_CARD_EMULATOR"))
    {
      fprintf (stderr, "SKIP: run through tests/devices/card/run-pcsc-test.sh (meson test)\n");
      return 77;
    }
  dir = g_dir_make_tmp ("mpos-pcsc-XXXXXX", NULL);
  write_reader_conf (dir);
  pcscd = pcscd_spawn (dir, &error);
  ready = pcscd && wait_for_reader (10000);
  if (pcscd)
    stop_process (&pcscd);
  if (!ready)
    {
      g_autofree char *log_path = g_build_filename (dir, "pcscd.log", NULL);
      g_autofree char *log = NULL;
      g_file_get_contents (log_path, &log, NULL, NULL);
      fprintf (stderr, "SKIP: pcscd did not start with the vpcd reader here: %s\n%s\n",
               error ? error->message : "no reader within 10 s", log ? log : "");
    }
  test_remove_dir (dir);
  return ready ? 0 : 77;
}

int
main (int argc, char **argv)
{
  int skip;

  g_test_init (&argc, &argv, NULL);
  driver_log = g_string_new (NULL);
  g_log_set_writer_func (record_log, NULL, NULL);
  g_setenv ("G_MESSAGES_DEBUG", "mallpos-drivers", FALSE);
  skip = probe ();
  if (skip)
    return skip;
#define ADD(path, func, with_pcscd)                                                                \
  g_test_add (path, Fixture, GINT_TO_POINTER (with_pcscd ? 0 : 1), fixture_set_up, func,           \
              fixture_tear_down)
  ADD ("/card-reader-pcsc/member-card-gives-its-number", test_pcsc_member_card_gives_its_number,
       TRUE);
  ADD ("/card-reader-pcsc/card-is-read-once-per-presentation",
       test_pcsc_card_is_read_once_per_presentation, TRUE);
  ADD ("/card-reader-pcsc/card-removed-mid-read-is-an-error",
       test_pcsc_card_removed_mid_read_is_an_error, TRUE);
  ADD ("/card-reader-pcsc/foreign-card-is-refused", test_pcsc_foreign_card_is_refused, TRUE);
  ADD ("/card-reader-pcsc/blank-card-has-no-member-number",
       test_pcsc_blank_card_has_no_member_number, TRUE);
  ADD ("/card-reader-pcsc/service-gone-goes-offline-and-comes-back",
       test_pcsc_service_gone_goes_offline_and_comes_back, TRUE);
  ADD ("/card-reader-pcsc/open-without-service-names-pcscd",
       test_pcsc_open_without_service_names_pcscd, FALSE);
  ADD ("/card-reader-pcsc/open-without-matching-reader-is-no-hardware",
       test_pcsc_open_without_matching_reader_is_no_hardware, TRUE);
#undef ADD
  g_test_add_func ("/card-reader-pcsc/member-block-parse", test_member_block_parse);
  return g_test_run ();
}
