/* printer-status.c — decoding DLE EOT answers. A status byte has fixed bits
 * (bit 1 and 4 set, bit 7 clear), which is how a real answer is told from
 * noise on the line, an ASB message or a stray XOFF; those are refused. */
#include "printer-status.h"

#include "device.h"

#define DLE 0x10
#define EOT 0x04
#define FIXED_SET 0x12   /* bits 1 and 4 */
#define FIXED_CLEAR 0x81 /* bits 0 and 7: also keeps XON/XOFF (0x11/0x13) out */

#define BIT(byte, n) (((byte) >> (n)) & 1)

void
mpos_printer_status_request (MposPrinterStatusKind kind, guint8 request[3])
{
  request[0] = DLE;
  request[1] = EOT;
  request[2] = (guint8)kind;
}

gboolean
mpos_printer_status_byte_is_valid (guint8 byte)
{
  return (byte & FIXED_SET) == FIXED_SET && (byte & FIXED_CLEAR) == 0;
}

static void
decode_printer (MposPrinterStatus *status, guint8 byte)
{
  status->drawer_pin3_high = BIT (byte, 2);
  status->online = !BIT (byte, 3);
}

static void
decode_offline (MposPrinterStatus *status, guint8 byte)
{
  status->cover_open = BIT (byte, 2);
  status->feed_button = BIT (byte, 3);
  status->paper_stop = BIT (byte, 5);
  status->error = BIT (byte, 6);
  if (status->paper_stop)
    status->paper_out = TRUE;
}

static void
decode_error (MposPrinterStatus *status, guint8 byte)
{
  status->mechanical_error = BIT (byte, 2);
  status->cutter_error = BIT (byte, 3);
  status->unrecoverable_error = BIT (byte, 5);
  status->auto_recoverable_error = BIT (byte, 6);
}

/* Each condition is reported on two bits (sensor and its copy); either one
 * set counts, so a printer that sets only one is still heard. */
static void
decode_paper (MposPrinterStatus *status, guint8 byte)
{
  status->paper_near_end = BIT (byte, 2) || BIT (byte, 3);
  status->paper_out = BIT (byte, 5) || BIT (byte, 6);
}

gboolean
mpos_printer_status_decode (MposPrinterStatus *status, MposPrinterStatusKind kind, guint8 byte,
                            GError **error)
{
  g_return_val_if_fail (status != NULL, FALSE);

  if (kind < MPOS_PRINTER_STATUS_PRINTER || kind > MPOS_PRINTER_STATUS_PAPER)
    {
      g_set_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_PROTOCOL,
                   "there is no printer status number %d", (int)kind);
      return FALSE;
    }
  if (!mpos_printer_status_byte_is_valid (byte))
    {
      g_set_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_PROTOCOL,
                   "answered DLE EOT %d with 0x%02x, which is not a status byte (is it an "
                   "ESC/POS printer, and is automatic status back off?)",
                   (int)kind, byte);
      return FALSE;
    }
  switch (kind)
    {
    case MPOS_PRINTER_STATUS_PRINTER:
      decode_printer (status, byte);
      break;
    case MPOS_PRINTER_STATUS_OFFLINE:
      decode_offline (status, byte);
      break;
    case MPOS_PRINTER_STATUS_ERROR:
      decode_error (status, byte);
      break;
    case MPOS_PRINTER_STATUS_PAPER:
    default:
      decode_paper (status, byte);
      break;
    }
  return TRUE;
}

gboolean
mpos_printer_status_is_ready (const MposPrinterStatus *status, const char **reason)
{
  const char *why = NULL;

  if (status->paper_out)
    why = "paper out";
  else if (status->cover_open)
    why = "cover open";
  else if (status->unrecoverable_error)
    why = "unrecoverable error (switch the printer off and on)";
  else if (status->cutter_error)
    why = "cutter jammed";
  else if (status->error || status->mechanical_error)
    why = "printer error";
  else if (!status->online)
    why = "offline";
  if (reason != NULL)
    *reason = why;
  return why == NULL;
}

char *
mpos_printer_status_describe (const MposPrinterStatus *status)
{
  const char *reason = NULL;
  GString *out = g_string_new (NULL);

  g_string_append (out, status->online ? "online" : "offline");
  g_string_append (out, status->paper_out        ? ", paper out"
                        : status->paper_near_end ? ", paper near end"
                                                 : ", paper ok");
  g_string_append (out, status->cover_open ? ", cover open" : ", cover closed");
  if (!mpos_printer_status_is_ready (status, &reason) && status->online && !status->paper_out
      && !status->cover_open)
    g_string_append_printf (out, ", %s", reason);
  return g_string_free (out, FALSE);
}
