/* mask.h — how a card number or phone is shown where a full one must never
 * appear (receipts, logs, device traces): the middle replaced by '*'. In
 * the base library, so drivers mask what they read without the core. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* `text` with all but its first `keep_front` and last `keep_back`
 * characters as '*' (all '*' when it is that short). Newly allocated. */
char *mpos_mask_middle (const char *text, gsize keep_front, gsize keep_back);
/* "8800****0017". */
char *mpos_mask_card (const char *card_no);
/* "138****8000". */
char *mpos_mask_phone (const char *phone);

G_END_DECLS
