/* member-proof.h — what shows that the member is at the counter and
 * agrees, for an action on their account that is not a sale (a points
 * transfer out, a new payment PIN): their payment PIN, or the dynamic QR
 * code from their phone, or their card read on the card reader (a presence
 * token, member-card-presence.h), or a supervisor who checked their ID
 * (recorded as the approver). */
#pragma once

#include "staff-permission.h"

G_BEGIN_DECLS

typedef struct
{
  const char *payment_pin;                /* the member's payment PIN */
  const char *qr_token;                   /* the member's dynamic QR code */
  const MposStaffCredential *supervisor;  /* an ID check by this member of staff */
  const char *card_presence;              /* their card just read on the reader */
} MposMemberProof;

/* Checks the first proof given, for member `member_id`. A supervisor must
 * hold `action`; *approver gets them (empty for a PIN or QR). A wrong
 * payment PIN counts towards its lock. Fails with MPOS_STAFF_ERROR_REQUIRED
 * when no proof is given. Must run outside any transaction. */
gboolean mpos_member_proof_check (MposStore *store, int64_t member_id,
                                  const MposMemberProof *proof, MposStaffAction action,
                                  MposStaff *approver, GError **error);

G_END_DECLS
