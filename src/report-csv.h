/* report-csv.h — an MposReport as one RFC 4180 CSV file (UTF-8, CRLF,
 * fields quoted when they hold a comma, quote, CR or LF), for a
 * spreadsheet. Every record has the same number of fields: the table's id,
 * then its cells, padded with empty fields to the widest table. Each table
 * starts with a header record (id, column titles); its rows follow; a
 * total row's id reads "<id>:total". Money is "1234.50", share "12.34",
 * quantity "1.500". The report's own header (kind, store, day, number,
 * training) is the first table, "report". */
#pragma once

#include "report.h"

G_BEGIN_DECLS

char *mpos_report_to_csv (const MposReport *report);

G_END_DECLS
