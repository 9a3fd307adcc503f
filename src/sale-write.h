/* sale-write.h — the inserts a sale and a return share: header, lines
 * (with their adjustments and loyalty shares), tenders, stock, and the closing audit + journal pair. Only
 * sale.c and sale-return.c use it, inside their one transaction. */
#pragma once

#include "sale-record.h"
#include "store-private.h"

G_BEGIN_DECLS


/* A new id and the next receipt number of the business day of `now`. */
gboolean mpos_sale_number (MposStore *store, int64_t now, MposSaleResult *result, char **day_out,
                           GError **error);

gboolean mpos_sale_insert_header (MposStore *store, const MposSaleRecord *header, GError **error);
/* All the lines of the sale just inserted (MposSaleLine*, with their
 * adjustments and loyalty shares), written once onto its row. */
gboolean mpos_sale_write_lines (MposStore *store, const char *sale_id, const GPtrArray *lines,
                                GError **error);
/* A stock movement per line (qty × sign: -1 sold, +1 returned), left for
 * the next fold (src/stock.h). */
gboolean mpos_sale_move_stock (MposStore *store, const char *sale_id, const GPtrArray *lines,
                               int sign, const char *reason, int64_t now, GError **error);

/* A return decides its refunds after its loyalty (a deduction for points
 * already spent): its tenders, tendered and points_deduction, written onto
 * the row inserted without them. */
gboolean mpos_sale_set_tenders (MposStore *store, const MposSaleRecord *record, GError **error);

/* The header carries its tenders (record->tenders); this appends one to a
 * sale already written (a return approved later). */
gboolean mpos_sale_add_tender (MposStore *store, const char *sale_id, int seq,
                               const MposTender *tender, int original_seq, GError **error);

/* The centre's view of a sale or return (its journal payload), written
 * onto `out` without the closing "}" (journal-read.c adds the chain head):
 * its record (sale-json.h), then its gift card, loyalty and coupon rows.
 * The members it names are added to `member_ids` (gint64; NULL: not
 * wanted), so the sync client sends their profiles (sync-profiles.h)
 * without reading the text back. */
gboolean mpos_sale_payload_write (MposStore *store, const char *sale_id, GString *out,
                                  GArray *member_ids, GError **error);

/* The same as a tree, closed. */
cJSON *mpos_sale_journal_json (MposStore *store, const char *sale_id, GError **error);

/* Seals the sale or return just written in the hash chain (src/row-chain.h),
 * adds it to the report summaries once completed (report-summary.h), then
 * its audit + journal entry: the audit names `actor` and the supervisor who
 * approved a change on it (approved_by; NULL: none). */
gboolean mpos_sale_finish (MposStore *store, const char *sale_id, const char *action,
                           const char *actor, const char *approved_by, int64_t now,
                           MposSaleResult *result, GError **error);

G_END_DECLS
