/* report.h — a manager's report as a document: what it is (X, Z, sales by
 * hour …), the store and period it covers, and tables of typed cells.
 *
 * The core's reports build one from the store; the renderers (the receipt
 * printer's 58/80 mm text, CSV, JSON, the A4 PDF, the window's screens and
 * charts) read only this document and never query the store, so every
 * output of one report shows the same figures.
 *
 * Cells are typed, never preformatted: money is fen, points and counts are
 * integers, a share is basis points. A renderer formats them for its medium
 * (money "1,234.50" on paper, "1234.50" in CSV); words in titles and text
 * cells are already in the terminal's language. Ids ("tenders", "cash")
 * are stable English keys for JSON, CSV file names and tests. */
#pragma once

#include <glib-object.h>
#include <stdint.h>
#include <cjson/cJSON.h>

G_BEGIN_DECLS

typedef enum
{
  MPOS_REPORT_TEXT,     /* a label: a tender, a product name, an hour "09" */
  MPOS_REPORT_MONEY,    /* fen */
  MPOS_REPORT_COUNT,    /* sales, lines, members, coupons */
  MPOS_REPORT_POINTS,   /* points */
  MPOS_REPORT_QUANTITY, /* thousandths of a unit: 1500 = 1.5 kg or 1.5 pieces */
  MPOS_REPORT_SHARE,    /* basis points: 1234 = 12.34 % */
} MposReportKind;

typedef struct
{
  MposReportKind kind;
  char *text;    /* MPOS_REPORT_TEXT; NULL is an empty cell */
  int64_t value; /* every other kind */
} MposReportCell;

typedef enum
{
  MPOS_REPORT_ROW_ITEM,  /* an ordinary row */
  MPOS_REPORT_ROW_TOTAL, /* a total of the rows above it (ruled off, bold) */
} MposReportRowStyle;

typedef struct
{
  MposReportRowStyle style;
  MposReportCell *cells; /* n_columns of them */
} MposReportRow;

typedef struct
{
  char *id;            /* "net_sales" */
  char *title;         /* "净销售额" */
  MposReportKind kind; /* the kind its cells have unless a row says otherwise */
} MposReportColumn;

/* What a table is drawn as on screen and in the PDF, beside the figures. */
typedef enum
{
  MPOS_REPORT_CHART_NONE,
  MPOS_REPORT_CHART_BARS,  /* one bar per row: sales by hour, by cashier */
  MPOS_REPORT_CHART_SHARE, /* parts of a whole: tender mix, category share */
} MposReportChart;

typedef struct
{
  char *id;               /* "tenders" */
  char *title;            /* "支付方式" */
  GArray *columns;        /* of MposReportColumn; the first labels the row */
  GArray *rows;           /* of MposReportRow */
  MposReportChart chart;  /* rows' first column labels, chart_column the values */
  guint chart_column;
  char *note;             /* a line under the table ("不含练习模式销售"), or NULL */
} MposReportTable;

typedef struct
{
  char *kind;           /* "x", "z", "sales-by-hour", "members" … */
  char *title;          /* "Z 报表 · 日结" */
  char *store_name;
  char *terminal;       /* the terminal's name or id, or NULL */
  char *business_day;   /* "2026-12-07", or NULL for a period report */
  int64_t from;         /* the period covered, unix seconds, [from, to) */
  int64_t to;
  int64_t number;       /* a Z report's number, a shift's number; 0: none */
  int64_t generated_at; /* when it was made; a reprint keeps the first */
  gboolean training;    /* a training store's figures: every output says so */
  char *time_zone;      /* the store's IANA zone ("Asia/Shanghai"): renderers show
                         * generated_at, from and to in it; NULL: UTC */
  GPtrArray *tables;    /* of MposReportTable */
} MposReport;

GType mpos_report_get_type (void) G_GNUC_CONST;
#define MPOS_TYPE_REPORT (mpos_report_get_type ())

MposReport *mpos_report_new (const char *kind, const char *title);
MposReport *mpos_report_copy (const MposReport *report);
void mpos_report_free (MposReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MposReport, mpos_report_free)

/* Adds an empty table; the report owns it. */
MposReportTable *mpos_report_add_table (MposReport *report, const char *id, const char *title);

/* The table of that id, or NULL. */
const MposReportTable *mpos_report_table (const MposReport *report, const char *id);

/* Columns are added before the first row. */
void mpos_report_table_add_column (MposReportTable *table, const char *id, const char *title,
                                   MposReportKind kind);

/* Appends a row of empty cells of the columns' kinds; returns its index. */
guint mpos_report_table_add_row (MposReportTable *table, MposReportRowStyle style);

void mpos_report_table_set_text (MposReportTable *table, guint row, guint column, const char *text);

/* Sets a figure; kind overrides the column's (a summary table's "value"
 * column mixes money, counts and points). */
void mpos_report_table_set_value (MposReportTable *table, guint row, guint column,
                                  MposReportKind kind, int64_t value);

/* A labelled figure in one call: a row [label, value] of a two-column table.
 * A count or points added under the value column's title 金额 retitles it
 * 数值: a mixed table does not call counts money. */
guint mpos_report_table_add_figure (MposReportTable *table, const char *label, MposReportKind kind,
                                    int64_t value);

const MposReportCell *mpos_report_table_cell (const MposReportTable *table, guint row,
                                              guint column);

/* The figure of the row whose first cell reads label, in column 1; FALSE
 * when there is none. Tests and reconciliations read summaries with it. */
gboolean mpos_report_table_figure (const MposReportTable *table, const char *label,
                                   int64_t *value);

void mpos_report_table_set_chart (MposReportTable *table, MposReportChart chart, guint column);
void mpos_report_table_set_note (MposReportTable *table, const char *note);
/* The line under the table as a manager reads it (to free; NULL for none). */
char *mpos_report_table_note_text (const MposReportTable *table);
/* "无" when a table of columns has no ordinary row (no top sellers on a
 * quiet day, no tax rate sold at), else NULL: an empty section says so
 * rather than showing headings over nothing, where its rows would be —
 * under the headings, above its totals (the first total row, else the end:
 * *before_row). Text, paper, PDF and window show these; JSON and CSV keep
 * the rows as they are. */
const char *mpos_report_table_empty_text (const MposReportTable *table, guint *before_row);

/* {"kind", "title", "store", "terminal", "time_zone", "business_day", "from", "to",
 *  "from_local", "to_local", "number", "generated_at", "generated_at_local", "training",
 *  "tables": [{"id", "title", "chart": "bars"|"share"|null, "chart_column",
 *              "note", "columns": [{"id", "title", "kind"}],
 *              "rows": [{"total": bool, "cells": [...]}]}]}
 * Cells: text as a string (null when empty), money as a string "12.50",
 * share as a string "12.34", every other kind as an integer. "from", "to" and
 * "generated_at" are Unix seconds; their "_local" twins the same instants in
 * ISO 8601 in the store's zone ("2026-12-07T04:00:00+08:00"). A cell whose
 * kind differs from its column's is {"kind", "value"}. */
cJSON *mpos_report_to_json (const MposReport *report);

const char *mpos_report_kind_name (MposReportKind kind);

G_END_DECLS
