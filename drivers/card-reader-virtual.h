/* card-reader-virtual.h — a card reader without hardware, fed like the
 * virtual scanner: one read per line, either a keyboard-style swipe
 * ("%B8800000000017^ZHANG/WEI^?;8800000000017=2912?", ";E?") or a card
 * number ("8800000000017"), from stdin, a Unix socket or an fd. */
#pragma once

#include "card-reader.h"

G_BEGIN_DECLS

#define MPOS_TYPE_CARD_READER_VIRTUAL (mpos_card_reader_virtual_get_type ())
G_DECLARE_FINAL_TYPE (MposCardReaderVirtual, mpos_card_reader_virtual, MPOS, CARD_READER_VIRTUAL,
                      MposCardReader)

/* source: "stdin" (or NULL), or "unix:PATH". */
MposCardReader *mpos_card_reader_virtual_new (const char *name, const char *source);
/* Reads lines from fd, which it takes over. */
MposCardReader *mpos_card_reader_virtual_new_for_fd (const char *name, int fd);

G_END_DECLS
