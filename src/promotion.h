/* promotion.h — the store's promotions: time-limited discounts (限时折扣),
 * threshold reductions (满减: tiers, or every X off Y with a cap) and buy X
 * get Y, each with a scope, a time window, a priority and an exclusive flag.
 * Definitions are validated JSON; the pricing engine applies them. */
#pragma once

#include <glib.h>
#include <stdint.h>
#include <cjson/cJSON.h>
#include "catalog.h"
#include "money.h"
#include "scope.h"
#include "store.h"

G_BEGIN_DECLS

#define MPOS_PROMOTION_ERROR (mpos_promotion_error_quark ())
GQuark mpos_promotion_error_quark (void);

typedef enum
{
  MPOS_PROMOTION_ERROR_INVALID,
} MposPromotionError;

typedef enum
{
  MPOS_PROMOTION_TIME_DISCOUNT,
  MPOS_PROMOTION_THRESHOLD,
  MPOS_PROMOTION_BUY_X_GET_Y,
} MposPromotionType;

typedef struct
{
  MposMoney threshold;
  MposMoney off;
} MposThresholdTier;

typedef struct
{
  char *code;
  char *name;
  MposPromotionType type;
  int priority;        /* higher applies first */
  gboolean exclusive;  /* a line it applies to takes no other promotion */
  int64_t starts_at;   /* UTC seconds, inclusive */
  int64_t ends_at;     /* exclusive */
  MposScope scope;
  /* time_discount: percent off, or a special unit price */
  int percent_off_bp;
  gboolean has_price;
  MposMoney price;
  /* threshold: tiers (ascending) or "every" with an optional cap */
  GArray *tiers; /* of MposThresholdTier */
  gboolean every;
  MposThresholdTier every_tier;
  MposMoney cap; /* 0: none */
  /* buy_x_get_y */
  int64_t buy;
  int64_t get;
} MposPromotion;

void mpos_promotion_free (MposPromotion *promotion);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MposPromotion, mpos_promotion_free)

/* Validates one promotion document (see data/demo/promotions.json). */
MposPromotion *mpos_promotion_from_json (const cJSON *json, GError **error);

gboolean mpos_promotion_is_active (const MposPromotion *promotion, int64_t now);
gboolean mpos_promotion_covers (const MposPromotion *promotion, const MposSku *sku);

/* Active at `now`, highest priority first (ties by code). Array of MposPromotion*. */
GPtrArray *mpos_promotions_load_active (MposStore *store, int64_t now, GError **error);

/* {"promotions":[…]}: all or nothing, replacing promotions with the same code. */
gboolean mpos_promotions_import_json (MposStore *store, const char *data, gsize length,
                                      guint *imported, GError **error);

/* Inside the caller's transaction (the `promotions` pull stream): the
 * promotion `code` as `json` says, or withdrawn when json is NULL; *changed
 * FALSE when it was so already, so a page applied twice changes nothing. */
gboolean mpos_promotion_put (MposStore *store, const char *code, const cJSON *json,
                             gboolean *changed, GError **error);

G_END_DECLS
