/* sync-client.c — enrolment, push and pull (see sync-client.h). A push
 * resends exactly the entries after the push cursor until the centre has
 * answered each; only then does the cursor move, with the rejected entries
 * parked in the exceptions list in the same transaction. */
#include "sync-client.h"
#include "clock.h"
#include "journal-read.h"
#include "json-fields.h"
#include "sync-http.h"
#include "sync-pull.h"
#include "sync-profiles.h"
#include "sync-response.h"

#include <string.h>

#define BATCH_ENTRIES 500
/* Entries up to 3 MiB: the centre takes 4 MiB, and the member profiles
 * sent beside them (sync-profiles.h, at most one per entry, ~0.5 KiB each)
 * need the rest. */
#define BATCH_BYTES (3 * 1024 * 1024)
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

/* ---- push ---- */

/* The request for the entries after `after`: at most BATCH_ENTRIES and
 * about BATCH_BYTES; NULL body when nothing is pending. */
static GPtrArray *
next_batch (MposStore *store, int64_t after, guint limit, GString **body, GError **error)
{
  g_autoptr (GPtrArray) entries = mpos_journal_read (store, after, limit, error);
  /* Sized once for a whole batch: growing it by doubling copied it again
   * and again, and freeing the pieces cost the allocator more. */
  GString *out = g_string_sized_new (BATCH_BYTES + BATCH_BYTES / 4);
  guint i;

  if (entries == NULL)
    return g_string_free (out, TRUE), NULL;
  g_string_append (out, "{\"protocol\":1,\"entries\":[");
  for (i = 0; i < entries->len; i++)
    {
      gsize before = out->len;
      if (i > 0)
        g_string_append_c (out, ',');
      mpos_journal_entry_write (g_ptr_array_index (entries, i), out);
      if (i > 0 && out->len > BATCH_BYTES)
        {
          g_string_truncate (out, before);
          break;
        }
    }
  g_ptr_array_set_size (entries, i);
  g_string_append_c (out, ']');
  if (!mpos_sync_profiles_append (store, entries, out, error))
    return g_string_free (out, TRUE), NULL;
  g_string_append_c (out, '}');
  *body = out;
  return g_steal_pointer (&entries);
}

/* Each answer must be for the entry sent in its place. */
static gboolean
match_answers (GPtrArray *sent, const MposSyncPushAnswer *answer, MposSyncAnswer *out,
               MposSyncReport *report, GError **error)
{
  if (answer->results->len != sent->len)
    {
      g_set_error (error, MPOS_SYNC_ERROR, MPOS_SYNC_ERROR_OFFLINE,
                   "the centre answered %u entries of the %u sent; the batch will be sent again",
                   answer->results->len, sent->len);
      return FALSE;
    }
  for (guint i = 0; i < sent->len; i++)
    {
      const MposJournalEntry *e = g_ptr_array_index (sent, i);
      const MposSyncResult *r = &g_array_index (answer->results, MposSyncResult, i);
      if (r->seq != e->seq || strcmp (r->id, e->id) != 0)
        {
          g_set_error (error, MPOS_SYNC_ERROR, MPOS_SYNC_ERROR_OFFLINE,
                       "the centre's answer %u is for another entry; the batch will be sent "
                       "again",
                       i);
          return FALSE;
        }
      out[i] = (MposSyncAnswer) { e->seq, e->id, e->kind, r->reason };
      report->applied += r->status == MPOS_SYNC_APPLIED;
      report->duplicate += r->status == MPOS_SYNC_DUPLICATE;
      report->rejected += r->reason != NULL;
    }
  report->sent += sent->len;
  return TRUE;
}

/* One batch; *done when nothing was pending. */
static gboolean
push_batch (MposStore *store, const MposSyncEnrolment *t, const gint *stop,
            MposSyncReport *report, gboolean *done, GError **error)
{
  g_auto (MposSyncStatus) status = { 0 };
  g_auto (MposSyncHttpAnswer) a = { 0 };
  g_auto (MposSyncPushAnswer) answer = { 0 };
  g_autoptr (GString) body = NULL;
  g_autoptr (GPtrArray) sent = NULL;
  g_autofree MposSyncAnswer *answers = NULL;
  GError *why = NULL;
  const MposJournalEntry *last;
  gsize n = 0;
  const char *data;

  if (!mpos_sync_status_load (store, &status, error)
      || (sent = next_batch (store, status.pushed_seq, BATCH_ENTRIES, &body, error)) == NULL)
    return FALSE;
  if ((*done = sent->len == 0))
    return TRUE;
  if (!exchange (t, "/v1/push", body->str, stop, &a, &report->retry_after, error))
    return FALSE;
  data = g_bytes_get_data (a.body, &n);
  if (!mpos_sync_parse_push (data, n, &answer, &why))
    return mpos_sync_unreadable (error, why);
  answers = g_new0 (MposSyncAnswer, sent->len);
  if (!match_answers (sent, &answer, answers, report, error))
    return FALSE;
  last = g_ptr_array_index (sent, sent->len - 1);
  return mpos_sync_record_answers (store, answers, sent->len, last->seq, answer.contiguous_seq,
                                   mpos_clock_now (), error);
}

static gboolean
push_all (MposStore *store, const MposSyncEnrolment *t, const gint *stop, MposSyncReport *report,
          GError **error)
{
  gboolean done = FALSE;

  while (!done)
    if (!push_batch (store, t, stop, report, &done, error))
      return FALSE;
  return TRUE;
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
  if (push_all (store, &t, stop, report, &failure) && mpos_sync_pull (store, &t, stop, report, &failure)
      && mpos_sync_record_success (store, mpos_clock_now (), &failure))
    return TRUE;
  if (failure->domain == MPOS_SYNC_ERROR)
    record_failure (store, &status, report->retry_after, failure);
  g_propagate_error (error, failure);
  return FALSE;
}
