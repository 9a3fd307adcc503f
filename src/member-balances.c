/* member-balances.c — the member panel's figures with change notification
 * (see member-balances.h): a refresh compares what it reads with what it
 * last had and notifies the properties that differ. */
#include "member-balances.h"

struct _MposMemberBalances
{
  GObject parent_instance;
  int64_t member_id;
  MposMemberFigures figures;
};

enum
{
  PROP_0,
  PROP_MEMBER_ID,
  PROP_POINTS_USABLE,
  PROP_POINTS_PENDING,
  PROP_POINTS_FROZEN,
  PROP_STORED_VALUE_PRINCIPAL,
  PROP_STORED_VALUE_BONUS,
  PROP_STORED_VALUE,
  PROP_COUPONS_USABLE,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

G_DEFINE_TYPE (MposMemberBalances, mpos_member_balances, G_TYPE_OBJECT)

/* A property's value as a number (the one boolean as 0/1), for the
 * getter and for telling whether it moved. */
static int64_t
figure (const MposMemberFigures *f, guint prop)
{
  switch (prop)
    {
    case PROP_POINTS_USABLE:
      return f->points.usable;
    case PROP_POINTS_PENDING:
      return f->points.pending;
    case PROP_POINTS_FROZEN:
      return f->points.frozen ? 1 : 0;
    case PROP_STORED_VALUE_PRINCIPAL:
      return f->stored_value.principal;
    case PROP_STORED_VALUE_BONUS:
      return f->stored_value.bonus;
    case PROP_STORED_VALUE:
      return f->stored_value.principal + f->stored_value.bonus;
    case PROP_COUPONS_USABLE:
      return f->coupons_usable;
    default:
      return 0;
    }
}

static void
get_property (GObject *object, guint prop, GValue *value, GParamSpec *pspec)
{
  MposMemberBalances *self = MPOS_MEMBER_BALANCES (object);

  switch (prop)
    {
    case PROP_MEMBER_ID:
      g_value_set_int64 (value, self->member_id);
      break;
    case PROP_POINTS_FROZEN:
      g_value_set_boolean (value, self->figures.points.frozen);
      break;
    case PROP_COUPONS_USABLE:
      g_value_set_uint (value, self->figures.coupons_usable);
      break;
    case PROP_POINTS_USABLE:
    case PROP_POINTS_PENDING:
    case PROP_STORED_VALUE_PRINCIPAL:
    case PROP_STORED_VALUE_BONUS:
    case PROP_STORED_VALUE:
      g_value_set_int64 (value, figure (&self->figures, prop));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop, pspec);
    }
}

static GParamSpec *
int64_prop (const char *name, const char *blurb)
{
  return g_param_spec_int64 (name, NULL, blurb, G_MININT64, G_MAXINT64, 0,
                             G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
}

static void
mpos_member_balances_class_init (MposMemberBalancesClass *klass)
{
  G_OBJECT_CLASS (klass)->get_property = get_property;
  props[PROP_MEMBER_ID] = int64_prop ("member-id", "The member");
  props[PROP_POINTS_USABLE] = int64_prop ("points-usable", "Points the member can spend now");
  props[PROP_POINTS_PENDING]
      = int64_prop ("points-pending", "Points waiting for the return window");
  props[PROP_POINTS_FROZEN]
      = g_param_spec_boolean ("points-frozen", NULL, "Points on a fraud hold", FALSE,
                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  props[PROP_STORED_VALUE_PRINCIPAL]
      = int64_prop ("stored-value-principal", "Stored value paid in (fen)");
  props[PROP_STORED_VALUE_BONUS] = int64_prop ("stored-value-bonus", "Stored value given (fen)");
  props[PROP_STORED_VALUE] = int64_prop ("stored-value", "Principal and bonus (fen)");
  props[PROP_COUPONS_USABLE]
      = g_param_spec_uint ("coupons-usable", NULL, "Coupons the member can use now", 0, G_MAXUINT,
                           0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (G_OBJECT_CLASS (klass), N_PROPS, props);
}

static void
mpos_member_balances_init (MposMemberBalances *self)
{
}

MposMemberBalances *
mpos_member_balances_new (int64_t member_id)
{
  MposMemberBalances *self = g_object_new (MPOS_TYPE_MEMBER_BALANCES, NULL);

  self->member_id = member_id;
  return self;
}

gboolean
mpos_member_balances_refresh (MposMemberBalances *self, MposStore *store, int64_t now,
                              GError **error)
{
  MposMemberFigures fresh;
  MposMemberFigures old = self->figures;

  g_return_val_if_fail (MPOS_IS_MEMBER_BALANCES (self), FALSE);
  if (!mpos_member_figures_read (store, self->member_id, now, &fresh, error))
    return FALSE;
  self->figures = fresh;
  g_object_freeze_notify (G_OBJECT (self));
  for (guint prop = PROP_POINTS_USABLE; prop < N_PROPS; prop++)
    if (figure (&old, prop) != figure (&fresh, prop))
      g_object_notify_by_pspec (G_OBJECT (self), props[prop]);
  g_object_thaw_notify (G_OBJECT (self));
  return TRUE;
}

int64_t
mpos_member_balances_get_member_id (MposMemberBalances *self)
{
  g_return_val_if_fail (MPOS_IS_MEMBER_BALANCES (self), 0);
  return self->member_id;
}

const MposMemberFigures *
mpos_member_balances_get_figures (MposMemberBalances *self)
{
  g_return_val_if_fail (MPOS_IS_MEMBER_BALANCES (self), NULL);
  return &self->figures;
}
