/* device-watcher.c — see device-watcher.h. Polling rather than udev events:
 * it works the same with or without udevd (containers, tests), costs a
 * directory scan every two seconds, and matches devices exactly as opening
 * them does (mpos_transport_probe), so "present" never disagrees with "can
 * be opened" about which device is meant. */
#include "device-watcher.h"

#define PROBE_TIMEOUT_MS 1000

/* A device and the address it is found at: what a watch keeps and what a
 * background check looks at. */
typedef struct
{
  MposDevice *device;
  MposTransportAddress address;
} DeviceAt;

typedef struct
{
  DeviceAt at;
  int present; /* -1 not checked yet, 0 gone, 1 there */
  /* How to put the device back when it returns. */
  gboolean want_open;
  gboolean want_claim;
  gboolean want_enable;
  gboolean error_reported; /* one "error" signal per outage */
} Watch;

struct _MposDeviceWatcher
{
  GMainContext *context;
  GSource *timer;
  guint interval_ms;
  GPtrArray *watches;
  GCancellable *cancellable; /* cancelled when the watcher goes away */
  gboolean checking;
};

/* What one background check looked at and found. */
typedef struct
{
  DeviceAt at;
  gboolean present;
} Probe;

static void
device_at_init (DeviceAt *at, MposDevice *device, const MposTransportAddress *address)
{
  at->device = g_object_ref (device);
  mpos_transport_address_copy (&at->address, address);
}

static void
device_at_clear (DeviceAt *at)
{
  g_object_unref (at->device);
  mpos_transport_address_clear (&at->address);
}

static void
watch_free (gpointer data)
{
  Watch *watch = data;

  device_at_clear (&watch->at);
  g_free (watch);
}

static void
probe_free (gpointer data)
{
  Probe *probe = data;

  device_at_clear (&probe->at);
  g_free (probe);
}

static gboolean
is_open (MposDevice *device)
{
  return mpos_device_get_state (device) != MPOS_DEVICE_STATE_CLOSED;
}

static Watch *
find_watch (MposDeviceWatcher *watcher, MposDevice *device)
{
  for (guint i = 0; i < watcher->watches->len; i++)
    {
      Watch *watch = g_ptr_array_index (watcher->watches, i);

      if (watch->at.device == device)
        return watch;
    }
  return NULL;
}

/* ---- applying what a check found -------------------------------------------- */

static void
went_away (Watch *watch)
{
  if (watch->present == 1)
    {
      watch->want_open = is_open (watch->at.device);
      watch->want_claim = mpos_device_get_claimed (watch->at.device);
      watch->want_enable = mpos_device_get_enabled (watch->at.device);
      g_debug ("%s vanished", mpos_device_get_name (watch->at.device));
      if (watch->want_open)
        mpos_device_set_state (watch->at.device, MPOS_DEVICE_STATE_ERROR);
      mpos_device_emit_status (watch->at.device, MPOS_DEVICE_STATUS_OFFLINE);
    }
  watch->present = 0;
}

/* Close (dropping the dead handle) and open, claim, enable as it was. */
static gboolean
reopen (Watch *watch)
{
  MposDevice *device = watch->at.device;
  g_autoptr (GError) error = NULL;

  mpos_device_close (device);
  if (mpos_device_open (device, &error)
      && (!watch->want_claim || mpos_device_claim (device, PROBE_TIMEOUT_MS, &error))
      && (!watch->want_enable || mpos_device_enable (device, &error)))
    return TRUE;
  mpos_device_close (device);
  g_debug ("%s is back but cannot be reopened yet: %s", mpos_device_get_name (device),
           error->message);
  if (!watch->error_reported)
    mpos_device_emit_error (device, error);
  watch->error_reported = TRUE;
  return FALSE;
}

static void
is_there (Watch *watch)
{
  gboolean needs_open = watch->want_open && !is_open (watch->at.device);
  gboolean was_gone = watch->present == 0;

  if (watch->present == 1 && !needs_open)
    return;
  if ((was_gone && watch->want_open) || needs_open)
    {
      if (!reopen (watch))
        return; /* tried again at the next check */
    }
  watch->present = 1;
  watch->error_reported = FALSE;
  if (was_gone || needs_open)
    {
      g_debug ("%s is back", mpos_device_get_name (watch->at.device));
      mpos_device_emit_status (watch->at.device, MPOS_DEVICE_STATUS_ONLINE);
    }
}

static void
check_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = G_TASK (result);
  GPtrArray *probes = g_task_get_task_data (task);
  MposDeviceWatcher *watcher = user_data;

  /* The watcher is gone when the task was cancelled: touch nothing. */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    return;
  watcher->checking = FALSE;
  for (guint i = 0; i < probes->len; i++)
    {
      Probe *probe = g_ptr_array_index (probes, i);
      Watch *watch = find_watch (watcher, probe->at.device);

      /* Removed, or re-added elsewhere, while the check ran. */
      if (watch == NULL || !mpos_transport_address_equal (&watch->at.address, &probe->at.address))
        continue;
      if (probe->present)
        is_there (watch);
      else
        went_away (watch);
    }
}

/* ---- the background check ----------------------------------------------------- */

static void
check_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  GPtrArray *probes = task_data;

  for (guint i = 0; i < probes->len && !g_cancellable_is_cancelled (cancellable); i++)
    {
      Probe *probe = g_ptr_array_index (probes, i);

      probe->present = mpos_transport_probe (&probe->at.address, PROBE_TIMEOUT_MS, NULL);
    }
  g_task_return_boolean (task, TRUE);
}

static gboolean
is_watchable (const MposTransportAddress *address)
{
  return address->kind == MPOS_TRANSPORT_USB || address->kind == MPOS_TRANSPORT_SERIAL;
}

static gboolean
tick (gpointer user_data)
{
  MposDeviceWatcher *watcher = user_data;
  g_autoptr (GPtrArray) probes = NULL;
  g_autoptr (GTask) task = NULL;

  if (watcher->checking || watcher->watches->len == 0)
    return G_SOURCE_CONTINUE;
  probes = g_ptr_array_new_with_free_func (probe_free);
  for (guint i = 0; i < watcher->watches->len; i++)
    {
      Watch *watch = g_ptr_array_index (watcher->watches, i);
      Probe *probe = g_new0 (Probe, 1);

      device_at_init (&probe->at, watch->at.device, &watch->at.address);
      g_ptr_array_add (probes, probe);
    }
  task = g_task_new (NULL, watcher->cancellable, check_done, watcher);
  g_task_set_task_data (task, g_steal_pointer (&probes), (GDestroyNotify)g_ptr_array_unref);
  /* check_done must run even when cancelled, to see that it was. */
  g_task_set_check_cancellable (task, FALSE);
  watcher->checking = TRUE;
  g_task_run_in_thread (task, check_thread);
  return G_SOURCE_CONTINUE;
}

static void
start_timer (MposDeviceWatcher *watcher)
{
  if (watcher->timer)
    {
      g_source_destroy (watcher->timer);
      g_source_unref (watcher->timer);
    }
  watcher->timer = g_timeout_source_new (watcher->interval_ms);
  g_source_set_callback (watcher->timer, tick, watcher, NULL);
  g_source_set_static_name (watcher->timer, "[mallpos] device watcher");
  g_source_attach (watcher->timer, watcher->context);
}

/* ---- public ------------------------------------------------------------------- */

MposDeviceWatcher *
mpos_device_watcher_new (void)
{
  MposDeviceWatcher *watcher = g_new0 (MposDeviceWatcher, 1);

  watcher->context = g_main_context_ref_thread_default ();
  watcher->interval_ms = MPOS_DEVICE_WATCHER_INTERVAL_MS;
  watcher->watches = g_ptr_array_new_with_free_func (watch_free);
  watcher->cancellable = g_cancellable_new ();
  start_timer (watcher);
  return watcher;
}

void
mpos_device_watcher_free (MposDeviceWatcher *watcher)
{
  if (watcher == NULL)
    return;
  g_cancellable_cancel (watcher->cancellable);
  g_object_unref (watcher->cancellable);
  g_source_destroy (watcher->timer);
  g_source_unref (watcher->timer);
  g_ptr_array_unref (watcher->watches);
  g_main_context_unref (watcher->context);
  g_free (watcher);
}

void
mpos_device_watcher_set_interval (MposDeviceWatcher *watcher, guint interval_ms)
{
  g_return_if_fail (watcher != NULL);
  g_return_if_fail (interval_ms > 0);

  watcher->interval_ms = interval_ms;
  start_timer (watcher);
}

void
mpos_device_watcher_add (MposDeviceWatcher *watcher, MposDevice *device,
                         const MposTransportAddress *address)
{
  Watch *watch;
  gboolean open;

  g_return_if_fail (watcher != NULL);
  g_return_if_fail (MPOS_IS_DEVICE (device));
  g_return_if_fail (address != NULL);

  if (!is_watchable (address))
    return;
  mpos_device_watcher_remove (watcher, device);
  open = is_open (device);
  watch = g_new0 (Watch, 1);
  device_at_init (&watch->at, device, address);
  watch->present = open ? 1 : -1;
  watch->want_open = TRUE;
  watch->want_claim = open ? mpos_device_get_claimed (device) : TRUE;
  watch->want_enable = open ? mpos_device_get_enabled (device) : TRUE;
  g_ptr_array_add (watcher->watches, watch);
}

void
mpos_device_watcher_remove (MposDeviceWatcher *watcher, MposDevice *device)
{
  Watch *watch;

  g_return_if_fail (watcher != NULL);

  watch = find_watch (watcher, device);
  if (watch)
    g_ptr_array_remove (watcher->watches, watch);
}

gboolean
mpos_device_watcher_is_present (MposDeviceWatcher *watcher, MposDevice *device)
{
  Watch *watch;

  g_return_val_if_fail (watcher != NULL, FALSE);

  watch = find_watch (watcher, device);
  return watch == NULL || watch->present != 0;
}
