/* csv.c — a small RFC 4180 state machine. Written here rather than pulled in
 * because Debian has no maintained C CSV library with line tracking; it is
 * fuzzed (tests/fuzz/fuzz-catalog-csv.c). */
#include "csv.h"

#include <string.h>

#define MAX_FIELD_BYTES (64 * 1024)
#define MAX_FIELDS 256

/* clang-format off */
G_DEFINE_QUARK (mpos-csv-error-quark, mpos_csv_error)
/* clang-format on */

struct _MposCsvReader
{
  const char *data;
  gsize length;
  gsize pos;
  guint line;
};

MposCsvReader *
mpos_csv_reader_new (const char *data, gsize length)
{
  MposCsvReader *reader = g_new0 (MposCsvReader, 1);

  reader->data = data;
  reader->length = length;
  reader->line = 1;
  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    reader->pos = 3;
  return reader;
}

void
mpos_csv_reader_free (MposCsvReader *reader)
{
  g_free (reader);
}

static gboolean
at_end (MposCsvReader *r)
{
  return r->pos >= r->length;
}

static char
peek (MposCsvReader *r)
{
  return at_end (r) ? '\0' : r->data[r->pos];
}

/* Consumes a line ending if there is one; TRUE if it did. */
static gboolean
eat_newline (MposCsvReader *r)
{
  if (peek (r) == '\r')
    {
      r->pos++;
      if (peek (r) == '\n')
        r->pos++;
      r->line++;
      return TRUE;
    }
  if (peek (r) == '\n')
    {
      r->pos++;
      r->line++;
      return TRUE;
    }
  return FALSE;
}

static gboolean
fail (GError **error, int code, guint line, const char *message)
{
  /* The line reaches the caller through *line, not the message, so a report
   * that prints "line N: " does not say it twice. */
  g_set_error_literal (error, MPOS_CSV_ERROR, code, message);
  return FALSE;
}

static gboolean
append_checked (GString *field, char c, guint line, GError **error)
{
  if (field->len >= MAX_FIELD_BYTES)
    return fail (error, MPOS_CSV_ERROR_TOO_LARGE, line, "a field is longer than 64 KiB");
  g_string_append_c (field, c);
  return TRUE;
}

static gboolean
read_quoted (MposCsvReader *r, GString *field, GError **error)
{
  guint start_line = r->line;

  r->pos++; /* opening quote */
  for (;;)
    {
      char c;

      if (at_end (r))
        return fail (error, MPOS_CSV_ERROR_QUOTE, start_line, "a quoted field is never closed");
      c = r->data[r->pos++];
      if (c == '"' && peek (r) == '"')
        r->pos++;
      else if (c == '"')
        break;
      else if (c == '\n')
        r->line++;
      if (!append_checked (field, c, r->line, error))
        return FALSE;
    }
  if (!at_end (r) && peek (r) != ',' && peek (r) != '\r' && peek (r) != '\n')
    return fail (error, MPOS_CSV_ERROR_QUOTE, r->line, "text after a closing quote");
  return TRUE;
}

static gboolean
read_plain (MposCsvReader *r, GString *field, GError **error)
{
  while (!at_end (r) && peek (r) != ',' && peek (r) != '\r' && peek (r) != '\n')
    {
      if (peek (r) == '"')
        return fail (error, MPOS_CSV_ERROR_QUOTE, r->line, "a quote inside an unquoted field");
      if (!append_checked (field, r->data[r->pos++], r->line, error))
        return FALSE;
    }
  return TRUE;
}

/* Invalid UTF-8 spoils only its record: it goes to *encoding_error and the
 * record is read to its end, so the reader can go on with the next one. */
static gboolean
read_field (MposCsvReader *r, GPtrArray *fields, GError **encoding_error, GError **error)
{
  g_autoptr (GString) field = g_string_new (NULL);
  gboolean ok = peek (r) == '"' ? read_quoted (r, field, error) : read_plain (r, field, error);

  if (!ok)
    return FALSE;
  if (!g_utf8_validate_len (field->str, field->len, NULL) && *encoding_error == NULL)
    fail (encoding_error, MPOS_CSV_ERROR_ENCODING, r->line, "text is not valid UTF-8");
  if (fields->len >= MAX_FIELDS)
    return fail (error, MPOS_CSV_ERROR_TOO_LARGE, r->line, "more than 256 fields in a record");
  g_ptr_array_add (fields, g_string_free (g_steal_pointer (&field), FALSE));
  return TRUE;
}

gboolean
mpos_csv_reader_next (MposCsvReader *reader, char ***fields_out, guint *line, GError **error)
{
  g_autoptr (GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) encoding_error = NULL;

  while (eat_newline (reader))
    ;
  *line = reader->line;
  if (at_end (reader))
    return FALSE;
  for (;;)
    {
      /* *line stays the record's first line: an unclosed quote has read on
       * to the end of the file, but the bad row is where it opened. */
      if (!read_field (reader, fields, &encoding_error, error))
        return FALSE;
      if (peek (reader) != ',')
        break;
      reader->pos++;
    }
  eat_newline (reader);
  if (encoding_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&encoding_error));
      return FALSE;
    }
  g_ptr_array_add (fields, NULL);
  *fields_out = (char **) g_ptr_array_free (g_steal_pointer (&fields), FALSE);
  return TRUE;
}
