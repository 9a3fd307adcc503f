/* test-member-card-presence.c — a member card as the member's proof
 * (src/member-card-presence.c): only a token sealed for a chip read
 * proves the card; a typed number, an altered or expired token, another
 * member's, another store's, or a lost card's is refused. */
#include <glib.h>
#include <string.h>

#include "member-card-presence.h"
#include "member-card.h"
#include "member.h"
#include "stored-value.h"
#include "test-util.h"

#define LINA "8800000000039"
#define WANG "8800000000060"
#define NOW 1795000000

static int64_t
member_id (MposStore *store, const char *card)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposMember) m = mpos_member_lookup_card (store, card, &error);

  g_assert_no_error (error);
  return m->id;
}

static void
assert_refused (MposStore *store, const char *token, int64_t member, int64_t now)
{
  g_autoptr (GError) error = NULL;

  g_assert_false (mpos_member_card_presence_check (store, token, member, now, &error));
  g_assert_error (error, MPOS_STORED_VALUE_ERROR, MPOS_STORED_VALUE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "card reader"));
}

static void
test_presence_proves_the_member_for_a_while (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autoptr (GError) error = NULL;
  int64_t lina = member_id (ts->store, LINA), wang = member_id (ts->store, WANG);
  g_autofree char *token = mpos_member_card_presence_seal (ts->store, LINA, NOW, &error);

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (token, "CP1."));
  g_assert_null (strstr (token, LINA));
  g_assert_true (mpos_member_card_presence_check (ts->store, token, lina, NOW, &error));
  g_assert_true (mpos_member_card_presence_check (
      ts->store, token, lina, NOW + MPOS_CARD_PRESENCE_SECONDS, &error));
  g_assert_no_error (error);
  assert_refused (ts->store, token, lina, NOW + MPOS_CARD_PRESENCE_SECONDS + 1);
  assert_refused (ts->store, token, lina, NOW - 31);
  assert_refused (ts->store, token, wang, NOW);
}

static void
test_presence_typed_or_altered_is_refused (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autoptr (TestStore) other = test_store_new_demo ();
  g_autoptr (GError) error = NULL;
  int64_t lina = member_id (ts->store, LINA);
  g_autofree char *token = mpos_member_card_presence_seal (ts->store, LINA, NOW, &error);
  g_autofree char *foreign = mpos_member_card_presence_seal (other->store, LINA, NOW, &error);
  g_autofree char *altered = g_strdup (token);
  g_autofree char *later = NULL;
  const char *bad[] = { LINA, "", "CP1.", "CP1.1.2", "CP1.1.2.3.4", "card:" LINA, NULL };

  g_assert_no_error (error);
  for (guint i = 0; bad[i]; i++)
    assert_refused (ts->store, bad[i], lina, NOW);
  assert_refused (ts->store, NULL, lina, NOW);
  altered[strlen (altered) - 1] = altered[strlen (altered) - 1] == '0' ? '1' : '0';
  assert_refused (ts->store, altered, lina, NOW);
  /* the time is under the MAC: a token moved forward does not verify */
  later = g_strdup_printf ("CP1.%" G_GINT64_FORMAT ".%d%s", lina, NOW + 100,
                           strrchr (token, '.'));
  assert_refused (ts->store, later, lina, NOW + 100);
  if (member_id (other->store, LINA) == lina)
    assert_refused (ts->store, foreign, lina, NOW);
}

static void
test_presence_lost_card_seals_nothing (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autoptr (GError) error = NULL;
  g_autofree char *token = NULL;

  g_assert_true (mpos_member_card_report_lost (ts->store, LINA, "1001", NOW, &error));
  g_assert_no_error (error);
  token = mpos_member_card_presence_seal (ts->store, LINA, NOW, &error);
  g_assert_null (token);
  g_assert_error (error, MPOS_MEMBER_ERROR, MPOS_MEMBER_ERROR_CARD_LOST);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/member-card-presence/proves-the-member-for-a-while",
                   test_presence_proves_the_member_for_a_while);
  g_test_add_func ("/member-card-presence/typed-or-altered-is-refused",
                   test_presence_typed_or_altered_is_refused);
  g_test_add_func ("/member-card-presence/lost-card-seals-nothing",
                   test_presence_lost_card_seals_nothing);
  return g_test_run ();
}
