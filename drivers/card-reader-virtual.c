/* card-reader-virtual.c — the virtual card reader: a line source whose lines
 * are parsed as swipes or card numbers. The end of stdin or of the fd takes
 * it offline; socket clients come and go. */
#include "card-reader-virtual.h"

#include "line-source.h"

#include <string.h>
#include <unistd.h>

/* A swipe of three full tracks is under 250 bytes. */
#define MAX_LINE 512

struct _MposCardReaderVirtual
{
  MposCardReader parent_instance;

  char *source;      /* as configured, for errors */
  char *socket_path; /* NULL: read fd */
  int fd;
  gboolean ended;
  MposLineSource *lines;
};

G_DEFINE_FINAL_TYPE (MposCardReaderVirtual, mpos_card_reader_virtual, MPOS_TYPE_CARD_READER)

static void
on_line (const char *line, gsize length, gpointer user_data)
{
  mpos_card_reader_deliver_swipe (MPOS_CARD_READER (user_data), line, length);
}

static void
on_overflow (gsize max_length, gpointer user_data)
{
  mpos_card_reader_report (MPOS_CARD_READER (user_data), MPOS_DEVICE_ERROR_PROTOCOL,
                           "sent a line longer than %" G_GSIZE_FORMAT " bytes; that is no card",
                           max_length);
}

static void
on_closed (int errno_value, gpointer user_data)
{
  MposCardReaderVirtual *self = user_data;

  g_clear_pointer (&self->lines, mpos_line_source_free);
  self->ended = TRUE;
  mpos_device_set_state (MPOS_DEVICE (self), MPOS_DEVICE_STATE_ERROR);
  mpos_device_emit_status (MPOS_DEVICE (self), MPOS_DEVICE_STATUS_OFFLINE);
  mpos_card_reader_report (MPOS_CARD_READER (self), MPOS_DEVICE_ERROR_OFFLINE,
                           errno_value ? "its input failed: %s" : "its input ended%s",
                           errno_value ? g_strerror (errno_value) : "");
}

static gboolean
virtual_enable (MposDevice *device, GError **error)
{
  MposCardReaderVirtual *self = MPOS_CARD_READER_VIRTUAL (device);
  MposLineSourceOptions options = { "\r\n", MAX_LINE, TRUE };
  MposLineSourceFuncs funcs = { on_line, on_overflow, on_closed };
  g_autoptr (GError) local = NULL;

  if (self->socket_path)
    {
      self->lines
          = mpos_line_source_new_listening (self->socket_path, &options, &funcs, self, &local);
      if (self->lines == NULL)
        mpos_device_set_error (device, error, MPOS_DEVICE_ERROR_FAILED, "%s", local->message);
      return self->lines != NULL;
    }
  if (self->fd < 0)
    {
      mpos_device_set_error (device, error, MPOS_DEVICE_ERROR_CONFIG,
                             "unknown source “%s”: use stdin or unix:PATH", self->source);
      return FALSE;
    }
  if (self->ended)
    {
      mpos_device_set_error (device, error, MPOS_DEVICE_ERROR_OFFLINE, "its input ended");
      return FALSE;
    }
  self->lines = mpos_line_source_new_for_fd (self->fd, FALSE, &options, &funcs, self);
  return TRUE;
}

static void
virtual_disable (MposDevice *device)
{
  g_clear_pointer (&MPOS_CARD_READER_VIRTUAL (device)->lines, mpos_line_source_free);
}

static void
mpos_card_reader_virtual_finalize (GObject *object)
{
  MposCardReaderVirtual *self = MPOS_CARD_READER_VIRTUAL (object);

  g_clear_pointer (&self->lines, mpos_line_source_free);
  if (self->fd > STDERR_FILENO)
    close (self->fd);
  g_free (self->source);
  g_free (self->socket_path);
  G_OBJECT_CLASS (mpos_card_reader_virtual_parent_class)->finalize (object);
}

static void
mpos_card_reader_virtual_class_init (MposCardReaderVirtualClass *klass)
{
  MposDeviceClass *device_class = MPOS_DEVICE_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = mpos_card_reader_virtual_finalize;
  device_class->enable = virtual_enable;
  device_class->disable = virtual_disable;
}

static void
mpos_card_reader_virtual_init (MposCardReaderVirtual *self)
{
  self->fd = -1;
}

static MposCardReaderVirtual *
virtual_new (const char *name, const char *source)
{
  g_autofree char *description = g_strdup_printf ("virtual %s", source);
  MposCardReaderVirtual *self
      = g_object_new (MPOS_TYPE_CARD_READER_VIRTUAL, "name", name, "category",
                      MPOS_DEVICE_CARD_READER, "description", description, NULL);

  self->source = g_strdup (source);
  return self;
}

MposCardReader *
mpos_card_reader_virtual_new (const char *name, const char *source)
{
  MposCardReaderVirtual *self = virtual_new (name, source ? source : "stdin");

  if (source == NULL || strcmp (source, "stdin") == 0)
    self->fd = STDIN_FILENO;
  else if (g_str_has_prefix (source, "unix:"))
    self->socket_path = g_strdup (source + strlen ("unix:"));
  return MPOS_CARD_READER (self);
}

MposCardReader *
mpos_card_reader_virtual_new_for_fd (const char *name, int fd)
{
  g_autofree char *source = g_strdup_printf ("fd %d", fd);
  MposCardReaderVirtual *self = virtual_new (name, source);

  self->fd = fd;
  return MPOS_CARD_READER (self);
}
