/* input-node.h — the device node an input device reads (/dev/input/eventN,
 * /dev/hidrawN): configured by path, or looked up by USB id under sysfs each
 * time it is opened, so a replugged device is found again under its new
 * name; or an fd given for a recorded stream, which has no node to look up.
 * Shared by the keyboard-wedge and HID POS backends; errors name the device
 * and say what to do. */
#pragma once

#include "device.h"

G_BEGIN_DECLS

/* The node of a USB device under sysfs_root ("/sys"), or NULL with
 * MPOS_DEVICE_ERROR_NO_HARDWARE. */
typedef char *(*MposInputNodeFind) (const char *sysfs_root, guint16 vendor_id, guint16 product_id,
                                    GError **error);

typedef struct
{
  const char *kind;       /* "evdev", "hidraw": the first word of the description */
  MposInputNodeFind find; /* used when path is NULL */
  char *path;
  guint16 vendor_id;
  guint16 product_id;
  gboolean given_fd; /* a recorded stream: no node, nothing to find again */
  int fd;            /* -1 while closed */
} MposInputNode;

/* Sets node up for device and describes the device: "evdev /dev/input/event3"
 * by path, "evdev usb 0c2e:0b61" by id. */
void mpos_input_node_init (MposInputNode *node, MposDevice *device, const char *kind,
                           MposInputNodeFind find, const char *path, guint16 vendor_id,
                           guint16 product_id);
/* Reads fd instead (taken over, made non-blocking): "evdev stream fd 7". */
void mpos_input_node_init_for_fd (MposInputNode *node, MposDevice *device, const char *kind,
                                  int fd);
void mpos_input_node_clear (MposInputNode *node);

/* Opens the node read-only and non-blocking, describing the device by the
 * node it found. A given fd is open until its input has ended (OFFLINE). */
gboolean mpos_input_node_open (MposInputNode *node, MposDevice *device, GError **error);
/* Closes the node; a given fd is kept until mpos_input_node_clear. */
void mpos_input_node_close (MposInputNode *node);
/* After an unplug: closes and opens the node again; FALSE for a given fd. */
gboolean mpos_input_node_reopen (MposInputNode *node, MposDevice *device, GError **error);

/* The first device named prefix* under sysfs_root/class/class_name (in name
 * order) that match accepts for the USB id, as dev_dir/name; NULL when none
 * does. */
char *mpos_input_node_find_in_class (const char *sysfs_root, const char *class_name,
                                     const char *prefix, const char *dev_dir,
                                     gboolean (*match) (const char *dir, guint16 vendor_id,
                                                        guint16 product_id),
                                     guint16 vendor_id, guint16 product_id);

G_END_DECLS
