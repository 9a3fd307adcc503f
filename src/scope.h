/* scope.h — what a promotion or a coupon applies to (its scope): every
 * item, named SKUs, or category paths (a category covers its
 * subcategories). One shape, one parser and one test for both documents. */
#pragma once

#include <glib.h>
#include <cjson/cJSON.h>
#include "catalog.h"
#include "json-strict.h"

G_BEGIN_DECLS

typedef struct
{
  gboolean all;
  GPtrArray *skus;       /* of char* SKU codes */
  GPtrArray *categories; /* of char* category paths */
} MposScope;

/* {"all": true} | {"skus": […], "categories": […]}, for json-strict shapes. */
extern const MposJsonShape mpos_scope_shape;

void mpos_scope_init (MposScope *scope);
void mpos_scope_clear (MposScope *scope);

/* Reads `json` (the "scope" object; NULL: covers everything when
 * `absent_is_all`, else refused) into `scope` (initialised). Refusals are in
 * `domain` with `code` and say which list is wrong. */
gboolean mpos_scope_parse (MposScope *scope, const cJSON *json, gboolean absent_is_all,
                           GQuark domain, int code, GError **error);

/* Whether the scope covers `sku`. */
gboolean mpos_scope_covers (const MposScope *scope, const MposSku *sku);

/* A JSON array of at most `max` non-empty UTF-8 strings of at most 200
 * bytes (absent: nothing added) appended to `out`; refusals name `key`. */
gboolean mpos_json_strings (const cJSON *array, const char *key, guint max, GPtrArray *out,
                            GQuark domain, int code, GError **error);

G_END_DECLS
