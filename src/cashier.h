/* cashier.h — who is at the till for an action that prints a receipt: the
 * cashier the caller names, else this terminal's default cashier (setting
 * terminal.default_cashier, `mallposctl init --default-cashier ID`). Every
 * receipt names its cashier, so a return or top-up with neither is refused
 * before anything is written. */
#pragma once

#include <glib.h>
#include "store.h"

G_BEGIN_DECLS

#define MPOS_CASHIER_ERROR (mpos_cashier_error_quark ())
GQuark mpos_cashier_error_quark (void);

typedef enum
{
  MPOS_CASHIER_ERROR_MISSING, /* no cashier named and no default cashier set */
  MPOS_CASHIER_ERROR_INVALID, /* empty, too long, or control characters */
} MposCashierError;

/* The longest cashier id, in bytes (a staff number or a short name). */
#define MPOS_CASHIER_MAX_BYTES 32

/* `given` when it is set, else the default cashier; newly allocated. Fails
 * with MISSING ("a return needs a cashier …", `action` naming what) or
 * INVALID. */
char *mpos_cashier_resolve (MposStore *store, const char *given, const char *action,
                            GError **error);

/* The terminal's default cashier, or NULL when none is set. */
char *mpos_cashier_get_default (MposStore *store);
/* Sets it (NULL or "" clears it); INVALID for a malformed id. */
gboolean mpos_cashier_set_default (MposStore *store, const char *cashier, GError **error);

G_END_DECLS
