/* report-receipt.h — a manager's report as a receipt, so that it prints on
 * every receipt printer (ESC/POS, the virtual printer's PNG) through the
 * same path as a sale, 58 or 80 mm wide, in the receipt's language. */
#pragma once

#include "receipt-table.h"
#include "receipt.h"
#include "report.h"

G_BEGIN_DECLS

/* The report's header (title, store, till, day or period, number, when it
 * was made, the training banner) and every table; times in `zone`, or
 * when NULL the report's own (report->time_zone; none: UTC). The receipt
 * moves no cash. */
MposReceipt *mpos_report_receipt (const MposReport *report, MposReceiptLanguage language,
                                  GTimeZone *zone);

/* One table of a report, its cells formatted for people (report-format.h),
 * for receipt-table.c to lay out: on receipt paper and in the text of
 * `mallposctl report` alike. */
MposReceiptTable *mpos_report_receipt_table (const MposReportTable *table);

G_END_DECLS
