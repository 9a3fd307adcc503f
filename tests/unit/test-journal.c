/* test-journal.c — the sync outbox (src/journal.c) refuses an entry that
 * names a field meant for a secret or a full personal number, whoever
 * writes it; masked fields go through. */
#include "journal.h"
#include "journal-read.h"
#include "json-fields.h"
#include "store-private.h"
#include "test-util.h"

#include <string.h>

static gboolean
append (MposStore *store, const char *json_text, GError **error)
{
  g_autoptr (cJSON) payload = cJSON_Parse (json_text);
  gboolean ok;

  g_assert_nonnull (payload);
  g_assert_true (mpos_store_begin (store, NULL));
  ok = mpos_journal_append (store, "test", "ref-1", payload, test_pinned_now (), NULL, error);
  if (ok)
    g_assert_true (mpos_store_commit (store, NULL));
  else
    mpos_store_rollback (store);
  return ok;
}

static void
test_journal_refuses_secrets_and_full_numbers (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  const char *refused[] = { "{\"member_id\":1,\"hash\":\"$argon2id$v=19$...\"}",
                            "{\"cards\":[{\"serial\":\"GC1\",\"pin_hash\":\"x\"}]}",
                            "{\"uid\":\"u\",\"qr_secret\":\"AAAA\"}",
                            "{\"uid\":\"u\",\"phone\":\"13812345678\"}",
                            "{\"change\":{\"card_no\":\"8800000000017\"}}" };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr (GError) error = NULL;
      g_assert_false (append (ts->store, refused[i], &error));
      g_assert_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_FAILED);
      g_assert_nonnull (strstr (error->message, "it would leave the terminal"));
    }
  g_assert_cmpint (mpos_journal_last_seq (ts->store), ==, 0);
}

static void
test_journal_takes_masked_fields (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (GError) error = NULL;

  g_assert_true (append (ts->store,
                         "{\"uid\":\"u\",\"phone_masked\":\"138****5678\","
                         "\"cards\":[{\"card_no_masked\":\"8800*****0017\"}]}",
                         &error));
  g_assert_no_error (error);
  g_assert_cmpint (mpos_journal_last_seq (ts->store), ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  test_pin_now (TEST_NOW_ISO);
  g_test_add_func ("/journal/refuses-secrets-and-full-numbers",
                   test_journal_refuses_secrets_and_full_numbers);
  g_test_add_func ("/journal/takes-masked-fields", test_journal_takes_masked_fields);
  return g_test_run ();
}
