/* sale-row-json.c — a sale's lines and tenders as JSON (sale-row-json.h). */
#include "sale-row-json.h"
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
#define SQL_LINES_TREE                                                                             \
  "SELECT t.id, t.parent, t.key, t.atom, t.type FROM sales s, json_tree (s.lines) t "             \
  "WHERE s.id = :id"
#define SQL_TENDERS_TREE                                                                           \
  "SELECT t.id, t.parent, t.key, t.atom, t.type FROM sales s, json_tree (s.tenders) t "           \
  "WHERE s.id = :id"

enum
{
  COL_ID,
  COL_PARENT,
  COL_KEY,
  COL_ATOM,
  COL_TYPE,
};

static gboolean
is_array (sqlite3_stmt *stmt)
{
  return g_strcmp0 ((const char *) sqlite3_column_text (stmt, COL_TYPE), "array") == 0;
}

typedef struct
{
  int64_t root, line, adjustments, adjustment, loyalty; /* node ids, -1: none yet */
  MposSaleLine *current;
  MposSaleAdjustment *step;
} LinesWalk;

static void
set_line_field (LinesWalk *w, sqlite3_stmt *stmt, int64_t key)
{
  MposSaleLine *l = w->current;
  int64_t v = sqlite3_column_int64 (stmt, COL_ATOM);

  switch (key)
    {
    case 0: l->line_no = (int) v; break;
    case 1: l->sku_id = v; break;
    case 2: l->code = mpos_column_text (stmt, COL_ATOM); break;
    case 3: l->name = mpos_column_text (stmt, COL_ATOM); break;
    case 4: l->weighed = v != 0; break;
    case 5: l->qty = v; break;
    case 6: l->unit_price = v; break;
    case 7: l->gross = v; break;
    case 8: l->net = v; break;
    case 9: l->tax = v; break;
    case 10: l->tax_rate_bp = (int) v; break;
    case 11: l->original_line_no = (int) v; break;
    case 12: w->adjustments = is_array (stmt) ? sqlite3_column_int64 (stmt, COL_ID) : -1; break;
    case 13:
      l->has_loyalty = is_array (stmt);
      w->loyalty = l->has_loyalty ? sqlite3_column_int64 (stmt, COL_ID) : -1;
      break;
    default: break;
    }
}

static void
set_step_field (MposSaleAdjustment *step, sqlite3_stmt *stmt, int64_t key)
{
  if (key == 0)
    step->kind = mpos_column_text (stmt, COL_ATOM);
  else if (key == 1)
    step->source = mpos_column_text (stmt, COL_ATOM);
  else if (key == 2)
    step->label = mpos_column_text (stmt, COL_ATOM);
  else if (key == 3)
    step->amount = sqlite3_column_int64 (stmt, COL_ATOM);
}

static void
set_share (MposLineLoyalty *share, int64_t key, int64_t v)
{
  int64_t *fields[] = { &share->points_burnt, &share->points_value, &share->sv_principal,
                        &share->sv_bonus, &share->points_earned };

  if (key >= 0 && key < (int64_t) G_N_ELEMENTS (fields))
    *fields[key] = v;
}

static void
walk_line_node (LinesWalk *w, sqlite3_stmt *stmt, GPtrArray *lines)
{
  int64_t id = sqlite3_column_int64 (stmt, COL_ID);
  int64_t parent = sqlite3_column_type (stmt, COL_PARENT) == SQLITE_NULL
                       ? -1
                       : sqlite3_column_int64 (stmt, COL_PARENT);
  int64_t key = sqlite3_column_int64 (stmt, COL_KEY);

  if (parent == -1)
    w->root = id;
  else if (parent == w->root)
    {
      w->current = mpos_sale_line_new ();
      g_ptr_array_add (lines, w->current);
      w->line = id;
      w->adjustments = w->loyalty = -1;
    }
  else if (parent == w->line)
    set_line_field (w, stmt, key);
  else if (parent == w->adjustments)
    {
      w->step = g_new0 (MposSaleAdjustment, 1);
      w->step->seq = (int) key + 1;
      g_ptr_array_add (w->current->adjustments, w->step);
      w->adjustment = id;
    }
  else if (parent == w->adjustment)
    set_step_field (w->step, stmt, key);
  else if (parent == w->loyalty)
    set_share (&w->current->loyalty, key, sqlite3_column_int64 (stmt, COL_ATOM));
}

static gboolean
read_tree (MposStore *store, const char *sql, const char *sale_id,
           void (*visit) (sqlite3_stmt *stmt, gpointer data), gpointer data, GError **error)
{
  sqlite3_stmt *stmt = mpos_store_stmt (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":id", sale_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    visit (stmt, data);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return mpos_store_fail (store, rc, "reading a sale", error);
  return TRUE;
}

typedef struct
{
  LinesWalk walk;
  GPtrArray *lines;
} LinesRead;

static void
visit_line_node (sqlite3_stmt *stmt, gpointer data)
{
  LinesRead *read = data;

  walk_line_node (&read->walk, stmt, read->lines);
}

gboolean
mpos_sale_read_lines (MposStore *store, const char *sale_id, GPtrArray *lines, GError **error)
{
  LinesRead read = { { -1, -1, -1, -1, -1, NULL, NULL }, lines };

  return read_tree (store, SQL_LINES_TREE, sale_id, visit_line_node, &read, error);
}

typedef struct
{
  int64_t root, tender; /* node ids */
  int seq, original_seq;
  MposTenderType type;
  MposMoney amount;
  char *reference, *provider;
  GPtrArray *tenders;
} TendersRead;

static void
finish_tender (TendersRead *read)
{
  MposSaleTender *t;

  if (read->tender == -1)
    return;
  t = g_new0 (MposSaleTender, 1);
  t->seq = read->seq;
  t->original_seq = read->original_seq;
  t->tender = mpos_tender_new (read->type, read->amount, read->reference, read->provider);
  g_ptr_array_add (read->tenders, t);
  g_clear_pointer (&read->reference, g_free);
  g_clear_pointer (&read->provider, g_free);
  read->tender = -1;
}

static void
set_tender_field (TendersRead *read, sqlite3_stmt *stmt, int64_t key)
{
  if (key == 0)
    read->seq = sqlite3_column_int (stmt, COL_ATOM);
  else if (key == 1)
    {
      read->type = MPOS_TENDER_OTHER;
      mpos_tender_type_from_name ((const char *) sqlite3_column_text (stmt, COL_ATOM),
                                  &read->type);
    }
  else if (key == 2)
    read->amount = sqlite3_column_int64 (stmt, COL_ATOM);
  else if (key == 3)
    read->reference = mpos_column_text (stmt, COL_ATOM);
  else if (key == 4)
    read->provider = mpos_column_text (stmt, COL_ATOM);
  else if (key == 5)
    read->original_seq = sqlite3_column_int (stmt, COL_ATOM);
}

static void
visit_tender_node (sqlite3_stmt *stmt, gpointer data)
{
  TendersRead *read = data;
  int64_t id = sqlite3_column_int64 (stmt, COL_ID);

  if (sqlite3_column_type (stmt, COL_PARENT) == SQLITE_NULL)
    read->root = id;
  else if (sqlite3_column_int64 (stmt, COL_PARENT) == read->root)
    {
      finish_tender (read);
      read->tender = id;
      read->seq = read->original_seq = 0;
      read->amount = 0;
      read->type = MPOS_TENDER_OTHER;
    }
  else if (sqlite3_column_int64 (stmt, COL_PARENT) == read->tender)
    set_tender_field (read, stmt, sqlite3_column_int64 (stmt, COL_KEY));
}

gboolean
mpos_sale_read_tenders (MposStore *store, const char *sale_id, GPtrArray *tenders, GError **error)
{
  TendersRead read = { -1, -1, 0, 0, MPOS_TENDER_OTHER, 0, NULL, NULL, tenders };
  gboolean ok = read_tree (store, SQL_TENDERS_TREE, sale_id, visit_tender_node, &read, error);

  finish_tender (&read);
  g_free (read.reference);
  g_free (read.provider);
  return ok;
}
