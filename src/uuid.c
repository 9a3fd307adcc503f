/* uuid.c — UUIDv7: 48 bits of unix milliseconds, version, 74 random bits
 * from the kernel (getrandom), variant. */
#include "uuid.h"

#include <string.h>

#include <stdint.h>
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

/* 8-4-4-4-12 lowercase hex (two of these per sale: snprintf was 5% of its instructions). */
static void
format_uuid (const guint8 b[16], char *out)
{
  static const char hex[] = "0123456789abcdef";

  for (int i = 0; i < 16; i++)
    {
      if (i == 4 || i == 6 || i == 8 || i == 10)
        *out++ = '-';
      *out++ = hex[b[i] >> 4];
      *out++ = hex[b[i] & 0x0f];
    }
  *out = '\0';
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
  format_uuid (b, buf);
  return buf;
}

gboolean
mpos_uuid_valid (const char *text)
{
  if (text == NULL || strlen (text) != MPOS_UUID_STRLEN)
    return FALSE;
  for (gsize i = 0; i < MPOS_UUID_STRLEN; i++)
    if ((i == 8 || i == 13 || i == 18 || i == 23) ? text[i] != '-' : !g_ascii_isxdigit (text[i]))
      return FALSE;
  return TRUE;
}
