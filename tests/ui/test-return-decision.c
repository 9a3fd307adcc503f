/* test-return-decision.c — returns that wait for a supervisor (待审批退货,
 * issue 14), answered in the window: F10's returns page lists them; a
 * cashier's own PIN does not answer one; a supervisor approves one with
 * their number and PIN (refunded in cash, the return receipt prints) or
 * rejects one with a reason (nothing refunded; the receipt says 退货已驳回,
 * by whom and why). The PIN is checked off the main loop. A supervisor
 * may answer with their staff card instead of their number (with the PIN,
 * or alone where the store's policy says so). F2 shows the waiting returns
 * and goes back. Driven through the real widgets, the X keyboard and a
 * virtual card reader in zh_CN, asserted on the widgets and on the store
 * (mallposctl check passes); screenshots saved. */
#include "ui-test.h"

#include "mpos-return-pending.h"
#include "mpos-till.h"
#include "sale.h"
#include "terminal-language.h"

#include <string.h>

#define COLA "6982959570664" /* 可口可乐 500ml */

static MposStore *
store_of (UiTest *t)
{
  return mpos_till_get_store (mpos_window_get_till (t->window));
}

static MposReturnPending *
pending_of (UiTest *t)
{
  return MPOS_RETURN_PENDING (ui_find (ui_win (t), "pending"));
}

static gboolean
answered (gpointer data)
{
  return !mpos_return_pending_is_checking (pending_of (data));
}

static void
click (UiTest *t, const char *id)
{
  g_signal_emit_by_name (ui_find (ui_win (t), id), "clicked");
}

/* A return of two colas without a receipt that no supervisor signed, made
 * as a cashier makes one at another till: it waits. Its receipt number. */
static char *
pending_return (UiTest *t)
{
  g_autofree char *command = g_strdup_printf (
      "sh -c 'printf %%s \"{\\\"cashier\\\": \\\"1001\\\", \\\"lines\\\": [{\\\"code\\\": "
      "\\\"%s\\\", \\\"qty\\\": 2}]}\" | \"$MALLPOSCTL\" return --no-receipt --cashier 1001 "
      "--reason 无小票 --store %s'",
      COLA, t->store_path);
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) waiting = NULL;
  int wait = 0;

  g_assert_true (g_spawn_command_line_sync (command, &out, &err, &wait, &error));
  if (!g_spawn_check_wait_status (wait, NULL))
    g_error ("%s\n%s%s", command, out, err);
  waiting = mpos_sale_pending_returns (store_of (t), 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (waiting->len, >, 0);
  return g_strdup (g_ptr_array_index (waiting, waiting->len - 1));
}

/* F10, then the waiting returns: the toggle counts them, the first is shown. */
static void
open_waiting (UiTest *t, guint count, const char *first)
{
  g_autofree char *label = g_strdup_printf ("F2 待审批退货（%u）", count);
  GtkWidget *toggle = ui_find (ui_win (t), "pending_toggle");

  ui_key (GDK_KEY_F10, FALSE);
  ui_wait_page (t, "return");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (toggle)), ==, label);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), TRUE);
  g_assert_true (gtk_widget_get_visible (ui_find (ui_win (t), "pending_list")));
  g_assert_false (gtk_widget_get_visible (ui_find (ui_win (t), "refund_button")));
  g_assert_nonnull (strstr (ui_text (ui_win (t), "pending_detail"), first));
  g_assert_nonnull (strstr (ui_text (ui_win (t), "pending_detail"), "无小票"));
  g_assert_nonnull (strstr (ui_text (ui_win (t), "pending_lines"), "可口可乐"));
}

/* The newest page the virtual printer wrote (NNNN.txt), as a path. */
static char *
newest_receipt (UiTest *t)
{
  g_autoptr (GDir) dir = g_dir_open (t->receipt_dir, 0, NULL);
  g_autofree char *newest = NULL;
  const char *name;

  while (dir && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".txt") && g_strcmp0 (name, newest) > 0)
      {
        g_free (newest);
        newest = g_strdup (name);
      }
  g_assert_nonnull (newest);
  return g_build_filename (t->receipt_dir, newest, NULL);
}

static char *
newest_receipt_text (UiTest *t)
{
  g_autofree char *path = newest_receipt (t);
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

/* The PNG is drawn to its end: its last chunk (IEND) is written. */
static gboolean
png_complete (gpointer path)
{
  g_autofree char *bytes = NULL;
  gsize length = 0;

  return g_file_get_contents (path, &bytes, &length, NULL) && length > 12
         && memcmp (bytes + length - 8, "IEND", 4) == 0;
}

/* Keeps the newest receipt's drawing (NNNN.png) beside the screenshots. */
static void
save_receipt_png (UiTest *t, const char *name)
{
  g_autofree char *txt = newest_receipt (t);
  g_autofree char *png = g_strdup (txt);
  g_autofree char *target = NULL, *bytes = NULL;
  gsize length = 0;

  memcpy (png + strlen (png) - 3, "png", 3);
  ui_wait (png_complete, png);
  target = g_strdup_printf ("%s/%s.png", g_getenv ("MALLPOS_UI_OUTPUT"), name);
  g_mkdir_with_parents (g_getenv ("MALLPOS_UI_OUTPUT"), 0755);
  g_assert_true (g_file_get_contents (png, &bytes, &length, NULL));
  g_assert_true (g_file_set_contents (target, bytes, (gssize)length, NULL));
  g_test_message ("receipt: %s", target);
}

static gboolean
receipt_printed (gpointer data)
{
  UiTest *t = ((gpointer *)data)[0];
  const char *receipt_no = ((gpointer *)data)[1];
  g_autoptr (GDir) dir = g_dir_open (t->receipt_dir, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".txt"))
      {
        g_autofree char *path = g_build_filename (t->receipt_dir, name, NULL);
        g_autofree char *text = NULL;
        if (g_file_get_contents (path, &text, NULL, NULL) && strstr (text, receipt_no))
          return TRUE;
      }
  return FALSE;
}

static void
wait_for_receipt (UiTest *t, const char *receipt_no)
{
  gpointer data[] = { t, (gpointer)receipt_no };

  ui_wait (receipt_printed, data);
}

static void
assert_store_checks (UiTest *t)
{
  g_autofree char *out = ui_ctl (t, 0, "check");
  g_assert_nonnull (strstr (out, "ok"));
}

/* The supervisor's answer is sent: the page answers at once, checking,
 * with the PIN field already emptied and nothing decided yet. */
static void
send_answer (UiTest *t, const char *button, const char *receipt_no)
{
  g_autoptr (MposSaleRecord) ret = NULL;

  click (t, button);
  g_assert_true (mpos_return_pending_is_checking (pending_of (t)));
  g_assert_cmpstr (ui_text (ui_win (t), "pending_pin"), ==, "");
  g_assert_false (gtk_widget_get_sensitive (ui_find (ui_win (t), "pending_approve")));
  ret = mpos_sale_load (store_of (t), receipt_no, NULL);
  g_assert_cmpstr (ret->status, ==, "pending_approval");
  ui_wait (answered, t);
}

/* The cashier's own PIN answers nothing: refused in words, still waiting. */
static void
cashier_may_not (UiTest *t, const char *button, const char *receipt_no)
{
  g_autoptr (GPtrArray) waiting = NULL;

  ui_set_text (t, "pending_staff", "1001");
  ui_set_text (t, "pending_pin", "1234");
  send_answer (t, button, receipt_no);
  g_assert_cmpstr (ui_text (ui_win (t), "pending_problem"), !=, "");
  g_assert_cmpstr (mpos_window_get_page (t->window), ==, "return");
  waiting = mpos_sale_pending_returns (store_of (t), 10, NULL);
  g_assert_cmpuint (waiting->len, ==, 2);
}

/* The window is back on the sale page; the return `receipt_no` was taken
 * by cashier 1001, approved by supervisor 8001 and refunded in cash. */
static void
assert_approved (UiTest *t, const char *receipt_no)
{
  g_autoptr (MposSaleRecord) ret = NULL;

  ui_wait_page (t, "sale");
  ret = mpos_sale_load (store_of (t), receipt_no, NULL);
  g_assert_cmpstr (ret->status, ==, "completed");
  g_assert_cmpstr (ret->cashier, ==, "1001");
  g_assert_cmpstr (ret->approved_by, ==, "8001");
  g_assert_cmpuint (ret->tenders->len, ==, 1);
}

/* The window is back on the sale page; the return `receipt_no` was
 * rejected by supervisor 8001 for 包装已拆, nothing refunded. */
static void
assert_rejected (UiTest *t, const char *receipt_no)
{
  g_autoptr (MposSaleRecord) ret = NULL;
  g_autofree char *by = NULL, *reason = NULL;

  ui_wait_page (t, "sale");
  ret = mpos_sale_load (store_of (t), receipt_no, NULL);
  g_assert_true (mpos_sale_return_rejection (store_of (t), ret->id, &by, &reason, NULL));
  g_assert_cmpstr (by, ==, "8001");
  g_assert_cmpstr (reason, ==, "包装已拆");
  g_assert_cmpuint (ret->tenders->len, ==, 0);
}

/* The window in zh_CN with two returns waiting, signed in by cashier 1001
 * and showing them (F10, the waiting returns). */
static UiTest *
two_waiting (char **first, char **second)
{
  UiTest *t;

  g_setenv ("MALLPOS_LANGUAGE", "zh_CN", TRUE);
  t = ui_test_new ();
  *first = pending_return (t);
  *second = pending_return (t);
  ui_cashier_signs_in (t);
  open_waiting (t, 2, *first);
  return t;
}

static void
test_approve (void)
{
  g_autofree char *first = NULL, *second = NULL, *text = NULL;
  g_autoptr (UiTest) t = two_waiting (&first, &second);

  g_free (ui_screenshot (ui_win (t), "return-pending-zh_CN"));
  cashier_may_not (t, "pending_approve", first);
  ui_set_text (t, "pending_staff", "8001");
  ui_set_text (t, "pending_pin", "5678");
  send_answer (t, "pending_approve", first);
  assert_approved (t, first);
  g_assert_nonnull (strstr (mpos_window_get_notice (t->window), first));
  g_assert_nonnull (strstr (mpos_window_get_notice (t->window), "8001"));
  wait_for_receipt (t, first);
  text = newest_receipt_text (t);
  g_assert_nonnull (strstr (text, first));
  g_assert_null (strstr (text, "待审批"));
  open_waiting (t, 1, second);
  assert_store_checks (t);
}

static void
test_reject (void)
{
  g_autofree char *first = NULL, *second = NULL, *text = NULL;
  g_autoptr (UiTest) t = two_waiting (&first, &second);

  ui_set_text (t, "pending_staff", "8001");
  ui_set_text (t, "pending_pin", "5678");
  click (t, "pending_reject"); /* no reason: refused before any PIN check */
  g_assert_false (mpos_return_pending_is_checking (pending_of (t)));
  g_assert_cmpstr (ui_text (ui_win (t), "pending_problem"), !=, "");
  ui_set_text (t, "pending_reason", "包装已拆");
  cashier_may_not (t, "pending_reject", first);
  ui_set_text (t, "pending_staff", "8001");
  ui_set_text (t, "pending_pin", "5678");
  g_free (ui_screenshot (ui_win (t), "return-reject-zh_CN"));
  send_answer (t, "pending_reject", first);
  assert_rejected (t, first);
  g_assert_nonnull (strstr (mpos_window_get_notice (t->window), first));
  wait_for_receipt (t, first);
  text = newest_receipt_text (t);
  g_assert_nonnull (strstr (text, "退货已驳回 不予退款"));
  g_assert_nonnull (strstr (text, "驳回人 8001：包装已拆"));
  g_assert_null (strstr (text, "6.30")); /* nothing due to the customer */
  g_assert_null (strstr (text, "找零"));
  g_assert_null (strstr (text, "待审批"));
  save_receipt_png (t, "receipt-return-rejected-zh_CN");
  open_waiting (t, 1, second);
  g_free (ui_screenshot (ui_win (t), "return-pending-after-reject-zh_CN"));
  assert_store_checks (t);
}

/* ---- a supervisor's staff card ---------------------------------------------------------- */

#define CASHIER_CARD "20260001"
#define SUPERVISOR_CARD "20268001"

/* The audit's "actor approver" of the last row of `action` on `ref`. */
static char *
audit_of (UiTest *t, const char *action, const char *ref)
{
  g_autofree char *command = g_strdup_printf (
      "sqlite3 %s \"SELECT actor || ' ' || coalesce(approved_by, '-') FROM audit WHERE action "
      "= '%s' AND ref = '%s' ORDER BY id DESC LIMIT 1\"",
      t->store_path, action, ref);
  char *out = NULL;

  g_assert_true (g_spawn_command_line_sync (command, &out, NULL, NULL, NULL));
  return g_strstrip (out);
}

/* The store wanting the PIN with a card: the cashier's own card and PIN
 * answer nothing; the supervisor's card alone waits for their PIN and,
 * with it, approves: the return and the audit name the cashier and the
 * supervisor (as a rejection does), and no card is in the journal. */
static void
test_approve_by_staff_card (void)
{
  g_autofree char *first = NULL, *second = NULL, *audit = NULL, *journal = NULL;
  g_autoptr (UiTest) t = two_waiting (&first, &second);
  UiCardReader reader = ui_card_reader (t);

  ui_give_staff_card (t, "1001", CASHIER_CARD);
  ui_give_staff_card (t, "8001", SUPERVISOR_CARD);
  ui_read_card (&reader, CASHIER_CARD);
  g_assert_cmpstr (mpos_window_get_page (t->window), ==, "return");
  g_assert_nonnull (strstr (ui_text (ui_win (t), "pending_problem"), "员工卡"));
  ui_set_text (t, "pending_pin", "1234");
  send_answer (t, "pending_approve", first);
  g_assert_nonnull (strstr (ui_text (ui_win (t), "pending_problem"), "无权"));

  ui_read_card (&reader, SUPERVISOR_CARD);
  send_answer (t, "pending_approve", first); /* this store wants the PIN with it */
  g_assert_nonnull (strstr (ui_text (ui_win (t), "pending_problem"), "密码"));
  ui_set_text (t, "pending_pin", "5678");
  g_free (ui_screenshot (ui_win (t), "return-approve-by-staff-card-zh_CN"));
  send_answer (t, "pending_approve", first);
  assert_approved (t, first);
  g_assert_nonnull (strstr (mpos_window_get_notice (t->window), "8001"));
  audit = audit_of (t, "return_approved", first); /* the return's cashier, approved by */
  g_assert_cmpstr (audit, ==, "1001 8001");
  journal = ui_ctl (t, 0, "journal --json");
  g_assert_null (strstr (journal, SUPERVISOR_CARD));
  wait_for_receipt (t, first);
  ui_card_reader_free (&reader);
  assert_store_checks (t);
}

/* staff_card_alone 1: the supervisor's card alone rejects, with the
 * reason typed; the rejection names the supervisor, the audit both. */
static void
test_reject_by_staff_card_alone (void)
{
  g_autofree char *first = NULL, *second = NULL, *audit = NULL;
  g_autoptr (UiTest) t = two_waiting (&first, &second);
  UiCardReader reader = ui_card_reader (t);

  ui_give_staff_card (t, "8001", SUPERVISOR_CARD);
  g_setenv ("MALLPOS_SUPERVISOR_PIN", "9001", TRUE);
  g_free (ui_ctl (t, 0, "staff policy staff_card_alone 1 --manager 9001"));
  g_unsetenv ("MALLPOS_SUPERVISOR_PIN");
  ui_set_text (t, "pending_reason", "包装已拆");
  ui_read_card (&reader, SUPERVISOR_CARD);
  send_answer (t, "pending_reject", first);
  assert_rejected (t, first);
  g_assert_nonnull (strstr (mpos_window_get_notice (t->window), "8001"));
  audit = audit_of (t, "return_rejected", first);
  g_assert_cmpstr (audit, ==, "1001 8001");
  ui_card_reader_free (&reader);
  assert_store_checks (t);
}

/* ---- F2: the waiting returns by keyboard ----------------------------------------------- */

static gboolean
toggle_active (UiTest *t)
{
  return gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (ui_find (ui_win (t), "pending_toggle")));
}

/* F10 then F2 shows the waiting returns, F1 names F2 on the returns page,
 * F2 again goes back to the receipt's return. */
static void
test_waiting_by_keyboard (void)
{
  g_autofree char *first = NULL;
  g_autoptr (UiTest) t = NULL;

  g_setenv ("MALLPOS_LANGUAGE", "zh_CN", TRUE);
  t = ui_test_new ();
  first = pending_return (t);
  ui_cashier_signs_in (t);
  ui_key (GDK_KEY_F10, FALSE);
  ui_wait_page (t, "return");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (ui_find (ui_win (t), "pending_toggle"))), ==,
                   "F2 待审批退货（1）");
  g_assert_false (toggle_active (t));
  ui_key (GDK_KEY_F2, FALSE);
  ui_spin (100);
  g_assert_true (toggle_active (t));
  g_assert_true (gtk_widget_get_visible (ui_find (ui_win (t), "pending_list")));
  g_assert_nonnull (strstr (ui_text (ui_win (t), "pending_detail"), first));
  g_assert_false (gtk_widget_get_visible (ui_find (ui_win (t), "member_dialog")));
  ui_key (GDK_KEY_F1, FALSE);
  ui_spin (100);
  g_assert_true (gtk_widget_get_visible (ui_find (ui_win (t), "shortcut_sheet")));
  g_free (ui_screenshot (ui_win (t), "return-shortcuts-zh_CN"));
  ui_key (GDK_KEY_F1, FALSE);
  ui_spin (100);
  ui_key (GDK_KEY_F2, FALSE);
  ui_spin (100);
  g_assert_false (toggle_active (t));
  g_assert_cmpstr (mpos_window_get_page (t->window), ==, "return");
  g_assert_true (gtk_widget_get_visible (ui_find (ui_win (t), "refund_button")));
}

int
main (int argc, char **argv)
{
  g_setenv ("MALLPOS_NOW", "2026-11-23T10:00:00+08:00", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  mpos_i18n_init (NULL);
  g_test_add_func ("/return-decision/approve", test_approve);
  g_test_add_func ("/return-decision/reject", test_reject);
  g_test_add_func ("/return-decision/approve-by-staff-card", test_approve_by_staff_card);
  g_test_add_func ("/return-decision/reject-by-staff-card-alone", test_reject_by_staff_card_alone);
  g_test_add_func ("/return-decision/waiting-by-keyboard", test_waiting_by_keyboard);
  return g_test_run ();
}
