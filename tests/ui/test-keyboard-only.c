/* test-keyboard-only.c — a whole shift's work with the keyboard alone
 * (issue 17): sign in, goods by wedge scans and by a product search typed
 * in pinyin initials, F2 member by the card number typed, F4 quantity, F12
 * pay split cash + stored value with the member's PIN, the receipt on the
 * virtual printer, a return of one line and a reprint — every step a key
 * event through the X server (Tab to move, Enter to act, Esc to go back):
 * no click, no text set, no core call. The widgets and the store are
 * checked afterwards (mallposctl check passes); a screenshot of each step. */
#include "ui-test.h"

#include "mpos-till.h"
#include "sale.h"
#include "terminal-language.h"

#include <string.h>

#define MEMBER_CARD "8800000000017" /* 张伟: PIN 246810, ¥550 stored value */
#define COLA "6982959570664"        /* 可口可乐 500ml */
#define DETERGENT "6960198794607"   /* 蓝月亮洗衣液 3kg */
#define COLA_ZERO "kkklld"          /* 可口可乐零度 330ml, by its pinyin initials */

/* The page shows and has settled (its focus moved, its first draw done). */
static void
wait_page (UiTest *t, const char *page)
{
  ui_wait_page (t, page);
  ui_spin (300);
}

/* Whether the keyboard's focus is in `widget` (itself or its text). */
static gboolean
focus_in (UiTest *t, GtkWidget *widget)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (t->window));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* Tab until the focus is in the widget `id`: it must be reachable. */
static void
tab_to (UiTest *t, const char *id)
{
  GtkWidget *widget = ui_find (ui_win (t), id);

  for (int i = 0; i < 24 && !focus_in (t, widget); i++)
    {
      ui_key (GDK_KEY_Tab, FALSE);
      ui_spin (50);
    }
  if (!focus_in (t, widget))
    g_error ("%s cannot be reached with Tab", id);
}

/* A label under `root` says `text`. */
static gboolean
shows_label (GtkWidget *root, const char *text)
{
  if (GTK_IS_LABEL (root) && g_str_equal (gtk_label_get_text (GTK_LABEL (root)), text))
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    if (shows_label (child, text))
      return TRUE;
  return FALSE;
}

static void
type_enter (const char *text)
{
  ui_type (text);
  ui_key (GDK_KEY_Return, FALSE);
  ui_spin (200);
}

static void
test_keyboard_only_shift (void)
{
  g_autoptr (UiTest) t = ui_test_new ();
  MposStore *store = mpos_till_get_store (mpos_window_get_till (t->window));
  g_autofree char *sale_no = NULL, *return_no = NULL, *check = NULL;
  g_autoptr (MposSaleRecord) sale = NULL;
  const MposCartLine *line;

  /* sign in: the staff number has the cursor */
  g_assert_true (focus_in (t, ui_find (ui_win (t), "number_entry")));
  type_enter ("1001");
  type_enter ("1234");
  wait_page (t, "sale");
  g_free (ui_screenshot (ui_win (t), "keyboard-1-signed-in"));

  /* goods: two wedge scans, one search by pinyin initials */
  ui_scan (COLA);
  ui_scan (DETERGENT);
  ui_wait_lines (t, 2);
  type_enter (COLA_ZERO);
  ui_wait_lines (t, 3);
  g_free (ui_screenshot (ui_win (t), "keyboard-2-rung"));

  /* F2: the member by their card number, typed; Esc back */
  ui_spin (300);
  ui_key (GDK_KEY_F2, FALSE);
  ui_spin (300);
  g_assert_true (gtk_widget_get_visible (ui_find (ui_win (t), "member_dialog")));
  type_enter (MEMBER_CARD);
  g_assert_nonnull (mpos_cart_get_member (ui_cart (t)));
  ui_key (GDK_KEY_Escape, FALSE);
  ui_spin (200);
  g_assert_false (gtk_widget_get_visible (ui_find (ui_win (t), "member_dialog")));

  /* F4: two of the last line */
  ui_key (GDK_KEY_F4, FALSE);
  ui_spin (200);
  type_enter ("2");
  line = g_ptr_array_index (mpos_cart_get_lines (ui_cart (t)), 2);
  g_assert_cmpint (line->qty, ==, 2);
  g_free (ui_screenshot (ui_win (t), "keyboard-3-member-and-quantity"));

  /* F12: ¥20 cash, the rest from stored value with the member's PIN */
  ui_key (GDK_KEY_F12, FALSE);
  wait_page (t, "payment");
  g_assert_true (focus_in (t, ui_find (ui_win (t), "cash_entry")));
  type_enter ("20");
  g_assert_cmpuint (mpos_cart_get_tenders (ui_cart (t))->len, ==, 1);
  /* F1 lists the letters of the payment page */
  ui_key (GDK_KEY_F1, FALSE);
  g_assert_true (shows_label (ui_find (ui_win (t), "shortcut_sheet"), "Alt+S"));
  ui_key (GDK_KEY_Escape, FALSE);
  g_assert_cmpstr (mpos_window_get_page (t->window), ==, "payment");
  /* stored value by the letter its title shows (储值(S)), no Tab counting:
   * the amount left empty pays the rest, Enter goes on to the PIN */
  ui_key_alt (GDK_KEY_s);
  g_assert_true (focus_in (t, ui_find (ui_win (t), "sv_amount")));
  type_enter ("");
  g_assert_true (focus_in (t, ui_find (ui_win (t), "sv_pin")));
  type_enter ("246810");
  ui_wait_pin_checked (t);
  ui_spin (200);
  g_assert_cmpstr (ui_text (ui_win (t), "payment_problem"), ==, "");
  g_assert_cmpstr (ui_text (ui_win (t), "due_label"), ==, "¥0.00");
  g_free (ui_screenshot (ui_win (t), "keyboard-4-paid"));
  ui_key (GDK_KEY_F12, FALSE);
  wait_page (t, "sale");
  ui_wait_receipts (t, 1);
  sale_no = mpos_sale_last_receipt_no (store, "sale", NULL);
  g_assert_nonnull (sale_no);
  sale = mpos_sale_load (store, sale_no, NULL);
  g_assert_cmpuint (sale->lines->len, ==, 3);
  g_assert_cmpuint (sale->tenders->len, ==, 2);

  /* F10: the return of one line — the receipt number typed, Tab to the
   * detergent's quantity, Up to 1, Tab to the reason, type it, Enter */
  ui_key (GDK_KEY_F10, FALSE);
  ui_spin (300);
  type_enter (sale_no);
  wait_page (t, "return");
  ui_key (GDK_KEY_Tab, FALSE);
  for (int i = 0; i < 24; i++)
    {
      GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (t->window));
      GtkWidget *spin = focus ? gtk_widget_get_ancestor (focus, GTK_TYPE_SPIN_BUTTON) : NULL;
      GtkListBoxRow *row = spin ? GTK_LIST_BOX_ROW (gtk_widget_get_ancestor (spin,
                                                                             GTK_TYPE_LIST_BOX_ROW))
                                : NULL;

      if (row != NULL && gtk_list_box_row_get_index (row) == 1)
        break;
      ui_key (GDK_KEY_Tab, FALSE);
      ui_spin (50);
    }
  ui_key (GDK_KEY_Up, FALSE); /* 0 → 1 */
  ui_spin (100);
  tab_to (t, "reason_entry");
  ui_type ("pj"); /* 破旧: the reason, as typed on a keyboard */
  g_free (ui_screenshot (ui_win (t), "keyboard-5-return"));
  ui_key (GDK_KEY_Return, FALSE); /* Enter in the reason refunds */
  wait_page (t, "sale");
  return_no = mpos_sale_last_receipt_no (store, "return", NULL);
  g_assert_nonnull (return_no);
  ui_wait_receipts (t, 2);

  /* F9: the last receipt again */
  ui_key (GDK_KEY_F9, FALSE);
  ui_wait_receipts (t, 3);
  g_free (ui_screenshot (ui_win (t), "keyboard-6-reprinted"));
  check = ui_ctl (t, 0, "check");
  g_assert_nonnull (strstr (check, "ok"));
}

int
main (int argc, char **argv)
{
  g_setenv ("MALLPOS_NOW", "2026-11-23T10:00:00+08:00", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  mpos_i18n_init (NULL);
  g_test_add_func ("/keyboard/whole-shift", test_keyboard_only_shift);
  return g_test_run ();
}
