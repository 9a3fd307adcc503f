/* receipt-table.h — a table of figures on a receipt (a manager's report on
 * the receipt printer): a label column and right-aligned figure columns,
 * laid out for the paper it prints on. On 80 mm paper a row is one line; on
 * 58 mm a row whose figures leave no room for its label puts the label on
 * a line of its own, and figures that do not fit side by side go one under
 * the other with their headings. CJK counts double, as everywhere. */
#pragma once

#include <glib.h>

#include "text-codec.h"

G_BEGIN_DECLS

typedef struct
{
  gboolean total; /* a total of the rows above: ruled off */
  GStrv cells;    /* n_columns texts, already formatted ("1,234.50"); "" when empty */
} MposReceiptTableRow;

typedef struct
{
  char *title;    /* "支付方式", may be NULL */
  GStrv headings; /* n_columns: the first heads the labels */
  guint n_columns;
  GPtrArray *rows; /* of MposReceiptTableRow* */
  char *note;      /* printed under the table, may be NULL */
  char *empty;     /* "无": printed where the rows would be, above the totals; may be NULL */
} MposReceiptTable;

/* A table of these headings (at least one); texts are copied and cleaned
 * of control characters. */
MposReceiptTable *mpos_receipt_table_new (const char *title, const char *const *headings);
void mpos_receipt_table_free (MposReceiptTable *table);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MposReceiptTable, mpos_receipt_table_free)

/* Appends a row of n_columns cells (NULL cells print empty). */
void mpos_receipt_table_add_row (MposReceiptTable *table, gboolean total, const char *const *cells);
void mpos_receipt_table_set_note (MposReceiptTable *table, const char *note);
void mpos_receipt_table_set_empty (MposReceiptTable *table, const char *empty);

/* Appends the table to `out`, `columns` wide, each line ending in '\n',
 * widths measured as `codec` prints them (NULL: as a terminal shows them). */
void mpos_receipt_table_render (const MposReceiptTable *table, GString *out, guint columns,
                                MposTextCodec *codec);

/* The columns the table needs to put every row on one line: its widest
 * label and its figure columns (a screen's text, where no paper limits). */
guint mpos_receipt_table_natural_width (const MposReceiptTable *table, MposTextCodec *codec);

G_END_DECLS
