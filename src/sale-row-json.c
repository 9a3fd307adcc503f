/* sale-row-json.c — a sale's lines and tenders as JSON (sale-row-json.h),
 * written and read slot by slot as sale-line-slots.h names them. */
#include "sale-row-json.h"
#include "fail.h"
#include "json-out.h"
#include "json-fields.h"
#include "sale-line-slots.h"

#include <string.h>

static void
tender_slot_json (GString *out, MposTenderSlot slot, int seq, const MposTender *tender,
                  int original_seq)
{
  switch (slot)
    {
    case MPOS_TENDER_SLOT_SEQ: mpos_json_out_int (out, seq); break;
    case MPOS_TENDER_SLOT_TYPE:
      mpos_json_out_string (out, mpos_tender_type_name (tender->type));
      break;
    case MPOS_TENDER_SLOT_AMOUNT: mpos_json_out_int (out, tender->amount); break;
    case MPOS_TENDER_SLOT_REFERENCE: mpos_json_out_optional_string (out, tender->reference); break;
    case MPOS_TENDER_SLOT_PROVIDER: mpos_json_out_optional_string (out, tender->provider); break;
    case MPOS_TENDER_SLOT_ORIGINAL_SEQ: mpos_json_out_int_or_null (out, original_seq); break;
    case MPOS_TENDER_SLOTS: break;
    }
}

void
mpos_sale_tender_json (GString *out, int seq, const MposTender *tender, int original_seq)
{
  for (int slot = 0; slot < MPOS_TENDER_SLOTS; slot++)
    {
      g_string_append_c (out, slot ? ',' : '[');
      tender_slot_json (out, slot, seq, tender, original_seq);
    }
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

static void
adjustment_json (GString *out, const MposSaleAdjustment *adj)
{
  for (int slot = 0; slot < MPOS_ADJUSTMENT_SLOTS; slot++)
    {
      g_string_append_c (out, slot ? ',' : '[');
      switch ((MposAdjustmentSlot) slot)
        {
        case MPOS_ADJUSTMENT_SLOT_KIND: mpos_json_out_string (out, adj->kind); break;
        case MPOS_ADJUSTMENT_SLOT_SOURCE: mpos_json_out_optional_string (out, adj->source); break;
        case MPOS_ADJUSTMENT_SLOT_LABEL: mpos_json_out_string (out, adj->label); break;
        case MPOS_ADJUSTMENT_SLOT_AMOUNT: mpos_json_out_int (out, adj->amount); break;
        case MPOS_ADJUSTMENT_SLOTS: break;
        }
    }
  g_string_append_c (out, ']');
}

/* The adjustments in order; null when there are none. */
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
      if (k > 0)
        g_string_append_c (out, ',');
      adjustment_json (out, g_ptr_array_index (adjustments, k));
    }
  g_string_append_c (out, ']');
}

/* Where each loyalty share of a line is kept, by slot. */
static int64_t *
loyalty_share (MposLineLoyalty *loyalty, MposLoyaltySlot slot)
{
  switch (slot)
    {
    case MPOS_LOYALTY_SLOT_POINTS_BURNT: return &loyalty->points_burnt;
    case MPOS_LOYALTY_SLOT_POINTS_VALUE: return &loyalty->points_value;
    case MPOS_LOYALTY_SLOT_SV_PRINCIPAL: return &loyalty->sv_principal;
    case MPOS_LOYALTY_SLOT_SV_BONUS: return &loyalty->sv_bonus;
    case MPOS_LOYALTY_SLOT_POINTS_EARNED: return &loyalty->points_earned;
    case MPOS_LOYALTY_SLOTS: break;
    }
  return NULL;
}

static void
loyalty_json (GString *out, const MposSaleLine *line)
{
  MposLineLoyalty shares = line->loyalty;

  if (!line->has_loyalty)
    {
      g_string_append_len (out, "null", 4);
      return;
    }
  for (int slot = 0; slot < MPOS_LOYALTY_SLOTS; slot++)
    {
      g_string_append_c (out, slot ? ',' : '[');
      mpos_json_out_int (out, *loyalty_share (&shares, slot));
    }
  g_string_append_c (out, ']');
}

static void
line_slot_json (GString *out, MposLineSlot slot, const MposSaleLine *line)
{
  switch (slot)
    {
    case MPOS_LINE_SLOT_LINE_NO: mpos_json_out_int (out, line->line_no); break;
    case MPOS_LINE_SLOT_SKU_ID: mpos_json_out_int (out, line->sku_id); break;
    case MPOS_LINE_SLOT_CODE: mpos_json_out_string (out, line->code); break;
    case MPOS_LINE_SLOT_NAME: mpos_json_out_string (out, line->name); break;
    case MPOS_LINE_SLOT_WEIGHED: mpos_json_out_int (out, line->weighed ? 1 : 0); break;
    case MPOS_LINE_SLOT_QTY: mpos_json_out_int (out, line->qty); break;
    case MPOS_LINE_SLOT_UNIT_PRICE: mpos_json_out_int (out, line->unit_price); break;
    case MPOS_LINE_SLOT_GROSS: mpos_json_out_int (out, line->gross); break;
    case MPOS_LINE_SLOT_NET: mpos_json_out_int (out, line->net); break;
    case MPOS_LINE_SLOT_TAX: mpos_json_out_int (out, line->tax); break;
    case MPOS_LINE_SLOT_TAX_RATE_BP: mpos_json_out_int (out, line->tax_rate_bp); break;
    case MPOS_LINE_SLOT_ORIGINAL_LINE_NO:
      mpos_json_out_int_or_null (out, line->original_line_no);
      break;
    case MPOS_LINE_SLOT_ADJUSTMENTS: adjustments_json (out, line->adjustments); break;
    case MPOS_LINE_SLOT_LOYALTY: loyalty_json (out, line); break;
    case MPOS_LINE_SLOTS: break;
    }
}

static void
line_json (GString *out, const MposSaleLine *line)
{
  for (int slot = 0; slot < MPOS_LINE_SLOTS; slot++)
    {
      g_string_append_c (out, slot ? ',' : '[');
      line_slot_json (out, slot, line);
    }
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

/* ---- reading them back ---------------------------------------------------------- */

/* Both documents are parsed in C (cJSON) and walked in document order, a
 * parent before its children, each node with a number of its own, its
 * parent's and its index in the parent array. The lines' json_tree pass in
 * SQL cost ~3,500 instructions a node, 10× this, and the sync client reads
 * every sale back this way. Numbers are integers of at most 2^53 (money in
 * fen, quantities, ids): cJSON holds them as doubles, exactly in that range;
 * anything else makes the document damaged, never rounded. */
static MposSql SQL_LINES_TEXT
    = MPOS_SQL ("sale-row-json: lines text", "SELECT lines FROM sales WHERE id = :id");
static MposSql SQL_TENDERS_TEXT
    = MPOS_SQL ("sale-row-json: tenders text", "SELECT tenders FROM sales WHERE id = :id");

#define EXACT_LIMIT 9007199254740992.0 /* 2^53 */

/* One node: its number, its parent's (-1 for the root) and its index in the
 * parent array; *damaged is set by a value that is not what the slot holds. */
typedef struct
{
  int64_t id, parent, key;
  const cJSON *item;
  gboolean *damaged;
} Node;

static gboolean
is_array (const Node *n)
{
  return cJSON_IsArray (n->item);
}

static int64_t
int_value (const Node *n)
{
  double v = n->item->valuedouble;

  if (cJSON_IsNull (n->item))
    return 0;
  if (!cJSON_IsNumber (n->item) || v != (double) (int64_t) v || v > EXACT_LIMIT
      || v < -EXACT_LIMIT)
    {
      *n->damaged = TRUE;
      return 0;
    }
  return (int64_t) v;
}

static char *
text_value (const Node *n)
{
  if (cJSON_IsString (n->item))
    return g_strdup (n->item->valuestring);
  if (!cJSON_IsNull (n->item))
    *n->damaged = TRUE;
  return NULL;
}

typedef void (*NodeVisit) (const Node *node, gpointer data);

static void
walk_nodes (const cJSON *item, int64_t parent, int64_t key, int64_t *next_id, gboolean *damaged,
            NodeVisit visit, gpointer data)
{
  Node node = { (*next_id)++, parent, key, item, damaged };
  int64_t index = 0;

  visit (&node, data);
  if (cJSON_IsArray (item) || cJSON_IsObject (item))
    for (const cJSON *child = item->child; child != NULL; child = child->next)
      walk_nodes (child, node.id, index++, next_id, damaged, visit, data);
}

/* The document's text, or NULL (none written yet, or no such sale). */
static gboolean
read_text (MposStore *store, MposSql *sql, const char *sale_id, char **text, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, sql, error);

  *text = NULL;
  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":id", sale_id);
  return mpos_store_read_text (store, stmt, text, "reading a sale", error);
}

static gboolean
read_tree (MposStore *store, MposSql *sql, const char *sale_id, NodeVisit visit, gpointer data,
           GError **error)
{
  g_autofree char *text = NULL;
  g_autoptr (cJSON) json = NULL;
  gboolean damaged = FALSE;
  int64_t next_id = 0;

  if (!read_text (store, sql, sale_id, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;
  if ((json = cJSON_ParseWithLength (text, strlen (text))) == NULL
      || !(cJSON_IsArray (json) || cJSON_IsObject (json)))
    return mpos_fail (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_CORRUPT,
                      "sale %s: its stored lines or payments are not readable JSON: the store "
                      "was damaged; restore it from a backup and tell IT",
                      sale_id);
  walk_nodes (json, -1, 0, &next_id, &damaged, visit, data);
  if (damaged)
    return mpos_fail (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_CORRUPT,
                      "sale %s: a stored line or payment holds a value of the wrong kind: the "
                      "store was damaged; restore it from a backup and tell IT",
                      sale_id);
  return TRUE;
}

/* Lines: root → line arrays → slots; the adjustments slot → adjustment
 * arrays → slots; the loyalty slot → shares. Node ids of the containers being
 * filled, -1 while there is none (the root's parent is -1 too, but the root
 * comes first). */
typedef struct
{
  GPtrArray *lines;
  int64_t root, line, adjustments, adjustment, loyalty;
  MposSaleLine *current;
  MposSaleAdjustment *step;
} LinesWalk;

static void
set_line_field (LinesWalk *w, const Node *n)
{
  MposSaleLine *l = w->current;

  switch ((MposLineSlot) n->key)
    {
    case MPOS_LINE_SLOT_LINE_NO: l->line_no = (int) int_value (n); break;
    case MPOS_LINE_SLOT_SKU_ID: l->sku_id = int_value (n); break;
    case MPOS_LINE_SLOT_CODE: l->code = text_value (n); break;
    case MPOS_LINE_SLOT_NAME: l->name = text_value (n); break;
    case MPOS_LINE_SLOT_WEIGHED: l->weighed = int_value (n) != 0; break;
    case MPOS_LINE_SLOT_QTY: l->qty = int_value (n); break;
    case MPOS_LINE_SLOT_UNIT_PRICE: l->unit_price = int_value (n); break;
    case MPOS_LINE_SLOT_GROSS: l->gross = int_value (n); break;
    case MPOS_LINE_SLOT_NET: l->net = int_value (n); break;
    case MPOS_LINE_SLOT_TAX: l->tax = int_value (n); break;
    case MPOS_LINE_SLOT_TAX_RATE_BP: l->tax_rate_bp = (int) int_value (n); break;
    case MPOS_LINE_SLOT_ORIGINAL_LINE_NO: l->original_line_no = (int) int_value (n); break;
    case MPOS_LINE_SLOT_ADJUSTMENTS: w->adjustments = is_array (n) ? n->id : -1; break;
    case MPOS_LINE_SLOT_LOYALTY:
      l->has_loyalty = is_array (n);
      w->loyalty = l->has_loyalty ? n->id : -1;
      break;
    default: break; /* a slot a newer MallPOS added */
    }
}

static void
set_step_field (MposSaleAdjustment *step, const Node *n)
{
  switch ((MposAdjustmentSlot) n->key)
    {
    case MPOS_ADJUSTMENT_SLOT_KIND: step->kind = text_value (n); break;
    case MPOS_ADJUSTMENT_SLOT_SOURCE: step->source = text_value (n); break;
    case MPOS_ADJUSTMENT_SLOT_LABEL: step->label = text_value (n); break;
    case MPOS_ADJUSTMENT_SLOT_AMOUNT: step->amount = int_value (n); break;
    default: break;
    }
}

static void
set_share (MposLineLoyalty *shares, const Node *n)
{
  int64_t *share = n->key >= 0 && n->key < MPOS_LOYALTY_SLOTS
                       ? loyalty_share (shares, (MposLoyaltySlot) n->key)
                       : NULL;

  if (share != NULL)
    *share = int_value (n);
}

static void
visit_line_node (const Node *n, gpointer data)
{
  LinesWalk *w = data;

  if (n->parent == -1)
    w->root = n->id;
  else if (n->parent == w->root)
    {
      w->current = mpos_sale_line_new ();
      g_ptr_array_add (w->lines, w->current);
      w->line = n->id;
      w->adjustments = w->loyalty = -1;
    }
  else if (n->parent == w->line)
    set_line_field (w, n);
  else if (n->parent == w->adjustments)
    {
      w->step = g_new0 (MposSaleAdjustment, 1);
      w->step->seq = (int) n->key + 1;
      g_ptr_array_add (w->current->adjustments, w->step);
      w->adjustment = n->id;
    }
  else if (n->parent == w->adjustment)
    set_step_field (w->step, n);
  else if (n->parent == w->loyalty)
    set_share (&w->current->loyalty, n);
}

gboolean
mpos_sale_read_lines (MposStore *store, const char *sale_id, GPtrArray *lines, GError **error)
{
  LinesWalk w = { lines, -1, -1, -1, -1, -1, NULL, NULL };

  return read_tree (store, &SQL_LINES_TEXT, sale_id, visit_line_node, &w, error);
}

/* Tenders: root → tender arrays → fields, each tender filled in place. */
typedef struct
{
  GPtrArray *tenders;
  int64_t root, tender;
  MposSaleTender *current;
  char *unknown_type; /* the first type this program does not know, or NULL */
} TendersWalk;

static void
set_tender_type (TendersWalk *w, const Node *n)
{
  const char *name = cJSON_IsString (n->item) ? n->item->valuestring : NULL;

  if (!mpos_tender_type_from_name (name, &w->current->tender->type) && w->unknown_type == NULL)
    w->unknown_type = g_strdup (name ? name : "(none)");
}

static void
set_tender_field (TendersWalk *w, const Node *n)
{
  MposSaleTender *t = w->current;

  switch ((MposTenderSlot) n->key)
    {
    case MPOS_TENDER_SLOT_SEQ: t->seq = (int) int_value (n); break;
    case MPOS_TENDER_SLOT_TYPE: set_tender_type (w, n); break;
    case MPOS_TENDER_SLOT_AMOUNT: t->tender->amount = int_value (n); break;
    case MPOS_TENDER_SLOT_REFERENCE: t->tender->reference = text_value (n); break;
    case MPOS_TENDER_SLOT_PROVIDER: t->tender->provider = text_value (n); break;
    case MPOS_TENDER_SLOT_ORIGINAL_SEQ: t->original_seq = (int) int_value (n); break;
    default: break;
    }
}

static void
visit_tender_node (const Node *n, gpointer data)
{
  TendersWalk *w = data;

  if (n->parent == -1)
    w->root = n->id;
  else if (n->parent == w->root)
    {
      w->current = g_new0 (MposSaleTender, 1);
      w->current->tender = mpos_tender_new (MPOS_TENDER_OTHER, 0, NULL, NULL);
      g_ptr_array_add (w->tenders, w->current);
      w->tender = n->id;
    }
  else if (n->parent == w->tender)
    set_tender_field (w, n);
}

/* A tender type this program does not know is refused, never read as
 * "other": the sale's money would be shown and refunded as something else. */
gboolean
mpos_sale_read_tenders (MposStore *store, const char *sale_id, GPtrArray *tenders, GError **error)
{
  TendersWalk w = { tenders, -1, -1, NULL, NULL };
  g_autofree char *unknown = NULL;
  gboolean ok = read_tree (store, &SQL_TENDERS_TEXT, sale_id, visit_tender_node, &w, error);

  unknown = w.unknown_type;
  if (ok && unknown != NULL)
    return mpos_fail (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_CORRUPT,
                      "sale %s has a payment of type “%s”, which this program does not know: "
                      "the store was damaged or written by a newer MallPOS",
                      sale_id, unknown);
  return ok;
}
