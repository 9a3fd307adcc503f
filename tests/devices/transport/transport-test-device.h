/* transport-test-device.h — the smallest MposDevice over a transport, for the
 * transport and hot-plug tests: open opens the transport, close closes it.
 * It stands in for a printer or scanner driver so the watcher can be tested
 * without one. */
#pragma once

#include "device.h"
#include "receipt-printer.h"
#include "transport.h"

G_BEGIN_DECLS

#define MPOS_TYPE_TEST_DEVICE (mpos_test_device_get_type ())
G_DECLARE_FINAL_TYPE (MposTestDevice, mpos_test_device, MPOS, TEST_DEVICE, MposDevice)

MposTestDevice *mpos_test_device_new (const char *name, const MposTransportAddress *address);
/* The open transport, or NULL while closed. */
MposTransport *mpos_test_device_get_transport (MposTestDevice *self);
guint mpos_test_device_get_opens (MposTestDevice *self);

/* A receipt printer "printer0" on 127.0.0.1:port (virtual profile, 576 dots). */
MposReceiptPrinter *mpos_test_tcp_printer_new (guint16 port);

/* Asserts that a read with nothing to read returns 0, no error, once
 * timeout_ms (less 10 ms of clock slack) have passed. */
void mpos_test_assert_read_times_out (MposTransport *transport, guint timeout_ms);

/* Asserts that opening `address` and probing it are both refused with
 * `code` (the watcher's probe and an open never disagree about a device);
 * returns the open's message for the caller to check its words. */
char *mpos_test_assert_refused (const MposTransportAddress *address, guint timeout_ms,
                                MposDeviceError code);

/* Spins the default main context until *flag is set or timeout_ms passes. */
gboolean mpos_test_wait_for (const gboolean *flag, guint timeout_ms);

G_END_DECLS
