/* test-dir.c — removing a test's temp directory (test-dir.h). */
#include "test-dir.h"

#include <glib/gstdio.h>

void
test_remove_dir (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        test_remove_dir (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}
