/* scanner-hidpos.c — HID POS scanners: the scanned-data report parser, the
 * assembler that joins continued reports into one scan, and the device that
 * finds and reads /dev/hidrawN. */
#include "scanner-hidpos.h"

#include "aim.h"
#include "input-node.h"

#include <errno.h>
#include <glib-unix.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define HEADER_SIZE 5
#define FLAGS_OFFSET 63
#define FLAG_MORE 0x01

/* ---- one report --------------------------------------------------------------- */

gboolean
mpos_hidpos_parse_report (const guint8 *bytes, gsize size, MposHidposReport *report, GError **error)
{
  gsize area;

  memset (report, 0, sizeof *report);
  if (size == 0)
    {
      g_set_error_literal (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_PROTOCOL, "empty report");
      return FALSE;
    }
  report->report_id = bytes[0];
  if (report->report_id != MPOS_HIDPOS_REPORT_ID)
    return TRUE;
  if (size < HEADER_SIZE)
    {
      g_set_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_PROTOCOL,
                   "a scanned-data report of %" G_GSIZE_FORMAT " bytes is too short", size);
      return FALSE;
    }
  area = MIN (size - HEADER_SIZE, MPOS_HIDPOS_DATA_MAX);
  report->length = bytes[1];
  if (report->length > area)
    {
      g_set_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_PROTOCOL,
                   "a report says it holds %" G_GSIZE_FORMAT
                   " bytes but has room for %" G_GSIZE_FORMAT,
                   report->length, area);
      return FALSE;
    }
  report->data = bytes + HEADER_SIZE;
  if (bytes[2] == ']' && g_ascii_isalnum (bytes[3]) && g_ascii_isalnum (bytes[4]))
    memcpy (report->aim, bytes + 2, 3);
  report->more = size >= MPOS_HIDPOS_REPORT_SIZE && (bytes[FLAGS_OFFSET] & FLAG_MORE);
  return TRUE;
}

/* ---- one scan from several reports ------------------------------------------- */

struct _MposHidposAssembler
{
  MposHidposFuncs funcs;
  gpointer user_data;
  GByteArray *data;
  char aim[4];
  gboolean in_scan;
  gboolean too_long;
};

MposHidposAssembler *
mpos_hidpos_assembler_new (const MposHidposFuncs *funcs, gpointer user_data)
{
  MposHidposAssembler *assembler = g_new0 (MposHidposAssembler, 1);

  assembler->funcs = *funcs;
  assembler->user_data = user_data;
  assembler->data = g_byte_array_new ();
  return assembler;
}

void
mpos_hidpos_assembler_free (MposHidposAssembler *assembler)
{
  if (assembler == NULL)
    return;
  g_byte_array_unref (assembler->data);
  g_free (assembler);
}

static void
reset_scan (MposHidposAssembler *assembler)
{
  g_byte_array_set_size (assembler->data, 0);
  assembler->aim[0] = '\0';
  assembler->in_scan = FALSE;
  assembler->too_long = FALSE;
}

static void
report_error (MposHidposAssembler *assembler, const GError *error)
{
  if (assembler->funcs.error)
    assembler->funcs.error (error, assembler->user_data);
}

static void
finish_scan (MposHidposAssembler *assembler)
{
  g_autofree char *text = NULL;
  gsize length = assembler->data->len;
  MposAimId id;
  const char *symbology = NULL;

  if (assembler->too_long)
    {
      g_autoptr (GError) error
          = g_error_new (MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_PROTOCOL,
                         "a scan longer than %d bytes", MPOS_SCANNER_MAX_LENGTH);
      reset_scan (assembler);
      report_error (assembler, error);
      return;
    }
  if (mpos_aim_parse (assembler->aim, strlen (assembler->aim), &id))
    symbology = id.symbology;
  /* Not g_strndup: an empty scan has no data pointer, and the text may hold
   * a NUL that the scanner check must see. */
  text = g_malloc (length + 1);
  if (length > 0)
    memcpy (text, assembler->data->data, length);
  text[length] = '\0';
  reset_scan (assembler);
  if (assembler->funcs.scan)
    assembler->funcs.scan (text, length, symbology, assembler->user_data);
}

void
mpos_hidpos_assembler_feed (MposHidposAssembler *assembler, const guint8 *bytes, gsize size)
{
  g_autoptr (GError) error = NULL;
  MposHidposReport report;

  if (!mpos_hidpos_parse_report (bytes, size, &report, &error))
    {
      reset_scan (assembler);
      report_error (assembler, error);
      return;
    }
  if (report.report_id != MPOS_HIDPOS_REPORT_ID)
    return;
  if (!assembler->in_scan)
    memcpy (assembler->aim, report.aim, sizeof assembler->aim);
  assembler->in_scan = TRUE;
  if (assembler->data->len + report.length > MPOS_SCANNER_MAX_LENGTH)
    assembler->too_long = TRUE;
  else
    g_byte_array_append (assembler->data, report.data, (guint)report.length);
  if (!report.more)
    finish_scan (assembler);
}

/* ---- the device ------------------------------------------------------------- */

struct _MposScannerHidpos
{
  MposScanner parent_instance;

  MposInputNode node;
  guint watch;
  MposHidposAssembler *assembler;
};

G_DEFINE_FINAL_TYPE (MposScannerHidpos, mpos_scanner_hidpos, MPOS_TYPE_SCANNER)

static void
on_scan (const char *data, gsize length, const char *symbology, gpointer user_data)
{
  mpos_scanner_deliver (MPOS_SCANNER (user_data), data, length, symbology);
}

static void
on_error (const GError *error, gpointer user_data)
{
  mpos_device_report (MPOS_DEVICE (user_data), error->code, "sent a bad report: %s",
                      error->message);
}

static void
input_ended (MposScannerHidpos *self, int errno_value)
{
  self->watch = 0;
  mpos_input_node_close (&self->node);
  mpos_device_lost (MPOS_DEVICE (self), errno_value);
}

static gboolean
on_readable (int fd, GIOCondition condition, gpointer user_data)
{
  MposScannerHidpos *self = user_data;
  guint8 report[4096];
  gssize got = read (fd, report, sizeof report);

  if (got < 0 && (errno == EINTR || errno == EAGAIN))
    return G_SOURCE_CONTINUE;
  if (got <= 0)
    {
      input_ended (self, got == 0 ? 0 : errno);
      return G_SOURCE_REMOVE;
    }
  if (self->assembler)
    mpos_hidpos_assembler_feed (self->assembler, report, (gsize)got);
  return G_SOURCE_CONTINUE;
}

/* ---- finding the node -------------------------------------------------------- */

/* uevent has "HID_ID=0003:00000C2E:00000B01" (bus:vendor:product). */
static gboolean
hid_ids_match (const char *dir, guint16 vendor_id, guint16 product_id)
{
  g_autofree char *path = g_build_filename (dir, "device", "uevent", NULL);
  g_autofree char *text = NULL;
  guint bus = 0, vendor = 0, product = 0;
  const char *line;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return FALSE;
  line = strstr (text, "HID_ID=");
  if (line == NULL || sscanf (line, "HID_ID=%x:%x:%x", &bus, &vendor, &product) != 3)
    return FALSE;
  return vendor == vendor_id && product == product_id;
}

/* A Usage Page item for 0x8C, short (05 8C) or two-byte (06 8C 00). */
static gboolean
uses_pos_page (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "device", "report_descriptor", NULL);
  g_autofree char *bytes = NULL;
  gsize size = 0;

  if (!g_file_get_contents (path, &bytes, &size, NULL))
    return FALSE;
  for (gsize i = 0; i + 1 < size; i++)
    {
      guint8 item = (guint8)bytes[i], value = (guint8)bytes[i + 1];
      if (value == 0x8C && (item == 0x05 || (item == 0x06 && i + 2 < size && bytes[i + 2] == 0)))
        return TRUE;
    }
  return FALSE;
}

/* With both ids 0: any HID POS scanner. */
static gboolean
is_hidpos_node (const char *dir, guint16 vendor_id, guint16 product_id)
{
  if (vendor_id == 0 && product_id == 0)
    return uses_pos_page (dir);
  return hid_ids_match (dir, vendor_id, product_id);
}

char *
mpos_scanner_hidpos_find_node (const char *sysfs_root, guint16 vendor_id, guint16 product_id,
                               GError **error)
{
  char *node = mpos_input_node_find_in_class (sysfs_root, "hidraw", "hidraw", "/dev",
                                              is_hidpos_node, vendor_id, product_id);

  if (node)
    return node;
  if (vendor_id == 0 && product_id == 0)
    g_set_error_literal (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_NO_HARDWARE,
                         "no HID POS scanner (usage page 0x8C) is connected; is the scanner "
                         "set to its HID POS interface?");
  else
    g_set_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_NO_HARDWARE,
                 "no HID device %04x:%04x is connected", vendor_id, product_id);
  return NULL;
}

static gboolean
hidpos_open (MposDevice *device, GError **error)
{
  return mpos_input_node_open (&MPOS_SCANNER_HIDPOS (device)->node, device, error);
}

static gboolean
hidpos_enable (MposDevice *device, GError **error)
{
  MposScannerHidpos *self = MPOS_SCANNER_HIDPOS (device);
  MposHidposFuncs funcs = { on_scan, on_error };

  if (self->node.fd < 0)
    {
      mpos_device_set_error (device, error, MPOS_DEVICE_ERROR_OFFLINE, "not connected");
      return FALSE;
    }
  self->assembler = mpos_hidpos_assembler_new (&funcs, self);
  self->watch = g_unix_fd_add (self->node.fd, G_IO_IN | G_IO_HUP | G_IO_ERR, on_readable, self);
  return TRUE;
}

static void
hidpos_disable (MposDevice *device)
{
  MposScannerHidpos *self = MPOS_SCANNER_HIDPOS (device);

  g_clear_handle_id (&self->watch, g_source_remove);
  g_clear_pointer (&self->assembler, mpos_hidpos_assembler_free);
}

static void
hidpos_close (MposDevice *device)
{
  mpos_input_node_close (&MPOS_SCANNER_HIDPOS (device)->node);
}

static gboolean
hidpos_reconnect (MposDevice *device, GError **error)
{
  MposScannerHidpos *self = MPOS_SCANNER_HIDPOS (device);

  if (!mpos_input_node_reopen (&self->node, device, error))
    return FALSE;
  self->watch = g_unix_fd_add (self->node.fd, G_IO_IN | G_IO_HUP | G_IO_ERR, on_readable, self);
  return TRUE;
}

static void
mpos_scanner_hidpos_finalize (GObject *object)
{
  MposScannerHidpos *self = MPOS_SCANNER_HIDPOS (object);

  g_clear_handle_id (&self->watch, g_source_remove);
  g_clear_pointer (&self->assembler, mpos_hidpos_assembler_free);
  mpos_input_node_clear (&self->node);
  G_OBJECT_CLASS (mpos_scanner_hidpos_parent_class)->finalize (object);
}

static void
mpos_scanner_hidpos_class_init (MposScannerHidposClass *klass)
{
  MposDeviceClass *device_class = MPOS_DEVICE_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = mpos_scanner_hidpos_finalize;
  device_class->open = hidpos_open;
  device_class->enable = hidpos_enable;
  device_class->disable = hidpos_disable;
  device_class->close = hidpos_close;
  device_class->reconnect = hidpos_reconnect;
}

static void
mpos_scanner_hidpos_init (MposScannerHidpos *self)
{
  self->node.fd = -1;
}

static MposScannerHidpos *
hidpos_new (const char *name)
{
  return g_object_new (MPOS_TYPE_SCANNER_HIDPOS, "name", name, "category", MPOS_DEVICE_SCANNER,
                       NULL);
}

MposScanner *
mpos_scanner_hidpos_new (const char *name, const char *path, guint16 vendor_id, guint16 product_id)
{
  MposScannerHidpos *self = hidpos_new (name);

  mpos_input_node_init (&self->node, MPOS_DEVICE (self), "hidraw", mpos_scanner_hidpos_find_node,
                        path, vendor_id, product_id);
  return MPOS_SCANNER (self);
}

MposScanner *
mpos_scanner_hidpos_new_for_fd (const char *name, int fd)
{
  MposScannerHidpos *self = hidpos_new (name);

  mpos_input_node_init_for_fd (&self->node, MPOS_DEVICE (self), "hidraw", fd);
  return MPOS_SCANNER (self);
}
