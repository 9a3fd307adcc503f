/* mpos-sync-page.c — the sync status screen (mpos-sync-page.h). */
#include "mpos-sync-page.h"

#include "mpos-format.h"
#include "sync-state.h"

#include <glib/gi18n.h>

#define TIME_FORMAT "%Y-%m-%d %H:%M"

struct _MposSyncPage
{
  GtkBox parent_instance;
  MposTill *till;
  /* template */
  GtkLabel *sync_state;
  GtkLabel *sync_pending;
  GtkLabel *sync_last_success;
  GtkLabel *sync_offline_since;
  GtkLabel *sync_last_error;
  GtkLabel *exceptions_title;
  GtkListBox *sync_exceptions;
  GtkButton *refresh_button;
};

G_DEFINE_FINAL_TYPE (MposSyncPage, mpos_sync_page, GTK_TYPE_BOX)

/* The state in one sentence with what to do about it. */
static char *
state_text (const MposSyncStatus *status)
{
  if (!status->enrolled)
    return g_strdup (_ ("Not connected to a centre: sales are kept here. IT connects the till "
                        "with `mallposctl sync enrol`."));
  if (status->stopped)
    return g_strdup_printf (_ ("● Stopped: %s. Sales go on and are kept here; call IT."),
                            status->stopped);
  if (status->offline_since > 0)
    return g_strdup (_ ("● Offline: sales go on and are sent when the centre answers again."));
  return g_strdup_printf (_ ("● Online with %s (terminal %s)"), status->url, status->terminal);
}

static char *
time_or_never (MposStore *store, int64_t when)
{
  return when > 0 ? mpos_format_store_time (store, when, TIME_FORMAT) : g_strdup (_ ("never"));
}

static void
show_status (MposSyncPage *self, MposStore *store, const MposSyncStatus *status)
{
  g_autofree char *state = state_text (status);
  g_autofree char *pending
      = g_strdup_printf ("%" G_GINT64_FORMAT, status->journal_seq - status->pushed_seq);
  g_autofree char *success = time_or_never (store, status->last_success);
  g_autofree char *offline = status->offline_since > 0
                                 ? mpos_format_store_time (store, status->offline_since, TIME_FORMAT)
                                 : g_strdup ("—");

  gtk_label_set_text (self->sync_state, state);
  gtk_label_set_text (self->sync_pending, pending);
  gtk_label_set_text (self->sync_last_success, success);
  gtk_label_set_text (self->sync_offline_since, offline);
  gtk_label_set_text (self->sync_last_error, status->last_error ? status->last_error : "—");
}

static void
clear_exceptions (MposSyncPage *self)
{
  GtkWidget *row;

  while ((row = gtk_widget_get_first_child (GTK_WIDGET (self->sync_exceptions))) != NULL)
    gtk_list_box_remove (self->sync_exceptions, row);
}

/* "No. 12 · sale · 2026-11-23 10:02 · why the centre refused it" */
static void
add_exception (MposSyncPage *self, MposStore *store, const MposSyncException *x)
{
  g_autofree char *when = mpos_format_store_time (store, x->raised_at, TIME_FORMAT);
  g_autofree char *text = g_strdup_printf (_ ("Entry %lld · %s · %s\n%s"), (long long) x->seq,
                                           x->kind, when, x->reason ? x->reason : "");
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_list_box_append (self->sync_exceptions, label);
}

static void
show_exceptions (MposSyncPage *self, MposStore *store)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) open = mpos_sync_exceptions (store, TRUE, &error);
  g_autofree char *title = NULL;

  clear_exceptions (self);
  if (open == NULL)
    {
      gtk_label_set_text (self->exceptions_title, error->message);
      return;
    }
  title = open->len == 0 ? g_strdup (_ ("No exceptions: the centre took every entry."))
                         : g_strdup_printf (ngettext ("Exceptions: %u entry the centre refused "
                                                      "(a manager resolves it with `mallposctl "
                                                      "sync exceptions`)",
                                                      "Exceptions: %u entries the centre refused "
                                                      "(a manager resolves them with `mallposctl "
                                                      "sync exceptions`)",
                                                      open->len),
                                            open->len);
  gtk_label_set_text (self->exceptions_title, title);
  for (guint i = 0; i < open->len; i++)
    add_exception (self, store, g_ptr_array_index (open, i));
}

void
mpos_sync_page_refresh (MposSyncPage *self)
{
  MposStore *store = mpos_till_get_store (self->till);
  g_auto (MposSyncStatus) status = { 0 };
  g_autoptr (GError) error = NULL;

  if (!mpos_sync_status_load (store, &status, &error))
    {
      gtk_label_set_text (self->sync_state, error->message);
      return;
    }
  show_status (self, store, &status);
  show_exceptions (self, store);
}

static void
on_refresh (GtkButton *button, MposSyncPage *self)
{
  mpos_sync_page_refresh (self);
}

void
mpos_sync_page_set_till (MposSyncPage *self, MposTill *till)
{
  g_set_object (&self->till, till);
}

static void
mpos_sync_page_dispose (GObject *object)
{
  g_clear_object (&MPOS_SYNC_PAGE (object)->till);
  G_OBJECT_CLASS (mpos_sync_page_parent_class)->dispose (object);
}

static void
mpos_sync_page_class_init (MposSyncPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = mpos_sync_page_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/cn/mallpos/Till/mpos-sync-page.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, MposSyncPage, name)
  BIND (sync_state);
  BIND (sync_pending);
  BIND (sync_last_success);
  BIND (sync_offline_since);
  BIND (sync_last_error);
  BIND (exceptions_title);
  BIND (sync_exceptions);
  BIND (refresh_button);
#undef BIND
}

static void
mpos_sync_page_init (MposSyncPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self->refresh_button, "clicked", G_CALLBACK (on_refresh), self);
}
