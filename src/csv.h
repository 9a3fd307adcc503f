/* csv.h — an RFC 4180 reader for imports: quoted fields, doubled quotes,
 * CRLF or LF, a UTF-8 BOM; every record reports the line it started on so
 * an import can name the bad row. Strict, as every document in: invalid
 * UTF-8, control characters in a field (a line break in a quoted name would
 * break receipts), a header naming a column twice or an unknown one, and a
 * row wider or narrower than its header are refused. And the one writer of
 * CSV (reports), which keeps text a spreadsheet would run as a formula inert. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MPOS_CSV_ERROR (mpos_csv_error_quark ())
GQuark mpos_csv_error_quark (void);

typedef enum
{
  MPOS_CSV_ERROR_QUOTE,     /* unterminated quote or text after a closing quote */
  MPOS_CSV_ERROR_ENCODING,  /* not UTF-8 */
  MPOS_CSV_ERROR_TOO_LARGE, /* a field over 64 KiB or a record over 256 fields */
  MPOS_CSV_ERROR_CONTROL,   /* a line break, tab or other control character in a field */
  MPOS_CSV_ERROR_WIDTH,     /* a record with more or fewer fields than the header */
  MPOS_CSV_ERROR_HEADER,    /* a column named twice, unknown or missing */
} MposCsvError;

typedef struct _MposCsvReader MposCsvReader;

/* data must outlive the reader; it need not be NUL-terminated. */
MposCsvReader *mpos_csv_reader_new (const char *data, gsize length);
void mpos_csv_reader_free (MposCsvReader *reader);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MposCsvReader, mpos_csv_reader_free)

/* Reads the next record into *fields (a NULL-terminated strv, caller frees)
 * and its first line number into *line. Returns FALSE at the end (no error)
 * or on an error (set; *line names the line, the message does not). Blank
 * lines are skipped. After a header has been read, a record must have as
 * many fields as it. After mpos_csv_error_spoils_record_only() errors the
 * bad record has been read to its end and reading may go on; after the
 * others it may not. */
gboolean mpos_csv_reader_next (MposCsvReader *reader, char ***fields, guint *line, GError **error);

/* Reads the first record as the header (its line in *line): names trimmed,
 * each one of `known` and given once, every one of `required` present (both
 * NULL-terminated). Refusals of the names are MPOS_CSV_ERROR_HEADER naming
 * the column; an empty file is MPOS_CSV_ERROR_HEADER too. */
gboolean mpos_csv_reader_read_header (MposCsvReader *reader, const char *const *known,
                                      const char *const *required, char ***header, guint *line,
                                      GError **error);

/* TRUE for an error after which mpos_csv_reader_next may go on with the next record. */
gboolean mpos_csv_error_spoils_record_only (const GError *error);

/* ---- writing ---------------------------------------------------------------- */

typedef enum
{
  MPOS_CSV_TEXT,   /* names, codes, notes: a leading = + - @ tab or CR is made inert */
  MPOS_CSV_NUMBER, /* amounts and counts the program formatted: written as they are */
} MposCsvFieldKind;

/* Appends one field, quoted when it holds a comma, a quote or a line break.
 * Text a spreadsheet would take for a formula (=SUM(…), +1, -1+2, @cmd, or a
 * tab or CR first) gets a leading apostrophe: kept as data, never run. A
 * number ("-12.50") is the caller's own formatting and stays a number. */
void mpos_csv_append_field (GString *out, const char *value, MposCsvFieldKind kind);

/* Appends a record: fields separated by commas, ended by CRLF (RFC 4180).
 * values and kinds have n_fields entries; a NULL value is an empty field. */
void mpos_csv_append_row (GString *out, const char *const *values, const MposCsvFieldKind *kinds,
                          guint n_fields);

G_END_DECLS
