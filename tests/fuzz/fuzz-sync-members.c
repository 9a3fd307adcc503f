/* fuzz-sync-members.c — libFuzzer target for the members page parser
 * (sync/client/sync-response.c): never a crash; an accepted page has a
 * uid and a name for every member, card numbers of 6–32 digits, a
 * successor with every replaced card, points within the wire's range, lots
 * of 1 … 10^15 points with no expiry or a positive one, coupons with a
 * code, a template, one of the four statuses and a validity that ends
 * after it starts (sync/client/sync-member-holdings.c), and a cursor no
 * item passes. */
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
    return fuzz_refused_leaving_nothing (error, page.items);
  g_assert_cmpint (page.cursor, >=, 0);
  for (guint i = 0; i < page.items->len; i++)
    {
      const MposSyncMember *m = &g_array_index (page.items, MposSyncMember, i);
      g_assert_cmpuint (strlen (m->uid), ==, 36);
      g_assert_true (m->name[0] != '\0');
      g_assert_cmpint (m->points, <=, MPOS_SYNC_MAX_POINTS);
      g_assert_cmpint (m->points, >=, -MPOS_SYNC_MAX_POINTS);
      g_assert_true (m->has_lots || m->n_lots == 0);
      for (guint j = 0; j < m->n_lots; j++)
        {
          g_assert_cmpint (m->lots[j].points, >=, 1);
          g_assert_cmpint (m->lots[j].points, <=, MPOS_SYNC_MAX_POINTS);
          g_assert_cmpint (m->lots[j].expires_at, >=, 0);
        }
      for (guint j = 0; j < m->n_coupons; j++)
        {
          const MposSyncCoupon *c = &m->coupons[j];
          g_assert_true (c->code[0] != '\0' && c->template_code[0] != '\0');
          g_assert_true (strcmp (c->status, "issued") == 0 || strcmp (c->status, "redeemed") == 0
                         || strcmp (c->status, "expired") == 0 || strcmp (c->status, "void") == 0);
          g_assert_cmpint (c->valid_to, >, c->valid_from);
        }
      for (guint j = 0; j < m->n_cards; j++)
        {
          g_assert_cmpuint (strlen (m->cards[j].card_no), >=, 6);
          g_assert_true ((strcmp (m->cards[j].status, "replaced") == 0)
                         == (m->cards[j].replaced_by != NULL));
        }
    }
  return 0;
}
