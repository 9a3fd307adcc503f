/* mask.h — the one rule every masked identifier follows (card numbers,
 * phones, card UIDs, gift card serials): at most the first four and the
 * last four characters are shown, and never so many that fewer than four,
 * or fewer than a third, stay hidden. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* `text` with its middle replaced by '*': `front` characters kept at the
 * start and `back` at the end (each at most 4), fewer when the text is too
 * short to hide enough. NULL gives "". Newly allocated. */
char *mpos_mask (const char *text, guint front, guint back);
/* A card number: "8800****0017". */
char *mpos_mask_card (const char *card_no);
/* A phone: "138****8000". */
char *mpos_mask_phone (const char *phone);

G_END_DECLS
