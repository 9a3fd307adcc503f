/* mpos-key-burst.h — telling a keyboard-wedge scanner from a person typing. A
 * wedge scanner types a whole code in a burst (a few ms between keys) and
 * ends it with Enter; a person types far slower. The window feeds every key
 * here before any widget sees it (a key controller in the capture phase):
 * printable keys are held back until it is clear which it is. A burst that
 * ends in Enter becomes one "scan"; anything else is handed back as "typed"
 * text for the focused field, so a scan never types into a text field and
 * typing is never lost. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* A scanner's keys come at most this far apart (ms); people type slower. */
#define MPOS_KEY_BURST_MAX_GAP_MS 30
/* The shortest code a burst must hold to count as a scan. */
#define MPOS_KEY_BURST_MIN_LENGTH 4

#define MPOS_TYPE_KEY_BURST (mpos_key_burst_get_type ())
G_DECLARE_FINAL_TYPE (MposKeyBurst, mpos_key_burst, MPOS, KEY_BURST, GObject)

/* Signals: "scan" (const char *code), "typed" (const char *text). */
MposKeyBurst *mpos_key_burst_new (void);

/* A key press at `time_ms` (the event's time). `unicode` is the character
 * it types (0 for none), `modified` whether Ctrl/Alt/Super is held. TRUE
 * when the key is taken (held or part of a scan): the caller stops it. */
gboolean mpos_key_burst_key (MposKeyBurst *self, guint32 unicode, gboolean is_enter,
                             gboolean modified, guint32 time_ms);

/* Hands back what is held as "typed" now (focus moves, a timeout). */
void mpos_key_burst_flush (MposKeyBurst *self);

G_END_DECLS
