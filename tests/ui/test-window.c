/* test-window.c — the cashier window driven as a cashier drives it: keys
 * typed through the X server (a person, or a keyboard-wedge scanner's
 * burst), buttons clicked, actions by function key; asserts on the widgets
 * and on the store afterwards (mallposctl check), and saves a screenshot of
 * each main screen. Each case runs in its own process (tests/ui/meson.build). */
#include "ui-test.h"

#include "clock.h"
#include "coupon.h"
#include "mpos-blind-return.h"
#include "mpos-format.h"
#include "mpos-payment-page.h"
#include "mpos-sale-page.h"
#include "mpos-sign-in-page.h"
#include "mpos-till.h"
#include "points.h"
#include "sale.h"
#include "shift.h"
#include "stored-value.h"
#include "suspend.h"
#include "journal.h"
#include "sync-state.h"
#include "terminal-language.h"
#include "scanner-virtual.h"
#include "virtual-printer.h"

#include <unistd.h>

#include <string.h>

#define MEMBER_CARD "8800000000017"
#define COLA "6982959570664"      /* 可口可乐 500ml ¥3.50, 饮料限时九折 */
#define DETERGENT "6960198794607" /* 蓝月亮洗衣液 3kg ¥59.90, gold ¥56.90 */
#define BEER "6984669428723"      /* 青岛啤酒 ¥6.00, 买二送一 */
#define SCALE_LABEL "2000101012504"

static MposTill *
till_of (UiTest *t)
{
  return mpos_window_get_till (t->window);
}

static guint
n_lines (UiTest *t)
{
  return g_list_model_get_n_items (mpos_till_get_lines (till_of (t)));
}

static void
sign_in (UiTest *t)
{
  g_assert_cmpstr (mpos_window_get_page (t->window), ==, "sign-in");
  ui_type_sign_in (t, "1001", "1234");
  ui_wait_page (t, "sale");
  g_assert_cmpstr (mpos_till_get_cashier (till_of (t)), ==, "1001");
}

typedef struct
{
  UiTest *t;
  guint lines;
} LinesWait;

static gboolean
has_lines (gpointer data)
{
  LinesWait *w = data;
  return n_lines (w->t) >= w->lines;
}

static void
scan_and_wait (UiTest *t, const char *code, guint lines)
{
  LinesWait w = { t, lines };

  ui_scan (code);
  ui_wait (has_lines, &w);
}

static void
assert_store_checks (UiTest *t)
{
  g_autofree char *out = ui_ctl (t, 0, "check");
  g_assert_nonnull (strstr (out, "ok"));
}

/* ---- signing in and locking ---------------------------------------------------------- */

static gboolean
sign_in_answered (gpointer data)
{
  UiTest *t = data;
  return !mpos_sign_in_page_is_checking (MPOS_SIGN_IN_PAGE (ui_find (ui_win (t), "sign_in_page")));
}

typedef struct
{
  UiTest *t;
  guint ticks; /* main loop ticks while the PIN was checked */
} Ticks;

static gboolean
tick (gpointer data)
{
  Ticks *ticks = data;

  ticks->ticks++;
  return G_SOURCE_CONTINUE;
}

/* The PIN's argon2 hash is checked off the main loop: Enter returns at
 * once with the fields waiting, the main loop keeps turning (a clock tick
 * every 5 ms) until the answer comes back and signs in. */
static void
test_sign_in_never_freezes (void)
{
  g_autoptr (UiTest) t = ui_test_new ();
  GtkWidget *pin = ui_find (ui_win (t), "pin_entry");
  Ticks ticks = { t, 0 };
  guint source;

  gtk_editable_set_text (GTK_EDITABLE (ui_find (ui_win (t), "number_entry")), "1001");
  gtk_editable_set_text (GTK_EDITABLE (pin), "1234");
  source = g_timeout_add (5, tick, &ticks);
  g_signal_emit_by_name (pin, "activate");
  g_assert_true (mpos_sign_in_page_is_checking (
      MPOS_SIGN_IN_PAGE (ui_find (ui_win (t), "sign_in_page"))));
  g_assert_cmpstr (mpos_window_get_page (t->window), ==, "sign-in");
  g_assert_false (gtk_editable_get_editable (GTK_EDITABLE (pin)));
  g_assert_cmpstr (ui_text (ui_win (t), "pin_entry"), ==, ""); /* never kept */
  g_free (ui_screenshot (ui_win (t), "sign-in-checking"));
  ui_wait_page (t, "sale");
  g_source_remove (source);
  g_assert_cmpuint (ticks.ticks, >, 0);
  g_assert_cmpstr (mpos_till_get_cashier (till_of (t)), ==, "1001");
  g_assert_true (gtk_editable_get_editable (GTK_EDITABLE (pin)));
}

/* A wrong PIN is refused in words; the right one (typed on the on-screen
 * pad) signs in; a scan before that is refused and sells nothing. */
static void
test_sign_in (void)
{
  g_autoptr (UiTest) t = ui_test_new ();

  g_free (ui_screenshot (ui_win (t), "sign-in"));
  ui_scan (COLA);
  g_assert_cmpuint (n_lines (t), ==, 0);
  g_assert_nonnull (strstr (mpos_window_get_notice (t->window), "Sign in first"));
  ui_type_sign_in (t, "1001", "9999");
  ui_wait (sign_in_answered, t);
  g_assert_cmpstr (mpos_window_get_page (t->window), ==, "sign-in");
  g_assert_nonnull (strstr (ui_text (ui_win (t), "sign_in_problem"), "wrong staff number or PIN"));
  g_assert_null (mpos_till_get_cashier (till_of (t)));
  g_assert_cmpstr (ui_text (ui_win (t), "pin_entry"), ==, "");
  /* the pad: the PIN field has the cursor after the refusal */
  ui_click (ui_win (t), "1");
  ui_click (ui_win (t), "2");
  ui_click (ui_win (t), "3");
  ui_click (ui_win (t), "4");
  ui_click (ui_win (t), "⏎");
  ui_wait_page (t, "sale");
  g_assert_cmpstr (mpos_till_get_cashier_name (till_of (t)), ==, "王小明");
  g_autofree char *audit = ui_ctl (t, 0, "staff list");
  g_assert_nonnull (strstr (audit, "1001"));
}

/* F11 locks the till with a sale open: scans are refused while locked and
 * the sale is there again after signing in. */
static void
test_lock_keeps_the_sale (void)
{
  g_autoptr (UiTest) t = ui_test_new ();

  sign_in (t);
  scan_and_wait (t, COLA, 1);
  ui_key (GDK_KEY_F11, FALSE);
  g_assert_cmpstr (mpos_window_get_page (t->window), ==, "sign-in");
  g_assert_nonnull (strstr (ui_text (ui_win (t), "locked_label"), "王小明"));
  g_free (ui_screenshot (ui_win (t), "locked"));
  ui_scan (BEER);
  g_assert_cmpuint (n_lines (t), ==, 1);
  ui_type_sign_in (t, "1001", "1234");
  ui_wait_page (t, "sale");
  g_assert_cmpuint (n_lines (t), ==, 1);
  scan_and_wait (t, BEER, 2);
}

/* ---- scanning ---------------------------------------------------------------------- */

/* A cashier types a name into the code entry; scans arrive meanwhile: they
 * become the member and lines, and the typed text stays exactly as typed. */
static void
test_wedge_scans_while_typing (void)
{
  g_autoptr (UiTest) t = ui_test_new ();
  GtkWidget *entry = ui_find (ui_win (t), "code_entry");
  g_autofree char *total = NULL;

  sign_in (t);
  gtk_widget_grab_focus (entry);
  ui_type ("kkkl");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "kkkl");
  ui_scan (MEMBER_CARD);
  scan_and_wait (t, COLA, 1);
  scan_and_wait (t, DETERGENT, 2);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "kkkl");
  /* the entry (its text child) kept the focus */
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (t->window)), entry));
  g_assert_nonnull (mpos_cart_get_member (mpos_till_get_cart (till_of (t))));
  g_assert_nonnull (strstr (ui_text (ui_win (t), "member_name"), "张伟"));
  /* the member's prices: less than the list prices ¥59.90 + ¥3.50 */
  total = mpos_format_money (mpos_cart_total (mpos_till_get_cart (till_of (t))));
  g_assert_cmpint (mpos_cart_total (mpos_till_get_cart (till_of (t))), <, 5990 + 350);
  g_assert_cmpstr (ui_text (ui_win (t), "payable_label"), ==, total);
  g_free (ui_screenshot (ui_win (t), "sale-member-scans"));
}

static void
test_unknown_code_in_plain_words (void)
{
  g_autoptr (UiTest) t = ui_test_new ();

  sign_in (t);
  ui_scan ("6901234567892");
  g_assert_cmpuint (n_lines (t), ==, 0);
  g_assert_nonnull (strstr (mpos_window_get_notice (t->window), "is not a product"));
  g_free (ui_screenshot (ui_win (t), "sale-unknown-code"));
}

static void
test_weighed_item (void)
{
  g_autoptr (UiTest) t = ui_test_new ();
  MposCartLine *line;

  sign_in (t);
  scan_and_wait (t, SCALE_LABEL, 1);
  line = mpos_cart_get_line (mpos_till_get_cart (till_of (t)), 1);
  g_assert_nonnull (line);
  g_assert_cmpint (line->sku->unit, ==, MPOS_UNIT_WEIGHT);
  g_assert_cmpint (line->qty, ==, 1250);
  /* a code keyed by hand and Enter: one line, as a scan */
  gtk_widget_grab_focus (ui_find (ui_win (t), "code_entry"));
  ui_type (COLA);
  ui_key (GDK_KEY_Return, FALSE);
  g_assert_cmpuint (n_lines (t), ==, 2);
  g_assert_cmpstr (ui_text (ui_win (t), "code_entry"), ==, "");
  g_free (ui_screenshot (ui_win (t), "sale-weighed"));
}

static gboolean
has_coupon (gpointer data)
{
  return mpos_cart_get_coupons (mpos_till_get_cart (till_of (data)))->len > 0
         || g_strcmp0 (mpos_window_get_notice (((UiTest *)data)->window), "") != 0;
}

static void
test_promotion_and_coupon (void)
{
  g_autoptr (UiTest) t = ui_test_new ();
  MposCart *cart;

  sign_in (t);
  ui_scan (MEMBER_CARD);
  scan_and_wait (t, DETERGENT, 1);
  scan_and_wait (t, DETERGENT, 2);
  scan_and_wait (t, BEER, 3);
  scan_and_wait (t, BEER, 4);
  scan_and_wait (t, BEER, 5);
  ui_scan (t->coupon); /* capitals: the scanner holds Shift within its burst */
  ui_wait (has_coupon, t);
  cart = mpos_till_get_cart (till_of (t));
  g_assert_cmpstr (mpos_window_get_notice (t->window), ==, "Coupon added to the sale.");
  g_assert_cmpstr (ui_text (ui_win (t), "code_entry"), ==, "");
  g_assert_cmpuint (mpos_cart_get_coupons (cart)->len, ==, 1);
  g_assert_cmpstr (ui_text (ui_win (t), "discount_label"), !=, "¥0.00");
  /* F3 on the line under the cursor (the newest): how its price was made */
  ui_key (GDK_KEY_F3, FALSE);
  g_assert_nonnull (strstr (mpos_window_get_notice (t->window), "青岛啤酒"));
  g_assert_nonnull (strstr (mpos_window_get_notice (t->window), "满100减10"));
  g_free (ui_screenshot (ui_win (t), "sale-promotion-coupon"));
}

/* ---- payment ------------------------------------------------------------------------- */

static gboolean
printed_one (gpointer data)
{
  UiTest *t = data;
  g_autoptr (GDir) dir = g_dir_open (t->receipt_dir, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".txt"))
      return TRUE;
  return FALSE;
}

static char *
newest_receipt_text (UiTest *t)
{
  g_autoptr (GDir) dir = g_dir_open (t->receipt_dir, 0, NULL);
  g_autofree char *newest = NULL;
  const char *name;
  char *text = NULL;

  while (dir && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".txt") && g_strcmp0 (name, newest) > 0)
      {
        g_free (newest);
        newest = g_strdup (name);
      }
  g_assert_nonnull (newest);
  g_autofree char *path = g_build_filename (t->receipt_dir, newest, NULL);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

/* Cash ¥20 + 1000 points (¥10) + stored value with the member's PIN pay a
 * member sale; the receipt prints and matches the sale; the store checks. */
typedef struct
{
  UiTest *t;
  const char *problem_id;
  gboolean said_checking;
} Answer;

static void
on_problem_text (GtkLabel *label, GParamSpec *pspec, Answer *a)
{
  a->said_checking |= strstr (gtk_label_get_text (label), "Checking the supervisor's PIN") != NULL;
}

static gboolean
pin_answered (gpointer data)
{
  Answer *a = data;

  return !g_str_has_prefix (ui_text (ui_win (a->t), a->problem_id), "Checking");
}

/* Clicks a button whose supervisor's PIN is checked off the main loop:
 * the panel says it is checking (the window never waits on the hash; a
 * check on the main loop would answer before the panel could say so),
 * then the answer comes. */
static void
click_and_wait_pin (UiTest *t, const char *label, const char *problem_id)
{
  Answer a = { t, problem_id, FALSE };
  GtkWidget *problem = ui_find (ui_win (t), problem_id);
  gulong id = g_signal_connect (problem, "notify::label", G_CALLBACK (on_problem_text), &a);

  ui_click (ui_win (t), label);
  ui_wait (pin_answered, &a);
  g_signal_handler_disconnect (problem, id);
  g_assert_true (a.said_checking);
}

static void
test_split_payment_and_receipt (void)
{
  g_autoptr (UiTest) t = ui_test_new ();
  g_autofree char *receipt_no = NULL, *text = NULL;
  g_autoptr (MposSaleRecord) record = NULL;
  MposStoredValueBalance sv = { 0 };
  MposPointsBalance points = { 0 };
  MposStore *store = mpos_till_get_store (till_of (t));
  MposMoney total;

  sign_in (t);
  ui_scan (MEMBER_CARD);
  scan_and_wait (t, DETERGENT, 1);
  scan_and_wait (t, COLA, 2);
  total = mpos_cart_total (mpos_till_get_cart (till_of (t)));
  ui_key (GDK_KEY_F12, FALSE);
  g_assert_cmpstr (mpos_window_get_page (t->window), ==, "payment");
  g_assert_false (gtk_widget_activate_action (ui_win (t), "win.finish", NULL) && FALSE);
  ui_set_text (t, "cash_entry", "20");
  g_signal_emit_by_name (ui_find (ui_win (t), "cash_entry"), "activate");
  ui_set_text (t, "points_entry", "1000");
  ui_click (ui_win (t), "Pay with points");
  g_assert_cmpstr (ui_text (ui_win (t), "payment_problem"), ==, "");
  /* the rest from stored value, with the member's PIN */
  ui_set_text (t, "sv_pin", "246810");
  ui_click (ui_win (t), "Pay from stored value");
  ui_wait_pin_checked (t);
  g_assert_cmpstr (ui_text (ui_win (t), "payment_problem"), ==, "");
  g_assert_cmpstr (ui_text (ui_win (t), "due_label"), ==, "¥0.00");
  g_free (ui_screenshot (ui_win (t), "payment-split"));
  ui_key (GDK_KEY_F12, FALSE);
  ui_wait_page (t, "sale");
  ui_wait (printed_one, t);
  g_assert_cmpuint (n_lines (t), ==, 0);
  receipt_no = mpos_sale_last_receipt_no (store, "sale", NULL);
  g_assert_nonnull (receipt_no);
  record = mpos_sale_load (store, receipt_no, NULL);
  g_assert_cmpint (record->total, ==, total);
  g_assert_cmpuint (record->tenders->len, ==, 3);
  text = newest_receipt_text (t);
  g_assert_nonnull (strstr (text, receipt_no));
  g_assert_nonnull (strstr (text, "蓝月亮"));
  g_assert_nonnull (strstr (text, "可口可乐"));
  /* cash moved: the drawer wired to the printer opened, once */
  g_assert_cmpuint (mpos_virtual_printer_get_drawer_kicks (mpos_virtual_printer_get_for_device (
                        mpos_till_printer_get_device (mpos_till_get_printer (till_of (t))))),
                    ==, 1);
  mpos_points_balance (store, 1, mpos_clock_now (), &points, NULL);
  g_assert_cmpint (points.usable, ==, 4000);
  mpos_stored_value_balance (store, 1, &sv, NULL);
  g_assert_cmpint (sv.principal + sv.bonus, ==, 55000 - (total - 2000 - 1000));
  g_free (ui_screenshot (ui_win (t), "sale-after-payment"));
  assert_store_checks (t);
}

static void
test_wrong_stored_value_pin_refused (void)
{
  g_autoptr (UiTest) t = ui_test_new ();

  sign_in (t);
  ui_scan (MEMBER_CARD);
  scan_and_wait (t, DETERGENT, 1);
  ui_key (GDK_KEY_F12, FALSE);
  ui_set_text (t, "sv_pin", "111111");
  ui_click (ui_win (t), "Pay from stored value");
  ui_wait_pin_checked (t);
  g_assert_cmpstr (ui_text (ui_win (t), "payment_problem"), !=, "");
  g_assert_cmpstr (ui_text (ui_win (t), "due_label"), !=, "¥0.00");
  g_assert_cmpuint (mpos_cart_get_tenders (mpos_till_get_cart (till_of (t)))->len, ==, 0);
}

/* The printer runs out of paper as the sale is paid: the sale is kept, the
 * window says what to do, and F9 prints it once paper is back. */
static gboolean
printer_problem_shown (gpointer data)
{
  UiTest *t = data;
  return gtk_revealer_get_reveal_child (GTK_REVEALER (ui_find (ui_win (t), "printer_revealer")));
}

static gboolean
printer_problem_gone (gpointer data)
{
  return !printer_problem_shown (data);
}

static void
test_printer_offline_mid_sale (void)
{
  g_autoptr (UiTest) t = ui_test_new ();
  MposTillPrinter *printer = mpos_till_get_printer (till_of (t));
  MposVirtualPrinter *paper
      = mpos_virtual_printer_get_for_device (mpos_till_printer_get_device (printer));
  g_autofree char *receipt_no = NULL;

  sign_in (t);
  scan_and_wait (t, COLA, 1);
  mpos_virtual_printer_set_paper (paper, MPOS_VIRTUAL_PAPER_OUT);
  ui_key (GDK_KEY_F12, FALSE);
  ui_click (ui_win (t), "Exact");
  ui_key (GDK_KEY_F12, FALSE);
  ui_wait_page (t, "sale");
  ui_wait (printer_problem_shown, t);
  receipt_no = mpos_sale_last_receipt_no (mpos_till_get_store (till_of (t)), "sale", NULL);
  g_assert_nonnull (receipt_no); /* the sale is stored */
  g_assert_false (printed_one (t));
  g_assert_nonnull (strstr (ui_text (ui_win (t), "printer_label"), "paper"));
  g_free (ui_screenshot (ui_win (t), "printer-paper-out"));
  /* the next sale goes on meanwhile */
  scan_and_wait (t, COLA, 1);
  mpos_virtual_printer_set_paper (paper, MPOS_VIRTUAL_PAPER_OK);
  ui_key (GDK_KEY_F9, FALSE);
  ui_wait (printed_one, t);
  ui_wait (printer_problem_gone, t);
  g_autofree char *text = newest_receipt_text (t);
  g_assert_nonnull (strstr (text, receipt_no));
  assert_store_checks (t);
}

/* A port nobody listens on (bound, then let go). */
static guint16
closed_port (void)
{
  g_autoptr (GSocket) socket
      = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (socket, any, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* The till's network printer is off (nothing answers on its port): the
 * window opens, the bar says what to do, and a sale is rung, paid and
 * stored all the same; the next sale goes on. */
static void
test_printer_unreachable_never_blocks_the_sale (void)
{
  g_autoptr (UiTest) t = NULL;
  g_autofree char *dir = g_dir_make_tmp ("mallpos-ui-XXXXXX", NULL);
  g_autofree char *command = g_strdup_printf ("bash %s/ui-store.sh %s",
                                              g_getenv ("MALLPOS_UI_TESTS"), dir);
  g_autofree char *store = g_build_filename (dir, "store.db", NULL);
  g_autofree char *receipts = g_build_filename (dir, "receipts", NULL);
  g_autofree char *ini = g_build_filename (dir, "network-printer.ini", NULL);
  g_autofree char *devices = g_strdup_printf (
      "[printer0]\ncategory=printer\nbackend=tcp\nhost=127.0.0.1\ntcp_port=%u\n", closed_port ());
  g_autofree char *receipt_no = NULL, *text = NULL;
  int wait = 0;

  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, &wait, NULL));
  g_assert_true (g_spawn_check_wait_status (wait, NULL));
  g_assert_true (g_file_set_contents (ini, devices, -1, NULL));
  g_setenv ("MALLPOS_DEVICES", ini, TRUE);
  t = ui_test_open (store, receipts);
  t->dir = g_steal_pointer (&dir); /* removed with the test */
  sign_in (t);
  scan_and_wait (t, COLA, 1);
  ui_key (GDK_KEY_F12, FALSE);
  ui_click (ui_win (t), "Exact");
  ui_key (GDK_KEY_F12, FALSE);
  ui_wait_page (t, "sale");
  receipt_no = mpos_sale_last_receipt_no (mpos_till_get_store (till_of (t)), "sale", NULL);
  g_assert_nonnull (receipt_no); /* the sale is stored */
  ui_wait (printer_problem_shown, t);
  /* what to do: the printer's words and the reprint once it is back */
  text = g_ascii_strdown (ui_text (ui_win (t), "printer_label"), -1);
  g_assert_nonnull (strstr (text, "reprint"));
  g_free (ui_screenshot (ui_win (t), "printer-unreachable"));
  scan_and_wait (t, COLA, 1); /* the next sale goes on */
  assert_store_checks (t);
}

/* ---- item actions and approval ------------------------------------------------------- */

/* F4 sets a quantity alone; F6's discount within the store's limit needs
 * nobody, above it a supervisor: a cashier's number and a wrong PIN are
 * refused on the panel, the supervisor's own PIN grants it, and the sale
 * records the supervisor beside the cashier. */
/* ---- the items list keeps its rows --------------------------------------------------- */

typedef struct
{
  guint signals;
  guint position, removed, added;
} ItemsChanged;

static void
on_items_changed (GListModel *model, guint position, guint removed, guint added, ItemsChanged *c)
{
  c->signals++;
  c->position = position;
  c->removed = removed;
  c->added = added;
}

/* The label texts of the items list's row that starts "N. " ("" if none is drawn). */
static char *
drawn_row (UiTest *t, guint line_no)
{
  GtkWidget *list = ui_find (ui_win (t), "list");
  g_autofree char *prefix = g_strdup_printf ("%u. ", line_no);
  GString *texts = g_string_new (NULL);

  for (GtkWidget *row = gtk_widget_get_first_child (list); row;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *box = gtk_widget_get_first_child (row);
      GtkWidget *label = box ? gtk_widget_get_first_child (box) : NULL;

      if (label == NULL || !GTK_IS_LABEL (label)
          || !g_str_has_prefix (gtk_label_get_text (GTK_LABEL (label)), prefix))
        continue;
      for (; label; label = gtk_widget_get_next_sibling (label))
        g_string_append_printf (texts, "%s|", gtk_label_get_text (GTK_LABEL (label)));
    }
  return g_string_free (texts, FALSE);
}

/* A scan appends one item to the list; a changed line keeps its item (and
 * so its row, which is not rebuilt) and shows its new texts. Replacing the
 * items of changed lines rebuilt their rows on every scan: a discount spread
 * over the sale changes most lines' totals at each one. */
static void
test_items_list_keeps_its_rows (void)
{
  g_autoptr (UiTest) t = ui_test_new ();
  GListModel *lines = mpos_till_get_lines (till_of (t));
  g_autoptr (GObject) second = NULL;
  g_autoptr (GObject) second_after = NULL;
  ItemsChanged changes = { 0 };
  g_autofree char *row_before = NULL, *row_after = NULL;

  sign_in (t);
  scan_and_wait (t, COLA, 1);
  scan_and_wait (t, DETERGENT, 2);
  ui_spin (200);
  second = g_list_model_get_item (lines, 1);
  row_before = drawn_row (t, 2);
  g_assert_nonnull (strstr (row_before, "|×1|"));
  g_signal_connect (lines, "items-changed", G_CALLBACK (on_items_changed), &changes);

  ui_key (GDK_KEY_F4, FALSE); /* the quantity of the newest line */
  ui_set_text (t, "value_entry", "3");
  ui_click (ui_win (t), "OK");
  g_assert_cmpint (mpos_cart_get_line (mpos_till_get_cart (till_of (t)), 2)->qty, ==, 3);
  g_assert_cmpuint (changes.signals, ==, 0);
  second_after = g_list_model_get_item (lines, 1);
  g_assert_true (second_after == second);
  ui_spin (200);
  row_after = drawn_row (t, 2);
  g_assert_nonnull (strstr (row_after, "|×3|"));
  g_assert_cmpstr (row_after, !=, row_before);

  scan_and_wait (t, BEER, 3);
  g_assert_cmpuint (changes.signals, ==, 1);
  g_assert_cmpuint (changes.position, ==, 2);
  g_assert_cmpuint (changes.removed, ==, 0);
  g_assert_cmpuint (changes.added, ==, 1);
  g_signal_handlers_disconnect_by_data (lines, &changes);
}

/* Twenty products of the demo catalog, each a line of its own. */
static const char *const twenty_lines[]
    = { "6900183401066", "6900183028102", "6944561824559", "6934404598501", "6920999325585",
        "6955442690705", "6996494609062", "6958094920527", "8801040325137", "6946398281963",
        "6981199615487", "6917747028966", "6977657537194", "6978227414037", "6959372256635",
        "6936192819516", "6973763438349", "6973763056666", "6974287606696", "6904737020949" };

typedef struct
{
  GtkWidget *list;
  guint frames; /* after-paints of the window's frame clock */
  guint since;  /* the count the wait started from */
} FrameWait;

static void
count_frame (GdkFrameClock *clock, FrameWait *w)
{
  w->frames++;
}

static gboolean
next_frame_painted (gpointer data)
{
  FrameWait *w = data;

  return w->frames > w->since;
}

/* Is the row "N. …" of the items list mapped and wholly in the list's view? */
static gboolean
row_in_view (GtkWidget *list, guint line_no)
{
  g_autofree char *prefix = g_strdup_printf ("%u. ", line_no);
  graphene_rect_t view, bounds;

  if (!gtk_widget_compute_bounds (list, list, &view))
    return FALSE;
  for (GtkWidget *row = gtk_widget_get_first_child (list); row;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *box = gtk_widget_get_first_child (row);
      GtkWidget *name = box ? gtk_widget_get_first_child (box) : NULL;

      if (name && GTK_IS_LABEL (name) && gtk_widget_get_mapped (name)
          && g_str_has_prefix (gtk_label_get_text (GTK_LABEL (name)), prefix)
          && gtk_widget_compute_bounds (row, list, &bounds)
          && bounds.origin.y >= view.origin.y - 1
          && bounds.origin.y + bounds.size.height <= view.origin.y + view.size.height + 1)
        return TRUE;
    }
  return FALSE;
}

/* Each line rung is in view in the very first frame after its scan, also
 * once the list is longer than its view. The scroll to the list's end was
 * asked for from inside the frame's layout, so it ran a frame later: every
 * scan past the first screenful took two frames (a refresh interval more)
 * to show its line (bench-ui-window). */
static void
test_new_line_in_its_first_frame (void)
{
  g_autoptr (UiTest) t = ui_test_new ();
  GdkFrameClock *clock;
  FrameWait w = { 0 };

  sign_in (t);
  w.list = ui_find (ui_win (t), "list");
  clock = gtk_widget_get_frame_clock (ui_win (t));
  g_signal_connect_after (clock, "after-paint", G_CALLBACK (count_frame), &w);
  for (guint n = 1; n <= G_N_ELEMENTS (twenty_lines); n++)
    {
      ui_spin (100); /* the frames of the last scan are over */
      w.since = w.frames;
      mpos_window_scan (t->window, twenty_lines[n - 1]);
      g_assert_cmpuint (g_list_model_get_n_items (mpos_till_get_lines (till_of (t))), ==, n);
      ui_wait (next_frame_painted, &w);
      if (!row_in_view (w.list, n))
        g_error ("line %u was not in view in the first frame after its scan", n);
    }
  /* more lines than the view holds: the scroll was needed */
  g_assert_false (row_in_view (w.list, 1));
  g_signal_handlers_disconnect_by_data (clock, &w);
}

static void
test_quantity_and_supervisor_approval (void)
{
  g_autoptr (UiTest) t = ui_test_new ();
  g_autoptr (MposSaleRecord) record = NULL;
  g_autofree char *receipt_no = NULL;
  MposStore *store = mpos_till_get_store (till_of (t));
  MposCartLine *line;
  const MposSaleLine *sold;
  gboolean approved = FALSE;

  sign_in (t);
  scan_and_wait (t, DETERGENT, 1);
  ui_key (GDK_KEY_F4, FALSE);
  ui_set_text (t, "value_entry", "3");
  ui_click (ui_win (t), "OK");
  line = mpos_cart_get_line (mpos_till_get_cart (till_of (t)), 1);
  g_assert_cmpint (line->qty, ==, 3);
  /* within the store's 10 % limit: the cashier's word is enough */
  ui_key (GDK_KEY_F6, FALSE);
  g_assert_false (gtk_widget_get_visible (ui_find (ui_win (t), "approval_box")));
  ui_set_text (t, "value_entry", "10%");
  ui_click (ui_win (t), "OK");
  g_assert_false (gtk_widget_get_visible (ui_find (ui_win (t), "line_dialog")));
  line = mpos_cart_get_line (mpos_till_get_cart (till_of (t)), 1);
  g_assert_cmpint (line->discount.kind, ==, MPOS_DISCOUNT_PERCENT);
  g_assert_null (line->discount.approved_by);
  /* above it: OK opens the supervisor's fields first */
  ui_key (GDK_KEY_F6, FALSE);
  ui_set_text (t, "value_entry", "15%");
  ui_click (ui_win (t), "OK");
  g_assert_true (gtk_widget_get_visible (ui_find (ui_win (t), "line_dialog")));
  g_assert_true (gtk_widget_get_visible (ui_find (ui_win (t), "approval_box")));
  g_assert_cmpint (mpos_cart_get_line (mpos_till_get_cart (till_of (t)), 1)->discount.value, ==,
                   1000);
  ui_set_text (t, "supervisor_entry", "1001"); /* a cashier may not approve */
  ui_set_text (t, "supervisor_pin", "1234");
  click_and_wait_pin (t, "OK", "dialog_problem");
  g_assert_true (gtk_widget_get_visible (ui_find (ui_win (t), "line_dialog")));
  g_assert_cmpstr (ui_text (ui_win (t), "dialog_problem"), !=, "");
  g_free (ui_screenshot (ui_win (t), "approval-refused"));
  ui_set_text (t, "supervisor_entry", "8001");
  ui_set_text (t, "supervisor_pin", "0000");
  click_and_wait_pin (t, "OK", "dialog_problem");
  g_assert_nonnull (strstr (ui_text (ui_win (t), "dialog_problem"), "wrong staff number or PIN"));
  g_assert_cmpint (mpos_cart_get_line (mpos_till_get_cart (till_of (t)), 1)->discount.value, ==,
                   1000);
  ui_set_text (t, "supervisor_pin", "5678");
  click_and_wait_pin (t, "OK", "dialog_problem");
  g_assert_false (gtk_widget_get_visible (ui_find (ui_win (t), "line_dialog")));
  g_assert_nonnull (strstr (mpos_window_get_notice (t->window), "李主管"));
  line = mpos_cart_get_line (mpos_till_get_cart (till_of (t)), 1);
  g_assert_cmpstr (line->discount.approved_by, ==, "8001");
  ui_key (GDK_KEY_F12, FALSE);
  ui_click (ui_win (t), "Exact");
  ui_key (GDK_KEY_F12, FALSE);
  ui_wait_page (t, "sale");
  receipt_no = mpos_sale_last_receipt_no (store, "sale", NULL);
  record = mpos_sale_load (store, receipt_no, NULL);
  g_assert_cmpstr (record->cashier, ==, "1001");
  sold = g_ptr_array_index (record->lines, 0);
  for (guint i = 0; i < sold->adjustments->len; i++)
    {
      const MposSaleAdjustment *a = g_ptr_array_index (sold->adjustments, i);
      approved |= g_strcmp0 (a->kind, "line_discount") == 0 && g_strcmp0 (a->source, "8001") == 0;
    }
  g_assert_true (approved);
  assert_store_checks (t);
}

/* ---- member ---------------------------------------------------------------------------- */

/* F2: the last four digits of the phone list the member to pick; a top-up
 * shows the bonus tiers and adds the tier's bonus. */
static void
test_member_by_phone_tail_and_top_up (void)
{
  g_autoptr (UiTest) t = ui_test_new ();
  MposStore *store = mpos_till_get_store (till_of (t));
  MposStoredValueBalance before = { 0 }, after = { 0 };
  GtkListBox *matches;

  sign_in (t);
  ui_key (GDK_KEY_F2, FALSE);
  g_assert_true (gtk_widget_get_visible (ui_find (ui_win (t), "member_dialog")));
  ui_type ("8000");
  ui_key (GDK_KEY_Return, FALSE);
  matches = GTK_LIST_BOX (ui_find (ui_win (t), "member_matches"));
  g_assert_nonnull (gtk_list_box_get_row_at_index (matches, 0));
  g_free (ui_screenshot (ui_win (t), "member-search"));
  g_signal_emit_by_name (matches, "row-activated", gtk_list_box_get_row_at_index (matches, 0));
  g_assert_nonnull (mpos_cart_get_member (mpos_till_get_cart (till_of (t))));
  g_assert_nonnull (strstr (ui_text (ui_win (t), "top_up_tiers"), "¥500.00"));
  mpos_stored_value_balance (store, 1, &before, NULL);
  ui_set_text (t, "top_up_amount", "500");
  ui_click (ui_win (t), "Top up");
  mpos_stored_value_balance (store, 1, &after, NULL);
  g_assert_cmpint (after.principal + after.bonus - before.principal - before.bonus, ==, 55000);
  g_assert_nonnull (strstr (mpos_window_get_notice (t->window), "Topped up"));
  g_assert_false (gtk_widget_get_visible (ui_find (ui_win (t), "member_dialog")));
  assert_store_checks (t);
}

static gboolean
register_closed (gpointer data)
{
  return !gtk_widget_get_visible (ui_find (ui_win (data), "member_register"));
}

/* A new member at the counter, from the member panel's button: the phone
 * typed as a person types (a taken one refused in words), the name, the
 * card the shopper takes scanned into the card field (not onto the sale);
 * the member is made in the store and joins the sale with the welcome
 * bonus. The time the cashier spent is printed (the bar: < 30 s). */
static void
test_member_registered_at_the_counter (void)
{
  g_autoptr (UiTest) t = ui_test_new ();
  MposCart *cart;
  const MposMember *member;
  gint64 started;

  sign_in (t);
  scan_and_wait (t, COLA, 1);
  ui_key (GDK_KEY_F2, FALSE);
  started = g_get_monotonic_time ();
  ui_click (ui_win (t), "Ctrl+N New member");
  g_assert_false (gtk_widget_get_visible (ui_find (ui_win (t), "member_dialog")));
  g_assert_true (gtk_widget_get_visible (ui_find (ui_win (t), "member_register")));
  ui_type ("13800138000"); /* 张伟's */
  ui_key (GDK_KEY_Return, FALSE);
  ui_set_text (t, "register_name", "韩梅梅"); /* a Chinese name comes from the input method */
  ui_key (GDK_KEY_Return, FALSE);
  g_assert_nonnull (strstr (ui_text (ui_win (t), "register_problem"), "already belongs"));
  g_assert_null (strstr (ui_text (ui_win (t), "register_problem"), "13800138000")); /* masked */
  g_assert_true (gtk_widget_get_visible (ui_find (ui_win (t), "member_register")));
  gtk_widget_grab_focus (ui_find (ui_win (t), "register_phone"));
  ui_set_text (t, "register_phone", "");
  ui_type ("13700002222");
  ui_key (GDK_KEY_Return, FALSE);
  ui_scan ("8800000000121"); /* the card handed over, scanned: into its field */
  g_assert_cmpstr (ui_text (ui_win (t), "register_card"), ==, "8800000000121");
  g_assert_cmpuint (n_lines (t), ==, 1);
  g_free (ui_screenshot (ui_win (t), "member-register"));
  ui_click (ui_win (t), "Register");
  ui_wait (register_closed, t);
  g_test_message ("registration took %.1f s at the window, person's typing included",
                  (g_get_monotonic_time () - started) / 1e6);
  cart = mpos_till_get_cart (till_of (t));
  member = mpos_cart_get_member (cart);
  g_assert_nonnull (member);
  g_assert_cmpstr (member->name, ==, "韩梅梅");
  g_assert_cmpstr (member->card_no, ==, "8800000000121");
  g_assert_nonnull (strstr (mpos_window_get_notice (t->window), "韩梅梅 registered"));
  g_assert_nonnull (strstr (ui_text (ui_win (t), "member_name"), "韩梅梅"));
  g_free (ui_screenshot (ui_win (t), "member-registered"));
  assert_store_checks (t);
}

/* Ctrl+K puts the member's usable coupons on the sale at once: without a
 * member it says what to do; below the ¥100 threshold the coupon is
 * refused in words and not added; above it it applies, once; the sale
 * redeems it. */
static void
test_member_coupons_with_one_key (void)
{
  g_autoptr (UiTest) t = ui_test_new ();
  MposStore *store = mpos_till_get_store (till_of (t));
  g_autoptr (MposCoupon) coupon = NULL;
  GPtrArray *on_sale;

  sign_in (t);
  scan_and_wait (t, DETERGENT, 1);
  ui_key_ctrl (GDK_KEY_k);
  g_assert_nonnull (strstr (mpos_window_get_notice (t->window), "Add the member first"));
  ui_scan (MEMBER_CARD);
  ui_key_ctrl (GDK_KEY_k);
  on_sale = mpos_cart_get_coupons (mpos_till_get_cart (till_of (t)));
  g_assert_cmpuint (on_sale->len, ==, 0);
  g_assert_nonnull (strstr (mpos_window_get_notice (t->window), "0 of the member's coupons applied; not used:"));
  scan_and_wait (t, DETERGENT, 2);
  scan_and_wait (t, DETERGENT, 3);
  ui_key_ctrl (GDK_KEY_k);
  on_sale = mpos_cart_get_coupons (mpos_till_get_cart (till_of (t)));
  g_assert_cmpuint (on_sale->len, ==, 1);
  g_assert_cmpstr (((MposCartCoupon *)g_ptr_array_index (on_sale, 0))->code, ==, t->coupon);
  g_assert_cmpint (((MposCartCoupon *)g_ptr_array_index (on_sale, 0))->discount, ==, 1000);
  g_assert_nonnull (strstr (mpos_window_get_notice (t->window), "1 of the member's coupons applied."));
  g_free (ui_screenshot (ui_win (t), "member-coupons"));
  ui_key_ctrl (GDK_KEY_k); /* again: nothing more to use, nothing twice */
  g_assert_cmpuint (mpos_cart_get_coupons (mpos_till_get_cart (till_of (t)))->len, ==, 1);
  g_assert_nonnull (strstr (mpos_window_get_notice (t->window), "no coupon to use now"));
  ui_key (GDK_KEY_F12, FALSE);
  ui_click (ui_win (t), "Exact");
  ui_key (GDK_KEY_F12, FALSE);
  ui_wait_page (t, "sale");
  coupon = mpos_coupon_load (store, t->coupon, NULL);
  g_assert_cmpstr (coupon->status, ==, "redeemed");
  assert_store_checks (t);
}

static gboolean
has_member (gpointer data)
{
  return mpos_cart_get_member (mpos_till_get_cart (till_of (data))) != NULL;
}

static gboolean
statement_shown (gpointer data)
{
  return gtk_widget_get_visible (ui_find (ui_win (data), "member_statement"));
}

/* Ctrl+I shows the member's statement: the points movements (the opening
 * adjustment, then the sale just made) and the stored-value top-up and
 * payment, newest first, with the balances the sale page shows. */
static void
test_member_statement_on_screen (void)
{
  g_autoptr (UiTest) t = ui_test_new ();
  MposStore *store = mpos_till_get_store (till_of (t));
  g_autofree char *receipt_no = NULL;
  GtkListBox *points, *stored;
  const char *newest;

  sign_in (t);
  ui_key_ctrl (GDK_KEY_i);
  g_assert_nonnull (strstr (mpos_window_get_notice (t->window), "Add the member first"));
  ui_scan (MEMBER_CARD);
  scan_and_wait (t, DETERGENT, 1);
  ui_key (GDK_KEY_F12, FALSE);
  ui_click (ui_win (t), "¥100");
  ui_key (GDK_KEY_F12, FALSE);
  ui_wait_page (t, "sale");
  receipt_no = mpos_sale_last_receipt_no (store, "sale", NULL);
  ui_scan (MEMBER_CARD);
  ui_wait (has_member, t);
  ui_key_ctrl (GDK_KEY_i);
  ui_wait (statement_shown, t);
  g_assert_nonnull (strstr (ui_text (ui_win (t), "statement_title"), "张伟"));
  g_assert_nonnull (strstr (ui_text (ui_win (t), "points_summary"), "5000 usable"));
  points = GTK_LIST_BOX (ui_find (ui_win (t), "points_moves"));
  newest = gtk_label_get_text (
      GTK_LABEL (gtk_list_box_row_get_child (gtk_list_box_get_row_at_index (points, 0))));
  g_assert_nonnull (strstr (newest, receipt_no)); /* pending points of the sale, newest first */
  /* the card number scanned proves nothing: the member types their payment PIN */
  g_assert_nonnull (strstr (ui_text (ui_win (t), "stored_value_summary"), "****"));
  gtk_editable_set_text (GTK_EDITABLE (ui_find (ui_win (t), "statement_pin")), "246810");
  g_signal_emit_by_name (ui_find (ui_win (t), "statement_pin"), "activate");
  ui_wait_pin_checked (t);
  g_assert_nonnull (strstr (ui_text (ui_win (t), "stored_value_summary"), "¥500.00 paid in + ¥50.00"));
  stored = GTK_LIST_BOX (ui_find (ui_win (t), "stored_value_moves"));
  g_assert_nonnull (gtk_list_box_get_row_at_index (stored, 0));
  g_free (ui_screenshot (ui_win (t), "member-statement"));
  ui_key (GDK_KEY_Escape, FALSE);
  g_assert_false (gtk_widget_get_visible (ui_find (ui_win (t), "member_statement")));
}

/* ---- returns ------------------------------------------------------------------------------ */

/* A member sale of two lines, paid; its receipt scanned: one line comes
 * back, refunded to the sale's payment; the return receipt prints. */
static void
test_return_one_line (void)
{
  g_autoptr (UiTest) t = ui_test_new ();
  g_autoptr (MposSaleRecord) sale = NULL, ret = NULL;
  g_autofree char *sale_no = NULL, *return_no = NULL, *text = NULL;
  MposStore *store = mpos_till_get_store (till_of (t));
  const MposSaleLine *detergent;
  GtkWidget *spin;

  sign_in (t);
  ui_scan (MEMBER_CARD);
  scan_and_wait (t, COLA, 1);
  scan_and_wait (t, DETERGENT, 2);
  ui_key (GDK_KEY_F12, FALSE);
  ui_click (ui_win (t), "¥100");
  ui_key (GDK_KEY_F12, FALSE);
  ui_wait_page (t, "sale");
  sale_no = mpos_sale_last_receipt_no (store, "sale", NULL);
  sale = mpos_sale_load (store, sale_no, NULL);
  detergent = g_ptr_array_index (sale->lines, 1);
  ui_scan (sale_no);
  ui_wait_page (t, "return");
  spin = gtk_widget_get_last_child (gtk_list_box_row_get_child (
      gtk_list_box_get_row_at_index (GTK_LIST_BOX (ui_find (ui_win (t), "return_lines")), 1)));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 1);
  ui_set_text (t, "reason_entry", "破损");
  g_free (ui_screenshot (ui_win (t), "return"));
  ui_click (ui_win (t), "Refund to the original payments");
  ui_wait_page (t, "sale");
  return_no = mpos_sale_last_receipt_no (store, "return", NULL);
  g_assert_nonnull (return_no);
  ret = mpos_sale_load (store, return_no, NULL);
  g_assert_cmpuint (ret->lines->len, ==, 1);
  g_assert_cmpint (((MposSaleLine *)g_ptr_array_index (ret->lines, 0))->original_line_no, ==, 2);
  g_assert_cmpint (ret->total, ==, -detergent->net);
  g_assert_nonnull (strstr (mpos_window_get_notice (t->window), return_no));
  ui_spin (1000);
  text = newest_receipt_text (t);
  g_assert_nonnull (strstr (text, return_no));
  /* the same line again: refused in words, nothing stored */
  ui_scan (sale_no);
  ui_wait_page (t, "return");
  gtk_spin_button_set_value (
      GTK_SPIN_BUTTON (gtk_widget_get_last_child (gtk_list_box_row_get_child (
          gtk_list_box_get_row_at_index (GTK_LIST_BOX (ui_find (ui_win (t), "return_lines")), 1)))),
      1);
  ui_click (ui_win (t), "Refund to the original payments");
  g_assert_cmpstr (ui_text (ui_win (t), "return_problem"), !=, "");
  g_assert_cmpstr (mpos_window_get_page (t->window), ==, "return");
  assert_store_checks (t);
}

/* Goods brought back without their receipt: rung up as for a sale, then
 * Ctrl+R; a reason is needed; the cashier may not sign for it and a wrong
 * supervisor PIN is refused (nothing stored); the supervisor's PIN refunds
 * the sale's total in cash, the return receipt prints, the till starts a
 * new sale. */
static gboolean
blind_return_answered (gpointer data)
{
  UiTest *t = data;

  return !mpos_blind_return_is_checking (MPOS_BLIND_RETURN (ui_find (ui_win (t), "blind_return")));
}

/* The supervisor's argon2 PIN hash is checked off the main loop: Refund
 * returns at once with nothing stored yet and the fields waiting, the main
 * loop keeps turning (a tick every 5 ms) until the answer comes back and
 * the refund is made. */
static void
refund_while_the_pin_is_checked (UiTest *t)
{
  MposStore *store = mpos_till_get_store (till_of (t));
  Ticks ticks = { t, 0 };
  guint source = g_timeout_add (5, tick, &ticks);

  g_signal_emit_by_name (ui_find (ui_win (t), "blind_refund"), "clicked");
  g_assert_true (
      mpos_blind_return_is_checking (MPOS_BLIND_RETURN (ui_find (ui_win (t), "blind_return"))));
  g_assert_null (mpos_sale_last_receipt_no (store, "return", NULL));
  g_assert_false (gtk_editable_get_editable (GTK_EDITABLE (ui_find (ui_win (t), "blind_pin"))));
  g_assert_cmpstr (ui_text (ui_win (t), "blind_pin"), ==, ""); /* never kept */
  ui_wait (blind_return_answered, t);
  g_source_remove (source);
  g_assert_cmpuint (ticks.ticks, >, 0);
}

static void
test_return_without_receipt (void)
{
  g_autoptr (UiTest) t = ui_test_new ();
  MposStore *store = mpos_till_get_store (till_of (t));
  g_autoptr (MposSaleRecord) ret = NULL;
  g_autofree char *return_no = NULL, *text = NULL;
  MposMoney total;

  sign_in (t);
  ui_key_ctrl (GDK_KEY_r);
  g_assert_nonnull (strstr (mpos_window_get_notice (t->window), "Scan the goods that come back"));
  scan_and_wait (t, DETERGENT, 1);
  total = mpos_cart_total (mpos_till_get_cart (till_of (t)));
  ui_key_ctrl (GDK_KEY_r);
  g_assert_true (gtk_widget_get_visible (ui_find (ui_win (t), "blind_return")));
  ui_click (ui_win (t), "Refund in cash");
  g_assert_nonnull (strstr (ui_text (ui_win (t), "blind_problem"), "Type why"));
  ui_set_text (t, "blind_reason", "尺码不合适");
  ui_set_text (t, "blind_supervisor", "1001");
  ui_set_text (t, "blind_pin", "1234");
  ui_click (ui_win (t), "Refund in cash");
  ui_wait (blind_return_answered, t);
  g_assert_cmpstr (ui_text (ui_win (t), "blind_problem"), !=, "");
  ui_set_text (t, "blind_supervisor", "8001");
  ui_set_text (t, "blind_pin", "0000");
  ui_click (ui_win (t), "Refund in cash");
  ui_wait (blind_return_answered, t);
  g_assert_nonnull (strstr (ui_text (ui_win (t), "blind_problem"), "wrong staff number or PIN"));
  g_assert_null (mpos_sale_last_receipt_no (store, "return", NULL));
  g_free (ui_screenshot (ui_win (t), "return-without-receipt"));
  ui_set_text (t, "blind_pin", "5678");
  refund_while_the_pin_is_checked (t);
  g_assert_false (gtk_widget_get_visible (ui_find (ui_win (t), "blind_return")));
  return_no = mpos_sale_last_receipt_no (store, "return", NULL);
  g_assert_nonnull (return_no);
  ret = mpos_sale_load (store, return_no, NULL);
  g_assert_cmpint (ret->total, ==, -total);
  g_assert_nonnull (strstr (mpos_window_get_notice (t->window), return_no));
  g_assert_cmpuint (n_lines (t), ==, 0);
  ui_spin (1000);
  text = newest_receipt_text (t);
  g_assert_nonnull (strstr (text, return_no));
  assert_store_checks (t);
}

/* ---- touch only ---------------------------------------------------------------------- */

/* Receipt files the virtual printer wrote, and a wait for one more. */
static guint
n_receipt_files (UiTest *t)
{
  g_autoptr (GDir) dir = g_dir_open (t->receipt_dir, 0, NULL);
  guint n = 0;

  while (dir && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

typedef struct
{
  UiTest *t;
  guint files;
} FilesWait;

static gboolean
more_files (gpointer data)
{
  FilesWait *w = data;
  return n_receipt_files (w->t) > w->files;
}

typedef struct
{
  MposScanner *scanner;
  int fd; /* the test's end of the scanner's pipe */
} TouchScanner;

/* A virtual scanner on a pipe, opened and listened to as the application
 * opens devices.ini's scanners: its scans are device events, not keys. */
static TouchScanner
touch_scanner (UiTest *t)
{
  g_autoptr (GError) error = NULL;
  TouchScanner s;
  int fds[2];

  g_assert_cmpint (pipe (fds), ==, 0);
  s.scanner = mpos_scanner_virtual_new_for_fd ("scanner0", fds[0]);
  s.fd = fds[1];
  g_assert_true (mpos_device_open (MPOS_DEVICE (s.scanner), &error));
  g_assert_true (mpos_device_claim (MPOS_DEVICE (s.scanner), 1000, &error));
  g_assert_true (mpos_device_enable (MPOS_DEVICE (s.scanner), &error));
  mpos_window_add_input (t->window, MPOS_DEVICE (s.scanner));
  return s;
}

static void
touch_scan (TouchScanner *s, const char *code)
{
  g_autofree char *line = g_strconcat (code, "\n", NULL);

  g_assert_cmpint (write (s->fd, line, strlen (line)), ==, (gssize)strlen (line));
  ui_spin (300);
}

static void
tap (UiTest *t, const char *label)
{
  ui_click (ui_win (t), label); /* emits "clicked": what a tap on the button does */
}

/* The whole day's work by touch and scanner alone, no key event: sign in on
 * the pad, ring two items with the scanner, set a quantity on the line
 * panel's pad, pay with the quick-cash button, reprint the receipt, take
 * one back (the receipt scanned, the quantity set with the spin button's +
 * button). */
static void
test_touch_only_ring_pay_return (void)
{
  g_autoptr (UiTest) t = ui_test_new ();
  MposStore *store = mpos_till_get_store (till_of (t));
  TouchScanner scanner = touch_scanner (t);
  g_autofree char *sale_no = NULL, *return_no = NULL;
  GtkWidget *spin, *plus;
  const char *keys[] = { "1", "0", "0", "1", "⏎", "1", "2", "3", "4", "⏎" };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    tap (t, keys[i]);
  ui_wait_page (t, "sale");
  touch_scan (&scanner, COLA);
  touch_scan (&scanner, DETERGENT);
  g_assert_cmpuint (n_lines (t), ==, 2);
  tap (t, "F4 Quantity"); /* the newest line is the picked one */
  g_assert_true (gtk_widget_get_visible (ui_find (ui_win (t), "line_dialog")));
  tap (t, "2");
  tap (t, "⏎"); /* the pad's Enter */
  g_assert_false (gtk_widget_get_visible (ui_find (ui_win (t), "line_dialog")));
  g_assert_cmpint (mpos_cart_get_line (mpos_till_get_cart (till_of (t)), 2)->qty, ==, 2);
  tap (t, "F12 Pay");
  g_assert_cmpstr (mpos_window_get_page (t->window), ==, "payment");
  tap (t, "¥100"); /* 3.15 + 2 × 51.90 = 106.95: two quick-cash notes */
  tap (t, "¥100");
  tap (t, "F12 Finish");
  ui_wait_page (t, "sale");
  sale_no = mpos_sale_last_receipt_no (store, "sale", NULL);
  g_assert_nonnull (sale_no);
  tap (t, "F9 Reprint");
  g_assert_nonnull (strstr (mpos_window_get_notice (t->window), "Reprinting the last receipt"));
  tap (t, "F10 Return");
  g_assert_cmpstr (mpos_window_get_page (t->window), ==, "return");
  touch_scan (&scanner, sale_no);
  spin = gtk_widget_get_last_child (gtk_list_box_row_get_child (
      gtk_list_box_get_row_at_index (GTK_LIST_BOX (ui_find (ui_win (t), "return_lines")), 0)));
  plus = gtk_widget_get_last_child (spin); /* the spin button's + */
  g_assert_true (GTK_IS_BUTTON (plus));
  ui_tap (plus); /* the pointer, through the X server: a spin button takes no "clicked" */
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (spin)), ==, 1);
  g_free (ui_screenshot (ui_win (t), "touch-return"));
  tap (t, "Refund to the original payments");
  ui_wait_page (t, "sale");
  return_no = mpos_sale_last_receipt_no (store, "return", NULL);
  g_assert_nonnull (return_no);
  g_assert_nonnull (strstr (mpos_window_get_notice (t->window), return_no));
  close (scanner.fd);
  mpos_device_close (MPOS_DEVICE (scanner.scanner));
  g_object_unref (scanner.scanner);
  assert_store_checks (t);
}

/* ---- suspend and resume ------------------------------------------------------------- */

static const char *
row_text (GtkListBox *rows, int index)
{
  return gtk_label_get_text (
      GTK_LABEL (gtk_list_box_row_get_child (gtk_list_box_get_row_at_index (rows, index))));
}

/* F8 parks a sale; Shift+F8 is refused while a sale is open, else lists
 * the parked sales (number, time, cashier, items, total) to pick from by
 * keys or touch; the one sold leaves the list, the other stays. */
static void
test_suspend_and_resume (void)
{
  g_autoptr (UiTest) t = ui_test_new ();
  g_autoptr (GPtrArray) parked = NULL;
  g_autofree char *second_total = NULL;
  GtkListBox *rows;
  MposStore *store = mpos_till_get_store (till_of (t));

  sign_in (t);
  ui_scan (MEMBER_CARD);
  scan_and_wait (t, COLA, 1);
  scan_and_wait (t, BEER, 2);
  ui_key (GDK_KEY_F8, FALSE);
  g_assert_cmpuint (n_lines (t), ==, 0);
  parked = mpos_suspend_list (store, NULL);
  g_assert_cmpuint (parked->len, ==, 1);
  scan_and_wait (t, DETERGENT, 1);
  ui_key (GDK_KEY_F8, TRUE); /* refused: a sale is open */
  g_assert_cmpuint (n_lines (t), ==, 1);
  g_assert_nonnull (strstr (mpos_window_get_notice (t->window), "first"));
  ui_key (GDK_KEY_F7, FALSE); /* removing a line: a supervisor signs for it */
  ui_set_text (t, "supervisor_entry", "8001");
  ui_set_text (t, "supervisor_pin", "5678");
  ui_click (ui_win (t), "OK");
  g_assert_cmpuint (n_lines (t), ==, 0);
  /* a second sale parked: Shift+F8 lists both, the newer one is picked */
  scan_and_wait (t, DETERGENT, 1);
  scan_and_wait (t, BEER, 2);
  second_total = mpos_format_money (mpos_cart_total (mpos_till_get_cart (till_of (t))));
  ui_key (GDK_KEY_F8, FALSE);
  g_assert_cmpuint (n_lines (t), ==, 0);
  ui_key (GDK_KEY_F8, TRUE);
  g_assert_true (gtk_widget_get_visible (ui_find (ui_win (t), "suspended_list")));
  rows = GTK_LIST_BOX (ui_find (ui_win (t), "suspended_rows"));
  g_free (ui_screenshot (ui_win (t), "suspended-list"));
  g_assert_nonnull (gtk_list_box_get_row_at_index (rows, 1));
  g_assert_null (gtk_list_box_get_row_at_index (rows, 2));
  g_assert_nonnull (strstr (row_text (rows, 0), "2 items"));
  g_assert_nonnull (strstr (row_text (rows, 0), "1001"));
  g_assert_nonnull (strstr (row_text (rows, 1), second_total));
  ui_key (GDK_KEY_Down, FALSE);
  ui_key (GDK_KEY_Return, FALSE);
  g_assert_false (gtk_widget_get_visible (ui_find (ui_win (t), "suspended_list")));
  g_assert_cmpuint (n_lines (t), ==, 2);
  g_assert_null (mpos_cart_get_member (mpos_till_get_cart (till_of (t))));
  ui_key (GDK_KEY_F8, FALSE); /* parked again, then the first one taken back */
  ui_key (GDK_KEY_F8, TRUE);
  g_signal_emit_by_name (rows, "row-activated", gtk_list_box_get_row_at_index (rows, 0));
  g_assert_cmpuint (n_lines (t), ==, 2);
  g_assert_nonnull (mpos_cart_get_member (mpos_till_get_cart (till_of (t))));
  g_free (ui_screenshot (ui_win (t), "sale-resumed"));
  ui_key (GDK_KEY_F12, FALSE);
  ui_click (ui_win (t), "¥100");
  ui_key (GDK_KEY_F12, FALSE);
  ui_wait_page (t, "sale");
  g_ptr_array_unref (parked);
  parked = mpos_suspend_list (store, NULL);
  g_assert_cmpuint (parked->len, ==, 1); /* sold once, no longer waiting; the other still is */
  assert_store_checks (t);
}

/* ---- sync status ---------------------------------------------------------------------- */

static void
enrol (MposStore *store)
{
  g_autoptr (GError) error = NULL;
  MposSyncEnrolment e = { .url = "https://centre.example.cn", .terminal = "S001/T01",
                          .token = "tyc8zeLA1yqYy8tNtuuqG3wSqwIYZfIJDPg6wlAw28c",
                          .pin_current = "sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
                          .enrolled_at = 1 };

  g_assert_true (mpos_sync_enrolment_save (store, &e, 0, &error));
  g_assert_no_error (error);
}

/* Ctrl+S (or the top bar's sync word) shows where the till stands: before
 * enrolment it says so; then, as the sync client records a push with one
 * entry refused and a failed contact, the page shows the pending count,
 * the last success, offline since, the last error and the exception. */
static void
test_sync_status_screen (void)
{
  g_autoptr (UiTest) t = ui_test_new ();
  MposStore *store = mpos_till_get_store (till_of (t));
  g_autoptr (GError) error = NULL;
  MposSyncAnswer answers[] = { { 1, "e-1", "staff", NULL },
                               { 2, "e-2", "member", "member 8800000000017 already exists" } };
  int64_t now = mpos_clock_now ();
  g_autofree char *pending = NULL;
  GtkListBox *exceptions;

  sign_in (t);
  ui_key (GDK_KEY_s, FALSE); /* a plain s is a letter for the code entry, not the screen */
  g_assert_cmpstr (mpos_window_get_page (t->window), ==, "sale");
  gtk_widget_activate_action (ui_win (t), "win.sync", NULL);
  g_assert_cmpstr (mpos_window_get_page (t->window), ==, "sync");
  g_assert_nonnull (strstr (ui_text (ui_win (t), "sync_state"), "mallposctl sync enrol"));
  g_assert_cmpstr (ui_text (ui_win (t), "sync_last_success"), ==, "never");
  ui_key (GDK_KEY_Escape, FALSE);
  g_assert_cmpstr (mpos_window_get_page (t->window), ==, "sale");
  enrol (store);
  g_assert_true (mpos_sync_record_answers (store, answers, 2, 2, 2, now - 600, &error));
  g_assert_true (mpos_sync_record_failure (store, now - 300, "the centre did not answer (timeout)",
                                           now + 60, FALSE, &error));
  g_assert_no_error (error);
  g_signal_emit_by_name (ui_find (ui_win (t), "sync_button"), "clicked"); /* the top bar, touched */
  g_assert_cmpstr (mpos_window_get_page (t->window), ==, "sync");
  g_assert_nonnull (strstr (ui_text (ui_win (t), "sync_state"), "Offline"));
  pending = g_strdup_printf ("%" G_GINT64_FORMAT, mpos_journal_last_seq (store) - 2);
  g_assert_cmpstr (ui_text (ui_win (t), "sync_pending"), ==, pending);
  g_assert_cmpstr (ui_text (ui_win (t), "sync_last_success"), ==, "2026-11-23 09:50");
  g_assert_cmpstr (ui_text (ui_win (t), "sync_offline_since"), ==, "2026-11-23 09:55");
  g_assert_nonnull (strstr (ui_text (ui_win (t), "sync_last_error"), "timeout"));
  exceptions = GTK_LIST_BOX (ui_find (ui_win (t), "sync_exceptions"));
  g_assert_nonnull (gtk_list_box_get_row_at_index (exceptions, 0));
  g_assert_null (gtk_list_box_get_row_at_index (exceptions, 1));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (gtk_list_box_row_get_child (
                                gtk_list_box_get_row_at_index (exceptions, 0)))),
                            "already exists"));
  g_assert_nonnull (strstr (ui_text (ui_win (t), "sync_label"), "Offline"));
  g_free (ui_screenshot (ui_win (t), "sync-status"));
  /* the centre answers again */
  g_assert_true (mpos_sync_record_success (store, now, &error));
  ui_click (ui_win (t), "Refresh");
  g_assert_nonnull (strstr (ui_text (ui_win (t), "sync_state"), "Online with https://centre.example.cn"));
  g_assert_cmpstr (ui_text (ui_win (t), "sync_offline_since"), ==, "—");
}

/* ---- devices ---------------------------------------------------------------------------- */

static const char *
device_row (UiTest *t, const char *name)
{
  GtkWidget *rows = ui_find (ui_win (t), "device_rows");

  for (GtkWidget *row = gtk_widget_get_first_child (rows); row; row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *label = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));
      if (g_strcmp0 (gtk_widget_get_name (label), name) == 0)
        return gtk_label_get_text (GTK_LABEL (label));
    }
  return NULL;
}

static char *
audit_of (UiTest *t, const char *action)
{
  g_autofree char *command = g_strdup_printf (
      "sqlite3 %s \"SELECT actor || ' ' || coalesce(approved_by, '-') FROM audit WHERE action "
      "= '%s'\"",
      t->store_path, action);
  char *out = NULL;

  g_assert_true (g_spawn_command_line_sync (command, &out, NULL, NULL, NULL));
  return g_strstrip (out);
}

/* The devices screen (the top bar's button) lists devices.ini's printer
 * and drawer with their state; Test print prints the test page on the
 * virtual printer; the drawer without a sale needs a supervisor here (the
 * cashier role may not): a wrong PIN opens nothing, the supervisor's opens
 * it, and the open is audited with both names. */
static void
test_devices_screen (void)
{
  g_autoptr (UiTest) t = ui_test_new ();
  g_autofree char *audit = NULL;
  FilesWait printed = { t, 0 };
  g_autofree char *page = NULL;

  sign_in (t);
  g_signal_emit_by_name (ui_find (ui_win (t), "devices_button"), "clicked");
  g_assert_cmpstr (mpos_window_get_page (t->window), ==, "devices");
  g_assert_nonnull (strstr (device_row (t, "printer0"), "Receipt printer"));
  g_assert_nonnull (strstr (device_row (t, "printer0"), "ready"));
  g_assert_nonnull (strstr (device_row (t, "drawer0"), "printer0"));
  printed.files = n_receipt_files (t);
  ui_click (ui_win (t), "Test print");
  ui_wait (more_files, &printed);
  ui_spin (300);
  page = newest_receipt_text (t);
  g_assert_nonnull (strstr (page, "打印测试"));
  ui_click (ui_win (t), "Open drawer");
  g_assert_true (gtk_widget_get_visible (ui_find (ui_win (t), "drawer_approval")));
  audit = audit_of (t, "no_sale_drawer_open");
  g_assert_cmpstr (audit, ==, "");
  g_clear_pointer (&audit, g_free);
  ui_set_text (t, "drawer_supervisor", "8001");
  ui_set_text (t, "drawer_pin", "0000");
  click_and_wait_pin (t, "Open drawer", "devices_problem");
  g_assert_nonnull (strstr (ui_text (ui_win (t), "devices_problem"), "wrong staff number or PIN"));
  audit = audit_of (t, "no_sale_drawer_open");
  g_assert_cmpstr (audit, ==, "");
  g_clear_pointer (&audit, g_free);
  g_free (ui_screenshot (ui_win (t), "devices"));
  ui_set_text (t, "drawer_pin", "5678");
  click_and_wait_pin (t, "Open drawer", "devices_problem");
  g_assert_nonnull (strstr (ui_text (ui_win (t), "devices_problem"), "Drawer opened"));
  g_assert_false (gtk_widget_get_visible (ui_find (ui_win (t), "drawer_approval")));
  audit = audit_of (t, "no_sale_drawer_open");
  g_assert_cmpstr (audit, ==, "1001 8001");
  ui_key (GDK_KEY_Escape, FALSE);
  ui_wait_page (t, "sale"); /* a loaded machine may take its time with the key */
  assert_store_checks (t);
}

/* ---- the customer display ---------------------------------------------------------- */

/* Xvfb has one monitor: the customer display stays closed, and a setting
 * naming no monitor keeps it closed; "0" names the one there is. */
static void
test_customer_display_needs_a_second_monitor (void)
{
  g_autoptr (UiTest) t = ui_test_new ();
  GdkDisplay *display = gtk_widget_get_display (ui_win (t));
  g_autofree char *why = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (gdk_display_get_monitors (display)), ==, 1);
  g_assert_null (mpos_window_get_customer_display (t->window));
  g_assert_null (mpos_customer_display_pick_monitor (display, NULL, &why));
  g_assert_null (why);
  g_assert_null (mpos_customer_display_pick_monitor (display, "auto", &why));
  g_assert_null (mpos_customer_display_pick_monitor (display, "off", &why));
  g_assert_null (mpos_customer_display_pick_monitor (display, "1", &why));
  g_assert_nonnull (strstr (why, "names no monitor here (there are 1"));
  g_clear_pointer (&why, g_free);
  g_assert_null (mpos_customer_display_pick_monitor (display, "second", &why));
  g_assert_nonnull (why);
  g_clear_pointer (&why, g_free);
  g_assert_nonnull (mpos_customer_display_pick_monitor (display, "0", &why));
  g_assert_null (why);
}

static gboolean
mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

static const char *
shopper_text (MposCustomerDisplay *display, const char *id)
{
  return ui_text (GTK_WIDGET (display), id);
}

/* Forced onto the one monitor (MALLPOS_CUSTOMER_DISPLAY=0), in zh_CN: the
 * shopper sees each line as it is scanned, the total the cashier sees, the
 * member's points with the name masked, what is paid and still due, and
 * the change once the sale is done; the next scan starts afresh. */
static void
test_customer_display_follows_the_sale (void)
{
  g_autoptr (UiTest) t = NULL;
  MposCustomerDisplay *display;
  GtkListView *lines;
  g_autofree char *change = NULL;

  g_setenv ("MALLPOS_LANGUAGE", "zh_CN", TRUE);
  g_setenv (MPOS_CUSTOMER_DISPLAY_ENV, "0", TRUE);
  t = ui_test_new ();
  display = mpos_window_get_customer_display (t->window);
  g_assert_nonnull (display);
  ui_wait (mapped, display);
  lines = GTK_LIST_VIEW (ui_find (GTK_WIDGET (display), "shopper_lines"));
  g_assert_cmpstr (shopper_text (display, "shopper_total"), ==, "¥0.00");
  sign_in (t);
  ui_scan (MEMBER_CARD);
  scan_and_wait (t, COLA, 1);
  scan_and_wait (t, DETERGENT, 2);
  ui_spin (200);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (lines))), ==,
                    2);
  g_assert_cmpstr (shopper_text (display, "shopper_total"), ==,
                   ui_text (ui_win (t), "payable_label"));
  g_assert_nonnull (strstr (shopper_text (display, "shopper_member"), "张*"));
  g_assert_null (strstr (shopper_text (display, "shopper_member"), "张伟"));
  g_assert_nonnull (strstr (shopper_text (display, "shopper_member"), "5000"));
  g_free (ui_screenshot (GTK_WIDGET (display), "customer-display-zh_CN"));
  ui_key (GDK_KEY_F12, FALSE);
  ui_click (ui_win (t), "¥50");
  g_assert_cmpstr (shopper_text (display, "shopper_paid"), !=, "");
  g_free (ui_screenshot (GTK_WIDGET (display), "customer-display-paying-zh_CN"));
  ui_click (ui_win (t), "¥100");
  change = mpos_format_money (mpos_payment_page_get_change (
      MPOS_PAYMENT_PAGE (ui_find (ui_win (t), "payment_page"))));
  ui_key (GDK_KEY_F12, FALSE);
  ui_wait_page (t, "sale");
  g_assert_nonnull (strstr (shopper_text (display, "shopper_change"), change));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (lines))), ==,
                    0);
  g_free (ui_screenshot (GTK_WIDGET (display), "customer-display-change-zh_CN"));
  /* the next shopper's first scan clears the change */
  scan_and_wait (t, COLA, 1);
  g_assert_cmpstr (shopper_text (display, "shopper_change"), ==, "");
  g_assert_cmpstr (shopper_text (display, "shopper_member"), ==, "");
  assert_store_checks (t);
}

/* The terminal's language (MALLPOS_LANGUAGE here; `mallposctl language
 * --set` in a store) is what the window speaks: the sign-in page and the
 * sale screen in zh_CN, zh_TW and en, each saved as a screenshot. */
typedef struct
{
  const char *language, *sign_in;
} LanguageCase;

static const LanguageCase languages[] = {
  { "zh_CN", "登录" },
  { "zh_TW", "登入" },
  { "en", "Sign in" },
};

/* ---- the shift ------------------------------------------------------------------------- */

static gboolean
shift_panel_shut (gpointer data)
{
  return !gtk_widget_get_visible (ui_find (data, "shift_dialog"));
}

static gboolean
on_page_sign_in (gpointer data)
{
  return g_str_equal (mpos_window_get_page (data), "sign-in");
}

static void
type_line (const char *text)
{
  ui_type (text);
  ui_key (GDK_KEY_Return, FALSE);
}

/* Signing in with no shift open asks for the float (typed on the pad); a
 * cash sale and a paid-out later, ⇧F11 counts the drawer blind (the running
 * total, never the expectation), then shows expected, counted and the
 * over/short and signs out. A count past the store's limit waits on the
 * same panel for the manager's number and PIN. */
static void
test_shift_open_sell_close (void)
{
  g_autoptr (UiTest) t = ui_test_new ();
  MposStore *store = mpos_till_get_store (till_of (t));
  GtkWidget *panel = ui_find (ui_win (t), "shift_dialog");
  g_auto (MposShift) shift = { 0 };
  g_autofree char *list = NULL;

  /* the fixture's shift: float 500.00 and the member's 500.00 cash top-up */
  g_free (ui_ctl (t, 0, "shift close --count 100=10"));
  ui_type_sign_in (t, "1001", "1234");
  ui_wait_page (t, "sale");
  g_assert_true (gtk_widget_get_visible (panel));
  g_assert_nonnull (strstr (ui_text (ui_win (t), "shift_title"), "Open a shift"));
  ui_scan (COLA);
  g_assert_cmpuint (n_lines (t), ==, 0);
  ui_click (ui_win (t), "3");
  ui_click (ui_win (t), "00");
  g_assert_cmpstr (ui_text (ui_win (t), "float_entry"), ==, "300");
  g_free (ui_screenshot (ui_win (t), "shift-open"));
  ui_key (GDK_KEY_Return, FALSE);
  ui_wait (shift_panel_shut, t->window);
  g_assert_nonnull (strstr (mpos_window_get_notice (t->window), "float of ¥300.00"));
  g_assert_true (mpos_shift_current (store, &shift, NULL));
  g_assert_cmpint (shift.opening_float, ==, 30000);
  mpos_shift_clear (&shift);

  /* a cash sale: cola 3.15 (饮料九折), 10.00 given */
  scan_and_wait (t, COLA, 1);
  ui_key (GDK_KEY_F12, FALSE);
  ui_set_text (t, "cash_entry", "10");
  g_signal_emit_by_name (ui_find (ui_win (t), "cash_entry"), "activate");
  ui_key (GDK_KEY_F12, FALSE);
  ui_wait_page (t, "sale");
  g_assert_cmpuint (n_lines (t), ==, 0);

  /* a paid-out of 20.00 */
  g_assert_true (gtk_widget_activate_action (ui_win (t), "win.shift-cash", NULL));
  ui_click (ui_win (t), "Paid-out 支出");
  type_line ("20");
  type_line ("tape");
  ui_wait (shift_panel_shut, t->window);
  g_assert_nonnull (strstr (mpos_window_get_notice (t->window), "Paid out ¥20.00"));

  /* the close: 283.15 expected, 283.10 counted, typed per denomination */
  ui_key (GDK_KEY_F11, TRUE);
  g_assert_true (gtk_widget_get_visible (panel));
  g_assert_false (gtk_widget_get_visible (ui_find (ui_win (t), "result_label")));
  type_line ("2");
  type_line ("1");
  type_line ("1");
  type_line ("1");
  ui_key (GDK_KEY_Return, FALSE);
  type_line ("3");
  ui_key (GDK_KEY_Return, FALSE);
  ui_type ("1");
  g_assert_cmpstr (ui_text (ui_win (t), "count_total"), ==, "Counted: ¥283.10");
  g_assert_null (strstr (ui_text (ui_win (t), "shift_hint"), "283.15"));
  g_free (ui_screenshot (ui_win (t), "shift-count"));
  ui_key (GDK_KEY_Return, FALSE);
  g_assert_true (gtk_widget_get_visible (ui_find (ui_win (t), "result_label")));
  g_assert_nonnull (strstr (ui_text (ui_win (t), "result_label"), "Expected in the drawer: ¥283.15"));
  g_assert_nonnull (strstr (ui_text (ui_win (t), "result_label"), "Over/short: -¥0.05"));
  g_free (ui_screenshot (ui_win (t), "shift-result"));
  ui_key (GDK_KEY_Return, FALSE);
  ui_wait (on_page_sign_in, t->window);
  list = ui_ctl (t, 0, "shift list");
  g_assert_nonnull (strstr (list, "    283.15      -0.05"));

  /* 100.00 short: past the 20.00 limit, the manager approves on the panel */
  ui_type_sign_in (t, "1001", "1234");
  ui_wait_page (t, "sale");
  type_line ("100");
  ui_wait (shift_panel_shut, t->window);
  ui_key (GDK_KEY_F11, TRUE);
  ui_click (ui_win (t), "Count done");
  g_assert_true (gtk_widget_get_visible (ui_find (ui_win (t), "manager_box")));
  g_assert_nonnull (strstr (ui_text (ui_win (t), "result_label"), "Over/short: -¥100.00"));
  type_line ("9001");
  type_line ("1111");
  g_assert_nonnull (strstr (ui_text (ui_win (t), "shift_problem"), "wrong staff number or PIN"));
  g_free (ui_screenshot (ui_win (t), "shift-manager"));
  type_line ("9001");
  g_assert_nonnull (strstr (ui_text (ui_win (t), "result_label"), "Accepted by manager 9001"));
  ui_key (GDK_KEY_Return, FALSE);
  ui_wait (on_page_sign_in, t->window);
  g_assert_false (mpos_shift_current (store, &shift, NULL));
  assert_store_checks (t);
}

/* The window fits the till's screen, whatever the language and the page:
 * never taller than 768 (the notice line would fall off the bottom) nor
 * wider than the screen. */
static void
assert_fits (UiTest *t, int screen_width)
{
  ui_spin (300);
  g_assert_cmpint (gtk_widget_get_height (ui_win (t)), <=, 768);
  g_assert_cmpint (gtk_widget_get_width (ui_win (t)), <=, screen_width);
}

/* Saves `page` as <page>-<language>[-1024].png after checking it fits. */
static gboolean
zh_check_answered (gpointer data)
{
  UiTest *t = data;
  const char *text = ui_text (ui_win (t), "dialog_problem");

  return text[0] != '\0' && !g_str_has_prefix (text, "正在");
}

/* In a zh_CN window every word the cashier reads is Chinese: the devices
 * screen's driver texts (drivers/, through gettext), the return page's
 * business day as a date, and a refusal names the permission in words,
 * never its internal name. */
static void
test_zh_cn_words (void)
{
  g_autoptr (UiTest) t = NULL;
  g_autoptr (MposSaleRecord) sale = NULL;
  g_autofree char *sale_no = NULL, *day = NULL, *raw = NULL;
  const char *text;

  g_setenv ("MALLPOS_LANGUAGE", "zh_CN", TRUE);
  t = ui_test_new ();
  sign_in (t);
  gtk_widget_activate_action (ui_win (t), "win.devices", NULL);
  g_assert_nonnull (strstr (device_row (t, "drawer0"), "经 printer0 连接"));
  g_assert_nonnull (strstr (device_row (t, "printer0"), "虚拟设备，输出到 "));
  g_assert_null (strstr (device_row (t, "drawer0"), "through"));
  g_assert_null (strstr (device_row (t, "printer0"), "virtual"));
  gtk_widget_activate_action (ui_win (t), "win.back", NULL);

  scan_and_wait (t, DETERGENT, 1);
  ui_key (GDK_KEY_F6, FALSE);
  ui_set_text (t, "value_entry", "30%");
  g_signal_emit_by_name (ui_find (ui_win (t), "ok_button"), "clicked"); /* the supervisor's fields */
  ui_set_text (t, "supervisor_entry", "1001");                          /* a cashier may not */
  ui_set_text (t, "supervisor_pin", "1234");
  g_signal_emit_by_name (ui_find (ui_win (t), "ok_button"), "clicked");
  ui_wait (zh_check_answered, t);
  text = ui_text (ui_win (t), "dialog_problem");
  g_assert_nonnull (strstr (text, "超出本店限额的折扣"));
  g_assert_nonnull (strstr (text, "收银员"));
  g_assert_null (strstr (text, "discount_above_limit"));
  g_assert_null (strstr (text, "cashier"));
  ui_key (GDK_KEY_Escape, FALSE);

  ui_key (GDK_KEY_F12, FALSE);
  ui_click (ui_win (t), "¥100");
  ui_key (GDK_KEY_F12, FALSE);
  ui_wait_page (t, "sale");
  sale_no = mpos_sale_last_receipt_no (mpos_till_get_store (till_of (t)), "sale", NULL);
  sale = mpos_sale_load (mpos_till_get_store (till_of (t)), sale_no, NULL);
  ui_scan (sale_no);
  ui_wait_page (t, "return");
  day = g_strdup_printf ("%.4s年%d月%d日", sale->business_day,
                         (int)g_ascii_strtoll (sale->business_day + 4, NULL, 10) / 100,
                         (int)g_ascii_strtoll (sale->business_day + 6, NULL, 10));
  raw = g_strdup_printf ("（%s", sale->business_day); /* the receipt number holds it too */
  text = ui_text (ui_win (t), "sale_label");
  if (strstr (text, day) == NULL || strstr (text, raw) != NULL)
    g_error ("the return page says “%s”, not the day as “%s”", text, day);
  g_free (ui_screenshot (ui_win (t), "return-day-zh_CN"));
}

static void
shoot (UiTest *t, const LanguageCase *c, const char *page, int screen_width)
{
  g_autofree char *name = g_strdup_printf ("%s-%s%s", page, c->language,
                                           screen_width == 1024 ? "-1024" : "");

  ui_spin (300);
  g_free (ui_screenshot (ui_win (t), name)); /* first: a page that does not fit is seen */
  assert_fits (t, screen_width);
}

/* Each main screen in the language, on a 1366×768 and a 1024×768 counter:
 * sign-in, the sale with a member, the line panel with a supervisor's
 * approval, the shortcut sheet, payment, return, devices, sync and the
 * suspended sales; every one fits the screen. */
static void
test_language (gconstpointer data)
{
  const LanguageCase *c = data;
  MposStore *store;
  g_autoptr (UiTest) t = NULL;
  g_autofree char *sale_no = NULL;
  const int widths[] = { 1366, 1024 };

  g_setenv ("MALLPOS_LANGUAGE", c->language, TRUE);
  t = ui_test_new ();
  store = mpos_till_get_store (till_of (t));
  g_assert_cmpstr (ui_text (ui_win (t), "title"), ==, c->sign_in);
  shoot (t, c, "sign-in", 1366);
  sign_in (t);
  for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
    {
      gtk_window_set_default_size (GTK_WINDOW (ui_win (t)), widths[w], 768);
      ui_spin (300);
      ui_scan (MEMBER_CARD);
      scan_and_wait (t, COLA, 1);
      scan_and_wait (t, DETERGENT, 2);
      shoot (t, c, "sale", widths[w]);
      ui_key (GDK_KEY_F6, FALSE);
      ui_set_text (t, "value_entry", "30%");
      /* above the limit: OK (by its id: its label is the language's) opens the supervisor's fields */
      g_signal_emit_by_name (ui_find (ui_win (t), "ok_button"), "clicked");
      ui_spin (100);
      shoot (t, c, "line-approval", widths[w]);
      ui_key (GDK_KEY_Escape, FALSE);
      ui_key (GDK_KEY_F1, FALSE);
      shoot (t, c, "shortcuts-sale", widths[w]);
      ui_key (GDK_KEY_Escape, FALSE);
      ui_key (GDK_KEY_F12, FALSE);
      shoot (t, c, "payment", widths[w]);
      ui_key (GDK_KEY_F1, FALSE);
      shoot (t, c, "shortcuts-payment", widths[w]);
      ui_key (GDK_KEY_Escape, FALSE);
      ui_click (ui_win (t), "¥100");
      ui_key (GDK_KEY_F12, FALSE);
      ui_wait_page (t, "sale");
      g_free (sale_no);
      sale_no = mpos_sale_last_receipt_no (store, "sale", NULL);
      ui_scan (sale_no);
      ui_wait_page (t, "return");
      shoot (t, c, "return", widths[w]);
      ui_key (GDK_KEY_Escape, FALSE);
      ui_wait_page (t, "sale");
      gtk_widget_activate_action (ui_win (t), "win.devices", NULL);
      shoot (t, c, "devices", widths[w]);
      gtk_widget_activate_action (ui_win (t), "win.sync", NULL);
      shoot (t, c, "sync", widths[w]);
      gtk_widget_activate_action (ui_win (t), "win.back", NULL);
      scan_and_wait (t, BEER, 1);
      ui_key (GDK_KEY_F8, FALSE);
      gtk_widget_activate_action (ui_win (t), "win.resume", NULL);
      shoot (t, c, "suspended-list", widths[w]);
      ui_key (GDK_KEY_Escape, FALSE);
    }
  assert_store_checks (t);
}

int
main (int argc, char **argv)
{
  g_setenv ("MALLPOS_NOW", "2026-11-23T10:00:00+08:00", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  mpos_i18n_init (NULL);
  g_test_add_func ("/window/sign-in", test_sign_in);
  g_test_add_func ("/window/sign-in-never-freezes", test_sign_in_never_freezes);
  g_test_add_func ("/window/lock-keeps-the-sale", test_lock_keeps_the_sale);
  g_test_add_func ("/window/wedge-scans-while-typing", test_wedge_scans_while_typing);
  g_test_add_func ("/window/unknown-code", test_unknown_code_in_plain_words);
  g_test_add_func ("/window/weighed-item", test_weighed_item);
  g_test_add_func ("/window/promotion-and-coupon", test_promotion_and_coupon);
  g_test_add_func ("/window/zh-cn-words", test_zh_cn_words);
  g_test_add_func ("/window/items-list-keeps-its-rows", test_items_list_keeps_its_rows);
  g_test_add_func ("/window/new-line-in-its-first-frame", test_new_line_in_its_first_frame);
  g_test_add_func ("/window/split-payment-and-receipt", test_split_payment_and_receipt);
  g_test_add_func ("/window/wrong-stored-value-pin", test_wrong_stored_value_pin_refused);
  g_test_add_func ("/window/printer-offline-mid-sale", test_printer_offline_mid_sale);
  g_test_add_func ("/window/printer-unreachable-never-blocks-the-sale",
                   test_printer_unreachable_never_blocks_the_sale);
  g_test_add_func ("/window/quantity-and-supervisor-approval",
                   test_quantity_and_supervisor_approval);
  g_test_add_func ("/window/return-one-line", test_return_one_line);
  g_test_add_func ("/window/return-without-receipt", test_return_without_receipt);
  g_test_add_func ("/window/touch-only-ring-pay-return", test_touch_only_ring_pay_return);
  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      g_autofree char *path = g_strdup_printf ("/window/language-%s", languages[i].language);
      g_test_add_data_func (path, &languages[i], test_language);
    }
  g_test_add_func ("/window/member-by-phone-tail-and-top-up", test_member_by_phone_tail_and_top_up);
  g_test_add_func ("/window/member-coupons-with-one-key", test_member_coupons_with_one_key);
  g_test_add_func ("/window/member-statement-on-screen", test_member_statement_on_screen);
  g_test_add_func ("/window/member-registered-at-the-counter",
                   test_member_registered_at_the_counter);
  g_test_add_func ("/window/suspend-and-resume", test_suspend_and_resume);
  g_test_add_func ("/window/sync-status-screen", test_sync_status_screen);
  g_test_add_func ("/window/devices-screen", test_devices_screen);
  g_test_add_func ("/window/customer-display-needs-a-second-monitor",
                   test_customer_display_needs_a_second_monitor);
  g_test_add_func ("/window/customer-display-follows-the-sale",
                   test_customer_display_follows_the_sale);
  g_test_add_func ("/window/shift-open-sell-close", test_shift_open_sell_close);
  return g_test_run ();
}
