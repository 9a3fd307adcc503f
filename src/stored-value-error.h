/* stored-value-error.h — the stored-value error domain, apart from the
 * stored-value API so that modules below it (the member's card presence)
 * can refuse in its words without including the ledger. Defined in
 * stored-value.c. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MPOS_STORED_VALUE_ERROR (mpos_stored_value_error_quark ())
GQuark mpos_stored_value_error_quark (void);

typedef enum
{
  MPOS_STORED_VALUE_ERROR_INVALID,           /* amount ≤ 0 or outside the limits, bad tender */
  MPOS_STORED_VALUE_ERROR_NO_MEMBER,         /* stored value needs a member */
  MPOS_STORED_VALUE_ERROR_INSUFFICIENT,      /* the balance does not cover the payment */
  MPOS_STORED_VALUE_ERROR_NOT_FOUND,         /* no such top-up */
  MPOS_STORED_VALUE_ERROR_ALREADY_REFUNDED,  /* the top-up was refunded before */
  MPOS_STORED_VALUE_ERROR_NOTHING_TO_REFUND, /* its principal is all spent */
} MposStoredValueError;

G_END_DECLS
