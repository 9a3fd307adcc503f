/* csv.c — a small RFC 4180 state machine. Written here rather than pulled in
 * because Debian has no maintained C CSV library with line tracking; it is
 * fuzzed (tests/fuzz/fuzz-catalog-csv.c). The writer is here too, so every
 * CSV the program writes is quoted and neutralised the same way. */
#include "csv.h"
#include "text-width.h"

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
  char **header; /* once read: the width every record must have, and names for messages */
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
  if (reader == NULL)
    return;
  g_strfreev (reader->header);
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

/* "“name” (field 3)", or "field 14" past the header. */
static char *
field_name (MposCsvReader *r, guint index)
{
  if (r->header && index < g_strv_length (r->header))
    return g_strdup_printf ("“%s” (field %u)", r->header[index], index + 1);
  return g_strdup_printf ("field %u", index + 1);
}

/* What spoils a field's text but not the reading: the first goes to *spoiled. */
static void
check_text (MposCsvReader *r, const GString *field, guint index, GError **spoiled)
{
  g_autofree char *name = NULL;

  if (*spoiled != NULL)
    return;
  if (memchr (field->str, '\0', field->len) == NULL
      && !g_utf8_validate_len (field->str, field->len, NULL))
    fail (spoiled, MPOS_CSV_ERROR_ENCODING, r->line, "text is not valid UTF-8");
  else if (memchr (field->str, '\0', field->len) || mpos_text_find_control (field->str))
    g_set_error (spoiled, MPOS_CSV_ERROR, MPOS_CSV_ERROR_CONTROL,
                 "%s holds a line break, a tab or another control character: write it on one "
                 "line",
                 (name = field_name (r, index)));
}

/* Invalid UTF-8 or a control character spoils only its record: it goes to
 * *spoiled and the record is read to its end, so the reader can go on. */
static gboolean
read_field (MposCsvReader *r, GPtrArray *fields, GError **spoiled, GError **error)
{
  g_autoptr (GString) field = g_string_new (NULL);
  gboolean ok = peek (r) == '"' ? read_quoted (r, field, error) : read_plain (r, field, error);

  if (!ok)
    return FALSE;
  check_text (r, field, fields->len, spoiled);
  if (fields->len >= MAX_FIELDS)
    return fail (error, MPOS_CSV_ERROR_TOO_LARGE, r->line, "more than 256 fields in a record");
  g_ptr_array_add (fields, g_string_free (g_steal_pointer (&field), FALSE));
  return TRUE;
}

/* A row one field short would import with its last column empty (stock 0),
 * one field long would lose its last value: both are refused. */
static void
check_width (MposCsvReader *r, guint n_fields, GError **spoiled)
{
  guint width = r->header ? g_strv_length (r->header) : 0;

  if (*spoiled != NULL || width == 0 || n_fields == width)
    return;
  if (n_fields < width)
    g_set_error (spoiled, MPOS_CSV_ERROR, MPOS_CSV_ERROR_WIDTH,
                 "%u fields where the header has %u: nothing for “%s” (a comma missing?)", n_fields,
                 width, r->header[n_fields]);
  else
    g_set_error (spoiled, MPOS_CSV_ERROR, MPOS_CSV_ERROR_WIDTH,
                 "%u fields where the header has %u (a comma in a field that should be quoted?)",
                 n_fields, width);
}

gboolean
mpos_csv_reader_next (MposCsvReader *reader, char ***fields_out, guint *line, GError **error)
{
  g_autoptr (GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) spoiled = NULL;

  while (eat_newline (reader))
    ;
  *line = reader->line;
  if (at_end (reader))
    return FALSE;
  for (;;)
    {
      /* *line stays the record's first line: an unclosed quote has read on
       * to the end of the file, but the bad row is where it opened. */
      if (!read_field (reader, fields, &spoiled, error))
        return FALSE;
      if (peek (reader) != ',')
        break;
      reader->pos++;
    }
  eat_newline (reader);
  check_width (reader, fields->len, &spoiled);
  if (spoiled != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&spoiled));
      return FALSE;
    }
  g_ptr_array_add (fields, NULL);
  *fields_out = (char **) g_ptr_array_free (g_steal_pointer (&fields), FALSE);
  return TRUE;
}

gboolean
mpos_csv_error_spoils_record_only (const GError *error)
{
  return error->domain == MPOS_CSV_ERROR
         && (error->code == MPOS_CSV_ERROR_ENCODING || error->code == MPOS_CSV_ERROR_CONTROL
             || error->code == MPOS_CSV_ERROR_WIDTH);
}

/* The first name of `header` that is unknown, given twice or (of `required`)
 * missing, and what is said of it; NULL when the header is right. */
static const char *
bad_column (char **header, const char *const *known, const char *const *required, const char **verb,
            const char **tail)
{
  *verb = "names";
  for (guint i = 0; header[i]; i++)
    {
      g_strstrip (header[i]);
      *tail = ", which is no column";
      if (!g_strv_contains (known, header[i]))
        return header[i];
      *tail = " twice";
      for (guint j = 0; j < i; j++)
        if (strcmp (header[i], header[j]) == 0)
          return header[i];
    }
  *verb = "has no";
  *tail = " column";
  for (guint i = 0; required[i]; i++)
    if (!g_strv_contains ((const char *const *)header, required[i]))
      return required[i];
  return NULL;
}

static gboolean
check_header (char **header, const char *const *known, const char *const *required, GError **error)
{
  const char *verb = NULL, *tail = NULL;
  const char *name = bad_column (header, known, required, &verb, &tail);
  g_autofree char *columns = NULL;

  if (name == NULL)
    return TRUE;
  columns = g_strjoinv (", ", (char **)known);
  g_set_error (error, MPOS_CSV_ERROR, MPOS_CSV_ERROR_HEADER,
               "the header %s “%s”%s (the columns are: %s)", verb, name, tail, columns);
  return FALSE;
}

gboolean
mpos_csv_reader_read_header (MposCsvReader *reader, const char *const *known,
                             const char *const *required, char ***header_out, guint *line,
                             GError **error)
{
  g_auto (GStrv) header = NULL;

  g_return_val_if_fail (reader->header == NULL, FALSE);
  if (!mpos_csv_reader_next (reader, &header, line, error))
    {
      if (error && *error == NULL)
        g_set_error (error, MPOS_CSV_ERROR, MPOS_CSV_ERROR_HEADER, "the file is empty");
      return FALSE;
    }
  if (!check_header (header, known, required, error))
    return FALSE;
  reader->header = g_strdupv (header);
  *header_out = g_steal_pointer (&header);
  return TRUE;
}

/* ---- writing ---------------------------------------------------------------- */

/* OWASP's list: what Excel, LibreOffice and Sheets start a formula (or DDE) with. */
static gboolean
looks_like_formula (const char *value)
{
  return value[0] != '\0' && strchr ("=+-@\t\r", value[0]) != NULL;
}

void
mpos_csv_append_field (GString *out, const char *value, MposCsvFieldKind kind)
{
  gboolean inert = kind == MPOS_CSV_TEXT && value && looks_like_formula (value);
  gboolean quote = inert || (value && strpbrk (value, ",\"\r\n") != NULL);

  if (value == NULL)
    return;
  if (quote)
    g_string_append_c (out, '"');
  if (inert)
    g_string_append_c (out, '\'');
  for (const char *p = value; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  if (quote)
    g_string_append_c (out, '"');
}

void
mpos_csv_append_row (GString *out, const char *const *values, const MposCsvFieldKind *kinds,
                     guint n_fields)
{
  for (guint i = 0; i < n_fields; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      mpos_csv_append_field (out, values[i], kinds[i]);
    }
  g_string_append (out, "\r\n");
}
