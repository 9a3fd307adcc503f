/* mpos-number-pad.c — the on-screen pad (mpos-number-pad.h): 7 8 9 ⌫ /
 * 4 5 6 % / 1 2 3 . / 0 00 OK, big enough for a thumb. */
#include "mpos-number-pad.h"

#include <string.h>

struct _MposNumberPad
{
  GtkGrid parent_instance;
  GtkWidget *target; /* weak: the tracked field that last had the cursor */
};

G_DEFINE_FINAL_TYPE (MposNumberPad, mpos_number_pad, GTK_TYPE_GRID)

static void
set_target (MposNumberPad *self, GtkWidget *field)
{
  if (self->target)
    g_object_remove_weak_pointer (G_OBJECT (self->target), (gpointer *) &self->target);
  self->target = field;
  if (field)
    g_object_add_weak_pointer (G_OBJECT (field), (gpointer *) &self->target);
}

static void
on_focus_enter (GtkEventControllerFocus *focus, MposNumberPad *self)
{
  set_target (self, gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (focus)));
}

void
mpos_number_pad_track (MposNumberPad *self, GtkWidget *field)
{
  GtkEventController *focus = gtk_event_controller_focus_new ();

  g_return_if_fail (GTK_IS_EDITABLE (field));
  g_signal_connect_object (focus, "enter", G_CALLBACK (on_focus_enter), self, 0);
  gtk_widget_add_controller (field, focus);
  if (self->target == NULL)
    set_target (self, field);
}

static void
on_key (GtkButton *button, MposNumberPad *self)
{
  const char *key = g_object_get_data (G_OBJECT (button), "key");
  GtkEditable *field = self->target ? GTK_EDITABLE (self->target) : NULL;
  const char *now;
  g_autofree char *text = NULL;

  if (field == NULL || !gtk_widget_get_visible (self->target))
    return;
  if (g_str_equal (key, "ok"))
    {
      g_signal_emit_by_name (field, "activate"); /* as Enter in the field */
      return;
    }
  if (!gtk_editable_get_editable (field))
    return; /* the field is waiting on a check */
  now = gtk_editable_get_text (field);
  if (g_str_equal (key, "back"))
    text = g_strndup (now, MAX (strlen (now), 1) - 1);
  else
    text = g_strconcat (now, key, NULL);
  gtk_editable_set_text (field, text);
  gtk_editable_set_position (field, -1);
  if (!gtk_widget_has_focus (self->target))
    gtk_widget_grab_focus (self->target);
}

static void
mpos_number_pad_dispose (GObject *object)
{
  set_target (MPOS_NUMBER_PAD (object), NULL);
  G_OBJECT_CLASS (mpos_number_pad_parent_class)->dispose (object);
}

static void
mpos_number_pad_class_init (MposNumberPadClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = mpos_number_pad_dispose;
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "numberpad");
}

static void
mpos_number_pad_init (MposNumberPad *self)
{
  static const char *const keys[] = { "7", "8", "9", "back", "4", "5", "6", "%",
                                      "1", "2", "3", ".",    "0", "00", "ok" };

  gtk_grid_set_row_spacing (GTK_GRID (self), 6);
  gtk_grid_set_column_spacing (GTK_GRID (self), 6);
  gtk_grid_set_column_homogeneous (GTK_GRID (self), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self), "number-pad");
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      /* ⏎, not a word: the panels' own OK stays the one button of that name */
      const char *label = g_str_equal (keys[i], "back") ? "⌫"
                          : g_str_equal (keys[i], "ok") ? "⏎"
                                                        : keys[i];
      GtkWidget *button = gtk_button_new_with_label (label);

      gtk_widget_add_css_class (button, "pad-key");
      if (g_str_equal (keys[i], "ok"))
        gtk_widget_add_css_class (button, "suggested-action");
      gtk_widget_set_focus_on_click (button, FALSE); /* the cursor stays in its field */
      gtk_widget_set_focusable (button, FALSE);
      g_object_set_data (G_OBJECT (button), "key", (gpointer) keys[i]);
      g_signal_connect (button, "clicked", G_CALLBACK (on_key), self);
      /* OK spans two columns of the last row */
      gtk_grid_attach (GTK_GRID (self), button, (int) (i % 4), (int) (i / 4),
                       g_str_equal (keys[i], "ok") ? 2 : 1, 1);
    }
}
