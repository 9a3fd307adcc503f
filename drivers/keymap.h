/* keymap.h — evdev key codes (linux/input-event-codes.h) to characters for
 * the US key map, the layout every keyboard-wedge scanner is set to. Used by
 * the wedge scanner, which reads raw key events from a grabbed device, so the
 * host's own layout and Caps Lock never change what a scan says. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  MPOS_KEYMAP_SHIFT = 1 << 0,
  MPOS_KEYMAP_CTRL = 1 << 1,
} MposKeymapModifiers;

/* The character a key press gives with these modifiers held, or 0 when the
 * key gives none (function keys, arrows, modifiers themselves). Enter gives
 * '\n', Tab '\t'; Ctrl+letter and Ctrl+] give control codes (GS1 scanners
 * send the group separator 0x1D as Ctrl+]). */
gunichar mpos_keymap_translate (guint code, MposKeymapModifiers modifiers);

/* The modifier a key is, or 0. */
MposKeymapModifiers mpos_keymap_modifier (guint code);

G_END_DECLS
