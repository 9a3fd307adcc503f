/* central-price.c — `mallpos-central price set`: a SKU's price, name,
 * category, unit and extra barcodes as the terminals pull them (PROTOCOL.md
 * section 5.3). What is not given keeps what the centre holds, so changing a
 * price does not need the rest typed again. */
#include "central.h"
#include "money.h"

#include <stdio.h>
#include <string.h>

#define USAGE                                                                                      \
  "usage: price set CODE [NAME] PRICE [--category PATH] [--unit piece|weight] [--barcode CODE]…"   \
  " (PRICE in yuan: 12.50; NAME for a new code)"

/* Prices take change numbers under the lock the document streams take
 * (central-documents.c), held to commit, so a pull cursor never passes a
 * price still to commit. */
#define SQL_PRICE_SET                                                                              \
  "WITH lock AS (SELECT pg_advisory_xact_lock (7302)),"                                           \
  " old AS (SELECT * FROM prices WHERE code = $1)"                                                \
  " INSERT INTO prices (code, name, price_fen, change, category, unit, barcodes)"                 \
  " SELECT $1, coalesce ($2, (SELECT name FROM old)), $3, nextval ('price_change'),"              \
  " coalesce ($4, (SELECT category FROM old)), coalesce ($5, (SELECT unit FROM old)),"             \
  " coalesce ($6::text[], (SELECT barcodes FROM old), '{}') FROM lock"                            \
  " WHERE $2 IS NOT NULL OR EXISTS (SELECT 1 FROM old)"                                           \
  " ON CONFLICT (code) DO UPDATE SET name = excluded.name, price_fen = excluded.price_fen,"        \
  " change = excluded.change, category = excluded.category, unit = excluded.unit,"                 \
  " barcodes = excluded.barcodes RETURNING name"

typedef struct
{
  const char *code, *name, *amount, *category, *unit;
  GString *barcodes; /* a PostgreSQL array literal, or NULL: keep */
} PriceArgs;

static gboolean
is_code (const char *s)
{
  gsize n = strlen (s);

  if (n < 1 || n > 32)
    return FALSE;
  for (; *s; s++)
    if (!g_ascii_isalnum (*s))
      return FALSE;
  return TRUE;
}

static gboolean
is_category (const char *s)
{
  return g_utf8_validate (s, -1, NULL) && g_utf8_strlen (s, -1) >= 1 && g_utf8_strlen (s, -1) <= 100
         && strpbrk (s, "\t\r\n") == NULL && !g_str_has_prefix (s, "/") && !g_str_has_suffix (s, "/")
         && strstr (s, "//") == NULL;
}

/* Options anywhere after `set`; the rest are CODE [NAME] PRICE. NULL: fine. */
static const char *
read_args (int argc, char **argv, PriceArgs *a)
{
  const char *positional[3];
  int n = 0;

  for (int i = 2; i < argc; i++)
    {
      const char *value = i + 1 < argc ? argv[i + 1] : NULL;
      if (strcmp (argv[i], "--category") == 0 && value && is_category (value))
        a->category = value, i++;
      else if (strcmp (argv[i], "--unit") == 0 && value
               && (strcmp (value, "piece") == 0 || strcmp (value, "weight") == 0))
        a->unit = value, i++;
      else if (strcmp (argv[i], "--barcode") == 0 && value && is_code (value))
        {
          if (a->barcodes == NULL)
            a->barcodes = g_string_new ("{");
          central_db_array_add (a->barcodes, value), i++;
        }
      else if (g_str_has_prefix (argv[i], "--"))
        return "--category is a path like 食品/饮料 (1–100 characters), --unit piece or weight, "
               "--barcode 1–32 letters or digits";
      else if (n == 3)
        return USAGE;
      else
        positional[n++] = argv[i];
    }
  if (n < 2)
    return USAGE;
  a->code = positional[0], a->amount = positional[n - 1], a->name = n == 3 ? positional[1] : NULL;
  if (strlen (a->code) < 1 || strlen (a->code) > 32
      || (a->name && (g_utf8_strlen (a->name, -1) > 200 || !g_utf8_validate (a->name, -1, NULL)
                      || *a->name == '\0')))
    return "CODE is 1 to 32 characters and NAME 1 to 200 characters (UTF-8)";
  return NULL;
}

int
central_cmd_price (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  PriceArgs a = { 0 };
  const char *wrong, *params[6];
  char fen[24];
  MposMoney price = 0;
  PGresult *r;
  PGconn *db = NULL;
  int status = 0;

  if (argc < 2 || strcmp (argv[1], "set") != 0)
    wrong = USAGE;
  else
    wrong = read_args (argc, argv, &a);
  if (wrong == NULL && (!mpos_money_parse (a.amount, 0, &price, &error) || price < 0))
    wrong = "PRICE must be an amount of 0 or more, like 12.50";
  if (wrong != NULL)
    {
      status = central_say (2, "%s (see mallpos-central --help)", wrong);
    }
  else if ((db = central_db_or_say ()) == NULL)
    status = 1;
  if (status != 0)
    {
      if (a.barcodes)
        g_string_free (a.barcodes, TRUE);
      return status;
    }
  g_snprintf (fen, sizeof fen, "%" G_GINT64_FORMAT, price);
  params[0] = a.code, params[1] = a.name, params[2] = fen, params[3] = a.category;
  params[4] = a.unit, params[5] = a.barcodes ? central_db_array_end (a.barcodes) : NULL;
  r = central_db_exec (db, PGRES_TUPLES_OK, SQL_PRICE_SET, 6, params, &error);
  if (a.barcodes)
    g_string_free (a.barcodes, TRUE);
  if (r == NULL)
    {
      return central_say (1, "setting the price: %s", error->message);
    }
  if (PQntuples (r) == 0)
    {
      PQclear (r);
      return central_say (3, "the centre has no price for %s yet: give its name too (price set %s "
                             "NAME %s)",
                          a.code, a.code, a.amount);
    }
  printf ("%s %s: %s from the terminals' next pull\n", a.code, PQgetvalue (r, 0, 0), a.amount);
  PQclear (r);
  return 0;
}
