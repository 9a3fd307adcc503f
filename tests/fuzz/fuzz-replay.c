/* fuzz-replay.c — a main() for fuzz targets in ordinary builds: feeds every
 * file of the seed corpus directories given as arguments to
 * LLVMFuzzerTestOneInput, so the corpus runs as a regression test (and under
 * ASan/UBSan in the sanitizer build). */
#include <glib.h>
#include <stdint.h>
#include <stdio.h>

#include "fuzz-util.h"

static int
replay_file (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr (GError) error = NULL;

  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      fprintf (stderr, "fuzz-replay: %s\n", error->message);
      return 1;
    }
  LLVMFuzzerTestOneInput ((const uint8_t *) contents, length);
  return 0;
}

static int
replay_dir (const char *dir_path, guint *count)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDir) dir = g_dir_open (dir_path, 0, &error);
  const char *name;

  if (dir == NULL)
    {
      fprintf (stderr, "fuzz-replay: %s\n", error->message);
      return 1;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      if (replay_file (path) != 0)
        return 1;
      (*count)++;
    }
  return 0;
}

int
main (int argc, char **argv)
{
  guint count = 0;

  for (int i = 1; i < argc; i++)
    {
      int rc = g_file_test (argv[i], G_FILE_TEST_IS_DIR) ? replay_dir (argv[i], &count)
                                                           : replay_file (argv[i]);
      if (rc != 0)
        return rc;
      if (!g_file_test (argv[i], G_FILE_TEST_IS_DIR))
        count++;
    }
  if (count == 0)
    {
      fprintf (stderr, "fuzz-replay: no corpus files given\n");
      return 1;
    }
  printf ("replayed %u inputs\n", count);
  return 0;
}
