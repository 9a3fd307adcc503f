/* mpos-till.c — the sale at this till (mpos-till.h). Every mutator is one
 * core call followed by the same refresh: the items list is brought in step
 * with the cart (changed lines updated in place, new ones appended, so a
 * 300-line list keeps its place and its rows) and "changed" is emitted. */
#include "mpos-till.h"

#include "store-maintenance.h"

#include "cart-json.h"
#include "clock.h"
#include "coupon.h"
#include "loyalty.h"
#include "mpos-line-item.h"
#include "slip-receipt.h"
#include "suspend.h"

#include <glib/gi18n.h>
#include <string.h>

struct _MposTill
{
  GObject parent_instance;
  MposStore *store;
  MposTillPrinter *printer;
  MposCart *cart;
  GListStore *lines;
  char *cashier;
  char *cashier_name;
  guint upkeep; /* WAL checkpoint and stock fold when the main loop is idle */
};

enum
{
  SIGNAL_CHANGED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (MposTill, mpos_till, G_TYPE_OBJECT)

static void
mpos_till_dispose (GObject *object)
{
  MposTill *self = MPOS_TILL (object);

  g_clear_handle_id (&self->upkeep, g_source_remove);
  g_clear_object (&self->printer);
  g_clear_object (&self->lines);
  G_OBJECT_CLASS (mpos_till_parent_class)->dispose (object);
}

static void
mpos_till_finalize (GObject *object)
{
  MposTill *self = MPOS_TILL (object);

  g_clear_pointer (&self->cart, mpos_cart_free);
  g_clear_pointer (&self->store, mpos_store_close);
  g_free (self->cashier);
  g_free (self->cashier_name);
  G_OBJECT_CLASS (mpos_till_parent_class)->finalize (object);
}

static void
mpos_till_class_init (MposTillClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mpos_till_dispose;
  object_class->finalize = mpos_till_finalize;
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
mpos_till_init (MposTill *self)
{
  self->lines = g_list_store_new (MPOS_TYPE_LINE_ITEM);
}

/* Brings the items list in step with the cart: changed lines take their new
 * texts in place (their rows stay), new ones are appended in one go, gone
 * ones removed. A scan thus adds one row: the others are neither replaced
 * nor bound again, even when a discount spread over the sale moves their
 * totals. */
static void
sync_lines (MposTill *self)
{
  GPtrArray *lines = mpos_cart_get_lines (self->cart);
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->lines));
  g_autoptr (GPtrArray) added = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < lines->len; i++)
    {
      MposLineItem *item = mpos_line_item_new (g_ptr_array_index (lines, i));
      g_autoptr (MposLineItem) old
          = i < shown ? g_list_model_get_item (G_LIST_MODEL (self->lines), i) : NULL;

      if (old == NULL)
        g_ptr_array_add (added, item);
      else
        {
          mpos_line_item_update (old, item);
          g_object_unref (item);
        }
    }
  if (shown > lines->len)
    g_list_store_splice (self->lines, lines->len, shown - lines->len, NULL, 0);
  else if (added->len > 0)
    g_list_store_splice (self->lines, shown, 0, added->pdata, added->len);
}

static void
changed (MposTill *self)
{
  sync_lines (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static gboolean
new_cart (MposTill *self, GError **error)
{
  MposCart *cart = mpos_cart_new (self->store, mpos_clock_now (), error);

  if (cart == NULL)
    return FALSE;
  g_clear_pointer (&self->cart, mpos_cart_free);
  self->cart = cart;
  if (self->cashier)
    mpos_cart_set_cashier (cart, self->cashier);
  changed (self);
  return TRUE;
}

MposTill *
mpos_till_new (MposStore *store, MposTillPrinter *printer, GError **error)
{
  g_autoptr (MposTill) self = g_object_new (MPOS_TYPE_TILL, NULL);

  self->store = store;
  self->printer = printer;
  if (!new_cart (self, error))
    return NULL;
  /* A sale's commit never pays for upkeep: the till does it in idle time. */
  self->upkeep = mpos_store_maintain_when_idle (store, 2000);
  return g_steal_pointer (&self);
}

MposStore *
mpos_till_get_store (MposTill *self)
{
  return self->store;
}

MposTillPrinter *
mpos_till_get_printer (MposTill *self)
{
  return self->printer;
}

MposCart *
mpos_till_get_cart (MposTill *self)
{
  return self->cart;
}

GListModel *
mpos_till_get_lines (MposTill *self)
{
  return G_LIST_MODEL (self->lines);
}

const char *
mpos_till_get_cashier (MposTill *self)
{
  return self->cashier;
}

const char *
mpos_till_get_cashier_name (MposTill *self)
{
  return self->cashier_name;
}

void
mpos_till_set_cashier (MposTill *self, const char *staff_no, const char *name)
{
  g_free (self->cashier);
  g_free (self->cashier_name);
  self->cashier = g_strdup (staff_no);
  self->cashier_name = g_strdup (name);
  if (staff_no)
    mpos_cart_set_cashier (self->cart, staff_no); /* the open sale is the new cashier's from now */
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

/* After a core call: refresh on success. */
static gboolean
done (MposTill *self, gboolean ok)
{
  if (ok)
    changed (self);
  return ok;
}

MposScanKind
mpos_till_scan (MposTill *self, const char *code, GError **error)
{
  MposScanKind kind = mpos_scan_classify (self->store, code, error);
  g_autofree char *trimmed = g_strstrip (g_strdup (code));
  gboolean ok = TRUE;

  switch (kind)
    {
    case MPOS_SCAN_PRODUCT:
    case MPOS_SCAN_SCALE_LABEL:
      ok = mpos_cart_add_code (self->cart, trimmed, 0, error) != NULL;
      break;
    case MPOS_SCAN_MEMBER_CARD:
    case MPOS_SCAN_MEMBER_QR:
      ok = mpos_cart_set_member (self->cart, trimmed, error);
      break;
    case MPOS_SCAN_COUPON:
      ok = mpos_cart_add_coupon (self->cart, trimmed, error);
      break;
    case MPOS_SCAN_UNKNOWN:
    case MPOS_SCAN_GIFT_CARD:
    case MPOS_SCAN_RECEIPT:
    case MPOS_SCAN_PAYMENT_CODE:
      return kind;
    }
  return done (self, ok) ? kind : MPOS_SCAN_UNKNOWN;
}

gboolean
mpos_till_add_search (MposTill *self, const char *query, GError **error)
{
  return done (self, mpos_cart_add_search (self->cart, query, 0, error) != NULL);
}

gboolean
mpos_till_add_sku (MposTill *self, const char *sku_code, GError **error)
{
  return done (self, mpos_cart_add_sku (self->cart, sku_code, 0, error) != NULL);
}

gboolean
mpos_till_set_member (MposTill *self, const char *key, GError **error)
{
  return done (self, mpos_cart_set_member (self->cart, key, error));
}

gboolean
mpos_till_prove_member (MposTill *self, const MposMemberProof *proof, GError **error)
{
  return done (self, mpos_cart_prove_member (self->cart, proof, error));
}

gboolean
mpos_till_member_proven_elsewhere (MposTill *self, int64_t member_id)
{
  return done (self, mpos_cart_member_proven_elsewhere (self->cart, member_id));
}

gboolean
mpos_till_add_coupon (MposTill *self, const char *code, GError **error)
{
  return done (self, mpos_cart_add_coupon (self->cart, code, error));
}

/* Whether the coupon is already on the sale. */
static gboolean
on_sale (MposCart *cart, const char *code)
{
  GPtrArray *coupons = mpos_cart_get_coupons (cart);

  for (guint i = 0; i < coupons->len; i++)
    if (g_strcmp0 (((const MposCartCoupon *)g_ptr_array_index (coupons, i))->code, code) == 0)
      return TRUE;
  return FALSE;
}

gboolean
mpos_till_add_member_coupons (MposTill *self, guint *applied, char **refused, GError **error)
{
  const MposMember *member = mpos_cart_get_member (self->cart);
  int64_t now = mpos_cart_get_now (self->cart);
  g_autoptr (GPtrArray) coupons = NULL;
  g_autoptr (GString) refusals = g_string_new (NULL);

  *applied = 0;
  *refused = NULL;
  if (member == NULL)
    return g_set_error (error, MPOS_CART_ERROR, MPOS_CART_ERROR_INVALID,
                        _ ("Add the member first (scan the card or press F2), then their "
                           "coupons.")),
           FALSE;
  if ((coupons = mpos_coupon_list (self->store, member->id, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < coupons->len; i++)
    {
      const MposCoupon *coupon = g_ptr_array_index (coupons, i);
      g_autoptr (GError) refusal = NULL;

      if (g_strcmp0 (mpos_coupon_status_at (coupon, now), "issued") != 0
          || now < coupon->valid_from || on_sale (self->cart, coupon->code))
        continue;
      if (mpos_cart_add_coupon (self->cart, coupon->code, &refusal))
        (*applied)++;
      else
        g_string_append_printf (refusals, "%s%s", refusals->len ? "\n" : "", refusal->message);
    }
  if (refusals->len > 0)
    *refused = g_strdup (refusals->str);
  changed (self);
  return TRUE;
}

gboolean
mpos_till_set_qty (MposTill *self, guint line_no, int64_t qty, GError **error)
{
  return done (self, mpos_cart_set_qty (self->cart, line_no, qty, error));
}

gboolean
mpos_till_void_line (MposTill *self, guint line_no, GError **error)
{
  return done (self, mpos_cart_void_line (self->cart, line_no, error));
}

gboolean
mpos_till_set_line_discount (MposTill *self, guint line_no, MposDiscountKind kind, int64_t value,
                             const char *approved_by, GError **error)
{
  return done (self,
               mpos_cart_set_line_discount (self->cart, line_no, kind, value, approved_by, error));
}

gboolean
mpos_till_override_price (MposTill *self, guint line_no, MposMoney unit_price,
                          const char *approved_by, GError **error)
{
  return done (self,
               mpos_cart_override_price (self->cart, line_no, unit_price, approved_by, error));
}

gboolean
mpos_till_add_tender (MposTill *self, MposTender *tender, GError **error)
{
  g_autoptr (MposTender) owned = tender;
  guint index = mpos_cart_get_tenders (self->cart)->len;

  if (tender == NULL)
    return FALSE; /* its constructor set *error */
  if (!mpos_cart_add_tender (self->cart, tender, error))
    return FALSE;
  if (!mpos_loyalty_check_cart (self->store, self->cart, mpos_cart_get_now (self->cart), error))
    {
      mpos_cart_remove_tender (self->cart, index, NULL);
      return FALSE;
    }
  return done (self, TRUE);
}

gboolean
mpos_till_remove_tender (MposTill *self, guint index, GError **error)
{
  return done (self, mpos_cart_remove_tender (self->cart, index, error));
}

MposMoney
mpos_till_due (MposTill *self)
{
  return MAX (0, mpos_cart_total (self->cart) - mpos_cart_tendered (self->cart));
}

int64_t
mpos_till_points_to_earn (MposTill *self)
{
  g_autoptr (GError) error = NULL;
  int64_t points = 0;

  if (mpos_cart_get_member (self->cart) == NULL)
    return 0;
  if (!mpos_loyalty_preview_earn (self->store, self->cart, mpos_cart_get_now (self->cart), &points,
                                  &error))
    g_debug ("points to earn: %s", error->message);
  return points;
}

static void
print_record (MposTill *self, const char *receipt_no)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposSaleRecord) record = mpos_sale_load (self->store, receipt_no, &error);
  g_autoptr (MposReceipt) receipt
      = record ? mpos_sale_record_to_receipt (self->store, record, FALSE, &error) : NULL;

  if (receipt == NULL)
    {
      g_warning ("receipt %s cannot be composed: %s", receipt_no, error->message);
      return;
    }
  mpos_till_printer_print (self->printer, receipt);
}

void
mpos_till_print_record (MposTill *self, const char *receipt_no)
{
  print_record (self, receipt_no);
}

gboolean
mpos_till_finish (MposTill *self, MposSaleResult *result, GError **error)
{
  g_autoptr (GError) next = NULL;

  if (!mpos_sale_commit (self->cart, result, error))
    return FALSE;
  print_record (self, result->receipt_no);
  /* the sale is stored whatever comes next */
  if (!new_cart (self, &next))
    g_warning ("the next sale cannot start: %s", next->message);
  return TRUE;
}

gboolean
mpos_till_suspend (MposTill *self, int64_t *id_out, GError **error)
{
  int64_t id = 0;

  if (mpos_cart_get_lines (self->cart)->len == 0)
    return g_set_error (error, MPOS_CART_ERROR, MPOS_CART_ERROR_EMPTY,
                        _ ("There is nothing to suspend: the sale has no items.")),
           FALSE;
  if (!mpos_suspend_cart (self->cart, NULL, &id, error))
    return FALSE;
  if (id_out)
    *id_out = id;
  return new_cart (self, error);
}

gboolean
mpos_till_resume (MposTill *self, int64_t id, GError **error)
{
  g_autoptr (MposSuspended) suspended = NULL;
  MposCart *cart;

  if (mpos_cart_get_lines (self->cart)->len > 0)
    return g_set_error (error, MPOS_CART_ERROR, MPOS_CART_ERROR_INVALID,
                        _ ("Finish or suspend the open sale first, then resume.")),
           FALSE;
  suspended = mpos_suspend_get (self->store, id, error);
  cart = suspended ? mpos_cart_from_json (self->store, suspended->document,
                                          strlen (suspended->document), mpos_clock_now (), error)
                   : NULL;
  if (cart == NULL)
    return FALSE;
  mpos_cart_set_resumed_from (cart, id);
  if (self->cashier)
    mpos_cart_set_cashier (cart, self->cashier);
  g_clear_pointer (&self->cart, mpos_cart_free);
  self->cart = cart;
  changed (self);
  return TRUE;
}

gboolean
mpos_till_void_sale (MposTill *self, const char *reason, GError **error)
{
  if (!mpos_sale_void (self->cart, reason, error))
    return FALSE;
  return new_cart (self, error);
}

void
mpos_till_print_slip (MposTill *self, const char *receipt_no)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposReceipt) receipt = mpos_top_up_receipt (self->store, receipt_no, &error);

  if (receipt == NULL)
    g_warning ("top-up slip %s cannot be composed: %s", receipt_no, error->message);
  else
    mpos_till_printer_print (self->printer, receipt);
}

gboolean
mpos_till_return (MposTill *self, const char *receipt_no, const GArray *lines, const char *reason,
                  MposSaleResult *result, GError **error)
{
  if (!mpos_sale_return (self->store, receipt_no, lines, self->cashier, reason, result, error))
    return FALSE;
  print_record (self, result->receipt_no);
  return TRUE;
}

gboolean
mpos_till_return_without_receipt (MposTill *self, const char *reason, const char *supervisor_number,
                                  MposSaleResult *result, GError **error)
{
  g_autoptr (GError) next = NULL;

  /* no PIN here: the supervisor signs on to the sale, and the core signs the return with them */
  if (!mpos_cart_set_approver (self->cart, supervisor_number, error)
      || !mpos_sale_return_without_receipt (self->cart, reason, NULL, result, error))
    return FALSE;
  print_record (self, result->receipt_no);
  if (!new_cart (self, &next))
    g_warning ("the next sale cannot start: %s", next->message);
  return TRUE;
}

gboolean
mpos_till_reprint_last (MposTill *self, GError **error)
{
  g_autofree char *receipt_no = mpos_sale_last_receipt_no (self->store, NULL, error);
  g_autoptr (MposReceipt) receipt
      = receipt_no ? mpos_sale_reprint (self->store, receipt_no, self->cashier, error) : NULL;

  if (receipt == NULL)
    return FALSE;
  mpos_till_printer_print (self->printer, receipt);
  return TRUE;
}
