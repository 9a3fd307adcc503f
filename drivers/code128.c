/* code128.c — CODE128 the ESC/POS way. The encoder packs receipt numbers
 * (letters, dashes and long digit runs) into set B with set C runs, so the
 * symbol fits 58 mm paper; the decoder turns GS k 73 data into symbols and
 * HRI text so the virtual printer can draw the bars a real printer would. */
#include "code128.h"

#include <string.h>

#define MAX_TEXT 80
#define SET_A 0
#define SET_B 1
#define SET_C 2
#define CODE_A 101 /* in sets B and C */
#define CODE_B 100 /* in sets A and C */
#define CODE_C 99  /* in sets A and B */
#define SHIFT 98
#define FNC1 102
#define FNC2 97
#define FNC3 96

/* ISO/IEC 15417: bar, space, bar, space, bar, space widths of values 0–105,
 * then the stop pattern (with its final bar). */
static const char *const patterns[107] = {
  "212222", "222122", "222221", "121223", "121322", "131222", "122213", "122312",  "132212",
  "221213", "221312", "231212", "112232", "122132", "122231", "113222", "123122",  "123221",
  "223211", "221132", "221231", "213212", "223112", "312131", "311222", "321122",  "321221",
  "312212", "322112", "322211", "212123", "212321", "232121", "111323", "131123",  "131321",
  "112313", "132113", "132311", "211313", "231113", "231311", "112133", "112331",  "132131",
  "113123", "113321", "133121", "313121", "211331", "231131", "213113", "213311",  "213131",
  "311123", "311321", "331121", "312113", "312311", "332111", "314111", "221411",  "431111",
  "111224", "111422", "121124", "121421", "141122", "141221", "112214", "112412",  "122114",
  "122411", "142112", "142211", "241211", "221114", "413111", "241112", "134111",  "111242",
  "121142", "121241", "114212", "124112", "124211", "411212", "421112", "421211",  "212141",
  "214121", "412121", "111143", "111341", "131141", "114113", "114311", "411113",  "411311",
  "113141", "114131", "311141", "411131", "211412", "211214", "211232", "2331112",
};

const char *
mpos_code128_pattern (guint symbol)
{
  return symbol < G_N_ELEMENTS (patterns) ? patterns[symbol] : NULL;
}

guint
mpos_code128_modules (const GArray *symbols)
{
  guint modules = 0;

  for (guint i = 0; i < symbols->len; i++)
    {
      const char *pattern = mpos_code128_pattern (g_array_index (symbols, guint8, i));

      for (const char *p = pattern; p != NULL && *p != '\0'; p++)
        modules += (guint)(*p - '0');
    }
  return modules;
}

/* ---- encoding ----------------------------------------------------------------- */

static gsize
digit_run (const char *text)
{
  gsize n = 0;

  while (g_ascii_isdigit (text[n]))
    n++;
  return n;
}

/* Set C pays for itself from four digits at either end, six in the middle. */
static gboolean
worth_set_c (gsize run, gboolean at_start, gboolean at_end)
{
  return run >= ((at_start || at_end) ? 4 : 6);
}

static void
append_set (GByteArray *out, char set)
{
  guint8 escape[2] = { '{', (guint8)set };

  g_byte_array_append (out, escape, 2);
}

static gboolean
printable (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if (*p < 32 || *p > 126)
      return FALSE;
  return TRUE;
}

/* Appends an even number of digits as set C byte values. */
static void
append_pairs (GByteArray *out, const char *digits, gsize n)
{
  for (gsize i = 0; i + 1 < n; i += 2)
    {
      guint8 value = (guint8)((digits[i] - '0') * 10 + (digits[i + 1] - '0'));

      g_byte_array_append (out, &value, 1);
    }
}

GByteArray *
mpos_code128_escpos_data (const char *text)
{
  GByteArray *out;
  int set = -1;

  if (text == NULL || text[0] == '\0' || strlen (text) > MAX_TEXT || !printable (text))
    return NULL;
  out = g_byte_array_new ();
  for (const char *p = text; *p != '\0';)
    {
      gsize run = digit_run (p);

      if (run >= 2 && worth_set_c (run, p == text, p[run] == '\0'))
        {
          /* An odd run leaves its first digit in set B, before the switch. */
          if (run % 2 == 1)
            {
              if (set != SET_B)
                append_set (out, 'B');
              set = SET_B;
              g_byte_array_append (out, (const guint8 *)p, 1);
              p++;
              run--;
            }
          if (set != SET_C)
            append_set (out, 'C');
          set = SET_C;
          append_pairs (out, p, run);
          p += run;
          continue;
        }
      if (set != SET_B)
        append_set (out, 'B');
      set = SET_B;
      if (*p == '{')
        g_byte_array_append (out, (const guint8 *)"{", 1); /* "{{" is a literal brace */
      g_byte_array_append (out, (const guint8 *)p, 1);
      p++;
    }
  return out;
}

/* ---- decoding ----------------------------------------------------------------- */

typedef struct
{
  GArray *symbols;
  GString *hri;
  int set;
  int shifted; /* the set of the one character after SHIFT, or -1 */
} Decoder;

static void
push (Decoder *decoder, guint8 value)
{
  g_array_append_val (decoder->symbols, value);
}

/* "{X": a set switch, FNC or shift. FALSE when X means nothing here. */
static gboolean
decode_escape (Decoder *decoder, guint8 x)
{
  static const char sets[] = "ABC";
  const char *which = x != '\0' ? strchr (sets, x) : NULL;

  if (which != NULL)
    {
      int target = (int)(which - sets);
      static const guint8 switch_to[] = { CODE_A, CODE_B, CODE_C };

      if (target != decoder->set)
        push (decoder, switch_to[target]);
      decoder->set = target;
      return TRUE;
    }
  switch (x)
    {
    case '1':
      push (decoder, FNC1);
      return TRUE;
    case '2':
    case '3':
    case '4':
      if (decoder->set == SET_C)
        return FALSE;
      /* FNC4 is the code of the own set: 101 in set A, 100 in set B. */
      push (decoder, x == '2' ? FNC2 : x == '3' ? FNC3 : decoder->set == SET_A ? CODE_A : CODE_B);
      return TRUE;
    case 'S':
      if (decoder->set == SET_C)
        return FALSE;
      push (decoder, SHIFT);
      decoder->shifted = decoder->set == SET_A ? SET_B : SET_A;
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
decode_char (Decoder *decoder, guint8 byte)
{
  int set = decoder->shifted >= 0 ? decoder->shifted : decoder->set;

  decoder->shifted = -1;
  if (set == SET_C)
    {
      if (byte > 99)
        return FALSE;
      push (decoder, byte);
      g_string_append_printf (decoder->hri, "%02u", byte);
      return TRUE;
    }
  if (set == SET_A && byte < 96)
    {
      push (decoder, (guint8)(byte < 32 ? byte + 64 : byte - 32));
      g_string_append_c (decoder->hri, byte < 32 ? ' ' : (char)byte);
      return TRUE;
    }
  if (set == SET_B && byte >= 32 && byte < 128)
    {
      push (decoder, (guint8)(byte - 32));
      g_string_append_c (decoder->hri, byte == 127 ? ' ' : (char)byte);
      return TRUE;
    }
  return FALSE;
}

static void
finish_symbols (GArray *symbols)
{
  guint sum = g_array_index (symbols, guint8, 0);
  guint8 check, stop = MPOS_CODE128_STOP;

  for (guint i = 1; i < symbols->len; i++)
    sum += i * g_array_index (symbols, guint8, i);
  check = (guint8)(sum % 103);
  g_array_append_val (symbols, check);
  g_array_append_val (symbols, stop);
}

gboolean
mpos_code128_decode_escpos (const guint8 *data, gsize length, GArray *symbols, GString *hri)
{
  Decoder decoder = { symbols, hri, -1, -1 };
  guint8 start;

  g_return_val_if_fail (symbols != NULL && hri != NULL, FALSE);

  if (length < 3 || data[0] != '{' || data[1] < 'A' || data[1] > 'C')
    return FALSE;
  decoder.set = data[1] - 'A';
  start = (guint8)(MPOS_CODE128_START_A + decoder.set);
  g_array_append_val (symbols, start);
  for (gsize i = 2; i < length; i++)
    {
      gboolean ok;

      if (data[i] == '{' && decoder.set != SET_C && i + 1 < length && data[i + 1] == '{')
        ok = decode_char (&decoder, data[++i]);
      else if (data[i] == '{')
        ok = i + 1 < length && decode_escape (&decoder, data[++i]);
      else
        ok = decode_char (&decoder, data[i]);
      if (!ok)
        return FALSE;
    }
  if (symbols->len < 2)
    return FALSE;
  finish_symbols (symbols);
  return TRUE;
}
