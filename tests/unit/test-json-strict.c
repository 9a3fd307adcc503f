/* test-json-strict.c — src/json-strict.c and the strict parse of
 * src/json-fields.c: what cJSON alone would read ambiguously is refused,
 * with the place; what is well formed passes unchanged. */
#include "json-fields.h"
#include "json-strict.h"

#include <string.h>

static const MposJsonShape line_shape = {
  .what = "a line",
  .keys = (const MposJsonKey[]){ { "sku", NULL }, { "qty", NULL }, { NULL, NULL } },
};

static const MposJsonShape payment_shape = {
  .what = "a payment",
  .keys = (const MposJsonKey[]){ { "type", NULL }, { NULL, NULL } },
  .tag = "type",
  .variants = (const MposJsonVariant[]){ { "cash", (const MposJsonKey[]){ { "amount", NULL },
                                                                          { NULL, NULL } } },
                                         { "card", (const MposJsonKey[]){ { "amount", NULL },
                                                                          { "pin", NULL },
                                                                          { NULL, NULL } } },
                                         { NULL, NULL } },
};

static const MposJsonShape sale_shape = {
  .what = "a sale",
  .keys = (const MposJsonKey[]){ { "member", NULL },
                                 { "lines", &(const MposJsonShape){ .items = &line_shape } },
                                 { "payments", &(const MposJsonShape){ .items = &payment_shape } },
                                 { "prices",
                                   &(const MposJsonShape){ .what = "prices", .any_keys = TRUE } },
                                 { "note", NULL },
                                 { NULL, NULL } },
};

/* Checks `doc` (a C string, or `length` bytes) and returns the error, or NULL. */
static GError *
check_len (const char *doc, gsize length)
{
  GError *error = NULL;
  gboolean ok = mpos_json_strict_check (doc, length, &sale_shape, &error);

  g_assert_true (ok == (error == NULL));
  return error;
}

static GError *
check (const char *doc)
{
  return check_len (doc, strlen (doc));
}

static void
assert_refused (const char *doc, gsize length, int code, const char *says)
{
  g_autoptr (GError) error = check_len (doc, length);
  g_autofree char *shown = g_strescape (doc, NULL);

  if (length < 200)
    g_test_message ("%s", shown);
  g_assert_error (error, MPOS_JSON_ERROR, code);
  if (strstr (error->message, says) == NULL)
    g_error ("“%s” does not say “%s”", error->message, says);
}

#define refused(doc, code, says) assert_refused (doc, sizeof (doc) - 1, code, says)

static void
test_json_strict_accepts_well_formed_documents (void)
{
  static const char *const good[] = {
    "{}",
    " {\"lines\":[{\"sku\":\"1\",\"qty\":2},{\"sku\":\"2\"}]} \n",
    "{\"payments\":[{\"type\":\"cash\",\"amount\":\"1.00\"},{\"amount\":\"2.00\",\"pin\":\"1\","
    "\"type\":\"card\"}]}",
    "{\"prices\":{\"gold\":\"1.00\",\"silver\":\"2.00\"},\"note\":null,\"member\":true}",
    "{\"note\":\"\\u6d4b\\u8bd5 \\ud83d\\ude00 \\\" \\\\ \\/ \\b\\f\\n\\r\\t 测试\"}",
    "{\"note\":[-0, 0.5, 1e10, 2E-3, -12.50, 123456789012345678901234567890]}",
    "[1, \"a\", {\"anything\": 1}]", /* not the shape's type: left to the reader */
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr (GError) error = check (good[i]);
      g_autofree char *shown = g_strescape (good[i], NULL);
      g_test_message ("%s", shown);
      g_assert_no_error (error);
    }
}

static void
test_json_strict_refuses_duplicate_keys_at_every_depth (void)
{
  refused ("{\"member\":\"1\",\"member\":\"2\"}", MPOS_JSON_ERROR_DUPLICATE,
           "the document (line 1, column 15): “member” is given twice");
  refused ("{\"lines\":[{\"sku\":\"1\"},{\"qty\":1,\"qty\":100}]}", MPOS_JSON_ERROR_DUPLICATE,
           "lines[1] (line 1, column 32): “qty” is given twice");
  refused ("{\"lines\":[],\"lines\":[{\"sku\":\"9\"}]}", MPOS_JSON_ERROR_DUPLICATE, "“lines”");
  refused ("{\"payments\":[{\"type\":\"cash\",\"amount\":\"1\",\"amount\":\"100\"}]}",
           MPOS_JSON_ERROR_DUPLICATE, "payments[0] (line 1, column 42): “amount”");
  /* Free keys and values the shape does not describe are checked too. */
  refused ("{\"prices\":{\"gold\":\"1\",\"gold\":\"2\"}}", MPOS_JSON_ERROR_DUPLICATE,
           "prices (line 1, column 23): “gold”");
  refused ("{\"note\":[[{\"a\":{\"b\":1,\"b\":2}}]]}", MPOS_JSON_ERROR_DUPLICATE,
           "note[0][0].a (line 1, column 23)");
  /* Keys are compared as decoded: "qty" and "q\u0074y" are one key. */
  refused ("{\"lines\":[{\"qty\":1,\"q\\u0074y\":2}]}", MPOS_JSON_ERROR_DUPLICATE, "“qty”");
  /* The same key in two objects is no duplicate. */
  g_assert_no_error (check ("{\"lines\":[{\"qty\":1},{\"qty\":2}],\"note\":{\"qty\":3}}"));
}

/* Past 32 keys an object's keys are hashed: a duplicate is still found. */
static void
test_json_strict_refuses_duplicates_in_a_large_object (void)
{
  g_autoptr (GString) doc = g_string_new ("{\"note\":{");
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < 1000; i++)
    g_string_append_printf (doc, "\"k%u\":%u,", i, i);
  g_string_append (doc, "\"k0\":1}}");
  assert_refused (doc->str, doc->len, MPOS_JSON_ERROR_DUPLICATE, "note (line 1, column");
  g_string_truncate (doc, doc->len - strlen ("\"k0\":1}}"));
  g_string_append (doc, "\"k1000\":1}}");
  error = check_len (doc->str, doc->len);
  g_assert_no_error (error);
}

static void
test_json_strict_refuses_unknown_keys (void)
{
  refused ("{\"lines\":[{\"sku\":\"1\",\"qtty\":5}]}", MPOS_JSON_ERROR_UNKNOWN,
           "lines[0] (line 1, column 22): unknown field “qtty”; a line may have: sku, qty");
  refused ("{\"member\":\"1\",\n  \"memebr\":\"2\"}", MPOS_JSON_ERROR_UNKNOWN,
           "the document (line 2, column 3): unknown field “memebr”; a sale may have: member, "
           "lines, payments, prices, note");
  /* A variant's keys belong to it only. */
  refused ("{\"payments\":[{\"type\":\"cash\",\"amount\":\"1\",\"pin\":\"1\"}]}",
           MPOS_JSON_ERROR_UNKNOWN,
           "unknown field “pin”; a payment with “type”: “cash” may have: type, amount");
  refused ("{\"payments\":[{\"pin\":\"1\",\"type\":\"cash\"}]}", MPOS_JSON_ERROR_UNKNOWN,
           "payments[0] (line 1, column 15): unknown field “pin”");
  /* An unknown type is the reader's to name; its keys are any variant's. */
  g_assert_no_error (check ("{\"payments\":[{\"type\":\"bitcoin\",\"pin\":\"1\"}]}"));
  refused ("{\"payments\":[{\"type\":\"bitcoin\",\"pn\":\"1\"}]}", MPOS_JSON_ERROR_UNKNOWN,
           "may have: type, amount, pin");
  /* A key with a control character is shown without it. */
  refused ("{\"a\\nb\":1}", MPOS_JSON_ERROR_UNKNOWN, "unknown field “a?b”");
}

static void
test_json_strict_refuses_nul (void)
{
  refused ("{\"member\":\"10\\u0000 01\"}", MPOS_JSON_ERROR_NUL,
           "member (line 1, column 14): the text holds \\u0000");
  refused ("{\"lines\":[{\"s\\u0000ku\":\"1\"}]}", MPOS_JSON_ERROR_NUL, "lines[0] (line 1");
  refused ("{\"member\":\"10\0 01\"}", MPOS_JSON_ERROR_SYNTAX,
           "a NUL byte (is this a text file?) at line 1, column 14");
  refused ("{\"member\":\"1\"\0}", MPOS_JSON_ERROR_SYNTAX, "a NUL byte");
  refused ("{\"member\":\"1\"}\0", MPOS_JSON_ERROR_SYNTAX,
           "a NUL byte (is this a text file?) at line 1, column 15");
  refused ("\0", MPOS_JSON_ERROR_SYNTAX, "a NUL byte");
  /* An escaped backslash before u0000 is text, not a NUL. */
  g_assert_no_error (check ("{\"member\":\"\\\\u0000\"}"));
}

static void
test_json_strict_refuses_deep_nesting (void)
{
  g_autoptr (GString) doc = g_string_new ("{\"note\":");
  g_autoptr (GError) error = NULL;

  for (guint i = 1; i < MPOS_JSON_MAX_DEPTH; i++)
    g_string_append_c (doc, '[');
  for (guint i = 1; i < MPOS_JSON_MAX_DEPTH; i++)
    g_string_append_c (doc, ']');
  g_string_append_c (doc, '}');
  error = check_len (doc->str, doc->len);
  g_assert_no_error (error);
  g_string_insert (doc, strlen ("{\"note\":"), "[");
  g_string_insert (doc, doc->len - 1, "]");
  assert_refused (doc->str, doc->len, MPOS_JSON_ERROR_VALUE, "nested more than 64 levels deep");
  /* A hostile depth ends at the limit, not on the stack. */
  g_string_truncate (doc, 0);
  for (guint i = 0; i < 1000000; i++)
    g_string_append_c (doc, '[');
  assert_refused (doc->str, doc->len, MPOS_JSON_ERROR_VALUE, "nested more than 64 levels deep");
}

static void
test_json_strict_refuses_absurd_numbers (void)
{
  refused ("{\"lines\":[{\"qty\":1e400}]}", MPOS_JSON_ERROR_VALUE,
           "lines[0].qty (line 1, column 18): a number too large to hold");
  refused ("{\"lines\":[{\"qty\":-1e309}]}", MPOS_JSON_ERROR_VALUE, "too large");
  refused ("{\"lines\":[{\"qty\":12345678901234567890123456789012345678901}]}",
           MPOS_JSON_ERROR_VALUE, "a number of more than 40 characters");
  refused ("{\"lines\":[{\"qty\":01}]}", MPOS_JSON_ERROR_SYNTAX, "a leading zero");
  refused ("{\"lines\":[{\"qty\":1.}]}", MPOS_JSON_ERROR_SYNTAX, "decimal point");
  refused ("{\"lines\":[{\"qty\":+1}]}", MPOS_JSON_ERROR_SYNTAX, "unexpected text");
  refused ("{\"lines\":[{\"qty\":.5}]}", MPOS_JSON_ERROR_SYNTAX, "unexpected text");
  refused ("{\"lines\":[{\"qty\":1e}]}", MPOS_JSON_ERROR_SYNTAX, "exponent");
  refused ("{\"lines\":[{\"qty\":NaN}]}", MPOS_JSON_ERROR_SYNTAX, "unexpected text");
}

static void
test_json_strict_refuses_bad_text (void)
{
  refused ("{\"member\":\"\xb2\xe2\xca\xd4\"}", MPOS_JSON_ERROR_SYNTAX,
           "text that is not UTF-8 (save the file as UTF-8) at line 1, column 12 (in member)");
  refused ("{\"member\":\"\xed\xa0\x80\"}", MPOS_JSON_ERROR_SYNTAX, "not UTF-8");
  refused ("{\"member\":\"\xc0\xaf\"}", MPOS_JSON_ERROR_SYNTAX, "not UTF-8");
  refused ("{\"member\":\"\\ud800\"}", MPOS_JSON_ERROR_SYNTAX, "surrogate pair");
  refused ("{\"member\":\"\\udc00\\ud800\"}", MPOS_JSON_ERROR_SYNTAX, "surrogate pair");
  refused ("{\"member\":\"\\ud800\\u0041\"}", MPOS_JSON_ERROR_SYNTAX, "surrogate pair");
  refused ("{\"member\":\"a\nb\"}", MPOS_JSON_ERROR_SYNTAX, "a line break or another control");
  refused ("{\"member\":\"\\x\"}", MPOS_JSON_ERROR_SYNTAX, "an unknown escape");
  refused ("{\"member\":\"\\u12G4\"}", MPOS_JSON_ERROR_SYNTAX, "four hexadecimal digits");
}

static void
test_json_strict_names_syntax_errors (void)
{
  refused ("", MPOS_JSON_ERROR_SYNTAX, "the document is empty");
  refused (" \n\t", MPOS_JSON_ERROR_SYNTAX, "the document is empty");
  refused ("{\"lines\":[{\"sku\":\"1\"", MPOS_JSON_ERROR_SYNTAX,
           "ends too early (is it cut short?)");
  refused ("{\"member\":\"1", MPOS_JSON_ERROR_SYNTAX, "ends too early");
  refused ("{\"member\":\"\\u12", MPOS_JSON_ERROR_SYNTAX, "ends too early");
  refused ("{\"member\":tru", MPOS_JSON_ERROR_SYNTAX, "ends too early");
  refused ("{\"member\":-", MPOS_JSON_ERROR_SYNTAX, "ends too early");
  refused ("{\n  \"lines\": [\n    {\"sku\": \"1\" \"qty\": 2}\n  ]\n}", MPOS_JSON_ERROR_SYNTAX,
           "expected “,” or “}” after a value in an object at line 3, column 17 (in lines[0])");
  refused ("{\"member\":\"1\"} and more", MPOS_JSON_ERROR_SYNTAX,
           "text after the end of the document at line 1, column 16");
  refused ("{\"member\":\"1\"}{}", MPOS_JSON_ERROR_SYNTAX, "text after the end");
  refused ("{member:1}", MPOS_JSON_ERROR_SYNTAX, "expected a key in double quotes");
  refused ("{\"member\" 1}", MPOS_JSON_ERROR_SYNTAX, "expected “:” after the key");
  refused ("{\"lines\":[1,]}", MPOS_JSON_ERROR_SYNTAX, "unexpected text at line 1, column 13");
  refused ("{\"lines\":[1 2]}", MPOS_JSON_ERROR_SYNTAX, "expected “,” or “]”");
  refused ("{\"member\":\"1\",}", MPOS_JSON_ERROR_SYNTAX, "expected a key");
  /* Columns count characters, not bytes. */
  refused ("{\"note\":\"测试\",x}", MPOS_JSON_ERROR_SYNTAX, "line 1, column 14");
}

/* mpos_json_parse: the strict check first, a BOM skipped, then cJSON's tree. */
static void
test_json_parse_is_strict (void)
{
  static const char bom[] = "\xEF\xBB\xBF{\"member\":\"1\"}";
  g_autoptr (GError) error = NULL;
  g_autoptr (cJSON) root = mpos_json_parse (bom, strlen (bom), &sale_shape, &error);
  const char *text = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (cJSON_GetObjectItemCaseSensitive (root, "member")->valuestring, ==, "1");
  g_clear_pointer (&root, cJSON_Delete);
  root = mpos_json_parse ("{\"member\":\"1\",\"member\":\"2\"}", 27, &sale_shape, &error);
  g_assert_null (root);
  g_assert_error (error, MPOS_JSON_ERROR, MPOS_JSON_ERROR_DUPLICATE);
  g_clear_error (&error);
  /* Written documents keep any key, never a duplicate. */
  root = mpos_json_parse ("{\"x\":{\"y\":1}}", 13, &mpos_json_shape_written, &error);
  g_assert_no_error (error);
  g_clear_pointer (&root, cJSON_Delete);
  root = mpos_json_parse ("{\"x\":1,\"x\":1}", 13, &mpos_json_shape_written, &error);
  g_assert_error (error, MPOS_JSON_ERROR, MPOS_JSON_ERROR_DUPLICATE);
  g_clear_error (&error);
  /* Text fields hold no control characters; lines may hold line breaks. */
  root = mpos_json_parse ("{\"member\":\"a\\tb\",\"note\":\"a\\nb\"}", 31, &sale_shape, &error);
  g_assert_no_error (error);
  g_assert_false (mpos_json_get_string (root, "member", TRUE, 64, &text, &error));
  g_assert_error (error, MPOS_JSON_ERROR, MPOS_JSON_ERROR_VALUE);
  g_assert_nonnull (strstr (error->message, "“member” holds a line break, a tab"));
  g_clear_error (&error);
  g_assert_false (mpos_json_get_string (root, "note", TRUE, 64, &text, &error));
  g_clear_error (&error);
  g_assert_true (mpos_json_get_lines (root, "note", TRUE, 64, &text, &error));
  g_assert_cmpstr (text, ==, "a\nb");
  g_assert_false (mpos_json_get_lines (root, "member", TRUE, 64, &text, &error));
  g_assert_error (error, MPOS_JSON_ERROR, MPOS_JSON_ERROR_VALUE);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/json-strict/accepts-well-formed-documents",
                   test_json_strict_accepts_well_formed_documents);
  g_test_add_func ("/json-strict/refuses-duplicate-keys-at-every-depth",
                   test_json_strict_refuses_duplicate_keys_at_every_depth);
  g_test_add_func ("/json-strict/refuses-duplicates-in-a-large-object",
                   test_json_strict_refuses_duplicates_in_a_large_object);
  g_test_add_func ("/json-strict/refuses-unknown-keys", test_json_strict_refuses_unknown_keys);
  g_test_add_func ("/json-strict/refuses-nul", test_json_strict_refuses_nul);
  g_test_add_func ("/json-strict/refuses-deep-nesting", test_json_strict_refuses_deep_nesting);
  g_test_add_func ("/json-strict/refuses-absurd-numbers", test_json_strict_refuses_absurd_numbers);
  g_test_add_func ("/json-strict/refuses-bad-text", test_json_strict_refuses_bad_text);
  g_test_add_func ("/json-strict/names-syntax-errors", test_json_strict_names_syntax_errors);
  g_test_add_func ("/json-strict/parse-is-strict", test_json_parse_is_strict);
  return g_test_run ();
}
