/* card-reader-virtual.c — the virtual card reader: a virtual input (stdin,
 * a Unix socket or an fd, see virtual-input.h) whose lines are parsed as
 * swipes or card numbers. */
#include "card-reader-virtual.h"

#include "virtual-input.h"

/* A swipe of three full tracks is under 250 bytes. */
#define MAX_LINE 512

struct _MposCardReaderVirtual
{
  MposCardReader parent_instance;
};

G_DEFINE_FINAL_TYPE (MposCardReaderVirtual, mpos_card_reader_virtual, MPOS_TYPE_CARD_READER)

static void
on_line (MposDevice *device, const char *line, gsize length)
{
  mpos_card_reader_deliver_swipe (MPOS_CARD_READER (device), line, length);
}

static void
on_overflow (MposDevice *device, gsize max_length)
{
  mpos_device_report (device, MPOS_DEVICE_ERROR_PROTOCOL,
                      "sent a line longer than %" G_GSIZE_FORMAT " bytes; that is no card",
                      max_length);
}

static const MposVirtualInputFuncs input_funcs = { on_line, on_overflow, NULL, MAX_LINE };

static void
mpos_card_reader_virtual_class_init (MposCardReaderVirtualClass *klass)
{
  mpos_virtual_input_class_init (MPOS_DEVICE_CLASS (klass));
}

static void
mpos_card_reader_virtual_init (MposCardReaderVirtual *self)
{
  mpos_virtual_input_attach (MPOS_DEVICE (self), &input_funcs);
}

MposCardReader *
mpos_card_reader_virtual_new (const char *name, const char *source)
{
  return MPOS_CARD_READER (mpos_virtual_input_new (MPOS_TYPE_CARD_READER_VIRTUAL,
                                                   MPOS_DEVICE_CARD_READER, name, source));
}

MposCardReader *
mpos_card_reader_virtual_new_for_fd (const char *name, int fd)
{
  return MPOS_CARD_READER (mpos_virtual_input_new_for_fd (MPOS_TYPE_CARD_READER_VIRTUAL,
                                                          MPOS_DEVICE_CARD_READER, name, fd));
}
