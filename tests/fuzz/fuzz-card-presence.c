/* fuzz-card-presence.c — libFuzzer target for the member card presence
 * token (src/member-card-presence.c), which reaches the core as the "card"
 * of a stored-value tender: anyone can type one. Nothing but the token
 * sealed for the read proves the member: every other input is refused as
 * MPOS_STORED_VALUE_ERROR_INVALID with a readable message. The store is in
 * memory (its key too: no key file is written). */
#include <glib.h>
#include <stdint.h>
#include <string.h>

#include "fuzz-store.h"
#include "member-card-presence.h"
#include "member.h"
#include "stored-value.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define NOW 1795000000
#define CARD "8800000000017"

static const char members[]
    = "{\"levels\":[{\"code\":\"gold\",\"name\":\"金卡\"}],"
      "\"members\":[{\"card\":\"" CARD "\",\"phone\":\"13800138000\",\"name\":\"张伟\","
      "\"level\":\"gold\"}]}";

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static MposStore *store;
  static char *genuine;
  g_autofree char *text = g_malloc (size + 1);
  g_autoptr (GError) error = NULL;
  g_autoptr (MposMember) member = NULL;

  if (store == NULL)
    {
      store = fuzz_store_new ();
      g_assert (mpos_member_import_json (store, members, strlen (members), NULL, NULL));
      genuine = mpos_member_card_presence_seal (store, CARD, NOW, NULL);
      g_assert_nonnull (genuine);
    }
  member = mpos_member_lookup_card (store, CARD, NULL);
  memcpy (text, data, size);
  text[size] = '\0';
  if (mpos_member_card_presence_check (store, text, member->id, NOW, &error))
    {
      g_assert_cmpstr (text, ==, genuine); /* the one token sealed, nothing else */
      return 0;
    }
  g_assert_error (error, MPOS_STORED_VALUE_ERROR, MPOS_STORED_VALUE_ERROR_INVALID);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  return 0;
}
