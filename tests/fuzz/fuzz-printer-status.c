/* fuzz-printer-status.c — libFuzzer target for the DLE EOT decoder, which
 * reads whatever a printer (or a noisy cable) sends back. Input byte pairs
 * are (status number, answer): a decode must succeed exactly for bytes with
 * the fixed bits, leave the status untouched otherwise, and the verdict and
 * the description must stay consistent with the fields. */
#include <glib.h>
#include <stdint.h>
#include <string.h>

#include "device.h"
#include "fuzz-util.h"
#include "printer-status.h"

static void
check_one (MposPrinterStatus *status, guint8 kind_byte, guint8 answer)
{
  MposPrinterStatusKind kind = (MposPrinterStatusKind)(kind_byte % 6);
  MposPrinterStatus before = *status;
  g_autoptr (GError) error = NULL;
  gboolean expected = kind >= 1 && kind <= 4 && (answer & 0x93) == 0x12;

  if (mpos_printer_status_decode (status, kind, answer, &error))
    {
      g_assert_true (expected);
      g_assert_no_error (error);
    }
  else
    {
      g_assert_false (expected);
      g_assert_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_PROTOCOL);
      g_assert_true (memcmp (&before, status, sizeof before) == 0);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  MposPrinterStatus status = { 0 };
  const char *reason = NULL;
  g_autofree char *text = NULL;
  gboolean ready;

  for (size_t i = 0; i + 1 < size; i += 2)
    check_one (&status, data[i], data[i + 1]);
  ready = mpos_printer_status_is_ready (&status, &reason);
  g_assert_true (ready == (reason == NULL));
  if (status.paper_out || status.cover_open || !status.online)
    g_assert_false (ready);
  text = mpos_printer_status_describe (&status);
  g_assert_true (g_str_has_prefix (text, status.online ? "online" : "offline"));
  return 0;
}
