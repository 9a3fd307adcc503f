/* report-private.h — what the report builders (report-day.c, report-z.c,
 * report-analysis.c) share: business days as report periods, the document
 * header every report carries, and the day's figures X and Z both show. */
#pragma once

#include "report-day.h"
#include "report-summary.h"
#include "store-private.h"

G_BEGIN_DECLS

/* "2026-12-07" or "20261207" → "20261207" (out holds 9 bytes); INVALID,
 * naming `what` ("--from") and the form expected, for anything else. */
gboolean mpos_report_day_parse (const char *text, const char *what, char *out, GError **error);

/* The first instant (UTC) of business day "20261207": its local midnight
 * plus the store's cut-off hour. */
int64_t mpos_report_day_start (MposStore *store, const char *day);

/* A new report of `kind` over business days day_from … day_to: the store's
 * name, the terminal, the period, training, generated_at = now. */
MposReport *mpos_report_begin (MposStore *store, const char *kind, const char *title,
                               const char *day_from, const char *day_to, int64_t now,
                               GError **error);

/* The day's figures (report-day.h's tables) into `report`. */
gboolean mpos_report_add_day_tables (MposStore *store, MposReport *report, const char *day,
                                     GError **error);

/* report_access for `staff`, as the store's policy says (cashiers may or
 * not); audited as `audit_action` when given. */
gboolean mpos_report_authorize (MposStore *store, const MposStaffCredential *staff,
                                const char *audit_action, const char *ref, GError **error);

/* A table of figures: columns "label" (text) and "value" (money). */
MposReportTable *mpos_report_add_figures (MposReport *report, const char *id, const char *title);

/* The tenders in the order every report lists them, with their words. */
typedef struct
{
  const char *type, *label;
} MposReportTender;
#define MPOS_REPORT_N_TENDERS 7
extern const MposReportTender mpos_report_tenders[MPOS_REPORT_N_TENDERS];


G_END_DECLS
