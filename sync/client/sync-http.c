/* sync-http.c — the client's HTTPS transport on libcurl's multi interface
 * (sync-http.h). The pin is what is trusted: with no CA given, the
 * certificate chain is not checked but the key must match a pinned one. */
#include "sync-http.h"
#include "sync-gzip.h"

#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ANSWER (64 * 1024 * 1024)
#define POLL_MS 100

void
mpos_sync_http_answer_clear (MposSyncHttpAnswer *a)
{
  g_clear_pointer (&a->body, g_bytes_unref);
}

gboolean
mpos_sync_pin_valid (const char *pin)
{
  gsize n = 0;
  g_autofree guchar *raw = NULL;

  if (pin == NULL || !g_str_has_prefix (pin, "sha256//") || strlen (pin) != 8 + 44
      || strspn (pin + 8, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=")
             != 44)
    return FALSE;
  raw = g_base64_decode (pin + 8, &n);
  return n == 32;
}

/* Timeouts in ms: MALLPOS_SYNC_TIMEOUT_MS shortens them for tests. */
static long
timeout_ms (long fallback, long divisor)
{
  const char *env = g_getenv ("MALLPOS_SYNC_TIMEOUT_MS");
  long value = env ? strtol (env, NULL, 10) : 0;

  return value > 0 ? MAX (value / divisor, 100) : fallback;
}

static size_t
keep_body (char *data, size_t size, size_t n, void *user)
{
  GByteArray *body = user;

  if (body->len + size * n > MAX_ANSWER)
    return 0; /* curl then fails the transfer */
  g_byte_array_append (body, (const guint8 *) data, (guint) (size * n));
  return size * n;
}

static struct curl_slist *
headers_for (const MposSyncEnrolment *t, gboolean post)
{
  struct curl_slist *h = curl_slist_append (NULL, "MallPOS-Protocol: 1");

  h = curl_slist_append (h, "Expect:");
  if (post)
    {
      h = curl_slist_append (h, "Content-Type: application/json");
      h = curl_slist_append (h, "Content-Encoding: gzip");
    }
  if (t->token)
    {
      g_autofree char *auth = g_strconcat ("Authorization: Bearer ", t->token, NULL);
      h = curl_slist_append (h, auth);
    }
  return h;
}

static void
set_tls (CURL *c, const MposSyncEnrolment *t)
{
  g_autofree char *pins
      = t->pin_next ? g_strconcat (t->pin_current, ";", t->pin_next, NULL) : g_strdup (t->pin_current);

  curl_easy_setopt (c, CURLOPT_PINNEDPUBLICKEY, pins);
  curl_easy_setopt (c, CURLOPT_SSLVERSION, (long) CURL_SSLVERSION_TLSv1_2);
  if (t->ca_file)
    curl_easy_setopt (c, CURLOPT_CAINFO, t->ca_file);
  else
    {
      curl_easy_setopt (c, CURLOPT_SSL_VERIFYPEER, 0L);
      curl_easy_setopt (c, CURLOPT_SSL_VERIFYHOST, 0L);
    }
}

/* One connection kept from request to request (the multi handle holds the
 * connection and TLS session caches, the easy handle is reset for each
 * request): a drain of many batches does its TLS handshake once. A second
 * thread asking while it is in use gets a connection of its own. */
typedef struct
{
  CURLM *multi;
  CURL *easy;
} Connection;

static GMutex kept_lock;
static Connection kept;

static gboolean
connection_take (Connection *c)
{
  if (g_mutex_trylock (&kept_lock))
    {
      if (kept.multi == NULL)
        kept = (Connection) { curl_multi_init (), curl_easy_init () };
      curl_easy_reset (kept.easy);
      *c = kept;
      return TRUE;
    }
  *c = (Connection) { curl_multi_init (), curl_easy_init () };
  return FALSE;
}

static void
connection_give_back (Connection *c, gboolean kept_one)
{
  if (kept_one)
    {
      g_mutex_unlock (&kept_lock);
      return;
    }
  curl_easy_cleanup (c->easy);
  curl_multi_cleanup (c->multi);
}

static CURLcode
perform (CURLM *multi, CURL *c, const gint *stop)
{
  CURLcode result = CURLE_ABORTED_BY_CALLBACK;
  int running = 1;

  curl_multi_add_handle (multi, c);
  while (running && !(stop && g_atomic_int_get (stop)))
    {
      if (curl_multi_perform (multi, &running) != CURLM_OK)
        break;
      if (running)
        curl_multi_poll (multi, NULL, 0, POLL_MS, NULL);
    }
  for (CURLMsg *m; (m = curl_multi_info_read (multi, &running));)
    if (m->msg == CURLMSG_DONE)
      result = m->data.result;
  curl_multi_remove_handle (multi, c);
  return result;
}

static gboolean
transport_failed (CURLcode rc, const char *detail, const char *url, GError **error)
{
  if (rc == CURLE_SSL_PINNEDPUBKEYNOTMATCH)
    g_set_error (error, MPOS_SYNC_ERROR, MPOS_SYNC_ERROR_STOPPED,
                 "the centre's key does not match the pinned key: this terminal will not talk "
                 "to %s until IT checks the centre's certificate or gives the new pin "
                 "(mallposctl sync enrol); selling goes on",
                 url);
  else
    g_set_error (error, MPOS_SYNC_ERROR, MPOS_SYNC_ERROR_OFFLINE, "cannot reach the centre: %s",
                 detail[0] ? detail : curl_easy_strerror (rc));
  return FALSE;
}

static gboolean
prepare (CURL *c, const MposSyncEnrolment *t, const char *url, const char *json, GBytes **gz,
         GByteArray *body, char *errbuf)
{
  if (curl_easy_setopt (c, CURLOPT_URL, url) != CURLE_OK
      || curl_easy_setopt (c, CURLOPT_PROTOCOLS_STR, "https") != CURLE_OK)
    return FALSE;
  curl_easy_setopt (c, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt (c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (c, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms (10000, 6));
  curl_easy_setopt (c, CURLOPT_TIMEOUT_MS, timeout_ms (60000, 1));
  curl_easy_setopt (c, CURLOPT_ACCEPT_ENCODING, "gzip");
  curl_easy_setopt (c, CURLOPT_WRITEFUNCTION, keep_body);
  curl_easy_setopt (c, CURLOPT_WRITEDATA, body);
  set_tls (c, t);
  if (json)
    {
      *gz = mpos_sync_gzip (json, strlen (json));
      curl_easy_setopt (c, CURLOPT_POSTFIELDS, g_bytes_get_data (*gz, NULL));
      curl_easy_setopt (c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t) g_bytes_get_size (*gz));
    }
  return TRUE;
}

gboolean
mpos_sync_http (const MposSyncEnrolment *t, const char *path, const char *json, const gint *stop,
                MposSyncHttpAnswer *out, GError **error)
{
  g_autofree char *url = g_strconcat (t->url, path, NULL);
  g_autoptr (GByteArray) body = g_byte_array_new ();
  g_autoptr (GBytes) gz = NULL;
  char errbuf[CURL_ERROR_SIZE] = "";
  struct curl_slist *headers = headers_for (t, json != NULL);
  Connection conn;
  gboolean kept_one = connection_take (&conn);
  CURL *c = conn.easy;
  curl_off_t retry = 0;
  CURLcode rc = CURLE_UNSUPPORTED_PROTOCOL;

  if (prepare (c, t, url, json, &gz, body, errbuf))
    {
      curl_easy_setopt (c, CURLOPT_HTTPHEADER, headers);
      rc = perform (conn.multi, c, stop);
    }
  if (rc == CURLE_OK)
    {
      curl_easy_getinfo (c, CURLINFO_RESPONSE_CODE, &out->status);
      curl_easy_getinfo (c, CURLINFO_RETRY_AFTER, &retry);
      out->retry_after = (int) CLAMP (retry, 0, 3600);
      out->body = g_byte_array_free_to_bytes (g_steal_pointer (&body));
    }
  curl_easy_setopt (c, CURLOPT_HTTPHEADER, NULL);
  curl_easy_setopt (c, CURLOPT_ERRORBUFFER, NULL);
  connection_give_back (&conn, kept_one);
  curl_slist_free_all (headers);
  if (rc == CURLE_ABORTED_BY_CALLBACK)
    g_strlcpy (errbuf, "stopped", sizeof errbuf);
  return rc == CURLE_OK || transport_failed (rc, errbuf, t->url, error);
}
