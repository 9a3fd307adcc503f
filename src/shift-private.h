/* shift-private.h — what the shift files (shift.c, shift-cash.c,
 * shift-json.c) share: the error helper, the open shift's id and the one
 * insert into the drawer's ledger. */
#pragma once

#include "shift.h"
#include "store-private.h"

G_BEGIN_DECLS

/* Sets a MPOS_SHIFT_ERROR and returns FALSE. */
gboolean mpos_shift_fail (GError **error, MposShiftError code, const char *format, ...)
    G_GNUC_PRINTF (3, 4);

/* The id of the shift open on this drawer into shift_id[MPOS_UUID_STRLEN + 1],
 * *found FALSE when none is open. */
gboolean mpos_shift_open_id (MposStore *store, char *shift_id, gboolean *found, GError **error);

/* Appends one row to the drawer's ledger (inside the caller's transaction). */
gboolean mpos_shift_insert_movement (MposStore *store, const char *shift_id, MposCashKind kind,
                                     MposMoney amount, const char *ref, const char *reason,
                                     const char *actor, int64_t now, GError **error);

/* What every shift action carries into its transaction. */
typedef struct
{
  const char *staff;
  int64_t now;
  MposCashKind kind;
  MposMoney amount;
  const char *reason;
  const MposCashCount *count;
  const char *accepted_by; /* a manager whose PIN and permission were checked, or NULL */
  const char *shift_no;    /* accept: the shift named, or NULL */
  MposShift *out;
} ShiftAction;

/* The journal entry (kind `action`) and audit row of a shift action, from
 * the shift after it (a->out). */
gboolean mpos_shift_record_action (MposStore *store, const ShiftAction *a, const char *action,
                                   const char *detail, GError **error);
/* Reads a->out again by its number (after a write). */
gboolean mpos_shift_reload (MposStore *store, ShiftAction *a, GError **error);
/* The open shift inside a transaction, or why there is none (`doing`: what
 * was refused, "close"). */
gboolean mpos_shift_load_open (MposStore *store, const char *doing, MposShift *out,
                               GError **error);
/* The staff member acting: given, or the terminal's default cashier. */
char *mpos_shift_resolve_staff (MposStore *store, const char *staff, const char *action,
                                GError **error);

G_END_DECLS
