/* report-csv.h — an MposReport as one RFC 4180 CSV file (UTF-8, CRLF,
 * fields quoted when they hold a comma, quote, CR or LF), for a
 * spreadsheet. Every record has the same number of fields: the table's id,
 * then its cells, padded with empty fields to the widest table. Each table
 * starts with a header record (id, column titles); its rows follow; a
 * total row's id reads "<id>:total". Money is "1234.50", share "12.34",
 * quantity "1.500". The report's own header (kind, store, day, from, to,
 * number, generated_at, training) is the first table, "report"; its times
 * are the store's local time as a person reads them ("2026-12-07 04:00",
 * "… UTC" when the report names no zone).
 *
 * MPOS_REPORT_CSV_EXCEL (what a manager opens) also starts the file with
 * the UTF-8 byte order mark, so Excel on a Chinese Windows reads UTF-8 and
 * not GBK, writes a text cell of digits Excel would turn into a number
 * (barcodes, card numbers: 12 digits or more, or a leading zero) as
 * ="00123", and puts an apostrophe before a text cell starting with = + -
 * or @ (never a formula), and says its header records in the report's
 * words ("报表,营业日,2026-12-07", "报表,练习模式,是"). MPOS_REPORT_CSV_PLAIN
 * writes every cell as it is and the header's English keys
 * ("report,business_day,2026-12-07", "report,training,true"), for scripts.
 * Column headings are the titles in both (no unit: "金额", not "金额(元)"). */
#pragma once

#include "report.h"

G_BEGIN_DECLS

typedef enum
{
  MPOS_REPORT_CSV_PLAIN,
  MPOS_REPORT_CSV_EXCEL,
} MposReportCsvFlavour;

char *mpos_report_to_csv (const MposReport *report, MposReportCsvFlavour flavour);

/* A text cell as the Excel flavour writes it, or NULL when unchanged. */
char *mpos_report_csv_excel_text (const char *text);

G_END_DECLS
