/* mpos-member-register.c — registering a member at the counter
 * (mpos-member-register.h). */
#include "mpos-member-register.h"

#include "clock.h"
#include "member-register.h"

#include <glib/gi18n.h>

struct _MposMemberRegister
{
  GtkBox parent_instance;
  MposTill *till;
  /* template */
  GtkEntry *register_phone;
  GtkEntry *register_name;
  GtkEntry *register_card;
  GtkLabel *register_problem;
  GtkButton *register_cancel;
  GtkButton *register_button;
};

enum
{
  SIGNAL_DONE,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (MposMemberRegister, mpos_member_register, GTK_TYPE_BOX)

static char *
field (GtkEntry *entry)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
}

/* "李雷 registered with card 8800…1234 (100 points welcome bonus) and added to the sale." */
static char *
registered_text (const MposMember *member, const MposRegistrationBonus *bonus)
{
  g_autofree char *card = mpos_member_mask_card (member->card_no);

  if (bonus->points > 0)
    return g_strdup_printf (_ ("%s registered with card %s (%lld points welcome bonus) and added "
                               "to the sale."),
                            member->name, card, (long long) bonus->points);
  return g_strdup_printf (_ ("%s registered with card %s and added to the sale."), member->name,
                          card);
}

static void
on_register (GtkWidget *widget, MposMemberRegister *self)
{
  g_autofree char *phone = field (self->register_phone);
  g_autofree char *name = field (self->register_name);
  g_autofree char *card = field (self->register_card);
  MposMemberRegistration registration = { .phone = phone,
                                          .name = name,
                                          .card_no = card[0] ? card : NULL,
                                          .actor = mpos_till_get_cashier (self->till) };
  MposRegistrationBonus bonus = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (MposMember) member = NULL;
  g_autofree char *what = NULL;

  member = mpos_member_register_with_bonus (mpos_till_get_store (self->till), &registration,
                                            mpos_clock_now (), &bonus, &error);
  /* the new member joins the sale by the card just made */
  if (member == NULL || !mpos_till_set_member (self->till, member->card_no, &error))
    {
      gtk_label_set_text (self->register_problem, error->message);
      return;
    }
  what = registered_text (member, &bonus);
  mpos_member_register_close (self);
  g_signal_emit (self, signals[SIGNAL_DONE], 0, what);
}

static void
on_phone_activate (GtkEntry *entry, MposMemberRegister *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->register_name));
}

static void
on_cancel (GtkButton *button, MposMemberRegister *self)
{
  mpos_member_register_close (self);
  g_signal_emit (self, signals[SIGNAL_DONE], 0, _ ("Nobody was registered."));
}

void
mpos_member_register_open (MposMemberRegister *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->register_phone), "");
  gtk_editable_set_text (GTK_EDITABLE (self->register_name), "");
  gtk_editable_set_text (GTK_EDITABLE (self->register_card), "");
  gtk_label_set_text (self->register_problem, "");
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->register_phone));
}

gboolean
mpos_member_register_is_open (MposMemberRegister *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self));
}

void
mpos_member_register_close (MposMemberRegister *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

void
mpos_member_register_card_scanned (MposMemberRegister *self, const char *code)
{
  g_autofree char *card = g_strstrip (g_strdup (code));

  gtk_editable_set_text (GTK_EDITABLE (self->register_card), card);
}

void
mpos_member_register_set_till (MposMemberRegister *self, MposTill *till)
{
  g_set_object (&self->till, till);
}

static void
mpos_member_register_dispose (GObject *object)
{
  g_clear_object (&MPOS_MEMBER_REGISTER (object)->till);
  G_OBJECT_CLASS (mpos_member_register_parent_class)->dispose (object);
}

static void
mpos_member_register_class_init (MposMemberRegisterClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = mpos_member_register_dispose;
  signals[SIGNAL_DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/mallpos/Till/mpos-member-register.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, MposMemberRegister, name)
  BIND (register_phone);
  BIND (register_name);
  BIND (register_card);
  BIND (register_problem);
  BIND (register_cancel);
  BIND (register_button);
#undef BIND
}

static void
mpos_member_register_init (MposMemberRegister *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self->register_phone, "activate", G_CALLBACK (on_phone_activate), self);
  g_signal_connect (self->register_name, "activate", G_CALLBACK (on_register), self);
  g_signal_connect (self->register_card, "activate", G_CALLBACK (on_register), self);
  g_signal_connect (self->register_button, "clicked", G_CALLBACK (on_register), self);
  g_signal_connect (self->register_cancel, "clicked", G_CALLBACK (on_cancel), self);
}
