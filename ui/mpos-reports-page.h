/* mpos-reports-page.h — the manager's reports screen: X report, Z report
 * (after a confirmation), analyses with their charts, each printed on the
 * receipt printer or saved as an A4 PDF. The core decides who may read
 * reports: the page asks for a staff number and PIN and passes them on. */
#pragma once

#include <gtk/gtk.h>

#include "mpos-till.h"
#include "report.h"

G_BEGIN_DECLS

#define MPOS_TYPE_REPORTS_PAGE (mpos_reports_page_get_type ())
G_DECLARE_FINAL_TYPE (MposReportsPage, mpos_reports_page, MPOS, REPORTS_PAGE, GtkBox)

void mpos_reports_page_set_till (MposReportsPage *self, MposTill *till);
/* Shown afresh: the credential asked again, no report on screen. */
void mpos_reports_page_start (MposReportsPage *self);
/* The report on screen, or NULL (for tests). */
const MposReport *mpos_reports_page_get_report (MposReportsPage *self);
/* TRUE while a report is being built off the main loop. */
gboolean mpos_reports_page_is_busy (MposReportsPage *self);

G_END_DECLS
