/* card-reader-wedge.h — magnetic stripe readers that type like a keyboard:
 * a swipe arrives as fast key events ("%B8800…^ZHANG/WEI^?" Enter
 * ";8800…=2912?" Enter, or both tracks before one Enter) on the reader's
 * /dev/input/eventN, grabbed exclusively so it never types into a field.
 * The keyboard-wedge scanner's rule (scanner-wedge.h) tells a swipe from
 * typing: at most inter_key_ms (30 unless devices.ini says otherwise)
 * between keys, across the Enter after each track, and at least 3 keys
 * (";E?"). The tracks go to the MSR parser; an unreadable swipe (track "E")
 * or anything else that is no swipe becomes an "error" naming the reader. */
#pragma once

#include "card-reader.h"

G_BEGIN_DECLS

#define MPOS_TYPE_CARD_READER_WEDGE (mpos_card_reader_wedge_get_type ())
G_DECLARE_FINAL_TYPE (MposCardReaderWedge, mpos_card_reader_wedge, MPOS, CARD_READER_WEDGE,
                      MposCardReader)

/* By path (/dev/input/by-id/…-event-kbd), or when path is NULL by USB
 * vendor/product id, looked up in /sys/class/input on open. */
MposCardReader *mpos_card_reader_wedge_new (const char *name, const char *path, guint16 vendor_id,
                                            guint16 product_id);
/* Reads struct input_event records from an fd it takes over, without grab:
 * recorded swipes in tests and demos. */
MposCardReader *mpos_card_reader_wedge_new_for_fd (const char *name, int fd);

G_END_DECLS
