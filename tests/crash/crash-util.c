/* crash-util.c — demo stores and mallposctl runs for the crash tests. The
 * store is made by the real CLI so the tests kill exactly what a till runs. */
#include "core.h"
#include "crash-util.h"
#include "staff.h"

#include <stdarg.h>
#include <string.h>

const char *
crash_ctl_path (void)
{
  const char *path = g_getenv ("MALLPOSCTL");

  if (path == NULL || !g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
    g_error ("MALLPOSCTL must name the mallposctl binary (meson test sets it)");
  return path;
}

char *
crash_demo_path (const char *name)
{
  const char *dir = g_getenv ("MALLPOS_DEMO_DIR");

  if (dir == NULL)
    g_error ("MALLPOS_DEMO_DIR must name data/demo (meson test sets it)");
  return g_build_filename (dir, name, NULL);
}

GSubprocessLauncher *
crash_launcher (const char *store_path, GSubprocessFlags flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);

  g_subprocess_launcher_setenv (launcher, "MALLPOS_STORE", store_path, TRUE);
  g_subprocess_launcher_setenv (launcher, "MALLPOS_NOW", CRASH_NOW, TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  /* The PIN of manager 9001 (crash_demo_store), who approves --supervisor 9001. */
  g_subprocess_launcher_setenv (launcher, "MALLPOS_SUPERVISOR_PIN", CRASH_MANAGER_PIN, TRUE);
  /* and imports after the manager exists name them (settings-change.h) */
  g_subprocess_launcher_setenv (launcher, "MALLPOS_MANAGER", "9001", TRUE);
  return launcher;
}

int
crash_run_ctlv (GSubprocessLauncher *launcher, const char *stdin_path, char **out, char **err,
                const char *const *args)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GError) error = NULL;

  g_ptr_array_add (argv, (gpointer) crash_ctl_path ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_subprocess_launcher_set_stdin_file_path (launcher, stdin_path ? stdin_path : "/dev/null");
  process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, out, err, &error);
  g_assert_no_error (error);
  if (g_subprocess_get_if_signaled (process))
    return -1;
  return g_subprocess_get_exit_status (process);
}

GPtrArray *
crash_args_va (const char *first_arg, va_list rest)
{
  GPtrArray *args = g_ptr_array_new ();

  for (const char *arg = first_arg; arg != NULL; arg = va_arg (rest, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  g_ptr_array_add (args, NULL);
  return args;
}

int
crash_run_ctl (GSubprocessLauncher *launcher, const char *stdin_path, char **out, char **err,
               const char *first_arg, ...)
{
  g_autoptr (GPtrArray) args = NULL;
  va_list list;

  va_start (list, first_arg);
  args = crash_args_va (first_arg, list);
  va_end (list);
  return crash_run_ctlv (launcher, stdin_path, out, err, (const char *const *) args->pdata);
}

static void
ctl_ok (GSubprocessLauncher *launcher, const char *what, const char *kind, const char *file)
{
  g_autofree char *path = crash_demo_path (file);
  g_autofree char *err = NULL;
  /* the store is a training store (练习模式): only it goes by MALLPOS_NOW */
  int status = kind ? crash_run_ctl (launcher, NULL, NULL, &err, what, kind, path, NULL)
                    : crash_run_ctl (launcher, NULL, NULL, &err, what, "--training", "--from",
                                     path, NULL);

  if (status != 0)
    g_error ("mallposctl %s %s failed (%d): %s", what, kind ? kind : "", status, err);
}

/* Manager 9001, the store's first, who approves what the tests adjust. */
static void
add_manager (const char *path)
{
  g_autoptr (GError) error = NULL;
  MposStoreOptions options = { FALSE, 5000 };
  mpos_core_init ();
  g_autoptr (MposStore) store = mpos_store_open (path, &options, &error);

  g_assert_no_error (error);
  if (!mpos_staff_add (store, "9001", "王经理", MPOS_STAFF_ROLE_MANAGER, CRASH_MANAGER_PIN, NULL,
                       &error))
    g_error ("adding manager 9001: %s", error->message);
}

char *
crash_demo_store (char **dir_out)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("mallpos-crash-XXXXXX", &error);
  char *path;
  g_autoptr (GSubprocessLauncher) launcher = NULL;

  g_assert_no_error (error);
  path = g_build_filename (dir, "store.db", NULL);
  launcher = crash_launcher (path, G_SUBPROCESS_FLAGS_STDOUT_SILENCE
                                       | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  ctl_ok (launcher, "init", NULL, "store.json");
  /* Top-ups and returns name their cashier: this terminal's default. */
  if (crash_run_ctl (launcher, NULL, NULL, NULL, "init", "--default-cashier", "1001", NULL) != 0)
    g_error ("mallposctl init --default-cashier failed");
  /* No sale without an open shift. */
  if (crash_run_ctl (launcher, NULL, NULL, NULL, "shift", "open", "--float", "500", NULL) != 0)
    g_error ("mallposctl shift open failed");
  ctl_ok (launcher, "import", "catalog", "catalog.csv");
  ctl_ok (launcher, "import", "promotions", "promotions.json");
  ctl_ok (launcher, "import", "members", "members.json");
  add_manager (path);
  *dir_out = g_steal_pointer (&dir);
  return path;
}

char *
crash_loyalty_sale_doc (void)
{
  g_autofree char *path = crash_demo_path ("sale.json");
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;
  char *tenders;

  if (!g_file_get_contents (path, &text, NULL, &error))
    g_error ("%s", error->message);
  tenders = strstr (text, "\"tenders\"");
  g_assert_nonnull (tenders);
  *tenders = '\0';
  return g_strconcat (text, "\"tenders\": [{\"type\": \"points\", \"points\": 1000}, "
                            "{\"type\": \"stored_value\", \"amount\": \"20.00\"}, "
                            "{\"type\": \"cash\", \"amount\": \"200.00\"}]}",
                      NULL);
}

GString *
crash_rules_without_proof_caps (void)
{
  g_autofree char *path = crash_demo_path ("loyalty-rules.json");
  g_autofree char *text = NULL;
  GString *raised;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  raised = g_string_new (text);
  g_assert_cmpuint (g_string_replace (raised, "\"no_proof_daily_cap\": \"300.00\"",
                                      "\"no_proof_daily_cap\": \"1000000.00\"", 1), ==, 1);
  g_assert_cmpuint (g_string_replace (raised, "\"no_proof_max\": 2000, \"no_proof_daily_cap\": 5000",
                                      "\"no_proof_max\": 100000000, \"no_proof_daily_cap\": 100000000",
                                      1), ==, 1);
  return raised;
}
