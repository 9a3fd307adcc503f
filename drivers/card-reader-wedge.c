/* card-reader-wedge.c — the magnetic stripe reader that types: the
 * keyboard-wedge device of scanner-wedge.c, reading whole swipes (one line
 * per track) and handing each to the MSR parser. */
#include "card-reader-wedge.h"

#include "scanner-wedge-private.h"

struct _MposCardReaderWedge
{
  MposCardReader parent_instance;
};

G_DEFINE_FINAL_TYPE (MposCardReaderWedge, mpos_card_reader_wedge, MPOS_TYPE_CARD_READER)

static void
deliver_swipe (MposDevice *device, const char *text, gsize length)
{
  mpos_card_reader_deliver_tracks (MPOS_CARD_READER (device), text, length);
}

static void
mpos_card_reader_wedge_class_init (MposCardReaderWedgeClass *klass)
{
  mpos_wedge_class_init (MPOS_DEVICE_CLASS (klass));
}

static void
mpos_card_reader_wedge_init (MposCardReaderWedge *self)
{
  /* ";E?" — one unreadable track — is the shortest swipe. */
  MposWedgeRules rules = { 30, 3, TRUE, TRUE };

  mpos_wedge_attach (MPOS_DEVICE (self), &rules, deliver_swipe);
}

MposCardReader *
mpos_card_reader_wedge_new (const char *name, const char *path, guint16 vendor_id,
                            guint16 product_id)
{
  return MPOS_CARD_READER (mpos_wedge_new (MPOS_TYPE_CARD_READER_WEDGE, MPOS_DEVICE_CARD_READER,
                                           name, path, vendor_id, product_id));
}

MposCardReader *
mpos_card_reader_wedge_new_for_fd (const char *name, int fd)
{
  return MPOS_CARD_READER (
      mpos_wedge_new_for_fd (MPOS_TYPE_CARD_READER_WEDGE, MPOS_DEVICE_CARD_READER, name, fd));
}
