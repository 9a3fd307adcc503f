/* mpos-number-pad.h — the on-screen pad of a touch-only till: wherever a
 * number is typed (quantity, price, discount, cash tendered, a staff
 * number, a PIN) the panel carries one, so a counter without a keyboard
 * works as well as one with. The pad types into the field of its own that
 * last had the cursor (the first tracked one until then); OK activates that
 * field, as Enter would. Its buttons never take the cursor. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MPOS_TYPE_NUMBER_PAD (mpos_number_pad_get_type ())
G_DECLARE_FINAL_TYPE (MposNumberPad, mpos_number_pad, MPOS, NUMBER_PAD, GtkGrid)

/* The pad types into `field` (a GtkEditable: entry or password entry) when
 * it has had the cursor last. */
void mpos_number_pad_track (MposNumberPad *self, GtkWidget *field);

G_END_DECLS
