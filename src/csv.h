/* csv.h — an RFC 4180 reader for imports: quoted fields, doubled quotes,
 * CRLF or LF, a UTF-8 BOM; every record reports the line it started on so
 * an import can name the bad row. Refuses invalid UTF-8 and absurd sizes. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MPOS_CSV_ERROR (mpos_csv_error_quark ())
GQuark mpos_csv_error_quark (void);

typedef enum
{
  MPOS_CSV_ERROR_QUOTE,    /* unterminated quote or text after a closing quote */
  MPOS_CSV_ERROR_ENCODING, /* not UTF-8 */
  MPOS_CSV_ERROR_TOO_LARGE, /* a field over 64 KiB or a record over 256 fields */
} MposCsvError;

typedef struct _MposCsvReader MposCsvReader;

/* data must outlive the reader; it need not be NUL-terminated. */
MposCsvReader *mpos_csv_reader_new (const char *data, gsize length);
void mpos_csv_reader_free (MposCsvReader *reader);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MposCsvReader, mpos_csv_reader_free)

/* Reads the next record into *fields (a NULL-terminated strv, caller frees)
 * and its first line number into *line. Returns FALSE at the end (no error)
 * or on an error (set; *line names the line, the message does not). Blank
 * lines are skipped. After MPOS_CSV_ERROR_ENCODING the bad record has been
 * read to its end and reading may go on; after the other errors it may not. */
gboolean mpos_csv_reader_next (MposCsvReader *reader, char ***fields, guint *line, GError **error);

G_END_DECLS
