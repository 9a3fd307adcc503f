/* mpos-line-item.h — one line of the sale as the items list shows it: the
 * texts of a priced cart line, made once per change so the list's rows only
 * bind labels. A line whose texts change (a quantity, a discount spread
 * again over the lines) keeps its item: the item says "changed" and its row
 * sets its labels, where replacing the item would rebuild the row. */
#pragma once

#include <glib-object.h>
#include "cart.h"

G_BEGIN_DECLS

#define MPOS_TYPE_LINE_ITEM (mpos_line_item_get_type ())
G_DECLARE_FINAL_TYPE (MposLineItem, mpos_line_item, MPOS, LINE_ITEM, GObject)

MposLineItem *mpos_line_item_new (const MposCartLine *line);

guint mpos_line_item_get_line_no (MposLineItem *self);
const char *mpos_line_item_get_name (MposLineItem *self);
const char *mpos_line_item_get_qty (MposLineItem *self);        /* "×2", "0.512 kg" */
const char *mpos_line_item_get_unit_price (MposLineItem *self); /* "¥4.50", "¥25.80/kg" */
const char *mpos_line_item_get_discount (MposLineItem *self);   /* "-¥1.00 会员价", "" */
const char *mpos_line_item_get_total (MposLineItem *self);      /* "¥8.00" */
/* Takes the texts of `from` when they differ and emits "changed"; whether they did. */
gboolean mpos_line_item_update (MposLineItem *self, MposLineItem *from);

G_END_DECLS
