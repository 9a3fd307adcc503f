/* sync-client.c — enrolment, and one pass: push (sync-push.c), then pull
 * (sync-pull.c). A push resends exactly the entries after the push cursor until the centre has
 * answered each; only then does the cursor move, with the rejected entries
 * parked in the exceptions list in the same transaction. */
#include "sync-client.h"
#include "clock.h"
#include "json-fields.h"
#include "sync-http.h"
#include "sync-pull.h"
#include "sync-push.h"
#include "sync-response.h"

#include <string.h>

#define BACKOFF_BASE_MS 1000
#define BACKOFF_CAP_MS (300 * 1000)

int64_t
mpos_sync_backoff_ms (int failures, int retry_after_s, guint32 random_value)
{
  int64_t ceiling = BACKOFF_BASE_MS;
  int64_t wait;

  for (int i = 0; i < failures && ceiling < BACKOFF_CAP_MS; i++)
    ceiling *= 2;
  ceiling = MIN (ceiling, BACKOFF_CAP_MS);
  wait = (int64_t) ((guint64) random_value * (guint64) (ceiling + 1) >> 32);
  return MAX (wait, (int64_t) retry_after_s * 1000);
}

/* ---- answers that are not 200 ---- */

gboolean
mpos_sync_refused (const MposSyncHttpAnswer *a, GError **error)
{
  g_autofree char *code = NULL, *message = NULL;
  gsize n = 0;
  const char *data = g_bytes_get_data (a->body, &n);
  MposSyncError kind = MPOS_SYNC_ERROR_OFFLINE;

  if (!mpos_sync_parse_error (data, n, &code, &message, NULL))
    {
      g_set_error (error, MPOS_SYNC_ERROR, MPOS_SYNC_ERROR_OFFLINE,
                   "the centre answered HTTP %ld without a readable reason", a->status);
      return FALSE;
    }
  if (strcmp (code, "revoked") == 0 || strcmp (code, "unauthorized") == 0
      || strcmp (code, "unsupported_protocol") == 0)
    kind = MPOS_SYNC_ERROR_STOPPED;
  else if (strcmp (code, "enrolment_refused") == 0 || strcmp (code, "bad_request") == 0)
    kind = MPOS_SYNC_ERROR_REFUSED;
  g_set_error (error, MPOS_SYNC_ERROR, kind, "the centre refused (%s): %s", code, message);
  return FALSE;
}

/* A 200 with its body, or FALSE with the reason. */
static gboolean
exchange (const MposSyncEnrolment *t, const char *path, const char *json, const gint *stop,
          MposSyncHttpAnswer *a, int *retry_after, GError **error)
{
  if (!mpos_sync_http (t, path, json, stop, a, error))
    return FALSE;
  if (retry_after)
    *retry_after = a->retry_after;
  return a->status == 200 || mpos_sync_refused (a, error);
}

gboolean
mpos_sync_unreadable (GError **error, GError *why)
{
  g_set_error (error, MPOS_SYNC_ERROR, MPOS_SYNC_ERROR_OFFLINE,
               "the centre's answer could not be read (%s); nothing of it was applied",
               why->message);
  g_error_free (why);
  return FALSE;
}

/* ---- enrolment ---- */

static gboolean
check_enrolment_input (const char *url, const char *code, const char *const *pins,
                       GError **error)
{
  guint n = pins ? g_strv_length ((char **) pins) : 0;

  if (url == NULL || !g_str_has_prefix (url, "https://") || strlen (url) < 9
      || strchr (url + 8, '/') != NULL)
    g_set_error (error, MPOS_SYNC_ERROR, MPOS_SYNC_ERROR_INVALID,
                 "the centre's URL must be https://HOST[:PORT] with no path (HTTPS only)");
  else if (code == NULL || strlen (code) < 16 || strlen (code) > 64)
    g_set_error (error, MPOS_SYNC_ERROR, MPOS_SYNC_ERROR_INVALID,
                 "the enrolment code is the 16 characters IT got from mallpos-central "
                 "terminal add");
  else if (n < 1 || n > 2 || !mpos_sync_pin_valid (pins[0]) || (n == 2 && !mpos_sync_pin_valid (pins[1])))
    g_set_error (error, MPOS_SYNC_ERROR, MPOS_SYNC_ERROR_INVALID,
                 "give the centre's key pin once or twice (current, next) as sha256//… "
                 "(mallpos-central pin --cert FILE prints it)");
  else
    return TRUE;
  return FALSE;
}

static char *
enrol_request (MposStore *store, const char *code, GError **error)
{
  const MposStoreIdentity *identity = mpos_store_get_identity (store, error);
  g_autoptr (cJSON) json = NULL;

  if (identity == NULL)
    return NULL;
  json = cJSON_CreateObject ();
  cJSON_AddNumberToObject (json, "protocol", 1);
  cJSON_AddStringToObject (json, "store_id", identity->store_code);
  cJSON_AddStringToObject (json, "terminal_id", identity->terminal_code);
  cJSON_AddStringToObject (json, "code", code);
  return cJSON_PrintUnformatted (json);
}

gboolean
mpos_sync_enrol (MposStore *store, const char *url, const char *code, const char *const *pins,
                 const char *ca_file, GError **error)
{
  g_auto (MposSyncHttpAnswer) a = { 0 };
  g_auto (MposSyncEnrolled) enrolled = { 0 };
  g_autofree char *body = NULL;
  GError *why = NULL;
  MposSyncEnrolment t = { .url = (char *) url,
                          .pin_current = pins ? (char *) pins[0] : NULL,
                          .pin_next = pins && pins[0] ? (char *) pins[1] : NULL,
                          .ca_file = (char *) ca_file };
  gsize n = 0;
  const char *data;

  if (!check_enrolment_input (url, code, pins, error)
      || (body = enrol_request (store, code, error)) == NULL
      || !exchange (&t, "/v1/enrol", body, NULL, &a, NULL, error))
    return FALSE;
  data = g_bytes_get_data (a.body, &n);
  if (!mpos_sync_parse_enrolled (data, n, &enrolled, &why))
    return mpos_sync_unreadable (error, why);
  t.terminal = enrolled.terminal;
  t.token = enrolled.token;
  t.enrolled_at = mpos_clock_now ();
  return mpos_sync_enrolment_save (store, &t, enrolled.contiguous_seq, error);
}

/* ---- one pass ---- */

static gboolean
record_failure (MposStore *store, const MposSyncStatus *status, int retry_after,
                const GError *failure)
{
  gboolean stop = g_error_matches (failure, MPOS_SYNC_ERROR, MPOS_SYNC_ERROR_STOPPED);
  int64_t now = mpos_clock_now ();
  int64_t wait_ms = mpos_sync_backoff_ms (status->failures, retry_after, g_random_int ());

  return mpos_sync_record_failure (store, now, failure->message, now + (wait_ms + 999) / 1000,
                                   stop, NULL);
}

gboolean
mpos_sync_run (MposStore *store, const gint *stop, MposSyncReport *report, GError **error)
{
  g_auto (MposSyncEnrolment) t = { 0 };
  g_auto (MposSyncStatus) status = { 0 };
  GError *failure = NULL;

  if (!mpos_sync_enrolment_load (store, &t, error)
      || !mpos_sync_status_load (store, &status, error))
    return FALSE;
  if (status.stopped)
    {
      g_set_error (error, MPOS_SYNC_ERROR, MPOS_SYNC_ERROR_STOPPED,
                   "sync is stopped until IT acts: %s", status.stopped);
      return FALSE;
    }
  if (mpos_sync_push_all (store, &t, stop, report, &failure) && mpos_sync_pull (store, &t, stop, report, &failure)
      && mpos_sync_record_success (store, mpos_clock_now (), &failure))
    return TRUE;
  if (failure->domain == MPOS_SYNC_ERROR)
    record_failure (store, &status, report->retry_after, failure);
  g_propagate_error (error, failure);
  return FALSE;
}
