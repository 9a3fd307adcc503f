/* device-test-util.c — the event recorder and file helpers shared by the
 * scanner and card reader tests. */
#include "device-test-util.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void
on_data (MposDevice *device, MposDeviceData *data, gpointer user_data)
{
  DeviceRecorder *recorder = user_data;

  g_ptr_array_add (recorder->data, mpos_device_data_copy (data));
}

static void
on_status (MposDevice *device, int status, gpointer user_data)
{
  DeviceRecorder *recorder = user_data;

  g_array_append_val (recorder->statuses, status);
}

static void
on_error (MposDevice *device, GError *error, gpointer user_data)
{
  DeviceRecorder *recorder = user_data;

  g_test_message ("error event: %s", error->message);
  g_ptr_array_add (recorder->errors, g_error_copy (error));
}

DeviceRecorder *
device_recorder_new (MposDevice *device)
{
  DeviceRecorder *recorder = g_new0 (DeviceRecorder, 1);

  recorder->device = g_object_ref (device);
  recorder->data = g_ptr_array_new_with_free_func ((GDestroyNotify)mpos_device_data_free);
  recorder->errors = g_ptr_array_new_with_free_func ((GDestroyNotify)g_error_free);
  recorder->statuses = g_array_new (FALSE, FALSE, sizeof (int));
  g_signal_connect (device, "data", G_CALLBACK (on_data), recorder);
  g_signal_connect (device, "status", G_CALLBACK (on_status), recorder);
  g_signal_connect (device, "error", G_CALLBACK (on_error), recorder);
  return recorder;
}

void
device_recorder_free (DeviceRecorder *recorder)
{
  if (recorder == NULL)
    return;
  g_signal_handlers_disconnect_by_data (recorder->device, recorder);
  g_object_unref (recorder->device);
  g_ptr_array_unref (recorder->data);
  g_ptr_array_unref (recorder->errors);
  g_array_unref (recorder->statuses);
  g_free (recorder);
}

static gboolean
on_timeout (gpointer user_data)
{
  gboolean *expired = user_data;

  *expired = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
device_recorder_wait (DeviceRecorder *recorder, guint n_data, guint n_errors, guint timeout_ms)
{
  gboolean expired = FALSE;
  guint id = g_timeout_add (timeout_ms, on_timeout, &expired);

  while (!expired && (recorder->data->len < n_data || recorder->errors->len < n_errors))
    g_main_context_iteration (NULL, TRUE);
  if (!expired)
    g_source_remove (id);
  return recorder->data->len >= n_data && recorder->errors->len >= n_errors;
}

static gboolean
has_status (DeviceRecorder *recorder, MposDeviceStatus status, guint from)
{
  for (guint i = from; i < recorder->statuses->len; i++)
    if (g_array_index (recorder->statuses, int, i) == (int)status)
      return TRUE;
  return FALSE;
}

gboolean
device_recorder_wait_status (DeviceRecorder *recorder, MposDeviceStatus status, guint from,
                             guint timeout_ms)
{
  gboolean expired = FALSE;
  guint id = g_timeout_add (timeout_ms, on_timeout, &expired);

  while (!expired && !has_status (recorder, status, from))
    g_main_context_iteration (NULL, TRUE);
  if (!expired)
    g_source_remove (id);
  return has_status (recorder, status, from);
}

void
device_recorder_spin (guint ms)
{
  gboolean expired = FALSE;

  g_timeout_add (ms, on_timeout, &expired);
  while (!expired)
    g_main_context_iteration (NULL, TRUE);
}

const MposDeviceData *
device_recorder_data (DeviceRecorder *recorder, guint index)
{
  g_assert_cmpuint (index, <, recorder->data->len);
  return g_ptr_array_index (recorder->data, index);
}

const GError *
device_recorder_error (DeviceRecorder *recorder, guint index)
{
  g_assert_cmpuint (index, <, recorder->errors->len);
  return g_ptr_array_index (recorder->errors, index);
}

guint
device_recorder_count_errors (DeviceRecorder *recorder, MposDeviceError code)
{
  guint count = 0;

  for (guint i = 0; i < recorder->errors->len; i++)
    {
      const GError *error = g_ptr_array_index (recorder->errors, i);
      if (error->domain == MPOS_DEVICE_ERROR && error->code == (int)code)
        count++;
    }
  return count;
}

void
device_recorder_start (MposDevice *device)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (mpos_device_open (device, &error));
  g_assert_no_error (error);
  g_assert_true (mpos_device_claim (device, 1000, &error));
  g_assert_no_error (error);
  g_assert_true (mpos_device_enable (device, &error));
  g_assert_no_error (error);
}

GBytes *
device_test_file (const char *dir, const char *name)
{
  g_autofree char *path = g_build_filename (MPOS_DEVICE_TEST_DIR, dir, name, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (g_steal_pointer (&contents), length);
}

int
device_test_socket_pair (int *peer)
{
  int fds[2];

  g_assert_cmpint (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), ==, 0);
  *peer = fds[1];
  return fds[0];
}

void
device_test_send (int peer, const char *text, gssize length)
{
  gsize n = length < 0 ? strlen (text) : (gsize)length;

  g_assert_cmpint (write (peer, text, n), ==, (gssize)n);
}

void
device_test_finish (MposDevice *device, DeviceRecorder *recorder, int peer)
{
  mpos_device_close (device);
  device_recorder_free (recorder);
  g_object_unref (device);
  if (peer >= 0)
    close (peer);
}

int
device_test_bytes_fd (const void *data, gsize length)
{
  int peer = -1;
  int fd = device_test_socket_pair (&peer);

  device_test_send (peer, data, (gssize)length);
  close (peer);
  return fd;
}

int
device_test_stream_fd (const char *dir, const char *name)
{
  g_autoptr (GBytes) bytes = device_test_file (dir, name);
  gsize length = 0;
  const guint8 *data = g_bytes_get_data (bytes, &length);

  return device_test_bytes_fd (data, length);
}

DeviceRecorder *
device_test_play_to_end (MposDevice *device)
{
  g_autoptr (MposDevice) owned = device;
  DeviceRecorder *recorder = device_recorder_new (device);

  device_recorder_start (device);
  g_assert_true (device_recorder_wait_status (recorder, MPOS_DEVICE_STATUS_OFFLINE, 0, 5000));
  g_assert_cmpuint (device_recorder_count_errors (recorder, MPOS_DEVICE_ERROR_OFFLINE), ==, 1);
  mpos_device_close (device);
  return recorder;
}

void
device_test_write_file (const char *root, const char *relative, const void *contents, gssize length)
{
  g_autofree char *path = g_build_filename (root, relative, NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
}

