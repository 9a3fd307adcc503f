/* sale-line-slots.h — the one definition of the slots of a sale's documents
 * as its row keeps them (sales.lines, sales.tenders): the writer and the
 * reader (sale-row-json.c) name each slot from here, and the compatibility
 * views (sale_lines, line_adjustments, loyalty_lines, tenders in data/sql)
 * read the same positions; test-sale-document.c proves they agree. A slot
 * is only ever added at the end: stored sales keep the order they were
 * written in. */
#pragma once

/* One line: [line_no, sku_id, code, name, weighed, qty, unit_price, gross,
 * net, tax, tax_rate_bp, original_line_no, adjustments, loyalty]. */
typedef enum
{
  MPOS_LINE_SLOT_LINE_NO,
  MPOS_LINE_SLOT_SKU_ID,
  MPOS_LINE_SLOT_CODE,
  MPOS_LINE_SLOT_NAME,
  MPOS_LINE_SLOT_WEIGHED,
  MPOS_LINE_SLOT_QTY,
  MPOS_LINE_SLOT_UNIT_PRICE,
  MPOS_LINE_SLOT_GROSS,
  MPOS_LINE_SLOT_NET,
  MPOS_LINE_SLOT_TAX,
  MPOS_LINE_SLOT_TAX_RATE_BP,
  MPOS_LINE_SLOT_ORIGINAL_LINE_NO, /* null but on a return */
  MPOS_LINE_SLOT_ADJUSTMENTS,      /* [[kind, source, label, amount], …] or null */
  MPOS_LINE_SLOT_LOYALTY,          /* the shares below, or null: the sale moved none */
  MPOS_LINE_SLOTS
} MposLineSlot;

/* One adjustment of a line. */
typedef enum
{
  MPOS_ADJUSTMENT_SLOT_KIND,
  MPOS_ADJUSTMENT_SLOT_SOURCE,
  MPOS_ADJUSTMENT_SLOT_LABEL,
  MPOS_ADJUSTMENT_SLOT_AMOUNT,
  MPOS_ADJUSTMENT_SLOTS
} MposAdjustmentSlot;

/* A line's loyalty shares. */
typedef enum
{
  MPOS_LOYALTY_SLOT_POINTS_BURNT,
  MPOS_LOYALTY_SLOT_POINTS_VALUE,
  MPOS_LOYALTY_SLOT_SV_PRINCIPAL,
  MPOS_LOYALTY_SLOT_SV_BONUS,
  MPOS_LOYALTY_SLOT_POINTS_EARNED,
  MPOS_LOYALTY_SLOTS
} MposLoyaltySlot;

/* One tender: [seq, type, amount, reference, provider, original_seq]. */
typedef enum
{
  MPOS_TENDER_SLOT_SEQ,
  MPOS_TENDER_SLOT_TYPE,
  MPOS_TENDER_SLOT_AMOUNT,
  MPOS_TENDER_SLOT_REFERENCE,
  MPOS_TENDER_SLOT_PROVIDER,
  MPOS_TENDER_SLOT_ORIGINAL_SEQ, /* null but on a refund */
  MPOS_TENDER_SLOTS
} MposTenderSlot;
