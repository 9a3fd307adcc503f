/* line-source.c — a GLib fd watch per input that splits the bytes at the
 * terminators and hands each line over. Reads only when poll says the fd is
 * readable, so a shared stdin is never switched to non-blocking mode. The
 * source is reference counted so a callback may free it while a read of
 * several lines is being dispatched. */
#include "line-source.h"

#include <errno.h>
#include <gio/gio.h>
#include <gio/gunixsocketaddress.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DEFAULT_MAX_LENGTH 4096
#define READ_CHUNK 4096

typedef struct
{
  MposLineSource *owner;
  int fd;
  gboolean close_fd;
  gboolean primary; /* its end is reported; a socket client's is not */
  guint watch;
  GString *line;
  gboolean overflowing;
  GSocketConnection *connection;
} LineReader;

struct _MposLineSource
{
  char *terminators;
  gsize max_length;
  gboolean flush_at_end;
  MposLineSourceFuncs funcs;
  gpointer user_data;
  GPtrArray *readers;
  GSocketService *service;
  char *socket_path;
  gboolean destroyed;
};

static void
reader_stop (LineReader *reader)
{
  if (reader->watch)
    g_source_remove (reader->watch);
  reader->watch = 0;
  if (reader->close_fd && reader->fd >= 0)
    close (reader->fd);
  reader->fd = -1;
  if (reader->connection)
    g_io_stream_close (G_IO_STREAM (reader->connection), NULL, NULL);
}

static void
reader_free (gpointer data)
{
  LineReader *reader = data;

  reader_stop (reader);
  g_clear_object (&reader->connection);
  g_string_free (reader->line, TRUE);
  g_free (reader);
}

static void
end_line (LineReader *reader)
{
  MposLineSource *source = reader->owner;

  if (reader->overflowing)
    reader->overflowing = FALSE;
  else if (reader->line->len > 0 && source->funcs.line)
    source->funcs.line (reader->line->str, reader->line->len, source->user_data);
  g_string_truncate (reader->line, 0);
}

static gboolean
is_terminator (MposLineSource *source, char c)
{
  return c != '\0' && strchr (source->terminators, c) != NULL;
}

static void
take_byte (LineReader *reader, char c)
{
  MposLineSource *source = reader->owner;

  if (is_terminator (source, c))
    {
      end_line (reader);
      return;
    }
  if (reader->overflowing)
    return;
  if (reader->line->len >= source->max_length)
    {
      reader->overflowing = TRUE;
      g_string_truncate (reader->line, 0);
      if (source->funcs.overflow)
        source->funcs.overflow (source->max_length, source->user_data);
      return;
    }
  g_string_append_c (reader->line, c);
}

/* The input ended: the last line if asked, then the end itself. */
static void
reader_ended (LineReader *reader, int errno_value)
{
  MposLineSource *source = reader->owner;

  if (source->flush_at_end && errno_value == 0 && !reader->overflowing)
    end_line (reader);
  reader->watch = 0; /* the dispatching watch goes away with G_SOURCE_REMOVE */
  reader_stop (reader);
  if (source->destroyed)
    return;
  if (reader->primary)
    {
      if (source->funcs.closed)
        source->funcs.closed (errno_value, source->user_data);
    }
  else
    g_ptr_array_remove_fast (source->readers, reader);
}

static void source_clear (gpointer data);

static gboolean
reader_ready (int fd, GIOCondition condition, gpointer user_data)
{
  LineReader *reader = user_data;
  MposLineSource *source = g_rc_box_acquire (reader->owner);
  char buffer[READ_CHUNK];
  gssize got = read (fd, buffer, sizeof buffer);
  int saved_errno = errno;
  gboolean keep = TRUE;

  if (got < 0 && (saved_errno == EINTR || saved_errno == EAGAIN))
    got = -2;
  for (gssize i = 0; i < got && !source->destroyed; i++)
    take_byte (reader, buffer[i]);
  if (!source->destroyed && got >= -1 && got <= 0)
    {
      reader_ended (reader, got == 0 ? 0 : saved_errno);
      keep = FALSE;
    }
  if (source->destroyed)
    keep = FALSE;
  g_rc_box_release_full (source, source_clear);
  return keep;
}

static LineReader *
add_reader (MposLineSource *source, int fd, gboolean close_fd, gboolean primary)
{
  LineReader *reader = g_new0 (LineReader, 1);

  reader->owner = source;
  reader->fd = fd;
  reader->close_fd = close_fd;
  reader->primary = primary;
  reader->line = g_string_new (NULL);
  reader->watch = g_unix_fd_add (fd, G_IO_IN | G_IO_HUP | G_IO_ERR, reader_ready, reader);
  g_ptr_array_add (source->readers, reader);
  return reader;
}

static MposLineSource *
source_new (const MposLineSourceOptions *options, const MposLineSourceFuncs *funcs,
            gpointer user_data)
{
  MposLineSource *source = g_rc_box_new0 (MposLineSource);

  source->terminators = g_strdup (options && options->terminators ? options->terminators : "\r\n");
  source->max_length = options && options->max_length ? options->max_length : DEFAULT_MAX_LENGTH;
  source->flush_at_end = options ? options->flush_at_end : FALSE;
  source->funcs = *funcs;
  source->user_data = user_data;
  source->readers = g_ptr_array_new_with_free_func (reader_free);
  return source;
}

MposLineSource *
mpos_line_source_new_for_fd (int fd, gboolean close_fd, const MposLineSourceOptions *options,
                             const MposLineSourceFuncs *funcs, gpointer user_data)
{
  MposLineSource *source;

  g_return_val_if_fail (fd >= 0 && funcs != NULL, NULL);
  source = source_new (options, funcs, user_data);
  add_reader (source, fd, close_fd, TRUE);
  return source;
}

static gboolean
on_incoming (GSocketService *service, GSocketConnection *connection, GObject *source_object,
             gpointer user_data)
{
  MposLineSource *source = user_data;
  GSocket *socket = g_socket_connection_get_socket (connection);
  LineReader *reader = add_reader (source, g_socket_get_fd (socket), FALSE, FALSE);

  reader->connection = g_object_ref (connection);
  return TRUE;
}

/* A socket file left by a process that died is replaced; anything else at
 * the path is not ours to remove. */
static void
remove_stale_socket (const char *path)
{
  GStatBuf st;

  if (g_lstat (path, &st) == 0 && S_ISSOCK (st.st_mode))
    g_unlink (path);
}

MposLineSource *
mpos_line_source_new_listening (const char *path, const MposLineSourceOptions *options,
                                const MposLineSourceFuncs *funcs, gpointer user_data,
                                GError **error)
{
  g_autoptr (GSocketAddress) address = NULL;
  MposLineSource *source;

  g_return_val_if_fail (path != NULL && funcs != NULL, NULL);
  remove_stale_socket (path);
  source = source_new (options, funcs, user_data);
  source->service = g_socket_service_new ();
  address = g_unix_socket_address_new (path);
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (source->service), address,
                                      G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT, NULL, NULL,
                                      error))
    {
      mpos_line_source_free (source);
      return NULL;
    }
  source->socket_path = g_strdup (path);
  g_signal_connect (source->service, "incoming", G_CALLBACK (on_incoming), source);
  g_socket_service_start (source->service);
  return source;
}

static void
source_clear (gpointer data)
{
  MposLineSource *source = data;

  g_ptr_array_unref (source->readers);
  g_free (source->terminators);
  g_free (source->socket_path);
}

void
mpos_line_source_free (MposLineSource *source)
{
  if (source == NULL)
    return;
  source->destroyed = TRUE;
  if (source->service)
    {
      g_signal_handlers_disconnect_by_data (source->service, source);
      g_socket_service_stop (source->service);
      g_socket_listener_close (G_SOCKET_LISTENER (source->service));
      g_clear_object (&source->service);
    }
  if (source->socket_path)
    g_unlink (source->socket_path);
  for (guint i = 0; i < source->readers->len; i++)
    reader_stop (g_ptr_array_index (source->readers, i));
  g_rc_box_release_full (source, source_clear);
}
