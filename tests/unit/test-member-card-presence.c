/* test-member-card-presence.c — a member card as the member's proof
 * (src/member-card-presence.c): only a token sealed for a chip read
 * proves the card, once; a typed number, an altered, expired or used
 * token, another member's, another store's, or a lost card's is refused. */
#include <glib.h>
#include <string.h>

#include "core.h"
#include "member-card-presence.h"
#include "member-card.h"
#include "member.h"
#include "stored-value.h"
#include "test-race.h"
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

static char *
seal (MposStore *store, const char *card, int64_t at)
{
  g_autoptr (GError) error = NULL;
  char *token = mpos_member_card_presence_seal (store, card, at, &error);

  g_assert_no_error (error);
  return token;
}

static void
test_presence_proves_the_member_for_a_while (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autoptr (GError) error = NULL;
  int64_t lina = member_id (ts->store, LINA), wang = member_id (ts->store, WANG);
  g_autofree char *token = seal (ts->store, LINA, NOW);
  g_autofree char *late = seal (ts->store, LINA, NOW - 1);

  g_assert_true (g_str_has_prefix (token, "CP2."));
  g_assert_null (strstr (token, LINA));
  /* refusals first: a refused check does not use the token up */
  assert_refused (ts->store, token, lina, NOW + MPOS_CARD_PRESENCE_SECONDS + 1);
  assert_refused (ts->store, token, lina, NOW - 31);
  assert_refused (ts->store, token, wang, NOW);
  g_assert_true (mpos_member_card_presence_check (ts->store, token, lina, NOW, &error));
  g_assert_true (mpos_member_card_presence_check (
      ts->store, late, lina, NOW - 1 + MPOS_CARD_PRESENCE_SECONDS, &error));
  g_assert_no_error (error);
}

/* A captured token pays once: the second check, however soon, is refused,
 * saying the read was used; a new read of the same card works. */
static void
test_presence_used_once (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autoptr (GError) error = NULL;
  int64_t lina = member_id (ts->store, LINA);
  g_autofree char *token = seal (ts->store, LINA, NOW);
  g_autofree char *again = seal (ts->store, LINA, NOW + 1);

  g_assert_true (mpos_member_card_presence_check (ts->store, token, lina, NOW, &error));
  g_assert_no_error (error);
  g_assert_false (mpos_member_card_presence_check (ts->store, token, lina, NOW + 1, &error));
  g_assert_error (error, MPOS_STORED_VALUE_ERROR, MPOS_STORED_VALUE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "used already"));
  g_clear_error (&error);
  test_store_reopen (ts); /* kept in the store, not in the process */
  assert_refused (ts->store, token, lina, NOW + 2);
  g_assert_true (mpos_member_card_presence_check (ts->store, again, lina, NOW + 2, &error));
  g_assert_no_error (error);
  /* the rows of expired tokens are pruned by the next use */
  g_assert_cmpint (test_count_rows (ts->store, "card_presence_used"), ==, 2);
  g_clear_pointer (&again, g_free);
  again = seal (ts->store, LINA, NOW + 1000);
  g_assert_true (mpos_member_card_presence_check (ts->store, again, lina, NOW + 1000, &error));
  g_assert_cmpint (test_count_rows (ts->store, "card_presence_used"), ==, 1);
}

typedef struct
{
  const char *token;
  int64_t member_id;
} PresenceCheck;

/* One process checks the token: 0 accepted, 1 "used already", 2 another refusal. */
static int
check_presence (MposStore *store, gpointer data)
{
  const PresenceCheck *check = data;
  g_autoptr (GError) error = NULL;

  if (mpos_member_card_presence_check (store, check->token, check->member_id, NOW, &error))
    return 0;
  return strstr (error->message, "used already") != NULL ? 1 : 2;
}

/* Ten processes check the same token at once: exactly one accepts it. */
static void
test_presence_once_across_processes (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autofree char *token = seal (ts->store, LINA, NOW);
  PresenceCheck check = { token, member_id (ts->store, LINA) };
  guint counts[8];

  test_store_reopen (ts);
  test_race (ts->path, 10, check_presence, &check, counts);
  g_assert_cmpuint (counts[0], ==, 1);
  g_assert_cmpuint (counts[1], ==, 10 - 1);
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
  const char *bad[] = { LINA, "", "CP2.", "CP2.1.2", "CP2.1.2.3", "CP2.1.2.3.4.5", "card:" LINA,
                        NULL };

  g_assert_no_error (error);
  for (guint i = 0; bad[i]; i++)
    assert_refused (ts->store, bad[i], lina, NOW);
  assert_refused (ts->store, NULL, lina, NOW);
  altered[strlen (altered) - 1] = altered[strlen (altered) - 1] == '0' ? '1' : '0';
  assert_refused (ts->store, altered, lina, NOW);
  /* the time is under the MAC: a token moved forward does not verify */
  later = g_strdup_printf ("CP2.%" G_GINT64_FORMAT ".%d%s", lina, NOW + 100,
                           strchr (strchr (token + 4, '.') + 1, '.'));
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
  g_test_add_func ("/member-card-presence/used-once", test_presence_used_once);
  g_test_add_func ("/member-card-presence/once-across-processes",
                   test_presence_once_across_processes);
  g_test_add_func ("/member-card-presence/typed-or-altered-is-refused",
                   test_presence_typed_or_altered_is_refused);
  g_test_add_func ("/member-card-presence/lost-card-seals-nothing",
                   test_presence_lost_card_seals_nothing);
  return g_test_run ();
}
