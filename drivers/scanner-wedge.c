/* scanner-wedge.c — keyboard-wedge scanners through evdev: the burst rule
 * that tells a scan from typing (see scanner-wedge.h), the device half that
 * finds, grabs and reads an event node (shared with the card reader that
 * types, see scanner-wedge-private.h), and the wedge scanner itself. */
#include "scanner-wedge-private.h"

#include "input-node.h"
#include "keymap.h"

#include <errno.h>
#include <glib-unix.h>
#include <string.h>
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
  gboolean terminated; /* multi_line: a line ended, the read may go on */
  guint64 last_us;
};

/* What a key or a silence decided, told once the assembler is no longer
 * touched: the callbacks may free it. */
typedef struct
{
  char *code; /* a scan, or NULL */
  gsize length;
  gboolean rejected;
  MposWedgeReject reason;
  gsize keys;
} Outcome;

static void
apply_default_rules (MposWedgeRules *rules)
{
  if (rules->inter_key_ms == 0)
    rules->inter_key_ms = DEFAULT_INTER_KEY_MS;
  if (rules->min_length == 0)
    rules->min_length = DEFAULT_MIN_LENGTH;
}

MposWedgeAssembler *
mpos_wedge_assembler_new (const MposWedgeRules *rules, const MposWedgeFuncs *funcs,
                          gpointer user_data)
{
  MposWedgeAssembler *assembler = g_new0 (MposWedgeAssembler, 1);

  if (rules)
    assembler->rules = *rules;
  apply_default_rules (&assembler->rules);
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
  assembler->terminated = FALSE;
}

static void
reject (MposWedgeAssembler *assembler, MposWedgeReject reason, Outcome *outcome)
{
  outcome->rejected = TRUE;
  outcome->reason = reason;
  outcome->keys = assembler->keys;
  reset_burst (assembler);
}

/* The burst ended (terminator, or silence when none is required or a
 * multi-line read is complete). */
static void
finish_burst (MposWedgeAssembler *assembler, Outcome *outcome)
{
  GString *burst = assembler->burst;

  if (assembler->keys < assembler->rules.min_length)
    reject (assembler, MPOS_WEDGE_REJECT_TYPING, outcome);
  else if (assembler->unmapped)
    reject (assembler, MPOS_WEDGE_REJECT_UNMAPPED, outcome);
  else if (assembler->too_long)
    reject (assembler, MPOS_WEDGE_REJECT_TOO_LONG, outcome);
  else
    {
      while (burst->len > 0 && burst->str[burst->len - 1] == '\n')
        g_string_truncate (burst, burst->len - 1);
      outcome->length = burst->len;
      outcome->code = g_strndup (burst->str, burst->len);
      reset_burst (assembler);
    }
}

/* Last: the callbacks may free the assembler. */
static void
tell (MposWedgeAssembler *assembler, Outcome *outcome)
{
  MposWedgeFuncs funcs = assembler->funcs;
  g_autofree char *code = outcome->code;

  if (code && funcs.code)
    funcs.code (code, outcome->length, assembler->user_data);
  else if (outcome->rejected && funcs.reject)
    funcs.reject (outcome->reason, outcome->keys, assembler->user_data);
}

void
mpos_wedge_assembler_idle (MposWedgeAssembler *assembler)
{
  Outcome outcome = { 0 };

  if (assembler->keys == 0)
    return;
  if (assembler->terminated || !assembler->rules.terminator_required)
    finish_burst (assembler, &outcome);
  else if (assembler->keys >= assembler->rules.min_length && !assembler->unmapped)
    reject (assembler, MPOS_WEDGE_REJECT_NO_TERMINATOR, &outcome);
  else
    reject (assembler, MPOS_WEDGE_REJECT_TYPING, &outcome);
  tell (assembler, &outcome);
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
append (MposWedgeAssembler *assembler, char c)
{
  if (assembler->burst->len >= MPOS_SCANNER_MAX_LENGTH)
    assembler->too_long = TRUE;
  else
    g_string_append_c (assembler->burst, c);
}

static void
add_key (MposWedgeAssembler *assembler, gunichar c, guint64 now_us)
{
  assembler->keys++;
  assembler->last_us = now_us;
  assembler->terminated = FALSE;
  if (c == 0)
    assembler->unmapped = TRUE;
  else
    append (assembler, (char)c);
}

/* Enter or Tab in a burst: the end of a scan, or of one line of a read. */
static void
add_terminator (MposWedgeAssembler *assembler, guint64 now_us, Outcome *outcome)
{
  if (!assembler->rules.multi_line)
    {
      finish_burst (assembler, outcome);
      return;
    }
  assembler->terminated = TRUE;
  assembler->last_us = now_us;
  append (assembler, '\n');
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
  Outcome outcome = { 0 };
  gunichar c;

  if (event->type != EV_KEY || track_modifier (assembler, event) || event->value != 1)
    return;
  /* A slower key, or time going backwards, ends what came before: typing,
   * or a multi-line read that was complete. */
  if (assembler->keys > 0
      && (now_us < assembler->last_us || now_us - assembler->last_us > limit_us))
    {
      if (assembler->terminated)
        finish_burst (assembler, &outcome);
      else
        reject (assembler, MPOS_WEDGE_REJECT_TYPING, &outcome);
    }
  c = mpos_keymap_translate (event->code, held_modifiers (assembler));
  if (c == '\n' || c == '\t')
    {
      if (assembler->keys > 0)
        add_terminator (assembler, now_us, &outcome);
    }
  else
    add_key (assembler, c, now_us);
  tell (assembler, &outcome);
}

/* ---- the device half, shared with card-reader-wedge.c ---------------------- */

typedef struct
{
  MposDevice *device; /* the owner; not a reference */
  MposWedgeReadFunc read;
  MposInputNode node;
  gboolean grab;
  MposWedgeRules rules;
  MposWedgeAssembler *assembler;
  guint watch;
  guint idle_id;
  guint8 partial[sizeof (struct input_event)];
  gsize partial_len;
} Wedge;

/* The device keeps its wedge as object data under this key. */
#define WEDGE_KEY "mpos-wedge"

static Wedge *
wedge_of (MposDevice *device)
{
  return g_object_get_data (G_OBJECT (device), WEDGE_KEY);
}

static gboolean read_events (Wedge *wedge, gboolean *got_any);

static void
on_code (const char *code, gsize length, gpointer user_data)
{
  Wedge *wedge = user_data;

  wedge->read (wedge->device, code, length);
}

static void
on_reject (MposWedgeReject reason, gsize keys, gpointer user_data)
{
  MposDevice *device = ((Wedge *)user_data)->device;
  const char *category = mpos_device_category_name (mpos_device_get_category (device));

  switch (reason)
    {
    case MPOS_WEDGE_REJECT_TYPING:
      g_debug ("%s “%s”: %" G_GSIZE_FORMAT " keys typed by hand, dropped", category,
               mpos_device_get_name (device), keys);
      break;
    case MPOS_WEDGE_REJECT_UNMAPPED:
      mpos_device_report (device, MPOS_DEVICE_ERROR_PROTOCOL,
                          "typed keys that are not on the US key map; set the %s's keyboard "
                          "country to USA",
                          category);
      break;
    case MPOS_WEDGE_REJECT_NO_TERMINATOR:
      mpos_device_report (device, MPOS_DEVICE_ERROR_CONFIG,
                          "typed a code with no Enter or Tab after it; program the %s's suffix "
                          "to Enter (CR)",
                          category);
      break;
    case MPOS_WEDGE_REJECT_TOO_LONG:
      mpos_device_report (device, MPOS_DEVICE_ERROR_PROTOCOL,
                          "typed more than %d characters without Enter", MPOS_SCANNER_MAX_LENGTH);
      break;
    }
}

static gboolean
on_quiet (gpointer user_data)
{
  Wedge *wedge = user_data;
  g_autoptr (MposDevice) device = g_object_ref (wedge->device); /* handlers may drop theirs */
  gboolean got_any = FALSE;

  wedge->idle_id = 0;
  if (!read_events (wedge, &got_any))
    return G_SOURCE_REMOVE;
  if (!got_any && wedge->assembler)
    mpos_wedge_assembler_idle (wedge->assembler);
  else if (wedge->assembler && mpos_wedge_assembler_busy (wedge->assembler))
    wedge->idle_id = g_timeout_add (wedge->rules.inter_key_ms, on_quiet, wedge);
  return G_SOURCE_REMOVE;
}

static void
stop_watching (Wedge *wedge)
{
  g_clear_handle_id (&wedge->watch, g_source_remove);
  g_clear_handle_id (&wedge->idle_id, g_source_remove);
}

static void
input_ended (Wedge *wedge, int errno_value)
{
  stop_watching (wedge);
  if (wedge->assembler)
    mpos_wedge_assembler_idle (wedge->assembler);
  mpos_input_node_close (&wedge->node);
  mpos_device_lost (wedge->device, errno_value);
}

static void
feed_buffer (Wedge *wedge, const guint8 *bytes, gsize length)
{
  const gsize size = sizeof (struct input_event);

  while (length > 0 && wedge->assembler)
    {
      gsize take = MIN (size - wedge->partial_len, length);
      memcpy (wedge->partial + wedge->partial_len, bytes, take);
      wedge->partial_len += take;
      bytes += take;
      length -= take;
      if (wedge->partial_len < size)
        break;
      wedge->partial_len = 0;
      struct input_event event;
      memcpy (&event, wedge->partial, size);
      mpos_wedge_assembler_feed (wedge->assembler, &event);
    }
}

/* Reads what is there now; FALSE when the input ended or failed. */
static gboolean
read_events (Wedge *wedge, gboolean *got_any)
{
  guint8 buffer[64 * sizeof (struct input_event)];

  while (wedge->node.fd >= 0)
    {
      gssize got = read (wedge->node.fd, buffer, sizeof buffer);
      if (got > 0)
        {
          *got_any = TRUE;
          feed_buffer (wedge, buffer, (gsize)got);
          continue;
        }
      if (got < 0 && errno == EINTR)
        continue;
      if (got < 0 && errno == EAGAIN)
        return TRUE;
      input_ended (wedge, got == 0 ? 0 : errno);
      return FALSE;
    }
  return FALSE;
}

static gboolean
on_readable (int fd, GIOCondition condition, gpointer user_data)
{
  Wedge *wedge = user_data;
  g_autoptr (MposDevice) device = g_object_ref (wedge->device);
  gboolean got_any = FALSE;

  if (!read_events (wedge, &got_any))
    return G_SOURCE_REMOVE; /* input_ended cleared the watch id */
  g_clear_handle_id (&wedge->idle_id, g_source_remove);
  if (wedge->assembler && mpos_wedge_assembler_busy (wedge->assembler))
    wedge->idle_id = g_timeout_add (wedge->rules.inter_key_ms, on_quiet, wedge);
  return G_SOURCE_CONTINUE;
}

static void
start_watching (Wedge *wedge)
{
  wedge->partial_len = 0;
  wedge->watch = g_unix_fd_add (wedge->node.fd, G_IO_IN | G_IO_HUP | G_IO_ERR, on_readable, wedge);
}

/* Event times then compare with g_get_monotonic_time (); best effort. */
static void
use_monotonic_clock (Wedge *wedge)
{
  int clock = CLOCK_MONOTONIC;

  (void)ioctl (wedge->node.fd, EVIOCSCLOCKID, &clock);
}

static gboolean
grab_node (Wedge *wedge, GError **error)
{
  if (!wedge->grab)
    return TRUE;
  if (ioctl (wedge->node.fd, EVIOCGRAB, (void *)1) == 0)
    return TRUE;
  if (errno == EBUSY)
    mpos_device_set_error (wedge->device, error, MPOS_DEVICE_ERROR_CLAIMED,
                           "grabbed by another program (a second MallPOS, or a kiosk tool)");
  else
    mpos_device_set_error (wedge->device, error, MPOS_DEVICE_ERROR_FAILED, "cannot grab it: %s",
                           g_strerror (errno));
  return FALSE;
}

static gboolean
wedge_open (MposDevice *device, GError **error)
{
  Wedge *wedge = wedge_of (device);

  if (!mpos_input_node_open (&wedge->node, device, error))
    return FALSE;
  if (!wedge->node.given_fd)
    use_monotonic_clock (wedge);
  return TRUE;
}

static gboolean
wedge_claim (MposDevice *device, guint timeout_ms, GError **error)
{
  Wedge *wedge = wedge_of (device);

  return wedge->node.given_fd || grab_node (wedge, error);
}

static gboolean
wedge_enable (MposDevice *device, GError **error)
{
  Wedge *wedge = wedge_of (device);
  MposWedgeFuncs funcs = { on_code, on_reject };

  if (wedge->node.fd < 0)
    {
      mpos_device_set_error (device, error, MPOS_DEVICE_ERROR_OFFLINE, "not connected");
      return FALSE;
    }
  wedge->assembler = mpos_wedge_assembler_new (&wedge->rules, &funcs, wedge);
  start_watching (wedge);
  return TRUE;
}

static void
wedge_disable (MposDevice *device)
{
  Wedge *wedge = wedge_of (device);

  stop_watching (wedge);
  g_clear_pointer (&wedge->assembler, mpos_wedge_assembler_free);
}

static void
wedge_release (MposDevice *device)
{
  Wedge *wedge = wedge_of (device);

  if (!wedge->node.given_fd && wedge->grab && wedge->node.fd >= 0)
    (void)ioctl (wedge->node.fd, EVIOCGRAB, (void *)0);
}

static void
wedge_close (MposDevice *device)
{
  mpos_input_node_close (&wedge_of (device)->node);
}

static gboolean
wedge_reconnect (MposDevice *device, GError **error)
{
  Wedge *wedge = wedge_of (device);

  if (!mpos_input_node_reopen (&wedge->node, device, error))
    return FALSE;
  use_monotonic_clock (wedge);
  if (!grab_node (wedge, error))
    {
      mpos_input_node_close (&wedge->node);
      return FALSE;
    }
  start_watching (wedge);
  return TRUE;
}

void
mpos_wedge_class_init (MposDeviceClass *klass)
{
  klass->open = wedge_open;
  klass->claim = wedge_claim;
  klass->enable = wedge_enable;
  klass->disable = wedge_disable;
  klass->release = wedge_release;
  klass->close = wedge_close;
  klass->reconnect = wedge_reconnect;
}

static void
wedge_free (gpointer data)
{
  Wedge *wedge = data;

  stop_watching (wedge);
  g_clear_pointer (&wedge->assembler, mpos_wedge_assembler_free);
  mpos_input_node_clear (&wedge->node);
  g_free (wedge);
}

void
mpos_wedge_attach (MposDevice *device, const MposWedgeRules *rules, MposWedgeReadFunc read)
{
  Wedge *wedge = g_new0 (Wedge, 1);

  wedge->device = device;
  wedge->read = read;
  wedge->node.fd = -1;
  wedge->grab = TRUE;
  wedge->rules = *rules;
  apply_default_rules (&wedge->rules);
  g_object_set_data_full (G_OBJECT (device), WEDGE_KEY, wedge, wedge_free);
}

MposDevice *
mpos_wedge_new (GType type, MposDeviceCategory category, const char *name, const char *path,
                guint16 vendor_id, guint16 product_id)
{
  MposDevice *device = g_object_new (type, "name", name, "category", category, NULL);

  mpos_input_node_init (&wedge_of (device)->node, device, "evdev", mpos_scanner_wedge_find_node,
                        path, vendor_id, product_id);
  return device;
}

MposDevice *
mpos_wedge_new_for_fd (GType type, MposDeviceCategory category, const char *name, int fd)
{
  MposDevice *device = g_object_new (type, "name", name, "category", category, NULL);
  Wedge *wedge = wedge_of (device);

  mpos_input_node_init_for_fd (&wedge->node, device, "evdev", fd);
  wedge->grab = FALSE;
  return device;
}

void
mpos_wedge_set_rules (MposDevice *device, const MposWedgeRules *rules)
{
  Wedge *wedge = wedge_of (device);

  wedge->rules = *rules;
  apply_default_rules (&wedge->rules);
}

void
mpos_wedge_set_grab (MposDevice *device, gboolean grab)
{
  Wedge *wedge = wedge_of (device);

  wedge->grab = grab && !wedge->node.given_fd;
}

gboolean
mpos_wedge_configure (MposDevice *device, const MposDeviceEntry *entry, GError **error)
{
  MposWedgeRules rules = wedge_of (device)->rules;
  const char *category = mpos_device_category_name (mpos_device_get_category (device));
  const char *timeout = mpos_device_entry_get (entry, "inter_key_timeout_ms");
  const char *keymap = mpos_device_entry_get (entry, "keymap");
  g_autofree char *expected = NULL;
  gboolean grab = TRUE;
  guint64 ms = 0;

  if (timeout && !g_ascii_string_to_unsigned (timeout, 10, 5, 1000, &ms, NULL))
    return mpos_device_entry_bad_value (entry, error, "inter_key_timeout_ms", timeout,
                                        "a whole number of milliseconds from 5 to 1000");
  if (keymap && g_ascii_strcasecmp (keymap, "us") != 0)
    {
      expected = g_strdup_printf ("us (set the %s's keyboard country to USA)", category);
      return mpos_device_entry_bad_value (entry, error, "keymap", keymap, expected);
    }
  if (!mpos_device_entry_get_boolean (entry, "grab", TRUE, &grab, error))
    return FALSE;
  if (timeout)
    rules.inter_key_ms = (guint)ms;
  mpos_wedge_set_rules (device, &rules);
  mpos_wedge_set_grab (device, grab);
  return TRUE;
}

/* ---- finding the node ------------------------------------------------------ */

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

char *
mpos_scanner_wedge_find_node (const char *sysfs_root, guint16 vendor_id, guint16 product_id,
                              GError **error)
{
  char *node = mpos_input_node_find_in_class (sysfs_root, "input", "event", "/dev/input",
                                              event_matches, vendor_id, product_id);

  if (node == NULL)
    g_set_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_NO_HARDWARE,
                 "no keyboard device %04x:%04x is connected", vendor_id, product_id);
  return node;
}

/* ---- the wedge scanner ------------------------------------------------------ */

struct _MposScannerWedge
{
  MposScanner parent_instance;
};

G_DEFINE_FINAL_TYPE (MposScannerWedge, mpos_scanner_wedge, MPOS_TYPE_SCANNER)

static void
deliver_scan (MposDevice *device, const char *text, gsize length)
{
  mpos_scanner_deliver (MPOS_SCANNER (device), text, length, NULL);
}

static void
mpos_scanner_wedge_class_init (MposScannerWedgeClass *klass)
{
  mpos_wedge_class_init (MPOS_DEVICE_CLASS (klass));
}

static void
mpos_scanner_wedge_init (MposScannerWedge *self)
{
  MposWedgeRules rules = { DEFAULT_INTER_KEY_MS, DEFAULT_MIN_LENGTH, TRUE, FALSE };

  mpos_wedge_attach (MPOS_DEVICE (self), &rules, deliver_scan);
}

MposScanner *
mpos_scanner_wedge_new (const char *name, const char *path, guint16 vendor_id, guint16 product_id)
{
  return MPOS_SCANNER (mpos_wedge_new (MPOS_TYPE_SCANNER_WEDGE, MPOS_DEVICE_SCANNER, name, path,
                                       vendor_id, product_id));
}

MposScanner *
mpos_scanner_wedge_new_for_fd (const char *name, int fd)
{
  return MPOS_SCANNER (
      mpos_wedge_new_for_fd (MPOS_TYPE_SCANNER_WEDGE, MPOS_DEVICE_SCANNER, name, fd));
}

void
mpos_scanner_wedge_set_rules (MposScannerWedge *self, const MposWedgeRules *rules)
{
  g_return_if_fail (MPOS_IS_SCANNER_WEDGE (self));
  mpos_wedge_set_rules (MPOS_DEVICE (self), rules);
}

void
mpos_scanner_wedge_set_grab (MposScannerWedge *self, gboolean grab)
{
  g_return_if_fail (MPOS_IS_SCANNER_WEDGE (self));
  mpos_wedge_set_grab (MPOS_DEVICE (self), grab);
}
