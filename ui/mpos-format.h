/* mpos-format.h — how the window writes quantities and weights ("×2",
 * "1.250 kg"); money is written by the core (mpos_money_format, "¥12.50"). */
#pragma once

#include <glib.h>
#include <stdint.h>
#include "money.h"
#include "store.h"

G_BEGIN_DECLS

/* Pieces "×2", or grams as "1.250 kg" when weighed. Newly allocated. */
char *mpos_format_qty (int64_t qty, gboolean weighed);
/* A UTC time (seconds) as the store's clock shows it, with a
 * g_date_time_format `format` ("%H:%M"); "" for 0 (never). Newly allocated. */
char *mpos_format_store_time (MposStore *store, int64_t utc_seconds, const char *format);
/* "¥12.50". Newly allocated. */
char *mpos_format_money (MposMoney amount);
/* A business day ("20261123", as the core names it) as a date in the
 * window's language ("2026年11月23日", "2026-11-23"); any other text as it
 * is. Newly allocated. */
char *mpos_format_business_day (const char *day);

G_END_DECLS
