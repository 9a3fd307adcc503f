/* msr.h — magnetic stripe tracks as keyboard-style readers send them:
 * "%B6222…^NAME^2512…?" (track 1), ";6222…=2512…?" (track 2), a third
 * track, and "E" / "%E?" / ";E?" for a track the head could not read. No LRC
 * is sent. Gives the card number (PAN of a bank card, or a member card
 * number); callers show it only masked (mpos_mask_card, src/mask.h). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MPOS_MSR_ERROR (mpos_msr_error_quark ())
GQuark mpos_msr_error_quark (void);

typedef enum
{
  MPOS_MSR_ERROR_UNREADABLE, /* every track was unreadable: swipe again */
  MPOS_MSR_ERROR_NO_NUMBER,  /* tracks read, but none holds a card number */
  MPOS_MSR_ERROR_MALFORMED,  /* not track data at all (garbage, cut off) */
} MposMsrError;

typedef struct
{
  char *number; /* digits, from track 2, else track 1 */
  char *track1; /* data between the sentinels, NULL when absent or unreadable */
  char *track2;
  char *track3;
  guint unreadable; /* how many tracks came as "E" */
} MposMsrCard;

/* Parses one swipe (trailing CR/LF allowed). Errors are MPOS_MSR_ERROR and
 * never contain the card number. */
MposMsrCard *mpos_msr_parse (const char *text, gsize length, GError **error);
void mpos_msr_card_free (MposMsrCard *card);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MposMsrCard, mpos_msr_card_free)

/* Whether a line looks like a swipe rather than a typed card number: it
 * starts with a start sentinel (% ; +) or is the unreadable mark "E". */
gboolean mpos_msr_is_swipe (const char *text, gsize length);

G_END_DECLS
