/* fd-write.h — writing a whole buffer to a file descriptor, through short
 * writes and EINTR: the cairo stream callbacks that put a receipt's PNG or
 * a report's PDF into a file opened O_EXCL|O_NOFOLLOW share it. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* TRUE when all `length` bytes went out; FALSE on an error (errno says which). */
gboolean mpos_fd_write_all (int fd, const guint8 *data, gsize length);

G_END_DECLS
