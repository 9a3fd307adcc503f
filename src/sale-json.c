/* sale-json.c — a sale's document written field by field (sale-json.h).
 * It replaced a cJSON tree built, printed and freed for every sale the
 * sync client sends: a third of the client's CPU in the push benchmark
 * (tests/bench/bench-sync-push.sh). */
#include "sale-json.h"
#include "json-out.h"
#include "money.h"
#include "tender.h"

void
mpos_sale_json_key (GString *out, const char *name)
{
  /* No comma before an object's first field. */
  if (out->len == 0 || out->str[out->len - 1] != '{')
    g_string_append_c (out, ',');
  g_string_append_c (out, '"');
  g_string_append (out, name);
  g_string_append_len (out, "\":", 2);
}

static void
text_field (GString *out, const char *name, const char *value)
{
  if (value == NULL)
    return;
  mpos_sale_json_key (out, name);
  mpos_json_out_string (out, value);
}

static void
int_field (GString *out, const char *name, int64_t value)
{
  mpos_sale_json_key (out, name);
  mpos_json_out_int (out, value);
}

static void
money_field (GString *out, const char *name, MposMoney amount)
{
  char buf[MPOS_MONEY_BUF];

  mpos_sale_json_key (out, name);
  mpos_json_out_string (out, mpos_money_to_buf (amount, buf));
}

typedef void (*ItemJson) (GString *out, gconstpointer item);

/* `"name":[…]`, each item written by `write`. */
static void
list_field (GString *out, const char *name, const GPtrArray *items, ItemJson write)
{
  mpos_sale_json_key (out, name);
  g_string_append_c (out, '[');
  for (guint i = 0; i < items->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      write (out, g_ptr_array_index (items, i));
    }
  g_string_append_c (out, ']');
}

static void
adjustment_json (GString *out, gconstpointer item)
{
  const MposSaleAdjustment *adj = item;

  g_string_append_c (out, '{');
  text_field (out, "kind", adj->kind);
  text_field (out, "source", adj->source);
  text_field (out, "label", adj->label);
  money_field (out, "amount", adj->amount);
  g_string_append_c (out, '}');
}

static void
line_json (GString *out, gconstpointer item)
{
  const MposSaleLine *line = item;

  g_string_append_c (out, '{');
  list_field (out, "adjustments", line->adjustments, adjustment_json);
  int_field (out, "line_no", line->line_no);
  text_field (out, "code", line->code);
  text_field (out, "name", line->name);
  mpos_sale_json_key (out, "weighed");
  g_string_append (out, line->weighed ? "true" : "false");
  int_field (out, "qty", line->qty);
  money_field (out, "unit_price", line->unit_price);
  money_field (out, "gross", line->gross);
  money_field (out, "net", line->net);
  money_field (out, "tax", line->tax);
  int_field (out, "tax_rate_bp", line->tax_rate_bp);
  if (line->original_line_no)
    int_field (out, "original_line_no", line->original_line_no);
  g_string_append_c (out, '}');
}

static void
tender_json (GString *out, gconstpointer item)
{
  const MposSaleTender *t = item;

  g_string_append_c (out, '{');
  text_field (out, "type", mpos_tender_type_name (t->tender->type));
  money_field (out, "amount", t->tender->amount);
  text_field (out, "reference", t->tender->reference);
  text_field (out, "provider", t->tender->provider);
  if (t->original_seq)
    int_field (out, "original_seq", t->original_seq);
  g_string_append_c (out, '}');
}

static void
header_json (GString *out, const MposSaleRecord *r)
{
  g_string_append_c (out, '{');
  text_field (out, "id", r->id);
  text_field (out, "receipt_no", r->receipt_no);
  text_field (out, "kind", r->kind);
  text_field (out, "status", r->status);
  text_field (out, "original_receipt_no", r->original_receipt_no);
  text_field (out, "business_day", r->business_day);
  int_field (out, "created_at", r->created_at);
  text_field (out, "cashier", r->cashier);
  text_field (out, "approved_by", r->approved_by);
  text_field (out, "member_level", r->member_level);
  if (r->member_id)
    int_field (out, "member_id", r->member_id);
  text_field (out, "reason", r->reason);
  int_field (out, "item_count", r->item_count);
  money_field (out, "subtotal", r->subtotal);
  money_field (out, "discount_total", r->discount_total);
  money_field (out, "total", r->total);
  money_field (out, "tax_total", r->tax_total);
  money_field (out, "rounding", r->rounding);
  money_field (out, "tendered", r->tendered);
  money_field (out, "change", r->change);
  if (r->points_deduction != 0)
    money_field (out, "points_deduction", r->points_deduction);
}

void
mpos_sale_json_open (GString *out, const MposSaleRecord *record)
{
  header_json (out, record);
  list_field (out, "lines", record->lines, line_json);
  list_field (out, "tenders", record->tenders, tender_json);
}

cJSON *
mpos_sale_record_to_json (const MposSaleRecord *r)
{
  g_autoptr (GString) out = g_string_sized_new (1024);

  mpos_sale_json_open (out, r);
  g_string_append_c (out, '}');
  return cJSON_ParseWithLength (out->str, out->len);
}
