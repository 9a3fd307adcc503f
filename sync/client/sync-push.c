/* sync-push.c — the push, pipelined (sync-push.h). While one batch is on
 * its way (gzip, HTTPS, the centre's transaction) on a thread of its own,
 * this thread reads the next one from the store and writes its body; the
 * answers of a batch are saved before the next is sent. Only this thread
 * touches the store; the sending thread touches only its body and the
 * HTTPS connection. The push cursor moves only when a batch's answers are
 * saved, and every batch after an unanswered one is read again from the
 * cursor, so a failure anywhere resends exactly what has no answer. */
#include "sync-push.h"
#include "journal-read.h"
#include "clock.h"
#include "sync-http.h"
#include "sync-profiles.h"
#include "sync-pull.h"
#include "sync-response.h"

#include <string.h>

#define BATCH_ENTRIES 500
/* Entries up to 3 MiB: the centre takes 4 MiB, and the member profiles
 * sent beside them (sync-profiles.h, at most one per entry, ~0.5 KiB each)
 * need the rest. */
#define BATCH_BYTES (3 * 1024 * 1024)

/* One batch: the entries, the request body, and once sent the answer. */
typedef struct
{
  GPtrArray *entries; /* MposJournalEntry sent */
  GString *body;      /* kept from batch to batch: sized once */
  const MposSyncEnrolment *target;
  const gint *stop;
  MposSyncHttpAnswer answer;
  gboolean sent;   /* a 200 came back */
  GError *failure; /* why not */
} Batch;

static void
batch_reset (Batch *b)
{
  g_clear_pointer (&b->entries, g_ptr_array_unref);
  mpos_sync_http_answer_clear (&b->answer);
  b->answer = (MposSyncHttpAnswer) { 0 };
  b->sent = FALSE;
  g_clear_error (&b->failure);
}

/* The entries after `after` into b: at most BATCH_ENTRIES and about
 * BATCH_BYTES; none when nothing is pending. */
static gboolean
batch_read (MposStore *store, int64_t after, Batch *b, GError **error)
{
  GString *out = b->body;
  guint i;

  batch_reset (b);
  if ((b->entries = mpos_journal_read (store, after, BATCH_ENTRIES, error)) == NULL)
    return FALSE;
  g_string_truncate (out, 0);
  g_string_append (out, "{\"protocol\":1,\"entries\":[");
  for (i = 0; i < b->entries->len; i++)
    {
      gsize before = out->len;
      if (i > 0)
        g_string_append_c (out, ',');
      mpos_journal_entry_write (g_ptr_array_index (b->entries, i), out);
      if (i > 0 && out->len > BATCH_BYTES)
        {
          g_string_truncate (out, before);
          break;
        }
    }
  g_ptr_array_set_size (b->entries, i);
  g_string_append_c (out, ']');
  if (!mpos_sync_profiles_append (store, b->entries, out, error))
    return FALSE;
  g_string_append_c (out, '}');
  return TRUE;
}

static int64_t
batch_last_seq (const Batch *b)
{
  return ((const MposJournalEntry *) g_ptr_array_index (b->entries, b->entries->len - 1))->seq;
}

/* The sending thread: the body to the centre, a 200 or the reason. */
static gpointer
batch_send (gpointer data)
{
  Batch *b = data;

  b->sent = mpos_sync_http (b->target, "/v1/push", b->body->str, b->stop, &b->answer,
                            &b->failure)
            && (b->answer.status == 200 || mpos_sync_refused (&b->answer, &b->failure));
  return NULL;
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

/* The answers of a batch that was sent, saved with the push cursor. */
static gboolean
batch_record (MposStore *store, Batch *b, MposSyncReport *report, GError **error)
{
  g_auto (MposSyncPushAnswer) answer = { 0 };
  g_autofree MposSyncAnswer *answers = NULL;
  GError *why = NULL;
  gsize n = 0;
  const char *data;

  report->retry_after = b->answer.retry_after;
  if (!b->sent)
    {
      g_propagate_error (error, g_steal_pointer (&b->failure));
      return FALSE;
    }
  data = g_bytes_get_data (b->answer.body, &n);
  if (!mpos_sync_parse_push (data, n, &answer, &why))
    return mpos_sync_unreadable (error, why);
  answers = g_new0 (MposSyncAnswer, b->entries->len);
  return match_answers (b->entries, &answer, answers, report, error)
         && mpos_sync_record_answers (store, answers, b->entries->len, batch_last_seq (b),
                                      answer.contiguous_seq, mpos_clock_now (), error);
}

/* Sends `now` while `next` is read, then saves now's answers. */
static gboolean
push_step (MposStore *store, Batch *now, Batch *next, MposSyncReport *report, GError **error)
{
  GThread *sending = g_thread_new ("mallpos-sync-push", batch_send, now);
  g_autoptr (GError) reading = NULL;
  gboolean read = batch_read (store, batch_last_seq (now), next, &reading);

  g_thread_join (sending);
  if (!batch_record (store, now, report, error))
    return FALSE;
  if (!read)
    return g_propagate_error (error, g_steal_pointer (&reading)), FALSE;
  return TRUE;
}

gboolean
mpos_sync_push_all (MposStore *store, const MposSyncEnrolment *t, const gint *stop,
                    MposSyncReport *report, GError **error)
{
  g_auto (MposSyncStatus) status = { 0 };
  Batch pair[2] = { { .target = t, .stop = stop }, { .target = t, .stop = stop } };
  gboolean ok;
  guint k = 0;

  for (guint i = 0; i < 2; i++)
    pair[i].body = g_string_sized_new (BATCH_BYTES + BATCH_BYTES / 4);
  ok = mpos_sync_status_load (store, &status, error)
       && batch_read (store, status.pushed_seq, &pair[0], error);
  /* Nothing pending once a batch comes back empty. */
  while (ok && pair[k].entries->len > 0)
    {
      ok = push_step (store, &pair[k], &pair[1 - k], report, error);
      k = 1 - k;
    }
  for (guint i = 0; i < 2; i++)
    {
      batch_reset (&pair[i]);
      g_string_free (pair[i].body, TRUE);
    }
  return ok;
}
