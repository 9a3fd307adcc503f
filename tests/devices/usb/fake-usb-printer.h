/* fake-usb-printer.h — an emulated USB receipt printer for umockdev: a device
 * recording (printer.umockdev, in the format umockdev-record writes) plus an
 * ioctl handler that answers usbfs like the kernel would: bulk writes are
 * recorded, DLE EOT status queries answered on the bulk IN endpoint, and a
 * test can make it busy, stall, hold a kernel driver or vanish (ENODEV).
 * Recordings of real printers can sit beside printer.umockdev later. */
#pragma once

#include <glib.h>
#include <umockdev.h>

G_BEGIN_DECLS

typedef struct _FakeUsbPrinter FakeUsbPrinter;

/* Loads `recording` into the testbed and answers ioctls on `devnode`
 * ("/dev/bus/usb/001/005"). */
FakeUsbPrinter *fake_usb_printer_new (UMockdevTestbed *testbed, const char *recording,
                                      const char *devnode);
void fake_usb_printer_free (FakeUsbPrinter *fake);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FakeUsbPrinter, fake_usb_printer_free)

/* CLAIMINTERFACE fails with EBUSY (another program has it). */
void fake_usb_printer_set_busy (FakeUsbPrinter *fake, gboolean busy);
/* Bulk OUT transfers never complete (a printer that stopped taking data). */
void fake_usb_printer_set_stalled (FakeUsbPrinter *fake, gboolean stalled);
/* DLE EOT 4 (paper roll sensor) answers paper out (0x7E) instead of 0x12. */
void fake_usb_printer_set_paper_out (FakeUsbPrinter *fake, gboolean paper_out);
/* A kernel driver ("usblp") holds interface 0 until detached; NULL: none. */
void fake_usb_printer_set_kernel_driver (FakeUsbPrinter *fake, const char *driver);
char *fake_usb_printer_dup_kernel_driver (FakeUsbPrinter *fake);

/* Unplugs it: every ioctl answers ENODEV and the device leaves sysfs. */
void fake_usb_printer_unplug (FakeUsbPrinter *fake);
/* Plugs it back in as the kernel would: a new device number (so a new
 * /dev/bus/usb node), same vendor/product/serial. */
void fake_usb_printer_replug (FakeUsbPrinter *fake, guint devnum);

/* Everything written to the bulk OUT endpoint so far. */
GBytes *fake_usb_printer_get_written (FakeUsbPrinter *fake);
guint fake_usb_printer_get_claims (FakeUsbPrinter *fake);
guint fake_usb_printer_get_releases (FakeUsbPrinter *fake);
guint fake_usb_printer_get_detaches (FakeUsbPrinter *fake);
guint fake_usb_printer_get_attaches (FakeUsbPrinter *fake);
guint fake_usb_printer_get_string_reads (FakeUsbPrinter *fake);

G_END_DECLS
