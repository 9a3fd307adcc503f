/* fuzz-sync-members.c — libFuzzer target for the members page parser
 * (sync/client/sync-response.c): never a crash; an accepted page has a
 * uid and a name for every member, card numbers of 6–32 digits, a
 * successor with every replaced card, points within the wire's range, and
 * a cursor no item passes. */
#include <glib.h>
#include <stdint.h>
#include <string.h>

#include "fuzz-util.h"
#include "sync-response.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_auto (MposSyncMemberPage) page = { 0 };
  g_autoptr (GError) error = NULL;

  if (!mpos_sync_parse_members ((const char *) data, size, &page, &error))
    {
      fuzz_assert_refusal (error, 0, 0);
      g_assert_null (page.items);
      return 0;
    }
  g_assert_cmpint (page.cursor, >=, 0);
  for (guint i = 0; i < page.items->len; i++)
    {
      const MposSyncMember *m = &g_array_index (page.items, MposSyncMember, i);
      g_assert_cmpuint (strlen (m->uid), ==, 36);
      g_assert_true (m->name[0] != '\0');
      g_assert_cmpint (m->points, <=, MPOS_SYNC_MAX_POINTS);
      g_assert_cmpint (m->points, >=, -MPOS_SYNC_MAX_POINTS);
      for (guint j = 0; j < m->n_cards; j++)
        {
          g_assert_cmpuint (strlen (m->cards[j].card_no), >=, 6);
          g_assert_true ((strcmp (m->cards[j].status, "replaced") == 0)
                         == (m->cards[j].replaced_by != NULL));
        }
    }
  return 0;
}
