/* cart-model.c — what changed in the cart, told to whoever watches it (see
 * cart-model.h). The model keeps what it last told about each line; after a
 * change it walks the lines old and new by line number (lines are only
 * appended or removed, so both lists are in line-number order): a number
 * gone is a removed row, a new number an added row, the same number with
 * another quantity, price or adjustment a replaced row. */
#include "cart-model.h"

#include "cart-private.h"

#include <string.h>

/* What a row shows: when any of it moves, the row is redrawn. */
typedef struct
{
  guint line_no;
  int64_t qty;
  MposMoney gross, net, tax, unit_price;
  guint adjustments;
  MposMoney adjusted;
} LineState;

typedef struct
{
  MposMoney subtotal, total, tax, tendered;
  int64_t items;
} Totals;

struct _MposCartRow
{
  GObject parent_instance;
  MposCartModel *model; /* not a reference: cleared when the model drops the row */
  guint line_no;
};

struct _MposCartModel
{
  GObject parent_instance;
  MposCart *cart;  /* not a reference: the cart owns the model */
  GArray *known;   /* of LineState, as last told */
  GPtrArray *rows; /* of MposCartRow*, parallel to known */
  Totals totals;
  int64_t member_id;
};

enum
{
  SIGNAL_TOTALS_CHANGED,
  SIGNAL_MEMBER_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- rows ------------------------------------------------------------------------------ */

G_DEFINE_TYPE (MposCartRow, mpos_cart_row, G_TYPE_OBJECT)

static void
mpos_cart_row_class_init (MposCartRowClass *klass)
{
}

static void
mpos_cart_row_init (MposCartRow *row)
{
}

static MposCartRow *
row_new (MposCartModel *model, guint line_no)
{
  MposCartRow *row = g_object_new (MPOS_TYPE_CART_ROW, NULL);

  row->model = model;
  row->line_no = line_no;
  return row;
}

static void
row_drop (gpointer data)
{
  MposCartRow *row = data;

  row->model = NULL;
  g_object_unref (row);
}

guint
mpos_cart_row_get_line_no (MposCartRow *row)
{
  g_return_val_if_fail (MPOS_IS_CART_ROW (row), 0);
  return row->line_no;
}

const MposCartLine *
mpos_cart_row_get_line (MposCartRow *row)
{
  g_return_val_if_fail (MPOS_IS_CART_ROW (row), NULL);
  if (row->model == NULL || row->model->cart == NULL)
    return NULL;
  return mpos_cart_get_line (row->model->cart, row->line_no);
}

/* ---- the list -------------------------------------------------------------------------- */

static GType
model_item_type (GListModel *list)
{
  return MPOS_TYPE_CART_ROW;
}

static guint
model_n_items (GListModel *list)
{
  return MPOS_CART_MODEL (list)->rows->len;
}

static gpointer
model_item (GListModel *list, guint position)
{
  MposCartModel *model = MPOS_CART_MODEL (list);

  if (position >= model->rows->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (model->rows, position));
}

static void
list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = model_item_type;
  iface->get_n_items = model_n_items;
  iface->get_item = model_item;
}

G_DEFINE_TYPE_WITH_CODE (MposCartModel, mpos_cart_model, G_TYPE_OBJECT,
                         G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_init))

static void
mpos_cart_model_finalize (GObject *object)
{
  MposCartModel *model = MPOS_CART_MODEL (object);

  g_array_unref (model->known);
  g_ptr_array_unref (model->rows);
  G_OBJECT_CLASS (mpos_cart_model_parent_class)->finalize (object);
}

static void
mpos_cart_model_class_init (MposCartModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mpos_cart_model_finalize;
  signals[SIGNAL_TOTALS_CHANGED]
      = g_signal_new ("totals-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_MEMBER_CHANGED]
      = g_signal_new ("member-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 0);
}

static void
mpos_cart_model_init (MposCartModel *model)
{
  model->known = g_array_new (FALSE, TRUE, sizeof (LineState));
  model->rows = g_ptr_array_new_with_free_func (row_drop);
}

MposCart *
mpos_cart_model_get_cart (MposCartModel *model)
{
  g_return_val_if_fail (MPOS_IS_CART_MODEL (model), NULL);
  return model->cart;
}

/* ---- what changed ---------------------------------------------------------------------- */

static LineState
line_state (const MposCartLine *line)
{
  LineState s
      = { .line_no = line->line_no,
          .qty = line->qty,
          .gross = line->gross,
          .net = line->net,
          .tax = line->tax,
          .unit_price = line->overridden ? line->override_unit_price : line->list_unit_price,
          .adjustments = line->adjustments->len };

  for (guint i = 0; i < line->adjustments->len; i++)
    s.adjusted += ((const MposAdjustment *)g_ptr_array_index (line->adjustments, i))->amount;
  return s;
}

static gboolean
same_state (const LineState *a, const LineState *b)
{
  return a->qty == b->qty && a->gross == b->gross && a->net == b->net && a->tax == b->tax
         && a->unit_price == b->unit_price && a->adjustments == b->adjustments
         && a->adjusted == b->adjusted;
}

static Totals
totals_of (MposCart *cart)
{
  return (Totals){ .subtotal = mpos_cart_subtotal (cart),
                   .total = mpos_cart_total (cart),
                   .tax = mpos_cart_tax_total (cart),
                   .tendered = mpos_cart_tendered (cart),
                   .items = mpos_cart_item_count (cart) };
}

static void
remove_row (MposCartModel *model, guint position)
{
  g_array_remove_index (model->known, position);
  g_ptr_array_remove_index (model->rows, position);
  g_list_model_items_changed (G_LIST_MODEL (model), position, 1, 0);
}

static void
insert_row (MposCartModel *model, guint position, const LineState *state)
{
  g_array_insert_val (model->known, position, *state);
  g_ptr_array_insert (model->rows, (gint)position, row_new (model, state->line_no));
  g_list_model_items_changed (G_LIST_MODEL (model), position, 0, 1);
}

/* A new row object for the same line: the view rebinds that row only. */
static void
replace_row (MposCartModel *model, guint position, const LineState *state)
{
  g_array_index (model->known, LineState, position) = *state;
  row_drop (g_ptr_array_index (model->rows, position));
  g_ptr_array_index (model->rows, position) = row_new (model, state->line_no);
  g_list_model_items_changed (G_LIST_MODEL (model), position, 1, 1);
}

static void
sync_rows (MposCartModel *model, GPtrArray *lines)
{
  guint position = 0, j = 0;

  while (position < model->known->len || j < lines->len)
    {
      const LineState *old = position < model->known->len
                                 ? &g_array_index (model->known, LineState, position)
                                 : NULL;
      LineState now = j < lines->len ? line_state (g_ptr_array_index (lines, j)) : (LineState){ 0 };

      if (old && (j >= lines->len || old->line_no < now.line_no))
        {
          remove_row (model, position);
          continue;
        }
      if (old == NULL || now.line_no < old->line_no)
        insert_row (model, position, &now);
      else if (!same_state (old, &now))
        replace_row (model, position, &now);
      position++;
      j++;
    }
}

void
mpos_cart_model_sync (MposCartModel *model)
{
  MposCart *cart = model->cart;
  Totals totals;
  int64_t member_id;

  if (cart == NULL)
    return;
  sync_rows (model, mpos_cart_get_lines (cart));
  totals = totals_of (cart);
  if (memcmp (&totals, &model->totals, sizeof totals) != 0)
    {
      model->totals = totals;
      g_signal_emit (model, signals[SIGNAL_TOTALS_CHANGED], 0);
    }
  member_id = mpos_cart_get_member (cart) ? mpos_cart_get_member (cart)->id : 0;
  if (member_id != model->member_id)
    {
      model->member_id = member_id;
      g_signal_emit (model, signals[SIGNAL_MEMBER_CHANGED], 0);
    }
}

MposCartModel *
mpos_cart_model_new_for (MposCart *cart)
{
  MposCartModel *model = g_object_new (MPOS_TYPE_CART_MODEL, NULL);

  model->cart = cart;
  /* What it knows starts as the cart is now: no signal for the past. */
  model->totals = totals_of (cart);
  model->member_id = mpos_cart_get_member (cart) ? mpos_cart_get_member (cart)->id : 0;
  for (guint i = 0; i < mpos_cart_get_lines (cart)->len; i++)
    {
      LineState state = line_state (g_ptr_array_index (mpos_cart_get_lines (cart), i));
      g_array_append_val (model->known, state);
      g_ptr_array_add (model->rows, row_new (model, state.line_no));
    }
  return model;
}

void
mpos_cart_model_detach (MposCartModel *model)
{
  guint n = model->rows->len;

  model->cart = NULL;
  g_array_set_size (model->known, 0);
  g_ptr_array_set_size (model->rows, 0);
  if (n > 0)
    g_list_model_items_changed (G_LIST_MODEL (model), 0, n, 0);
  g_object_unref (model);
}

MposCartModel *
mpos_cart_get_model (MposCart *cart)
{
  if (cart->model == NULL)
    cart->model = mpos_cart_model_new_for (cart);
  return cart->model;
}
