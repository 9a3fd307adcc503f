/* catalog-import.h — bringing the catalog in from IT's files: SKUs (CSV or
 * JSON) and scheduled prices (CSV). A bad file imports nothing unless the
 * caller asks to skip bad rows; every bad row is reported by its line. */
#pragma once

#include <glib.h>
#include "store.h"

G_BEGIN_DECLS

#define MPOS_IMPORT_ERROR (mpos_import_error_quark ())
GQuark mpos_import_error_quark (void);

typedef enum
{
  MPOS_IMPORT_ERROR_FORMAT,   /* not CSV/JSON of the expected shape (header, columns) */
  MPOS_IMPORT_ERROR_BAD_ROWS, /* some rows are bad; see the report; nothing imported */
  MPOS_IMPORT_ERROR_TOO_LARGE,
} MposImportError;

/* Flags. */
typedef enum
{
  MPOS_IMPORT_ALL_OR_NOTHING = 0,
  MPOS_IMPORT_SKIP_BAD_ROWS = 1 << 0,
  /* The catalog's stock column is a count for existing SKUs too: each
   * stock becomes the file's figure through an adjustment movement. Without
   * it only a new SKU takes the figure (as its opening stock). */
  MPOS_IMPORT_SET_STOCK = 1 << 1,
} MposImportMode;

typedef enum
{
  MPOS_IMPORT_CATALOG, /* sku,product,name,spec,category,unit,barcodes,plu,price,member_prices,tax_rate,stock[,pinyin] */
  MPOS_IMPORT_PRICES,  /* sku,price[,level],effective_from[,effective_to] */
} MposImportKind;

typedef struct
{
  guint line; /* CSV: 1-based line; JSON: 1-based item number */
  char *message;
} MposImportProblem;

/* What an import changed. A catalog row is created (a new SKU), updated
 * (its product, SKU, barcodes or catalog prices differed) or unchanged. */
typedef struct
{
  guint rows_imported;
  guint rows_rejected;
  GPtrArray *problems; /* of MposImportProblem* */
  guint created;
  guint updated;
  guint unchanged;
  guint stock_opened;   /* new SKUs given their opening stock */
  guint stock_adjusted; /* SKUs counted to the file's figure (MPOS_IMPORT_SET_STOCK) */
  guint stock_ignored;  /* existing SKUs whose stock differs from the file's, left as is */
  guint prices_added;   /* price rows in effect now (prices files) */
  guint prices_scheduled; /* price rows that take effect later */
  GPtrArray *scheduled; /* of MposImportProblem*: the rows scheduled for later, by line */
} MposImportReport;

void mpos_import_report_init (MposImportReport *report);
void mpos_import_report_clear (MposImportReport *report);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MposImportReport, mpos_import_report_clear)

/* Largest file accepted (bytes). */
#define MPOS_IMPORT_MAX_BYTES ((gsize) 1 << 30)

gboolean mpos_import_csv (MposStore *store, MposImportKind kind, const char *data, gsize length,
                          MposImportMode mode, MposImportReport *report, GError **error);

/* {"skus":[{"sku":"100001","name":"…","category":"…","unit":"piece","price":"3.50",
 *   "barcodes":["690…"],"member_prices":{"gold":"3.20"},"tax_rate":"13%","stock":12}, …]}
 * Money is always a string ("3.50"), never a JSON number. */
gboolean mpos_import_catalog_json (MposStore *store, const char *data, gsize length,
                                   MposImportMode mode, MposImportReport *report, GError **error);

G_END_DECLS
