/* gift-card.c — a gift card's ledger, its secret (checked with the failure
 * count committed on its own, locked at the fifth), the card as a tender,
 * and the actions outside a sale: redeem into stored value, register,
 * transfer, freeze / report lost / unfreeze, unlock; the card as JSON and
 * what sold cards still owe. Every refusal is decided before anything is
 * written. */
#include "gift-card-private.h"
#include "gift-card-view.h"
#include "store-json.h"
#include "audit.h"
#include "staff-policy.h"
#include "journal.h"
#include "member.h"
#include "row-chain.h"
#include "stored-value-private.h"
#include "json-out.h"
#include "uuid.h"

#include <sodium.h>
#include <string.h>

/* clang-format off */
G_DEFINE_QUARK (mpos-gift-card-error-quark, mpos_gift_card_error)
/* clang-format on */

#define CARD_COLUMNS                                                                               \
  "SELECT c.id, c.serial, c.type_code, t.name, k.code, c.face_value, c.status = 'active', "        \
  "c.hold, "                                                                                       \
  "c.balance, coalesce (c.member_id, 0), c.sale_id, coalesce (c.activated_at, 0), "                \
  "coalesce (c.expires_at, 0), c.pin_failures, c.locked_at IS NOT NULL FROM gift_cards c "         \
  "JOIN gift_card_types t ON t.code = c.type_code JOIN skus k ON k.id = t.sku_id "
static MposSql SQL_FIND = MPOS_SQL ("gift-card: find", CARD_COLUMNS "WHERE c.serial = :serial");
static MposSql SQL_ENTRY = MPOS_SQL (
    "gift-card: entry",
    "INSERT INTO gift_card_ledger (card_id, kind, amount, action_id, sale_id, line_no, tender_seq, "
    "member_id, corrects, reason, actor, approved_by, created_at) VALUES (:card, :kind, :amount, "
    ":action, :sale, :line, :tender, :member, :corrects, :reason, :actor, :approved_by, :now)");
static MposSql SQL_BALANCE = MPOS_SQL (
    "gift-card: balance", "UPDATE gift_cards SET balance = balance + :amount WHERE id = :card");
static MposSql SQL_SET_ACTIVE = MPOS_SQL (
    "gift-card: set active",
    "UPDATE gift_cards SET status = :status, sale_id = :sale, activated_at = :at, "
    "expires_at = :expires, member_id = CASE WHEN :status = 'active' THEN member_id END "
    "WHERE id = :card");
static MposSql SQL_SET_MEMBER = MPOS_SQL (
    "gift-card: set member", "UPDATE gift_cards SET member_id = :member WHERE id = :card");
static MposSql SQL_SET_HOLD
    = MPOS_SQL ("gift-card: set hold", "UPDATE gift_cards SET hold = :hold WHERE id = :card");
static MposSql SQL_PIN = MPOS_SQL (
    "gift-card: pin",
    "SELECT pin_hash, pin_failures, locked_at IS NOT NULL FROM gift_cards WHERE id = :card");
static MposSql SQL_PIN_FAILED
    = MPOS_SQL ("gift-card: pin failed",
                "UPDATE gift_cards SET pin_failures = pin_failures + 1, locked_at = CASE WHEN "
                "pin_failures + 1 >= :max THEN :now ELSE locked_at END WHERE id = :card");
static MposSql SQL_PIN_CLEAR
    = MPOS_SQL ("gift-card: pin clear",
                "UPDATE gift_cards SET pin_failures = 0, locked_at = NULL WHERE id = :card");
static MposSql SQL_ACTION_ROWS = MPOS_SQL (
    "gift-card: action rows",
    "SELECT e.id, c.serial, e.kind, e.amount, e.sale_id, e.line_no, e.tender_seq, e.member_id, "
    "e.corrects FROM gift_card_ledger e JOIN gift_cards c ON c.id = e.card_id "
    "WHERE e.action_id = :action ORDER BY e.id");
static MposSql SQL_LEDGER = MPOS_SQL (
    "gift-card: ledger",
    "SELECT e.id, e.created_at, e.kind, e.amount, s.receipt_no, e.member_id, e.reason, e.actor, "
    "e.approved_by FROM gift_card_ledger e LEFT JOIN sales s ON s.id = e.sale_id "
    "WHERE e.card_id = :card ORDER BY e.id");
static MposSql SQL_MEMBER_EXISTS
    = MPOS_SQL ("gift-card: member exists", "SELECT count(*) FROM members WHERE id = :member");
/* The one place stored value is written outside stored-value.c: its writer
 * has no column for the card a redemption came from. */
static MposSql SQL_SV_ENTRY = MPOS_SQL (
    "gift-card: sv entry",
    "INSERT INTO sv_ledger (member_id, kind, principal, bonus, action_id, gift_card_id, "
    "created_at) VALUES (:member, 'gift_card', :principal, 0, :action, :card, :now)");
static MposSql SQL_SV_MEMBER
    = MPOS_SQL ("gift-card: sv member",
                "UPDATE members SET sv_principal = sv_principal + :principal WHERE id = :member");
static MposSql SQL_LIABILITY
    = MPOS_SQL ("gift-card: liability",
                "SELECT coalesce (sum (balance), 0), "
                "coalesce (sum (balance) FILTER (WHERE hold IS NULL AND (expires_at IS NULL "
                "OR expires_at > :now)), 0), "
                "coalesce (sum (balance) FILTER (WHERE hold IS NULL AND expires_at <= :now), 0), "
                "coalesce (sum (balance) FILTER (WHERE hold IS NOT NULL), 0), "
                "count (*) FILTER (WHERE balance > 0) FROM gift_cards WHERE status = 'active'");

#define PIN_MIN 6
#define PIN_MAX 32

void
mpos_gift_card_free (MposGiftCard *card)
{
  if (card == NULL)
    return;
  g_free (card->serial);
  g_free (card->type_code);
  g_free (card->type_name);
  g_free (card->sku_code);
  g_free (card->hold);
  g_free (card->sale_id);
  g_free (card);
}

gboolean
mpos_gift_card_serial_valid (const char *serial)
{
  gsize len = serial ? strlen (serial) : 0;

  if (len < 6 || len > 32)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (serial[i]) && serial[i] != '-')
      return FALSE;
  return TRUE;
}

static gboolean
pin_valid (const char *pin)
{
  gsize len = pin ? strlen (pin) : 0;

  if (len < PIN_MIN || len > PIN_MAX)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (pin[i]))
      return FALSE;
  return TRUE;
}

static gpointer
card_from_row (sqlite3_stmt *stmt)
{
  MposGiftCard *card = g_new0 (MposGiftCard, 1);

  card->id = sqlite3_column_int64 (stmt, 0);
  card->serial = mpos_column_text (stmt, 1);
  card->type_code = mpos_column_text (stmt, 2);
  card->type_name = mpos_column_text (stmt, 3);
  card->sku_code = mpos_column_text (stmt, 4);
  card->face_value = sqlite3_column_int64 (stmt, 5);
  card->active = sqlite3_column_int (stmt, 6) != 0;
  card->hold = mpos_column_text (stmt, 7);
  card->balance = sqlite3_column_int64 (stmt, 8);
  card->member_id = sqlite3_column_int64 (stmt, 9);
  card->sale_id = mpos_column_text (stmt, 10);
  card->activated_at = sqlite3_column_int64 (stmt, 11);
  card->expires_at = sqlite3_column_int64 (stmt, 12);
  card->pin_failures = sqlite3_column_int (stmt, 13);
  card->locked = sqlite3_column_int (stmt, 14) != 0;
  return card;
}

MposGiftCard *
mpos_gift_card_find (MposStore *store, const char *serial, GError **error)
{
  g_autoptr (MposStmt) stmt = NULL;
  MposGiftCard *card = NULL;

  if (!mpos_gift_card_serial_valid (serial))
    {
      /* At most 40 bytes of what was typed, never past its end. */
      g_autofree char *shown
          = g_utf8_make_valid (serial ? serial : "", serial ? (gssize) strnlen (serial, 40) : 0);
      mpos_gift_card_fail (error, MPOS_GIFT_CARD_ERROR_UNKNOWN,
                           R_ ("“%s” is not a gift card serial (6–32 letters, digits or '-')"),
                           shown);
      return NULL;
    }
  stmt = mpos_store_stmt (store, &SQL_FIND, error);
  if (stmt == NULL)
    return NULL;
  mpos_bind_text (stmt, ":serial", serial);
  if (!mpos_store_read_row (store, stmt, card_from_row, (gpointer *) &card, "reading a gift card",
                            error))
    return NULL;
  if (card == NULL)
    mpos_gift_card_fail (error, MPOS_GIFT_CARD_ERROR_UNKNOWN, R_ ("no gift card %s in this store"),
                         serial);
  return card;
}

/* ---- the ledger -------------------------------------------------------------------- */

gboolean
mpos_gift_card_entry (const MposGiftCardAction *a, int64_t card_id, const MposGiftCardMove *m,
                      int64_t *entry_id, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (a->store, &SQL_ENTRY, error);

  if (stmt == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":card", card_id);
  mpos_bind_text (stmt, ":kind", m->kind);
  mpos_bind_int64 (stmt, ":amount", m->amount);
  mpos_bind_text (stmt, ":action", a->action_id);
  mpos_bind_optional_text (stmt, ":sale", m->sale_id);
  mpos_bind_optional_int64 (stmt, ":line", m->line_no);
  mpos_bind_optional_int64 (stmt, ":tender", m->tender_seq);
  mpos_bind_optional_int64 (stmt, ":member", m->member_id);
  mpos_bind_optional_int64 (stmt, ":corrects", m->corrects);
  mpos_bind_optional_text (stmt, ":reason", a->reason);
  mpos_bind_optional_text (stmt, ":actor", a->actor);
  mpos_bind_optional_text (stmt, ":approved_by", a->approved_by);
  mpos_bind_int64 (stmt, ":now", a->now);
  if (!mpos_row_chain_insert (a->store, MPOS_CHAINED_GIFT_CARD_LEDGER, stmt,
                              "writing the gift card ledger", entry_id, error))
    return FALSE;
  if (m->amount == 0)
    return TRUE;
  stmt = mpos_store_stmt (a->store, &SQL_BALANCE, error);
  if (stmt == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":amount", m->amount);
  mpos_bind_int64 (stmt, ":card", card_id);
  return mpos_store_step_done (a->store, stmt, "updating the gift card's balance", error);
}

gboolean
mpos_gift_card_set_active (MposStore *store, int64_t card_id, gboolean active, const char *sale_id,
                           int64_t activated_at, int64_t expires_at, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_SET_ACTIVE, error);

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":status", active ? "active" : "inactive");
  mpos_bind_optional_text (stmt, ":sale", active ? sale_id : NULL);
  mpos_bind_optional_int64 (stmt, ":at", active ? activated_at : 0);
  mpos_bind_optional_int64 (stmt, ":expires", active ? expires_at : 0);
  mpos_bind_int64 (stmt, ":card", card_id);
  return mpos_store_step_done (store, stmt, "updating the gift card", error);
}

static gboolean
set_column (MposStore *store, MposSql *sql, const char *name, const char *text, int64_t value,
            int64_t card_id, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  if (text != NULL || value == 0)
    mpos_bind_optional_text (stmt, name, text);
  else
    mpos_bind_int64 (stmt, name, value);
  mpos_bind_int64 (stmt, ":card", card_id);
  return mpos_store_step_done (store, stmt, "updating the gift card", error);
}

gboolean
mpos_gift_card_check_usable (const MposGiftCard *card, int64_t now, GError **error)
{
  g_autofree char *expiry = NULL;

  if (!card->active)
    return mpos_gift_card_fail (error, MPOS_GIFT_CARD_ERROR_NOT_ACTIVE,
                                R_ ("gift card %s was never sold: it is not activated"),
                                card->serial);
  if (g_strcmp0 (card->hold, "lost") == 0)
    return mpos_gift_card_fail (error, MPOS_GIFT_CARD_ERROR_FROZEN,
                                R_ ("gift card %s was reported lost: it cannot be used"),
                                card->serial);
  if (card->hold != NULL)
    return mpos_gift_card_fail (error, MPOS_GIFT_CARD_ERROR_FROZEN,
                                R_ ("gift card %s is frozen: it cannot be used until a supervisor "
                                    "unfreezes it"),
                                card->serial);
  if (card->expires_at != 0 && card->expires_at <= now)
    return mpos_gift_card_fail (error, MPOS_GIFT_CARD_ERROR_EXPIRED,
                                R_ ("gift card %s has expired"), card->serial);
  return TRUE;
}

static cJSON *
ledger_row_json (sqlite3_stmt *stmt)
{
  cJSON *row = cJSON_CreateObject ();

  mpos_json_add_int (row, "id", sqlite3_column_int64 (stmt, 0));
  cJSON_AddStringToObject (row, "serial", (const char *)sqlite3_column_text (stmt, 1));
  cJSON_AddStringToObject (row, "kind", (const char *)sqlite3_column_text (stmt, 2));
  mpos_json_add_money (row, "amount", sqlite3_column_int64 (stmt, 3));
  mpos_store_json_add_text (row, "sale_id", stmt, 4);
  if (sqlite3_column_type (stmt, 5) != SQLITE_NULL)
    cJSON_AddNumberToObject (row, "line_no", sqlite3_column_int (stmt, 5));
  if (sqlite3_column_type (stmt, 6) != SQLITE_NULL)
    cJSON_AddNumberToObject (row, "tender_seq", sqlite3_column_int (stmt, 6));
  if (sqlite3_column_type (stmt, 7) != SQLITE_NULL)
    mpos_json_add_int (row, "member_id", sqlite3_column_int64 (stmt, 7));
  if (sqlite3_column_type (stmt, 8) != SQLITE_NULL)
    mpos_json_add_int (row, "corrects", sqlite3_column_int64 (stmt, 8));
  return row;
}

cJSON *
mpos_gift_card_action_json (MposStore *store, const char *action_id, GError **error)
{
  return mpos_store_json_action_rows (store, &SQL_ACTION_ROWS, action_id, ledger_row_json,
                                      "reading the gift card ledger", error);
}

gboolean
mpos_gift_card_record (const MposGiftCardAction *a, const char *kind, const char *ref,
                       const char *detail, cJSON *extra, GError **error)
{
  g_autoptr (cJSON) payload = extra ? extra : cJSON_CreateObject ();
  cJSON *rows = mpos_gift_card_action_json (a->store, a->action_id, error);
  g_autofree char *journal_kind = g_strconcat ("gift_card_", kind, NULL);

  if (rows == NULL)
    return FALSE;
  cJSON_AddStringToObject (payload, "kind", kind);
  cJSON_AddStringToObject (payload, "id", a->action_id);
  if (a->reason)
    cJSON_AddStringToObject (payload, "reason", a->reason);
  if (a->approved_by)
    cJSON_AddStringToObject (payload, "approved_by", a->approved_by);
  cJSON_AddItemToObject (payload, "gift_cards", rows);
  return mpos_audit_record_approved (a->store, a->now, a->actor, a->approved_by, journal_kind,
                                     ref, detail, error)
         && mpos_journal_append (a->store, journal_kind, a->action_id, payload, a->now, NULL,
                                 error);
}

/* ---- the secret ------------------------------------------------------------------------ */

typedef struct
{
  char hash[crypto_pwhash_STRBYTES];
  int failures;
  gboolean locked;
} PinRow;

static gboolean
read_pin (MposStore *store, int64_t card_id, PinRow *row, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_PIN, error);
  int rc;

  memset (row, 0, sizeof *row);
  if (stmt == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":card", card_id);
  rc = mpos_store_step (stmt);
  if (rc == SQLITE_ROW)
    {
      g_strlcpy (row->hash, (const char *)sqlite3_column_text (stmt, 0), sizeof row->hash);
      row->failures = sqlite3_column_int (stmt, 1);
      row->locked = sqlite3_column_int (stmt, 2) != 0;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return mpos_store_fail (store, rc == SQLITE_DONE ? SQLITE_ERROR : rc, "reading a gift card",
                            error);
  return TRUE;
}

static gboolean
locked_fail (const char *serial, GError **error)
{
  return mpos_gift_card_fail (
      error, MPOS_GIFT_CARD_ERROR_LOCKED,
      R_ ("gift card %s is locked after too many wrong secrets; a supervisor "
          "must unlock it"),
      serial);
}

static gboolean
pin_update (MposStore *store, MposSql *sql, int64_t card_id, int max, int64_t now,
            GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":card", card_id);
  if (sqlite3_bind_parameter_index (stmt, ":max") > 0)
    {
      mpos_bind_int64 (stmt, ":max", max);
      mpos_bind_int64 (stmt, ":now", now);
    }
  return mpos_store_step_done (store, stmt, "saving the gift card's secret state", error);
}

/* Under the write lock: counts the failure (or clears the count) and
 * decides the answer from the row as it is now. */
static gboolean
record_attempt (MposStore *store, const MposGiftCard *card, gboolean matched, int64_t now,
                GError **error)
{
  PinRow row;
  int max = (int)mpos_policy_value (store, MPOS_POLICY_GIFT_CARD_PIN_FAILURES);

  if (!read_pin (store, card->id, &row, error))
    return FALSE;
  if (row.locked)
    return locked_fail (card->serial, error);
  if (matched)
    return row.failures == 0 || pin_update (store, &SQL_PIN_CLEAR, card->id, max, now, error);
  if (!pin_update (store, &SQL_PIN_FAILED, card->id, max, now, error)
      || !mpos_audit_record (store, now, NULL,
                             row.failures + 1 >= max ? "gift_card_locked" : "gift_card_pin_wrong",
                             card->serial, NULL, error))
    return FALSE;
  if (row.failures + 1 >= max)
    return mpos_gift_card_fail (
        error, MPOS_GIFT_CARD_ERROR_LOCKED,
        R_ ("wrong secret for gift card %s; it is now locked after %d wrong "
            "tries — a supervisor must unlock it"),
        card->serial, max);
  return mpos_gift_card_fail (error, MPOS_GIFT_CARD_ERROR_WRONG_PIN,
                              R_ ("wrong secret for gift card %s (%d tries left before it locks)"),
                              card->serial, max - row.failures - 1);
}

typedef struct
{
  const MposGiftCard *card;
  gboolean matched;
  int64_t now;
} Attempt;

static gboolean
attempt_body (MposStore *store, gpointer data, GError **error)
{
  const Attempt *a = data;

  return record_attempt (store, a->card, a->matched, a->now, error);
}

static gboolean
verify_card_pin (MposStore *store, const MposGiftCard *card, const char *pin, int64_t now,
                 GError **error)
{
  PinRow row;
  Attempt attempt = { card, FALSE, now };

  g_return_val_if_fail (sqlite3_get_autocommit (mpos_store_db (store)), FALSE);
  if (sodium_init () < 0)
    return mpos_gift_card_fail (error, MPOS_GIFT_CARD_ERROR_INVALID,
                                R_ ("the secret library could not start"));
  if (!read_pin (store, card->id, &row, error))
    return FALSE;
  if (row.locked)
    return locked_fail (card->serial, error);
  if (pin == NULL || *pin == '\0')
    return mpos_gift_card_fail (error, MPOS_GIFT_CARD_ERROR_PIN_REQUIRED,
                                R_ ("gift card %s needs its secret (卡密)"), card->serial);
  /* A malformed secret is a wrong secret: it counts, or guessing would be free. */
  attempt.matched = pin_valid (pin) && crypto_pwhash_str_verify (row.hash, pin, strlen (pin)) == 0;
  return mpos_store_transaction_keeping_refusal (store, MPOS_GIFT_CARD_ERROR, attempt_body,
                                                 &attempt, error);
}

gboolean
mpos_gift_card_verify_pin (MposStore *store, const char *serial, const char *pin, int64_t now,
                           GError **error)
{
  g_autoptr (MposGiftCard) card = mpos_gift_card_find (store, serial, error);

  return card != NULL && verify_card_pin (store, card, pin, now, error);
}

typedef struct
{
  const MposGiftCard *card;
  const char *supervisor;
  int64_t cap; /* unlocks of one card per business day */
  int64_t now;
} Unlock;

/* Clears the lock within the day's cap, audited and journaled so the
 * centre sees a card that keeps getting locked. */
static gboolean
unlock_body (MposStore *store, gpointer data, GError **error)
{
  const Unlock *u = data;
  g_autofree char *cap = g_strconcat ("gift_card_unlock:", u->card->serial, NULL);
  g_autofree char *what = g_strdup_printf ("unlocks of gift card %s", u->card->serial);
  g_autoptr (cJSON) payload = cJSON_CreateObject ();
  char id[MPOS_UUID_STRLEN + 1];

  cJSON_AddStringToObject (payload, "serial", u->card->serial);
  cJSON_AddNumberToObject (payload, "failures", u->card->pin_failures);
  cJSON_AddStringToObject (payload, "approved_by", u->supervisor);
  return mpos_policy_use_daily (store, cap, 1, u->cap, u->now, what, error)
         && pin_update (store, &SQL_PIN_CLEAR, u->card->id, 0, u->now, error)
         && mpos_audit_record_approved (store, u->now, u->supervisor, u->supervisor,
                                        "gift_card_unlock", u->card->serial, NULL, error)
         && mpos_journal_append (store, "gift_card_unlock", mpos_uuid_v7 (id), payload, u->now,
                                 NULL, error);
}

gboolean
mpos_gift_card_unlock (MposStore *store, const char *serial,
                       const MposStaffCredential *supervisor, int64_t now, GError **error)
{
  g_autoptr (MposGiftCard) card = NULL;
  g_auto (MposStaff) approver = { 0 };
  Unlock u = { NULL, NULL, 0, now };

  card = mpos_gift_card_find (store, serial, error);
  if (card == NULL)
    return FALSE;
  if (!card->locked && card->pin_failures == 0)
    return mpos_gift_card_fail (error, MPOS_GIFT_CARD_ERROR_STATE,
                                R_ ("gift card %s is not locked"), serial);
  if (!mpos_policy_get (store, MPOS_POLICY_GIFT_CARD_UNLOCK_CAP, &u.cap, error)
      || !mpos_staff_approve (store, supervisor, MPOS_ACTION_GIFT_CARD_UNLOCK, serial, &approver,
                              error))
    return FALSE;
  u.card = card;
  u.supervisor = approver.number;
  return mpos_store_transaction (store, unlock_body, &u, error);
}

/* ---- tender --------------------------------------------------------------------------- */

MposTender *
mpos_gift_card_tender_new (MposStore *store, const char *serial, const char *pin, MposMoney amount,
                           int64_t now, GError **error)
{
  g_autoptr (MposGiftCard) card = NULL;
  char a[MPOS_MONEY_BUF], b[MPOS_MONEY_BUF];

  if (amount <= 0 || amount > MPOS_MONEY_MAX)
    {
      mpos_gift_card_fail (error, MPOS_GIFT_CARD_ERROR_INVALID,
                           R_ ("a gift card payment must be more than 0"));
      return NULL;
    }
  card = mpos_gift_card_find (store, serial, error);
  if (card == NULL)
    return NULL;
  /* The secret first: without it, nothing about the card is told. */
  if (card->locked)
    {
      locked_fail (serial, error);
      return NULL;
    }
  if (!verify_card_pin (store, card, pin, now, error)
      || !mpos_gift_card_check_usable (card, now, error))
    return NULL;
  if (amount > card->balance)
    {
      mpos_gift_card_fail (error, MPOS_GIFT_CARD_ERROR_INSUFFICIENT,
                           R_ ("not enough on gift card %s: %s to pay, balance %s"), serial,
                           mpos_money_to_buf (amount, a), mpos_money_to_buf (card->balance, b));
      return NULL;
    }
  return mpos_tender_new (MPOS_TENDER_GIFT_CARD, amount, serial, MPOS_GIFT_CARD_PIN_VERIFIED);
}

/* ---- actions ------------------------------------------------------------------------------ */

static gboolean
member_exists (MposStore *store, int64_t member_id, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_MEMBER_EXISTS, error);
  int64_t n = 0;

  if (stmt == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":member", member_id);
  if (!mpos_store_step_returning (store, stmt, "reading members", &n, error))
    return FALSE;
  if (n == 0)
    g_set_error (error, MPOS_MEMBER_ERROR, MPOS_MEMBER_ERROR_NOT_FOUND,
                 "no member %" G_GINT64_FORMAT, member_id);
  return n > 0;
}

static gboolean
required (const char *text, const char *what, GError **error)
{
  if (text != NULL && *text != '\0')
    return TRUE;
  return mpos_gift_card_fail (error, MPOS_GIFT_CARD_ERROR_INVALID, R_ ("%s is required"), what);
}

typedef struct
{
  MposGiftCardAction a;
  const char *serial;
  int64_t member_id, from_member;
  const char *hold;
  gboolean lost_path; /* redeem of a lost card by its owner, with a supervisor */
  MposGiftCardRedeemResult *result;
  MposGiftCard *card; /* reloaded under the write lock */
} Act;

static void
act_clear (Act *act)
{
  g_clear_pointer (&act->card, mpos_gift_card_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Act, act_clear)

static gboolean
reload (Act *act, GError **error)
{
  g_clear_pointer (&act->card, mpos_gift_card_free);
  act->card = mpos_gift_card_find (act->a.store, act->serial, error);
  return act->card != NULL;
}

static gboolean
write_redeem_sv (Act *act, MposMoney amount, GError **error)
{
  MposStore *store = act->a.store;
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_SV_ENTRY, error);

  if (stmt == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":member", act->member_id);
  mpos_bind_int64 (stmt, ":principal", amount);
  mpos_bind_text (stmt, ":action", act->a.action_id);
  mpos_bind_int64 (stmt, ":card", act->card->id);
  mpos_bind_int64 (stmt, ":now", act->a.now);
  if (!mpos_row_chain_insert (store, MPOS_CHAINED_SV_LEDGER, stmt,
                              "writing the stored-value ledger", NULL, error))
    return FALSE;
  stmt = mpos_store_stmt (store, &SQL_SV_MEMBER, error);
  if (stmt == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":principal", amount);
  mpos_bind_int64 (stmt, ":member", act->member_id);
  return mpos_store_step_done (store, stmt, "updating the member's stored value", error);
}

static gboolean
check_redeem (Act *act, GError **error)
{
  MposGiftCard *card = act->card;

  if (act->lost_path)
    {
      if (g_strcmp0 (card->hold, "lost") != 0)
        return mpos_gift_card_fail (
            error, MPOS_GIFT_CARD_ERROR_STATE,
            R_ ("gift card %s is not reported lost: redeem it with its secret"), card->serial);
      if (card->expires_at != 0 && card->expires_at <= act->a.now)
        return mpos_gift_card_fail (error, MPOS_GIFT_CARD_ERROR_EXPIRED,
                                    R_ ("gift card %s has expired"), card->serial);
    }
  else if (!mpos_gift_card_check_usable (card, act->a.now, error))
    return FALSE;
  if (card->member_id != 0 && card->member_id != act->member_id)
    return mpos_gift_card_fail (error, MPOS_GIFT_CARD_ERROR_NOT_OWNER,
                                R_ ("gift card %s is registered to another member: only its owner "
                                    "can redeem it (or transfer it first)"),
                                card->serial);
  if (card->balance == 0)
    return mpos_gift_card_fail (error, MPOS_GIFT_CARD_ERROR_STATE,
                                R_ ("nothing to redeem: gift card %s has a balance of 0"),
                                card->serial);
  return TRUE;
}

static gboolean
redeem_body (MposStore *store, gpointer data, GError **error)
{
  Act *act = data;
  MposGiftCardMove move = { "redeem", 0, NULL, 0, 0, act->member_id, 0 };
  g_autofree char *detail = NULL;
  cJSON *extra, *sv;
  char m[MPOS_MONEY_BUF];

  if (!reload (act, error) || !member_exists (act->a.store, act->member_id, error)
      || !check_redeem (act, error))
    return FALSE;
  move.amount = -act->card->balance;
  act->result->amount = act->card->balance;
  if (!mpos_gift_card_entry (&act->a, act->card->id, &move, NULL, error)
      || !write_redeem_sv (act, act->card->balance, error))
    return FALSE;
  sv = mpos_stored_value_action_json (act->a.store, act->a.action_id, error);
  if (sv == NULL)
    return FALSE;
  extra = cJSON_CreateObject ();
  cJSON_AddStringToObject (extra, "serial", act->card->serial);
  mpos_json_add_int (extra, "member_id", act->member_id);
  cJSON_AddItemToObject (extra, "stored_value", sv);
  detail = g_strdup_printf ("%s into member %" G_GINT64_FORMAT "'s stored value",
                            mpos_money_to_buf (act->result->amount, m), act->member_id);
  return mpos_gift_card_record (&act->a, "redeem", act->card->serial, detail, extra, error)
         && mpos_stored_value_balance (act->a.store, act->member_id, &act->result->balance, error);
}

/* Sodium's KDF runs before the write lock; the action re-reads the card
 * under the lock and decides from it. */
static gboolean
verify_then (MposStore *store, Act *act, const char *pin, MposStoreBody body, GError **error)
{
  g_autoptr (MposGiftCard) card = mpos_gift_card_find (store, act->serial, error);

  if (card == NULL)
    return FALSE;
  /* A lost card's owner redeems on a supervisor's word: the secret (and its lock) play no part. */
  if (!act->lost_path && (card->locked || !verify_card_pin (store, card, pin, act->a.now, error)))
    return card->locked ? locked_fail (card->serial, error) : FALSE;
  return mpos_store_transaction (store, body, act, error);
}

gboolean
mpos_gift_card_redeem (MposStore *store, const char *serial, const char *pin, int64_t member_id,
                       const char *actor, const MposStaffCredential *supervisor, int64_t now,
                       MposGiftCardRedeemResult *result, GError **error)
{
  g_autoptr (MposGiftCard) card = NULL;
  g_auto (Act) act = { 0 };
  g_auto (MposStaff) approver = { 0 };

  act.a = (MposGiftCardAction){ store, now, NULL, actor, NULL, NULL };

  memset (result, 0, sizeof *result);
  act.a.action_id = mpos_uuid_v7 (result->action_id);
  act.serial = serial;
  act.member_id = member_id;
  act.result = result;
  card = mpos_gift_card_find (store, serial, error);
  if (card == NULL)
    return FALSE;
  /* A lost card's owner redeems without the secret, with a supervisor. */
  if (g_strcmp0 (card->hold, "lost") == 0 && (pin == NULL || *pin == '\0'))
    {
      if (supervisor == NULL)
        return mpos_gift_card_fail (
            error, MPOS_GIFT_CARD_ERROR_INVALID,
            R_ ("a supervisor (to redeem a card reported lost) is required"));
      if (!mpos_staff_approve (store, supervisor, MPOS_ACTION_GIFT_CARD_FREEZE, serial, &approver,
                               error))
        return FALSE;
      act.a.approved_by = approver.number;
      if (card->member_id != member_id)
        return mpos_gift_card_fail (error, MPOS_GIFT_CARD_ERROR_NOT_OWNER,
                                    R_ ("gift card %s is registered to another member: only its "
                                        "owner can redeem it"),
                                    serial);
      act.lost_path = TRUE;
    }
  return verify_then (store, &act, pin, redeem_body, error);
}

static gboolean
register_body (MposStore *store, gpointer data, GError **error)
{
  Act *act = data;
  MposGiftCardMove move = { "register", 0, NULL, 0, 0, act->member_id, 0 };
  g_autofree char *detail = NULL;

  if (!reload (act, error) || !member_exists (act->a.store, act->member_id, error)
      || !mpos_gift_card_check_usable (act->card, act->a.now, error))
    return FALSE;
  if (act->card->member_id != 0)
    return mpos_gift_card_fail (
        error, MPOS_GIFT_CARD_ERROR_STATE, R_ ("gift card %s is already registered%s"), act->serial,
        act->card->member_id == act->member_id ? " to this member" : " to another member");
  detail = g_strdup_printf ("registered to member %" G_GINT64_FORMAT, act->member_id);
  return set_column (act->a.store, &SQL_SET_MEMBER, ":member", NULL, act->member_id, act->card->id,
                     error)
         && mpos_gift_card_entry (&act->a, act->card->id, &move, NULL, error)
         && mpos_gift_card_record (&act->a, "register", act->serial, detail, NULL, error);
}

gboolean
mpos_gift_card_register (MposStore *store, const char *serial, const char *pin, int64_t member_id,
                         const char *actor, int64_t now, GError **error)
{
  char id[MPOS_UUID_STRLEN + 1];
  g_auto (Act) act = { 0 };

  act.a = (MposGiftCardAction){ store, now, mpos_uuid_v7 (id), actor, NULL, NULL };

  act.serial = serial;
  act.member_id = member_id;
  return verify_then (store, &act, pin, register_body, error);
}

static gboolean
transfer_body (MposStore *store, gpointer data, GError **error)
{
  Act *act = data;
  MposGiftCardMove move = { "transfer", 0, NULL, 0, 0, act->member_id, 0 };
  g_autofree char *detail = NULL;

  if (!reload (act, error) || !member_exists (act->a.store, act->member_id, error)
      || !mpos_gift_card_check_usable (act->card, act->a.now, error))
    return FALSE;
  if (act->card->member_id == 0)
    return mpos_gift_card_fail (
        error, MPOS_GIFT_CARD_ERROR_NOT_OWNER,
        R_ ("gift card %s is not registered to a member: register it first"), act->serial);
  if (act->card->member_id != act->from_member)
    return mpos_gift_card_fail (error, MPOS_GIFT_CARD_ERROR_NOT_OWNER,
                                R_ ("gift card %s is registered to another member"), act->serial);
  detail = g_strdup_printf ("from member %" G_GINT64_FORMAT " to member %" G_GINT64_FORMAT,
                            act->from_member, act->member_id);
  return set_column (act->a.store, &SQL_SET_MEMBER, ":member", NULL, act->member_id, act->card->id,
                     error)
         && mpos_gift_card_entry (&act->a, act->card->id, &move, NULL, error)
         && mpos_gift_card_record (&act->a, "transfer", act->serial, detail, NULL, error);
}

gboolean
mpos_gift_card_transfer (MposStore *store, const char *serial, const char *pin, int64_t from_member,
                         int64_t to_member, const char *actor, int64_t now, GError **error)
{
  char id[MPOS_UUID_STRLEN + 1];
  g_auto (Act) act = { 0 };

  act.a = (MposGiftCardAction){ store, now, mpos_uuid_v7 (id), actor, NULL, NULL };

  if (from_member == to_member)
    return mpos_gift_card_fail (error, MPOS_GIFT_CARD_ERROR_INVALID,
                                R_ ("a transfer needs two different members"));
  act.serial = serial;
  act.member_id = to_member;
  act.from_member = from_member;
  return verify_then (store, &act, pin, transfer_body, error);
}

static gboolean
hold_body (MposStore *store, gpointer data, GError **error)
{
  Act *act = data;
  const char *kind = act->hold == NULL                 ? "unfreeze"
                     : strcmp (act->hold, "lost") == 0 ? "lost"
                                                       : "freeze";
  MposGiftCardMove move = { kind, 0, NULL, 0, 0, 0, 0 };

  if (!reload (act, error))
    return FALSE;
  if (act->hold == NULL && act->card->hold == NULL)
    return mpos_gift_card_fail (error, MPOS_GIFT_CARD_ERROR_STATE,
                                R_ ("gift card %s is not frozen"), act->serial);
  if (act->hold != NULL && act->card->hold != NULL)
    return mpos_gift_card_fail (error, MPOS_GIFT_CARD_ERROR_STATE,
                                R_ ("gift card %s is already %s"), act->serial,
                                strcmp (act->card->hold, "lost") == 0 ? "reported lost" : "frozen");
  if (g_strcmp0 (act->hold, "lost") == 0 && (!act->card->active || act->card->member_id == 0))
    return mpos_gift_card_fail (error, MPOS_GIFT_CARD_ERROR_NOT_OWNER,
                                R_ ("only a sold card registered to a member can be reported lost; "
                                    "freeze gift card %s instead"),
                                act->serial);
  return set_column (act->a.store, &SQL_SET_HOLD, ":hold", act->hold, 0, act->card->id, error)
         && mpos_gift_card_entry (&act->a, act->card->id, &move, NULL, error)
         && mpos_gift_card_record (&act->a, kind, act->serial, act->a.reason, NULL, error);
}

gboolean
mpos_gift_card_set_hold (MposStore *store, const char *serial, const char *hold, const char *reason,
                         const char *actor, const MposStaffCredential *supervisor, int64_t now,
                         GError **error)
{
  char id[MPOS_UUID_STRLEN + 1];
  g_auto (Act) act = { 0 };
  g_auto (MposStaff) approver = { 0 };

  act.a = (MposGiftCardAction){ store, now, mpos_uuid_v7 (id), actor, NULL, reason };

  if (hold != NULL && strcmp (hold, "frozen") != 0 && strcmp (hold, "lost") != 0)
    return mpos_gift_card_fail (error, MPOS_GIFT_CARD_ERROR_INVALID,
                                R_ ("a gift card is held as frozen or lost"));
  if (!required (reason, "a reason", error)
      || !mpos_staff_approve (store, supervisor, MPOS_ACTION_GIFT_CARD_FREEZE, serial, &approver,
                              error))
    return FALSE;
  act.a.approved_by = approver.number;
  act.serial = serial;
  act.hold = hold;
  return mpos_store_transaction (store, hold_body, &act, error);
}

/* ---- reading ------------------------------------------------------------------------------- */

static gpointer
movement_row (sqlite3_stmt *stmt)
{
  MposGiftCardMovement *m = g_new0 (MposGiftCardMovement, 1);

  m->id = sqlite3_column_int64 (stmt, 0);
  m->at = sqlite3_column_int64 (stmt, 1);
  m->kind = mpos_column_text (stmt, 2);
  m->amount = sqlite3_column_int64 (stmt, 3);
  m->receipt_no = mpos_column_text (stmt, 4);
  m->member_id = sqlite3_column_int64 (stmt, 5);
  m->reason = mpos_column_text (stmt, 6);
  m->actor = mpos_column_text (stmt, 7);
  m->approved_by = mpos_column_text (stmt, 8);
  return m;
}

static gboolean
read_ledger (MposStore *store, int64_t card_id, GPtrArray *movements, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_LEDGER, error);

  if (stmt == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":card", card_id);
  return mpos_store_read_rows (store, stmt, movement_row, movements,
                               "reading the gift card ledger", error);
}

MposGiftCardView *
mpos_gift_card_view (MposStore *store, const char *serial, int64_t now, GError **error)
{
  MposGiftCard *card = mpos_gift_card_find (store, serial, error);
  g_autoptr (MposGiftCardView) view = NULL;

  if (card == NULL)
    return NULL;
  view = mpos_gift_card_view_new (card, now);
  if (!read_ledger (store, card->id, view->movements, error))
    return NULL;
  return g_steal_pointer (&view);
}

gboolean
mpos_gift_card_liability (MposStore *store, int64_t now, MposGiftCardLiability *out,
                          GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_LIABILITY, error);
  int rc;

  memset (out, 0, sizeof *out);
  if (stmt == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":now", now);
  rc = mpos_store_step (stmt);
  if (rc == SQLITE_ROW)
    {
      out->outstanding = sqlite3_column_int64 (stmt, 0);
      out->active = sqlite3_column_int64 (stmt, 1);
      out->expired = sqlite3_column_int64 (stmt, 2);
      out->frozen = sqlite3_column_int64 (stmt, 3);
      out->cards = sqlite3_column_int64 (stmt, 4);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return mpos_store_fail (store, rc, "reading gift card balances", error);
  return TRUE;
}
