/* receipt.c — the device-independent receipt (小票): the model composed once
 * from a sale, return, top-up or exchange, and its plain-text layout at
 * 32/42/48 columns, widths measured as the printer prints them (a printer's
 * codec) or as a terminal shows them; the ESC/POS encoder prints this text. */
#include "receipt.h"

#include "mask.h"
#include "receipt-words.h"
#include "text-width.h"

#include <string.h>

#define MIN_COLUMNS 24
#define MAX_COLUMNS 80
#define INDENT 2        /* adjustments and tender references sit under their line */
#define LABEL_COLUMNS 8 /* "流水号: " — the widest label of the info block */

/* The page being written: every put_* helper ends its lines itself. */
typedef struct
{
  GString *out;
  guint columns;
  MposTextCodec *codec; /* NULL: terminal widths */
  MposReceiptLanguage language;
} Page;

/* Item table columns. qty, price and amount each keep one column of gap on
 * their left; the name takes what is left. */
typedef struct
{
  guint name;
  guint qty;
  guint price;
  guint amount;
} Layout;

/* ---- model ---- */

static void
adjustment_free (gpointer data)
{
  MposReceiptAdjustment *adjustment = data;

  g_free (adjustment->label);
  g_free (adjustment);
}

static void
line_free (gpointer data)
{
  MposReceiptLine *line = data;

  g_free (line->name);
  g_free (line->code);
  g_free (line->note);
  g_clear_pointer (&line->adjustments, g_ptr_array_unref);
  g_free (line);
}

static void
tender_free (gpointer data)
{
  MposReceiptTender *tender = data;

  g_free (tender->label);
  g_free (tender->reference);
  g_free (tender);
}

static void
row_free (gpointer data)
{
  MposReceiptRow *row = data;

  g_free (row->label);
  g_free (row->value);
  g_free (row);
}

MposReceipt *
mpos_receipt_new (MposReceiptKind kind)
{
  MposReceipt *receipt = g_new0 (MposReceipt, 1);

  receipt->kind = kind;
  receipt->lines = g_ptr_array_new_with_free_func (line_free);
  receipt->tenders = g_ptr_array_new_with_free_func (tender_free);
  receipt->order_adjustments = g_ptr_array_new_with_free_func (adjustment_free);
  receipt->rows = g_ptr_array_new_with_free_func (row_free);
  receipt->tables = g_ptr_array_new_with_free_func ((GDestroyNotify) mpos_receipt_table_free);
  receipt->order_notes = g_ptr_array_new_with_free_func (g_free);
  return receipt;
}

void
mpos_receipt_free (MposReceipt *receipt)
{
  if (receipt == NULL)
    return;
  g_free (receipt->store_name);
  g_free (receipt->store_address);
  g_free (receipt->store_phone);
  g_free (receipt->taxpayer_id);
  g_free (receipt->header);
  g_free (receipt->terminal);
  g_free (receipt->cashier_name);
  g_free (receipt->returns_policy);
  g_free (receipt->invoice_url);
  g_free (receipt->join_url);
  g_free (receipt->logo);
  g_free (receipt->receipt_no);
  g_free (receipt->original_receipt_no);
  g_free (receipt->time_local);
  g_free (receipt->cashier);
  g_free (receipt->member);
  g_free (receipt->footer);
  g_free (receipt->notice);
  g_free (receipt->deduction_tender);
  g_clear_pointer (&receipt->order_notes, g_ptr_array_unref);
  g_clear_pointer (&receipt->lines, g_ptr_array_unref);
  g_clear_pointer (&receipt->tenders, g_ptr_array_unref);
  g_clear_pointer (&receipt->order_adjustments, g_ptr_array_unref);
  g_clear_pointer (&receipt->rows, g_ptr_array_unref);
  g_clear_pointer (&receipt->tables, g_ptr_array_unref);
  g_free (receipt);
}

void
mpos_receipt_add_order_note (MposReceipt *receipt, const char *note)
{
  g_return_if_fail (receipt != NULL && note != NULL);
  g_ptr_array_add (receipt->order_notes, g_strdup (note));
}

MposReceiptLine *
mpos_receipt_add_line (MposReceipt *receipt, const char *name, const char *code, gboolean weighed,
                       int64_t qty, MposMoney unit_price, MposMoney gross, MposMoney net)
{
  MposReceiptLine *line;

  g_return_val_if_fail (receipt != NULL && receipt->lines != NULL, NULL);

  line = g_new0 (MposReceiptLine, 1);
  line->name = g_strdup (name != NULL ? name : "");
  line->code = g_strdup (code);
  line->weighed = weighed;
  line->qty = qty;
  line->unit_price = unit_price;
  line->gross = gross;
  line->net = net;
  line->adjustments = g_ptr_array_new_with_free_func (adjustment_free);
  g_ptr_array_add (receipt->lines, line);
  return line;
}

void
mpos_receipt_line_add_adjustment (MposReceiptLine *line, const char *label, MposMoney amount)
{
  MposReceiptAdjustment *adjustment;

  g_return_if_fail (line != NULL && line->adjustments != NULL);

  adjustment = g_new0 (MposReceiptAdjustment, 1);
  adjustment->label = g_strdup (label != NULL ? label : "");
  adjustment->amount = amount;
  g_ptr_array_add (line->adjustments, adjustment);
}

void
mpos_receipt_add_tender (MposReceipt *receipt, const char *label, MposMoney amount,
                         const char *reference)
{
  MposReceiptTender *tender;

  g_return_if_fail (receipt != NULL && receipt->tenders != NULL);

  tender = g_new0 (MposReceiptTender, 1);
  tender->label = g_strdup (label != NULL ? label : "");
  tender->amount = amount;
  tender->reference = g_strdup (reference);
  g_ptr_array_add (receipt->tenders, tender);
}

void
mpos_receipt_add_order_adjustment (MposReceipt *receipt, const char *label, MposMoney amount)
{
  MposReceiptAdjustment *adjustment;

  g_return_if_fail (receipt != NULL && receipt->order_adjustments != NULL);

  for (guint i = 0; i < receipt->order_adjustments->len; i++)
    {
      adjustment = g_ptr_array_index (receipt->order_adjustments, i);
      if (g_strcmp0 (adjustment->label, label) == 0)
        {
          adjustment->amount += amount;
          return;
        }
    }
  adjustment = g_new0 (MposReceiptAdjustment, 1);
  adjustment->label = g_strdup (label != NULL ? label : "");
  adjustment->amount = amount;
  g_ptr_array_add (receipt->order_adjustments, adjustment);
}

void
mpos_receipt_add_row (MposReceipt *receipt, const char *label, const char *value)
{
  MposReceiptRow *row;

  g_return_if_fail (receipt != NULL && receipt->rows != NULL);

  row = g_new0 (MposReceiptRow, 1);
  row->label = g_strdup (label != NULL ? label : "");
  row->value = g_strdup (value != NULL ? value : "");
  g_ptr_array_add (receipt->rows, row);
}

/* A gift card's serial as a receipt may show it (mask.h's rule). */
char *
mpos_receipt_mask_serial (const char *serial)
{
  return mpos_mask (serial, 4, 4);
}

/* ---- text primitives ---- */

#define W(page, word) mpos_receipt_word ((page)->language, MPOS_WORD_##word)

static guint
width_of (const Page *page, const char *text)
{
  return mpos_text_width_in (page->codec, text);
}

static void
append_padded (const Page *page, const char *text, guint columns, gboolean align_right)
{
  mpos_text_append_padded_in (page->codec, page->out, text, columns, align_right);
}

static void
append_spaces (GString *out, guint n)
{
  for (guint i = 0; i < n; i++)
    g_string_append_c (out, ' ');
}

/* Ends the current line without trailing blanks: they cost paper time and
 * nothing else. */
static void
end_line (Page *page)
{
  gsize len = page->out->len;

  while (len > 0 && page->out->str[len - 1] == ' ')
    len--;
  g_string_truncate (page->out, len);
  g_string_append_c (page->out, '\n');
}

static void
put_rule (Page *page, char c)
{
  for (guint i = 0; i < page->columns; i++)
    g_string_append_c (page->out, c);
  end_line (page);
}

/* One centred paragraph, wrapped as mpos_text_next_line says. */
static void
put_centred_paragraph (Page *page, const char *paragraph)
{
  g_autofree char *text = mpos_text_clean (paragraph);

  for (const char *rest = mpos_text_skip_break (text); *rest != '\0';)
    {
      gsize n = mpos_text_next_line (page->codec, rest, page->columns);
      g_autofree char *chunk = g_strndup (rest, n);

      append_spaces (page->out, (page->columns - width_of (page, chunk)) / 2);
      g_string_append (page->out, chunk);
      end_line (page);
      rest = mpos_text_skip_break (rest + n);
    }
}

/* Centred text; a '\n' in it (address, footer) starts a new centred line. */
static void
put_centred (Page *page, const char *text)
{
  g_auto (GStrv) paragraphs = NULL;

  if (text == NULL || text[0] == '\0')
    return;
  paragraphs = g_strsplit (text, "\n", -1);
  for (guint i = 0; paragraphs[i] != NULL; i++)
    put_centred_paragraph (page, paragraphs[i]);
}

/* `left` after `indent` blanks, wrapped when long, and `right` flush with the
 * right edge of its last line, or of a line of its own when both do not fit.
 * `right` is a short figure (an amount, a count) and is never wrapped. */
static void
put_left_right (Page *page, guint indent, const char *left, const char *right)
{
  g_autofree char *text = mpos_text_clean (left);
  guint room = page->columns - indent;
  guint right_width = MIN (width_of (page, right), room);
  guint gap = right_width > 0 ? 1 : 0;
  guint last_room = room >= right_width + gap ? room - right_width - gap : 0;
  const char *rest = text;

  while (width_of (page, rest) > last_room)
    {
      gsize n = mpos_text_next_line (page->codec, rest, room);

      append_spaces (page->out, indent);
      g_string_append_len (page->out, rest, (gssize) n);
      end_line (page);
      rest = mpos_text_skip_break (rest + n);
    }
  append_spaces (page->out, indent);
  append_padded (page, rest, room - right_width, FALSE);
  append_padded (page, right, right_width, TRUE);
  end_line (page);
}

static void
put_amount (Page *page, guint indent, const char *label, MposMoney amount)
{
  char buf[MPOS_MONEY_BUF];

  put_left_right (page, indent, label, mpos_money_to_buf (amount, buf));
}

/* `label` and `value` on one line when they fit, else the label alone and
 * the value wrapped under it, so that a receipt number or a payment
 * reference is never broken right after its label. */
static void
put_label_value (Page *page, guint indent, const char *label, const char *value)
{
  g_autofree char *text = g_strconcat (label, value, NULL);

  if (width_of (page, text) <= page->columns - indent)
    {
      put_left_right (page, indent, text, NULL);
      return;
    }
  put_left_right (page, indent, label, NULL);
  put_left_right (page, indent, value, NULL);
}

/* "流水号: S001-…": labels padded so the values line up. */
static void
put_field (Page *page, const char *label, const char *value)
{
  g_autoptr (GString) padded = NULL;

  if (value == NULL || value[0] == '\0')
    return;
  padded = g_string_new (label);
  g_string_append_c (padded, ' ');
  while (width_of (page, padded->str) < LABEL_COLUMNS)
    g_string_append_c (padded, ' ');
  put_label_value (page, 0, padded->str, value);
}

/* ---- sections ---- */

static const char *
kind_banner (const Page *page, MposReceiptKind kind)
{
  switch (kind)
    {
    case MPOS_RECEIPT_RETURN:
      return W (page, RETURN);
    case MPOS_RECEIPT_TOP_UP:
      return W (page, TOP_UP);
    case MPOS_RECEIPT_TOP_UP_REFUND:
      return W (page, TOP_UP_REFUND);
    case MPOS_RECEIPT_EXCHANGE:
      return W (page, EXCHANGE);
    case MPOS_RECEIPT_EXCHANGE_CANCEL:
      return W (page, EXCHANGE_CANCEL);
    case MPOS_RECEIPT_SALE:
    default:
      return NULL;
    }
}

static void
put_heading (Page *page, const MposReceipt *receipt)
{
  put_centred (page, receipt->store_name);
  put_centred (page, receipt->header);
  put_centred (page, receipt->store_address);
  if (receipt->store_phone != NULL && receipt->store_phone[0] != '\0')
    {
      g_autofree char *phone = g_strconcat (W (page, PHONE), " ", receipt->store_phone, NULL);

      put_centred (page, phone);
    }
  put_rule (page, '=');
  if (receipt->training)
    put_centred (page, W (page, TRAINING));
  if (receipt->reprint)
    put_centred (page, W (page, REPRINT));
  put_centred (page, kind_banner (page, receipt->kind));
  if (receipt->notice)
    put_centred (page, receipt->notice);
}

static void
put_info (Page *page, const MposReceipt *receipt)
{
  g_autofree char *cashier = NULL;

  if (receipt->cashier != NULL && receipt->cashier_name != NULL && receipt->cashier_name[0])
    cashier = g_strdup_printf ("%s %s", receipt->cashier, receipt->cashier_name);
  put_field (page, W (page, RECEIPT_NO), receipt->receipt_no);
  put_field (page, W (page, ORIGINAL_NO), receipt->original_receipt_no);
  put_field (page, W (page, TIME), receipt->time_local);
  put_field (page, W (page, TERMINAL), receipt->terminal);
  put_field (page, W (page, CASHIER), cashier != NULL ? cashier : receipt->cashier);
  put_field (page, W (page, MEMBER), receipt->member);
}

static Layout
layout_for (guint columns)
{
  Layout layout = { 0, 5, 8, 9 };

  if (columns < 32)
    layout = (Layout){ 0, 5, 7, 8 };
  else if (columns >= 48)
    layout = (Layout){ 0, 6, 10, 11 };
  else if (columns >= 40)
    layout = (Layout){ 0, 6, 9, 10 };
  layout.name = columns - layout.qty - layout.price - layout.amount;
  return layout;
}

static void
put_row (Page *page, const Layout *layout, const char *name, const char *qty, const char *price,
         const char *amount)
{
  append_padded (page, name, layout->name, FALSE);
  append_padded (page, qty, layout->qty, TRUE);
  append_padded (page, price, layout->price, TRUE);
  append_padded (page, amount, layout->amount, TRUE);
  end_line (page);
}

static gboolean
row_fits (const Page *page, const Layout *layout, const char *qty, const char *price,
          const char *amount)
{
  return width_of (page, qty) < layout->qty && width_of (page, price) < layout->price
         && width_of (page, amount) < layout->amount;
}

/* The name on lines of its own, wrapped as mpos_text_next_line says. */
static void
put_name (Page *page, const char *name)
{
  for (const char *rest = mpos_text_skip_break (name); *rest != '\0';)
    {
      gsize n = mpos_text_next_line (page->codec, rest, page->columns);

      g_string_append_len (page->out, rest, (gssize) n);
      end_line (page);
      rest = mpos_text_skip_break (rest + n);
    }
}

/* "0.523kg": grams as kilograms with three decimals, sign first. */
static char *
format_weight (int64_t grams)
{
  guint64 magnitude = grams < 0 ? -(guint64) grams : (guint64) grams;

  return g_strdup_printf ("%s%" G_GUINT64_FORMAT ".%03ukg", grams < 0 ? "-" : "", magnitude / 1000,
                          (guint) (magnitude % 1000));
}

/* Weighed goods: the name, then "0.523kg × 12.80/kg" and the amount. */
static void
put_weighed_item (Page *page, const char *name, const MposReceiptLine *line)
{
  char price[MPOS_MONEY_BUF], amount[MPOS_MONEY_BUF];
  g_autofree char *weight = format_weight (line->qty);
  g_autofree char *detail = NULL;

  detail = g_strdup_printf ("%s × %s/kg", weight, mpos_money_to_buf (line->unit_price, price));
  put_name (page, name);
  put_left_right (page, INDENT, detail, mpos_money_to_buf (line->gross, amount));
}

/* Pieces: one row under the item/qty/price/amount header when the name fits,
 * otherwise the name first and the figures on the next row. Figures too wide
 * for their columns fall back to "qty × price" and the amount. */
static void
put_piece_item (Page *page, const Layout *layout, const char *name, const MposReceiptLine *line)
{
  char qty[32], price[MPOS_MONEY_BUF], amount[MPOS_MONEY_BUF];
  g_autofree char *detail = NULL;

  g_snprintf (qty, sizeof qty, "%" G_GINT64_FORMAT, line->qty);
  mpos_money_to_buf (line->unit_price, price);
  mpos_money_to_buf (line->gross, amount);
  if (row_fits (page, layout, qty, price, amount))
    {
      gboolean name_fits = width_of (page, name) <= layout->name;

      if (!name_fits)
        put_name (page, name);
      put_row (page, layout, name_fits ? name : "", qty, price, amount);
      return;
    }
  put_name (page, name);
  detail = g_strdup_printf ("%s × %s", qty, price);
  put_left_right (page, INDENT, detail, amount);
}

static void
put_adjustment_list (Page *page, guint indent, const GPtrArray *adjustments)
{
  for (guint i = 0; adjustments != NULL && i < adjustments->len; i++)
    {
      const MposReceiptAdjustment *adjustment = g_ptr_array_index (adjustments, i);

      put_amount (page, indent, adjustment->label, adjustment->amount);
    }
}

static void
put_items (Page *page, const MposReceipt *receipt)
{
  Layout layout = layout_for (page->columns);

  put_rule (page, '-');
  put_row (page, &layout, W (page, ITEM), W (page, QTY), W (page, PRICE), W (page, AMOUNT));
  put_rule (page, '-');
  for (guint i = 0; i < receipt->lines->len; i++)
    {
      const MposReceiptLine *line = g_ptr_array_index (receipt->lines, i);
      g_autofree char *name = mpos_text_clean (line->name);

      if (line->weighed)
        put_weighed_item (page, name, line);
      else
        put_piece_item (page, &layout, name, line);
      if (line->note != NULL)
        put_left_right (page, INDENT, line->note, NULL);
      put_adjustment_list (page, INDENT, line->adjustments);
    }
}

/* A receipt without goods (top-up, exchange): its figures, label and value. */
static void
put_rows (Page *page, const MposReceipt *receipt)
{
  put_rule (page, '-');
  for (guint i = 0; i < receipt->rows->len; i++)
    {
      const MposReceiptRow *row = g_ptr_array_index (receipt->rows, i);

      put_left_right (page, 0, row->label, row->value);
    }
}

/* A report's tables, each laid out for this paper (receipt-table.c). */
static void
put_tables (Page *page, const MposReceipt *receipt)
{
  for (guint i = 0; i < receipt->tables->len; i++)
    mpos_receipt_table_render (g_ptr_array_index (receipt->tables, i), page->out, page->columns,
                               page->codec);
}

static gboolean
is_goods (const MposReceipt *receipt)
{
  return receipt->kind == MPOS_RECEIPT_SALE || receipt->kind == MPOS_RECEIPT_RETURN;
}

static void
put_totals (Page *page, const MposReceipt *receipt)
{
  char count[32];
  gboolean is_return = receipt->kind == MPOS_RECEIPT_RETURN;

  put_rule (page, '-');
  if (receipt->order_adjustments->len > 0 || receipt->order_notes->len > 0)
    {
      put_adjustment_list (page, 0, receipt->order_adjustments);
      for (guint i = 0; i < receipt->order_notes->len; i++)
        put_left_right (page, INDENT, g_ptr_array_index (receipt->order_notes, i), NULL);
      put_rule (page, '-');
    }
  g_snprintf (count, sizeof count, "%" G_GINT64_FORMAT, receipt->item_count);
  put_left_right (page, 0, W (page, ITEMS), count);
  if (receipt->no_refund)
    {
      /* a rejected return: the lines above are for reference; nothing is due */
      put_amount (page, 0, W (page, REFUND), 0);
      return;
    }
  put_amount (page, 0, W (page, SUBTOTAL), receipt->subtotal);
  put_amount (page, 0, W (page, DISCOUNT), receipt->discount_total);
  put_amount (page, 0, is_return ? W (page, REFUND) : W (page, TOTAL), receipt->total);
  /* Right under the total it rounds, so that tenders minus change add up. */
  if (receipt->rounding != 0)
    put_amount (page, 0, W (page, ROUNDING), receipt->rounding);
  put_amount (page, 0, W (page, TAX_INCLUDED), receipt->tax_total);
}

/* A payment reference is copied by hand when a payment is disputed: keep it
 * whole on a line of its own when it does not fit after its label. */
static void
put_reference (Page *page, const char *reference)
{
  if (reference != NULL && reference[0] != '\0')
    put_label_value (page, INDENT, W (page, REFERENCE), reference);
}

/* "扣回已用积分 (300分)  3.00" and "现金 Cash少退": a return that keeps
 * back the value of earned points already spent, and which refund gives less. */
static void
put_deduction (Page *page, const MposReceipt *receipt)
{
  char points[32];
  g_autoptr (GString) label = NULL;

  if (receipt->points_deduction == 0)
    return;
  g_snprintf (points, sizeof points, "%" G_GINT64_FORMAT, receipt->points_deducted);
  label = g_string_new (W (page, POINTS_KEPT_BACK));
  g_string_replace (label, "%s", points, 1);
  put_amount (page, 0, label->str, receipt->points_deduction);
  if (receipt->deduction_tender == NULL)
    return;
  g_string_assign (label, W (page, REFUNDS_LESS));
  g_string_replace (label, "%s", receipt->deduction_tender, 1);
  put_left_right (page, INDENT, label->str, NULL);
}

static void
put_tenders (Page *page, const MposReceipt *receipt)
{
  if ((receipt->tenders->len == 0 && !is_goods (receipt)) || receipt->no_refund)
    return;
  put_rule (page, '-');
  put_deduction (page, receipt);
  for (guint i = 0; i < receipt->tenders->len; i++)
    {
      const MposReceiptTender *tender = g_ptr_array_index (receipt->tenders, i);

      put_amount (page, 0, tender->label, tender->amount);
      put_reference (page, tender->reference);
    }
  if (is_goods (receipt))
    put_amount (page, 0, W (page, CHANGE), receipt->change);
}

/* 本次节省 ¥12.30: what the discounts saved the shopper on a sale. */
static void
put_savings (Page *page, const MposReceipt *receipt)
{
  char buf[MPOS_MONEY_BUF];
  g_autofree char *line = NULL;

  if (receipt->kind != MPOS_RECEIPT_SALE || receipt->discount_total >= 0)
    return;
  line = g_strconcat (W (page, SAVED), mpos_money_to_buf (-receipt->discount_total, buf), NULL);
  put_centred (page, line);
}

static void
put_points (Page *page, const char *label, int64_t points, gboolean signed_)
{
  char text[32];

  g_snprintf (text, sizeof text, signed_ && points > 0 ? "+%" G_GINT64_FORMAT : "%" G_GINT64_FORMAT,
              points);
  put_left_right (page, 0, label, text);
}

static void
put_pending (Page *page, const MposReceiptLoyalty *l)
{
  g_autoptr (GString) label = NULL;

  if (l->pending_from[0] == '\0')
    {
      put_points (page, W (page, POINTS_PENDING), l->points_pending, FALSE);
      return;
    }
  /* "待生效积分 (2026-12-14起可用)": the date goes where the word says. */
  label = g_string_new (W (page, USABLE_FROM));
  g_string_replace (label, "%s", l->pending_from, 1);
  g_string_prepend (label, " (");
  g_string_prepend (label, W (page, POINTS_PENDING));
  g_string_append_c (label, ')');
  put_points (page, label->str, l->points_pending, FALSE);
}

/* Points and stored value as they stood right after this sale. */
static void
put_loyalty (Page *page, const MposReceipt *receipt)
{
  const MposReceiptLoyalty *l = &receipt->loyalty;

  if (!l->has_points && !l->has_stored_value)
    return;
  put_rule (page, '-');
  if (l->has_points)
    {
      if (l->points_earned != 0)
        put_points (page, W (page, POINTS_EARNED), l->points_earned, TRUE);
      if (l->points_used != 0)
        put_points (page, W (page, POINTS_USED), l->points_used, FALSE);
      put_points (page, W (page, POINTS_USABLE), l->points_available, FALSE);
      if (l->points_pending != 0)
        put_pending (page, l);
    }
  if (l->has_stored_value)
    put_amount (page, 0, W (page, STORED_VALUE), l->stored_value);
}

static void
put_footer (Page *page, const MposReceipt *receipt)
{
  put_rule (page, '=');
  put_savings (page, receipt);
  put_centred (page, receipt->returns_policy);
  if (receipt->taxpayer_id != NULL && receipt->taxpayer_id[0] != '\0')
    put_field (page, W (page, TAXPAYER_ID), receipt->taxpayer_id);
  put_centred (page, receipt->footer);
  if (receipt->training)
    put_centred (page, W (page, TRAINING));
}

char *
mpos_receipt_render_text_for (const MposReceipt *receipt, guint columns, MposTextCodec *codec)
{
  Page page;

  g_return_val_if_fail (receipt != NULL, NULL);

  page.out = g_string_new (NULL);
  page.columns = CLAMP (columns, MIN_COLUMNS, MAX_COLUMNS);
  page.codec = codec;
  page.language = receipt->language;
  put_heading (&page, receipt);
  put_info (&page, receipt);
  if (is_goods (receipt))
    {
      put_items (&page, receipt);
      put_totals (&page, receipt);
    }
  else
    put_rows (&page, receipt);
  put_tables (&page, receipt);
  put_tenders (&page, receipt);
  put_loyalty (&page, receipt);
  put_footer (&page, receipt);
  return g_string_free (page.out, FALSE);
}

char *
mpos_receipt_render_text (const MposReceipt *receipt, guint columns)
{
  return mpos_receipt_render_text_for (receipt, columns, NULL);
}
