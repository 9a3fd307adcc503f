/* tender-counter.c — the tender a cashier takes at the counter (see
 * tender-counter.h): the same rule for a sale document, a top-up and an
 * exchange's cash part. */
#include "tender-counter.h"

MposTender *
mpos_tender_new_at_counter (MposTenderType type, MposMoney amount, const char *reference,
                            const char *code, GError **error)
{
  if (type == MPOS_TENDER_MOBILE)
    return mpos_tender_new_mobile (mpos_payment_provider_cashier_confirmed (), code ? code : "",
                                   amount, error);
  return mpos_tender_new (type, amount, reference, type == MPOS_TENDER_CASH ? NULL : "cashier");
}
