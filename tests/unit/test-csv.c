/* test-csv.c — src/csv.c: the strict header and record widths of the reader,
 * and the writer's quoting and formula neutralisation (text starting with
 * = + - @ tab or CR is kept as data a spreadsheet never runs; numbers stay
 * numbers). */
#include "csv.h"

#include <string.h>

static char *
field (const char *value, MposCsvFieldKind kind)
{
  GString *out = g_string_new (NULL);

  mpos_csv_append_field (out, value, kind);
  return g_string_free (out, FALSE);
}

static void
assert_field (const char *value, MposCsvFieldKind kind, const char *written)
{
  g_autofree char *out = field (value, kind);

  g_assert_cmpstr (out, ==, written);
}

static void
test_csv_write_neutralises_formulas_in_text (void)
{
  assert_field ("=HYPERLINK(\"http://x\",\"点我\")", MPOS_CSV_TEXT,
                "\"'=HYPERLINK(\"\"http://x\"\",\"\"点我\"\")\"");
  assert_field ("=1+2", MPOS_CSV_TEXT, "\"'=1+2\"");
  assert_field ("+86 139", MPOS_CSV_TEXT, "\"'+86 139\"");
  assert_field ("-2+3", MPOS_CSV_TEXT, "\"'-2+3\"");
  assert_field ("@SUM(A1)", MPOS_CSV_TEXT, "\"'@SUM(A1)\"");
  assert_field ("\t=1", MPOS_CSV_TEXT, "\"'\t=1\"");
  assert_field ("\r=1", MPOS_CSV_TEXT, "\"'\r=1\"");
  /* Only the first character counts. */
  assert_field ("可口可乐 = 330ml", MPOS_CSV_TEXT, "可口可乐 = 330ml");
  assert_field ("a-b", MPOS_CSV_TEXT, "a-b");
}

static void
test_csv_write_keeps_numbers (void)
{
  assert_field ("-12.50", MPOS_CSV_NUMBER, "-12.50");
  assert_field ("+3", MPOS_CSV_NUMBER, "+3");
  assert_field ("1234", MPOS_CSV_NUMBER, "1234");
  /* The same text as text is neutralised: the caller says which it is. */
  assert_field ("-12.50", MPOS_CSV_TEXT, "\"'-12.50\"");
}

static void
test_csv_write_quotes_what_needs_it (void)
{
  assert_field ("乐事薯片(原味,大包装)", MPOS_CSV_TEXT, "\"乐事薯片(原味,大包装)\"");
  assert_field ("好丽友\"派\"", MPOS_CSV_TEXT, "\"好丽友\"\"派\"\"\"");
  assert_field ("两行\n名字", MPOS_CSV_TEXT, "\"两行\n名字\"");
  assert_field ("", MPOS_CSV_TEXT, "");
  assert_field (NULL, MPOS_CSV_TEXT, "");
  assert_field ("plain", MPOS_CSV_TEXT, "plain");
}

/* What the writer writes, the reader reads back as the same text. */
static void
test_csv_write_row_reads_back (void)
{
  const char *values[] = { "=cmd|' /C calc'!A0", "-12.50", NULL, "a,\"b\"" };
  const MposCsvFieldKind kinds[] = { MPOS_CSV_TEXT, MPOS_CSV_NUMBER, MPOS_CSV_TEXT, MPOS_CSV_TEXT };
  g_autoptr (GString) out = g_string_new (NULL);
  g_autoptr (MposCsvReader) reader = NULL;
  g_auto (GStrv) fields = NULL;
  guint line = 0;

  mpos_csv_append_row (out, values, kinds, G_N_ELEMENTS (values));
  g_assert_cmpstr (out->str, ==, "\"'=cmd|' /C calc'!A0\",-12.50,,\"a,\"\"b\"\"\"\r\n");
  reader = mpos_csv_reader_new (out->str, out->len);
  g_assert_true (mpos_csv_reader_next (reader, &fields, &line, NULL));
  g_assert_cmpuint (g_strv_length (fields), ==, 4);
  g_assert_cmpstr (fields[0], ==, "'=cmd|' /C calc'!A0");
  g_assert_cmpstr (fields[1], ==, "-12.50");
  g_assert_cmpstr (fields[2], ==, "");
  g_assert_cmpstr (fields[3], ==, "a,\"b\"");
}

static const char *const known[] = { "sku", "name", "price", "stock", NULL };
static const char *const required[] = { "sku", "price", NULL };

static void
test_csv_header_is_strict (void)
{
  static const struct
  {
    const char *text, *says;
  } bad[] = {
    { "", "the file is empty" },
    { "sku,price,price\n",
      "the header names “price” twice (the columns are: sku, name, price, stock)" },
    { "sku, price ,price\n", "“price” twice" },
    { "sku,price,colour\n", "the header names “colour”, which is no column" },
    { "sku,name\n", "the header has no “price” column" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (MposCsvReader) reader = mpos_csv_reader_new (bad[i].text, strlen (bad[i].text));
      g_autoptr (GError) error = NULL;
      g_auto (GStrv) header = NULL;
      guint line = 0;

      g_assert_false (
          mpos_csv_reader_read_header (reader, known, required, &header, &line, &error));
      g_assert_error (error, MPOS_CSV_ERROR, MPOS_CSV_ERROR_HEADER);
      g_assert_nonnull (strstr (error->message, bad[i].says));
    }
}

static void
test_csv_records_have_the_header_width (void)
{
  static const char text[] = "\xEF\xBB\xBF sku ,price,stock\r\n"
                             "1,2.00\n"
                             "2,3.00,4,5\n"
                             "3,\"4\n.00\",5\n"
                             "4,5.00,6\n";
  g_autoptr (MposCsvReader) reader = mpos_csv_reader_new (text, strlen (text));
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) header = NULL;
  char **fields = NULL;
  guint line = 0;

  g_assert_true (mpos_csv_reader_read_header (reader, known, required, &header, &line, &error));
  g_assert_cmpstr (header[0], ==, "sku");
  g_assert_false (mpos_csv_reader_next (reader, &fields, &line, &error));
  g_assert_error (error, MPOS_CSV_ERROR, MPOS_CSV_ERROR_WIDTH);
  g_assert_cmpstr (error->message, ==,
                   "2 fields where the header has 3: nothing for “stock” (a comma missing?)");
  g_assert_cmpuint (line, ==, 2);
  g_assert_true (mpos_csv_error_spoils_record_only (error));
  g_clear_error (&error);
  g_assert_false (mpos_csv_reader_next (reader, &fields, &line, &error));
  g_assert_error (error, MPOS_CSV_ERROR, MPOS_CSV_ERROR_WIDTH);
  g_assert_cmpuint (line, ==, 3);
  g_clear_error (&error);
  g_assert_false (mpos_csv_reader_next (reader, &fields, &line, &error));
  g_assert_error (error, MPOS_CSV_ERROR, MPOS_CSV_ERROR_CONTROL);
  g_assert_cmpstr (error->message, ==,
                   "“price” (field 2) holds a line break, a tab or another "
                   "control character: write it on one line");
  g_assert_cmpuint (line, ==, 4);
  g_assert_true (mpos_csv_error_spoils_record_only (error));
  g_clear_error (&error);
  g_assert_true (mpos_csv_reader_next (reader, &fields, &line, &error));
  g_assert_cmpuint (line, ==, 6);
  g_assert_cmpstr (fields[2], ==, "6");
  g_strfreev (fields);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/csv/write/neutralises-formulas-in-text",
                   test_csv_write_neutralises_formulas_in_text);
  g_test_add_func ("/csv/write/keeps-numbers", test_csv_write_keeps_numbers);
  g_test_add_func ("/csv/write/quotes-what-needs-it", test_csv_write_quotes_what_needs_it);
  g_test_add_func ("/csv/write/row-reads-back", test_csv_write_row_reads_back);
  g_test_add_func ("/csv/read/header-is-strict", test_csv_header_is_strict);
  g_test_add_func ("/csv/read/records-have-the-header-width",
                   test_csv_records_have_the_header_width);
  return g_test_run ();
}
