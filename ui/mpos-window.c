/* mpos-window.c — the cashier's window (mpos-window.h). Keys first meet the
 * wedge recogniser in the capture phase: a scanner's burst becomes a scan
 * and never reaches a text field; a person's keys are handed back to the
 * focused field. Actions carry the function keys so buttons, keys and tests
 * use the same paths. */
#include "mpos-window.h"

#include "mpos-blind-return.h"
#include "mpos-customer-display.h"
#include "mpos-devices-page.h"
#include "mpos-format.h"
#include "mpos-line-dialog.h"
#include "mpos-member-dialog.h"
#include "mpos-member-register.h"
#include "mpos-member-statement.h"
#include "mpos-reports-page.h"
#include "mpos-return-page.h"
#include "mpos-payment-page.h"
#include "mpos-sale-page.h"
#include "mpos-shift-dialog.h"
#include "mpos-shortcut-sheet.h"
#include "mpos-sign-in-page.h"
#include "mpos-key-burst.h"
#include "mpos-suspended-list.h"
#include "mpos-sync-page.h"
#include "clock.h"
#include "member-card-presence.h"
#include "sync-state.h"
#include "shift.h"
#include "suspend.h"

#include <glib/gi18n.h>

#define SYNC_REFRESH_SECONDS 5
/* A till left alone this long locks itself (the open sale waits behind the lock). */
#define IDLE_LOCK_SECONDS 300

struct _MposWindow
{
  GtkApplicationWindow parent_instance;
  MposTill *till;
  MposKeyBurst *wedge;
  MposCustomerDisplay *customer_display; /* the shopper's screen, NULL without one */
  guint sync_source;
  guint idle_source;
  gint64 last_activity; /* monotonic µs of the last key or click */
  /* template */
  GtkLabel *store_label;
  GtkLabel *cashier_label;
  GtkLabel *training_label;
  GtkLabel *sync_label;
  GtkRevealer *printer_revealer;
  GtkLabel *printer_label;
  GtkStack *pages;
  MposSignInPage *sign_in_page;
  MposSalePage *sale_page;
  MposPaymentPage *payment_page;
  MposLineDialog *line_dialog;
  MposReturnPage *return_page;
  MposSyncPage *sync_page;
  MposDevicesPage *devices_page;
  MposReportsPage *reports_page;
  MposMemberDialog *member_dialog;
  MposSuspendedList *suspended_list;
  MposMemberRegister *member_register;
  MposMemberStatement *member_statement;
  MposBlindReturn *blind_return;
  MposShiftDialog *shift_dialog;
  MposShortcutSheet *shortcut_sheet;
  GtkLabel *notice;
};

G_DEFINE_FINAL_TYPE (MposWindow, mpos_window, GTK_TYPE_APPLICATION_WINDOW)

/* ---- what the cashier reads ------------------------------------------------------ */

static void
notify_text (MposWindow *self, const char *text, gboolean problem)
{
  gtk_label_set_text (self->notice, text ? text : "");
  if (problem)
    gtk_widget_add_css_class (GTK_WIDGET (self->notice), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->notice), "error");
}

static void
refuse (MposWindow *self, const GError *error)
{
  notify_text (self, error->message, TRUE);
  /* no open shift: the panel that opens one, rather than a command to type */
  if (g_error_matches (error, MPOS_SHIFT_ERROR, MPOS_SHIFT_ERROR_NO_SHIFT))
    mpos_shift_dialog_check (self->shift_dialog);
}

const char *
mpos_window_get_notice (MposWindow *self)
{
  return gtk_label_get_text (self->notice);
}

static void
show_cashier (MposWindow *self)
{
  const char *name = mpos_till_get_cashier_name (self->till);
  const char *number = mpos_till_get_cashier (self->till);
  g_autofree char *text = number ? g_strdup_printf (_ ("Cashier %s %s"), number, name ? name : "")
                                 : g_strdup (_ ("Nobody signed in"));

  gtk_label_set_text (self->cashier_label, text);
}

/* The top bar's sync word: online or not, and what is not yet sent. */
static gboolean
show_sync (gpointer user_data)
{
  MposWindow *self = user_data;
  g_auto (MposSyncStatus) status = { 0 };
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  gboolean online;

  if (!mpos_sync_status_load (mpos_till_get_store (self->till), &status, &error))
    {
      g_debug ("sync status: %s", error->message);
      return G_SOURCE_CONTINUE;
    }
  online = status.enrolled && status.last_success > 0 && status.offline_since == 0
           && status.stopped == NULL;
  text = g_strdup_printf (online ? _ ("● Online · %lld not yet sent")
                                 : _ ("● Offline · %lld not yet sent"),
                          (long long) (status.journal_seq - status.pushed_seq));
  gtk_label_set_text (self->sync_label, text);
  if (g_str_equal (mpos_window_get_page (self), "sync"))
    mpos_sync_page_refresh (self->sync_page);
  return G_SOURCE_CONTINUE;
}

static void
show_printer (MposTillPrinter *printer, MposWindow *self)
{
  const char *problem = mpos_till_printer_get_problem (printer);

  gtk_label_set_text (self->printer_label, problem ? problem : "");
  gtk_revealer_set_reveal_child (self->printer_revealer, problem != NULL);
}

static void
on_till_changed (MposTill *till, MposWindow *self)
{
  show_cashier (self);
  if (g_str_equal (mpos_window_get_page (self), "payment"))
    gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.finish",
                                   mpos_payment_page_is_covered (self->payment_page));
}

/* ---- pages ------------------------------------------------------------------------ */

const char *
mpos_window_get_page (MposWindow *self)
{
  return gtk_stack_get_visible_child_name (self->pages);
}

static void
show_page (MposWindow *self, const char *name)
{
  gtk_stack_set_visible_child_name (self->pages, name);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.finish",
                                 g_str_equal (name, "payment")
                                     && mpos_payment_page_is_covered (self->payment_page));
  if (g_str_equal (name, "sale"))
    gtk_widget_grab_focus (GTK_WIDGET (mpos_sale_page_get_code_entry (self->sale_page)));
}

/* ---- scanning ---------------------------------------------------------------------- */

/* A receipt scanned or F10: the return page, while no sale is open. */
static void
start_return (MposWindow *self, const char *receipt_no)
{
  if (mpos_cart_get_lines (mpos_till_get_cart (self->till))->len > 0)
    {
      notify_text (self, _ ("Finish or suspend the open sale first, then take the return."), TRUE);
      return;
    }
  mpos_return_page_start (self->return_page, receipt_no);
  show_page (self, "return");
  notify_text (self, "", FALSE);
}

static void
scan_on_sale (MposWindow *self, const char *code)
{
  g_autoptr (GError) error = NULL;
  MposScanKind kind = mpos_till_scan (self->till, code, &error);

  switch (kind)
    {
    case MPOS_SCAN_UNKNOWN:
      refuse (self, error);
      return;
    case MPOS_SCAN_RECEIPT:
      start_return (self, code);
      return;
    case MPOS_SCAN_GIFT_CARD:
    case MPOS_SCAN_PAYMENT_CODE:
      notify_text (self, _ ("That is a payment: press F12 to pay, then scan it again."), FALSE);
      return;
    case MPOS_SCAN_MEMBER_CARD:
    case MPOS_SCAN_MEMBER_QR:
      notify_text (self, _ ("Member added to the sale."), FALSE);
      return;
    case MPOS_SCAN_COUPON:
      notify_text (self, _ ("Coupon added to the sale."), FALSE);
      return;
    case MPOS_SCAN_PRODUCT:
    case MPOS_SCAN_SCALE_LABEL:
      notify_text (self, "", FALSE);
      return;
    }
}

static void
scan_on_payment (MposWindow *self, const char *code)
{
  MposStore *store = mpos_till_get_store (self->till);
  g_autoptr (GError) error = NULL;

  switch (mpos_scan_classify (store, code, &error))
    {
    case MPOS_SCAN_PAYMENT_CODE:
      mpos_payment_page_payment_code (self->payment_page, code);
      break;
    case MPOS_SCAN_GIFT_CARD:
      mpos_payment_page_gift_card (self->payment_page, code);
      break;
    case MPOS_SCAN_MEMBER_QR: /* the member's proof for stored value */
      mpos_payment_page_member_code (self->payment_page, code);
      break;
    case MPOS_SCAN_UNKNOWN:
      refuse (self, error);
      break;
    default:
      notify_text (self,
                   _ ("Goods, members and coupons go on the sale: press Esc to go back to it "
                      "first."),
                   TRUE);
      break;
    }
  on_till_changed (self->till, self);
}

void
mpos_window_scan (MposWindow *self, const char *code)
{
  const char *page = mpos_window_get_page (self);

  if (mpos_till_get_cashier (self->till) == NULL || g_str_equal (page, "sign-in"))
    notify_text (self, _ ("Sign in first: the scan was not used."), TRUE);
  else if (mpos_member_register_is_open (self->member_register))
    mpos_member_register_card_scanned (self->member_register, code); /* the new member's card */
  else if (mpos_shift_dialog_is_open (self->shift_dialog))
    notify_text (self, _ ("Finish the shift panel first (Esc leaves it): the scan was not used."),
                 TRUE);
  else if (g_str_equal (page, "payment"))
    scan_on_payment (self, code);
  else if (g_str_equal (page, "return"))
    mpos_return_page_start (self->return_page, code);
  else
    {
      show_page (self, "sale");
      scan_on_sale (self, code);
    }
}

/* A person's keys: into the focused text field, else into the code entry. */
static void
on_typed (MposKeyBurst *wedge, const char *text, MposWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  GtkEditable *editable = NULL;
  int position;

  if (focus && GTK_IS_EDITABLE (focus))
    editable = GTK_EDITABLE (focus);
  if (editable == NULL && g_str_equal (mpos_window_get_page (self), "sale"))
    {
      editable = GTK_EDITABLE (mpos_sale_page_get_code_entry (self->sale_page));
      gtk_widget_grab_focus (GTK_WIDGET (editable));
      gtk_editable_set_position (editable, -1);
    }
  if (editable == NULL || !gtk_editable_get_editable (editable))
    return;
  gtk_editable_delete_selection (editable);
  position = gtk_editable_get_position (editable);
  gtk_editable_insert_text (editable, text, -1, &position);
  gtk_editable_set_position (editable, position);
}

static void
on_wedge_scan (MposKeyBurst *wedge, const char *code, MposWindow *self)
{
  mpos_window_scan (self, code);
}

static gboolean
is_modifier_key (guint keyval)
{
  switch (keyval)
    {
    case GDK_KEY_Shift_L:
    case GDK_KEY_Shift_R:
    case GDK_KEY_Control_L:
    case GDK_KEY_Control_R:
    case GDK_KEY_Alt_L:
    case GDK_KEY_Alt_R:
    case GDK_KEY_Caps_Lock:
    case GDK_KEY_Meta_L:
    case GDK_KEY_Meta_R:
    case GDK_KEY_Super_L:
    case GDK_KEY_Super_R:
    case GDK_KEY_ISO_Level3_Shift:
      return TRUE;
    default:
      return FALSE;
    }
}

gboolean
mpos_window_key (MposWindow *self, guint keyval, GdkModifierType state, guint32 time_ms)
{
  gboolean enter
      = keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_ISO_Enter;
  gboolean modified = (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK)) != 0;

  /* a scanner presses Shift for capitals within its burst: not a key of its own */
  if (is_modifier_key (keyval))
    return FALSE;

  return mpos_key_burst_key (self->wedge, gdk_keyval_to_unicode (keyval), enter, modified, time_ms);
}

static gboolean
on_key_pressed (GtkEventControllerKey *controller, guint keyval, guint keycode,
                GdkModifierType state, MposWindow *self)
{
  guint32 time = gtk_event_controller_get_current_event_time (GTK_EVENT_CONTROLLER (controller));

  self->last_activity = g_get_monotonic_time ();
  return mpos_window_key (self, keyval, state, time);
}

/* The member's card read on the chip reader, the member on the sale: the
 * member's proof (a presence token the core seals and checks), so their
 * stored-value balance may be shown. A swipe or a typed number is none. */
static void
prove_by_chip (MposWindow *self, const char *card_no)
{
  MposStore *store = mpos_till_get_store (self->till);
  g_autoptr (GError) error = NULL;
  g_autofree char *presence = NULL;
  MposMemberProof proof = { 0 };

  if (mpos_cart_get_member (mpos_till_get_cart (self->till)) == NULL
      || !g_str_equal (mpos_window_get_page (self), "sale"))
    return;
  presence = mpos_member_card_presence_seal (store, card_no, mpos_clock_now (), &error);
  proof.card_presence = presence;
  if (presence == NULL || !mpos_till_prove_member (self->till, &proof, &error))
    g_debug ("a chip read proved nothing: %s", error->message);
}

/* On the sign-in page, on the line panel while it is open, and on the
 * returns waiting for a supervisor, a card read is a staff card; on the
 * payment page a member card read is the member's proof for stored value
 * (a chip read only); everywhere else it finds the member. */
static void
on_device_data (MposDevice *device, MposDeviceData *data, MposWindow *self)
{
  if (data->kind == MPOS_DEVICE_DATA_CARD && g_str_equal (mpos_window_get_page (self), "sign-in"))
    {
      mpos_sign_in_page_card (self->sign_in_page, data->text);
      return;
    }
  if (data->kind == MPOS_DEVICE_DATA_CARD && mpos_line_dialog_is_open (self->line_dialog))
    {
      mpos_line_dialog_card (self->line_dialog, data->text); /* a supervisor's staff card */
      return;
    }
  if (data->kind == MPOS_DEVICE_DATA_CARD && g_str_equal (mpos_window_get_page (self), "return")
      && mpos_return_page_staff_card (self->return_page, data->text))
    return;
  if (data->kind == MPOS_DEVICE_DATA_CARD && mpos_till_get_cashier (self->till) != NULL
      && g_str_equal (mpos_window_get_page (self), "payment"))
    {
      mpos_payment_page_member_card (self->payment_page, data->text, data->chip);
      on_till_changed (self->till, self);
      return;
    }
  mpos_window_scan (self, data->text);
  if (data->kind == MPOS_DEVICE_DATA_CARD && data->chip)
    prove_by_chip (self, data->text);
}

void
mpos_window_add_input (MposWindow *self, MposDevice *device)
{
  g_signal_connect_object (device, "data", G_CALLBACK (on_device_data), self, 0);
  mpos_devices_page_add_input (self->devices_page, device);
}

/* ---- the sale page's entry ------------------------------------------------------- */

static void
on_code_entered (MposSalePage *page, const char *text, MposWindow *self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) search = NULL;

  /* keyed by hand: a code first, else a search by name or pinyin initials */
  if (mpos_scan_classify (mpos_till_get_store (self->till), text, &error) != MPOS_SCAN_UNKNOWN)
    {
      scan_on_sale (self, text);
      return;
    }
  if (!g_ascii_isdigit (text[0]) && mpos_till_add_search (self->till, text, &search))
    {
      notify_text (self, "", FALSE);
      return;
    }
  refuse (self, search ? search : error);
}

static void
on_sku_chosen (MposSalePage *page, const char *sku, MposWindow *self)
{
  g_autoptr (GError) error = NULL;

  if (!mpos_till_add_sku (self->till, sku, &error))
    refuse (self, error);
  else
    notify_text (self, "", FALSE);
}

/* ---- actions --------------------------------------------------------------------------- */

static void
action_pay (GtkWidget *widget, const char *name, GVariant *param)
{
  MposWindow *self = MPOS_WINDOW (widget);

  if (mpos_cart_get_lines (mpos_till_get_cart (self->till))->len == 0)
    {
      notify_text (self, _ ("Nothing to pay yet: scan the goods first."), TRUE);
      return;
    }
  if (g_str_equal (mpos_window_get_page (self), "payment"))
    {
      gtk_widget_activate_action (widget, "win.finish", NULL);
      return;
    }
  mpos_payment_page_start (self->payment_page);
  show_page (self, "payment");
}

static void
action_finish (GtkWidget *widget, const char *name, GVariant *param)
{
  MposWindow *self = MPOS_WINDOW (widget);
  g_autoptr (GError) error = NULL;
  g_autofree char *change = mpos_format_money (mpos_payment_page_get_change (self->payment_page));
  g_autofree char *text = NULL;
  MposSaleResult result;

  if (!mpos_payment_page_is_covered (self->payment_page))
    {
      notify_text (self, _ ("The payments do not cover the total yet."), TRUE);
      return;
    }
  if (!mpos_till_finish (self->till, &result, &error))
    {
      refuse (self, error);
      return;
    }
  text = g_strdup_printf (_ ("Change %s · receipt %s"), change, result.receipt_no);
  if (self->customer_display)
    mpos_customer_display_show_change (self->customer_display, result.total,
                                       result.total + result.change, result.change);
  mpos_sale_page_set_last_sale (self->sale_page, text);
  notify_text (self, result.clock_warning[0] ? result.clock_warning : text,
               result.clock_warning[0]);
  show_page (self, "sale");
}

static void
action_back (GtkWidget *widget, const char *name, GVariant *param)
{
  MposWindow *self = MPOS_WINDOW (widget);

  if (mpos_shortcut_sheet_is_open (self->shortcut_sheet))
    mpos_shortcut_sheet_close (self->shortcut_sheet);
  else if (mpos_shift_dialog_is_open (self->shift_dialog))
    mpos_shift_dialog_cancel (self->shift_dialog);
  else if (mpos_line_dialog_is_open (self->line_dialog))
    gtk_widget_activate_action (GTK_WIDGET (self->line_dialog), "line.cancel", NULL);
  else if (mpos_blind_return_is_open (self->blind_return))
    {
      mpos_blind_return_close (self->blind_return);
      gtk_widget_grab_focus (GTK_WIDGET (mpos_sale_page_get_code_entry (self->sale_page)));
    }
  else if (mpos_member_statement_is_open (self->member_statement))
    {
      mpos_member_statement_close (self->member_statement);
      gtk_widget_grab_focus (GTK_WIDGET (mpos_sale_page_get_code_entry (self->sale_page)));
    }
  else if (mpos_member_register_is_open (self->member_register))
    {
      mpos_member_register_close (self->member_register);
      gtk_widget_grab_focus (GTK_WIDGET (mpos_sale_page_get_code_entry (self->sale_page)));
    }
  else if (mpos_suspended_list_is_open (self->suspended_list))
    {
      mpos_suspended_list_close (self->suspended_list);
      gtk_widget_grab_focus (GTK_WIDGET (mpos_sale_page_get_code_entry (self->sale_page)));
    }
  else if (mpos_member_dialog_is_open (self->member_dialog))
    {
      mpos_member_dialog_close (self->member_dialog);
      gtk_widget_grab_focus (GTK_WIDGET (mpos_sale_page_get_code_entry (self->sale_page)));
    }
  else if (!g_str_equal (mpos_window_get_page (self), "sign-in"))
    show_page (self, "sale");
}

static void
action_suspend (GtkWidget *widget, const char *name, GVariant *param)
{
  MposWindow *self = MPOS_WINDOW (widget);
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  int64_t id = 0;

  if (!mpos_till_suspend (self->till, &id, &error))
    {
      refuse (self, error);
      return;
    }
  text = g_strdup_printf (_ ("Sale suspended as number %lld: press Shift+F8 to resume it."),
                          (long long) id);
  notify_text (self, text, FALSE);
  show_page (self, "sale");
}

/* Shift+F8: the suspended sales to pick from. */
static void
action_resume (GtkWidget *widget, const char *name, GVariant *param)
{
  MposWindow *self = MPOS_WINDOW (widget);
  g_autoptr (GError) error = NULL;

  if (mpos_cart_get_lines (mpos_till_get_cart (self->till))->len > 0)
    notify_text (self, _ ("Finish or suspend the open sale first, then resume."), TRUE);
  else if (!mpos_suspended_list_open (self->suspended_list, &error))
    refuse (self, error);
}

static void
on_suspended_picked (MposSuspendedList *list, gint64 id, MposWindow *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;

  if (!mpos_till_resume (self->till, id, &error))
    {
      refuse (self, error);
      return;
    }
  text = g_strdup_printf (_ ("Suspended sale %lld resumed."), (long long) id);
  notify_text (self, text, FALSE);
  show_page (self, "sale");
}

/* F4, F5, F6, F7: the line under the cursor in the line panel. */
static void
edit_line (MposWindow *self, MposLineEdit edit)
{
  guint line_no = mpos_sale_page_get_selected_line (self->sale_page);

  if (!g_str_equal (mpos_window_get_page (self), "sale"))
    return;
  if (line_no == 0)
    {
      notify_text (self, _ ("Pick a line first (arrow keys or touch), then press the key again."),
                   TRUE);
      return;
    }
  mpos_line_dialog_open (self->line_dialog, edit, line_no);
}

static void
action_line (GtkWidget *widget, const char *name, GVariant *param)
{
  static const struct
  {
    const char *action;
    MposLineEdit edit;
  } edits[] = {
    { "win.quantity", MPOS_LINE_EDIT_QTY },
    { "win.discount", MPOS_LINE_EDIT_DISCOUNT },
    { "win.price", MPOS_LINE_EDIT_PRICE },
    { "win.void-line", MPOS_LINE_EDIT_REMOVE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (edits); i++)
    if (g_str_equal (name, edits[i].action))
      edit_line (MPOS_WINDOW (widget), edits[i].edit);
}

/* F1: the keys of this screen; F1 again closes the sheet. */
static void
action_help (GtkWidget *widget, const char *name, GVariant *param)
{
  MposWindow *self = MPOS_WINDOW (widget);

  if (mpos_shortcut_sheet_is_open (self->shortcut_sheet))
    mpos_shortcut_sheet_close (self->shortcut_sheet);
  else
    mpos_shortcut_sheet_open (self->shortcut_sheet, mpos_window_get_page (self));
}

/* F2: a member for the sale; on the returns page, the returns waiting for
 * a supervisor (and back). */
static void
action_member (GtkWidget *widget, const char *name, GVariant *param)
{
  MposWindow *self = MPOS_WINDOW (widget);

  if (g_str_equal (mpos_window_get_page (self), "sale"))
    mpos_member_dialog_open (self->member_dialog);
  else if (g_str_equal (mpos_window_get_page (self), "return"))
    mpos_return_page_toggle_pending (self->return_page); /* the returns waiting */
}

/* Ctrl+K, or the member panel's button: every coupon the member can use,
 * on the sale at once. */
static void
action_member_coupons (GtkWidget *widget, const char *name, GVariant *param)
{
  MposWindow *self = MPOS_WINDOW (widget);
  g_autoptr (GError) error = NULL;
  g_autofree char *refused = NULL;
  g_autofree char *text = NULL;
  guint applied = 0;

  if (!g_str_equal (mpos_window_get_page (self), "sale"))
    return;
  if (mpos_member_dialog_is_open (self->member_dialog))
    mpos_member_dialog_close (self->member_dialog);
  if (!mpos_till_add_member_coupons (self->till, &applied, &refused, &error))
    {
      refuse (self, error);
      return;
    }
  text = refused ? g_strdup_printf (_ ("%u of the member's coupons applied; not used: %s"),
                                    applied, refused)
         : applied ? g_strdup_printf (_ ("%u of the member's coupons applied."), applied)
                   : g_strdup (_ ("The member has no coupon to use now."));
  notify_text (self, text, refused != NULL);
  gtk_widget_grab_focus (GTK_WIDGET (mpos_sale_page_get_code_entry (self->sale_page)));
}

/* Ctrl+I, or the member panel's button: the member's points and stored
 * value statement. */
static void
action_member_statement (GtkWidget *widget, const char *name, GVariant *param)
{
  MposWindow *self = MPOS_WINDOW (widget);
  g_autoptr (GError) error = NULL;

  if (!g_str_equal (mpos_window_get_page (self), "sale"))
    return;
  if (mpos_member_dialog_is_open (self->member_dialog))
    mpos_member_dialog_close (self->member_dialog);
  if (!mpos_member_statement_open (self->member_statement, &error))
    refuse (self, error);
}

/* Ctrl+N, or the member panel's button: a new member joins the sale. */
static void
action_register_member (GtkWidget *widget, const char *name, GVariant *param)
{
  MposWindow *self = MPOS_WINDOW (widget);

  if (!g_str_equal (mpos_window_get_page (self), "sale"))
    return;
  if (mpos_member_dialog_is_open (self->member_dialog))
    mpos_member_dialog_close (self->member_dialog);
  mpos_member_register_open (self->member_register);
}

static void
on_member_done (MposMemberDialog *dialog, const char *what, MposWindow *self)
{
  notify_text (self, what, FALSE);
  mpos_sale_page_refresh_member (self->sale_page); /* a top-up moved the balance */
  gtk_widget_grab_focus (GTK_WIDGET (mpos_sale_page_get_code_entry (self->sale_page)));
}

/* Ctrl+S or the top bar's sync word: where the till stands with the centre. */
static void
action_sync (GtkWidget *widget, const char *name, GVariant *param)
{
  MposWindow *self = MPOS_WINDOW (widget);

  if (g_str_equal (mpos_window_get_page (self), "sign-in"))
    return;
  show_page (self, "sync");
  show_sync (self); /* the top bar and the page read the same state */
}

/* Ctrl+D: the devices, a test print, the drawer without a sale. */
static void
action_devices (GtkWidget *widget, const char *name, GVariant *param)
{
  MposWindow *self = MPOS_WINDOW (widget);

  if (g_str_equal (mpos_window_get_page (self), "sign-in"))
    return;
  mpos_devices_page_refresh (self->devices_page);
  show_page (self, "devices");
}

static void
action_return (GtkWidget *widget, const char *name, GVariant *param)
{
  start_return (MPOS_WINDOW (widget), NULL);
}

/* Ctrl+R: the goods on the sale come back without their receipt. */
static void
action_blind_return (GtkWidget *widget, const char *name, GVariant *param)
{
  MposWindow *self = MPOS_WINDOW (widget);
  g_autoptr (GError) error = NULL;

  if (!g_str_equal (mpos_window_get_page (self), "sale"))
    return;
  if (!mpos_blind_return_open (self->blind_return, &error))
    refuse (self, error);
}

static void
on_returned (gpointer page, const char *text, MposWindow *self)
{
  mpos_sale_page_set_last_sale (self->sale_page, text);
  notify_text (self, text, FALSE);
  show_page (self, "sale");
}

static void
on_line_done (MposLineDialog *dialog, gboolean applied, const char *what, MposWindow *self)
{
  notify_text (self, what, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (mpos_sale_page_get_code_entry (self->sale_page)));
}

static void
action_void_sale (GtkWidget *widget, const char *name, GVariant *param)
{
  MposWindow *self = MPOS_WINDOW (widget);
  g_autoptr (GError) error = NULL;

  if (!mpos_till_void_sale (self->till, _ ("voided at the till"), &error))
    refuse (self, error);
  else
    notify_text (self, _ ("Sale voided: nothing was sold."), FALSE);
}

static void
action_reprint (GtkWidget *widget, const char *name, GVariant *param)
{
  MposWindow *self = MPOS_WINDOW (widget);
  MposTillPrinter *printer = mpos_till_get_printer (self->till);
  g_autoptr (GError) error = NULL;

  /* receipts the printer could not print come first; else the last receipt again */
  if (mpos_till_printer_get_n_held (printer) > 0)
    {
      mpos_till_printer_retry (printer);
      notify_text (self, _ ("Printing the receipts that were waiting."), FALSE);
    }
  else if (!mpos_till_reprint_last (self->till, &error))
    refuse (self, error);
  else
    notify_text (self, _ ("Reprinting the last receipt."), FALSE);
}

static void
action_why (GtkWidget *widget, const char *name, GVariant *param)
{
  MposWindow *self = MPOS_WINDOW (widget);
  guint line_no = mpos_sale_page_get_selected_line (self->sale_page);
  MposCartLine *line
      = line_no ? mpos_cart_get_line (mpos_till_get_cart (self->till), line_no) : NULL;
  g_autofree char *why = line ? mpos_cart_line_explain (line) : NULL;

  if (why == NULL)
    notify_text (self, _ ("Pick a line first, then press F3 to see how its price was made."), TRUE);
  else
    notify_text (self, g_strstrip (why), FALSE);
}

static void
lock_till (MposWindow *self)
{
  g_autofree char *by = NULL;

  if (mpos_till_get_cashier (self->till) == NULL)
    return;
  by = g_strdup_printf (
      "%s %s", mpos_till_get_cashier (self->till),
      mpos_till_get_cashier_name (self->till) ? mpos_till_get_cashier_name (self->till) : "");
  mpos_till_set_cashier (self->till, NULL, NULL);
  mpos_sign_in_page_start (self->sign_in_page, by);
  show_page (self, "sign-in");
  notify_text (self, "", FALSE);
}

/* Ctrl+B (报表): the manager's reports, while no sale is open. */
static void
action_reports (GtkWidget *widget, const char *name, GVariant *param)
{
  MposWindow *self = MPOS_WINDOW (widget);

  if (g_str_equal (mpos_window_get_page (self), "sign-in"))
    return;
  if (mpos_cart_get_lines (mpos_till_get_cart (self->till))->len > 0)
    {
      notify_text (self, _ ("Finish or suspend the open sale first, then open the reports."), TRUE);
      return;
    }
  mpos_reports_page_start (self->reports_page);
  show_page (self, "reports");
  notify_text (self, "", FALSE);
}

static void
action_lock (GtkWidget *widget, const char *name, GVariant *param)
{
  lock_till (MPOS_WINDOW (widget));
}

static gboolean
check_idle (gpointer user_data)
{
  MposWindow *self = user_data;

  if (g_get_monotonic_time () - self->last_activity > (gint64)IDLE_LOCK_SECONDS * G_USEC_PER_SEC)
    lock_till (self);
  return G_SOURCE_CONTINUE;
}

static void
on_signed_in (MposSignInPage *page, MposWindow *self)
{
  g_autofree char *text
      = g_strdup_printf (_ ("Signed in: %s %s."), mpos_till_get_cashier (self->till),
                         mpos_till_get_cashier_name (self->till));

  notify_text (self, text, FALSE);
  show_page (self, "sale");
  mpos_shift_dialog_check (self->shift_dialog); /* no shift open: the float first */
}

/* The shift panel: the cash and the count belong to whoever is signed in at the sale. */
static void
action_shift (GtkWidget *widget, const char *name, GVariant *param)
{
  MposWindow *self = MPOS_WINDOW (widget);

  if (!g_str_equal (mpos_window_get_page (self), "sale")
      || mpos_shift_dialog_is_open (self->shift_dialog))
    return;
  if (g_str_equal (name, "win.shift-cash"))
    mpos_shift_dialog_open_cash (self->shift_dialog);
  else
    mpos_shift_dialog_open_close (self->shift_dialog);
}

static void
on_shift_done (MposShiftDialog *dialog, gboolean sign_out, const char *what, MposWindow *self)
{
  if (sign_out)
    lock_till (self);
  notify_text (self, what, FALSE);
  if (!sign_out)
    gtk_widget_grab_focus (GTK_WIDGET (mpos_sale_page_get_code_entry (self->sale_page)));
}

static void
on_click (GtkGestureClick *gesture, int n_press, double x, double y, MposWindow *self)
{
  self->last_activity = g_get_monotonic_time ();
}

/* ---- the class ------------------------------------------------------------------------- */

static void
mpos_window_dispose (GObject *object)
{
  MposWindow *self = MPOS_WINDOW (object);

  g_clear_handle_id (&self->sync_source, g_source_remove);
  g_clear_handle_id (&self->idle_source, g_source_remove);
  if (self->till)
    {
      g_signal_handlers_disconnect_by_data (self->till, self);
      g_signal_handlers_disconnect_by_data (mpos_till_get_printer (self->till), self);
    }
  if (self->customer_display)
    gtk_window_destroy (GTK_WINDOW (g_steal_pointer (&self->customer_display)));
  g_clear_object (&self->wedge);
  g_clear_object (&self->till);
  G_OBJECT_CLASS (mpos_window_parent_class)->dispose (object);
}

static void
add_key (GtkWidgetClass *widget_class, guint key, GdkModifierType mods, const char *action)
{
  gtk_widget_class_add_binding_action (widget_class, key, mods, action, NULL);
}

/* gnome.compile_resources' generated registration function */
void mpos_ui_register_resource (void);

void
mpos_window_register_resources (void)
{
  static gsize registered = 0;

  /* explicit: an object of a static library is not linked for its constructor alone */
  if (g_once_init_enter (&registered))
    {
      mpos_ui_register_resource ();
      g_once_init_leave (&registered, 1);
    }
}

static void
mpos_window_class_init (MposWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  mpos_window_register_resources ();
  G_OBJECT_CLASS (klass)->dispose = mpos_window_dispose;
  g_type_ensure (MPOS_TYPE_SIGN_IN_PAGE);
  g_type_ensure (MPOS_TYPE_SALE_PAGE);
  g_type_ensure (MPOS_TYPE_PAYMENT_PAGE);
  g_type_ensure (MPOS_TYPE_LINE_DIALOG);
  g_type_ensure (MPOS_TYPE_RETURN_PAGE);
  g_type_ensure (MPOS_TYPE_MEMBER_DIALOG);
  g_type_ensure (MPOS_TYPE_SUSPENDED_LIST);
  g_type_ensure (MPOS_TYPE_MEMBER_REGISTER);
  g_type_ensure (MPOS_TYPE_MEMBER_STATEMENT);
  g_type_ensure (MPOS_TYPE_BLIND_RETURN);
  g_type_ensure (MPOS_TYPE_SYNC_PAGE);
  g_type_ensure (MPOS_TYPE_DEVICES_PAGE);
  g_type_ensure (MPOS_TYPE_SHIFT_DIALOG);
  g_type_ensure (MPOS_TYPE_REPORTS_PAGE);
  g_type_ensure (MPOS_TYPE_SHORTCUT_SHEET);
  gtk_widget_class_set_template_from_resource (widget_class, "/cn/mallpos/Till/mpos-window.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, MposWindow, name)
  BIND (store_label);
  BIND (cashier_label);
  BIND (training_label);
  BIND (sync_label);
  BIND (printer_revealer);
  BIND (printer_label);
  BIND (pages);
  BIND (sign_in_page);
  BIND (sale_page);
  BIND (payment_page);
  BIND (line_dialog);
  BIND (return_page);
  BIND (reports_page);
  BIND (member_dialog);
  BIND (suspended_list);
  BIND (member_register);
  BIND (member_statement);
  BIND (blind_return);
  BIND (sync_page);
  BIND (devices_page);
  BIND (shift_dialog);
  BIND (shortcut_sheet);
  BIND (notice);
#undef BIND
  gtk_widget_class_install_action (widget_class, "win.pay", NULL, action_pay);
  gtk_widget_class_install_action (widget_class, "win.finish", NULL, action_finish);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, action_back);
  gtk_widget_class_install_action (widget_class, "win.suspend", NULL, action_suspend);
  gtk_widget_class_install_action (widget_class, "win.resume", NULL, action_resume);
  gtk_widget_class_install_action (widget_class, "win.void-line", NULL, action_line);
  gtk_widget_class_install_action (widget_class, "win.quantity", NULL, action_line);
  gtk_widget_class_install_action (widget_class, "win.discount", NULL, action_line);
  gtk_widget_class_install_action (widget_class, "win.price", NULL, action_line);
  add_key (widget_class, GDK_KEY_F4, 0, "win.quantity");
  add_key (widget_class, GDK_KEY_F5, 0, "win.price");
  add_key (widget_class, GDK_KEY_F6, 0, "win.discount");
  gtk_widget_class_install_action (widget_class, "win.void-sale", NULL, action_void_sale);
  gtk_widget_class_install_action (widget_class, "win.reprint", NULL, action_reprint);
  gtk_widget_class_install_action (widget_class, "win.why", NULL, action_why);
  gtk_widget_class_install_action (widget_class, "win.lock", NULL, action_lock);
  gtk_widget_class_install_action (widget_class, "win.return", NULL, action_return);
  gtk_widget_class_install_action (widget_class, "win.member", NULL, action_member);
  gtk_widget_class_install_action (widget_class, "win.help", NULL, action_help);
  gtk_widget_class_install_action (widget_class, "win.reports", NULL, action_reports);
  add_key (widget_class, GDK_KEY_b, GDK_CONTROL_MASK, "win.reports");
  add_key (widget_class, GDK_KEY_F1, 0, "win.help");
  add_key (widget_class, GDK_KEY_F2, 0, "win.member");
  add_key (widget_class, GDK_KEY_F10, 0, "win.return");
  add_key (widget_class, GDK_KEY_F11, 0, "win.lock");
  add_key (widget_class, GDK_KEY_F12, 0, "win.pay");
  add_key (widget_class, GDK_KEY_Escape, 0, "win.back");
  add_key (widget_class, GDK_KEY_F8, 0, "win.suspend");
  add_key (widget_class, GDK_KEY_F8, GDK_SHIFT_MASK, "win.resume");
  add_key (widget_class, GDK_KEY_F7, 0, "win.void-line");
  add_key (widget_class, GDK_KEY_F7, GDK_SHIFT_MASK, "win.void-sale");
  add_key (widget_class, GDK_KEY_F9, 0, "win.reprint");
  add_key (widget_class, GDK_KEY_F3, 0, "win.why");
  gtk_widget_class_install_action (widget_class, "win.sync", NULL, action_sync);
  add_key (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "win.sync");
  gtk_widget_class_install_action (widget_class, "win.devices", NULL, action_devices);
  gtk_widget_class_install_action (widget_class, "win.register-member", NULL,
                                   action_register_member);
  add_key (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.register-member");
  gtk_widget_class_install_action (widget_class, "win.member-coupons", NULL,
                                   action_member_coupons);
  add_key (widget_class, GDK_KEY_k, GDK_CONTROL_MASK, "win.member-coupons");
  gtk_widget_class_install_action (widget_class, "win.member-statement", NULL,
                                   action_member_statement);
  add_key (widget_class, GDK_KEY_i, GDK_CONTROL_MASK, "win.member-statement");
  gtk_widget_class_install_action (widget_class, "win.blind-return", NULL, action_blind_return);
  add_key (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.blind-return");
  add_key (widget_class, GDK_KEY_d, GDK_CONTROL_MASK, "win.devices");
  gtk_widget_class_install_action (widget_class, "win.shift-cash", NULL, action_shift);
  gtk_widget_class_install_action (widget_class, "win.shift-close", NULL, action_shift);
  add_key (widget_class, GDK_KEY_m, GDK_CONTROL_MASK, "win.shift-cash");
  add_key (widget_class, GDK_KEY_F11, GDK_SHIFT_MASK, "win.shift-close");
}

static void
mpos_window_init (MposWindow *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkGesture *clicks;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->wedge = mpos_key_burst_new ();
  g_signal_connect (self->wedge, "scan", G_CALLBACK (on_wedge_scan), self);
  g_signal_connect (self->wedge, "typed", G_CALLBACK (on_typed), self);
  /* before any widget: a scan must never type into a text field */
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  clicks = gtk_gesture_click_new ();
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (clicks), GTK_PHASE_CAPTURE);
  g_signal_connect (clicks, "pressed", G_CALLBACK (on_click), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (clicks));
  g_signal_connect (self->sign_in_page, "signed-in", G_CALLBACK (on_signed_in), self);
  g_signal_connect (self->line_dialog, "done", G_CALLBACK (on_line_done), self);
  g_signal_connect (self->return_page, "returned", G_CALLBACK (on_returned), self);
  g_signal_connect (self->member_dialog, "done", G_CALLBACK (on_member_done), self);
  g_signal_connect (self->suspended_list, "picked", G_CALLBACK (on_suspended_picked), self);
  g_signal_connect (self->member_register, "done", G_CALLBACK (on_member_done), self);
  g_signal_connect (self->blind_return, "returned", G_CALLBACK (on_returned), self);
  g_signal_connect (self->shift_dialog, "done", G_CALLBACK (on_shift_done), self);
  g_signal_connect (self->sale_page, "code-entered", G_CALLBACK (on_code_entered), self);
  g_signal_connect (self->sale_page, "sku-chosen", G_CALLBACK (on_sku_chosen), self);
}

static void
show_store (MposWindow *self)
{
  const MposStoreIdentity *identity
      = mpos_store_get_identity (mpos_till_get_store (self->till), NULL);
  g_autofree char *text = identity ? g_strdup_printf ("%s · %s",
                                                      identity->store_name ? identity->store_name
                                                                           : identity->store_code,
                                                      identity->terminal_code)
                                   : g_strdup ("");

  gtk_label_set_text (self->store_label, text);
}

/* On a second monitor, or where MALLPOS_CUSTOMER_DISPLAY says. */
static void
open_customer_display (MposWindow *self, GtkApplication *application)
{
  g_autofree char *why = NULL;
  GdkMonitor *monitor
      = mpos_customer_display_pick_monitor (gtk_widget_get_display (GTK_WIDGET (self)),
                                            g_getenv (MPOS_CUSTOMER_DISPLAY_ENV), &why);

  if (why)
    g_message ("%s", why);
  if (monitor)
    self->customer_display = mpos_customer_display_open (application, self->till, monitor);
}

MposCustomerDisplay *
mpos_window_get_customer_display (MposWindow *self)
{
  return self->customer_display;
}

MposWindow *
mpos_window_new (GtkApplication *application, MposTill *till)
{
  MposWindow *self = g_object_new (MPOS_TYPE_WINDOW, "application", application, NULL);

  self->till = g_object_ref (till);
  mpos_sale_page_set_till (self->sale_page, till);
  mpos_payment_page_set_till (self->payment_page, till);
  mpos_sign_in_page_set_till (self->sign_in_page, till);
  mpos_line_dialog_set_till (self->line_dialog, till);
  mpos_return_page_set_till (self->return_page, till);
  mpos_member_dialog_set_till (self->member_dialog, till);
  mpos_suspended_list_set_till (self->suspended_list, till);
  mpos_member_register_set_till (self->member_register, till);
  mpos_member_statement_set_till (self->member_statement, till);
  mpos_blind_return_set_till (self->blind_return, till);
  mpos_sync_page_set_till (self->sync_page, till);
  mpos_devices_page_set_till (self->devices_page, till);
  mpos_shift_dialog_set_till (self->shift_dialog, till);
  mpos_reports_page_set_till (self->reports_page, till);
  g_signal_connect (till, "changed", G_CALLBACK (on_till_changed), self);
  g_signal_connect (mpos_till_get_printer (till), "problem-changed", G_CALLBACK (show_printer),
                    self);
  show_store (self);
  show_cashier (self);
  show_printer (mpos_till_get_printer (till), self);
  show_sync (self);
  self->sync_source = g_timeout_add_seconds (SYNC_REFRESH_SECONDS, show_sync, self);
  self->last_activity = g_get_monotonic_time ();
  self->idle_source = g_timeout_add_seconds (10, check_idle, self);
  mpos_sign_in_page_start (self->sign_in_page, NULL);
  show_page (self, "sign-in");
  open_customer_display (self, application);
  return self;
}

MposTill *
mpos_window_get_till (MposWindow *self)
{
  return self->till;
}
