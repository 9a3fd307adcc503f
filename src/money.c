/* money.c — parsing, formatting and checked arithmetic of MposMoney (int64 fen).
 * The parser is strict on purpose: an amount that could be read two ways
 * ("1,000", "1e3", "12.345") is an error at the boundary, never a guess. */
#include "money.h"

#include <string.h>

GQuark
mpos_money_error_quark (void)
{
  return g_quark_from_static_string ("mpos-money-error-quark");
}

#define YUAN_SIGN "\xc2\xa5"               /* U+00A5 ¥ */
#define FULLWIDTH_YUAN_SIGN "\xef\xbf\xa5" /* U+FFE5 ￥ */

/* The pieces of "[-][¥|￥]digits[.d[d]]" once the blanks are gone. */
typedef struct
{
  gboolean negative;
  const char *int_digits;
  gsize int_len;
  const char *frac_digits;
  gsize frac_len;
} MoneyTokens;

/* At most this much of a rejected input is quoted back in the error message. */
#define QUOTE_MAX 40

static const char *
parse_error_reason (MposMoneyError code)
{
  switch (code)
    {
    case MPOS_MONEY_ERROR_PRECISION:
      return "has more than two decimals";
    case MPOS_MONEY_ERROR_RANGE:
      return "is beyond the largest amount allowed";
    case MPOS_MONEY_ERROR_NEGATIVE:
      return "is negative, only 0 or more is allowed here";
    case MPOS_MONEY_ERROR_EMPTY:
    case MPOS_MONEY_ERROR_SYNTAX:
    default:
      return "is not an amount (expected e.g. 12.50)";
    }
}

static gboolean
set_parse_error (GError **error, MposMoneyError code, const char *text, gsize len)
{
  g_autofree char *quoted = NULL;

  if (code == MPOS_MONEY_ERROR_EMPTY)
    {
      g_set_error_literal (error, MPOS_MONEY_ERROR, code, "No amount given");
      return FALSE;
    }
  quoted = g_utf8_make_valid (text, MIN (len, QUOTE_MAX));
  g_set_error (error, MPOS_MONEY_ERROR, code, "“%s” %s", quoted, parse_error_reason (code));
  return FALSE;
}

static gsize
skip_digits (const char *p)
{
  gsize n = 0;

  while (g_ascii_isdigit (p[n]))
    n++;
  return n;
}

static const char *
skip_symbol (const char *p)
{
  if (g_str_has_prefix (p, YUAN_SIGN))
    return p + strlen (YUAN_SIGN);
  if (g_str_has_prefix (p, FULLWIDTH_YUAN_SIGN))
    return p + strlen (FULLWIDTH_YUAN_SIGN);
  return p;
}

/* Splits the trimmed text [p, end) into tokens; FALSE on any syntax error. */
static gboolean
tokenize (const char *p, const char *end, MoneyTokens *tok)
{
  memset (tok, 0, sizeof *tok);
  if (*p == '-')
    {
      tok->negative = TRUE;
      p++;
    }
  p = skip_symbol (p);
  tok->int_digits = p;
  tok->int_len = skip_digits (p);
  if (tok->int_len == 0)
    return FALSE;
  p += tok->int_len;
  if (*p == '.')
    {
      p++;
      tok->frac_digits = p;
      tok->frac_len = skip_digits (p);
      if (tok->frac_len == 0)
        return FALSE;
      p += tok->frac_len;
    }
  return p == end;
}

/* Yuan digits to fen; FALSE beyond MPOS_MONEY_MAX. Leading zeros never overflow. */
static gboolean
tokens_to_fen (const MoneyTokens *tok, MposMoney *fen)
{
  const MposMoney max_yuan = MPOS_MONEY_MAX / 100;
  MposMoney yuan = 0;
  MposMoney cents = 0;

  for (gsize i = 0; i < tok->int_len; i++)
    {
      yuan = yuan * 10 + (tok->int_digits[i] - '0');
      if (yuan > max_yuan)
        return FALSE;
    }
  for (gsize i = 0; i < 2; i++)
    cents = cents * 10 + (i < tok->frac_len ? tok->frac_digits[i] - '0' : 0);
  *fen = yuan * 100 + cents;
  return *fen <= MPOS_MONEY_MAX;
}

/* Returns PARSE_OK or the MposMoneyError that applies; checks go in the
 * order a person would fix them: shape, decimals, sign, size. */
#define PARSE_OK (-1)

static int
parse_trimmed (const char *start, const char *end, MposMoneyParseFlags flags, MposMoney *out)
{
  MoneyTokens tok;
  MposMoney fen;

  if (start == end)
    return MPOS_MONEY_ERROR_EMPTY;
  if (!tokenize (start, end, &tok))
    return MPOS_MONEY_ERROR_SYNTAX;
  if (tok.frac_len > 2)
    return MPOS_MONEY_ERROR_PRECISION;
  if (tok.negative && !(flags & MPOS_MONEY_PARSE_ALLOW_NEGATIVE))
    return MPOS_MONEY_ERROR_NEGATIVE;
  if (!tokens_to_fen (&tok, &fen))
    return MPOS_MONEY_ERROR_RANGE;
  *out = tok.negative ? -fen : fen;
  return PARSE_OK;
}

gboolean
mpos_money_parse (const char *text, MposMoneyParseFlags flags, MposMoney *out, GError **error)
{
  const char *start = text;
  const char *end;
  MposMoney value = 0;
  int rc;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  end = text + strlen (text);
  while (start < end && g_ascii_isspace (*start))
    start++;
  while (end > start && g_ascii_isspace (end[-1]))
    end--;

  rc = parse_trimmed (start, end, flags, &value);
  if (rc != PARSE_OK)
    return set_parse_error (error, (MposMoneyError)rc, start, end - start);
  *out = value;
  return TRUE;
}

/* Works for every int64, even outside ±MPOS_MONEY_MAX: the magnitude is unsigned. */
char *
mpos_money_to_buf (MposMoney amount, char buf[MPOS_MONEY_BUF])
{
  uint64_t magnitude = amount < 0 ? (uint64_t)0 - (uint64_t)amount : (uint64_t)amount;

  g_return_val_if_fail (buf != NULL, NULL);

  g_snprintf (buf, MPOS_MONEY_BUF, "%s%" G_GUINT64_FORMAT ".%02u", amount < 0 ? "-" : "",
              magnitude / 100, (guint)(magnitude % 100));
  return buf;
}

/* FULLWIDTH alone implies the symbol: there is nothing else it could mean. */
char *
mpos_money_format (MposMoney amount, MposMoneyFormatFlags flags)
{
  char buf[MPOS_MONEY_BUF];
  const char *digits = mpos_money_to_buf (amount, buf);
  const char *symbol = "";

  if (flags & MPOS_MONEY_FORMAT_FULLWIDTH)
    symbol = FULLWIDTH_YUAN_SIGN;
  else if (flags & MPOS_MONEY_FORMAT_SYMBOL)
    symbol = YUAN_SIGN;

  if (amount < 0)
    return g_strconcat ("-", symbol, digits + 1, NULL);
  return g_strconcat (symbol, digits, NULL);
}

static gboolean
in_range (int64_t value)
{
  return value >= -MPOS_MONEY_MAX && value <= MPOS_MONEY_MAX;
}

gboolean
mpos_money_add (MposMoney a, MposMoney b, MposMoney *out)
{
  int64_t sum;

  g_return_val_if_fail (out != NULL, FALSE);

  if (__builtin_add_overflow (a, b, &sum) || !in_range (sum))
    return FALSE;
  *out = sum;
  return TRUE;
}

gboolean
mpos_money_mul (MposMoney a, int64_t factor, MposMoney *out)
{
  int64_t product;

  g_return_val_if_fail (out != NULL, FALSE);

  if (__builtin_mul_overflow (a, factor, &product) || !in_range (product))
    return FALSE;
  *out = product;
  return TRUE;
}
