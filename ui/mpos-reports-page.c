/* mpos-reports-page.c — the manager's reports screen (mpos-reports-page.h).
 * A report is built in a GTask on a worker thread with its own store handle
 * (one MposStore per thread), so a year's analysis never freezes the till;
 * the staff number and PIN typed here go to the core, which decides whether
 * they may read reports. The Z report closes the day only after the
 * confirmation bar. Printing goes through the till's printer as a receipt;
 * the PDF is written off the main loop too. The analyses cover the period
 * picked above the buttons (today, this week, this month, last month, or
 * two days from the calendars); changing it rebuilds the analysis on
 * screen, charts and all, through the same core calls mallposctl makes. */
#include "core.h"
#include "mpos-reports-page.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <string.h>

#include "clock.h"
#include "mpos-report-view.h"
#include "receipt-settings.h"
#include "report-analysis.h"
#include "report-day.h"
#include "report-format.h"
#include "report-pdf.h"
#include "report-range.h"
#include "report-receipt.h"

/* The dropdown's rows: the core's named ranges, then the calendars. */
#define RANGE_CUSTOM (MPOS_REPORT_RANGE_LAST_MONTH + 1)

struct _MposReportsPage
{
  GtkBox parent_instance;
  MposTill *till;
  MposReport *report;        /* on screen, or NULL */
  GCancellable *cancellable; /* the build or save under way */
  gboolean busy;
  char *analysis;            /* the analysis asked for last, or NULL (X, Z) */
  /* template */
  GtkEditable *report_staff_entry;
  GtkEditable *report_pin_entry;
  GtkRevealer *confirm_revealer;
  GtkLabel *report_status;
  GtkLabel *report_header;
  GtkBox *report_box;
  GtkDropDown *range_dropdown;
  GtkRevealer *custom_revealer;
  GtkMenuButton *from_button, *to_button;
  GtkCalendar *from_calendar, *to_calendar;
};

G_DEFINE_FINAL_TYPE (MposReportsPage, mpos_reports_page, GTK_TYPE_BOX)

typedef struct
{
  char *store_path;
  char *kind; /* "x", "z" or an analysis */
  char *number;
  char *pin;
  guint range;      /* MposReportRange, or RANGE_CUSTOM */
  char from[11], to[11]; /* RANGE_CUSTOM's days, "2026-11-01" */
} BuildJob;

static void
build_job_free (gpointer data)
{
  BuildJob *job = data;

  g_free (job->store_path);
  g_free (job->kind);
  g_free (job->number);
  g_free (job->pin);
  g_free (job);
}

static void
say (MposReportsPage *self, const char *text, gboolean problem)
{
  gtk_label_set_text (self->report_status, text);
  if (problem)
    gtk_widget_add_css_class (GTK_WIDGET (self->report_status), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->report_status), "error");
}

static void
set_busy (MposReportsPage *self, gboolean busy)
{
  self->busy = busy;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.show", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.close-day", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.print", !busy && self->report);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.save-pdf", !busy && self->report);
}

/* ---- building, on a worker thread ---- */

static MposReport *
build (MposStore *store, const BuildJob *job, GError **error)
{
  MposStaffCredential staff = { job->number, job->pin, NULL };
  int64_t now = mpos_clock_now ();

  if (g_str_equal (job->kind, "x"))
    return mpos_report_x (store, &staff, now, error);
  if (g_str_equal (job->kind, "z"))
    return mpos_report_z (store, &staff, NULL, now, error);
  if (job->range == RANGE_CUSTOM)
    return mpos_report_analysis (store, &staff, job->kind, job->from, job->to, now, error);
  return mpos_report_analysis_range (store, &staff, job->kind, (MposReportRange)job->range, now,
                                     error);
}

static void
build_in_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  const BuildJob *job = data;
  MposStoreOptions options = { .create = FALSE };
  GError *error = NULL;
  mpos_core_init ();
  g_autoptr (MposStore) store = mpos_store_open (job->store_path, &options, &error);
  MposReport *report = store != NULL ? build (store, job, &error) : NULL;

  if (report == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, report, (GDestroyNotify)mpos_report_free);
}

/* "万达广场店 · X 报表 · 营业日 2026-12-07 · 练习模式" */
static void
show_header (MposReportsPage *self)
{
  g_autoptr (GTimeZone) zone = mpos_report_time_zone (self->report);
  g_autofree char *period = mpos_report_format_days (self->report, zone);
  g_autoptr (GString) text = g_string_new (self->report->title);

  if (self->report->store_name != NULL)
    g_string_append_printf (text, " · %s", self->report->store_name);
  if (period != NULL)
    g_string_append_printf (text,
                            self->report->business_day != NULL ? _ (" · Business day %s")
                                                                : _ (" · Period %s"),
                            period);
  if (self->report->number > 0)
    g_string_append_printf (text, _ (" · No. %lld"), (long long)self->report->number);
  if (self->report->training)
    g_string_append_printf (text, " · %s", _ ("Training mode: not business figures"));
  gtk_label_set_text (self->report_header, text->str);
}

static void
on_built (GObject *source, GAsyncResult *result, gpointer data)
{
  MposReportsPage *self = MPOS_REPORTS_PAGE (source);
  g_autoptr (GError) error = NULL;
  MposReport *report = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  if (report == NULL)
    {
      set_busy (self, FALSE);
      say (self, error->message, TRUE);
      return;
    }
  g_clear_pointer (&self->report, mpos_report_free);
  self->report = report;
  set_busy (self, FALSE);
  show_header (self);
  mpos_report_view_fill (self->report_box, report);
  say (self, "", FALSE);
}

/* The calendar's day as "2026-11-01" (out holds 11 bytes). */
static void
calendar_day (GtkCalendar *calendar, char *out)
{
  g_autoptr (GDateTime) date = gtk_calendar_get_date (calendar);

  g_snprintf (out, 11, "%04d-%02d-%02d", g_date_time_get_year (date),
              g_date_time_get_month (date), g_date_time_get_day_of_month (date));
}

static void
start_build (MposReportsPage *self, const char *kind)
{
  BuildJob *job = g_new0 (BuildJob, 1);
  g_autoptr (GTask) task = NULL;

  job->store_path = g_strdup (mpos_store_path (mpos_till_get_store (self->till)));
  job->kind = g_strdup (kind);
  job->number = g_strdup (gtk_editable_get_text (self->report_staff_entry));
  job->pin = g_strdup (gtk_editable_get_text (self->report_pin_entry));
  job->range = gtk_drop_down_get_selected (self->range_dropdown);
  calendar_day (self->from_calendar, job->from);
  calendar_day (self->to_calendar, job->to);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, on_built, NULL);
  g_task_set_task_data (task, job, build_job_free);
  set_busy (self, TRUE);
  say (self, _ ("Building the report…"), FALSE);
  g_task_run_in_thread (task, build_in_thread);
}

/* Custom dates: the first day on or before the last, else said here. */
static gboolean
custom_days_ok (MposReportsPage *self)
{
  char from[11], to[11];

  if (gtk_drop_down_get_selected (self->range_dropdown) != RANGE_CUSTOM)
    return TRUE;
  calendar_day (self->from_calendar, from);
  calendar_day (self->to_calendar, to);
  if (strcmp (from, to) <= 0)
    return TRUE;
  /* an analysis of the dates picked before must not land after this */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);
  say (self, _ ("The first day is after the last: choose the dates again."), TRUE);
  return FALSE;
}

static void
action_show (GtkWidget *widget, const char *name, GVariant *param)
{
  MposReportsPage *self = MPOS_REPORTS_PAGE (widget);
  const char *kind = g_variant_get_string (param, NULL);

  if (gtk_editable_get_text (self->report_staff_entry)[0] == '\0')
    {
      say (self, _ ("Type the manager's staff number and PIN first."), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->report_staff_entry));
      return;
    }
  if (g_str_equal (kind, "z"))
    {
      gtk_revealer_set_reveal_child (self->confirm_revealer, TRUE);
      return;
    }
  gtk_revealer_set_reveal_child (self->confirm_revealer, FALSE);
  g_free (self->analysis);
  self->analysis = g_str_equal (kind, "x") ? NULL : g_strdup (kind);
  if (self->analysis != NULL && !custom_days_ok (self))
    return;
  start_build (self, kind);
}

/* ---- the period of the analyses ---- */

static void
rebuild_analysis (MposReportsPage *self)
{
  if (self->analysis == NULL || gtk_editable_get_text (self->report_staff_entry)[0] == '\0'
      || !custom_days_ok (self))
    return;
  start_build (self, self->analysis);
}

static void
on_range_changed (GObject *dropdown, GParamSpec *pspec, gpointer data)
{
  MposReportsPage *self = data;

  gtk_revealer_set_reveal_child (self->custom_revealer,
                                 gtk_drop_down_get_selected (self->range_dropdown) == RANGE_CUSTOM);
  rebuild_analysis (self);
}

static void
show_day (GtkCalendar *calendar, GtkMenuButton *button)
{
  char day[11];

  calendar_day (calendar, day);
  gtk_menu_button_set_label (button, day);
}

static void
on_day_selected (GtkCalendar *calendar, gpointer data)
{
  MposReportsPage *self = data;
  GtkMenuButton *button = calendar == self->from_calendar ? self->from_button : self->to_button;

  show_day (calendar, button);
  gtk_menu_button_popdown (button);
  rebuild_analysis (self);
}

/* Both calendars on the clock's day (MALLPOS_NOW in a training store). */
static void
reset_calendars (MposReportsPage *self)
{
  g_autoptr (GDateTime) today = g_date_time_new_from_unix_local (mpos_clock_now ());

  gtk_calendar_select_day (self->from_calendar, today);
  gtk_calendar_select_day (self->to_calendar, today);
  show_day (self->from_calendar, self->from_button);
  show_day (self->to_calendar, self->to_button);
}

static void
action_close_day (GtkWidget *widget, const char *name, GVariant *param)
{
  MposReportsPage *self = MPOS_REPORTS_PAGE (widget);

  gtk_revealer_set_reveal_child (self->confirm_revealer, FALSE);
  start_build (self, "z");
}

static void
action_cancel_close (GtkWidget *widget, const char *name, GVariant *param)
{
  MposReportsPage *self = MPOS_REPORTS_PAGE (widget);

  gtk_revealer_set_reveal_child (self->confirm_revealer, FALSE);
  say (self, _ ("The day stays open."), FALSE);
}

/* ---- print and PDF ---- */

static MposReceiptLanguage
receipt_language (MposReportsPage *self)
{
  g_auto (MposReceiptSettings) settings = { 0 };

  if (!mpos_receipt_settings_load (mpos_till_get_store (self->till), &settings, NULL))
    return MPOS_RECEIPT_LANGUAGE_ZH_CN;
  return settings.language;
}

static void
action_print (GtkWidget *widget, const char *name, GVariant *param)
{
  MposReportsPage *self = MPOS_REPORTS_PAGE (widget);
  g_autoptr (MposReceipt) receipt = NULL;

  if (self->report == NULL)
    return;
  receipt = mpos_report_receipt (self->report, receipt_language (self), NULL);
  mpos_till_printer_print (mpos_till_get_printer (self->till), receipt);
  say (self, _ ("Sent to the receipt printer."), FALSE);
}

/* $MALLPOS_REPORT_DIR, else the Documents folder's mallpos-reports. */
static char *
pdf_folder (void)
{
  const char *dir = g_getenv ("MALLPOS_REPORT_DIR");
  const char *documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);

  if (dir != NULL && dir[0] != '\0')
    return g_strdup (dir);
  return g_build_filename (documents != NULL ? documents : g_get_home_dir (), "mallpos-reports",
                           NULL);
}

typedef struct
{
  MposReport *report;
  MposReportRenderOptions options;
  char *path;
} SaveJob;

static void
save_job_free (gpointer data)
{
  SaveJob *job = data;

  mpos_report_free (job->report);
  g_free (job->path);
  g_free (job);
}

static void
save_in_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  SaveJob *job = data;
  g_autofree char *folder = g_path_get_dirname (job->path);
  GError *error = NULL;

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (errno),
                               _ ("Cannot make the folder %s: %s"), folder, g_strerror (errno));
      return;
    }
  if (!mpos_report_pdf_save (job->report, &job->options, job->path, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_saved (GObject *source, GAsyncResult *result, gpointer data)
{
  MposReportsPage *self = MPOS_REPORTS_PAGE (source);
  SaveJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;

  set_busy (self, FALSE);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      say (self, error->message, TRUE);
      return;
    }
  text = g_strdup_printf (_ ("Saved as %s"), job->path);
  say (self, text, FALSE);
}

static void
action_save_pdf (GtkWidget *widget, const char *name, GVariant *param)
{
  MposReportsPage *self = MPOS_REPORTS_PAGE (widget);
  SaveJob *job;
  g_autoptr (GTask) task = NULL;
  g_autoptr (GDateTime) now = NULL;
  g_autofree char *folder = NULL, *stamp = NULL, *file = NULL;

  if (self->report == NULL)
    return;
  now = g_date_time_new_now_local ();
  stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  file = g_strdup_printf ("%s-%s.pdf", self->report->kind, stamp);
  folder = pdf_folder ();
  job = g_new0 (SaveJob, 1);
  job->report = mpos_report_copy (self->report);
  job->options.language = receipt_language (self);
  job->path = g_build_filename (folder, file, NULL);
  task = g_task_new (self, NULL, on_saved, NULL);
  g_task_set_task_data (task, job, save_job_free);
  set_busy (self, TRUE);
  say (self, _ ("Saving the PDF…"), FALSE);
  g_task_run_in_thread (task, save_in_thread);
}

/* ---- the class ---- */

void
mpos_reports_page_set_till (MposReportsPage *self, MposTill *till)
{
  g_set_object (&self->till, till);
}

void
mpos_reports_page_start (MposReportsPage *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->report, mpos_report_free);
  g_clear_pointer (&self->analysis, g_free);
  gtk_editable_set_text (self->report_pin_entry, "");
  reset_calendars (self);
  gtk_revealer_set_reveal_child (self->confirm_revealer, FALSE);
  gtk_label_set_text (self->report_header, "");
  mpos_report_view_fill (self->report_box, NULL);
  set_busy (self, FALSE);
  say (self, _ ("Type the manager's staff number and PIN, then choose a report."), FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->report_staff_entry));
}

const MposReport *
mpos_reports_page_get_report (MposReportsPage *self)
{
  return self->report;
}

gboolean
mpos_reports_page_is_busy (MposReportsPage *self)
{
  return self->busy;
}

static void
mpos_reports_page_dispose (GObject *object)
{
  MposReportsPage *self = MPOS_REPORTS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->report, mpos_report_free);
  g_clear_pointer (&self->analysis, g_free);
  g_clear_object (&self->till);
  gtk_widget_dispose_template (GTK_WIDGET (object), MPOS_TYPE_REPORTS_PAGE);
  G_OBJECT_CLASS (mpos_reports_page_parent_class)->dispose (object);
}

static void
mpos_reports_page_class_init (MposReportsPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = mpos_reports_page_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/mallpos/Till/mpos-reports-page.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, MposReportsPage, name)
  BIND (report_staff_entry);
  BIND (report_pin_entry);
  BIND (confirm_revealer);
  BIND (report_status);
  BIND (report_header);
  BIND (report_box);
  BIND (range_dropdown);
  BIND (custom_revealer);
  BIND (from_button);
  BIND (to_button);
  BIND (from_calendar);
  BIND (to_calendar);
#undef BIND
  gtk_widget_class_install_action (widget_class, "reports.show", "s", action_show);
  gtk_widget_class_install_action (widget_class, "reports.close-day", NULL, action_close_day);
  gtk_widget_class_install_action (widget_class, "reports.cancel-close", NULL, action_cancel_close);
  gtk_widget_class_install_action (widget_class, "reports.print", NULL, action_print);
  gtk_widget_class_install_action (widget_class, "reports.save-pdf", NULL, action_save_pdf);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_x, GDK_ALT_MASK, "reports.show", "s",
                                       "x");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_ALT_MASK, "reports.show", "s",
                                       "z");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "reports.print",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "reports.save-pdf", NULL);
}

static void
mpos_reports_page_init (MposReportsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  set_busy (self, FALSE);
  reset_calendars (self);
  g_signal_connect (self->range_dropdown, "notify::selected", G_CALLBACK (on_range_changed), self);
  g_signal_connect (self->from_calendar, "day-selected", G_CALLBACK (on_day_selected), self);
  g_signal_connect (self->to_calendar, "day-selected", G_CALLBACK (on_day_selected), self);
}
