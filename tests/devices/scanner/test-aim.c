/* test-aim.c — tests for drivers/aim.c: AIM symbology identifiers parsed
 * off the front of a scan, and codes that merely start with ']' left whole. */
#include <glib.h>
#include <string.h>

#include "aim.h"

static void
assert_aim (const char *scan, const char *symbology, gboolean gs1)
{
  MposAimId id;

  g_assert_true (mpos_aim_parse (scan, strlen (scan), &id));
  g_assert_cmpstr (id.symbology, ==, symbology);
  g_assert_cmpint (id.code, ==, scan[1]);
  g_assert_cmpint (id.modifier, ==, scan[2]);
  g_assert_cmpint (id.gs1, ==, gs1);
}

static void
test_aim_ean_family_by_modifier (void)
{
  assert_aim ("]E06901234567892", "EAN-13", FALSE);
  assert_aim ("]E496385074", "EAN-8", FALSE);
  assert_aim ("]E3690123456789212", "EAN-13+add-on", FALSE);
  assert_aim ("]E112", "EAN add-on 2", FALSE);
}

static void
test_aim_gs1_symbologies (void)
{
  assert_aim ("]C101069012345678921710", "GS1-128", TRUE);
  assert_aim ("]d201069012345678921710", "GS1 DataMatrix", TRUE);
  assert_aim ("]Q3010690123456789", "GS1 QR", TRUE);
  assert_aim ("]e00106901234567892", "GS1 DataBar", TRUE);
}

static void
test_aim_other_symbologies (void)
{
  assert_aim ("]Q1https://example.cn/m/8800", "QR", FALSE);
  assert_aim ("]d1ABC", "DataMatrix", FALSE);
  assert_aim ("]C0RCPT0001", "Code 128", FALSE);
  assert_aim ("]A0CODE39", "Code 39", FALSE);
  assert_aim ("]I112345678", "ITF", FALSE);
  assert_aim ("]L2PDF", "PDF417", FALSE);
  assert_aim ("]h0汉信", "Han Xin", FALSE);
}

static void
test_aim_identifier_alone_is_parsed (void)
{
  MposAimId id;

  g_assert_true (mpos_aim_parse ("]E0", 3, &id));
  g_assert_cmpstr (id.symbology, ==, "EAN-13");
}

static void
test_aim_not_an_identifier (void)
{
  MposAimId id = { 0 };

  g_assert_false (mpos_aim_parse ("6901234567892", 13, &id));
  g_assert_false (mpos_aim_parse ("]", 1, &id));
  g_assert_false (mpos_aim_parse ("]E", 2, &id));
  g_assert_false (mpos_aim_parse ("]E-123", 6, &id)); /* modifier not alphanumeric */
  g_assert_false (mpos_aim_parse ("]W0123", 6, &id)); /* W is no symbology */
  g_assert_false (mpos_aim_parse ("]Ea123", 6, &id)); /* lower-case modifier */
  g_assert_false (mpos_aim_parse ("", 0, &id));
  g_assert_false (mpos_aim_parse (NULL, 0, &id));
  /* length counts, not the NUL */
  g_assert_false (mpos_aim_parse ("]E0", 2, &id));
  g_assert_null (id.symbology);
}

static void
test_aim_symbology_lookup (void)
{
  g_assert_cmpstr (mpos_aim_symbology ('E', '4'), ==, "EAN-8");
  g_assert_cmpstr (mpos_aim_symbology ('E', '7'), ==, "EAN/UPC");
  g_assert_cmpstr (mpos_aim_symbology ('Q', '1'), ==, "QR");
  g_assert_null (mpos_aim_symbology ('W', '0'));
  g_assert_null (mpos_aim_symbology ('E', '!'));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/aim/ean-family-by-modifier", test_aim_ean_family_by_modifier);
  g_test_add_func ("/aim/gs1-symbologies", test_aim_gs1_symbologies);
  g_test_add_func ("/aim/other-symbologies", test_aim_other_symbologies);
  g_test_add_func ("/aim/identifier-alone-is-parsed", test_aim_identifier_alone_is_parsed);
  g_test_add_func ("/aim/not-an-identifier", test_aim_not_an_identifier);
  g_test_add_func ("/aim/symbology-lookup", test_aim_symbology_lookup);
  return g_test_run ();
}
