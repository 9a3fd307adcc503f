/* scanner.c — MposScanner: what every scanner backend shares. Turns a raw
 * scan into a "data" event (prefix/suffix stripped, AIM identifier parsed,
 * text checked) or an "error" event, brings an unplugged scanner back by
 * retrying the backend's reconnect every second, and builds the backend a
 * devices.ini group asks for. */
#include "scanner.h"

#include "aim.h"
#include "device-config.h"
#include "scanner-hidpos.h"
#include "scanner-serial.h"
#include "scanner-virtual.h"
#include "scanner-wedge.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>

typedef struct
{
  char *prefix;
  char *suffix;
  char *terminators;
  gboolean aim;
  gboolean offline;
  guint reconnect_id;
} MposScannerPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (MposScanner, mpos_scanner, MPOS_TYPE_DEVICE)

enum
{
  PROP_0,
  PROP_PREFIX,
  PROP_SUFFIX,
  PROP_AIM,
  PROP_TERMINATORS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define PRIV(self) ((MposScannerPrivate *)mpos_scanner_get_instance_private (self))

/* ---- text ------------------------------------------------------------------- */

/* GS, RS and EOT separate GS1 and ISO/IEC 15434 data; any other control
 * character means the bytes are not a code (wrong baud rate, binary noise). */
static gboolean
has_bad_control (const char *text)
{
  for (const char *p = text; *p; p++)
    {
      guchar c = (guchar)*p;
      if ((c < 0x20 && c != 0x1D && c != 0x1E && c != 0x04) || c == 0x7F)
        return TRUE;
    }
  return FALSE;
}

char *
mpos_scanner_clean_text (const char *raw, gsize length)
{
  g_autofree char *text = NULL;
  gsize written = 0;

  if (raw == NULL || length == 0 || memchr (raw, '\0', length) != NULL)
    return NULL;
  if (g_utf8_validate_len (raw, length, NULL))
    text = g_strndup (raw, length);
  else
    text = g_convert (raw, (gssize)length, "UTF-8", "GB18030", NULL, &written, NULL);
  if (text == NULL || strlen (text) == 0 || has_bad_control (text))
    return NULL;
  return g_steal_pointer (&text);
}

/* ---- delivery --------------------------------------------------------------- */

void
mpos_scanner_report (MposScanner *self, MposDeviceError code, const char *format, ...)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *reason = NULL;
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);
  mpos_device_set_error (MPOS_DEVICE (self), &error, code, "%s", reason);
  g_debug ("%s", error->message);
  mpos_device_emit_error (MPOS_DEVICE (self), error);
}

static void
strip_affixes (MposScanner *self, const char **code, gsize *length)
{
  MposScannerPrivate *priv = PRIV (self);
  gsize prefix_len = priv->prefix ? strlen (priv->prefix) : 0;
  gsize suffix_len = priv->suffix ? strlen (priv->suffix) : 0;

  if (prefix_len && *length >= prefix_len && memcmp (*code, priv->prefix, prefix_len) == 0)
    {
      *code += prefix_len;
      *length -= prefix_len;
    }
  if (suffix_len && *length >= suffix_len
      && memcmp (*code + *length - suffix_len, priv->suffix, suffix_len) == 0)
    *length -= suffix_len;
}

void
mpos_scanner_deliver (MposScanner *self, const char *raw, gsize length, const char *symbology)
{
  g_autofree char *text = mpos_scanner_clean_text (raw, length);
  g_autoptr (MposDeviceData) data = NULL;
  const char *code = text;
  gsize code_len;
  MposAimId aim;

  if (text == NULL)
    {
      mpos_scanner_report (self, MPOS_DEVICE_ERROR_PROTOCOL,
                           "sent %" G_GSIZE_FORMAT " bytes that are not a barcode; check the "
                           "scanner's interface mode and baud rate",
                           length);
      return;
    }
  code_len = strlen (text);
  strip_affixes (self, &code, &code_len);
  if (symbology == NULL && PRIV (self)->aim && mpos_aim_parse (code, code_len, &aim))
    {
      symbology = aim.symbology;
      code += MPOS_AIM_LENGTH;
      code_len -= MPOS_AIM_LENGTH;
    }
  if (code_len == 0)
    {
      mpos_scanner_report (self, MPOS_DEVICE_ERROR_PROTOCOL,
                           "sent a scan with no code in it; check the prefix and suffix settings");
      return;
    }
  data = mpos_device_data_new (MPOS_DEVICE_DATA_BARCODE, NULL, symbology);
  data->text = g_strndup (code, code_len);
  g_debug ("scanner “%s”: %s code of %" G_GSIZE_FORMAT " characters",
           mpos_device_get_name (MPOS_DEVICE (self)), symbology ? symbology : "a", code_len);
  mpos_device_emit_data (MPOS_DEVICE (self), data);
}

/* ---- device nodes ------------------------------------------------------------ */

static MposDeviceError
open_error_code (int errno_value)
{
  switch (errno_value)
    {
    case ENOENT:
    case ENODEV:
    case ENXIO:
      return MPOS_DEVICE_ERROR_NO_HARDWARE;
    case EACCES:
    case EPERM:
      return MPOS_DEVICE_ERROR_PERMISSION;
    case EBUSY:
      return MPOS_DEVICE_ERROR_CLAIMED;
    default:
      return MPOS_DEVICE_ERROR_FAILED;
    }
}

int
mpos_scanner_open_node (MposScanner *self, const char *path, int flags, GError **error)
{
  int fd = g_open (path, flags | O_CLOEXEC, 0);
  int saved = errno;

  if (fd >= 0)
    return fd;
  switch (open_error_code (saved))
    {
    case MPOS_DEVICE_ERROR_NO_HARDWARE:
      mpos_device_set_error (MPOS_DEVICE (self), error, MPOS_DEVICE_ERROR_NO_HARDWARE,
                             "%s is not there; is the scanner plugged in?", path);
      break;
    case MPOS_DEVICE_ERROR_PERMISSION:
      mpos_device_set_error (MPOS_DEVICE (self), error, MPOS_DEVICE_ERROR_PERMISSION,
                             "no permission to open %s; install the udev rule from packaging/",
                             path);
      break;
    case MPOS_DEVICE_ERROR_CLAIMED:
      mpos_device_set_error (MPOS_DEVICE (self), error, MPOS_DEVICE_ERROR_CLAIMED,
                             "%s is in use by another program", path);
      break;
    default:
      mpos_device_set_error (MPOS_DEVICE (self), error, MPOS_DEVICE_ERROR_FAILED,
                             "cannot open %s: %s", path, g_strerror (saved));
    }
  return -1;
}

/* ---- hot-plug --------------------------------------------------------------- */

static gboolean
try_reconnect (gpointer user_data)
{
  MposScanner *self = user_data;
  MposScannerPrivate *priv = PRIV (self);
  g_autoptr (GError) error = NULL;

  if (!MPOS_SCANNER_GET_CLASS (self)->reconnect (self, &error))
    {
      g_debug ("%s", error ? error->message : "reconnect failed");
      return G_SOURCE_CONTINUE;
    }
  priv->reconnect_id = 0;
  priv->offline = FALSE;
  mpos_device_set_state (MPOS_DEVICE (self), MPOS_DEVICE_STATE_IDLE);
  mpos_device_emit_status (MPOS_DEVICE (self), MPOS_DEVICE_STATUS_ONLINE);
  return G_SOURCE_REMOVE;
}

void
mpos_scanner_lost (MposScanner *self, int errno_value)
{
  MposScannerPrivate *priv = PRIV (self);

  if (priv->offline)
    return;
  priv->offline = TRUE;
  mpos_device_set_state (MPOS_DEVICE (self), MPOS_DEVICE_STATE_ERROR);
  mpos_device_emit_status (MPOS_DEVICE (self), MPOS_DEVICE_STATUS_OFFLINE);
  if (errno_value == 0)
    mpos_scanner_report (self, MPOS_DEVICE_ERROR_OFFLINE, "its input ended");
  else
    mpos_scanner_report (self, MPOS_DEVICE_ERROR_OFFLINE,
                         "went away (%s); check the cable, it is used again once it is back",
                         g_strerror (errno_value));
  if (MPOS_SCANNER_GET_CLASS (self)->reconnect && mpos_device_get_enabled (MPOS_DEVICE (self)))
    priv->reconnect_id = g_timeout_add_seconds (1, try_reconnect, self);
}

/* Disabling ends any wait for the device to come back. */
static void
on_enabled_changed (GObject *object, GParamSpec *pspec, gpointer user_data)
{
  MposScannerPrivate *priv = PRIV (MPOS_SCANNER (object));

  if (mpos_device_get_enabled (MPOS_DEVICE (object)))
    return;
  g_clear_handle_id (&priv->reconnect_id, g_source_remove);
  priv->offline = FALSE;
}

/* ---- properties ------------------------------------------------------------- */

void
mpos_scanner_set_prefix (MposScanner *self, const char *prefix)
{
  g_object_set (self, "prefix", prefix, NULL);
}

void
mpos_scanner_set_suffix (MposScanner *self, const char *suffix)
{
  g_object_set (self, "suffix", suffix, NULL);
}

const char *
mpos_scanner_get_terminators (MposScanner *self)
{
  return PRIV (self)->terminators;
}

static void
mpos_scanner_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  MposScannerPrivate *priv = PRIV (MPOS_SCANNER (object));

  switch (prop_id)
    {
    case PROP_PREFIX:
      g_value_set_string (value, priv->prefix);
      break;
    case PROP_SUFFIX:
      g_value_set_string (value, priv->suffix);
      break;
    case PROP_AIM:
      g_value_set_boolean (value, priv->aim);
      break;
    case PROP_TERMINATORS:
      g_value_set_string (value, priv->terminators);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
replace_string (char **field, const GValue *value)
{
  const char *text = g_value_get_string (value);

  g_free (*field);
  *field = text && *text ? g_strdup (text) : NULL;
}

static void
mpos_scanner_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  MposScannerPrivate *priv = PRIV (MPOS_SCANNER (object));

  switch (prop_id)
    {
    case PROP_PREFIX:
      replace_string (&priv->prefix, value);
      break;
    case PROP_SUFFIX:
      replace_string (&priv->suffix, value);
      break;
    case PROP_AIM:
      priv->aim = g_value_get_boolean (value);
      break;
    case PROP_TERMINATORS:
      replace_string (&priv->terminators, value);
      if (priv->terminators == NULL)
        priv->terminators = g_strdup ("\r\n");
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mpos_scanner_dispose (GObject *object)
{
  g_clear_handle_id (&PRIV (MPOS_SCANNER (object))->reconnect_id, g_source_remove);
  G_OBJECT_CLASS (mpos_scanner_parent_class)->dispose (object);
}

static void
mpos_scanner_finalize (GObject *object)
{
  MposScannerPrivate *priv = PRIV (MPOS_SCANNER (object));

  g_free (priv->prefix);
  g_free (priv->suffix);
  g_free (priv->terminators);
  G_OBJECT_CLASS (mpos_scanner_parent_class)->finalize (object);
}

static void
mpos_scanner_class_init (MposScannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS;

  object_class->get_property = mpos_scanner_get_property;
  object_class->set_property = mpos_scanner_set_property;
  object_class->dispose = mpos_scanner_dispose;
  object_class->finalize = mpos_scanner_finalize;
  properties[PROP_PREFIX] = g_param_spec_string ("prefix", NULL, NULL, NULL, flags);
  properties[PROP_SUFFIX] = g_param_spec_string ("suffix", NULL, NULL, NULL, flags);
  properties[PROP_AIM] = g_param_spec_boolean ("aim", NULL, NULL, TRUE, flags);
  properties[PROP_TERMINATORS] = g_param_spec_string ("terminators", NULL, NULL, "\r\n", flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mpos_scanner_init (MposScanner *self)
{
  g_signal_connect (self, "notify::enabled", G_CALLBACK (on_enabled_changed), NULL);
}

/* ---- devices.ini ------------------------------------------------------------ */

static gboolean
config_error (const MposDeviceEntry *entry, GError **error, const char *key, const char *value,
              const char *expected)
{
  g_set_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_CONFIG, "[%s]: %s “%s” must be %s",
               entry->name, key, value, expected);
  return FALSE;
}

static gboolean
option_boolean (const MposDeviceEntry *entry, const char *key, gboolean fallback, gboolean *out,
                GError **error)
{
  const char *value = mpos_device_entry_get (entry, key);

  *out = fallback;
  if (value == NULL)
    return TRUE;
  if (g_ascii_strcasecmp (value, "true") == 0 || strcmp (value, "1") == 0)
    *out = TRUE;
  else if (g_ascii_strcasecmp (value, "false") == 0 || strcmp (value, "0") == 0)
    *out = FALSE;
  else
    return config_error (entry, error, key, value, "true or false");
  return TRUE;
}

static gboolean
configure_wedge (MposScannerWedge *wedge, const MposDeviceEntry *entry, GError **error)
{
  MposWedgeRules rules = { 0, 0, TRUE };
  const char *timeout = mpos_device_entry_get (entry, "inter_key_timeout_ms");
  const char *keymap = mpos_device_entry_get (entry, "keymap");
  gboolean grab = TRUE;
  guint64 ms = 0;

  if (timeout && !g_ascii_string_to_unsigned (timeout, 10, 5, 1000, &ms, NULL))
    return config_error (entry, error, "inter_key_timeout_ms", timeout,
                         "a whole number of milliseconds from 5 to 1000");
  if (keymap && g_ascii_strcasecmp (keymap, "us") != 0)
    return config_error (entry, error, "keymap", keymap,
                         "us (set the scanner's keyboard country to USA)");
  if (!option_boolean (entry, "grab", TRUE, &grab, error))
    return FALSE;
  rules.inter_key_ms = (guint)ms;
  mpos_scanner_wedge_set_rules (wedge, &rules);
  mpos_scanner_wedge_set_grab (wedge, grab);
  return TRUE;
}

static MposScanner *
new_for_backend (const MposDeviceEntry *entry, GError **error)
{
  const MposTransportAddress *address = &entry->address;
  const char *path = address->kind == MPOS_TRANSPORT_SERIAL ? address->path : NULL;
  g_autofree char *source = NULL;

  switch (entry->backend)
    {
    case MPOS_DEVICE_BACKEND_EVDEV:
      return mpos_scanner_wedge_new (entry->name, path, address->vendor_id, address->product_id);
    case MPOS_DEVICE_BACKEND_HIDRAW:
      return mpos_scanner_hidpos_new (entry->name, path, address->vendor_id, address->product_id);
    case MPOS_DEVICE_BACKEND_SERIAL:
      return mpos_scanner_serial_new (entry->name, address->path, address->baud);
    case MPOS_DEVICE_BACKEND_VIRTUAL:
      source = address->path ? g_strdup_printf ("unix:%s", address->path) : g_strdup ("stdin");
      return mpos_scanner_virtual_new (entry->name, source);
    default:
      g_set_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_CONFIG,
                   "[%s]: a USB scanner is read as evdev (keyboard wedge) or hidraw (HID POS); "
                   "set backend to one of them",
                   entry->name);
      return NULL;
    }
}

static MposDevice *
scanner_from_entry (const MposDeviceEntry *entry, GError **error)
{
  g_autoptr (MposScanner) scanner = new_for_backend (entry, error);
  gboolean aim = TRUE;

  if (scanner == NULL || !option_boolean (entry, "aim", TRUE, &aim, error))
    return NULL;
  g_object_set (scanner, "prefix", mpos_device_entry_get (entry, "prefix"), "suffix",
                mpos_device_entry_get (entry, "suffix"), "aim", aim, NULL);
  if (MPOS_IS_SCANNER_WEDGE (scanner)
      && !configure_wedge (MPOS_SCANNER_WEDGE (scanner), entry, error))
    return NULL;
  return MPOS_DEVICE (g_steal_pointer (&scanner));
}

void
mpos_scanner_register_factories (void)
{
  mpos_device_config_register_factory ("scanner", "*", scanner_from_entry);
}
