/* json-strict.c — one pass over the raw text of a JSON document, refusing
 * what cJSON would read ambiguously: a key given twice (cJSON keeps both and
 * readers see the first), \u0000 (cJSON cuts the string there), a raw NUL,
 * text that is not UTF-8, keys the document's shape does not have (a
 * misspelt "qtty" would be ignored), absurd depth and numbers. It is a full
 * RFC 8259 recogniser, so every syntax error is named here too, with the
 * line and column a person looks for in an editor. The same pass builds
 * the cJSON tree when asked (mpos_json_strict_read): the centre read every
 * push body twice, checked and then parsed, half of its CPU. The path of a
 * refusal is made only when there is one: the scan keeps the keys and
 * indexes it is in, not their text. */
#include "json-strict.h"
#include "fail.h"
#include "json-fields.h"

#include <cjson/cJSON.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Keys of one object compared one by one up to this many, hashed beyond. */
#define KEYS_BEFORE_INDEX 32
/* Key names in messages and paths are cut here. */
#define MAX_SHOWN_KEY_CHARS 64

const MposJsonShape mpos_json_shape_written = { .what = "a document", .any_keys = TRUE };

typedef struct
{
  gsize name;   /* offset of the decoded key in Scan.keys */
  gsize at;     /* offset of its opening quote in the document */
  gsize length; /* of the decoded key, in bytes: compared before the bytes */
} KeySeen;

/* One step of where the scan is: a key (its offset in Scan.keys) or an index. */
typedef struct
{
  gsize key; /* NO_KEY: an index */
  guint index;
} Step;

#define NO_KEY G_MAXSIZE

typedef struct
{
  const char *data;
  gsize length;
  gsize pos;
  guint depth;
  GArray *steps;  /* Step: where the scan is, "lines[2].qty" once written */
  GString *path;  /* the steps written, for a refusal */
  GString *keys;  /* decoded keys of the open objects, each ending in NUL */
  GArray *seen;   /* KeySeen of the open objects, innermost last */
  GString *text;  /* a string value decoded, for the tree */
  gboolean build; /* build the tree too */
  GError **error;
} Scan;

/* ---- refusals ------------------------------------------------------------- */

/* "line 3, column 7": characters, not bytes (UTF-8 continuation bytes do not
 * move the column). */
static char *
line_column (const Scan *s, gsize offset)
{
  guint line = 1, column = 1;

  for (gsize i = 0; i < offset && i < s->length; i++)
    {
      column = s->data[i] == '\n' ? 1 : column + ((s->data[i] & 0xC0) != 0x80);
      line += s->data[i] == '\n';
    }
  return g_strdup_printf ("line %u, column %u", line, column);
}

static void append_shown_key (GString *out, const char *key);

/* The steps as a path ("lines[2].qty"), "" at the top. */
static const char *
path (Scan *s)
{
  g_string_truncate (s->path, 0);
  for (guint i = 0; i < s->steps->len; i++)
    {
      const Step *step = &g_array_index (s->steps, Step, i);
      if (step->key == NO_KEY)
        g_string_append_printf (s->path, "[%u]", step->index);
      else
        {
          if (s->path->len > 0)
            g_string_append_c (s->path, '.');
          append_shown_key (s->path, s->keys->str + step->key);
        }
    }
  return s->path->str;
}

static const char *
place (Scan *s)
{
  return *path (s) != '\0' ? s->path->str : "the document";
}

static gboolean
syntax (Scan *s, gsize offset, const char *what)
{
  g_autofree char *at = line_column (s, offset);

  if (*path (s) != '\0')
    return mpos_fail (s->error, MPOS_JSON_ERROR, MPOS_JSON_ERROR_SYNTAX,
                      "not valid JSON: %s at %s (in %s)", what, at, s->path->str);
  return mpos_fail (s->error, MPOS_JSON_ERROR, MPOS_JSON_ERROR_SYNTAX, "not valid JSON: %s at %s",
                    what, at);
}

static gboolean
cut_short (Scan *s)
{
  return mpos_fail (s->error, MPOS_JSON_ERROR, MPOS_JSON_ERROR_SYNTAX,
                    "not valid JSON: the document ends too early (is it cut short?)");
}

/* A refusal of a well-formed but unusable value: place first, then where. */
static gboolean
refuse (Scan *s, int code, gsize offset, const char *what)
{
  g_autofree char *at = line_column (s, offset);

  return mpos_fail (s->error, MPOS_JSON_ERROR, code, "%s (%s): %s", place (s), at, what);
}

/* A key as a message shows it: cut short, control characters as '?'. */
static void
append_shown_key (GString *out, const char *key)
{
  guint chars = 0;

  for (const char *p = key; *p; p = g_utf8_next_char (p))
    {
      if (++chars > MAX_SHOWN_KEY_CHARS)
        {
          g_string_append (out, "…");
          return;
        }
      if ((guchar)*p < 0x20 || *p == 0x7F)
        g_string_append_c (out, '?');
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }
}

/* ---- strings -------------------------------------------------------------- */

static gboolean
at_end (const Scan *s)
{
  return s->pos >= s->length;
}

static void
skip_blanks (Scan *s)
{
  while (!at_end (s)
         && (s->data[s->pos] == ' ' || s->data[s->pos] == '\t' || s->data[s->pos] == '\r'
             || s->data[s->pos] == '\n'))
    s->pos++;
}

static gboolean
read_hex4 (Scan *s, gunichar *out)
{
  *out = 0;
  for (int i = 0; i < 4; i++, s->pos++)
    {
      if (at_end (s))
        return cut_short (s);
      if (!g_ascii_isxdigit (s->data[s->pos]))
        return syntax (s, s->pos, "\\u must be followed by four hexadecimal digits");
      *out = *out * 16 + (gunichar)g_ascii_xdigit_value (s->data[s->pos]);
    }
  return TRUE;
}

/* \uD83D\uDE00: a character beyond U+FFFF is written as a surrogate pair. */
static gboolean
read_low_surrogate (Scan *s, gsize at, gunichar *c)
{
  gunichar low = 0;

  if (s->length - s->pos >= 2 && s->data[s->pos] == '\\' && s->data[s->pos + 1] == 'u')
    {
      s->pos += 2;
      if (!read_hex4 (s, &low))
        return FALSE;
    }
  else if (s->length - s->pos < 2)
    return cut_short (s);
  if (low < 0xDC00 || low > 0xDFFF)
    return syntax (s, at, "half of a surrogate pair (\\uD800–\\uDBFF) without its other half");
  *c = 0x10000 + ((*c - 0xD800) << 10) + (low - 0xDC00);
  return TRUE;
}

static gboolean
read_unicode_escape (Scan *s, gsize at, GString *out)
{
  gunichar c = 0;

  if (!read_hex4 (s, &c))
    return FALSE;
  if (c == 0)
    return refuse (s, MPOS_JSON_ERROR_NUL, at,
                   "the text holds \\u0000 (a NUL character), which would cut it short there: "
                   "remove it");
  if (c >= 0xDC00 && c <= 0xDFFF)
    return syntax (s, at, "half of a surrogate pair (\\uDC00–\\uDFFF) without its other half");
  if (c >= 0xD800 && c <= 0xDBFF && !read_low_surrogate (s, at, &c))
    return FALSE;
  if (out)
    g_string_append_unichar (out, c);
  return TRUE;
}

static gboolean
read_escape (Scan *s, GString *out)
{
  static const char plain[] = "\"\\/bfnrt";
  static const char meant[] = "\"\\/\b\f\n\r\t";
  gsize at = s->pos;
  const char *known;

  if (s->length - s->pos < 2)
    return cut_short (s);
  s->pos += 2;
  if (s->data[at + 1] == 'u')
    return read_unicode_escape (s, at, out);
  known = s->data[at + 1] != '\0' ? strchr (plain, s->data[at + 1]) : NULL;
  if (known == NULL)
    return syntax (s, at,
                   "an unknown escape in a string (known: \\\" \\\\ \\/ \\b \\f \\n \\r "
                   "\\t \\uXXXX)");
  if (out)
    g_string_append_c (out, meant[known - plain]);
  return TRUE;
}

static gboolean
nul_byte (Scan *s, gsize offset)
{
  return syntax (s, offset, "a NUL byte (is this a text file?)");
}

/* Reads a string (at its opening quote); its decoded text goes to `out` if
 * given, copied by runs between escapes. */
static gboolean
read_string (Scan *s, GString *out)
{
  gsize run = ++s->pos;

  for (;;)
    {
      guchar c;
      gunichar u;

      if (at_end (s))
        return cut_short (s);
      c = (guchar)s->data[s->pos];
      if (c == '"' || c == '\\')
        {
          if (out)
            g_string_append_len (out, s->data + run, s->pos - run);
          if (c == '"')
            {
              s->pos++;
              return TRUE;
            }
          if (!read_escape (s, out))
            return FALSE;
          run = s->pos;
          continue;
        }
      if (c == '\0')
        return nul_byte (s, s->pos);
      if (c < 0x20)
        return syntax (s, s->pos,
                       "a line break or another control character inside a string "
                       "(write it as \\n, \\t or \\u00XX)");
      u = c < 0x80 ? c : g_utf8_get_char_validated (s->data + s->pos, (gssize)(s->length - s->pos));
      if (u == (gunichar)-1 || u == (gunichar)-2)
        return syntax (s, s->pos, "text that is not UTF-8 (save the file as UTF-8)");
      s->pos += g_utf8_skip[c];
    }
}

/* ---- numbers and words ---------------------------------------------------- */

static gboolean
is_digit (const Scan *s)
{
  return !at_end (s) && g_ascii_isdigit (s->data[s->pos]);
}

static gboolean
read_digits (Scan *s, const char *after)
{
  g_autofree char *what = NULL;

  if (at_end (s))
    return cut_short (s);
  if (!is_digit (s))
    return syntax (s, s->pos, (what = g_strdup_printf ("a digit must follow %s", after)));
  while (is_digit (s))
    s->pos++;
  return TRUE;
}

static gboolean
read_number (Scan *s, double *value)
{
  gsize start = s->pos;
  char text[MPOS_JSON_MAX_NUMBER_CHARS + 1];

  if (s->data[s->pos] == '-')
    s->pos++;
  if (!at_end (s) && s->data[s->pos] == '0')
    {
      s->pos++;
      if (is_digit (s))
        return syntax (s, start, "a number with a leading zero");
    }
  else if (!read_digits (s, "“-”"))
    return FALSE;
  if (!at_end (s) && s->data[s->pos] == '.')
    {
      s->pos++;
      if (!read_digits (s, "the decimal point"))
        return FALSE;
    }
  if (!at_end (s) && (s->data[s->pos] == 'e' || s->data[s->pos] == 'E'))
    {
      s->pos++;
      if (!at_end (s) && (s->data[s->pos] == '+' || s->data[s->pos] == '-'))
        s->pos++;
      if (!read_digits (s, "the exponent"))
        return FALSE;
    }
  if (s->pos - start > MPOS_JSON_MAX_NUMBER_CHARS)
    return refuse (s, MPOS_JSON_ERROR_VALUE, start, "a number of more than 40 characters");
  memcpy (text, s->data + start, s->pos - start);
  text[s->pos - start] = '\0';
  *value = g_ascii_strtod (text, NULL);
  if (!isfinite (*value))
    return refuse (s, MPOS_JSON_ERROR_VALUE, start, "a number too large to hold");
  return TRUE;
}

/* true, false or null: *which is its index in that list. */
static gboolean
read_word (Scan *s, guint *which)
{
  static const char *const words[] = { "true", "false", "null" };
  gsize left = s->length - s->pos;

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    {
      gsize len = strlen (words[i]);

      if (left >= len && memcmp (s->data + s->pos, words[i], len) == 0)
        {
          s->pos += len;
          *which = i;
          return TRUE;
        }
      if (left < len && memcmp (s->data + s->pos, words[i], left) == 0)
        return cut_short (s);
    }
  return syntax (s, s->pos, "unexpected text");
}

/* ---- shapes --------------------------------------------------------------- */

static const MposJsonKey *
find_key (const MposJsonKey *keys, const char *name)
{
  for (; keys && keys->key; keys++)
    if (strcmp (keys->key, name) == 0)
      return keys;
  return NULL;
}

static const MposJsonVariant *
find_variant (const MposJsonShape *shape, const char *value)
{
  for (const MposJsonVariant *v = shape->variants; value && v && v->value; v++)
    if (strcmp (v->value, value) == 0)
      return v;
  return NULL;
}

/* The key in the shape or (while the tag is not known) in any variant. */
static const MposJsonKey *
shape_key (const MposJsonShape *shape, const MposJsonVariant *variant, const char *name)
{
  const MposJsonKey *key = find_key (shape->keys, name);

  if (key || variant)
    return key ? key : find_key (variant->keys, name);
  for (const MposJsonVariant *v = shape->variants; v && v->value && !key; v++)
    key = find_key (v->keys, name);
  return key;
}

static gboolean
is_object_shape (const MposJsonShape *shape)
{
  return shape != NULL && (shape->keys != NULL || shape->any_keys);
}

static void
list_keys (GString *out, const MposJsonKey *keys)
{
  for (; keys && keys->key; keys++)
    {
      g_autofree char *word = g_strdup_printf (" %s,", keys->key);

      if (strstr (out->str, word) == NULL)
        g_string_append (out, word);
    }
}

static gboolean
unknown_key (Scan *s, const MposJsonShape *shape, const MposJsonVariant *variant,
             const KeySeen *key)
{
  g_autoptr (GString) what = g_string_new ("unknown field “");
  g_autoptr (GString) known = g_string_new (" ");

  append_shown_key (what, s->keys->str + key->name);
  list_keys (known, shape->keys);
  if (variant)
    list_keys (known, variant->keys);
  for (const MposJsonVariant *v = shape->variants; !variant && v && v->value; v++)
    list_keys (known, v->keys);
  g_string_truncate (known, known->len - 1);
  g_string_append_printf (what, "”; %s", shape->what);
  if (variant)
    g_string_append_printf (what, " with “%s”: “%s”", shape->tag, variant->value);
  g_string_append_printf (what, " may have:%s", known->str + 1);
  return refuse (s, MPOS_JSON_ERROR_UNKNOWN, key->at, what->str);
}

static gboolean
check_keys (Scan *s, const MposJsonShape *shape, guint first, const GString *tag_value)
{
  const MposJsonVariant *variant = find_variant (shape, tag_value ? tag_value->str : NULL);

  if (shape->any_keys)
    return TRUE;
  for (guint i = first; i < s->seen->len; i++)
    {
      const KeySeen *key = &g_array_index (s->seen, KeySeen, i);

      if (shape_key (shape, variant, s->keys->str + key->name) == NULL)
        return unknown_key (s, shape, variant, key);
    }
  return TRUE;
}

/* ---- objects and arrays --------------------------------------------------- */

static gboolean read_value (Scan *s, const MposJsonShape *shape, GString *text, cJSON **out);

static gboolean
enter (Scan *s, gsize at)
{
  if (++s->depth <= MPOS_JSON_MAX_DEPTH)
    return TRUE;
  return refuse (s, MPOS_JSON_ERROR_VALUE, at, "nested more than 64 levels deep");
}

static gboolean
duplicate (Scan *s, const KeySeen *key)
{
  g_autoptr (GString) what = g_string_new ("“");

  append_shown_key (what, s->keys->str + key->name);
  g_string_append (what, "” is given twice (a reader would see only one of them): keep one");
  return refuse (s, MPOS_JSON_ERROR_DUPLICATE, key->at, what->str);
}

/* Notes a key of the object whose keys start at `first`, refusing a second copy. */
static gboolean
note_key (Scan *s, guint first, GHashTable **index, const KeySeen *key)
{
  const char *name = s->keys->str + key->name;

  if (*index != NULL && !g_hash_table_add (*index, g_strdup (name)))
    return duplicate (s, key);
  for (guint i = first; *index == NULL && i < s->seen->len; i++)
    {
      const KeySeen *other = &g_array_index (s->seen, KeySeen, i);
      if (other->length == key->length
          && memcmp (s->keys->str + other->name, name, key->length) == 0)
        return duplicate (s, key);
    }
  g_array_append_val (s->seen, *key);
  if (*index == NULL && s->seen->len - first >= KEYS_BEFORE_INDEX)
    {
      *index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      for (guint i = first; i < s->seen->len; i++)
        g_hash_table_add (*index,
                          g_strdup (s->keys->str + g_array_index (s->seen, KeySeen, i).name));
    }
  return TRUE;
}

static gboolean
expect_char (Scan *s, char c, const char *what)
{
  skip_blanks (s);
  if (at_end (s))
    return cut_short (s);
  if (s->data[s->pos] != c)
    return s->data[s->pos] == '\0' ? nul_byte (s, s->pos) : syntax (s, s->pos, what);
  s->pos++;
  return TRUE;
}

/* Stops at the opening quote of the next key. */
static gboolean
at_key (Scan *s)
{
  skip_blanks (s);
  if (at_end (s))
    return cut_short (s);
  if (s->data[s->pos] == '"')
    return TRUE;
  return s->data[s->pos] == '\0' ? nul_byte (s, s->pos)
                                 : syntax (s, s->pos, "expected a key in double quotes");
}

/* A node made for the tree; NULL only when memory ran out. */
static gboolean
made (Scan *s, cJSON *node)
{
  if (node != NULL)
    return TRUE;
  return mpos_fail (s->error, MPOS_JSON_ERROR, MPOS_JSON_ERROR_VALUE,
                    "the document is too large to read in memory");
}

static void
step_in (Scan *s, gsize key, guint index)
{
  Step step = { key, index };

  g_array_append_val (s->steps, step);
}

static void
step_out (Scan *s)
{
  g_array_set_size (s->steps, s->steps->len - 1);
}

/* Reads "key": value at s->pos; the value's text goes to *tag_value when
 * the key is the tag; the value joins `object` (when building) under the key. */
static gboolean
read_member (Scan *s, const MposJsonShape *shape, guint first, GHashTable **index,
             GString **tag_value, cJSON *object)
{
  KeySeen key = { s->keys->len, s->pos, 0 };
  const MposJsonKey *declared = NULL;
  GString *capture = NULL;
  cJSON *value = NULL;
  const char *name;
  gboolean ok;

  if (!read_string (s, s->keys))
    return FALSE;
  key.length = s->keys->len - key.name;
  g_string_append_c (s->keys, '\0');
  if (!note_key (s, first, index, &key))
    return FALSE;
  name = s->keys->str + key.name; /* valid until the value's keys grow s->keys */
  if (is_object_shape (shape))
    declared = shape_key (shape, NULL, name);
  if (shape && shape->tag && strcmp (name, shape->tag) == 0)
    capture = *tag_value = g_string_new (NULL); /* once: a second tag is a duplicate */
  step_in (s, key.name, 0);
  ok = expect_char (s, ':', "expected “:” after the key")
       && read_value (s, declared ? declared->shape : NULL, capture, s->build ? &value : NULL);
  step_out (s);
  if (ok && s->build)
    cJSON_AddItemToObject (object, s->keys->str + key.name, value);
  return ok;
}

static gboolean
read_object (Scan *s, const MposJsonShape *shape, cJSON **out)
{
  gsize open = s->pos, keys_len = s->keys->len;
  guint first = s->seen->len;
  g_autoptr (GHashTable) index = NULL;
  g_autoptr (GString) tag_value = NULL;
  g_autoptr (cJSON) object = NULL;

  s->pos++;
  if (!enter (s, open) || (s->build && !made (s, object = cJSON_CreateObject ())))
    return FALSE;
  skip_blanks (s);
  if (!at_end (s) && s->data[s->pos] == '}')
    s->pos++;
  else
    for (;;)
      {
        if (!at_key (s) || !read_member (s, shape, first, &index, &tag_value, object))
          return FALSE;
        skip_blanks (s);
        if (!at_end (s) && s->data[s->pos] == ',')
          {
            s->pos++;
            continue;
          }
        if (!expect_char (s, '}', "expected “,” or “}” after a value in an object"))
          return FALSE;
        break;
      }
  if (is_object_shape (shape) && !check_keys (s, shape, first, tag_value))
    return FALSE;
  g_array_set_size (s->seen, first);
  g_string_truncate (s->keys, keys_len);
  s->depth--;
  if (out)
    *out = g_steal_pointer (&object);
  return TRUE;
}

static gboolean
read_array (Scan *s, const MposJsonShape *shape, cJSON **out)
{
  gsize open = s->pos;
  const MposJsonShape *items = shape && shape->items ? shape->items : NULL;
  g_autoptr (cJSON) array = NULL;

  s->pos++;
  if (!enter (s, open) || (s->build && !made (s, array = cJSON_CreateArray ())))
    return FALSE;
  skip_blanks (s);
  if (!at_end (s) && s->data[s->pos] == ']')
    s->pos++;
  else
    for (guint i = 0;; i++)
      {
        cJSON *item = NULL;
        gboolean ok;

        step_in (s, NO_KEY, i);
        ok = read_value (s, items, NULL, s->build ? &item : NULL);
        step_out (s);
        if (!ok)
          return FALSE;
        if (s->build)
          cJSON_AddItemToArray (array, item);
        skip_blanks (s);
        if (!at_end (s) && s->data[s->pos] == ',')
          {
            s->pos++;
            continue;
          }
        if (!expect_char (s, ']', "expected “,” or “]” after an item of a list"))
          return FALSE;
        break;
      }
  s->depth--;
  if (out)
    *out = g_steal_pointer (&array);
  return TRUE;
}

/* A string value; decoded (into `text` when the caller wants it, else the
 * scan's own) when the tree is built. */
static gboolean
read_string_value (Scan *s, GString *text, cJSON **out)
{
  GString *into = text ? text : s->build ? s->text : NULL;

  if (into == s->text)
    g_string_truncate (s->text, 0);
  if (!read_string (s, into))
    return FALSE;
  return !out || made (s, *out = cJSON_CreateString (into->str));
}

static gboolean
read_scalar (Scan *s, char c, cJSON **out)
{
  double number = 0;
  guint word = 0;

  if (c == '-' || g_ascii_isdigit (c))
    return read_number (s, &number) && (!out || made (s, *out = cJSON_CreateNumber (number)));
  if (c == '\0')
    return nul_byte (s, s->pos);
  if (!read_word (s, &word))
    return FALSE;
  return !out
         || made (s, *out = word == 0   ? cJSON_CreateTrue ()
                            : word == 1 ? cJSON_CreateFalse ()
                                        : cJSON_CreateNull ());
}

/* One value; its tree to *out when `out` is given. */
static gboolean
read_value (Scan *s, const MposJsonShape *shape, GString *text, cJSON **out)
{
  char c;

  skip_blanks (s);
  if (at_end (s))
    return cut_short (s);
  c = s->data[s->pos];
  if (c == '{')
    return read_object (s, shape, out);
  if (c == '[')
    return read_array (s, shape, out);
  if (c == '"')
    return read_string_value (s, text, out);
  return read_scalar (s, c, out);
}

static gboolean
scan (const char *data, gsize length, const MposJsonShape *shape, cJSON **out, GError **error)
{
  Scan s = { data,
             length,
             0,
             0,
             g_array_new (FALSE, FALSE, sizeof (Step)),
             g_string_new (NULL),
             g_string_new (NULL),
             g_array_new (FALSE, FALSE, sizeof (KeySeen)),
             g_string_new (NULL),
             out != NULL,
             error };
  gboolean ok;

  skip_blanks (&s);
  if (at_end (&s))
    ok = mpos_fail (error, MPOS_JSON_ERROR, MPOS_JSON_ERROR_SYNTAX,
                    "not valid JSON: the document is empty");
  else if ((ok = read_value (&s, shape, NULL, out)))
    {
      skip_blanks (&s);
      if (!at_end (&s))
        ok = data[s.pos] == '\0' ? nul_byte (&s, s.pos)
                                 : syntax (&s, s.pos, "text after the end of the document");
      if (!ok && out)
        g_clear_pointer (out, cJSON_Delete);
    }
  g_array_free (s.steps, TRUE);
  g_string_free (s.path, TRUE);
  g_string_free (s.keys, TRUE);
  g_array_free (s.seen, TRUE);
  g_string_free (s.text, TRUE);
  return ok;
}

gboolean
mpos_json_strict_check (const char *data, gsize length, const MposJsonShape *shape, GError **error)
{
  return scan (data, length, shape, NULL, error);
}

cJSON *
mpos_json_strict_read (const char *data, gsize length, const MposJsonShape *shape, GError **error)
{
  cJSON *root = NULL;

  return scan (data, length, shape, &root, error) ? root : NULL;
}
