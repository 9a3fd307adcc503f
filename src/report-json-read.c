/* report-json-read.c — JSON → MposReport, the inverse of mpos_report_to_json
 * (report.c): the strict reader checks the grammar and the keys first
 * (json-strict.c), then every field is read with its type and bounds, and
 * every refusal names the table, row and cell. */
#include "report-json-read.h"

#include "json-fields.h"
#include "text-width.h"

#define MAX_TEXT 400                  /* bytes of a title, label or note */
#define MAX_FIGURE 1000000000000000LL /* 10^15, as money: sums stay far from overflow */

static const MposJsonKey CELL_KEYS[] = { { "kind", NULL }, { "value", NULL }, { NULL, NULL } };
static const MposJsonShape CELL = { "a cell of another kind than its column", .keys = CELL_KEYS };
static const MposJsonShape CELLS = { "a row's cells", .items = &CELL };
static const MposJsonKey ROW_KEYS[] = { { "total", NULL }, { "cells", &CELLS }, { NULL, NULL } };
static const MposJsonShape ROW = { "a table row", .keys = ROW_KEYS };
static const MposJsonShape ROWS = { "a table's rows", .items = &ROW };
static const MposJsonKey COLUMN_KEYS[]
    = { { "id", NULL }, { "title", NULL }, { "kind", NULL }, { NULL, NULL } };
static const MposJsonShape COLUMN = { "a table column", .keys = COLUMN_KEYS };
static const MposJsonShape COLUMNS = { "a table's columns", .items = &COLUMN };
static const MposJsonKey TABLE_KEYS[] = {
  { "id", NULL },   { "title", NULL },       { "chart", NULL }, { "chart_column", NULL },
  { "note", NULL }, { "columns", &COLUMNS }, { "rows", &ROWS }, { NULL, NULL },
};
static const MposJsonShape TABLE = { "a report table", .keys = TABLE_KEYS };
static const MposJsonShape TABLES = { "the report's tables", .items = &TABLE };
static const MposJsonKey REPORT_KEYS[] = {
  { "kind", NULL },      { "title", NULL },        { "store", NULL },    { "terminal", NULL },
  { "time_zone", NULL }, { "business_day", NULL }, { "from", NULL },     { "to", NULL },
  { "number", NULL },    { "generated_at", NULL }, { "training", NULL }, { "tables", &TABLES },
  /* the times above as ISO 8601, for people: derived, not read */
  { "from_local", NULL }, { "to_local", NULL }, { "generated_at_local", NULL },
  { NULL, NULL },
};
static const MposJsonShape REPORT = { "a report", .keys = REPORT_KEYS };

static gboolean fail (GError **error, int code, const char *format, ...) G_GNUC_PRINTF (3, 4);

static gboolean
fail (GError **error, int code, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  g_set_error_literal (error, MPOS_JSON_ERROR, code, "");
  g_free ((*error)->message);
  (*error)->message = g_strdup_vprintf (format, args);
  va_end (args);
  return FALSE;
}

/* Prefixes a refusal with where it happened: "tables[1].rows[3]: …". */
static gboolean
at (GError **error, const char *place)
{
  g_prefix_error (error, "%s: ", place);
  return FALSE;
}

static gboolean
kind_from_name (const char *name, MposReportKind *out)
{
  for (MposReportKind k = MPOS_REPORT_TEXT; k <= MPOS_REPORT_SHARE; k++)
    if (g_strcmp0 (name, mpos_report_kind_name (k)) == 0)
      {
        *out = k;
        return TRUE;
      }
  return FALSE;
}

static gboolean
get_kind (const cJSON *object, MposReportKind *out, GError **error)
{
  const char *name = NULL;

  if (!mpos_json_get_string (object, "kind", TRUE, 16, &name, error))
    return FALSE;
  if (!kind_from_name (name, out))
    return fail (error, MPOS_JSON_ERROR_VALUE,
                 "“kind” must be text, money, count, points, quantity or share, not “%s”", name);
  return TRUE;
}

/* A figure: money and shares as "12.50" strings (shares in hundredths of a
 * percent, so "12.34" is 1234 basis points), every other kind an integer. */
static gboolean
figure_value (const cJSON *item, MposReportKind kind, int64_t *out, GError **error)
{
  if (kind == MPOS_REPORT_MONEY || kind == MPOS_REPORT_SHARE)
    {
      if (!cJSON_IsString (item))
        return fail (error, MPOS_JSON_ERROR_TYPE,
                     "a %s figure is written as a string like \"12.50\"",
                     mpos_report_kind_name (kind));
      return mpos_money_parse (item->valuestring, MPOS_MONEY_PARSE_ALLOW_NEGATIVE, out, error);
    }
  if (!cJSON_IsNumber (item) || item->valuedouble != (double)(int64_t)item->valuedouble)
    return fail (error, MPOS_JSON_ERROR_TYPE, "a %s figure is a whole number",
                 mpos_report_kind_name (kind));
  if (item->valuedouble > (double)MAX_FIGURE || item->valuedouble < -(double)MAX_FIGURE)
    return fail (error, MPOS_JSON_ERROR_VALUE, "a figure lies beyond ±10^15");
  *out = (int64_t)item->valuedouble;
  return TRUE;
}

static gboolean
check_text (const char *text, GError **error)
{
  if (strlen (text) > MAX_TEXT)
    return fail (error, MPOS_JSON_ERROR_VALUE, "a text is longer than %d bytes", MAX_TEXT);
  if (mpos_text_find_control (text) != NULL)
    return fail (error, MPOS_JSON_ERROR_VALUE,
                 "a text holds a control character (a line break, a tab): remove it");
  return TRUE;
}

static gboolean
read_cell (MposReportTable *table, guint row, guint column, const cJSON *item, GError **error)
{
  MposReportKind kind = g_array_index (table->columns, MposReportColumn, column).kind;
  const cJSON *value = item;
  int64_t figure = 0;

  if (cJSON_IsObject (item))
    {
      if (!get_kind (item, &kind, error))
        return FALSE;
      value = cJSON_GetObjectItemCaseSensitive (item, "value");
      if (value == NULL)
        return fail (error, MPOS_JSON_ERROR_MISSING, "“value” is missing");
    }
  if (kind != MPOS_REPORT_TEXT)
    {
      if (!figure_value (value, kind, &figure, error))
        return FALSE;
      mpos_report_table_set_value (table, row, column, kind, figure);
      return TRUE;
    }
  if (cJSON_IsNull (value))
    {
      mpos_report_table_set_text (table, row, column, NULL);
      return TRUE;
    }
  if (!cJSON_IsString (value))
    return fail (error, MPOS_JSON_ERROR_TYPE, "a text cell is a string or null");
  if (!check_text (value->valuestring, error))
    return FALSE;
  mpos_report_table_set_text (table, row, column, value->valuestring);
  return TRUE;
}

static gboolean
read_row (MposReportTable *table, const cJSON *item, GError **error)
{
  gboolean total = FALSE;
  const cJSON *cells = cJSON_GetObjectItemCaseSensitive (item, "cells");
  guint row, column = 0;
  const cJSON *cell;

  if (!mpos_json_get_bool (item, "total", &total, error))
    return FALSE;
  if (!cJSON_IsArray (cells))
    return fail (error, MPOS_JSON_ERROR_MISSING, "“cells” must be an array");
  if ((guint)cJSON_GetArraySize (cells) != table->columns->len)
    return fail (error, MPOS_JSON_ERROR_VALUE, "the row has %d cells, the table %u columns",
                 cJSON_GetArraySize (cells), table->columns->len);
  row = mpos_report_table_add_row (table, total ? MPOS_REPORT_ROW_TOTAL : MPOS_REPORT_ROW_ITEM);
  cJSON_ArrayForEach (cell, cells)
  {
    g_autofree char *place = g_strdup_printf ("cells[%u]", column);

    if (!read_cell (table, row, column++, cell, error))
      return at (error, place);
  }
  return TRUE;
}

static gboolean
read_columns (MposReportTable *table, const cJSON *columns, GError **error)
{
  const cJSON *item;
  guint i = 0;

  if (!cJSON_IsArray (columns) || cJSON_GetArraySize (columns) > MPOS_REPORT_JSON_MAX_COLUMNS)
    return fail (error, MPOS_JSON_ERROR_VALUE, "“columns” must be an array of at most %d",
                 MPOS_REPORT_JSON_MAX_COLUMNS);
  cJSON_ArrayForEach (item, columns)
  {
    const char *id = NULL, *title = "";
    MposReportKind kind;
    g_autofree char *place = g_strdup_printf ("columns[%u]", i++);

    if (!mpos_json_get_string (item, "id", TRUE, 64, &id, error)
        || !mpos_json_get_string (item, "title", FALSE, MAX_TEXT, &title, error)
        || !get_kind (item, &kind, error))
      return at (error, place);
    mpos_report_table_add_column (table, id, title, kind);
  }
  return TRUE;
}

static gboolean
read_chart (MposReportTable *table, const cJSON *item, GError **error)
{
  const char *chart = NULL;
  int64_t column = 0;
  MposReportChart kind;

  if (!mpos_json_get_string (item, "chart", FALSE, 16, &chart, error))
    return FALSE;
  if (chart == NULL)
    return TRUE;
  if (g_strcmp0 (chart, "bars") != 0 && g_strcmp0 (chart, "share") != 0)
    return fail (error, MPOS_JSON_ERROR_VALUE, "“chart” must be \"bars\", \"share\" or null");
  kind = chart[0] == 'b' ? MPOS_REPORT_CHART_BARS : MPOS_REPORT_CHART_SHARE;
  if (!mpos_json_get_int (item, "chart_column", TRUE, 1, (int64_t)MAX (table->columns->len, 2) - 1,
                          &column, error))
    return FALSE;
  if (table->columns->len < 2)
    return fail (error, MPOS_JSON_ERROR_VALUE, "a chart needs a label and a figure column");
  mpos_report_table_set_chart (table, kind, (guint)column);
  return TRUE;
}

static gboolean
read_table (MposReport *report, const cJSON *item, GError **error)
{
  const char *id = NULL, *title = "", *note = NULL;
  const cJSON *rows = cJSON_GetObjectItemCaseSensitive (item, "rows"), *row;
  MposReportTable *table;
  guint i = 0;

  if (!mpos_json_get_string (item, "id", TRUE, 64, &id, error)
      || !mpos_json_get_string (item, "title", FALSE, MAX_TEXT, &title, error)
      || !mpos_json_get_string (item, "note", FALSE, MAX_TEXT, &note, error))
    return FALSE;
  table = mpos_report_add_table (report, id, title);
  if (!read_columns (table, cJSON_GetObjectItemCaseSensitive (item, "columns"), error)
      || !read_chart (table, item, error))
    return FALSE;
  mpos_report_table_set_note (table, note);
  if (!cJSON_IsArray (rows) || cJSON_GetArraySize (rows) > MPOS_REPORT_JSON_MAX_ROWS)
    return fail (error, MPOS_JSON_ERROR_VALUE, "“rows” must be an array of at most %d",
                 MPOS_REPORT_JSON_MAX_ROWS);
  cJSON_ArrayForEach (row, rows)
  {
    g_autofree char *place = g_strdup_printf ("rows[%u]", i++);

    if (!read_row (table, row, error))
      return at (error, place);
  }
  return TRUE;
}

static gboolean
read_header (MposReport *report, const cJSON *root, GError **error)
{
  const char *store = NULL, *terminal = NULL, *day = NULL, *zone = NULL;
  g_autoptr (GTimeZone) known = NULL;

  if (!mpos_json_get_string (root, "store", FALSE, MAX_TEXT, &store, error)
      || !mpos_json_get_string (root, "terminal", FALSE, 64, &terminal, error)
      || !mpos_json_get_string (root, "time_zone", FALSE, 64, &zone, error)
      || !mpos_json_get_string (root, "business_day", FALSE, 10, &day, error)
      || !mpos_json_get_int (root, "from", FALSE, 0, G_MAXINT32 * 4LL, &report->from, error)
      || !mpos_json_get_int (root, "to", FALSE, 0, G_MAXINT32 * 4LL, &report->to, error)
      || !mpos_json_get_int (root, "number", FALSE, 0, G_MAXINT32, &report->number, error)
      || !mpos_json_get_int (root, "generated_at", FALSE, 0, G_MAXINT32 * 4LL,
                             &report->generated_at, error)
      || !mpos_json_get_bool (root, "training", &report->training, error))
    return FALSE;
  if (zone != NULL && (known = g_time_zone_new_identifier (zone)) == NULL)
    return fail (error, MPOS_JSON_ERROR_VALUE,
                 "“time_zone” must be an IANA zone such as \"Asia/Shanghai\", not “%s”", zone);
  if (report->to < report->from)
    return fail (error, MPOS_JSON_ERROR_VALUE, "“to” lies before “from”");
  report->store_name = g_strdup (store);
  report->terminal = g_strdup (terminal);
  report->time_zone = g_strdup (zone);
  report->business_day = g_strdup (day);
  return TRUE;
}

MposReport *
mpos_report_from_json (const char *data, gsize length, GError **error)
{
  g_autoptr (cJSON) root = mpos_json_parse (data, length, &REPORT, error);
  const char *kind = NULL, *title = NULL;
  const cJSON *tables, *table;
  g_autoptr (MposReport) report = NULL;
  guint i = 0;

  if (root == NULL)
    return NULL;
  if (!cJSON_IsObject (root))
    return fail (error, MPOS_JSON_ERROR_TYPE, "a report is a JSON object"), NULL;
  if (!mpos_json_get_string (root, "kind", TRUE, 64, &kind, error)
      || !mpos_json_get_string (root, "title", FALSE, MAX_TEXT, &title, error))
    return NULL;
  report = mpos_report_new (kind, title != NULL ? title : "");
  if (!read_header (report, root, error))
    return NULL;
  tables = cJSON_GetObjectItemCaseSensitive (root, "tables");
  if (!cJSON_IsArray (tables) || cJSON_GetArraySize (tables) > MPOS_REPORT_JSON_MAX_TABLES)
    return fail (error, MPOS_JSON_ERROR_MISSING, "“tables” must be an array of at most %d",
                 MPOS_REPORT_JSON_MAX_TABLES),
           NULL;
  cJSON_ArrayForEach (table, tables)
  {
    g_autofree char *place = g_strdup_printf ("tables[%u]", i++);

    if (!read_table (report, table, error))
      return at (error, place), NULL;
  }
  return g_steal_pointer (&report);
}
