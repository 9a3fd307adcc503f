/* mpos-sign-in-page.c — sign-in and unlock (mpos-sign-in-page.h). The
 * shared number pad (mpos-number-pad.h) types into whichever of the two
 * fields had the cursor last; Enter in the number (or the pad's ⏎) moves on
 * to the PIN, Enter in the PIN (or ⏎ there) signs in.
 * A staff card read on the card reader stands for the number: alone where
 * the store's policy allows it (staff_card_alone), else it waits for the
 * PIN. */
#include "mpos-sign-in-page.h"

#include "mpos-number-pad.h"
#include "mpos-staff-check.h"
#include "staff.h"

#include <glib/gi18n.h>
#include <string.h>

struct _MposSignInPage
{
  GtkBox parent_instance;
  MposTill *till;
  GCancellable *cancellable; /* the PIN check under way, if any */
  gboolean checking;
  char *card; /* a staff card read, waiting for its PIN */
  /* template */
  GtkLabel *locked_label;
  GtkEntry *number_entry;
  GtkPasswordEntry *pin_entry;
  MposNumberPad *pad;
  GtkLabel *sign_in_problem;
};

enum
{
  SIGNAL_SIGNED_IN,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (MposSignInPage, mpos_sign_in_page, GTK_TYPE_BOX)

/* While the PIN is checked the fields and the pad wait (a second Enter
 * would count a second wrong PIN); the rest of the window goes on. */
static void
set_checking (MposSignInPage *self, gboolean checking)
{
  self->checking = checking;
  /* not insensitive: the field with the cursor keeps it */
  gtk_editable_set_editable (GTK_EDITABLE (self->number_entry), !checking);
  gtk_editable_set_editable (GTK_EDITABLE (self->pin_entry), !checking);
  gtk_widget_set_sensitive (GTK_WIDGET (self->pad), !checking);
  if (checking)
    gtk_label_set_text (self->sign_in_problem, _ ("Checking the PIN…"));
}

static void
forget_card (MposSignInPage *self)
{
  if (self->card)
    memset (self->card, 0, strlen (self->card));
  g_clear_pointer (&self->card, g_free);
}

static void
on_checked (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (MposSignInPage) self = user_data;
  g_autoptr (GError) error = NULL;
  g_auto (MposStaff) staff = { 0 };
  gboolean ok = mpos_staff_check_finish (result, &staff, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->till == NULL)
    return;
  set_checking (self, FALSE);
  if (!ok)
    {
      /* a card the store wants the PIN with waits for it; any other refusal
       * forgets the card (it is read again) */
      if (!g_error_matches (error, MPOS_STAFF_ERROR, MPOS_STAFF_ERROR_REQUIRED))
        forget_card (self);
      gtk_label_set_text (self->sign_in_problem, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->pin_entry));
      return;
    }
  forget_card (self);
  gtk_label_set_text (self->sign_in_problem, "");
  mpos_till_set_cashier (self->till, staff.number, staff.name);
  g_signal_emit (self, signals[SIGNAL_SIGNED_IN], 0);
}

static void
sign_in (MposSignInPage *self)
{
  g_autofree char *number
      = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->number_entry))));
  const char *store_path = mpos_store_path (mpos_till_get_store (self->till));
  const char *pin = gtk_editable_get_text (GTK_EDITABLE (self->pin_entry));
  MposStaffCredential credential = { number, pin, self->card };

  if (self->checking)
    return;
  if (number[0] == '\0' && self->card == NULL)
    {
      gtk_label_set_text (self->sign_in_problem,
                          _ ("Type your staff number first, or put your staff card on the reader."));
      gtk_widget_grab_focus (GTK_WIDGET (self->number_entry));
      return;
    }
  set_checking (self, TRUE);
  mpos_staff_check_async (store_path, &credential, self->cancellable, on_checked,
                          g_object_ref (self));
  gtk_editable_set_text (GTK_EDITABLE (self->pin_entry), ""); /* never kept */
}

void
mpos_sign_in_page_card (MposSignInPage *self, const char *code)
{
  if (self->checking)
    return;
  forget_card (self);
  self->card = g_strdup (code);
  gtk_editable_set_text (GTK_EDITABLE (self->number_entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->pin_entry));
  sign_in (self); /* with the PIN already typed, or alone where the store allows */
}

gboolean
mpos_sign_in_page_is_checking (MposSignInPage *self)
{
  return self->checking;
}

static void
on_number_changed (GtkEditable *entry, MposSignInPage *self)
{
  if (gtk_editable_get_text (entry)[0] != '\0')
    forget_card (self); /* a number typed: no card any more */
}

static void
on_number_activate (GtkEntry *entry, MposSignInPage *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->pin_entry));
}

static void
on_pin_activate (GtkPasswordEntry *entry, MposSignInPage *self)
{
  sign_in (self);
}

static void
mpos_sign_in_page_dispose (GObject *object)
{
  MposSignInPage *self = MPOS_SIGN_IN_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  forget_card (self);
  g_clear_object (&self->till);
  G_OBJECT_CLASS (mpos_sign_in_page_parent_class)->dispose (object);
}

static void
mpos_sign_in_page_class_init (MposSignInPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = mpos_sign_in_page_dispose;
  g_type_ensure (MPOS_TYPE_NUMBER_PAD);
  signals[SIGNAL_SIGNED_IN] = g_signal_new ("signed-in", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/mallpos/Till/mpos-sign-in-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MposSignInPage, locked_label);
  gtk_widget_class_bind_template_child (widget_class, MposSignInPage, number_entry);
  gtk_widget_class_bind_template_child (widget_class, MposSignInPage, pin_entry);
  gtk_widget_class_bind_template_child (widget_class, MposSignInPage, pad);
  gtk_widget_class_bind_template_child (widget_class, MposSignInPage, sign_in_problem);
}

static void
mpos_sign_in_page_init (MposSignInPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  g_signal_connect (self->number_entry, "activate", G_CALLBACK (on_number_activate), self);
  g_signal_connect (self->number_entry, "changed", G_CALLBACK (on_number_changed), self);
  g_signal_connect (self->pin_entry, "activate", G_CALLBACK (on_pin_activate), self);
  mpos_number_pad_track (self->pad, GTK_WIDGET (self->number_entry));
  mpos_number_pad_track (self->pad, GTK_WIDGET (self->pin_entry));
}

void
mpos_sign_in_page_set_till (MposSignInPage *self, MposTill *till)
{
  g_set_object (&self->till, till);
}

void
mpos_sign_in_page_start (MposSignInPage *self, const char *locked_by)
{
  g_autofree char *text = locked_by ? g_strdup_printf (_ ("Locked by %s. The open sale is kept: "
                                                          "sign in to go on."),
                                                       locked_by)
                                    : NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->locked_label), text != NULL);
  gtk_label_set_text (self->locked_label, text ? text : "");
  forget_card (self);
  gtk_editable_set_text (GTK_EDITABLE (self->number_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->pin_entry), "");
  gtk_label_set_text (self->sign_in_problem, "");
  gtk_widget_grab_focus (GTK_WIDGET (self->number_entry));
}
