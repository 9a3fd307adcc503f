/* test-race.h — several processes doing one thing to the same store file at
 * once, as the window, mallposctl and the sync client do: the unit tests of
 * "exactly one wins" and "exactly N are counted" share it. */
#pragma once

#include "store.h"

/* What each child process does with its own connection to the store; what
 * it returns is its exit status, a small number the test counts. */
typedef int (*TestRaceStep) (MposStore *store, gpointer data);

/* The exit status of a child whose store did not open. */
#define TEST_RACE_NOT_OPENED 7

/* Forks `n` processes that each open the store at `path` (waiting up to
 * 10 s on a busy lock) and run `step`; waits for all of them and counts
 * their exit statuses in counts[0 … 7]. */
void test_race (const char *path, guint n, TestRaceStep step, gpointer data, guint counts[8]);
