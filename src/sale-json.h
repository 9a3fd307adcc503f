/* sale-json.h — the one serialiser of a sale's or return's document
 * (header, lines with their adjustments, tenders; money as fen-exact
 * decimal strings), written straight onto a GString with json-out.h, no
 * cJSON tree in between. `mallposctl receipt --json` prints it
 * (mpos_sale_record_to_json), and a journal payload starts with it
 * (sale-write.c adds the loyalty, gift card and coupon rows; journal-read.c
 * the chain head). Keys, their order and absent values are a contract
 * (docs/design.md "read models"); a NULL text field is left out. */
#pragma once

#include <glib.h>
#include <cjson/cJSON.h>
#include "sale-record.h"

G_BEGIN_DECLS

/* "{" and the record's fields onto `out`, without the closing "}": the
 * caller may add fields of its own (",\"key\":value") before closing it. */
void mpos_sale_json_open (GString *out, const MposSaleRecord *record);

/* `"name":` for the next field of the object being written, after a
 * comma unless it is the object's first. */
void mpos_sale_json_key (GString *out, const char *name);

/* The document as a tree (`mallposctl receipt --json` prints it formatted). */
cJSON *mpos_sale_record_to_json (const MposSaleRecord *record);

G_END_DECLS
