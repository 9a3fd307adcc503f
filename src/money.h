/* money.h — the one money type of MallPOS: int64 fen (0.01 yuan).
 * Parsing and formatting live here so every boundary (CSV, JSON, CLI, UI)
 * accepts and prints amounts the same way. No floating point, ever. */
#pragma once

#include <glib.h>
#include <stdint.h>

G_BEGIN_DECLS

typedef int64_t MposMoney; /* fen */

/* The largest amount we accept anywhere: 10^15 fen = 10 trillion yuan.
 * Keeps every sum of a few million amounts far from int64 overflow. */
#define MPOS_MONEY_MAX ((MposMoney) 1000000000000000LL)

#define MPOS_MONEY_ERROR (mpos_money_error_quark ())
GQuark mpos_money_error_quark (void);

typedef enum
{
  MPOS_MONEY_ERROR_EMPTY,     /* "" or only blanks */
  MPOS_MONEY_ERROR_SYNTAX,    /* "abc", "1e3", "1,000", "12." */
  MPOS_MONEY_ERROR_PRECISION, /* more than two decimals: "12.345" */
  MPOS_MONEY_ERROR_RANGE,     /* beyond ±MPOS_MONEY_MAX */
  MPOS_MONEY_ERROR_NEGATIVE,  /* a sign where only non-negative is allowed */
} MposMoneyError;

typedef enum
{
  MPOS_MONEY_PARSE_DEFAULT = 0,
  MPOS_MONEY_PARSE_ALLOW_NEGATIVE = 1 << 0,
} MposMoneyParseFlags;

/* Accepts "12", "12.5", "12.50", "¥12.50", "￥12.50", "-3.00" or "-¥3.00"
 * (with ALLOW_NEGATIVE), optional surrounding ASCII blanks. Rejects exponents,
 * thousands separators, more than two decimals (even "12.500"), overflow.
 * *out is untouched on error. */
gboolean mpos_money_parse (const char *text, MposMoneyParseFlags flags, MposMoney *out,
                           GError **error);

typedef enum
{
  MPOS_MONEY_FORMAT_PLAIN = 0,         /* "12.50", "-3.00" */
  MPOS_MONEY_FORMAT_SYMBOL = 1 << 0,   /* "¥12.50" (U+00A5) */
  MPOS_MONEY_FORMAT_FULLWIDTH = 1 << 1, /* with SYMBOL: "￥12.50" (U+FFE5) */
} MposMoneyFormatFlags;

/* Newly allocated string. Negative amounts print the sign before the symbol: "-¥3.00". */
char *mpos_money_format (MposMoney amount, MposMoneyFormatFlags flags);

/* Writes the PLAIN format into buf (at least MPOS_MONEY_BUF bytes), returns buf. */
#define MPOS_MONEY_BUF 32
char *mpos_money_to_buf (MposMoney amount, char buf[MPOS_MONEY_BUF]);

/* Checked arithmetic: FALSE (and *out untouched) when the result leaves ±MPOS_MONEY_MAX. */
gboolean mpos_money_add (MposMoney a, MposMoney b, MposMoney *out);
gboolean mpos_money_mul (MposMoney a, int64_t factor, MposMoney *out);

G_END_DECLS
