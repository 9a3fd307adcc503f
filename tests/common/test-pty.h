/* test-pty.h — a serial line whose far end the test holds (a pty pair), for
 * the serial scanner, the serial transport and the hot-plug watcher: the
 * code under test opens the line by its path, as it would /dev/ttyACM0,
 * and the test plays the device on the master side. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Opens a pty pair and returns the path of its slave (the "serial port"),
 * putting the master in *master. The slave is closed: closing the master
 * then hangs the line up, as unplugging a device does. */
char *test_pty_open (int *master);

G_END_DECLS
