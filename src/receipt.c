/* receipt.c — the device-independent receipt (小票): the model composed once
 * from a sale or return, and its plain-text layout at 32/42/48 columns with
 * hanzi counted double-width, which the virtual printer and the tests read. */
#include "receipt.h"

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

MposReceipt *
mpos_receipt_new (MposReceiptKind kind)
{
  MposReceipt *receipt = g_new0 (MposReceipt, 1);

  receipt->kind = kind;
  receipt->lines = g_ptr_array_new_with_free_func (line_free);
  receipt->tenders = g_ptr_array_new_with_free_func (tender_free);
  return receipt;
}

void
mpos_receipt_free (MposReceipt *receipt)
{
  if (receipt == NULL)
    return;
  g_free (receipt->store_name);
  g_free (receipt->store_address);
  g_free (receipt->receipt_no);
  g_free (receipt->original_receipt_no);
  g_free (receipt->time_local);
  g_free (receipt->cashier);
  g_free (receipt->member);
  g_free (receipt->footer);
  g_free (receipt->notice);
  g_clear_pointer (&receipt->lines, g_ptr_array_unref);
  g_clear_pointer (&receipt->tenders, g_ptr_array_unref);
  g_free (receipt);
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

/* ---- text primitives ---- */

/* Names and labels come from the catalogue, the centre or the operator: make
 * them valid UTF-8 and turn control characters (newline, tab, ESC) into
 * spaces, so they can neither break the layout nor reach a printer as a command. */
static char *
clean_text (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  GString *out = g_string_sized_new (strlen (valid));

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      g_string_append_unichar (out, g_unichar_iscntrl (c) ? ' ' : c);
    }
  return g_string_free (out, FALSE);
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

/* Byte length of the next chunk of at most `columns`; never 0, so a caller
 * looping over chunks always advances. */
static gsize
next_chunk (const char *text, guint columns)
{
  gsize n = mpos_text_fit (text, columns);

  return n > 0 ? n : (gsize) (g_utf8_next_char (text) - text);
}

static void
put_rule (Page *page, char c)
{
  for (guint i = 0; i < page->columns; i++)
    g_string_append_c (page->out, c);
  end_line (page);
}

/* One centred paragraph, wrapped at character boundaries. */
static void
put_centred_paragraph (Page *page, const char *paragraph)
{
  g_autofree char *text = clean_text (paragraph);

  for (const char *rest = text; *rest != '\0';)
    {
      gsize n = next_chunk (rest, page->columns);
      g_autofree char *chunk = g_strndup (rest, n);

      append_spaces (page->out, (page->columns - mpos_text_width (chunk)) / 2);
      g_string_append (page->out, chunk);
      end_line (page);
      rest += n;
    }
}

/* Centred text; a '\n' in it (address, footer) starts a new centred line. */
static void
put_centred (Page *page, const char *text)
{
  g_auto (GStrv) paragraphs = NULL;

  if (text == NULL)
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
  g_autofree char *text = clean_text (left);
  guint room = page->columns - indent;
  guint right_width = MIN (mpos_text_width (right), room);
  guint gap = right_width > 0 ? 1 : 0;
  guint last_room = room >= right_width + gap ? room - right_width - gap : 0;
  const char *rest = text;

  while (mpos_text_width (rest) > last_room)
    {
      gsize n = next_chunk (rest, room);

      append_spaces (page->out, indent);
      g_string_append_len (page->out, rest, (gssize) n);
      end_line (page);
      rest += n;
    }
  append_spaces (page->out, indent);
  mpos_text_append_padded (page->out, rest, room - right_width, FALSE);
  mpos_text_append_padded (page->out, right, right_width, TRUE);
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

  if (mpos_text_width (text) <= page->columns - indent)
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

  if (value == NULL)
    return;
  padded = g_string_new (NULL);
  mpos_text_append_padded (padded, label, LABEL_COLUMNS, FALSE);
  put_label_value (page, 0, padded->str, value);
}

/* ---- sections ---- */

static void
put_heading (Page *page, const MposReceipt *receipt)
{
  put_centred (page, receipt->store_name);
  put_centred (page, receipt->store_address);
  put_rule (page, '=');
  if (receipt->reprint)
    put_centred (page, "*** 重印 REPRINT ***");
  if (receipt->kind == MPOS_RECEIPT_RETURN)
    put_centred (page, "*** 退货 RETURN ***");
  if (receipt->notice)
    put_centred (page, receipt->notice);
}

static void
put_info (Page *page, const MposReceipt *receipt)
{
  put_field (page, "流水号:", receipt->receipt_no);
  put_field (page, "原单号:", receipt->original_receipt_no);
  put_field (page, "时间:", receipt->time_local);
  put_field (page, "收银员:", receipt->cashier);
  put_field (page, "会员:", receipt->member);
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
  mpos_text_append_padded (page->out, name, layout->name, FALSE);
  mpos_text_append_padded (page->out, qty, layout->qty, TRUE);
  mpos_text_append_padded (page->out, price, layout->price, TRUE);
  mpos_text_append_padded (page->out, amount, layout->amount, TRUE);
  end_line (page);
}

static gboolean
row_fits (const Layout *layout, const char *qty, const char *price, const char *amount)
{
  return mpos_text_width (qty) < layout->qty && mpos_text_width (price) < layout->price
         && mpos_text_width (amount) < layout->amount;
}

/* The name on lines of its own, wrapped at character boundaries. */
static void
put_name (Page *page, const char *name)
{
  for (const char *rest = name; *rest != '\0';)
    {
      gsize n = next_chunk (rest, page->columns);

      g_string_append_len (page->out, rest, (gssize) n);
      end_line (page);
      rest += n;
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

/* Pieces: one row under the 商品/数量/单价/金额 header when the name fits,
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
  if (row_fits (layout, qty, price, amount))
    {
      gboolean name_fits = mpos_text_width (name) <= layout->name;

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
put_adjustments (Page *page, const MposReceiptLine *line)
{
  if (line->adjustments == NULL)
    return;
  for (guint i = 0; i < line->adjustments->len; i++)
    {
      const MposReceiptAdjustment *adjustment = g_ptr_array_index (line->adjustments, i);

      put_amount (page, INDENT, adjustment->label, adjustment->amount);
    }
}

static void
put_items (Page *page, const MposReceipt *receipt)
{
  Layout layout = layout_for (page->columns);

  put_rule (page, '-');
  put_row (page, &layout, "商品", "数量", "单价", "金额");
  put_rule (page, '-');
  for (guint i = 0; receipt->lines != NULL && i < receipt->lines->len; i++)
    {
      const MposReceiptLine *line = g_ptr_array_index (receipt->lines, i);
      g_autofree char *name = clean_text (line->name);

      if (line->weighed)
        put_weighed_item (page, name, line);
      else
        put_piece_item (page, &layout, name, line);
      put_adjustments (page, line);
    }
}

static void
put_totals (Page *page, const MposReceipt *receipt)
{
  char count[32];
  gboolean is_return = receipt->kind == MPOS_RECEIPT_RETURN;

  g_snprintf (count, sizeof count, "%" G_GINT64_FORMAT, receipt->item_count);
  put_rule (page, '-');
  put_left_right (page, 0, "件数 Items", count);
  put_amount (page, 0, "合计 Subtotal", receipt->subtotal);
  put_amount (page, 0, "优惠 Discount", receipt->discount_total);
  put_amount (page, 0, is_return ? "应退 Refund" : "应付 Total", receipt->total);
  /* Right under the total it rounds, so that tenders minus change add up. */
  if (receipt->rounding != 0)
    put_amount (page, 0, "抹零 Rounding", receipt->rounding);
  put_amount (page, 0, "含税 Tax incl.", receipt->tax_total);
}

/* A payment reference is copied by hand when a payment is disputed: keep it
 * whole on a line of its own when it does not fit after its label. */
static void
put_reference (Page *page, const char *reference)
{
  if (reference != NULL && reference[0] != '\0')
    put_label_value (page, INDENT, "参考号: ", reference);
}

static void
put_tenders (Page *page, const MposReceipt *receipt)
{
  put_rule (page, '-');
  for (guint i = 0; receipt->tenders != NULL && i < receipt->tenders->len; i++)
    {
      const MposReceiptTender *tender = g_ptr_array_index (receipt->tenders, i);

      put_amount (page, 0, tender->label, tender->amount);
      put_reference (page, tender->reference);
    }
  put_amount (page, 0, "找零 Change", receipt->change);
}

static void
put_points (Page *page, const char *label, int64_t points, gboolean signed_)
{
  char text[32];

  g_snprintf (text, sizeof text, signed_ && points > 0 ? "+%" G_GINT64_FORMAT : "%" G_GINT64_FORMAT,
              points);
  put_left_right (page, 0, label, text);
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
        put_points (page, "本单积分 Points earned", l->points_earned, TRUE);
      if (l->points_used != 0)
        put_points (page, "积分抵扣 Points used", l->points_used, FALSE);
      put_points (page, "可用积分 Points", l->points_available, FALSE);
      if (l->points_pending != 0)
        put_points (page, "待确认积分 Pending", l->points_pending, FALSE);
    }
  if (l->has_stored_value)
    put_amount (page, 0, "储值余额 Stored value", l->stored_value);
}

static void
put_footer (Page *page, const MposReceipt *receipt)
{
  put_rule (page, '=');
  put_centred (page, receipt->footer);
}

char *
mpos_receipt_render_text (const MposReceipt *receipt, guint columns)
{
  Page page;

  g_return_val_if_fail (receipt != NULL, NULL);

  page.out = g_string_new (NULL);
  page.columns = CLAMP (columns, MIN_COLUMNS, MAX_COLUMNS);
  put_heading (&page, receipt);
  put_info (&page, receipt);
  put_items (&page, receipt);
  put_totals (&page, receipt);
  put_tenders (&page, receipt);
  put_loyalty (&page, receipt);
  put_footer (&page, receipt);
  return g_string_free (page.out, FALSE);
}
