/* mpos-customer-display.c — the customer-facing second window
 * (mpos-customer-display.h). It reads the till as the cashier's screen
 * does; it writes nothing. The member's name is shown with only its first
 * character: the next shopper in the queue reads this screen too. It is
 * brought up to date when the main loop idles, after the cashier's frame
 * is drawn, once for however many changes came before: a scan never waits
 * for the shopper's screen. */
#include "mpos-customer-display.h"

#include "member.h"
#include "mpos-format.h"
#include "mpos-line-item.h"
#include "points.h"

#include <glib/gi18n.h>

struct _MposCustomerDisplay
{
  GtkWindow parent_instance;
  MposTill *till;
  gboolean showing_change; /* the last sale's change, until the next sale rings */
  guint refresh_source;    /* the sale shown again when the main loop idles */
  int64_t points_member;   /* whose points `points` are (0: none read) */
  int64_t points;          /* their usable points, read when the member changes */
  guint member_reads;      /* mpos_customer_display_get_member_reads */
  /* template */
  GtkLabel *store_name;
  GtkListView *shopper_lines;
  GtkLabel *shopper_total;
  GtkLabel *shopper_paid;
  GtkLabel *shopper_change;
  GtkLabel *shopper_member;
};

G_DEFINE_FINAL_TYPE (MposCustomerDisplay, mpos_customer_display, GTK_TYPE_WINDOW)

/* ---- which monitor ----------------------------------------------------------------- */

GdkMonitor *
mpos_customer_display_pick_monitor (GdkDisplay *display, const char *setting, char **why)
{
  GListModel *monitors = gdk_display_get_monitors (display);
  guint n = g_list_model_get_n_items (monitors);
  guint64 index = 1; /* the second monitor: the first is the cashier's */
  g_autoptr (GdkMonitor) monitor = NULL;

  *why = NULL;
  if (setting != NULL && *setting != '\0' && g_strcmp0 (setting, "auto") != 0)
    {
      if (g_strcmp0 (setting, "off") == 0)
        return NULL;
      if (!g_ascii_string_to_unsigned (setting, 10, 0, G_MAXUINT, &index, NULL) || index >= n)
        {
          *why = g_strdup_printf ("%s=%s names no monitor here (there are %u, numbered from 0; "
                                  "or “off”, “auto”): the customer display stays closed",
                                  MPOS_CUSTOMER_DISPLAY_ENV, setting, n);
          return NULL;
        }
    }
  else if (n < 2)
    return NULL;
  monitor = g_list_model_get_item (monitors, (guint)index);
  return monitor; /* the display keeps its monitors: borrowed */
}

/* ---- what the shopper reads ----------------------------------------------------------- */

static void
setup_line (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *name = gtk_label_new (NULL);

  gtk_widget_add_css_class (row, "shopper-line");
  gtk_widget_set_hexpand (name, TRUE);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (row), name);
  for (guint i = 0; i < 3; i++)
    {
      GtkWidget *cell = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (cell), 1);
      gtk_label_set_width_chars (GTK_LABEL (cell), i == 0 ? 4 : 8);
      gtk_box_append (GTK_BOX (row), cell);
    }
  gtk_list_item_set_child (item, row);
}

static void
show_line (MposLineItem *line, GtkWidget *row)
{
  GtkWidget *label = gtk_widget_get_first_child (row);
  const char *texts[] = { mpos_line_item_get_name (line), mpos_line_item_get_qty (line),
                          mpos_line_item_get_unit_price (line), mpos_line_item_get_total (line) };

  for (guint i = 0; i < G_N_ELEMENTS (texts) && label;
       i++, label = gtk_widget_get_next_sibling (label))
    gtk_label_set_text (GTK_LABEL (label), texts[i]);
}

/* The row follows its line's texts until it is bound to another line. */
static void
bind_line (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  MposLineItem *line = gtk_list_item_get_item (item);
  GtkWidget *row = gtk_list_item_get_child (item);

  show_line (line, row);
  g_signal_connect_object (line, "changed", G_CALLBACK (show_line), row, 0);
}

static void
unbind_line (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  g_signal_handlers_disconnect_by_data (gtk_list_item_get_item (item),
                                        gtk_list_item_get_child (item));
}

/* The member's usable points, read from the store only for a new member. */
static int64_t
member_points (MposCustomerDisplay *self, const MposMember *member)
{
  MposCart *cart = mpos_till_get_cart (self->till);
  MposPointsBalance points = { 0 };

  if (member->id == self->points_member)
    return self->points;
  self->member_reads++;
  mpos_points_balance (mpos_till_get_store (self->till), member->id, mpos_cart_get_now (cart),
                       &points, NULL);
  self->points_member = member->id;
  self->points = points.usable;
  return self->points;
}

/* "张* · 5000 points, this sale earns 12" */
static char *
member_text (MposCustomerDisplay *self)
{
  const MposMember *member = mpos_cart_get_member (mpos_till_get_cart (self->till));
  g_autofree char *first = NULL;

  if (member == NULL)
    return g_strdup ("");
  first = member->name && *member->name ? g_utf8_substring (member->name, 0, 1)
                                        : g_strdup (_ ("Member"));
  return g_strdup_printf (_ ("Member %s*\nPoints %lld · this sale earns %lld"), first,
                          (long long)member_points (self, member),
                          (long long)mpos_till_points_to_earn (self->till));
}

static void
show_sale (MposCustomerDisplay *self)
{
  MposCart *cart = mpos_till_get_cart (self->till);
  MposMoney total = mpos_cart_total (cart), paid = mpos_cart_tendered (cart);
  g_autofree char *total_text = mpos_format_money (total);
  g_autofree char *paid_text = mpos_format_money (paid);
  g_autofree char *due_text = mpos_format_money (mpos_till_due (self->till));
  g_autofree char *paid_line
      = paid > 0 ? g_strdup_printf (_ ("Paid %s · still to pay %s"), paid_text, due_text)
                 : g_strdup ("");
  g_autofree char *member = member_text (self);

  gtk_label_set_text (self->shopper_total, total_text);
  gtk_label_set_text (self->shopper_paid, paid_line);
  gtk_label_set_text (self->shopper_change, "");
  gtk_label_set_text (self->shopper_member, member);
}

static gboolean
refresh_when_idle (gpointer data)
{
  MposCustomerDisplay *self = data;
  guint n = g_list_model_get_n_items (mpos_till_get_lines (self->till));

  self->refresh_source = 0;
  show_sale (self);
  if (n > 0)
    gtk_widget_activate_action (GTK_WIDGET (self->shopper_lines), "list.scroll-to-item", "u",
                                n - 1);
  return G_SOURCE_REMOVE;
}

/* Below the redraw's priority: the cashier's frame first, then this. */
static void
on_till_changed (MposTill *till, MposCustomerDisplay *self)
{
  guint n = g_list_model_get_n_items (mpos_till_get_lines (till));

  if (self->showing_change && n == 0)
    return; /* the change stays up until the next sale rings */
  self->showing_change = FALSE;
  if (self->refresh_source == 0)
    self->refresh_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, refresh_when_idle, self, NULL);
}

void
mpos_customer_display_show_change (MposCustomerDisplay *self, MposMoney total, MposMoney paid,
                                   MposMoney change)
{
  g_autofree char *total_text = mpos_format_money (total);
  g_autofree char *paid_text = mpos_format_money (paid);
  g_autofree char *change_text = mpos_format_money (change);
  g_autofree char *paid_line = g_strdup_printf (_ ("Paid %s · thank you!"), paid_text);
  g_autofree char *change_line = g_strdup_printf (_ ("Change %s"), change_text);

  self->showing_change = TRUE;
  self->points_member = 0; /* the sale's points are on the member's account now */
  g_clear_handle_id (&self->refresh_source, g_source_remove); /* the sale it would show is over */
  gtk_label_set_text (self->shopper_total, total_text);
  gtk_label_set_text (self->shopper_paid, paid_line);
  gtk_label_set_text (self->shopper_change, change > 0 ? change_line : "");
}

/* ---- the class ------------------------------------------------------------------------ */

static void
mpos_customer_display_dispose (GObject *object)
{
  MposCustomerDisplay *self = MPOS_CUSTOMER_DISPLAY (object);

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  if (self->till)
    g_signal_handlers_disconnect_by_data (self->till, self);
  g_clear_object (&self->till);
  gtk_widget_dispose_template (GTK_WIDGET (self), MPOS_TYPE_CUSTOMER_DISPLAY);
  G_OBJECT_CLASS (mpos_customer_display_parent_class)->dispose (object);
}

static void
mpos_customer_display_class_init (MposCustomerDisplayClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = mpos_customer_display_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/mallpos/Till/mpos-customer-display.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, MposCustomerDisplay, name)
  BIND (store_name);
  BIND (shopper_lines);
  BIND (shopper_total);
  BIND (shopper_paid);
  BIND (shopper_change);
  BIND (shopper_member);
#undef BIND
}

static void
mpos_customer_display_init (MposCustomerDisplay *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_line), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_line), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_line), NULL);
  gtk_list_view_set_factory (self->shopper_lines, factory);
  g_object_unref (factory);
}

MposCustomerDisplay *
mpos_customer_display_open (GtkApplication *application, MposTill *till, GdkMonitor *monitor)
{
  MposCustomerDisplay *self
      = g_object_new (MPOS_TYPE_CUSTOMER_DISPLAY, "application", application, NULL);
  const MposStoreIdentity *identity = mpos_store_get_identity (mpos_till_get_store (till), NULL);
  g_autoptr (GtkNoSelection) lines
      = gtk_no_selection_new (g_object_ref (mpos_till_get_lines (till)));

  self->till = g_object_ref (till);
  gtk_list_view_set_model (self->shopper_lines, GTK_SELECTION_MODEL (lines));
  gtk_label_set_text (
      self->store_name,
      identity ? (identity->store_name ? identity->store_name : identity->store_code) : "");
  g_signal_connect (till, "changed", G_CALLBACK (on_till_changed), self);
  show_sale (self);
  gtk_window_fullscreen_on_monitor (GTK_WINDOW (self), monitor);
  gtk_window_present (GTK_WINDOW (self));
  return self;
}

guint
mpos_customer_display_get_member_reads (MposCustomerDisplay *self)
{
  return self->member_reads;
}
