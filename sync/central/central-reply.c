/* central-reply.c — the answers request handlers build: a body and a status,
 * errors in the one shape PROTOCOL.md section 7 lists. */
#include "central.h"

#include <stdio.h>

#include <gio/gio.h>

void
central_reply_clear (CentralReply *reply)
{
  g_clear_pointer (&reply->body, cJSON_Delete);
}

void
central_reply_ok (CentralReply *reply, cJSON *body)
{
  central_reply_clear (reply);
  reply->status = 200;
  reply->body = body;
}

void
central_reply_error (CentralReply *reply, unsigned status, const char *code, const char *format,
                     ...)
{
  va_list args;
  g_autofree char *message = NULL;
  cJSON *error;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  central_reply_clear (reply);
  reply->status = status;
  reply->body = cJSON_CreateObject ();
  error = cJSON_AddObjectToObject (reply->body, "error");
  cJSON_AddStringToObject (error, "code", code);
  cJSON_AddStringToObject (error, "message", message);
}

void
central_reply_db_error (CentralReply *reply, const GError *error)
{
  g_warning ("database: %s", error->message);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED))
    {
      central_reply_error (reply, 503, "unavailable",
                           "the centre's database is not reachable; try again later");
      reply->retry_after = 5;
      return;
    }
  central_reply_error (reply, 500, "internal",
                       "the centre failed (nothing was committed); send the same request again");
}

int
central_say (int code, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  fputs ("mallpos-central: ", stderr);
  vfprintf (stderr, format, args);
  fputc ('\n', stderr);
  va_end (args);
  return code;
}

PGconn *
central_db_or_say (void)
{
  g_autoptr (GError) error = NULL;
  PGconn *db = central_db (&error);

  if (db == NULL)
    central_say (1, "cannot reach the database (give --db or set MALLPOS_CENTRAL_DB): %s",
                 error->message);
  return db;
}
