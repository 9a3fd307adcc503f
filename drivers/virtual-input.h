/* virtual-input.h — the input of the virtual scanner and the virtual card
 * reader: lines from standard input, from every client of a Unix socket
 * ("unix:PATH", listened on while the device is enabled), or from an fd it
 * was given. The end of stdin or of the fd takes the device offline
 * (mpos_device_lost); socket clients come and go. A class gets enable and
 * disable from mpos_virtual_input_class_init; each instance attaches its
 * input in its init and says what a line becomes. */
#pragma once

#include "device-config.h"

G_BEGIN_DECLS

typedef struct
{
  void (*line) (MposDevice *device, const char *line, gsize length);
  void (*overflow) (MposDevice *device, gsize max_length);
  /* The bytes that end a line, asked at each enable; NULL: "\r\n". */
  const char *(*terminators) (MposDevice *device);
  gsize max_length;
} MposVirtualInputFuncs;

/* Fills enable and disable. */
void mpos_virtual_input_class_init (MposDeviceClass *klass);
/* Attaches the input to device (freed with it); funcs must outlive it. */
void mpos_virtual_input_attach (MposDevice *device, const MposVirtualInputFuncs *funcs);

/* A virtual device of `type` (whose init attached the input) reading
 * source: "stdin" (or NULL) or "unix:PATH"; anything else fails to enable.
 * Described as "virtual <source>". */
MposDevice *mpos_virtual_input_new (GType type, MposDeviceCategory category, const char *name,
                                    const char *source);
/* The same reading fd, which it takes over: "virtual fd 7". */
MposDevice *mpos_virtual_input_new_for_fd (GType type, MposDeviceCategory category,
                                           const char *name, int fd);

/* The source a devices.ini entry asks for: "unix:<port>", or "stdin". */
char *mpos_virtual_input_source_for_entry (const MposDeviceEntry *entry);

G_END_DECLS
