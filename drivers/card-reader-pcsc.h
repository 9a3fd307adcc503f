/* card-reader-pcsc.h — IC and contactless member cards through pcsc-lite.
 * A worker thread waits for a card (SCardGetStatusChange), reads its UID and
 * the member-card number, and posts the result to the main context; a card
 * taken away mid-read gives a clear "error" event, a reader (or pcscd) that
 * goes away gives the "offline" status, and it comes back by itself.
 *
 * The member card (MIFARE Classic 1K, read through the reader's PC/SC 2.01
 * part 3 pseudo-APDUs):
 *   GET DATA (UID)        FF CA 00 00 00
 *   LOAD KEY              FF 82 00 00 06 <key A, 6 bytes>   (volatile slot 0)
 *   GENERAL AUTHENTICATE  FF 86 00 00 05 01 00 04 60 00     (block 4, key A, slot 0)
 *   READ BINARY           FF B0 00 04 10                    (16 bytes of block 4)
 * Block 4 (the first block of sector 1) holds the 13-digit card number in
 * ASCII in bytes 0…12; bytes 13…15 are 0x00. Key A is the store's own and
 * has no default: cards left on the transport key FF FF FF FF FF FF can be
 * written by anyone, so a store must say which key its cards carry. */
#pragma once

#include "card-reader.h"

G_BEGIN_DECLS

#define MPOS_MEMBER_CARD_BLOCK 4
#define MPOS_MEMBER_CARD_DIGITS 13
#define MPOS_MEMBER_CARD_KEY_LENGTH 6

#define MPOS_TYPE_CARD_READER_PCSC (mpos_card_reader_pcsc_get_type ())
G_DECLARE_FINAL_TYPE (MposCardReaderPcsc, mpos_card_reader_pcsc, MPOS, CARD_READER_PCSC,
                      MposCardReader)

/* reader: a part of the PC/SC reader name ("ACR122", "Virtual PCD 00 00"),
 * or NULL for the first reader; key: key A of the member sector (copied). */
MposCardReader *mpos_card_reader_pcsc_new (const char *name, const char *reader,
                                           const guint8 key[MPOS_MEMBER_CARD_KEY_LENGTH]);

/* The card number in a member-card block; NULL (MPOS_DEVICE_ERROR_PROTOCOL)
 * when the block does not hold one. */
char *mpos_member_block_parse (const guint8 *block, gsize length, GError **error);

G_END_DECLS
