/* shift-cash.c — the drawer's ledger (cash_movements, 0028): what each
 * action that moves cash appends to the open shift inside its own
 * transaction, and the expectation summed from it by kind. A sale's cash
 * is split once, here: the cash that paid gift cards (they cannot be paid
 * with prepaid value, so cash pays them first) is "gift_card", the rest of
 * the cash tendered "sale", the change given back "change". */
#include "shift-private.h"
#include "fail.h"
#include "store-private.h"

#include <inttypes.h>
#include <string.h>

static MposSql SQL_OPEN_ID
    = MPOS_SQL ("shift-cash: open shift", "SELECT id FROM shifts WHERE status = 'open'");
static MposSql SQL_COUNTED_NO = MPOS_SQL ("shift-cash: counted shift",
                                          "SELECT shift_no FROM shifts WHERE status = 'counted'");
static MposSql SQL_INSERT_MOVEMENT
    = MPOS_SQL ("shift-cash: insert movement",
                "INSERT INTO cash_movements (shift_id, kind, amount, ref, reason, actor, at) "
                "VALUES (:shift, :kind, :amount, :ref, :reason, :actor, :at)");
static MposSql SQL_EXPECTATION = MPOS_SQL (
    "shift-cash: expectation",
    "SELECT kind, sum(amount), count(*) FROM cash_movements WHERE shift_id = :shift GROUP BY kind");
/* A sale's cash: kind, change, cash tendered (refunded: negative) and what
 * its gift-card lines activated (a return: deactivated, negative). */
static MposSql SQL_SALE_CASH
    = MPOS_SQL ("shift-cash: sale cash",
                "SELECT s.kind, s.change, s.receipt_no, "
                "  coalesce ((SELECT sum (t.value ->> 2) FROM json_each (s.tenders) t "
                "             WHERE t.value ->> 1 = 'cash'), 0), "
                "  coalesce ((SELECT sum (g.amount) FROM gift_card_ledger g WHERE g.sale_id = s.id "
                "             AND (g.kind = 'activate' OR g.kind = 'deactivate')), 0) "
                "FROM sales s WHERE s.id = :sale");

static const char *const kind_names[MPOS_CASH_KIND_COUNT] = {
  [MPOS_CASH_FLOAT] = "float",       [MPOS_CASH_SALE] = "sale",
  [MPOS_CASH_CHANGE] = "change",     [MPOS_CASH_REFUND] = "refund",
  [MPOS_CASH_TOP_UP] = "top_up",     [MPOS_CASH_TOP_UP_REFUND] = "top_up_refund",
  [MPOS_CASH_EXCHANGE] = "exchange", [MPOS_CASH_GIFT_CARD] = "gift_card",
  [MPOS_CASH_PAY_IN] = "pay_in",     [MPOS_CASH_PAY_OUT] = "pay_out",
  [MPOS_CASH_DROP] = "drop",
};

static const struct
{
  MposMoney value;
  const char *name;
} denominations[MPOS_DENOMINATION_COUNT] = {
  { 10000, "100" }, { 5000, "50" }, { 2000, "20" }, { 1000, "10" },
  { 500, "5" },     { 100, "1" },   { 50, "0.5" },  { 10, "0.1" },
};

const char *
mpos_cash_kind_name (MposCashKind kind)
{
  return (guint)kind < MPOS_CASH_KIND_COUNT ? kind_names[kind] : "?";
}

gboolean
mpos_cash_kind_parse (const char *text, MposCashKind *out)
{
  for (guint i = 0; text != NULL && i < MPOS_CASH_KIND_COUNT; i++)
    if (strcmp (text, kind_names[i]) == 0)
      {
        *out = (MposCashKind)i;
        return TRUE;
      }
  return FALSE;
}

MposMoney
mpos_denomination_value (MposDenomination d)
{
  return (guint)d < MPOS_DENOMINATION_COUNT ? denominations[d].value : 0;
}

const char *
mpos_denomination_name (MposDenomination d)
{
  return (guint)d < MPOS_DENOMINATION_COUNT ? denominations[d].name : "?";
}

gboolean
mpos_cash_count_total (const MposCashCount *count, MposMoney *total, GError **error)
{
  MposMoney sum = 0;

  for (int d = 0; d < MPOS_DENOMINATION_COUNT; d++)
    {
      int64_t n = count->pieces[d];
      if (n < 0 || n > MPOS_SHIFT_MAX_PIECES)
        return mpos_shift_fail (error, MPOS_SHIFT_ERROR_INVALID,
                                R_ ("the count of %s yuan pieces is %" PRId64
                                    ": count 0 to %d pieces of each denomination"),
                                denominations[d].name, n, MPOS_SHIFT_MAX_PIECES);
      /* At most 10^6 × 10^4 fen per denomination: no overflow possible. */
      sum += n * denominations[d].value;
    }
  *total = sum;
  return TRUE;
}

/* The open shift's id, or FALSE when none is open (no error: the caller says why). */
gboolean
mpos_shift_open_id (MposStore *store, char *shift_id, gboolean *found, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_OPEN_ID, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = mpos_store_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return mpos_store_fail (store, rc, "finding the open shift", error);
  *found = rc == SQLITE_ROW;
  if (*found)
    g_strlcpy (shift_id, (const char *)sqlite3_column_text (stmt, 0), MPOS_UUID_STRLEN + 1);
  return TRUE;
}

gboolean
mpos_shift_require_open (MposStore *store, const char *action, char *shift_id, GError **error)
{
  g_autoptr (MposStmt) stmt = NULL;
  gboolean found = FALSE;

  if (!mpos_shift_open_id (store, shift_id, &found, error))
    return FALSE;
  if (found)
    return TRUE;
  if ((stmt = mpos_store_stmt (store, &SQL_COUNTED_NO, error)) == NULL)
    return FALSE;
  if (mpos_store_step (stmt) == SQLITE_ROW)
    return mpos_shift_fail (
        error, MPOS_SHIFT_ERROR_NO_SHIFT,
        R_ ("%s needs an open shift on this terminal's drawer: shift %s is counted "
            "and waits for a manager to accept its over/short (mallposctl shift "
            "accept --manager NUMBER, or on the window's shift panel); then open "
            "the next shift"),
        action, (const char *)sqlite3_column_text (stmt, 0));
  return mpos_shift_fail (
      error, MPOS_SHIFT_ERROR_NO_SHIFT,
      R_ ("%s needs an open shift on this terminal's drawer, and none is "
          "open: open a shift (mallposctl shift open --float 500.00, or sign in "
          "at the window), then try again"),
      action);
}

gboolean
mpos_shift_insert_movement (MposStore *store, const char *shift_id, MposCashKind kind,
                            MposMoney amount, const char *ref, const char *reason,
                            const char *actor, int64_t now, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_INSERT_MOVEMENT, error);

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":shift", shift_id);
  mpos_bind_text (stmt, ":kind", kind_names[kind]);
  mpos_bind_int64 (stmt, ":amount", amount);
  mpos_bind_optional_text (stmt, ":ref", ref);
  mpos_bind_optional_text (stmt, ":reason", reason);
  mpos_bind_text (stmt, ":actor", actor ? actor : "unknown");
  mpos_bind_int64 (stmt, ":at", now);
  return mpos_store_step_done (store, stmt, "recording the drawer's cash", error);
}

static const char *
action_words (MposCashKind kind)
{
  switch (kind)
    {
    case MPOS_CASH_TOP_UP:
      return R_ ("a top-up");
    case MPOS_CASH_TOP_UP_REFUND:
      return R_ ("a top-up refund");
    case MPOS_CASH_EXCHANGE:
      return R_ ("a points exchange");
    case MPOS_CASH_REFUND:
      return R_ ("a return");
    default:
      return R_ ("a sale");
    }
}

gboolean
mpos_shift_record_cash (MposStore *store, MposCashKind kind, MposMoney amount, const char *ref,
                        const char *actor, int64_t now, GError **error)
{
  char shift_id[MPOS_UUID_STRLEN + 1];

  g_return_val_if_fail ((guint)kind < MPOS_CASH_KIND_COUNT, FALSE);
  if (!mpos_shift_require_open (store, action_words (kind), shift_id, error))
    return FALSE;
  return amount == 0
         || mpos_shift_insert_movement (store, shift_id, kind, amount, ref, NULL, actor, now,
                                        error);
}

typedef struct
{
  MposCashKind kind;
  MposMoney amount;
} Movement;

/* Splits a sale's (or return's) cash into its movements (see the top). */
static guint
split_sale (gboolean is_return, MposMoney change, MposMoney cash, MposMoney gift_cards,
            Movement out[3])
{
  MposMoney net = cash - change;
  MposMoney gift = MIN (ABS (gift_cards), ABS (net));

  if (is_return)
    {
      out[0] = (Movement){ MPOS_CASH_GIFT_CARD, -gift };
      out[1] = (Movement){ MPOS_CASH_REFUND, cash + gift };
      out[2] = (Movement){ MPOS_CASH_CHANGE, -change };
      return 3;
    }
  out[0] = (Movement){ MPOS_CASH_GIFT_CARD, gift };
  out[1] = (Movement){ MPOS_CASH_SALE, cash - gift };
  out[2] = (Movement){ MPOS_CASH_CHANGE, -change };
  return 3;
}

gboolean
mpos_shift_record_sale (MposStore *store, const char *sale_id, const char *actor, int64_t now,
                        GError **error)
{
  g_autoptr (MposStmt) stmt = NULL;
  char shift_id[MPOS_UUID_STRLEN + 1];
  g_autofree char *receipt_no = NULL;
  Movement moves[3];
  gboolean is_return;
  guint n;
  int rc;

  if ((stmt = mpos_store_stmt (store, &SQL_SALE_CASH, error)) == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":sale", sale_id);
  if ((rc = mpos_store_step (stmt)) != SQLITE_ROW)
    return mpos_store_fail (store, rc, "reading the sale's cash", error);
  receipt_no = mpos_column_text (stmt, 2);
  is_return = strcmp ((const char *)sqlite3_column_text (stmt, 0), "return") == 0;
  n = split_sale (is_return, sqlite3_column_int64 (stmt, 1), sqlite3_column_int64 (stmt, 3),
                  sqlite3_column_int64 (stmt, 4), moves);
  sqlite3_reset (stmt);
  if (!mpos_shift_require_open (store, is_return ? R_ ("a return") : R_ ("a sale"), shift_id,
                                error))
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (moves[i].amount != 0
        && !mpos_shift_insert_movement (store, shift_id, moves[i].kind, moves[i].amount, receipt_no,
                                        NULL, actor, now, error))
      return FALSE;
  return TRUE;
}

gboolean
mpos_shift_expectation (MposStore *store, const char *shift_id, MposCashExpectation *out,
                        GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_EXPECTATION, error);
  int rc;

  memset (out, 0, sizeof *out);
  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":shift", shift_id);
  while ((rc = mpos_store_step (stmt)) == SQLITE_ROW)
    {
      MposCashKind kind;
      MposMoney sum = sqlite3_column_int64 (stmt, 1);
      if (!mpos_cash_kind_parse ((const char *)sqlite3_column_text (stmt, 0), &kind))
        continue; /* a kind a newer MallPOS wrote: check names it */
      out->by_kind[kind] = sum;
      out->movements += sqlite3_column_int64 (stmt, 2);
      if (!mpos_money_add (out->expected, sum, &out->expected))
        return mpos_shift_fail (error, MPOS_SHIFT_ERROR_INVALID,
                                R_ ("the drawer's expectation overflows: run mallposctl check"));
    }
  if (rc != SQLITE_DONE)
    return mpos_store_fail (store, rc, "summing the drawer's cash", error);
  return TRUE;
}

/* One "DENOMINATION=PIECES" of a typed count into `out`. */
static gboolean
parse_part (const char *part, MposCashCount *out, gboolean seen[], GError **error)
{
  g_auto (GStrv) kv = g_strsplit (part, "=", 2);
  g_autofree char *name = NULL, *pieces = NULL;
  guint64 n = 0;

  if (g_strv_length (kv) != 2)
    return mpos_shift_fail (error, MPOS_SHIFT_ERROR_INVALID,
                            R_ ("“%s” is not DENOMINATION=PIECES (as in 100=3)"), part);
  name = g_strstrip (g_strdup (kv[0]));
  pieces = g_strstrip (g_strdup (kv[1]));
  for (int d = 0; d < MPOS_DENOMINATION_COUNT; d++)
    {
      if (strcmp (name, denominations[d].name) != 0)
        continue;
      if (seen[d])
        return mpos_shift_fail (error, MPOS_SHIFT_ERROR_INVALID,
                                R_ ("%s yuan is counted twice: give each denomination once"), name);
      if (!g_ascii_string_to_unsigned (pieces, 10, 0, MPOS_SHIFT_MAX_PIECES, &n, NULL))
        return mpos_shift_fail (
            error, MPOS_SHIFT_ERROR_INVALID,
            R_ ("the count of %s yuan pieces, “%s”, is not a whole number from 0 "
                "to %d"),
            name, pieces, MPOS_SHIFT_MAX_PIECES);
      seen[d] = TRUE;
      out->pieces[d] = (int64_t)n;
      return TRUE;
    }
  return mpos_shift_fail (
      error, MPOS_SHIFT_ERROR_INVALID,
      R_ ("“%s” is not a denomination: count 100, 50, 20, 10, 5, 1, 0.5 and 0.1 "
          "yuan"),
      name);
}

gboolean
mpos_cash_count_parse (const char *text, MposCashCount *out, GError **error)
{
  g_auto (GStrv) parts = NULL;
  gboolean seen[MPOS_DENOMINATION_COUNT] = { FALSE };
  const char *p = text;

  memset (out, 0, sizeof *out);
  while (p != NULL && g_ascii_isspace (*p))
    p++;
  if (p == NULL || *p == '\0' || !g_utf8_validate (text, -1, NULL))
    return mpos_shift_fail (error, MPOS_SHIFT_ERROR_INVALID,
                            R_ ("give the count as DENOMINATION=PIECES,… (100=3,50=1,0.5=4)"));
  parts = g_strsplit (text, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (!parse_part (parts[i], out, seen, error))
      return FALSE;
  return TRUE;
}

/* ---- the counter hook (store-private.h): no counter action without an open
 * shift, and every one's cash into its drawer, in the action's transaction */

static const char *
counter_words (MposCounterKind kind)
{
  static const char *const words[] = { [MPOS_COUNTER_SALE] = "a sale",
                                       [MPOS_COUNTER_TOP_UP] = "a top-up",
                                       [MPOS_COUNTER_TOP_UP_REFUND] = "a top-up refund",
                                       [MPOS_COUNTER_EXCHANGE] = "a points exchange" };

  return R_ (words[kind]); /* the msgids action_words () marks */
}

static gboolean
counter_check (MposStore *store, MposCounterKind kind, GError **error)
{
  char shift_id[MPOS_UUID_STRLEN + 1];

  return mpos_shift_require_open (store, counter_words (kind), shift_id, error);
}

static gboolean
counter_committing (MposStore *store, const MposCounterAction *a, GError **error)
{
  static const MposCashKind cash_kinds[] = { [MPOS_COUNTER_TOP_UP] = MPOS_CASH_TOP_UP,
                                             [MPOS_COUNTER_TOP_UP_REFUND]
                                             = MPOS_CASH_TOP_UP_REFUND,
                                             [MPOS_COUNTER_EXCHANGE] = MPOS_CASH_EXCHANGE };

  if (a->kind == MPOS_COUNTER_SALE)
    return mpos_shift_record_sale (store, a->id, a->actor, a->now, error);
  return mpos_shift_record_cash (store, cash_kinds[a->kind], a->cash, a->receipt_no, a->actor,
                                 a->now, error);
}

void
mpos_shift_register (void)
{
  static const MposCounterHook hook = { "shift", counter_check, counter_committing, NULL };

  mpos_store_register_counter_hook (&hook);
}
