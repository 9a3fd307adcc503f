/* sync-http.h — one HTTPS request to the centre on a libcurl multi handle:
 * the centre's key pinned (current or next), HTTPS only, gzip both ways,
 * connect and total timeouts, and a stop flag checked while it waits, so the
 * thread that sends can be stopped at any moment. */
#pragma once

#include <glib.h>
#include "sync-state.h"

G_BEGIN_DECLS

typedef struct
{
  long status;      /* HTTP status */
  GBytes *body;     /* inflated */
  int retry_after;  /* seconds the centre asked to wait, 0: none */
} MposSyncHttpAnswer;

void mpos_sync_http_answer_clear (MposSyncHttpAnswer *a);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MposSyncHttpAnswer, mpos_sync_http_answer_clear)

/* POST json (gzipped on the way) when json is not NULL, else GET. token may
 * be NULL (enrolment). FALSE with MPOS_SYNC_ERROR_STOPPED on a pin mismatch,
 * MPOS_SYNC_ERROR_OFFLINE on any other transport failure or a stop request. */
gboolean mpos_sync_http (const MposSyncEnrolment *target, const char *path, const char *json,
                         const gint *stop, MposSyncHttpAnswer *out, GError **error);

/* "sha256//" + 44 characters of base64: the pin form curl checks. */
gboolean mpos_sync_pin_valid (const char *pin);

G_END_DECLS
