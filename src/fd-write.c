/* fd-write.c — see fd-write.h. */
#include "fd-write.h"

#include <errno.h>
#include <unistd.h>

gboolean
mpos_fd_write_all (int fd, const guint8 *data, gsize length)
{
  while (length > 0)
    {
      ssize_t n = write (fd, data, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      length -= (gsize)n;
    }
  return TRUE;
}
