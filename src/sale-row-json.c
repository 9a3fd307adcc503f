/* sale-row-json.c — a sale's lines and tenders as JSON (sale-row-json.h),
 * written and read slot by slot as sale-line-slots.h names them. */
#include "sale-row-json.h"
#include "fail.h"
#include "json-out.h"
#include "sale-line-slots.h"

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

/* Both documents are read with one json_tree pass each: SQLite parses the
 * text once and hands every value over typed (integers exact, as int64),
 * each with its parent's node id, in document order: ORDER BY the node id
 * says so (a parent before its children) instead of trusting json_tree's
 * walk; a sale's few hundred nodes sort in microseconds. */
static MposSql SQL_LINES_TREE
    = MPOS_SQL ("sale-row-json: lines tree",
                "SELECT t.id, t.parent, t.key, t.atom, t.type FROM sales s, json_tree (s.lines) t "
                "WHERE s.id = :id ORDER BY t.id");
static MposSql SQL_TENDERS_TREE = MPOS_SQL (
    "sale-row-json: tenders tree",
    "SELECT t.id, t.parent, t.key, t.atom, t.type FROM sales s, json_tree (s.tenders) t "
    "WHERE s.id = :id ORDER BY t.id");

enum
{
  COL_ID,
  COL_PARENT,
  COL_KEY,
  COL_ATOM,
  COL_TYPE,
};

/* One json_tree row: its node id, its parent's (-1 for the root) and its
 * index in the parent array; the value stays in the row (COL_ATOM). */
typedef struct
{
  int64_t id, parent, key;
  sqlite3_stmt *row;
} Node;

static gboolean
is_array (const Node *n)
{
  return g_strcmp0 ((const char *) sqlite3_column_text (n->row, COL_TYPE), "array") == 0;
}

static int64_t
int_value (const Node *n)
{
  return sqlite3_column_int64 (n->row, COL_ATOM);
}

static char *
text_value (const Node *n)
{
  return mpos_column_text (n->row, COL_ATOM);
}

static gboolean
read_tree (MposStore *store, MposSql *sql, const char *sale_id,
           void (*visit) (const Node *node, gpointer data), gpointer data, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":id", sale_id);
  while ((rc = mpos_store_step (stmt)) == SQLITE_ROW)
    {
      Node node = { sqlite3_column_int64 (stmt, COL_ID),
                    sqlite3_column_type (stmt, COL_PARENT) == SQLITE_NULL
                        ? -1
                        : sqlite3_column_int64 (stmt, COL_PARENT),
                    sqlite3_column_int64 (stmt, COL_KEY), stmt };
      visit (&node, data);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return mpos_store_fail (store, rc, "reading a sale", error);
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
  int64_t v = int_value (n);

  switch ((MposLineSlot) n->key)
    {
    case MPOS_LINE_SLOT_LINE_NO: l->line_no = (int) v; break;
    case MPOS_LINE_SLOT_SKU_ID: l->sku_id = v; break;
    case MPOS_LINE_SLOT_CODE: l->code = text_value (n); break;
    case MPOS_LINE_SLOT_NAME: l->name = text_value (n); break;
    case MPOS_LINE_SLOT_WEIGHED: l->weighed = v != 0; break;
    case MPOS_LINE_SLOT_QTY: l->qty = v; break;
    case MPOS_LINE_SLOT_UNIT_PRICE: l->unit_price = v; break;
    case MPOS_LINE_SLOT_GROSS: l->gross = v; break;
    case MPOS_LINE_SLOT_NET: l->net = v; break;
    case MPOS_LINE_SLOT_TAX: l->tax = v; break;
    case MPOS_LINE_SLOT_TAX_RATE_BP: l->tax_rate_bp = (int) v; break;
    case MPOS_LINE_SLOT_ORIGINAL_LINE_NO: l->original_line_no = (int) v; break;
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

  return read_tree (store, &SQL_LINES_TREE, sale_id, visit_line_node, &w, error);
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
  const char *name = (const char *) sqlite3_column_text (n->row, COL_ATOM);

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
  gboolean ok = read_tree (store, &SQL_TENDERS_TREE, sale_id, visit_tender_node, &w, error);

  unknown = w.unknown_type;
  if (ok && unknown != NULL)
    return mpos_fail (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_CORRUPT,
                      "sale %s has a payment of type “%s”, which this program does not know: "
                      "the store was damaged or written by a newer MallPOS",
                      sale_id, unknown);
  return ok;
}
