/* report.c — building a report document and writing it as JSON. The
 * document is plain data (see report.h); nothing here reads the store. */
#include "report.h"
#include "boxed-type.h"
#include "report-format.h"

#include <string.h>

MPOS_DEFINE_BOXED_TYPE (MposReport, mpos_report, mpos_report_copy, mpos_report_free)

static const char *const KIND_NAMES[] = {
  [MPOS_REPORT_TEXT] = "text",         [MPOS_REPORT_MONEY] = "money",
  [MPOS_REPORT_COUNT] = "count",       [MPOS_REPORT_POINTS] = "points",
  [MPOS_REPORT_QUANTITY] = "quantity", [MPOS_REPORT_SHARE] = "share",
};

const char *
mpos_report_kind_name (MposReportKind kind)
{
  g_return_val_if_fail ((guint)kind < G_N_ELEMENTS (KIND_NAMES), "text");
  return KIND_NAMES[kind];
}

static void
column_clear (gpointer data)
{
  MposReportColumn *column = data;

  g_free (column->id);
  g_free (column->title);
}

static void
table_free (gpointer data)
{
  MposReportTable *table = data;

  for (guint r = 0; r < table->rows->len; r++)
    {
      MposReportRow *row = &g_array_index (table->rows, MposReportRow, r);
      for (guint c = 0; c < table->columns->len; c++)
        g_free (row->cells[c].text);
      g_free (row->cells);
    }
  g_array_unref (table->rows);
  g_array_unref (table->columns);
  g_free (table->id);
  g_free (table->title);
  g_free (table->note);
  g_free (table);
}

static MposReportTable *
table_new (const char *id, const char *title)
{
  MposReportTable *table = g_new0 (MposReportTable, 1);

  table->id = g_strdup (id);
  table->title = g_strdup (title);
  table->columns = g_array_new (FALSE, TRUE, sizeof (MposReportColumn));
  g_array_set_clear_func (table->columns, column_clear);
  table->rows = g_array_new (FALSE, TRUE, sizeof (MposReportRow));
  return table;
}

MposReport *
mpos_report_new (const char *kind, const char *title)
{
  MposReport *report = g_new0 (MposReport, 1);

  g_return_val_if_fail (kind != NULL, NULL);
  report->kind = g_strdup (kind);
  report->title = g_strdup (title);
  report->tables = g_ptr_array_new_with_free_func (table_free);
  return report;
}

void
mpos_report_free (MposReport *report)
{
  if (report == NULL)
    return;
  g_ptr_array_unref (report->tables);
  g_free (report->kind);
  g_free (report->title);
  g_free (report->store_name);
  g_free (report->terminal);
  g_free (report->time_zone);
  g_free (report->business_day);
  g_free (report);
}

static void
table_copy_into (MposReport *copy, const MposReportTable *table)
{
  MposReportTable *to = mpos_report_add_table (copy, table->id, table->title);

  for (guint c = 0; c < table->columns->len; c++)
    {
      const MposReportColumn *column = &g_array_index (table->columns, MposReportColumn, c);
      mpos_report_table_add_column (to, column->id, column->title, column->kind);
    }
  for (guint r = 0; r < table->rows->len; r++)
    {
      const MposReportRow *row = &g_array_index (table->rows, MposReportRow, r);
      guint at = mpos_report_table_add_row (to, row->style);
      for (guint c = 0; c < table->columns->len; c++)
        {
          const MposReportCell *cell = &row->cells[c];
          if (cell->kind == MPOS_REPORT_TEXT)
            mpos_report_table_set_text (to, at, c, cell->text);
          else
            mpos_report_table_set_value (to, at, c, cell->kind, cell->value);
        }
    }
  mpos_report_table_set_chart (to, table->chart, table->chart_column);
  mpos_report_table_set_note (to, table->note);
}

MposReport *
mpos_report_copy (const MposReport *report)
{
  MposReport *copy = mpos_report_new (report->kind, report->title);

  copy->store_name = g_strdup (report->store_name);
  copy->terminal = g_strdup (report->terminal);
  copy->time_zone = g_strdup (report->time_zone);
  copy->business_day = g_strdup (report->business_day);
  copy->from = report->from;
  copy->to = report->to;
  copy->number = report->number;
  copy->generated_at = report->generated_at;
  copy->training = report->training;
  for (guint t = 0; t < report->tables->len; t++)
    table_copy_into (copy, g_ptr_array_index (report->tables, t));
  return copy;
}

MposReportTable *
mpos_report_add_table (MposReport *report, const char *id, const char *title)
{
  MposReportTable *table;

  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (mpos_report_table (report, id) == NULL, NULL);
  table = table_new (id, title);
  g_ptr_array_add (report->tables, table);
  return table;
}

const MposReportTable *
mpos_report_table (const MposReport *report, const char *id)
{
  for (guint t = 0; t < report->tables->len; t++)
    {
      const MposReportTable *table = g_ptr_array_index (report->tables, t);
      if (g_str_equal (table->id, id))
        return table;
    }
  return NULL;
}

void
mpos_report_table_add_column (MposReportTable *table, const char *id, const char *title,
                              MposReportKind kind)
{
  MposReportColumn column = { g_strdup (id), g_strdup (title), kind };

  g_return_if_fail (table->rows->len == 0);
  g_array_append_val (table->columns, column);
}

guint
mpos_report_table_add_row (MposReportTable *table, MposReportRowStyle style)
{
  MposReportRow row = { style, g_new0 (MposReportCell, MAX (table->columns->len, 1)) };

  for (guint c = 0; c < table->columns->len; c++)
    row.cells[c].kind = g_array_index (table->columns, MposReportColumn, c).kind;
  g_array_append_val (table->rows, row);
  return table->rows->len - 1;
}

static MposReportCell *
cell_at (const MposReportTable *table, guint row, guint column)
{
  g_return_val_if_fail (row < table->rows->len, NULL);
  g_return_val_if_fail (column < table->columns->len, NULL);
  return &g_array_index (table->rows, MposReportRow, row).cells[column];
}

const MposReportCell *
mpos_report_table_cell (const MposReportTable *table, guint row, guint column)
{
  return cell_at (table, row, column);
}

void
mpos_report_table_set_text (MposReportTable *table, guint row, guint column, const char *text)
{
  MposReportCell *cell = cell_at (table, row, column);

  g_return_if_fail (cell != NULL);
  g_free (cell->text);
  cell->kind = MPOS_REPORT_TEXT;
  cell->text = g_strdup (text);
}

void
mpos_report_table_set_value (MposReportTable *table, guint row, guint column, MposReportKind kind,
                             int64_t value)
{
  MposReportCell *cell = cell_at (table, row, column);

  g_return_if_fail (cell != NULL);
  g_return_if_fail (kind != MPOS_REPORT_TEXT);
  g_clear_pointer (&cell->text, g_free);
  cell->kind = kind;
  cell->value = value;
}

/* 金额 (mpos_report_add_figures' title) over a count or points would read
 * as money: such a table's value column is titled 数值. */
static void
retitle_for (MposReportTable *table, MposReportKind kind)
{
  MposReportColumn *column = &g_array_index (table->columns, MposReportColumn, 1);

  if (kind == MPOS_REPORT_MONEY || g_strcmp0 (column->title, "金额") != 0)
    return;
  g_free (column->title);
  column->title = g_strdup ("数值");
}

guint
mpos_report_table_add_figure (MposReportTable *table, const char *label, MposReportKind kind,
                              int64_t value)
{
  guint row;

  g_return_val_if_fail (table->columns->len == 2, 0);
  retitle_for (table, kind);
  row = mpos_report_table_add_row (table, MPOS_REPORT_ROW_ITEM);
  mpos_report_table_set_text (table, row, 0, label);
  mpos_report_table_set_value (table, row, 1, kind, value);
  return row;
}

gboolean
mpos_report_table_figure (const MposReportTable *table, const char *label, int64_t *value)
{
  if (table == NULL || table->columns->len < 2)
    return FALSE;
  for (guint r = 0; r < table->rows->len; r++)
    {
      const MposReportCell *cells = g_array_index (table->rows, MposReportRow, r).cells;
      if (cells[0].text != NULL && g_str_equal (cells[0].text, label)
          && cells[1].kind != MPOS_REPORT_TEXT)
        {
          *value = cells[1].value;
          return TRUE;
        }
    }
  return FALSE;
}

void
mpos_report_table_set_chart (MposReportTable *table, MposReportChart chart, guint column)
{
  g_return_if_fail (chart == MPOS_REPORT_CHART_NONE || column < table->columns->len);
  table->chart = chart;
  table->chart_column = column;
}

void
mpos_report_table_set_note (MposReportTable *table, const char *note)
{
  g_free (table->note);
  table->note = g_strdup (note);
}

static gboolean
has_items (const MposReportTable *table)
{
  for (guint r = 0; r < table->rows->len; r++)
    if (g_array_index (table->rows, MposReportRow, r).style == MPOS_REPORT_ROW_ITEM)
      return TRUE;
  return FALSE;
}

char *
mpos_report_table_note_text (const MposReportTable *table)
{
  return table->note != NULL && table->note[0] != '\0' ? g_strdup (table->note) : NULL;
}

const char *
mpos_report_table_empty_text (const MposReportTable *table, guint *before_row)
{
  guint r = 0;

  while (r < table->rows->len
         && g_array_index (table->rows, MposReportRow, r).style != MPOS_REPORT_ROW_TOTAL)
    r++;
  *before_row = r;
  return has_items (table) || table->columns->len == 0 ? NULL : "无";
}

static cJSON *
cell_value_json (const MposReportCell *cell)
{
  g_autofree char *data = NULL;

  switch (cell->kind)
    {
    case MPOS_REPORT_TEXT:
      return cell->text ? cJSON_CreateString (cell->text) : cJSON_CreateNull ();
    case MPOS_REPORT_MONEY:
    case MPOS_REPORT_SHARE:
      data = mpos_report_cell_data (cell); /* "1234.50", "12.34" */
      return cJSON_CreateString (data);
    case MPOS_REPORT_COUNT:
    case MPOS_REPORT_POINTS:
    case MPOS_REPORT_QUANTITY:
    default:
      return cJSON_CreateNumber ((double)cell->value);
    }
}

static cJSON *
cell_json (const MposReportCell *cell, MposReportKind column_kind)
{
  cJSON *mixed;

  if (cell->kind == column_kind)
    return cell_value_json (cell);
  mixed = cJSON_CreateObject ();
  cJSON_AddStringToObject (mixed, "kind", mpos_report_kind_name (cell->kind));
  cJSON_AddItemToObject (mixed, "value", cell_value_json (cell));
  return mixed;
}

static cJSON *
columns_json (const MposReportTable *table)
{
  cJSON *columns = cJSON_CreateArray ();

  for (guint c = 0; c < table->columns->len; c++)
    {
      const MposReportColumn *column = &g_array_index (table->columns, MposReportColumn, c);
      cJSON *item = cJSON_CreateObject ();
      cJSON_AddStringToObject (item, "id", column->id);
      cJSON_AddStringToObject (item, "title", column->title ? column->title : "");
      cJSON_AddStringToObject (item, "kind", mpos_report_kind_name (column->kind));
      cJSON_AddItemToArray (columns, item);
    }
  return columns;
}

static cJSON *
rows_json (const MposReportTable *table)
{
  cJSON *rows = cJSON_CreateArray ();

  for (guint r = 0; r < table->rows->len; r++)
    {
      const MposReportRow *row = &g_array_index (table->rows, MposReportRow, r);
      cJSON *item = cJSON_CreateObject ();
      cJSON *cells = cJSON_AddArrayToObject (item, "cells");
      cJSON_AddBoolToObject (item, "total", row->style == MPOS_REPORT_ROW_TOTAL);
      for (guint c = 0; c < table->columns->len; c++)
        cJSON_AddItemToArray (
            cells, cell_json (&row->cells[c],
                              g_array_index (table->columns, MposReportColumn, c).kind));
      cJSON_AddItemToArray (rows, item);
    }
  return rows;
}

static const char *
chart_name (MposReportChart chart)
{
  switch (chart)
    {
    case MPOS_REPORT_CHART_BARS:
      return "bars";
    case MPOS_REPORT_CHART_SHARE:
      return "share";
    case MPOS_REPORT_CHART_NONE:
    default:
      return NULL;
    }
}

static cJSON *
table_json (const MposReportTable *table)
{
  cJSON *item = cJSON_CreateObject ();
  const char *chart = chart_name (table->chart);

  cJSON_AddStringToObject (item, "id", table->id);
  cJSON_AddStringToObject (item, "title", table->title ? table->title : "");
  if (chart != NULL)
    {
      cJSON_AddStringToObject (item, "chart", chart);
      cJSON_AddNumberToObject (item, "chart_column", table->chart_column);
    }
  else
    cJSON_AddNullToObject (item, "chart");
  if (table->note != NULL)
    cJSON_AddStringToObject (item, "note", table->note);
  cJSON_AddItemToObject (item, "columns", columns_json (table));
  cJSON_AddItemToObject (item, "rows", rows_json (table));
  return item;
}

static void
add_optional_string (cJSON *object, const char *key, const char *value)
{
  if (value != NULL)
    cJSON_AddStringToObject (object, key, value);
  else
    cJSON_AddNullToObject (object, key);
}

/* The period and the time made, readable: ISO 8601 in the store's zone
 * beside the Unix seconds that stay the figures a program computes with. */
static void
add_local_times (cJSON *root, const MposReport *report)
{
  g_autoptr (GTimeZone) zone = mpos_report_time_zone (report);
  g_autofree char *from = mpos_report_format_iso (report->from, zone);
  g_autofree char *to = mpos_report_format_iso (report->to, zone);
  g_autofree char *generated = mpos_report_format_iso (report->generated_at, zone);

  add_optional_string (root, "from_local", from);
  add_optional_string (root, "to_local", to);
  add_optional_string (root, "generated_at_local", generated);
}

cJSON *
mpos_report_to_json (const MposReport *report)
{
  cJSON *root = cJSON_CreateObject ();
  cJSON *tables;

  cJSON_AddStringToObject (root, "kind", report->kind);
  add_optional_string (root, "title", report->title);
  add_optional_string (root, "store", report->store_name);
  add_optional_string (root, "terminal", report->terminal);
  add_optional_string (root, "time_zone", report->time_zone);
  add_optional_string (root, "business_day", report->business_day);
  cJSON_AddNumberToObject (root, "from", (double)report->from);
  cJSON_AddNumberToObject (root, "to", (double)report->to);
  add_local_times (root, report);
  cJSON_AddNumberToObject (root, "number", (double)report->number);
  cJSON_AddNumberToObject (root, "generated_at", (double)report->generated_at);
  cJSON_AddBoolToObject (root, "training", report->training);
  tables = cJSON_AddArrayToObject (root, "tables");
  for (guint t = 0; t < report->tables->len; t++)
    cJSON_AddItemToArray (tables, table_json (g_ptr_array_index (report->tables, t)));
  return root;
}
