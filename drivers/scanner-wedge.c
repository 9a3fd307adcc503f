/* scanner-wedge.c — keyboard-wedge scanners through evdev: the burst rule
 * that tells a scan from typing (see scanner-wedge.h), and the device that
 * finds, grabs and reads the scanner's event node. */
#include "scanner-wedge.h"

#include "keymap.h"

#include <errno.h>
#include <fcntl.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_INTER_KEY_MS 30
#define DEFAULT_MIN_LENGTH 4

/* ---- the assembler ---------------------------------------------------------- */

struct _MposWedgeAssembler
{
  MposWedgeRules rules;
  MposWedgeFuncs funcs;
  gpointer user_data;
  gboolean shift[2];
  gboolean ctrl[2];
  GString *burst;
  gsize keys;
  gboolean unmapped;
  gboolean too_long;
  guint64 last_us;
};

MposWedgeAssembler *
mpos_wedge_assembler_new (const MposWedgeRules *rules, const MposWedgeFuncs *funcs,
                          gpointer user_data)
{
  MposWedgeAssembler *assembler = g_new0 (MposWedgeAssembler, 1);

  if (rules)
    assembler->rules = *rules;
  if (assembler->rules.inter_key_ms == 0)
    assembler->rules.inter_key_ms = DEFAULT_INTER_KEY_MS;
  if (assembler->rules.min_length == 0)
    assembler->rules.min_length = DEFAULT_MIN_LENGTH;
  assembler->funcs = *funcs;
  assembler->user_data = user_data;
  assembler->burst = g_string_new (NULL);
  return assembler;
}

void
mpos_wedge_assembler_free (MposWedgeAssembler *assembler)
{
  if (assembler == NULL)
    return;
  g_string_free (assembler->burst, TRUE);
  g_free (assembler);
}

gboolean
mpos_wedge_assembler_busy (MposWedgeAssembler *assembler)
{
  return assembler->keys > 0;
}

static void
reset_burst (MposWedgeAssembler *assembler)
{
  g_string_truncate (assembler->burst, 0);
  assembler->keys = 0;
  assembler->unmapped = FALSE;
  assembler->too_long = FALSE;
}

static void
reject (MposWedgeAssembler *assembler, MposWedgeReject reason)
{
  gsize keys = assembler->keys;

  reset_burst (assembler);
  if (assembler->funcs.reject)
    assembler->funcs.reject (reason, keys, assembler->user_data);
}

/* The burst ended (terminator, or silence when none is required). */
static void
finish_burst (MposWedgeAssembler *assembler)
{
  g_autofree char *code = NULL;
  gsize length;

  if (assembler->keys < assembler->rules.min_length)
    {
      reject (assembler, MPOS_WEDGE_REJECT_TYPING);
      return;
    }
  if (assembler->unmapped)
    {
      reject (assembler, MPOS_WEDGE_REJECT_UNMAPPED);
      return;
    }
  if (assembler->too_long)
    {
      reject (assembler, MPOS_WEDGE_REJECT_TOO_LONG);
      return;
    }
  length = assembler->burst->len;
  code = g_strndup (assembler->burst->str, length);
  reset_burst (assembler);
  if (assembler->funcs.code)
    assembler->funcs.code (code, length, assembler->user_data);
}

void
mpos_wedge_assembler_idle (MposWedgeAssembler *assembler)
{
  if (assembler->keys == 0)
    return;
  if (!assembler->rules.terminator_required)
    {
      finish_burst (assembler);
      return;
    }
  if (assembler->keys >= assembler->rules.min_length && !assembler->unmapped)
    {
      reject (assembler, MPOS_WEDGE_REJECT_NO_TERMINATOR);
      return;
    }
  reject (assembler, MPOS_WEDGE_REJECT_TYPING);
}

static gboolean
track_modifier (MposWedgeAssembler *assembler, const struct input_event *event)
{
  MposKeymapModifiers modifier = mpos_keymap_modifier (event->code);
  gboolean right = event->code == KEY_RIGHTSHIFT || event->code == KEY_RIGHTCTRL;

  if (modifier == 0)
    return FALSE;
  if (event->value != 2)
    {
      gboolean *held = modifier == MPOS_KEYMAP_SHIFT ? assembler->shift : assembler->ctrl;
      held[right] = event->value != 0;
    }
  return TRUE;
}

static MposKeymapModifiers
held_modifiers (MposWedgeAssembler *assembler)
{
  MposKeymapModifiers modifiers = 0;

  if (assembler->shift[0] || assembler->shift[1])
    modifiers |= MPOS_KEYMAP_SHIFT;
  if (assembler->ctrl[0] || assembler->ctrl[1])
    modifiers |= MPOS_KEYMAP_CTRL;
  return modifiers;
}

static void
add_key (MposWedgeAssembler *assembler, gunichar c, guint64 now_us)
{
  assembler->keys++;
  assembler->last_us = now_us;
  if (c == 0)
    assembler->unmapped = TRUE;
  else if (assembler->burst->len >= MPOS_SCANNER_MAX_LENGTH)
    assembler->too_long = TRUE;
  else
    g_string_append_c (assembler->burst, (char)c);
}

/* Event time in µs. Unsigned, so any timestamp a device (or a fuzzer)
 * sends wraps instead of overflowing. */
static guint64
event_time_us (const struct input_event *event)
{
  return (guint64)event->input_event_sec * G_USEC_PER_SEC + (guint64)event->input_event_usec;
}

void
mpos_wedge_assembler_feed (MposWedgeAssembler *assembler, const struct input_event *event)
{
  guint64 now_us = event_time_us (event);
  guint64 limit_us = (guint64)assembler->rules.inter_key_ms * 1000;
  gsize typed = 0;
  gunichar c;

  if (event->type != EV_KEY || track_modifier (assembler, event) || event->value != 1)
    return;
  /* A slower key, or time going backwards, ends what came before as typing. */
  if (assembler->keys > 0
      && (now_us < assembler->last_us || now_us - assembler->last_us > limit_us))
    {
      typed = assembler->keys;
      reset_burst (assembler);
    }
  c = mpos_keymap_translate (event->code, held_modifiers (assembler));
  if (c == '\n' || c == '\t')
    {
      if (assembler->keys > 0)
        finish_burst (assembler); /* a callback, the last use of assembler */
    }
  else
    add_key (assembler, c, now_us);
  /* Callbacks come last: they may free the assembler. */
  if (typed > 0 && assembler->funcs.reject)
    assembler->funcs.reject (MPOS_WEDGE_REJECT_TYPING, typed, assembler->user_data);
}

/* ---- the device ------------------------------------------------------------- */

struct _MposScannerWedge
{
  MposScanner parent_instance;

  char *path; /* configured; NULL: look up by id */
  guint16 vendor_id;
  guint16 product_id;
  gboolean given_fd; /* a recorded stream: no node, no grab */
  gboolean grab;
  int fd;
  guint watch;
  guint idle_id;
  guint8 partial[sizeof (struct input_event)];
  gsize partial_len;
  MposWedgeRules rules;
  MposWedgeAssembler *assembler;
};

G_DEFINE_FINAL_TYPE (MposScannerWedge, mpos_scanner_wedge, MPOS_TYPE_SCANNER)

static gboolean read_events (MposScannerWedge *self, gboolean *got_any);

static void
on_code (const char *code, gsize length, gpointer user_data)
{
  mpos_scanner_deliver (MPOS_SCANNER (user_data), code, length, NULL);
}

static void
on_reject (MposWedgeReject reason, gsize keys, gpointer user_data)
{
  MposScanner *scanner = MPOS_SCANNER (user_data);

  switch (reason)
    {
    case MPOS_WEDGE_REJECT_TYPING:
      g_debug ("scanner “%s”: %" G_GSIZE_FORMAT " keys typed, not a scan",
               mpos_device_get_name (MPOS_DEVICE (scanner)), keys);
      break;
    case MPOS_WEDGE_REJECT_UNMAPPED:
      mpos_scanner_report (scanner, MPOS_DEVICE_ERROR_PROTOCOL,
                           "typed keys that are not on the US key map; set the scanner's "
                           "keyboard country to USA");
      break;
    case MPOS_WEDGE_REJECT_NO_TERMINATOR:
      mpos_scanner_report (scanner, MPOS_DEVICE_ERROR_CONFIG,
                           "typed a code with no Enter or Tab after it; program the scanner's "
                           "suffix to Enter (CR)");
      break;
    case MPOS_WEDGE_REJECT_TOO_LONG:
      mpos_scanner_report (scanner, MPOS_DEVICE_ERROR_PROTOCOL,
                           "typed more than %d characters without Enter", MPOS_SCANNER_MAX_LENGTH);
      break;
    }
}

static gboolean
on_quiet (gpointer user_data)
{
  g_autoptr (MposScannerWedge) self = g_object_ref (user_data); /* handlers may drop theirs */
  gboolean got_any = FALSE;

  self->idle_id = 0;
  if (!read_events (self, &got_any))
    return G_SOURCE_REMOVE;
  if (!got_any && self->assembler)
    mpos_wedge_assembler_idle (self->assembler);
  else if (self->assembler && mpos_wedge_assembler_busy (self->assembler))
    self->idle_id = g_timeout_add (self->rules.inter_key_ms, on_quiet, self);
  return G_SOURCE_REMOVE;
}

static void
stop_watching (MposScannerWedge *self)
{
  g_clear_handle_id (&self->watch, g_source_remove);
  g_clear_handle_id (&self->idle_id, g_source_remove);
}

static void
input_ended (MposScannerWedge *self, int errno_value)
{
  stop_watching (self);
  if (self->assembler)
    mpos_wedge_assembler_idle (self->assembler);
  if (!self->given_fd && self->fd >= 0)
    {
      close (self->fd);
      self->fd = -1;
    }
  mpos_scanner_lost (MPOS_SCANNER (self), errno_value);
}

static void
feed_buffer (MposScannerWedge *self, const guint8 *bytes, gsize length)
{
  const gsize size = sizeof (struct input_event);

  while (length > 0 && self->assembler)
    {
      gsize take = MIN (size - self->partial_len, length);
      memcpy (self->partial + self->partial_len, bytes, take);
      self->partial_len += take;
      bytes += take;
      length -= take;
      if (self->partial_len < size)
        break;
      self->partial_len = 0;
      struct input_event event;
      memcpy (&event, self->partial, size);
      mpos_wedge_assembler_feed (self->assembler, &event);
    }
}

/* Reads what is there now; FALSE when the input ended or failed. */
static gboolean
read_events (MposScannerWedge *self, gboolean *got_any)
{
  guint8 buffer[64 * sizeof (struct input_event)];

  while (self->fd >= 0)
    {
      gssize got = read (self->fd, buffer, sizeof buffer);
      if (got > 0)
        {
          *got_any = TRUE;
          feed_buffer (self, buffer, (gsize)got);
          continue;
        }
      if (got < 0 && errno == EINTR)
        continue;
      if (got < 0 && errno == EAGAIN)
        return TRUE;
      input_ended (self, got == 0 ? 0 : errno);
      return FALSE;
    }
  return FALSE;
}

static gboolean
on_readable (int fd, GIOCondition condition, gpointer user_data)
{
  MposScannerWedge *self = user_data;
  gboolean got_any = FALSE;

  g_object_ref (self);
  if (!read_events (self, &got_any))
    {
      g_object_unref (self);
      return G_SOURCE_REMOVE; /* input_ended cleared the watch id */
    }
  g_clear_handle_id (&self->idle_id, g_source_remove);
  if (self->assembler && mpos_wedge_assembler_busy (self->assembler))
    self->idle_id = g_timeout_add (self->rules.inter_key_ms, on_quiet, self);
  g_object_unref (self);
  return G_SOURCE_CONTINUE;
}

static void
start_watching (MposScannerWedge *self)
{
  self->partial_len = 0;
  self->watch = g_unix_fd_add (self->fd, G_IO_IN | G_IO_HUP | G_IO_ERR, on_readable, self);
}

/* ---- finding and opening the node ---------------------------------------- */

static gboolean
read_hex_file (const char *path, guint64 *value)
{
  g_autofree char *text = NULL;
  char *end = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return FALSE;
  g_strstrip (text);
  *value = g_ascii_strtoull (text, &end, 16);
  return end != text;
}

/* A keyboard interface has Enter in its key bitmap (the last word of
 * capabilities/key holds keys 0…63); a scanner's consumer-control node does not. */
static gboolean
has_enter_key (const char *event_dir)
{
  g_autofree char *path = g_build_filename (event_dir, "device", "capabilities", "key", NULL);
  g_autofree char *text = NULL;
  const char *last;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return FALSE;
  g_strstrip (text);
  last = strrchr (text, ' ');
  last = last ? last + 1 : text;
  return (g_ascii_strtoull (last, NULL, 16) >> KEY_ENTER) & 1;
}

static gboolean
event_matches (const char *event_dir, guint16 vendor_id, guint16 product_id)
{
  g_autofree char *vendor_path = g_build_filename (event_dir, "device", "id", "vendor", NULL);
  g_autofree char *product_path = g_build_filename (event_dir, "device", "id", "product", NULL);
  guint64 vendor = 0, product = 0;

  return read_hex_file (vendor_path, &vendor) && read_hex_file (product_path, &product)
         && vendor == vendor_id && product == product_id && has_enter_key (event_dir);
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(char *const *)a, *(char *const *)b);
}

char *
mpos_scanner_wedge_find_node (const char *sysfs_root, guint16 vendor_id, guint16 product_id,
                              GError **error)
{
  g_autofree char *class_dir = g_build_filename (sysfs_root, "class", "input", NULL);
  g_autoptr (GDir) dir = g_dir_open (class_dir, 0, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "event"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *event_dir = g_build_filename (class_dir, names->pdata[i], NULL);
      if (event_matches (event_dir, vendor_id, product_id))
        return g_build_filename ("/dev", "input", names->pdata[i], NULL);
    }
  g_set_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_NO_HARDWARE,
               "no keyboard device %04x:%04x is connected", vendor_id, product_id);
  return NULL;
}

static gboolean
open_node (MposScannerWedge *self, GError **error)
{
  g_autofree char *path = NULL;
  g_autofree char *description = NULL;
  g_autoptr (GError) local = NULL;
  int clock = CLOCK_MONOTONIC;

  path = self->path
             ? g_strdup (self->path)
             : mpos_scanner_wedge_find_node ("/sys", self->vendor_id, self->product_id, &local);
  if (path == NULL)
    {
      mpos_device_set_error (MPOS_DEVICE (self), error, local->code, "%s", local->message);
      return FALSE;
    }
  description = g_strdup_printf ("evdev %s", path);
  mpos_device_set_description (MPOS_DEVICE (self), description);
  self->fd = mpos_scanner_open_node (MPOS_SCANNER (self), path, O_RDONLY | O_NONBLOCK, error);
  if (self->fd < 0)
    return FALSE;
  /* Event times then compare with g_get_monotonic_time (); best effort. */
  (void)ioctl (self->fd, EVIOCSCLOCKID, &clock);
  return TRUE;
}

static gboolean
grab_node (MposScannerWedge *self, GError **error)
{
  if (!self->grab)
    return TRUE;
  if (ioctl (self->fd, EVIOCGRAB, (void *)1) == 0)
    return TRUE;
  if (errno == EBUSY)
    mpos_device_set_error (MPOS_DEVICE (self), error, MPOS_DEVICE_ERROR_CLAIMED,
                           "grabbed by another program (a second MallPOS, or a kiosk tool)");
  else
    mpos_device_set_error (MPOS_DEVICE (self), error, MPOS_DEVICE_ERROR_FAILED,
                           "cannot grab it: %s", g_strerror (errno));
  return FALSE;
}

static void
close_node (MposScannerWedge *self)
{
  if (!self->given_fd && self->fd >= 0)
    {
      close (self->fd);
      self->fd = -1;
    }
}

static gboolean
wedge_open (MposDevice *device, GError **error)
{
  MposScannerWedge *self = MPOS_SCANNER_WEDGE (device);

  if (!self->given_fd)
    return open_node (self, error);
  if (self->fd >= 0)
    return TRUE;
  mpos_device_set_error (device, error, MPOS_DEVICE_ERROR_OFFLINE, "its input has ended");
  return FALSE;
}

static gboolean
wedge_claim (MposDevice *device, guint timeout_ms, GError **error)
{
  MposScannerWedge *self = MPOS_SCANNER_WEDGE (device);

  return self->given_fd || grab_node (self, error);
}

static gboolean
wedge_enable (MposDevice *device, GError **error)
{
  MposScannerWedge *self = MPOS_SCANNER_WEDGE (device);
  MposWedgeFuncs funcs = { on_code, on_reject };

  if (self->fd < 0)
    {
      mpos_device_set_error (device, error, MPOS_DEVICE_ERROR_OFFLINE, "not connected");
      return FALSE;
    }
  self->assembler = mpos_wedge_assembler_new (&self->rules, &funcs, self);
  start_watching (self);
  return TRUE;
}

static void
wedge_disable (MposDevice *device)
{
  MposScannerWedge *self = MPOS_SCANNER_WEDGE (device);

  stop_watching (self);
  g_clear_pointer (&self->assembler, mpos_wedge_assembler_free);
}

static void
wedge_release (MposDevice *device)
{
  MposScannerWedge *self = MPOS_SCANNER_WEDGE (device);

  if (!self->given_fd && self->grab && self->fd >= 0)
    (void)ioctl (self->fd, EVIOCGRAB, (void *)0);
}

static void
wedge_close (MposDevice *device)
{
  close_node (MPOS_SCANNER_WEDGE (device));
}

static gboolean
wedge_reconnect (MposScanner *scanner, GError **error)
{
  MposScannerWedge *self = MPOS_SCANNER_WEDGE (scanner);

  if (self->given_fd)
    return FALSE;
  close_node (self);
  if (!open_node (self, error))
    return FALSE;
  if (!grab_node (self, error))
    {
      close_node (self);
      return FALSE;
    }
  start_watching (self);
  return TRUE;
}

static void
mpos_scanner_wedge_finalize (GObject *object)
{
  MposScannerWedge *self = MPOS_SCANNER_WEDGE (object);

  stop_watching (self);
  g_clear_pointer (&self->assembler, mpos_wedge_assembler_free);
  if (self->fd >= 0)
    close (self->fd);
  g_free (self->path);
  G_OBJECT_CLASS (mpos_scanner_wedge_parent_class)->finalize (object);
}

static void
mpos_scanner_wedge_class_init (MposScannerWedgeClass *klass)
{
  MposDeviceClass *device_class = MPOS_DEVICE_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = mpos_scanner_wedge_finalize;
  device_class->open = wedge_open;
  device_class->claim = wedge_claim;
  device_class->enable = wedge_enable;
  device_class->disable = wedge_disable;
  device_class->release = wedge_release;
  device_class->close = wedge_close;
  MPOS_SCANNER_CLASS (klass)->reconnect = wedge_reconnect;
}

static void
mpos_scanner_wedge_init (MposScannerWedge *self)
{
  self->fd = -1;
  self->grab = TRUE;
  self->rules.inter_key_ms = DEFAULT_INTER_KEY_MS;
  self->rules.min_length = DEFAULT_MIN_LENGTH;
  self->rules.terminator_required = TRUE;
}

MposScanner *
mpos_scanner_wedge_new (const char *name, const char *path, guint16 vendor_id, guint16 product_id)
{
  MposScannerWedge *self
      = g_object_new (MPOS_TYPE_SCANNER_WEDGE, "name", name, "category", MPOS_DEVICE_SCANNER, NULL);
  g_autofree char *description
      = path ? g_strdup_printf ("evdev %s", path)
             : g_strdup_printf ("evdev usb %04x:%04x", vendor_id, product_id);

  self->path = g_strdup (path);
  self->vendor_id = vendor_id;
  self->product_id = product_id;
  mpos_device_set_description (MPOS_DEVICE (self), description);
  return MPOS_SCANNER (self);
}

MposScanner *
mpos_scanner_wedge_new_for_fd (const char *name, int fd)
{
  MposScannerWedge *self
      = g_object_new (MPOS_TYPE_SCANNER_WEDGE, "name", name, "category", MPOS_DEVICE_SCANNER, NULL);
  g_autofree char *description = g_strdup_printf ("evdev stream fd %d", fd);

  self->fd = fd;
  self->given_fd = TRUE;
  self->grab = FALSE;
  g_unix_set_fd_nonblocking (fd, TRUE, NULL);
  mpos_device_set_description (MPOS_DEVICE (self), description);
  return MPOS_SCANNER (self);
}

void
mpos_scanner_wedge_set_rules (MposScannerWedge *self, const MposWedgeRules *rules)
{
  g_return_if_fail (MPOS_IS_SCANNER_WEDGE (self));
  self->rules = *rules;
  if (self->rules.inter_key_ms == 0)
    self->rules.inter_key_ms = DEFAULT_INTER_KEY_MS;
  if (self->rules.min_length == 0)
    self->rules.min_length = DEFAULT_MIN_LENGTH;
}

void
mpos_scanner_wedge_set_grab (MposScannerWedge *self, gboolean grab)
{
  g_return_if_fail (MPOS_IS_SCANNER_WEDGE (self));
  self->grab = grab && !self->given_fd;
}
