/* scanner-virtual.c — the virtual scanner: a virtual input (stdin, a Unix
 * socket or an fd, see virtual-input.h), each line delivered as a scan. */
#include "scanner-virtual.h"

#include "virtual-input.h"

struct _MposScannerVirtual
{
  MposScanner parent_instance;
};

G_DEFINE_FINAL_TYPE (MposScannerVirtual, mpos_scanner_virtual, MPOS_TYPE_SCANNER)

static void
on_line (MposDevice *device, const char *line, gsize length)
{
  mpos_scanner_deliver (MPOS_SCANNER (device), line, length, NULL);
}

static void
on_overflow (MposDevice *device, gsize max_length)
{
  mpos_device_report (device, MPOS_DEVICE_ERROR_PROTOCOL,
                      "sent a line longer than %" G_GSIZE_FORMAT " bytes", max_length);
}

static const char *
terminators (MposDevice *device)
{
  return mpos_scanner_get_terminators (MPOS_SCANNER (device));
}

static const MposVirtualInputFuncs input_funcs
    = { on_line, on_overflow, terminators, MPOS_SCANNER_MAX_LENGTH };

static void
mpos_scanner_virtual_class_init (MposScannerVirtualClass *klass)
{
  mpos_virtual_input_class_init (MPOS_DEVICE_CLASS (klass));
}

static void
mpos_scanner_virtual_init (MposScannerVirtual *self)
{
  mpos_virtual_input_attach (MPOS_DEVICE (self), &input_funcs);
}

MposScanner *
mpos_scanner_virtual_new (const char *name, const char *source)
{
  return MPOS_SCANNER (
      mpos_virtual_input_new (MPOS_TYPE_SCANNER_VIRTUAL, MPOS_DEVICE_SCANNER, name, source));
}

MposScanner *
mpos_scanner_virtual_new_for_fd (const char *name, int fd)
{
  return MPOS_SCANNER (
      mpos_virtual_input_new_for_fd (MPOS_TYPE_SCANNER_VIRTUAL, MPOS_DEVICE_SCANNER, name, fd));
}
