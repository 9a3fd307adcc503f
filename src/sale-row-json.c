/* sale-row-json.c — a sale's lines and tenders as JSON (sale-row-json.h). */
#include "sale-row-json.h"
#include "json-out.h"

void
mpos_sale_tender_json (GString *out, int seq, const MposTender *tender, int original_seq)
{
  g_string_append_c (out, '[');
  mpos_json_out_int (out, seq);
  g_string_append_c (out, ',');
  mpos_json_out_string (out, mpos_tender_type_name (tender->type));
  g_string_append_c (out, ',');
  mpos_json_out_int (out, tender->amount);
  g_string_append_c (out, ',');
  mpos_json_out_optional_string (out, tender->reference);
  g_string_append_c (out, ',');
  mpos_json_out_optional_string (out, tender->provider);
  g_string_append_c (out, ',');
  mpos_json_out_int_or_null (out, original_seq);
  g_string_append_c (out, ']');
}

char *
mpos_sale_tenders_json (const GPtrArray *tenders)
{
  GString *out;

  if (tenders == NULL || tenders->len == 0)
    return NULL;
  out = g_string_sized_new (64 * tenders->len);
  g_string_append_c (out, '[');
  for (guint i = 0; i < tenders->len; i++)
    {
      const MposSaleTender *t = g_ptr_array_index (tenders, i);

      if (i > 0)
        g_string_append_c (out, ',');
      mpos_sale_tender_json (out, t->seq, t->tender, t->original_seq);
    }
  g_string_append_c (out, ']');
  return g_string_free (out, FALSE);
}

/* [[kind, source, label, amount], …] in order; null when there are none. */
static void
adjustments_json (GString *out, const GPtrArray *adjustments)
{
  if (adjustments == NULL || adjustments->len == 0)
    {
      g_string_append_len (out, "null", 4);
      return;
    }
  g_string_append_c (out, '[');
  for (guint k = 0; k < adjustments->len; k++)
    {
      const MposSaleAdjustment *adj = g_ptr_array_index (adjustments, k);

      g_string_append (out, k ? ",[" : "[");
      mpos_json_out_string (out, adj->kind);
      g_string_append_c (out, ',');
      mpos_json_out_optional_string (out, adj->source);
      g_string_append_c (out, ',');
      mpos_json_out_string (out, adj->label);
      g_string_append_c (out, ',');
      mpos_json_out_int (out, adj->amount);
      g_string_append_c (out, ']');
    }
  g_string_append_c (out, ']');
}

/* [points_burnt, points_value, sv_principal, sv_bonus, points_earned] or null. */
static void
loyalty_json (GString *out, const MposSaleLine *line)
{
  const int64_t shares[] = { line->loyalty.points_burnt, line->loyalty.points_value,
                             line->loyalty.sv_principal, line->loyalty.sv_bonus,
                             line->loyalty.points_earned };

  if (!line->has_loyalty)
    {
      g_string_append_len (out, "null", 4);
      return;
    }
  for (guint k = 0; k < G_N_ELEMENTS (shares); k++)
    {
      g_string_append_c (out, k ? ',' : '[');
      mpos_json_out_int (out, shares[k]);
    }
  g_string_append_c (out, ']');
}

static void
line_json (GString *out, const MposSaleLine *line)
{
  const int64_t amounts[] = { line->weighed ? 1 : 0, line->qty, line->unit_price, line->gross,
                              line->net, line->tax, line->tax_rate_bp };

  g_string_append_c (out, '[');
  mpos_json_out_int (out, line->line_no);
  g_string_append_c (out, ',');
  mpos_json_out_int (out, line->sku_id);
  g_string_append_c (out, ',');
  mpos_json_out_string (out, line->code);
  g_string_append_c (out, ',');
  mpos_json_out_string (out, line->name);
  for (guint k = 0; k < G_N_ELEMENTS (amounts); k++)
    {
      g_string_append_c (out, ',');
      mpos_json_out_int (out, amounts[k]);
    }
  g_string_append_c (out, ',');
  mpos_json_out_int_or_null (out, line->original_line_no);
  g_string_append_c (out, ',');
  adjustments_json (out, line->adjustments);
  g_string_append_c (out, ',');
  loyalty_json (out, line);
  g_string_append_c (out, ']');
}

char *
mpos_sale_lines_json (const GPtrArray *lines)
{
  GString *out = g_string_sized_new (256 * (lines->len + 1));

  g_string_append_c (out, '[');
  for (guint i = 0; i < lines->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      line_json (out, g_ptr_array_index (lines, i));
    }
  g_string_append_c (out, ']');
  return g_string_free (out, FALSE);
}
