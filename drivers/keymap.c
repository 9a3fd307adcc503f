/* keymap.c — the US key map as a table from evdev key code to the character
 * without and with Shift. Keypad keys give their digits whatever Num Lock
 * says: scanners that "type" on the keypad mean the digit. */
#include "keymap.h"

#include <linux/input-event-codes.h>

typedef struct
{
  char plain;
  char shifted;
} KeyChars;

static const KeyChars us_keys[KEY_KPSLASH + 1] = {
  [KEY_1] = { '1', '!' },           [KEY_2] = { '2', '@' },
  [KEY_3] = { '3', '#' },           [KEY_4] = { '4', '$' },
  [KEY_5] = { '5', '%' },           [KEY_6] = { '6', '^' },
  [KEY_7] = { '7', '&' },           [KEY_8] = { '8', '*' },
  [KEY_9] = { '9', '(' },           [KEY_0] = { '0', ')' },
  [KEY_MINUS] = { '-', '_' },       [KEY_EQUAL] = { '=', '+' },
  [KEY_TAB] = { '\t', '\t' },       [KEY_Q] = { 'q', 'Q' },
  [KEY_W] = { 'w', 'W' },           [KEY_E] = { 'e', 'E' },
  [KEY_R] = { 'r', 'R' },           [KEY_T] = { 't', 'T' },
  [KEY_Y] = { 'y', 'Y' },           [KEY_U] = { 'u', 'U' },
  [KEY_I] = { 'i', 'I' },           [KEY_O] = { 'o', 'O' },
  [KEY_P] = { 'p', 'P' },           [KEY_LEFTBRACE] = { '[', '{' },
  [KEY_RIGHTBRACE] = { ']', '}' },  [KEY_ENTER] = { '\n', '\n' },
  [KEY_A] = { 'a', 'A' },           [KEY_S] = { 's', 'S' },
  [KEY_D] = { 'd', 'D' },           [KEY_F] = { 'f', 'F' },
  [KEY_G] = { 'g', 'G' },           [KEY_H] = { 'h', 'H' },
  [KEY_J] = { 'j', 'J' },           [KEY_K] = { 'k', 'K' },
  [KEY_L] = { 'l', 'L' },           [KEY_SEMICOLON] = { ';', ':' },
  [KEY_APOSTROPHE] = { '\'', '"' }, [KEY_GRAVE] = { '`', '~' },
  [KEY_BACKSLASH] = { '\\', '|' },  [KEY_Z] = { 'z', 'Z' },
  [KEY_X] = { 'x', 'X' },           [KEY_C] = { 'c', 'C' },
  [KEY_V] = { 'v', 'V' },           [KEY_B] = { 'b', 'B' },
  [KEY_N] = { 'n', 'N' },           [KEY_M] = { 'm', 'M' },
  [KEY_COMMA] = { ',', '<' },       [KEY_DOT] = { '.', '>' },
  [KEY_SLASH] = { '/', '?' },       [KEY_KPASTERISK] = { '*', '*' },
  [KEY_SPACE] = { ' ', ' ' },       [KEY_KP7] = { '7', '7' },
  [KEY_KP8] = { '8', '8' },         [KEY_KP9] = { '9', '9' },
  [KEY_KPMINUS] = { '-', '-' },     [KEY_KP4] = { '4', '4' },
  [KEY_KP5] = { '5', '5' },         [KEY_KP6] = { '6', '6' },
  [KEY_KPPLUS] = { '+', '+' },      [KEY_KP1] = { '1', '1' },
  [KEY_KP2] = { '2', '2' },         [KEY_KP3] = { '3', '3' },
  [KEY_KP0] = { '0', '0' },         [KEY_KPDOT] = { '.', '.' },
  [KEY_KPENTER] = { '\n', '\n' },   [KEY_KPSLASH] = { '/', '/' },
};

MposKeymapModifiers
mpos_keymap_modifier (guint code)
{
  switch (code)
    {
    case KEY_LEFTSHIFT:
    case KEY_RIGHTSHIFT:
      return MPOS_KEYMAP_SHIFT;
    case KEY_LEFTCTRL:
    case KEY_RIGHTCTRL:
      return MPOS_KEYMAP_CTRL;
    default:
      return 0;
    }
}

/* Ctrl+@…Ctrl+_ give 0x00…0x1F, as a terminal does; only letters and
 * [ \ ] matter for scanners (GS = Ctrl+], RS = Ctrl+^ is Shift+6 and rare). */
static gunichar
control_char (char c)
{
  if (c >= 'a' && c <= 'z')
    return (gunichar)(c - 'a' + 1);
  if (c >= 'A' && c <= 'Z')
    return (gunichar)(c - 'A' + 1);
  switch (c)
    {
    case '[':
      return 0x1B;
    case '\\':
      return 0x1C;
    case ']':
      return 0x1D;
    case '^':
      return 0x1E;
    case '_':
      return 0x1F;
    default:
      return 0;
    }
}

gunichar
mpos_keymap_translate (guint code, MposKeymapModifiers modifiers)
{
  const KeyChars *key;
  char c;

  if (code >= G_N_ELEMENTS (us_keys))
    return 0;
  key = &us_keys[code];
  c = (modifiers & MPOS_KEYMAP_SHIFT) ? key->shifted : key->plain;
  if (c == 0)
    return 0;
  if (modifiers & MPOS_KEYMAP_CTRL)
    return control_char (c);
  return (gunichar)c;
}
