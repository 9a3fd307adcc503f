/* device.c — the MposDevice base class: the UnifiedPOS state machine
 * (closed → open → claimed → enabled and back), the signals that carry
 * events to the main loop, and error messages that name the device. */
#include "device.h"

#include <string.h>

/* clang-format off */
G_DEFINE_QUARK (mpos-device-error-quark, mpos_device_error)
/* clang-format on */

typedef struct
{
  char *name;
  char *description;
  MposDeviceCategory category;
  MposDeviceState state;
  gboolean opened;
  gboolean claimed;
  gboolean enabled;
  gboolean offline; /* lost, waiting to come back */
  gboolean opening; /* mpos_device_open_async under way */
  gboolean close_requested; /* mpos_device_close came while opening */
  guint reconnect_id;
} MposDevicePrivate;

G_DEFINE_TYPE_WITH_PRIVATE (MposDevice, mpos_device, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_NAME,
  PROP_DESCRIPTION,
  PROP_CATEGORY,
  PROP_STATE,
  PROP_CLAIMED,
  PROP_ENABLED,
  N_PROPS
};

enum
{
  SIGNAL_DATA,
  SIGNAL_STATUS,
  SIGNAL_OUTPUT_COMPLETE,
  SIGNAL_ERROR,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char *const status_names[]
    = { "online",       "offline",    "paper-ok",     "paper-near-end", "paper-out",
        "cover-open",   "cover-closed", "drawer-open", "drawer-closed" };
static const char *const category_names[]
    = { "scanner", "receipt printer", "cash drawer", "card reader" };

const char *
mpos_device_status_name (MposDeviceStatus status)
{
  return (guint) status < G_N_ELEMENTS (status_names) ? status_names[status] : "unknown";
}

const char *
mpos_device_category_name (MposDeviceCategory category)
{
  return (guint) category < G_N_ELEMENTS (category_names) ? category_names[category] : "device";
}

/* ---- MposDeviceData ------------------------------------------------------- */

MposDeviceData *
mpos_device_data_new (MposDeviceDataKind kind, const char *text, const char *symbology)
{
  MposDeviceData *data = g_new0 (MposDeviceData, 1);

  data->kind = kind;
  data->text = g_strdup (text);
  data->symbology = g_strdup (symbology);
  return data;
}

MposDeviceData *
mpos_device_data_copy (const MposDeviceData *data)
{
  MposDeviceData *copy = mpos_device_data_new (data->kind, data->text, data->symbology);

  copy->track2 = g_strdup (data->track2);
  copy->chip = data->chip;
  return copy;
}

void
mpos_device_data_free (MposDeviceData *data)
{
  if (data == NULL)
    return;
  g_free (data->text);
  g_free (data->symbology);
  g_free (data->track2);
  g_free (data);
}

/* Written out rather than G_DEFINE_BOXED_TYPE, whose argument casts trip -Wpedantic. */
GType
mpos_device_data_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    {
      GType type = g_boxed_type_register_static (g_intern_static_string ("MposDeviceData"),
                                                 (GBoxedCopyFunc) mpos_device_data_copy,
                                                 (GBoxedFreeFunc) mpos_device_data_free);
      g_once_init_leave (&type_id, type);
    }
  return type_id;
}

/* ---- the object ------------------------------------------------------------ */

static void
mpos_device_dispose (GObject *object)
{
  MposDevicePrivate *priv = mpos_device_get_instance_private (MPOS_DEVICE (object));

  g_clear_handle_id (&priv->reconnect_id, g_source_remove);
  G_OBJECT_CLASS (mpos_device_parent_class)->dispose (object);
}

static void
mpos_device_finalize (GObject *object)
{
  MposDevicePrivate *priv = mpos_device_get_instance_private (MPOS_DEVICE (object));

  g_free (priv->name);
  g_free (priv->description);
  G_OBJECT_CLASS (mpos_device_parent_class)->finalize (object);
}

static void
mpos_device_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  MposDevicePrivate *priv = mpos_device_get_instance_private (MPOS_DEVICE (object));

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, priv->name);
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, priv->description);
      break;
    case PROP_CATEGORY:
      g_value_set_int (value, priv->category);
      break;
    case PROP_STATE:
      g_value_set_int (value, priv->state);
      break;
    case PROP_CLAIMED:
      g_value_set_boolean (value, priv->claimed);
      break;
    case PROP_ENABLED:
      g_value_set_boolean (value, priv->enabled);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mpos_device_set_property (GObject *object, guint prop_id, const GValue *value,
                          GParamSpec *pspec)
{
  MposDevicePrivate *priv = mpos_device_get_instance_private (MPOS_DEVICE (object));

  switch (prop_id)
    {
    case PROP_NAME:
      g_free (priv->name);
      priv->name = g_value_dup_string (value);
      break;
    case PROP_DESCRIPTION:
      g_free (priv->description);
      priv->description = g_value_dup_string (value);
      break;
    case PROP_CATEGORY:
      priv->category = (MposDeviceCategory) g_value_get_int (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
install_properties (GObjectClass *object_class)
{
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, "device",
                                               G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY
                                                   | G_PARAM_STATIC_STRINGS);
  properties[PROP_DESCRIPTION] = g_param_spec_string ("description", NULL, NULL, NULL,
                                                      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CATEGORY] = g_param_spec_int ("category", NULL, NULL, 0, MPOS_DEVICE_CARD_READER,
                                                0,
                                                G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY
                                                    | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] = g_param_spec_int ("state", NULL, NULL, 0, MPOS_DEVICE_STATE_ERROR, 0,
                                             G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CLAIMED] = g_param_spec_boolean ("claimed", NULL, NULL, FALSE,
                                                   G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ENABLED] = g_param_spec_boolean ("enabled", NULL, NULL, FALSE,
                                                   G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
install_signals (GObjectClass *object_class)
{
  GType type = G_TYPE_FROM_CLASS (object_class);

  signals[SIGNAL_DATA] = g_signal_new ("data", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                       G_TYPE_NONE, 1, MPOS_TYPE_DEVICE_DATA);
  signals[SIGNAL_STATUS] = g_signal_new ("status", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 1, G_TYPE_INT);
  signals[SIGNAL_OUTPUT_COMPLETE] = g_signal_new ("output-complete", type, G_SIGNAL_RUN_LAST, 0,
                                                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  signals[SIGNAL_ERROR] = g_signal_new ("error", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
mpos_device_class_init (MposDeviceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mpos_device_dispose;
  object_class->finalize = mpos_device_finalize;
  object_class->get_property = mpos_device_get_property;
  object_class->set_property = mpos_device_set_property;
  install_properties (object_class);
  install_signals (object_class);
}

static void
mpos_device_init (MposDevice *self)
{
}

/* ---- accessors -------------------------------------------------------------- */

#define PRIV(self) ((MposDevicePrivate *) mpos_device_get_instance_private (self))

const char *
mpos_device_get_name (MposDevice *self)
{
  return PRIV (self)->name;
}

const char *
mpos_device_get_description (MposDevice *self)
{
  return PRIV (self)->description;
}

MposDeviceCategory
mpos_device_get_category (MposDevice *self)
{
  return PRIV (self)->category;
}

MposDeviceState
mpos_device_get_state (MposDevice *self)
{
  return PRIV (self)->state;
}

gboolean
mpos_device_get_claimed (MposDevice *self)
{
  return PRIV (self)->claimed;
}

gboolean
mpos_device_get_enabled (MposDevice *self)
{
  return PRIV (self)->enabled;
}

void
mpos_device_set_state (MposDevice *self, MposDeviceState state)
{
  if (PRIV (self)->state == state)
    return;
  PRIV (self)->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

void
mpos_device_set_description (MposDevice *self, const char *description)
{
  g_object_set (self, "description", description, NULL);
}

/* A transport's error starts with its address, which is the description of
 * a device on that transport: said once, right after the name. */
static const char *
skip_description (const char *reason, const char *description)
{
  gsize length = strlen (description);

  if (length > 0 && strncmp (reason, description, length) == 0
      && strncmp (reason + length, ": ", 2) == 0)
    return reason + length + 2;
  return reason;
}

/* A reason that names the address further in (a held job "…: tcp
 * 192.0.2.7:9100: the printer dropped the connection …") needs no other. */
static gboolean
names_description (const char *reason, const char *description)
{
  return *description && strstr (reason, description) != NULL;
}

static void
set_error_valist (MposDevice *self, GError **error, MposDeviceError code, const char *format,
                  va_list args)
{
  g_autofree char *text = g_strdup_vprintf (format, args);
  MposDevicePrivate *priv = PRIV (self);
  const char *category = mpos_device_category_name (priv->category);
  const char *reason = priv->description ? skip_description (text, priv->description) : text;

  if (priv->description && !names_description (reason, priv->description))
    g_set_error (error, MPOS_DEVICE_ERROR, code, "%s “%s” (%s): %s", category, priv->name,
                 priv->description, reason);
  else
    g_set_error (error, MPOS_DEVICE_ERROR, code, "%s “%s”: %s", category, priv->name, reason);
}

void
mpos_device_set_error (MposDevice *self, GError **error, MposDeviceError code, const char *format,
                       ...)
{
  va_list args;

  va_start (args, format);
  set_error_valist (self, error, code, format, args);
  va_end (args);
}

void
mpos_device_report (MposDevice *self, MposDeviceError code, const char *format, ...)
{
  g_autoptr (GError) error = NULL;
  va_list args;

  va_start (args, format);
  set_error_valist (self, &error, code, format, args);
  va_end (args);
  g_debug ("%s", error->message);
  mpos_device_emit_error (self, error);
}

/* ---- the state machine ------------------------------------------------------ */

static gboolean
require (MposDevice *self, gboolean condition, const char *what, GError **error)
{
  if (!condition)
    mpos_device_set_error (self, error, MPOS_DEVICE_ERROR_STATE, "%s", what);
  return condition;
}

gboolean
mpos_device_open (MposDevice *self, GError **error)
{
  MposDeviceClass *klass = MPOS_DEVICE_GET_CLASS (self);

  g_return_val_if_fail (MPOS_IS_DEVICE (self), FALSE);
  if (!require (self, !PRIV (self)->opened && !PRIV (self)->opening, "already open", error))
    return FALSE;
  if (klass->open && !klass->open (self, error))
    return FALSE;
  PRIV (self)->opened = TRUE;
  mpos_device_set_state (self, MPOS_DEVICE_STATE_IDLE);
  return TRUE;
}

gboolean
mpos_device_claim (MposDevice *self, guint timeout_ms, GError **error)
{
  MposDeviceClass *klass = MPOS_DEVICE_GET_CLASS (self);

  g_return_val_if_fail (MPOS_IS_DEVICE (self), FALSE);
  if (!require (self, PRIV (self)->opened, "open it before claiming", error))
    return FALSE;
  if (PRIV (self)->claimed)
    return TRUE;
  if (klass->claim && !klass->claim (self, timeout_ms, error))
    return FALSE;
  PRIV (self)->claimed = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLAIMED]);
  return TRUE;
}

gboolean
mpos_device_enable (MposDevice *self, GError **error)
{
  MposDeviceClass *klass = MPOS_DEVICE_GET_CLASS (self);

  g_return_val_if_fail (MPOS_IS_DEVICE (self), FALSE);
  if (!require (self, PRIV (self)->claimed, "claim it before enabling", error))
    return FALSE;
  if (PRIV (self)->enabled)
    return TRUE;
  if (klass->enable && !klass->enable (self, error))
    return FALSE;
  PRIV (self)->enabled = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENABLED]);
  return TRUE;
}

void
mpos_device_disable (MposDevice *self)
{
  MposDeviceClass *klass = MPOS_DEVICE_GET_CLASS (self);

  g_return_if_fail (MPOS_IS_DEVICE (self));
  if (!PRIV (self)->enabled)
    return;
  if (klass->disable)
    klass->disable (self);
  /* Disabling ends any wait for the device to come back. */
  g_clear_handle_id (&PRIV (self)->reconnect_id, g_source_remove);
  PRIV (self)->offline = FALSE;
  PRIV (self)->enabled = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENABLED]);
}

void
mpos_device_release (MposDevice *self)
{
  MposDeviceClass *klass = MPOS_DEVICE_GET_CLASS (self);

  g_return_if_fail (MPOS_IS_DEVICE (self));
  mpos_device_disable (self);
  if (!PRIV (self)->claimed)
    return;
  if (klass->release)
    klass->release (self);
  PRIV (self)->claimed = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLAIMED]);
}

void
mpos_device_close (MposDevice *self)
{
  MposDeviceClass *klass = MPOS_DEVICE_GET_CLASS (self);

  g_return_if_fail (MPOS_IS_DEVICE (self));
  if (PRIV (self)->opening)
    {
      PRIV (self)->close_requested = TRUE; /* the opening undoes itself when it ends */
      return;
    }
  mpos_device_release (self);
  if (!PRIV (self)->opened)
    return;
  if (klass->close)
    klass->close (self);
  PRIV (self)->opened = FALSE;
  mpos_device_set_state (self, MPOS_DEVICE_STATE_CLOSED);
}

/* ---- opening without blocking ------------------------------------------------ */

/* The worker: the steps that may block (opening a node, connecting to a
 * network printer, grabbing a device) for at most the claim timeout. What
 * they notify is held back (the object's notifications are frozen) and
 * reaches listeners on the caller's thread. */
static void
open_in_worker (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  MposDevice *self = source;
  MposDeviceClass *klass = MPOS_DEVICE_GET_CLASS (self);
  guint timeout_ms = GPOINTER_TO_UINT (data);
  GError *error = NULL;

  (void) cancellable;
  if (klass->open && !klass->open (self, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (klass->claim && !klass->claim (self, timeout_ms, &error))
    {
      if (klass->close)
        klass->close (self);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

/* Back on the caller's thread: the state machine moves, and the device is
 * enabled there (its event sources belong to that main context). */
static gboolean
opened_here (MposDevice *self, GTask *outer, GError **error)
{
  MposDevicePrivate *priv = PRIV (self);

  priv->opened = TRUE;
  priv->claimed = TRUE;
  mpos_device_set_state (self, MPOS_DEVICE_STATE_IDLE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLAIMED]);
  if (priv->close_requested || g_cancellable_set_error_if_cancelled (
                                   g_task_get_cancellable (outer), error))
    {
      if (priv->close_requested)
        mpos_device_set_error (self, error, MPOS_DEVICE_ERROR_STATE, "closed while opening");
      mpos_device_close (self);
      return FALSE;
    }
  return mpos_device_enable (self, error);
}

static void
on_opened (GObject *source, GAsyncResult *result, gpointer data)
{
  MposDevice *self = MPOS_DEVICE (source);
  g_autoptr (GTask) outer = data;
  GError *error = NULL;
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);

  PRIV (self)->opening = FALSE;
  g_object_thaw_notify (G_OBJECT (self));
  if (ok)
    ok = opened_here (self, outer, &error);
  PRIV (self)->close_requested = FALSE;
  if (ok)
    g_task_return_boolean (outer, TRUE);
  else
    g_task_return_error (outer, error);
}

void
mpos_device_open_async (MposDevice *self, guint claim_timeout_ms, GCancellable *cancellable,
                        GAsyncReadyCallback callback, gpointer data)
{
  g_autoptr (GTask) outer = NULL;
  g_autoptr (GTask) inner = NULL;
  GError *error = NULL;

  g_return_if_fail (MPOS_IS_DEVICE (self));
  outer = g_task_new (self, cancellable, callback, data);
  g_task_set_name (outer, "device open");
  g_task_set_check_cancellable (outer, FALSE);
  if (!require (self, !PRIV (self)->opened && !PRIV (self)->opening, "already open", &error))
    {
      g_task_return_error (outer, error);
      return;
    }
  PRIV (self)->opening = TRUE;
  g_object_freeze_notify (G_OBJECT (self));
  inner = g_task_new (self, NULL, on_opened, g_steal_pointer (&outer));
  g_task_set_name (inner, "device open (worker)");
  g_task_set_task_data (inner, GUINT_TO_POINTER (claim_timeout_ms), NULL);
  g_task_run_in_thread (inner, open_in_worker);
}

gboolean
mpos_device_open_finish (MposDevice *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- events ----------------------------------------------------------------- */

void
mpos_device_emit_data (MposDevice *self, const MposDeviceData *data)
{
  if (PRIV (self)->enabled)
    g_signal_emit (self, signals[SIGNAL_DATA], 0, data);
}

void
mpos_device_emit_status (MposDevice *self, MposDeviceStatus status)
{
  g_signal_emit (self, signals[SIGNAL_STATUS], 0, (int) status);
}

void
mpos_device_emit_output_complete (MposDevice *self, guint job_id)
{
  g_signal_emit (self, signals[SIGNAL_OUTPUT_COMPLETE], 0, job_id);
}

void
mpos_device_emit_error (MposDevice *self, const GError *error)
{
  g_signal_emit (self, signals[SIGNAL_ERROR], 0, error);
}

/* ---- hot-plug --------------------------------------------------------------- */

static gboolean
try_reconnect (gpointer user_data)
{
  MposDevice *self = user_data;
  MposDevicePrivate *priv = PRIV (self);
  g_autoptr (GError) error = NULL;

  if (!MPOS_DEVICE_GET_CLASS (self)->reconnect (self, &error))
    {
      g_debug ("%s", error ? error->message : "reconnect failed");
      return G_SOURCE_CONTINUE;
    }
  priv->reconnect_id = 0;
  priv->offline = FALSE;
  mpos_device_set_state (self, MPOS_DEVICE_STATE_IDLE);
  mpos_device_emit_status (self, MPOS_DEVICE_STATUS_ONLINE);
  return G_SOURCE_REMOVE;
}

void
mpos_device_lost (MposDevice *self, int errno_value)
{
  MposDevicePrivate *priv = PRIV (self);

  if (priv->offline)
    return;
  priv->offline = TRUE;
  mpos_device_set_state (self, MPOS_DEVICE_STATE_ERROR);
  mpos_device_emit_status (self, MPOS_DEVICE_STATUS_OFFLINE);
  if (errno_value == 0)
    mpos_device_report (self, MPOS_DEVICE_ERROR_OFFLINE, "its input ended");
  else
    mpos_device_report (self, MPOS_DEVICE_ERROR_OFFLINE,
                        "went away (%s); check the cable, it is used again once it is back",
                        g_strerror (errno_value));
  if (MPOS_DEVICE_GET_CLASS (self)->reconnect && priv->enabled)
    priv->reconnect_id = g_timeout_add_seconds (1, try_reconnect, self);
}
