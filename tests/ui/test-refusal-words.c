/* test-refusal-words.c — the core's refusals reach a zh_CN window in the
 * cashier's language (issue 17): a wrong and then a locked payment PIN on
 * the statement and the payment page, points above the no-proof limit, an
 * unknown gift card and a stored-value payment the sale cannot take are
 * each refused in Chinese with what to do next — no sentence in ASCII
 * letters reaches the label — while mallposctl on the same store keeps
 * saying the core's English (scripts read it). */
#include "ui-test.h"

#include "mpos-till.h"
#include "terminal-language.h"

#include <string.h>

#define MEMBER_CARD "8800000000017" /* member 1: ¥550 stored value, PIN 246810 */
#define DETERGENT "6960198794607"

/* The label says something, in Chinese, with no ASCII letter in it. */
static void
assert_chinese (UiTest *t, const char *id, const char *expected)
{
  const char *text = ui_text (ui_win (t), id);

  g_test_message ("%s: %s", id, text);
  g_assert_cmpstr (text, !=, "");
  g_assert_nonnull (strstr (text, expected));
  for (const char *c = text; *c; c++)
    if (g_ascii_isalpha (*c))
      g_error ("%s holds ASCII letters: “%s”", id, text);
}

static void
submit (UiTest *t, const char *field, const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (ui_find (ui_win (t), field)), text);
  g_signal_emit_by_name (ui_find (ui_win (t), field), "activate");
  ui_wait_pin_checked (t);
  ui_spin (50);
}

static void
test_core_refusals_in_zh_cn (void)
{
  g_autoptr (UiTest) t = NULL;
  g_autofree char *ctl = NULL;
  int cash_width;

  g_setenv ("MALLPOS_LANGUAGE", "zh_CN", TRUE);
  t = ui_test_new ();
  ui_cashier_signs_in (t);
  ui_scan (MEMBER_CARD);
  ui_scan (DETERGENT);
  ui_wait_lines (t, 1);

  /* the statement: a wrong payment PIN (member proof) */
  ui_key_ctrl (GDK_KEY_i);
  submit (t, "statement_pin", "111111");
  assert_chinese (t, "statement_problem", "支付密码错误");
  g_free (ui_screenshot (ui_win (t), "zh_CN-refusal-statement-pin"));
  ui_key (GDK_KEY_Escape, FALSE);

  ui_key (GDK_KEY_F12, FALSE);
  g_assert_cmpstr (mpos_window_get_page (t->window), ==, "payment");
  ui_spin (100);
  cash_width = gtk_widget_get_width (ui_find (ui_win (t), "cash_entry"));
  /* points above the no-proof limit, without the proof */
  gtk_editable_set_text (GTK_EDITABLE (ui_find (ui_win (t), "points_entry")), "2500");
  g_signal_emit_by_name (ui_find (ui_win (t), "points_entry"), "activate");
  /* the figures, int64 in the core ("%" PRId64), kept in the sentence */
  assert_chinese (t, "payment_problem", "用 2500 积分付款须会员本人证明");
  ui_assert_shown_fully (ui_win (t), "payment_problem");
  /* all of it, and the page does not move for it */
  g_assert_cmpint (gtk_widget_get_width (ui_find (ui_win (t), "cash_entry")), ==, cash_width);
  g_free (ui_screenshot (ui_win (t), "zh_CN-refusal-points-proof"));
  /* a gift card this store never had */
  gtk_editable_set_text (GTK_EDITABLE (ui_find (ui_win (t), "gift_serial")), "99999999");
  submit (t, "gift_pin", "123456");
  assert_chinese (t, "payment_problem", "本店没有购物卡");
  /* stored value: wrong PINs until it locks, then the member's own refused */
  for (int i = 0; i < 3; i++) /* one was counted on the statement */
    {
      submit (t, "sv_pin", "111111");
      assert_chinese (t, "payment_problem", "支付密码错误");
    }
  submit (t, "sv_pin", "111111");
  assert_chinese (t, "payment_problem", "请主管解锁");
  submit (t, "sv_pin", "246810");
  assert_chinese (t, "payment_problem", "已锁定");
  g_free (ui_screenshot (ui_win (t), "zh_CN-refusal-stored-value-locked"));
  g_assert_cmpuint (
      mpos_cart_get_tenders (mpos_till_get_cart (mpos_window_get_till (t->window)))->len, ==, 0);

  /* mallposctl on the same store, in the same language: its own words in
   * Chinese, the core's refusal in English as scripts read it */
  g_autofree char *command = g_strdup_printf (
      "sh -c 'echo 123456 | %s gift-card redeem 99999999 --member " MEMBER_CARD " --store %s'",
      g_getenv ("MALLPOSCTL"), t->store_path);
  g_autofree char *out = NULL, *err = NULL;
  int wait = 0;

  g_assert_true (g_spawn_command_line_sync (command, &out, &err, &wait, NULL));
  g_assert_nonnull (strstr (err, "no gift card 99999999 in this store"));
  ctl = ui_ctl (t, 0, "language");
  g_assert_nonnull (strstr (ctl, "终端语言"));
}

int
main (int argc, char **argv)
{
  g_setenv ("MALLPOS_NOW", "2026-11-23T10:00:00+08:00", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  mpos_i18n_init (NULL);
  g_test_add_func ("/refusals/core-refusals-in-zh-cn", test_core_refusals_in_zh_cn);
  return g_test_run ();
}
