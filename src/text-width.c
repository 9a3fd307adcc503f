/* text-width.c — how many columns UTF-8 text takes on a fixed-pitch receipt or
 * terminal, and how to cut and pad it without splitting a character: wide and
 * fullwidth take 2, combining/zero-width and control characters 0, the rest 1. */
#include "text-width.h"

#include <string.h>

#define REPLACEMENT_CHAR 0xFFFD

guint
mpos_text_char_width (gunichar c)
{
  if (g_unichar_iscntrl (c) || g_unichar_iszerowidth (c))
    return 0;
  if (g_unichar_iswide (c))
    return 2;
  return 1;
}

/* The printer's columns when there is a codec, else a terminal's. */
static guint
char_width (MposTextCodec *codec, gunichar c)
{
  return codec != NULL ? mpos_text_codec_char_width (codec, c) : mpos_text_char_width (c);
}

/* Decodes the character at p (not at the terminating NUL) and returns its
 * byte length. A broken sequence counts as one byte of U+FFFD, the same as
 * g_utf8_make_valid() prints, so bad input can never make us read past it. */
static gsize
next_char (const char *p, gunichar *c)
{
  gunichar u = g_utf8_get_char_validated (p, -1);

  if (u == (gunichar) -1 || u == (gunichar) -2)
    {
      *c = REPLACEMENT_CHAR;
      return 1;
    }
  *c = u;
  return (gsize) (g_utf8_next_char (p) - p);
}

/* The fitting prefix's byte length, and its width in *width. Zero-width
 * characters after the last one that fits stay with it (a base letter keeps
 * its accents). */
static gsize
fit_prefix (MposTextCodec *codec, const char *utf8, guint columns, guint *width)
{
  const char *p = utf8;
  guint used = 0;

  while (*p != '\0')
    {
      gunichar c;
      gsize n = next_char (p, &c);
      guint w = char_width (codec, c);

      if (w > columns - used)
        break;
      used += w;
      p += n;
    }
  *width = used;
  return (gsize) (p - utf8);
}

guint
mpos_text_width (const char *utf8)
{
  return mpos_text_width_in (NULL, utf8);
}

guint
mpos_text_width_in (MposTextCodec *codec, const char *utf8)
{
  guint width = 0;

  if (utf8 == NULL)
    return 0;
  for (const char *p = utf8; *p != '\0';)
    {
      gunichar c;

      p += next_char (p, &c);
      width += char_width (codec, c);
    }
  return width;
}

gsize
mpos_text_fit (const char *utf8, guint columns)
{
  return mpos_text_fit_in (NULL, utf8, columns);
}

gsize
mpos_text_fit_in (MposTextCodec *codec, const char *utf8, guint columns)
{
  guint width;

  if (utf8 == NULL)
    return 0;
  return fit_prefix (codec, utf8, columns, &width);
}

static void
append_spaces (GString *out, guint n)
{
  for (guint i = 0; i < n; i++)
    g_string_append_c (out, ' ');
}

void
mpos_text_append_padded (GString *out, const char *utf8, guint columns, gboolean align_right)
{
  mpos_text_append_padded_in (NULL, out, utf8, columns, align_right);
}

void
mpos_text_append_padded_in (MposTextCodec *codec, GString *out, const char *utf8, guint columns,
                            gboolean align_right)
{
  g_autofree char *repaired = NULL;
  const char *text = utf8 != NULL ? utf8 : "";
  guint width;
  gsize n;

  g_return_if_fail (out != NULL);

  /* Whatever we append must be valid UTF-8, even when the input is not. */
  if (!g_utf8_validate (text, -1, NULL))
    text = repaired = g_utf8_make_valid (text, -1);
  n = fit_prefix (codec, text, columns, &width);
  if (align_right)
    append_spaces (out, columns - width);
  g_string_append_len (out, text, (gssize) n);
  if (!align_right)
    append_spaces (out, columns - width);
}

const char *
mpos_text_find_control (const char *utf8)
{
  for (const char *p = utf8; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x2028 || c == 0x2029)
        return p;
    }
  return NULL;
}

/* Digits and Latin letters that read as one token: 750ml, 1.5L, iPhone15, 12%. */
static gboolean
is_token_char (const char *p)
{
  return g_ascii_isalnum (*p) || *p == '.' || *p == '%';
}

/* Closing punctuation never starts a line (避头点): "（生鲜除外）" keeps its "）". */
static gboolean
is_closing (const char *p)
{
  static const char closing[] = "）」』】》〉、。，．！？：；)]},!?:;";

  return g_utf8_strchr (closing, -1, g_utf8_get_char (p)) != NULL;
}

/* The break as the fitting rules leave it (see mpos_text_next_line). */
static gsize
fitting_break (MposTextCodec *codec, const char *text, guint columns)
{
  gsize n = mpos_text_fit_in (codec, text, columns);
  const char *start, *last;

  if (n == 0)
    return (gsize) (g_utf8_next_char (text) - text);
  if (text[n] == '\0')
    return n;
  if (is_token_char (text + n) && is_token_char (text + n - 1))
    {
      for (start = text + n - 1; start > text && is_token_char (start - 1); start--)
        ;
      return start > text ? (gsize) (start - text) : n;
    }
  if (!is_closing (text + n))
    return n;
  /* the last character goes over with the punctuation, unless that empties the line */
  last = g_utf8_prev_char (text + n);
  return last > text ? (gsize) (last - text) : n;
}

/* The boundary a reader expects inside the first n bytes: before a bracket
 * still open at the break ("(桶装)" goes over whole), else just after the
 * last space; NULL when there is none or the break is at one already. */
static const char *
reading_boundary (const char *text, gsize n)
{
  static const char opening[] = "（(【[「『《〈{", brackets_closed[] = "）)】]」』》〉}";
  const char *open = NULL, *space = NULL;

  if (text[n] == ' ' || text[n - 1] == ' ')
    return NULL;
  for (const char *p = text; p < text + n; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_utf8_strchr (opening, -1, c) != NULL)
        open = p;
      else if (g_utf8_strchr (brackets_closed, -1, c) != NULL)
        open = NULL;
      else if (c == ' ')
        space = p + 1;
    }
  return open != NULL ? open : space;
}

/* Byte length of the next line's worth of text: as much as fits, pulled back
 * so that a run of digits and Latin letters (a specification such as 750ml,
 * a model number) is never cut, unless that run alone is longer than a line,
 * and so that closing punctuation does not start the next line. Then, when
 * the line keeps at least half its columns, back to where a reader expects
 * a break: before an open bracket's words, else at a space.
 * Never 0, so a caller looping over chunks always advances. */
gsize
mpos_text_next_line (MposTextCodec *codec, const char *text, guint columns)
{
  gsize n = fitting_break (codec, text, columns);
  const char *boundary;
  g_autofree char *kept = NULL;

  if (text[n] == '\0' || (boundary = reading_boundary (text, n)) == NULL || boundary == text)
    return n;
  kept = g_strndup (text, (gsize) (boundary - text));
  return 2 * mpos_text_width_in (codec, kept) >= columns ? (gsize) (boundary - text) : n;
}

/* The rest of a text after a chunk: a space at the break is not carried over. */
const char *
mpos_text_skip_break (const char *rest)
{
  while (*rest == ' ')
    rest++;
  return rest;
}

char *
mpos_text_clean (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  GString *out = g_string_sized_new (strlen (valid));

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      g_string_append_unichar (out, g_unichar_iscntrl (c) ? ' ' : c);
    }
  return g_string_free (out, FALSE);
}
