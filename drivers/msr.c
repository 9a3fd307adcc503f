/* msr.c — the magnetic stripe track parser. Each track is a start sentinel,
 * data in the track's character set and the end sentinel '?'; the reader
 * sends the tracks one after the other, maybe with CR/LF between them. */
#include "msr.h"

#include <string.h>

/* clang-format off */
G_DEFINE_QUARK (mpos-msr-error-quark, mpos_msr_error)
/* clang-format on */

/* ISO/IEC 7811 maximum data lengths. */
#define TRACK1_MAX 79
#define TRACK2_MAX 40
#define TRACK3_MAX 107
#define PAN_MIN 6
#define PAN_MAX 19

typedef struct
{
  const char *p;
  const char *end;
  MposMsrCard *card;
  guint tracks_seen;
  guint semicolons; /* the first ';' track is track 2, a later one track 3 */
} Parser;

void
mpos_msr_card_free (MposMsrCard *card)
{
  if (card == NULL)
    return;
  g_free (card->number);
  g_free (card->track1);
  g_free (card->track2);
  g_free (card->track3);
  g_free (card);
}

gboolean
mpos_msr_is_swipe (const char *text, gsize length)
{
  if (length == 0)
    return FALSE;
  if (text[0] == '%' || text[0] == ';' || text[0] == '+')
    return TRUE;
  return text[0] == 'E' && (length == 1 || text[1] == '?' || text[1] == '\r' || text[1] == '\n');
}

/* Track 1 is 6-bit ALPHA (0x20…0x5F), tracks 2 and 3 4-bit BCD (0x30…0x3F);
 * the sentinels themselves never appear inside. */
static gboolean
track_char_ok (char sentinel, char c)
{
  if (c == '?' || c == '%' || c == ';')
    return FALSE;
  if (sentinel == '%')
    return c >= 0x20 && c <= 0x5F;
  return c >= 0x30 && c <= 0x3F;
}

static gboolean
fail (GError **error, MposMsrError code, const char *message)
{
  g_set_error_literal (error, MPOS_MSR_ERROR, code, message);
  return FALSE;
}

static char **
track_slot (Parser *parser, char sentinel, gsize *max)
{
  if (sentinel == '%')
    {
      *max = TRACK1_MAX;
      return &parser->card->track1;
    }
  if (sentinel == ';' && parser->semicolons++ == 0)
    {
      *max = TRACK2_MAX;
      return &parser->card->track2;
    }
  *max = TRACK3_MAX;
  return &parser->card->track3;
}

/* Reads one track from its start sentinel to '?'. */
static gboolean
read_track (Parser *parser, GError **error)
{
  char sentinel = *parser->p++;
  const char *start = parser->p;
  gsize max = 0;
  char **slot = track_slot (parser, sentinel, &max);

  if (parser->end - parser->p >= 2 && parser->p[0] == 'E' && parser->p[1] == '?')
    {
      /* "%E?" / ";E?": the reader could not read this track */
      parser->p += 2;
      parser->tracks_seen++;
      parser->card->unreadable++;
      return TRUE;
    }
  while (parser->p < parser->end && *parser->p != '?')
    {
      if (!track_char_ok (sentinel, *parser->p))
        return fail (error, MPOS_MSR_ERROR_MALFORMED, "a track holds characters no stripe can");
      parser->p++;
    }
  if (parser->p == parser->end)
    return fail (error, MPOS_MSR_ERROR_MALFORMED, "a track has no end sentinel (cut off)");
  parser->tracks_seen++;
  if ((gsize)(parser->p - start) > max)
    return fail (error, MPOS_MSR_ERROR_MALFORMED, "a track is longer than a stripe holds");
  else if (*slot == NULL && parser->p > start)
    *slot = g_strndup (start, (gsize)(parser->p - start));
  parser->p++;
  return TRUE;
}

static gboolean
read_unreadable_mark (Parser *parser)
{
  parser->p++;
  if (parser->p < parser->end && *parser->p == '?')
    parser->p++;
  parser->tracks_seen++;
  parser->card->unreadable++;
  return TRUE;
}

static gboolean
read_tracks (Parser *parser, GError **error)
{
  while (parser->p < parser->end)
    {
      char c = *parser->p;
      if (c == '\r' || c == '\n')
        parser->p++;
      else if (c == '%' || c == ';' || c == '+')
        {
          if (!read_track (parser, error))
            return FALSE;
        }
      else if (c == 'E')
        read_unreadable_mark (parser);
      else
        return fail (error, MPOS_MSR_ERROR_MALFORMED, "not magnetic stripe data");
    }
  if (parser->tracks_seen == 0)
    return fail (error, MPOS_MSR_ERROR_MALFORMED, "no track in the swipe");
  return TRUE;
}

/* Digits only, of a card number's length. */
static char *
digits_or_null (const char *start, gsize length)
{
  if (length < PAN_MIN || length > PAN_MAX)
    return NULL;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isdigit (start[i]))
      return NULL;
  return g_strndup (start, length);
}

/* Track 2: PAN '=' expiry service code discretionary data; a member card may
 * carry its number alone. */
static char *
number_from_track2 (const char *track)
{
  const char *separator = strchr (track, '=');

  return digits_or_null (track, separator ? (gsize)(separator - track) : strlen (track));
}

/* Track 1: format code 'B', PAN, '^', name, '^', …; member cards often write
 * just the number, or the number before a '^'. */
static char *
number_from_track1 (const char *track)
{
  const char *start = track[0] == 'B' ? track + 1 : track;
  const char *separator = strchr (start, '^');

  return digits_or_null (start, separator ? (gsize)(separator - start) : strlen (start));
}

static gboolean
find_number (MposMsrCard *card, GError **error)
{
  if (card->track2)
    card->number = number_from_track2 (card->track2);
  if (card->number == NULL && card->track1)
    card->number = number_from_track1 (card->track1);
  if (card->number)
    return TRUE;
  if (card->track1 == NULL && card->track2 == NULL && card->track3 == NULL)
    return fail (error, MPOS_MSR_ERROR_UNREADABLE,
                 "the card could not be read: swipe it again, in one steady move");
  return fail (error, MPOS_MSR_ERROR_NO_NUMBER,
               "the card's stripe holds no card number: is it a member or bank card?");
}

MposMsrCard *
mpos_msr_parse (const char *text, gsize length, GError **error)
{
  g_autoptr (MposMsrCard) card = NULL;
  Parser parser = { 0 };

  if (text == NULL || length == 0)
    {
      fail (error, MPOS_MSR_ERROR_MALFORMED, "empty swipe");
      return NULL;
    }
  card = g_new0 (MposMsrCard, 1);
  parser = (Parser){ text, text + length, card, 0, 0 };
  if (!read_tracks (&parser, error) || !find_number (card, error))
    return NULL;
  return g_steal_pointer (&card);
}
