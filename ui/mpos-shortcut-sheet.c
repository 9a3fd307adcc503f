/* mpos-shortcut-sheet.c — the F1 sheet (mpos-shortcut-sheet.h). The keys
 * are those mpos-window.c binds (add_key) and the pages' own Enter keys;
 * a row says what the key does in the cashier's words. */
#include "mpos-shortcut-sheet.h"

#include <glib/gi18n.h>

typedef struct
{
  const char *pages; /* space-separated page names, or "*" for every screen */
  const char *keys;  /* as printed on the keyboard: not translated */
  const char *what;  /* N_ (…) */
} Shortcut;

static const Shortcut shortcuts[] = {
  { "sign-in", "Enter", N_ ("Staff number done: on to the PIN; PIN done: sign in") },
  { "sale", "F2", N_ ("Find a member by phone or the last four digits") },
  { "sale", "F3", N_ ("Why this price: how the picked line was priced") },
  { "sale", "F4", N_ ("Quantity of the picked line") },
  { "sale", "F5", N_ ("Change the picked line's price (a supervisor may need to sign)") },
  /* xgettext:no-c-format */
  { "sale", "F6", N_ ("Discount on the picked line: 10% or an amount like 5.00") },
  { "sale", "F7", N_ ("Remove the picked line") },
  { "sale", "⇧F7", N_ ("Void the whole sale") },
  { "sale", "F8", N_ ("Suspend the sale (挂单)") },
  { "sale", "⇧F8", N_ ("Resume a suspended sale (取单)") },
  { "sale", "F9", N_ ("Reprint the last receipt, or print the receipts that waited") },
  { "sale", "F10", N_ ("Return: then scan or type the receipt number") },
  { "sale", "⇧F11", N_ ("Close the shift: count the drawer") },
  { "sale", "F12", N_ ("Pay") },
  { "sale", "↑ ↓", N_ ("Pick a line of the sale") },
  { "sale", "Enter", N_ ("Add the barcode typed, or the product searched by name or pinyin initials") },
  { "sale", "Ctrl+N", N_ ("Register a new member") },
  { "sale", "Ctrl+K", N_ ("Use the member's coupons") },
  { "sale", "Ctrl+I", N_ ("The member's points and stored value statement") },
  { "sale", "Ctrl+M", N_ ("Cash into or out of the drawer") },
  { "sale", "Ctrl+R", N_ ("Return without a receipt") },
  { "sale devices sync", "Ctrl+B", N_ ("Reports (with no sale open)") },
  { "payment", "F12", N_ ("Finish the sale once it is fully paid") },
  { "payment", "Enter", N_ ("Add the payment typed in that field") },
  /* the letters the payment page's titles and buttons show (mpos-payment-page.ui) */
  { "payment", "Alt+C", N_ ("To the cash received; Alt+E exact, Alt+5 ¥50, Alt+1 ¥100") },
  { "payment", "Alt+B", N_ ("To the bank card reference; Alt+R: the card pays the rest") },
  { "payment", "Alt+S", N_ ("To stored value: the amount (empty: the rest), Enter, the member's PIN, Enter; Alt+V pays") },
  { "payment", "Alt+P", N_ ("To the points to use; Alt+W pays with them") },
  { "payment", "Alt+G", N_ ("To the gift card's serial, then its secret; Alt+Y: the card pays the rest") },
  { "payment", "Esc", N_ ("Back to the sale: the payments taken stay") },
  { "return", "Enter", N_ ("Find the receipt typed") },
  { "return", "F2", N_ ("The returns waiting for a supervisor (待审批退货), and back") },
  { "return", "Esc", N_ ("Back to the sale: nothing is returned") },
  { "devices sync reports", "Esc", N_ ("Back to the sale") },
  { "sale payment return devices sync reports", "F11", N_ ("Lock the till: the open sale waits") },
  { "sale payment return reports", "Ctrl+D", N_ ("Devices: test print, open the drawer") },
  { "sale payment return devices reports", "Ctrl+S", N_ ("Sync with the centre") },
  { "*", "F1", N_ ("This sheet; F1 or Esc closes it") },
  { "*", N_ ("Scan"), N_ ("At any time, whatever has the cursor: goods, member cards and codes, coupons, receipts") },
};

struct _MposShortcutSheet
{
  GtkBox parent_instance;
  GtkLabel *title;
  GtkGrid *rows;
};

G_DEFINE_FINAL_TYPE (MposShortcutSheet, mpos_shortcut_sheet, GTK_TYPE_BOX)

static gboolean
shown_on (const Shortcut *s, const char *page)
{
  g_auto (GStrv) pages = g_strsplit (s->pages, " ", -1);

  return g_str_equal (s->pages, "*") || g_strv_contains ((const char *const *) pages, page);
}

static void
clear_rows (MposShortcutSheet *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->rows))) != NULL)
    gtk_grid_remove (self->rows, child);
}

static void
add_row (MposShortcutSheet *self, int row, const Shortcut *s)
{
  GtkWidget *keys = gtk_label_new (g_str_equal (s->keys, "Scan") ? _ (s->keys) : s->keys);
  GtkWidget *what = gtk_label_new (_ (s->what));

  gtk_label_set_xalign (GTK_LABEL (keys), 0);
  gtk_widget_add_css_class (keys, "shortcut-key");
  gtk_label_set_xalign (GTK_LABEL (what), 0);
  gtk_label_set_wrap (GTK_LABEL (what), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (what), 56);
  gtk_grid_attach (self->rows, keys, (row % 2) * 2, row / 2, 1, 1);
  gtk_grid_attach (self->rows, what, (row % 2) * 2 + 1, row / 2, 1, 1);
}

void
mpos_shortcut_sheet_open (MposShortcutSheet *self, const char *page)
{
  int row = 0;

  clear_rows (self);
  for (guint i = 0; i < G_N_ELEMENTS (shortcuts); i++)
    if (shown_on (&shortcuts[i], page))
      add_row (self, row++, &shortcuts[i]);
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
}

void
mpos_shortcut_sheet_close (MposShortcutSheet *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

gboolean
mpos_shortcut_sheet_is_open (MposShortcutSheet *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self));
}

static void
mpos_shortcut_sheet_class_init (MposShortcutSheetClass *klass)
{
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "shortcutsheet");
}

static void
mpos_shortcut_sheet_init (MposShortcutSheet *self)
{
  GtkWidget *title = gtk_label_new (_ ("Keys on this screen"));
  GtkWidget *close = gtk_button_new_with_label (_ ("Esc Close"));

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 10);
  gtk_widget_set_halign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
  gtk_widget_set_valign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (GTK_WIDGET (self), "panel");
  gtk_widget_add_css_class (GTK_WIDGET (self), "dialog-panel");
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "dialog-title");
  self->title = GTK_LABEL (title);
  self->rows = GTK_GRID (gtk_grid_new ());
  gtk_grid_set_row_spacing (self->rows, 4);
  gtk_grid_set_column_spacing (self->rows, 12);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (close), "win.back");
  gtk_box_append (GTK_BOX (self), title);
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->rows));
  gtk_box_append (GTK_BOX (self), close);
}
