/* loyalty.c — the sale/return hooks of the loyalty core. The points and
 * stored-value ledgers plug in here (loyalty issue); until then a sale
 * carries no loyalty movements and these hooks have nothing to write. */
#include "loyalty.h"

gboolean
mpos_loyalty_apply_sale (MposStore *store, MposCart *cart, const char *sale_id, int64_t now,
                         GError **error)
{
  return TRUE;
}

gboolean
mpos_loyalty_apply_return (MposStore *store, const MposSaleRecord *original,
                           const MposSaleRecord *ret, int64_t now, GError **error)
{
  return TRUE;
}
