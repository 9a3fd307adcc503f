/* mpos-sale-page.c — the sale screen (mpos-sale-page.h). The list binds the
 * till's line items; the panels are refreshed on the till's "changed". Live
 * product search: each keystroke in the code entry that is not a number
 * asks the core's search (name, spec or pinyin initials) for a few matches.
 * The member panel shows the stored-value balance only once the member
 * proved it is them on this sale (cart-member-proof.h). It reads the
 * member's balances from the store only when the member or their proof
 * changes, or when asked (a top-up): a scan reads none. */
#include "mpos-sale-page.h"

#include "coupon.h"

#include "mpos-format.h"
#include "mpos-line-item.h"
#include "points.h"
#include "product-search.h"
#include "stored-value.h"

#include <glib/gi18n.h>

#define SEARCH_LIMIT 8

struct _MposSalePage
{
  GtkBox parent_instance;
  MposTill *till;
  GtkSingleSelection *selection;
  guint shown_lines;      /* lines at the last "changed" */
  int64_t shown_member;   /* the member the panel shows (0: none) */
  gboolean shown_proven;  /* whether it shows them proven (their stored value) */
  guint member_reads;     /* times the panel was filled (mpos_sale_page_get_member_reads) */
  guint row_updates;      /* rows that took new texts (mpos_sale_page_get_row_updates) */
  gboolean follow_newest; /* a line was rung: keep the list at its end */
  gboolean end_pending;   /* the list has its new height: scroll to its end (show_end) */
  GdkFrameClock *layout_clock;
  gulong layout_handler;
  /* template */
  GtkListView *list;
  GtkListBox *search_results;
  GtkEntry *code_entry;
  GtkLabel *member_name;
  GtkLabel *member_detail;
  GtkLabel *items_label;
  GtkLabel *discount_label;
  GtkLabel *points_label;
  GtkLabel *payable_label;
  GtkLabel *last_sale;
};

enum
{
  SIGNAL_CODE_ENTERED,
  SIGNAL_SKU_CHOSEN,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (MposSalePage, mpos_sale_page, GTK_TYPE_BOX)

/* ---- the items list ------------------------------------------------------------- */

static GtkWidget *
cell (int width_chars, float xalign, const char *css)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  if (width_chars > 0)
    gtk_label_set_width_chars (GTK_LABEL (label), width_chars);
  else
    {
      gtk_widget_set_hexpand (label, TRUE);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
    }
  if (css)
    gtk_widget_add_css_class (label, css);
  return label;
}

static void
setup_row (GtkSignalListItemFactory *factory, GtkListItem *item, MposSalePage *page)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  gtk_widget_add_css_class (row, "sale-line");
  gtk_box_append (GTK_BOX (row), cell (0, 0, "line-name"));
  gtk_widget_set_size_request (gtk_widget_get_last_child (row), 150, -1);
  gtk_box_append (GTK_BOX (row), cell (8, 1, "line-qty"));
  gtk_box_append (GTK_BOX (row), cell (10, 1, NULL));
  gtk_box_append (GTK_BOX (row), cell (12, 1, "line-discount"));
  gtk_label_set_ellipsize (GTK_LABEL (gtk_widget_get_last_child (row)), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (gtk_widget_get_last_child (row)), 12);
  gtk_box_append (GTK_BOX (row), cell (9, 1, "line-total"));
  g_object_set_data (G_OBJECT (row), "sale-page", page);
  gtk_list_item_set_child (item, row);
}

/* Sets the label's text only when it is another, and says whether it was:
 * GTK 4.8's list view binds a row again whenever the selection moves, and
 * only a row whose texts changed counts as updated (GTK itself queues no
 * layout for an equal text). */
static gboolean
set_text_if_new (GtkLabel *label, const char *text)
{
  if (g_str_equal (gtk_label_get_text (label), text))
    return FALSE;
  gtk_label_set_text (label, text);
  return TRUE;
}

static void
show_row (MposLineItem *line, GtkWidget *row)
{
  MposSalePage *page = g_object_get_data (G_OBJECT (row), "sale-page");
  GtkWidget *label = gtk_widget_get_first_child (row);
  g_autofree char *name = g_strdup_printf ("%u. %s", mpos_line_item_get_line_no (line),
                                           mpos_line_item_get_name (line));
  const char *texts[] = { name, mpos_line_item_get_qty (line), mpos_line_item_get_unit_price (line),
                          mpos_line_item_get_discount (line), mpos_line_item_get_total (line) };
  gboolean touched = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (texts) && label;
       i++, label = gtk_widget_get_next_sibling (label))
    touched |= set_text_if_new (GTK_LABEL (label), texts[i]);
  if (touched)
    page->row_updates++;
}

/* The row follows its line's texts until it is bound to another line. */
static void
bind_row (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  MposLineItem *line = gtk_list_item_get_item (item);
  GtkWidget *row = gtk_list_item_get_child (item);

  show_row (line, row);
  g_signal_connect_object (line, "changed", G_CALLBACK (show_row), row, 0);
}

static void
unbind_row (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  g_signal_handlers_disconnect_by_data (gtk_list_item_get_item (item),
                                        gtk_list_item_get_child (item));
}

/* ---- panels ------------------------------------------------------------------------- */

/* How many of the member's coupons can be used now. */
static guint
usable_coupons (MposStore *store, int64_t member_id, int64_t now)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) coupons = mpos_coupon_list (store, member_id, &error);

  if (coupons == NULL)
    {
      g_debug ("member coupons: %s", error->message);
      return 0;
    }
  return mpos_coupon_list_count_usable (coupons, now);
}

static void
show_member (MposSalePage *self)
{
  MposCart *cart = mpos_till_get_cart (self->till);
  MposStore *store = mpos_till_get_store (self->till);
  const MposMember *member = mpos_cart_get_member (cart);
  MposPointsBalance points = { 0 };
  MposStoredValueBalance sv = { 0 };
  g_autofree char *phone = NULL, *stored = NULL, *detail = NULL, *title = NULL;
  int64_t now = mpos_cart_get_now (cart);

  if (member == NULL)
    {
      gtk_label_set_text (self->member_name, _ ("No member"));
      gtk_label_set_text (self->member_detail,
                          _ ("Scan the member's card or code, or press F2 to find them by phone."));
      return;
    }
  phone = mpos_member_display_phone (store, member->phone);
  mpos_points_balance (store, member->id, now, &points, NULL);
  /* no stored-value balance before the member's proof (cart-member-proof.h) */
  if (mpos_cart_member_proven (cart) && mpos_stored_value_balance (store, member->id, &sv, NULL))
    stored = mpos_format_money (sv.principal + sv.bonus);
  else
    stored = g_strdup ("****");
  title = g_strdup_printf ("%s · %s", member->name ? member->name : _ ("Member"),
                           member->level_name ? member->level_name : "");
  /* two lines: with a member on the sale the column still fits a 768-high screen */
  detail
      = g_strdup_printf (_ ("Phone %s · Coupons %u\nPoints %lld usable, %lld pending%s · "
                            "Stored value %s"),
                         phone, usable_coupons (store, member->id, now), (long long)points.usable,
                         (long long)points.pending, points.frozen ? _ (" (on hold)") : "", stored);
  gtk_label_set_text (self->member_name, title);
  gtk_label_set_text (self->member_detail, detail);
}

static void
show_totals (MposSalePage *self)
{
  MposCart *cart = mpos_till_get_cart (self->till);
  g_autofree char *items = g_strdup_printf ("%" G_GINT64_FORMAT, mpos_cart_item_count (cart));
  g_autofree char *discount
      = mpos_format_money (mpos_cart_total (cart) - mpos_cart_subtotal (cart));
  g_autofree char *payable = mpos_format_money (mpos_cart_total (cart));
  g_autofree char *points
      = g_strdup_printf ("%" G_GINT64_FORMAT, mpos_till_points_to_earn (self->till));

  set_text_if_new (self->items_label, items);
  set_text_if_new (self->discount_label, discount);
  set_text_if_new (self->points_label, points);
  set_text_if_new (self->payable_label, payable);
}

/* The panel again only for another member, or the same one proven since. */
static void
follow_member (MposSalePage *self)
{
  MposCart *cart = mpos_till_get_cart (self->till);
  const MposMember *member = mpos_cart_get_member (cart);
  int64_t id = member ? member->id : 0;
  gboolean proven = member && mpos_cart_member_proven (cart);

  if (id == self->shown_member && proven == self->shown_proven && self->member_reads > 0)
    return;
  self->shown_member = id;
  self->shown_proven = proven;
  mpos_sale_page_refresh_member (self);
}

static void
on_till_changed (MposTill *till, MposSalePage *self)
{
  guint n = g_list_model_get_n_items (mpos_till_get_lines (till));

  follow_member (self);
  show_totals (self);
  /* GTK 4.8's scroll-to-item cannot reach a row not laid out yet: a line
   * rung below the last one in view waits for the list's new height
   * (on_list_height) and is shown in the same frame */
  self->follow_newest = n > self->shown_lines;
  self->shown_lines = n;
  if (n > 0)
    {
      /* the newest line is the one the cashier just rang: keep it in view and selected */
      gtk_single_selection_set_selected (self->selection, n - 1);
      gtk_widget_activate_action (GTK_WIDGET (self->list), "list.scroll-to-item", "u", n - 1);
      mpos_sale_page_set_last_sale (self, NULL);
    }
}

/* After the layout pass that gave the list its new height: its end in
 * view, in the same frame. A scroll asked for inside the list's own
 * allocation would be dropped, and a handler connected to the frame clock
 * from inside its layout signal would only run in the next frame (GLib
 * skips handlers added during an emission): a second frame, one refresh
 * interval later. So this handler stays connected while the page is mapped
 * and runs after GTK's own layout pass; its scroll makes the clock run the
 * layout phase once more before it paints. */
static void
show_end (GdkFrameClock *clock, MposSalePage *self)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->list));
  double bottom = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);

  if (!self->end_pending)
    return;
  self->end_pending = FALSE;
  if (gtk_adjustment_get_value (adjustment) < bottom)
    gtk_adjustment_set_value (adjustment, bottom);
}

/* The list's height changed in layout: after a new line, show the end. */
static void
on_list_height (GtkAdjustment *adjustment, MposSalePage *self)
{
  if (!self->follow_newest)
    return;
  self->follow_newest = FALSE;
  self->end_pending = TRUE;
}

static void
mpos_sale_page_map (GtkWidget *widget)
{
  MposSalePage *self = MPOS_SALE_PAGE (widget);

  GTK_WIDGET_CLASS (mpos_sale_page_parent_class)->map (widget);
  self->layout_clock = g_object_ref (gtk_widget_get_frame_clock (widget));
  self->layout_handler
      = g_signal_connect_after (self->layout_clock, "layout", G_CALLBACK (show_end), self);
}

static void
mpos_sale_page_unmap (GtkWidget *widget)
{
  MposSalePage *self = MPOS_SALE_PAGE (widget);

  if (self->layout_clock)
    g_clear_signal_handler (&self->layout_handler, self->layout_clock);
  g_clear_object (&self->layout_clock);
  GTK_WIDGET_CLASS (mpos_sale_page_parent_class)->unmap (widget);
}

/* ---- code entry and live search -------------------------------------------------- */

static void
clear_results (MposSalePage *self)
{
  GtkWidget *row;

  /* gtk_list_box_remove_all is GTK 4.12 */
  while ((row = gtk_widget_get_first_child (GTK_WIDGET (self->search_results))) != NULL)
    gtk_list_box_remove (self->search_results, row);
  gtk_widget_set_visible (GTK_WIDGET (self->search_results), FALSE);
}

static void
on_result_activated (GtkListBox *box, GtkListBoxRow *row, MposSalePage *self)
{
  const char *sku = g_object_get_data (G_OBJECT (row), "sku");

  g_signal_emit (self, signals[SIGNAL_SKU_CHOSEN], 0, sku);
  gtk_editable_set_text (GTK_EDITABLE (self->code_entry), "");
  clear_results (self);
}

static void
add_result (MposSalePage *self, const MposSku *sku)
{
  g_autofree char *name = mpos_sku_display_name (sku);
  GtkWidget *label = gtk_label_new (name);
  GtkWidget *row = gtk_list_box_row_new ();

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  g_object_set_data_full (G_OBJECT (row), "sku", g_strdup (sku->sku_code), g_free);
  gtk_list_box_append (self->search_results, row);
}

static void
on_code_changed (GtkEditable *entry, MposSalePage *self)
{
  const char *text = gtk_editable_get_text (entry);
  g_autoptr (GPtrArray) found = NULL;

  clear_results (self);
  /* digits are codes, not names: no search for them */
  if (self->till == NULL || text[0] == '\0' || g_ascii_isdigit (text[0]))
    return;
  found = mpos_product_search (mpos_till_get_store (self->till), text, SEARCH_LIMIT, NULL);
  for (guint i = 0; found && i < found->len; i++)
    add_result (self, g_ptr_array_index (found, i));
  gtk_widget_set_visible (GTK_WIDGET (self->search_results), found && found->len > 0);
}

static void
on_code_activate (GtkEntry *entry, MposSalePage *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->search_results, 0);

  if (text[0] == '\0')
    return;
  /* one match of a search: Enter takes it */
  if (first != NULL && gtk_list_box_get_row_at_index (self->search_results, 1) == NULL)
    {
      on_result_activated (self->search_results, first, self);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_CODE_ENTERED], 0, text);
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  clear_results (self);
}

/* ---- the class ------------------------------------------------------------------------ */

static void
mpos_sale_page_dispose (GObject *object)
{
  MposSalePage *self = MPOS_SALE_PAGE (object);

  if (self->till)
    g_signal_handlers_disconnect_by_data (self->till, self);
  g_clear_object (&self->till);
  G_OBJECT_CLASS (mpos_sale_page_parent_class)->dispose (object);
}

static void
mpos_sale_page_class_init (MposSalePageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = mpos_sale_page_dispose;
  widget_class->map = mpos_sale_page_map;
  widget_class->unmap = mpos_sale_page_unmap;
  /* "code-entered" (text): Enter in the code entry; "sku-chosen" (sku code): a search result */
  signals[SIGNAL_CODE_ENTERED]
      = g_signal_new ("code-entered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_SKU_CHOSEN]
      = g_signal_new ("sku-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  gtk_widget_class_set_template_from_resource (widget_class, "/cn/mallpos/Till/mpos-sale-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MposSalePage, list);
  gtk_widget_class_bind_template_child (widget_class, MposSalePage, search_results);
  gtk_widget_class_bind_template_child (widget_class, MposSalePage, code_entry);
  gtk_widget_class_bind_template_child (widget_class, MposSalePage, member_name);
  gtk_widget_class_bind_template_child (widget_class, MposSalePage, member_detail);
  gtk_widget_class_bind_template_child (widget_class, MposSalePage, items_label);
  gtk_widget_class_bind_template_child (widget_class, MposSalePage, discount_label);
  gtk_widget_class_bind_template_child (widget_class, MposSalePage, points_label);
  gtk_widget_class_bind_template_child (widget_class, MposSalePage, payable_label);
  gtk_widget_class_bind_template_child (widget_class, MposSalePage, last_sale);
}

static void
mpos_sale_page_init (MposSalePage *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), NULL);
  gtk_list_view_set_factory (self->list, factory);
  g_object_unref (factory);
  g_signal_connect (self->code_entry, "changed", G_CALLBACK (on_code_changed), self);
  g_signal_connect (self->code_entry, "activate", G_CALLBACK (on_code_activate), self);
  g_signal_connect (self->search_results, "row-activated", G_CALLBACK (on_result_activated), self);
  g_signal_connect (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->list)), "changed",
                    G_CALLBACK (on_list_height), self);
}

void
mpos_sale_page_set_till (MposSalePage *self, MposTill *till)
{
  g_set_object (&self->till, till);
  self->selection = gtk_single_selection_new (g_object_ref (mpos_till_get_lines (till)));
  gtk_single_selection_set_autoselect (self->selection, TRUE);
  gtk_list_view_set_model (self->list, GTK_SELECTION_MODEL (self->selection));
  g_object_unref (self->selection); /* the list view holds it */
  g_signal_connect (till, "changed", G_CALLBACK (on_till_changed), self);
  on_till_changed (till, self);
}

GtkEntry *
mpos_sale_page_get_code_entry (MposSalePage *self)
{
  return self->code_entry;
}

guint
mpos_sale_page_get_selected_line (MposSalePage *self)
{
  g_autoptr (MposLineItem) item = NULL;

  if (self->selection == NULL)
    return 0;
  item = gtk_single_selection_get_selected_item (self->selection)
             ? g_object_ref (gtk_single_selection_get_selected_item (self->selection))
             : NULL;
  return item ? mpos_line_item_get_line_no (item) : 0;
}

void
mpos_sale_page_set_last_sale (MposSalePage *self, const char *text)
{
  gtk_label_set_text (self->last_sale, text ? text : "");
  /* an empty line would still take its height from the column */
  gtk_widget_set_visible (GTK_WIDGET (self->last_sale), text != NULL && text[0] != '\0');
}

void
mpos_sale_page_refresh_member (MposSalePage *self)
{
  self->member_reads++;
  show_member (self);
}

guint
mpos_sale_page_get_member_reads (MposSalePage *self)
{
  return self->member_reads;
}

guint
mpos_sale_page_get_row_updates (MposSalePage *self)
{
  return self->row_updates;
}
