/* virtual-input.c — the line input of the virtual scanner and card reader
 * (see virtual-input.h): one piece of code for their sources, so a demo
 * feeds either the same way. */
#include "virtual-input.h"

#include "line-source.h"

#include <string.h>
#include <unistd.h>

typedef struct
{
  MposDevice *device; /* the owner; not a reference */
  const MposVirtualInputFuncs *funcs;
  char *source;      /* as configured, for errors */
  char *socket_path; /* NULL: read fd */
  int fd;
  gboolean ended;
  MposLineSource *lines;
} VirtualInput;

/* The device keeps its virtual input as object data under this key. */
#define INPUT_KEY "mpos-virtual-input"

static VirtualInput *
input_of (MposDevice *device)
{
  return g_object_get_data (G_OBJECT (device), INPUT_KEY);
}

static void
on_line (const char *line, gsize length, gpointer user_data)
{
  VirtualInput *input = user_data;

  input->funcs->line (input->device, line, length);
}

static void
on_overflow (gsize max_length, gpointer user_data)
{
  VirtualInput *input = user_data;

  input->funcs->overflow (input->device, max_length);
}

static void
on_closed (int errno_value, gpointer user_data)
{
  VirtualInput *input = user_data;

  g_clear_pointer (&input->lines, mpos_line_source_free);
  input->ended = TRUE;
  mpos_device_lost (input->device, errno_value);
}

static gboolean
start_reading (VirtualInput *input, GError **error)
{
  const MposVirtualInputFuncs *funcs = input->funcs;
  MposLineSourceOptions options
      = { funcs->terminators ? funcs->terminators (input->device) : "\r\n", funcs->max_length,
          TRUE };
  MposLineSourceFuncs line_funcs = { on_line, on_overflow, on_closed };
  g_autoptr (GError) local = NULL;

  if (input->socket_path)
    {
      input->lines = mpos_line_source_new_listening (input->socket_path, &options, &line_funcs,
                                                     input, &local);
      if (input->lines == NULL)
        mpos_device_set_error (input->device, error, MPOS_DEVICE_ERROR_FAILED, "%s",
                               local->message);
      return input->lines != NULL;
    }
  if (input->fd < 0)
    {
      mpos_device_set_error (input->device, error, MPOS_DEVICE_ERROR_CONFIG,
                             "unknown source “%s”: use stdin or unix:PATH", input->source);
      return FALSE;
    }
  if (input->ended)
    {
      mpos_device_set_error (input->device, error, MPOS_DEVICE_ERROR_OFFLINE, "its input ended");
      return FALSE;
    }
  input->lines = mpos_line_source_new_for_fd (input->fd, FALSE, &options, &line_funcs, input);
  return TRUE;
}

static gboolean
virtual_enable (MposDevice *device, GError **error)
{
  return start_reading (input_of (device), error);
}

static void
virtual_disable (MposDevice *device)
{
  g_clear_pointer (&input_of (device)->lines, mpos_line_source_free);
}

void
mpos_virtual_input_class_init (MposDeviceClass *klass)
{
  klass->enable = virtual_enable;
  klass->disable = virtual_disable;
}

static void
input_free (gpointer data)
{
  VirtualInput *input = data;

  g_clear_pointer (&input->lines, mpos_line_source_free);
  if (input->fd > STDERR_FILENO)
    close (input->fd);
  g_free (input->source);
  g_free (input->socket_path);
  g_free (input);
}

void
mpos_virtual_input_attach (MposDevice *device, const MposVirtualInputFuncs *funcs)
{
  VirtualInput *input = g_new0 (VirtualInput, 1);

  input->device = device;
  input->funcs = funcs;
  input->fd = -1;
  g_object_set_data_full (G_OBJECT (device), INPUT_KEY, input, input_free);
}

static MposDevice *
virtual_new (GType type, MposDeviceCategory category, const char *name, const char *source)
{
  g_autofree char *description = g_strdup_printf ("virtual %s", source);
  MposDevice *device
      = g_object_new (type, "name", name, "category", category, "description", description, NULL);

  input_of (device)->source = g_strdup (source);
  return device;
}

MposDevice *
mpos_virtual_input_new (GType type, MposDeviceCategory category, const char *name,
                        const char *source)
{
  MposDevice *device = virtual_new (type, category, name, source ? source : "stdin");
  VirtualInput *input = input_of (device);

  if (source == NULL || strcmp (source, "stdin") == 0)
    input->fd = STDIN_FILENO;
  else if (g_str_has_prefix (source, "unix:"))
    input->socket_path = g_strdup (source + strlen ("unix:"));
  return device;
}

MposDevice *
mpos_virtual_input_new_for_fd (GType type, MposDeviceCategory category, const char *name, int fd)
{
  g_autofree char *source = g_strdup_printf ("fd %d", fd);
  MposDevice *device = virtual_new (type, category, name, source);

  input_of (device)->fd = fd;
  return device;
}

char *
mpos_virtual_input_source_for_entry (const MposDeviceEntry *entry)
{
  if (entry->address.path)
    return g_strdup_printf ("unix:%s", entry->address.path);
  return g_strdup ("stdin");
}
