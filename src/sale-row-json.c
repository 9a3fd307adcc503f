/* sale-row-json.c — a sale's lines and tenders as JSON (sale-row-json.h). */
#include "sale-row-json.h"
#include "fail.h"
#include "json-out.h"
#include "sale-write.h"

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

/* ---- reading them back ---------------------------------------------------------- */

/* Both documents are read with one json_tree pass each: SQLite parses the
 * text once and hands every value over typed (integers exact, as int64),
 * in document order (json_tree walks it so; no ORDER BY, which would add a
 * sort), each with its parent's node id. */
static MposSql SQL_LINES_TREE
    = MPOS_SQL ("sale-row-json: lines tree",
                "SELECT t.id, t.parent, t.key, t.atom, t.type FROM sales s, json_tree (s.lines) t "
                "WHERE s.id = :id");
static MposSql SQL_TENDERS_TREE = MPOS_SQL (
    "sale-row-json: tenders tree",
    "SELECT t.id, t.parent, t.key, t.atom, t.type FROM sales s, json_tree (s.tenders) t "
    "WHERE s.id = :id");

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

/* Lines: root → line arrays → fields; field 12 → adjustment arrays →
 * fields; field 13 → loyalty shares. Node ids of the containers being
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

  switch (n->key)
    {
    case 0: l->line_no = (int) v; break;
    case 1: l->sku_id = v; break;
    case 2: l->code = text_value (n); break;
    case 3: l->name = text_value (n); break;
    case 4: l->weighed = v != 0; break;
    case 5: l->qty = v; break;
    case 6: l->unit_price = v; break;
    case 7: l->gross = v; break;
    case 8: l->net = v; break;
    case 9: l->tax = v; break;
    case 10: l->tax_rate_bp = (int) v; break;
    case 11: l->original_line_no = (int) v; break;
    case 12: w->adjustments = is_array (n) ? n->id : -1; break;
    case 13:
      l->has_loyalty = is_array (n);
      w->loyalty = l->has_loyalty ? n->id : -1;
      break;
    default: break;
    }
}

static void
set_step_field (MposSaleAdjustment *step, const Node *n)
{
  if (n->key == 0)
    step->kind = text_value (n);
  else if (n->key == 1)
    step->source = text_value (n);
  else if (n->key == 2)
    step->label = text_value (n);
  else if (n->key == 3)
    step->amount = int_value (n);
}

static void
set_share (MposLineLoyalty *share, const Node *n)
{
  int64_t *fields[] = { &share->points_burnt, &share->points_value, &share->sv_principal,
                        &share->sv_bonus, &share->points_earned };

  if (n->key >= 0 && n->key < (int64_t) G_N_ELEMENTS (fields))
    *fields[n->key] = int_value (n);
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

  if (n->key == 0)
    t->seq = (int) int_value (n);
  else if (n->key == 1)
    set_tender_type (w, n);
  else if (n->key == 2)
    t->tender->amount = int_value (n);
  else if (n->key == 3)
    t->tender->reference = text_value (n);
  else if (n->key == 4)
    t->tender->provider = text_value (n);
  else if (n->key == 5)
    t->original_seq = (int) int_value (n);
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
