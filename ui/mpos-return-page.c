/* mpos-return-page.c — returns with the receipt (mpos-return-page.h). Each
 * sold line gets a spin button (0 … what was sold; weighed goods in grams);
 * the core refunds exactly what those lines were paid, by the tenders they
 * were paid with, and refuses what was returned before. The returns that
 * wait for a supervisor are its other view (mpos-return-pending.h). */
#include "mpos-return-page.h"

#include "mpos-format.h"
#include "mpos-return-pending.h"

#include <glib/gi18n.h>

struct _MposReturnPage
{
  GtkBox parent_instance;
  MposTill *till;
  MposSaleRecord *sale;
  GPtrArray *spins; /* GtkSpinButton per sale line, in line order */
  /* template */
  GtkEntry *receipt_entry;
  GtkLabel *sale_label;
  GtkListBox *return_lines;
  GtkEntry *reason_entry;
  GtkLabel *return_problem;
  GtkButton *refund_button;
  GtkToggleButton *pending_toggle;
  GtkStack *return_stack;
  MposReturnPending *pending;
};

enum
{
  SIGNAL_RETURNED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (MposReturnPage, mpos_return_page, GTK_TYPE_BOX)

static void
clear_lines (MposReturnPage *self)
{
  GtkWidget *row;

  while ((row = gtk_widget_get_first_child (GTK_WIDGET (self->return_lines))) != NULL)
    gtk_list_box_remove (self->return_lines, row);
  g_ptr_array_set_size (self->spins, 0);
  g_clear_pointer (&self->sale, mpos_sale_record_free);
  gtk_widget_set_sensitive (GTK_WIDGET (self->refund_button), FALSE);
}

static void
add_line (MposReturnPage *self, const MposSaleLine *line)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  g_autofree char *qty = mpos_format_qty (line->qty, line->weighed);
  g_autofree char *net = mpos_format_money (line->net);
  g_autofree char *text = g_strdup_printf ("%d. %s", line->line_no, line->name);
  GtkWidget *name = gtk_label_new (text);
  GtkWidget *sold = gtk_label_new (qty);
  GtkWidget *paid = gtk_label_new (net);
  GtkWidget *spin = gtk_spin_button_new_with_range (0, (double)line->qty, line->weighed ? 10 : 1);

  gtk_widget_add_css_class (row, "sale-line");
  gtk_widget_set_hexpand (name, TRUE);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_widget_set_tooltip_text (spin, line->weighed ? _ ("Grams to take back")
                                                   : _ ("Pieces to take back"));
  gtk_box_append (GTK_BOX (row), name);
  gtk_box_append (GTK_BOX (row), sold);
  gtk_box_append (GTK_BOX (row), paid);
  gtk_box_append (GTK_BOX (row), spin);
  gtk_list_box_append (self->return_lines, row);
  g_ptr_array_add (self->spins, spin);
}

static void
load (MposReturnPage *self, const char *receipt_no)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *total = NULL, *text = NULL, *day = NULL;

  clear_lines (self);
  self->sale = mpos_sale_load (mpos_till_get_store (self->till), receipt_no, &error);
  if (self->sale != NULL && g_strcmp0 (self->sale->kind, "sale") != 0)
    {
      g_clear_pointer (&self->sale, mpos_sale_record_free);
      g_set_error (&error, MPOS_SALE_ERROR, MPOS_SALE_ERROR_INVALID,
                   _ ("%s is a return, not a sale: scan the receipt of the sale."), receipt_no);
    }
  if (self->sale == NULL)
    {
      gtk_label_set_text (self->return_problem, error->message);
      gtk_label_set_text (self->sale_label, "");
      return;
    }
  for (guint i = 0; i < self->sale->lines->len; i++)
    add_line (self, g_ptr_array_index (self->sale->lines, i));
  total = mpos_format_money (self->sale->total);
  day = mpos_format_business_day (self->sale->business_day);
  text = g_strdup_printf (_ ("Sale %s of %s, %s: pick what comes back."), self->sale->receipt_no,
                          day, total);
  gtk_label_set_text (self->sale_label, text);
  gtk_label_set_text (self->return_problem, "");
  gtk_widget_set_sensitive (GTK_WIDGET (self->refund_button), TRUE);
}

static void
on_receipt_activate (GtkEntry *entry, MposReturnPage *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));

  if (text[0] != '\0')
    load (self, text);
}

static GArray *
picked_lines (MposReturnPage *self)
{
  GArray *lines = g_array_new (FALSE, TRUE, sizeof (MposReturnRequest));

  for (guint i = 0; i < self->spins->len; i++)
    {
      const MposSaleLine *line = g_ptr_array_index (self->sale->lines, i);
      int qty = gtk_spin_button_get_value_as_int (g_ptr_array_index (self->spins, i));
      MposReturnRequest request = { line->line_no, qty };

      if (qty > 0)
        g_array_append_val (lines, request);
    }
  return lines;
}

static void
on_refund (GtkButton *button, MposReturnPage *self)
{
  g_autoptr (GArray) lines = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *refund = NULL, *text = NULL;
  const char *reason = gtk_editable_get_text (GTK_EDITABLE (self->reason_entry));
  MposSaleResult result;

  if (self->sale == NULL)
    return;
  lines = picked_lines (self);
  if (lines->len == 0)
    {
      gtk_label_set_text (self->return_problem,
                          _ ("Nothing picked: set how many of a line come back first."));
      return;
    }
  if (!mpos_till_return (self->till, self->sale->receipt_no, lines, reason[0] ? reason : NULL,
                         &result, &error))
    {
      gtk_label_set_text (self->return_problem, error->message);
      return;
    }
  refund = mpos_format_money (-result.total);
  text = g_strdup_printf (_ ("Returned: refund %s to the original payments · receipt %s"), refund,
                          result.receipt_no);
  clear_lines (self);
  g_signal_emit (self, signals[SIGNAL_RETURNED], 0, text);
}

/* Enter in the reason field refunds, as the button would: a keyboard-only
 * cashier types the reason and presses Enter. */
static void
on_reason_activate (GtkEntry *entry, MposReturnPage *self)
{
  GtkWidget *refund = GTK_WIDGET (self->refund_button);

  (void)entry;
  if (gtk_widget_get_visible (refund) && gtk_widget_get_sensitive (refund))
    gtk_widget_activate (refund);
}

/* "F2 Waiting for approval (2)": how many wait, read when the page opens;
 * F2 is the key that shows them (mpos_return_page_toggle_pending). */
static void
count_pending (MposReturnPage *self)
{
  guint n = mpos_return_pending_reload (self->pending);
  g_autofree char *label = n ? g_strdup_printf (_ ("F2 Waiting for approval (%u)"), n)
                             : g_strdup (_ ("F2 Waiting for approval"));

  gtk_button_set_label (GTK_BUTTON (self->pending_toggle), label);
}

static void
on_pending_toggled (GtkToggleButton *toggle, MposReturnPage *self)
{
  gboolean pending = gtk_toggle_button_get_active (toggle);

  gtk_stack_set_visible_child_name (self->return_stack, pending ? "pending" : "receipt");
  gtk_widget_set_visible (GTK_WIDGET (self->refund_button), !pending);
  if (pending)
    count_pending (self);
  gtk_widget_grab_focus (pending ? GTK_WIDGET (self->pending) : GTK_WIDGET (self->receipt_entry));
}

static void
on_decided (MposReturnPending *pending, const char *text, MposReturnPage *self)
{
  g_signal_emit (self, signals[SIGNAL_RETURNED], 0, text);
}

static void
mpos_return_page_dispose (GObject *object)
{
  MposReturnPage *self = MPOS_RETURN_PAGE (object);

  g_clear_object (&self->till);
  g_clear_pointer (&self->sale, mpos_sale_record_free);
  g_clear_pointer (&self->spins, g_ptr_array_unref);
  G_OBJECT_CLASS (mpos_return_page_parent_class)->dispose (object);
}

static void
mpos_return_page_class_init (MposReturnPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  g_type_ensure (MPOS_TYPE_RETURN_PENDING);
  G_OBJECT_CLASS (klass)->dispose = mpos_return_page_dispose;
  signals[SIGNAL_RETURNED] = g_signal_new ("returned", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/mallpos/Till/mpos-return-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MposReturnPage, receipt_entry);
  gtk_widget_class_bind_template_child (widget_class, MposReturnPage, sale_label);
  gtk_widget_class_bind_template_child (widget_class, MposReturnPage, return_lines);
  gtk_widget_class_bind_template_child (widget_class, MposReturnPage, reason_entry);
  gtk_widget_class_bind_template_child (widget_class, MposReturnPage, return_problem);
  gtk_widget_class_bind_template_child (widget_class, MposReturnPage, refund_button);
  gtk_widget_class_bind_template_child (widget_class, MposReturnPage, pending_toggle);
  gtk_widget_class_bind_template_child (widget_class, MposReturnPage, return_stack);
  gtk_widget_class_bind_template_child (widget_class, MposReturnPage, pending);
}

static void
mpos_return_page_init (MposReturnPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->spins = g_ptr_array_new ();
  g_signal_connect (self->receipt_entry, "activate", G_CALLBACK (on_receipt_activate), self);
  g_signal_connect (self->refund_button, "clicked", G_CALLBACK (on_refund), self);
  g_signal_connect (self->reason_entry, "activate", G_CALLBACK (on_reason_activate), self);
  g_signal_connect (self->pending_toggle, "toggled", G_CALLBACK (on_pending_toggled), self);
  g_signal_connect (self->pending, "decided", G_CALLBACK (on_decided), self);
}

void
mpos_return_page_set_till (MposReturnPage *self, MposTill *till)
{
  g_set_object (&self->till, till);
  mpos_return_pending_set_till (self->pending, till);
}

void
mpos_return_page_toggle_pending (MposReturnPage *self)
{
  gtk_toggle_button_set_active (self->pending_toggle,
                                !gtk_toggle_button_get_active (self->pending_toggle));
}

gboolean
mpos_return_page_staff_card (MposReturnPage *self, const char *code)
{
  if (!gtk_toggle_button_get_active (self->pending_toggle))
    return FALSE;
  mpos_return_pending_card (self->pending, code);
  return TRUE;
}

void
mpos_return_page_start (MposReturnPage *self, const char *receipt_no)
{
  gtk_editable_set_text (GTK_EDITABLE (self->receipt_entry), receipt_no ? receipt_no : "");
  gtk_editable_set_text (GTK_EDITABLE (self->reason_entry), "");
  gtk_label_set_text (self->return_problem, "");
  gtk_label_set_text (self->sale_label, "");
  clear_lines (self);
  gtk_toggle_button_set_active (self->pending_toggle, FALSE);
  count_pending (self);
  if (receipt_no)
    load (self, receipt_no);
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->receipt_entry));
}
