/* test-printer-status.c — the DLE EOT decoder: each status number's bits,
 * the readiness verdict the print job acts on, and garbage (no fixed bits,
 * an unknown status number) refused as a PROTOCOL error. */
#include <string.h>

#include "device.h"
#include "printer-status.h"
#include "printer-test-util.h"

static MposPrinterStatus
decode (MposPrinterStatusKind kind, guint8 byte)
{
  MposPrinterStatus status = { 0 };
  g_autoptr (GError) error = NULL;

  g_assert_true (mpos_printer_status_decode (&status, kind, byte, &error));
  g_assert_no_error (error);
  return status;
}

static void
test_status_request_is_dle_eot_n (void)
{
  guint8 request[3];

  mpos_printer_status_request (MPOS_PRINTER_STATUS_PAPER, request);
  g_assert_cmpmem (request, 3, "\x10\x04\x04", 3);
}

static void
test_status_printer_online_offline_and_drawer_pin (void)
{
  g_assert_true (decode (MPOS_PRINTER_STATUS_PRINTER, 0x12).online);
  g_assert_false (decode (MPOS_PRINTER_STATUS_PRINTER, 0x12).drawer_pin3_high);
  g_assert_false (decode (MPOS_PRINTER_STATUS_PRINTER, 0x1a).online);
  g_assert_true (decode (MPOS_PRINTER_STATUS_PRINTER, 0x16).drawer_pin3_high);
  g_assert_true (decode (MPOS_PRINTER_STATUS_PRINTER, 0x16).online);
}

static void
test_status_offline_cause_cover_paper_error (void)
{
  MposPrinterStatus cover = decode (MPOS_PRINTER_STATUS_OFFLINE, 0x16);
  MposPrinterStatus paper = decode (MPOS_PRINTER_STATUS_OFFLINE, 0x32);
  MposPrinterStatus error = decode (MPOS_PRINTER_STATUS_OFFLINE, 0x52);

  g_assert_true (cover.cover_open);
  g_assert_false (cover.paper_out);
  g_assert_true (paper.paper_stop);
  g_assert_true (paper.paper_out);
  g_assert_true (error.error);
  g_assert_true (decode (MPOS_PRINTER_STATUS_OFFLINE, 0x1a).feed_button);
}

static void
test_status_error_cause (void)
{
  MposPrinterStatus cutter = decode (MPOS_PRINTER_STATUS_ERROR, 0x1a);
  MposPrinterStatus fatal = decode (MPOS_PRINTER_STATUS_ERROR, 0x32);
  MposPrinterStatus hot = decode (MPOS_PRINTER_STATUS_ERROR, 0x52);

  g_assert_true (cutter.cutter_error);
  g_assert_true (fatal.unrecoverable_error);
  g_assert_true (hot.auto_recoverable_error);
  g_assert_true (decode (MPOS_PRINTER_STATUS_ERROR, 0x16).mechanical_error);
}

static void
test_status_paper_sensor_near_end_and_out (void)
{
  MposPrinterStatus ok = decode (MPOS_PRINTER_STATUS_PAPER, 0x12);
  MposPrinterStatus near = decode (MPOS_PRINTER_STATUS_PAPER, 0x1e);
  MposPrinterStatus out = decode (MPOS_PRINTER_STATUS_PAPER, 0x72);
  MposPrinterStatus both = decode (MPOS_PRINTER_STATUS_PAPER, 0x7e);

  g_assert_false (ok.paper_near_end || ok.paper_out);
  g_assert_true (near.paper_near_end);
  g_assert_false (near.paper_out);
  g_assert_true (out.paper_out);
  g_assert_true (both.paper_out && both.paper_near_end);
}

static void
test_status_garbage_is_a_protocol_error (void)
{
  /* bit 1 clear, bit 4 clear, bit 7 set, an XOFF, an ASB-looking byte */
  static const guint8 garbage[] = { 0x00, 0xff, 0x10, 0x02, 0x92, 0x13, 0x0f, 0xd2 };

  for (guint i = 0; i < G_N_ELEMENTS (garbage); i++)
    for (guint kind = 1; kind <= 4; kind++)
      {
        MposPrinterStatus status = { .online = TRUE };
        g_autoptr (GError) error = NULL;

        g_assert_false (mpos_printer_status_byte_is_valid (garbage[i]));
        g_assert_false (mpos_printer_status_decode (&status, kind, garbage[i], &error));
        g_assert_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_PROTOCOL);
        g_assert_nonnull (strstr (error->message, "not a status byte"));
        g_assert_true (status.online); /* untouched */
      }
}

static void
test_status_unknown_number_is_a_protocol_error (void)
{
  MposPrinterStatus status = { 0 };
  g_autoptr (GError) error = NULL;

  g_assert_false (mpos_printer_status_decode (&status, 5, 0x12, &error));
  g_assert_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_PROTOCOL);
}

static void
test_status_ready_says_why_not (void)
{
  MposPrinterStatus status = { .online = TRUE };
  const char *why = NULL;
  g_autofree char *text = NULL;

  g_assert_true (mpos_printer_status_is_ready (&status, &why));
  g_assert_null (why);
  status.paper_near_end = TRUE;
  g_assert_true (mpos_printer_status_is_ready (&status, &why)); /* near end still prints */
  status.cover_open = TRUE;
  g_assert_false (mpos_printer_status_is_ready (&status, &why));
  g_assert_cmpstr (why, ==, "cover open");
  status.paper_out = TRUE;
  g_assert_false (mpos_printer_status_is_ready (&status, &why));
  g_assert_cmpstr (why, ==, "paper out");
  status = (MposPrinterStatus){ .online = FALSE };
  g_assert_false (mpos_printer_status_is_ready (&status, &why));
  g_assert_cmpstr (why, ==, "offline");
  status = (MposPrinterStatus){ .online = TRUE, .cutter_error = TRUE };
  g_assert_false (mpos_printer_status_is_ready (&status, &why));
  g_assert_cmpstr (why, ==, "cutter jammed");
  text = mpos_printer_status_describe (&status);
  g_assert_cmpstr (text, ==, "online, paper ok, cover closed, cutter jammed");
}

int
main (int argc, char **argv)
{
  printer_test_init (&argc, &argv);
  g_test_add_func ("/printer-status/request-is-dle-eot-n", test_status_request_is_dle_eot_n);
  g_test_add_func ("/printer-status/printer-online-offline-and-drawer-pin",
                   test_status_printer_online_offline_and_drawer_pin);
  g_test_add_func ("/printer-status/offline-cause-cover-paper-error",
                   test_status_offline_cause_cover_paper_error);
  g_test_add_func ("/printer-status/error-cause", test_status_error_cause);
  g_test_add_func ("/printer-status/paper-sensor-near-end-and-out",
                   test_status_paper_sensor_near_end_and_out);
  g_test_add_func ("/printer-status/garbage-is-a-protocol-error",
                   test_status_garbage_is_a_protocol_error);
  g_test_add_func ("/printer-status/unknown-number-is-a-protocol-error",
                   test_status_unknown_number_is_a_protocol_error);
  g_test_add_func ("/printer-status/ready-says-why-not", test_status_ready_says_why_not);
  return g_test_run ();
}
