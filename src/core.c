/* core.c — the core's composition root (core.h). The order of the counter
 * hooks is the order their refusals are heard in: no open shift before a
 * closed business day. */
#include "core.h"
#include "member-qr-secret.h"
#include "report-summary.h"
#include "shift.h"
#include "store-private.h"

static gpointer
register_owners (gpointer data)
{
  (void) data;
  mpos_member_qr_secret_register ();
  mpos_shift_register ();
  mpos_report_summary_register ();
  mpos_store_hooks_seal ();
  return NULL;
}

void
mpos_core_init (void)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, register_owners, NULL);
}
