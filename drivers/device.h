/* device.h — the one small device interface of MallPOS, modelled on
 * UnifiedPOS: open → claim → enable → events → disable → release → close.
 * Every scanner, receipt printer, cash drawer and card reader is an
 * MposDevice; its events (data, status, output complete, error) arrive on
 * the GLib main loop, so the UI and the CLI consume them the same way. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define MPOS_DEVICE_ERROR (mpos_device_error_quark ())
GQuark mpos_device_error_quark (void);

typedef enum
{
  MPOS_DEVICE_ERROR_NO_HARDWARE, /* nothing matching the configuration is connected */
  MPOS_DEVICE_ERROR_OFFLINE,     /* was there, is gone or not answering */
  MPOS_DEVICE_ERROR_CLAIMED,     /* busy: claimed by another program or driver */
  MPOS_DEVICE_ERROR_TIMEOUT,
  MPOS_DEVICE_ERROR_PERMISSION,  /* e.g. a missing udev rule */
  MPOS_DEVICE_ERROR_STATE,       /* called in the wrong state (programmer error made visible) */
  MPOS_DEVICE_ERROR_CONFIG,      /* the configuration is incomplete or wrong */
  MPOS_DEVICE_ERROR_PROTOCOL,    /* the device sent something we cannot understand */
  MPOS_DEVICE_ERROR_FAILED,
} MposDeviceError;

typedef enum
{
  MPOS_DEVICE_STATE_CLOSED,
  MPOS_DEVICE_STATE_IDLE,   /* open (and maybe claimed/enabled), nothing under way */
  MPOS_DEVICE_STATE_BUSY,   /* an output job is under way */
  MPOS_DEVICE_STATE_ERROR,  /* needs attention (paper out, cover open, offline) */
} MposDeviceState;

typedef enum
{
  MPOS_DEVICE_SCANNER,
  MPOS_DEVICE_PRINTER,
  MPOS_DEVICE_DRAWER,
  MPOS_DEVICE_CARD_READER,
} MposDeviceCategory;

typedef enum
{
  MPOS_DEVICE_STATUS_ONLINE,
  MPOS_DEVICE_STATUS_OFFLINE,
  MPOS_DEVICE_STATUS_PAPER_OK,
  MPOS_DEVICE_STATUS_PAPER_NEAR_END,
  MPOS_DEVICE_STATUS_PAPER_OUT,
  MPOS_DEVICE_STATUS_COVER_OPEN,
  MPOS_DEVICE_STATUS_COVER_CLOSED,
  MPOS_DEVICE_STATUS_DRAWER_OPEN,
  MPOS_DEVICE_STATUS_DRAWER_CLOSED,
} MposDeviceStatus;

const char *mpos_device_status_name (MposDeviceStatus status);
const char *mpos_device_category_name (MposDeviceCategory category);

/* What an input device read: a scanned code or a card. */
typedef enum
{
  MPOS_DEVICE_DATA_BARCODE,
  MPOS_DEVICE_DATA_CARD,
} MposDeviceDataKind;

typedef struct
{
  MposDeviceDataKind kind;
  char *text;       /* the code, or the card number (never logged in full) */
  char *symbology;  /* "EAN-13", "QR", … from an AIM identifier, or NULL */
  char *track2;     /* magnetic cards: raw track 2 if read, else NULL */
  /* cards: read from the card's chip by a reader that talks to the card
   * (PC/SC with the member sector's key), never typed by a keyboard-style
   * reader: only such a read may prove the member is at the counter
   * (src/member-card-presence.h). */
  gboolean chip;
} MposDeviceData;

#define MPOS_TYPE_DEVICE_DATA (mpos_device_data_get_type ())
GType mpos_device_data_get_type (void);
MposDeviceData *mpos_device_data_new (MposDeviceDataKind kind, const char *text,
                                      const char *symbology);
MposDeviceData *mpos_device_data_copy (const MposDeviceData *data);
void mpos_device_data_free (MposDeviceData *data);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MposDeviceData, mpos_device_data_free)

#define MPOS_TYPE_DEVICE (mpos_device_get_type ())
G_DECLARE_DERIVABLE_TYPE (MposDevice, mpos_device, MPOS, DEVICE, GObject)

struct _MposDeviceClass
{
  GObjectClass parent_class;

  /* Each may be NULL when the step means nothing for the device. They run
   * only in the right state; the base class keeps the state machine. */
  gboolean (*open) (MposDevice *self, GError **error);
  gboolean (*claim) (MposDevice *self, guint timeout_ms, GError **error);
  gboolean (*enable) (MposDevice *self, GError **error);
  void (*disable) (MposDevice *self);
  void (*release) (MposDevice *self);
  void (*close) (MposDevice *self);
  /* Opens the device again after it went away (mpos_device_lost); called
   * every second while the device is enabled and offline. NULL: it cannot
   * come back by itself. */
  gboolean (*reconnect) (MposDevice *self, GError **error);

  gpointer padding[7];
};

/* Signals:
 *   "data" (MposDeviceData *data)       — input devices, on the main loop
 *   "status" (MposDeviceStatus status)  — online/offline, paper, cover, drawer
 *   "output-complete" (guint job_id)    — printers
 *   "error" (GError *error)             — asynchronous failures, naming the device
 * Properties: "name" (logical name from the configuration, e.g. "printer0"),
 * "description" (e.g. "usb 0416:5011 serial ABC"), "category", "state",
 * "claimed", "enabled". */

const char *mpos_device_get_name (MposDevice *self);
const char *mpos_device_get_description (MposDevice *self);
MposDeviceCategory mpos_device_get_category (MposDevice *self);
MposDeviceState mpos_device_get_state (MposDevice *self);
gboolean mpos_device_get_claimed (MposDevice *self);
gboolean mpos_device_get_enabled (MposDevice *self);

gboolean mpos_device_open (MposDevice *self, GError **error);
gboolean mpos_device_claim (MposDevice *self, guint timeout_ms, GError **error);
gboolean mpos_device_enable (MposDevice *self, GError **error);
void mpos_device_disable (MposDevice *self);
void mpos_device_release (MposDevice *self);
void mpos_device_close (MposDevice *self);

/* Opens, claims and enables the device without blocking the caller: the
 * steps that may wait (a network printer's connect, at most
 * claim_timeout_ms; opening or grabbing a node) run in a worker thread; the
 * state changes, notifications and enabling happen on the caller's thread,
 * whose main context gets the callback. Meanwhile another open is refused
 * (STATE) and mpos_device_close makes the opening undo itself and fail.
 * Cancelling cannot cut a connect short, but the device is closed again
 * and the result is G_IO_ERROR_CANCELLED as soon as the worker is back.
 * The window opens devices this way; mallposctl may use the blocking calls. */
void mpos_device_open_async (MposDevice *self, guint claim_timeout_ms, GCancellable *cancellable,
                             GAsyncReadyCallback callback, gpointer data);
gboolean mpos_device_open_finish (MposDevice *self, GAsyncResult *result, GError **error);

/* For subclasses. */
void mpos_device_set_state (MposDevice *self, MposDeviceState state);
void mpos_device_set_description (MposDevice *self, const char *description);
void mpos_device_emit_data (MposDevice *self, const MposDeviceData *data);
void mpos_device_emit_status (MposDevice *self, MposDeviceStatus status);
void mpos_device_emit_output_complete (MposDevice *self, guint job_id);
void mpos_device_emit_error (MposDevice *self, const GError *error);

/* Sets *error with a message that names the device and says what to do:
 * "receipt printer “printer0” (usb 0416:5011): claimed by another program; …".
 * The description (the address) is named once: a reason that starts with
 * "<description>: " (a transport's error) loses that prefix, and one that
 * names it further in is not preceded by it again. */
void mpos_device_set_error (MposDevice *self, GError **error, MposDeviceError code,
                            const char *format, ...) G_GNUC_PRINTF (4, 5);
/* The same error as an "error" event (and a debug trace): asynchronous
 * trouble such as garbage from a scanner or an unreadable card. */
void mpos_device_report (MposDevice *self, MposDeviceError code, const char *format, ...)
    G_GNUC_PRINTF (3, 4);
/* The device went away (errno_value: ENODEV, EIO, or 0 for end of input):
 * state ERROR, an "offline" status, an error event, and while it stays
 * enabled a reconnect attempt every second (when the class has one), after
 * which it says "online" again. */
void mpos_device_lost (MposDevice *self, int errno_value);

G_END_DECLS
