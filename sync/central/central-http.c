/* central-http.c — the centre's HTTPS layer on libmicrohttpd (GnuTLS): reads
 * a request body (gzip or not, within the size limit), routes it to its
 * handler and sends the reply. It keeps nothing between requests. */
#include "central.h"
#include "sync-gzip.h"

#include <gio/gio.h>
#include <glib/gstdio.h>

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#define GZIP_ABOVE 1024 /* bytes of answer worth compressing */

typedef struct
{
  GByteArray *body;
  gboolean too_large;
} Request;

static void
request_completed (void *cls, struct MHD_Connection *connection, void **con_cls,
                   enum MHD_RequestTerminationCode code)
{
  Request *request = *con_cls;

  if (request == NULL)
    return;
  g_byte_array_unref (request->body);
  g_free (request);
  *con_cls = NULL;
}

static const char *
header (struct MHD_Connection *connection, const char *name)
{
  return MHD_lookup_connection_value (connection, MHD_HEADER_KIND, name);
}

static enum MHD_Result
send_reply (struct MHD_Connection *connection, CentralReply *reply)
{
  const char *accept = header (connection, MHD_HTTP_HEADER_ACCEPT_ENCODING);
  g_autofree char *text = NULL;
  g_autoptr (GBytes) gz = NULL;
  struct MHD_Response *response;
  enum MHD_Result ok;
  gsize length;

  cJSON_AddNumberToObject (reply->body, "protocol", CENTRAL_PROTOCOL);
  text = central_json_print (reply->body);
  length = strlen (text);
  if (accept && strstr (accept, "gzip") && length > GZIP_ABOVE)
    gz = mpos_sync_gzip (text, length);
  response = gz ? MHD_create_response_from_buffer (g_bytes_get_size (gz),
                                                   (void *) g_bytes_get_data (gz, NULL),
                                                   MHD_RESPMEM_MUST_COPY)
                : MHD_create_response_from_buffer (length, text, MHD_RESPMEM_MUST_COPY);
  MHD_add_response_header (response, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
  if (gz)
    MHD_add_response_header (response, MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip");
  if (reply->retry_after > 0)
    {
      char seconds[16];
      g_snprintf (seconds, sizeof seconds, "%d", reply->retry_after);
      MHD_add_response_header (response, MHD_HTTP_HEADER_RETRY_AFTER, seconds);
    }
  ok = MHD_queue_response (connection, reply->status, response);
  MHD_destroy_response (response);
  return ok;
}

/* The body as sent, inflated when it came gzipped; NULL with the reply made. */
static GBytes *
request_body (struct MHD_Connection *connection, Request *request, CentralReply *reply)
{
  const char *encoding = header (connection, MHD_HTTP_HEADER_CONTENT_ENCODING);
  const char *why = NULL;
  GBytes *body;

  if (request->too_large)
    {
      central_reply_error (reply, 413, "too_large", "a request body may hold at most %d bytes",
                           CENTRAL_MAX_BODY);
      return NULL;
    }
  if (encoding == NULL || strcmp (encoding, "identity") == 0)
    return g_bytes_new (request->body->data, request->body->len);
  if (strcmp (encoding, "gzip") != 0)
    {
      central_reply_error (reply, 400, "bad_request", "Content-Encoding must be gzip or none");
      return NULL;
    }
  body = mpos_sync_gunzip (request->body->data, request->body->len, CENTRAL_MAX_BODY, &why);
  if (body == NULL)
    central_reply_error (reply, strstr (why, "limit") ? 413 : 400,
                         strstr (why, "limit") ? "too_large" : "bad_request", "%s", why);
  return body;
}

static void
route (struct MHD_Connection *connection, const char *method, const char *url,
       Request *request, CentralReply *reply)
{
  const char *auth = header (connection, MHD_HTTP_HEADER_AUTHORIZATION);
  const char *version = header (connection, "MallPOS-Protocol");
  g_autoptr (GBytes) body = NULL;
  gboolean post = strcmp (method, "POST") == 0;

  if (version != NULL && strcmp (version, "1") != 0)
    central_reply_error (reply, 400, "unsupported_protocol",
                         "this centre speaks protocol %d, not %.8s", CENTRAL_PROTOCOL, version);
  else if (post && (strcmp (url, "/v1/enrol") == 0 || strcmp (url, "/v1/push") == 0))
    {
      if ((body = request_body (connection, request, reply)) == NULL)
        return;
      if (strcmp (url, "/v1/enrol") == 0)
        central_enrol (g_bytes_get_data (body, NULL), g_bytes_get_size (body), reply);
      else
        central_push (auth, g_bytes_get_data (body, NULL), g_bytes_get_size (body), reply);
    }
  else if (!post && g_str_has_prefix (url, "/v1/pull/"))
    central_pull (auth, url + strlen ("/v1/pull/"),
                  MHD_lookup_connection_value (connection, MHD_GET_ARGUMENT_KIND, "after"),
                  MHD_lookup_connection_value (connection, MHD_GET_ARGUMENT_KIND, "limit"),
                  reply);
  else if (!post && strcmp (url, "/v1/status") == 0)
    central_status (auth, reply);
  else
    central_reply_error (reply, 404, "not_found", "no such request: %.8s %.80s", method, url);
}

static enum MHD_Result
answer (void *cls, struct MHD_Connection *connection, const char *url, const char *method,
        const char *version, const char *upload_data, size_t *upload_data_size, void **con_cls)
{
  Request *request = *con_cls;
  g_auto (CentralReply) reply = { 0 };

  if (request == NULL)
    {
      request = g_new0 (Request, 1);
      request->body = g_byte_array_new ();
      *con_cls = request;
      return MHD_YES;
    }
  if (*upload_data_size > 0)
    {
      if (request->body->len + *upload_data_size > CENTRAL_MAX_BODY)
        request->too_large = TRUE;
      else
        g_byte_array_append (request->body, (const guint8 *) upload_data, *upload_data_size);
      *upload_data_size = 0;
      return MHD_YES;
    }
  route (connection, method, url, request, &reply);
  /* The database went away since this thread last used it (a restart): the
   * connection is reset and the request run once more. Every handler may run
   * twice: a push is exactly-once by its entries' ids. */
  if (reply.status == 503)
    route (connection, method, url, request, &reply);
  return send_reply (connection, &reply);
}

static void
log_mhd (void *cls, const char *format, va_list args)
{
  g_autofree char *text = g_strdup_vprintf (format, args);

  g_message ("https: %s", g_strchomp (text));
}

static struct MHD_Daemon *
start (const CentralServeOptions *o, const char *cert, const char *key, GError **error)
{
  struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons ((uint16_t) o->port) };
  struct MHD_Daemon *daemon;

  if (inet_pton (AF_INET, o->listen_address, &addr.sin_addr) != 1)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "--listen %s is not an IPv4 address", o->listen_address);
      return NULL;
    }
  daemon = MHD_start_daemon (
      MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_TLS | MHD_USE_ERROR_LOG, 0, NULL, NULL, answer,
      NULL, MHD_OPTION_EXTERNAL_LOGGER, log_mhd, NULL, MHD_OPTION_SOCK_ADDR, &addr, MHD_OPTION_HTTPS_MEM_CERT, cert,
      MHD_OPTION_HTTPS_MEM_KEY, key, MHD_OPTION_THREAD_POOL_SIZE, (unsigned) o->threads,
      MHD_OPTION_CONNECTION_TIMEOUT, 60u, MHD_OPTION_NOTIFY_COMPLETED, request_completed, NULL,
      MHD_OPTION_END);
  if (daemon == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                 "could not serve HTTPS on %s:%d (port in use, or the certificate and key do "
                 "not match)",
                 o->listen_address, o->port);
  return daemon;
}

static gboolean
write_port (const char *path, int port, GError **error)
{
  g_autofree char *text = g_strdup_printf ("%d\n", port);
  g_autofree char *tmp = g_strconcat (path, ".tmp", NULL);

  return g_file_set_contents (tmp, text, -1, error) && g_rename (tmp, path) == 0;
}

gboolean
central_serve (const CentralServeOptions *o, GError **error)
{
  g_autofree char *cert = NULL, *key = NULL;
  struct MHD_Daemon *daemon;
  const union MHD_DaemonInfo *info;
  sigset_t stop;
  int sig = 0;

  if (!g_file_get_contents (o->cert_file, &cert, NULL, error)
      || !g_file_get_contents (o->key_file, &key, NULL, error))
    return FALSE;
  sigemptyset (&stop);
  sigaddset (&stop, SIGTERM);
  sigaddset (&stop, SIGINT);
  pthread_sigmask (SIG_BLOCK, &stop, NULL); /* before the daemon's threads start */
  if ((daemon = start (o, cert, key, error)) == NULL)
    return FALSE;
  info = MHD_get_daemon_info (daemon, MHD_DAEMON_INFO_BIND_PORT);
  g_message ("serving https://%s:%u/ with %d threads", o->listen_address, info->port,
             o->threads);
  if (o->port_file && !write_port (o->port_file, info->port, error))
    {
      MHD_stop_daemon (daemon);
      return FALSE;
    }
  sigwait (&stop, &sig);
  g_message ("stopping (signal %d)", sig);
  MHD_stop_daemon (daemon);
  return TRUE;
}
