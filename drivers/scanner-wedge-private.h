/* scanner-wedge-private.h — the keyboard-wedge device that the wedge scanner
 * (scanner-wedge.c) and the magnetic stripe reader that types
 * (card-reader-wedge.c) share: the evdev node (by path or USB id, grabbed so
 * nothing types into the desktop), events read on the main loop into an
 * MposWedgeAssembler, the quiet timer that ends a burst, rejected bursts
 * reported naming the device, and reconnecting after an unplug. A class
 * gets the open … close steps from mpos_wedge_class_init; each instance
 * attaches its wedge in its init and says what a finished read becomes. */
#pragma once

#include "device-config.h"
#include "scanner-wedge.h"

G_BEGIN_DECLS

/* A finished read: the text the device typed, terminators removed (with
 * multi_line, "\n" between its lines). */
typedef void (*MposWedgeReadFunc) (MposDevice *device, const char *text, gsize length);

/* Fills open, claim, enable, disable, release, close and reconnect. */
void mpos_wedge_class_init (MposDeviceClass *klass);
/* Attaches the wedge to device (freed with it), with its default rules. */
void mpos_wedge_attach (MposDevice *device, const MposWedgeRules *rules, MposWedgeReadFunc read);

/* A wedge device of `type` (whose init attached the wedge) on the event
 * node by path, or when path is NULL by USB id (described as
 * "evdev /dev/input/…" or "evdev usb 0c2e:0b61"). */
MposDevice *mpos_wedge_new (GType type, MposDeviceCategory category, const char *name,
                            const char *path, guint16 vendor_id, guint16 product_id);
/* The same on a recorded stream on fd, taken over: no node, no grab, no
 * reconnect. */
MposDevice *mpos_wedge_new_for_fd (GType type, MposDeviceCategory category, const char *name,
                                   int fd);
/* Zero inter_key_ms and min_length take the defaults (30 ms, 4 keys). */
void mpos_wedge_set_rules (MposDevice *device, const MposWedgeRules *rules);
void mpos_wedge_set_grab (MposDevice *device, gboolean grab);

/* The devices.ini options of a wedge device: inter_key_timeout_ms (5…1000),
 * keymap (us) and grab (true/false). */
gboolean mpos_wedge_configure (MposDevice *device, const MposDeviceEntry *entry, GError **error);

G_END_DECLS
