/* json-fields.h — reading typed fields out of untrusted JSON (sale documents,
 * promotions, imports) with one error style: money only as strings, whole
 * numbers only as integers, text without control characters, every refusal
 * naming the field. Every document is parsed here, strictly (json-strict.h). */
#pragma once

#include <glib.h>
#include <stdint.h>
#include <cjson/cJSON.h>
#include "json-strict.h"
#include "money.h"

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (cJSON, cJSON_Delete)

#define MPOS_JSON_ERROR (mpos_json_error_quark ())
GQuark mpos_json_error_quark (void);

typedef enum
{
  MPOS_JSON_ERROR_SYNTAX,
  MPOS_JSON_ERROR_MISSING,
  MPOS_JSON_ERROR_TYPE,
  MPOS_JSON_ERROR_VALUE,
  MPOS_JSON_ERROR_DUPLICATE, /* a key given twice in one object */
  MPOS_JSON_ERROR_UNKNOWN,   /* a key the document's shape does not have */
  MPOS_JSON_ERROR_NUL,       /* \u0000 in a string */
} MposJsonError;

/* Parses a whole document of `shape` (a UTF-8 BOM is skipped); refusals say
 * where, as a path and a line and column. */
cJSON *mpos_json_parse (const char *data, gsize length, const MposJsonShape *shape, GError **error);

/* Every whole number from 1 to G_MAXINT32 that a member named `key` holds,
 * at any depth of `node` up to 64 levels, appended to `ids` (gint64). */
void mpos_json_collect_ids (const cJSON *node, const char *key, GArray *ids);

/* Each returns FALSE with an error naming `key` when the member is present but
 * wrong, or absent while required; when absent and optional, *out keeps its value.
 * Text with a control character (a line break, a tab) is refused: it would
 * break a receipt or a report line. */
gboolean mpos_json_get_string (const cJSON *object, const char *key, gboolean required,
                               gsize max_len, const char **out, GError **error);
/* As mpos_json_get_string, but line breaks (\n) are kept: a receipt footer or an address. */
gboolean mpos_json_get_lines (const cJSON *object, const char *key, gboolean required,
                              gsize max_len, const char **out, GError **error);
gboolean mpos_json_get_money (const cJSON *object, const char *key, gboolean required,
                              MposMoneyParseFlags flags, MposMoney *out, GError **error);
gboolean mpos_json_get_int (const cJSON *object, const char *key, gboolean required, int64_t min,
                            int64_t max, int64_t *out, GError **error);
gboolean mpos_json_get_bool (const cJSON *object, const char *key, gboolean *out, GError **error);
gboolean mpos_json_get_percent (const cJSON *object, const char *key, gboolean required, int *bp,
                                GError **error);

/* Adds "key": "12.50" (money as a string, never a JSON number). */
void mpos_json_add_money (cJSON *object, const char *key, MposMoney amount);

G_END_DECLS
