/* test-race.c — processes racing on one store file (test-race.h). */
#include "test-race.h"

#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core.h"

/* The child's whole life: its own connection, the step, its exit status. */
static void G_GNUC_NORETURN
run_child (const char *path, TestRaceStep step, gpointer data)
{
  MposStoreOptions options = { FALSE, 10000 };
  MposStore *store;

  mpos_core_init ();
  store = mpos_store_open (path, &options, NULL);
  _exit (store == NULL ? TEST_RACE_NOT_OPENED : step (store, data));
}

void
test_race (const char *path, guint n, TestRaceStep step, gpointer data, guint counts[8])
{
  g_autofree GPid *pids = g_new (GPid, n);

  memset (counts, 0, 8 * sizeof counts[0]);
  for (guint i = 0; i < n; i++)
    {
      pids[i] = fork ();
      g_assert_cmpint (pids[i], >=, 0);
      if (pids[i] == 0)
        run_child (path, step, data);
    }
  for (guint i = 0; i < n; i++)
    {
      int status = 0;

      g_assert_cmpint (waitpid (pids[i], &status, 0), ==, pids[i]);
      g_assert_true (WIFEXITED (status));
      g_assert_cmpint (WEXITSTATUS (status), <, 8);
      counts[WEXITSTATUS (status)]++;
    }
}
