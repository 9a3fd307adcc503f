/* card-reader.h — MposCardReader, the member/bank card reader device: a
 * card read (magnetic stripe swipe, IC or contactless card) becomes one
 * "data" event of kind MPOS_DEVICE_DATA_CARD whose text is the card number,
 * which goes to member lookup. The number is never logged in full: traces
 * show it masked (8800****0017). */
#pragma once

#include "device.h"

G_BEGIN_DECLS

#define MPOS_TYPE_CARD_READER (mpos_card_reader_get_type ())
G_DECLARE_DERIVABLE_TYPE (MposCardReader, mpos_card_reader, MPOS, CARD_READER, MposDevice)

struct _MposCardReaderClass
{
  MposDeviceClass parent_class;

  gpointer padding[4];
};

/* For backends. Emits "data" with the card number (and raw track 2 of a
 * swipe when there is one). */
void mpos_card_reader_deliver (MposCardReader *self, const char *number, const char *track2);
/* For backends that read the card itself (PC/SC): "data" with chip TRUE,
 * which the member's proof accepts (a swipe or typed number never is). */
void mpos_card_reader_deliver_chip (MposCardReader *self, const char *number);
/* The tracks of a keyboard-style swipe ("%B…?;…?", CR/LF between tracks
 * allowed), parsed with the MSR parser; a bad swipe becomes an "error"
 * event naming the reader that says what to do (swipe again). */
void mpos_card_reader_deliver_tracks (MposCardReader *self, const char *text, gsize length);
/* A swipe as above, or a card number typed as digits. Errors (events) name
 * the reader: mpos_device_report. */
void mpos_card_reader_deliver_swipe (MposCardReader *self, const char *text, gsize length);

/* devices.ini (built by device-registry.c): backends pcsc, evdev and
 * virtual (whose line "chip NUMBER" stands for a chip read, as a PC/SC
 * reader gives: for tests and demos). A [cardN] group with backend
 * pcsc takes reader= (part of the PC/SC reader name) and key= (key A of the
 * member sector, 12 hex digits; required, there is no default); an evdev one (a magnetic stripe reader
 * that types) port= or vendor_id/product_id, and inter_key_timeout_ms,
 * grab and keymap as a keyboard-wedge scanner; a virtual one reads its
 * port= Unix socket, or stdin when none is given. */

G_END_DECLS
