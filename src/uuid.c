/* uuid.c — UUIDv7: 48 bits of unix milliseconds, version, 74 random bits
 * from the kernel (getrandom), variant. */
#include "uuid.h"

#include <stdint.h>
#include <stdio.h>
#include <sys/random.h>

static void
random_bytes (guint8 *bytes, gsize n)
{
  gsize done = 0;

  while (done < n)
    {
      ssize_t got = getrandom (bytes + done, n - done, 0);
      if (got <= 0)
        {
          /* getrandom only fails if interrupted; fall back to GLib's generator. */
          for (; done < n; done++)
            bytes[done] = (guint8) g_random_int_range (0, 256);
          return;
        }
      done += (gsize) got;
    }
}

char *
mpos_uuid_v7 (char buf[MPOS_UUID_STRLEN + 1])
{
  guint8 b[16];
  uint64_t ms = (uint64_t) (g_get_real_time () / 1000);

  random_bytes (b + 6, 10);
  for (int i = 0; i < 6; i++)
    b[i] = (guint8) (ms >> (40 - 8 * i));
  b[6] = (guint8) (0x70 | (b[6] & 0x0f));
  b[8] = (guint8) (0x80 | (b[8] & 0x3f));
  snprintf (buf, MPOS_UUID_STRLEN + 1,
            "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
            b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14],
            b[15]);
  return buf;
}
