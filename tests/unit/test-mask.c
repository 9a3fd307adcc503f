/* test-mask.c — the one masking rule (src/mask.c): at most four shown at
 * each end, never fewer than four (or a third) hidden. */
#include "mask.h"

static void
check (const char *text, guint front, guint back, const char *want)
{
  g_autofree char *got = mpos_mask (text, front, back);

  g_assert_cmpstr (got, ==, want);
}

static void
test_mask_card_phone_serial_uid (void)
{
  check ("8800000000017", 4, 4, "8800*****0017");   /* member card */
  check ("13812345678", 3, 4, "138****5678");       /* phone */
  check ("GC2026000000001234", 4, 4, "GC20**********1234"); /* gift card serial */
  check ("04A2246B", 4, 4, "04****6B");             /* 4-byte card UID */
  check ("04A2246B1C2D80", 4, 4, "04A2******2D80"); /* 7-byte card UID */
}

static void
test_mask_never_shows_more_than_four_each_end (void)
{
  check ("62220212345678901234", 8, 8, "6222************1234");
}

static void
test_mask_short_text_hides_at_least_four (void)
{
  check ("123456", 4, 4, "1****6");
  check ("1234", 4, 4, "****");
  check ("12", 1, 1, "**");
  check ("", 4, 4, "");
  check (NULL, 4, 4, "");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/mask/card-phone-serial-uid", test_mask_card_phone_serial_uid);
  g_test_add_func ("/mask/never-shows-more-than-four-each-end",
                   test_mask_never_shows_more_than_four_each_end);
  g_test_add_func ("/mask/short-text-hides-at-least-four", test_mask_short_text_hides_at_least_four);
  return g_test_run ();
}
