/* scanner-virtual.c — the virtual scanner: a line source on stdin, a Unix
 * socket or an fd, each line delivered as a scan. When stdin or the fd ends
 * the scanner goes offline ("its input ended"); socket clients come and go. */
#include "scanner-virtual.h"

#include "line-source.h"

#include <string.h>
#include <unistd.h>

struct _MposScannerVirtual
{
  MposScanner parent_instance;

  char *source;      /* as configured, for errors */
  char *socket_path; /* NULL: read fd */
  int fd;
  gboolean ended;
  MposLineSource *lines;
};

G_DEFINE_FINAL_TYPE (MposScannerVirtual, mpos_scanner_virtual, MPOS_TYPE_SCANNER)

static void
on_line (const char *line, gsize length, gpointer user_data)
{
  mpos_scanner_deliver (MPOS_SCANNER (user_data), line, length, NULL);
}

static void
on_overflow (gsize max_length, gpointer user_data)
{
  mpos_scanner_report (MPOS_SCANNER (user_data), MPOS_DEVICE_ERROR_PROTOCOL,
                       "sent a line longer than %" G_GSIZE_FORMAT " bytes", max_length);
}

static void
on_closed (int errno_value, gpointer user_data)
{
  MposScannerVirtual *self = user_data;

  g_clear_pointer (&self->lines, mpos_line_source_free);
  self->ended = TRUE;
  mpos_scanner_lost (MPOS_SCANNER (self), errno_value);
}

static gboolean
virtual_enable (MposDevice *device, GError **error)
{
  MposScannerVirtual *self = MPOS_SCANNER_VIRTUAL (device);
  MposLineSourceOptions options
      = { mpos_scanner_get_terminators (MPOS_SCANNER (self)), MPOS_SCANNER_MAX_LENGTH, TRUE };
  MposLineSourceFuncs funcs = { on_line, on_overflow, on_closed };
  g_autoptr (GError) local = NULL;

  if (self->socket_path == NULL)
    {
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
  self->lines = mpos_line_source_new_listening (self->socket_path, &options, &funcs, self, &local);
  if (self->lines == NULL)
    {
      mpos_device_set_error (device, error, MPOS_DEVICE_ERROR_FAILED, "%s", local->message);
      return FALSE;
    }
  return TRUE;
}

static void
virtual_disable (MposDevice *device)
{
  g_clear_pointer (&MPOS_SCANNER_VIRTUAL (device)->lines, mpos_line_source_free);
}

static void
mpos_scanner_virtual_finalize (GObject *object)
{
  MposScannerVirtual *self = MPOS_SCANNER_VIRTUAL (object);

  g_clear_pointer (&self->lines, mpos_line_source_free);
  if (self->fd > STDERR_FILENO)
    close (self->fd);
  g_free (self->source);
  g_free (self->socket_path);
  G_OBJECT_CLASS (mpos_scanner_virtual_parent_class)->finalize (object);
}

static void
mpos_scanner_virtual_class_init (MposScannerVirtualClass *klass)
{
  MposDeviceClass *device_class = MPOS_DEVICE_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = mpos_scanner_virtual_finalize;
  device_class->enable = virtual_enable;
  device_class->disable = virtual_disable;
}

static void
mpos_scanner_virtual_init (MposScannerVirtual *self)
{
  self->fd = -1;
}

static MposScannerVirtual *
virtual_new (const char *name, const char *source)
{
  g_autofree char *description = g_strdup_printf ("virtual %s", source);
  MposScannerVirtual *self = g_object_new (MPOS_TYPE_SCANNER_VIRTUAL, "name", name, "category",
                                           MPOS_DEVICE_SCANNER, "description", description, NULL);

  self->source = g_strdup (source);
  return self;
}

MposScanner *
mpos_scanner_virtual_new (const char *name, const char *source)
{
  MposScannerVirtual *self = virtual_new (name, source ? source : "stdin");

  if (source == NULL || strcmp (source, "stdin") == 0)
    self->fd = STDIN_FILENO;
  else if (g_str_has_prefix (source, "unix:"))
    self->socket_path = g_strdup (source + strlen ("unix:"));
  return MPOS_SCANNER (self);
}

MposScanner *
mpos_scanner_virtual_new_for_fd (const char *name, int fd)
{
  g_autofree char *source = g_strdup_printf ("fd %d", fd);
  MposScannerVirtual *self = virtual_new (name, source);

  self->fd = fd;
  return MPOS_SCANNER (self);
}
