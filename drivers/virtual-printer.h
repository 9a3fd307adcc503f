/* virtual-printer.h — the embedded default receipt printer: it takes the same
 * ESC/POS bytes as a real one, answers DLE EOT, and writes every page (up to
 * each cut) into a folder as NNNN.txt and NNNN.png, drawn from those bytes
 * with cairo and pango, so anyone can look at a receipt without hardware. */
#pragma once

#include "escpos-interpreter.h"
#include "receipt-printer.h"

G_BEGIN_DECLS

typedef enum
{
  MPOS_VIRTUAL_PAPER_OK,
  MPOS_VIRTUAL_PAPER_NEAR_END,
  MPOS_VIRTUAL_PAPER_OUT,
} MposVirtualPaper;

typedef struct _MposVirtualPrinter MposVirtualPrinter;

/* Pages go to `output_dir` (created when the printer is claimed). */
MposVirtualPrinter *mpos_virtual_printer_new (const char *output_dir, MposPrinterProfile *profile);
MposVirtualPrinter *mpos_virtual_printer_ref (MposVirtualPrinter *printer);
void mpos_virtual_printer_unref (MposVirtualPrinter *printer);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MposVirtualPrinter, mpos_virtual_printer_unref)

/* The device: a receipt printer whose port is this virtual printer. */
MposReceiptPrinter *mpos_virtual_printer_new_device (MposVirtualPrinter *printer, const char *name);

/* The virtual printer behind a device made by mpos_virtual_printer_new_device,
 * or NULL for any other printer. */
MposVirtualPrinter *mpos_virtual_printer_get_for_device (MposReceiptPrinter *device);

/* $MALLPOS_RECEIPT_DIR, else $XDG_DATA_HOME/mallpos/receipts. */
char *mpos_virtual_printer_default_dir (void);

/* Simulated conditions, for demos and tests (any thread). */
void mpos_virtual_printer_set_paper (MposVirtualPrinter *printer, MposVirtualPaper paper);
void mpos_virtual_printer_set_cover_open (MposVirtualPrinter *printer, gboolean open);
void mpos_virtual_printer_set_drawer_open (MposVirtualPrinter *printer, gboolean open);
gboolean mpos_virtual_printer_get_drawer_open (MposVirtualPrinter *printer);
guint mpos_virtual_printer_get_drawer_kicks (MposVirtualPrinter *printer);
guint mpos_virtual_printer_get_pages_written (MposVirtualPrinter *printer);
/* Paths of the last page written (NULL before the first). */
char *mpos_virtual_printer_dup_last_png (MposVirtualPrinter *printer);
char *mpos_virtual_printer_dup_last_txt (MposVirtualPrinter *printer);

/* Draws one page at its paper width: white paper, black ink. */
gboolean mpos_virtual_printer_render_png (const MposEscposPage *page, const char *path,
                                          GError **error);

G_END_DECLS
