/* sale-row-json.h — a sale's lines and tenders as its row keeps them
 * (sales.lines, 0014; sales.tenders, 0012): compact JSON arrays, money in
 * fen as integers. The views sale_lines, line_adjustments, loyalty_lines
 * and tenders read them back. */
#pragma once

#include "sale-record.h"
#include "store-private.h"

G_BEGIN_DECLS

/* [[one array per line, its slots as sale-line-slots.h orders them], …] of
 * MposSaleLine*. */
char *mpos_sale_lines_json (const GPtrArray *lines);

/* [[one array per tender, slots as sale-line-slots.h orders them], …] of
 * MposSaleTender*; NULL when there are none. */
char *mpos_sale_tenders_json (const GPtrArray *tenders);

/* One tender's array onto `out`. */
void mpos_sale_tender_json (GString *out, int seq, const MposTender *tender, int original_seq);

/* The sale's lines (with adjustments and loyalty shares) and tenders, read
 * back from its row into `lines` (mpos_sale_lines_new) and `tenders`
 * (MposSaleTender*, the record's array). Nothing is added for a sale
 * without them. */
gboolean mpos_sale_read_lines (MposStore *store, const char *sale_id, GPtrArray *lines,
                               GError **error);
gboolean mpos_sale_read_tenders (MposStore *store, const char *sale_id, GPtrArray *tenders,
                                 GError **error);

G_END_DECLS
