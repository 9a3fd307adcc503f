/* barcode.h — what a scanned or keyed code means: a GTIN (EAN-13, EAN-8,
 * UPC-A) with its check digit, a GS1 restricted-circulation code (prefix 20–29)
 * from a store scale carrying a weight or a price, or an internal code. */
#pragma once

#include <glib.h>
#include <stdint.h>

G_BEGIN_DECLS

#define MPOS_BARCODE_ERROR (mpos_barcode_error_quark ())
GQuark mpos_barcode_error_quark (void);

typedef enum
{
  MPOS_BARCODE_ERROR_EMPTY,
  MPOS_BARCODE_ERROR_CHARACTERS,  /* letters or symbols where digits are required */
  MPOS_BARCODE_ERROR_LENGTH,      /* digits, but no known length */
  MPOS_BARCODE_ERROR_CHECK_DIGIT, /* wrong check digit */
  MPOS_BARCODE_ERROR_LAYOUT,      /* invalid scale-code layout configuration */
} MposBarcodeError;

typedef enum
{
  MPOS_BARCODE_EAN13,
  MPOS_BARCODE_EAN8,
  MPOS_BARCODE_UPCA,            /* normalised to its EAN-13 form ("0" + 12 digits) */
  MPOS_BARCODE_WEIGHT_EMBEDDED, /* GS1 20–29, value is grams */
  MPOS_BARCODE_PRICE_EMBEDDED,  /* GS1 20–29, value is fen */
  MPOS_BARCODE_INTERNAL,        /* store's own code: 1–32 chars of [A-Za-z0-9-_] */
} MposBarcodeKind;

typedef enum
{
  MPOS_SCALE_VALUE_WEIGHT, /* grams */
  MPOS_SCALE_VALUE_PRICE,  /* fen */
} MposScaleValueKind;

/* How store scales print their EAN-13 codes: 2 flag digits (the prefix),
 * item_digits of PLU/item code, value_digits of weight or price, optional
 * value check digit, then the EAN check digit. 2 + item + value (+1) + 1 == 13. */
typedef struct
{
  char prefix_first;   /* '2': prefixes '2'+'0'..'9'; lowest accepted second digit below */
  char prefix_min;     /* e.g. '0' → accepts 20..prefix_max */
  char prefix_max;     /* e.g. '9' */
  guint item_digits;   /* default 5 */
  guint value_digits;  /* default 5 */
  gboolean value_check_digit; /* a price/weight check digit after the value (default FALSE) */
  MposScaleValueKind value_kind; /* default WEIGHT */
} MposScaleLayout;

/* The common Chinese scale layout: 2 + flag + 5-digit item + 5-digit weight (g) + check. */
void mpos_scale_layout_init_default (MposScaleLayout *layout);
/* prefix_first must be '2' (any other digit would shadow real GTINs); a value
 * check digit (GS1 General Specifications 7.9.3) needs 4 or 5 value digits. */
gboolean mpos_scale_layout_validate (const MposScaleLayout *layout, GError **error);

typedef struct
{
  MposBarcodeKind kind;
  char code[40];      /* normalised code to look up: EAN-13/EAN-8 digits (UPC-A as EAN-13),
                         internal code, or for embedded codes the item (PLU) digits, e.g. "00123" */
  int64_t value;      /* grams or fen for embedded codes, else 0 */
} MposBarcode;

/* The layout as IT writes it in store.json or `mallposctl init --scale-layout`:
 * "FIRST-LAST/ITEM/VALUE/KIND[/check]", e.g. "20-29/5/5/weight" (the default)
 * or "28-28/5/4/price/check". Validated like mpos_scale_layout_validate. */
gboolean mpos_scale_layout_parse (const char *text, MposScaleLayout *layout, GError **error);
char *mpos_scale_layout_to_string (const MposScaleLayout *layout);

/* GS1 mod-10 check digit of the given digits (without the check digit), 0..9; -1 if not digits. */
int mpos_barcode_gs1_check_digit (const char *digits, size_t len);

/* Parses a code as typed or scanned (ASCII blanks around it are trimmed).
 * All-digit input of length 8, 12 or 13 must carry a valid check digit.
 * 13-digit codes whose prefix falls in the layout's range become
 * WEIGHT/PRICE_EMBEDDED (layout may be NULL: default layout).
 * Non-digit input of 1–32 chars of [A-Za-z0-9_-] (with at least one letter,
 * '-' or '_') is INTERNAL; other all-digit lengths are LENGTH errors. */
gboolean mpos_barcode_parse (const char *text, const MposScaleLayout *layout, MposBarcode *out,
                             GError **error);

/* True if text is a valid EAN-13 (used by import validation). */
gboolean mpos_barcode_is_valid_gtin (const char *text);

G_END_DECLS
