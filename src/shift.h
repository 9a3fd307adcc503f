/* shift.h — the shift (班次) on this terminal's cash drawer: opened by a
 * member of staff with an opening float (备用金), paid-in (收入), paid-out
 * (支出) and safe drops (存款/上缴) with a reason each, closed with a count by
 * denomination, expected against counted, and a manager's acceptance when
 * the over/short passes the store's limit (policy shift_over_short_limit).
 *
 * The drawer's expectation is a ledger, not a guess: every action that moves
 * cash through this drawer (a sale's cash and change, a cash refund, a cash
 * top-up or top-up refund, the cash part of a points exchange or its
 * cancellation, a gift card sold for cash, paid-in/out, drops) appends a row
 * to the open shift's cash_movements in its own transaction (0028). Sales,
 * returns, top-ups and their refunds, and points exchanges and their
 * cancellations are refused while no shift is open, whatever the tender:
 * each is a counter action with a receipt number that may move cash.
 *
 * One shift per terminal at a time. Every action here is one transaction
 * (BEGIN IMMEDIATE) with its journal entry and, for a close and an
 * acceptance, an audit row; two processes closing at once: one closes, the
 * other is told the shift is already closed. */
#pragma once

#include <glib.h>
#include <stdint.h>
#include <cjson/cJSON.h>
#include "money.h"
#include "staff.h"
#include "store.h"
#include "uuid.h"

G_BEGIN_DECLS

#define MPOS_SHIFT_ERROR (mpos_shift_error_quark ())
GQuark mpos_shift_error_quark (void);

typedef enum
{
  MPOS_SHIFT_ERROR_INVALID,      /* bad amount, reason, count or staff id */
  MPOS_SHIFT_ERROR_NO_SHIFT,     /* no shift is open on this terminal: open one first */
  MPOS_SHIFT_ERROR_ALREADY_OPEN, /* a shift is open (or waits for acceptance): close it first */
  MPOS_SHIFT_ERROR_NOT_FOUND,    /* no shift with that number */
  MPOS_SHIFT_ERROR_CLOSED,       /* that shift is already counted or closed */
  MPOS_SHIFT_ERROR_NOT_COUNTED,  /* accept: the shift does not wait for a manager */
} MposShiftError;

typedef enum
{
  MPOS_SHIFT_OPEN,    /* taking sales */
  MPOS_SHIFT_COUNTED, /* counted, over/short past the limit: waits for a manager's acceptance */
  MPOS_SHIFT_CLOSED,  /* closed (accepted, or within the limit) */
} MposShiftStatus;

/* The denominations counted at close, largest first: 100, 50, 20, 10, 5,
 * 1 yuan, 5 and 1 jiao (in fen: 10000 … 10). */
typedef enum
{
  MPOS_DENOMINATION_100,
  MPOS_DENOMINATION_50,
  MPOS_DENOMINATION_20,
  MPOS_DENOMINATION_10,
  MPOS_DENOMINATION_5,
  MPOS_DENOMINATION_1,
  MPOS_DENOMINATION_0_5,
  MPOS_DENOMINATION_0_1,
  MPOS_DENOMINATION_COUNT
} MposDenomination;

/* The most pieces of one denomination a count may hold. */
#define MPOS_SHIFT_MAX_PIECES 1000000
/* The largest float, paid-in, paid-out or drop: 1,000,000.00 yuan. */
#define MPOS_SHIFT_MAX_AMOUNT ((MposMoney)100000000)
#define MPOS_SHIFT_REASON_MAX_BYTES 200

/* Its value in fen (10000, 5000, …, 10) and its name ("100", …, "0.1"). */
MposMoney mpos_denomination_value (MposDenomination d);
const char *mpos_denomination_name (MposDenomination d);

/* A count of the drawer: pieces of each denomination. */
typedef struct
{
  int64_t pieces[MPOS_DENOMINATION_COUNT];
} MposCashCount;

/* The count's total in fen; INVALID for a negative count or more than
 * MPOS_SHIFT_MAX_PIECES of one denomination. */
gboolean mpos_cash_count_total (const MposCashCount *count, MposMoney *total, GError **error);

/* Parses a count as typed: "100=3,50=1,0.5=4" — DENOMINATION=PIECES
 * separated by commas (blanks allowed), each denomination at most once,
 * the ones not named 0. INVALID says which part is wrong. */
gboolean mpos_cash_count_parse (const char *text, MposCashCount *out, GError **error);

/* Each kind of cash movement, with its sign in the drawer. */
typedef enum
{
  MPOS_CASH_FLOAT,         /* + the opening float */
  MPOS_CASH_SALE,          /* + cash tendered for sales (less what paid gift cards) */
  MPOS_CASH_CHANGE,        /* − change given */
  MPOS_CASH_REFUND,        /* − cash refunded on returns */
  MPOS_CASH_TOP_UP,        /* + stored-value top-ups paid in cash */
  MPOS_CASH_TOP_UP_REFUND, /* − top-ups refunded in cash */
  MPOS_CASH_EXCHANGE,  /* ± the cash part of points exchanges (+) and their cancellations (−) */
  MPOS_CASH_GIFT_CARD, /* ± gift cards sold for cash (+), returned for cash (−) */
  MPOS_CASH_PAY_IN,    /* + paid-in */
  MPOS_CASH_PAY_OUT,   /* − paid-out */
  MPOS_CASH_DROP,      /* − safe drops */
  MPOS_CASH_KIND_COUNT
} MposCashKind;

/* "float", "sale", "change", "refund", "top_up", "top_up_refund",
 * "exchange", "gift_card", "pay_in", "pay_out", "drop"; and back. */
const char *mpos_cash_kind_name (MposCashKind kind);
gboolean mpos_cash_kind_parse (const char *text, MposCashKind *out);

/* The drawer's expectation: what each kind of movement put in (+) or took
 * out (−), and their sum, which is what the drawer should hold. */
typedef struct
{
  MposMoney by_kind[MPOS_CASH_KIND_COUNT];
  int64_t movements; /* rows summed (the float included) */
  MposMoney expected;
} MposCashExpectation;

typedef struct
{
  char *id;       /* UUIDv7 */
  char *shift_no; /* "S001-T01-20261207-H01" */
  MposShiftStatus status;
  char *business_day; /* the day it opened */
  char *opened_by;
  int64_t opened_at;
  MposMoney opening_float;
  /* Once counted: */
  char *counted_by;
  int64_t counted_at;
  MposCashCount count;
  MposMoney counted;    /* the count's total */
  MposMoney expected;   /* the expectation when counted */
  MposMoney over_short; /* counted − expected: + over, − short */
  /* Once closed: */
  char *accepted_by; /* the manager who accepted an over/short past the limit, or NULL */
  int64_t closed_at;
  MposCashExpectation cash; /* the expectation now (open) or when counted */
} MposShift;

void mpos_shift_clear (MposShift *shift);
void mpos_shift_free (MposShift *shift);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MposShift, mpos_shift_clear)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MposShift, mpos_shift_free)

/* "open", "counted", "closed". */
const char *mpos_shift_status_name (MposShiftStatus status);

/* Opens a shift with `opening_float` (0 … MPOS_SHIFT_MAX_AMOUNT) for
 * `staff` (a staff number or cashier id; NULL: the terminal's default
 * cashier). ALREADY_OPEN when a shift is open or waits for acceptance. */
gboolean mpos_shift_open (MposStore *store, const char *staff, MposMoney opening_float,
                          MposShift *out, GError **error);

/* Paid-in (MPOS_CASH_PAY_IN), paid-out (PAY_OUT) or a safe drop (DROP) of
 * `amount` (> 0) with a reason (1 … MPOS_SHIFT_REASON_MAX_BYTES, one line)
 * on the open shift. A paid-out or drop larger than the drawer's
 * expectation is refused (INVALID). *out (may be NULL) gets the shift after. */
gboolean mpos_shift_move_cash (MposStore *store, const char *staff, MposCashKind kind,
                               MposMoney amount, const char *reason, MposShift *out,
                               GError **error);

/* Closes the open shift with `count`. Within the store's over/short limit
 * it closes; past it, with `manager` (may be NULL) a credential allowed
 * shift_accept, it closes with the manager's name; without one it is left
 * COUNTED (no more sales) for mpos_shift_accept, and TRUE is returned with
 * out->status COUNTED. NO_SHIFT when none is open. */
gboolean mpos_shift_close (MposStore *store, const char *staff, const MposCashCount *count,
                           const MposStaffCredential *manager, MposShift *out, GError **error);

/* A manager accepts the counted shift `shift_no` (NULL: the terminal's
 * counted one) and closes it. NOT_COUNTED when it does not wait. */
gboolean mpos_shift_accept (MposStore *store, const char *shift_no,
                            const MposStaffCredential *manager, MposShift *out, GError **error);

/* The open (or counted) shift, with its expectation now; FALSE with
 * NO_SHIFT when there is none. */
gboolean mpos_shift_current (MposStore *store, MposShift *out, GError **error);

/* The shift `shift_no`, with its expectation (now, or when counted). */
gboolean mpos_shift_get (MposStore *store, const char *shift_no, MposShift *out, GError **error);

/* The shifts opened on business days from `day_from` to `day_to`
 * ("20261207"; NULL: no bound), newest first: a new array of MposShift*. */
GPtrArray *mpos_shift_list (MposStore *store, const char *day_from, const char *day_to,
                            GError **error);

/* The drawer's expectation of shift `shift_id` (its id, not its number),
 * broken down by movement kind. For the X/Z reports' cash section. */
gboolean mpos_shift_expectation (MposStore *store, const char *shift_id, MposCashExpectation *out,
                                 GError **error);

/* The over/short past which a manager must accept (policy, fen). */
gboolean mpos_shift_over_short_limit (MposStore *store, MposMoney *out, GError **error);

cJSON *mpos_cash_expectation_to_json (const MposCashExpectation *cash);
cJSON *mpos_shift_to_json (MposStore *store, const MposShift *shift);

/* ---- for the actions that move cash (sale, return, top-up, exchange) ---- */

/* Registers the drawer's counter hook (store-private.h): no counter action
 * without an open shift, and each one's cash into its drawer, in the
 * action's transaction. Called once by mpos_core_init. */
void mpos_shift_register (void);

/* Inside the action's transaction: the open shift's id into
 * shift_id[MPOS_UUID_STRLEN + 1], or NO_SHIFT ("no shift is open … open a
 * shift: mallposctl shift open --float 500.00"), naming `action` ("a sale"). */
gboolean mpos_shift_require_open (MposStore *store, const char *action, char *shift_id,
                                  GError **error);

/* Inside the action's transaction: requires an open shift and appends a
 * movement of `amount` (signed, as the kind says; 0 is not written) naming
 * the record `ref` (a receipt number). */
gboolean mpos_shift_record_cash (MposStore *store, MposCashKind kind, MposMoney amount,
                                 const char *ref, const char *actor, int64_t now, GError **error);

/* Inside a sale's or return's transaction, after its tenders are written:
 * requires an open shift and records the sale's cash (sale, change,
 * gift_card; refund for a return). */
gboolean mpos_shift_record_sale (MposStore *store, const char *sale_id, const char *actor,
                                 int64_t now, GError **error);

G_END_DECLS
