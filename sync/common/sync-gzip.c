/* sync-gzip.c — zlib's gzip framing for sync bodies (see sync-gzip.h). */
#include "sync-gzip.h"

#include <zlib.h>

#define GZIP_WINDOW (15 + 16) /* 15-bit window, gzip header and trailer */
/* Level 1: a push batch of sales' JSON shrinks about 8× at level 1 and 10×
 * at the default 6, which costs 3× the time; on a store's link the 20 %
 * more bytes cost less than the terminal's CPU. */
#define GZIP_LEVEL Z_BEST_SPEED

GBytes *
mpos_sync_gzip (const void *data, gsize length)
{
  z_stream z = { 0 };
  GByteArray *out = g_byte_array_sized_new ((guint) (length / 2 + 64));
  guint8 chunk[16384];
  int rc;

  if (deflateInit2 (&z, GZIP_LEVEL, Z_DEFLATED, GZIP_WINDOW, 8, Z_DEFAULT_STRATEGY)
      != Z_OK)
    g_error ("zlib: deflateInit2 failed (out of memory)");
  z.next_in = (Bytef *) data;
  z.avail_in = (uInt) length;
  do
    {
      z.next_out = chunk;
      z.avail_out = sizeof chunk;
      rc = deflate (&z, Z_FINISH);
      g_byte_array_append (out, chunk, sizeof chunk - z.avail_out);
    }
  while (rc == Z_OK || rc == Z_BUF_ERROR);
  deflateEnd (&z);
  return g_byte_array_free_to_bytes (out);
}

GBytes *
mpos_sync_gunzip (const void *data, gsize length, gsize max_length, const char **error_message)
{
  z_stream z = { 0 };
  g_autoptr (GByteArray) out = g_byte_array_new ();
  guint8 chunk[16384];
  int rc = Z_OK;

  if (inflateInit2 (&z, GZIP_WINDOW) != Z_OK)
    g_error ("zlib: inflateInit2 failed (out of memory)");
  z.next_in = (Bytef *) data;
  z.avail_in = (uInt) length;
  while (rc == Z_OK)
    {
      z.next_out = chunk;
      z.avail_out = sizeof chunk;
      rc = inflate (&z, Z_NO_FLUSH);
      g_byte_array_append (out, chunk, sizeof chunk - z.avail_out);
      if (out->len > max_length)
        {
          inflateEnd (&z);
          *error_message = "the body inflates past the size limit";
          return NULL;
        }
      if (rc == Z_BUF_ERROR && z.avail_in == 0)
        break;
    }
  inflateEnd (&z);
  if (rc != Z_STREAM_END || z.avail_in != 0)
    {
      *error_message = "the body is not one whole gzip stream";
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}
