/* member-card.c — issuing, losing and replacing member cards. A card row is
 * never deleted: a lost or replaced card keeps answering "use the new
 * card", and the journal tells every other terminal the same. A loss or a
 * replacement also gives the member a new QR secret (member-qr-secret.h):
 * the codes of the old phone or a screenshot stop verifying. */
#include "member-card.h"
#include "member-private.h"
#include "member-qr-secret.h"
#include "store-private.h"

#include <string.h>

static MposSql SQL_CARDS = MPOS_SQL (
    "member-card: cards",
    "SELECT card_no, member_id, kind, status, replaced_by, created_at FROM member_cards "
    "WHERE member_id = :member_id ORDER BY created_at, card_no");
static MposSql SQL_CARD = MPOS_SQL (
    "member-card: card",
    "SELECT card_no, member_id, kind, status, replaced_by, created_at FROM member_cards "
    "WHERE card_no = :card");
static MposSql SQL_PHONE_TAKEN
    = MPOS_SQL ("member-card: phone taken", "SELECT 1 FROM members WHERE phone = :phone");
static MposSql SQL_INSERT_CARD
    = MPOS_SQL ("member-card: insert card",
                "INSERT INTO member_cards (card_no, member_id, kind, status, created_at) "
                "VALUES (:card, :member_id, :kind, 'active', :now)");
static MposSql SQL_SET_STATUS = MPOS_SQL (
    "member-card: set status",
    "UPDATE member_cards SET status = :status, replaced_by = :replaced_by, status_at = :now "
    "WHERE card_no = :card");

#define VIRTUAL_CARD_PREFIX "89"

static const char *const status_names[] = { "active", "lost", "replaced" };

const char *
mpos_card_status_name (MposCardStatus status)
{
  return (guint) status < G_N_ELEMENTS (status_names) ? status_names[status] : "unknown";
}

void
mpos_member_card_free (MposMemberCard *card)
{
  if (card == NULL)
    return;
  g_free (card->card_no);
  g_free (card->replaced_by);
  g_free (card);
}

static gpointer
card_from_row (sqlite3_stmt *stmt)
{
  MposMemberCard *card = g_new0 (MposMemberCard, 1);
  const char *status = (const char *) sqlite3_column_text (stmt, 3);
  const unsigned char *replaced_by = sqlite3_column_text (stmt, 4);

  card->card_no = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  card->member_id = sqlite3_column_int64 (stmt, 1);
  card->physical = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 2), "physical") == 0;
  card->status = MPOS_CARD_ACTIVE;
  for (guint i = 0; i < G_N_ELEMENTS (status_names); i++)
    if (g_strcmp0 (status, status_names[i]) == 0)
      card->status = (MposCardStatus) i;
  card->replaced_by = replaced_by ? g_strdup ((const char *) replaced_by) : NULL;
  card->created_at = sqlite3_column_int64 (stmt, 5);
  return card;
}

GPtrArray *
mpos_member_cards (MposStore *store, int64_t member_id, GError **error)
{
  g_autoptr (GPtrArray) cards
      = g_ptr_array_new_with_free_func ((GDestroyNotify) mpos_member_card_free);
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_CARDS, error);

  if (stmt == NULL)
    return NULL;
  mpos_bind_int64 (stmt, ":member_id", member_id);
  if (!mpos_store_read_rows (store, stmt, card_from_row, cards, "reading member cards", error))
    return NULL;
  return g_steal_pointer (&cards);
}

/* NULL without an error: no such card. */
static MposMemberCard *
card_get (MposStore *store, const char *card_no, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_CARD, error);
  MposMemberCard *card = NULL;

  if (stmt == NULL)
    return NULL;
  mpos_bind_text (stmt, ":card", card_no);
  mpos_store_read_row (store, stmt, card_from_row, (gpointer *) &card, "looking up a member card",
                       error);
  return card;
}

static gboolean
exists (MposStore *store, MposSql *sql, const char *name, const char *value, gboolean *out,
        GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, name, value);
  rc = mpos_store_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return mpos_store_fail (store, rc, "checking a member card", error);
  *out = rc == SQLITE_ROW;
  return TRUE;
}

static MposSql SQL_MEMBER_CHECK_NEW_CARD = MPOS_SQL (
    "member-card: member check new card", "SELECT 1 FROM member_cards WHERE card_no = :card");

gboolean
mpos_member_check_new_card (MposStore *store, const char *card_no, GError **error)
{
  g_autofree char *masked = mpos_member_mask_card (card_no);
  gboolean is_card = FALSE, is_phone = FALSE;

  if (!mpos_member_valid_digits (card_no, 6, 32))
    return mpos_member_fail (error, MPOS_MEMBER_ERROR_INVALID,
                             "a member card number is 6–32 digits");
  if (!exists (store, &SQL_MEMBER_CHECK_NEW_CARD, ":card", card_no, &is_card, error)
      || !exists (store, &SQL_PHONE_TAKEN, ":phone", card_no, &is_phone, error))
    return FALSE;
  if (is_card)
    return mpos_member_fail (error, MPOS_MEMBER_ERROR_DUPLICATE,
                             "card %s already belongs to a member", masked);
  if (is_phone)
    return mpos_member_fail (error, MPOS_MEMBER_ERROR_DUPLICATE,
                             "card number %s is a member's phone number", masked);
  return TRUE;
}

static char
luhn_check_digit (const char *digits)
{
  gsize len = strlen (digits);
  int sum = 0;

  /* Doubling starts at the rightmost digit, since the check digit goes after it. */
  for (gsize i = 0; i < len; i++)
    {
      int d = digits[len - 1 - i] - '0';
      if (i % 2 == 0)
        d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      sum += d;
    }
  return (char) ('0' + (10 - sum % 10) % 10);
}

static MposSql SQL_MEMBER_NEW_VIRTUAL_CARD = MPOS_SQL (
    "member-card: member new virtual card", "SELECT 1 FROM member_cards WHERE card_no = :card");

char *
mpos_member_new_virtual_card (MposStore *store, GError **error)
{
  for (int attempt = 0; attempt < 20; attempt++)
    {
      guint64 random = 0;
      char body[16];
      gboolean taken = TRUE;

      if (!mpos_member_random_bytes ((guint8 *) &random, sizeof random, error))
        return NULL;
      g_snprintf (body, sizeof body, VIRTUAL_CARD_PREFIX "%010" G_GUINT64_FORMAT,
                  random % G_GUINT64_CONSTANT (10000000000));
      if (!exists (store, &SQL_MEMBER_NEW_VIRTUAL_CARD, ":card", body, &taken, error))
        return NULL;
      if (!taken)
        return g_strdup_printf ("%s%c", body, luhn_check_digit (body));
    }
  mpos_member_fail (error, MPOS_MEMBER_ERROR_DUPLICATE,
                    "could not find an unused virtual card number; try again");
  return NULL;
}

gboolean
mpos_member_insert_card (MposStore *store, const char *card_no, int64_t member_id,
                         gboolean physical, int64_t now, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_INSERT_CARD, error);

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":card", card_no);
  mpos_bind_int64 (stmt, ":member_id", member_id);
  mpos_bind_text (stmt, ":kind", physical ? "physical" : "virtual");
  mpos_bind_int64 (stmt, ":now", now);
  return mpos_store_step_done (store, stmt, "saving a member card", error);
}

static gboolean
set_status (MposStore *store, const char *card_no, MposCardStatus status, const char *replaced_by,
            int64_t now, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_SET_STATUS, error);

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":card", card_no);
  mpos_bind_text (stmt, ":status", mpos_card_status_name (status));
  mpos_bind_text (stmt, ":replaced_by", replaced_by);
  mpos_bind_int64 (stmt, ":now", now);
  return mpos_store_step_done (store, stmt, "updating a member card", error);
}

static gboolean
finish (MposStore *store, gboolean ok, GError **error)
{
  if (!ok)
    {
      mpos_store_rollback (store);
      return FALSE;
    }
  return mpos_store_commit (store, error);
}

/* The card, which must exist and not be replaced already. */
static MposMemberCard *
card_for_change (MposStore *store, const char *card_no, GError **error)
{
  GError *local = NULL;
  MposMemberCard *card = card_get (store, card_no ? card_no : "", &local);
  g_autofree char *masked = mpos_member_mask_card (card_no);

  if (local != NULL)
    g_propagate_error (error, local);
  else if (card == NULL)
    mpos_member_fail (error, MPOS_MEMBER_ERROR_NOT_FOUND, "no member card %s", masked);
  else if (card->replaced_by != NULL)
    {
      g_autofree char *masked_new = mpos_member_mask_card (card->replaced_by);
      mpos_member_fail (error, MPOS_MEMBER_ERROR_STATE, "card %s was already replaced by %s",
                        masked, masked_new);
      g_clear_pointer (&card, mpos_member_card_free);
    }
  return card;
}

/* The journal's "change": card numbers masked (member-change.c says why). */
static cJSON *
card_change (const char *action, const char *card_no, const char *new_card)
{
  cJSON *json = cJSON_CreateObject ();
  g_autofree char *masked = mpos_member_mask_card (card_no);
  g_autofree char *masked_new = new_card ? mpos_member_mask_card (new_card) : NULL;

  cJSON_AddStringToObject (json, "action", action);
  cJSON_AddStringToObject (json, "card_no_masked", masked);
  if (masked_new)
    cJSON_AddStringToObject (json, "new_card_no_masked", masked_new);
  return json;
}

static gboolean
report_lost (MposStore *store, const char *card_no, const char *actor, int64_t now,
             GError **error)
{
  g_autoptr (MposMemberCard) card = card_for_change (store, card_no, error);
  g_autofree char *masked = mpos_member_mask_card (card_no);
  g_autofree char *detail = NULL;

  if (card == NULL)
    return FALSE;
  if (card->status != MPOS_CARD_ACTIVE)
    return mpos_member_fail (error, MPOS_MEMBER_ERROR_STATE, "card %s is already reported %s",
                             masked, mpos_card_status_name (card->status));
  detail = g_strdup_printf ("card %s reported lost", masked);
  /* Whoever has the card may have the phone's codes too: a new secret. */
  return set_status (store, card->card_no, MPOS_CARD_LOST, NULL, now, error)
         && mpos_member_qr_secret_renew (store, card->member_id, now, error)
         && mpos_member_record_change (store, card->member_id, "member_card_lost", actor, detail,
                                       card_change ("lost", card->card_no, NULL), now, error);
}

gboolean
mpos_member_card_report_lost (MposStore *store, const char *card_no, const char *actor,
                              int64_t now, GError **error)
{
  if (!mpos_store_begin (store, error))
    return FALSE;
  return finish (store, report_lost (store, card_no, actor, now, error), error);
}

/* The new card's number: the physical one given (checked), or a virtual one. */
static char *
issue_card (MposStore *store, const char *new_card, int64_t member_id, int64_t now,
            GError **error)
{
  g_autofree char *card_no = NULL;

  if (new_card != NULL)
    {
      if (!mpos_member_check_new_card (store, new_card, error))
        return NULL;
      card_no = g_strdup (new_card);
    }
  else if ((card_no = mpos_member_new_virtual_card (store, error)) == NULL)
    return NULL;
  if (!mpos_member_insert_card (store, card_no, member_id, new_card != NULL, now, error))
    return NULL;
  return g_steal_pointer (&card_no);
}

static char *
replace (MposStore *store, const char *old_card, const char *new_card, const char *actor,
         int64_t now, GError **error)
{
  g_autoptr (MposMemberCard) card = card_for_change (store, old_card, error);
  g_autofree char *card_no = NULL, *detail = NULL;
  g_autofree char *masked_old = mpos_member_mask_card (old_card), *masked_new = NULL;
  MposCardStatus status;

  if (card == NULL || (card_no = issue_card (store, new_card, card->member_id, now, error)) == NULL)
    return NULL;
  /* A lost card stays "lost" (the reason it went), now naming its successor. */
  status = card->status == MPOS_CARD_LOST ? MPOS_CARD_LOST : MPOS_CARD_REPLACED;
  masked_new = mpos_member_mask_card (card_no);
  detail = g_strdup_printf ("card %s replaced by %s", masked_old, masked_new);
  if (!set_status (store, card->card_no, status, card_no, now, error)
      || !mpos_member_qr_secret_renew (store, card->member_id, now, error)
      || !mpos_member_record_change (store, card->member_id, "member_card_replace", actor, detail,
                                     card_change ("replace", card->card_no, card_no), now, error))
    return NULL;
  return g_steal_pointer (&card_no);
}

char *
mpos_member_card_replace (MposStore *store, const char *old_card, const char *new_card,
                          const char *actor, int64_t now, GError **error)
{
  g_autofree char *card_no = NULL;

  if (!mpos_store_begin (store, error))
    return NULL;
  card_no = replace (store, old_card, new_card, actor, now, error);
  if (!finish (store, card_no != NULL, error))
    return NULL;
  return g_steal_pointer (&card_no);
}

static char *
add (MposStore *store, int64_t member_id, const char *new_card, const char *actor, int64_t now,
     GError **error)
{
  g_autoptr (MposMember) member = mpos_member_get (store, member_id, error);
  g_autofree char *card_no = NULL, *masked = NULL, *detail = NULL;

  if (member == NULL || (card_no = issue_card (store, new_card, member_id, now, error)) == NULL)
    return NULL;
  masked = mpos_member_mask_card (card_no);
  detail = g_strdup_printf ("card %s added", masked);
  if (!mpos_member_record_change (store, member_id, "member_card_add", actor, detail,
                                  card_change ("add", card_no, NULL), now, error))
    return NULL;
  return g_steal_pointer (&card_no);
}

char *
mpos_member_card_add (MposStore *store, int64_t member_id, const char *new_card,
                      const char *actor, int64_t now, GError **error)
{
  g_autofree char *card_no = NULL;

  if (!mpos_store_begin (store, error))
    return NULL;
  card_no = add (store, member_id, new_card, actor, now, error);
  if (!finish (store, card_no != NULL, error))
    return NULL;
  return g_steal_pointer (&card_no);
}
