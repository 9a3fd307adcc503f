/* test-uuid.c — tests for src/uuid.c: UUIDv7 text, version and variant bits,
 * time order. */
#include <glib.h>
#include <string.h>

#include "uuid.h"

static void
test_uuid_v7_format_and_bits (void)
{
  char a[MPOS_UUID_STRLEN + 1];
  g_autoptr (GRegex) form
      = g_regex_new ("^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", 0, 0,
                     NULL);

  for (int k = 0; k < 1000; k++)
    {
      g_assert_true (mpos_uuid_v7 (a) == a);
      g_assert_cmpuint (strlen (a), ==, MPOS_UUID_STRLEN);
      if (!g_regex_match (form, a, 0, NULL))
        g_error ("not a UUIDv7: %s", a);
    }
}

/* The first 48 bits are the Unix time in ms: ids made later sort later. */
static void
test_uuid_v7_time_ordered (void)
{
  char a[MPOS_UUID_STRLEN + 1], b[MPOS_UUID_STRLEN + 1], ms_hex[13];
  guint64 before = (guint64) (g_get_real_time () / 1000), after, ms;

  mpos_uuid_v7 (a);
  after = (guint64) (g_get_real_time () / 1000);
  g_usleep (2000);
  mpos_uuid_v7 (b);
  g_assert_cmpint (strcmp (a, b), <, 0);
  memcpy (ms_hex, a, 8);
  memcpy (ms_hex + 8, a + 9, 4);
  ms_hex[12] = '\0';
  ms = g_ascii_strtoull (ms_hex, NULL, 16);
  g_assert_cmpuint (ms, >=, before);
  g_assert_cmpuint (ms, <=, after);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/uuid/v7-format-and-bits", test_uuid_v7_format_and_bits);
  g_test_add_func ("/uuid/v7-time-ordered", test_uuid_v7_time_ordered);
  return g_test_run ();
}
