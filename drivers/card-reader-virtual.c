/* card-reader-virtual.c — the virtual card reader: a virtual input (stdin,
 * a Unix socket or an fd, see virtual-input.h) whose lines are parsed as
 * swipes or card numbers, or "chip NUMBER": a chip read, as a PC/SC reader
 * delivers it (the member's proof, in tests and demos). */
#include "card-reader-virtual.h"

#include "virtual-input.h"

#include <string.h>

/* A swipe of three full tracks is under 250 bytes. */
#define MAX_LINE 512

struct _MposCardReaderVirtual
{
  MposCardReader parent_instance;
};

G_DEFINE_FINAL_TYPE (MposCardReaderVirtual, mpos_card_reader_virtual, MPOS_TYPE_CARD_READER)

#define CHIP_WORD "chip "
#define CARD_NUMBER_MAX 19

static void
on_line (MposDevice *device, const char *line, gsize length)
{
  gsize word = strlen (CHIP_WORD);
  g_autofree char *number = NULL;

  if (length <= word || strncmp (line, CHIP_WORD, word) != 0)
    {
      mpos_card_reader_deliver_swipe (MPOS_CARD_READER (device), line, length);
      return;
    }
  number = g_strndup (line + word, length - word);
  if (strlen (number) > CARD_NUMBER_MAX || strspn (number, "0123456789") != strlen (number))
    mpos_device_report (device, MPOS_DEVICE_ERROR_PROTOCOL,
                        "sent a chip read that is no card number (1 to %d digits)",
                        CARD_NUMBER_MAX);
  else
    mpos_card_reader_deliver_chip (MPOS_CARD_READER (device), number);
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
