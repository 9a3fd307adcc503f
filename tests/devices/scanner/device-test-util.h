/* device-test-util.h — what the scanner and card reader tests share: a
 * recorder of what an input device emits ("data", "status", "error") that
 * spins the main loop until the expected events have come, the test data
 * files, and fake sysfs trees. */
#pragma once

#include "device.h"
#include "test-dir.h"

G_BEGIN_DECLS

typedef struct
{
  MposDevice *device;
  GPtrArray *data;   /* MposDeviceData copies */
  GPtrArray *errors; /* GError copies */
  GArray *statuses;  /* int (MposDeviceStatus) */
} DeviceRecorder;

DeviceRecorder *device_recorder_new (MposDevice *device);
void device_recorder_free (DeviceRecorder *recorder);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeviceRecorder, device_recorder_free)

/* Spins the default main context until at least n_data data events and
 * n_errors errors have come, or timeout_ms passed; TRUE when they came. */
gboolean device_recorder_wait (DeviceRecorder *recorder, guint n_data, guint n_errors,
                               guint timeout_ms);
/* Spins until the status has been seen (after index `from`), or timeout_ms. */
gboolean device_recorder_wait_status (DeviceRecorder *recorder, MposDeviceStatus status, guint from,
                                      guint timeout_ms);
/* Spins the main context for ms milliseconds. */
void device_recorder_spin (guint ms);

const MposDeviceData *device_recorder_data (DeviceRecorder *recorder, guint index);
const GError *device_recorder_error (DeviceRecorder *recorder, guint index);
/* How many errors carry this MPOS_DEVICE_ERROR code. */
guint device_recorder_count_errors (DeviceRecorder *recorder, MposDeviceError code);

/* Opens, claims and enables, asserting success. */
void device_recorder_start (MposDevice *device);

/* A file of tests/devices/<dir>/ as bytes (aborts the test if missing). */
GBytes *device_test_file (const char *dir, const char *name);

/* A connected stream socket pair: returns the device's end and puts the
 * test's end (what it writes to the device) in *peer. */
int device_test_socket_pair (int *peer);
/* Writes `text` (`length` bytes, or all of it when -1) into the test's end
 * of a device's line, as the hardware would send it. */
void device_test_send (int peer, const char *text, gssize length);
/* The end of a device under test: closes and unrefs it, frees its recorder
 * and closes the test's end of its line (unless it is -1). */
void device_test_finish (MposDevice *device, DeviceRecorder *recorder, int peer);

/* The read end of a socket pair whose other end wrote `data` and hung up:
 * an input stream for a device made on an fd. */
int device_test_bytes_fd (const void *data, gsize length);
/* The same with a file of tests/devices/<dir>/ (a recorded input stream). */
int device_test_stream_fd (const char *dir, const char *name);
/* Starts `device` (taken over), records it until its input ends (the one
 * OFFLINE error "input ended") and closes it. */
DeviceRecorder *device_test_play_to_end (MposDevice *device);

/* Writes a file under root, making its folders (fake /sys trees). */
void device_test_write_file (const char *root, const char *relative, const void *contents,
                             gssize length);

G_END_DECLS
