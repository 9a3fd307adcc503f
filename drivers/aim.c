/* aim.c — the table of AIM code characters and their modifiers. The modifier
 * matters where it changes what the data is (EAN with add-on, GS1 modes);
 * elsewhere it only reports options such as a transmitted check digit. */
#include "aim.h"

typedef struct
{
  char code;
  char modifier; /* 0: any modifier */
  const char *symbology;
  gboolean gs1;
} AimEntry;

/* Exact (code, modifier) entries first, then the code's fallback with
 * modifier 0. */
static const AimEntry aim_table[] = {
  { 'E', '0', "EAN-13", FALSE },
  { 'E', '1', "EAN add-on 2", FALSE },
  { 'E', '2', "EAN add-on 5", FALSE },
  { 'E', '3', "EAN-13+add-on", FALSE },
  { 'E', '4', "EAN-8", FALSE },
  { 'E', 0, "EAN/UPC", FALSE },
  { 'C', '1', "GS1-128", TRUE },
  { 'C', 0, "Code 128", FALSE },
  { 'Q', '3', "GS1 QR", TRUE },
  { 'Q', '4', "GS1 QR", TRUE },
  { 'Q', 0, "QR", FALSE },
  { 'd', '2', "GS1 DataMatrix", TRUE },
  { 'd', '5', "GS1 DataMatrix", TRUE },
  { 'd', 0, "DataMatrix", FALSE },
  { 'e', 0, "GS1 DataBar", TRUE },
  { 'h', 0, "Han Xin", FALSE },
  { 'A', 0, "Code 39", FALSE },
  { 'B', 0, "Telepen", FALSE },
  { 'D', 0, "Code One", FALSE },
  { 'F', 0, "Codabar", FALSE },
  { 'G', 0, "Code 93", FALSE },
  { 'H', 0, "Code 11", FALSE },
  { 'I', 0, "ITF", FALSE },
  { 'K', 0, "Code 16K", FALSE },
  { 'L', 0, "PDF417", FALSE },
  { 'M', 0, "MSI", FALSE },
  { 'N', 0, "Anker", FALSE },
  { 'O', 0, "Codablock", FALSE },
  { 'P', 0, "Plessey", FALSE },
  { 'R', 0, "Straight 2 of 5", FALSE },
  { 'S', 0, "Industrial 2 of 5", FALSE },
  { 'T', 0, "Code 49", FALSE },
  { 'U', 0, "MaxiCode", FALSE },
  { 'X', 0, "other", FALSE },
  { 'c', 0, "Channel Code", FALSE },
  { 'g', 0, "Grid Matrix", FALSE },
  { 'o', 0, "OCR", FALSE },
  { 'p', 0, "PosiCode", FALSE },
  { 's', 0, "SITA", FALSE },
  { 'z', 0, "Aztec", FALSE },
};

static gboolean
is_modifier (char c)
{
  return g_ascii_isdigit (c) || (c >= 'A' && c <= 'Z');
}

static const AimEntry *
find_entry (char code, char modifier)
{
  const AimEntry *fallback = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (aim_table); i++)
    {
      const AimEntry *entry = &aim_table[i];
      if (entry->code != code)
        continue;
      if (entry->modifier == modifier)
        return entry;
      if (entry->modifier == 0 && fallback == NULL)
        fallback = entry;
    }
  return fallback;
}

const char *
mpos_aim_symbology (char code, char modifier)
{
  const AimEntry *entry;

  if (!is_modifier (modifier))
    return NULL;
  entry = find_entry (code, modifier);
  return entry ? entry->symbology : NULL;
}

gboolean
mpos_aim_parse (const char *text, gsize length, MposAimId *id)
{
  const AimEntry *entry;

  if (text == NULL || length < MPOS_AIM_LENGTH || text[0] != ']' || !is_modifier (text[2]))
    return FALSE;
  entry = find_entry (text[1], text[2]);
  if (entry == NULL)
    return FALSE;
  id->code = text[1];
  id->modifier = text[2];
  id->symbology = entry->symbology;
  id->gs1 = entry->gs1;
  return TRUE;
}
