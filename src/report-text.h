/* report-text.h — an MposReport as plain text: a header (title, store,
 * terminal, day or period, Z number, when made, 练习模式 for a training
 * store) and each table with its columns aligned by display width (CJK
 * characters take two columns: text-width.h), numbers right-aligned, total
 * rows ruled off; cells as report-format.h writes them for people.
 * `mallposctl report` prints it; the receipt printer's
 * renderer can reuse it at 32 (58 mm) or 48 (80 mm) columns. */
#pragma once

#include "report.h"

G_BEGIN_DECLS

/* The whole report. width: the paper's columns, or 0 for a screen (each
 * table as wide as it needs). A table wider than `width` puts its labels
 * on lines of their own, or its figures one under the other, as on the
 * receipt (receipt-table.h). */
char *mpos_report_to_text (const MposReport *report, guint width);

G_END_DECLS
