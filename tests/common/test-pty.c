/* test-pty.c — a serial line for device tests (test-pty.h). */
#include "test-pty.h"

#include <pty.h>
#include <unistd.h>

char *
test_pty_open (int *master)
{
  int slave = -1;
  char *path;

  g_assert_cmpint (openpty (master, &slave, NULL, NULL, NULL), ==, 0);
  path = g_strdup (ttyname (slave));
  g_assert_nonnull (path);
  close (slave);
  return path;
}
