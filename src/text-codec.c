/* text-codec.c — a printer code page, character by character: what is sent
 * and how many columns it takes (1 for a single byte, 2 for a multi-byte
 * code, which Chinese printers draw full width). Answers are cached per
 * character: a receipt asks for the same few hundred characters again and
 * again, and iconv is opened once per codec. */
#include "text-codec.h"

#include <string.h>

#define YEN 0x00A5
#define FULLWIDTH_YEN 0xFFE5

struct _MposTextCodec
{
  GIConv conv;
  gboolean four_byte;
  GHashTable *cache; /* gunichar → packed length and bytes (guint64) */
};

MposTextCodec *
mpos_text_codec_new (const char *encoding, gboolean four_byte, GError **error)
{
  GIConv conv;
  MposTextCodec *codec;

  g_return_val_if_fail (encoding != NULL, NULL);

  conv = g_iconv_open (encoding, "UTF-8");
  if (conv == (GIConv)-1)
    {
      g_set_error (error, G_CONVERT_ERROR, G_CONVERT_ERROR_NO_CONVERSION,
                   "this system cannot convert text to the printer encoding “%s”", encoding);
      return NULL;
    }
  codec = g_new0 (MposTextCodec, 1);
  codec->conv = conv;
  codec->four_byte = four_byte;
  codec->cache = g_hash_table_new (NULL, NULL);
  return codec;
}

void
mpos_text_codec_free (MposTextCodec *codec)
{
  if (codec == NULL)
    return;
  g_iconv_close (codec->conv);
  g_hash_table_unref (codec->cache);
  g_free (codec);
}

/* c in the code page, or 0 bytes when it has no code for c. */
static guint
convert (MposTextCodec *codec, gunichar c, guint8 out[MPOS_TEXT_CODEC_MAX_BYTES])
{
  char in[8], buf[16];
  gchar *inbuf = in, *outbuf = buf;
  gsize inleft = (gsize)g_unichar_to_utf8 (c, in), outleft = sizeof buf;
  gsize n;

  g_iconv (codec->conv, NULL, NULL, NULL, NULL);
  if (g_iconv (codec->conv, &inbuf, &inleft, &outbuf, &outleft) == (gsize)-1 || inleft != 0)
    return 0;
  n = sizeof buf - outleft;
  if (n == 0 || n > MPOS_TEXT_CODEC_MAX_BYTES || (n == 4 && !codec->four_byte))
    return 0;
  memcpy (out, buf, n);
  return (guint)n;
}

static guint
encode_uncached (MposTextCodec *codec, gunichar c, guint8 out[MPOS_TEXT_CODEC_MAX_BYTES])
{
  guint n;

  if (g_unichar_iscntrl (c))
    c = ' ';
  else if (g_unichar_iszerowidth (c))
    return 0;
  if ((n = convert (codec, c, out)) > 0)
    return n;
  /* ¥ has no GBK code (and four bytes in GB18030): its full-width twin has two. */
  if (c == YEN && (n = convert (codec, FULLWIDTH_YEN, out)) > 0)
    return n;
  out[0] = '?';
  return 1;
}

guint
mpos_text_codec_encode (MposTextCodec *codec, gunichar c, guint8 out[MPOS_TEXT_CODEC_MAX_BYTES])
{
  gpointer hit;
  guint64 packed = 0;
  guint n;

  if (c >= 0x20 && c < 0x7f)
    {
      out[0] = (guint8)c;
      return 1;
    }
  if (g_hash_table_lookup_extended (codec->cache, GUINT_TO_POINTER (c), NULL, &hit))
    {
      packed = (guint64)GPOINTER_TO_SIZE (hit);
      n = (guint)(packed & 0xff);
      for (guint i = 0; i < n; i++)
        out[i] = (guint8)(packed >> (8 * (i + 1)));
      return n;
    }
  n = encode_uncached (codec, c, out);
  /* 1 + 4 bytes fit a pointer on the 64-bit targets; elsewhere skip the cache. */
  if (sizeof (gpointer) >= 5)
    {
      packed = n;
      for (guint i = 0; i < n; i++)
        packed |= (guint64)out[i] << (8 * (i + 1));
      g_hash_table_insert (codec->cache, GUINT_TO_POINTER (c), GSIZE_TO_POINTER ((gsize)packed));
    }
  return n;
}

guint
mpos_text_codec_char_width (MposTextCodec *codec, gunichar c)
{
  guint8 bytes[MPOS_TEXT_CODEC_MAX_BYTES];

  return MIN (mpos_text_codec_encode (codec, c, bytes), 2u);
}
