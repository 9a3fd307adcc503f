/* test-msr.c — tests for drivers/msr.c: keyboard-style magnetic stripe
 * swipes (bank and member cards), unreadable tracks, and garbage; and that
 * no error message ever carries the card number. */
#include <glib.h>
#include <string.h>

#include "mask.h"
#include "msr.h"

static MposMsrCard *
parse_ok (const char *swipe)
{
  g_autoptr (GError) error = NULL;
  MposMsrCard *card = mpos_msr_parse (swipe, strlen (swipe), &error);

  g_assert_no_error (error);
  g_assert_nonnull (card);
  return card;
}

static void
assert_fails (const char *swipe, gsize length, MposMsrError expected)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposMsrCard) card = mpos_msr_parse (swipe, length, &error);

  g_assert_null (card);
  g_assert_error (error, MPOS_MSR_ERROR, (gint)expected);
  g_assert_null (strstr (error->message, "8800"));
  g_assert_null (strstr (error->message, "6222"));
}

static void
test_msr_bank_card_both_tracks (void)
{
  g_autoptr (MposMsrCard) card = parse_ok ("%B6222021234567890^ZHANG/WEI^29121010000000000000?"
                                           ";6222021234567890=29121010000000000?\n");

  g_assert_cmpstr (card->number, ==, "6222021234567890");
  g_assert_cmpstr (card->track1, ==, "B6222021234567890^ZHANG/WEI^29121010000000000000");
  g_assert_cmpstr (card->track2, ==, "6222021234567890=29121010000000000");
  g_assert_null (card->track3);
  g_assert_cmpuint (card->unreadable, ==, 0);
}

static void
test_msr_member_card_track2_only (void)
{
  g_autoptr (MposMsrCard) card = parse_ok (";8800000000017?");

  g_assert_cmpstr (card->number, ==, "8800000000017");
  g_assert_null (card->track1);
}

static void
test_msr_member_card_track1_digits_only (void)
{
  g_autoptr (MposMsrCard) card = parse_ok ("%8800000000017?\r\n");

  g_assert_cmpstr (card->number, ==, "8800000000017");
}

static void
test_msr_unreadable_track2_falls_back_to_track1 (void)
{
  g_autoptr (MposMsrCard) card = parse_ok ("%B8800000000017^MEMBER^?;E?");

  g_assert_cmpstr (card->number, ==, "8800000000017");
  g_assert_null (card->track2);
  g_assert_cmpuint (card->unreadable, ==, 1);
}

static void
test_msr_unreadable_track1_uses_track2 (void)
{
  g_autoptr (MposMsrCard) card = parse_ok ("%E?;8800000000022=2912?;E?");

  g_assert_cmpstr (card->number, ==, "8800000000022");
  g_assert_cmpuint (card->unreadable, ==, 2);
}

static void
test_msr_three_tracks (void)
{
  g_autoptr (MposMsrCard) card
      = parse_ok ("%B6222021234567890^LI/NA^2912?;6222021234567890=2912?;0112345678901234?");

  g_assert_cmpstr (card->track3, ==, "0112345678901234");
  g_assert_cmpstr (card->number, ==, "6222021234567890");
}

static void
test_msr_all_tracks_unreadable (void)
{
  assert_fails ("%E?;E?", 6, MPOS_MSR_ERROR_UNREADABLE);
  assert_fails ("E", 1, MPOS_MSR_ERROR_UNREADABLE);
  assert_fails ("E?", 2, MPOS_MSR_ERROR_UNREADABLE);
  assert_fails (";E?\r\n", 5, MPOS_MSR_ERROR_UNREADABLE);
}

static void
test_msr_tracks_without_number (void)
{
  assert_fails ("%BHELLO^WORLD?", 14, MPOS_MSR_ERROR_NO_NUMBER);
  assert_fails (";12=34?", 7, MPOS_MSR_ERROR_NO_NUMBER); /* too short for a card number */
}

static void
test_msr_garbage (void)
{
  assert_fails ("", 0, MPOS_MSR_ERROR_MALFORMED);
  assert_fails ("hello", 5, MPOS_MSR_ERROR_MALFORMED);
  assert_fails (";8800000000017", 14, MPOS_MSR_ERROR_MALFORMED);       /* cut off */
  assert_fails ("%B8800000000017^NAME", 20, MPOS_MSR_ERROR_MALFORMED); /* no end sentinel */
  assert_fails (";88000000A0017?", 15, MPOS_MSR_ERROR_MALFORMED);      /* letter in track 2 */
  assert_fails ("%b8800?", 7, MPOS_MSR_ERROR_MALFORMED);               /* lower case in track 1 */
  assert_fails (";8800000000017?X", 16, MPOS_MSR_ERROR_MALFORMED);     /* an LRC is not sent */
  assert_fails ("\xff\xfe;1?", 5, MPOS_MSR_ERROR_MALFORMED);
  assert_fails ("\r\n", 2, MPOS_MSR_ERROR_MALFORMED);
}

static void
test_msr_embedded_nul_is_garbage (void)
{
  static const char swipe[] = ";8800000\0000017?";

  assert_fails (swipe, sizeof swipe - 1, MPOS_MSR_ERROR_MALFORMED);
}

static void
test_msr_overlong_track (void)
{
  g_autoptr (GString) swipe = g_string_new (";");

  for (int i = 0; i < 41; i++)
    g_string_append_c (swipe, '1');
  g_string_append_c (swipe, '?');
  assert_fails (swipe->str, swipe->len, MPOS_MSR_ERROR_MALFORMED);
}

static void
test_msr_is_swipe (void)
{
  g_assert_true (mpos_msr_is_swipe ("%B1?", 4));
  g_assert_true (mpos_msr_is_swipe (";1?", 3));
  g_assert_true (mpos_msr_is_swipe ("E", 1));
  g_assert_true (mpos_msr_is_swipe ("E?", 2));
  g_assert_false (mpos_msr_is_swipe ("8800000000017", 13));
  g_assert_false (mpos_msr_is_swipe ("EAN", 3));
  g_assert_false (mpos_msr_is_swipe ("", 0));
}

static void
test_msr_number_is_shown_masked (void)
{
  g_autoptr (MposMsrCard) card = parse_ok (";8800000000017?");
  g_autofree char *masked = mpos_mask_card (card->number);

  /* the core's mask (src/member.c): first and last four digits only */
  g_assert_true (g_str_has_prefix (masked, "8800****"));
  g_assert_true (g_str_has_suffix (masked, "****0017"));
  g_assert_null (strstr (masked, "00000"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/msr/bank-card-both-tracks", test_msr_bank_card_both_tracks);
  g_test_add_func ("/msr/member-card-track2-only", test_msr_member_card_track2_only);
  g_test_add_func ("/msr/member-card-track1-digits-only", test_msr_member_card_track1_digits_only);
  g_test_add_func ("/msr/unreadable-track2-falls-back-to-track1",
                   test_msr_unreadable_track2_falls_back_to_track1);
  g_test_add_func ("/msr/unreadable-track1-uses-track2", test_msr_unreadable_track1_uses_track2);
  g_test_add_func ("/msr/three-tracks", test_msr_three_tracks);
  g_test_add_func ("/msr/all-tracks-unreadable", test_msr_all_tracks_unreadable);
  g_test_add_func ("/msr/tracks-without-number", test_msr_tracks_without_number);
  g_test_add_func ("/msr/garbage", test_msr_garbage);
  g_test_add_func ("/msr/embedded-nul-is-garbage", test_msr_embedded_nul_is_garbage);
  g_test_add_func ("/msr/overlong-track", test_msr_overlong_track);
  g_test_add_func ("/msr/is-swipe", test_msr_is_swipe);
  g_test_add_func ("/msr/number-is-shown-masked", test_msr_number_is_shown_masked);
  return g_test_run ();
}
