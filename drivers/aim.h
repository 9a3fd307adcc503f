/* aim.h — AIM symbology identifiers (ISO/IEC 15424): the three characters
 * "]Cm" a scanner puts before a code when told to, naming the symbology
 * ("]E0" EAN-13, "]C1" GS1-128, "]Q1" QR, …). Parsed off the front of a scan
 * so the code reaches the sale without them, and the symbology is known. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MPOS_AIM_LENGTH 3

typedef struct
{
  char code;             /* 'E', 'C', 'Q', 'd', … */
  char modifier;         /* '0'…'9', 'A'…'Z' */
  const char *symbology; /* "EAN-13", "GS1-128", …: static, never NULL */
  gboolean gs1;          /* the data is GS1 element strings (FNC1 mode) */
} MposAimId;

/* When `text` (of `length` bytes) starts with an AIM identifier whose code
 * character is a known symbology, fills `id` and returns TRUE; the code
 * proper starts at text + MPOS_AIM_LENGTH. Otherwise FALSE: the text is a
 * code without identifier (one that merely starts with ']' stays whole). */
gboolean mpos_aim_parse (const char *text, gsize length, MposAimId *id);

/* The symbology named by a code character and modifier, or NULL if the code
 * character is not one of ISO/IEC 15424's. */
const char *mpos_aim_symbology (char code, char modifier);

G_END_DECLS
