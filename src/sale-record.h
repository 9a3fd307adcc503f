/* sale-record.h — a stored sale or return as read back (sale-record.c): its
 * header, lines (with their adjustments and loyalty shares) and tenders, the
 * one record receipts, returns, the summaries and the journal are made from.
 * Apart from sale.h (committing) so that the modules a sale commits through
 * (coupons, gift cards, loyalty, suspend, the summaries) can read it without
 * depending on the commit. */
#pragma once

#include <glib.h>
#include <stdint.h>
#include <cjson/cJSON.h>
#include "money.h"
#include "store.h"
#include "tender.h"

G_BEGIN_DECLS

#define MPOS_SALE_ERROR (mpos_sale_error_quark ())
GQuark mpos_sale_error_quark (void);

typedef enum
{
  MPOS_SALE_ERROR_NOT_FOUND,
  MPOS_SALE_ERROR_INVALID,          /* a return line/quantity that does not exist */
  MPOS_SALE_ERROR_ALREADY_RETURNED, /* nothing (more) to return on those lines */
  MPOS_SALE_ERROR_NEEDS_APPROVAL,
} MposSaleError;

typedef struct
{
  int seq;
  char *kind;
  char *source;
  char *label;
  MposMoney amount;
} MposSaleAdjustment;

/* A line's share of the sale's points burn, stored-value spend and points
 * earned (a return's: what it gives back, negative). */
typedef struct
{
  int64_t points_burnt;
  MposMoney points_value;
  MposMoney sv_principal;
  MposMoney sv_bonus;
  int64_t points_earned;
} MposLineLoyalty;

typedef struct
{
  int line_no;
  int64_t sku_id;
  char *code;
  char *name;
  gboolean weighed;
  int64_t qty;
  MposMoney unit_price;
  MposMoney gross;
  MposMoney net;
  MposMoney tax;
  int tax_rate_bp;
  int original_line_no; /* returns: the sold line, else 0 */
  GPtrArray *adjustments; /* of MposSaleAdjustment* */
  gboolean has_loyalty;   /* FALSE: the sale moved no points or stored value */
  MposLineLoyalty loyalty;
} MposSaleLine;

typedef struct
{
  int seq;
  MposTender *tender;
  int original_seq; /* refunds: the tender refunded, else 0 */
} MposSaleTender;

typedef struct
{
  char *id;
  char *receipt_no;
  char *kind;   /* "sale" or "return" */
  char *status; /* "completed" or "pending_approval" */
  char *original_sale_id;
  char *original_receipt_no;
  char *business_day;
  int64_t created_at;
  char *cashier;
  char *approved_by;
  int64_t member_id; /* 0: none */
  char *member_level;
  char *reason;
  int64_t item_count;
  MposMoney subtotal;
  MposMoney discount_total;
  MposMoney total;
  MposMoney tax_total;
  MposMoney rounding;
  MposMoney tendered;
  MposMoney change;
  MposMoney points_deduction; /* a return: kept back for earned points already spent (0026) */
  GPtrArray *lines;   /* of MposSaleLine* */
  GPtrArray *tenders; /* of MposSaleTender* */
} MposSaleRecord;

void mpos_sale_record_free (MposSaleRecord *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MposSaleRecord, mpos_sale_record_free)

typedef struct
{
  char sale_id[40];
  char receipt_no[64];
  MposMoney total;
  MposMoney change;
  int64_t journal_seq;
  /* For the cashier: the clock reads a time before the business day the
   * sale went into, or went back since the last record (business-day.h);
   * "" when the clock is in step. */
  char clock_warning[512];
} MposSaleResult;

/* Empty records whose arrays free their elements. */
MposSaleRecord *mpos_sale_record_new (void);
MposSaleLine *mpos_sale_line_new (void);
GPtrArray *mpos_sale_lines_new (void); /* of MposSaleLine*, owning them */

/* By receipt number or sale id. */
MposSaleRecord *mpos_sale_load (MposStore *store, const char *receipt_no_or_id, GError **error);

/* The receipt number of this terminal's newest record of `kind` ("sale" or
 * "return"; NULL: either), for "reprint the last receipt" and "return the
 * last sale". NOT_FOUND when there is none yet. Newly allocated. */
char *mpos_sale_last_receipt_no (MposStore *store, const char *kind, GError **error);

G_END_DECLS
