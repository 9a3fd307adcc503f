/* mpos-line-item.c — a cart line's texts for the items list. */
#include "mpos-line-item.h"

#include "mpos-format.h"

#include <glib/gi18n.h>

struct _MposLineItem
{
  GObject parent_instance;
  guint line_no;
  char *name;
  char *qty;
  char *unit_price;
  char *discount;
  char *total;
};

G_DEFINE_FINAL_TYPE (MposLineItem, mpos_line_item, G_TYPE_OBJECT)

static guint changed_signal;

static void
mpos_line_item_finalize (GObject *object)
{
  MposLineItem *self = MPOS_LINE_ITEM (object);

  g_free (self->name);
  g_free (self->qty);
  g_free (self->unit_price);
  g_free (self->discount);
  g_free (self->total);
  G_OBJECT_CLASS (mpos_line_item_parent_class)->finalize (object);
}

static void
mpos_line_item_class_init (MposLineItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mpos_line_item_finalize;
  /* "changed": its texts are new (mpos_line_item_update) */
  changed_signal = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                 NULL, NULL, G_TYPE_NONE, 0);
}

static void
mpos_line_item_init (MposLineItem *self)
{
}

/* The adjustments' sum and the label of the largest, "-¥1.00 会员价". */
static char *
discount_text (const MposCartLine *line)
{
  const MposAdjustment *largest = NULL;
  MposMoney sum = 0;
  g_autofree char *amount = NULL;

  for (guint i = 0; line->adjustments && i < line->adjustments->len; i++)
    {
      const MposAdjustment *a = g_ptr_array_index (line->adjustments, i);
      sum += a->amount;
      if (largest == NULL || a->amount < largest->amount)
        largest = a;
    }
  if (sum == 0 || largest == NULL)
    return g_strdup ("");
  amount = mpos_format_money (sum);
  if (line->adjustments->len > 1)
    return g_strdup_printf (_ ("%s %s and more"), amount, largest->label);
  return g_strdup_printf ("%s %s", amount, largest->label);
}

MposLineItem *
mpos_line_item_new (const MposCartLine *line)
{
  MposLineItem *self = g_object_new (MPOS_TYPE_LINE_ITEM, NULL);
  gboolean weighed = line->sku->unit == MPOS_UNIT_WEIGHT;
  g_autofree char *unit = mpos_format_money (line->list_unit_price);

  self->line_no = line->line_no;
  self->name = mpos_sku_display_name (line->sku);
  self->qty = mpos_format_qty (line->qty, weighed);
  self->unit_price = weighed ? g_strdup_printf (_ ("%s/kg"), unit) : g_steal_pointer (&unit);
  self->discount = discount_text (line);
  self->total = mpos_format_money (line->net);
  return self;
}

guint
mpos_line_item_get_line_no (MposLineItem *self)
{
  return self->line_no;
}

const char *
mpos_line_item_get_name (MposLineItem *self)
{
  return self->name;
}

const char *
mpos_line_item_get_qty (MposLineItem *self)
{
  return self->qty;
}

const char *
mpos_line_item_get_unit_price (MposLineItem *self)
{
  return self->unit_price;
}

const char *
mpos_line_item_get_discount (MposLineItem *self)
{
  return self->discount;
}

const char *
mpos_line_item_get_total (MposLineItem *self)
{
  return self->total;
}

static gboolean
same (MposLineItem *a, MposLineItem *b)
{
  return a->line_no == b->line_no && g_str_equal (a->name, b->name) && g_str_equal (a->qty, b->qty)
         && g_str_equal (a->unit_price, b->unit_price) && g_str_equal (a->discount, b->discount)
         && g_str_equal (a->total, b->total);
}

gboolean
mpos_line_item_update (MposLineItem *self, MposLineItem *from)
{
  if (same (self, from))
    return FALSE;
  self->line_no = from->line_no;
  g_free (self->name);
  self->name = g_strdup (from->name);
  g_free (self->qty);
  self->qty = g_strdup (from->qty);
  g_free (self->unit_price);
  self->unit_price = g_strdup (from->unit_price);
  g_free (self->discount);
  self->discount = g_strdup (from->discount);
  g_free (self->total);
  self->total = g_strdup (from->total);
  g_signal_emit (self, changed_signal, 0);
  return TRUE;
}
