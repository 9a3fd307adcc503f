/* input-node.c — opening the node of an input device (evdev, hidraw) by path
 * or by USB id, with errors a cashier or installer can act on; see
 * input-node.h. */
#include "input-node.h"

#include <errno.h>
#include <fcntl.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <unistd.h>

void
mpos_input_node_init (MposInputNode *node, MposDevice *device, const char *kind,
                      MposInputNodeFind find, const char *path, guint16 vendor_id,
                      guint16 product_id)
{
  g_autofree char *description
      = path ? g_strdup_printf ("%s %s", kind, path)
             : g_strdup_printf ("%s usb %04x:%04x", kind, vendor_id, product_id);

  *node = (MposInputNode){ kind, find, g_strdup (path), vendor_id, product_id, FALSE, -1 };
  mpos_device_set_description (device, description);
}

void
mpos_input_node_init_for_fd (MposInputNode *node, MposDevice *device, const char *kind, int fd)
{
  g_autofree char *description = g_strdup_printf ("%s stream fd %d", kind, fd);

  *node = (MposInputNode){ kind, NULL, NULL, 0, 0, TRUE, fd };
  g_unix_set_fd_nonblocking (fd, TRUE, NULL);
  mpos_device_set_description (device, description);
}

void
mpos_input_node_clear (MposInputNode *node)
{
  if (node->fd >= 0)
    close (node->fd);
  node->fd = -1;
  g_clear_pointer (&node->path, g_free);
}

static void
set_open_error (MposDevice *device, GError **error, const char *path, int errno_value)
{
  const char *category = mpos_device_category_name (mpos_device_get_category (device));

  switch (errno_value)
    {
    case ENOENT:
    case ENODEV:
    case ENXIO:
      mpos_device_set_error (device, error, MPOS_DEVICE_ERROR_NO_HARDWARE,
                             "%s is not there; is the %s plugged in?", path, category);
      break;
    case EACCES:
    case EPERM:
      mpos_device_set_error (device, error, MPOS_DEVICE_ERROR_PERMISSION,
                             "no permission to open %s; install the udev rule from packaging/",
                             path);
      break;
    case EBUSY:
      mpos_device_set_error (device, error, MPOS_DEVICE_ERROR_CLAIMED,
                             "%s is in use by another program", path);
      break;
    default:
      mpos_device_set_error (device, error, MPOS_DEVICE_ERROR_FAILED, "cannot open %s: %s", path,
                             g_strerror (errno_value));
    }
}

static gboolean
open_node (MposInputNode *node, MposDevice *device, GError **error)
{
  g_autoptr (GError) local = NULL;
  g_autofree char *path = NULL;
  g_autofree char *description = NULL;

  path = node->path ? g_strdup (node->path)
                    : node->find ("/sys", node->vendor_id, node->product_id, &local);
  if (path == NULL)
    {
      mpos_device_set_error (device, error, local->code, "%s", local->message);
      return FALSE;
    }
  description = g_strdup_printf ("%s %s", node->kind, path);
  mpos_device_set_description (device, description);
  node->fd = g_open (path, O_RDONLY | O_NONBLOCK | O_CLOEXEC, 0);
  if (node->fd < 0)
    set_open_error (device, error, path, errno);
  return node->fd >= 0;
}

gboolean
mpos_input_node_open (MposInputNode *node, MposDevice *device, GError **error)
{
  if (!node->given_fd)
    return open_node (node, device, error);
  if (node->fd >= 0)
    return TRUE;
  mpos_device_set_error (device, error, MPOS_DEVICE_ERROR_OFFLINE, "its input has ended");
  return FALSE;
}

void
mpos_input_node_close (MposInputNode *node)
{
  if (!node->given_fd && node->fd >= 0)
    {
      close (node->fd);
      node->fd = -1;
    }
}

gboolean
mpos_input_node_reopen (MposInputNode *node, MposDevice *device, GError **error)
{
  if (node->given_fd)
    return FALSE;
  mpos_input_node_close (node);
  return open_node (node, device, error);
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(char *const *)a, *(char *const *)b);
}

char *
mpos_input_node_find_in_class (const char *sysfs_root, const char *class_name, const char *prefix,
                               const char *dev_dir,
                               gboolean (*match) (const char *dir, guint16 vendor_id,
                                                  guint16 product_id),
                               guint16 vendor_id, guint16 product_id)
{
  g_autofree char *class_dir = g_build_filename (sysfs_root, "class", class_name, NULL);
  g_autoptr (GDir) dir = g_dir_open (class_dir, 0, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, prefix))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *node_dir = g_build_filename (class_dir, names->pdata[i], NULL);
      if (match (node_dir, vendor_id, product_id))
        return g_build_filename (dev_dir, names->pdata[i], NULL);
    }
  return NULL;
}
