/* percent.h — percentages as integer basis points (1% = 100 bp), parsed from
 * "10%", "9.5%", "13" the same way everywhere (discounts, tax, promotions). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MPOS_PERCENT_ERROR (mpos_percent_error_quark ())
GQuark mpos_percent_error_quark (void);

/* "10%", "10", "9.5%", "0.25%" → basis points 0..10000; at most two decimals. */
gboolean mpos_percent_parse (const char *text, int *basis_points, GError **error);

/* "9.5%" style, newly allocated (trailing zeros dropped). */
char *mpos_percent_format (int basis_points);

G_END_DECLS
