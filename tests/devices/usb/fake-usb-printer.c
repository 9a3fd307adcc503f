/* fake-usb-printer.c — the usbfs side of the emulated printer. umockdev runs
 * the handler on its own thread, so the state sits behind a mutex. URBs move
 * between three lists as in the kernel: submitted and waiting (`flying`),
 * finished and waiting to be reaped (`done`). */
#include "fake-usb-printer.h"

#include <errno.h>
#include <sys/ioctl.h>
#include <linux/usbdevice_fs.h>
#include <string.h>

#define EP_OUT 0x01
#define EP_IN 0x82
#define USB_REQ_GET_DESCRIPTOR 0x06
#define USB_DT_STRING 0x03

struct _FakeUsbPrinter
{
  UMockdevTestbed *testbed; /* not owned */
  UMockdevIoctlBase *handler;
  char *device_text; /* the printer's paragraph of the recording */
  char *syspath;     /* /sys/devices/… */
  char *devnode;     /* the current /dev/bus/usb node */

  GMutex lock;
  gboolean busy;
  gboolean stalled;
  gboolean paper_out;
  gboolean vanished;
  char *kernel_driver;
  GByteArray *written;
  GByteArray *replies; /* waiting for a bulk IN URB */
  GList *flying;       /* UMockdevIoctlData of submitted URBs */
  GList *done;
  guint claims, releases, detaches, attaches, string_reads;
};

static struct usbdevfs_urb *
urb_of (UMockdevIoctlData *data)
{
  return (struct usbdevfs_urb *)data->data;
}

static void
finish_urb (FakeUsbPrinter *fake, UMockdevIoctlData *urb_data, int status, int actual)
{
  urb_of (urb_data)->status = status;
  urb_of (urb_data)->actual_length = actual;
  fake->flying = g_list_remove (fake->flying, urb_data);
  fake->done = g_list_append (fake->done, urb_data);
}

/* Answers waiting bulk IN URBs from the reply queue. */
static void
feed_in_urbs (FakeUsbPrinter *fake)
{
  GList *l = fake->flying;

  while (l && fake->replies->len > 0)
    {
      UMockdevIoctlData *urb_data = l->data;
      struct usbdevfs_urb *urb = urb_of (urb_data);
      int n;

      l = l->next;
      if (urb->endpoint != EP_IN)
        continue;
      n = MIN ((int)fake->replies->len, urb->buffer_length);
      memcpy (urb->buffer, fake->replies->data, (size_t)n);
      g_byte_array_remove_range (fake->replies, 0, (guint)n);
      finish_urb (fake, urb_data, 0, n);
    }
}

/* The real-time status answers of an ESC/POS printer (DLE EOT n). */
static void
answer_status_queries (FakeUsbPrinter *fake, const guint8 *data, gsize length)
{
  for (gsize i = 0; i + 2 < length; i++)
    {
      guint8 answer;

      if (data[i] != 0x10 || data[i + 1] != 0x04)
        continue;
      switch (data[i + 2])
        {
        case 1:
          answer = 0x16;
          break;
        case 4:
          answer = fake->paper_out ? 0x7e : 0x12;
          break;
        default:
          answer = 0x12;
        }
      g_byte_array_append (fake->replies, &answer, 1);
    }
}

static const char *
string_descriptor (guint index)
{
  switch (index)
    {
    case 1:
      return "Printer";
    case 2:
      return "POS58 Printer";
    case 3:
      return "MPOS0001";
    default:
      return NULL;
    }
}

/* Control transfers: only GET_DESCRIPTOR(STRING), as libusb asks for serials. */
static void
control_urb (FakeUsbPrinter *fake, UMockdevIoctlData *urb_data)
{
  struct usbdevfs_urb *urb = urb_of (urb_data);
  guint8 *setup = urb->buffer;
  guint8 *out = setup + 8;
  guint16 value = (guint16)(setup[2] | (setup[3] << 8));
  guint16 wanted = (guint16)(setup[6] | (setup[7] << 8));
  const char *text;
  int n = 0;

  if (setup[1] != USB_REQ_GET_DESCRIPTOR || (value >> 8) != USB_DT_STRING || urb->buffer_length < 8)
    {
      finish_urb (fake, urb_data, -EPIPE, 0);
      return;
    }
  fake->string_reads++;
  if ((value & 0xff) == 0)
    {
      const guint8 langids[] = { 4, USB_DT_STRING, 0x09, 0x04 };

      n = sizeof langids;
      memcpy (out, langids, sizeof langids);
    }
  else if ((text = string_descriptor (value & 0xff)) != NULL)
    {
      n = 2 + 2 * (int)strlen (text);
      out[0] = (guint8)n;
      out[1] = USB_DT_STRING;
      for (int i = 0; text[i]; i++)
        {
          out[2 + 2 * i] = (guint8)text[i];
          out[3 + 2 * i] = 0;
        }
    }
  else
    {
      finish_urb (fake, urb_data, -EPIPE, 0);
      return;
    }
  finish_urb (fake, urb_data, 0, MIN (n, MIN ((int)wanted, urb->buffer_length - 8)));
}

static int
submit_urb (FakeUsbPrinter *fake, UMockdevIoctlData *arg)
{
  g_autoptr (UMockdevIoctlData) urb_data = NULL;
  g_autoptr (UMockdevIoctlData) buffer = NULL;
  struct usbdevfs_urb *urb;

  urb_data = umockdev_ioctl_data_resolve (arg, 0, sizeof (struct usbdevfs_urb), NULL);
  urb = urb_of (urb_data);
  buffer = umockdev_ioctl_data_resolve (urb_data, G_STRUCT_OFFSET (struct usbdevfs_urb, buffer),
                                        (gsize)urb->buffer_length, NULL);
  if (urb->buffer_length > 0 && buffer == NULL)
    return EFAULT;
  if (urb->type == USBDEVFS_URB_TYPE_CONTROL && urb->endpoint == 0)
    {
      fake->flying = g_list_append (fake->flying, g_object_ref (urb_data));
      control_urb (fake, urb_data);
      return 0;
    }
  if (urb->type != USBDEVFS_URB_TYPE_BULK || (urb->endpoint != EP_OUT && urb->endpoint != EP_IN))
    return ENOENT;
  fake->flying = g_list_append (fake->flying, g_object_ref (urb_data));
  if (urb->endpoint == EP_IN)
    feed_in_urbs (fake);
  else if (!fake->stalled)
    {
      g_byte_array_append (fake->written, urb->buffer, (guint)urb->buffer_length);
      answer_status_queries (fake, urb->buffer, (gsize)urb->buffer_length);
      finish_urb (fake, urb_data, 0, urb->buffer_length);
      feed_in_urbs (fake);
    }
  return 0;
}

static int
reap_urb (FakeUsbPrinter *fake, UMockdevIoctlData *arg)
{
  g_autoptr (UMockdevIoctlData) pointer = NULL;
  g_autoptr (UMockdevIoctlData) urb_data = NULL;

  if (fake->done == NULL)
    return EAGAIN;
  urb_data = fake->done->data;
  fake->done = g_list_delete_link (fake->done, fake->done);
  pointer = umockdev_ioctl_data_resolve (arg, 0, sizeof (gpointer), NULL);
  umockdev_ioctl_data_set_ptr (pointer, 0, urb_data);
  return 0;
}

static gint
compare_client_addr (gconstpointer data, gconstpointer addr)
{
  return ((const UMockdevIoctlData *)data)->client_addr != (gulong)addr;
}

static int
discard_urb (FakeUsbPrinter *fake, UMockdevIoctlData *arg)
{
  GList *l = g_list_find_custom (fake->flying, *(void **)arg->data, compare_client_addr);

  if (l == NULL)
    return EINVAL;
  finish_urb (fake, l->data, -ENOENT, 0);
  return 0;
}

static int
get_driver (FakeUsbPrinter *fake, UMockdevIoctlData *arg)
{
  g_autoptr (UMockdevIoctlData) data
      = umockdev_ioctl_data_resolve (arg, 0, sizeof (struct usbdevfs_getdriver), NULL);
  struct usbdevfs_getdriver *request = (struct usbdevfs_getdriver *)data->data;

  if (fake->kernel_driver == NULL || request->interface != 0)
    return ENODATA;
  g_strlcpy (request->driver, fake->kernel_driver, sizeof request->driver);
  return 0;
}

static int
driver_ioctl (FakeUsbPrinter *fake, UMockdevIoctlData *arg)
{
  g_autoptr (UMockdevIoctlData) data
      = umockdev_ioctl_data_resolve (arg, 0, sizeof (struct usbdevfs_ioctl), NULL);
  struct usbdevfs_ioctl *request = (struct usbdevfs_ioctl *)data->data;

  if (request->ifno != 0)
    return EINVAL;
  if (request->ioctl_code == (int)USBDEVFS_DISCONNECT)
    {
      if (fake->kernel_driver == NULL)
        return ENODATA;
      g_clear_pointer (&fake->kernel_driver, g_free);
      fake->detaches++;
      return 0;
    }
  if (request->ioctl_code == (int)USBDEVFS_CONNECT)
    {
      fake->kernel_driver = g_strdup ("usblp");
      fake->attaches++;
      return 0;
    }
  return ENOTTY;
}

static int
claim_interface (FakeUsbPrinter *fake, UMockdevIoctlData *arg)
{
  g_autoptr (UMockdevIoctlData) data
      = umockdev_ioctl_data_resolve (arg, 0, sizeof (unsigned int), NULL);

  if (*(unsigned int *)data->data != 0)
    return EINVAL;
  if (fake->busy || fake->kernel_driver)
    return EBUSY;
  fake->claims++;
  return 0;
}

static gboolean
handle_ioctl (UMockdevIoctlBase *handler, UMockdevIoctlClient *client, gpointer user_data)
{
  FakeUsbPrinter *fake = user_data;
  UMockdevIoctlData *arg = umockdev_ioctl_client_get_arg (client);
  gulong request = umockdev_ioctl_client_get_request (client);
  int error_number = 0;
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&fake->lock);

  /* A node left over from before an unplug is dead for good. */
  if (fake->vanished || g_strcmp0 (umockdev_ioctl_client_get_devnode (client), fake->devnode) != 0)
    {
      umockdev_ioctl_client_complete (client, -1, ENODEV);
      return TRUE;
    }
  switch (request)
    {
    case USBDEVFS_GET_CAPABILITIES:
      {
        g_autoptr (UMockdevIoctlData) caps
            = umockdev_ioctl_data_resolve (arg, 0, sizeof (guint32), NULL);

        *(guint32 *)caps->data = USBDEVFS_CAP_BULK_SCATTER_GATHER | USBDEVFS_CAP_NO_PACKET_SIZE_LIM
                                 | USBDEVFS_CAP_ZERO_PACKET | USBDEVFS_CAP_REAP_AFTER_DISCONNECT;
        break;
      }
    case USBDEVFS_CLAIMINTERFACE:
      error_number = claim_interface (fake, arg);
      break;
    case USBDEVFS_RELEASEINTERFACE:
      fake->releases++;
      break;
    case USBDEVFS_GETDRIVER:
      error_number = get_driver (fake, arg);
      break;
    case USBDEVFS_IOCTL:
      error_number = driver_ioctl (fake, arg);
      break;
    case USBDEVFS_SUBMITURB:
      error_number = submit_urb (fake, arg);
      break;
    case USBDEVFS_REAPURB:
    case USBDEVFS_REAPURBNDELAY:
      error_number = reap_urb (fake, arg);
      break;
    case USBDEVFS_DISCARDURB:
      error_number = discard_urb (fake, arg);
      break;
    case USBDEVFS_SETINTERFACE:
    case USBDEVFS_CLEAR_HALT:
    case USBDEVFS_RESET:
    case USBDEVFS_RESETEP:
      break;
    default:
      return FALSE; /* umockdev answers ENOTTY */
    }
  umockdev_ioctl_client_complete (client, error_number ? -1 : 0, error_number);
  return TRUE;
}

/* The paragraph of the recording that declares `devnode`. */
static char *
device_paragraph (const char *recording_text, const char *devnode)
{
  g_auto (GStrv) paragraphs = g_strsplit (recording_text, "\n\n", -1);
  g_autofree char *line = g_strdup_printf ("N: %s\n", devnode + strlen ("/dev/"));

  for (guint i = 0; paragraphs[i]; i++)
    if (strstr (paragraphs[i], line))
      return g_strconcat (paragraphs[i], "\n", NULL);
  g_error ("%s is not in the recording", devnode);
  return NULL;
}

FakeUsbPrinter *
fake_usb_printer_new (UMockdevTestbed *testbed, const char *recording, const char *devnode)
{
  FakeUsbPrinter *fake = g_new0 (FakeUsbPrinter, 1);
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;
  const char *p;

  g_mutex_init (&fake->lock);
  fake->testbed = testbed;
  fake->devnode = g_strdup (devnode);
  fake->written = g_byte_array_new ();
  fake->replies = g_byte_array_new ();
  fake->handler = umockdev_ioctl_base_new ();
  g_signal_connect (fake->handler, "handle-ioctl", G_CALLBACK (handle_ioctl), fake);
  g_assert_true (g_file_get_contents (recording, &text, NULL, &error));
  fake->device_text = device_paragraph (text, devnode);
  p = strstr (fake->device_text, "P: ") + 3;
  fake->syspath = g_strdup_printf ("/sys%.*s", (int)strcspn (p, "\n"), p);
  /* Attach first so the node answers from the moment it appears. */
  g_assert_true (umockdev_testbed_attach_ioctl (testbed, devnode, fake->handler, &error));
  g_assert_true (umockdev_testbed_add_from_string (testbed, text, &error));
  return fake;
}

void
fake_usb_printer_free (FakeUsbPrinter *fake)
{
  if (fake == NULL)
    return;
  g_signal_handlers_disconnect_by_data (fake->handler, fake);
  g_object_unref (fake->handler);
  g_list_free_full (fake->flying, g_object_unref);
  g_list_free_full (fake->done, g_object_unref);
  g_byte_array_unref (fake->written);
  g_byte_array_unref (fake->replies);
  g_free (fake->kernel_driver);
  g_free (fake->device_text);
  g_free (fake->syspath);
  g_free (fake->devnode);
  g_mutex_clear (&fake->lock);
  g_free (fake);
}

void
fake_usb_printer_set_busy (FakeUsbPrinter *fake, gboolean busy)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&fake->lock);

  fake->busy = busy;
}

void
fake_usb_printer_set_stalled (FakeUsbPrinter *fake, gboolean stalled)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&fake->lock);

  fake->stalled = stalled;
}

void
fake_usb_printer_set_paper_out (FakeUsbPrinter *fake, gboolean paper_out)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&fake->lock);

  fake->paper_out = paper_out;
}

void
fake_usb_printer_set_kernel_driver (FakeUsbPrinter *fake, const char *driver)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&fake->lock);

  g_free (fake->kernel_driver);
  fake->kernel_driver = g_strdup (driver);
}

char *
fake_usb_printer_dup_kernel_driver (FakeUsbPrinter *fake)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&fake->lock);

  return g_strdup (fake->kernel_driver);
}

void
fake_usb_printer_unplug (FakeUsbPrinter *fake)
{
  {
    g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&fake->lock);

    fake->vanished = TRUE;
  }
  umockdev_testbed_uevent (fake->testbed, fake->syspath, "remove");
  umockdev_testbed_remove_device (fake->testbed, fake->syspath);
}

static void
replace (GString *text, char *from, char *to)
{
  g_string_replace (text, from, to, 0);
  g_free (from);
  g_free (to);
}

/* Rewrites the device number in the recording's lines that carry it. */
static char *
renumber (const char *text, guint old, guint devnum)
{
  GString *result = g_string_new (text);

  replace (result, g_strdup_printf ("/%03u\n", old), g_strdup_printf ("/%03u\n", devnum));
  replace (result, g_strdup_printf ("DEVNUM=%03u\n", old),
           g_strdup_printf ("DEVNUM=%03u\n", devnum));
  replace (result, g_strdup_printf ("A: devnum=%u\\n", old),
           g_strdup_printf ("A: devnum=%u\\n", devnum));
  replace (result, g_strdup_printf ("MINOR=%u\n", old - 1),
           g_strdup_printf ("MINOR=%u\n", devnum - 1));
  replace (result, g_strdup_printf ("dev=189:%u\\n", old - 1),
           g_strdup_printf ("dev=189:%u\\n", devnum - 1));
  return g_string_free (result, FALSE);
}

void
fake_usb_printer_replug (FakeUsbPrinter *fake, guint devnum)
{
  guint old_devnum = (guint)g_ascii_strtoull (strrchr (fake->devnode, '/') + 1, NULL, 10);
  g_autofree char *text = renumber (fake->device_text, old_devnum, devnum);
  g_autofree char *bus = g_path_get_dirname (fake->devnode);
  g_autoptr (GError) error = NULL;

  {
    g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&fake->lock);

    g_free (fake->devnode);
    fake->devnode = g_strdup_printf ("%s/%03u", bus, devnum);
    g_free (fake->device_text);
    fake->device_text = g_strdup (text);
    /* A fresh device: nothing in flight, the kernel driver not bound yet. */
    g_list_free_full (g_steal_pointer (&fake->flying), g_object_unref);
    g_list_free_full (g_steal_pointer (&fake->done), g_object_unref);
    g_byte_array_set_size (fake->replies, 0);
    fake->vanished = FALSE;
  }
  g_assert_true (
      umockdev_testbed_attach_ioctl (fake->testbed, fake->devnode, fake->handler, &error));
  g_assert_true (umockdev_testbed_add_from_string (fake->testbed, text, &error));
  umockdev_testbed_uevent (fake->testbed, fake->syspath, "add");
}

GBytes *
fake_usb_printer_get_written (FakeUsbPrinter *fake)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&fake->lock);

  return g_bytes_new (fake->written->data, fake->written->len);
}

#define COUNTER(name)                                                                              \
  guint fake_usb_printer_get_##name (FakeUsbPrinter *fake)                                         \
  {                                                                                                \
    g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&fake->lock);                            \
    return fake->name;                                                                             \
  }

COUNTER (claims)
COUNTER (releases)
COUNTER (detaches)
COUNTER (attaches)
COUNTER (string_reads)
