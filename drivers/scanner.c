/* scanner.c — MposScanner: what every scanner backend shares. Turns a raw
 * scan into a "data" event (prefix/suffix stripped, AIM identifier parsed,
 * text checked) or an "error" event. Backends are built from devices.ini by
 * device-registry.c. (Bringing an unplugged scanner back is MposDevice's.) */
#include "scanner.h"

#include "aim.h"

#include <string.h>

typedef struct
{
  char *prefix;
  char *suffix;
  char *terminators;
  gboolean aim;
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
      mpos_device_report (MPOS_DEVICE (self), MPOS_DEVICE_ERROR_PROTOCOL,
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
      mpos_device_report (MPOS_DEVICE (self), MPOS_DEVICE_ERROR_PROTOCOL,
                          "sent a scan with no code in it; check the prefix and suffix settings");
      return;
    }
  data = mpos_device_data_new (MPOS_DEVICE_DATA_BARCODE, NULL, symbology);
  data->text = g_strndup (code, code_len);
  g_debug ("scanner “%s”: %s code of %" G_GSIZE_FORMAT " characters",
           mpos_device_get_name (MPOS_DEVICE (self)), symbology ? symbology : "a", code_len);
  mpos_device_emit_data (MPOS_DEVICE (self), data);
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
}

