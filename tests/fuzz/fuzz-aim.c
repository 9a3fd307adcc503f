/* fuzz-aim.c — libFuzzer target for the AIM identifier parser and the
 * scanner's text check, which see every scan from every scanner. A parsed
 * identifier must be three characters the input really starts with and name
 * a symbology; the cleaned text must be valid UTF-8 without stray controls. */
#include <glib.h>
#include <stdint.h>
#include <string.h>

#include "aim.h"
#include "fuzz-util.h"
#include "scanner.h"

static void
check_aim (const char *text, size_t size)
{
  MposAimId id = { 0 };

  if (!mpos_aim_parse (text, size, &id))
    return;
  g_assert_cmpuint (size, >=, MPOS_AIM_LENGTH);
  g_assert_cmpint (text[0], ==, ']');
  g_assert_cmpint (id.code, ==, text[1]);
  g_assert_cmpint (id.modifier, ==, text[2]);
  g_assert_nonnull (id.symbology);
  g_assert_cmpstr (mpos_aim_symbology (id.code, id.modifier), ==, id.symbology);
}

static void
check_clean_text (const char *text, size_t size)
{
  g_autofree char *clean = mpos_scanner_clean_text (text, size);

  if (clean == NULL)
    return;
  g_assert_true (g_utf8_validate (clean, -1, NULL));
  g_assert_cmpuint (strlen (clean), >, 0);
  for (const char *p = clean; *p; p++)
    g_assert_true ((guchar)*p >= 0x20 || *p == 0x1D || *p == 0x1E || *p == 0x04);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  check_aim ((const char *)data, size);
  check_clean_text ((const char *)data, size);
  return 0;
}
