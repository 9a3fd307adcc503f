/* printer-profile.c — loading printer profiles: one GKeyFile per model family
 * (data/printers/NAME.ini, group [printer]), checked key by key so that a bad
 * file says which key is wrong instead of printing garbage at the till. */
#include "printer-profile.h"

#include "device.h"

#include <string.h>

#define GROUP "printer"
#define DOTS_PER_COLUMN 12 /* font A is 12 × 24 dots */
#define DOTS_PER_COLUMN_B 9 /* font B is 9 × 17 dots */

/* The parse in progress: every reader stops at the first bad key. */
typedef struct
{
  GKeyFile *file;
  const char *name;
  GError **error;
  gboolean failed;
} Reader;

static void
profile_clear (gpointer data)
{
  MposPrinterProfile *profile = data;

  g_free (profile->name);
  g_free (profile->model);
  g_free (profile->encoding);
}

MposPrinterProfile *
mpos_printer_profile_ref (MposPrinterProfile *profile)
{
  return g_atomic_rc_box_acquire (profile);
}

void
mpos_printer_profile_unref (MposPrinterProfile *profile)
{
  if (profile != NULL)
    g_atomic_rc_box_release_full (profile, profile_clear);
}

gboolean
mpos_printer_profile_has_drawer_pin (const MposPrinterProfile *profile, guint pin)
{
  return (pin == 2 || pin == 5) && (profile->drawer_pins & (1u << pin)) != 0;
}

MposPrinterProfile *
mpos_printer_profile_copy (const MposPrinterProfile *profile)
{
  MposPrinterProfile *copy = g_atomic_rc_box_new0 (MposPrinterProfile);

  *copy = *profile;
  copy->name = g_strdup (profile->name);
  copy->model = g_strdup (profile->model);
  copy->encoding = g_strdup (profile->encoding);
  return copy;
}

MposTextCodec *
mpos_printer_profile_new_codec (const MposPrinterProfile *profile)
{
  MposTextCodec *codec = mpos_text_codec_new (profile->encoding, profile->four_byte, NULL);

  /* A loaded profile's encoding was checked; this is for a hand-made struct. */
  return codec != NULL ? codec : mpos_text_codec_new ("ASCII", FALSE, NULL);
}

/* ---- defaults ---------------------------------------------------------------- */

static MposPrinterProfile *
profile_new_defaults (const char *name)
{
  MposPrinterProfile *profile = g_atomic_rc_box_new0 (MposPrinterProfile);

  profile->name = g_strdup (name);
  profile->model = g_strdup (name);
  profile->dots = 576;
  profile->columns = 48;
  profile->columns_font_b = 64;
  profile->encoding = g_strdup ("GB18030");
  profile->four_byte = TRUE;
  profile->code_page = -1;
  profile->chinese_mode = MPOS_CHINESE_MODE_FS_AND;
  profile->cut = MPOS_CUT_PARTIAL;
  profile->cut_feed_lines = 4;
  profile->barcode = TRUE;
  profile->barcode_min_module = 2;
  profile->raster_band_lines = 24;
  profile->drawer_pins = 1u << 2 | 1u << 5;
  profile->drawer_on_ms = 50;
  profile->drawer_off_ms = 500;
  profile->status = TRUE;
  profile->drawer_open_high = TRUE;
  profile->write_chunk = 4096;
  profile->status_timeout_ms = 1000;
  profile->write_timeout_ms = 10000;
  return profile;
}

MposPrinterProfile *
mpos_printer_profile_new_virtual (guint dots)
{
  g_autofree char *name = g_strdup_printf ("virtual-%u", dots == 384 ? 58 : 80);
  MposPrinterProfile *profile = profile_new_defaults (name);

  g_free (profile->model);
  profile->model = g_strdup_printf ("MallPOS virtual printer (%s mm)", dots == 384 ? "58" : "80");
  profile->dots = dots == 384 ? 384 : 576;
  profile->columns = profile->dots / DOTS_PER_COLUMN;
  profile->columns_font_b = profile->dots / DOTS_PER_COLUMN_B;
  profile->qr = TRUE;
  profile->barcode_min_module = 1;
  profile->raster_band_lines = 255;
  profile->drawer_status = TRUE;
  return profile;
}

/* ---- key readers -------------------------------------------------------------- */

static gboolean
reader_fail (Reader *reader, const char *key, const char *why)
{
  if (!reader->failed)
    g_set_error (reader->error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_CONFIG,
                 "printer profile “%s”: key “%s” %s", reader->name, key, why);
  reader->failed = TRUE;
  return FALSE;
}

static guint
read_uint (Reader *reader, const char *key, guint fallback, guint min, guint max)
{
  g_autoptr (GError) local = NULL;
  g_autofree char *text = NULL;
  guint64 value;

  if (reader->failed || !g_key_file_has_key (reader->file, GROUP, key, NULL))
    return fallback;
  text = g_key_file_get_string (reader->file, GROUP, key, &local);
  if (text == NULL || !g_ascii_string_to_unsigned (g_strstrip (text), 10, min, max, &value, NULL))
    {
      g_autofree char *why = g_strdup_printf ("must be a whole number from %u to %u", min, max);
      reader_fail (reader, key, why);
      return fallback;
    }
  return (guint)value;
}

static gboolean
read_bool (Reader *reader, const char *key, gboolean fallback)
{
  g_autoptr (GError) local = NULL;
  gboolean value;

  if (reader->failed || !g_key_file_has_key (reader->file, GROUP, key, NULL))
    return fallback;
  value = g_key_file_get_boolean (reader->file, GROUP, key, &local);
  if (local != NULL)
    {
      reader_fail (reader, key, "must be true or false");
      return fallback;
    }
  return value;
}

static char *
read_string (Reader *reader, const char *key, const char *fallback)
{
  char *value;

  if (reader->failed || !g_key_file_has_key (reader->file, GROUP, key, NULL))
    return g_strdup (fallback);
  value = g_key_file_get_string (reader->file, GROUP, key, NULL);
  if (value == NULL || value[0] == '\0')
    {
      reader_fail (reader, key, "is empty");
      g_free (value);
      return g_strdup (fallback);
    }
  return value;
}

/* One of `words` (NULL-terminated); returns its index. */
static guint
read_choice (Reader *reader, const char *key, const char *const *words, guint fallback)
{
  g_autofree char *value = read_string (reader, key, words[fallback]);

  for (guint i = 0; words[i] != NULL; i++)
    if (g_ascii_strcasecmp (value, words[i]) == 0)
      return i;
  {
    g_autofree char *list = g_strjoinv (", ", (char **)words);
    g_autofree char *why = g_strdup_printf ("must be one of: %s", list);
    reader_fail (reader, key, why);
  }
  return fallback;
}

/* "2", "5", "2;5" or "none". */
static guint
read_pins (Reader *reader, const char *key, guint fallback)
{
  g_auto (GStrv) pins = NULL;
  guint mask = 0;

  if (reader->failed || !g_key_file_has_key (reader->file, GROUP, key, NULL))
    return fallback;
  pins = g_key_file_get_string_list (reader->file, GROUP, key, NULL, NULL);
  for (guint i = 0; pins != NULL && pins[i] != NULL; i++)
    {
      g_strstrip (pins[i]);
      if (strcmp (pins[i], "2") == 0 || strcmp (pins[i], "5") == 0)
        mask |= 1u << (pins[i][0] - '0');
      else if (strcmp (pins[i], "none") != 0)
        reader_fail (reader, key, "must list the pins 2 and/or 5, or none");
    }
  return mask;
}

/* An encoding iconv cannot convert to prints nothing: find out now. */
static void
check_encoding (Reader *reader, const char *encoding)
{
  GIConv conv = g_iconv_open (encoding, "UTF-8");

  if (conv == (GIConv)-1)
    {
      reader_fail (reader, "encoding", "names an encoding this system cannot convert to");
      return;
    }
  g_iconv_close (conv);
}

/* ---- parsing ---------------------------------------------------------------- */

static const char *const chinese_modes[] = { "none", "fs-and", "native", NULL };
static const char *const cuts[] = { "none", "partial", "full", NULL };

static void
read_profile (Reader *reader, MposPrinterProfile *profile)
{
  g_autofree char *encoding = NULL;

  g_free (profile->model);
  profile->model = read_string (reader, "model", profile->name);
  profile->dots = read_uint (reader, "dots", profile->dots, 128, 2048);
  profile->columns = read_uint (reader, "columns", profile->dots / DOTS_PER_COLUMN, 24, 80);
  profile->columns_font_b
      = read_uint (reader, "columns-font-b", profile->dots / DOTS_PER_COLUMN_B, 24, 110);
  encoding = read_string (reader, "encoding", profile->encoding);
  g_free (profile->encoding);
  profile->encoding = g_steal_pointer (&encoding);
  profile->chinese_mode
      = read_choice (reader, "chinese-mode", chinese_modes, profile->chinese_mode);
  /* Only GB18030 has four-byte codes; a GBK or single-byte profile never sends one. */
  profile->four_byte = read_bool (reader, "gb18030-four-byte",
                                  g_ascii_strcasecmp (profile->encoding, "GB18030") == 0);
  profile->code_page = g_key_file_has_key (reader->file, GROUP, "code-page", NULL)
                           ? (int)read_uint (reader, "code-page", 0, 0, 255)
                           : -1;
  profile->cut = read_choice (reader, "cut", cuts, profile->cut);
  profile->cut_feed_lines = read_uint (reader, "cut-feed-lines", profile->cut_feed_lines, 0, 20);
  profile->qr = read_bool (reader, "qr", profile->qr);
  profile->barcode = read_bool (reader, "barcode", profile->barcode);
  profile->barcode_min_module
      = read_uint (reader, "barcode-min-module", profile->barcode_min_module, 1, 6);
  profile->raster_band_lines
      = read_uint (reader, "raster-band-lines", profile->raster_band_lines, 1, 255);
  profile->drawer_pins = read_pins (reader, "drawer-pins", profile->drawer_pins);
  profile->drawer_on_ms = read_uint (reader, "drawer-on-ms", profile->drawer_on_ms, 2, 510);
  profile->drawer_off_ms = read_uint (reader, "drawer-off-ms", profile->drawer_off_ms, 2, 510);
  profile->status = read_bool (reader, "status", profile->status);
  profile->drawer_status = read_bool (reader, "drawer-status", profile->drawer_status);
  profile->drawer_open_high = read_bool (reader, "drawer-open-high", profile->drawer_open_high);
  profile->write_chunk = read_uint (reader, "write-chunk", profile->write_chunk, 64, 65536);
  profile->status_timeout_ms
      = read_uint (reader, "status-timeout-ms", profile->status_timeout_ms, 50, 60000);
  profile->write_timeout_ms
      = read_uint (reader, "write-timeout-ms", profile->write_timeout_ms, 100, 600000);
}

/* Rules across keys, each with the reason a cashier's IT would need. */
static void
check_profile (Reader *reader, const MposPrinterProfile *profile)
{
  if (reader->failed)
    return;
  check_encoding (reader, profile->encoding);
  if (!reader->failed && profile->columns * DOTS_PER_COLUMN > profile->dots)
    reader_fail (reader, "columns", "is more than the dots can hold at 12 dots a column");
  if (!reader->failed && profile->columns_font_b * DOTS_PER_COLUMN_B > profile->dots)
    reader_fail (reader, "columns-font-b", "is more than the dots can hold at 9 dots a column");
  if (!reader->failed && profile->chinese_mode == MPOS_CHINESE_MODE_NONE && profile->code_page < 0)
    reader_fail (reader, "code-page", "is needed when chinese-mode is none");
  if (!reader->failed && profile->drawer_status && !profile->status)
    reader_fail (reader, "drawer-status", "needs status=true (it is read with DLE EOT)");
}

MposPrinterProfile *
mpos_printer_profile_new_from_data (const char *name, const char *data, gsize length,
                                    GError **error)
{
  g_autoptr (GKeyFile) file = g_key_file_new ();
  g_autoptr (GError) local = NULL;
  g_autoptr (MposPrinterProfile) profile = NULL;
  Reader reader = { file, name, error, FALSE };

  g_return_val_if_fail (name != NULL && data != NULL, NULL);

  if (!g_key_file_load_from_data (file, data, length, G_KEY_FILE_NONE, &local)
      || !g_key_file_has_group (file, GROUP))
    {
      g_set_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_CONFIG,
                   "printer profile “%s”: not a profile file (%s)", name,
                   local ? local->message : "no [printer] group");
      return NULL;
    }
  profile = profile_new_defaults (name);
  read_profile (&reader, profile);
  check_profile (&reader, profile);
  return reader.failed ? NULL : g_steal_pointer (&profile);
}

MposPrinterProfile *
mpos_printer_profile_new_from_file (const char *path, GError **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *base = g_path_get_basename (path);
  g_autoptr (GError) local = NULL;
  gsize length = 0;
  char *dot = strrchr (base, '.');

  if (!g_file_get_contents (path, &contents, &length, &local))
    {
      g_set_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_CONFIG, "printer profile “%s”: %s",
                   path, local->message);
      return NULL;
    }
  if (dot != NULL)
    *dot = '\0';
  return mpos_printer_profile_new_from_data (base, contents, length, error);
}

static gboolean
valid_name (const char *name)
{
  if (name == NULL || name[0] == '\0' || strlen (name) > 64)
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

/* The profiles folder relative to the running program's own folder. */
static char *
beside_program (void)
{
#ifdef MPOS_PRINTER_PROFILE_BESIDE
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *bindir = exe ? g_path_get_dirname (exe) : NULL;

  if (bindir != NULL)
    return g_build_filename (bindir, MPOS_PRINTER_PROFILE_BESIDE, NULL);
#endif
  return NULL;
}

/* The directories searched, most specific first. */
static GPtrArray *
profile_dirs (void)
{
  GPtrArray *dirs = g_ptr_array_new_with_free_func (g_free);
  const char *env = g_getenv ("MALLPOS_PRINTER_PROFILES");
  const char *const *system = g_get_system_data_dirs ();
  char *beside;

  if (env != NULL && env[0] != '\0')
    {
      g_ptr_array_add (dirs, g_strdup (env));
      return dirs;
    }
#ifdef MPOS_PRINTER_PROFILE_DIR
  g_ptr_array_add (dirs, g_strdup (MPOS_PRINTER_PROFILE_DIR));
#endif
  if ((beside = beside_program ()) != NULL)
    g_ptr_array_add (dirs, beside);
  g_ptr_array_add (dirs, g_build_filename (g_get_user_data_dir (), "mallpos", "printers", NULL));
  for (guint i = 0; system[i] != NULL; i++)
    g_ptr_array_add (dirs, g_build_filename (system[i], "mallpos", "printers", NULL));
  return dirs;
}

MposPrinterProfile *
mpos_printer_profile_load (const char *name, GError **error)
{
  g_autoptr (GPtrArray) dirs = NULL;
  g_autofree char *file = NULL;

  if (!valid_name (name))
    {
      g_set_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_CONFIG,
                   "printer profile “%s”: names are made of a-z, 0-9, - and _",
                   name != NULL ? name : "");
      return NULL;
    }
  dirs = profile_dirs ();
  file = g_strconcat (name, ".ini", NULL);
  for (guint i = 0; i < dirs->len; i++)
    {
      g_autofree char *path = g_build_filename (g_ptr_array_index (dirs, i), file, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return mpos_printer_profile_new_from_file (path, error);
    }
  g_set_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_CONFIG,
               "printer profile “%s”: no %s in %s (set MALLPOS_PRINTER_PROFILES or install the "
               "profiles)",
               name, file, (const char *)g_ptr_array_index (dirs, 0));
  return NULL;
}
