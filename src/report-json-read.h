/* report-json-read.h — a report document read back from its JSON (the form
 * mpos_report_to_json writes), strictly: the back office renders a report
 * saved as JSON to PDF or paper (`mallposctl report render`), so the file is
 * untrusted input. Unknown or repeated keys, rows of the wrong width, a
 * figure that is not of its column's kind, text with control characters
 * and figures beyond ±10^15 are refused with where and why. */
#pragma once

#include "report.h"

G_BEGIN_DECLS

#define MPOS_REPORT_JSON_MAX_TABLES 64
#define MPOS_REPORT_JSON_MAX_COLUMNS 16
#define MPOS_REPORT_JSON_MAX_ROWS 200000

/* NULL with an MPOS_JSON_ERROR naming the place when `data` is not a report. */
MposReport *mpos_report_from_json (const char *data, gsize length, GError **error);

G_END_DECLS
