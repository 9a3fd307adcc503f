/* test-keymap.c — tests for drivers/keymap.c: the US key map a wedge
 * scanner types with, with and without Shift and Ctrl. */
#include <glib.h>
#include <linux/input-event-codes.h>

#include "keymap.h"

static void
test_keymap_digits_plain_and_shifted (void)
{
  static const guint codes[]
      = { KEY_1, KEY_2, KEY_3, KEY_4, KEY_5, KEY_6, KEY_7, KEY_8, KEY_9, KEY_0 };
  const char *plain = "1234567890", *shifted = "!@#$%^&*()";

  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      g_assert_cmpuint (mpos_keymap_translate (codes[i], 0), ==, (gunichar)plain[i]);
      g_assert_cmpuint (mpos_keymap_translate (codes[i], MPOS_KEYMAP_SHIFT), ==,
                        (gunichar)shifted[i]);
    }
}

static void
test_keymap_letters_follow_shift (void)
{
  g_assert_cmpuint (mpos_keymap_translate (KEY_A, 0), ==, 'a');
  g_assert_cmpuint (mpos_keymap_translate (KEY_A, MPOS_KEYMAP_SHIFT), ==, 'A');
  g_assert_cmpuint (mpos_keymap_translate (KEY_Q, 0), ==, 'q');
  g_assert_cmpuint (mpos_keymap_translate (KEY_Z, MPOS_KEYMAP_SHIFT), ==, 'Z');
  g_assert_cmpuint (mpos_keymap_translate (KEY_M, 0), ==, 'm');
}

static void
test_keymap_symbols_of_the_us_layout (void)
{
  g_assert_cmpuint (mpos_keymap_translate (KEY_MINUS, 0), ==, '-');
  g_assert_cmpuint (mpos_keymap_translate (KEY_MINUS, MPOS_KEYMAP_SHIFT), ==, '_');
  g_assert_cmpuint (mpos_keymap_translate (KEY_EQUAL, MPOS_KEYMAP_SHIFT), ==, '+');
  g_assert_cmpuint (mpos_keymap_translate (KEY_RIGHTBRACE, 0), ==, ']');
  g_assert_cmpuint (mpos_keymap_translate (KEY_SEMICOLON, 0), ==, ';');
  g_assert_cmpuint (mpos_keymap_translate (KEY_SEMICOLON, MPOS_KEYMAP_SHIFT), ==, ':');
  g_assert_cmpuint (mpos_keymap_translate (KEY_APOSTROPHE, MPOS_KEYMAP_SHIFT), ==, '"');
  g_assert_cmpuint (mpos_keymap_translate (KEY_SLASH, MPOS_KEYMAP_SHIFT), ==, '?');
  g_assert_cmpuint (mpos_keymap_translate (KEY_5, MPOS_KEYMAP_SHIFT), ==, '%');
  g_assert_cmpuint (mpos_keymap_translate (KEY_6, MPOS_KEYMAP_SHIFT), ==, '^');
  g_assert_cmpuint (mpos_keymap_translate (KEY_DOT, 0), ==, '.');
  g_assert_cmpuint (mpos_keymap_translate (KEY_SPACE, 0), ==, ' ');
}

static void
test_keymap_keypad_gives_digits (void)
{
  g_assert_cmpuint (mpos_keymap_translate (KEY_KP0, 0), ==, '0');
  g_assert_cmpuint (mpos_keymap_translate (KEY_KP9, MPOS_KEYMAP_SHIFT), ==, '9');
  g_assert_cmpuint (mpos_keymap_translate (KEY_KPENTER, 0), ==, '\n');
}

static void
test_keymap_terminators_and_control (void)
{
  g_assert_cmpuint (mpos_keymap_translate (KEY_ENTER, 0), ==, '\n');
  g_assert_cmpuint (mpos_keymap_translate (KEY_TAB, MPOS_KEYMAP_SHIFT), ==, '\t');
  /* GS1 scanners send the group separator as Ctrl+] */
  g_assert_cmpuint (mpos_keymap_translate (KEY_RIGHTBRACE, MPOS_KEYMAP_CTRL), ==, 0x1D);
  g_assert_cmpuint (mpos_keymap_translate (KEY_D, MPOS_KEYMAP_CTRL), ==, 0x04);
}

static void
test_keymap_keys_without_characters (void)
{
  g_assert_cmpuint (mpos_keymap_translate (KEY_F1, 0), ==, 0);
  g_assert_cmpuint (mpos_keymap_translate (KEY_LEFTSHIFT, 0), ==, 0);
  g_assert_cmpuint (mpos_keymap_translate (KEY_ESC, 0), ==, 0);
  g_assert_cmpuint (mpos_keymap_translate (KEY_UP, 0), ==, 0);
  g_assert_cmpuint (mpos_keymap_translate (KEY_MAX, 0), ==, 0);
  g_assert_cmpuint (mpos_keymap_translate (100000, 0), ==, 0);
}

static void
test_keymap_modifier_keys (void)
{
  g_assert_cmpint (mpos_keymap_modifier (KEY_LEFTSHIFT), ==, MPOS_KEYMAP_SHIFT);
  g_assert_cmpint (mpos_keymap_modifier (KEY_RIGHTSHIFT), ==, MPOS_KEYMAP_SHIFT);
  g_assert_cmpint (mpos_keymap_modifier (KEY_LEFTCTRL), ==, MPOS_KEYMAP_CTRL);
  g_assert_cmpint (mpos_keymap_modifier (KEY_A), ==, 0);
  g_assert_cmpint (mpos_keymap_modifier (KEY_CAPSLOCK), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/keymap/digits-plain-and-shifted", test_keymap_digits_plain_and_shifted);
  g_test_add_func ("/keymap/letters-follow-shift", test_keymap_letters_follow_shift);
  g_test_add_func ("/keymap/symbols-of-the-us-layout", test_keymap_symbols_of_the_us_layout);
  g_test_add_func ("/keymap/keypad-gives-digits", test_keymap_keypad_gives_digits);
  g_test_add_func ("/keymap/terminators-and-control", test_keymap_terminators_and_control);
  g_test_add_func ("/keymap/keys-without-characters", test_keymap_keys_without_characters);
  g_test_add_func ("/keymap/modifier-keys", test_keymap_modifier_keys);
  return g_test_run ();
}
