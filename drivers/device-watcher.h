/* device-watcher.h — hot-plug for configured devices. Every couple of seconds
 * (a GLib timeout; the probing itself runs off the main loop) it checks that
 * each watched USB device (by vendor/product id and serial, never by bus
 * number) and serial port (by path, e.g. /dev/serial/by-id/…) is still there.
 * When one vanishes its device emits "status" OFFLINE; when it comes back
 * the watcher re-opens it by itself — open, claim and enable as it was — and
 * the device emits ONLINE. TCP printers and virtual devices are not polled:
 * a failed write is how a network printer says it is gone. */
#pragma once

#include "device.h"
#include "transport.h"

G_BEGIN_DECLS

#define MPOS_DEVICE_WATCHER_INTERVAL_MS 2000

typedef struct _MposDeviceWatcher MposDeviceWatcher;

/* Polls on the thread-default main context of the caller. */
MposDeviceWatcher *mpos_device_watcher_new (void);
void mpos_device_watcher_free (MposDeviceWatcher *watcher);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MposDeviceWatcher, mpos_device_watcher_free)

void mpos_device_watcher_set_interval (MposDeviceWatcher *watcher, guint interval_ms);

/* Watches `device`, found at `address` (copied). A device that is closed now
 * is opened, claimed and enabled when it appears; one that is open is put
 * back as it was after each unplug. USB and serial addresses only; others
 * are accepted and ignored. */
void mpos_device_watcher_add (MposDeviceWatcher *watcher, MposDevice *device,
                              const MposTransportAddress *address);
void mpos_device_watcher_remove (MposDeviceWatcher *watcher, MposDevice *device);

/* Whether the last check found the device (TRUE before the first check). */
gboolean mpos_device_watcher_is_present (MposDeviceWatcher *watcher, MposDevice *device);

G_END_DECLS
