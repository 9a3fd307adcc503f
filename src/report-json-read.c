/* report-json-read.c — a report document back from its JSON
 * (mpos_report_to_json), for a Z report kept in the store and reprinted with
 * its first figures. The text comes from our own store, but a file can be
 * edited: every field is checked and a bad one refused with where, never
 * trusted (fuzzed by tests/fuzz/fuzz-report-json.c). */
#include "money.h"
#include "json-fields.h"
#include "report-private.h"

#include <stdio.h>
#include <string.h>

static gboolean
bad (GError **error, const char *where)
{
  g_set_error (error, MPOS_REPORT_ERROR, MPOS_REPORT_ERROR_INVALID,
               "the kept report is damaged at %s; run `mallposctl check`", where);
  return FALSE;
}

static gboolean
kind_parse (const char *name, MposReportKind *out)
{
  for (int k = MPOS_REPORT_TEXT; k <= MPOS_REPORT_SHARE; k++)
    if (g_strcmp0 (name, mpos_report_kind_name ((MposReportKind)k)) == 0)
      {
        *out = (MposReportKind)k;
        return TRUE;
      }
  return FALSE;
}

static const char *
string_or_null (const cJSON *object, const char *key, gboolean *ok)
{
  const cJSON *item = cJSON_GetObjectItemCaseSensitive (object, key);

  if (cJSON_IsString (item))
    return item->valuestring;
  *ok = *ok && (item == NULL || cJSON_IsNull (item));
  return NULL;
}

static gboolean
integer (const cJSON *item, int64_t *out)
{
  if (!cJSON_IsNumber (item) || item->valuedouble != (double)(int64_t)item->valuedouble
      || item->valuedouble > 9.0e15 || item->valuedouble < -9.0e15)
    return FALSE;
  *out = (int64_t)item->valuedouble;
  return TRUE;
}

/* A cell's value: money and share as "12.34" strings, the rest integers. */
static gboolean
cell_value (const cJSON *item, MposReportKind kind, int64_t *out)
{
  if (kind == MPOS_REPORT_MONEY || kind == MPOS_REPORT_SHARE)
    return cJSON_IsString (item)
           && mpos_money_parse (item->valuestring, MPOS_MONEY_PARSE_ALLOW_NEGATIVE, out, NULL);
  return integer (item, out);
}

static gboolean
read_cell (MposReportTable *t, guint row, guint c, const cJSON *item, GError **error)
{
  MposReportKind kind = g_array_index (t->columns, MposReportColumn, c).kind;
  int64_t value = 0;

  if (cJSON_IsObject (item)) /* {"kind", "value"}: a kind other than the column's */
    {
      const cJSON *k = cJSON_GetObjectItemCaseSensitive (item, "kind");
      if (!cJSON_IsString (k) || !kind_parse (k->valuestring, &kind) || kind == MPOS_REPORT_TEXT)
        return bad (error, "a cell's kind");
      item = cJSON_GetObjectItemCaseSensitive (item, "value");
    }
  if (kind == MPOS_REPORT_TEXT)
    {
      if (!cJSON_IsString (item) && !cJSON_IsNull (item))
        return bad (error, "a text cell");
      mpos_report_table_set_text (t, row, c, cJSON_IsString (item) ? item->valuestring : NULL);
      return TRUE;
    }
  if (!cell_value (item, kind, &value))
    return bad (error, "a figure");
  mpos_report_table_set_value (t, row, c, kind, value);
  return TRUE;
}

static gboolean
read_rows (MposReportTable *t, const cJSON *rows, GError **error)
{
  const cJSON *row;

  if (!cJSON_IsArray (rows))
    return bad (error, "a table's rows");
  cJSON_ArrayForEach (row, rows)
    {
      const cJSON *cells = cJSON_GetObjectItemCaseSensitive (row, "cells");
      const cJSON *total = cJSON_GetObjectItemCaseSensitive (row, "total");
      guint r, c = 0;
      const cJSON *cell;
      if (!cJSON_IsArray (cells) || cJSON_GetArraySize (cells) != (int)t->columns->len
          || !cJSON_IsBool (total))
        return bad (error, "a row");
      r = mpos_report_table_add_row (t, cJSON_IsTrue (total) ? MPOS_REPORT_ROW_TOTAL
                                                             : MPOS_REPORT_ROW_ITEM);
      cJSON_ArrayForEach (cell, cells)
        if (!read_cell (t, r, c++, cell, error))
          return FALSE;
    }
  return TRUE;
}

static gboolean
read_columns (MposReportTable *t, const cJSON *columns, GError **error)
{
  const cJSON *column;

  if (!cJSON_IsArray (columns) || cJSON_GetArraySize (columns) == 0)
    return bad (error, "a table's columns");
  cJSON_ArrayForEach (column, columns)
    {
      gboolean ok = TRUE;
      const char *id = string_or_null (column, "id", &ok);
      const char *title = string_or_null (column, "title", &ok);
      const char *kind_name = string_or_null (column, "kind", &ok);
      MposReportKind kind;
      if (!ok || id == NULL || !kind_parse (kind_name, &kind))
        return bad (error, "a column");
      mpos_report_table_add_column (t, id, title, kind);
    }
  return TRUE;
}

static gboolean
read_chart (MposReportTable *t, const cJSON *item, GError **error)
{
  const cJSON *chart = cJSON_GetObjectItemCaseSensitive (item, "chart");
  int64_t column = 0;

  if (cJSON_IsNull (chart) || chart == NULL)
    return TRUE;
  if (!cJSON_IsString (chart)
      || !integer (cJSON_GetObjectItemCaseSensitive (item, "chart_column"), &column)
      || column < 0 || column >= (int64_t)t->columns->len)
    return bad (error, "a table's chart");
  if (strcmp (chart->valuestring, "bars") == 0)
    mpos_report_table_set_chart (t, MPOS_REPORT_CHART_BARS, (guint)column);
  else if (strcmp (chart->valuestring, "share") == 0)
    mpos_report_table_set_chart (t, MPOS_REPORT_CHART_SHARE, (guint)column);
  else
    return bad (error, "a table's chart");
  return TRUE;
}

static gboolean
read_table (MposReport *report, const cJSON *item, GError **error)
{
  gboolean ok = TRUE;
  const char *id = string_or_null (item, "id", &ok);
  const char *title = string_or_null (item, "title", &ok);
  const char *note = string_or_null (item, "note", &ok);
  MposReportTable *t;

  if (!ok || id == NULL)
    return bad (error, "a table");
  t = mpos_report_add_table (report, id, title);
  if (note != NULL)
    mpos_report_table_set_note (t, note);
  return read_columns (t, cJSON_GetObjectItemCaseSensitive (item, "columns"), error)
         && read_chart (t, item, error)
         && read_rows (t, cJSON_GetObjectItemCaseSensitive (item, "rows"), error);
}

static gboolean
read_header (MposReport *report, const cJSON *root, GError **error)
{
  gboolean ok = TRUE;
  const char *store = string_or_null (root, "store", &ok);
  const char *terminal = string_or_null (root, "terminal", &ok);
  const char *zone = string_or_null (root, "time_zone", &ok);
  const char *day = string_or_null (root, "business_day", &ok);
  const cJSON *training = cJSON_GetObjectItemCaseSensitive (root, "training");

  if (!ok || !integer (cJSON_GetObjectItemCaseSensitive (root, "from"), &report->from)
      || !integer (cJSON_GetObjectItemCaseSensitive (root, "to"), &report->to)
      || !integer (cJSON_GetObjectItemCaseSensitive (root, "number"), &report->number)
      || !integer (cJSON_GetObjectItemCaseSensitive (root, "generated_at"), &report->generated_at)
      || !cJSON_IsBool (training))
    return bad (error, "its header");
  report->store_name = g_strdup (store);
  report->terminal = g_strdup (terminal);
  report->time_zone = g_strdup (zone);
  report->business_day = g_strdup (day);
  report->training = cJSON_IsTrue (training);
  return TRUE;
}

MposReport *
mpos_report_from_json (const char *json, GError **error)
{
  g_autoptr (cJSON) root = json ? cJSON_Parse (json) : NULL;
  g_autoptr (MposReport) report = NULL;
  gboolean ok = TRUE;
  const char *kind = string_or_null (root, "kind", &ok);
  const char *title = string_or_null (root, "title", &ok);
  const cJSON *tables = cJSON_GetObjectItemCaseSensitive (root, "tables");
  const cJSON *table;

  if (!cJSON_IsObject (root) || !ok || kind == NULL || !cJSON_IsArray (tables))
    {
      bad (error, "its start");
      return NULL;
    }
  report = mpos_report_new (kind, title);
  if (!read_header (report, root, error))
    return NULL;
  cJSON_ArrayForEach (table, tables)
    if (!read_table (report, table, error))
      return NULL;
  return g_steal_pointer (&report);
}
