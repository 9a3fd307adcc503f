/* mpos-format.c — pieces and weights as the window shows them. */
#include "mpos-format.h"

char *
mpos_format_qty (int64_t qty, gboolean weighed)
{
  if (weighed)
    return g_strdup_printf ("%" G_GINT64_FORMAT ".%03" G_GINT64_FORMAT " kg", qty / 1000,
                            qty % 1000);
  return g_strdup_printf ("×%" G_GINT64_FORMAT, qty);
}

char *
mpos_format_money (MposMoney amount)
{
  return mpos_money_format (amount, MPOS_MONEY_FORMAT_SYMBOL);
}
